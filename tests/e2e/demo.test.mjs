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
  // Home = today: each doctor's day as it stands, the next free slot.
  await browser.$(id('home-doctor')).waitForDisplayed({ timeout: 10_000 });
  assert.equal((await browser.$$(id('home-doctor'))).length, 2);
  assert.match(await browser.$(id('home-counts')).getText(), /\d+\s+rendez-vous/);
  assert.match(await browser.$(id('home-free-slot')).getText(), /à \d\d:\d\d|aucun/);
  await shot(browser, '09-demo-home-today');
  await browser.keys(['Alt', '2']);
  // The patient section is a search: a letter lists many synthetic patients.
  await fill(browser, 'patient-search', 'm');
  const row = await browser.$(id('patient-result'));
  await row.waitForDisplayed({ timeout: 10_000 });
  assert.ok((await browser.$$(id('patient-result'))).length > 10);
  await shot(browser, '10-demo-patients');
});

test('a file opens with the last ten past appointments; « Tout afficher » brings the others', async () => {
  await browser.$(id('patient-result')).click();
  const toggle = await browser.$(id('patient-past-toggle'));
  await toggle.waitForDisplayed({ timeout: 10_000 });
  // The demo agenda holds two years of visits: dozens per patient.
  const total = Number((await toggle.getText()).match(/\d+/)?.[0]);
  assert.ok(total > 10, `${total} past appointments`);
  await toggle.scrollIntoView();
  await toggle.click();
  const pastRows = () => browser.$$('#pf-past [data-testid="patient-appointment"]');
  await browser.waitUntil(async () => (await pastRows()).length === 10, { timeout: 5_000 });
  const all = await browser.$(id('patient-past-all'));
  assert.match(await all.getText(), new RegExp(`\\(${total}\\)`));
  await all.click();
  await browser.waitUntil(async () => (await pastRows()).length === total, {
    timeout: 10_000,
    timeoutMsg: `« Tout afficher » should list all ${total}`,
  });
  assert.equal(await browser.$(id('patient-past-all')).isExisting(), false);
  await shot(browser, '11-demo-file-all-past');
  await browser.keys('Escape');
  await browser.$(id('patient-result')).waitForDisplayed({ timeout: 10_000 });
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
