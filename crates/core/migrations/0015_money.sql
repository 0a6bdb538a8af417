-- 0015: money at the front desk — tariffs, a visit's fees and who pays
-- what, payments (append-only), receipts, the day's cash closing, cheque
-- deposit slips. Every amount is an INTEGER number of cents.

-- The acts and their amounts. Seeded below with common general-practice
-- acts « à vérifier »: no official tariff file is reachable offline.
CREATE TABLE tariffs (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    label         TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 1000000),
    -- 0: not reimbursed by the caisse (a sports certificate).
    reimbursable  INTEGER NOT NULL DEFAULT 1 CHECK (reimbursable IN (0, 1)),
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    checked_on    TEXT NOT NULL,
    source        TEXT NOT NULL,
    position      INTEGER NOT NULL
) STRICT;
CREATE INDEX tariffs_by_code ON tariffs (code, valid_from);

-- A visit's fees: the acts, the total and each payer's part. The parts
-- always add up to the total (checked here as well as in the code).
CREATE TABLE fees (
    id               TEXT PRIMARY KEY,
    seq              INTEGER NOT NULL UNIQUE,
    -- Kept when the patient's file is deleted at the end of its retention:
    -- the receipts book outlives it (10 years), without the name.
    patient_id       TEXT REFERENCES patients (id) ON DELETE SET NULL,
    patient_label    TEXT NOT NULL,
    appointment_id   TEXT REFERENCES appointments (id) ON DELETE SET NULL,
    practitioner_id  TEXT NOT NULL REFERENCES practitioners (id),
    on_day           TEXT NOT NULL,
    tiers_payant     TEXT NOT NULL CHECK (tiers_payant IN ('aucun', 'amo', 'amo_amc')),
    amo_rate         INTEGER NOT NULL CHECK (amo_rate BETWEEN 0 AND 100),
    total_cents      INTEGER NOT NULL CHECK (total_cents > 0),
    excess_cents     INTEGER NOT NULL DEFAULT 0 CHECK (excess_cents >= 0),
    patient_cents    INTEGER NOT NULL CHECK (patient_cents >= 0),
    amo_cents        INTEGER NOT NULL CHECK (amo_cents >= 0),
    amc_cents        INTEGER NOT NULL CHECK (amc_cents >= 0),
    amo_name         TEXT NOT NULL DEFAULT '',
    amc_name         TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    recorded_by      TEXT,
    CHECK (patient_cents + amo_cents + amc_cents = total_cents)
) STRICT;
CREATE INDEX fees_by_patient ON fees (patient_id, on_day);
CREATE INDEX fees_by_day ON fees (on_day);
CREATE UNIQUE INDEX fees_by_appointment ON fees (appointment_id) WHERE appointment_id IS NOT NULL;

CREATE TABLE fee_acts (
    fee_id        TEXT NOT NULL REFERENCES fees (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    code          TEXT NOT NULL,
    label         TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
    reimbursable  INTEGER NOT NULL CHECK (reimbursable IN (0, 1)),
    PRIMARY KEY (fee_id, position)
) STRICT;

-- A part moved from one payer to another (the caisse rejected it, the
-- patient will pay): what is owed follows, nothing is edited.
CREATE TABLE fee_transfers (
    id            TEXT PRIMARY KEY,
    fee_id        TEXT NOT NULL REFERENCES fees (id),
    from_payer    TEXT NOT NULL CHECK (from_payer IN ('patient', 'amo', 'amc')),
    to_payer      TEXT NOT NULL CHECK (to_payer IN ('patient', 'amo', 'amc')),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    reason        TEXT NOT NULL,
    at            TEXT NOT NULL,
    recorded_by   TEXT,
    CHECK (from_payer <> to_payer)
) STRICT;
CREATE INDEX fee_transfers_by_fee ON fee_transfers (fee_id);

-- Money received, append-only: a mistake is corrected by a reversing line
-- (`reverses`, the opposite amount), never by an edit.
CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    fee_id         TEXT NOT NULL REFERENCES fees (id),
    payer          TEXT NOT NULL CHECK (payer IN ('patient', 'amo', 'amc')),
    payer_name     TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents <> 0),
    mode           TEXT NOT NULL CHECK (mode IN ('carte', 'cheque', 'especes', 'virement')),
    cheque_bank    TEXT,
    cheque_number  TEXT,
    cheque_drawer  TEXT,
    paid_on        TEXT NOT NULL,
    reverses       TEXT UNIQUE REFERENCES payments (id),
    reason         TEXT NOT NULL DEFAULT '',
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT,
    CHECK (mode <> 'cheque' OR (cheque_number IS NOT NULL AND cheque_number <> ''))
) STRICT;
CREATE INDEX payments_by_fee ON payments (fee_id);
CREATE INDEX payments_by_day ON payments (paid_on, mode);

-- The day's cash, closed: what was expected by mode, what she counted.
CREATE TABLE cash_closings (
    day                 TEXT PRIMARY KEY,
    expected_json       TEXT NOT NULL,
    counted_cash_cents  INTEGER NOT NULL CHECK (counted_cash_cents >= 0),
    counted_json        TEXT NOT NULL,
    difference_cents    INTEGER NOT NULL,
    explanation         TEXT NOT NULL DEFAULT '',
    closed_at           TEXT NOT NULL,
    closed_by           TEXT
) STRICT;

-- Receipts (reçus / notes d'honoraires), numbered without gaps.
CREATE TABLE receipts (
    number     INTEGER PRIMARY KEY,
    fee_id     TEXT NOT NULL REFERENCES fees (id),
    issued_at  TEXT NOT NULL,
    issued_by  TEXT
) STRICT;

-- Cheque deposit slips (bordereaux de remise), numbered; a cheque is on
-- one slip at most.
CREATE TABLE cheque_slips (
    number       INTEGER PRIMARY KEY,
    made_on      TEXT NOT NULL,
    total_cents  INTEGER NOT NULL,
    cheques      INTEGER NOT NULL,
    made_at      TEXT NOT NULL,
    made_by      TEXT
) STRICT;
CREATE TABLE cheque_slip_lines (
    slip_number  INTEGER NOT NULL REFERENCES cheque_slips (number),
    payment_id   TEXT NOT NULL UNIQUE REFERENCES payments (id),
    PRIMARY KEY (slip_number, payment_id)
) STRICT;

-- Append-only, and a closed day takes no new payment.
CREATE TRIGGER payments_are_append_only BEFORE UPDATE ON payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement ne se modifie pas : enregistrez une annulation.');
END;
CREATE TRIGGER payments_are_never_deleted BEFORE DELETE ON payments
BEGIN
    SELECT RAISE(ABORT, 'Un paiement ne se supprime pas : enregistrez une annulation.');
END;
CREATE TRIGGER payments_not_on_a_closed_day BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM cash_closings WHERE day = NEW.paid_on)
BEGIN
    SELECT RAISE(ABORT, 'Cette journée de caisse est close.');
END;
CREATE TRIGGER cash_closings_are_final BEFORE UPDATE ON cash_closings
BEGIN
    SELECT RAISE(ABORT, 'Une journée close ne se modifie pas.');
END;
CREATE TRIGGER cash_closings_are_never_deleted BEFORE DELETE ON cash_closings
BEGIN
    SELECT RAISE(ABORT, 'Une journée close ne se modifie pas.');
END;
CREATE TRIGGER fee_transfers_are_append_only BEFORE UPDATE ON fee_transfers
BEGIN
    SELECT RAISE(ABORT, 'Un report de part ne se modifie pas.');
END;
CREATE TRIGGER fee_acts_are_fixed BEFORE UPDATE ON fee_acts
BEGIN
    SELECT RAISE(ABORT, 'Les actes d''une visite encaissée ne se modifient pas.');
END;
-- Of a fee, only the patient link and label may change (the name
-- replaced by « dossier supprimé » at the end of the file's retention).
CREATE TRIGGER fees_are_fixed BEFORE UPDATE OF seq, practitioner_id, on_day, tiers_payant,
    amo_rate, total_cents, excess_cents, patient_cents, amo_cents, amc_cents ON fees
BEGIN
    SELECT RAISE(ABORT, 'Une visite encaissée ne se modifie pas.');
END;

-- The audit trail: every fee, payment, reversal, transfer and closing.
CREATE TRIGGER audit_fees_insert AFTER INSERT ON fees
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'fee', NEW.id, NEW.patient_id, CAST(NEW.total_cents AS TEXT) WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_fees_update AFTER UPDATE ON fees
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'update', 'fee', NEW.id, NEW.patient_id, NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_fee_acts_insert AFTER INSERT ON fee_acts
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'fee_act', NEW.fee_id, (SELECT patient_id FROM fees WHERE id = NEW.fee_id),
        NEW.code WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_payments_insert AFTER INSERT ON payments
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT CASE WHEN NEW.reverses IS NULL THEN 'create' ELSE 'reverse' END,
        'payment', NEW.id, (SELECT patient_id FROM fees WHERE id = NEW.fee_id),
        NEW.amount_cents || ' ' || NEW.mode || ' ' || NEW.payer WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_fee_transfers_insert AFTER INSERT ON fee_transfers
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'fee_transfer', NEW.id, (SELECT patient_id FROM fees WHERE id = NEW.fee_id),
        NEW.amount_cents || ' ' || NEW.from_payer || '>' || NEW.to_payer WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_cash_closings_insert AFTER INSERT ON cash_closings
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'cash_closing', NEW.day, NULL, CAST(NEW.difference_cents AS TEXT) WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_receipts_insert AFTER INSERT ON receipts
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'receipt', CAST(NEW.number AS TEXT), (SELECT patient_id FROM fees WHERE id = NEW.fee_id), NULL WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_cheque_slips_insert AFTER INSERT ON cheque_slips
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'cheque_slip', CAST(NEW.number AS TEXT), NULL, CAST(NEW.total_cents AS TEXT) WHERE carnet_audit_enabled();
END;
CREATE TRIGGER audit_cheque_slip_lines_insert AFTER INSERT ON cheque_slip_lines
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'cheque_slip', CAST(NEW.slip_number AS TEXT), NULL, NEW.payment_id
        WHERE carnet_audit_enabled();
END;

-- Migration 0013 counted each incoming file as a change without writing
-- its entry: the chain check then reported changes made behind Carnet's
-- back after every registered scan. Each file now has its entry.
DROP TRIGGER audit_incoming_files_insert;
CREATE TRIGGER audit_incoming_files_insert AFTER INSERT ON incoming_files
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'create', 'incoming_file', NEW.id,
        (SELECT patient_id FROM incoming_mail WHERE id = NEW.mail_id), NEW.format WHERE carnet_audit_enabled();
END;
DROP TRIGGER audit_incoming_files_delete;
CREATE TRIGGER audit_incoming_files_delete AFTER DELETE ON incoming_files
BEGIN
    UPDATE audit_counter SET changes = changes + 1 WHERE id = 1;
    INSERT INTO audit_change SELECT 'delete', 'incoming_file', OLD.id, NULL, NULL WHERE carnet_audit_enabled();
END;

-- The seed: common acts of a general practitioner, secteur 1, métropole,
-- as the developers knew them on 2026-12-07. « À vérifier » on ameli.fr
-- before use; the administrator edits them (valid_from / valid_to).
INSERT INTO tariffs (id, code, label, amount_cents, reimbursable, valid_from, valid_to, checked_on, source, position) VALUES
('0193f000-0000-7000-8000-0000000e0001', 'G',    'Consultation de médecine générale',                    3000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 1),
('0193f000-0000-7000-8000-0000000e0002', 'VG',   'Visite à domicile (médecine générale)',                 3000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 2),
('0193f000-0000-7000-8000-0000000e0003', 'MD',   'Majoration de déplacement (visite justifiée)',          1000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 3),
('0193f000-0000-7000-8000-0000000e0004', 'VL',   'Visite longue et complexe',                             6000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 4),
('0193f000-0000-7000-8000-0000000e0005', 'APC',  'Avis ponctuel de consultant',                           6000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP (ameli.fr), connue des développeurs au 2026-12-07', 5),
('0193f000-0000-7000-8000-0000000e0006', 'MEG',  'Majoration enfant de moins de 6 ans',                    500, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 6),
('0193f000-0000-7000-8000-0000000e0007', 'MOP',  'Majoration personne âgée de 80 ans et plus',             500, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP médecins généralistes (ameli.fr), connue des développeurs au 2026-12-07', 7),
('0193f000-0000-7000-8000-0000000e0008', 'MN',   'Majoration de nuit (20 h – 0 h, 6 h – 8 h)',            3500, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP permanence des soins (ameli.fr), connue des développeurs au 2026-12-07', 8),
('0193f000-0000-7000-8000-0000000e0009', 'MM',   'Majoration de milieu de nuit (0 h – 6 h)',              4000, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP permanence des soins (ameli.fr), connue des développeurs au 2026-12-07', 9),
('0193f000-0000-7000-8000-0000000e000a', 'F',    'Majoration dimanche et jour férié',                     1906, 1, '2024-12-22', NULL, '2026-12-07', 'À vérifier : grille NGAP (ameli.fr), connue des développeurs au 2026-12-07', 10),
('0193f000-0000-7000-8000-0000000e000b', 'CERT', 'Certificat non remboursable (sport, aptitude…)',        2500, 0, '2024-12-22', NULL, '2026-12-07', 'Montant libre fixé par le médecin (tact et mesure) : à adapter', 11);

-- What is still owed, per visit and payer: derived from the parts, the
-- transfers and the payments, kept by the code in the same transaction
-- (rows only while something is owed), so the « still owed » list reads a
-- few rows instead of twenty years of payments.
-- The visit's number, day, patient and payer's name are copied here so
-- the list reads this small table alone: looking each visit up among
-- twenty years of them cost 350 ms for 13 600 lines on dataset M.
CREATE TABLE money_owed (
    fee_id         TEXT NOT NULL REFERENCES fees (id),
    payer          TEXT NOT NULL CHECK (payer IN ('patient', 'amo', 'amc')),
    owed_cents     INTEGER NOT NULL CHECK (owed_cents > 0),
    fee_number     INTEGER NOT NULL,
    on_day         TEXT NOT NULL,
    patient_id     TEXT,
    patient_label  TEXT NOT NULL,
    payer_name     TEXT NOT NULL,
    PRIMARY KEY (fee_id, payer)
) STRICT, WITHOUT ROWID;
CREATE INDEX money_owed_by_patient ON money_owed (patient_id, payer);
CREATE INDEX money_owed_by_payer ON money_owed (payer, payer_name, on_day, fee_number);
