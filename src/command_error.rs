//! [`CommandError`]: how a command fails in ways a script can tell apart, and the exit codes.
//!
//! One rule for every command (README "Exit codes"): **2** when the command line or the
//! configuration cannot be used, before anything was done (clap exits 2 for its own usage
//! errors too); **1** when something failed while running (the API, the terminal, a listing);
//! **0** otherwise.

use crate::config::ConfigError;

/// How a command fails, with the exit code scripts can rely on. Any other error exits 1.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The scw configuration cannot be used: 2.
    #[error(transparent)]
    Configuration(ConfigError),
    /// mnq-tui's own config file cannot be used: 2.
    #[error(transparent)]
    UserConfiguration(crate::user_config::ConfigError),
    /// Options that cannot work, together or with this configuration: 2.
    #[error("{0}")]
    Usage(String),
    /// Some listings failed (each named on stderr); what the others found was printed: 1.
    #[error("{failed} of {parts} listings failed (see above): the list printed is incomplete")]
    Incomplete { failed: usize, parts: usize },
}

impl CommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Configuration(_)
            | CommandError::UserConfiguration(_)
            | CommandError::Usage(_) => 2,
            CommandError::Incomplete { .. } => 1,
        }
    }
}
