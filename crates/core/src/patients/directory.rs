//! The patient directory held in memory while the cabinet is open: each
//! patient's folded name words and their phonetic keys (exactly the search
//! index's entry), in the order results are shown, the digits a phone or
//! NIR search looks in (exactly the digits index's entry), and what a
//! result line shows (names, birth date, first phone, archived or merged).
//!
//! Why: ranking a search needs the names of every candidate. Reading them
//! from the file costs one lookup per candidate (≈ 2 ms for the 1 000
//! candidates of a common name on dataset M, more when pages must be
//! decrypted); from memory it costs microseconds, and one- and two-letter
//! prefixes become a walk down the list in display order that stops at the
//! fiftieth match, instead of thousands of index entries. A search by
//! phone digits (« 0612 ») matches hundreds of patients whose rows, read
//! from the file to be sorted, were the pages decrypted on first touch:
//! from memory it reads none.
//!
//! It stays right by construction: SQLite's update hook notes the rowid of
//! every `patients` row written on this connection (whatever the code path,
//! committed or rolled back; every write of a patient's phones also writes
//! the patient's row), and those entries are read again from the file
//! before the next search. It is loaded at unlock on a second connection in
//! the background (≈ 0.1 s on M): until it is ready the search reads the
//! file as before. Wiped from memory when the cabinet locks or closes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use zeroize::Zeroize;

use super::{age_on, display_name, french_date, Sex};
use crate::cabinet::{Cabinet, InMemory};
use crate::error::Result;
use crate::phone;
use crate::phonetic;
use crate::storage::heap::give_back_freed_memory;

/// More changed rows than this (an import, a merge of many) and the whole
/// directory is read again rather than row by row.
const RELOAD_ABOVE: usize = 2_000;

/// What a digits search looks in, on `patients p`: the NIR and every phone.
pub(crate) const DIGITS_OF_PATIENT: &str =
    "coalesce(p.nir, '') || ' ' || coalesce((SELECT group_concat(number, ' ') FROM patient_phones WHERE patient_id = p.id), '')";

/// How a result matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    Exact,
    Prefix,
    Phonetic,
    /// Only a date, phone or NIR was typed.
    Other,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientHit {
    pub id: String,
    pub display_name: String,
    /// dd/mm/yyyy
    pub birth_date: String,
    pub age: i32,
    pub sex: Sex,
    /// First phone number, shown `06 12 34 56 78`.
    pub phone: Option<String>,
    pub archived: bool,
    pub matched: MatchKind,
}

/// How many words of a patient's indexed names are surnames.
pub(crate) fn surname_word_count(used_name: Option<&str>, birth_name: &str) -> usize {
    phonetic::words(used_name.unwrap_or("")).len() + phonetic::words(birth_name).len()
}

/// What a result line shows, read by one query shape everywhere.
#[derive(Debug)]
pub(crate) struct Listing {
    id: String,
    birth_name: String,
    birth_first_names: String,
    used_name: Option<String>,
    used_first_name: Option<String>,
    birth_date: String,
    sex: Sex,
    archived: bool,
    phone: Option<String>,
}

impl Listing {
    /// The columns [`Listing::read`] expects, on `patients p`.
    pub(crate) const COLUMNS: &'static str =
        "p.id, p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.birth_date, p.sex,
         p.archived_at IS NOT NULL,
         (SELECT number FROM patient_phones f WHERE f.patient_id = p.id ORDER BY position LIMIT 1)";

    pub(crate) fn read(row: &Row<'_>, at: usize) -> rusqlite::Result<Listing> {
        Ok(Listing {
            id: row.get(at)?,
            birth_name: row.get(at + 1)?,
            birth_first_names: row.get(at + 2)?,
            used_name: row.get(at + 3)?,
            used_first_name: row.get(at + 4)?,
            birth_date: row.get(at + 5)?,
            sex: row.get(at + 6)?,
            archived: row.get(at + 7)?,
            phone: row.get(at + 8)?,
        })
    }

    /// The name as shown everywhere (« DUPONT (née MARTIN) Marie »).
    pub(crate) fn display_name(&self) -> String {
        display_name(
            &self.birth_name,
            &self.birth_first_names,
            self.used_name.as_deref(),
            self.used_first_name.as_deref(),
            self.sex.as_str(),
        )
    }

    /// `dd/mm/yyyy`
    pub(crate) fn french_birth_date(&self) -> String {
        french_date(&self.birth_date)
    }

    /// How many folded words the used and birth names make: the search
    /// index lists them first, then the first names (see `search::index`).
    pub(crate) fn surname_words(&self) -> usize {
        surname_word_count(self.used_name.as_deref(), &self.birth_name)
    }

    /// The first phone's digits, as stored.
    pub(crate) fn phone_digits(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    pub(crate) fn hit(&self, today: NaiveDate, matched: MatchKind) -> PatientHit {
        PatientHit {
            id: self.id.clone(),
            display_name: self.display_name(),
            birth_date: self.french_birth_date(),
            age: age_on(&self.birth_date, today),
            sex: self.sex,
            phone: self.phone.as_deref().map(phone::display),
            archived: self.archived,
            matched,
        }
    }
}

impl Drop for Listing {
    fn drop(&mut self) {
        self.id.zeroize();
        self.birth_name.zeroize();
        self.birth_first_names.zeroize();
        self.used_name.zeroize();
        self.used_first_name.zeroize();
        self.birth_date.zeroize();
        self.phone.zeroize();
    }
}

#[derive(Debug)]
pub(crate) struct Entry {
    /// Folded words, shown name first (the order results sort by).
    pub names: String,
    /// The phonetic key of each word, same positions.
    pub sounds: String,
    /// The NIR and every phone, space-separated, as the digits index holds
    /// them.
    pub digits: String,
    /// Whether `digits` starts with a NIR (the phones follow it).
    pub has_nir: bool,
    /// How many of `names`' first words are the surnames (used name, then
    /// birth name): the rest are first names. A one-word search ranks
    /// surname matches first.
    pub surname_words: usize,
    pub merged: bool,
    pub listing: Listing,
}

impl Entry {
    /// The entries whose `patients p` rows pass `condition` (may be empty).
    fn select(condition: &str) -> String {
        format!(
            "SELECT s.rowid, s.names, s.sounds, {}, p.merged_into IS NOT NULL,
                    coalesce(p.nir, '') <> '', {}
             FROM patient_search s JOIN patients p ON p.rowid = s.rowid {condition}",
            DIGITS_OF_PATIENT,
            Listing::COLUMNS
        )
    }

    fn read(row: &Row<'_>) -> rusqlite::Result<(i64, Entry)> {
        let listing = Listing::read(row, 6)?;
        Ok((
            row.get(0)?,
            Entry {
                names: row.get(1)?,
                sounds: row.get(2)?,
                digits: row.get::<_, String>(3)?.trim().to_string(),
                merged: row.get(4)?,
                has_nir: row.get(5)?,
                surname_words: listing.surname_words(),
                listing,
            },
        ))
    }

    /// The phone numbers among `digits` (the NIR, when there is one, comes
    /// first).
    pub(crate) fn phones(&self) -> impl Iterator<Item = &str> {
        self.digits
            .split(' ')
            .skip(usize::from(self.has_nir))
            .filter(|number| !number.is_empty())
    }

    pub(crate) fn archived(&self) -> bool {
        self.listing.archived
    }

    /// Whether a search lists it: never a merged file; an archived one only
    /// when asked.
    pub(crate) fn shown(&self, include_archived: bool) -> bool {
        !self.merged && (include_archived || !self.archived())
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.names.zeroize();
        self.sounds.zeroize();
        self.digits.zeroize();
    }
}

/// Each run of three characters of `digits` without a space, once.
fn trigrams(digits: &str) -> Vec<[u8; 3]> {
    let mut runs: Vec<[u8; 3]> = digits
        .as_bytes()
        .windows(3)
        .filter(|run| !run.contains(&b' '))
        .map(|run| [run[0], run[1], run[2]])
        .collect();
    runs.sort_unstable();
    runs.dedup();
    runs
}

#[derive(Debug, Default)]
pub(crate) struct Directory {
    by_rowid: HashMap<i64, Entry>,
    /// Patient id → rowid: the agenda names its appointments from here.
    by_id: HashMap<String, i64>,
    /// Folded word → the patients having it, in display order: what the
    /// search index holds, in memory, so a name search reads no page of the
    /// file at all, and the first matches shown are the first listed.
    words: BTreeMap<String, Vec<i64>>,
    /// Phonetic key → the patients having it.
    sounds: BTreeMap<String, Vec<i64>>,
    /// Three digits in a row → the patients whose NIR or a phone has them:
    /// the trigram index of the file, in memory.
    digit_runs: HashMap<[u8; 3], Vec<i64>>,
    /// (names, rowid) → the starts of its words: display order.
    in_order: BTreeMap<(String, i64), WordStarts>,
    /// The same keys for the patients with more than one surname word
    /// (« DUPONT (née MARTIN) »), with the starts of the surname words after
    /// the first only. Display order puts a patient by its first word: a
    /// one-letter search finds those surnames (« m » → MARTIN) here without
    /// walking every patient, and the others in the range of `in_order`
    /// that starts with the letter.
    later_surnames: BTreeMap<(String, i64), WordStarts>,
}

/// Which one- and two-letter starts a patient's words have, as bits: the
/// walk for a short prefix skips the patients without it while reading the
/// ordering itself, never their names (a cache miss each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordStarts(u64);

impl WordStarts {
    fn bit(start: &[u8]) -> u64 {
        match start {
            [first] => 1 << (u64::from(*first) % 26),
            [first, second] => 1 << (26 + (u64::from(*first) * 31 + u64::from(*second)) % 38),
            _ => 0,
        }
    }

    pub(crate) fn of(names: &str) -> WordStarts {
        WordStarts(names.split(' ').fold(0, |bits, word| {
            let bytes = word.as_bytes();
            bits | Self::bit(&bytes[..bytes.len().min(1)]) | Self::bit(&bytes[..bytes.len().min(2)])
        }))
    }

    /// False means no word starts with every one of `starts` (short words);
    /// true means perhaps.
    pub(crate) fn may_have(self, needed: WordStarts) -> bool {
        self.0 & needed.0 == needed.0
    }
}

impl Directory {
    pub(crate) fn get(&self, rowid: i64) -> Option<&Entry> {
        self.by_rowid.get(&rowid)
    }

    /// Patients with the word `word` itself (not as a prefix), in display
    /// order.
    pub(crate) fn with_word(&self, word: &str) -> &[i64] {
        self.words.get(word).map_or(&[], Vec::as_slice)
    }

    /// Patients with a word starting with `prefix` or, when given, the
    /// phonetic key `sound`: what the index's `names : "prefix"* OR sounds
    /// : "sound"` answers, in no particular order, each once.
    pub(crate) fn matching(&self, prefix: &str, sound: Option<&str>) -> Vec<i64> {
        let mut rowids: Vec<i64> = self
            .words_starting(prefix)
            .flat_map(|(_, rowids)| rowids.iter().copied())
            .chain(
                sound
                    .and_then(|sound| self.sounds.get(sound))
                    .into_iter()
                    .flatten()
                    .copied(),
            )
            .collect();
        rowids.sort_unstable();
        rowids.dedup();
        rowids
    }

    /// Patients with a word whose phonetic key is `sound`, in no
    /// particular order.
    pub(crate) fn with_sound(&self, sound: &str) -> &[i64] {
        self.sounds.get(sound).map_or(&[], Vec::as_slice)
    }

    fn words_starting<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Vec<i64>)> + 'a {
        self.words
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(word, _)| word.starts_with(prefix))
    }

    /// The patients whose NIR or a phone contains `digits` (3 or more, no
    /// space), in no particular order: the candidates of the rarest run of
    /// three of them, checked whole.
    pub(crate) fn with_digits(&self, digits: &str) -> Vec<i64> {
        let runs = trigrams(digits);
        let Some(fewest) = runs
            .iter()
            .map(|run| self.digit_runs.get(run).map_or(&[][..], Vec::as_slice))
            .min_by_key(|rowids| rowids.len())
        else {
            return Vec::new();
        };
        fewest
            .iter()
            .copied()
            .filter(|rowid| {
                self.by_rowid
                    .get(rowid)
                    .is_some_and(|entry| entry.digits.contains(digits))
            })
            .collect()
    }

    /// What a line about this patient shows (an appointment in the agenda,
    /// the waiting room), without reading the file.
    pub(crate) fn listing_of(&self, patient_id: &str) -> Option<&Listing> {
        let rowid = self.by_id.get(patient_id)?;
        self.by_rowid.get(rowid).map(|entry| &entry.listing)
    }

    /// The patients whose first word (the surname shown first) starts with
    /// `prefix`, in display order: one range of it.
    pub(crate) fn first_word_starting<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (i64, &'a Entry)> + 'a {
        self.in_order
            .range((prefix.to_string(), i64::MIN)..)
            .take_while(move |((names, _), _)| names.starts_with(prefix))
            .filter_map(|((_, rowid), _)| self.by_rowid.get(rowid).map(|entry| (*rowid, entry)))
    }

    /// The patients with a surname word after the first that may start
    /// with all of `needed` (see [`WordStarts`]), in display order.
    pub(crate) fn later_surnames_may_start(
        &self,
        needed: WordStarts,
    ) -> impl Iterator<Item = (i64, &Entry)> + '_ {
        self.later_surnames
            .iter()
            .filter(move |(_, starts)| starts.may_have(needed))
            .filter_map(|((_, rowid), _)| self.by_rowid.get(rowid).map(|entry| (*rowid, entry)))
    }

    /// How many patients passing `shown` have a word starting with
    /// `prefix`, counted up to `cap`: from the word lists, each patient once.
    pub(crate) fn count_with_word_starting(
        &self,
        prefix: &str,
        shown: impl Fn(&Entry) -> bool,
        cap: usize,
    ) -> usize {
        let mut counted = std::collections::HashSet::new();
        for (_, rowids) in self.words_starting(prefix) {
            for rowid in rowids {
                if counted.len() >= cap {
                    return cap;
                }
                if self.by_rowid.get(rowid).is_some_and(&shown) {
                    counted.insert(*rowid);
                }
            }
        }
        counted.len()
    }

    /// Every patient in display order whose words may start with all of
    /// `needed` (see [`WordStarts`]) and whose names then pass `wanted`.
    pub(crate) fn in_order_where<'a>(
        &'a self,
        needed: WordStarts,
        wanted: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (i64, &'a Entry)> + 'a {
        self.in_order
            .iter()
            .filter(move |((names, _), starts)| starts.may_have(needed) && wanted(names))
            .filter_map(|((_, rowid), _)| self.by_rowid.get(rowid).map(|entry| (*rowid, entry)))
    }

    fn load(conn: &Connection) -> Result<Directory> {
        let mut directory = Directory::default();
        let mut statement = conn.prepare(&Entry::select(""))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (rowid, entry) = Entry::read(row)?;
            directory.insert_unlisted(rowid, entry);
        }
        // Each word's list in display order, by walking that order once.
        let Directory {
            in_order,
            by_rowid,
            words,
            ..
        } = &mut directory;
        for (_, rowid) in in_order.keys() {
            if let Some(entry) = by_rowid.get(rowid) {
                for word in distinct_words(&entry.names) {
                    list(words, word, *rowid, None);
                }
            }
        }
        Ok(directory)
    }

    fn insert(&mut self, rowid: i64, entry: Entry) {
        self.insert_unlisted(rowid, entry);
        let Directory {
            by_rowid, words, ..
        } = self;
        let Some(entry) = by_rowid.get(&rowid) else {
            return;
        };
        let key = (entry.names.as_str(), rowid);
        for word in distinct_words(&entry.names) {
            // Its place in display order among the others with that word.
            let at = words.get(word).map(|rowids| {
                rowids.partition_point(|other| {
                    by_rowid
                        .get(other)
                        .is_some_and(|e| (e.names.as_str(), *other) < key)
                })
            });
            list(words, word, rowid, at);
        }
    }

    /// Everything but the word lists.
    fn insert_unlisted(&mut self, rowid: i64, entry: Entry) {
        self.remove(rowid);
        self.in_order
            .insert((entry.names.clone(), rowid), WordStarts::of(&entry.names));
        if entry.surname_words > 1 {
            let later: Vec<&str> = entry
                .names
                .split(' ')
                .take(entry.surname_words)
                .skip(1)
                .collect();
            self.later_surnames.insert(
                (entry.names.clone(), rowid),
                WordStarts::of(&later.join(" ")),
            );
        }
        self.by_id.insert(entry.listing.id.clone(), rowid);
        for sound in distinct_words(&entry.sounds) {
            list(&mut self.sounds, sound, rowid, None);
        }
        for run in trigrams(&entry.digits) {
            self.digit_runs.entry(run).or_default().push(rowid);
        }
        self.by_rowid.insert(rowid, entry);
    }

    fn remove(&mut self, rowid: i64) {
        if let Some(old) = self.by_rowid.remove(&rowid) {
            self.by_id.remove(&old.listing.id);
            for word in distinct_words(&old.names) {
                unlist(&mut self.words, word, rowid);
            }
            for sound in distinct_words(&old.sounds) {
                unlist(&mut self.sounds, sound, rowid);
            }
            for run in trigrams(&old.digits) {
                if let Some(rowids) = self.digit_runs.get_mut(&run) {
                    rowids.retain(|r| *r != rowid);
                    if rowids.is_empty() {
                        if let Some((mut run, _)) = self.digit_runs.remove_entry(&run) {
                            run.zeroize();
                        }
                    }
                }
            }
            let key = (old.names.clone(), rowid);
            for ordered in [&mut self.in_order, &mut self.later_surnames] {
                if let Some(((mut names, _), _)) = ordered.remove_entry(&key) {
                    names.zeroize();
                }
            }
            let (mut names, _) = key;
            names.zeroize();
        }
    }

    fn refresh(&mut self, conn: &Connection, rowid: i64) -> Result<()> {
        let entry = conn
            .prepare_cached(&Entry::select("WHERE s.rowid = ?1"))?
            .query_row([rowid], Entry::read)
            .optional()?;
        match entry {
            Some((_, entry)) => self.insert(rowid, entry),
            None => self.remove(rowid),
        }
        Ok(())
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        for ordered in [&mut self.in_order, &mut self.later_surnames] {
            for ((mut names, _), _) in std::mem::take(ordered) {
                names.zeroize();
            }
        }
        for (mut word, _) in std::mem::take(&mut self.words) {
            word.zeroize();
        }
        for (mut sound, _) in std::mem::take(&mut self.sounds) {
            sound.zeroize();
        }
        for (mut run, _) in std::mem::take(&mut self.digit_runs) {
            run.zeroize();
        }
    }
}

/// Adds `rowid` to the list of `key`: at `at` when given, else at the end.
fn list(lists: &mut BTreeMap<String, Vec<i64>>, key: &str, rowid: i64, at: Option<usize>) {
    match lists.get_mut(key) {
        Some(rowids) => rowids.insert(at.unwrap_or(rowids.len()).min(rowids.len()), rowid),
        None => {
            lists.insert(key.to_string(), vec![rowid]);
        }
    }
}

/// Takes `rowid` out of the list of `key`; an emptied list goes, its key
/// (a patient's name word) wiped.
fn unlist(lists: &mut BTreeMap<String, Vec<i64>>, key: &str, rowid: i64) {
    if let Some(rowids) = lists.get_mut(key) {
        rowids.retain(|r| *r != rowid);
        if rowids.is_empty() {
            if let Some((mut key, _)) = lists.remove_entry(key) {
                key.zeroize();
            }
        }
    }
}

/// The words of an index entry, each once.
fn distinct_words(text: &str) -> Vec<&str> {
    let mut words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Absent,
    Loading(JoinHandle<Option<Directory>>),
    Ready(Box<Directory>),
}

/// The directory of an open cabinet and the rows changed since it was read.
#[derive(Debug, Default)]
pub(crate) struct DirectoryCache {
    state: std::cell::RefCell<State>,
    changed: Arc<Mutex<Vec<i64>>>,
}

impl DirectoryCache {
    /// Notes every `patients` row written through `conn` from now on.
    pub(crate) fn watch(&self, conn: &mut Connection) -> Result<()> {
        let changed = Arc::clone(&self.changed);
        conn.update_hook(Some(
            move |_: rusqlite::hooks::Action, _: &str, table: &str, rowid: i64| {
                if table == "patients" {
                    if let Ok(mut changed) = changed.lock() {
                        changed.push(rowid);
                    }
                }
            },
        ))?;
        Ok(())
    }

    /// Reads the directory on `background` (a second connection, closed
    /// when done), without holding up the unlock.
    pub(crate) fn start_loading(&self, background: Connection) {
        let spawned = std::thread::Builder::new()
            .name("carnet-annuaire".into())
            .spawn(move || {
                let loaded = Directory::load(&background).ok();
                // The whole table went through its page cache: closed, the
                // cache's pages go back to the system (the directory stays).
                drop(background);
                give_back_freed_memory();
                loaded
            });
        if let Ok(handle) = spawned {
            self.state.replace(State::Loading(handle));
        }
    }

    /// Waits for a load under way to finish and keeps its result.
    pub(crate) fn wait(&self) {
        let mut state = self.state.borrow_mut();
        if let State::Loading(_) = &*state {
            if let State::Loading(handle) = std::mem::take(&mut *state) {
                *state = match handle.join().ok().flatten() {
                    Some(directory) => State::Ready(Box::new(directory)),
                    None => State::Absent,
                };
            }
        }
    }

    /// Waits for a load under way (before the main connection closes).
    pub(crate) fn stop(&self) {
        if let State::Loading(handle) = self.state.replace(State::Absent) {
            // A loader that panicked left nothing to keep; the file answers instead.
            let _ = handle.join();
        }
    }

    /// Runs `read` on the up-to-date directory, or answers `None` while it
    /// is not loaded yet (the caller reads the file instead).
    pub(crate) fn with<T>(
        &self,
        conn: &Connection,
        read: impl FnOnce(&Directory) -> T,
    ) -> Result<Option<T>> {
        if let State::Loading(handle) = &*self.state.borrow() {
            if !handle.is_finished() {
                return Ok(None);
            }
        }
        self.wait();
        let mut state = self.state.borrow_mut();
        let changed: Vec<i64> = match self.changed.lock() {
            Ok(mut changed) => std::mem::take(&mut *changed),
            // A poisoned list may have lost rowids: read everything again.
            Err(_) => {
                *state = State::Absent;
                Vec::new()
            }
        };
        match &mut *state {
            State::Ready(directory) if changed.len() <= RELOAD_ABOVE => {
                let mut seen = HashSet::new();
                for rowid in changed {
                    if seen.insert(rowid) {
                        if let Err(error) = directory.refresh(conn, rowid) {
                            // Rows not read again: start afresh next time.
                            *state = State::Absent;
                            return Err(error);
                        }
                    }
                }
            }
            // Never loaded, failed, or too much changed: read it here.
            _ => *state = State::Ready(Box::new(Directory::load(conn)?)),
        }
        match &*state {
            State::Ready(directory) => Ok(Some(read(directory))),
            _ => Ok(None),
        }
    }
}

impl InMemory for DirectoryCache {
    fn wait(&self) {
        DirectoryCache::wait(self);
    }

    fn stop(&self) {
        DirectoryCache::stop(self);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Sets up the directory of a cabinet being unlocked (see `crate::assembly`):
/// it watches the main connection and loads on a second one.
pub(crate) fn attach(cabinet: &mut Cabinet) -> Result<()> {
    let directory = DirectoryCache::default();
    directory.watch(cabinet.conn_mut())?;
    // Without a second connection the first search loads it.
    if let Ok(background) = cabinet.second_connection() {
        directory.start_loading(background);
    }
    cabinet.keep_in_memory(Box::new(directory));
    Ok(())
}

/// Runs `read` on the open cabinet's up-to-date directory, or answers
/// `None` while it is not loaded (the caller reads the file instead).
pub(crate) fn read<T>(cabinet: &Cabinet, read: impl FnOnce(&Directory) -> T) -> Result<Option<T>> {
    match cabinet.in_memory::<DirectoryCache>() {
        Some(directory) => directory.with(cabinet.conn(), read),
        None => Ok(None),
    }
}

/// Drops the open cabinet's directory: read again from the index at the
/// next search (after the index was rebuilt under it).
pub(crate) fn forget(cabinet: &Cabinet) {
    if let Some(directory) = cabinet.in_memory::<DirectoryCache>() {
        directory.stop();
    }
}

impl Drop for DirectoryCache {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::WordStarts;

    proptest! {
        /// The bits may say "perhaps" wrongly, never "no" wrongly: a patient
        /// whose word starts with what she typed is never skipped.
        #[test]
        fn word_starts_never_skip_a_match(
            words in proptest::collection::vec("[a-z0-9]{1,12}", 1..6),
            pick in 0usize..6,
            length in 1usize..3,
        ) {
            let names = words.join(" ");
            let word = &words[pick % words.len()];
            let typed = &word[..length.min(word.len())];
            prop_assert!(WordStarts::of(&names).may_have(WordStarts::of(typed)));
        }
    }

    #[test]
    fn word_starts_skip_most_patients_without_the_letters() {
        let dupont = WordStarts::of("dupont jean");
        assert!(dupont.may_have(WordStarts::of("du")));
        assert!(dupont.may_have(WordStarts::of("je")));
        assert!(!dupont.may_have(WordStarts::of("m")));
        assert!(!dupont.may_have(WordStarts::of("ma")));
    }
}
