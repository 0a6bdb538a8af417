-- 0010: phone messages and tasks — the secretary's desk between calls.
--
-- Self-contained (numbered 0010 while 0008/0009 land on other branches).
-- Moments that happened are RFC 3339 UTC; a task's due date is a day of the
-- cabinet's calendar ('YYYY-MM-DD'). Messages follow the patient they are
-- about: gone with a file deleted past its retention period; tasks only
-- lose the link. `*_by` hold the actor's id (a profile, or carnet-admin),
-- not a reference: the tool is no profile.

-- A message taken on the phone: who called (a patient, or a name and a
-- number), for which practitioner (his calendar), about what. States:
-- nouveau → lu → traite (his answer) → rappele (she called back).
CREATE TABLE phone_messages (
    id              TEXT PRIMARY KEY,
    taken_at        TEXT NOT NULL,
    taken_by        TEXT,
    patient_id      TEXT REFERENCES patients (id) ON DELETE CASCADE,
    caller_name     TEXT,
    caller_phone    TEXT,
    for_calendar_id TEXT NOT NULL REFERENCES calendars (id),
    about           TEXT NOT NULL CHECK (length(trim(about)) > 0),
    urgent          INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    call_back       INTEGER NOT NULL DEFAULT 0 CHECK (call_back IN (0, 1)),
    state           TEXT NOT NULL DEFAULT 'nouveau'
                    CHECK (state IN ('nouveau', 'lu', 'traite', 'rappele')),
    read_at         TEXT,
    read_by         TEXT,
    answer          TEXT,
    answered_at     TEXT,
    answered_by     TEXT,
    called_back_at  TEXT,
    called_back_by  TEXT,
    CHECK (patient_id IS NOT NULL OR caller_name IS NOT NULL),
    CHECK ((state IN ('traite', 'rappele')) = (answered_at IS NOT NULL)),
    CHECK ((state = 'rappele') = (called_back_at IS NOT NULL))
) STRICT;

-- The doctor's list: unanswered first, urgent first, oldest first.
CREATE INDEX phone_messages_by_practitioner
    ON phone_messages (for_calendar_id, state, urgent, taken_at);
CREATE INDEX phone_messages_by_patient
    ON phone_messages (patient_id, taken_at) WHERE patient_id IS NOT NULL;
CREATE INDEX phone_messages_open
    ON phone_messages (state) WHERE state <> 'rappele';

-- Something to do by a day, for a profile (her) or a practitioner.
CREATE TABLE tasks (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    for_user_id     TEXT REFERENCES users (id),
    for_calendar_id TEXT REFERENCES calendars (id),
    patient_id      TEXT REFERENCES patients (id) ON DELETE SET NULL,
    due_on          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT,
    done_at         TEXT,
    done_by         TEXT,
    CHECK ((for_user_id IS NULL) <> (for_calendar_id IS NULL))
) STRICT;

CREATE INDEX tasks_open_by_due ON tasks (due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_by_patient ON tasks (patient_id) WHERE patient_id IS NOT NULL;

-- Traced like every other table (see 0007): the counter, then the entry.
CREATE TRIGGER audit_phone_messages_insert AFTER INSERT ON phone_messages
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'phone_message', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_phone_messages_update AFTER UPDATE ON phone_messages
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'phone_message', NEW.id, NEW.patient_id, NEW.state WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_phone_messages_delete AFTER DELETE ON phone_messages
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'phone_message', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_tasks_insert AFTER INSERT ON tasks
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'task', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_tasks_update AFTER UPDATE ON tasks
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'task', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_tasks_delete AFTER DELETE ON tasks
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'task', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
