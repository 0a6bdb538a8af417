// What the patient screens share: the empty form, French labels for the
// shell's codes, how stored values read in the history and the merge table,
// and the little rules of the form (is the identity complete, is it dirty).
import type { ImportField, MatchKind, PatientDraft } from './api';
import type { PhoneKind } from './bindings/PhoneKind';
import type { Sex } from './bindings/Sex';
import { formatDate, formatPhone, parseFrenchDate } from './format';
import { t, tp, type MessageKey } from './i18n';

export type { PhoneKind, Sex };
/** The core's phone kinds (`PhoneKind`), in the form's order. */
export const PHONE_KINDS: readonly PhoneKind[] = ['mobile', 'domicile', 'travail', 'autre'];

/** Documents that allow « validée » (identitovigilance: high trust only). */
export const HIGH_TRUST_PROOFS = ['carte_identite', 'passeport', 'titre_sejour'] as const;
export const ALL_PROOFS = [
  ...HIGH_TRUST_PROOFS,
  'livret_famille',
  'acte_naissance',
  'autre',
] as const;

export const SEXES: readonly Sex[] = ['F', 'M', 'I'];

export function emptyDraft(): PatientDraft {
  return {
    birthName: '',
    birthFirstNames: '',
    usedName: null,
    usedFirstName: null,
    birthDate: '',
    sex: '',
    birthPlaceCog: null,
    birthRank: null,
    nir: null,
    identityStatus: 'provisoire',
    identityProof: null,
    identityStatusSource: null,
    phones: [{ kind: 'mobile', number: '' }],
    email: null,
    addressLine1: null,
    addressLine2: null,
    postcode: null,
    city: null,
    cityCog: null,
    contactPerson: null,
    legalRepresentative: null,
    amoRegime: null,
    amoCaisse: null,
    amcName: null,
    amcMemberNumber: null,
    amcThirdParty: false,
    ald: false,
    aldEndDate: null,
    aidScheme: null,
    gpId: null,
    referrerId: null,
    notes: null,
    alerts: [],
    deathDate: null,
    lastVisitOn: null,
  };
}

function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function optionalText(text: string | null | undefined): string | null {
  const cleaned = cleanText(text);
  return cleaned === '' ? null : cleaned;
}

/**
 * The draft as sent to the shell: spaces tidied, empty optional fields as
 * null, empty phone lines dropped. Notes keep their line breaks.
 */
export function normaliseDraft(draft: PatientDraft): PatientDraft {
  const notes = (draft.notes ?? '').trim();
  return {
    ...draft,
    birthName: cleanText(draft.birthName),
    birthFirstNames: cleanText(draft.birthFirstNames),
    usedName: optionalText(draft.usedName),
    usedFirstName: optionalText(draft.usedFirstName),
    birthDate: cleanText(draft.birthDate),
    birthPlaceCog: optionalText(draft.birthPlaceCog),
    nir: optionalText(draft.nir),
    identityProof: optionalText(draft.identityProof),
    identityStatusSource: optionalText(draft.identityStatusSource),
    phones: draft.phones
      .map((p) => ({ kind: p.kind, number: cleanText(p.number) }))
      .filter((p) => p.number !== ''),
    email: optionalText(draft.email),
    addressLine1: optionalText(draft.addressLine1),
    addressLine2: optionalText(draft.addressLine2),
    postcode: optionalText(draft.postcode),
    city: optionalText(draft.city),
    cityCog: optionalText(draft.cityCog),
    contactPerson: optionalText(draft.contactPerson),
    legalRepresentative: optionalText(draft.legalRepresentative),
    amoRegime: optionalText(draft.amoRegime),
    amoCaisse: optionalText(draft.amoCaisse),
    amcName: optionalText(draft.amcName),
    amcMemberNumber: optionalText(draft.amcMemberNumber),
    aldEndDate: draft.ald ? optionalText(draft.aldEndDate) : null,
    aidScheme: optionalText(draft.aidScheme),
    notes: notes === '' ? null : notes,
    alerts: draft.alerts.map(cleanText).filter((a) => a !== ''),
    deathDate: optionalText(draft.deathDate),
    lastVisitOn: optionalText(draft.lastVisitOn),
  };
}

/** Same content once tidied: what « unsaved changes » means. */
export function sameDraft(a: PatientDraft, b: PatientDraft): boolean {
  return JSON.stringify(normaliseDraft(a)) === JSON.stringify(normaliseDraft(b));
}

/** Enough identity to look for duplicates: birth name, first name, a real date. */
export function identityComplete(draft: PatientDraft): boolean {
  return (
    cleanText(draft.birthName) !== '' &&
    cleanText(draft.birthFirstNames) !== '' &&
    parseFrenchDate(draft.birthDate) !== null
  );
}

/** The identity traits the duplicate check looks at, as one comparable key. */
export function identityKey(draft: PatientDraft): string {
  const d = normaliseDraft(draft);
  return [d.birthName, d.birthFirstNames, d.usedName, d.birthDate, d.sex, d.nir].join('\u0001');
}

/** `Lefèvre` from `lefèvre`, `Le Goff` from `le goff`, `Jean-Pierre`… */
function capitalise(word: string): string {
  return word
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L})/gu, (_whole, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * What the search text tells about a new patient: a full birth date, and
 * (when `withName`, e.g. the search found nobody) the first word as a birth
 * name. She still checks both against the identity document.
 */
export function prefillFromQuery(query: string, withName = true): Partial<PatientDraft> | null {
  const prefill: Partial<PatientDraft> = {};
  const words: string[] = [];
  for (const token of query.trim().split(/\s+/).filter(Boolean)) {
    const iso = parseFrenchDate(token);
    if (iso) prefill.birthDate = formatDate(iso);
    else if (/^\p{L}[\p{L}'’-]*$/u.test(token)) words.push(token);
  }
  const [name] = words;
  if (withName && name && name.length >= 2) prefill.birthName = capitalise(name);
  return Object.keys(prefill).length > 0 ? prefill : null;
}

/** `03031962` → `03/03/1962` when she typed the digits only. */
export function tidyDate(text: string): string {
  const digits = text.trim();
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(digits);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : text;
}

export function sexLabel(sex: string): string {
  switch (sex.trim().toUpperCase()) {
    case 'F':
      return t('patients.sex.F');
    case 'M':
      return t('patients.sex.M');
    case 'I':
    case 'U':
      return t('patients.sex.U');
    default:
      return sex;
  }
}

/** `64 ans`, `1 an`, `moins d’un an`. */
export function ageLabel(age: number): string {
  if (age < 1) return t('patients.age.baby');
  return tp('patients.age', age);
}

/** `Née le 03/03/1962` (the date already dd/mm/yyyy). */
export function bornLabel(sex: string, date: string): string {
  const s = sex.trim().toUpperCase();
  const key: MessageKey = s === 'F' ? 'file.born.F' : s === 'M' ? 'file.born.M' : 'file.born.I';
  return t(key, { date });
}

/** The badge for how a search result matched; null when nothing to say. */
export function matchBadge(kind: MatchKind): MessageKey | null {
  return kind === 'phonetic' ? 'patients.match.phonetic' : null;
}

export function phoneKindLabel(kind: string): string {
  return (PHONE_KINDS as readonly string[]).includes(kind)
    ? t(`phone.kind.${kind as PhoneKind}`)
    : kind;
}

export function proofLabel(proof: string): string {
  return (ALL_PROOFS as readonly string[]).includes(proof)
    ? t(`proof.${proof as (typeof ALL_PROOFS)[number]}`)
    : proof;
}

export function statusLabel(status: string): string {
  if (status === 'provisoire') return t('identity.provisoire');
  if (status === 'validee') return t('identity.validee');
  if (status === 'recuperee') return t('identity.recuperee');
  if (status === 'qualifiee') return t('identity.qualifiee');
  return status;
}

export function aidLabel(aid: string | null): string {
  if (aid === 'css') return t('aid.css');
  if (aid === 'ame') return t('aid.ame');
  return t('aid.none');
}

const HISTORY_ACTIONS = ['creation', 'modification', 'archivage', 'desarchivage', 'fusion'] as const;

export function actionLabel(action: string): string {
  return (HISTORY_ACTIONS as readonly string[]).includes(action)
    ? t(`history.action.${action as (typeof HISTORY_ACTIONS)[number]}`)
    : action;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `2620342218005 12` → `2 62 03 42 218 005 12` (anything else as stored). */
export function formatNir(nir: string): string {
  const n = nir.replace(/\s/g, '');
  if (!/^[0-9]{5}[0-9AB]{2}[0-9]{8}$/i.test(n)) return nir;
  return [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 10), n.slice(10, 13), n.slice(13)].join(' ');
}

/**
 * A stored value (history, merge table) as she reads it: dates dd/mm/yyyy,
 * codes in words, phone numbers in pairs, correspondants by name. `field` is
 * the stored column name.
 */
export function storedValue(
  field: string | null,
  value: string | null,
  /** Correspondant id → label, for `gp_id` / `referrer_id`. */
  names: ReadonlyMap<string, string> = new Map(),
): string {
  if (value === null || value.trim() === '') return t('history.empty');
  const v = value.trim();
  switch (field) {
    case 'gp_id':
    case 'referrer_id':
      return names.get(v) ?? t('history.correspondantGone');
    case 'sex':
      return sexLabel(v);
    case 'identity_status':
      return statusLabel(v);
    case 'identity_proof':
      return proofLabel(v);
    case 'aid_scheme':
      return aidLabel(v);
    case 'nir':
      return formatNir(v);
    case 'ald':
    case 'amc_third_party':
      return v === '1' || v === 'true' ? t('common.yes') : t('common.no');
    case 'phones':
      return v
        .split(', ')
        .map((entry) => {
          const space = entry.indexOf(' ');
          if (space < 0) return formatPhone(entry);
          const kind = entry.slice(0, space);
          return `${phoneKindLabel(kind)} ${formatPhone(entry.slice(space + 1))}`;
        })
        .join(', ');
    default:
      return ISO_DAY.test(v) ? formatDate(v) : v;
  }
}

/** The French labels of the CSV column meanings, in the order offered. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  'birthName',
  'firstNames',
  'usedName',
  'usedFirstName',
  'birthDate',
  'sex',
  'nir',
  'phone',
  'phone2',
  'email',
  'address',
  'postcode',
  'city',
  'birthPlaceCog',
  'notes',
  'lastVisit',
  'ignore',
];

/** Without these four the shell refuses the import. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = [
  'birthName',
  'firstNames',
  'birthDate',
  'sex',
];

export function importFieldLabel(field: ImportField): string {
  return t(`importField.${field}`);
}

/** `45 210` (narrow no-break spaces), for byte counts. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
