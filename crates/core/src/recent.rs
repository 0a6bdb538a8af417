//! The launcher's list of recent cabinets, kept in the app's config folder.
//! Invariant: it holds only each cabinet's name, colour and path — nothing
//! from inside the file (no patient, no practitioner, no passphrase).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::local_json;

const MAX_RECENT: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
/// What the launcher remembers of a cabinet: nothing from inside the file.
pub struct RecentCabinet {
    pub name: String,
    pub colour: String,
    pub path: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RecentFile {
    recent: Vec<RecentCabinet>,
}

/// Reads the list. A missing or unreadable list is an empty one: losing it
/// costs a click, refusing to start would cost much more.
pub fn load(list_path: &Path) -> Vec<RecentCabinet> {
    local_json::read_or_default::<RecentFile>(list_path).recent
}

/// Puts a cabinet first in the list (replacing an older entry for its path).
pub fn remember(list_path: &Path, entry: RecentCabinet) -> Result<()> {
    let mut recent = load(list_path);
    recent.retain(|existing| existing.path != entry.path);
    recent.insert(0, entry);
    recent.truncate(MAX_RECENT);
    save(list_path, recent)
}

pub fn forget(list_path: &Path, cabinet_path: &str) -> Result<()> {
    let mut recent = load(list_path);
    recent.retain(|existing| existing.path != cabinet_path);
    save(list_path, recent)
}

fn save(list_path: &Path, recent: Vec<RecentCabinet>) -> Result<()> {
    local_json::write(list_path, &RecentFile { recent })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, path: &str) -> RecentCabinet {
        RecentCabinet {
            name: name.into(),
            colour: "#1f6feb".into(),
            path: path.into(),
        }
    }

    #[test]
    fn most_recent_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("recent.json");
        remember(&list, entry("A", "/a.carnet")).unwrap();
        remember(&list, entry("B", "/b.carnet")).unwrap();
        remember(&list, entry("A renommé", "/a.carnet")).unwrap();
        let names: Vec<_> = load(&list).into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["A renommé", "B"]);
        forget(&list, "/b.carnet").unwrap();
        assert_eq!(load(&list).len(), 1);
    }

    #[test]
    fn a_corrupt_list_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("recent.json");
        std::fs::write(&list, b"{not json").unwrap();
        assert!(load(&list).is_empty());
        remember(&list, entry("A", "/a.carnet")).unwrap();
        assert_eq!(load(&list).len(), 1);
    }
}
