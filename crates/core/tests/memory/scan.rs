//! The proof that a locked or closed cabinet leaves nothing in memory that
//! opens the file or names a patient: this test process works as the app
//! does (creates a cabinet, a hundred patients with distinctive names,
//! unlocks, searches, opens their files, sets a PIN, locks and unlocks with
//! it), then locks or closes, and reads its own memory (every readable
//! mapping of `/proc/self/maps`, through `/proc/self/mem`) looking for the
//! raw cabinet key, the quick-unlock secret (raw or as hex text) and the
//! hundred names (any case).
//!
//! The test must not count its own copies, so it never holds the needles
//! whole: the key and the secret are read by a child process (the same
//! binary, test `needle_reader`) which hands them back XOR-masked with a mask
//! the parent chose, and compared byte by byte without unmasking them into a
//! buffer; the names are kept only as keyed hashes, fed byte by byte.
//!
//! Each test file holds one scanning test, so it is alone in its process.

#![allow(dead_code)] // each of the two test files uses its own part

use std::collections::HashSet;
use std::fs::File;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::Command;

use carnet_core::clock::Clock;
use carnet_core::patients::search::{search, SearchOptions};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::session::{AppPaths, AppState, NewCabinetRequest};
use carnet_core::users::{self, Pin};
use carnet_core::Practitioner;
use rand::Rng;

pub const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";
const PIN: &str = "582046";
const NAME_COUNT: usize = 100;
/// "QZ" and eight letters: distinctive, none found in memory by chance.
const NAME_LEN: usize = 10;
const KEY_LEN: usize = 32;
const CHILD_ENV: &str = "CARNET_MEMORY_SCAN_READ";
const MASK_ENV: &str = "CARNET_MEMORY_SCAN_MASK";

/// What the scan looks for, never held in clear.
pub struct Needles {
    key: Masked,
    secret: Masked,
    hasher: RandomState,
    names: HashSet<u64>,
}

struct Masked {
    masked: [u8; KEY_LEN],
    mask: [u8; KEY_LEN],
}

impl Masked {
    fn byte(&self, index: usize) -> u8 {
        self.masked[index] ^ self.mask[index]
    }
}

/// How many times each needle was found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    pub key_raw: usize,
    pub key_hex: usize,
    pub secret_raw: usize,
    pub secret_hex: usize,
    /// Occurrences of any of the hundred names (any case).
    pub name_hits: usize,
    /// How many of the hundred names were found at least once.
    pub names_found: usize,
    pub bytes_scanned: u64,
    /// Where each find was (needle, mapping): says what to fix.
    pub places: Vec<String>,
}

impl Found {
    pub fn total(&self) -> usize {
        self.key_raw + self.key_hex + self.secret_raw + self.secret_hex + self.name_hits
    }
}

/// The child's side: reads the key and the secret of the cabinet at the
/// path it was given, prints them masked, and exits. In the parent it does
/// nothing.
pub fn needle_reader() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mask = decode(&std::env::var(MASK_ENV).unwrap());
    let mut salt = [0u8; 16];
    File::open(&path)
        .unwrap()
        .read_exact_at(&mut salt, 0)
        .unwrap();
    let mut key = [0u8; KEY_LEN];
    openssl::pkcs5::pbkdf2_hmac(
        PASSPHRASE.as_bytes(),
        &salt,
        256_000,
        openssl::hash::MessageDigest::sha512(),
        &mut key,
    )
    .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    let secret: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'quick_unlock_secret'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let secret = decode(&secret);
    let masked_key: Vec<u8> = key
        .iter()
        .zip(&mask[..KEY_LEN])
        .map(|(k, m)| k ^ m)
        .collect();
    let masked_secret: Vec<u8> = secret
        .iter()
        .zip(&mask[KEY_LEN..])
        .map(|(s, m)| s ^ m)
        .collect();
    println!("NEEDLES {} {}", encode(&masked_key), encode(&masked_secret));
}

fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// A name nobody has: "QZ" then consonants and vowels at random.
fn distinctive_name(rng: &mut impl Rng) -> String {
    const CONSONANTS: &[u8] = b"BDFGJKLMNPRTVX";
    const VOWELS: &[u8] = b"AEIOU";
    let mut name = String::from("QZ");
    for i in 0..NAME_LEN - 2 {
        let set = if i % 2 == 0 { VOWELS } else { CONSONANTS };
        name.push(set[rng.gen_range(0..set.len())] as char);
    }
    name
}

fn name_hash(hasher: &RandomState, bytes: impl Iterator<Item = u8>) -> u64 {
    let mut state = hasher.build_hasher();
    for byte in bytes {
        state.write_u8(byte.to_ascii_lowercase());
    }
    state.finish()
}

/// A session as the app runs one, ending unlocked: the cabinet created, a
/// hundred patients, a PIN set, locked and unlocked by PIN, every patient
/// searched and her file opened, the background integrity check run.
pub fn run_session(dir: &Path) -> (AppState, Needles) {
    let paths = AppPaths::in_folders(&dir.join("config"), &dir.join("data"), &dir.join("docs"));
    let state = AppState::new(paths)
        .with_clock(Clock::fixed_local(chrono_tz::Europe::Paris, "2028-02-29 00:03").unwrap());
    let path = dir.join("memoire.carnet");
    state
        .create(NewCabinetRequest {
            name: "Cabinet du Dr Lefèvre".into(),
            practitioners: vec![Practitioner {
                name: "Dr Hélène Lefèvre".into(),
                specialty: "Médecine générale".into(),
            }],
            colour: "#2E7D32".into(),
            time_zone: "Europe/Paris".into(),
            path: path.display().to_string(),
            passphrase: PASSPHRASE.into(),
            passphrase_confirmation: PASSPHRASE.into(),
        })
        .unwrap();
    let (key, secret) = read_needles(&path);
    let hasher = RandomState::new();
    let mut names = HashSet::new();
    let mut rng = rand::thread_rng();
    let me = state
        .with_cabinet(|cabinet| {
            for _ in 0..NAME_COUNT {
                let name = distinctive_name(&mut rng);
                names.insert(name_hash(&hasher, name.bytes()));
                patients::create(
                    cabinet,
                    &PatientDraft {
                        birth_name: name,
                        birth_first_names: "Claire".into(),
                        birth_date: "1980-02-03".into(),
                        sex: "F".into(),
                        identity_status: "provisoire".into(),
                        ..PatientDraft::default()
                    },
                    true,
                )?;
            }
            let me = users::current(cabinet)?.unwrap();
            users::set_pin(cabinet, &me.id, &Pin::new(PIN))?;
            Ok(me)
        })
        .unwrap();
    assert_eq!(names.len(), NAME_COUNT, "names drawn twice: run again");

    state.lock().unwrap();
    state.unlock_with_pin(&me.id, PIN.into()).unwrap();
    state
        .with_cabinet(|cabinet| {
            cabinet.wait_for_search_directory();
            let everyone = search(
                cabinet,
                "qz",
                SearchOptions {
                    limit: 200,
                    ..SearchOptions::default()
                },
            )?;
            assert_eq!(everyone.hits.len(), NAME_COUNT);
            for hit in everyone.hits {
                let file = patients::get(cabinet, &hit.id)?;
                // Typed as she would: the first letters of her name.
                let typed = file.display_name[..6].to_lowercase();
                assert!(!search(cabinet, &typed, SearchOptions::default())?
                    .hits
                    .is_empty());
            }
            Ok(())
        })
        .unwrap();
    state.check_integrity().unwrap();
    (
        state,
        Needles {
            key,
            secret,
            hasher,
            names,
        },
    )
}

/// The whole proof: a session as the app runs one, the scan seeing the
/// needles while the cabinet is open (so it would see them after), then
/// `end` (lock or close), then the scan again: nothing found. In the child
/// process started by `read_needles`, does nothing.
pub fn prove_nothing_left(what: &str, end: impl FnOnce(&AppState)) {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    // As the app starts: no core dump, not readable by other processes
    // (this process still reads itself).
    assert!(carnet_core::hardening::harden_process().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (state, needles) = run_session(dir.path());
    let open = scan_own_memory(&needles);
    assert!(
        open.key_raw > 0 && open.names_found == NAME_COUNT,
        "{open:?}"
    );
    end(&state);
    let found = scan_own_memory(&needles);
    eprintln!("{what}: {found:?}");
    assert_eq!(found.total(), 0, "{what}: {found:?}");
}

/// Spawns this test binary as `needle_reader` to read the key and the
/// secret, masked.
fn read_needles(path: &Path) -> (Masked, Masked) {
    let mut mask = [0u8; 2 * KEY_LEN];
    rand::thread_rng().fill(&mut mask[..]);
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "needle_reader",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, path)
        .env(MASK_ENV, encode(&mask))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = stdout
        .lines()
        .find_map(|line| line.split_once("NEEDLES ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("needle reader said: {stdout}"));
    let mut parts = line.split(' ');
    let mut masked = |mask: &[u8]| {
        let bytes = decode(parts.next().unwrap());
        let mut value = Masked {
            masked: [0; KEY_LEN],
            mask: [0; KEY_LEN],
        };
        value.masked.copy_from_slice(&bytes);
        value.mask.copy_from_slice(mask);
        value
    };
    let key = masked(&mask[..KEY_LEN]);
    let secret = masked(&mask[KEY_LEN..]);
    (key, secret)
}

struct Region {
    start: u64,
    end: u64,
    /// The mapping's name ("[heap]", "[stack]", a file, or anonymous).
    name: String,
}

/// Reads every readable mapping of this process and counts the needles.
pub fn scan_own_memory(needles: &Needles) -> Found {
    const CHUNK: usize = 1 << 20;
    const OVERLAP: usize = 2 * KEY_LEN;
    let regions: Vec<Region> = BufReader::new(File::open("/proc/self/maps").unwrap())
        .lines()
        .map(|line| line.unwrap())
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let range = fields.next()?;
            let perms = fields.next()?;
            if !perms.starts_with('r') || line.ends_with("[vvar]") || line.ends_with("[vsyscall]") {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            let name = fields.nth(3).unwrap_or("anonyme").to_string();
            Some(Region {
                start: u64::from_str_radix(start, 16).ok()?,
                end: u64::from_str_radix(end, 16).ok()?,
                name,
            })
        })
        .collect();
    // Allocated after the map was read: its own mapping (glibc maps large
    // blocks apart) is then not scanned; skipped by address as well.
    let mut buffer = vec![0u8; CHUNK + OVERLAP];
    let own = buffer.as_ptr() as u64..buffer.as_ptr() as u64 + buffer.len() as u64;
    let memory = File::open("/proc/self/mem").unwrap();
    let mut found = Found::default();
    let mut names_seen = HashSet::new();
    for region in &regions {
        let mut at = region.start;
        while at < region.end {
            let wanted = ((region.end - at) as usize).min(CHUNK + OVERLAP);
            if own.contains(&at) {
                at = own.end.max(at + 1);
                continue;
            }
            let read = match memory.read_at(&mut buffer[..wanted], at) {
                Ok(read) if read > 0 => read,
                _ => {
                    at += 4096;
                    continue;
                }
            };
            let hay = &buffer[..read];
            // Matches starting in the overlap are counted with the next chunk.
            let counted = if read == wanted && at + (read as u64) < region.end {
                read.saturating_sub(OVERLAP)
            } else {
                read
            };
            found.bytes_scanned += counted as u64;
            let before = found.total();
            count_in(hay, counted, needles, &mut found, &mut names_seen);
            if found.total() > before {
                found.places.push(format!(
                    "{} more in {} at {:#x}",
                    found.total() - before,
                    region.name,
                    at
                ));
            }
            at += counted.max(1) as u64;
        }
    }
    found.names_found = names_seen.len();
    found
}

fn count_in(
    hay: &[u8],
    counted: usize,
    needles: &Needles,
    found: &mut Found,
    names_seen: &mut HashSet<u64>,
) {
    for (masked, raw, hex) in [
        (&needles.key, &mut found.key_raw, &mut found.key_hex),
        (
            &needles.secret,
            &mut found.secret_raw,
            &mut found.secret_hex,
        ),
    ] {
        for at in memchr::memchr_iter(masked.byte(0), &hay[..counted]) {
            if at + KEY_LEN <= hay.len() && (0..KEY_LEN).all(|i| hay[at + i] == masked.byte(i)) {
                *raw += 1;
            }
        }
        let first = hex_digit(masked.byte(0) >> 4);
        for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..counted]) {
            if at + 2 * KEY_LEN <= hay.len()
                && (0..KEY_LEN).all(|i| {
                    nibble(hay[at + 2 * i]) == Some(masked.byte(i) >> 4)
                        && nibble(hay[at + 2 * i + 1]) == Some(masked.byte(i) & 0x0f)
                })
            {
                *hex += 1;
            }
        }
    }
    for at in memchr::memchr2_iter(b'q', b'Q', &hay[..counted]) {
        if at + NAME_LEN <= hay.len() && hay[at + 1].eq_ignore_ascii_case(&b'z') {
            let hash = name_hash(&needles.hasher, hay[at..at + NAME_LEN].iter().copied());
            if needles.names.contains(&hash) {
                found.name_hits += 1;
                names_seen.insert(hash);
            }
        }
    }
}

fn hex_digit(value: u8) -> u8 {
    b"0123456789abcdef"[usize::from(value)]
}

fn nibble(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}
