// Reports from dictation in the real app: a French clip dictated with
// espeak-ng is imported (the original deleted once verified), played at
// 1.5× with the position advancing, typed at the station, sent to the
// doctor, validated by her with her PIN, found by a word in it, and its
// PDF opened from the patient's file. Screenshots of each screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, id, shot, fill, textOf, invoke as invokeIn, demoWithDoctorProfile } from './harness.mjs';

let app;
let browser;
let home;
/** 64 bytes from the middle of the dictation, to look for on disk. */
let audioSample;

const invoke = (name, args = {}) => invokeIn(browser, name, args);

before(async () => {
  app = await launch();
  browser = app.browser;
  home = app.home;
});

after(async () => {
  await app?.stop();
});

/** The doctor's words, as a recorder's WAV file. */
function dictate(folder, name, text) {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  execFileSync('espeak-ng', ['-v', 'fr', '-s', '150', '-w', path, text]);
  return path;
}

test('a dictation is imported, played, typed, validated by the doctor, found and printed', async () => {
  // The doctor's profile: a PIN, linked to the practitioner who dictates.
  const doctor = await demoWithDoctorProfile(browser, '864209');
  await invoke('create_snippet', {
    draft: { practitionerId: doctor.id, code: 'ras', title: 'Examen normal', body: 'Examen clinique sans particularité.' },
  });

  // A patient, and the recorder's file imported for her.
  const found = await invoke('search_patients', { query: 'm', includeArchived: false, limit: 1 });
  const patient = found.hits[0];
  const recorder = join(home, 'DICTAPHONE');
  const clip = dictate(
    recorder,
    'DICTEE001.WAV',
    'Compte rendu de consultation. La patiente présente une douleur thoracique atypique depuis trois jours. ' +
      'Examen clinique sans particularité. Électrocardiogramme normal.',
  );
  const clipBytes = readFileSync(clip);
  audioSample = clipBytes.subarray(clipBytes.length / 2, clipBytes.length / 2 + 64);
  const reportId = await invoke('import_dictation', {
    path: clip,
    details: {
      patientId: patient.id,
      authorId: doctor.id,
      kind: 'consultation',
      priority: 'urgent',
      dueOn: null,
      note: 'Courrier au médecin traitant',
      consultationOn: null,
    },
    deleteOriginal: true,
  });
  assert.ok(reportId);
  assert.equal(existsSync(clip), false, 'the original is deleted from the recorder once the import is verified');

  // The work list, with its badge.
  await browser.keys(['Alt', '6']);
  await browser.$(id('work-list')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('reports-badge')).waitForDisplayed({ timeout: 10_000 });
  // The demo's own dictations are in the list too: hers is found by its id.
  const item = await browser.$(`${id('work-item')}[data-report-id="${reportId}"]`);
  await item.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(item), /Urgent/);
  await shot(browser, 'r01-work-list');

  // The station: the audio plays at 1.5× and the position advances.
  await item.$(id('work-item-open')).click();
  await browser.$(id('station')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(id('player-speed')).selectByAttribute('value', '1.5');
  await browser.waitUntil(async () => (await textOf(await browser.$(id('player-duration')))) !== '–:––', {
    timeout: 10_000,
    timeoutMsg: 'the recording’s length is never known: the audio did not load',
  });
  await browser.$(id('player-play')).click();
  await browser.waitUntil(
    async () => Number(await browser.$(id('player-position')).getAttribute('data-seconds')) > 1,
    { timeout: 10_000, timeoutMsg: 'the position does not advance: the audio does not play' },
  );
  const rate = await browser.execute(() => document.querySelector('audio')?.playbackRate);
  assert.equal(rate, 1.5);
  const latency = await browser.$(id('player-play')).getAttribute('data-latency');
  console.log(`# from play to playing: ${latency} ms`);
  // F4 pauses, from anywhere in the station.
  await browser.keys(['F4']);
  await browser.waitUntil(async () => (await browser.$(id('player-play')).getAttribute('data-playing')) === 'false', {
    timeout: 5_000,
    timeoutMsg: 'F4 does not pause',
  });

  // The consultation template, filled for this patient: her name is in it.
  const page = await browser.$('.report-page');
  await page.click();
  await browser.$(id('insert-template')).selectByIndex(1);
  await browser.pause(1500);
  await shot(browser, 'r02a-template');
  await browser.waitUntil(async () => (await textOf(page)).includes(patient.displayName.split(/\s+/)[0]), {
    timeout: 10_000,
    timeoutMsg: 'the template is not filled with the patient’s name',
  });
  // The fields this file has no value for are red chips, listed above the
  // text: she clicks each, types its value, and it takes the chip's place
  // (the doctor could not validate with one left).
  await browser.$(id('missing-fields')).waitForDisplayed({ timeout: 10_000 });
  for (let left = 0; left < 5 && (await browser.$(id('missing-field')).isExisting()); left++) {
    await browser.$(id('missing-field')).click();
    await fill(browser, 'missing-value', `Dr Valeur${left}`);
    await browser.$(id('missing-fill')).click();
  }
  await browser.waitUntil(async () => !(await browser.$(id('missing-fields')).isExisting()), {
    timeout: 5_000,
    timeoutMsg: 'a field stays to complete after she typed its value',
  });
  assert.match(await textOf(page), /Dr Valeur0/);
  assert.equal(await page.$('.merge-field').isExisting(), false, 'no chip is left in the text');
  // She types; a misspelled word is left for the checker to underline; a
  // snippet's code + F3 becomes its text.
  await browser.keys(['Control', 'End']);
  await browser.keys(['Enter']);
  await browser.keys('La patiente présente une douleur thoracique atypique, sans dyspnée ni fièvre. Auscultasion libre. Examen clinique : ras');
  await browser.keys(['F3']);
  await browser.waitUntil(async () => (await textOf(page)).includes('sans particularité'), {
    timeout: 10_000,
    timeoutMsg: 'the snippet code is not replaced by its text',
  });
  await browser.waitUntil(async () => (await browser.$(id('save-state')).getAttribute('data-state')) === 'saved', {
    timeout: 10_000,
    timeoutMsg: 'the text is never saved',
  });
  await shot(browser, 'r02-station');
  // The French checker underlines the misspelled word in red, and not a
  // correct word of the same sentence (read from the screen's pixels: the
  // page cannot see WebKit's spelling marks).
  // (A new paragraph typed last: WebKit marks words as they are typed, and
  // a paragraph the editor redraws — the snippet's — loses its marks until
  // she types in it again.)
  await browser.keys(['Enter']);
  await browser.keys('Le patient est apyrétiqe. ');
  const underline = await redUnderlines(['apyrétiqe', 'patient']);
  assert.ok(underline['apyrétiqe'] > 3, `« apyrétiqe » is not underlined (${JSON.stringify(underline)})`);
  assert.equal(underline.patient, 0, `« patient » is underlined (${JSON.stringify(underline)})`);

  // Sent to the doctor.
  await browser.$(id('send-to-doctor')).click();
  await browser.$(id('station-notice')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await browser.$(id('station-status')).getText(), /relire/);

  // The doctor's queue (the demo's reports wait there too): she picks this
  // one; a wrong PIN is refused, hers validates and the next one shows.
  await browser.$(id('docs-tab-queue')).click();
  await browser.$(id('queue-current')).waitForDisplayed({ timeout: 10_000 });
  const queued = await browser.$(`${id('queue-item')}[data-report-id="${reportId}"]`);
  await queued.waitForDisplayed({ timeout: 10_000 });
  await queued.click();
  await browser.waitUntil(async () => (await browser.$(id('queue-current')).getAttribute('data-report-id')) === reportId, {
    timeout: 10_000,
    timeoutMsg: 'the report she picked in the queue is not shown',
  });
  await shot(browser, 'r03-doctor-queue');
  await fill(browser, 'queue-pin', '111111');
  await browser.keys(['Enter']);
  await browser.$(id('queue-error')).waitForDisplayed({ timeout: 10_000 });
  assert.notEqual((await invoke('get_report', { id: reportId })).status, 'valide', 'a wrong PIN validates nothing');
  await fill(browser, 'queue-pin', '864209');
  await browser.keys(['Enter']);
  await browser.$(id('queue-notice')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$(`${id('queue-item')}[data-report-id="${reportId}"]`).isExisting()) === false, {
    timeout: 10_000,
    timeoutMsg: 'the validated report is still in the queue',
  });
  assert.equal((await invoke('get_report', { id: reportId })).status, 'valide');
  const validateMs = await browser.$(id('doctor-queue')).getAttribute('data-validate-ms');
  console.log(`# from validate to the next report shown: ${validateMs} ms`);

  // Found by a word in it, in another form (« douleurs » finds « douleur »).
  await browser.$(id('docs-tab-search')).click();
  await fill(browser, 'report-search-input', 'douleurs thoraciques');
  const hit = await browser.$(id('report-hit'));
  await hit.waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(hit), /douleur/i);
  await shot(browser, 'r04-search');

  // The patient's file: Documents lists it, validated by the doctor.
  await browser.keys(['Alt', '2']);
  const words = patient.displayName.split(/\s+/);
  await fill(browser, 'patient-search', `${words[0]} ${words[words.length - 1]}`);
  await browser.$(id('patient-result')).waitForDisplayed({ timeout: 10_000 });
  let row;
  for (const candidate of await browser.$$(id('patient-result'))) {
    if ((await textOf(candidate)).includes(words[0])) row ??= candidate;
  }
  assert.ok(row, 'the patient is found');
  await row.click();
  const document = await browser.$(id('patient-document'));
  await document.waitForDisplayed({ timeout: 10_000 });
  await document.scrollIntoView();
  assert.match(await textOf(document), new RegExp(doctor.name.split(' ').pop()));
  await shot(browser, 'r05-patient-documents');

  // Its PDF, rendered in memory and shown in the file.
  await document.$(id('patient-document-pdf')).click();
  const frame = await browser.$(id('pdf-frame'));
  await frame.waitForDisplayed({ timeout: 10_000 });
  await frame.scrollIntoView();
  await browser.pause(3000);
  await shot(browser, 'r06-pdf');
  const pdf = await browser.executeAsync((src, done) => {
    fetch(src)
      .then(async (r) => done({ status: r.status, type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) }))
      .catch((e) => done({ error: String(e) }));
  }, await frame.getAttribute('src'));
  assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-' });

  // The template editor: merge fields as chips, picked from the catalogue.
  await browser.keys(['Alt', '6']);
  await browser.$(id('docs-tab-templates')).click();
  await browser.$(id('template-item')).click();
  await browser.$(id('template-editor')).$('.merge-field').waitForDisplayed({ timeout: 10_000 });
  await shot(browser, 'r07-template-editor');
});

/**
 * For each word (in the text node holding the first one), how many red
 * pixels lie in a strip just under it on screen: WebKit's spelling mark.
 */
async function redUnderlines(words) {
  const boxes = await browser.execute((wanted) => {
    const walker = document.createTreeWalker(document.querySelector('.report-page'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.includes(wanted[0])) continue;
      node.parentElement.scrollIntoView({ block: 'center' });
      const out = {};
      for (const word of wanted) {
        const at = node.textContent.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        // A range at a line's start may also hold an empty box at the end of
        // the line before: the word is the widest box.
        const box = [...range.getClientRects()].sort((a, b) => b.width - a.width)[0];
        out[word] = { x: Math.round(box.left), y: Math.round(box.bottom), w: Math.round(box.width) };
      }
      return out;
    }
    return {};
  }, words);
  // WebKit checks a word once the caret has left it, when idle: the
  // screen is read again for a few seconds until the first word is marked.
  const picture = join(home, 'tmp', 'spelling.png');
  let counts = {};
  for (let attempt = 0; attempt < 8; attempt++) {
    await browser.pause(1000);
    await browser.saveScreenshot(picture);
    counts = {};
    for (const word of words) {
      const box = boxes[word];
      if (!box) throw new Error(`« ${word} » is not in the text`);
      const strip = execFileSync('convert', [picture, '-crop', `${box.w}x6+${box.x}+${box.y - 3}`, 'txt:-'], { encoding: 'utf8' });
      counts[word] = strip.split('\n').filter((line) => {
        const rgb = /\((\d+),(\d+),(\d+)/.exec(line);
        return rgb && Number(rgb[1]) > 150 && Number(rgb[2]) < 110 && Number(rgb[3]) < 110;
      }).length;
    }
    if (counts[words[0]] > 3) break;
  }
  return counts;
}

/** Every regular file under `dir`. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

test('once played and closed, no piece of the recording is on disk in plaintext', async () => {
  assert.ok(audioSample, 'the first test imported a dictation');
  await browser.$(id('close-button')).click();
  await browser.$(id('open-demo')).waitForDisplayed({ timeout: 30_000 });
  await app.stop();
  app = null;
  const found = filesUnder(home).filter((path) => statSync(path).size > 0 && readFileSync(path).includes(audioSample));
  assert.deepEqual(found, [], 'the recording is readable in these files');
});
