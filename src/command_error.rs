//! [`CommandError`]: how a command fails in ways a script can tell apart, and the exit codes.
//!
//! One rule for every command (README "Exit codes"): **2** when the command line or the
//! configuration cannot be used, before anything was done (clap exits 2 for its own usage
//! errors too) — for `revoke`, also a command line that does not say enough to act on (an
//! ambiguous `--name`, no `--yes` off a terminal), refused before anything was changed; **1**
//! when something failed while running (the API, the terminal, a listing, a revoke) or
//! `revoke` found nothing to act on; **0** otherwise.

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
    /// Nothing was changed because nobody confirmed (`revoke` without `--yes` off a
    /// terminal, or a person who did not answer y): 2.
    #[error("{0}")]
    Refused(String),
    /// Nothing matched (what was looked for, and where): 1.
    #[error("{0}")]
    NothingMatched(String),
    /// Some revokes failed (each named in the output): 1.
    #[error("{failed} of {total} revokes failed (see above)")]
    RevokesFailed { failed: usize, total: usize },
}

impl CommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Configuration(_)
            | CommandError::UserConfiguration(_)
            | CommandError::Usage(_)
            | CommandError::Refused(_) => 2,
            CommandError::Incomplete { .. }
            | CommandError::NothingMatched(_)
            | CommandError::RevokesFailed { .. } => 1,
        }
    }
}
