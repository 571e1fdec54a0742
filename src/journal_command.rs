//! `mnq-tui journal`: the changes made through mnq-tui (console and `revoke`), oldest first,
//! each with its last outcome — a table for a person, or JSON (the journal's own lines, one per
//! change) for a script. `--since` keeps the changes asked from then on.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use color_eyre::eyre::{Result, eyre};

use crate::api::model::Timestamp;
use crate::command_error::CommandError;
use crate::journal::{self, Line};
use crate::list_command::{aligned, safe, write_json, write_stdout};
use crate::ui::text::abbreviate;

/// Options of `mnq-tui journal`.
#[derive(Debug, Args)]
pub struct JournalArgs {
    /// Only changes asked since then: an instant (2026-11-29T10:00:00Z), a day (2026-11-29,
    /// from its start in UTC), or a time ago (2h, 3d, 1 week).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Output format (default: table when stdout is a terminal, else json).
    #[arg(long, value_enum)]
    pub output: Option<JournalOutput>,
    /// The journal to read (default: $XDG_STATE_HOME/mnq-tui/journal.jsonl).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JournalOutput {
    Table,
    Json,
}

/// Runs `mnq-tui journal`.
pub fn run(args: JournalArgs) -> Result<()> {
    let since = args.since.as_deref().map(since).transpose()?;
    let path = match args.file.or_else(journal::default_path) {
        Some(path) => path,
        None => {
            return Err(CommandError::Usage(
                "neither XDG_STATE_HOME nor HOME is set: there is no journal (name one with \
                 --file)"
                    .to_owned(),
            )
            .into());
        }
    };
    // A journal that cannot be read is a failure while running (exit 1), not a usage error.
    let (mut lines, skipped) =
        journal::read_lines(&path).map_err(|why| eyre!("cannot read the journal: {why}"))?;
    if let Some(since) = since {
        lines.retain(|line| line.time >= since);
    }
    if skipped > 0 {
        eprintln!(
            "warning: {skipped} lines of {} are not changes of this mnq-tui: skipped",
            path.display()
        );
    }
    let format = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        JournalOutput::Table
    } else {
        JournalOutput::Json
    });
    match format {
        JournalOutput::Json => write_stdout(|out| write_json(&lines, out)),
        JournalOutput::Table => {
            let text = table(&lines, &path);
            write_stdout(|out| out.write_all(text.as_bytes()))
        }
    }
}

/// The instant `--since` names.
fn since(text: &str) -> Result<Timestamp, CommandError> {
    let text = text.trim();
    if let Ok(at) = text.parse::<jiff::Timestamp>() {
        return Ok(Timestamp(at));
    }
    let utc = jiff::tz::TimeZone::UTC;
    if let Ok(day) = text.parse::<jiff::civil::Date>()
        && let Ok(start) = day.to_zoned(utc.clone())
    {
        return Ok(Timestamp(start.timestamp()));
    }
    if let Ok(ago) = text.parse::<jiff::Span>()
        && let Ok(then) = jiff::Zoned::now()
            .with_time_zone(utc)
            .checked_sub(ago.abs())
    {
        return Ok(Timestamp(then.timestamp()));
    }
    Err(CommandError::Usage(format!(
        "--since {text:?} is not an instant (2026-11-29T10:00:00Z), a day (2026-11-29) or a \
         time ago (2h, 3d)"
    )))
}

fn table(lines: &[Line], path: &std::path::Path) -> String {
    if lines.is_empty() {
        return format!("No change recorded in {}.\n", path.display());
    }
    let header = [
        "ASKED (UTC)",
        "SOURCE",
        "PROFILE",
        "CHANGE",
        "PRODUCT",
        "REGION",
        "PROJECT",
        "NAME",
        "KEY",
        "OUTCOME",
    ];
    let cells: Vec<[String; 10]> = lines
        .iter()
        .map(|line| {
            // An update says what it changed.
            let change = line.change().map_or_else(
                || line.change.clone(),
                |change| crate::ui::words::change(&change.kind),
            );
            let outcome = match &line.detail {
                Some(detail) => format!("{}: {detail}", line.outcome),
                None => line.outcome.clone(),
            };
            [
                line.time.0.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                line.source.clone(),
                safe(&line.profile),
                safe(&change),
                line.product.clone(),
                line.region.to_string(),
                // Short, as `list` and `revoke` show them: the JSON has them whole.
                line.project_id.as_str().chars().take(8).collect(),
                safe(&line.name),
                safe(&match (line.product.as_str(), line.key.as_deref()) {
                    ("nats", Some(checksum)) => abbreviate(checksum, 12, 0),
                    (_, key) => key.unwrap_or_default().to_owned(),
                }),
                safe(&outcome),
            ]
        })
        .collect();
    let mut text = aligned(&header, &cells);
    text.push_str(&format!("{} changes in {}\n", lines.len(), path.display()));
    text
}
