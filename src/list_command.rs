//! `mnq-tui list`: the credentials of chosen products, regions and projects, for scripts and
//! audits, as a table, JSON or CSV.
//!
//! Each product × region × project is one listing ("part"), listed over the path `revoke` and
//! the console's `f` share (`crate::listing`: concurrently, each reading its pages as they
//! arrive). A part that fails is named on stderr and the others are still printed; the exit
//! code then says the list is incomplete. No secret is ever printed: list answers carry none,
//! and the rows are built field by field.
//!
//! The JSON schema (stable; README "mnq-tui list"): an array of objects with every key always
//! present: `product` (`nats`, `queues`, `topics`), `region`, `project_id`, `nats_account_id`
//! and `nats_account_name` (NATS, else null), `id`, `name`, `access_key` (Queues and Topics,
//! else null), `checksum` (NATS, else null), `permissions` (`{write, read, manage}`, null for
//! NATS), `created_at`, `updated_at` (RFC 3339 or null) and `stale` (bool).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Args, ValueEnum};
use color_eyre::eyre::{Result, WrapErr};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::api::model::{Permissions, Product, ProjectId, Region, Timestamp};
use crate::api::{Client, ClientConfig};
use crate::command_error::CommandError;
use crate::config::{Overrides, RegionChoice, Settings};
use crate::journal::product_word;
use crate::listing::{Row, RowPermissions, Watch, list_parts, plan};
use crate::ui::text::{fit, thousands};

/// The age that marks credentials stale when `--stale-days` is not given: the console's.
pub use crate::app::DEFAULT_STALE_DAYS;
/// A listing that takes longer than this shows its progress on stderr (when it is a terminal).
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Options of `mnq-tui list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which product's credentials.
    #[arg(long, value_enum, default_value_t = ProductChoice::All)]
    pub product: ProductChoice,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Only credentials created more than this many days ago (they are also what `stale` marks;
    /// without this option, `stale` means older than the config's stale_days, else 90 days);
    /// 0 marks none stale, as in the console.
    #[arg(long, value_name = "N")]
    pub stale_days: Option<u32>,
    /// Output format (default: table when stdout is a terminal, else json).
    #[arg(long, value_enum)]
    pub output: Option<OutputFormat>,
}

/// Where a script command (`list`, `revoke`) looks, and with which configuration.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Which region (default: the profile's default_region).
    #[arg(long, value_enum)]
    pub region: Option<RegionChoice>,
    /// A project id, or `all` for every project of the organisation (default: the profile's
    /// default_project_id).
    #[arg(long)]
    pub project: Option<String>,
    /// The scw profile to use (default: SCW_PROFILE, then active_profile, then the top level).
    #[arg(long, short)]
    pub profile: Option<String>,
    /// Accept an http:// API URL to a host that is not this machine.
    #[arg(long)]
    pub allow_insecure_http: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProductChoice {
    Nats,
    Queues,
    Topics,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

impl ProductChoice {
    pub fn products(self) -> Vec<Product> {
        match self {
            ProductChoice::Nats => vec![Product::Nats],
            ProductChoice::Queues => vec![Product::Queues],
            ProductChoice::Topics => vec![Product::TopicsAndEvents],
            ProductChoice::All => Product::ALL.to_vec(),
        }
    }
}

/// Runs `mnq-tui list`.
pub async fn run(args: ListArgs) -> Result<()> {
    // The user's `stale_days` setting, when the command line does not say: read before any
    // request, so that a broken config file is a configuration error with nothing listed.
    let configured = match crate::user_config::default_path() {
        Some(path) => {
            crate::user_config::load(&path)
                .map_err(CommandError::UserConfiguration)?
                .stale_days
        }
        None => None,
    };
    let scope = Scope::open(&args.scope).await?;
    let stale_days = args.stale_days.or(configured).unwrap_or(DEFAULT_STALE_DAYS);
    let mut listed = scope
        .list(&args.product.products(), stale_cutoff(stale_days))
        .await;
    if args.stale_days.is_some() {
        listed.rows.retain(|row| row.stale);
    }

    let format = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Json
    });
    let asked = Asked {
        regions: &scope.regions,
        projects: &scope.projects,
        filtered_stale: args.stale_days.is_some(),
    };
    let rows = &listed.rows;
    write_stdout(|out| match format {
        OutputFormat::Table => out.write_all(table(rows, &asked, terminal_width()).as_bytes()),
        OutputFormat::Json => write_json(rows, out),
        OutputFormat::Csv => out.write_all(csv(rows).as_bytes()),
    })?;
    listed.complete()?;
    Ok(())
}

/// The instant before which credentials are stale: the start of the day `days` days ago, as
/// the console counts; `None` (none stale) for 0.
pub fn stale_cutoff(days: u32) -> Option<Timestamp> {
    crate::app::stale_cutoff(jiff::Zoned::now().date(), days)
}

/// Where a script command looks: its configuration and client, the regions and projects.
pub struct Scope {
    pub settings: Settings,
    pub client: Client,
    pub regions: Vec<Region>,
    pub projects: Projects,
    /// Every project of the organisation was asked for.
    pub all_projects: bool,
    /// Listings that failed so far: the organisation's projects (0 or 1).
    failed: usize,
}

/// What a listing found, and how many of its listings failed (each named on stderr).
pub struct Listed {
    pub rows: Vec<Row>,
    pub failed: usize,
    /// Every listing asked for, the project list included.
    pub parts: usize,
}

impl Listed {
    /// `Err` when some listing failed: what was printed is incomplete.
    pub fn complete(&self) -> Result<(), CommandError> {
        if self.failed > 0 {
            return Err(CommandError::Incomplete {
                failed: self.failed,
                parts: self.parts,
            });
        }
        Ok(())
    }
}

impl Scope {
    /// The configuration, as the console reads it, with the options of the command line; the
    /// organisation's projects for `--project all`.
    pub async fn open(args: &ScopeArgs) -> Result<Scope> {
        let all_projects = args.project.as_deref() == Some("all");
        let settings = settings(args, all_projects)?;
        let mut config = ClientConfig::new(settings.api_url.clone(), settings.secret_key.clone());
        config.accept_invalid_certs = settings.insecure;
        let client = Client::new(config)?;
        let regions = match args.region {
            Some(RegionChoice::All) => Region::ALL.to_vec(),
            _ => vec![settings.region],
        };
        let (projects, failed) = if all_projects {
            organisation_projects(&client, &settings).await
        } else {
            (Projects::one(settings.project_id.clone()), 0)
        };
        Ok(Scope {
            settings,
            client,
            regions,
            projects,
            all_projects,
            failed,
        })
    }

    /// Every credential of `products` in the scope, with a progress line on a terminal's
    /// stderr; each listing that fails is named there.
    pub async fn list(&self, products: &[Product], stale_before: Option<Timestamp>) -> Listed {
        let parts = plan(products, &self.regions, &self.projects.ids);
        let progress = Progress::start(parts.len());
        let outcomes = list_parts(&self.client, &parts, stale_before, &progress).await;
        progress.finish();
        let mut failed = self.failed;
        // Sized once: growing a vector of 60,000 rows copies it again and again.
        let listed = outcomes
            .iter()
            .map(|outcome| outcome.as_ref().map_or(0, Vec::len))
            .sum();
        let mut rows = Vec::with_capacity(listed);
        for (part, outcome) in parts.iter().zip(outcomes) {
            match outcome {
                Ok(part_rows) => rows.extend(part_rows),
                Err(error) => {
                    failed += 1;
                    eprintln!(
                        "error: {} in {}, project {}: {error}",
                        part.product.label(),
                        part.region,
                        part.project_id
                    );
                }
            }
        }
        Listed {
            rows,
            failed,
            // The project list counts as one listing.
            parts: parts.len() + usize::from(self.all_projects),
        }
    }
}

/// The configuration, as the console reads it, with the options of the command line.
/// `--project all` needs the organisation.
fn settings(args: &ScopeArgs, all_projects: bool) -> Result<Settings, CommandError> {
    let overrides = Overrides {
        profile: args.profile.clone(),
        project_id: args.project.clone().filter(|_| !all_projects),
        region: args
            .region
            .and_then(RegionChoice::region)
            .map(|region| region.to_string()),
        allow_insecure_http: args.allow_insecure_http,
    };
    let settings = Settings::load(&overrides).map_err(CommandError::Configuration)?;
    if all_projects && settings.organization_id.is_none() {
        return Err(CommandError::Usage(
            "--project all lists the organisation's projects, and no organisation is \
             configured: set default_organization_id in your scw config, or export \
             SCW_DEFAULT_ORGANIZATION_ID"
                .to_owned(),
        ));
    }
    Ok(settings)
}

/// The projects listed, with their names when the Account API gave them.
pub struct Projects {
    pub ids: Vec<ProjectId>,
    pub names: HashMap<ProjectId, String>,
}

impl Projects {
    /// One project, known by its id only.
    fn one(id: ProjectId) -> Projects {
        Projects {
            ids: vec![id],
            names: HashMap::new(),
        }
    }
}

/// The organisation's projects, and how many listings failed (0 or 1). When they cannot be
/// listed (a key scoped to one project gets 403), the configured project, said on stderr.
async fn organisation_projects(client: &Client, settings: &Settings) -> (Projects, usize) {
    let Some(organization_id) = &settings.organization_id else {
        return (Projects::one(settings.project_id.clone()), 0);
    };
    match client.list_projects(organization_id).await {
        Ok(projects) => (
            Projects {
                ids: projects.iter().map(|project| project.id.clone()).collect(),
                names: projects
                    .into_iter()
                    .map(|project| (project.id, project.name))
                    .collect(),
            },
            0,
        ),
        Err(error) => {
            let why = if error.is_permissions_denied() {
                "this API key may not list them (403 permissions_denied): it is probably scoped \
                 to some projects"
                    .to_owned()
            } else {
                error.to_string()
            };
            eprintln!(
                "error: cannot list the projects of organisation {organization_id}: {why} — \
                 listing only the configured project {}; pass --project ID for another",
                settings.project_id
            );
            (Projects::one(settings.project_id.clone()), 1)
        }
    }
}

/// Writes through a buffer straight to stdout: a long JSON list is never held whole in memory.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        // A reader that stopped early (`| head`) has what it wanted.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written.wrap_err("cannot write the list to stdout"),
    }
}

/// "listing: 3 of 18 done, 4,200 credentials" on stderr, only when stderr is a terminal and the
/// listing has taken longer than [`PROGRESS_AFTER`].
struct Progress {
    counts: Arc<ProgressCounts>,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

#[derive(Default)]
struct ProgressCounts {
    parts: usize,
    done: AtomicUsize,
    rows: AtomicUsize,
    shown: std::sync::atomic::AtomicBool,
}

impl Watch for Progress {
    fn read(&self, rows: usize) {
        self.counts.rows.fetch_add(rows, Ordering::Relaxed);
    }

    fn part_done(&self) {
        self.counts.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Progress {
    fn start(parts: usize) -> Progress {
        let counts = Arc::new(ProgressCounts {
            parts,
            ..ProgressCounts::default()
        });
        let ticker = std::io::stderr().is_terminal().then(|| {
            let counts = Arc::clone(&counts);
            tokio::spawn(async move {
                tokio::time::sleep(PROGRESS_AFTER).await;
                let mut every = tokio::time::interval(Duration::from_millis(200));
                loop {
                    every.tick().await;
                    counts.shown.store(true, Ordering::Relaxed);
                    eprint!(
                        "\r\x1b[2Klisting: {} of {} done, {} credentials",
                        counts.done.load(Ordering::Relaxed),
                        counts.parts,
                        thousands(counts.rows.load(Ordering::Relaxed) as u64)
                    );
                }
            })
        });
        Progress { counts, ticker }
    }

    /// Stops the line and erases it, so that errors and the table start on a clean line.
    fn finish(self) {
        if let Some(ticker) = self.ticker {
            ticker.abort();
            if self.counts.shown.load(Ordering::Relaxed) {
                eprint!("\r\x1b[2K");
            }
        }
    }
}

/// One object per line inside one array: valid JSON that also diffs and greps well.
pub fn write_json<T: Serialize>(rows: &[T], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, row) in rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, row)?;
    }
    out.write_all(if rows.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// The CSV columns: the JSON keys, with `permissions` spread over three.
const CSV_HEADER: [&str; 15] = [
    "product",
    "region",
    "project_id",
    "nats_account_id",
    "nats_account_name",
    "id",
    "name",
    "access_key",
    "checksum",
    "write",
    "read",
    "manage",
    "created_at",
    "updated_at",
    "stale",
];

/// RFC 4180: a header line, CRLF line ends, and fields holding a comma, a quote or a line
/// break quoted with their quotes doubled. Absent values are empty fields.
fn csv(rows: &[Row]) -> String {
    let mut text = CSV_HEADER.join(",");
    text.push_str("\r\n");
    for row in rows {
        let text_of = |value: Option<String>| value.unwrap_or_default();
        let permission = |granted: fn(&RowPermissions) -> bool| {
            text_of(row.permissions.as_ref().map(|p| granted(p).to_string()))
        };
        let fields = [
            product_word(row.product).to_owned(),
            row.region.to_string(),
            row.project_id.to_string(),
            text_of(row.nats_account_id.as_ref().map(ToString::to_string)),
            text_of(row.nats_account_name.clone()),
            row.id.to_string(),
            row.name.clone(),
            text_of(row.access_key.clone()),
            text_of(row.checksum.clone()),
            permission(|p| p.write),
            permission(|p| p.read),
            permission(|p| p.manage),
            text_of(row.created_at.map(|at| at.to_string())),
            text_of(row.updated_at.map(|at| at.to_string())),
            row.stale.to_string(),
        ];
        let quoted: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        text.push_str(&quoted.join(","));
        text.push_str("\r\n");
    }
    text
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// What was asked for, which the table shows as columns where it is more than one thing, and
/// under the rows otherwise.
struct Asked<'a> {
    regions: &'a [Region],
    projects: &'a Projects,
    /// `--stale-days`: every row printed is stale, so the table has no STALE column.
    filtered_stale: bool,
}

/// The width of the terminal stdout is, if it is one: a table for a person fits it.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
        .filter(|&columns| columns > 0)
}

/// One column of the table: its title, its cells, and how wide it is drawn.
struct Column {
    title: &'static str,
    cells: Vec<String>,
    /// The width of its widest cell (or title).
    natural: usize,
    width: usize,
}

impl Column {
    fn new(title: &'static str, cells: Vec<String>) -> Column {
        let width = cells
            .iter()
            .map(|cell| cell.width())
            .fold(title.width(), usize::max);
        Column {
            title,
            cells,
            natural: width,
            width,
        }
    }

    /// Narrows the column by up to `excess`, down to `least` at most (never below its title).
    fn narrow(&mut self, excess: usize, least: usize) {
        let least = least.max(self.title.width());
        self.width = self.width.saturating_sub(excess).max(least.min(self.width));
    }
}

const NAME: &str = "NAME";
const PROJECT: &str = "PROJECT";
const KEY: &str = "ACCESS KEY / ACCOUNT";
const PERMISSIONS: &str = "PERMISSIONS";
/// The permissions as letters, when words do not fit.
const PERMISSION_LETTERS: &str = "PERM";
/// An access key's length: the column holding them is never cut below it.
const ACCESS_KEY_WIDTH: usize = 20;
/// Between two columns.
const GAP: usize = 2;

/// Aligned columns for a person. Control characters in names (which the API refuses, but a
/// proxy or another server might send) are shown as `?` ([`safe`]).
///
/// With a `width` (stdout is a terminal), the table fits it: region and project are columns
/// only when several were asked for (projects by name when the Account API gave them, else
/// their id's first 8 characters); then names are cut (`…`), first credentials', then
/// projects' and NATS accounts', and if that is not enough the permissions become letters.
/// Access keys are never cut; JSON and CSV carry every value whole.
fn table(rows: &[Row], asked: &Asked<'_>, width: Option<usize>) -> String {
    let cells = |cell: &dyn Fn(&Row) -> String| rows.iter().map(cell).collect::<Vec<_>>();
    let mut columns = vec![Column::new(
        "PRODUCT",
        cells(&|row| product_word(row.product).to_owned()),
    )];
    if asked.regions.len() > 1 {
        columns.push(Column::new("REGION", cells(&|row| row.region.to_string())));
    }
    if asked.projects.ids.len() > 1 {
        columns.push(Column::new(
            PROJECT,
            cells(&|row| match asked.projects.names.get(&row.project_id) {
                Some(name) => safe(name),
                None => row.project_id.to_string().chars().take(8).collect(),
            }),
        ));
    }
    columns.push(Column::new(NAME, cells(&|row| safe(&row.name))));
    columns.push(Column::new(
        KEY,
        cells(&|row| match (
            &row.access_key,
            &row.nats_account_name,
            &row.nats_account_id,
        ) {
            (Some(access_key), _, _) => access_key.clone(),
            (None, Some(name), _) => safe(name),
            (None, None, Some(id)) => id.to_string(),
            (None, None, None) => String::new(),
        }),
    ));
    columns.push(Column::new(
        PERMISSIONS,
        cells(&|row| match row.permissions {
            None => "all (NATS)".to_owned(),
            Some(p) => {
                let granted = Permissions::new(p.write, p.read, p.manage).labels();
                if granted.is_empty() {
                    "none".to_owned()
                } else {
                    granted.join(" ")
                }
            }
        }),
    ));
    columns.push(Column::new(
        "CREATED",
        cells(&|row| {
            row.created_at
                .map_or_else(|| "-".to_owned(), |at| at.date().to_string())
        }),
    ));
    if !asked.filtered_stale {
        columns.push(Column::new(
            "STALE",
            cells(&|row| if row.stale { "stale" } else { "" }.to_owned()),
        ));
    }
    let letters = width.is_some_and(|width| fit_to(&mut columns, width, rows));

    let mut text = String::new();
    let mut cut = false;
    let mut line = |cells: &mut dyn Iterator<Item = (&str, usize)>| {
        let mut out = String::new();
        for (cell, width) in cells {
            let shown = fit(cell, width);
            cut |= matches!(shown, Cow::Owned(_));
            out.push_str(&shown);
            out.push_str(&" ".repeat(width - shown.width() + GAP));
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(&mut columns.iter().map(|column| (column.title, column.width)));
    for index in 0..rows.len() {
        line(
            &mut columns
                .iter()
                .map(|column| (column.cells[index].as_str(), column.width)),
        );
    }

    text.push_str(&thousands(rows.len() as u64));
    text.push_str(" credentials");
    if let [region] = asked.regions {
        text.push_str(&format!(" in {region}"));
    }
    if let [project] = asked.projects.ids.as_slice() {
        text.push_str(&format!(", project {project}"));
    }
    text.push('\n');
    if letters {
        text.push_str("PERM: W write, R read, M manage\n");
    }
    if cut {
        text.push_str(&format!(
            "names cut (…) to fit {} columns: --output json or csv gives every value whole\n",
            width.unwrap_or_default()
        ));
    }
    text
}

/// Narrows `columns` until the table fits `width`, in the order of [`table`]; returns whether
/// the permissions became letters.
fn fit_to(columns: &mut [Column], width: usize, rows: &[Row]) -> bool {
    let total = |columns: &[Column]| {
        columns.iter().map(|column| column.width).sum::<usize>()
            + GAP * columns.len().saturating_sub(1)
    };
    let narrow = |columns: &mut [Column], title: &str, least: usize| {
        let excess = total(columns).saturating_sub(width);
        if let Some(column) = columns.iter_mut().find(|column| column.title == title) {
            column.narrow(excess, least);
        }
    };
    let cut_names = |columns: &mut [Column]| {
        narrow(columns, NAME, 24);
        narrow(columns, PROJECT, 8);
        narrow(columns, KEY, ACCESS_KEY_WIDTH);
    };
    cut_names(columns);
    if total(columns) <= width {
        return false;
    }
    // Letters give the names back the room they were cut for.
    for column in columns.iter_mut() {
        if column.title == PERMISSIONS {
            *column = Column::new(
                PERMISSION_LETTERS,
                rows.iter()
                    .map(|row| match row.permissions {
                        None => "all".to_owned(),
                        Some(p) => [(p.write, 'W'), (p.read, 'R'), (p.manage, 'M')]
                            .into_iter()
                            .map(|(granted, letter)| if granted { letter } else { '-' })
                            .collect(),
                    })
                    .collect(),
            );
        } else {
            column.width = column.natural;
        }
    }
    cut_names(columns);
    narrow(columns, NAME, 12);
    true
}

/// Text with control characters shown as `?`, so that no name can move the cursor.
pub fn safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Lines of cells in columns two spaces apart, under a header.
pub fn aligned<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|title| title.width());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let mut text = String::new();
    let mut line = |cells: &[&str]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(width - cell.width() + 2));
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(header);
    for row in rows {
        line(&row.each_ref().map(String::as_str));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_would_break_a_field() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("café ☕"), "café ☕");
    }
}
