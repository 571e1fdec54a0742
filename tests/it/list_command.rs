//! `mnq-tui list` and `mnq-tui info`, the real binary run as a process against an emulator the
//! test owns: the JSON schema, CSV quoting, `--stale-days`, `--project all`, the exit codes
//! (0 results, 1 a part failed, 2 usage or configuration), and no secret in any output.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use mnq_tui::api::model::{
    CreateServiceCredentialsRequest, ListSqsCredentialsResponse, Permissions, ProjectId, Region,
    Secret, Service,
};
use mnq_tui::app::stale_cutoff;
use mnq_tui::emulator::{ApiKey, Store};

use crate::support::emulator::TestEmulator;
use crate::support::http::{Reply, Request, ScriptedServer, message};
use crate::support::pty::{Launch, WAIT};
use crate::support::states::{PROJECT, credentials};

/// The keys of every JSON object, in the documented order.
const SCHEMA: [&str; 13] = [
    "product",
    "region",
    "project_id",
    "nats_account_id",
    "nats_account_name",
    "id",
    "name",
    "access_key",
    "checksum",
    "permissions",
    "created_at",
    "updated_at",
    "stale",
];

/// An emulator with the demo data on its own runtime, and a home without any scw config.
struct Harness {
    emulator: TestEmulator,
    home: tempfile::TempDir,
}

impl Harness {
    fn start() -> Harness {
        Harness {
            emulator: TestEmulator::start(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// `mnq-tui ARGS` with only the emulator's `SCW_*` settings (plus `env`), stdin and stdout
    /// not terminals.
    fn run(&self, args: &[&str], env: &[(&str, String)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mnq-tui"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("SCW_CONFIG_PATH", self.home.path().join("absent.yaml"))
            .env("RUST_BACKTRACE", "1")
            .envs(self.emulator.client_env())
            .stdin(Stdio::null());
        for (name, value) in env {
            if value.is_empty() {
                command.env_remove(name);
            } else {
                command.env(name, value);
            }
        }
        command.output().expect("the binary runs")
    }

    /// Adds an API key that may read only `projects`; returns its secret key.
    fn add_scoped_key(&self, projects: &[ProjectId]) -> String {
        let secret = "5c0ffee5-0000-4000-8000-00000000cafe".to_owned();
        let key = ApiKey {
            access_key: "SCWSCOPED00000000000".into(),
            secret_key: Secret::new(secret.clone()),
            default_project_id: projects[0].clone(),
            description: "one team's key".into(),
            project_ids: Some(projects.to_vec()),
        };
        self.emulator.edit(|store| store.api_keys.push(key));
        secret
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

fn json_rows(output: &Output) -> Vec<Value> {
    let parsed: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", text(&output.stdout)));
    parsed.as_array().expect("one array").clone()
}

/// Every credential of the demo a listing of `projects` and `regions` should show, by product,
/// as (product, region, project, id).
fn expected(store: &Store, projects: &[ProjectId], regions: &[Region]) -> BTreeSet<String> {
    let wanted = |project: &ProjectId, region: Region| {
        projects.contains(project) && regions.contains(&region)
    };
    let mut ids = BTreeSet::new();
    for (product, list) in [
        ("queues", &store.sqs_credentials),
        ("topics", &store.sns_credentials),
    ] {
        for c in list.iter().filter(|c| wanted(&c.project_id, c.region)) {
            ids.insert(format!("{product} {} {} {}", c.region, c.project_id, c.id));
        }
    }
    for c in &store.nats_credentials {
        let account = store
            .nats_accounts
            .iter()
            .find(|record| record.account.id == c.nats_account_id)
            .expect("an account");
        if let Some(region) = c.region
            && wanted(&account.account.project_id, region)
        {
            ids.insert(format!(
                "nats {region} {} {}",
                account.account.project_id, c.id
            ));
        }
    }
    ids
}

fn listed(rows: &[Value]) -> BTreeSet<String> {
    rows.iter()
        .map(|row| {
            format!(
                "{} {} {} {}",
                row["product"].as_str().unwrap(),
                row["region"].as_str().unwrap(),
                row["project_id"].as_str().unwrap(),
                row["id"].as_str().unwrap()
            )
        })
        .collect()
}

/// Neither the API key's secret nor any of `more` appears in stdout or stderr.
fn assert_no_secret(output: &Output, harness: &Harness, more: &[String]) {
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    let api_secret = harness.emulator.secret_key();
    assert!(!all.contains(&api_secret), "the API secret key leaked");
    for secret in more {
        assert!(
            !all.contains(secret.as_str()),
            "a created secret key leaked"
        );
    }
}

#[test]
fn json_follows_the_documented_schema_for_every_product() {
    let harness = Harness::start();
    // No --output: stdout is a pipe, so JSON.
    let output = harness.run(&["list"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(text(&output.stderr), "");
    let rows = json_rows(&output);

    let store = harness.emulator.snapshot();
    let project = harness.emulator.default_project();
    assert_eq!(
        listed(&rows),
        expected(&store, std::slice::from_ref(&project), &[Region::FrPar]),
        "the default project in the profile's region, every product"
    );
    let products: BTreeSet<&str> = rows
        .iter()
        .map(|r| r["product"].as_str().unwrap())
        .collect();
    assert_eq!(products, BTreeSet::from(["nats", "queues", "topics"]));
    for row in &rows {
        let object = row.as_object().expect("objects");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut schema = SCHEMA.to_vec();
        schema.sort();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, schema, "every key, always: {row}");
        assert!(row["stale"].is_boolean());
        assert!(row["created_at"].is_string() && row["updated_at"].is_string());
        match row["product"].as_str().unwrap() {
            "nats" => {
                assert!(row["access_key"].is_null() && row["permissions"].is_null());
                let checksum = row["checksum"].as_str().unwrap();
                assert_eq!(checksum.len(), 40, "{row}");
                assert!(row["nats_account_id"].as_str().unwrap().starts_with('A'));
                assert!(row["nats_account_name"].is_string(), "{row}");
            }
            _ => {
                assert!(row["checksum"].is_null() && row["nats_account_id"].is_null());
                assert!(row["nats_account_name"].is_null());
                assert_eq!(row["access_key"].as_str().unwrap().len(), 20, "{row}");
                let permissions = row["permissions"].as_object().expect("permissions");
                let names: BTreeSet<&str> = permissions.keys().map(String::as_str).collect();
                assert_eq!(names, BTreeSet::from(["manage", "read", "write"]));
                assert!(permissions.values().all(Value::is_boolean));
            }
        }
    }
    assert_no_secret(&output, &harness, &[]);
}

#[test]
fn project_all_and_region_all_cover_the_three_demo_projects() {
    let harness = Harness::start();
    let output = harness.run(&["list", "--project", "all", "--region", "all"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let rows = json_rows(&output);

    let store = harness.emulator.snapshot();
    let projects: Vec<ProjectId> = store.projects.iter().map(|p| p.id.clone()).collect();
    assert_eq!(projects.len(), 3, "the demo has three projects");
    assert_eq!(listed(&rows), expected(&store, &projects, &Region::ALL));
    let seen: BTreeSet<&str> = rows
        .iter()
        .map(|r| r["project_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen.len(), 3, "credentials of each project");
    // Every product of every project lists: the third project has all three in nl-ams.
    let by_part: BTreeMap<(String, String), usize> =
        rows.iter().fold(BTreeMap::new(), |mut parts, row| {
            let key = (
                row["project_id"].as_str().unwrap().to_owned(),
                row["product"].as_str().unwrap().to_owned(),
            );
            *parts.entry(key).or_default() += 1;
            parts
        });
    for project in &projects {
        for product in ["nats", "queues", "topics"] {
            assert!(
                by_part.contains_key(&(project.to_string(), product.to_owned())),
                "{product} credentials of {project}"
            );
        }
    }
}

/// A small RFC 4180 reader: fields, quoted or not, of CRLF-ended records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends"
    );
    records
}

#[test]
fn csv_quotes_names_with_commas_quotes_and_non_ascii() {
    let harness = Harness::start();
    let client = harness.emulator.client();
    let project = harness.emulator.default_project();
    let names = [
        "billing, eu-west",
        "the \"nightly\" export",
        "café-⚡-日本-ünïcode",
    ];
    let mut secrets = Vec::new();
    for name in names {
        let created = harness
            .emulator
            .block_on(client.create_credentials(
                Service::Sqs,
                Region::FrPar,
                &CreateServiceCredentialsRequest {
                    project_id: project.clone(),
                    name: name.to_owned(),
                    permissions: Permissions::new(true, false, true),
                },
            ))
            .unwrap();
        assert!(!created.secret_key.is_empty());
        secrets.push(created.secret_key.expose().to_owned());
    }

    let output = harness.run(&["list", "--product", "queues", "--output", "csv"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\"billing, eu-west\""), "{stdout}");
    assert!(
        stdout.contains("\"the \"\"nightly\"\" export\""),
        "{stdout}"
    );
    assert!(stdout.contains(",café-⚡-日本-ünïcode,"), "{stdout}");

    let records = parse_csv(stdout);
    let header = &records[0];
    assert_eq!(header[6], "name");
    assert!(
        records.iter().all(|record| record.len() == 15),
        "15 fields each"
    );
    let listed_names: BTreeSet<&str> = records[1..].iter().map(|r| r[6].as_str()).collect();
    for name in names {
        assert!(listed_names.contains(name), "{name} reads back whole");
    }
    let created = records[1..]
        .iter()
        .find(|r| r[6] == "billing, eu-west")
        .unwrap();
    assert_eq!(
        (
            &created[0][..],
            &created[9][..],
            &created[10][..],
            &created[11][..]
        ),
        ("queues", "true", "false", "true")
    );
    assert_no_secret(&output, &harness, &secrets);

    // The other formats do not show them either.
    for format in ["json", "table"] {
        let output = harness.run(&["list", "--output", format], &[]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert!(text(&output.stdout).contains("日本"));
        assert_no_secret(&output, &harness, &secrets);
    }
}

#[test]
fn stale_days_keeps_only_older_credentials() {
    let harness = Harness::start();
    let all = json_rows(&harness.run(&["list", "--region", "all"], &[]));
    let output = harness.run(&["list", "--region", "all", "--stale-days", "365"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stale = json_rows(&output);

    // The console's cutoff: the start of the day 365 days ago.
    let year_ago = stale_cutoff(jiff::Zoned::now().date(), 365)
        .expect("a cutoff")
        .0;
    let older: BTreeSet<String> = all
        .iter()
        .filter(|row| {
            row["created_at"]
                .as_str()
                .and_then(|at| at.parse::<jiff::Timestamp>().ok())
                .is_some_and(|at| at < year_ago)
        })
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect();
    let listed: BTreeSet<String> = stale
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !older.is_empty() && older.len() < all.len(),
        "the demo has both"
    );
    assert_eq!(listed, older);
    assert!(stale.iter().all(|row| row["stale"] == Value::Bool(true)));
}

/// `--stale-days 0` means what it means in the console: nothing is stale. So `list
/// --stale-days 0` (only the stale credentials) prints none, and a user config's
/// `stale_days = 0` marks none.
#[test]
fn stale_days_0_marks_nothing_stale_as_in_the_console() {
    let harness = Harness::start();
    let output = harness.run(&["list", "--region", "all", "--stale-days", "0"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json_rows(&output).len(), 0, "none is stale");

    let config = harness.home.path().join(".config/mnq-tui/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "stale_days = 0\n").unwrap();
    let output = harness.run(&["list", "--region", "all"], &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let rows = json_rows(&output);
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|row| row["stale"] == Value::Bool(false)),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_project_the_key_cannot_read_fails_alone_and_the_exit_is_1() {
    let harness = Harness::start();
    let store = harness.emulator.snapshot();
    let own = harness.emulator.default_project();
    let payments = store.projects[1].id.clone();
    let scoped = harness.add_scoped_key(std::slice::from_ref(&own));
    let env = [("SCW_SECRET_KEY", scoped.clone())];

    // Another project: every listing is refused, each named; the array is still printed.
    let project = payments.to_string();
    let output = harness.run(
        &["list", "--project", &project, "--product", "queues"],
        &env,
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(json_rows(&output), Vec::<Value>::new());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "error: Queues in fr-par, project {payments}: permission denied (403)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 1 listings failed"), "{stderr}");
    assert!(!stderr.contains(&scoped), "no secret on stderr");

    // All projects: the project list is refused, so its own project is listed, and said so.
    let output = harness.run(&["list", "--project", "all", "--region", "all"], &env);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let rows = json_rows(&output);
    assert_eq!(
        listed(&rows),
        expected(&store, std::slice::from_ref(&own), &Region::ALL),
        "the partial result: the key's own project"
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("cannot list the projects of organisation")
            && stderr.contains("403")
            && stderr.contains(&format!("listing only the configured project {own}")),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 7 listings failed"), "{stderr}");
    assert!(!format!("{}{stderr}", text(&output.stdout)).contains(&scoped));
}

/// A command line that must exit 2, the variable it runs without (if any), and what it says.
struct Refused {
    args: &'static [&'static str],
    without: Option<&'static str>,
    says: &'static str,
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let harness = Harness::start();
    let cases = [
        Refused {
            args: &["list", "--region", "pl-waw"],
            without: None,
            says: "invalid value 'pl-waw'",
        },
        Refused {
            args: &["list", "--output", "xml"],
            without: None,
            says: "invalid value 'xml'",
        },
        Refused {
            args: &["list", "--project", "not-a-uuid"],
            without: None,
            says: "\"not-a-uuid\" is not a project id",
        },
        Refused {
            args: &["list", "--project", "all"],
            without: Some("SCW_DEFAULT_ORGANIZATION_ID"),
            says: "no organisation is configured",
        },
        Refused {
            args: &["info"],
            without: Some("SCW_SECRET_KEY"),
            says: "no secret key is configured",
        },
    ];
    for Refused {
        args,
        without,
        says,
    } in cases
    {
        let env: Vec<(&str, String)> = without
            .map(|name| (name, String::new()))
            .into_iter()
            .collect();
        let output = harness.run(args, &env);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(text(&output.stdout), "", "{args:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("backtrace") && !stderr.contains(".rs:"),
            "{stderr}"
        );
        assert_no_secret(&output, &harness, &[]);
    }
}

#[test]
fn info_shows_where_the_configuration_comes_from_with_the_secret_redacted() {
    let harness = Harness::start();
    let secret = harness.emulator.secret_key();
    let config = harness.home.path().join("config.yaml");
    let project = harness.emulator.default_project();
    write_private(
        &config,
        &format!(
            "profiles:\n  audit:\n    secret_key: {secret}\n    default_project_id: {project}\n    \
             default_region: nl-ams\n"
        ),
    );
    let env = [
        ("SCW_CONFIG_PATH", config.display().to_string()),
        ("SCW_SECRET_KEY", String::new()),
        ("SCW_DEFAULT_PROJECT_ID", String::new()),
        ("SCW_DEFAULT_REGION", String::new()),
    ];
    let output = harness.run(&["info", "--profile", "audit"], &env);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = text(&output.stdout);
    let organization = harness.emulator.snapshot().organization.id;
    for line in [
        format!("config file:  {}", config.display()),
        "profile:      audit".to_owned(),
        format!("organisation: {organization}"),
        format!("project:      {project}"),
        "region:       nl-ams".to_owned(),
        format!("API URL:      {}", harness.emulator.url()),
        format!("secret key:   {}-xxxx-xxxx-xxxx-xxxxxxxxxxxx", &secret[..8]),
        format!(
            "log file:     {} (the console's; --log-file changes it)",
            harness
                .home
                .path()
                .join(".local/state/mnq-tui/mnq-tui.log")
                .display()
        ),
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line:?} in:\n{stdout}");
    }
    assert_no_secret(&output, &harness, &[]);
}

/// The page a list request asks for (`page=N` in its query).
fn page_asked(request: &Request) -> u64 {
    let target = request.text.split_whitespace().nth(1).unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, query)| query);
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|page| page.parse().ok())
        .unwrap_or(1)
}

/// On a terminal, a listing that takes more than a second shows its progress on stderr,
/// counting the credentials of each page as it arrives, not only when the listing is done; then
/// erases it and prints the table. 300 Queues credentials: page 1 answers at once, pages 2 and
/// 3 after 3 s, so the line must say 100 while they are on their way.
#[test]
fn the_progress_line_counts_credentials_as_pages_arrive() {
    const TOTAL: u32 = 300;
    const LATE: Duration = Duration::from_secs(3);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(ScriptedServer::start(|request| {
        let page = u32::try_from(page_asked(request)).unwrap();
        let answer = ListSqsCredentialsResponse {
            total_count: TOTAL.into(),
            sqs_credentials: (100 * (page - 1)..(100 * page).min(TOTAL))
                .map(|index| credentials(index, &format!("worker-{index:03}"), Region::FrPar))
                .collect(),
        };
        Reply::KeepOpen {
            answer: message(
                "200 OK",
                &[("Content-Type", "application/json")],
                &serde_json::to_vec(&answer).unwrap(),
            ),
            hold: if page == 1 { Duration::ZERO } else { LATE },
        }
    }));
    let mut pty = Launch::script(&["list", "--product", "queues"])
        .env([
            ("SCW_API_URL", server.url.clone()),
            (
                "SCW_SECRET_KEY",
                "5c0ffee5-0000-4000-8000-00000000cafe".to_owned(),
            ),
            ("SCW_DEFAULT_PROJECT_ID", PROJECT.to_owned()),
        ])
        .spawn();

    pty.wait_for_text("listing: 0 of 1 done, 100 credentials");
    let status = pty.wait_exit(WAIT);
    let output = String::from_utf8_lossy(&pty.output()).into_owned();
    assert_eq!(status.exit_code(), 0, "{output}");
    let table = output
        .rsplit_once("\r\x1b[2K")
        .expect("the progress line is erased")
        .1;
    assert!(table.starts_with("PRODUCT"), "then the table: {table:?}");
    assert!(
        table.contains(&format!("300 credentials in fr-par, project {PROJECT}")),
        "{table}"
    );
    assert_eq!(server.request_count(), 3, "one request per page");
}

/// On a terminal, the table fits its width: region and project are columns only when several
/// are listed, projects by their names, and names too long are cut with `…` (said under the
/// table); JSON has them whole.
#[test]
fn the_table_fits_a_100_column_terminal_and_json_keeps_names_whole() {
    let harness = Harness::start();
    let store = harness.emulator.snapshot();
    let long = "warehouse-inventory-reconciliation-consumer-nightly-readonly";
    let args = ["list", "--region", "all", "--project", "all"];
    let mut pty = Launch::script(&args)
        .env(harness.emulator.client_env())
        .size(100, 40)
        .spawn();
    let status = pty.wait_exit(WAIT);
    let output = String::from_utf8_lossy(&pty.output()).into_owned();
    assert_eq!(status.exit_code(), 0, "{output}");

    // Only the table: a progress line (in a slow run) ends with its erasure.
    let table = output
        .rsplit_once("\x1b[2K")
        .map_or(output.as_str(), |(_, t)| t);
    let lines: Vec<&str> = table
        .lines()
        .map(|line| line.trim_end_matches('\r'))
        .collect();
    for line in &lines {
        assert!(line.width() <= 100, "{} columns: {line:?}", line.width());
    }
    let header = lines[0];
    for title in ["PRODUCT", "REGION", "PROJECT", "NAME", "CREATED"] {
        assert!(header.contains(title), "{header}");
    }
    let rows = &lines[1..];
    assert_eq!(
        rows.iter()
            .filter(|line| line.starts_with("queues "))
            .count(),
        expected(&store, &project_ids(&store), &Region::ALL)
            .iter()
            .filter(|id| id.starts_with("queues "))
            .count(),
        "{table}"
    );
    for project in &store.projects {
        assert!(
            !table.contains(&project.id.to_string()),
            "no whole project id: {table}"
        );
    }
    assert!(
        rows.iter().any(|line| line.contains(" payments ")),
        "projects by name: {table}"
    );
    assert!(!table.contains(long), "{table}");
    assert!(
        rows.iter()
            .any(|line| line.contains("warehouse-inventory-") && line.contains('…')),
        "{table}"
    );
    assert!(
        table.contains("cut (…) to fit 100 columns: --output json or csv gives every value whole"),
        "{table}"
    );

    let json = json_rows(&harness.run(&args, &[]));
    assert!(json.iter().any(|row| row["name"] == long));
}

fn project_ids(store: &Store) -> Vec<ProjectId> {
    store
        .projects
        .iter()
        .map(|project| project.id.clone())
        .collect()
}

fn write_private(path: &Path, contents: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}
