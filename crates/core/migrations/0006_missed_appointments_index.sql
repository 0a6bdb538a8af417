-- The appointments a patient missed without notice, counted from this
-- index alone when her file opens (the file shows the count in full, and
-- only the latest past appointments): without it the count read every one
-- of her appointments' rows, scattered over twenty years of the file.
-- Partial: a few percent of the appointments.
CREATE INDEX appointments_missed ON appointments (patient_id)
    WHERE status = 'absent_non_excuse';
