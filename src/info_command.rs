//! `mnq-tui info`: the configuration the console and `list` would use, and where it came from —
//! what a person checks first when something is off. The secret key is shown only as the scw
//! tools show it (its first 8 characters).

use std::io::Write;
use std::path::Path;

use clap::Args;
use clap::builder::PossibleValuesParser;
use color_eyre::eyre::{Result, WrapErr};

use crate::api::model::Region;
use crate::command_error::CommandError;
use crate::config::{Overrides, Settings, mask_secret_key};
use crate::logging;

/// Options of `mnq-tui info`: the same choices as the console's.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The scw profile to use (default: SCW_PROFILE, then active_profile, then the top level).
    #[arg(long, short)]
    pub profile: Option<String>,
    /// The project to show (default: the profile's default_project_id).
    #[arg(long)]
    pub project: Option<String>,
    /// The region to show (default: the profile's default_region).
    #[arg(long, value_parser = PossibleValuesParser::new(Region::ALL.map(Region::as_str)))]
    pub region: Option<String>,
    /// Accept an http:// API URL to a host that is not this machine.
    #[arg(long)]
    pub allow_insecure_http: bool,
}

/// Runs `mnq-tui info`.
pub fn run(args: InfoArgs) -> Result<()> {
    let overrides = Overrides {
        profile: args.profile,
        project_id: args.project,
        region: args.region,
        allow_insecure_http: args.allow_insecure_http,
    };
    let settings = Settings::load(&overrides).map_err(CommandError::Configuration)?;
    let text = describe(&settings, logging::default_path().as_deref());
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .wrap_err("cannot write to stdout")
}

fn describe(settings: &Settings, log_file: Option<&Path>) -> String {
    let not_set = || "(not set)".to_owned();
    let lines = [
        (
            "config file",
            settings.config_file.as_ref().map_or_else(
                || "(none: SCW_* variables only)".to_owned(),
                |path| path.display().to_string(),
            ),
        ),
        ("profile", settings.profile.clone()),
        (
            "organisation",
            settings
                .organization_id
                .as_ref()
                .map_or_else(not_set, ToString::to_string),
        ),
        ("project", settings.project_id.to_string()),
        ("region", settings.region.to_string()),
        ("API URL", settings.api_url.clone()),
        (
            "access key",
            settings.access_key.clone().unwrap_or_else(not_set),
        ),
        ("secret key", mask_secret_key(settings.secret_key.expose())),
        (
            "log file",
            log_file.map_or_else(
                || "(none: neither XDG_STATE_HOME nor HOME is set)".to_owned(),
                |path| format!("{} (the console's; --log-file changes it)", path.display()),
            ),
        ),
    ];
    let mut text = String::new();
    for (label, value) in lines {
        text.push_str(&format!("{:<14}{value}\n", format!("{label}:")));
    }
    for warning in &settings.warnings {
        text.push_str(&format!("warning: {warning}\n"));
    }
    text
}
