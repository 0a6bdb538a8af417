-- Reports from dictation: the doctor's recordings, the reports typed from
-- them or brought from Word, their versions and the doctor's validation,
-- the full-text index. Everything, audio included, inside the encrypted file.

-- The letterhead article R.4127-79 of the Code de la santé publique expects.
ALTER TABLE practitioners ADD COLUMN rpps TEXT NOT NULL DEFAULT '';
-- One line per element (street, « 75011 Paris »), separated by '\n'.
ALTER TABLE practitioners ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE practitioners ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE practitioners ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE practitioners ADD COLUMN conventionnement TEXT NOT NULL DEFAULT '';

-- The practitioner a profile is (the doctor's own profile): only she
-- validates the reports she is the author of.
ALTER TABLE users ADD COLUMN practitioner_id TEXT REFERENCES practitioners (id);

CREATE TABLE reports (
    id               TEXT PRIMARY KEY,           -- UUID v7
    -- The full-text index's rowid: an integer that never changes (a plain
    -- rowid may be renumbered by VACUUM).
    seq              INTEGER NOT NULL UNIQUE,
    -- NULL: « patient à identifier » (cannot be validated).
    patient_id       TEXT REFERENCES patients (id) ON DELETE CASCADE,
    author_id        TEXT NOT NULL REFERENCES practitioners (id),
    kind             TEXT NOT NULL
                     CHECK (kind IN ('consultation', 'operatoire', 'examen', 'courrier', 'autre')),
    priority         TEXT NOT NULL CHECK (priority IN ('urgent', 'normal')),
    due_on           TEXT,                       -- 'YYYY-MM-DD'
    note             TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL
                     CHECK (status IN ('a_taper', 'en_cours', 'a_relire', 'valide', 'imprime', 'envoye')),
    -- Where it came from: a dictation, typed directly, or an existing
    -- report brought from another program (already validated then).
    origin           TEXT NOT NULL CHECK (origin IN ('dictee', 'saisie', 'importe')),
    consultation_on  TEXT,                       -- 'YYYY-MM-DD'
    status_since     TEXT NOT NULL,              -- RFC 3339 UTC: when the status last changed
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX reports_by_status ON reports (status, priority, due_on);
CREATE INDEX reports_by_patient ON reports (patient_id, consultation_on);

-- Who moved a report to which status, and when.
CREATE TABLE report_status_history (
    id         INTEGER PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    user_id    TEXT,
    user_name  TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;

CREATE INDEX report_status_history_by_report ON report_status_history (report_id, id);

-- Each version of the body (ProseMirror JSON). The current draft is the
-- highest number not yet validated; a validated version is frozen.
CREATE TABLE report_versions (
    report_id       TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    body            TEXT NOT NULL,
    saved_at        TEXT NOT NULL,
    saved_by        TEXT NOT NULL,               -- the profile's name then
    validated_at    TEXT,
    validator_id    TEXT,                        -- users.id
    validator_name  TEXT,
    sha256          TEXT,                        -- of `body`, as stored
    PRIMARY KEY (report_id, number),
    CHECK ((validated_at IS NULL) = (sha256 IS NULL))
) STRICT;

-- Frozen means frozen, whatever the code path: a validated version is
-- never rewritten (a correction makes a new version).
CREATE TRIGGER report_versions_frozen BEFORE UPDATE ON report_versions
WHEN OLD.validated_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'version validée : elle ne peut plus être modifiée');
END;

-- The doctor's recording. Kept only inside the encrypted file.
CREATE TABLE report_audio (
    report_id      TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    format         TEXT NOT NULL,                -- 'wav', 'mp3', 'm4a', 'aac', 'ogg-vorbis', 'ogg-opus'
    duration_ms    INTEGER NOT NULL,
    byte_count     INTEGER NOT NULL,
    original_name  TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    bytes          BLOB NOT NULL
) STRICT;

-- The original file of a report brought from another program.
CREATE TABLE report_originals (
    report_id   TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    format      TEXT NOT NULL,                   -- 'txt', 'docx', 'pdf'
    file_name   TEXT NOT NULL,
    bytes       BLOB NOT NULL
) STRICT;

-- Full-text index of each report's current text: `body` as written
-- (unicode61 folds case and accents), `stems` the same words reduced by the
-- French Snowball stemmer (« douleurs » → « douleur »). Contentless: the
-- text is already in report_versions; snippets are cut from it.
CREATE VIRTUAL TABLE report_search USING fts5(
    body, stems,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The trail, as for every other table (migration 0007's counter).
CREATE TRIGGER audit_reports_insert AFTER INSERT ON reports
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'report', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_reports_update AFTER UPDATE ON reports
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'report', NEW.id, NEW.patient_id,
        CASE WHEN OLD.status IS NOT NEW.status THEN NEW.status END WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_reports_delete AFTER DELETE ON reports
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'report', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_report_audio_delete AFTER DELETE ON report_audio
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'report', OLD.report_id, NULL, 'audio de la dictée' WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_practitioners_update AFTER UPDATE ON practitioners
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'practitioner', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
