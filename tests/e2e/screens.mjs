// The main screens of the demo cabinet at one screen size, for a human to
// look at (not a test: nothing is asserted). `make screens SIZE=1920x1080`
// runs it under an Xvfb screen of that size; the pictures land in
// tests/e2e/screenshots/size-<W>x<H>-*.png.
import { launch, id, shot } from './harness.mjs';

const [width, height] = (process.env.CARNET_SCREEN_SIZE ?? '1280x800').split('x').map(Number);
const name = (screen) => `size-${width}x${height}-${screen}`;

const app = await launch();
const { browser } = app;
try {
  await browser.setWindowSize(width, height);
  const demo = await browser.$(id('open-demo'));
  await demo.waitForDisplayed({ timeout: 20_000 });
  await demo.click();
  await browser.$(id('cabinet-name-banner')).waitForDisplayed({ timeout: 60_000 });
  await browser.pause(800);
  await shot(browser, name('1-home'));

  // Alt + digit: the navigation's own shortcuts.
  const screens = [
    ['2', '2-patients', null],
    ['4', '4-agenda', 'appointment-block'],
    ['5', '5-waiting-room', null],
    ['6', '6-reports', 'work-list'],
    ['7', '7-messages', null],
  ];
  for (const [digit, screen, ready] of screens) {
    await browser.keys(['Alt', digit]);
    if (ready) await browser.$(id(ready)).waitForDisplayed({ timeout: 10_000 });
    await browser.pause(800);
    await shot(browser, name(screen));
  }
  await browser.keys(['Alt', '4']);
  await browser.$(id('agenda-view-week')).click();
  await browser.$(id('appointment-block')).waitForDisplayed({ timeout: 10_000 });
  await browser.pause(800);
  await shot(browser, name('4b-agenda-week'));
} finally {
  await app.stop();
}
