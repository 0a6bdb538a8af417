-- 0003: the agenda — calendars, motifs, weekly templates, absences,
-- appointments with their history, recurring series and the waiting list.
--
-- Appointment times are wall-clock times in the cabinet's time zone
-- ('YYYY-MM-DD HH:MM'), not UTC: a 09:00 appointment is 09:00 whatever the
-- daylight-saving rules do, and a week is a plain range scan. The zone is
-- the cabinet's (one per file). Moments that happened (arrival, creation)
-- stay RFC 3339 UTC like everywhere else.

-- One per practitioner, plus resources (téléconsultation, salle de soins).
CREATE TABLE calendars (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('praticien', 'ressource')),
    practitioner_id TEXT REFERENCES practitioners (id),
    colour          TEXT NOT NULL,
    position        INTEGER NOT NULL,
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- Appointment types. `may_use_reserved`: urgences, visites, téléconsultation
-- may take any plage restricted to some motifs.
CREATE TABLE motifs (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    colour           TEXT NOT NULL,
    may_use_reserved INTEGER NOT NULL DEFAULT 0,
    position         INTEGER NOT NULL,
    archived_at      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

-- A weekly template of a calendar, in force from `valid_from` until the next
-- template of the same calendar starts.
CREATE TABLE agenda_templates (
    id          TEXT PRIMARY KEY,
    calendar_id TEXT NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    valid_from  TEXT NOT NULL,                  -- 'YYYY-MM-DD'
    created_at  TEXT NOT NULL,
    UNIQUE (calendar_id, valid_from)
) STRICT;

-- Plages d'ouverture. `motif_ids`: JSON array; empty = open to every motif.
CREATE TABLE template_plages (
    id          TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES agenda_templates (id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- 1 = lundi
    starts      TEXT NOT NULL,                  -- 'HH:MM'
    ends        TEXT NOT NULL,
    motif_ids   TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE INDEX template_plages_by_template ON template_plages (template_id, weekday);

-- Absences, congés, fermetures (no booking expected) and exceptional
-- openings (a plage outside the template). calendar_id NULL = the whole cabinet.
CREATE TABLE agenda_exceptions (
    id          TEXT PRIMARY KEY,
    calendar_id TEXT REFERENCES calendars (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('absence', 'conges', 'fermeture', 'ouverture')),
    starts_at   TEXT NOT NULL,                  -- 'YYYY-MM-DD HH:MM', cabinet zone
    ends_at     TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX agenda_exceptions_by_time ON agenda_exceptions (starts_at, ends_at);

-- A recurring series: the rule, for display; its occurrences are ordinary
-- appointments carrying series_id and their rank.
CREATE TABLE appointment_series (
    id          TEXT PRIMARY KEY,
    rule        TEXT NOT NULL,                  -- JSON SeriesRule
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE appointments (
    id              TEXT PRIMARY KEY,
    calendar_id     TEXT NOT NULL REFERENCES calendars (id),
    motif_id        TEXT REFERENCES motifs (id),
    patient_id      TEXT REFERENCES patients (id),
    -- A caller not yet in the files: name and phone, converted later.
    caller_name     TEXT,
    caller_phone    TEXT,
    starts_at       TEXT NOT NULL,              -- 'YYYY-MM-DD HH:MM', cabinet zone
    ends_at         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'planifie' CHECK (status IN (
                        'planifie', 'confirme', 'arrive', 'en_consultation', 'termine',
                        'annule', 'absent_excuse', 'absent_non_excuse')),
    cancelled_by    TEXT CHECK (cancelled_by IN ('patient', 'cabinet')),
    cancelled_at    TEXT,                       -- RFC 3339 UTC
    walk_in         INTEGER NOT NULL DEFAULT 0,
    urgent          INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    arrived_at      TEXT,                       -- RFC 3339 UTC
    called_at       TEXT,                       -- en consultation since
    done_at         TEXT,
    series_id       TEXT REFERENCES appointment_series (id),
    series_rank     INTEGER,
    external_uid    TEXT UNIQUE,                -- ICS UID of an imported event
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (patient_id IS NOT NULL OR caller_name IS NOT NULL),
    CHECK (ends_at > starts_at)
) STRICT;

CREATE INDEX appointments_by_calendar_time ON appointments (calendar_id, starts_at);
CREATE INDEX appointments_by_time ON appointments (starts_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at) WHERE patient_id IS NOT NULL;
CREATE INDEX appointments_by_series ON appointments (series_id, series_rank) WHERE series_id IS NOT NULL;

CREATE TABLE appointment_history (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,               -- RFC 3339 UTC
    field          TEXT NOT NULL,
    old_value      TEXT,
    new_value      TEXT
) STRICT;

CREATE INDEX appointment_history_by_appointment ON appointment_history (appointment_id, at);

-- Patients who want an earlier slot, with their constraints.
CREATE TABLE waiting_list (
    id              TEXT PRIMARY KEY,
    patient_id      TEXT REFERENCES patients (id),
    caller_name     TEXT,
    caller_phone    TEXT,
    motif_id        TEXT REFERENCES motifs (id),
    calendar_id     TEXT REFERENCES calendars (id),      -- NULL = any doctor
    appointment_id  TEXT REFERENCES appointments (id),   -- the later one they hold
    weekdays        TEXT NOT NULL DEFAULT '[]',          -- JSON, 1 = lundi; empty = any
    part_of_day     TEXT CHECK (part_of_day IN ('matin', 'apres-midi')),
    before_date     TEXT,                                -- 'YYYY-MM-DD'
    note            TEXT NOT NULL DEFAULT '',
    resolved_at     TEXT,
    created_at      TEXT NOT NULL,
    CHECK (patient_id IS NOT NULL OR caller_name IS NOT NULL)
) STRICT;

CREATE INDEX waiting_list_open ON waiting_list (created_at) WHERE resolved_at IS NULL;
