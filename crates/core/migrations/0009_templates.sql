-- 0009: what a report is typed from — document templates with merge fields,
-- the practitioners' text snippets, and the cabinet's own word list for the
-- spell-checker. (0008 is the documents domain.)

-- A template: the editor's ProseMirror JSON document whose `mergeField`
-- nodes name fields of the catalogue (`crate::templates::fields`). A
-- practitioner's own, or the cabinet's (practitioner_id NULL).
CREATE TABLE document_templates (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'operatoire', 'examen', 'courrier', 'autre')),
    practitioner_id TEXT REFERENCES practitioners (id),
    body            TEXT NOT NULL,
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX document_templates_by_kind ON document_templates (kind, practitioner_id);

-- « Phrases types »: a short code she types (« ras ») becomes the phrase.
-- The body is a ProseMirror fragment (a JSON array of nodes).
CREATE TABLE text_snippets (
    id              TEXT PRIMARY KEY,
    practitioner_id TEXT REFERENCES practitioners (id),
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX text_snippets_by_code ON text_snippets (coalesce(practitioner_id, ''), code);

-- Words the spell-checker must accept (drug names, anatomy… and names of
-- people): inside the encrypted file, never in a dictionary on disk.
CREATE TABLE medical_words (
    id        TEXT PRIMARY KEY,
    word      TEXT NOT NULL,
    added_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX medical_words_by_word ON medical_words (word);

-- Traced like every change (the counter of migration 0007). The word list's
-- entries carry the row id, never the word: it may be a name.
CREATE TRIGGER audit_document_templates_insert AFTER INSERT ON document_templates
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'template', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_document_templates_update AFTER UPDATE ON document_templates
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'template', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_text_snippets_insert AFTER INSERT ON text_snippets
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'snippet', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_text_snippets_update AFTER UPDATE ON text_snippets
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'snippet', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_text_snippets_delete AFTER DELETE ON text_snippets
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'snippet', OLD.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_medical_words_insert AFTER INSERT ON medical_words
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'word', NEW.id, NULL, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_medical_words_delete AFTER DELETE ON medical_words
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'word', OLD.id, NULL, NULL WHERE carnet_audit_enabled();
END;
