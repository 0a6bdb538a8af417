import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../session.svelte';
import { cabinet } from '../../test/fixtures';
import { MARTIN, PASSPHRASE, SECRETARIAT, securityShell } from './security/testShell';
import App from '../../App.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
  session.apply({ state: 'none' });
  session.banner = null;
  session.launcher = { kind: 'home' };
});

const profiles = () => screen.getAllByTestId('profile-option');

async function typePin(pin: string) {
  await fireEvent.input(screen.getByTestId('unlock-pin'), { target: { value: pin } });
  await fireEvent.click(screen.getByTestId('unlock-submit'));
}

describe('LockScreen with PIN profiles', () => {
  it('unlocks with the chosen profile’s PIN and tells the attempts left after a wrong one', async () => {
    const shell = securityShell({ mode: 'locked', users: [SECRETARIAT, MARTIN] });
    render(App);
    await screen.findByTestId('lock-pin-form');
    expect(screen.queryByTestId('unlock-passphrase')).toBeNull();
    expect(profiles()).toHaveLength(2);

    // A PIN without a profile: she is asked to choose first.
    await typePin('1470');
    expect((await screen.findByTestId('lock-profile-error')).textContent).toContain('Choisissez d’abord votre profil');
    expect(shell.called('unlock_with_pin')).toHaveLength(0);

    await fireEvent.click(profiles()[1]!);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('unlock-pin')));
    await typePin('1111');
    expect((await screen.findByTestId('unlock-pin-error')).textContent).toBe(
      'Code PIN incorrect — encore 4 essais.',
    );
    await typePin('0000');
    await waitFor(() =>
      expect(screen.getByTestId('unlock-pin-error').textContent).toBe('Code PIN incorrect — encore 3 essais.'),
    );
    expect((screen.getByTestId('unlock-pin') as HTMLInputElement).value).toBe('');

    await typePin('1470');
    await screen.findByTestId('cabinet-name-banner');
    expect(screen.getByTestId('current-user').textContent).toContain('Dr Martin');
    expect(shell.called('unlock_with_pin').at(-1)?.args).toEqual({ userId: MARTIN.id, pin: '1470' });
  });

  it('closes the cabinet after the fifth wrong PIN and says so on the launcher', async () => {
    securityShell({ mode: 'locked', users: [SECRETARIAT, MARTIN], failures: 3 });
    render(App);
    await screen.findByTestId('lock-pin-form');
    await fireEvent.click(profiles()[0]!);
    await typePin('9876');
    expect((await screen.findByTestId('unlock-pin-error')).textContent).toContain('encore 1 essai.');
    expect(screen.getByTestId('unlock-pin-error').textContent).toContain('le cabinet se ferme');
    await typePin('9875');

    const message = await screen.findByTestId('launcher-message');
    expect(message.textContent).toContain('Cinq codes PIN erronés');
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect((screen.getByTestId('open-path') as HTMLInputElement).value).toBe(cabinet.path);
    expect(document.title).toBe('Carnet');
  });

  it('falls back to the passphrase, and back to the PIN', async () => {
    const shell = securityShell({ mode: 'locked', users: [SECRETARIAT, MARTIN] });
    render(App);
    await screen.findByTestId('lock-pin-form');

    await fireEvent.click(screen.getByTestId('use-passphrase'));
    const field = screen.getByTestId('unlock-passphrase');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.queryByTestId('lock-pin-form')).toBeNull();

    await fireEvent.click(screen.getByTestId('use-pin'));
    await screen.findByTestId('lock-pin-form');
    await fireEvent.click(screen.getByTestId('use-passphrase'));

    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'mauvaise' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toBe('Phrase de passe incorrecte.');

    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    // Two profiles: after the passphrase, she still says who she is.
    await screen.findByTestId('identify-screen');
    expect(shell.called('unlock_with_pin')).toHaveLength(0);
  });

  it('with a single PIN profile, Ctrl+L then the PIN alone (already chosen)', async () => {
    securityShell({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    render(App);
    await screen.findByTestId('cabinet-name-banner');
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });

    await screen.findByTestId('lock-pin-form');
    expect(screen.getByTestId('lock-only-profile').textContent).toContain('Secrétariat');
    expect(screen.queryByTestId('profile-option')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('unlock-pin')));

    await fireEvent.input(screen.getByTestId('unlock-pin'), { target: { value: '2580' } });
    await fireEvent.submit(screen.getByTestId('unlock-pin').closest('form')!);
    await screen.findByTestId('cabinet-name-banner');
  });

  it('pre-chooses the profile that locked', async () => {
    securityShell({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: MARTIN.id });
    render(App);
    await screen.findByTestId('cabinet-name-banner');
    await fireEvent.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('lock-pin-form');
    const chosen = profiles().filter((p) => p.getAttribute('aria-checked') === 'true');
    expect(chosen.map((p) => p.getAttribute('data-user'))).toEqual([MARTIN.id]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('unlock-pin')));
  });
});
