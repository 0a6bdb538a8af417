// Shared fixtures for component tests (mockIPC stands in for the shell).
import type { AppOverview, CabinetSummary, CommandError, PassphraseRating } from '../lib/api';

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
