//! Logs go to a file, never to the screen. Secrets never reach them: the types that hold one
//! hide it in `Debug`, and requests are logged by method and path only.

use std::path::{Path, PathBuf};

use tracing_subscriber::EnvFilter;

use crate::dirs::BaseDir;

/// The variable that sets what is logged (`debug`, `mnq_tui=trace`, ...); `info` by default.
pub const LEVEL_VARIABLE: &str = "MNQ_TUI_LOG";

/// Where logs go unless `--log-file` says otherwise: `$XDG_STATE_HOME/mnq-tui/mnq-tui.log`, or
/// `~/.local/state/mnq-tui/mnq-tui.log`.
pub fn default_path() -> Option<PathBuf> {
    Some(BaseDir::State.path()?.join("mnq-tui").join("mnq-tui.log"))
}

/// Starts logging to `path` (appending). Returns the path in use, or `None` when the file
/// cannot be opened — the console then runs without logs rather than not at all.
pub fn init(path: &Path) -> Option<PathBuf> {
    if let Some(directory) = path.parent() {
        std::fs::create_dir_all(directory).ok()?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .ok()?;
    let filter = EnvFilter::try_from_env(LEVEL_VARIABLE).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(path.to_owned())
}
