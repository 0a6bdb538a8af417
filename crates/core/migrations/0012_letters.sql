-- 0012: letters to correspondants and the outgoing register.
--
-- A letter is a report of kind 'courrier' (its text, versions, the
-- doctor's validation, the search index and the Documents part of the file
-- are the reports'), with whom it is addressed to and who gets a copy.
-- Sending it writes one line per recipient in the outgoing register.

-- The correspondant's own salutation (« Cher confrère », « Chère consœur »,
-- « Madame, Monsieur »); NULL: the default of his kind.
ALTER TABLE correspondants ADD COLUMN salutation TEXT;

-- The addressee: a correspondant, or the patient himself (NULL).
CREATE TABLE letters (
    report_id        TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    correspondant_id TEXT REFERENCES correspondants (id),
    created_at       TEXT NOT NULL
) STRICT;

-- Copies, in the order printed: a correspondant, or the patient (NULL).
CREATE TABLE letter_copies (
    report_id        TEXT NOT NULL REFERENCES letters (report_id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    correspondant_id TEXT REFERENCES correspondants (id),
    PRIMARY KEY (report_id, position)
) STRICT;

-- The outgoing register (« registre du courrier départ »): what left the
-- cabinet, when, to whom, about whom, how. The recipient's name and
-- address are kept as sent. Lines about a patient go with his file when it
-- is deleted at the end of its retention, like his letters.
CREATE TABLE outgoing_mail (
    id               TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    sent_on          TEXT NOT NULL,
    report_id        TEXT REFERENCES reports (id) ON DELETE CASCADE,
    patient_id       TEXT REFERENCES patients (id) ON DELETE CASCADE,
    correspondant_id TEXT REFERENCES correspondants (id),
    recipient        TEXT NOT NULL,
    address          TEXT NOT NULL,
    copy             INTEGER NOT NULL CHECK (copy IN (0, 1)),
    channel          TEXT NOT NULL CHECK (channel IN ('poste', 'main_propre', 'messagerie_securisee', 'fax')),
    subject          TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT
) STRICT;
CREATE INDEX outgoing_mail_by_day ON outgoing_mail (sent_on, seq);
CREATE INDEX outgoing_mail_by_patient ON outgoing_mail (patient_id, sent_on);

CREATE TRIGGER audit_letters_insert AFTER INSERT ON letters
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'letter', NEW.report_id,
        (SELECT patient_id FROM reports WHERE id = NEW.report_id), NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_letters_update AFTER UPDATE ON letters
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'letter', NEW.report_id,
        (SELECT patient_id FROM reports WHERE id = NEW.report_id), NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_letters_delete AFTER DELETE ON letters
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'letter', OLD.report_id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_letter_copies_insert AFTER INSERT ON letter_copies
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'letter', NEW.report_id,
        (SELECT patient_id FROM reports WHERE id = NEW.report_id), 'copie' WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_letter_copies_delete AFTER DELETE ON letter_copies
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'letter', OLD.report_id, NULL, 'copie' WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_outgoing_mail_insert AFTER INSERT ON outgoing_mail
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'outgoing_mail', NEW.id, NEW.patient_id, NEW.channel WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_outgoing_mail_delete AFTER DELETE ON outgoing_mail
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'outgoing_mail', OLD.id, OLD.patient_id, NULL WHERE carnet_audit_enabled();
END;
-- The register is append-only: a line is never edited.
CREATE TRIGGER outgoing_mail_is_append_only BEFORE UPDATE ON outgoing_mail
BEGIN
    SELECT RAISE(ABORT, 'Le registre du courrier départ ne se modifie pas.');
END;

-- The letter templates every cabinet gets (the cabinet's, kind « courrier »):
-- fixed ids, so two copies of one cabinet hold the same rows.
INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
VALUES ('0193f000-0000-7000-8000-00000000c001', 'Lettre d''adressage', 'courrier', NULL,
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Objet : "},{"type":"mergeField","attrs":{"field":"patient.civility"}},{"type":"text","text":" "},{"type":"mergeField","attrs":{"field":"patient.displayName"}},{"type":"text","text":", "},{"type":"mergeField","attrs":{"field":"accord.ne"}},{"type":"text","text":" le "},{"type":"mergeField","attrs":{"field":"patient.birthDate"}}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":","}]},{"type":"paragraph","content":[{"type":"text","text":"Je vous adresse "},{"type":"mergeField","attrs":{"field":"accord.lePatient"}},{"type":"text","text":" "},{"type":"mergeField","attrs":{"field":"patient.displayName"}},{"type":"text","text":", "},{"type":"mergeField","attrs":{"field":"accord.age"}},{"type":"text","text":" de "},{"type":"mergeField","attrs":{"field":"patient.age"}},{"type":"text","text":", que j''ai "},{"type":"mergeField","attrs":{"field":"accord.vu"}},{"type":"text","text":" en consultation le "},{"type":"mergeField","attrs":{"field":"consultation.date"}},{"type":"text","text":", pour "}]},{"type":"paragraph"},{"type":"paragraph","content":[{"type":"text","text":"Je vous remercie de votre avis et vous prie de croire, "},{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":", à l''assurance de mes sentiments les meilleurs."}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"practitioner.name"}}]}]}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
VALUES ('0193f000-0000-7000-8000-00000000c002', 'Réponse à un confrère', 'courrier', NULL,
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Objet : "},{"type":"mergeField","attrs":{"field":"patient.civility"}},{"type":"text","text":" "},{"type":"mergeField","attrs":{"field":"patient.displayName"}},{"type":"text","text":", "},{"type":"mergeField","attrs":{"field":"accord.ne"}},{"type":"text","text":" le "},{"type":"mergeField","attrs":{"field":"patient.birthDate"}}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":","}]},{"type":"paragraph","content":[{"type":"text","text":"Je vous remercie de m''avoir adressé "},{"type":"mergeField","attrs":{"field":"patient.civility"}},{"type":"text","text":" "},{"type":"mergeField","attrs":{"field":"patient.displayName"}},{"type":"text","text":", que j''ai "},{"type":"mergeField","attrs":{"field":"accord.vu"}},{"type":"text","text":" en consultation le "},{"type":"mergeField","attrs":{"field":"consultation.date"}},{"type":"text","text":"."}]},{"type":"paragraph"},{"type":"paragraph","content":[{"type":"text","text":"Je reste à votre disposition et vous prie de croire, "},{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":", à l''assurance de mes sentiments les meilleurs."}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"practitioner.name"}}]}]}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
VALUES ('0193f000-0000-7000-8000-00000000c003', 'Certificat médical', 'courrier', NULL,
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Je soussigné(e) "},{"type":"mergeField","attrs":{"field":"practitioner.name"}},{"type":"text","text":", certifie avoir examiné ce jour "},{"type":"mergeField","attrs":{"field":"patient.civility"}},{"type":"text","text":" "},{"type":"mergeField","attrs":{"field":"patient.displayName"}},{"type":"text","text":", "},{"type":"mergeField","attrs":{"field":"accord.ne"}},{"type":"text","text":" le "},{"type":"mergeField","attrs":{"field":"patient.birthDate"}},{"type":"text","text":"."}]},{"type":"paragraph"},{"type":"paragraph","content":[{"type":"text","text":"Certificat établi à la demande de l''intéressé(e) et remis en main propre pour faire valoir ce que de droit."}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"practitioner.name"}}]}]}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
VALUES ('0193f000-0000-7000-8000-00000000c004', 'Convocation', 'courrier', NULL,
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Objet : convocation"}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":","}]},{"type":"paragraph","content":[{"type":"text","text":"Nous vous prions de bien vouloir vous présenter au cabinet le                    à          pour "}]},{"type":"paragraph","content":[{"type":"text","text":"Merci de vous munir de votre carte Vitale, d''une pièce d''identité et de vos derniers examens."}]},{"type":"paragraph","content":[{"type":"text","text":"En cas d''empêchement, prévenez-nous au "},{"type":"mergeField","attrs":{"field":"practitioner.phone"}},{"type":"text","text":"."}]},{"type":"paragraph","content":[{"type":"text","text":"Veuillez agréer, "},{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":", l''expression de nos salutations distinguées."}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"practitioner.name"}}]}]}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
VALUES ('0193f000-0000-7000-8000-00000000c005', 'Courrier au patient', 'courrier', NULL,
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":","}]},{"type":"paragraph"},{"type":"paragraph","content":[{"type":"text","text":"Veuillez agréer, "},{"type":"mergeField","attrs":{"field":"recipient.salutation"}},{"type":"text","text":", l''expression de mes salutations distinguées."}]},{"type":"paragraph","content":[{"type":"mergeField","attrs":{"field":"practitioner.name"}}]}]}',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
