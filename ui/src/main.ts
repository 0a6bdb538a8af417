import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { setLocale } from './lib/i18n';
import { applyZoom, localStorageOrNull, readZoom } from './lib/zoom';

async function start(): Promise<void> {
  // Outside Tauri (`npm run dev` in a plain browser) there is no shell to
  // talk to: install a fake one so the screens can be looked at. Dropped from
  // production builds.
  if (import.meta.env.DEV && !('__TAURI_INTERNALS__' in window)) {
    const { installDevMock } = await import('./lib/dev/mockShell');
    installDevMock();
  }
  setLocale('fr');
  // The text size chosen on this computer, before the first screen is drawn.
  applyZoom(document.documentElement, readZoom(localStorageOrNull()));
  const target = document.getElementById('app');
  if (target) mount(App, { target });
}

void start();
