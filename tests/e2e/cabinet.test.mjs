// What a secretary does on her first day: create her cabinet, lock it when
// she leaves the desk, mistype the passphrase, unlock, close, reopen it from
// the recent list — in the real app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { launch, id, shot, fill, textOf } from './harness.mjs';

let app;
let browser;
let cabinetPath;
let passphrase;

before(async () => {
  app = await launch();
  browser = app.browser;
  cabinetPath = join(app.home, 'Documents', 'Carnet', 'cabinet-lefevre.carnet');
});

after(async () => {
  await app?.stop();
});

test('the launcher offers to create, open, or try the demo', async () => {
  const create = await browser.$(id('create-cabinet'));
  await create.waitForDisplayed({ timeout: 20_000 });
  assert.ok(await browser.$(id('open-cabinet')).isDisplayed());
  assert.ok(await browser.$(id('open-demo')).isDisplayed());
  await shot(browser, '01-launcher');
});

test('a weak passphrase is refused, a suggested one is accepted, the cabinet is created', async () => {
  await browser.$(id('create-cabinet')).click();
  await fill(browser, 'cabinet-name', 'Cabinet du Dr Lefèvre');
  await fill(browser, 'practitioner-name', 'Dr Hélène Lefèvre');
  await fill(browser, 'practitioner-specialty', 'Médecine générale');
  await fill(browser, 'cabinet-path', cabinetPath);

  // Long, four classes of characters, and guessable in seconds: a name and
  // a birth date. The meter says why, in French.
  await fill(browser, 'passphrase', 'Hélène13/03/1962');
  await fill(browser, 'passphrase-confirm', 'Hélène13/03/1962');
  const meter = await browser.$(id('strength-meter'));
  await browser.waitUntil(async () => /faible/i.test(await meter.getText()), { timeout: 5_000 });
  const why = await meter.getText();
  assert.match(why, /Pourquoi/);
  assert.match(why, /nom du cabinet ou d'un praticien/, 'Hélène is the practitioner');
  assert.match(why, /date/);
  assert.equal(await browser.$(id('submit')).isEnabled(), false, 'a weak passphrase cannot be submitted');
  await shot(browser, '02-create-weak');

  await browser.$(id('suggest-passphrase')).click();
  await browser.waitUntil(async () => (await browser.$(id('passphrase')).getValue()).split('-').length === 7, {
    timeout: 5_000,
  });
  passphrase = await browser.$(id('passphrase')).getValue();
  assert.equal(await browser.$(id('passphrase-confirm')).getValue(), passphrase);
  await browser.waitUntil(async () => /solide/i.test(await meter.getText()), { timeout: 5_000 });
  await shot(browser, '03-create-strong');
  await browser.$(id('submit')).click();

  const next = await browser.$(id('sheet-continue'));
  await next.waitForDisplayed({ timeout: 20_000 });
  await shot(browser, '04-emergency-sheet');
  await next.click();
  const banner = await browser.$(id('cabinet-name-banner'));
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(banner), /Cabinet du Dr Lefèvre/);
  assert.ok(existsSync(cabinetPath), 'the cabinet file exists where she chose');
  await shot(browser, '05-inside');
});

test('Ctrl+L locks: nothing of the cabinet content, and the title says locked', async () => {
  await browser.keys(['Control', 'l']);
  const lockScreen = await browser.$(id('lock-screen'));
  await lockScreen.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.getTitle(), 'Carnet — verrouillé');
  assert.equal(await browser.$(id('patient-search')).isExisting(), false);
  await shot(browser, '06-locked');
});

test('a wrong passphrase says so in French and she can try again', async () => {
  await fill(browser, 'unlock-passphrase', 'pas-la-bonne-phrase');
  await browser.$(id('unlock-submit')).click();
  const error = await browser.$(id('unlock-error'));
  await error.waitForDisplayed({ timeout: 10_000 });
  assert.match(await error.getText(), /Phrase de passe incorrecte/);
  await shot(browser, '07-wrong-passphrase');
  await fill(browser, 'unlock-passphrase', passphrase);
  await browser.$(id('unlock-submit')).click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await browser.getTitle(), /Cabinet du Dr Lefèvre/);
});

test('close returns to the launcher; the recent list reopens the cabinet', async () => {
  await browser.$(id('close-button')).click();
  const recent = await browser.$(id('recent-item'));
  await recent.waitForDisplayed({ timeout: 10_000 });
  assert.match(await recent.getText(), /Cabinet du Dr Lefèvre/);
  assert.equal(await browser.getTitle(), 'Carnet');
  await shot(browser, '08-launcher-recent');

  // The recent list holds the name, colour and path — nothing else.
  const recentFile = JSON.parse(readFileSync(join(app.home, '.config', 'fr.carnet.desktop', 'recent.json'), 'utf8'));
  assert.deepEqual(Object.keys(recentFile.recent[0]).sort(), ['colour', 'name', 'path']);

  await recent.click();
  await fill(browser, 'open-passphrase', passphrase);
  await browser.$(id('open-submit')).click();
  const banner = await browser.$(id('cabinet-name-banner'));
  await banner.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(banner), /Cabinet du Dr Lefèvre/);
});

test('the help panel lists the shortcuts (F1)', async () => {
  await browser.keys(['F1']);
  const help = await browser.$(id('help-panel'));
  await help.waitForDisplayed({ timeout: 5_000 });
  assert.match(await help.getText(), /Ctrl\s*\+\s*L/i);
  await shot(browser, '09-help');
  await browser.keys(['Escape']);
  await help.waitForDisplayed({ reverse: true, timeout: 5_000 });
});

test('a cabinet already open elsewhere is not opened twice', async () => {
  // While the app holds the cabinet, the command-line tool is refused…
  const { spawnSync, spawn } = await import('node:child_process');
  const { ADMIN } = await import('./harness.mjs');
  const check = spawnSync(ADMIN, ['check', cabinetPath], { env: { ...process.env, CARNET_PASSPHRASE: passphrase } });
  assert.equal(check.status, 1);
  assert.match(check.stderr.toString(), /déjà ouvert/);

  // …and once the app has closed it, another program holding it keeps the
  // app out, with the French message next to the path.
  await browser.$(id('close-button')).click();
  await browser.$(id('recent-item')).waitForDisplayed({ timeout: 10_000 });
  const holder = spawn('flock', ['-x', `${cabinetPath}-lock`, 'sleep', '30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await browser.$(id('recent-item')).click();
    await fill(browser, 'open-passphrase', passphrase);
    await browser.$(id('open-submit')).click();
    const error = await browser.$(id('error-path'));
    await error.waitForDisplayed({ timeout: 10_000 });
    assert.match(await error.getText(), /déjà ouvert/);
    await shot(browser, '11-file-in-use');
  } finally {
    holder.kill();
  }
});
