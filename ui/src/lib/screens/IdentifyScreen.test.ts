import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../session.svelte';
import { cabinet } from '../../test/fixtures';
import { MARTIN, SECRETARIAT, securityShell } from './security/testShell';
import App from '../../App.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
  session.apply({ state: 'none' });
  session.banner = null;
  session.launcher = { kind: 'home' };
});

const profiles = () => screen.getAllByTestId('profile-option');
const checked = () =>
  profiles()
    .filter((p) => p.getAttribute('aria-checked') === 'true')
    .map((p) => p.textContent ?? '');

async function typePin(pin: string) {
  await fireEvent.input(screen.getByTestId('identify-pin'), { target: { value: pin } });
  await fireEvent.click(screen.getByTestId('identify-submit'));
}

describe('IdentifyScreen', () => {
  it('asks who she is before anything of the cabinet, refuses a wrong PIN, opens with the right one', async () => {
    const shell = securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: null });
    render(App);

    const identify = await screen.findByTestId('identify-screen');
    expect(screen.getByTestId('identify-cabinet').textContent).toBe(cabinet.name);
    expect(screen.queryByTestId('cabinet-name-banner')).toBeNull();
    expect(profiles().map((p) => p.querySelector('.name')?.textContent)).toEqual(['Secrétariat', 'Dr Martin']);
    // Nothing is chosen yet: the first profile has the focus.
    await waitFor(() => expect(document.activeElement).toBe(profiles()[0]));
    expect(checked()).toEqual([]);

    // The arrows move the choice, as in any radio group.
    await fireEvent.keyDown(profiles()[0]!, { key: 'ArrowDown' });
    expect(checked()[0]).toContain('Dr Martin');
    expect(document.activeElement).toBe(profiles()[1]);
    await fireEvent.keyDown(profiles()[1]!, { key: 'ArrowDown' });
    expect(checked()[0]).toContain('Secrétariat');
    await fireEvent.keyDown(profiles()[0]!, { key: 'End' });
    expect(checked()[0]).toContain('Dr Martin');

    // Confirming the profile moves on to the PIN.
    await fireEvent.click(profiles()[1]!);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('identify-pin')));

    await typePin('9999');
    const error = await screen.findByTestId('identify-error');
    expect(error.textContent).toContain('Code PIN incorrect — encore 4 essais');
    expect((screen.getByTestId('identify-pin') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('identify-pin')));
    expect(shell.called('identify_user').at(-1)?.args).toEqual({ userId: MARTIN.id, pin: '9999' });
    expect(identify.isConnected).toBe(true);

    await typePin('1470');
    await screen.findByTestId('cabinet-name-banner');
    expect(screen.queryByTestId('identify-screen')).toBeNull();
    expect(screen.getByTestId('current-user').textContent).toContain('Dr Martin');
    expect(session.user?.id).toBe(MARTIN.id);
  });

  it('asks for a profile first and checks the PIN’s form without spending an attempt', async () => {
    const shell = securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: null });
    render(App);
    await screen.findByTestId('identify-screen');

    await typePin('2580');
    expect((await screen.findByTestId('identify-profile-error')).textContent).toContain('Choisissez d’abord votre profil');

    await fireEvent.click(profiles()[0]!);
    expect(screen.queryByTestId('identify-profile-error')).toBeNull();
    await typePin('25a');
    expect((await screen.findByTestId('identify-error')).textContent).toContain('de 4 à 8 chiffres');
    expect(shell.called('identify_user')).toHaveLength(0);
  });

  it('goes back to the launcher with the message after the fifth wrong PIN', async () => {
    securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: null, failures: 4 });
    render(App);
    await screen.findByTestId('identify-screen');
    await fireEvent.click(profiles()[0]!);
    await typePin('0101');

    const message = await screen.findByTestId('launcher-message');
    expect(message.textContent).toContain('Cinq codes PIN erronés');
    expect(screen.queryByTestId('identify-screen')).toBeNull();
    // Ready to reopen it with the passphrase.
    expect((screen.getByTestId('open-path') as HTMLInputElement).value).toBe(cabinet.path);
    expect(session.phase).toBe('none');
  });

  it('ignores the cabinet’s shortcuts until she is identified, except the lock', async () => {
    securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: null });
    render(App);
    await screen.findByTestId('identify-screen');
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await fireEvent.keyDown(window, { code: 'Digit2', key: '2', altKey: true });
    expect(screen.getByTestId('identify-screen')).toBeTruthy();
    expect(screen.queryByTestId('patient-search')).toBeNull();
    expect(session.section).toBe('home');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    // Both profiles have a PIN: either may unlock.
    expect(screen.getAllByTestId('profile-option')).toHaveLength(2);
  });

  it('closes the cabinet from the identify screen', async () => {
    const shell = securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: null });
    render(App);
    await screen.findByTestId('identify-screen');
    await fireEvent.click(screen.getByTestId('close-button'));
    await screen.findByTestId('create-cabinet');
    expect(shell.mode).toBe('none');
  });
});
