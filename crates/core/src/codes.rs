//! Closed sets of codes kept as text: the same text in the file (where a
//! `CHECK` constraint of the migrations lists them), on the wire (serde) and
//! in the page (a TypeScript string union, through ts-rs). `text_codes!`
//! writes the enum and its conversions from one list of `Variant = "text"`,
//! so a code is spelt once.

/// Declares `pub enum $name` whose variants are stored, serialized and
/// exported to TypeScript as the given texts, with:
/// - `ALL` (every code, in the order written), `as_str`, `parse`,
/// - `Display` (the code), rusqlite `ToSql` / `FromSql` (the code as TEXT;
///   any other text read from the file is an error),
/// - comparison with `&str`, so `calendar.kind == "praticien"` still reads.
macro_rules! text_codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every code, in the order of the declaration.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as stored and sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant of a stored or sent code; `None` for any other text.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!(concat!("unknown ", stringify!($name), " {:?}"), text).into(),
                    )
                })
            }
        }
    };
}

pub(crate) use text_codes;

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::agenda::appointments::AppointmentStatus;

    #[test]
    fn a_code_is_the_same_text_in_sql_json_and_rust() {
        let conn = Connection::open_in_memory().unwrap();
        let back: (String, AppointmentStatus) = conn
            .query_row(
                "SELECT ?1, ?1",
                [AppointmentStatus::EnConsultation],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            back,
            (
                "en_consultation".to_string(),
                AppointmentStatus::EnConsultation
            )
        );
        assert_eq!(
            serde_json::to_string(&AppointmentStatus::ALL[..2]).unwrap(),
            r#"["planifie","confirme"]"#
        );
        assert_eq!(
            serde_json::from_str::<AppointmentStatus>(r#""annule""#).unwrap(),
            AppointmentStatus::Annule
        );
        assert!(serde_json::from_str::<AppointmentStatus>(r#""Annule""#).is_err());
        assert!(AppointmentStatus::Arrive == "arrive");
        assert_eq!(
            AppointmentStatus::parse("termine"),
            Some(AppointmentStatus::Termine)
        );
        assert_eq!(AppointmentStatus::AbsentExcuse.to_string(), "absent_excuse");
        let unknown = conn.query_row("SELECT 'reporte'", [], |row| {
            row.get::<_, AppointmentStatus>(0)
        });
        assert!(unknown.is_err());
    }
}
