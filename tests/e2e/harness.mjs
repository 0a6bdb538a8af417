// Starts the real Carnet binary through tauri-driver (which drives Debian's
// WebKitWebDriver) with a throw-away home folder, and hands back a
// WebdriverIO browser. One app per test file; screenshots land in
// tests/e2e/screenshots/ for a human to look at.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'carnet-target');
export const APP = process.env.CARNET_APP || join(targetDir, 'debug', 'carnet');
export const ADMIN = process.env.CARNET_ADMIN || join(targetDir, 'debug', 'carnet-admin');
export const SCREENSHOTS = join(here, 'screenshots');
const tauriDriver = process.env.TAURI_DRIVER || join(homedir(), '.cargo', 'bin', 'tauri-driver');

let nextPort = 4444 + Math.floor(Math.random() * 200) * 2;

/** A fresh home for the app: its config, data and documents folders. */
export function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'carnet-e2e-'));
  for (const dir of ['.config', '.local/share', 'Documents', 'tmp']) mkdirSync(join(home, dir), { recursive: true });
  return home;
}

export async function launch(home = freshHome()) {
  const port = nextPort;
  nextPort += 2;
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_DOCUMENTS_DIR: join(home, 'Documents'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // Temp files too, so the leak scan sees everything the app wrote.
    TMPDIR: join(home, 'tmp'),
    // WebKitGTK's sandbox needs user namespaces, absent in CI containers.
    WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1',
  };
  // Its own process group: stopping kills the driver, WebKitWebDriver, the
  // app and WebKit's helpers together, so nothing outlives the test file
  // (an orphan app would hold the test runner's output open).
  const driver = spawn(tauriDriver, ['--port', String(port), '--native-port', String(port + 1)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  await sleep(500);
  let browser;
  for (let attempt = 0; ; attempt++) {
    try {
      browser = await remote({
        hostname: '127.0.0.1',
        port,
        logLevel: 'error',
        connectionRetryCount: 0,
        capabilities: { 'tauri:options': { application: APP } },
      });
      break;
    } catch (error) {
      if (attempt >= 20) {
        driver.kill();
        throw error;
      }
      await sleep(500);
    }
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    home,
    async stop() {
      try {
        await Promise.race([browser.deleteSession(), sleep(10_000)]);
      } catch {
        /* the app may already be gone */
      }
      await sleep(300);
      try {
        process.kill(-driver.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await sleep(200);
    },
  };
}

/** `data-testid` selector. */
export const id = (testId) => `[data-testid="${testId}"]`;

/** Calls a command the way the page does (test set-up only). */
export function invoke(browser, command, args = {}) {
  return browser.execute(
    (name, payload) => window.__TAURI_INTERNALS__.invoke(name, payload),
    command,
    args,
  );
}

/** Clicks an element once it can be clicked. */
export async function click(browser, testId) {
  const element = await browser.$(id(testId));
  await element.waitForClickable({ timeout: 10_000 });
  await element.click();
}

export async function shot(browser, name) {
  await browser.saveScreenshot(join(SCREENSHOTS, `${name}.png`));
}

/** Types into a field, replacing what was there. */
export async function fill(browser, testId, text) {
  const field = await browser.$(id(testId));
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/**
 * An element's text. WebKitWebDriver's getText() answers '' for text in a
 * box with `overflow: hidden; text-overflow: ellipsis` (the top bar's
 * cabinet name) even though it is drawn — see the screenshots — so read
 * the DOM text instead.
 */
export async function textOf(element) {
  return String(await element.getProperty('textContent')).trim();
}

/**
 * Opens the demo cabinet and gives its first practitioner a profile of his
 * own with `pin` (the secretary's profile gets one first, as a second
 * profile requires); answers that practitioner.
 */
export async function demoWithDoctorProfile(browser, pin) {
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 30_000 });
  const [doctor] = await invoke(browser, 'list_practitioners');
  const session = await invoke(browser, 'session_state');
  await invoke(browser, 'set_user_pin', { id: session.user.id, pin: '258046' });
  const profile = await invoke(browser, 'create_user', { draft: { name: doctor.name, role: 'utilisateur' }, pin });
  await invoke(browser, 'link_user_to_practitioner', { userId: profile.id, practitionerId: doctor.id });
  return doctor;
}

/** xdotool drives the native GTK dialogs (WebDriver sees only the page). */
export const hasXdotool = (() => {
  try {
    execFileSync('xdotool', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
export const xdotool = (...args) => execFileSync('xdotool', args, { encoding: 'utf8' }).trim();

/** The id of the visible window whose title matches, once it shows. */
export async function windowNamed(pattern) {
  for (let i = 0; i < 60; i++) {
    try {
      const found = xdotool('search', '--onlyvisible', '--name', pattern);
      if (found) return found.split('\n').at(-1);
    } catch {
      /* not there yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no window named ${pattern}`);
}
