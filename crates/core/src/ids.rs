//! Identifiers: UUID v7 (time-ordered, so inserts stay local in the B-tree
//! and ids sort by creation), stored as their canonical text.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A timestamp for `created_at` / `updated_at` columns: UTC, RFC 3339. The
/// cabinet's time zone applies when showing it, never when storing it.
/// The system clock: only for the few places with no cabinet at hand (see
/// [`crate::clock`]); with a cabinet, `cabinet.now_utc()`.
pub fn now_utc() -> String {
    crate::clock::Clock::System.stamp()
}
