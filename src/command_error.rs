//! [`CommandError`]: how the script commands (`list`, `info`) fail, and their exit codes.

use crate::config::ConfigError;

/// How `list` and `info` fail, with the exit code scripts can rely on (the console exits 1 for
/// any error).
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
}

impl CommandError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Configuration(_) | CommandError::Usage(_) => 2,
            CommandError::Incomplete { .. } => 1,
        }
    }
}
