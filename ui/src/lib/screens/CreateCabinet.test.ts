import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewCabinetRequest } from '../api';
import { session } from '../session.svelte';
import { cabinet, commandError, overview, rating } from '../../test/fixtures';
import CreateCabinet from './CreateCabinet.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const byId = (id: string) => screen.getByTestId(id) as HTMLInputElement;

function type(id: string, value: string) {
  return fireEvent.input(byId(id), { target: { value } });
}

describe('CreateCabinet', () => {
  it('proposes a file name from the cabinet name until she edits the path', async () => {
    mockIPC(() => null);
    render(CreateCabinet, { props: { overview } });
    await type('cabinet-name', 'Cabinet du Dr Lefèvre');
    expect(byId('cabinet-path').value).toBe('/home/s/Documents/Carnet/cabinet-du-dr-lefevre.carnet');
    await type('cabinet-path', '/media/usb/lefevre.carnet');
    await type('cabinet-name', 'Cabinet Lefèvre');
    expect(byId('cabinet-path').value).toBe('/media/usb/lefevre.carnet');
    expect(byId('time-zone').value).toBe('Europe/Paris');
  });

  it('keeps submit disabled until the passphrase is acceptable and confirmed', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'rate_passphrase') {
        const p = (args as { passphrase: string }).passphrase;
        return rating(p.length >= 20);
      }
      return null;
    });
    render(CreateCabinet, { props: { overview } });
    const submit = screen.getByTestId('submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);

    await type('passphrase', 'court');
    await waitFor(() => expect(screen.getByTestId('strength-meter').dataset['level']).toBe('tresFaible'));
    expect(submit.disabled).toBe(true);
    // The meter says why, in the core's words.
    expect(screen.getByTestId('strength-meter').textContent).toContain('Pourquoi');
    expect(screen.getByTestId('strength-reasons').textContent).toContain('Elle contient un prénom courant.');

    await type('passphrase', 'girafe boussole tempête velours');
    await waitFor(() => expect(screen.getByTestId('strength-meter').dataset['level']).toBe('forte'));
    expect(submit.disabled).toBe(true);
    expect(screen.queryByTestId('strength-reasons')).toBeNull();

    await type('passphrase-confirm', 'girafe boussole tempête velourz');
    expect(screen.getByTestId('error-passphraseConfirmation').textContent).toContain(
      'Les deux phrases de passe ne correspondent pas',
    );
    expect(submit.disabled).toBe(true);

    await type('passphrase-confirm', 'girafe boussole tempête velours');
    expect(screen.queryByTestId('error-passphraseConfirmation')).toBeNull();
    expect(submit.disabled).toBe(false);
  });

  it('ignores a rating that comes back after a newer one', async () => {
    const resolvers: Array<() => void> = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'rate_passphrase') return null;
      const p = (args as { passphrase: string }).passphrase;
      // The first (short) passphrase is rated slowly and answers last.
      return new Promise((resolve) => {
        const answer = () => resolve(rating(p.length >= 20));
        if (p.length < 20) resolvers.push(answer);
        else answer();
      });
    });
    render(CreateCabinet, { props: { overview } });
    await type('passphrase', 'court');
    await new Promise((r) => setTimeout(r, 120));
    await type('passphrase', 'girafe boussole tempête velours');
    await waitFor(() => expect(screen.getByTestId('strength-meter').dataset['level']).toBe('forte'));
    resolvers.forEach((answer) => answer());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('strength-meter').dataset['level']).toBe('forte');
  });

  it('fills both fields with a suggestion and shows it in clear', async () => {
    mockIPC((cmd) => {
      if (cmd === 'suggest_passphrase') return 'girafe-boussole-tempête-velours';
      if (cmd === 'rate_passphrase') return rating(true);
      return null;
    });
    render(CreateCabinet, { props: { overview } });
    await fireEvent.click(screen.getByTestId('suggest-passphrase'));
    await waitFor(() => expect(byId('passphrase').value).toBe('girafe-boussole-tempête-velours'));
    expect(byId('passphrase-confirm').value).toBe('girafe-boussole-tempête-velours');
    expect(byId('passphrase').type).toBe('text');
  });

  it('sends the request and shows a field error next to its field', async () => {
    const requests: NewCabinetRequest[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'rate_passphrase') return rating(true);
      if (cmd === 'create_cabinet') {
        requests.push((args as { request: NewCabinetRequest }).request);
        throw commandError('alreadyExists', 'Un fichier existe déjà à cet endroit.', 'path');
      }
      return null;
    });
    render(CreateCabinet, { props: { overview } });
    await type('cabinet-name', ' Cabinet Martin ');
    await type('practitioner-name', 'Dr Martin');
    await type('practitioner-specialty', 'Pédiatrie');
    await type('passphrase', 'girafe boussole tempête velours');
    await type('passphrase-confirm', 'girafe boussole tempête velours');
    await waitFor(() => expect((screen.getByTestId('submit') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('submit'));

    const error = await screen.findByTestId('error-path');
    expect(error.textContent).toBe('Un fichier existe déjà à cet endroit.');
    await waitFor(() => expect(document.activeElement).toBe(byId('cabinet-path')));
    expect(requests[0]).toEqual({
      name: 'Cabinet Martin',
      practitioners: [{ name: 'Dr Martin', specialty: 'Pédiatrie' }],
      colour: '#1f6feb',
      timeZone: 'Europe/Paris',
      path: '/home/s/Documents/Carnet/cabinet-martin.carnet',
      passphrase: 'girafe boussole tempête velours',
      passphraseConfirmation: 'girafe boussole tempête velours',
    });
  });

  it('goes to the emergency sheet once created', async () => {
    mockIPC((cmd) => {
      if (cmd === 'rate_passphrase') return rating(true);
      if (cmd === 'create_cabinet') return cabinet;
      return null;
    });
    const opened = vi.spyOn(session, 'opened');
    render(CreateCabinet, { props: { overview } });
    await type('cabinet-name', 'Cabinet du Dr Martin');
    await type('passphrase', 'girafe boussole tempête velours');
    await type('passphrase-confirm', 'girafe boussole tempête velours');
    await waitFor(() => expect((screen.getByTestId('submit') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(opened).toHaveBeenCalled());
    expect(opened.mock.calls[0]?.[0]).toEqual(cabinet);
    expect(opened.mock.calls[0]?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(session.justCreated).not.toBeNull();
  });
});
