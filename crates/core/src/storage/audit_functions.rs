//! The SQL functions the audit triggers call (migration 0004), registered
//! on every Carnet connection before its first statement: who is working,
//! whether tracing is suspended or pruning, and the chain hash. They live in
//! the storage layer because opening a connection registers them; what the
//! trail means (recording events, verifying, pruning) is `crate::audit`.

use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Who is working, as the audit trail and the history rows name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub name: String,
}

/// What the SQL functions of one connection see: the current user, and
/// whether tracing is suspended (synthetic demo data) or pruning is running.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditContext {
    state: Arc<Mutex<AuditState>>,
}

#[derive(Debug, Default)]
struct AuditState {
    actor: Option<Actor>,
    suspended: bool,
    pruning: bool,
}

impl AuditContext {
    fn state(&self) -> MutexGuard<'_, AuditState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn set_actor(&self, actor: Option<Actor>) {
        self.state().actor = actor;
    }

    pub(crate) fn actor(&self) -> Option<Actor> {
        self.state().actor.clone()
    }

    pub(crate) fn set_suspended(&self, suspended: bool) {
        self.state().suspended = suspended;
    }

    pub(crate) fn set_pruning(&self, pruning: bool) {
        self.state().pruning = pruning;
    }
}

/// Registers the functions the audit triggers call. Every Carnet connection
/// that may write gets them before its first statement.
pub(crate) fn register_functions(conn: &Connection, context: &AuditContext) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8;
    let ctx = context.clone();
    conn.create_scalar_function("carnet_actor_id", 0, flags, move |_| {
        Ok(ctx.state().actor.as_ref().map(|a| a.user_id.clone()))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("carnet_actor_name", 0, flags, move |_| {
        Ok(ctx.state().actor.as_ref().map(|a| a.name.clone()))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("carnet_audit_enabled", 0, flags, move |_| {
        Ok(!ctx.state().suspended)
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("carnet_audit_pruning", 0, flags, move |_| {
        Ok(ctx.state().pruning)
    })?;
    conn.create_scalar_function(
        "carnet_audit_hash",
        9,
        flags | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut fields: Vec<Option<String>> = Vec::with_capacity(9);
            for index in 0..9 {
                fields.push(ctx.get::<Option<String>>(index)?);
            }
            Ok(chain_hash(&fields))
        },
    )?;
    Ok(())
}

/// Carnet itself wrote rows without entries (the synthetic demo data, a
/// new file being built): the change counter of migration 0007 ran ahead
/// of the traced one. Levels them, so that what remains unaccounted is
/// only what was changed behind Carnet's back; with `why`, one entry says
/// how many changes went untraced and why. Returns that number.
pub(crate) fn account_for_untraced(conn: &Connection, why: Option<&str>) -> Result<i64> {
    let untraced: i64 = conn.query_row(
        "SELECT changes - traced FROM audit_counter WHERE id = 1",
        [],
        |row| row.get(0),
    )?;
    if untraced == 0 {
        return Ok(0);
    }
    if let Some(why) = why {
        conn.execute(
            "INSERT INTO audit_append (action, object_kind, object_id, patient_id, detail)
             VALUES ('import', 'cabinet', NULL, NULL, ?1)",
            [format!(
                "{untraced} modification(s) sans entrée individuelle : {why}"
            )],
        )?;
    }
    conn.execute("UPDATE audit_counter SET traced = changes WHERE id = 1", [])?;
    Ok(untraced)
}

/// The hash of an entry: SHA-256 over the previous hash and the entry's
/// fields, each field told apart from an absent one and from its neighbours.
pub(crate) fn chain_hash(fields: &[Option<String>]) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        match field {
            Some(text) => {
                hasher.update([1u8]);
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update([0u8]),
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
