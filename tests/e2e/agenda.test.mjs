// The agenda as a secretary runs it, in the real app on the demo cabinet:
// open Saturday mornings from a date, find the next free slot for a
// patient found by search, book it, move it, cancel it and see the
// waiting-list proposal, then mark an arrival on the waiting-room board.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, id, shot, fill, textOf, invoke as invokeIn, click as clickIn } from './harness.mjs';

let app;
let browser;
/** The Saturday the new template opens, 'YYYY-MM-DD', and as typed. */
let saturday;
let saturdayTyped;

const invoke = (command, args) => invokeIn(browser, command, args);
const click = (testId) => clickIn(browser, testId);

before(async () => {
  app = await launch();
  browser = app.browser;
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
  // A Saturday three to four weeks ahead, in the cabinet's zone.
  const now = await invoke('agenda_now');
  const day = new Date(`${now.slice(0, 10)}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 21 + ((6 - day.getUTCDay() + 7) % 7));
  saturday = day.toISOString().slice(0, 10);
  saturdayTyped = saturday.split('-').reverse().join('/');
});

after(async () => {
  await app?.stop();
});

test('a new weekly template opens Saturday mornings from a date', async () => {
  await browser.keys(['Alt', '4']);
  await click('agenda-more');
  await click('agenda-settings');
  await click('settings-tab-template');
  await click('template-new-version');
  await fill(browser, 'template-valid-from', saturdayTyped);
  await click('plage-add-6');
  const saturdayRow = await browser.$(`${id('plage-row')}[data-weekday="6"]`);
  const start = await saturdayRow.$(id('plage-start'));
  await start.clearValue();
  await start.setValue('09:00');
  const end = await saturdayRow.$(id('plage-end'));
  await end.clearValue();
  await end.setValue('12:00');
  await click('template-save');
  await browser.$(id('template-saved')).waitForDisplayed({ timeout: 10_000 });
  await shot(browser, '30-agenda-template');
});

test('someone waits for an earlier slot', async () => {
  await browser.keys(['Alt', '4']);
  await click('agenda-more');
  await click('agenda-waiting-list');
  await click('waiting-add-open');
  await fill(browser, 'waiting-caller-name', 'Mme Attente');
  await fill(browser, 'waiting-caller-phone', '06 99 88 77 66');
  await click('waiting-save');
  const entry = await browser.$(id('waiting-entry'));
  await entry.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(entry), /Attente/);
});

test('book the next free slot for a patient found by search, then move it', async () => {
  await browser.keys(['Alt', '4']);
  await click('slot-finder-open');
  const motif = await browser.$(id('slot-motif'));
  await motif.waitForDisplayed({ timeout: 10_000 });
  // Options read « Consultation (20 min) »; « Première consultation » must not match.
  const options = await motif.$$('option');
  let consultationIndex = -1;
  for (const [index, option] of options.entries()) {
    if ((await textOf(option)).startsWith('Consultation')) consultationIndex = index;
  }
  await motif.selectByIndex(consultationIndex);
  await fill(browser, 'slot-from', saturdayTyped);
  await click('slot-search');
  const first = await browser.$(id('slot-result'));
  await first.waitForDisplayed({ timeout: 10_000 });
  const firstText = await textOf(first);
  // The demo fills weekdays only: the first free time is the new Saturday plage.
  assert.match(firstText, /samedi/i);
  assert.match(firstText, /09:00/);
  await shot(browser, '31-agenda-next-slots');
  await first.click();

  await fill(browser, 'booking-patient-search', 'ma');
  const patient = await browser.$(id('booking-patient-result'));
  await patient.waitForDisplayed({ timeout: 10_000 });
  const patientName = (await textOf(patient)).split(/\s+/)[0];
  await patient.click();
  await shot(browser, '32-agenda-booking');
  await click('booking-save');
  const confirm = await browser.$(id('booking-confirm-warnings'));
  if (await confirm.isDisplayed().catch(() => false)) await confirm.click();

  const block = await browser.$(`${id('appointment-block')}*=${patientName}`);
  await block.waitForDisplayed({ timeout: 10_000 });
  await shot(browser, '33-agenda-week-booked');

  await block.click();
  await browser.$(id('appointment-panel')).waitForDisplayed({ timeout: 10_000 });
  await fill(browser, 'move-time', '09:40');
  await click('move-save');
  const panelConfirm = await browser.$(id('panel-confirm'));
  if (await panelConfirm.isDisplayed().catch(() => false)) await panelConfirm.click();
  const calendars = await invoke('list_calendars');
  await browser.waitUntil(
    async () => {
      const range = await invoke('agenda_range', {
        calendarIds: calendars.map((c) => c.id),
        from: saturday,
        days: 1,
      });
      return range.appointments.some((a) => a.startsAt === `${saturday}T09:40` && a.who.includes(patientName));
    },
    { timeout: 10_000, timeoutMsg: 'the appointment did not move to 09:40' },
  );
});

test('cancelling by the patient proposes the freed slot to the waiting list', async () => {
  const panel = await browser.$(id('appointment-panel'));
  if (!(await panel.isDisplayed().catch(() => false))) {
    await browser.$(id('appointment-block')).click();
  }
  await click('status-annule');
  await click('cancel-by-patient');
  const proposal = await browser.$(id('waiting-proposal'));
  await proposal.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(proposal), /Attente/);
  assert.match(await textOf(proposal), /06 99 88 77 66/);
  await shot(browser, '34-agenda-cancel-proposal');
});

test('one key marks an arrival on the waiting-room board', async () => {
  // Set-up: someone expected later today, whatever day the tests run.
  const now = await invoke('agenda_now');
  const calendars = await invoke('list_calendars');
  const later = new Date(`${now}:00Z`);
  later.setUTCMinutes(later.getUTCMinutes() + 30 - (later.getUTCMinutes() % 5));
  const startsAt = later.toISOString().slice(0, 16);
  if (startsAt.slice(0, 10) !== now.slice(0, 10)) return; // 23:30 and after: no later today.
  const expectedId = await invoke('create_appointment', {
    draft: {
      calendarId: calendars[0].id,
      motifId: null,
      patientId: null,
      callerName: 'M. Arrivée',
      callerPhone: null,
      startsAt,
      durationMinutes: 15,
      urgent: false,
      note: '',
    },
    acceptWarnings: true,
  });
  await browser.keys(['Alt', '5']);
  const card = await browser.$(`${id('flow-card')}[data-id="${expectedId}"]`);
  await card.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await card.getAttribute('data-status'), 'planifie');
  await card.click();
  await browser.keys('a');
  // The card moves column: look it up again each time.
  const status = async () =>
    browser.$(`${id('flow-card')}[data-id="${expectedId}"]`).getAttribute('data-status');
  await browser.waitUntil(async () => (await status()) === 'arrive', {
    timeout: 10_000,
    timeoutMsg: 'the card did not move to the waiting room',
  });
  const waiting = await browser.$(id('flow-column-waiting'));
  assert.match(await textOf(waiting), /Arrivée/);
  await shot(browser, '35-waiting-room-arrival');
});
