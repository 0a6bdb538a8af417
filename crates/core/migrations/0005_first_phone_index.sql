-- A patient's first phone (what every search result, agenda line and the
-- in-memory directory show) read from the index alone: one lookup instead
-- of an index lookup, a table row and a sort per patient. The index on
-- patient_id alone is a prefix of this one, so it goes.
CREATE INDEX patient_phones_first ON patient_phones (patient_id, position, number);
DROP INDEX patient_phones_by_patient;
