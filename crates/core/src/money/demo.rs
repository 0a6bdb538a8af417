//! Synthetic fees and payments for the demo data and the benchmark: every
//! finished appointment of a patient becomes a billed visit with a
//! realistic mix of tiers payant and modes, a few amounts left unpaid.
//! Written directly in batches (like the other demo data), never through
//! the audit trail: the caller wraps it in `Cabinet::without_audit`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::ids::new_id;

/// Bills the finished appointments not billed yet; returns how many.
pub fn add_history(cabinet: &mut Cabinet, seed: u64) -> Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x000e_0e0e);
    let visits: Vec<(String, String, String, String, String)> = {
        let mut statement = cabinet.conn().prepare(
            "SELECT a.id, a.patient_id, substr(a.starts_at, 1, 10),
                    coalesce(c.practitioner_id, (SELECT id FROM practitioners ORDER BY position LIMIT 1)),
                    upper(p.birth_name) || ' ' || p.birth_first_names
             FROM appointments a JOIN calendars c ON c.id = a.calendar_id
             JOIN patients p ON p.id = a.patient_id
             WHERE a.status = 'termine' AND a.patient_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM fees f WHERE f.appointment_id = a.id)
             ORDER BY a.starts_at",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let now = cabinet.now_utc();
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let (mut fee_seq, mut pay_seq): (i64, i64) = cabinet.conn().query_row(
        "SELECT (SELECT coalesce(max(seq), 0) FROM fees), (SELECT coalesce(max(seq), 0) FROM payments)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let modes = ["carte", "carte", "carte", "cheque", "especes", "virement"];
    for chunk in visits.chunks(5000) {
        let tx = cabinet.conn_mut().transaction()?;
        {
            let mut fee = tx.prepare_cached(
                "INSERT INTO fees (id, seq, patient_id, patient_label, appointment_id, practitioner_id, on_day,
                     tiers_payant, amo_rate, total_cents, excess_cents, patient_cents, amo_cents, amc_cents,
                     amo_name, amc_name, created_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 3000, 0, ?10, ?11, 0, 'CPAM', 'Mutuelle', ?12, NULL)",
            )?;
            let mut act = tx.prepare_cached(
                "INSERT INTO fee_acts (fee_id, position, code, label, amount_cents, reimbursable)
                 VALUES (?1, 0, 'G', 'Consultation de médecine générale', 3000, 1)",
            )?;
            let mut pay = tx.prepare_cached(
                "INSERT INTO payments (id, seq, fee_id, payer, payer_name, amount_cents, mode, cheque_number,
                     paid_on, reason, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', ?10)",
            )?;
            let mut owe = tx.prepare_cached(
                "INSERT INTO money_owed (fee_id, payer, owed_cents, fee_number, on_day, patient_id,
                     patient_label, payer_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE ?2 WHEN 'amo' THEN 'CPAM' ELSE 'Patients' END)",
            )?;
            for (appointment, patient, day, practitioner, label) in chunk {
                if day.as_str() > today.as_str() {
                    continue;
                }
                fee_seq += 1;
                let id = new_id();
                // 60 % pay all at the desk, 30 % tiers payant AMO (70 %),
                // 10 % ALD (the caisse pays all).
                let kind = rng.gen_range(0..10);
                let (tiers, rate, patient_part, amo_part) = match kind {
                    0..=5 => ("aucun", 70, 3000, 0),
                    6..=8 => ("amo", 70, 900, 2100),
                    _ => ("amo", 100, 0, 3000),
                };
                fee.execute(params![
                    id,
                    fee_seq,
                    patient,
                    label,
                    appointment,
                    practitioner,
                    day,
                    tiers,
                    rate,
                    patient_part,
                    amo_part,
                    now
                ])?;
                act.execute([&id])?;
                let mut payment = |payer: &str, cents: i64, mode: &str, on: &str| -> Result<()> {
                    pay_seq += 1;
                    let number = (mode == "cheque").then(|| format!("{:07}", pay_seq % 10_000_000));
                    let name = if payer == "amo" { "CPAM" } else { "" };
                    pay.execute(params![
                        new_id(),
                        pay_seq,
                        id,
                        payer,
                        name,
                        cents,
                        mode,
                        number,
                        on,
                        now
                    ])?;
                    Ok(())
                };
                if patient_part > 0 {
                    if rng.gen_range(0..100) < 2 {
                        owe.execute(params![
                            id,
                            "patient",
                            patient_part,
                            fee_seq,
                            day,
                            patient,
                            label
                        ])?;
                    } else {
                        payment(
                            "patient",
                            patient_part,
                            modes[rng.gen_range(0..modes.len())],
                            day,
                        )?;
                    }
                }
                if amo_part > 0 {
                    if rng.gen_range(0..100) < 3 {
                        owe.execute(params![id, "amo", amo_part, fee_seq, day, patient, label])?;
                    } else {
                        payment("amo", amo_part, "virement", day)?;
                    }
                }
            }
        }
        tx.commit()?;
    }
    Ok(fee_seq as usize)
}
