// A small fake of the Rust shell's session and profile commands for the
// component tests (identify, lock, « Sécurité »): profiles with PINs, the
// five-attempt rule, settings, the passphrase change. Test-only: nothing in
// the app imports it.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { CommandError, LockedCabinet, SessionState } from '../../api';
import type { SecuritySettings, User, UserDraft } from '../../safety';
import { cabinet, commandError, overview, rating } from '../../../test/fixtures';

export interface FakeProfile extends User {
  pin: string | null;
}

export const SECRETARIAT: FakeProfile = {
  id: 'u-secretariat',
  name: 'Secrétariat',
  role: 'administrateur',
  hasPin: true,
  active: true,
  pin: '2580',
};

export const MARTIN: FakeProfile = {
  id: 'u-martin',
  name: 'Dr Martin',
  role: 'utilisateur',
  hasPin: true,
  active: true,
  pin: '1470',
};

export const PASSPHRASE = 'bonne phrase de passe';

const TOO_MANY =
  'Cinq codes PIN erronés : le cabinet a été fermé par sécurité. Rouvrez-le avec la phrase de passe.';
const WRONG_PIN = 'Code PIN incorrect. Réessayez, ou déverrouillez avec la phrase de passe.';

export interface ShellOptions {
  mode: 'none' | 'open' | 'locked';
  users: FakeProfile[];
  /** Who is working (open); null: she must pick her profile. */
  actor?: string | null;
  /** Wrong PINs already typed. */
  failures?: number;
  settings?: SecuritySettings;
}

export interface FakeShell {
  calls: { cmd: string; args: Record<string, unknown> }[];
  users: FakeProfile[];
  readonly mode: 'none' | 'open' | 'locked';
  readonly settings: SecuritySettings;
  called(cmd: string): { cmd: string; args: Record<string, unknown> }[];
}

const shown = ({ pin: _pin, ...user }: FakeProfile): User => user;

export function securityShell(options: ShellOptions): FakeShell {
  let mode = options.mode;
  let actor = options.actor ?? null;
  let failures = options.failures ?? 0;
  let settings: SecuritySettings = options.settings ?? { idleLockMinutes: 5, auditRetentionDays: 365, pinMinDigits: 6 };
  let passphrase = PASSPHRASE;
  const users = options.users.map((u) => ({ ...u }));
  const calls: FakeShell['calls'] = [];
  const active = () => users.filter((u) => u.active);

  function locked(): LockedCabinet {
    const pinUsers = active()
      .filter((u) => u.pin !== null)
      .map(shown);
    return {
      name: cabinet.name,
      colour: cabinet.colour,
      path: cabinet.path,
      pinUsers,
      attemptsLeft: pinUsers.length ? 5 - failures : 0,
    };
  }

  function state(): SessionState {
    if (mode === 'none') return { state: 'none' };
    if (mode === 'locked') return { state: 'locked', cabinet: locked() };
    const user = users.find((u) => u.id === actor);
    return {
      state: 'open',
      cabinet,
      user: user ? shown(user) : null,
      users: user ? [] : active().map(shown),
      idleLockMinutes: settings.idleLockMinutes,
    };
  }

  function wrongPin(): never {
    failures += 1;
    if (failures >= 5) {
      mode = 'none';
      actor = null;
      throw commandError('tooManyPinAttempts', TOO_MANY);
    }
    throw commandError('wrongPin', WRONG_PIN, 'pin');
  }

  function refuse(kind: CommandError['kind'], message: string, field: string | null = null): never {
    throw commandError(kind, message, field);
  }

  function admin() {
    if (users.find((u) => u.id === actor)?.role !== 'administrateur') {
      refuse('invalidInput', 'Seul un profil administrateur peut gérer les profils et les réglages de sécurité.', 'role');
    }
  }

  function checkPin(pin: string) {
    if (!/^[0-9]{4,8}$/.test(pin)) refuse('invalidInput', 'Le code PIN compte de 4 à 8 chiffres.', 'pin');
    if (pin === '1234' || /^(\d)\1+$/.test(pin)) {
      refuse('invalidInput', 'Ce code PIN se devine trop vite (chiffres répétés ou qui se suivent). Choisissez-en un autre.', 'pin');
    }
  }

  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'session_state':
        return state();
      case 'app_overview':
        return { ...overview, recent: [{ name: cabinet.name, colour: cabinet.colour, path: cabinet.path }] };
      case 'lock_cabinet':
        if (mode !== 'open') refuse('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        mode = 'locked';
        failures = 0;
        return { ...locked(), pinUsers: [], attemptsLeft: 0 };
      case 'unlock_cabinet':
        if (args['passphrase'] !== passphrase) {
          refuse('wrongPassphrase', 'Phrase de passe incorrecte.', 'passphrase');
        }
        mode = 'open';
        failures = 0;
        if (active().length === 1) actor = active()[0]?.id ?? null;
        return cabinet;
      case 'unlock_with_pin': {
        if (mode !== 'locked') refuse('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        const user = active().find((u) => u.id === args['userId']);
        if (!user || user.pin === null || user.pin !== args['pin']) wrongPin();
        mode = 'open';
        failures = 0;
        actor = user.id;
        return cabinet;
      }
      case 'identify_user': {
        if (mode !== 'open') refuse('noCabinetOpen', 'Aucun cabinet n’est ouvert.');
        const user = users.find((u) => u.id === args['userId']);
        if (!user) refuse('invalidInput', 'Ce profil n’existe plus.', 'user');
        if (user.pin !== args['pin']) wrongPin();
        failures = 0;
        actor = user.id;
        return cabinet;
      }
      case 'close_cabinet':
        mode = 'none';
        actor = null;
        return null;
      case 'list_users':
        return users.map(shown);
      case 'create_user': {
        admin();
        const draft = args['draft'] as UserDraft;
        if (!draft.name.trim()) refuse('invalidInput', 'Donnez un nom au profil.', 'name');
        const without = active().filter((u) => u.pin === null);
        if (without.length) {
          refuse(
            'invalidInput',
            `Avec plusieurs profils, chacun se reconnaît par son code PIN : définissez d'abord le code PIN de ${without.map((u) => u.name).join(', ')}.`,
            'pin',
          );
        }
        const pin = String(args['pin']);
        checkPin(pin);
        const created: FakeProfile = { id: `u-${users.length + 1}`, name: draft.name, role: draft.role, hasPin: true, active: true, pin };
        users.push(created);
        return shown(created);
      }
      case 'update_user': {
        admin();
        const user = users.find((u) => u.id === args['id']);
        if (!user) refuse('invalidInput', 'Ce profil n’existe plus.', 'user');
        const draft = args['draft'] as UserDraft;
        Object.assign(user, { name: draft.name, role: draft.role, active: Boolean(args['active']) });
        return shown(user);
      }
      case 'set_user_pin': {
        if (args['id'] !== actor) admin();
        const user = users.find((u) => u.id === args['id']);
        if (!user) refuse('invalidInput', 'Ce profil n’existe plus.', 'user');
        const pin = String(args['pin']);
        checkPin(pin);
        Object.assign(user, { pin, hasPin: true });
        return null;
      }
      case 'clear_user_pin': {
        const user = users.find((u) => u.id === args['id']);
        if (user) Object.assign(user, { pin: null, hasPin: false });
        return null;
      }
      case 'security_settings':
        return settings;
      case 'save_security_settings': {
        admin();
        const next = args['settings'] as SecuritySettings;
        if (next.idleLockMinutes < 1 || next.idleLockMinutes > 60) {
          refuse('invalidInput', 'Le verrouillage automatique se règle entre 1 et 60 minutes.', 'idleLockMinutes');
        }
        if (next.auditRetentionDays < 30 || next.auditRetentionDays > 3650) {
          refuse('invalidInput', 'Le journal d’audit se garde entre 30 jours et 10 ans.', 'auditRetentionDays');
        }
        settings = { ...next };
        return null;
      }
      case 'rate_passphrase':
        return rating(String(args['passphrase']).length >= 20);
      case 'suggest_passphrase':
        return 'girafe-boussole-tempête-velours-carafe';
      case 'change_passphrase': {
        if (args['current'] !== passphrase) {
          refuse('wrongPassphrase', 'Phrase de passe incorrecte. Vérifiez les majuscules et réessayez.', 'passphrase');
        }
        if (args['new'] !== args['confirmation']) {
          refuse('passphraseMismatch', 'Les deux phrases de passe ne correspondent pas.', 'passphrase');
        }
        if (String(args['new']).length < 20) {
          refuse('weakPassphrase', 'Trop facile à deviner : ajoutez des mots.', 'passphrase');
        }
        passphrase = String(args['new']);
        return null;
      }
      case 'list_practitioners':
        // « Médecins et profils » (DoctorsPart): no practitioner here.
        return [];
      default:
        return null;
    }
  });

  return {
    calls,
    users,
    get mode() {
      return mode;
    },
    get settings() {
      return settings;
    },
    called: (cmd: string) => calls.filter((c) => c.cmd === cmd),
  };
}
