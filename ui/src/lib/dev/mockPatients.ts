// The patient half of the fake shell (see mockShell.ts): a small in-memory
// cabinet that answers the patient commands roughly the way the Rust core
// does — search by name prefix, by sound, by date, by phone or NIR digits;
// duplicates; history; merge; retention; CSV preview/import/export;
// postcodes and birth places. Only for looking at the screens in a browser.
// Everything here is fictional.
import type {
  CommandError,
  CommuneOption,
  DuplicateCandidate,
  ExpiredFile,
  FieldComparison,
  HistoryEntry,
  ImportField,
  ImportMode,
  ImportPreview,
  ImportReport,
  MatchKind,
  PatientDraft,
  PatientFile,
  PatientHit,
  PlaceOption,
} from '../api';
import { formatPhone, parseFrenchDate } from '../format';
import { emptyDraft, type Sex } from '../patients';
import type { CorrespondantStore } from './mockCorrespondants';

interface Stored {
  id: string;
  draft: PatientDraft;
  archived: boolean;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}

function fail(kind: CommandError['kind'], message: string, field: string | null = null): never {
  const error: CommandError = { kind, message, field };
  throw error;
}

// ——— Names, sounds, dates

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  return fold(text).split(' ').filter(Boolean);
}

/** A rough French sound key: lefebvre, lefèvre and lefevre agree. */
function sound(word: string): string {
  let w = fold(word).replace(/ /g, '');
  w = w
    .replace(/ph/g, 'f')
    .replace(/bv/g, 'v')
    .replace(/eau|au/g, 'o')
    .replace(/qu|ck|c(?=[aou])|k/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/y/g, 'i')
    .replace(/h/g, '')
    .replace(/(.)\1+/g, '$1')
    .replace(/[estxd]+$/, '');
  return w;
}

function iso(french: string): string | null {
  return parseFrenchDate(french);
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function french(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

function ageOf(birthFrench: string): number {
  const b = iso(birthFrench);
  if (!b) return 0;
  const [ty, tm, td] = todayIso().split('-').map(Number) as [number, number, number];
  const [by, bm, bd] = b.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function plusYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-');
  return `${Number(y) + years}-${m}-${d}`;
}

function displayName(d: PatientDraft): string {
  const shown = d.usedName?.trim() || d.birthName;
  const first = d.usedFirstName?.trim() || d.birthFirstNames.split(' ')[0] || '';
  let text = shown.toUpperCase();
  if (fold(shown) !== fold(d.birthName)) {
    text += ` (${d.sex === 'F' ? 'née' : 'né'} ${d.birthName.toUpperCase()})`;
  }
  return first ? `${text} ${first}` : text;
}

function normalisePhone(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (/^(\+33|0033)\d{9}$/.test(digits)) return `0${digits.slice(-9)}`;
  return digits;
}

// ——— Reference data (a few real places, enough to try the completion)

const PLACES: PlaceOption[] = [
  { cog: '75056', label: 'Paris (75)' },
  { cog: '42218', label: 'Saint-Étienne (42)' },
  { cog: '93066', label: 'Saint-Denis (93)' },
  { cog: '97411', label: 'Saint-Denis (974)' },
  { cog: '35238', label: 'Rennes (35)' },
  { cog: '69123', label: 'Lyon (69)' },
  { cog: '13055', label: 'Marseille (13)' },
  { cog: '59350', label: 'Lille (59)' },
  { cog: '29019', label: 'Brest (29)' },
  { cog: '2A004', label: 'Ajaccio (2A)' },
  { cog: '44109', label: 'Nantes (44)' },
  { cog: '99352', label: 'Algérie — pays' },
  { cog: '99350', label: 'Maroc — pays' },
  { cog: '99351', label: 'Tunisie — pays' },
  { cog: '99139', label: 'Portugal — pays' },
  { cog: '99341', label: 'Sénégal — pays' },
  { cog: '99131', label: 'Belgique — pays' },
  { cog: '99127', label: 'Italie — pays' },
  { cog: '99134', label: 'Espagne — pays' },
];

const COMMUNES: CommuneOption[] = [
  { cog: '75111', name: 'Paris 11e Arrondissement', postcode: '75011' },
  { cog: '42218', name: 'Saint-Étienne', postcode: '42000' },
  { cog: '35238', name: 'Rennes', postcode: '35000' },
  { cog: '69383', name: 'Lyon 3e Arrondissement', postcode: '69003' },
  { cog: '29019', name: 'Brest', postcode: '29200' },
  { cog: '01006', name: 'Amareins', postcode: '01090' },
  { cog: '01165', name: 'Francheleins', postcode: '01090' },
  { cog: '01169', name: 'Genouilleux', postcode: '01090' },
  { cog: '01183', name: 'Guéreins', postcode: '01090' },
  { cog: '01224', name: 'Lurcy', postcode: '01090' },
  { cog: '01263', name: 'Montmerle-sur-Saône', postcode: '01090' },
];

function placeLabel(cog: string | null): string | null {
  return PLACES.find((p) => p.cog === cog)?.label ?? null;
}

// ——— The demo patients

const FIRST_F = ['Camille', 'Léa', 'Marie-Hélène', 'Chloé', 'Inès', 'Zoé', 'Jeanne', 'Hélène', 'Nadia', 'Awa'];
const FIRST_M = ['Louis', 'Jean-Pierre', 'Théo', 'Gabriel', 'Paul', 'Karim', 'Yann', 'Marc', 'Hugo', 'Mamadou'];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Moreau',
  'Laurent',
  'Girard',
  'Le Goff',
  'N’Diaye',
  'de La Tour',
  'Lefebvre',
  'Benali',
  'Pereira',
];

function demoDraft(i: number): PatientDraft {
  const female = i % 2 === 0;
  const first = (female ? FIRST_F : FIRST_M)[(i * 7) % 10] ?? 'Camille';
  const second = (female ? FIRST_F : FIRST_M)[(i * 3 + 1) % 10] ?? 'Marie';
  const last = LAST[(i * 5) % LAST.length] ?? 'Martin';
  const year = 1932 + ((i * 13) % 90);
  const month = 1 + ((i * 5) % 12);
  const day = 1 + ((i * 11) % 28);
  const draft: PatientDraft = {
    ...emptyDraft(),
    birthName: last,
    birthFirstNames: i % 3 === 0 ? `${first} ${second}` : first,
    birthDate: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
    sex: female ? 'F' : 'M',
    birthPlaceCog: PLACES[i % PLACES.length]?.cog ?? null,
    phones: [{ kind: 'mobile', number: `06${String(10000000 + ((i * 7919) % 89999999)).padStart(8, '0')}` }],
    postcode: '42000',
    city: 'Saint-Étienne',
    cityCog: '42218',
    addressLine1: `${1 + (i % 40)} rue des Tilleuls`,
    amoRegime: 'Régime général',
    amoCaisse: 'CPAM de la Loire',
    lastVisitOn: french(`${Math.min(2025, year + 20 + (i % 40))}-0${1 + (i % 9)}-15`),
  };
  if (female && i % 4 === 0 && year < 1990) draft.usedName = LAST[(i * 3) % LAST.length] ?? null;
  if (i % 9 === 0) draft.alerts = ['malentendant' + (female ? 'e' : '')];
  if (i % 11 === 0) draft.alerts = [...draft.alerts, female ? 'vient accompagnée' : 'vient accompagné'];
  if (i % 6 === 0) {
    draft.identityStatus = 'validee';
    draft.identityProof = 'carte_identite';
  }
  if (i % 8 === 0) {
    draft.amcName = 'Mutuelle des Monts du Forez';
    draft.amcMemberNumber = `MF${100200 + i}`;
    draft.amcThirdParty = true;
  }
  return draft;
}

function historyLine(action: string, at: string, field: string | null = null, oldValue: string | null = null, newValue: string | null = null): HistoryEntry {
  return {
    at,
    author: null,
    action,
    field,
    fieldLabel: field ? (LABELS[field] ?? 'Champ') : null,
    oldValue,
    newValue,
  };
}

const LABELS: Record<string, string> = {
  birth_name: 'Nom de naissance',
  birth_first_names: 'Prénoms de naissance',
  used_name: 'Nom utilisé',
  used_first_name: 'Prénom utilisé',
  birth_date: 'Date de naissance',
  sex: 'Sexe',
  birth_place_cog: 'Lieu de naissance (code INSEE)',
  birth_rank: 'Rang de naissance',
  nir: 'NIR',
  identity_status: "Statut de l'identité",
  identity_proof: "Pièce d'identité",
  email: 'E-mail',
  address_line1: 'Adresse',
  address_line2: "Complément d'adresse",
  postcode: 'Code postal',
  city: 'Commune',
  contact_person: 'Personne à prévenir',
  legal_representative: 'Représentant légal',
  amo_regime: 'Régime obligatoire',
  amo_caisse: 'Caisse',
  amc_name: 'Mutuelle',
  amc_member_number: "N° d'adhérent mutuelle",
  amc_third_party: 'Tiers payant mutuelle',
  ald: 'ALD',
  ald_end_date: "Fin de l'ALD",
  aid_scheme: 'CSS / AME',
  notes: 'Notes',
  death_date: 'Date de décès',
  last_visit_on: 'Dernière consultation',
  phones: 'Téléphones',
  alerts: 'Alertes',
  gp_id: 'Médecin traitant',
  referrer_id: 'Adresseur',
};

/** Draft key → stored column, with how the value is stored. */
const COLUMNS: [keyof PatientDraft, string][] = [
  ['birthName', 'birth_name'],
  ['birthFirstNames', 'birth_first_names'],
  ['usedName', 'used_name'],
  ['usedFirstName', 'used_first_name'],
  ['birthDate', 'birth_date'],
  ['sex', 'sex'],
  ['birthPlaceCog', 'birth_place_cog'],
  ['birthRank', 'birth_rank'],
  ['nir', 'nir'],
  ['identityStatus', 'identity_status'],
  ['identityProof', 'identity_proof'],
  ['email', 'email'],
  ['addressLine1', 'address_line1'],
  ['addressLine2', 'address_line2'],
  ['postcode', 'postcode'],
  ['city', 'city'],
  ['contactPerson', 'contact_person'],
  ['legalRepresentative', 'legal_representative'],
  ['amoRegime', 'amo_regime'],
  ['amoCaisse', 'amo_caisse'],
  ['amcName', 'amc_name'],
  ['amcMemberNumber', 'amc_member_number'],
  ['amcThirdParty', 'amc_third_party'],
  ['ald', 'ald'],
  ['aldEndDate', 'ald_end_date'],
  ['aidScheme', 'aid_scheme'],
  ['gpId', 'gp_id'],
  ['referrerId', 'referrer_id'],
  ['notes', 'notes'],
  ['deathDate', 'death_date'],
  ['lastVisitOn', 'last_visit_on'],
];

const DATE_KEYS = new Set<keyof PatientDraft>(['birthDate', 'aldEndDate', 'deathDate', 'lastVisitOn']);

function storedColumn(d: PatientDraft, key: keyof PatientDraft): string | null {
  const value = d[key];
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (key === 'birthRank') return String(value ?? 1);
  if (DATE_KEYS.has(key) && typeof value === 'string') return iso(value) ?? value;
  if (key === 'nir' && typeof value === 'string') return value.replace(/\s/g, '');
  return String(value);
}

function formatNir(nir: string | null): string | null {
  if (!nir) return null;
  const n = nir.replace(/\s/g, '');
  if (n.length !== 15) return n;
  return `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}`;
}

export function createPatientStore(seed: boolean, directory: CorrespondantStore) {
  const store = new Map<string, Stored>();
  let counter = 0;
  const newId = () => `mock-${++counter}`;
  const now = () => new Date().toISOString();

  function add(draft: PatientDraft, extra: Partial<Stored> = {}): Stored {
    const id = newId();
    const createdAt = extra.createdAt ?? '2024-09-02T07:45:00Z';
    const stored: Stored = {
      id,
      draft,
      archived: false,
      mergedInto: null,
      createdAt,
      updatedAt: createdAt,
      history: [historyLine('creation', createdAt)],
      ...extra,
    };
    store.set(id, stored);
    return stored;
  }

  if (seed) seedDemo();

  function seedDemo() {
    for (let i = 0; i < 140; i++) {
      const draft = demoDraft(i);
      // Most have the cabinet's own doctor as médecin traitant; a few were
      // sent by the cardiologist.
      if (i % 4 !== 3) draft.gpId = 'corr-1';
      if (i % 10 === 0) draft.referrerId = 'corr-2';
      add(draft, { archived: i % 37 === 5 });
    }
    // A pair that calls for a merge, and files past their retention period.
    add({
      ...emptyDraft(),
      birthName: 'Lefèvre',
      birthFirstNames: 'Hélène Marie',
      birthDate: '03/03/1962',
      sex: 'F',
      birthPlaceCog: '42218',
      nir: '262034221800512',
      identityStatus: 'validee',
      identityProof: 'passeport',
      phones: [
        { kind: 'mobile', number: '0612345678' },
        { kind: 'domicile', number: '0477123456' },
      ],
      email: 'helene.lefevre@exemple.fr',
      addressLine1: '12 rue de la République',
      postcode: '42000',
      city: 'Saint-Étienne',
      cityCog: '42218',
      contactPerson: 'Paul Lefèvre (fils) — 06 98 76 54 32',
      amoRegime: 'Régime général',
      amoCaisse: 'CPAM de la Loire',
      amcName: 'Mutuelle des Monts du Forez',
      amcMemberNumber: 'MF102334',
      amcThirdParty: true,
      ald: true,
      aldEndDate: '31/12/2027',
      notes: 'Préfère les rendez-vous le matin.\nAppeler sur le portable.',
      alerts: ['malentendante'],
      lastVisitOn: '12/05/2026',
    });
    add({
      ...emptyDraft(),
      birthName: 'Lefebvre',
      birthFirstNames: 'Hélène',
      birthDate: '03/03/1962',
      sex: 'F',
      phones: [{ kind: 'mobile', number: '0698765432' }],
      postcode: '42000',
      city: 'Saint-Étienne',
      notes: 'Dossier repris de l’ancien logiciel.',
    });
    add({
      ...emptyDraft(),
      birthName: 'Dupont',
      birthFirstNames: 'Marcel',
      birthDate: '14/07/1921',
      sex: 'M',
      lastVisitOn: '02/02/1998',
      deathDate: '10/01/2001',
    });
    add({
      ...emptyDraft(),
      birthName: 'Garnier',
      birthFirstNames: 'Lucie',
      birthDate: '09/09/1980',
      sex: 'F',
      lastVisitOn: '15/03/2004',
    });
  }

  function live(id: string): Stored {
    const p = store.get(id);
    if (!p) fail('notFound', 'Ce dossier patient n’existe plus (fusionné ou supprimé). Recherchez le patient à nouveau.');
    return p;
  }

  function hitOf(p: Stored, matched: MatchKind): PatientHit {
    const phone = p.draft.phones[0]?.number;
    return {
      id: p.id,
      displayName: displayName(p.draft),
      birthDate: p.draft.birthDate,
      age: ageOf(p.draft.birthDate),
      sex: p.draft.sex as Sex,
      phone: phone ? formatPhone(phone) : null,
      archived: p.archived,
      matched,
    };
  }

  function nameWords(d: PatientDraft): string[] {
    return [d.birthName, d.usedName ?? '', d.birthFirstNames, d.usedFirstName ?? ''].flatMap(words);
  }

  function search(query: string, includeArchived: boolean, limit: number): PatientHit[] {
    const tokens = query.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return [];
    const allDigits = tokens.every((t) => /^[\d.+-]+$/.test(t));
    const digits = tokens.join('').replace(/\D/g, '');
    const singleYear = tokens.length === 1 && /^\d{4}$/.test(tokens[0] ?? '');
    const candidates = [...store.values()].filter((p) => !p.mergedInto && (includeArchived || !p.archived));
    if (allDigits && !singleYear) {
      if (digits.length < 2) return [];
      return candidates
        .filter(
          (p) =>
            p.draft.phones.some((f) => normalisePhone(f.number).includes(digits)) ||
            (p.draft.nir ?? '').replace(/\s/g, '').startsWith(digits),
        )
        .slice(0, limit)
        .map((p) => hitOf(p, 'other'));
    }
    let dateTest: ((birth: string) => boolean) | null = null;
    const queryWords: string[] = [];
    for (const token of tokens) {
      if (/^\d{4}$/.test(token)) {
        dateTest = (b) => b.endsWith(`/${token}`);
      } else if (/^\d{1,2}[/.]\d{4}$/.test(token)) {
        const [m, y] = token.split(/[/.]/);
        dateTest = (b) => b.endsWith(`/${(m ?? '').padStart(2, '0')}/${y}`);
      } else if (/^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(token)) {
        const [d, m, y] = token.split(/[/.]/) as [string, string, string];
        const year = y.length === 2 ? (Number(y) > 26 ? `19${y}` : `20${y}`) : y;
        const wanted = `${d.padStart(2, '0')}/${m.padStart(2, '0')}/${year}`;
        dateTest = (b) => b === wanted;
      } else {
        queryWords.push(...words(token));
      }
    }
    const ranked: { p: Stored; kind: MatchKind }[] = [];
    for (const p of candidates) {
      if (dateTest && !dateTest(p.draft.birthDate)) continue;
      const names = nameWords(p.draft);
      let worst: MatchKind = queryWords.length === 0 ? 'other' : 'exact';
      let ok = true;
      for (const w of queryWords) {
        let kind: MatchKind | null = null;
        if (names.includes(w)) kind = 'exact';
        else if (names.some((n) => n.startsWith(w))) kind = 'prefix';
        else if (w.length >= 3 && names.some((n) => sound(n) === sound(w))) kind = 'phonetic';
        if (!kind) {
          ok = false;
          break;
        }
        const order: MatchKind[] = ['exact', 'prefix', 'phonetic', 'other'];
        if (order.indexOf(kind) > order.indexOf(worst)) worst = kind;
      }
      if (ok) ranked.push({ p, kind: worst });
    }
    const order: MatchKind[] = ['exact', 'prefix', 'phonetic', 'other'];
    ranked.sort(
      (a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind) ||
        displayName(a.p.draft).localeCompare(displayName(b.p.draft), 'fr'),
    );
    return ranked.slice(0, limit).map(({ p, kind }) => hitOf(p, kind));
  }

  function validate(d: PatientDraft): string[] {
    const name = /^[\p{L}' ’-]+$/u;
    if (!d.birthName.trim()) fail('invalidInput', 'Tapez le nom de naissance.', 'birthName');
    if (!name.test(d.birthName)) {
      fail('invalidInput', 'Le nom de naissance ne contient que des lettres, espaces, traits d’union et apostrophes.', 'birthName');
    }
    if (!d.birthFirstNames.trim()) fail('invalidInput', 'Tapez le prénom de naissance.', 'birthFirstNames');
    if (d.usedName && !name.test(d.usedName)) {
      fail('invalidInput', 'Le nom utilisé ne contient que des lettres, espaces, traits d’union et apostrophes.', 'usedName');
    }
    if (!d.birthDate.trim()) fail('invalidInput', 'Tapez la date de naissance (jj/mm/aaaa).', 'birthDate');
    const born = iso(d.birthDate);
    if (!born) {
      fail('invalidInput', `La date ${d.birthDate.trim()} n'existe pas : vérifiez le jour et le mois.`, 'birthDate');
    }
    if (born > todayIso()) fail('invalidInput', `La date ${d.birthDate.trim()} est dans le futur.`, 'birthDate');
    if (!['F', 'M', 'I'].includes(d.sex)) {
      fail('invalidInput', 'Choisissez le sexe : féminin, masculin ou indéterminé.', 'sex');
    }
    if (d.identityStatus === 'validee' && !['carte_identite', 'passeport', 'titre_sejour'].includes(d.identityProof ?? '')) {
      fail(
        'invalidInput',
        "Une identité validée demande une pièce à haut niveau de confiance : carte d'identité, passeport ou titre de séjour. Sinon, laissez-la provisoire.",
        'identityProof',
      );
    }
    const warnings: string[] = [];
    if (d.nir) {
      const n = d.nir.replace(/\s/g, '');
      if (!/^[1278]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}\d{2}$/.test(n)) {
        fail('invalidInput', 'Le NIR compte 15 caractères (13 chiffres et la clé de 2 chiffres), par exemple 2 62 03 42 218 005 12.', 'nir');
      }
      if ((n[0] === '1') !== (d.sex === 'M') && d.sex !== 'I') {
        warnings.push('Le NIR commence par ' + n[0] + ' mais la fiche indique un autre sexe : vérifiez le NIR ou le sexe.');
      }
      if (n.slice(1, 3) !== born.slice(2, 4)) {
        warnings.push('L’année de naissance du NIR (' + n.slice(1, 3) + ') ne correspond pas à la date de naissance : vérifiez.');
      }
    }
    for (const phone of d.phones) {
      const digits = normalisePhone(phone.number);
      if (!/^(0\d{9}|\+\d{6,15})$/.test(digits)) {
        fail(
          'invalidInput',
          `« ${phone.number} » n'est pas un numéro de téléphone : tapez 10 chiffres (06 12 34 56 78) ou +indicatif pour l'étranger.`,
          'phones',
        );
      }
    }
    if (d.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.email)) {
      fail('invalidInput', 'Adresse e-mail incomplète : elle ressemble à prenom.nom@exemple.fr.', 'email');
    }
    if (d.postcode && !/^\d{5}$/.test(d.postcode)) {
      fail('invalidInput', 'Le code postal compte 5 chiffres, par exemple 75011.', 'postcode');
    }
    for (const [key, label] of [
      ['gpId', 'médecin traitant'],
      ['referrerId', 'adresseur'],
    ] as const) {
      const id = d[key];
      if (id && !directory.get(id)) {
        fail('invalidInput', `Ce ${label} n'est plus dans l'annuaire des correspondants : choisissez-le à nouveau.`, key);
      }
    }
    for (const [key, label] of [
      ['aldEndDate', 'aldEndDate'],
      ['deathDate', 'deathDate'],
      ['lastVisitOn', 'lastVisitOn'],
    ] as const) {
      const v = d[key];
      if (v && !iso(v)) fail('invalidInput', `La date ${v} n'existe pas : vérifiez le jour et le mois.`, label);
    }
    return warnings;
  }

  function candidatesFor(d: PatientDraft): DuplicateCandidate[] {
    const born = iso(d.birthDate);
    if (!born || !d.birthName.trim() || !d.birthFirstNames.trim()) return [];
    const [y, m, day] = born.split('-');
    const swapped = `${day}/${m}/${y}` !== d.birthDate ? null : `${m}/${day}/${y}`;
    const typed = [d.birthName, d.usedName ?? ''].flatMap(words);
    const typedFirst = words(d.birthFirstNames)[0] ?? '';
    const found: DuplicateCandidate[] = [];
    for (const p of store.values()) {
      if (p.mergedInto) continue;
      const sameNir = Boolean(d.nir && p.draft.nir && d.nir.replace(/\s/g, '') === p.draft.nir.replace(/\s/g, ''));
      const sameDate = p.draft.birthDate === d.birthDate;
      const swappedDate = swapped !== null && p.draft.birthDate === swapped && !sameDate;
      if (!sameNir && !sameDate && !swappedDate) continue;
      const theirs = [p.draft.birthName, p.draft.usedName ?? ''].flatMap(words);
      const exact = typed.some((w) => theirs.includes(w));
      const sounds = !exact && typed.some((w) => w.length >= 3 && theirs.some((n) => sound(n) === sound(w)));
      const theirFirst = words(p.draft.birthFirstNames)[0] ?? '';
      const firstMatch = theirFirst === typedFirst || sound(theirFirst) === sound(typedFirst);
      if (!sameNir && !exact && !sounds) continue;
      const reasons: string[] = [];
      if (sameNir) reasons.push('même NIR');
      if (sameDate) reasons.push('même date de naissance');
      if (swappedDate) reasons.push('date de naissance avec jour et mois inversés');
      if (exact) reasons.push('même nom');
      if (sounds) reasons.push('nom qui se prononce pareil');
      if (firstMatch) reasons.push('même premier prénom');
      found.push({ patient: hitOf(p, 'other'), reasons, likely: sameNir || ((exact || sounds) && firstMatch) });
    }
    return found.sort((a, b) => Number(b.likely) - Number(a.likely));
  }

  function retentionOf(d: PatientDraft, createdAt: string) {
    const born = iso(d.birthDate);
    const visit = (d.lastVisitOn && iso(d.lastVisitOn)) || createdAt.slice(0, 10);
    if (!born) return null;
    const death = d.deathDate ? iso(d.deathDate) : null;
    let until: string;
    let rule: string;
    if (death && death <= plusYears(visit, 10)) {
      until = plusYears(death, 10);
      rule = '10 ans après le décès (décès moins de 10 ans après la dernière consultation)';
    } else if (plusYears(born, 28) > plusYears(visit, 20)) {
      until = plusYears(born, 28);
      rule = "jusqu'aux 28 ans du patient (mineur lors de la dernière consultation)";
    } else {
      until = plusYears(visit, 20);
      rule = '20 ans après la dernière consultation';
    }
    return { until: french(until), rule, expired: until < todayIso(), lastVisit: french(visit) };
  }

  function fileOf(p: Stored): PatientFile {
    const r = retentionOf(p.draft, p.createdAt);
    return {
      id: p.id,
      displayName: displayName(p.draft),
      age: ageOf(p.draft.birthDate),
      nirDisplay: formatNir(p.draft.nir),
      birthPlaceLabel: placeLabel(p.draft.birthPlaceCog),
      gp: p.draft.gpId ? directory.get(p.draft.gpId) : null,
      referrer: p.draft.referrerId ? directory.get(p.draft.referrerId) : null,
      phones: p.draft.phones.map((f) => ({ kind: f.kind, number: formatPhone(f.number) })),
      alerts: [...p.draft.alerts],
      archived: p.archived,
      mergedInto: p.mergedInto,
      retention: r ? { until: r.until, rule: r.rule, expired: r.expired } : null,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      draft: structuredClone(p.draft),
    };
  }

  function cleanDraft(d: PatientDraft): PatientDraft {
    return {
      ...d,
      phones: d.phones.map((f) => ({ kind: f.kind, number: normalisePhone(f.number) })),
      nir: d.nir ? d.nir.replace(/\s/g, '') : null,
    };
  }

  // ——— CSV

  const CSV_PREVIEW: ImportPreview = {
    encoding: 'Windows-1252',
    separator: ';',
    headers: ['NOM', 'Prénom', 'Nom d’usage', 'Né(e) le', 'Sexe', 'Portable', 'CP', 'Ville', 'Couleur préférée'],
    mapping: ['birthName', 'firstNames', 'usedName', 'birthDate', 'sex', 'phone', 'postcode', 'city', 'ignore'],
    sample: [
      ['ROUSSEAU', 'Margot', '', '12/04/1988', 'F', '06 11 22 33 44', '42000', 'Saint-Étienne', 'bleu'],
      ['FAURE', 'Bernard', '', '31/02/1950', 'M', '', '42100', 'Saint-Étienne', 'vert'],
      ['LEFEBVRE', 'Hélène', '', '03/03/1962', 'F', '06 98 76 54 32', '42000', 'Saint-Étienne', ''],
      ['MARCHAND', 'Élise', 'PETIT', '27/11/1979', 'F', '07 12 12 12 12', '42390', 'Villars', 'rouge'],
      ['BLANC', 'Théo', '', '05/06/2015', 'M', '06 44 55 66 77', '42000', 'Saint-Étienne', ''],
    ],
    rows: 214,
  };

  function importReport(mapping: ImportField[], mode: ImportMode): ImportReport {
    for (const [field, label] of [
      ['birthName', 'le nom de naissance'],
      ['firstNames', 'le prénom'],
      ['birthDate', 'la date de naissance'],
      ['sex', 'le sexe'],
    ] as const) {
      if (!mapping.includes(field)) {
        fail(
          'invalidInput',
          `Indiquez quelle colonne contient : ${label}. Le nom de naissance, le prénom, la date de naissance et le sexe sont indispensables.`,
          'mapping',
        );
      }
    }
    const badLines = [
      { line: 3, reason: "La date 31/02/1950 n'existe pas : vérifiez le jour et le mois." },
      { line: 57, reason: 'Choisissez le sexe : féminin, masculin ou indéterminé.' },
      { line: 130, reason: "« 06 12 34 » n'est pas un numéro de téléphone : tapez 10 chiffres (06 12 34 56 78) ou +indicatif pour l'étranger." },
    ];
    const likelyDuplicates = [
      { line: 4, reason: 'ressemble au dossier existant LEFÈVRE Hélène né(e) le 03/03/1962' },
      { line: 188, reason: 'même personne que la ligne 21 ?' },
    ];
    const valid = 214 - badLines.length - likelyDuplicates.length;
    const proceed = mode === 'skipBadLines' || (mode === 'allOrNothing' && badLines.length === 0);
    return { total: 214, valid, imported: proceed ? valid : 0, badLines, likelyDuplicates, mode };
  }

  // ——— The commands

  return {
    count(): number {
      return [...store.values()].filter((p) => !p.archived && !p.mergedInto).length;
    },

    /** Answers a patient command, or returns `undefined` if it is not one. */
    async handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
      switch (cmd) {
        case 'search_patients':
          return search(String(args['query'] ?? ''), Boolean(args['includeArchived']), Number(args['limit'] ?? 50));
        case 'get_patient':
          return fileOf(live(String(args['id'])));
        case 'patient_history':
          return live(String(args['id'])).history;
        case 'duplicate_candidates':
          return candidatesFor(cleanDraft(args['draft'] as PatientDraft));
        case 'create_patient': {
          const draft = cleanDraft(args['draft'] as PatientDraft);
          const warnings = validate(draft);
          const found = candidatesFor(draft);
          if (!args['confirmedNotDuplicate'] && found.some((c) => c.likely)) {
            fail(
              'likelyDuplicate',
              `Ce patient existe peut-être déjà (${found.length} dossier(s) proche(s) : même date de naissance et nom semblable). Vérifiez les dossiers proposés ; si c'est bien une autre personne, confirmez la création.`,
            );
          }
          const at = now();
          const p = add(draft, { createdAt: at });
          return { id: p.id, warnings };
        }
        case 'update_patient': {
          const p = live(String(args['id']));
          const draft = cleanDraft(args['draft'] as PatientDraft);
          const warnings = validate(draft);
          const at = now();
          for (const [key, column] of COLUMNS) {
            const before = storedColumn(p.draft, key);
            const after = storedColumn(draft, key);
            if (before !== after) p.history.push(historyLine('modification', at, column, before, after));
          }
          const phones = (d: PatientDraft) => d.phones.map((f) => `${f.kind} ${f.number}`).join(', ');
          if (phones(p.draft) !== phones(draft)) {
            p.history.push(historyLine('modification', at, 'phones', phones(p.draft), phones(draft)));
          }
          if (p.draft.alerts.join(', ') !== draft.alerts.join(', ')) {
            p.history.push(historyLine('modification', at, 'alerts', p.draft.alerts.join(', '), draft.alerts.join(', ')));
          }
          p.draft = draft;
          p.updatedAt = at;
          return warnings;
        }
        case 'set_patient_archived': {
          const p = live(String(args['id']));
          const archived = Boolean(args['archived']);
          if (p.archived !== archived) {
            p.archived = archived;
            p.updatedAt = now();
            p.history.push(historyLine(archived ? 'archivage' : 'desarchivage', p.updatedAt));
          }
          return null;
        }
        case 'compare_patients': {
          const keep = live(String(args['keepId']));
          const remove = live(String(args['removeId']));
          if (keep.id === remove.id) fail('invalidInput', 'Choisissez deux dossiers différents à fusionner.', 'merge');
          return COLUMNS.map(([key, column]): FieldComparison | null => {
            const kept = storedColumn(keep.draft, key);
            const removed = storedColumn(remove.draft, key);
            return kept === removed ? null : { field: column, label: LABELS[column] ?? column, kept, removed };
          }).filter((c): c is FieldComparison => c !== null);
        }
        case 'merge_patients': {
          const keep = live(String(args['keepId']));
          const remove = live(String(args['removeId']));
          const take = (args['takeFromRemoved'] as string[]) ?? [];
          const at = now();
          for (const [key, column] of COLUMNS) {
            if (!take.includes(column)) continue;
            keep.history.push(
              historyLine('modification', at, column, storedColumn(keep.draft, key), storedColumn(remove.draft, key)),
            );
            (keep.draft as Record<string, unknown>)[key] = remove.draft[key];
          }
          const numbers = new Set(keep.draft.phones.map((f) => f.number));
          keep.draft.phones.push(...remove.draft.phones.filter((f) => !numbers.has(f.number)));
          keep.draft.alerts.push(...remove.draft.alerts.filter((a) => !keep.draft.alerts.includes(a)));
          remove.mergedInto = keep.id;
          remove.archived = true;
          keep.history.push(historyLine('fusion', at, null, remove.id, null));
          remove.history.push(historyLine('fusion', at, null, null, keep.id));
          keep.updatedAt = at;
          return null;
        }
        case 'expired_files': {
          const files: ExpiredFile[] = [];
          for (const p of store.values()) {
            if (p.mergedInto) continue;
            const r = retentionOf(p.draft, p.createdAt);
            if (r?.expired) {
              files.push({
                id: p.id,
                displayName: displayName(p.draft),
                birthDate: p.draft.birthDate,
                lastVisit: r.lastVisit,
                retention: { until: r.until, rule: r.rule, expired: true },
              });
            }
          }
          return files;
        }
        case 'delete_expired_file': {
          if (!args['confirmed']) fail('invalidInput', 'Confirmez la suppression : elle est définitive.', 'confirmation');
          store.delete(String(args['id']));
          return null;
        }
        case 'pick_csv_file':
          return '/home/secretaire/Documents/export-ancien-logiciel.csv';
        case 'preview_import': {
          const path = String(args['path'] ?? '').trim();
          if (!path.endsWith('.csv')) {
            fail('notFound', `Le fichier « ${path} » est introuvable. Vérifiez l'emplacement.`, 'path');
          }
          return CSV_PREVIEW;
        }
        case 'import_patients':
          await new Promise((resolve) => setTimeout(resolve, 900));
          return importReport(args['mapping'] as ImportField[], args['mode'] as ImportMode);
        case 'pick_export_location':
          return '/home/secretaire/Documents/patients-2026-05-14.csv';
        case 'export_patients':
          await new Promise((resolve) => setTimeout(resolve, 400));
          return 48213;
        case 'communes_for_postcode':
          return COMMUNES.filter((c) => c.postcode === String(args['postcode'] ?? '').trim());
        case 'birth_places': {
          const q = fold(String(args['query'] ?? ''));
          if (!q) return [];
          return PLACES.filter((p) => fold(p.label).startsWith(q) || p.cog === q.toUpperCase()).slice(0, 15);
        }
        default:
          return undefined;
      }
    },
  };
}
