//! `mnq-tui revoke`: for scripts (a secret-scanning alert, a rotation policy) — find credentials
//! by what leaked or by age across the scope, print them, and revoke them only when told to.
//!
//! Matches are found over the `list` command's path ([`Scope::list`]: the same plan, the same
//! listing, the same failures on stderr). A credential matches when it matches any selector:
//! `--access-key`, `--id`, `--name` (exactly; one that names several needs `--all-matching`),
//! `--creds-file` (the checksum the API shows of it), `--env-file` (its access key), and
//! `--stale-days N` (created over N days ago). Without `--product`, only the products the
//! selectors can match are listed (an access key is never NATS, a `.creds` is only NATS).
//!
//! Nothing is revoked without `--yes`, or a `y` typed on a terminal: off a terminal without
//! `--yes` it revokes nothing and exits 2. `--dry-run` never revokes. Each revoke is written to
//! the journal before it is sent and with its outcome after, as the console's are; revokes run
//! at most [`REVOKES_AT_ONCE`] at a time.
//!
//! Exit codes: 0 every match revoked (a 404 counts: it was revoked already), or `--dry-run`
//! found some; 1 a revoke failed, nothing matched, or a listing failed (the search was
//! incomplete); 2 usage, configuration, or not confirmed.
//!
//! The JSON output (README "mnq-tui revoke"): an array of `list`'s objects, each with `outcome`
//! (`revoked`, `already-revoked`, `failed`, `unknown`, `dry-run`) and `error` (why, or null).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use clap::{ArgGroup, Args, ValueEnum};
use color_eyre::eyre::Result;
use futures::{StreamExt, stream};
use serde::Serialize;

use crate::api::model::Product;
use crate::api::{ApiError, Client};
use crate::app::{Change, ChangeKind, ChangeOutcome, Leaked};
use crate::command_error::CommandError;
use crate::find::read_leak;
use crate::journal::{self, Journal, Source, product_word};
use crate::list_command::{
    DEFAULT_STALE_DAYS, ProductChoice, Projects, Scope, ScopeArgs, aligned, safe, stale_cutoff,
    write_json, write_stdout,
};
use crate::listing::Row;
use crate::ui::text::abbreviate;

/// Revokes sent at the same time.
pub const REVOKES_AT_ONCE: usize = 8;
/// The characters of a `.creds` checksum the table shows.
const CHECKSUM_SHOWN: usize = 12;

/// Options of `mnq-tui revoke`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("selector").required(true).multiple(true)))]
pub struct RevokeArgs {
    /// Credentials with this access key (Queues, Topics and Events). Repeatable.
    #[arg(long = "access-key", value_name = "KEY", group = "selector")]
    pub access_keys: Vec<String>,
    /// Credentials with this id. Repeatable.
    #[arg(long = "id", value_name = "ID", group = "selector")]
    pub ids: Vec<String>,
    /// Credentials with exactly this name. Repeatable; a name several credentials have needs
    /// --all-matching.
    #[arg(long = "name", value_name = "NAME", group = "selector")]
    pub names: Vec<String>,
    /// The NATS credentials of this .creds file (by the checksum the API shows). Repeatable.
    #[arg(long = "creds-file", value_name = "FILE", group = "selector")]
    pub creds_files: Vec<PathBuf>,
    /// The credentials of this .env file (by its AWS_ACCESS_KEY_ID). Repeatable.
    #[arg(long = "env-file", value_name = "FILE", group = "selector")]
    pub env_files: Vec<PathBuf>,
    /// Credentials created more than N days ago.
    #[arg(long, value_name = "N", group = "selector")]
    pub stale_days: Option<u32>,
    /// Revoke every credential a --name matches, however many.
    #[arg(long)]
    pub all_matching: bool,
    /// Which product's credentials (default: those the selectors can match).
    #[arg(long, value_enum)]
    pub product: Option<ProductChoice>,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Print what would be revoked, and revoke nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Revoke without asking (a script's confirmation).
    #[arg(long, short)]
    pub yes: bool,
    /// Output format (default: table when stdout is a terminal, else json).
    #[arg(long, value_enum)]
    pub output: Option<RevokeOutput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RevokeOutput {
    Table,
    Json,
}

/// What the selectors ask for, files read.
#[derive(Debug, Default)]
struct Selectors {
    access_keys: Vec<String>,
    ids: Vec<String>,
    names: Vec<String>,
    checksums: Vec<String>,
    /// Products the .env files' endpoints name (none: either).
    products: Vec<Product>,
    stale: bool,
}

impl Selectors {
    /// The selectors of the command line, the files read into keys and checksums.
    fn read(args: &RevokeArgs) -> Result<Selectors, CommandError> {
        let mut selectors = Selectors {
            access_keys: args.access_keys.clone(),
            ids: args.ids.clone(),
            names: args.names.clone(),
            stale: args.stale_days.is_some(),
            ..Selectors::default()
        };
        let usage = |file: &PathBuf, what: &str, leaked: Leaked| match leaked {
            Leaked::Creds { .. } if what == "--env-file" => Err(CommandError::Usage(format!(
                "--env-file {} is a .creds file: pass it with --creds-file",
                file.display()
            ))),
            Leaked::AccessKey { .. } if what == "--creds-file" => {
                Err(CommandError::Usage(format!(
                    "--creds-file {} is not a .creds file (no NATS user JWT): a .env goes with \
                     --env-file",
                    file.display()
                )))
            }
            leaked => Ok(leaked),
        };
        for (what, files) in [
            ("--creds-file", &args.creds_files),
            ("--env-file", &args.env_files),
        ] {
            for file in files {
                let leaked = read_leak(file).map_err(CommandError::Usage)?;
                match usage(file, what, leaked)? {
                    Leaked::Creds { checksum, .. } => selectors.checksums.push(checksum),
                    Leaked::AccessKey { key, product } => {
                        selectors.access_keys.push(key);
                        selectors.products.extend(product);
                    }
                }
            }
        }
        Ok(selectors)
    }

    /// The products the selectors can match.
    fn products(&self) -> Vec<Product> {
        if self.stale || !self.ids.is_empty() || !self.names.is_empty() {
            return Product::ALL.to_vec();
        }
        let mut products = Vec::new();
        if !self.checksums.is_empty() {
            products.push(Product::Nats);
        }
        if !self.access_keys.is_empty() {
            // A key from a .env that names its product is that product's; any other key is
            // either's.
            let from_env_only = self.access_keys.len() == self.products.len();
            if from_env_only {
                products.extend(self.products.iter().copied());
            } else {
                products.extend([Product::Queues, Product::TopicsAndEvents]);
            }
        }
        products.sort_by_key(|product| Product::ALL.iter().position(|p| p == product));
        products.dedup();
        products
    }

    fn matches(&self, row: &Row) -> bool {
        let is = |values: &[String], value: Option<&str>| {
            value.is_some_and(|value| values.iter().any(|wanted| wanted == value))
        };
        (self.stale && row.stale)
            || is(&self.access_keys, row.access_key.as_deref())
            || is(&self.checksums, row.checksum.as_deref())
            || is(&self.ids, Some(row.id.as_str()))
            || is(&self.names, Some(&row.name))
    }
}

/// A match and what became of it, as the JSON prints it: `list`'s object, then the outcome.
#[derive(Debug, Serialize)]
struct Outcome<'a> {
    #[serde(flatten)]
    row: &'a Row,
    outcome: &'static str,
    error: Option<String>,
}

/// Runs `mnq-tui revoke`.
pub async fn run(args: RevokeArgs) -> Result<()> {
    let selectors = Selectors::read(&args)?;
    let products = match args.product {
        Some(choice) => choice.products(),
        None => selectors.products(),
    };
    let scope = Scope::open(&args.scope).await?;
    let stale_days = args.stale_days.unwrap_or(DEFAULT_STALE_DAYS);
    let listed = scope.list(&products, stale_cutoff(stale_days)).await;
    let matches: Vec<&Row> = listed
        .rows
        .iter()
        .filter(|row| selectors.matches(row))
        .collect();

    if !args.all_matching {
        for name in &selectors.names {
            let named = matches.iter().filter(|row| row.name == *name).count();
            if named > 1 {
                eprint!("{}", table(&matches, &scope.projects, |_| None));
                return Err(CommandError::Usage(format!(
                    "--name {name:?} matches {named} credentials: add --all-matching to revoke \
                     them all, or choose with --id"
                ))
                .into());
            }
        }
    }
    if matches.is_empty() {
        listed.complete()?;
        return Err(CommandError::NothingMatched(format!(
            "nothing matched in {} ({}); nothing was revoked{}",
            products
                .iter()
                .map(|product| product.label())
                .collect::<Vec<_>>()
                .join(", "),
            where_looked(&scope),
            if scope.regions.len() < 2 || !scope.all_projects {
                " — --region all --project all looks everywhere"
            } else {
                ""
            }
        ))
        .into());
    }

    let format = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        RevokeOutput::Table
    } else {
        RevokeOutput::Json
    });
    if args.dry_run {
        print(format, &matches, &scope.projects, |_| {
            Some(("dry-run", None))
        })?;
        listed.complete()?;
        return Ok(());
    }
    if !args.yes {
        confirm(&matches, &scope.projects, format)?;
    }

    let mut journal = Journal::new(
        journal::default_path(),
        Source::Cli,
        &scope.settings.profile,
        &scope.settings.api_url,
    );
    let outcomes = revoke_all(&scope.client, &mut journal, &matches).await;
    let failed = outcomes
        .iter()
        .filter(|outcome| !matches!(outcome, ChangeOutcome::Done { .. }))
        .count();
    print(format, &matches, &scope.projects, |index| {
        Some(outcome_words(&outcomes[index]))
    })?;
    if failed > 0 {
        return Err(CommandError::RevokesFailed {
            failed,
            total: matches.len(),
        }
        .into());
    }
    listed.complete()?;
    Ok(())
}

/// "fr-par, nl-ams of every project" and the like.
fn where_looked(scope: &Scope) -> String {
    let regions: Vec<String> = scope.regions.iter().map(ToString::to_string).collect();
    let projects = if scope.all_projects {
        format!("{} projects", scope.projects.ids.len())
    } else {
        format!("project {}", scope.settings.project_id)
    };
    format!("{} of {projects}", regions.join(" and "))
}

/// Asks on the terminal; off a terminal, refuses.
fn confirm(
    matches: &[&Row],
    projects: &Projects,
    format: RevokeOutput,
) -> Result<(), CommandError> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(CommandError::Refused(format!(
            "{} matched; nothing was revoked: not on a terminal, and no --yes (pass --yes to \
             revoke from a script, --dry-run to only look)",
            count(matches.len())
        )));
    }
    // The person sees what they confirm: on stdout for a table, else on the terminal's stderr.
    match format {
        RevokeOutput::Table => print!("{}", table(matches, projects, |_| None)),
        RevokeOutput::Json => eprint!("{}", table(matches, projects, |_| None)),
    }
    let these = match matches.len() {
        1 => "this credential".to_owned(),
        many => format!("these {many} credentials"),
    };
    eprint!("Revoke {these}? This cannot be undone. [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(CommandError::Refused(
            "not confirmed: nothing was revoked".to_owned(),
        ))
    }
}

fn count(matches: usize) -> String {
    if matches == 1 {
        "1 credential".to_owned()
    } else {
        format!("{matches} credentials")
    }
}

/// Revokes every match, at most [`REVOKES_AT_ONCE`] at a time, each written to the journal
/// before it is sent and with its outcome after; outcomes in the order of `matches`.
async fn revoke_all(
    client: &Client,
    journal: &mut Journal,
    matches: &[&Row],
) -> Vec<ChangeOutcome> {
    let journal = Mutex::new(journal);
    let warned = std::sync::atomic::AtomicBool::new(false);
    let write = |written: Result<(), String>| {
        if let Err(why) = written
            && !warned.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            eprintln!(
                "warning: the journal cannot be written ({why}): the revokes go on, unrecorded"
            );
        }
    };
    let journal = &journal;
    let write = &write;
    // By index: a closure taking a `&Row` would not be `Send` for every lifetime.
    let mut outcomes: Vec<(usize, ChangeOutcome)> = stream::iter(0..matches.len())
        .map(|index| async move {
            let row = matches[index];
            let change = change_of(row);
            let (change_id, written) = lock(journal).asked(&change);
            write(written);
            let outcome = match revoke(client, row).await {
                Ok(()) => ChangeOutcome::Done { note: None },
                Err(error) if error.is_not_found() => ChangeOutcome::Done {
                    note: Some("already revoked".to_owned()),
                },
                Err(error @ ApiError::OutcomeUnknown { .. }) => {
                    ChangeOutcome::Unknown(error.to_string())
                }
                Err(error) => ChangeOutcome::Failed(error.to_string()),
            };
            write(lock(journal).outcome(&change_id, &change, &outcome));
            (index, outcome)
        })
        .buffer_unordered(REVOKES_AT_ONCE)
        .collect()
        .await;
    outcomes.sort_unstable_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn lock<'a, 'b>(journal: &'a Mutex<&'b mut Journal>) -> std::sync::MutexGuard<'a, &'b mut Journal> {
    journal
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn revoke(client: &Client, row: &Row) -> Result<(), ApiError> {
    match row.product.service() {
        Some(service) => {
            client
                .delete_credentials(service, row.region, &row.id)
                .await
        }
        None => client.delete_nats_credentials(row.region, &row.id).await,
    }
}

/// A match's revoke, as the journal records it.
fn change_of(row: &Row) -> Change {
    Change {
        kind: ChangeKind::Revoke,
        product: row.product,
        region: row.region,
        project_id: row.project_id.clone(),
        id: Some(row.id.to_string()),
        name: row.name.clone(),
        key: row.access_key.clone().or_else(|| row.checksum.clone()),
    }
}

/// The outcome's word in the output, and why when it is not done.
fn outcome_words(outcome: &ChangeOutcome) -> (&'static str, Option<String>) {
    match outcome {
        ChangeOutcome::Done { note: None } => ("revoked", None),
        ChangeOutcome::Done { note: Some(_) } => ("already-revoked", None),
        ChangeOutcome::Failed(why) => ("failed", Some(why.clone())),
        ChangeOutcome::Unknown(why) => ("unknown", Some(why.clone())),
        ChangeOutcome::Asked => ("unknown", None),
    }
}

/// The matches with their outcomes (`outcome` of each index), as a table or JSON, on stdout.
fn print(
    format: RevokeOutput,
    matches: &[&Row],
    projects: &Projects,
    outcome: impl Fn(usize) -> Option<(&'static str, Option<String>)>,
) -> Result<()> {
    match format {
        RevokeOutput::Table => {
            let text = table(matches, projects, &outcome);
            write_stdout(|out| out.write_all(text.as_bytes()))
        }
        RevokeOutput::Json => {
            let outcomes: Vec<Outcome> = matches
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    let (word, error) = outcome(index).unwrap_or(("dry-run", None));
                    Outcome {
                        row,
                        outcome: word,
                        error,
                    }
                })
                .collect();
            write_stdout(|out| write_json(&outcomes, out))
        }
    }
}

/// The matches in columns for a person, with an OUTCOME column when they have outcomes:
/// projects by name when the organisation's are known (else their id's first 8 characters),
/// a `.creds` checksum's first 12 characters — the JSON carries every value whole.
fn table(
    matches: &[&Row],
    projects: &Projects,
    outcome: impl Fn(usize) -> Option<(&'static str, Option<String>)>,
) -> String {
    let header = ["PRODUCT", "REGION", "PROJECT", "NAME", "KEY"];
    let cells: Vec<[String; 5]> = matches
        .iter()
        .map(|row| {
            let key = match (&row.access_key, &row.checksum) {
                (Some(access_key), _) => access_key.clone(),
                (None, Some(checksum)) => abbreviate(checksum, CHECKSUM_SHOWN, 0),
                (None, None) => String::new(),
            };
            let project = match projects.names.get(&row.project_id) {
                Some(name) => name.clone(),
                // As `list` shows a project without a name.
                None => row.project_id.as_str().chars().take(8).collect(),
            };
            [
                product_word(row.product).to_owned(),
                row.region.to_string(),
                safe(&project),
                safe(&row.name),
                safe(&key),
            ]
        })
        .collect();
    let outcomes: Option<Vec<String>> = (0..matches.len())
        .map(|index| {
            outcome(index).map(|(word, why)| match why {
                Some(why) => safe(&format!("{word}: {why}")),
                None => word.to_owned(),
            })
        })
        .collect();
    let mut text = match outcomes {
        Some(outcomes) if !outcomes.is_empty() => {
            let [product, region, project, name, key] = header;
            let cells: Vec<[String; 6]> = cells
                .into_iter()
                .zip(outcomes)
                .map(|([product, region, project, name, key], outcome)| {
                    [product, region, project, name, key, outcome]
                })
                .collect();
            aligned(&[product, region, project, name, key, "OUTCOME"], &cells)
        }
        _ => aligned(&header, &cells),
    };
    text.push_str(&format!("{}\n", count(matches.len())));
    text
}
