// Phone messages in the real app: in the demo cabinet the secretary takes a
// message with Alt+T from the home screen (a caller without a file, urgent,
// call back wanted; Enter saves), the « Messages » badge counts it, the
// doctor's list shows it, he answers (« traité »), she finds the answer in
// her call-back list and marks it « rappelé »: the badge goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, id, shot, fill, textOf } from './harness.mjs';

let app;
let browser;

before(async () => {
  app = await launch();
  browser = app.browser;
});

after(async () => {
  await app?.stop();
});

const badge = () => browser.$(id('messages-badge'));

test('Alt+T opens the phone message dialog from anywhere; Enter saves it', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
  assert.equal(await badge().isExisting(), false, 'no message yet');

  await browser.keys(['Alt', 't']);
  await browser.$(id('phone-message-dialog')).waitForDisplayed({ timeout: 10_000 });
  await fill(browser, 'phone-message-caller-name', 'Mme Lambert');
  await fill(browser, 'phone-message-caller-phone', '06 12 34 56 78');
  await fill(browser, 'phone-message-about', 'Demande ses résultats de prise de sang');
  await browser.$(id('phone-message-urgent')).click();
  await shot(browser, 'm01-phone-message-dialog');
  await browser.$(id('phone-message-about')).click();
  await browser.keys(['Enter']);

  await browser.$(id('phone-message-dialog')).waitForDisplayed({ timeout: 10_000, reverse: true });
  await browser.$(id('message-saved')).waitForDisplayed({ timeout: 10_000 });
  await badge().waitForDisplayed({ timeout: 10_000 });
  assert.equal(await textOf(await badge()), '1');
});

test('the doctor sees it in his list and answers it', async () => {
  await browser.keys(['Alt', '7']);
  const item = await browser.$(id('message-item'));
  await item.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await textOf(await item.$(id('message-caller'))), 'Mme Lambert');
  assert.equal(await textOf(await item.$(id('message-state'))), 'nouveau');
  await shot(browser, 'm02-messages-unanswered');

  await item.$(id('message-answer-start')).click();
  await fill(browser, 'message-answer-input', 'Résultats normaux, pas besoin de rendez-vous');
  await browser.$(id('message-answer-save')).click();
  await browser.waitUntil(async () => (await textOf(await browser.$(id('message-state')))) === 'traité', {
    timeout: 10_000,
    timeoutMsg: 'the message is not marked traité',
  });
});

test('she sees the answer in her call-back list and marks it called back', async () => {
  const toCall = await browser.$(id('call-back-item'));
  await toCall.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(await toCall.$(id('call-back-answer'))), /Résultats normaux/);
  assert.equal(await textOf(await toCall.$(id('call-back-phone'))), '06 12 34 56 78');
  assert.equal(await textOf(await badge()), '1', 'one to call back');
  await shot(browser, 'm03-messages-to-call-back');

  await toCall.$(id('call-back-done')).click();
  await browser.$(id('call-back-item')).waitForExist({ timeout: 10_000, reverse: true });
  await badge().waitForExist({ timeout: 10_000, reverse: true });
});
