// The desk on a laptop screen (1280 × 800), in the real app on the demo
// cabinet: what the secretary must see without scrolling the page — the
// working day of two doctors with their patients' surnames, each doctor's
// column of the day with name, motif and status, the waiting room with a
// busy morning, the first facts of a patient file — and the backup warning
// she can hide for the day, the text size she can change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, id, shot, fill, textOf, invoke as invokeIn, click as clickIn } from './harness.mjs';

let app;
let browser;

const invoke = (command, args) => invokeIn(browser, command, args);
const click = (testId) => clickIn(browser, testId);

/** Neither the window nor the section scrolls: everything is in the viewport. */
async function pageFits() {
  return browser.execute(() => {
    const main = document.querySelector('main');
    return {
      document: document.documentElement.scrollHeight <= window.innerHeight,
      section: main !== null && main.scrollHeight <= main.clientHeight,
    };
  });
}

/** Each `data-testid` lies whole inside the window (above the fold). */
async function inView(testIds) {
  return browser.execute((ids) => {
    const out = {};
    for (const testId of ids) {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      const box = element?.getBoundingClientRect();
      out[testId] = Boolean(box && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight);
    }
    return out;
  }, testIds);
}

before(async () => {
  app = await launch();
  browser = app.browser;
  await browser.setWindowSize(1280, 800);
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
  const size = await browser.execute(() => [window.innerWidth, window.innerHeight]);
  assert.deepEqual(size, [1280, 800], 'the page is 1280 × 800');
});

after(async () => {
  await app?.stop();
});

test('the week of two doctors shows 08:00 to 19:00 without scrolling the page, surnames readable', async (t) => {
  await browser.keys(['Alt', '4']);
  await click('agenda-view-week');
  // The demo fills two years of weekdays: this week has appointments.
  await browser.$(id('appointment-block')).waitForDisplayed({ timeout: 10_000 });
  await browser.pause(300);
  const calendars = await invoke('list_calendars');
  assert.equal(calendars.filter((c) => !c.archived).length, 2, 'the demo has two doctors, both shown');

  const hours = await browser.execute(() => {
    const scroller = document.querySelector('[data-testid="agenda-scroller"]').getBoundingClientRect();
    const out = {};
    for (const hour of ['8', '19']) {
      const box = document.querySelector(`[data-testid="agenda-hour"][data-hour="${hour}"]`).getBoundingClientRect();
      out[hour] = box.top >= scroller.top && box.bottom <= scroller.bottom && box.bottom <= window.innerHeight;
    }
    return out;
  });
  assert.deepEqual(hours, { 8: true, 19: true }, 'the 08 h and 19 h lines are in sight');
  assert.deepEqual(await pageFits(), { document: true, section: true });

  // Each block's surname (the capitals before the first name) is drawn
  // whole inside its block, not cut by the column.
  const surnames = await browser.execute(() => {
    const blocks = [...document.querySelectorAll('[data-testid="appointment-block"]')].filter(
      (b) => b.dataset.status !== 'annule',
    );
    let whole = 0;
    const cut = [];
    for (const block of blocks) {
      const shown = block.querySelector('[data-testid="block-surname"]');
      // « 09:10–09:30, CHAUVIN Sylvie, Consultation, Planifié » (its label).
      const full = (block.getAttribute('aria-label') ?? '').split(', ')[1] ?? '';
      const expected = full.match(/[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'-]*(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'-]*)*(?= [A-ZÀ-Þ][a-zà-ÿ]| \(|$)/)?.[0] ?? '';
      const box = block.getBoundingClientRect();
      const drawn = shown?.getBoundingClientRect();
      const readable =
        shown !== null &&
        expected.length >= 2 &&
        shown.textContent.trim() === expected &&
        shown.scrollWidth <= shown.clientWidth &&
        drawn.right <= box.right;
      if (readable) whole += 1;
      else cut.push(expected || full);
    }
    return { total: blocks.length, whole, cut };
  });
  t.diagnostic(`${surnames.whole} of ${surnames.total} surnames whole; cut: ${surnames.cut.join(', ')}`);
  assert.ok(surnames.total > 20, `${surnames.total} appointments in the week`);
  // A rare surname longer than the column (« DE LA FONTAINE-… ») may end
  // in « … ».
  assert.ok(
    surnames.whole >= surnames.total * 0.95,
    `${surnames.whole} of ${surnames.total} surnames whole; cut: ${surnames.cut.join(', ')}`,
  );
  await shot(browser, '40-layout-agenda-week-1280x800');
});

test('the day view gives each doctor a column with name, motif and status', async () => {
  await click('agenda-view-day');
  // A weekday with appointments: the next working day from the shown one.
  for (let i = 0; i < 7; i++) {
    const blocks = await browser.$$(id('appointment-block'));
    if (blocks.length >= 5) break;
    await click('agenda-next');
    await browser.pause(400);
  }
  const day = await browser.execute(() => {
    const blocks = [...document.querySelectorAll('[data-testid="appointment-block"]')];
    const columns = [...document.querySelectorAll('[data-testid="agenda-slot-area"]')].map((c) => c.getBoundingClientRect().width);
    let complete = 0;
    for (const block of blocks) {
      const who = block.querySelector('.who');
      const motif = block.querySelector('.motif-text');
      const fits = (el) => el && el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= block.getBoundingClientRect().right;
      if (fits(who) && (!motif || motif.textContent.trim() === '' || fits(motif))) complete += 1;
    }
    return { blocks: blocks.length, complete, columns };
  });
  assert.equal(day.columns.length, 2, 'one column per doctor');
  for (const width of day.columns) assert.ok(width >= 400, `a doctor's column is ${width} px wide`);
  assert.ok(day.blocks >= 5, `${day.blocks} appointments that day`);
  assert.equal(day.complete, day.blocks, 'every block shows its whole name and motif');
  // Status: a mark or a word for each one not merely booked.
  const statuses = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="appointment-block"]')]
      .filter((b) => !['planifie'].includes(b.dataset.status))
      .every((b) => b.querySelector('.mark, .flag') !== null),
  );
  assert.ok(statuses, 'each confirmed, arrived, done or cancelled block says so');
  assert.deepEqual(await pageFits(), { document: true, section: true });
  await shot(browser, '41-layout-agenda-day-1280x800');
});

test('on today, the grid shows the current time', async (t) => {
  await click('agenda-today');
  await browser.pause(500);
  const now = await browser.$(id('agenda-now'));
  // The red line exists only between 07:00 and 20:00 (the grid's hours):
  // outside them this says it was skipped rather than passing silently;
  // where the grid scrolls at any time is unit-tested with fixed times
  // (gridScrollMinutes).
  if (!(await now.isExisting())) {
    t.skip('pas de ligne de l’heure hors de 07:00–20:00');
    return;
  }
  const visible = await browser.execute(() => {
    const line = document.querySelector('[data-testid="agenda-now"]').getBoundingClientRect();
    const scroller = document.querySelector('[data-testid="agenda-scroller"]').getBoundingClientRect();
    return line.top >= scroller.top && line.top <= scroller.bottom;
  });
  assert.ok(visible, 'the current time is in view');
});

test('the waiting room shows at least eight patients per column on a busy morning', async (t) => {
  const calendars = await invoke('list_calendars');
  for (let i = 1; i <= 12; i++) {
    await invoke('add_walk_in', {
      draft: {
        calendarId: calendars[i % 2].id,
        motifId: null,
        patientId: null,
        callerName: `Passage ${String(i).padStart(2, '0')}`,
        callerPhone: null,
        urgent: false,
        note: '',
      },
    });
  }
  await browser.keys(['Alt', '5']);
  const column = await browser.$(id('flow-column-waiting'));
  await column.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await column.$$(id('flow-card'))).length >= 12, { timeout: 10_000 });
  const seen = await browser.execute(() => {
    const list = document.querySelector('[data-testid="flow-column-waiting"] ul').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="flow-column-waiting"] [data-testid="flow-card"]')].filter((card) => {
      const box = card.getBoundingClientRect();
      return box.top >= list.top && box.bottom <= list.bottom + 0.5 && box.bottom <= window.innerHeight;
    }).length;
  });
  t.diagnostic(`${seen} patients in sight in the waiting room`);
  assert.ok(seen >= 8, `${seen} patients in sight in the waiting room`);
  assert.deepEqual(await pageFits(), { document: true, section: true });
  await shot(browser, '42-layout-waiting-room-1280x800');
});

test('a patient file shows who, phones, next and last visit, médecin traitant and « Prendre RDV » above the fold', async () => {
  await browser.keys(['Alt', '2']);
  await fill(browser, 'patient-search', 'ma');
  const row = await browser.$(id('patient-result'));
  await row.waitForDisplayed({ timeout: 10_000 });
  await row.click();
  const next = await browser.$(id('patient-next'));
  await next.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await textOf(next)) !== '…', { timeout: 10_000 });
  const seen = await inView([
    'patient-name',
    'patient-phones',
    'patient-next',
    'patient-last',
    'patient-summary-gp',
    'book-patient',
    'edit-patient',
  ]);
  for (const [what, visible] of Object.entries(seen)) assert.ok(visible, `${what} above the fold`);
  // The demo's visits: every patient has past ones.
  assert.match(await textOf(await browser.$(id('patient-last'))), /\d\d\/\d\d\/\d{4} à \d\d:\d\d/);
  await shot(browser, '43-layout-patient-file-1280x800');

  // « Prendre RDV »: the agenda's slot finder, for this patient.
  const name = await textOf(await browser.$(id('patient-name')));
  await click('book-patient');
  const forWho = await browser.$(id('slot-finder-for'));
  await forWho.waitForDisplayed({ timeout: 10_000 });
  assert.ok((await textOf(forWho)).includes(name), `the slot finder says it is for ${name}`);
  await browser.keys('Escape');
});

test('the backup warning is one line, hidden for the day when she asks, still shown in « Sauvegardes »', async () => {
  await browser.keys(['Alt', '1']);
  const banner = await browser.$(id('backup-banner'));
  await banner.waitForDisplayed({ timeout: 10_000 });
  const height = await browser.execute(() => document.querySelector('[data-testid="backup-banner"]').getBoundingClientRect().height);
  assert.ok(height <= 36, `the warning is ${height} px high`);
  await click('backup-banner-hide');
  await browser.waitUntil(async () => !(await banner.isExisting()), { timeout: 5_000 });
  // Only a date is kept on this computer.
  const kept = await browser.execute(() => localStorage.getItem('carnet.backupWarningHiddenOn'));
  assert.match(kept, /^\d{4}-\d{2}-\d{2}$/);
  await browser.keys(['Alt', '4']);
  await browser.$(id('agenda-grid')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(id('backup-banner')).isExisting(), false);
  await click('nav-backups');
  await browser.$(id('backup-warnings')).waitForDisplayed({ timeout: 10_000 });
  // Its coming back the next day is tested with a fixed date
  // (backupBannerDay.test.ts, CabinetView.test.ts).
});

test('the text size grows with Ctrl +, is kept on this computer, and Ctrl 0 brings it back', async () => {
  const size = () => browser.execute(() => getComputedStyle(document.documentElement).fontSize);
  const normal = await size();
  await browser.keys(['Control', '=']);
  await browser.waitUntil(async () => (await size()) !== normal, { timeout: 5_000 });
  assert.equal(await size(), '16.5px');
  assert.equal(await browser.execute(() => localStorage.getItem('carnet.zoom')), '1.1');
  await browser.keys(['Control', '0']);
  await browser.waitUntil(async () => (await size()) === normal, { timeout: 5_000 });
  assert.equal(await browser.execute(() => localStorage.getItem('carnet.zoom')), null);
});
