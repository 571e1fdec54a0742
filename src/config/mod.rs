//! The configuration every Scaleway tool shares: the scw config file and `SCW_*` variables.
//!
//! Which profile: `--profile` > `SCW_PROFILE` > `active_profile` in the file > the top level
//! (`default`). Each value then comes from, in order: the environment, the chosen profile, the
//! file's top level, and a built-in default (region `fr-par`, API `https://api.scaleway.com`).

mod file;

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::api::model::{OrganizationId, ProjectId, Region, Secret};

pub use file::{ConfigFile, FileProfile, config_path};

/// Scaleway's API, when nothing else is configured.
pub const DEFAULT_API_URL: &str = "https://api.scaleway.com";
/// The name of the top-level profile.
pub const DEFAULT_PROFILE: &str = "default";

/// The environment variables that matter here, captured once so that tests can pass their own.
#[derive(Debug, Clone, Default)]
pub struct Env(HashMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Env(std::env::vars()
            .filter(|(name, _)| {
                name.starts_with("SCW_")
                    || name.starts_with("SCALEWAY_")
                    || name == "HOME"
                    || name == "XDG_CONFIG_HOME"
            })
            .collect())
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env(pairs
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect())
    }

    /// The value of a variable; an empty value counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// The first set variable among a name and its legacy aliases, with the name that was set.
    fn first_of(&self, names: &[&'static str]) -> Option<(&'static str, &str)> {
        names
            .iter()
            .find_map(|name| self.get(name).map(|value| (*name, value)))
    }
}

/// `--region` of the console and `list`: one region, or every region at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegionChoice {
    FrPar,
    NlAms,
    All,
}

impl RegionChoice {
    /// The one region chosen; `None` for all.
    pub fn region(self) -> Option<Region> {
        match self {
            RegionChoice::FrPar => Some(Region::FrPar),
            RegionChoice::NlAms => Some(Region::NlAms),
            RegionChoice::All => None,
        }
    }
}

/// Choices from the command line, which win over everything else. They are checked before the
/// configuration is read: a mistake in what the person just typed is the first one named.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub project_id: Option<String>,
    pub region: Option<String>,
    /// Allow a plain `http://` API URL to a host that is not this machine.
    pub allow_insecure_http: bool,
}

/// Where a value came from, to name it in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    Env(&'static str),
    File { path: PathBuf, key: String },
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Env(name) => write!(f, "{name}"),
            Origin::File { path, key } => write!(f, "{}: {key}", path.display()),
            Origin::Default => write!(f, "built-in default"),
        }
    }
}

/// The resolved, checked configuration of the console.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    /// The profile used: `default` or a name under `profiles`.
    pub profile: String,
    /// The config file read, if there was one.
    pub config_file: Option<PathBuf>,
    pub access_key: Option<String>,
    pub secret_key: Secret,
    pub organization_id: Option<OrganizationId>,
    pub project_id: ProjectId,
    pub region: Region,
    pub api_url: String,
    /// Skip TLS certificate checks.
    pub insecure: bool,
    /// Things worth telling the user that do not stop the program.
    pub warnings: Vec<String>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("profile", &self.profile)
            .field("config_file", &self.config_file)
            .field("access_key", &self.access_key)
            .field("secret_key", &mask_secret_key(self.secret_key.expose()))
            .field("organization_id", &self.organization_id)
            .field("project_id", &self.project_id)
            .field("region", &self.region)
            .field("api_url", &self.api_url)
            .field("insecure", &self.insecure)
            .finish_non_exhaustive()
    }
}

/// A secret key as the Scaleway tools show it: its first 8 characters, then `x`s
/// (`1c289622-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
pub fn mask_secret_key(secret_key: &str) -> String {
    let shown: String = secret_key.chars().take(8).collect();
    format!("{shown}-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
}

/// A configuration that cannot be used, with where the problem is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the scw config file {}: {cause}", path.display())]
    Unreadable { path: PathBuf, cause: String },
    #[error(
        "the scw config file {} is not valid YAML (line {line}, column {column}): {problem}",
        path.display()
    )]
    Malformed {
        path: PathBuf,
        line: u64,
        column: u64,
        problem: String,
    },
    #[error("{}", unknown_profile_message(.name, .chosen_by, .file, .known))]
    UnknownProfile {
        name: String,
        chosen_by: String,
        file: FileFound,
        known: Vec<String>,
    },
    #[error("{origin}: {problem}")]
    Invalid { origin: Origin, problem: String },
    #[error("no {what} is configured: {hint}")]
    Missing { what: &'static str, hint: String },
}

/// What became of the scw config file, for messages that send the user to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFound {
    /// This file was read.
    Read(PathBuf),
    /// `SCW_CONFIG_PATH` names this file, which does not exist.
    NamedButMissing(PathBuf),
    /// There is none in the usual places.
    None,
}

/// How messages name a config file that `SCW_CONFIG_PATH` names but that does not exist.
fn named_but_missing(path: &Path) -> String {
    format!(
        "the scw config file {} does not exist (SCW_CONFIG_PATH names it)",
        path.display()
    )
}

fn unknown_profile_message(
    name: &str,
    chosen_by: &str,
    file: &FileFound,
    known: &[String],
) -> String {
    let path = match file {
        FileFound::Read(path) => path,
        FileFound::NamedButMissing(path) => {
            return format!(
                "profile {name:?} (chosen by {chosen_by}) does not exist: {} — fix \
                 SCW_CONFIG_PATH, or create the file with `scw init`",
                named_but_missing(path)
            );
        }
        FileFound::None => {
            return format!(
                "profile {name:?} (chosen by {chosen_by}) does not exist: there is no scw \
                 config file (create one with `scw init`, or set SCW_CONFIG_PATH)"
            );
        }
    };
    let known = if known.is_empty() {
        "it has no profiles".to_owned()
    } else {
        format!("its profiles are: {}", known.join(", "))
    };
    format!(
        "profile {name:?} (chosen by {chosen_by}) is not in {}; {known}",
        path.display()
    )
}

/// One resolved value with its origin.
struct Sourced {
    value: String,
    origin: Origin,
}

/// Looks a key up in the order env > chosen profile > top level.
struct Lookup<'a> {
    env: &'a Env,
    path: Option<PathBuf>,
    profile_name: &'a str,
    profile: Option<&'a FileProfile>,
    top_level: Option<&'a FileProfile>,
}

impl Lookup<'_> {
    fn get(
        &self,
        env_names: &[&'static str],
        key: &str,
        field: impl Fn(&FileProfile) -> Option<&String>,
    ) -> Option<Sourced> {
        if let Some((name, value)) = self.env.first_of(env_names) {
            return Some(Sourced {
                value: value.to_owned(),
                origin: Origin::Env(name),
            });
        }
        let in_file = |profile: Option<&FileProfile>, prefix: String| {
            let value = field(profile?).filter(|value| !value.is_empty())?;
            Some(Sourced {
                value: value.clone(),
                origin: Origin::File {
                    path: self.path.clone().unwrap_or_default(),
                    key: format!("{prefix}{key}"),
                },
            })
        };
        in_file(self.profile, format!("profiles.{}.", self.profile_name))
            .or_else(|| in_file(self.top_level, String::new()))
    }
}

impl Settings {
    /// Reads the configuration from the process environment and the scw config file.
    pub fn load(overrides: &Overrides) -> Result<Settings, ConfigError> {
        Self::load_from(overrides, &Env::from_process())
    }

    pub fn load_from(overrides: &Overrides, env: &Env) -> Result<Settings, ConfigError> {
        let flag = |value: &String, flag| Sourced {
            value: value.clone(),
            origin: Origin::Flag(flag),
        };
        let project_flag = overrides
            .project_id
            .as_ref()
            .map(|id| check_uuid(flag(id, "--project"), "a project id"))
            .transpose()?;
        let region_flag = overrides
            .region
            .as_ref()
            .map(|region| region_of(flag(region, "--region")))
            .transpose()?;

        let path = config_path(env);
        let config = match &path {
            Some(path) => file::read(path)?,
            None => None,
        };
        let mut warnings = Vec::new();
        if let (Some(path), Some(_)) = (&path, &config) {
            warnings.extend(file::permission_warning(path));
        }
        let config_file = config.as_ref().and(path.clone());
        let file_found = match (&config_file, &path) {
            (Some(read), _) => FileFound::Read(read.clone()),
            (None, Some(named)) if env.get("SCW_CONFIG_PATH").is_some() => {
                FileFound::NamedButMissing(named.clone())
            }
            (None, _) => FileFound::None,
        };

        let (profile_name, chosen_by) = if let Some(name) = &overrides.profile {
            (name.clone(), "--profile".to_owned())
        } else if let Some(name) = env.get("SCW_PROFILE") {
            (name.to_owned(), "SCW_PROFILE".to_owned())
        } else if let Some(name) = config.as_ref().and_then(|c| c.active_profile.clone()) {
            (name, "active_profile".to_owned())
        } else {
            (DEFAULT_PROFILE.to_owned(), String::new())
        };
        let profile = if profile_name == DEFAULT_PROFILE {
            None
        } else {
            let found = config.as_ref().and_then(|c| c.profiles.get(&profile_name));
            if found.is_none() {
                return Err(ConfigError::UnknownProfile {
                    name: profile_name,
                    chosen_by,
                    file: file_found,
                    known: config
                        .map(|c| c.profiles.into_keys().collect())
                        .unwrap_or_default(),
                });
            }
            found
        };
        let lookup = Lookup {
            env,
            path: config_file.clone(),
            profile_name: &profile_name,
            profile,
            top_level: config.as_ref().map(|c| &c.top_level),
        };

        let secret_key = lookup
            .get(
                &["SCW_SECRET_KEY", "SCW_TOKEN", "SCALEWAY_TOKEN"],
                "secret_key",
                |p| p.secret_key.as_ref(),
            )
            .ok_or_else(|| ConfigError::Missing {
                what: "secret key",
                hint: missing_hint("secret_key", "SCW_SECRET_KEY", &file_found, None),
            })?;
        check_secret_key(&secret_key)?;

        let access_key = lookup.get(
            &["SCW_ACCESS_KEY", "SCALEWAY_ACCESS_KEY"],
            "access_key",
            |p| p.access_key.as_ref(),
        );
        if let Some(access_key) = &access_key {
            check_access_key(access_key)?;
        }

        let organization_id = lookup
            .get(
                &[
                    "SCW_DEFAULT_ORGANIZATION_ID",
                    "SCW_ORGANIZATION",
                    "SCALEWAY_ORGANIZATION",
                ],
                "default_organization_id",
                |p| p.default_organization_id.as_ref(),
            )
            .map(|id| check_uuid(id, "an organization id").map(|id| OrganizationId(id.value)))
            .transpose()?;

        let project = match project_flag {
            Some(id) => Some(id),
            None => lookup.get(&["SCW_DEFAULT_PROJECT_ID"], "default_project_id", |p| {
                p.default_project_id.as_ref()
            }),
        };
        let project_id = project
            .ok_or_else(|| ConfigError::Missing {
                what: "project",
                hint: missing_hint(
                    "default_project_id",
                    "SCW_DEFAULT_PROJECT_ID",
                    &file_found,
                    Some("--project"),
                ),
            })
            .and_then(|id| check_uuid(id, "a project id"))
            .map(|id| ProjectId(id.value))?;

        let region = match region_flag {
            Some(region) => region,
            None => configured_region(&lookup)?,
        };

        let api_url = lookup
            .get(&["SCW_API_URL"], "api_url", |p| p.api_url.as_ref())
            .unwrap_or(Sourced {
                value: DEFAULT_API_URL.to_owned(),
                origin: Origin::Default,
            });
        check_api_url(&api_url, overrides.allow_insecure_http)?;

        let insecure = match env.first_of(&["SCW_INSECURE"]) {
            Some((_, value)) => matches!(value, "true" | "1"),
            None => profile
                .and_then(|p| p.insecure)
                .or(config.as_ref().and_then(|c| c.top_level.insecure))
                .unwrap_or(false),
        };
        if insecure {
            warnings
                .push("TLS certificate checks are off (insecure: true or SCW_INSECURE)".to_owned());
        }

        Ok(Settings {
            profile: profile_name,
            config_file,
            access_key: access_key.map(|key| key.value),
            secret_key: Secret::new(secret_key.value),
            organization_id,
            project_id,
            region,
            api_url: api_url.value,
            insecure,
            warnings,
        })
    }
}

fn missing_hint(key: &str, variable: &str, file: &FileFound, flag: Option<&str>) -> String {
    let (missing, file) = match file {
        FileFound::Read(path) => (String::new(), format!("set {key} in {}", path.display())),
        FileFound::NamedButMissing(path) => (
            format!("{} — ", named_but_missing(path)),
            format!("create it with {key}, fix SCW_CONFIG_PATH"),
        ),
        FileFound::None => (
            String::new(),
            format!("set {key} in ~/.config/scw/config.yaml (or run `scw init`)"),
        ),
    };
    match flag {
        Some(flag) => format!("{missing}{file}, export {variable}, or pass {flag}"),
        None => format!("{missing}{file}, or export {variable}"),
    }
}

/// The configured region: env/profile/top-level `default_region`, else the region of
/// `default_zone` (`fr-par-1` → `fr-par`), else `fr-par`.
fn configured_region(lookup: &Lookup<'_>) -> Result<Region, ConfigError> {
    let from_region = lookup.get(
        &["SCW_DEFAULT_REGION", "SCW_REGION", "SCALEWAY_REGION"],
        "default_region",
        |p| p.default_region.as_ref(),
    );
    let sourced = from_region.or_else(|| {
        let zone = lookup.get(&["SCW_DEFAULT_ZONE"], "default_zone", |p| {
            p.default_zone.as_ref()
        })?;
        let region = zone
            .value
            .rsplit_once('-')
            .map_or(zone.value.as_str(), |(region, _)| region);
        Some(Sourced {
            value: region.to_owned(),
            origin: zone.origin,
        })
    });
    match sourced {
        Some(sourced) => region_of(sourced),
        None => Ok(Region::FrPar),
    }
}

/// A region's name, checked.
fn region_of(sourced: Sourced) -> Result<Region, ConfigError> {
    // The Go SDK also accepts the legacy names of the two regions.
    let value = match sourced.value.as_str() {
        "par1" => "fr-par",
        "ams1" => "nl-ams",
        other => other,
    };
    value.parse().map_err(|_| ConfigError::Invalid {
        problem: format!(
            "region {:?} has no Messaging and Queuing (it exists in fr-par and nl-ams)",
            sourced.value
        ),
        origin: sourced.origin,
    })
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

fn check_secret_key(secret_key: &Sourced) -> Result<(), ConfigError> {
    if is_uuid(&secret_key.value) {
        return Ok(());
    }
    Err(ConfigError::Invalid {
        origin: secret_key.origin.clone(),
        problem: format!(
            "the secret key is not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx; got \
             {} characters, not shown) — copy the secret key of an IAM API key, not its access \
             key",
            secret_key.value.chars().count()
        ),
    })
}

fn check_access_key(access_key: &Sourced) -> Result<(), ConfigError> {
    let value = &access_key.value;
    let well_formed = value.len() == 20
        && value.starts_with("SCW")
        && value[3..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if well_formed {
        return Ok(());
    }
    Err(ConfigError::Invalid {
        origin: access_key.origin.clone(),
        problem: "the access key is not of the form SCWXXXXXXXXXXXXXXXXX (SCW and 17 \
                  upper-case letters or digits)"
            .to_owned(),
    })
}

fn check_uuid(id: Sourced, what: &str) -> Result<Sourced, ConfigError> {
    if is_uuid(&id.value) {
        return Ok(id);
    }
    Err(ConfigError::Invalid {
        problem: format!("{:?} is not {what} (a UUID)", id.value),
        origin: id.origin,
    })
}

/// The API URL must have no trailing slash and use `https://`, except to this machine (the
/// emulator) or when the user insists.
fn check_api_url(api_url: &Sourced, allow_insecure_http: bool) -> Result<(), ConfigError> {
    let invalid = |problem: String| ConfigError::Invalid {
        origin: api_url.origin.clone(),
        problem,
    };
    let url = url::Url::parse(&api_url.value)
        .map_err(|error| invalid(format!("{:?} is not a URL ({error})", api_url.value)))?;
    if api_url.value.ends_with('/') {
        return Err(invalid(format!(
            "{:?} ends with a slash; remove it",
            api_url.value
        )));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) || allow_insecure_http => Ok(()),
        "http" => Err(invalid(format!(
            "{:?} uses plain http to a host that is not this machine, so the secret key would \
             cross the network unencrypted — use https://, or pass --allow-insecure-http if you \
             really mean it",
            api_url.value
        ))),
        other => Err(invalid(format!(
            "{:?} has scheme {other:?}; use https://",
            api_url.value
        ))),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
