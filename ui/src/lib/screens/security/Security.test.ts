import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../../session.svelte';
import { MARTIN, PASSPHRASE, SECRETARIAT, securityShell, type ShellOptions } from './testShell';
import Security from './Security.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
  session.apply({ state: 'none' });
});

/** The section as it shows once she is identified (the session knows who she is). */
async function show(options: ShellOptions) {
  const shell = securityShell(options);
  await session.start();
  render(Security);
  await screen.findAllByTestId('profile-row');
  return shell;
}

const rows = () => screen.getAllByTestId('profile-row');
const input = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe('Sécurité — profils', () => {
  it('shows the shell’s refusal of a second profile while the first has no PIN, then adds it once she has one', async () => {
    const shell = await show({ mode: 'open', users: [{ ...SECRETARIAT, hasPin: false, pin: null }], actor: SECRETARIAT.id });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sécurité');
    expect(rows()).toHaveLength(1);
    expect(within(rows()[0]!).getByTestId('profile-pin-state').textContent).toContain('pas de code PIN');
    expect(within(rows()[0]!).getByTestId('profile-self')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('add-profile'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('profile-name')));
    await type('profile-name', 'Dr Martin');
    await type('profile-pin', '1470');
    await type('profile-pin-confirm', '1470');
    await fireEvent.click(screen.getByTestId('profile-save'));

    // About the first profile, not the PIN typed here: on top of the form.
    const refusal = await screen.findByTestId('form-error');
    expect(refusal.textContent).toContain('définissez d\'abord le code PIN de Secrétariat');
    expect(screen.queryByTestId('error-pin')).toBeNull();
    expect(shell.users).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('profile-cancel'));

    // Her own PIN: typed twice, a slip is caught before the shell.
    await fireEvent.click(within(rows()[0]!).getByTestId('set-pin'));
    await type('pin-new', '2580');
    await type('pin-confirm', '2589');
    await fireEvent.click(screen.getByTestId('pin-save'));
    expect((await screen.findByTestId('error-pinConfirmation')).textContent).toContain('pas identiques');
    expect(shell.called('set_user_pin')).toHaveLength(0);
    // A guessable one: the shell’s message next to the field.
    await type('pin-new', '1234');
    await type('pin-confirm', '1234');
    await fireEvent.click(screen.getByTestId('pin-save'));
    expect((await screen.findByTestId('error-pin')).textContent).toContain('se devine trop vite');
    await type('pin-new', '2580');
    await type('pin-confirm', '2580');
    await fireEvent.click(screen.getByTestId('pin-save'));
    expect((await screen.findByTestId('profiles-notice')).textContent).toContain('Votre code PIN est enregistré');
    await waitFor(() => expect(within(rows()[0]!).getByTestId('profile-pin-state').textContent).toContain('code PIN défini'));
    // The focus goes back to the button that opened the form.
    expect(document.activeElement).toBe(within(rows()[0]!).getByTestId('set-pin'));

    await fireEvent.click(screen.getByTestId('add-profile'));
    await type('profile-name', 'Dr Martin');
    await fireEvent.click(screen.getByTestId('profile-role-utilisateur'));
    await type('profile-pin', '1470');
    await type('profile-pin-confirm', '1470');
    await fireEvent.click(screen.getByTestId('profile-save'));
    expect((await screen.findByTestId('profiles-notice')).textContent).toContain('Profil « Dr Martin » ajouté');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(shell.called('create_user').at(-1)?.args).toEqual({
      draft: { name: 'Dr Martin', role: 'utilisateur' },
      pin: '1470',
    });
    // Two profiles: the PIN can no longer be removed.
    expect(screen.queryByTestId('clear-pin')).toBeNull();
  });

  it('offers to remove the PIN only with a single profile, after confirmation', async () => {
    const shell = await show({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    await fireEvent.click(screen.getByTestId('clear-pin'));
    await fireEvent.click(await screen.findByTestId('clear-pin-confirm'));
    expect((await screen.findByTestId('profiles-notice')).textContent).toContain('Code PIN de Secrétariat retiré');
    expect(shell.called('clear_user_pin')[0]?.args).toEqual({ id: SECRETARIAT.id });
  });

  it('leaves a « Utilisateur » profile her own PIN only', async () => {
    await show({ mode: 'open', users: [SECRETARIAT, MARTIN], actor: MARTIN.id });
    expect(screen.getByTestId('security-not-admin')).toBeTruthy();
    expect(screen.queryByTestId('add-profile')).toBeNull();
    expect(screen.queryByTestId('edit-profile')).toBeNull();
    const own = rows().find((r) => r.getAttribute('data-user') === MARTIN.id)!;
    const other = rows().find((r) => r.getAttribute('data-user') === SECRETARIAT.id)!;
    expect(within(own).getByTestId('set-pin').textContent).toContain('Changer le code PIN');
    expect(within(other).queryByTestId('set-pin')).toBeNull();
    await waitFor(() => expect(input('security-idle-minutes').disabled).toBe(true));
    expect(screen.queryByTestId('security-settings-save')).toBeNull();
  });
});

describe('Sécurité — verrouillage automatique', () => {
  it('saves the minutes and the idle timer’s delay follows', async () => {
    const shell = await show({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    await waitFor(() => expect(input('security-idle-minutes').value).toBe('5'));
    expect(input('security-audit-days').value).toBe('365');
    expect(session.idleLockMinutes).toBe(5);

    await type('security-idle-minutes', '90');
    await fireEvent.click(screen.getByTestId('security-settings-save'));
    expect((await screen.findByTestId('error-idleLockMinutes')).textContent).toContain('entre 1 et 60 minutes');
    expect(session.idleLockMinutes).toBe(5);

    await type('security-idle-minutes', '12');
    await type('security-audit-days', '730');
    await fireEvent.click(screen.getByTestId('security-settings-save'));
    expect((await screen.findByTestId('security-settings-notice')).textContent).toContain('12 min');
    expect(shell.called('save_security_settings').at(-1)?.args).toEqual({
      settings: { idleLockMinutes: 12, auditRetentionDays: 730, pinMinDigits: 6 },
    });
    expect(screen.queryByTestId('error-idleLockMinutes')).toBeNull();
    await waitFor(() => expect(session.idleLockMinutes).toBe(12));
  });
});

describe('Sécurité — longueur des codes PIN', () => {
  it('keeps six digits by default, lets an administrator allow four, and says what a PIN protects', async () => {
    const shell = await show({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    const digits = () => screen.getByTestId('security-pin-digits') as HTMLSelectElement;
    await waitFor(() => expect(digits().value).toBe('6'));
    const help = screen.getByTestId('security-pin-help').textContent ?? '';
    expect(help).toContain('personne de passage');
    expect(help).toContain('ordinateur volé');
    expect(help).toContain('1 000 000');

    await fireEvent.change(digits(), { target: { value: '4' } });
    await fireEvent.click(screen.getByTestId('security-settings-save'));
    await screen.findByTestId('security-settings-notice');
    expect(shell.called('save_security_settings').at(-1)?.args).toEqual({
      settings: { idleLockMinutes: 5, auditRetentionDays: 365, pinMinDigits: 4 },
    });
  });
});

describe('Sécurité — phrase de passe', () => {
  const STRONG = 'girafe boussole tempête velours';

  it('puts each refusal next to its field, then confirms the change', async () => {
    const shell = await show({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    const submit = () => fireEvent.click(screen.getByTestId('security-passphrase-submit'));

    await submit();
    expect((await screen.findByTestId('error-current')).textContent).toContain('phrase de passe actuelle');

    await type('security-current-passphrase', 'pas la bonne');
    await type('security-new-passphrase', STRONG);
    await type('security-confirm-passphrase', STRONG);
    await submit();
    await waitFor(() => expect(screen.getByTestId('error-current').textContent).toContain('Phrase de passe incorrecte'));
    expect(screen.queryByTestId('error-new')).toBeNull();
    expect(input('security-current-passphrase').value).toBe('');
    expect(document.activeElement).toBe(input('security-current-passphrase'));

    await type('security-current-passphrase', PASSPHRASE);
    await type('security-new-passphrase', 'court');
    await type('security-confirm-passphrase', 'court');
    await submit();
    await waitFor(() => expect(screen.getByTestId('error-new').textContent).toContain('Trop facile à deviner'));
    expect(screen.queryByTestId('error-current')).toBeNull();

    // A typing slip in the confirmation never reaches the shell.
    const before = shell.called('change_passphrase').length;
    await type('security-new-passphrase', STRONG);
    await type('security-confirm-passphrase', `${STRONG}x`);
    await submit();
    expect((await screen.findByTestId('error-confirmation')).textContent).toContain('pas identiques');
    expect(shell.called('change_passphrase')).toHaveLength(before);

    await type('security-confirm-passphrase', STRONG);
    await submit();
    expect((await screen.findByTestId('security-passphrase-done')).textContent).toContain('fiche de secours');
    expect(shell.called('change_passphrase').at(-1)?.args).toEqual({
      current: PASSPHRASE,
      new: STRONG,
      confirmation: STRONG,
    });
    expect(input('security-new-passphrase').value).toBe('');
  });

  it('rates the new passphrase and can suggest one', async () => {
    await show({ mode: 'open', users: [SECRETARIAT], actor: SECRETARIAT.id });
    await fireEvent.click(screen.getByTestId('security-suggest'));
    await waitFor(() => expect(input('security-new-passphrase').value).toBe('girafe-boussole-tempête-velours-carafe'));
    expect(input('security-confirm-passphrase').value).toBe('girafe-boussole-tempête-velours-carafe');
    await waitFor(() => expect(screen.getByTestId('strength-meter').dataset['acceptable']).toBe('true'));
  });
});
