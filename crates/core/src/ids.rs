//! Identifiers: UUID v7 (time-ordered, so inserts stay local in the B-tree
//! and ids sort by creation), stored as their canonical text.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A timestamp for `created_at` / `updated_at` columns: UTC, RFC 3339. The
/// cabinet's time zone applies when showing it, never when storing it.
pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
