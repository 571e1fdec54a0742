//! End-to-end, incident mode: the real `mnq-tui` in a pseudo-terminal against an emulator with
//! the demo's 3 projects × 2 regions. `/stale`, every row marked, `d`, the count typed,
//! confirmed: exactly those are revoked (checked through the API), the rest untouched. With
//! the emulator failing requests, each is revoked once, the failures are listed and retrying
//! completes. Every kind of change the console makes lands in its journal with its outcome.
#![cfg(target_os = "linux")]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;

use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, key};
use crate::support::screen::{lists, selected_name};
use mnq_tui::api::ListQuery;
use mnq_tui::api::model::{CredentialsId, Region, Service, ServiceCredentials};
use mnq_tui::emulator::{EmulatorOptions, FaultConfig, FaultKind, Seed};

/// How long a list may take while the emulator fails requests: the client retries a read with
/// backoff, several seconds in all.
const WITH_RETRIES: Duration = Duration::from_secs(60);

/// The console on Queues over every region of every project.
fn queues_everywhere(emulator: &TestEmulator) -> Pty {
    let mut pty = Launch::new(&["--region", "all"])
        .env(emulator.client_env())
        .spawn();
    pty.wait_for_text("3  Topics and Events");
    // The project switcher lists the organisation's projects once they are known.
    pty.wait_for_within(WITH_RETRIES, "the projects known", |screen| {
        screen.contains("project default ▾")
    });
    pty.press("p");
    pty.wait_for_text("All projects");
    for _ in 0..3 {
        pty.press(key::DOWN);
    }
    pty.wait_for_text("▶ All projects");
    pty.press(key::ENTER);
    pty.press("2");
    pty
}

/// The stale Queues credentials of the demo (created over 90 days before today), by id.
fn stale_queues(emulator: &TestEmulator) -> BTreeMap<CredentialsId, ServiceCredentials> {
    let cutoff = mnq_tui::app::stale_cutoff(jiff::Zoned::now().date(), 90).expect("a cutoff");
    emulator
        .snapshot()
        .sqs_credentials
        .into_iter()
        .filter(|credentials| credentials.created_at.is_some_and(|at| at < cutoff))
        .map(|credentials| (credentials.id.clone(), credentials))
        .collect()
}

/// `/stale`, Enter, every row shown marked, `d`: the batch pop-up for `count` credentials.
fn mark_stale_and_open_the_batch(pty: &mut Pty, count: usize) {
    pty.press("/");
    pty.wait_for_text("⏎ keep · Esc clear");
    pty.press("stale");
    pty.press(key::ENTER);
    pty.wait_for_text("/ stale   Esc clears");
    pty.press("a");
    pty.wait_for_text(&format!("● {count} marked"));
    pty.press("d");
    pty.wait_for("the batch pop-up on Cancel", |screen| {
        screen.contains(&format!("Revoke {count} credentials"))
            && screen.contains("[▶ Cancel ]")
            && screen.contains(&format!("Type {count} (or revoke)"))
    });
}

/// Types the count, then Tab and Enter on the acting button.
fn confirm(pty: &mut Pty, count: usize) {
    pty.press(&count.to_string());
    pty.press(key::TAB);
    pty.wait_for_text(&format!("[▶ Revoke {count} ]"));
    pty.press(key::ENTER);
}

/// The journal's lines, as JSON.
fn journal(pty: &Pty) -> Vec<Value> {
    pty.journal()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// Every Queues credential, through the API, in every region of every project.
fn listed_through_the_api(emulator: &TestEmulator) -> BTreeSet<CredentialsId> {
    let client = emulator.client();
    let projects: Vec<_> = emulator
        .snapshot()
        .projects
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut ids = BTreeSet::new();
    for project in projects {
        for region in Region::ALL {
            let query = ListQuery::project(project.clone());
            let listed = emulator
                .block_on(async { client.list_credentials(Service::Sqs, region, &query).await })
                .expect("a list");
            ids.extend(listed.into_iter().map(|credentials| credentials.id));
        }
    }
    ids
}

#[test]
fn stale_credentials_of_every_project_and_region_go_in_one_batch_and_nothing_else() {
    let emulator = TestEmulator::start();
    let stale = stale_queues(&emulator);
    let before = listed_through_the_api(&emulator);
    let regions: BTreeSet<Region> = stale.values().map(|c| c.region).collect();
    let projects: BTreeSet<_> = stale.values().map(|c| c.project_id.clone()).collect();
    assert_eq!(
        (regions.len(), projects.len()),
        (2, 3),
        "stale ones everywhere"
    );
    assert!(before.len() > stale.len(), "and some that are not");

    let mut pty = queues_everywhere(&emulator);
    pty.wait_for("every project's Queues", |screen| {
        screen.contains("Queues credentials · all regions · all projects")
            && lists(screen, "etl-loader")
            && lists(screen, "webhook-dispatcher")
    });
    mark_stale_and_open_the_batch(&mut pty, stale.len());
    // Enter on Cancel sends nothing; a wrong count leaves the button inert.
    pty.press("9");
    pty.press(key::TAB);
    pty.press(key::ENTER);
    pty.wait_for_text(&format!("type {} first", stale.len()));
    pty.press("\x7f");
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("[▶ Cancel ]");
    assert_eq!(
        listed_through_the_api(&emulator),
        before,
        "nothing sent yet"
    );

    confirm(&mut pty, stale.len());
    let count = stale.len();
    pty.wait_for(&format!("{count} of {count} revoked"), |screen| {
        screen.contains(&format!("{count} of {count} revoked")) && !screen.contains("revoking…")
    });
    let expected: BTreeSet<CredentialsId> = before
        .iter()
        .filter(|id| !stale.contains_key(*id))
        .cloned()
        .collect();
    assert_eq!(
        listed_through_the_api(&emulator),
        expected,
        "exactly the stale ones"
    );

    pty.press(key::ENTER);
    pty.wait_for("the batch closed and the list without them", |screen| {
        !screen.contains("Revoke ") && !lists(screen, "etl-loader")
    });
    pty.press(key::ESC);
    pty.wait_for("the rest listed", |screen| {
        lists(screen, "webhook-dispatcher")
    });

    // `J`: the journal has every revoke, done.
    pty.press("J");
    pty.wait_for("the journal pop-up", |screen| {
        screen.contains("Journal: the last changes") && screen.contains(&format!("{count} changes"))
    });
    let lines = journal(&pty);
    assert_eq!(lines.len(), 2 * count, "asked, then done, for each");
    let done: BTreeSet<String> = lines
        .iter()
        .filter(|line| line["outcome"] == "done")
        .map(|line| line["id"].as_str().unwrap().to_owned())
        .collect();
    let stale_ids: BTreeSet<String> = stale.keys().map(|id| id.to_string()).collect();
    assert_eq!(done, stale_ids);
}

#[test]
fn with_faults_each_is_revoked_once_failures_are_listed_and_retry_completes() {
    let emulator = TestEmulator::start_with(EmulatorOptions {
        seed: Some(Seed::Demo),
        faults: FaultConfig {
            failure_rate: 0.3,
            kinds: vec![FaultKind::Unavailable, FaultKind::Drop],
            seed: 20,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    });
    let stale = stale_queues(&emulator);
    let count = stale.len();
    let mut pty = queues_everywhere(&emulator);
    // A listing the faults beat even after the client's retries is said in place: reload.
    let mut loaded = false;
    for _ in 0..5 {
        let screen = pty.wait_for_within(WITH_RETRIES, "every listing answered", |screen| {
            screen.contains("Queues credentials · all regions · all projects")
                && !screen.contains("loading")
                && selected_name(screen).is_some()
        });
        if !screen.contains("not listed") {
            loaded = true;
            break;
        }
        pty.press(key::F5);
    }
    assert!(loaded, "the lists loaded within five reloads");
    mark_stale_and_open_the_batch(&mut pty, count);
    confirm(&mut pty, count);

    let mut rounds = 0;
    loop {
        let screen = pty.wait_for_within(WITH_RETRIES, "every answer in", |screen| {
            screen.contains(" revoked") && !screen.contains("under way")
        });
        if screen.contains(&format!("{count} of {count} revoked")) {
            break;
        }
        // The failed ones are listed, each with why.
        assert!(
            screen.contains("failed") && screen.contains("✗ "),
            "{screen}"
        );
        rounds += 1;
        assert!(rounds < 20, "retries end: {screen}");
        pty.press(key::TAB);
        pty.wait_for_text("[▶ Retry ");
        pty.press(key::ENTER);
        pty.wait_for_text("[▶ Close ]");
    }
    assert!(rounds > 0, "at 30 % some revokes failed and were retried");

    let left = emulator.snapshot().sqs_credentials;
    assert!(
        left.iter().all(|c| !stale.contains_key(&c.id)),
        "every stale one is gone"
    );
    assert_eq!(
        left.len(),
        emulator.snapshot().sqs_credentials.len(),
        "the snapshot is stable"
    );

    // Each credential: failures or lost answers, then done exactly once, never asked again
    // after it was done.
    let mut by_id: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in journal(&pty) {
        let outcome = match (line["outcome"].as_str().unwrap(), line["detail"].as_str()) {
            ("done", Some("already revoked")) => "done (already)".to_owned(),
            (outcome, _) => outcome.to_owned(),
        };
        by_id
            .entry(line["id"].as_str().unwrap().to_owned())
            .or_default()
            .push(outcome);
    }
    assert_eq!(by_id.len(), count);
    for (id, outcomes) in &by_id {
        let attempts: Vec<&[String]> = outcomes.chunks(2).collect();
        let (last, earlier) = attempts.split_last().expect("one attempt at least");
        assert!(
            last[0] == "asked" && last[1].starts_with("done"),
            "{id}: {outcomes:?}"
        );
        for attempt in earlier {
            assert!(
                attempt[0] == "asked" && (attempt[1] == "failed" || attempt[1] == "unknown"),
                "{id} was sent again after it was done: {outcomes:?}"
            );
        }
        // A revoke whose answer was lost and that had happened answers "already revoked"
        // the next time: it was carried out once.
        if last[1] == "done (already)" {
            assert!(
                earlier.iter().any(|attempt| attempt[1] == "unknown"),
                "{id}: only a lost answer can hide a done revoke: {outcomes:?}"
            );
        }
    }
}

#[test]
fn every_kind_of_change_the_console_makes_is_journalled_with_its_outcome() {
    let emulator = TestEmulator::start();
    let mut pty = Launch::new(&[]).env(emulator.client_env()).spawn();
    pty.wait_for_text("1  NATS");
    pty.press("2");
    pty.wait_for("the Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });

    // Generate, from the name field (Write ticked).
    pty.press("n");
    pty.wait_for_text("Generate credentials · Queues");
    pty.press("journal-probe");
    pty.press(key::TAB);
    pty.wait_for_text("▶ [ ] Write");
    pty.press(key::SPACE);
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("⏎ send");
    pty.press(key::ENTER);
    pty.wait_for_text("New credentials — shown once");
    pty.press(key::ESC);
    pty.wait_for_text("Close anyway");
    pty.press(key::TAB);
    pty.press(key::ENTER);
    pty.wait_for("the secret pop-up closed", |screen| {
        !screen.contains("shown once") && lists(screen, "journal-probe")
    });

    // Update the first row's name.
    pty.press("g");
    pty.press("u");
    pty.wait_for_text("Update credentials ·");
    pty.press("-v2");
    pty.press(key::ENTER);
    pty.wait_for_text("✓ Updated ");

    // Revoke the row before the last (the last is the one just generated).
    pty.press("G");
    pty.press("k");
    pty.press("d");
    pty.wait_for_text("You are about to revoke");
    pty.press(key::TAB);
    pty.press(key::ENTER);
    pty.wait_for_text("✓ Revoked ");

    // A NATS account.
    pty.press("1");
    pty.wait_for("the NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && selected_name(screen).is_some()
    });
    pty.press("n");
    pty.wait_for_text("Create NATS account");
    pty.press("journal-bus");
    pty.press(key::ENTER);
    pty.wait_for_text("Created NATS account journal-bus");

    let lines = journal(&pty);
    let mut changes: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for line in &lines {
        changes
            .entry(line["change_id"].as_str().unwrap().to_owned())
            .or_default()
            .push(line);
    }
    let mut kinds: Vec<(String, String, String)> = changes
        .values()
        .map(|pair| {
            assert_eq!(pair.len(), 2, "asked, then its outcome: {pair:?}");
            assert_eq!(pair[0]["outcome"], "asked");
            (
                pair[1]["change"].as_str().unwrap().to_owned(),
                pair[1]["outcome"].as_str().unwrap().to_owned(),
                pair[1]["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    kinds.sort();
    let console = |change: &str| (change.to_owned(), "done".to_owned(), "console".to_owned());
    assert_eq!(
        kinds,
        [
            console("create-account"),
            console("generate"),
            console("revoke"),
            console("update")
        ]
    );
    let generated = lines
        .iter()
        .find(|line| line["change"] == "generate" && line["outcome"] == "done")
        .expect("the generate's outcome");
    let made = emulator
        .snapshot()
        .sqs_credentials
        .into_iter()
        .find(|credentials| credentials.name == "journal-probe")
        .expect("created");
    assert_eq!(
        generated["id"],
        made.id.as_str(),
        "the create's answer told its id"
    );
    assert_eq!(generated["key"], made.access_key.as_str());
    let updated = lines
        .iter()
        .find(|line| line["change"] == "update")
        .expect("the update");
    assert!(
        updated["after"]["name"].as_str().unwrap().ends_with("-v2"),
        "{updated}"
    );
    assert_ne!(updated["before"]["name"], updated["after"]["name"]);
}
