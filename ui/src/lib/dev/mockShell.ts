// A fake Rust shell for `npm run dev` in a plain browser, so the screens can be
// looked at without Tauri. Loaded only when `import.meta.env.DEV` and there is
// no `window.__TAURI_INTERNALS__` (see main.ts); never part of a production
// build. Everything here is fictional. Profiles: the demonstration cabinet
// has one (no PIN); « Cabinet du Dr Martin » has two, so the identify screen
// shows (PINs 2580 and 1470).
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AppOverview,
  CabinetSummary,
  CommandError,
  NewCabinetRequest,
  LockedCabinet,
  PassphraseRating,
  SessionState,
} from '../api';
import type { RecentCabinet } from '../bindings/RecentCabinet';
import type { SecuritySettings, User, UserDraft } from '../safety';
import { createCorrespondantStore } from './mockCorrespondants';
import { createPatientStore } from './mockPatients';

interface FakeUser extends User {
  pin: string | null;
}

interface FakeCabinet {
  summary: CabinetSummary;
  passphrase: string;
  users: FakeUser[];
  settings: SecuritySettings;
  patients: ReturnType<typeof createPatientStore>;
  correspondants: ReturnType<typeof createCorrespondantStore>;
}

const MAX_PIN_ATTEMPTS = 5;
const DEFAULT_SETTINGS: SecuritySettings = { idleLockMinutes: 5, auditRetentionDays: 365, pinMinDigits: 6 };

function firstUser(pin: string | null = null): FakeUser {
  return { id: 'u-secretariat', name: 'Secrétariat', role: 'administrateur', hasPin: pin !== null, active: true, pin };
}

/** What the shell shows of a profile (never its PIN). */
function shown({ pin: _pin, ...user }: FakeUser): User {
  return user;
}

function checkPin(pin: string): void {
  if (!/^[0-9]{4,8}$/.test(pin)) fail('invalidInput', 'Le code PIN compte de 4 à 8 chiffres.', 'pin');
  if ([...pin].every((c) => c === pin[0]) || '0123456789'.includes(pin) || '9876543210'.includes(pin)) {
    fail(
      'invalidInput',
      'Ce code PIN se devine trop vite (chiffres répétés ou qui se suivent). Choisissez-en un autre.',
      'pin',
    );
  }
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
    reasons: bits >= 80 ? [] : ['Elle est trop courte pour ce qu’elle contient.'],
    advice: bits >= 80 ? [] : ['Ajoutez des mots sans rapport entre eux.', 'Évitez le nom du cabinet.'],
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function installDevMock(): void {
  const cabinets = new Map<string, FakeCabinet>();
  const demo: FakeCabinet = {
    passphrase: '',
    users: [firstUser()],
    settings: { ...DEFAULT_SETTINGS },
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
      users: [
        firstUser('2580'),
        { id: 'u-martin', name: 'Dr Martin', role: 'administrateur', hasPin: true, active: true, pin: '1470' },
      ],
      settings: { ...DEFAULT_SETTINGS },
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
  let mode: 'none' | 'open' | 'locked' = 'none';
  let current: FakeCabinet | null = null;
  /** Who is working (null until identified, with several profiles). */
  let actor: string | null = null;
  /** Wrong PINs while choosing the profile, or while locked. */
  let pinFailures = 0;

  function remember(c: CabinetSummary) {
    recent = [{ name: c.name, colour: c.colour, path: c.path }, ...recent.filter((r) => r.path !== c.path)];
  }

  const active = (c: FakeCabinet) => c.users.filter((u) => u.active);

  function lockedView(c: FakeCabinet): LockedCabinet {
    const { name, colour, path } = c.summary;
    const pinUsers = active(c).filter((u) => u.pin !== null).map(shown);
    return { name, colour, path, pinUsers, attemptsLeft: pinUsers.length ? MAX_PIN_ATTEMPTS - pinFailures : 0 };
  }

  function sessionState(): SessionState {
    if (mode === 'none' || !current) return { state: 'none' };
    if (mode === 'locked') return { state: 'locked', cabinet: lockedView(current) };
    current.summary = { ...current.summary, patientCount: current.patients.count() };
    const user = current.users.find((u) => u.id === actor);
    return {
      state: 'open',
      cabinet: current.summary,
      user: user ? shown(user) : null,
      users: user ? [] : active(current).map(shown),
      idleLockMinutes: current.settings.idleLockMinutes,
    };
  }

  /** After the passphrase: one active profile is known at once. */
  function adoptSingleUser(c: FakeCabinet) {
    const users = active(c);
    actor = users.length === 1 ? (users[0]?.id ?? null) : null;
  }

  function open(c: FakeCabinet): CabinetSummary {
    c.summary = { ...c.summary, patientCount: c.patients.count() };
    current = c;
    mode = 'open';
    pinFailures = 0;
    adoptSingleUser(c);
    if (!c.summary.isDemo) remember(c.summary);
    return c.summary;
  }

  function closeAll() {
    current = null;
    actor = null;
    mode = 'none';
    pinFailures = 0;
  }

  /** The open cabinet, once she has said who she is. */
  function identified(): FakeCabinet {
    if (!current || mode !== 'open') fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
    if (actor === null) fail('notIdentified', 'Choisissez d’abord votre profil et saisissez votre code PIN.');
    return current;
  }

  function requireAdmin(c: FakeCabinet) {
    if (c.users.find((u) => u.id === actor)?.role !== 'administrateur') {
      fail('invalidInput', 'Seul un profil administrateur peut gérer les profils et les réglages de sécurité.', 'role');
    }
  }

  function validName(name: string): string {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 60) {
      fail('invalidInput', 'Donnez un nom au profil (60 caractères au plus), par exemple « Dr Martin ».', 'name');
    }
    return trimmed;
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
        return sessionState();
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
          users: [firstUser()],
          settings: { ...DEFAULT_SETTINGS },
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
        mode = 'locked';
        pinFailures = 0;
        // Like the shell: the answer itself does not list the PIN profiles.
        return { ...lockedView(current), pinUsers: [], attemptsLeft: 0 };
      }
      case 'unlock_cabinet': {
        if (!current || mode !== 'locked') fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        await delay(150);
        if (!current.summary.isDemo && current.passphrase !== args['passphrase']) {
          fail('wrongPassphrase', 'Phrase de passe incorrecte. Vérifiez les majuscules et réessayez.', 'passphrase');
        }
        mode = 'open';
        pinFailures = 0;
        if (actor === null) adoptSingleUser(current);
        return current.summary;
      }
      case 'unlock_with_pin': {
        if (!current || mode !== 'locked') fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        await delay(300);
        const user = active(current).find((u) => u.id === args['userId'] && u.pin !== null);
        if (!user || user.pin !== args['pin']) {
          pinFailures += 1;
          if (pinFailures >= MAX_PIN_ATTEMPTS) {
            closeAll();
            fail('tooManyPinAttempts', 'Cinq codes PIN erronés : le cabinet a été fermé par sécurité. Rouvrez-le avec la phrase de passe.');
          }
          fail('wrongPin', 'Code PIN incorrect. Réessayez, ou déverrouillez avec la phrase de passe.', 'pin');
        }
        mode = 'open';
        pinFailures = 0;
        actor = user.id;
        return current.summary;
      }
      case 'identify_user': {
        if (!current || mode !== 'open') fail('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        await delay(300);
        const user = current.users.find((u) => u.id === args['userId']);
        if (!user) fail('invalidInput', 'Ce profil n’existe plus.', 'user');
        if (!user.active) fail('invalidInput', 'Ce profil est désactivé.', 'user');
        if (user.pin === null) {
          fail('invalidInput', 'Ce profil n’a pas de code PIN : un administrateur doit lui en donner un.', 'pin');
        }
        if (user.pin !== args['pin']) {
          pinFailures += 1;
          if (pinFailures >= MAX_PIN_ATTEMPTS) {
            closeAll();
            fail('tooManyPinAttempts', 'Cinq codes PIN erronés : le cabinet a été fermé par sécurité. Rouvrez-le avec la phrase de passe.');
          }
          fail('wrongPin', 'Code PIN incorrect. Réessayez, ou déverrouillez avec la phrase de passe.', 'pin');
        }
        pinFailures = 0;
        actor = user.id;
        return current.summary;
      }
      case 'list_users':
        return identified().users.map(shown);
      case 'create_user': {
        const c = identified();
        requireAdmin(c);
        const draft = args['draft'] as UserDraft;
        const name = validName(draft.name);
        const withoutPin = active(c).filter((u) => u.pin === null).map((u) => u.name);
        if (withoutPin.length) {
          fail(
            'invalidInput',
            `Avec plusieurs profils, chacun se reconnaît par son code PIN : définissez d'abord le code PIN de ${withoutPin.join(', ')}.`,
            'pin',
          );
        }
        const pin = String(args['pin'] ?? '');
        checkPin(pin);
        const user: FakeUser = { id: `u-${Date.now()}`, name, role: draft.role, hasPin: true, active: true, pin };
        c.users.push(user);
        return shown(user);
      }
      case 'update_user': {
        const c = identified();
        requireAdmin(c);
        const draft = args['draft'] as UserDraft;
        const id = String(args['id']);
        const isActive = Boolean(args['active']);
        const name = validName(draft.name);
        const otherAdmin = active(c).some((u) => u.role === 'administrateur' && u.id !== id);
        if ((!isActive || draft.role !== 'administrateur') && !otherAdmin) {
          fail('invalidInput', 'Il faut garder au moins un profil administrateur actif.', 'role');
        }
        if (id === actor && !isActive) {
          fail('invalidInput', 'Vous ne pouvez pas désactiver votre propre profil.', 'active');
        }
        const user = c.users.find((u) => u.id === id);
        if (!user) fail('invalidInput', 'Ce profil n’existe plus.', 'user');
        Object.assign(user, { name, role: draft.role, active: isActive });
        return shown(user);
      }
      case 'set_user_pin': {
        const c = identified();
        if (args['id'] !== actor) requireAdmin(c);
        const user = c.users.find((u) => u.id === args['id']);
        if (!user) fail('invalidInput', 'Ce profil n’existe plus.', 'user');
        const pin = String(args['pin'] ?? '');
        checkPin(pin);
        Object.assign(user, { pin, hasPin: true });
        return null;
      }
      case 'clear_user_pin': {
        const c = identified();
        if (args['id'] !== actor) requireAdmin(c);
        if (active(c).length > 1) {
          fail('invalidInput', 'Avec plusieurs profils, chacun garde un code PIN pour se reconnaître.', 'pin');
        }
        const user = c.users.find((u) => u.id === args['id']);
        if (user) Object.assign(user, { pin: null, hasPin: false });
        return null;
      }
      case 'security_settings':
        return identified().settings;
      case 'save_security_settings': {
        const c = identified();
        requireAdmin(c);
        const next = args['settings'] as SecuritySettings;
        if (!(next.idleLockMinutes >= 1 && next.idleLockMinutes <= 60)) {
          fail('invalidInput', 'Le verrouillage automatique se règle entre 1 et 60 minutes.', 'idleLockMinutes');
        }
        if (!(next.auditRetentionDays >= 30 && next.auditRetentionDays <= 3650)) {
          fail('invalidInput', 'Le journal d’audit se garde entre 30 jours et 10 ans.', 'auditRetentionDays');
        }
        c.settings = { ...next };
        return null;
      }
      case 'change_passphrase': {
        const c = identified();
        await delay(1500);
        const expected = c.summary.isDemo ? '' : c.passphrase;
        if (!c.summary.isDemo && args['current'] !== expected) {
          fail('wrongPassphrase', 'Phrase de passe incorrecte. Vérifiez les majuscules et réessayez.', 'passphrase');
        }
        if (args['new'] !== args['confirmation']) {
          fail('passphraseMismatch', 'Les deux phrases de passe ne correspondent pas.', 'passphrase');
        }
        if (args['new'] === args['current']) {
          fail('invalidInput', 'La nouvelle phrase de passe est identique à l’actuelle.', 'newPassphrase');
        }
        const rating = rate(String(args['new'] ?? ''));
        if (!rating.acceptable) fail('weakPassphrase', rating.verdict, 'passphrase');
        c.passphrase = String(args['new']);
        return null;
      }
      case 'close_cabinet':
        closeAll();
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
