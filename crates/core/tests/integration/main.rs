//! carnet-core against real encrypted files in temporary folders: one test
//! binary, a module per area (ripgrep's layout).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

mod architecture;
mod background;
mod cabinet_file;
mod documents;
mod exports;
mod hostile;
mod incoming;
mod letters;
mod messages;
mod money;
mod patients;
mod plaintext;
mod safety;
mod util;
