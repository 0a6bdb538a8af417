// Data safety in the real app: a PIN for quick unlock after Ctrl+L, a
// verified backup, the audit trail intact and showing the failed PIN; then,
// once closed, no patient name, NIR or phone readable in anything the app
// wrote; and a damaged file said to be damaged, pointing to the backups.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, id, shot, fill, ADMIN } from './harness.mjs';

let app;
let browser;
let home;
let usb;

const invoke = (name, args = {}) =>
  browser.execute((n, a) => window.__TAURI_INTERNALS__.invoke(n, a), name, args);

before(async () => {
  app = await launch();
  browser = app.browser;
  home = app.home;
  usb = join(home, 'CLE_USB');
  mkdirSync(usb);
});

after(async () => {
  await app?.stop();
});

test('PIN quick unlock after Ctrl+L, a verified backup, and an intact audit trail', async () => {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 30_000 });
  const currentUser = () =>
    browser.execute(() => document.querySelector('[data-testid="current-user"]')?.textContent ?? '');
  await browser.waitUntil(async () => /Secrétariat/.test(await currentUser()), {
    timeout: 10_000,
    timeoutMsg: 'the profile is not shown',
  });

  // Her PIN, set in « Sécurité ».
  await browser.$(id('nav-security')).click();
  await browser.$(id('set-pin')).click();
  await fill(browser, 'pin-new', '258046');
  await fill(browser, 'pin-confirm', '258046');
  await browser.$(id('pin-save')).click();
  await browser.$(id('profile-pin-state')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(
    async () => /défini/i.test(await browser.$(id('profile-pin-state')).getText()),
    { timeout: 10_000, timeoutMsg: 'PIN state not shown as set' },
  );
  // Six digits by default, and what a PIN protects, said on the same screen.
  assert.equal(await browser.$(id('security-pin-digits')).getValue(), '6');
  await browser.$(id('security-pin-help')).$('summary').click();
  await browser.$(id('security-pin-help')).$('p').waitForDisplayed({ timeout: 5_000 });
  await browser.$(id('security-pin-digits')).scrollIntoView();
  assert.match(await browser.$(id('security-pin-help')).getText(), /personne de passage/);
  await shot(browser, '59-security-pin-help');

  // The USB stick is chosen with the native folder dialog, which WebDriver
  // cannot drive: the setting is saved through the same command.
  await invoke('save_backup_settings', {
    settings: { folders: [usb], keepDaily: 7, keepWeekly: 4, keepMonthly: 12, maxAgeHours: 48 },
  });
  await browser.$(id('nav-backups')).click();
  await browser.$(id('backup-run')).click();
  const result = await browser.$(id('backup-result'));
  await result.waitForDisplayed({ timeout: 60_000 });
  assert.match(await result.getText(), /500 patients/);
  await shot(browser, '60-backup-done');

  // A patient file opened: recorded.
  await browser.keys(['Alt', '2']);
  await fill(browser, 'patient-search', 'm');
  const row = await browser.$(id('patient-result'));
  await row.waitForDisplayed({ timeout: 10_000 });
  const surname = (await row.getText()).split(/\s+/)[0];
  await row.click();
  await browser.$(id('patient-openings-toggle')).waitForDisplayed({ timeout: 10_000 });

  // Ctrl+L: nothing of the patient left on the page, the PIN is asked.
  await browser.keys(['Control', 'l']);
  await browser.$(id('lock-pin-form')).waitForDisplayed({ timeout: 10_000 });
  assert.ok(!(await browser.getPageSource()).includes(surname), `« ${surname} » visible while locked`);
  assert.equal(await browser.getTitle(), 'Carnet — verrouillé');
  await fill(browser, 'unlock-pin', '1111');
  await browser.keys(['Enter']);
  await browser.waitUntil(async () => /encore 4 essais/.test(await browser.$('body').getText()), {
    timeout: 10_000,
    timeoutMsg: 'attempts left not shown',
  });
  await shot(browser, '61-lock-wrong-pin');
  await fill(browser, 'unlock-pin', '258046');
  await browser.keys(['Enter']);
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 15_000 });

  // The trail: intact, with the failed PIN and the opening of the file.
  await browser.$(id('nav-audit')).click();
  await browser.$(id('audit-verify')).click();
  const verified = await browser.$(id('audit-verify-ok'));
  await verified.waitForDisplayed({ timeout: 10_000 });
  assert.match(await verified.getText(), /Journal intact/);
  const entries = await browser.$(id('audit-log')).getText();
  assert.match(entries, /Échec de déverrouillage/);
  assert.match(entries, /Déverrouillage/);
  assert.match(entries, /Ouverture du dossier patient/);
  assert.match(entries, /Sauvegarde du cabinet/);
  await shot(browser, '62-audit-verified');
});

test('closed: no name, NIR or phone in plaintext in anything the app wrote', async () => {
  await browser.$(id('close-button')).click();
  await browser.$(id('open-demo')).waitForDisplayed({ timeout: 30_000 });
  // The backup made on closing is there too, beside the manual one.
  const backups = readdirSync(usb).filter((name) => name.endsWith('.sauvegarde.carnet'));
  assert.ok(backups.length >= 2, `backups: ${backups}`);
  await app.stop();
  app = null;
  const output = execFileSync(ADMIN, ['leak-scan', home, '--patients', '500', '--seed', '1'], {
    encoding: 'utf8',
  });
  assert.match(output, /trouvées : 0\./, output);
  const scanned = Number(/dans (\d+) fichiers/.exec(output)[1]);
  assert.ok(scanned >= 5, output);
});

test('a damaged file is said to be damaged, and points to the backups', async () => {
  const demoDir = join(home, '.local/share/fr.carnet.desktop/demo');
  const file = join(demoDir, 'cabinet-de-demonstration.carnet');
  const bytes = readFileSync(file);
  assert.ok(statSync(file).size > 1_000_000);
  bytes[Math.floor(bytes.length / 2) + 100] ^= 0x20;
  writeFileSync(file, bytes);
  app = await launch(home);
  browser = app.browser;
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.waitUntil(async () => /endommagé/.test(await browser.$('body').getText()), {
    timeout: 60_000,
    timeoutMsg: 'no damage message',
  });
  const text = await browser.$('body').getText();
  assert.match(text, /sauvegarde/);
  await shot(browser, '63-damaged-file');
});
