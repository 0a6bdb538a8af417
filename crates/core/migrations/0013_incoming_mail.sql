-- 0013: incoming mail (« courrier arrivé »): every item registered — when
-- it came, from whom, what it is, how urgent, about which patient — with
-- its files (scans, PDF, images, e-mails) kept inside the encrypted file,
-- their text indexed for the search, and what the doctor decided.

CREATE TABLE incoming_mail (
    id               TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    received_on      TEXT NOT NULL,
    correspondant_id TEXT REFERENCES correspondants (id),
    sender           TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('resultat_labo', 'cr_hospitalisation', 'imagerie', 'courrier', 'administratif', 'facture', 'autre')),
    urgency          TEXT NOT NULL CHECK (urgency IN ('urgent', 'a_voir', 'classement')),
    -- NULL: « patient à identifier » (then it stays « à classer »).
    patient_id       TEXT REFERENCES patients (id) ON DELETE CASCADE,
    -- for_practitioner: whose inbox (NULL: every doctor's).
    practitioner_id  TEXT REFERENCES practitioners (id),
    state            TEXT NOT NULL CHECK (state IN ('a_classer', 'a_voir', 'vu', 'a_convoquer', 'traite')),
    note             TEXT NOT NULL DEFAULT '',
    decided_by       TEXT,
    decided_at       TEXT,
    created_at       TEXT NOT NULL,
    recorded_by      TEXT,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX incoming_mail_by_state ON incoming_mail (state, urgency, received_on);
CREATE INDEX incoming_mail_by_patient ON incoming_mail (patient_id, received_on);

-- The files of an item, in order: the bytes inside the encrypted file.
CREATE TABLE incoming_files (
    id          TEXT PRIMARY KEY,
    mail_id     TEXT NOT NULL REFERENCES incoming_mail (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'jpeg', 'png', 'eml', 'texte')),
    pages       INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    UNIQUE (mail_id, position)
) STRICT;

-- The text of an item (its PDFs' text, its e-mail's body), searchable like
-- the reports (rowid = incoming_mail.seq).
CREATE VIRTUAL TABLE incoming_search USING fts5(
    body, stems,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER incoming_search_follows_deletion AFTER DELETE ON incoming_mail
BEGIN
    DELETE FROM incoming_search WHERE rowid = OLD.seq;
END;

CREATE TRIGGER audit_incoming_mail_insert AFTER INSERT ON incoming_mail
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'incoming_mail', NEW.id, NEW.patient_id, NEW.urgency WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_incoming_mail_update AFTER UPDATE ON incoming_mail
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'incoming_mail', NEW.id, NEW.patient_id, NEW.state WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_incoming_mail_delete AFTER DELETE ON incoming_mail
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'incoming_mail', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_incoming_files_insert AFTER INSERT ON incoming_files
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
END;
CREATE TRIGGER audit_incoming_files_delete AFTER DELETE ON incoming_files
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
END;
