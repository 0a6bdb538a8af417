// A fake Rust shell for `npm run dev` in a plain browser, so the screens can be
// looked at without Tauri. Loaded only when `import.meta.env.DEV` and there is
// no `window.__TAURI_INTERNALS__` (see main.ts); never part of a production
// build. Everything here is fictional.
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AppOverview,
  CabinetSummary,
  CommandError,
  NewCabinetRequest,
  PassphraseRating,
  SessionState,
} from '../api';
import type { RecentCabinet } from '../bindings/RecentCabinet';
import { createCorrespondantStore } from './mockCorrespondants';
import { createPatientStore } from './mockPatients';

interface FakeCabinet {
  summary: CabinetSummary;
  passphrase: string;
  patients: ReturnType<typeof createPatientStore>;
  correspondants: ReturnType<typeof createCorrespondantStore>;
}

/** A cabinet's two stores: the patients link to the directory. */
function stores(seed: boolean): Pick<FakeCabinet, 'patients' | 'correspondants'> {
  const correspondants = createCorrespondantStore(seed);
  return { correspondants, patients: createPatientStore(seed, correspondants) };
}

const DEMO_PATH = '/home/secretaire/.local/share/carnet/demo.carnet';

function fail(kind: CommandError['kind'], message: string, field: string | null = null): never {
  const error: CommandError = { kind, message, field };
  throw error;
}

function rate(passphrase: string): PassphraseRating {
  let pool = 0;
  if (/[a-zà-ÿ]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9à-ÿ]/.test(passphrase)) pool += 33;
  const bits = passphrase.length * Math.log2(Math.max(pool, 2)) * 0.75;
  const level = bits < 40 ? 'tresFaible' : bits < 60 ? 'faible' : bits < 80 ? 'moyenne' : 'forte';
  const verdicts = {
    tresFaible: 'Très facile à deviner : choisissez autre chose.',
    faible: 'Encore trop facile à deviner.',
    moyenne: 'Presque : ajoutez un ou deux mots.',
    forte: 'Solide : elle convient pour protéger le cabinet.',
  } as const;
  return {
    bits,
    acceptable: bits >= 80,
    level,
    verdict: verdicts[level],
    advice: bits >= 80 ? [] : ['Ajoutez des mots sans rapport entre eux.', 'Évitez le nom du cabinet.'],
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function installDevMock(): void {
  const cabinets = new Map<string, FakeCabinet>();
  const demo: FakeCabinet = {
    passphrase: '',
    ...stores(true),
    summary: {
      name: 'Cabinet de démonstration',
      colour: '#d4580f',
      practitioners: [
        { name: 'Dr Claire Fictive', specialty: 'Médecine générale' },
        { name: 'Dr Paul Exemple', specialty: 'Pédiatrie' },
      ],
      timeZone: 'Europe/Paris',
      isDemo: true,
      path: DEMO_PATH,
      patientCount: 120,
      createdAt: '2026-01-05T08:30:00.000Z',
    },
  };
  cabinets.set(
    '/home/secretaire/Documents/Carnet/cabinet-du-dr-martin.carnet',
    {
      passphrase: 'cerise boussole lanterne velours',
      ...stores(false),
      summary: {
        name: 'Cabinet du Dr Martin',
        colour: '#1f6feb',
        practitioners: [{ name: 'Dr Claire Martin', specialty: 'Médecine générale' }],
        timeZone: 'Europe/Paris',
        isDemo: false,
        path: '/home/secretaire/Documents/Carnet/cabinet-du-dr-martin.carnet',
        patientCount: 3,
        createdAt: '2026-01-05T08:30:00.000Z',
      },
    },
  );
  let recent: RecentCabinet[] = [
    {
      name: 'Cabinet du Dr Martin',
      colour: '#1f6feb',
      path: '/home/secretaire/Documents/Carnet/cabinet-du-dr-martin.carnet',
    },
    { name: 'Pédiatrie des Lilas', colour: '#1a7f37', path: '/media/usb/pediatrie-des-lilas.carnet' },
  ];
  let state: SessionState = { state: 'none' };
  let current: FakeCabinet | null = null;

  function remember(c: CabinetSummary) {
    recent = [{ name: c.name, colour: c.colour, path: c.path }, ...recent.filter((r) => r.path !== c.path)];
  }

  function open(c: FakeCabinet): CabinetSummary {
    c.summary = { ...c.summary, patientCount: c.patients.count() };
    current = c;
    state = { state: 'open', cabinet: c.summary };
    if (!c.summary.isDemo) remember(c.summary);
    return c.summary;
  }

  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    await delay(20 + Math.random() * 150);
    switch (cmd) {
      case 'app_overview': {
        const overview: AppOverview = {
          version: '0.1.0-dev',
          recent,
          defaultCabinetDir: '/home/secretaire/Documents/Carnet',
          demoPath: DEMO_PATH,
          timeZones: [
            { id: 'Europe/Paris', label: 'France métropolitaine (Paris)' },
            { id: 'America/Martinique', label: 'Martinique' },
            { id: 'America/Guadeloupe', label: 'Guadeloupe' },
            { id: 'America/Cayenne', label: 'Guyane' },
            { id: 'Indian/Reunion', label: 'La Réunion' },
            { id: 'Indian/Mayotte', label: 'Mayotte' },
            { id: 'Pacific/Noumea', label: 'Nouvelle-Calédonie' },
            { id: 'Pacific/Tahiti', label: 'Polynésie française (Tahiti)' },
          ],
        };
        return overview;
      }
      case 'session_state':
        if (state.state === 'open' && current) {
          current.summary = { ...current.summary, patientCount: current.patients.count() };
          state = { state: 'open', cabinet: current.summary };
        }
        return state;
      case 'rate_passphrase':
        return rate(String(args['passphrase'] ?? ''));
      case 'suggest_passphrase':
        return 'girafe-boussole-tempête-velours-carafe-nougat';
      case 'create_cabinet': {
        const request = args['request'] as NewCabinetRequest;
        if (!request.name.trim()) fail('invalidInput', 'Donnez un nom au cabinet.', 'name');
        if (cabinets.has(request.path)) {
          fail('alreadyExists', 'Un fichier existe déjà à cet endroit : choisissez un autre nom.', 'path');
        }
        await delay(300);
        const c: FakeCabinet = {
          passphrase: request.passphrase,
          ...stores(false),
          summary: {
            name: request.name,
            colour: request.colour,
            practitioners: request.practitioners,
            timeZone: request.timeZone,
            isDemo: false,
            path: request.path,
            patientCount: 0,
            createdAt: new Date().toISOString(),
          },
        };
        cabinets.set(request.path, c);
        return open(c);
      }
      case 'open_cabinet': {
        const c = cabinets.get(String(args['path']));
        if (!c) fail('notFound', 'Ce fichier est introuvable. Vérifiez l’emplacement ou choisissez-le avec « Parcourir… ».', 'path');
        await delay(150);
        if (c.passphrase !== args['passphrase']) {
          fail('wrongPassphrase', 'Phrase de passe incorrecte. Vérifiez les majuscules et réessayez.', 'passphrase');
        }
        return open(c);
      }
      case 'open_demo_cabinet':
        await delay(600);
        return open(demo);
      case 'lock_cabinet': {
        if (!current) fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        const { name, colour, path } = current.summary;
        state = { state: 'locked', cabinet: { name, colour, path } };
        return state.cabinet;
      }
      case 'unlock_cabinet': {
        if (!current) fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        await delay(150);
        if (!current.summary.isDemo && current.passphrase !== args['passphrase']) {
          fail('wrongPassphrase', 'Phrase de passe incorrecte. Vérifiez les majuscules et réessayez.', 'passphrase');
        }
        state = { state: 'open', cabinet: current.summary };
        return current.summary;
      }
      case 'close_cabinet':
        current = null;
        state = { state: 'none' };
        return null;
      case 'forget_recent':
        recent = recent.filter((r) => r.path !== args['path']);
        return null;
      case 'pick_cabinet_file':
        return null;
      case 'pick_new_cabinet_location':
        return null;
      default: {
        if (!current) fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        const directory = current.correspondants.handle(cmd, args);
        if (directory !== undefined) return directory;
        const answer = await current.patients.handle(cmd, args);
        if (answer !== undefined) return answer;
        fail('internal', `Commande inconnue : ${cmd}`);
      }
    }
  });
}
