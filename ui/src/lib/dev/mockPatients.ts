// The patient half of the fake shell (see mockShell.ts): canned answers
// built from a few fictional files, so the patient screens can be looked
// at in a plain browser. It does not do what the core does: the search
// lists the files whose name, birth date or phone contains what is typed
// (no sounds, no ranking); one identity has duplicates (LEFÈVRE / LEFEBVRE
// Hélène, born 03/03/1962: creating it again asks for the confirmation);
// the merge table, the retention periods, the expired files and the CSV
// import are fixed; nothing is validated and nothing warns. What the core
// really answers is tested in crates/core; the screens' tests mock the
// shell themselves.
import type {
  CommandError,
  CommuneOption,
  DuplicateCandidate,
  ExpiredFile,
  FieldComparison,
  HistoryEntry,
  ImportMode,
  ImportPreview,
  ImportReport,
  PatientDraft,
  PatientFile,
  PatientHit,
  PlaceOption,
} from '../api';
import type { Retention } from '../bindings/Retention';
import { parseFrenchDate } from '../format';
import { emptyDraft, type Sex } from '../patients';
import type { CorrespondantStore } from './mockCorrespondants';

interface Fixture {
  id: string;
  displayName: string;
  age: number;
  draft: PatientDraft;
  archived: boolean;
  mergedInto: string | null;
  nirDisplay: string | null;
  retention: Retention | null;
  history: HistoryEntry[];
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
  { cog: '2A004', label: 'Ajaccio (2A)' },
  { cog: '99352', label: 'Algérie — pays' },
  { cog: '99350', label: 'Maroc — pays' },
  { cog: '99139', label: 'Portugal — pays' },
  { cog: '99341', label: 'Sénégal — pays' },
];

const COMMUNES: CommuneOption[] = [
  { cog: '75111', name: 'Paris 11e Arrondissement', postcode: '75011' },
  { cog: '42218', name: 'Saint-Étienne', postcode: '42000' },
  { cog: '35238', name: 'Rennes', postcode: '35000' },
  { cog: '01006', name: 'Amareins', postcode: '01090' },
  { cog: '01165', name: 'Francheleins', postcode: '01090' },
  { cog: '01183', name: 'Guéreins', postcode: '01090' },
  { cog: '01263', name: 'Montmerle-sur-Saône', postcode: '01090' },
];

// ——— The fictional files

const CREATED = '2024-09-02T07:45:00Z';
const KEPT: Retention = { until: '12/05/2046', rule: '20 ans après la dernière consultation', expired: false };

function entry(action: string, at: string, field: string | null = null, fieldLabel: string | null = null, oldValue: string | null = null, newValue: string | null = null): HistoryEntry {
  return { at, author: 'Secrétariat', action, field, fieldLabel, oldValue, newValue };
}

function file(id: string, displayName: string, age: number, draft: Partial<PatientDraft>, extra: Partial<Fixture> = {}): Fixture {
  return {
    id,
    displayName,
    age,
    draft: { ...emptyDraft(), phones: [], ...draft },
    archived: false,
    mergedInto: null,
    nirDisplay: null,
    retention: KEPT,
    history: [entry('creation', CREATED)],
    ...extra,
  };
}

const SAINT_ETIENNE = { postcode: '42000', city: 'Saint-Étienne', cityCog: '42218' };
const CPAM = { amoRegime: 'Régime général', amoCaisse: 'CPAM de la Loire' };

function fixtures(): Fixture[] {
  return [
    file(
      'p-lefevre',
      'LEFÈVRE Hélène',
      64,
      {
        birthName: 'Lefèvre',
        birthFirstNames: 'Hélène Marie',
        birthDate: '03/03/1962',
        sex: 'F',
        birthPlaceCog: '42218',
        nir: '262034221800512',
        identityStatus: 'validee',
        identityProof: 'passeport',
        phones: [
          { kind: 'mobile', number: '06 12 34 56 78' },
          { kind: 'domicile', number: '04 77 12 34 56' },
        ],
        email: 'helene.lefevre@exemple.fr',
        addressLine1: '12 rue de la République',
        ...SAINT_ETIENNE,
        contactPerson: 'Paul Lefèvre (fils) — 06 98 76 54 32',
        ...CPAM,
        amcName: 'Mutuelle des Monts du Forez',
        amcMemberNumber: 'MF102334',
        amcThirdParty: true,
        ald: true,
        aldEndDate: '31/12/2027',
        gpId: 'corr-1',
        notes: 'Préfère les rendez-vous le matin.\nAppeler sur le portable.',
        alerts: ['malentendante'],
        lastVisitOn: '12/05/2026',
      },
      {
        nirDisplay: '2 62 03 42 218 005 12',
        history: [
          entry('creation', CREATED),
          entry('modification', '2025-03-11T09:12:00Z', 'email', 'E-mail', null, 'helene.lefevre@exemple.fr'),
          entry('modification', '2026-05-12T08:40:00Z', 'last_visit_on', 'Dernière consultation', '2025-11-03', '2026-05-12'),
        ],
      },
    ),
    file('p-lefebvre', 'LEFEBVRE Hélène', 64, {
      birthName: 'Lefebvre',
      birthFirstNames: 'Hélène',
      birthDate: '03/03/1962',
      sex: 'F',
      phones: [{ kind: 'mobile', number: '06 98 76 54 32' }],
      ...SAINT_ETIENNE,
      notes: 'Dossier repris de l’ancien logiciel.',
    }),
    file('p-martin', 'MARTIN Camille', 38, {
      birthName: 'Martin',
      birthFirstNames: 'Camille Léa',
      birthDate: '12/04/1988',
      sex: 'F',
      phones: [{ kind: 'mobile', number: '06 11 22 33 44' }],
      addressLine1: '4 rue des Tilleuls',
      ...SAINT_ETIENNE,
      ...CPAM,
      gpId: 'corr-1',
      lastVisitOn: '02/02/2026',
    }),
    file('p-bernard', 'BERNARD Louis', 71, {
      birthName: 'Bernard',
      birthFirstNames: 'Louis Jean-Pierre',
      birthDate: '21/09/1954',
      sex: 'M',
      phones: [{ kind: 'domicile', number: '04 77 98 76 54' }],
      ...SAINT_ETIENNE,
      ...CPAM,
      ald: true,
      gpId: 'corr-1',
      referrerId: 'corr-2',
      lastVisitOn: '18/03/2026',
    }),
    file('p-moreau', 'MOREAU (née DUBOIS) Jeanne', 84, {
      birthName: 'Dubois',
      birthFirstNames: 'Jeanne',
      usedName: 'Moreau',
      birthDate: '07/01/1942',
      sex: 'F',
      phones: [{ kind: 'domicile', number: '04 77 55 44 33' }],
      ...SAINT_ETIENNE,
      alerts: ['malentendante', 'vient accompagnée'],
      lastVisitOn: '04/04/2026',
    }),
    file('p-legoff', 'LE GOFF Théo', 9, {
      birthName: 'Le Goff',
      birthFirstNames: 'Théo',
      birthDate: '05/06/2016',
      sex: 'M',
      phones: [{ kind: 'mobile', number: '06 44 55 66 77' }],
      legalRepresentative: 'Anne Le Goff (mère)',
      ...SAINT_ETIENNE,
      lastVisitOn: '10/01/2026',
    }),
    file('p-ndiaye', 'N’DIAYE Awa', 32, {
      birthName: 'N’Diaye',
      birthFirstNames: 'Awa',
      birthDate: '27/11/1993',
      sex: 'F',
      birthPlaceCog: '99341',
      phones: [{ kind: 'mobile', number: '07 12 12 12 12' }],
      aidScheme: 'css',
      lastVisitOn: '22/02/2026',
    }),
    file(
      'p-pereira',
      'PEREIRA Marc',
      50,
      { birthName: 'Pereira', birthFirstNames: 'Marc', birthDate: '14/02/1976', sex: 'M', lastVisitOn: '09/09/2019' },
      { archived: true },
    ),
    file(
      'p-dupont',
      'DUPONT Marcel',
      79,
      {
        birthName: 'Dupont',
        birthFirstNames: 'Marcel',
        birthDate: '14/07/1921',
        sex: 'M',
        lastVisitOn: '02/02/1998',
        deathDate: '10/01/2001',
      },
      { retention: { until: '02/02/2008', rule: '10 ans après le décès (décès moins de 10 ans après la dernière consultation)', expired: true } },
    ),
    file(
      'p-garnier',
      'GARNIER Lucie',
      45,
      { birthName: 'Garnier', birthFirstNames: 'Lucie', birthDate: '09/09/1980', sex: 'F', lastVisitOn: '15/03/2004' },
      { retention: { until: '15/03/2024', rule: '20 ans après la dernière consultation', expired: true } },
    ),
  ];
}

/** The two files of the one identity with duplicates. */
const DUPLICATE_REASONS: Record<string, string[]> = {
  'p-lefevre': ['même date de naissance', 'nom qui se prononce pareil', 'même premier prénom'],
  'p-lefebvre': ['même date de naissance', 'même nom', 'même premier prénom'],
};
const DUPLICATE_BIRTH_DATE = '03/03/1962';

/** The merge table of the two (whichever is kept). */
const COMPARISON: FieldComparison[] = [
  { field: 'birth_name', label: 'Nom de naissance', kept: 'Lefèvre', removed: 'Lefebvre' },
  { field: 'birth_first_names', label: 'Prénoms de naissance', kept: 'Hélène Marie', removed: 'Hélène' },
  { field: 'birth_place_cog', label: 'Lieu de naissance (code INSEE)', kept: '42218', removed: null },
  { field: 'nir', label: 'NIR', kept: '262034221800512', removed: null },
  { field: 'identity_status', label: 'Statut de l’identité', kept: 'validee', removed: 'provisoire' },
  { field: 'email', label: 'E-mail', kept: 'helene.lefevre@exemple.fr', removed: null },
  { field: 'notes', label: 'Notes', kept: 'Préfère les rendez-vous le matin.', removed: 'Dossier repris de l’ancien logiciel.' },
];

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
  ],
  rows: 214,
};

function importReport(mode: ImportMode): ImportReport {
  const badLines = [
    { line: 3, reason: "La date 31/02/1950 n'existe pas : vérifiez le jour et le mois." },
    { line: 57, reason: 'Choisissez le sexe : féminin, masculin ou indéterminé.' },
  ];
  const likelyDuplicates = [{ line: 4, reason: 'ressemble au dossier existant LEFÈVRE Hélène né(e) le 03/03/1962' }];
  const valid = 214 - badLines.length - likelyDuplicates.length;
  return { total: 214, valid, imported: mode === 'skipBadLines' ? valid : 0, badLines, likelyDuplicates, mode };
}

function fail(kind: CommandError['kind'], message: string): never {
  const error: CommandError = { kind, message, field: null };
  throw error;
}

/** Lower case, without accents: enough to find « hélène » by « helene ». */
const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function createPatientStore(seed: boolean, directory: CorrespondantStore) {
  const files = new Map<string, Fixture>(seed ? fixtures().map((f) => [f.id, f]) : []);
  let counter = 0;

  function live(id: string): Fixture {
    const f = files.get(id);
    if (!f) fail('notFound', 'Ce dossier patient n’existe plus (fusionné ou supprimé). Recherchez le patient à nouveau.');
    return f;
  }

  const current = () => [...files.values()].filter((f) => f.mergedInto === null);

  function hitOf(f: Fixture): PatientHit {
    const { birthDate, sex, phones } = f.draft;
    return { id: f.id, displayName: f.displayName, birthDate, age: f.age, sex: sex as Sex, phone: phones[0]?.number ?? null, archived: f.archived, matched: 'prefix' };
  }

  function fileOf(f: Fixture): PatientFile {
    return {
      id: f.id,
      displayName: f.displayName,
      age: f.age,
      nirDisplay: f.nirDisplay,
      birthPlaceLabel: PLACES.find((p) => p.cog === f.draft.birthPlaceCog)?.label ?? null,
      gp: f.draft.gpId ? directory.get(f.draft.gpId) : null,
      referrer: f.draft.referrerId ? directory.get(f.draft.referrerId) : null,
      phones: f.draft.phones.map((p) => ({ ...p })),
      alerts: [...f.draft.alerts],
      archived: f.archived,
      mergedInto: f.mergedInto,
      retention: f.retention,
      createdAt: f.history[0]?.at ?? CREATED,
      updatedAt: f.history.at(-1)?.at ?? CREATED,
      draft: structuredClone(f.draft),
    };
  }

  function duplicatesOf(draft: PatientDraft): DuplicateCandidate[] {
    if (draft.birthDate.trim() !== DUPLICATE_BIRTH_DATE) return [];
    return current()
      .filter((f) => DUPLICATE_REASONS[f.id])
      .map((f) => ({ patient: hitOf(f), reasons: DUPLICATE_REASONS[f.id] ?? [], likely: true }));
  }

  /** A name and an age to show for a file typed here (the core has its own rules). */
  function shown(draft: PatientDraft): Pick<Fixture, 'displayName' | 'age'> {
    const first = draft.usedFirstName?.trim() || draft.birthFirstNames.trim().split(/\s+/)[0] || '';
    const born = parseFrenchDate(draft.birthDate);
    return {
      displayName: `${(draft.usedName?.trim() || draft.birthName.trim()).toUpperCase()} ${first}`.trim(),
      age: born ? new Date().getFullYear() - Number(born.slice(0, 4)) : 0,
    };
  }

  return {
    count(): number {
      return current().filter((f) => !f.archived).length;
    },

    /** Answers a patient command, or returns `undefined` if it is not one. */
    async handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
      switch (cmd) {
        case 'search_patients': {
          const query = plain(String(args['query'] ?? '').trim());
          if (query === '') return { hits: [], total: 0, totalIsExact: true };
          const matching = current()
            .filter((f) => Boolean(args['includeArchived']) || !f.archived)
            .filter((f) => plain(`${f.displayName} ${f.draft.birthDate} ${f.draft.phones[0]?.number ?? ''}`).includes(query));
          return {
            hits: matching.slice(0, Number(args['limit'] ?? 50)).map(hitOf),
            total: matching.length,
            totalIsExact: true,
          };
        }
        case 'get_patient':
          return fileOf(live(String(args['id'])));
        case 'patient_history':
          return live(String(args['id'])).history;
        case 'duplicate_candidates':
          return duplicatesOf(args['draft'] as PatientDraft);
        case 'create_patient': {
          const draft = args['draft'] as PatientDraft;
          const found = duplicatesOf(draft);
          if (!args['confirmedNotDuplicate'] && found.length > 0) {
            fail(
              'likelyDuplicate',
              `Ce patient existe peut-être déjà (${found.length} dossier(s) proche(s) : même date de naissance et nom semblable). Vérifiez les dossiers proposés ; si c'est bien une autre personne, confirmez la création.`,
            );
          }
          const id = `mock-${++counter}`;
          files.set(id, file(id, '', 0, draft, { ...shown(draft), history: [entry('creation', new Date().toISOString())] }));
          return { id, warnings: [] };
        }
        case 'update_patient': {
          const f = live(String(args['id']));
          f.draft = structuredClone(args['draft'] as PatientDraft);
          Object.assign(f, shown(f.draft));
          f.history.push(entry('modification', new Date().toISOString()));
          return [];
        }
        case 'set_patient_archived': {
          const f = live(String(args['id']));
          f.archived = Boolean(args['archived']);
          f.history.push(entry(f.archived ? 'archivage' : 'desarchivage', new Date().toISOString()));
          return null;
        }
        case 'compare_patients':
          return COMPARISON;
        case 'merge_patients': {
          const keep = live(String(args['keepId']));
          const remove = live(String(args['removeId']));
          const at = new Date().toISOString();
          remove.mergedInto = keep.id;
          remove.archived = true;
          keep.history.push(entry('fusion', at, null, null, remove.id, null));
          remove.history.push(entry('fusion', at, null, null, null, keep.id));
          return null;
        }
        case 'expired_files':
          return current()
            .filter((f) => f.retention?.expired)
            .map((f): ExpiredFile => ({
              id: f.id,
              displayName: f.displayName,
              birthDate: f.draft.birthDate,
              lastVisit: f.draft.lastVisitOn ?? '',
              retention: f.retention as Retention,
            }));
        case 'delete_expired_file':
          files.delete(String(args['id']));
          return null;
        case 'pick_csv_file':
          return '/home/secretaire/Documents/export-ancien-logiciel.csv';
        case 'preview_import':
          return CSV_PREVIEW;
        case 'import_patients':
          await new Promise((resolve) => setTimeout(resolve, 900));
          return importReport(args['mode'] as ImportMode);
        case 'export_patients':
          await new Promise((resolve) => setTimeout(resolve, 400));
          return { path: '/home/secretaire/Documents/patients-2026-05-14.csv', count: 48213 };
        case 'communes_for_postcode':
          return COMMUNES.filter((c) => c.postcode === String(args['postcode'] ?? '').trim());
        case 'birth_places': {
          const query = plain(String(args['query'] ?? '').trim());
          return query === '' ? [] : PLACES.filter((p) => plain(p.label).startsWith(query));
        }
        default:
          return undefined;
      }
    },
  };
}
