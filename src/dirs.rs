//! Where mnq-tui's files go: the XDG base directories, one lookup for every file.
//!
//! A variable set to an empty value counts as unset, as the XDG specification says.

use std::ffi::OsString;
use std::path::PathBuf;

/// An XDG base directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseDir {
    /// `$XDG_CONFIG_HOME`, else `~/.config`: settings (mnq-tui's, scw's, the `nats` CLI's).
    Config,
    /// `$XDG_STATE_HOME`, else `~/.local/state`: the log.
    State,
}

impl BaseDir {
    /// The directory, from the process's environment; `None` when neither its variable nor
    /// `HOME` is set.
    pub fn path(self) -> Option<PathBuf> {
        self.path_in(|name| std::env::var_os(name))
    }

    /// The directory, from an environment given by `variable` (the scw configuration reads
    /// one captured at start).
    pub fn path_in(self, variable: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
        let (name, under_home) = match self {
            BaseDir::Config => ("XDG_CONFIG_HOME", ".config"),
            BaseDir::State => ("XDG_STATE_HOME", ".local/state"),
        };
        let set = |name: &str| variable(name).filter(|value| !value.is_empty());
        set(name)
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from(set("HOME")?).join(under_home)))
    }
}

/// `$HOME`, unless unset or empty.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(base: BaseDir, env: &[(&str, &str)]) -> Option<PathBuf> {
        base.path_in(|name| {
            env.iter()
                .find(|(set, _)| *set == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn the_xdg_variable_comes_first_then_home() {
        let both = [
            ("XDG_CONFIG_HOME", "/xdg/config"),
            ("XDG_STATE_HOME", "/xdg/state"),
            ("HOME", "/home/ops"),
        ];
        assert_eq!(path(BaseDir::Config, &both), Some("/xdg/config".into()));
        assert_eq!(path(BaseDir::State, &both), Some("/xdg/state".into()));
        let home = [("HOME", "/home/ops")];
        assert_eq!(
            path(BaseDir::Config, &home),
            Some("/home/ops/.config".into())
        );
        assert_eq!(
            path(BaseDir::State, &home),
            Some("/home/ops/.local/state".into())
        );
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let empty = [("XDG_CONFIG_HOME", ""), ("HOME", "/home/ops")];
        assert_eq!(
            path(BaseDir::Config, &empty),
            Some("/home/ops/.config".into())
        );
        assert_eq!(path(BaseDir::State, &[("HOME", "")]), None);
        assert_eq!(path(BaseDir::Config, &[]), None);
    }
}
