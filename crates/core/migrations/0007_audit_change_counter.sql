-- The audit trail can no longer be silenced without a trace.
--
-- Migration 0004's triggers wrote an entry only `WHEN carnet_audit_enabled()`,
-- a function each connection registers. An outside SQLCipher tool holding
-- the passphrase can register its own version returning 0 (one line of
-- Python) and change patients with no entry and an intact chain.
--
-- Now every traced change counts itself, unconditionally and without
-- calling any function: `audit_counter.changes` rises by one for each row
-- changed. The entry goes through the view `audit_change`, whose trigger
-- raises `audit_counter.traced` by one in the same statement as it appends
-- the entry. Whatever the functions answer, a change either gets its entry
-- (and `traced` follows) or leaves `changes` ahead of `traced`: the
-- verification (`crate::audit::verify`) reports the gap. Carnet itself
-- writes without entries only for the synthetic demo data and while
-- building a new file; it then says so with one entry, and brings `traced`
-- level (`crate::audit` / `Cabinet::without_audit`).
--
-- What this does not stop: a tool that also rewrites `audit_counter`, or
-- drops the triggers, i.e. someone with the passphrase who read Carnet's
-- source. The chain head kept outside the file (backups, this computer)
-- shows when the history was rewritten; ARCHITECTURE.md says the rest.
CREATE TABLE audit_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    changes  INTEGER NOT NULL,
    traced   INTEGER NOT NULL
) STRICT;
INSERT INTO audit_counter (id, changes, traced) VALUES (1, 0, 0);

CREATE VIEW audit_change (action, object_kind, object_id, patient_id, detail) AS
    SELECT action, object_kind, object_id, patient_id, detail FROM audit_log WHERE 0;

CREATE TRIGGER audit_change_insert INSTEAD OF INSERT ON audit_change
BEGIN
    UPDATE audit_counter SET traced = traced + 1 WHERE id = 1;
    INSERT INTO audit_append (action, object_kind, object_id, patient_id, detail)
        VALUES (NEW.action, NEW.object_kind, NEW.object_id, NEW.patient_id, NEW.detail);
END;

DROP TRIGGER audit_patients_insert;
CREATE TRIGGER audit_patients_insert AFTER INSERT ON patients
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'patient', NEW.id, NEW.id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_patients_update;
CREATE TRIGGER audit_patients_update AFTER UPDATE ON patients
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'patient', NEW.id, NEW.id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_patients_delete;
CREATE TRIGGER audit_patients_delete AFTER DELETE ON patients
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'patient', OLD.id, OLD.id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_appointments_insert;
CREATE TRIGGER audit_appointments_insert AFTER INSERT ON appointments
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'appointment', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_appointments_update;
CREATE TRIGGER audit_appointments_update AFTER UPDATE ON appointments
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'appointment', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_appointments_delete;
CREATE TRIGGER audit_appointments_delete AFTER DELETE ON appointments
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'appointment', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_waiting_insert;
CREATE TRIGGER audit_waiting_insert AFTER INSERT ON waiting_list
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'waiting_list', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_waiting_update;
CREATE TRIGGER audit_waiting_update AFTER UPDATE ON waiting_list
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'waiting_list', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_waiting_delete;
CREATE TRIGGER audit_waiting_delete AFTER DELETE ON waiting_list
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'waiting_list', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_correspondants_insert;
CREATE TRIGGER audit_correspondants_insert AFTER INSERT ON correspondants
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'correspondant', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_correspondants_update;
CREATE TRIGGER audit_correspondants_update AFTER UPDATE ON correspondants
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'correspondant', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_correspondants_delete;
CREATE TRIGGER audit_correspondants_delete AFTER DELETE ON correspondants
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'correspondant', OLD.id, NULL, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_exceptions_insert;
CREATE TRIGGER audit_exceptions_insert AFTER INSERT ON agenda_exceptions
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'agenda', NEW.id, NULL, 'absence' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_exceptions_delete;
CREATE TRIGGER audit_exceptions_delete AFTER DELETE ON agenda_exceptions
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'agenda', OLD.id, NULL, 'absence' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_templates_insert;
CREATE TRIGGER audit_templates_insert AFTER INSERT ON agenda_templates
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'agenda', NEW.id, NULL, 'semaine type' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_motifs_insert;
CREATE TRIGGER audit_motifs_insert AFTER INSERT ON motifs
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'agenda', NEW.id, NULL, 'motif' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_motifs_update;
CREATE TRIGGER audit_motifs_update AFTER UPDATE ON motifs
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'agenda', NEW.id, NULL, 'motif' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_calendars_insert;
CREATE TRIGGER audit_calendars_insert AFTER INSERT ON calendars
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'agenda', NEW.id, NULL, 'agenda' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_calendars_update;
CREATE TRIGGER audit_calendars_update AFTER UPDATE ON calendars
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'agenda', NEW.id, NULL, 'agenda' WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_users_insert;
CREATE TRIGGER audit_users_insert AFTER INSERT ON users
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'user', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_users_update;
CREATE TRIGGER audit_users_update AFTER UPDATE ON users
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'user', NEW.id, NULL, CASE WHEN OLD.pin_blob IS NOT NEW.pin_blob THEN 'code PIN' END WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_settings_update;
CREATE TRIGGER audit_settings_update AFTER UPDATE ON settings
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'settings', NEW.key, NULL, NEW.key WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_cabinet_update;
CREATE TRIGGER audit_cabinet_update AFTER UPDATE ON cabinet
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'cabinet', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
