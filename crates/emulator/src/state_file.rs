//! `--state FILE`: every acknowledged change is on disk before its answer leaves.
//!
//! Each change writes the whole store to a temporary file in the same directory, syncs it, and
//! renames it over the state file, so that a crash at any moment leaves either the old or the
//! new state, never a torn one. A crash in the middle of a write leaves its temporary file
//! behind (`.FILE.XXXXXX.tmp`); the next start removes such files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::store::Store;

const TEMPORARY_SUFFIX: &str = ".tmp";

#[derive(Debug)]
pub struct StateFile {
    path: PathBuf,
    /// The newest version on disk; older snapshots that arrive late are skipped.
    written: Mutex<u64>,
}

impl StateFile {
    pub fn new(path: PathBuf) -> Self {
        StateFile {
            path,
            written: Mutex::new(0),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory the state file is in, where its temporary files go.
    fn directory(&self) -> PathBuf {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        }
    }

    /// How the temporary files of this state file begin: `.FILE.`.
    fn temporary_prefix(&self) -> String {
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        format!(".{name}.")
    }

    /// Removes the temporary files that writes cut short by a crash left behind. Call it before
    /// the first write: it takes any such file for a leftover.
    pub fn remove_leftovers(&self) -> std::io::Result<usize> {
        let prefix = self.temporary_prefix();
        let entries = match std::fs::read_dir(self.directory()) {
            Ok(entries) => entries,
            // No directory, no leftovers; the first write says what is wrong.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(error) => return Err(error),
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(TEMPORARY_SUFFIX) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The saved store, or `None` when there is no file yet.
    pub fn load(&self) -> Result<Option<Store>, String> {
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let store: Store = serde_json::from_slice(&bytes).map_err(|error| {
                    format!("the state file {} is damaged: {error}", self.path.display())
                })?;
                // The emulator hands out its first key; a seed is refused without one, and so
                // is a state file edited to have none.
                if store.api_keys.is_empty() {
                    return Err(format!(
                        "the state file {} has no api_keys, so no client could authenticate — \
                         add one, or delete the file to start again from a seed",
                        self.path.display()
                    ));
                }
                Ok(Some(store))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(format!(
                "cannot read the state file {}: {error}",
                self.path.display()
            )),
        }
    }

    /// Writes the snapshot numbered `version`, unless a newer one is already on disk (it holds
    /// this one's change too).
    pub fn write(&self, version: u64, snapshot: &[u8]) -> std::io::Result<()> {
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if version <= *written {
            return Ok(());
        }
        let directory = self.directory();
        let mut temporary = tempfile::Builder::new()
            .prefix(&self.temporary_prefix())
            .suffix(TEMPORARY_SUFFIX)
            .tempfile_in(&directory)?;
        temporary.write_all(snapshot)?;
        temporary.as_file().sync_all()?;
        temporary.persist(&self.path).map_err(|error| error.error)?;
        // The rename is durable once the directory is synced.
        std::fs::File::open(&directory)?.sync_all()?;
        *written = version;
        Ok(())
    }
}
