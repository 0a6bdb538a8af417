//! The storage layer: how a cabinet file is opened, keyed, configured,
//! reserved, checkpointed and checked. It knows SQLite and SQLCipher, and
//! nothing of patients, agendas or profiles.
//!
//! Architecture invariant: nothing under `storage/` imports a module of the
//! crate outside `storage` except `error` (checked by the test
//! `architecture::layers_point_one_way`).

pub mod audit_functions;
pub mod blob_store;
pub(crate) mod checkpoint;
pub mod claim;
pub mod connection;
pub mod files;
pub mod guarded_write;
pub(crate) mod heap;
pub mod integrity;
pub mod keys;
pub(crate) mod sqlcipher_key;
