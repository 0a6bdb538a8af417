// Shared fixtures for component tests (mockIPC stands in for the shell).
import type {
  AppOverview,
  CabinetSummary,
  CommandError,
  PassphraseRating,
  PatientDraft,
  PatientFile,
  PatientHit,
  PatientSearch,
} from '../lib/api';
import { emptyDraft } from '../lib/patients';

export const overview: AppOverview = {
  version: '0.1.0-test',
  recent: [],
  defaultCabinetDir: '/home/s/Documents/Carnet',
  demoPath: '/home/s/.local/share/carnet/demo.carnet',
  timeZones: [
    { id: 'Europe/Paris', label: 'France métropolitaine (Paris)' },
    { id: 'Indian/Reunion', label: 'La Réunion' },
  ],
};

export const cabinet: CabinetSummary = {
  name: 'Cabinet du Dr Martin',
  colour: '#1a7f37',
  practitioners: [{ name: 'Dr Claire Martin', specialty: 'Médecine générale' }],
  timeZone: 'Europe/Paris',
  isDemo: false,
  path: '/home/s/Documents/Carnet/cabinet-du-dr-martin.carnet',
  patientCount: 2,
  createdAt: '2026-01-05T08:30:00.000Z',
};

export function rating(acceptable: boolean, bits = acceptable ? 90 : 30): PassphraseRating {
  return {
    bits,
    acceptable,
    level: acceptable ? 'forte' : 'tresFaible',
    verdict: acceptable ? 'Solide.' : 'Trop facile à deviner.',
    reasons: acceptable ? [] : ['Elle contient un prénom courant.'],
    advice: acceptable ? [] : ['Ajoutez des mots.'],
  };
}

export function commandError(
  kind: CommandError['kind'],
  message: string,
  field: string | null = null,
): CommandError {
  return { kind, message, field };
}


export function hit(id: string, displayName: string, extra: Partial<PatientHit> = {}): PatientHit {
  return {
    id,
    displayName,
    birthDate: '03/03/1962',
    age: 64,
    sex: 'F',
    phone: null,
    archived: false,
    matched: 'prefix',
    ...extra,
  };
}

export function patientFile(
  id: string,
  displayName: string,
  draft: Partial<PatientDraft> = {},
  extra: Partial<PatientFile> = {},
): PatientFile {
  const full: PatientDraft = {
    ...emptyDraft(),
    phones: [],
    birthName: displayName.split(' ')[0] ?? displayName,
    birthFirstNames: displayName.split(' ').slice(1).join(' '),
    birthDate: '03/03/1962',
    sex: 'F',
    ...draft,
  };
  return {
    id,
    displayName,
    age: 64,
    nirDisplay: null,
    birthPlaceLabel: null,
    gp: null,
    referrer: null,
    phones: full.phones.map((p) => ({ kind: p.kind, number: p.number })),
    alerts: full.alerts,
    archived: false,
    mergedInto: null,
    retention: null,
    createdAt: '2026-05-01T08:00:00Z',
    updatedAt: '2026-05-01T08:00:00Z',
    draft: full,
    ...extra,
  };
}

/** A `Storage` kept in memory: what the page keeps on this computer, in a test. */
export function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear(),
    key: (i: number) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

/** What the shell answers to a search: these hits, out of `total`. */
export function found(hits: PatientHit[], total = hits.length): PatientSearch {
  return { hits, total, totalIsExact: true };
}
