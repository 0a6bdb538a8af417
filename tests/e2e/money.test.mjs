// Money in the real app: in the demo cabinet a consultation finishes in the
// waiting room, « Encaisser » takes the patient's part by card and leaves
// the caisse's part owed (tiers payant), the receipt is rendered in memory
// and read back by an independent parser (pdftotext); the day's cash shows
// the card and a cheque, the day is closed, the cheque goes on a numbered
// slip, and marking the CPAM's payment received makes the amount owed drop.
// Screenshots of each screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, id, shot, fill, textOf, invoke as invokeIn } from './harness.mjs';

let app;
let browser;
let patient;
let feeId;

const invoke = (name, args = {}) => invokeIn(browser, name, args);

before(async () => {
  app = await launch();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
});

/** A demo patient whose caisse pays 70 % (no ALD, no AME), and his name. */
async function ordinaryPatient() {
  const found = await invoke('search_patients', { query: 'ma', includeArchived: false, limit: 40 });
  for (const hit of found.hits) {
    const split = await invoke('money_preview', {
      draft: { patientId: hit.id, appointmentId: null, practitionerId: null, onDay: null, acts: ['G'], excess: null, tiersPayant: 'amo', aldRelated: null },
    });
    if (split.amoCents === 2100) return hit;
  }
  throw new Error('no demo patient covered at 70 %');
}

test('a finished consultation is paid by card, the caisse part left owed, and its receipt printed', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });

  patient = await ordinaryPatient();
  const calendars = await invoke('list_calendars');
  const visit = await invoke('add_walk_in', {
    draft: { calendarId: calendars[0].id, motifId: null, patientId: patient.id, callerName: null, callerPhone: null, urgent: false, note: '' },
  });
  for (const status of ['en_consultation', 'termine']) {
    await invoke('set_appointment_status', { id: visit, status, cancelledBy: null, acceptWarnings: true });
  }

  await browser.keys(['Alt', '5']);
  const card = await browser.$(`${id('flow-column-done')} ${id('flow-card')}[data-id="${visit}"]`);
  await card.waitForDisplayed({ timeout: 10_000 });
  await card.click();
  const pay = await card.$(id('flow-pay'));
  await pay.waitForClickable({ timeout: 10_000 });
  await pay.click();

  const panel = await browser.$(id('payment-panel'));
  await panel.waitForDisplayed({ timeout: 10_000 });
  // G is chosen; the tiers payant « caisse » leaves 9 € for the patient.
  await browser.$(id('pay-tiers')).selectByAttribute('value', 'amo');
  await browser.waitUntil(async () => /caisse 21,00/.test(await textOf(await browser.$(id('pay-split')))), {
    timeout: 10_000,
    timeoutMsg: 'the split did not follow the tiers payant',
  });
  assert.equal(await browser.$(id('pay-amount')).getValue(), '9,00');
  // A clumsy amount first: refused at the field, nothing recorded.
  await fill(browser, 'pay-amount', '9,005');
  await shot(browser, 'p01-payment-dialog');
  await browser.$(id('pay-confirm')).click();
  await browser.$(id('error-amount')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(await browser.$(id('error-amount'))), /deux chiffres/);
  assert.equal(await invoke('money_fee_of_appointment', { appointmentId: visit }), null);

  await fill(browser, 'pay-amount', '9');
  await browser.$(id('pay-confirm')).click();
  const done = await browser.$(id('pay-done'));
  await done.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(done), /patient 0,00.*caisse 21,00/s);
  const fee = await invoke('money_fee_of_appointment', { appointmentId: visit });
  feeId = fee.id;
  assert.equal(fee.owedAmoCents, 2100);

  await browser.$(id('pay-receipt')).click();
  const frame = await browser.$(id('pdf-frame'));
  await frame.waitForDisplayed({ timeout: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // WebKit's viewer draws the page
  await shot(browser, 'p02-receipt');
  const src = await frame.getAttribute('src');
  const base64 = await browser.executeAsync((address, finish) => {
    fetch(address)
      .then(async (r) => {
        const bytes = new Uint8Array(await r.arrayBuffer());
        let text = '';
        for (const b of bytes) text += String.fromCharCode(b);
        finish(btoa(text));
      })
      .catch((e) => finish(`error ${e}`));
  }, src);
  const dir = mkdtempSync(join(tmpdir(), 'carnet-receipt-'));
  const pdf = join(dir, 'recu.pdf');
  writeFileSync(pdf, Buffer.from(base64, 'base64'));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /Reçu d'honoraires n° \d+/);
  assert.match(text, /Acquitté par le patient : 9,00/);
  assert.match(text, /tiers payant .* 21,00/);
  assert.match(text, new RegExp(patient.displayName.split(' ')[0]));
  await browser.$(id('pay-close')).click();
});

test('the day shows the card and the cheque, is closed, and the cheque goes on a slip', async () => {
  // A second visit paid by cheque (set up through the page's own command).
  await invoke('record_visit', {
    draft: { patientId: patient.id, appointmentId: null, practitionerId: null, onDay: null, acts: ['G'], excess: null, tiersPayant: 'aucun', aldRelated: null },
    payments: [{ payer: 'patient', amount: '30', mode: 'cheque', chequeBank: 'Banque Postale', chequeNumber: '4455667', chequeDrawer: null, paidOn: null }],
  });
  await browser.keys(['Alt', '8']);
  await browser.$(id('cash-day-total')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(await browser.$(id('cash-mode-carte'))), /9,00/);
  assert.match(await textOf(await browser.$(id('cash-mode-cheque'))), /30,00/);
  await shot(browser, 'p03-cash-day');
  await browser.$(id('cash-close')).click();
  await browser.$(id('cash-closed')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(id('cash-reverse')).isExisting(), false, 'a closed day offers no change');
  await shot(browser, 'p04-cash-closed');

  await browser.$(id('cash-tab-cheques')).click();
  const tick = await browser.$(`${id('cheque-line')} ${id('cheque-tick')}`);
  await tick.waitForDisplayed({ timeout: 10_000 });
  await tick.click();
  await browser.$(id('cheques-make')).click();
  await browser.$(id('cash-notice')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(await browser.$(id('cash-notice'))), /Bordereau n° 1 .* 1 chèque\(s\), 30,00/);
  await shot(browser, 'p05-cheque-slip');
  assert.equal(await browser.$(id('cheque-line')).isExisting(), false);
});

test('marking the CPAM’s payment received makes the amount owed drop', async () => {
  await browser.$(id('cash-tab-owed')).click();
  const line = await browser.$(id('owed-line'));
  await line.waitForDisplayed({ timeout: 10_000 });
  const before = await invoke('money_owed');
  const total = (groups) => groups.reduce((sum, g) => sum + g.totalCents, 0);
  await shot(browser, 'p06-still-owed');
  const ours = await browser.$$(id('owed-line'));
  let clicked = false;
  for (const row of ours) {
    if ((await textOf(row)).includes('21,00')) {
      await row.$(id('owed-receive')).click();
      clicked = true;
      break;
    }
  }
  assert.ok(clicked, 'the caisse part of the visit is listed');
  await browser.waitUntil(async () => total(await invoke('money_owed')) === total(before) - 2100, {
    timeout: 10_000,
    timeoutMsg: 'the amount owed did not drop by 21,00 €',
  });
  const fee = await invoke('money_fee', { feeId });
  assert.equal(fee.owedAmoCents, 0);

  await browser.$(id('cash-tab-book')).click();
  await browser.$(id('book-chart')).waitForDisplayed({ timeout: 10_000 });
  await shot(browser, 'p07-receipts-book');
});
