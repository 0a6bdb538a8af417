// The audit trail against an outside tool, in the real app: the demo file
// put back to an older copy of itself, then a patient renamed by Python's
// sqlcipher3 with Carnet's trigger functions registered as no-ops. At the
// next opening the red banner says the trail is older than what this
// computer saw, that changes were made without entries, and that the search
// index was rebuilt; the audit screen's check says where, and its help says
// what the trail proves and what it cannot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, id, shot, fill } from './harness.mjs';

const DEMO_PASSPHRASE = 'demonstration-carnet-patients-fictifs-aucune-personne-reelle';

let app;
let home;

before(async () => {
  app = await launch();
  home = app.home;
});

after(async () => {
  await app?.stop();
});

async function openDemo(browser) {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 30_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
}

async function closeCabinet(browser) {
  await browser.$(id('close-button')).click();
  await browser.$(id('open-demo')).waitForDisplayed({ timeout: 30_000 });
}

test('an older copy and a silent rename are said at opening, and the audit screen explains', async () => {
  let browser = app.browser;
  const file = join(home, '.local/share/fr.carnet.desktop/demo/cabinet-de-demonstration.carnet');
  await openDemo(browser);
  await closeCabinet(browser);
  const older = join(home, 'copie-ancienne.carnet');
  copyFileSync(file, older);
  // More work, then closed: this computer notes the trail's head.
  await openDemo(browser);
  await browser.keys(['Alt', '2']);
  await fill(browser, 'patient-search', 'm');
  const row = await browser.$(id('patient-result'));
  await row.waitForDisplayed({ timeout: 10_000 });
  await row.click();
  await browser.$(id('patient-openings-toggle')).waitForDisplayed({ timeout: 10_000 });
  await closeCabinet(browser);
  await app.stop();
  app = null;

  // The older copy put back, then a patient renamed behind Carnet's back.
  copyFileSync(older, file);
  const attack = `
import sqlcipher3
conn = sqlcipher3.connect(${JSON.stringify(file)}, isolation_level=None)
conn.execute("PRAGMA key = '${DEMO_PASSPHRASE}'")
for name in ("carnet_actor_id", "carnet_actor_name"):
    conn.create_function(name, 0, lambda: None)
conn.create_function("carnet_audit_enabled", 0, lambda: 0)
conn.create_function("carnet_audit_pruning", 0, lambda: 0)
conn.create_function("carnet_audit_hash", 9, lambda *f: "0" * 64)
conn.execute("UPDATE patients SET birth_name = 'ZORGLUB', used_name = NULL WHERE rowid = (SELECT min(rowid) FROM patients)")
conn.close()
`;
  execFileSync('python3', ['-c', attack]);

  app = await launch(home);
  browser = app.browser;
  await openDemo(browser);
  const banner = await browser.$(id('form-error'));
  await banner.waitForDisplayed({ timeout: 60_000 });
  const said = await banner.getText();
  assert.match(said, /plus ancien que celui vu sur cet ordinateur/);
  assert.match(said, /sans entrée au journal/);
  assert.match(said, /Index de recherche reconstruit : 1 dossier/);

  // She finds the patient under the name the file now holds.
  await browser.keys(['Alt', '2']);
  await fill(browser, 'patient-search', 'zorglub');
  await browser.$(id('patient-result')).waitForDisplayed({ timeout: 10_000 });

  await browser.$(id('nav-audit')).click();
  await browser.$(id('audit-help')).click();
  await browser.$(id('audit-verify')).click();
  const broken = await browser.$(id('audit-verify-broken'));
  await broken.waitForDisplayed({ timeout: 30_000 });
  assert.match(await broken.getText(), /sans entrée au journal/);
  const help = await browser.$(id('audit-help')).getText();
  assert.match(help, /code source de Carnet/);
  const entries = await browser.$(id('audit-log')).getText();
  assert.match(entries, /Alerte du journal d'audit/);
  await shot(browser, '64-audit-outside-tool');
  await broken.scrollIntoView();
  await shot(browser, '65-audit-verify-broken');
});
