// The fake shell of `npm run dev` answers the patient screens with its
// fixtures (it does not search or check the way the core does: see
// mockPatients.ts).
import { invoke } from '@tauri-apps/api/core';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DuplicateCandidate, ExpiredFile, PatientDraft, PatientFile, PatientSearch } from '../api';
import { emptyDraft } from '../patients';
import { installDevMock } from './mockShell';

beforeAll(async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
  installDevMock();
  await invoke('open_demo_cabinet');
});

afterAll(() => {
  clearMocks();
});

const draft = (extra: Partial<PatientDraft>): PatientDraft => ({ ...emptyDraft(), ...extra });

describe('dev shell: patients', () => {
  it('finds the fixture files by name, accents ignored, and opens one', async () => {
    const { hits } = await invoke<PatientSearch>('search_patients', { query: 'helene', includeArchived: false, limit: 50 });
    expect(hits.map((h) => h.displayName)).toEqual(['LEFÈVRE Hélène', 'LEFEBVRE Hélène']);
    const file = await invoke<PatientFile>('get_patient', { id: hits[0]?.id });
    expect(file.gp?.id).toBe('corr-1');
    expect(file.draft.alerts).toEqual(['malentendante']);
  });

  it('has duplicates for one identity and asks before creating it again', async () => {
    const lefevre = draft({ birthName: 'Lefèvre', birthFirstNames: 'Hélène', birthDate: '03/03/1962', sex: 'F' });
    const found = await invoke<DuplicateCandidate[]>('duplicate_candidates', { draft: lefevre });
    expect(found).toHaveLength(2);
    await expect(invoke('create_patient', { draft: lefevre, confirmedNotDuplicate: false })).rejects.toMatchObject({
      kind: 'likelyDuplicate',
    });
    const created = await invoke<{ id: string }>('create_patient', { draft: lefevre, confirmedNotDuplicate: true });
    expect((await invoke<PatientFile>('get_patient', { id: created.id })).displayName).toBe('LEFÈVRE Hélène');
  });

  it('lists the expired files and merges one file into another', async () => {
    const expired = await invoke<ExpiredFile[]>('expired_files');
    expect(expired.map((f) => f.displayName)).toEqual(['DUPONT Marcel', 'GARNIER Lucie']);
    await invoke('merge_patients', { keepId: 'p-lefevre', removeId: 'p-lefebvre', takeFromRemoved: [] });
    expect((await invoke<PatientFile>('get_patient', { id: 'p-lefebvre' })).mergedInto).toBe('p-lefevre');
  });
});
