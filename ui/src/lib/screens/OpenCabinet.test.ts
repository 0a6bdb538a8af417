import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { commandError } from '../../test/fixtures';
import OpenCabinet from './OpenCabinet.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('OpenCabinet', () => {
  it('focuses the passphrase when the path comes from a recent entry', async () => {
    mockIPC(() => null);
    render(OpenCabinet, { props: { initialPath: '/a/b.carnet', name: 'Cabinet B' } });
    await Promise.resolve();
    expect(input('open-path').value).toBe('/a/b.carnet');
    expect(document.activeElement).toBe(input('open-passphrase'));
  });

  it('shows a wrong passphrase next to the field, empties it and keeps the focus there', async () => {
    mockIPC(() => {
      throw commandError('wrongPassphrase', 'Phrase de passe incorrecte. Réessayez.', null);
    });
    render(OpenCabinet, { props: { initialPath: '/a/b.carnet', name: null } });
    await fireEvent.input(input('open-passphrase'), { target: { value: 'faux' } });
    await fireEvent.click(screen.getByTestId('open-submit'));
    const error = await screen.findByTestId('error-passphrase');
    expect(error.textContent).toBe('Phrase de passe incorrecte. Réessayez.');
    await waitFor(() => expect(input('open-passphrase').value).toBe(''));
    expect(document.activeElement).toBe(input('open-passphrase'));
    expect(screen.queryByTestId('form-error')).toBeNull();
  });

  it.each(['notFound', 'notACabinet', 'damaged', 'fileInUse'] as const)(
    'shows %s next to the path',
    async (kind) => {
      mockIPC(() => {
        throw commandError(kind, `Problème : ${kind}.`, null);
      });
      render(OpenCabinet, { props: { initialPath: '/a/b.carnet', name: null } });
      await fireEvent.input(input('open-passphrase'), { target: { value: 'secret' } });
      await fireEvent.click(screen.getByTestId('open-submit'));
      expect((await screen.findByTestId('error-path')).textContent).toBe(`Problème : ${kind}.`);
      expect(input('open-passphrase').value).toBe('secret');
    },
  );

  it('shows other errors at the top of the form', async () => {
    mockIPC(() => {
      throw commandError('io', 'Le disque ne répond pas.', null);
    });
    render(OpenCabinet, { props: { initialPath: '/a/b.carnet', name: null } });
    await fireEvent.input(input('open-passphrase'), { target: { value: 'secret' } });
    await fireEvent.click(screen.getByTestId('open-submit'));
    expect((await screen.findByTestId('form-error')).textContent).toBe('Le disque ne répond pas.');
  });

  it('keeps the path when the file chooser is cancelled', async () => {
    mockIPC((cmd) => (cmd === 'pick_cabinet_file' ? null : undefined));
    render(OpenCabinet, { props: { initialPath: '/a/b.carnet', name: null } });
    await fireEvent.click(screen.getByTestId('open-browse'));
    await Promise.resolve();
    expect(input('open-path').value).toBe('/a/b.carnet');
  });
});
