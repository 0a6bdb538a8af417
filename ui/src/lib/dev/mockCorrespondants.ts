// The correspondants half of the fake shell (see mockShell.ts): a small
// in-memory directory answering list_correspondants, save_correspondant and
// set_correspondant_archived roughly the way the Rust core does (every typed
// word in the name or specialty, accents ignored; archived ones left out;
// the same refusals and French messages). Everything here is fictional.
import type { CommandError, Correspondant, CorrespondantDraft } from '../api';
import { formatPhone } from '../format';

function fail(kind: CommandError['kind'], message: string, field: string | null = null): never {
  const error: CommandError = { kind, message, field };
  throw error;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .toLowerCase();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function optional(text: string | null | undefined): string | null {
  const cleaned = (text ?? '').split(/\s+/).filter(Boolean).join(' ');
  return cleaned === '' ? null : cleaned;
}

function validate(draft: CorrespondantDraft): CorrespondantDraft {
  if (!['medecin', 'laboratoire', 'etablissement', 'autre'].includes(draft.kind)) {
    fail('invalidInput', 'Choisissez le type : médecin, laboratoire, établissement ou autre.', 'kind');
  }
  const name = optional(draft.name);
  if (!name) {
    fail(
      'invalidInput',
      'Tapez le nom du correspondant (p. ex. « Dr Anne Roux » ou « Laboratoire Bio-Ouest »).',
      'name',
    );
  }
  let phone = optional(draft.phone);
  if (phone) {
    const digits = phone.replace(/[^\d+]/g, '');
    const national = /^(\+33|0033)\d{9}$/.test(digits) ? `0${digits.slice(-9)}` : digits;
    if (!/^(0\d{9}|\+\d{6,15})$/.test(national)) {
      fail(
        'invalidInput',
        `« ${phone} » n'est pas un numéro de téléphone : tapez 10 chiffres (06 12 34 56 78) ou +indicatif pour l'étranger.`,
        'phones',
      );
    }
    phone = national;
  }
  const rpps = optional(draft.rpps);
  if (rpps && !/^\d{11}$/.test(rpps)) fail('invalidInput', 'Le numéro RPPS compte 11 chiffres.', 'rpps');
  const email = optional(draft.email);
  if (email && (!email.includes('@') || !email.includes('.'))) {
    fail('invalidInput', 'Adresse e-mail incomplète : elle ressemble à secretariat@exemple.fr.', 'email');
  }
  return {
    kind: draft.kind,
    name,
    specialty: optional(draft.specialty),
    address: optional(draft.address),
    phone,
    email,
    rpps,
    salutation: optional(draft.salutation),
  };
}

interface Stored {
  id: string;
  draft: CorrespondantDraft;
  archived: boolean;
}

const SEED: CorrespondantDraft[] = [
  {
    kind: 'medecin',
    name: 'Dr Claire Fictive',
    specialty: 'Médecine générale',
    address: '3 place du Marché, 42000 Saint-Étienne',
    phone: '0477000000',
    email: 'cabinet.fictive@exemple.fr',
    rpps: '10000000001', salutation: null,
  },
  {
    kind: 'medecin',
    name: 'Dr Étienne Lebrun',
    specialty: 'Cardiologie',
    address: '14 rue Michelet, 42000 Saint-Étienne',
    phone: '0477111111',
    email: null,
    rpps: '10000000002', salutation: null,
  },
  {
    kind: 'medecin',
    name: 'Dr Sophie Nguyen',
    specialty: 'Dermatologie',
    address: null,
    phone: '0477222222',
    email: null,
    rpps: null, salutation: null,
  },
  {
    kind: 'laboratoire',
    name: 'Laboratoire Bio-Ouest',
    specialty: 'Biologie médicale',
    address: '8 avenue de la Libération, 42000 Saint-Étienne',
    phone: '0477333333',
    email: 'resultats@bio-ouest.exemple.fr',
    rpps: null, salutation: null,
  },
  {
    kind: 'etablissement',
    name: 'Clinique des Tilleuls',
    specialty: 'Chirurgie ambulatoire',
    address: '1 rue des Tilleuls, 42100 Saint-Étienne',
    phone: '0477444444',
    email: null,
    rpps: null, salutation: null,
  },
  {
    kind: 'autre',
    name: 'Cabinet infirmier du Centre',
    specialty: 'Soins infirmiers à domicile',
    address: null,
    phone: '0677555555',
    email: null,
    rpps: null, salutation: null,
  },
];

export function createCorrespondantStore(seed = true) {
  const store = new Map<string, Stored>();
  let counter = 0;
  const newId = () => `corr-${++counter}`;

  if (seed) {
    for (const draft of SEED) {
      const id = newId();
      store.set(id, { id, draft, archived: false });
    }
  }

  function view(s: Stored): Correspondant {
    return {
      id: s.id,
      ...s.draft,
      phone: s.draft.phone ? formatPhone(s.draft.phone) : null,
      archived: s.archived,
    };
  }

  return {
    /** Any correspondant, archived or not (a file's links). */
    get(id: string): Correspondant | null {
      const s = store.get(id);
      return s ? view(s) : null;
    },

    /** Answers a directory command, or returns `undefined` if it is not one. */
    handle(cmd: string, args: Record<string, unknown>): unknown {
      switch (cmd) {
        case 'list_correspondants': {
          const wanted = words(String(args['query'] ?? ''));
          return [...store.values()]
            .filter((s) => !s.archived)
            .filter((s) => {
              const haystack = fold(`${s.draft.name} ${s.draft.specialty ?? ''}`);
              return wanted.every((w) => haystack.includes(w));
            })
            .sort((a, b) => a.draft.name.localeCompare(b.draft.name, 'fr', { sensitivity: 'base' }))
            .map(view);
        }
        case 'save_correspondant': {
          const valid = validate(args['draft'] as CorrespondantDraft);
          const id = args['id'] as string | null;
          if (id === null || id === undefined) {
            const created = newId();
            store.set(created, { id: created, draft: valid, archived: false });
            return created;
          }
          const existing = store.get(id);
          if (!existing) fail('invalidInput', "Ce correspondant n'existe plus.", 'id');
          existing.draft = valid;
          return id;
        }
        case 'set_correspondant_archived': {
          const existing = store.get(String(args['id']));
          if (existing) existing.archived = Boolean(args['archived']);
          return null;
        }
        default:
          return undefined;
      }
    },
  };
}

export type CorrespondantStore = ReturnType<typeof createCorrespondantStore>;
