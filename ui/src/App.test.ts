import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CabinetSummary, PatientHit, SessionState } from './lib/api';
import type { User } from './lib/safety';
import { session } from './lib/session.svelte';
import { cabinet, commandError, found, hit, overview, patientFile } from './test/fixtures';
import App from './App.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
  session.apply({ state: 'none' });
  session.banner = null;
});

const SECRETARIAT: User = { id: 'u-1', name: 'Secrétariat', role: 'administrateur', hasPin: false, active: true };

/** The cabinet open, the single profile working (known at once). */
function opened(c: CabinetSummary = cabinet, idleLockMinutes = 5): SessionState {
  return { state: 'open', cabinet: c, user: SECRETARIAT, users: [], idleLockMinutes };
}

const patients: PatientHit[] = [
  hit('1', 'DUBOIS Camille', { birthDate: '09/03/1987', age: 39 }),
  hit('2', 'DURAND Louis', { birthDate: '30/11/2015', age: 10, sex: 'M' }),
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
      case 'search_patients':
        return found(patients.filter((p) => p.displayName.toLowerCase().includes(String(a['query']).toLowerCase())));
      case 'get_patient':
        return patientFile(String(a['id']), patients.find((p) => p.id === a['id'])?.displayName ?? '?');
      case 'patient_history':
        return [];
      case 'lock_cabinet': {
        const locked = {
          name: cabinet.name,
          colour: cabinet.colour,
          path: cabinet.path,
          pinUsers: [],
          attemptsLeft: 0,
        };
        state = { state: 'locked', cabinet: locked };
        return locked;
      }
      case 'unlock_cabinet':
        if (a['passphrase'] !== 'bonne phrase') {
          throw commandError('wrongPassphrase', 'Phrase de passe incorrecte.', 'passphrase');
        }
        state = opened();
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
    fakeShell(opened());
    render(App);
    expect((await screen.findByTestId('cabinet-name-banner')).textContent).toBe(cabinet.name);
    expect(document.title).toBe(`Carnet — ${cabinet.name}`);

    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const search = await screen.findByTestId('patient-search');
    expect(document.activeElement).toBe(search);
    await fireEvent.input(search, { target: { value: 'du' } });
    await waitFor(() => expect(screen.getAllByTestId('patient-result')).toHaveLength(2));
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect((await screen.findByTestId('patient-name')).textContent).toBe('DUBOIS Camille');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    expect(screen.queryByTestId('patient-file')).toBeNull();
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
    // What she had typed is gone with the lock.
    expect(session.patientQuery).toBe('');
  });

  it('locks by itself after the cabinet’s own quiet delay', async () => {
    // Two minutes in this cabinet's security settings (five by default).
    const delay = 2 * 60 * 1000;
    fakeShell(opened(cabinet, 2));
    render(App);
    await screen.findByTestId('cabinet-name-banner');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // Activity re-arms the countdown (now on the fake clock).
      await fireEvent.mouseMove(window);
      vi.advanceTimersByTime(delay - 1000);
      expect(screen.queryByTestId('lock-screen')).toBeNull();
      await fireEvent.keyDown(window, { key: 'a' });
      vi.advanceTimersByTime(delay - 1000);
      expect(screen.queryByTestId('lock-screen')).toBeNull();
      vi.advanceTimersByTime(1000);
    } finally {
      vi.useRealTimers();
    }
    await screen.findByTestId('lock-screen');
    expect(document.title).toBe('Carnet — verrouillé');
  });

  it('shows who is working next to the lock button', async () => {
    fakeShell(opened());
    render(App);
    const user = await screen.findByTestId('current-user');
    expect(user.textContent).toContain('Secrétariat');
    // Right over the lock button, in the same corner of the bar.
    expect(user.parentElement?.contains(screen.getByTestId('lock-button'))).toBe(true);
  });

  it('opens the help with F1 and closes it with Escape', async () => {
    fakeShell(opened());
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
    fakeShell(opened());
    render(App);
    await fireEvent.click(await screen.findByTestId('close-button'));
    await screen.findByTestId('create-cabinet');
    expect(document.title).toBe('Carnet');
  });
});
