-- Data safety: who works in the cabinet, what they did (a hash-chained audit
-- trail), the cabinet's safety settings and its backups.
--
-- The audit triggers call functions Carnet registers on its connection
-- (carnet_actor_id, carnet_audit_hash, …). An outside SQLCipher tool can read
-- everything with the passphrase, but its writes to audited tables fail with
-- "no such function": nothing changes a patient file without leaving a trace.

-- People who work in the cabinet. The PIN never appears: `pin_blob` is the
-- cabinet's quick-unlock secret sealed with a key stretched from the PIN by
-- Argon2id (salt `pin_salt`), so only the right PIN opens it.
CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('administrateur', 'utilisateur')),
    pin_salt    BLOB,
    pin_blob    BLOB,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((pin_salt IS NULL) = (pin_blob IS NULL))
) STRICT;

-- The cabinet's own settings, one row each (values as text).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('idle_lock_minutes', '5'),
    ('audit_retention_days', '365'),
    ('backup_folders', '[]'),
    ('backup_keep_daily', '7'),
    ('backup_keep_weekly', '4'),
    ('backup_keep_monthly', '12'),
    ('backup_max_age_hours', '48'),
    -- Random secret the PINs unseal; inside the encrypted file only.
    ('quick_unlock_secret', lower(hex(randomblob(32))));

-- Every backup attempt, good or failed, for the status shown to her.
CREATE TABLE backups (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,               -- RFC 3339 UTC
    folder      TEXT NOT NULL,
    file_name   TEXT,
    size_bytes  INTEGER,
    ok          INTEGER NOT NULL,
    message     TEXT,
    trigger     TEXT NOT NULL CHECK (trigger IN ('manuelle', 'quotidienne', 'fermeture', 'outil'))
) STRICT;
CREATE INDEX backups_by_time ON backups (at);

-- Authors on the appointment history (the patient history has its column).
ALTER TABLE appointment_history ADD COLUMN author TEXT;

-- The audit trail. Each entry holds the hash of the previous one, so an
-- entry removed or altered breaks the chain at that point. Only ids are
-- stored (never a name, a NIR or a note): the viewer joins the names.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,              -- RFC 3339 UTC, milliseconds
    user_id      TEXT,
    user_name    TEXT,
    action       TEXT NOT NULL,
    object_kind  TEXT NOT NULL,
    object_id    TEXT,
    patient_id   TEXT,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_patient ON audit_log (patient_id, seq) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_by_user ON audit_log (user_id, seq);
CREATE INDEX audit_by_time ON audit_log (at);

-- Where the chain starts (after pruning) and where it ends (so entries cut
-- from the end are noticed too). Written only by the triggers below and by
-- the pruning transaction.
CREATE TABLE audit_anchor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    first_seq  INTEGER NOT NULL,
    first_prev TEXT NOT NULL,
    last_seq   INTEGER NOT NULL,
    last_hash  TEXT NOT NULL
) STRICT;
INSERT INTO audit_anchor (id, first_seq, first_prev, last_seq, last_hash) VALUES (1, 1, '', 0, '');

-- The one way an entry enters the trail: insert into this view.
CREATE VIEW audit_append (action, object_kind, object_id, patient_id, detail) AS
    SELECT action, object_kind, object_id, patient_id, detail FROM audit_log WHERE 0;

CREATE TRIGGER audit_append_insert INSTEAD OF INSERT ON audit_append
BEGIN
    INSERT INTO audit_log (at, user_id, user_name, action, object_kind, object_id, patient_id, detail, prev_hash, hash)
    SELECT moment.at, carnet_actor_id(), carnet_actor_name(), NEW.action, NEW.object_kind,
           NEW.object_id, NEW.patient_id, NEW.detail, anchor.last_hash,
           carnet_audit_hash(anchor.last_hash, moment.at, carnet_actor_id(), carnet_actor_name(),
                             NEW.action, NEW.object_kind, NEW.object_id, NEW.patient_id, NEW.detail)
    FROM (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at) AS moment, audit_anchor AS anchor;
    UPDATE audit_anchor SET last_seq = last_insert_rowid(),
        last_hash = (SELECT hash FROM audit_log WHERE seq = last_insert_rowid());
END;

-- Append-only: no change ever, and deletion only by pruning.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'journal d''audit : une entrée ne se modifie pas');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN NOT carnet_audit_pruning()
BEGIN
    SELECT RAISE(ABORT, 'journal d''audit : une entrée ne se supprime que par la purge');
END;

-- Every change to what the cabinet holds is traced, whichever code path made it.
CREATE TRIGGER audit_patients_insert AFTER INSERT ON patients WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'patient', NEW.id, NEW.id, NULL); END;
CREATE TRIGGER audit_patients_update AFTER UPDATE ON patients WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'patient', NEW.id, NEW.id, NULL); END;
CREATE TRIGGER audit_patients_delete AFTER DELETE ON patients WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('delete', 'patient', OLD.id, OLD.id, NULL); END;

CREATE TRIGGER audit_appointments_insert AFTER INSERT ON appointments WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'appointment', NEW.id, NEW.patient_id, NULL); END;
CREATE TRIGGER audit_appointments_update AFTER UPDATE ON appointments WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'appointment', NEW.id, NEW.patient_id, NULL); END;
CREATE TRIGGER audit_appointments_delete AFTER DELETE ON appointments WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('delete', 'appointment', OLD.id, OLD.patient_id, NULL); END;

CREATE TRIGGER audit_waiting_insert AFTER INSERT ON waiting_list WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'waiting_list', NEW.id, NEW.patient_id, NULL); END;
CREATE TRIGGER audit_waiting_update AFTER UPDATE ON waiting_list WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'waiting_list', NEW.id, NEW.patient_id, NULL); END;
CREATE TRIGGER audit_waiting_delete AFTER DELETE ON waiting_list WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('delete', 'waiting_list', OLD.id, OLD.patient_id, NULL); END;

CREATE TRIGGER audit_correspondants_insert AFTER INSERT ON correspondants WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'correspondant', NEW.id, NULL, NULL); END;
CREATE TRIGGER audit_correspondants_update AFTER UPDATE ON correspondants WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'correspondant', NEW.id, NULL, NULL); END;
CREATE TRIGGER audit_correspondants_delete AFTER DELETE ON correspondants WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('delete', 'correspondant', OLD.id, NULL, NULL); END;

CREATE TRIGGER audit_exceptions_insert AFTER INSERT ON agenda_exceptions WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'agenda', NEW.id, NULL, 'absence'); END;
CREATE TRIGGER audit_exceptions_delete AFTER DELETE ON agenda_exceptions WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('delete', 'agenda', OLD.id, NULL, 'absence'); END;
CREATE TRIGGER audit_templates_insert AFTER INSERT ON agenda_templates WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'agenda', NEW.id, NULL, 'semaine type'); END;
CREATE TRIGGER audit_motifs_insert AFTER INSERT ON motifs WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'agenda', NEW.id, NULL, 'motif'); END;
CREATE TRIGGER audit_motifs_update AFTER UPDATE ON motifs WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'agenda', NEW.id, NULL, 'motif'); END;
CREATE TRIGGER audit_calendars_insert AFTER INSERT ON calendars WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'agenda', NEW.id, NULL, 'agenda'); END;
CREATE TRIGGER audit_calendars_update AFTER UPDATE ON calendars WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'agenda', NEW.id, NULL, 'agenda'); END;

CREATE TRIGGER audit_users_insert AFTER INSERT ON users WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('create', 'user', NEW.id, NULL, NULL); END;
CREATE TRIGGER audit_users_update AFTER UPDATE ON users WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'user', NEW.id, NULL,
    CASE WHEN OLD.pin_blob IS NOT NEW.pin_blob THEN 'code PIN' END); END;
CREATE TRIGGER audit_settings_update AFTER UPDATE ON settings WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'settings', NEW.key, NULL, NEW.key); END;
CREATE TRIGGER audit_cabinet_update AFTER UPDATE ON cabinet WHEN carnet_audit_enabled()
BEGIN INSERT INTO audit_append VALUES ('update', 'cabinet', NEW.id, NULL, NULL); END;
