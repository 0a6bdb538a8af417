import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ChainReport, User } from '../../safety';
import { session } from '../../session.svelte';
import { cabinet, found, hit } from '../../../test/fixtures';
import AuditLog from './AuditLog.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const called = (cmd: string) => calls.filter((c) => c.cmd === cmd);

const ADMIN: User = { id: 'u-1', name: 'Secrétariat', role: 'administrateur', hasPin: true, active: true };
const DOCTOR: User = { id: 'u-2', name: 'Dr Martin', role: 'utilisateur', hasPin: true, active: true };
const GONE: User = { id: 'u-3', name: 'Ancienne remplaçante', role: 'utilisateur', hasPin: false, active: false };

function entry(seq: number, at: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at,
    userName: 'Dr Martin',
    action: 'open',
    objectKind: 'patient',
    objectId: 'p-1',
    patientId: 'p-1',
    patientLabel: 'DUBOIS Martine',
    detail: null,
    description: 'Ouverture du dossier patient',
    ...extra,
  };
}

const ENTRIES: AuditEntry[] = [
  entry(12, '2026-11-23T13:05:00Z'),
  entry(11, '2026-11-23T10:00:00Z', {
    action: 'delete',
    patientId: 'p-9',
    patientLabel: null,
    description: 'Suppression du dossier patient',
  }),
  entry(10, '2026-11-23T08:00:00Z', {
    userName: null,
    action: 'unlock_failed',
    objectKind: 'cabinet',
    patientId: null,
    patientLabel: null,
    description: 'Échec de déverrouillage',
  }),
];

function shell({
  user = ADMIN,
  entries = ENTRIES,
  report = null as ChainReport | null,
  removed = 0,
} = {}) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'session_state':
        return { state: 'open', cabinet, user, users: [], idleLockMinutes: 5 };
      case 'list_users':
        return [ADMIN, DOCTOR, GONE];
      case 'audit_entries':
        return entries;
      case 'audit_actions':
        return [
          { code: 'open', label: 'Ouverture' },
          { code: 'print', label: 'Impression' },
        ];
      case 'search_patients':
        return found([hit('p-1', 'DUBOIS Martine')]);
      case 'verify_audit':
        return report;
      case 'security_settings':
        return { idleLockMinutes: 5, auditRetentionDays: 365, pinMinDigits: 6 };
      case 'prune_audit':
        return removed;
      default:
        return null;
    }
  });
}

beforeEach(() => {
  calls.length = 0;
  session.cabinet = cabinet;
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.cabinet = null;
});

const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => plain(td));
const plain = (el: Element | null) => (el?.textContent ?? '').replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();

describe('audit trail viewer', () => {
  it('shows date and time in the cabinet’s zone, profile, action and patient', async () => {
    shell();
    render(AuditLog);
    const rows = await screen.findAllByTestId('audit-entry');
    expect(rows).toHaveLength(3);
    expect(cells(rows[0]!)).toEqual(['23/11/2026 14:05', 'Dr Martin', 'Ouverture du dossier patient', 'DUBOIS Martine']);
    expect(cells(rows[1]!)[3]).toBe('dossier supprimé');
    expect(cells(rows[2]!)).toEqual(['23/11/2026 09:00', '—', 'Échec de déverrouillage', '—']);
    expect(called('audit_entries')[0]?.args).toEqual({
      filter: { patientId: null, userId: null, from: null, to: null, action: null, limit: 500 },
    });
  });

  it('sends the chosen filters to the shell and keeps only the cabinet’s days asked', async () => {
    shell({
      entries: [
        // 24/11 00:30 in Paris: after the period.
        entry(3, '2026-11-23T23:30:00Z'),
        // 23/11 23:30 in Paris: inside, though the 22nd in UTC.
        entry(2, '2026-11-22T23:30:00Z'),
        // 22/11 13:00 in Paris: before.
        entry(1, '2026-11-22T12:00:00Z'),
      ],
    });
    render(AuditLog);
    await screen.findAllByTestId('audit-entry');
    // The profile list, inactive ones said so.
    await screen.findByText('Ancienne remplaçante (désactivé)');

    const patient = screen.getByTestId('audit-filter-patient');
    await fireEvent.input(patient, { target: { value: 'dub' } });
    await fireEvent.click(await screen.findByTestId('audit-patient-option'));
    await fireEvent.change(screen.getByTestId('audit-filter-user'), { target: { value: 'u-2' } });
    await fireEvent.input(screen.getByTestId('audit-filter-from'), { target: { value: '23/11/2026' } });
    await fireEvent.input(screen.getByTestId('audit-filter-to'), { target: { value: '23/11/2026' } });
    await fireEvent.change(screen.getByTestId('audit-filter-action'), { target: { value: 'print' } });
    await fireEvent.click(screen.getByTestId('audit-apply'));

    await waitFor(() => expect(called('audit_entries')).toHaveLength(2));
    // A day more on each side (the shell counts UTC days); sorted out here.
    expect(called('audit_entries')[1]?.args).toEqual({
      filter: { patientId: 'p-1', userId: 'u-2', from: '2026-11-22', to: '2026-11-24', action: 'print', limit: 500 },
    });
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(1));
    expect(plain(screen.getByTestId('audit-entry'))).toContain('23/11/2026 00:30');
  });

  it('refuses a date that is not one, without asking the shell', async () => {
    shell();
    render(AuditLog);
    await screen.findAllByTestId('audit-entry');
    await fireEvent.input(screen.getByTestId('audit-filter-from'), { target: { value: '31/02/2026' } });
    await fireEvent.click(screen.getByTestId('audit-apply'));
    expect(screen.getByTestId('error-from').textContent).toContain('jj/mm/aaaa');
    expect(called('audit_entries')).toHaveLength(1);
  });

  it('says the journal is intact, with its entries', async () => {
    shell({
      report: { entries: 1234, firstSeq: 1, lastSeq: 1234, lastHash: 'ab', brokenAt: null, clockWentBackAt: null },
    });
    render(AuditLog);
    await fireEvent.click(screen.getByTestId('audit-verify'));
    const ok = await screen.findByTestId('audit-verify-ok');
    expect(plain(ok)).toBe('✓ Journal intact : 1 234 entrées (n° 1 à 1 234).');
    expect(screen.queryByTestId('audit-verify-broken')).toBeNull();
  });

  it('says where the journal was altered', async () => {
    shell({
      report: {
        entries: 56,
        firstSeq: 1,
        lastSeq: 120,
        lastHash: 'ab',
        brokenAt: { seq: 57, at: '2026-11-23T13:05:00Z', problem: 'le contenu de l’entrée a été modifié' },
        clockWentBackAt: null,
      },
    });
    render(AuditLog);
    await fireEvent.click(screen.getByTestId('audit-verify'));
    const broken = await screen.findByTestId('audit-verify-broken');
    expect(plain(broken)).toContain(
      'Journal altéré à l’entrée n° 57 (23/11/2026 14:05) : le contenu de l’entrée a été modifié.',
    );
    expect(broken.getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('audit-verify-ok')).toBeNull();
  });

  it('says changes were made without entries, not at an entry that does not exist', async () => {
    shell({
      report: {
        entries: 10,
        firstSeq: 1,
        lastSeq: 10,
        lastHash: 'ab',
        brokenAt: { seq: 11, at: null, problem: '1 modification(s) faite(s) sans entrée au journal' },
        clockWentBackAt: null,
      },
    });
    render(AuditLog);
    await fireEvent.click(screen.getByTestId('audit-verify'));
    const broken = await screen.findByTestId('audit-verify-broken');
    expect(plain(broken)).toContain('Journal altéré : 1 modification(s) faite(s) sans entrée au journal.');
    expect(plain(broken)).not.toContain('n° 11');
  });

  it('says when an entry is stamped before the one before it', async () => {
    shell({
      report: { entries: 10, firstSeq: 1, lastSeq: 10, lastHash: 'ab', brokenAt: null, clockWentBackAt: 7 },
    });
    render(AuditLog);
    expect(screen.queryByTestId('audit-clock-went-back')).toBeNull();
    await fireEvent.click(screen.getByTestId('audit-verify'));
    const warning = await screen.findByTestId('audit-clock-went-back');
    expect(plain(warning)).toContain('L’entrée n° 7 est datée d’avant la précédente');
    expect(screen.getByTestId('audit-verify-ok')).toBeTruthy();
  });

  it('says honestly what the journal proves and what it cannot', async () => {
    shell({});
    render(AuditLog);
    const help = plain(await screen.findByTestId('audit-help'));
    expect(help).toContain('Ce que le journal prouve, et ce qu’il ne prouve pas');
    expect(help).toContain('le code source de Carnet peut fabriquer un fichier entier');
    expect(help).toContain('hors du fichier');
    expect(help).toContain('aucune purge n’est faite automatiquement');
  });

  it('purges old entries only after confirmation and says how many went', async () => {
    shell({ removed: 120 });
    render(AuditLog);
    await fireEvent.click(await screen.findByTestId('audit-prune'));
    await screen.findByText(/plus de 365 jours/);
    expect(called('prune_audit')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('audit-prune-confirm'));
    const done = await screen.findByTestId('audit-prune-done');
    expect(done.textContent).toBe('120 entrées anciennes supprimées.');
    expect(called('prune_audit')).toHaveLength(1);
    // The list is read again.
    await waitFor(() => expect(called('audit_entries')).toHaveLength(2));
  });

  it('does not offer the purge to a profile that is not administrator', async () => {
    shell({ user: DOCTOR });
    render(AuditLog);
    await screen.findAllByTestId('audit-entry');
    await waitFor(() => expect(called('session_state')).toHaveLength(1));
    expect(screen.queryByTestId('audit-prune')).toBeNull();
  });
});
