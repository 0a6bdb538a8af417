// Years of reports from Word and other programs brought into Carnet: a
// report file named as secretaries name them (« NOM Prénom né le CR date »)
// chosen in the native dialog, its patient and date proposed from its name,
// confirmed, filed validated in the patient's Documents, found by a word.
// The GTK dialog is driven with xdotool (WebDriver sees only the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, id, shot, fill, textOf, invoke as invokeIn, hasXdotool, xdotool, windowNamed } from './harness.mjs';

let app;
let browser;
const invoke = (name, args = {}) => invokeIn(browser, name, args);

before(async () => {
  app = await launch();
  browser = app.browser;
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
});

after(async () => {
  await app?.stop();
});

test('an old report chosen in the dialog is filed under the patient its name designates, then found', { skip: hasXdotool ? false : 'xdotool absent' }, async () => {
  // A demo patient with a surname of her own, and an old report named after her.
  const found = await invoke('search_patients', { query: 'b', includeArchived: false, limit: 50 });
  const hits = [];
  for (const hit of found.hits) {
    const surname = hit.displayName.split(' (')[0].split(' ')[0];
    const same = await invoke('search_patients', { query: `${surname} ${hit.birthDate}`, includeArchived: false, limit: 2 });
    if (same.total === 1) hits.push({ hit, surname });
    if (hits.length > 0) break;
  }
  assert.ok(hits.length > 0, 'a demo patient is the only one with her surname and birth date');
  const { hit: patient, surname } = hits[0];
  const folder = join(app.home, 'Documents', 'Anciens CR');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${surname} ${patient.birthDate.replaceAll('/', '-')} CR 14-05-2019.txt`);
  writeFileSync(file, 'Échographie abdominale du 14 mai 2019.\r\nVésicule lithiasique sans signe de cholécystite.\r\n');

  await browser.keys(['Alt', '6']);
  await browser.$(id('docs-import-existing')).click();
  await browser.$(id('import-existing')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('pick-existing-files')).click();
  const dialog = await windowNamed('Importer des comptes rendus existants');
  xdotool('windowfocus', '--sync', dialog);
  await sleep(400);
  xdotool('key', '--clearmodifiers', 'ctrl+l');
  xdotool('type', '--delay', '15', file);
  await sleep(300);
  xdotool('key', 'Return');

  const row = await browser.$(id('existing-row'));
  await row.waitForDisplayed({ timeout: 15_000 });
  // Proposed from the name: the one patient with that surname and birth date, the report's date.
  assert.equal(await textOf(await browser.$(id('existing-patient'))), `${patient.displayName} — ${patient.birthDate}`);
  assert.equal(await browser.$(id('existing-date')).getValue(), '14/05/2019');
  await browser.$(id('existing-kind')).selectByAttribute('value', 'examen');
  await shot(browser, 'r08-import-existing');
  await browser.$(id('do-import-existing')).click();
  await browser.$(id('existing-done')).waitForDisplayed({ timeout: 15_000 });
  assert.ok(existsSync(file), 'her original stays where it was');

  const filed = await invoke('list_reports', { filter: { patientId: patient.id, status: null, authorId: null, limit: null } });
  const old = filed.find((r) => r.consultationOn === '2019-05-14');
  assert.ok(old, 'the report is in her Documents, dated as confirmed');
  assert.equal(old.status, 'valide');
  assert.equal(old.kind, 'examen');

  // Found by a word of it, in another form.
  await browser.$(id('docs-tab-search')).click();
  await fill(browser, 'report-search-input', 'vésicules lithiasiques');
  const result = await browser.$(id('report-hit'));
  await result.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(result), /lithiasique/i);
});
