//! The scw configuration file: where it is, and its YAML.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ConfigError, Env};
use crate::dirs::BaseDir;

/// One profile's keys, as the file writes them. Every value is read as text so that a mistyped
/// value is reported by our own checks, which never quote a secret.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FileProfile {
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub api_url: Option<String>,
    pub insecure: Option<bool>,
    pub default_organization_id: Option<String>,
    pub default_project_id: Option<String>,
    pub default_region: Option<String>,
    pub default_zone: Option<String>,
}

/// The whole file: the top level is the `default` profile, plus `active_profile` and `profiles`.
/// Keys that mnq-tui does not use (`send_telemetry`, `s3_endpoint`, ...) are accepted and ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConfigFile {
    #[serde(flatten)]
    pub top_level: FileProfile,
    pub active_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, FileProfile>,
}

/// Where the file is looked for, as every Scaleway tool does: `SCW_CONFIG_PATH`, then
/// `$XDG_CONFIG_HOME/scw/config.yaml`, then `$HOME/.config/scw/config.yaml`. Without
/// `SCW_CONFIG_PATH`, a missing `config.yaml` falls back to `config.yml` beside it.
pub fn config_path(env: &Env) -> Option<PathBuf> {
    if let Some(path) = env.get("SCW_CONFIG_PATH") {
        return Some(PathBuf::from(path));
    }
    let directory = BaseDir::Config
        .path_in(|name| env.get(name).map(OsString::from))?
        .join("scw");
    let yaml = directory.join("config.yaml");
    let yml = directory.join("config.yml");
    Some(if !yaml.exists() && yml.exists() {
        yml
    } else {
        yaml
    })
}

/// Reads and parses the file; `Ok(None)` when there is no file.
pub fn read(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(ConfigError::Unreadable {
                path: path.to_owned(),
                cause: error.to_string(),
            });
        }
    };
    parse(path, &text).map(Some)
}

pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    serde_saphyr::from_str(text).map_err(|error| {
        let location = error.location();
        ConfigError::Malformed {
            path: path.to_owned(),
            line: location.as_ref().map(|l| l.line()).unwrap_or(0),
            column: location.as_ref().map(|l| l.column()).unwrap_or(0),
            problem: redact_secret_values(&error.without_snippet().to_string(), text),
        }
    })
}

/// Removes from a parser message every secret key the file holds, in case the parser quotes
/// it (a secret pasted under the wrong key is quoted as a wrong value).
fn redact_secret_values(message: &str, text: &str) -> String {
    let message = first_line(message);
    secret_values(text)
        .iter()
        .filter(|value| value.len() >= 4)
        .fold(message, |message, secret| {
            message.replace(secret.as_str(), "<secret>")
        })
}

/// The values given to `secret_key` in the file: on `secret_key:` lines, which holds even when
/// the YAML is broken, and, when the YAML is well formed, anywhere in it (flow style too).
fn secret_values(text: &str) -> Vec<String> {
    let mut values: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("secret_key:"))
        .map(|value| value.trim().trim_matches(['"', '\'']).to_owned())
        .collect();
    if let Ok(document) = serde_saphyr::from_str::<serde_json::Value>(text) {
        collect_secret_keys(&document, &mut values);
    }
    values
}

fn collect_secret_keys(value: &serde_json::Value, values: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(entries) => {
            for (key, value) in entries {
                match value {
                    serde_json::Value::String(secret) if key == "secret_key" => {
                        values.push(secret.clone());
                    }
                    other => collect_secret_keys(other, values),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_secret_keys(item, values);
            }
        }
        _ => {}
    }
}

/// The parser's first line, without the location it repeats ("… at line 2, column 21").
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim();
    match line.rfind(" at line ") {
        Some(at) => line[..at].to_owned(),
        None => line.to_owned(),
    }
}

/// Whether other users may read the file (Unix permissions), as a warning to print.
pub fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} can be read by other users (mode {:o}); it holds your secret key: run \
                 chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
