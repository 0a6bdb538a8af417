// What she feels, measured in the real app (not a test: nothing is asserted
// on time; `make bench-app` runs it, CI does not). Under Xvfb, through
// WebDriver, on a copy of the benchmark dataset:
// - cold start: from the app process's start to the launcher shown;
// - keystroke → results rendered, for every letter typed into the search;
// - opening a patient file from the results;
// - switching weeks in the agenda;
// - the memory of the whole process tree (app + WebKit) after MINUTES of
//   that use.
// Latencies are measured in the page: from the key or click event to the
// frame that shows the last change it caused, on screen (see instrument).
//
// Environment: CARNET_APP (release build), CARNET_BENCH_FILE,
// CARNET_BENCH_PASSPHRASE, CARNET_BENCH_MINUTES (10), CARNET_BENCH_JSON.
import { copyFileSync, readFileSync, readdirSync, readlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, freshHome, id, fill, shot, APP } from './harness.mjs';

const file = process.env.CARNET_BENCH_FILE;
const passphrase = process.env.CARNET_BENCH_PASSPHRASE;
const minutes = Number(process.env.CARNET_BENCH_MINUTES ?? 10);
const output = process.env.CARNET_BENCH_JSON;
// "search" or "agenda" exercises only that part (to tell where memory goes).
const only = process.env.CARNET_BENCH_ONLY ?? '';
if (!file || !passphrase) {
  console.error('CARNET_BENCH_FILE et CARNET_BENCH_PASSPHRASE sont nécessaires.');
  process.exit(2);
}

const SURNAMES = [
  'martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau',
  'simon', 'laurent', 'lefebvre', 'michel', 'garcia', 'david', 'bertrand', 'roux', 'vincent', 'fournier',
  'morel', 'girard', 'andre', 'mercier', 'dupont', 'lambert', 'bonnet', 'francois', 'martinez', 'legrand',
  'garnier', 'faure', 'rousseau', 'blanc', 'guerin', 'muller', 'henry', 'roussel', 'nicolas', 'perrin',
];

// ---- the process tree ------------------------------------------------------

function processes() {
  const list = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {
        /* not ours to read */
      }
      list.push({ pid: Number(entry), ppid: Number(fields[1]), start: Number(fields[19]), exe });
    } catch {
      /* gone meanwhile */
    }
  }
  return list;
}

function appProcess() {
  const exe = realpathSync(APP);
  return processes().find((p) => p.exe === exe);
}

/** The app and everything it started (WebKit's web and network processes). */
function tree(rootPid) {
  const all = processes();
  const pids = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (pids.has(p.ppid) && !pids.has(p.pid)) {
        pids.add(p.pid);
        grew = true;
      }
    }
  }
  return [...pids];
}

/** Resident (RSS) and proportional (PSS) memory of the tree, per process. */
function memoryOf(rootPid) {
  const mb = (kib) => Math.round(kib / 102.4) / 10;
  let rssKiB = 0;
  let pssKiB = 0;
  const processes = {};
  for (const pid of tree(rootPid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const rss = Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rssKiB += rss;
      pssKiB += pss;
      processes[readFileSync(`/proc/${pid}/comm`, 'utf8').trim()] = mb(pss);
    } catch {
      /* gone */
    }
  }
  return { rssMB: mb(rssKiB), pssMB: mb(pssKiB), pssMBByProcess: processes };
}

function processStartEpochMs(pid) {
  const btime = Number(/^btime (\d+)/m.exec(readFileSync('/proc/stat', 'utf8'))[1]);
  const start = processes().find((p) => p.pid === pid).start;
  return (btime + start / 100) * 1000; // USER_HZ = 100 on Linux
}

// ---- in-page timing --------------------------------------------------------

/** Notes when each key or click happens and when the page last changed. */
async function instrument(browser) {
  await browser.execute(() => {
    if (window.__bench) return;
    const bench = { start: 0, last: 0 };
    window.__bench = bench;
    const begin = () => {
      bench.start = performance.now();
      bench.last = 0;
    };
    window.addEventListener('keydown', begin, true);
    window.addEventListener('click', begin, true);
    // The end of a change is the frame that shows it, on screen. The
    // animation frame after the last mutation runs *before* that frame's
    // style, layout and paint, and WebKit rasterizes and presents it off
    // the main thread; the next animation frame begins only once it has
    // been presented. So the change is seen at the second animation frame
    // (at most one refresh, 16.7 ms, late). Ending at the first left out
    // the layout and paint of a new agenda week: most of its cost.
    new MutationObserver(() => {
      requestAnimationFrame(() => {
        bench.frame = performance.now();
        requestAnimationFrame(() => {
          bench.last = performance.now();
        });
      });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/**
 * Waits until the page shows what `kind` expects and nothing changed for
 * `quietMs`, then answers the time from the event to the frame after the
 * last change. (The conditions live here, not passed as code: the app's CSP
 * forbids eval in the page.)
 */
async function settle(browser, kind, argument = '', quietMs = 250) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await browser.execute(
      (what, arg, quiet) => {
        const bench = window.__bench;
        const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);
        let ok = false;
        if (what === 'results') {
          const list = $('patient-results');
          const input = $('patient-search');
          ok =
            list !== null &&
            input !== null &&
            list.getAttribute('data-answered') === input.value.trim() &&
            list.getAttribute('aria-busy') !== 'true';
        } else if (what === 'file') {
          ok = $('patient-name') !== null;
        } else if (what === 'week') {
          const title = $('agenda-period');
          ok = title !== null && title.textContent !== arg;
        }
        const now = performance.now();
        const list = $('patient-results');
        return {
          ok,
          latency: bench.last - bench.start,
          quiet: bench.last > 0 && now - bench.last >= quiet,
          debug: `${list?.getAttribute('data-answered')}|${$('patient-search')?.value}|${list?.getAttribute('aria-busy')}|${now - bench.last}`,
        };
      },
      kind,
      argument,
      quietMs,
    );
    if (state.ok && state.quiet) return state.latency;
    // Done, yet no change of the page seen since the event (once in ~700
    // keys on a 10-minute run): not measurable, counted apart.
    if (state.ok && state.latency < 0 && Date.now() > deadline - 18_000) return null;
    if (Date.now() > deadline) throw new Error(`la page ne se stabilise pas (${kind}) : ${JSON.stringify(state)}`);
    await sleep(15);
  }
}

function summary(all) {
  const samples = all.filter((value) => value !== null);
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (f) => sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * f))];
  const ms = (value) => Math.round(value * 10) / 10;
  return { n: sorted.length, unmeasured: all.length - samples.length, p50: ms(at(0.5)), p95: ms(at(0.95)), p99: ms(at(0.99)), max: ms(sorted[sorted.length - 1]) };
}

// ---- the session -----------------------------------------------------------

const home = freshHome();
const cabinetPath = join(home, 'Documents', 'banc-essai.carnet');
copyFileSync(file, cabinetPath);
const app = await launch(home);
const { browser } = app;
const results = { keystroke: [], openFile: [], weekSwitch: [], weekAnswer: [], weekRendered: [], weekFrame: [] };
let report;
try {
  await browser.$(id('open-cabinet')).waitForDisplayed({ timeout: 60_000 });
  const pid = appProcess()?.pid;
  const launcherShown = await browser.execute(() => {
    const mark = performance.getEntriesByName('carnet-launcher-shown')[0];
    return mark ? performance.timeOrigin + mark.startTime : null;
  });
  const coldStartMs = pid && launcherShown ? launcherShown - processStartEpochMs(pid) : null;
  // WebKit's snapshot can lag the first paint by a frame or two.
  await sleep(500);
  await shot(browser, 'bench-01-launcher');

  await browser.$(id('open-cabinet')).click();
  await fill(browser, 'open-path', cabinetPath);
  await fill(browser, 'open-passphrase', passphrase);
  const unlockStarted = Date.now();
  await browser.$(id('open-submit')).click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 120_000 });
  const unlockToBannerMs = Date.now() - unlockStarted;
  const memoryAfterOpen = memoryOf(pid);
  await instrument(browser);

  const endAt = Date.now() + minutes * 60_000;
  const memoryEveryMinute = [];
  let nextSample = Date.now() + 60_000;
  let round = 0;
  let doctorsShown = 'all'; // the agenda opens with every doctor ticked
  while (Date.now() < endAt) {
    if (Date.now() >= nextSample) {
      memoryEveryMinute.push(memoryOf(pid).pssMB);
      nextSample += 60_000;
    }
    // The search: a name typed letter by letter, each letter measured.
    if (only === 'agenda') {
      await weeks('two', results, round === 0);
      round += 1;
      continue;
    }
    await browser.keys(['Alt', '2']);
    const box = await browser.$(id('patient-search'));
    await box.waitForDisplayed({ timeout: 10_000 });
    // Emptied with the keyboard: WebDriver's clear() also blurs the box.
    await box.click();
    await browser.keys(['Control', 'a']);
    await browser.keys('Backspace');
    await sleep(200);
    const name = SURNAMES[round % SURNAMES.length].slice(0, 4 + (round % 4));
    for (const letter of name) {
      await browser.keys(letter);
      results.keystroke.push(await settle(browser, 'results'));
    }
    if (round === 0) await shot(browser, 'bench-02-search');

    // Open the first file found.
    const rows = await browser.$$(id('patient-result'));
    if (rows.length > 0) {
      await rows[Math.min(round % 5, rows.length - 1)].click();
      results.openFile.push(await settle(browser, 'file'));
      if (round === 0) await shot(browser, 'bench-03-file');
    }

    // Every other round, the agenda: three weeks ahead, three back.
    if (round % 2 === 0 && only !== 'search') await weeks('two', results, round === 0);
    round += 1;
  }

  // The agenda is measured as the budget is set in the core (« week view
  // of two calendars »): two doctors ticked. A week of all five doctors
  // (35 columns of ≈ 30 px, ≈ 500 blocks) is measured apart, at the end.
  async function showDoctors(wanted) {
    if (doctorsShown === wanted) return;
    // The doctors are ticked in the toolbar's « Agendas » menu.
    await browser.$(id('agenda-calendars')).click();
    const boxes = await browser.$$('[data-testid^="agenda-calendar-"]');
    for (const [index, box] of boxes.entries()) {
      const tick = wanted === 'all' || index < 2;
      if ((await box.isSelected()) !== tick) await box.click();
    }
    await browser.keys('Escape');
    doctorsShown = wanted;
    await sleep(300);
  }

  async function weeks(doctors = 'two', series = results, screenshot = false) {
    await browser.keys(['Alt', '4']);
    await browser.$(id('agenda-next')).waitForDisplayed({ timeout: 10_000 });
    await showDoctors(doctors);
    await sleep(300);
    for (const button of ['agenda-next', 'agenda-next', 'agenda-next', 'agenda-prev', 'agenda-prev', 'agenda-prev']) {
      const before = await browser.execute(
        () => document.querySelector('[data-testid="agenda-period"]')?.textContent ?? '',
      );
      await browser.$(id(button)).click();
      series.weekSwitch.push(await settle(browser, 'week', before));
      // The same switch, split: click → answer of the IPC call, → grid
      // rebuilt by the page (Svelte), → the frame showing it begins; the
      // rest is WebKit's style, layout, paint and presentation.
      const split = await browser.execute(() => {
        const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null;
        const answer = last('carnet-agenda-answer');
        const rendered = last('carnet-agenda-rendered');
        const { start, frame } = window.__bench;
        return answer !== null && rendered !== null && answer >= start
          ? { answer: answer - start, rendered: rendered - start, frame: frame - start }
          : null;
      });
      if (split) {
        series.weekAnswer.push(split.answer);
        series.weekRendered.push(split.rendered);
        series.weekFrame.push(split.frame);
      }
    }
    if (screenshot) await shot(browser, doctors === 'all' ? 'bench-05-agenda-five' : 'bench-04-agenda');
  }

  // All five doctors: 10 × 6 switches.
  const fiveDoctors = { weekSwitch: [], weekAnswer: [], weekRendered: [], weekFrame: [] };
  for (let i = 0; i < 10; i++) await weeks('all', fiveDoctors, i === 0);

  // The share of the IPC call and the core in those figures: the same
  // commands invoked from the page without rendering anything.
  const ipcOnly = await browser.executeAsync(async (names, done) => {
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const timed = async (command, args) => {
      const started = performance.now();
      await invoke(command, args);
      return performance.now() - started;
    };
    const calendars = await invoke('list_calendars');
    const calendarIds = calendars.slice(0, 2).map((c) => c.id);
    const week = [];
    for (let i = 0; i < 60; i++) {
      const from = new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10);
      week.push(await timed('agenda_range', { calendarIds, from, days: 7 }));
    }
    const search = [];
    for (const name of names) {
      for (let length = 1; length <= 6; length++) {
        search.push(await timed('search_patients', { query: name.slice(0, length), includeArchived: false, limit: 50 }));
      }
    }
    done({ week, search });
  }, SURNAMES);
  const memoryAfterUse = memoryOf(pid);
  report = {
    machine: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1],
    minutes,
    rounds: round,
    coldStartMs,
    unlockToBannerMs,
    keystrokeToResults: summary(results.keystroke),
    openFileFromResults: summary(results.openFile),
    weekSwitch: summary(results.weekSwitch),
    // Of which: click → IPC answer, click → grid rebuilt (the rest to
    // weekSwitch is WebKit's layout and paint of the new grid).
    weekSwitchAnswer: summary(results.weekAnswer),
    weekSwitchRebuilt: summary(results.weekRendered),
    weekSwitchFrameStarts: summary(results.weekFrame),
    weekSwitchFiveDoctors: {
      shown: summary(fiveDoctors.weekSwitch),
      answer: summary(fiveDoctors.weekAnswer),
      rebuilt: summary(fiveDoctors.weekRendered),
      frameStarts: summary(fiveDoctors.weekFrame),
    },
    ipcAndCoreOnly: { weekRange: summary(ipcOnly.week), search: summary(ipcOnly.search) },
    memoryAfterOpen,
    memoryAfterUse,
    pssMBEveryMinute: memoryEveryMinute,
  };
} finally {
  await app.stop();
}
console.log(JSON.stringify(report, null, 2));
if (output) writeFileSync(output, JSON.stringify(report, null, 2));
