-- 0001: the cabinet, its practitioners, and the core of the patient identity.
-- An applied migration is never edited: add a new numbered file instead
-- (the test `applied_migrations_are_never_edited` enforces it).

-- Exactly one row: who this cabinet is. Name and colour are also copied to the
-- launcher's recent list (the only things that ever leave the file).
CREATE TABLE cabinet (
    id          TEXT PRIMARY KEY,                -- UUID v7
    singleton   INTEGER NOT NULL UNIQUE DEFAULT 1 CHECK (singleton = 1),
    name        TEXT NOT NULL,
    colour      TEXT NOT NULL,                   -- '#rrggbb'
    time_zone   TEXT NOT NULL,                   -- IANA, e.g. 'Europe/Paris'
    is_demo     INTEGER NOT NULL DEFAULT 0,      -- synthetic patients only
    created_at  TEXT NOT NULL,                   -- RFC 3339, UTC
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE practitioners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    specialty   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Identity per the INS rules (see shared/DOMAIN.md). The patients issue adds
-- contacts, insurance, history and search structures in later migrations.
CREATE TABLE patients (
    id                TEXT PRIMARY KEY,
    birth_name        TEXT NOT NULL,             -- nom de naissance
    birth_first_names TEXT NOT NULL,             -- prénoms de naissance, civil order, space-separated
    used_name         TEXT,                      -- nom utilisé
    used_first_name   TEXT,                      -- prénom utilisé
    birth_date        TEXT NOT NULL,             -- 'YYYY-MM-DD'
    sex               TEXT NOT NULL CHECK (sex IN ('F', 'M', 'I')),
    birth_place_cog   TEXT,                      -- INSEE COG of the commune, or 99xxx abroad
    birth_rank        INTEGER NOT NULL DEFAULT 1, -- rang de naissance (twins)
    nir               TEXT,                      -- 15 characters with the key
    identity_status   TEXT NOT NULL DEFAULT 'provisoire'
                      CHECK (identity_status IN ('provisoire', 'validee', 'recuperee', 'qualifiee')),
    email             TEXT,
    archived_at       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX patients_by_birth_date ON patients (birth_date);
CREATE INDEX patients_by_birth_name ON patients (birth_name COLLATE NOCASE);

CREATE TABLE patient_phones (
    id          TEXT PRIMARY KEY,
    patient_id  TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('mobile', 'domicile', 'travail', 'autre')),
    number      TEXT NOT NULL,                   -- digits only, e.g. '0612345678'
    position    INTEGER NOT NULL
) STRICT;

CREATE INDEX patient_phones_by_patient ON patient_phones (patient_id);
