//! carnet-core against real encrypted files in temporary folders: one test
//! binary, a module per area (ripgrep's layout).

mod architecture;
mod cabinet_file;
mod patients;
mod plaintext;
mod safety;
mod util;
