//! Logs go to a file, never to the screen. Secrets never reach them: the types that hold one
//! hide it in `Debug`, and requests are logged by method and path only.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

use crate::dirs::BaseDir;

/// The variable that sets what is logged (`debug`, `mnq_tui=trace`, ...); `info` by default.
pub const LEVEL_VARIABLE: &str = "MNQ_TUI_LOG";

/// Where logs go unless `--log-file` says otherwise: `$XDG_STATE_HOME/mnq-tui/mnq-tui.log`, or
/// `~/.local/state/mnq-tui/mnq-tui.log`.
pub fn default_path() -> Option<PathBuf> {
    Some(BaseDir::State.path()?.join("mnq-tui").join("mnq-tui.log"))
}

/// Starts logging to `path` (appending). Returns the path in use, or why the file cannot be
/// written — the console then runs without logs rather than not at all, and says so.
pub fn init(path: &Path) -> io::Result<PathBuf> {
    let file = open(path)?;
    let filter = levels(std::env::var(LEVEL_VARIABLE).ok().as_deref());
    let to_file = tracing_subscriber::fmt::layer()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_filter(filter);
    tracing_subscriber::registry()
        .with(to_file)
        .try_init()
        .map_err(io::Error::other)?;
    Ok(path.to_owned())
}

/// Opens the log to append to it. The log holds no secret, but names, ids and access keys: a
/// file it creates is 0600 and a folder 0700, as for the saved secrets. An existing file keeps
/// the mode its owner gave it.
fn open(path: &Path) -> io::Result<File> {
    if let Some(directory) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(directory)
            .map_err(|error| match error.kind() {
                // What a file in the folders' way gives: "File exists" would not say which.
                io::ErrorKind::AlreadyExists => io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a folder", directory.display()),
                ),
                _ => error,
            })?;
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
}

/// What is logged, from [`LEVEL_VARIABLE`]: a level (`debug`), levels per target
/// (`mnq_tui=trace`), or both (`info,mnq_api=debug`); `info` when unset or not understood.
fn levels(directives: Option<&str>) -> Targets {
    directives
        .and_then(|directives| directives.parse().ok())
        .unwrap_or_else(|| Targets::new().with_default(Level::INFO))
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("it exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_new_log_and_its_new_folders_are_private() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("state/mnq-tui/mnq-tui.log");
        open(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&root.path().join("state/mnq-tui")), 0o700);
        assert_eq!(mode(&root.path().join("state")), 0o700);
    }

    #[test]
    fn levels_are_a_default_and_levels_per_target() {
        let enabled = |directives, target, level| levels(directives).would_enable(target, &level);
        assert!(enabled(None, "mnq_tui::worker", Level::INFO));
        assert!(!enabled(None, "mnq_tui::worker", Level::DEBUG));
        assert!(enabled(Some("debug"), "hyper_util::client", Level::DEBUG));
        assert!(enabled(
            Some("mnq_tui=trace"),
            "mnq_tui::worker",
            Level::TRACE
        ));
        assert!(!enabled(
            Some("mnq_tui=trace"),
            "hyper_util::client",
            Level::ERROR
        ));
        assert!(enabled(
            Some("info,mnq_api=debug"),
            "mnq_api::client",
            Level::DEBUG
        ));
        assert!(!enabled(
            Some("info,mnq_api=debug"),
            "mnq_tui",
            Level::DEBUG
        ));
        assert!(enabled(Some("mnq_tui=loud"), "mnq_tui", Level::INFO));
        assert!(!enabled(Some("mnq_tui=loud"), "mnq_tui", Level::DEBUG));
    }
}
