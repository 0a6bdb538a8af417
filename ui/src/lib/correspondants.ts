// What the correspondants screens share: the four kinds and their French
// labels, the empty draft, how a correspondant reads in one line, and the
// draft as sent (spaces tidied, empty fields as null).
import { api, type Correspondant, type CorrespondantDraft } from './api';
import type { CorrespondantKind } from './bindings/CorrespondantKind';
import { t } from './i18n';

export type { CorrespondantKind };
/** The core's kinds (`CorrespondantKind`), in the screens' order. */
export const CORRESPONDANT_KINDS: readonly CorrespondantKind[] = ['medecin', 'laboratoire', 'etablissement', 'autre'];

export function kindLabel(kind: string): string {
  return (CORRESPONDANT_KINDS as readonly string[]).includes(kind)
    ? t(`corr.kind.${kind as CorrespondantKind}`)
    : kind;
}

export function emptyCorrespondantDraft(kind: CorrespondantKind = 'medecin'): CorrespondantDraft {
  return { kind, name: '', specialty: null, address: null, phone: null, email: null, rpps: null, salutation: null };
}

export function draftOf(c: Correspondant): CorrespondantDraft {
  return {
    kind: c.kind,
    name: c.name,
    specialty: c.specialty,
    address: c.address,
    phone: c.phone,
    email: c.email,
    rpps: c.rpps,
    salutation: c.salutation,
  };
}

function optional(text: string | null | undefined): string | null {
  const cleaned = (text ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** The draft as sent: spaces tidied, empty optional fields as null. */
export function normaliseCorrespondantDraft(d: CorrespondantDraft): CorrespondantDraft {
  return {
    kind: d.kind,
    name: (d.name ?? '').replace(/\s+/g, ' ').trim(),
    specialty: optional(d.specialty),
    address: optional(d.address),
    phone: optional(d.phone),
    email: optional(d.email),
    rpps: optional(d.rpps)?.replace(/\s/g, '') ?? null,
    salutation: optional(d.salutation),
  };
}

export function sameCorrespondantDraft(a: CorrespondantDraft, b: CorrespondantDraft): boolean {
  return (
    JSON.stringify(normaliseCorrespondantDraft(a)) === JSON.stringify(normaliseCorrespondantDraft(b))
  );
}

/** `Dr Anne Roux — Médecine générale`, or the name alone. */
export function correspondantLabel(c: Pick<Correspondant, 'name' | 'specialty'>): string {
  return c.specialty ? t('cabinet.practitioner', { name: c.name, specialty: c.specialty }) : c.name;
}

/**
 * Where the shell's field goes in the directory form: the phone check
 * (shared with the patient phones) names its field `phones`.
 */
export function correspondantField(field: string | null): string | null {
  if (field === 'phones') return 'phone';
  return field;
}

/** Stored columns that hold a correspondant's id (history, merge table). */
export const LINK_COLUMNS: ReadonlySet<string> = new Set(['gp_id', 'referrer_id']);

/**
 * id → « name — specialty » for the directory, plus `known` (the file's own
 * links, archived or not), so the history and the merge table can show
 * names instead of ids. Empty when the directory cannot be read.
 */
export async function directoryNames(known: (Correspondant | null)[] = []): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    for (const c of await api.listCorrespondants('')) names.set(c.id, correspondantLabel(c));
  } catch {
    // The ids then read « not in the directory »; nothing else depends on it.
  }
  for (const c of known) if (c) names.set(c.id, correspondantLabel(c));
  return names;
}
