import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatientRow, SessionState } from './lib/api';
import { cabinet, commandError, overview } from './test/fixtures';
import App from './App.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const patients: PatientRow[] = [
  { id: '1', displayName: 'DUBOIS Camille', birthDate: '1987-03-09', sex: 'F' },
  { id: '2', displayName: 'DURAND Louis', birthDate: '2015-11-30', sex: 'M' },
];

function fakeShell(initial: SessionState) {
  let state = initial;
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'session_state':
        return state;
      case 'app_overview':
        return { ...overview, recent: [{ name: cabinet.name, colour: cabinet.colour, path: cabinet.path }] };
      case 'list_patients':
        return patients.filter((p) => p.displayName.toLowerCase().includes(String(a['query']).toLowerCase()));
      case 'lock_cabinet':
        state = { state: 'locked', cabinet: { name: cabinet.name, colour: cabinet.colour, path: cabinet.path } };
        return state.cabinet;
      case 'unlock_cabinet':
        if (a['passphrase'] !== 'bonne phrase') {
          throw commandError('wrongPassphrase', 'Phrase de passe incorrecte.', 'passphrase');
        }
        state = { state: 'open', cabinet };
        return cabinet;
      case 'close_cabinet':
        state = { state: 'none' };
        return null;
      default:
        return null;
    }
  });
}

describe('App', () => {
  it('starts on the launcher with the recent cabinets', async () => {
    fakeShell({ state: 'none' });
    render(App);
    const recent = await screen.findByTestId('recent-item');
    expect(recent.textContent).toContain(cabinet.name);
    expect(document.title).toBe('Carnet');
    await fireEvent.click(recent);
    expect((await screen.findByTestId('open-path') as HTMLInputElement).value).toBe(cabinet.path);
  });

  it('locks with Ctrl+L, unmounting every patient view, and unlocks', async () => {
    fakeShell({ state: 'open', cabinet });
    render(App);
    expect((await screen.findByTestId('cabinet-name-banner')).textContent).toBe(cabinet.name);
    expect(document.title).toBe(`Carnet — ${cabinet.name}`);

    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const search = await screen.findByTestId('patient-search');
    await waitFor(() => expect(screen.getAllByTestId('patient-row')).toHaveLength(2));
    expect(document.activeElement).toBe(search);
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect(screen.getAllByTestId('patient-row')[0]?.getAttribute('aria-current')).toBe('true');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    expect(screen.queryByTestId('patient-row')).toBeNull();
    expect(screen.queryByTestId('patient-search')).toBeNull();
    expect(document.body.textContent).not.toContain('DUBOIS');
    expect(document.title).toBe('Carnet — verrouillé');
    expect(document.activeElement).toBe(screen.getByTestId('unlock-passphrase'));

    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'mauvaise' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toBe('Phrase de passe incorrecte.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('unlock-passphrase')));

    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'bonne phrase' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await screen.findByTestId('cabinet-name-banner');
    expect(document.title).toBe(`Carnet — ${cabinet.name}`);
  });

  it('opens the help with F1 and closes it with Escape', async () => {
    fakeShell({ state: 'open', cabinet });
    render(App);
    await screen.findByTestId('cabinet-name-banner');
    await fireEvent.keyDown(window, { key: 'F1' });
    const help = screen.getByTestId('help-panel') as HTMLDialogElement;
    await waitFor(() => expect(help.open).toBe(true));
    expect(help.textContent).toContain('Verrouiller le cabinet');
    await fireEvent.keyDown(help, { key: 'Escape' });
    await waitFor(() => expect(help.open).toBe(false));
  });

  it('goes back to the launcher when the cabinet is closed', async () => {
    fakeShell({ state: 'open', cabinet });
    render(App);
    await fireEvent.click(await screen.findByTestId('close-button'));
    await screen.findByTestId('create-cabinet');
    expect(document.title).toBe('Carnet');
  });
});
