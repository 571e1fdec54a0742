//! [`CommandError`]: how the script commands (`list`, `info`, `revoke`, `journal`) fail, and
//! their exit codes.

use crate::config::ConfigError;

/// How the script commands fail, with the exit code scripts can rely on (the console exits 1
/// for any error).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The configuration cannot be used: 2, as clap exits for a usage error.
    #[error(transparent)]
    Configuration(ConfigError),
    /// Options that cannot work together with this configuration: 2.
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
            CommandError::Configuration(_) | CommandError::Usage(_) | CommandError::Refused(_) => 2,
            CommandError::Incomplete { .. }
            | CommandError::NothingMatched(_)
            | CommandError::RevokesFailed { .. } => 1,
        }
    }
}
