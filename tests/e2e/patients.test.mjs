// Patients in the real app, the way a secretary works with a caller on the
// line: create a file (phone, alert), meet the duplicate warning when the
// same person is typed again, find her by a few phone digits and by the
// sound of a misspelled name, open with Enter, change her used name and see
// the change in the history; an impossible birth date is refused in French
// next to the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, id, shot, fill } from './harness.mjs';

let app;
let browser;

before(async () => {
  app = await launch();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
});

/** Types into the search box and waits for the answer to exactly that text. */
async function search(text) {
  await fill(browser, 'patient-search', text);
  const results = await browser.$(id('patient-results'));
  await browser.waitUntil(
    async () =>
      (await results.isExisting()) &&
      (await results.getAttribute('data-answered')) === text.trim() &&
      (await results.getAttribute('aria-busy')) !== 'true',
    { timeout: 10_000, timeoutMsg: `no answer for « ${text} »` },
  );
  const texts = [];
  for (const row of await browser.$$(id('patient-result'))) texts.push(await row.getText());
  return texts;
}

/** Saves the form; if Carnet asks whether it is another person, says yes. */
async function saveNew() {
  await browser.$(id('pf-save')).click();
  await browser.waitUntil(
    async () =>
      (await browser.$(id('patient-file')).isExisting()) ||
      (await browser.$(id('confirm-not-duplicate')).isExisting()),
    { timeout: 10_000 },
  );
  const confirm = await browser.$(id('confirm-not-duplicate'));
  if (await confirm.isExisting()) await confirm.click();
  await browser.$(id('patient-file')).waitForDisplayed({ timeout: 10_000 });
}

test('the demo cabinet opens; Alt+2 shows the patient search', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
  await browser.keys(['Alt', '2']);
  const box = await browser.$(id('patient-search'));
  await box.waitForDisplayed({ timeout: 10_000 });
  assert.ok(await box.isFocused(), 'the search box has the focus');
  await shot(browser, 'p01-search');
});

test('a new patient with a phone and an alert: her file shows both', async () => {
  await browser.$(id('new-patient')).click();
  await fill(browser, 'pf-birth-name', 'Lefèvre');
  await fill(browser, 'pf-first-names', 'Hélène Marie');
  await fill(browser, 'pf-birth-date', '03/03/1962');
  await browser.$(id('pf-sex-F')).click();
  await fill(browser, 'pf-phone-number', '06 12 34 56 78');
  await fill(browser, 'pf-alert-input', 'malentendante');
  await browser.$(id('pf-add-alert')).click();
  await shot(browser, 'p02-create');
  await saveNew();

  const name = await browser.$(id('patient-name'));
  assert.match(await name.getText(), /LEFÈVRE Hélène/);
  assert.match(await browser.$(id('patient-alerts')).getText(), /malentendante/);
  assert.match(await browser.$(id('patient-file')).getText(), /06 12 34 56 78/);
  await shot(browser, 'p03-file-created');
});

test('typing the same person again shows « Ce patient existe peut-être déjà »', async () => {
  await browser.keys(['Escape']);
  await browser.$(id('patient-search')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('new-patient')).click();
  await fill(browser, 'pf-birth-name', 'Lefebvre');
  await fill(browser, 'pf-first-names', 'Hélène');
  await fill(browser, 'pf-birth-date', '03/03/1962');
  await browser.$(id('pf-sex-F')).click();

  const panel = await browser.$(id('duplicate-panel'));
  await panel.waitForDisplayed({ timeout: 10_000 });
  assert.match(await panel.getText(), /existe peut-être déjà/);
  const candidates = [];
  for (const c of await browser.$$(id('duplicate-candidate'))) candidates.push(await c.getText());
  assert.ok(
    candidates.some((c) => /LEFÈVRE Hélène/.test(c) && /03\/03\/1962/.test(c)),
    `candidates: ${candidates.join(' | ')}`,
  );
  await shot(browser, 'p04-duplicate-panel');

  // Something was typed: Carnet asks before throwing it away.
  await browser.$(id('pf-cancel')).click();
  const discard = await browser.$(id('discard-confirm'));
  await discard.waitForDisplayed({ timeout: 5_000 });
  await discard.click();
  await browser.$(id('patient-search')).waitForDisplayed({ timeout: 10_000 });
});

test('a few phone digits find her, and so does her name misspelled; Enter opens the file', async () => {
  const byPhone = await search('12 34 56');
  assert.ok(
    byPhone.some((r) => /LEFÈVRE Hélène/.test(r)),
    `results for 12 34 56: ${byPhone.join(' | ')}`,
  );
  await shot(browser, 'p05-search-phone');

  const bySound = await search('lefebvre helene');
  const index = bySound.findIndex((r) => /LEFÈVRE Hélène/.test(r) && /03\/03\/1962/.test(r));
  assert.ok(index >= 0, `results for lefebvre helene: ${bySound.join(' | ')}`);
  await shot(browser, 'p06-search-sound');

  // The first result is highlighted; move down to hers, then Enter.
  for (let i = 0; i < index; i++) await browser.keys(['ArrowDown']);
  const rows = await browser.$$(id('patient-result'));
  assert.equal(await rows[index].getAttribute('aria-selected'), 'true');
  await browser.keys(['Enter']);
  await browser.$(id('patient-file')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await browser.$(id('patient-name')).getText(), /LEFÈVRE Hélène/);
});

test('a used name added in the form is saved and shows in the history', async () => {
  await browser.$(id('edit-patient')).click();
  await fill(browser, 'pf-used-name', 'Martin');
  await browser.$(id('pf-save')).click();

  const name = await browser.$(id('patient-name'));
  await browser.waitUntil(async () => (await name.isExisting()) && /MARTIN/.test(await name.getText()), {
    timeout: 10_000,
  });
  assert.match(await name.getText(), /MARTIN \(née LEFÈVRE\) Hélène/);

  const history = await browser.$(id('history-tab'));
  await history.waitForDisplayed({ timeout: 10_000 });
  const lines = [];
  for (const line of await browser.$$(id('history-entry'))) lines.push(await line.getText());
  assert.ok(
    lines.some((l) => /Nom utilisé/.test(l) && /→\s*Martin/.test(l)),
    `history: ${lines.join(' | ')}`,
  );
  assert.ok(lines.some((l) => /Création du dossier/.test(l)));
  await history.scrollIntoView();
  await shot(browser, 'p07-history');
});

test('an impossible birth date is refused next to the field, in French', async () => {
  await browser.keys(['Escape']);
  await browser.$(id('patient-search')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('new-patient')).click();
  await fill(browser, 'pf-birth-name', 'Garnier');
  await fill(browser, 'pf-first-names', 'Lucie');
  await fill(browser, 'pf-birth-date', '31/02/1962');
  await browser.$(id('pf-sex-F')).click();
  await browser.$(id('pf-save')).click();

  const error = await browser.$(id('error-birthDate'));
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.match(await error.getText(), /31\/02\/1962 n['’]existe pas/);
  assert.equal(await browser.$(id('pf-birth-date')).getAttribute('aria-invalid'), 'true');
  assert.equal(await browser.$(id('patient-file')).isExisting(), false, 'nothing was created');
  await shot(browser, 'p08-bad-birth-date');
});

test('« alain » lists Mrs Allain before the men called Alain; four digits list phones first', async () => {
  // Leave the refused form without keeping what was typed.
  await browser.$(id('pf-cancel')).click();
  const discard = await browser.$(id('discard-confirm'));
  if (await discard.isExisting()) await discard.click();
  await browser.$(id('patient-search')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('new-patient')).click();
  await fill(browser, 'pf-birth-name', 'Allain');
  await fill(browser, 'pf-first-names', 'Jeanne');
  await fill(browser, 'pf-birth-date', '12/04/1948');
  await browser.$(id('pf-sex-F')).click();
  await fill(browser, 'pf-phone-number', '01 40 61 23 10');
  await saveNew();
  await browser.keys(['Escape']);
  await browser.$(id('patient-search')).waitForDisplayed({ timeout: 10_000 });

  // What she hears is a surname: the surnames come first (exact, then
  // sounding alike), the first names after.
  const alain = await search('alain');
  const allain = alain.findIndex((r) => /^ALLAIN Jeanne/.test(r));
  assert.ok(allain >= 0, `results for alain: ${alain.join(' | ')}`);
  assert.ok(
    alain.slice(0, allain).every((r) => /^ALAIN /.test(r)),
    `only the surname Alain itself before her: ${alain.join(' | ')}`,
  );
  await shot(browser, 'p09-search-alain');

  // Digits: the mobile starting with them, then a phone holding them, then
  // the NIRs — in that order, whatever the names.
  const digits = await search('0612');
  await shot(browser, 'p10-search-four-digits');
  const rank = (row) => {
    const phone = (row.match(/0\d( \d\d){4}/)?.[0] ?? '').replace(/ /g, '');
    return phone.startsWith('0612') ? 0 : phone.includes('0612') ? 1 : 2;
  };
  const ranks = digits.map(rank);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `phones first: ${digits.join(' | ')}`);
  assert.equal(rank(digits[0]), 0, digits[0]);
  assert.ok(digits.some((r) => /ALLAIN Jeanne/.test(r) && rank(r) === 1), digits.join(' | '));
  const status = await browser.$(id('search-status')).getText();
  assert.match(status, /patients? trouvés?|\d+ sur \d+/);
});
