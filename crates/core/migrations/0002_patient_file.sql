-- 0002: the patient file — identity proof, contacts, administrative data,
-- correspondants, the change history, and the search index.

-- Doctors, labs and hospitals the cabinet writes to.
CREATE TABLE correspondants (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('medecin', 'laboratoire', 'etablissement', 'autre')),
    name        TEXT NOT NULL,
    specialty   TEXT,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    rpps        TEXT,
    archived_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- How the identity was checked (INS): 'validee' needs a high-trust document.
ALTER TABLE patients ADD COLUMN identity_proof TEXT
    CHECK (identity_proof IN ('carte_identite', 'passeport', 'titre_sejour', 'livret_famille', 'acte_naissance', 'autre'));
-- A status set elsewhere (INSi, hospital) recorded as is; Carnet never sets it.
ALTER TABLE patients ADD COLUMN identity_status_source TEXT;

-- Contacts.
ALTER TABLE patients ADD COLUMN address_line1 TEXT;
ALTER TABLE patients ADD COLUMN address_line2 TEXT;
ALTER TABLE patients ADD COLUMN postcode TEXT;
ALTER TABLE patients ADD COLUMN city TEXT;
ALTER TABLE patients ADD COLUMN city_cog TEXT;
ALTER TABLE patients ADD COLUMN contact_person TEXT;        -- personne à prévenir
ALTER TABLE patients ADD COLUMN legal_representative TEXT;  -- for a minor

-- Administrative.
ALTER TABLE patients ADD COLUMN amo_regime TEXT;            -- régime général, MSA…
ALTER TABLE patients ADD COLUMN amo_caisse TEXT;            -- CPAM de …
ALTER TABLE patients ADD COLUMN amc_name TEXT;              -- mutuelle
ALTER TABLE patients ADD COLUMN amc_member_number TEXT;
ALTER TABLE patients ADD COLUMN amc_third_party INTEGER NOT NULL DEFAULT 0; -- tiers payant
ALTER TABLE patients ADD COLUMN ald INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN ald_end_date TEXT;          -- 'YYYY-MM-DD'
ALTER TABLE patients ADD COLUMN aid_scheme TEXT CHECK (aid_scheme IN ('css', 'ame'));
ALTER TABLE patients ADD COLUMN gp_id TEXT REFERENCES correspondants (id);        -- médecin traitant
ALTER TABLE patients ADD COLUMN referrer_id TEXT REFERENCES correspondants (id);  -- adresseur

ALTER TABLE patients ADD COLUMN notes TEXT;
ALTER TABLE patients ADD COLUMN death_date TEXT;            -- for retention rules
ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients (id);

-- Visible alerts ("malentendant", "vient accompagné").
CREATE TABLE patient_alerts (
    id          TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX patient_alerts_by_patient ON patient_alerts (patient_id);

-- Every change to a patient file: who, when, which field, old and new value.
CREATE TABLE patient_history (
    id          TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL REFERENCES patients (id),
    at          TEXT NOT NULL,
    author      TEXT,
    action      TEXT NOT NULL CHECK (action IN ('creation', 'modification', 'archivage', 'desarchivage', 'fusion')),
    field       TEXT,
    old_value   TEXT,
    new_value   TEXT
) STRICT;
CREATE INDEX patient_history_by_patient ON patient_history (patient_id, at);

-- Phone numbers and the NIR are searched by any run of 3 digits or more:
-- a trigram index (rowid = patients.rowid) answers "12 34 56" without
-- scanning every number.
CREATE VIRTUAL TABLE patient_digits USING fts5(digits, tokenize = 'trigram');

-- The search index, one row per patient (rowid = patients.rowid), kept in
-- step by the core in the same transaction as each change. `names` holds the
-- folded words of every name; `sounds` their French phonetic keys.
CREATE VIRTUAL TABLE patient_search USING fts5(
    names,
    sounds,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- The last consultation, for retention (20 years after it). The agenda keeps
-- it current; an import may carry it over from the previous program.
ALTER TABLE patients ADD COLUMN last_visit_on TEXT;

-- Files deleted after their retention period: a trace without patient data.
CREATE TABLE deletions (
    id              TEXT PRIMARY KEY,
    deleted_at      TEXT NOT NULL,
    author          TEXT,
    retention_until TEXT NOT NULL,
    reason          TEXT NOT NULL
) STRICT;
