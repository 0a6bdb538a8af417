// The correspondants directory in the real app: in the demo cabinet the
// secretary adds the patient's doctor (Alt+3, « Nouveau correspondant »),
// then opens a patient, picks that doctor as médecin traitant in the form
// (typing a few letters, then the proposal), saves, and sees the doctor —
// name, specialty, phone — in the file.
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

test('the demo cabinet opens; Alt+3 shows the correspondants directory', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });

  // One row of top bar at 1280 px, even with the demo badge.
  const bar = await browser.$('header.topbar');
  const { height } = await bar.getSize();
  assert.ok(height < 120, `top bar ${height}px tall`);

  await browser.keys(['Alt', '3']);
  const box = await browser.$(id('correspondant-search'));
  await box.waitForDisplayed({ timeout: 10_000 });
  assert.equal(
    await browser.$(id('nav-correspondants')).getAttribute('aria-current'),
    'page',
    'the section is the current one',
  );
  await shot(browser, 'c01-directory');
});

test('a new médecin is added to the directory', async () => {
  await browser.$(id('new-correspondant')).click();
  const kind = await browser.$(id('cf-kind'));
  await kind.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await kind.getValue(), 'medecin');
  await fill(browser, 'cf-name', 'Dr Anne Roux');
  await fill(browser, 'cf-specialty', 'Médecine générale');
  await fill(browser, 'cf-phone', '01 23 45 67 89');
  await shot(browser, 'c02-new-correspondant');
  await browser.$(id('cf-save')).click();

  // The form closes and the directory lists her.
  await browser.$(id('cf-name')).waitForExist({ timeout: 10_000, reverse: true });
  await fill(browser, 'correspondant-search', 'roux');
  await browser.waitUntil(
    async () => {
      for (const row of await browser.$$(id('correspondant-row'))) {
        const text = await row.getText();
        if (/Dr Anne Roux/.test(text) && /Médecine générale/.test(text) && /01 23 45 67 89/.test(text)) {
          return true;
        }
      }
      return false;
    },
    { timeout: 10_000, timeoutMsg: 'Dr Anne Roux is not in the directory' },
  );
  await shot(browser, 'c03-directory-with-roux');
});

test('in a patient file, she is picked as médecin traitant and shows in the file', async () => {
  await browser.$(id('nav-patients')).click();
  await fill(browser, 'patient-search', 'm');
  const results = await browser.$(id('patient-results'));
  await browser.waitUntil(
    async () =>
      (await results.isExisting()) &&
      (await results.getAttribute('data-answered')) === 'm' &&
      (await results.getAttribute('aria-busy')) !== 'true',
    { timeout: 10_000, timeoutMsg: 'no answer for « m »' },
  );
  await browser.keys(['Enter']);
  await browser.$(id('patient-file')).waitForDisplayed({ timeout: 10_000 });
  const patientName = await browser.$(id('patient-name')).getText();
  await shot(browser, 'c04-patient-file');

  await browser.$(id('edit-patient')).click();
  const gp = await browser.$(id('pf-gp'));
  await gp.waitForDisplayed({ timeout: 10_000 });
  await gp.scrollIntoView({ block: 'center' });
  await fill(browser, 'pf-gp', 'Roux');
  let option;
  await browser.waitUntil(
    async () => {
      for (const candidate of await browser.$$(id('pf-gp-option'))) {
        if (/Dr Anne Roux/.test(await candidate.getText())) {
          option = candidate;
          return true;
        }
      }
      return false;
    },
    { timeout: 10_000, timeoutMsg: 'Dr Anne Roux is not proposed' },
  );
  await shot(browser, 'c05-gp-proposed');
  await option.click();
  await browser.waitUntil(async () => (await gp.getValue()) === 'Dr Anne Roux — Médecine générale', {
    timeout: 5_000,
    timeoutMsg: 'the choice did not land in the field',
  });
  await shot(browser, 'c06-gp-picked');

  await browser.keys(['Control', 'Enter']);
  const shown = await browser.$(id('patient-gp'));
  await shown.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(id('patient-name')).getText(), patientName, 'the same file');
  const text = await shown.getText();
  assert.match(text, /Dr Anne Roux/);
  assert.match(text, /Médecine générale/);
  assert.match(text, /01 23 45 67 89/);
  await shown.scrollIntoView({ block: 'center' });
  await shot(browser, 'c07-file-gp');
});
