// The demo cabinet: synthetic patients, clearly marked, and locking hides
// every one of them.
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

test('the demo cabinet opens with synthetic patients, marked as demo', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  const banner = await browser.$(id('cabinet-name-banner'));
  await banner.waitForDisplayed({ timeout: 30_000 });
  assert.match(await browser.$('body').getText(), /DÉMONSTRATION/);
  await browser.keys(['Alt', '2']);
  // The patient section is a search: a letter lists many synthetic patients.
  await fill(browser, 'patient-search', 'm');
  const row = await browser.$(id('patient-result'));
  await row.waitForDisplayed({ timeout: 10_000 });
  assert.ok((await browser.$$(id('patient-result'))).length > 10);
  await shot(browser, '10-demo-patients');
});

test('locking removes every patient from the page', async () => {
  const firstPatient = await browser.$(id('patient-result')).getText();
  assert.ok(firstPatient.length > 3);
  await browser.$(id('lock-button')).click();
  await browser.$(id('lock-screen')).waitForDisplayed({ timeout: 10_000 });
  const source = await browser.getPageSource();
  const surname = firstPatient.split(/\s+/)[0];
  assert.ok(!source.includes(surname), `« ${surname} » still in the locked page`);
  assert.equal(await browser.getTitle(), 'Carnet — verrouillé');
});
