//! `mnq-tui list`: the credentials of chosen products, regions and projects, for scripts and
//! audits, as a table, JSON or CSV.
//!
//! Each product × region × project is one listing ("part"); parts run concurrently, at most
//! [`PARTS_AT_ONCE`] at a time, each reading its pages as the client's [`Pages`] yield them
//! (page 1, then the rest together, as they arrive). A part that fails is named on stderr and
//! the others are still printed; the exit code then says the list is incomplete. No secret is
//! ever printed: list answers carry none, and the rows are built field by field.
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
use futures::{StreamExt, stream};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::api::model::{
    CredentialsId, NatsAccountId, Permissions, Product, ProjectId, Region, Resource, Timestamp,
};
use crate::api::{ApiError, Client, ClientConfig, ListQuery, Pages, WholeList};
use crate::app::stale_cutoff;
use crate::command_error::CommandError;
use crate::config::{Overrides, RegionChoice, Settings};
use crate::ui::text::{fit, thousands};

/// Listings (product × region × project) fetched at the same time; each reads up to the
/// client's `list_concurrency` pages at once.
pub const PARTS_AT_ONCE: usize = 8;
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
    /// Which region (default: the profile's default_region).
    #[arg(long, value_enum)]
    pub region: Option<RegionChoice>,
    /// A project id, or `all` for every project of the organisation (default: the profile's
    /// default_project_id).
    #[arg(long)]
    pub project: Option<String>,
    /// Only credentials created more than this many days ago (they are also what `stale` marks;
    /// without this option, `stale` means older than the config's stale_days, else 90 days);
    /// 0 marks none stale, as in the console.
    #[arg(long, value_name = "N")]
    pub stale_days: Option<u32>,
    /// Output format (default: table when stdout is a terminal, else json).
    #[arg(long, value_enum)]
    pub output: Option<OutputFormat>,
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
    fn products(self) -> Vec<Product> {
        match self {
            ProductChoice::Nats => vec![Product::Nats],
            ProductChoice::Queues => vec![Product::Queues],
            ProductChoice::Topics => vec![Product::TopicsAndEvents],
            ProductChoice::All => Product::ALL.to_vec(),
        }
    }
}

/// One listing: a product's credentials in a region and a project.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    product: Product,
    region: Region,
    project_id: ProjectId,
}

/// One credential as `list` prints it. Field order and names are the documented JSON schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    #[serde(serialize_with = "serialize_product")]
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
    pub nats_account_id: Option<NatsAccountId>,
    pub nats_account_name: Option<String>,
    pub id: CredentialsId,
    pub name: String,
    pub access_key: Option<String>,
    pub checksum: Option<String>,
    pub permissions: Option<RowPermissions>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub stale: bool,
}

/// Permissions under the console's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowPermissions {
    pub write: bool,
    pub read: bool,
    pub manage: bool,
}

impl From<Permissions> for RowPermissions {
    fn from(permissions: Permissions) -> Self {
        RowPermissions {
            write: permissions.can_publish,
            read: permissions.can_receive,
            manage: permissions.can_manage,
        }
    }
}

/// The product as `--product` and the JSON spell it.
fn product_word(product: Product) -> &'static str {
    match product {
        Product::Nats => "nats",
        Product::Queues => "queues",
        Product::TopicsAndEvents => "topics",
    }
}

fn serialize_product<S: serde::Serializer>(
    product: &Product,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(product_word(*product))
}

/// Runs `mnq-tui list`.
pub async fn run(args: ListArgs) -> Result<()> {
    let all_projects = args.project.as_deref() == Some("all");
    let settings = settings(&args, all_projects)?;
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
    let stale_days = args.stale_days.or(configured).unwrap_or(DEFAULT_STALE_DAYS);
    // The console's rule: from the start of the day, and 0 marks none.
    let stale_before = stale_cutoff(jiff::Zoned::now().date(), stale_days);
    let mut config = ClientConfig::new(settings.api_url.clone(), settings.secret_key.clone());
    config.accept_invalid_certs = settings.insecure;
    let client = Client::new(config)?;

    let regions = match args.region {
        Some(RegionChoice::All) => Region::ALL.to_vec(),
        _ => vec![settings.region],
    };
    let (projects, mut failed) = if all_projects {
        organisation_projects(&client, &settings).await
    } else {
        (Projects::one(settings.project_id.clone()), 0)
    };
    let parts = plan(&args.product.products(), &regions, &projects.ids);

    let progress = Progress::start(parts.len());
    let outcomes = list_parts(&client, &parts, stale_before, &progress).await;
    progress.finish();

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
    if args.stale_days.is_some() {
        rows.retain(|row| row.stale);
    }

    let format = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Json
    });
    let scope = Scope {
        regions: &regions,
        projects: &projects,
        filtered_stale: args.stale_days.is_some(),
    };
    write_stdout(|out| match format {
        OutputFormat::Table => out.write_all(table(&rows, &scope, terminal_width()).as_bytes()),
        OutputFormat::Json => write_json(&rows, out),
        OutputFormat::Csv => out.write_all(csv(&rows).as_bytes()),
    })?;
    if failed > 0 {
        return Err(CommandError::Incomplete {
            failed,
            // The project list counts as one listing.
            parts: parts.len() + usize::from(all_projects),
        }
        .into());
    }
    Ok(())
}

/// The configuration, as the console reads it, with the options of the command line.
/// `--project all` needs the organisation.
fn settings(args: &ListArgs, all_projects: bool) -> Result<Settings, CommandError> {
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
struct Projects {
    ids: Vec<ProjectId>,
    names: HashMap<ProjectId, String>,
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

/// Every product × region × project, in that order (the order of the output).
fn plan(products: &[Product], regions: &[Region], projects: &[ProjectId]) -> Vec<Part> {
    let mut parts = Vec::with_capacity(products.len() * regions.len() * projects.len());
    for &product in products {
        for &region in regions {
            for project_id in projects {
                parts.push(Part {
                    product,
                    region,
                    project_id: project_id.clone(),
                });
            }
        }
    }
    parts
}

/// Writes through a buffer straight to stdout: a long JSON list is never held whole in memory.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        // A reader that stopped early (`| head`) has what it wanted.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written.wrap_err("cannot write the list to stdout"),
    }
}

/// Lists every part, at most [`PARTS_AT_ONCE`] at a time; outcomes in the order of `parts`.
async fn list_parts(
    client: &Client,
    parts: &[Part],
    stale_before: Option<Timestamp>,
    progress: &Progress,
) -> Vec<Result<Vec<Row>, ApiError>> {
    // Unordered: a long listing must not hold a slot after it is done while an earlier one
    // is still running (as `buffered` would, to keep the order); the order is restored after.
    let mut outcomes: Vec<(usize, Result<Vec<Row>, ApiError>)> =
        stream::iter(parts.iter().enumerate())
            .map(|(index, part)| async move {
                let outcome = list_part(client, part, stale_before, progress).await;
                progress.part_done();
                (index, outcome)
            })
            .buffer_unordered(PARTS_AT_ONCE)
            .collect()
            .await;
    outcomes.sort_unstable_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

async fn list_part(
    client: &Client,
    part: &Part,
    stale_before: Option<Timestamp>,
    progress: &Progress,
) -> Result<Vec<Row>, ApiError> {
    let query = ListQuery::project(part.project_id.clone());
    let is_stale = |created_at: Option<Timestamp>| {
        created_at
            .zip(stale_before)
            .is_some_and(|(at, before)| at < before)
    };
    let row = |id, name, created_at, updated_at| Row {
        product: part.product,
        region: part.region,
        project_id: part.project_id.clone(),
        nats_account_id: None,
        nats_account_name: None,
        id,
        name,
        access_key: None,
        checksum: None,
        permissions: None,
        created_at,
        updated_at,
        stale: is_stale(created_at),
    };
    let service = match part.product.service() {
        Some(service) => service,
        None => return list_nats(client, part, &query, row, progress).await,
    };
    let credentials = gather(
        client.list_credentials(service, part.region, &query),
        progress,
    )
    .await?;
    Ok(credentials
        .into_iter()
        .map(|credentials| {
            let permissions = credentials.permissions();
            Row {
                access_key: Some(credentials.access_key),
                permissions: Some(permissions.into()),
                ..row(
                    credentials.id,
                    credentials.name,
                    credentials.created_at,
                    credentials.updated_at,
                )
            }
        })
        .collect())
}

/// NATS credentials of a project, account by account (in the accounts' order), named with
/// their account. Asking per account, as the console does, rather than for the whole project
/// lets the API find them by account instead of checking each one's project.
async fn list_nats(
    client: &Client,
    part: &Part,
    query: &ListQuery,
    row: impl Fn(CredentialsId, String, Option<Timestamp>, Option<Timestamp>) -> Row,
    progress: &Progress,
) -> Result<Vec<Row>, ApiError> {
    let accounts = client.list_nats_accounts(part.region, query).await?;
    let per_account = futures::future::try_join_all(accounts.iter().map(|account| {
        gather(
            client.list_nats_credentials(part.region, query, Some(&account.id)),
            progress,
        )
    }))
    .await?;
    let mut rows = Vec::with_capacity(per_account.iter().map(Vec::len).sum());
    for (account, credentials) in accounts.iter().zip(per_account) {
        rows.extend(credentials.into_iter().map(|credentials| Row {
            nats_account_id: Some(credentials.nats_account_id),
            nats_account_name: Some(account.name.clone()),
            checksum: Some(credentials.checksum),
            ..row(
                credentials.id,
                credentials.name,
                credentials.created_at,
                credentials.updated_at,
            )
        }));
    }
    Ok(rows)
}

/// Reads a listing to its end, counting its items on the progress line as its pages arrive.
async fn gather<T: Resource>(mut pages: Pages<T>, progress: &Progress) -> Result<Vec<T>, ApiError> {
    let mut whole = WholeList::default();
    while let Some(page) = pages.next().await {
        let page = page?;
        progress.read(page.items.len());
        whole.add(page);
    }
    Ok(whole.finish())
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

    /// Credentials read (a page's worth).
    fn read(&self, rows: usize) {
        self.counts.rows.fetch_add(rows, Ordering::Relaxed);
    }

    fn part_done(&self) {
        self.counts.done.fetch_add(1, Ordering::Relaxed);
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
fn write_json(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
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
struct Scope<'a> {
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
/// proxy or another server might send) are shown as `?`, so that no name can move the cursor.
///
/// With a `width` (stdout is a terminal), the table fits it: region and project are columns
/// only when several were asked for (projects by name when the Account API gave them, else
/// their id's first 8 characters); then names are cut (`…`), first credentials', then
/// projects' and NATS accounts', and if that is not enough the permissions become letters.
/// Access keys are never cut; JSON and CSV carry every value whole.
fn table(rows: &[Row], scope: &Scope<'_>, width: Option<usize>) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect()
    };
    let cells = |cell: &dyn Fn(&Row) -> String| rows.iter().map(cell).collect::<Vec<_>>();
    let mut columns = vec![Column::new(
        "PRODUCT",
        cells(&|row| product_word(row.product).to_owned()),
    )];
    if scope.regions.len() > 1 {
        columns.push(Column::new("REGION", cells(&|row| row.region.to_string())));
    }
    if scope.projects.ids.len() > 1 {
        columns.push(Column::new(
            PROJECT,
            cells(&|row| match scope.projects.names.get(&row.project_id) {
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
    if !scope.filtered_stale {
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
    if let [region] = scope.regions {
        text.push_str(&format!(" in {region}"));
    }
    if let [project] = scope.projects.ids.as_slice() {
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
