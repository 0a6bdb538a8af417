-- 0014: incoming documents kept beside the file, encrypted, named by their
-- content (storage/blob_store.rs), so that the daily backup of a cabinet
-- holding years of scans copies only the day's new ones.
--
-- The documents' key: 32 random bytes made by Carnet on first use, inside
-- the encrypted file only. A passphrase change rewrites the file, not the
-- documents: the key stays.
CREATE TABLE document_key (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB NOT NULL CHECK (length(key) = 32)
) STRICT;

-- The stored document's name; NULL for the files filed before 0014, whose
-- bytes stay in `bytes`. When set, `bytes` is empty.
ALTER TABLE incoming_files ADD COLUMN blob TEXT;
CREATE INDEX incoming_files_by_blob ON incoming_files (blob) WHERE blob IS NOT NULL;
