//! An appointment's status and who cancelled it: the codes stored, sent
//! to the page and shown, and the one table of the changes the desk may
//! make. Apart from `appointments` so that the views read them without
//! importing the booking code.

crate::codes::text_codes! {
    /// Where an appointment stands in its day (the `status` column).
    pub enum AppointmentStatus {
        Planifie = "planifie",
        Confirme = "confirme",
        Arrive = "arrive",
        EnConsultation = "en_consultation",
        Termine = "termine",
        Annule = "annule",
        AbsentExcuse = "absent_excuse",
        AbsentNonExcuse = "absent_non_excuse",
    }
}

crate::codes::text_codes! {
    /// Who cancelled an appointment (the `cancelled_by` column).
    pub enum CancelledBy {
        Patient = "patient",
        Cabinet = "cabinet",
    }
}

impl AppointmentStatus {
    /// The status as the history and the messages say it.
    pub fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Planifie => "planifié",
            AppointmentStatus::Confirme => "confirmé",
            AppointmentStatus::Arrive => "arrivé",
            AppointmentStatus::EnConsultation => "en consultation",
            AppointmentStatus::Termine => "terminé",
            AppointmentStatus::Annule => "annulé",
            AppointmentStatus::AbsentExcuse => "absent excusé",
            AppointmentStatus::AbsentNonExcuse => "absent non excusé",
        }
    }

    /// The statuses an appointment in this one may move to, including the
    /// undos a busy desk needs (an arrival marked on the wrong line). The
    /// one transition table: `set_status` refuses any other change, and the
    /// page offers these (`AppointmentDetail::may_become`).
    pub fn may_become(self) -> &'static [AppointmentStatus] {
        use AppointmentStatus::*;
        match self {
            Planifie => &[
                Confirme,
                Arrive,
                EnConsultation,
                Annule,
                AbsentExcuse,
                AbsentNonExcuse,
            ],
            Confirme => &[
                Planifie,
                Arrive,
                EnConsultation,
                Annule,
                AbsentExcuse,
                AbsentNonExcuse,
            ],
            Arrive => &[Planifie, EnConsultation, Termine, Annule],
            EnConsultation => &[Arrive, Termine],
            Termine => &[EnConsultation],
            Annule => &[Planifie],
            AbsentExcuse => &[AbsentNonExcuse, Planifie],
            AbsentNonExcuse => &[AbsentExcuse, Planifie],
        }
    }
}
