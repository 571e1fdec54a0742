//! End-to-end: the whole organisation in the real `mnq-tui` binary, in a pseudo-terminal,
//! against an emulator the test owns: the project switcher, Queues over all projects and all
//! regions with a revoke carried out in the row's own region and project, and a region that is
//! down shown in place while the other lists.
#![cfg(target_os = "linux")]

use std::time::Duration;

use crate::support::drop_proxy::DropProxy;
use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, key};
use crate::support::screen::lists;
use mnq_tui::api::model::Region;

/// The console against `api_url` with the emulator's other settings, on Queues.
fn on_queues(emulator: &TestEmulator, api_url: Option<String>) -> Pty {
    let env = emulator
        .client_env()
        .into_iter()
        .map(|(name, value)| match (name, &api_url) {
            ("SCW_API_URL", Some(url)) => (name, url.clone()),
            _ => (name, value),
        });
    let mut pty = Launch::new(&[]).env(env).spawn();
    pty.wait_for_text("3  Topics and Events");
    pty.press("2");
    pty.wait_for_text("Queues credentials · fr-par");
    pty
}

/// Opens a dropdown with `open` and picks its last line (All regions, All projects) by
/// pressing Down `downs` times.
fn pick_last(pty: &mut Pty, open: &str, last: &str, downs: usize) {
    pty.press(open);
    pty.wait_for_text(last);
    for _ in 0..downs {
        pty.press(key::DOWN);
    }
    pty.wait_for_text(&format!("▶ {last}"));
    pty.press(key::ENTER);
}

#[test]
fn all_projects_and_regions_list_together_and_a_revoke_acts_in_the_rows_own_place() {
    let emulator = TestEmulator::start();
    let before = emulator.snapshot();
    let loader = before
        .sqs_credentials
        .iter()
        .find(|credentials| credentials.name == "etl-loader")
        .expect("the demo has etl-loader in another project, in nl-ams")
        .clone();
    assert_eq!(loader.region, Region::NlAms);
    assert_ne!(loader.project_id, emulator.default_project());

    let mut pty = on_queues(&emulator, None);
    // The header names the project once the organisation's projects are known.
    pty.wait_for_text("project default ▾");
    pick_last(&mut pty, "p", "All projects", 3);
    pty.wait_for("fr-par in every project", |screen| {
        screen.contains("Queues credentials · fr-par · all projects")
            && screen.contains("All projects ▾")
            && lists(screen, "payment-events-producer")
            && !lists(screen, "etl-loader")
    });
    pick_last(&mut pty, "r", "All regions", 2);
    pty.wait_for("every region of every project", |screen| {
        screen.contains("Queues credentials · all regions · all projects")
            && screen.contains("Region")
            && screen.contains("Project")
            && lists(screen, "etl-loader")
            && lists(screen, "payment-events-producer")
            && lists(screen, "orders-producer")
    });

    pty.press("/");
    pty.press("etl-loader");
    pty.press(key::ENTER);
    pty.wait_for_text("1 of 1 · 1 of");
    pty.press("d");
    pty.wait_for("the revoke pop-up in etl-loader's own region", |screen| {
        screen.contains("You are about to revoke") && screen.contains("nl-ams")
    });
    pty.press(key::TAB);
    pty.press(key::ENTER);
    pty.wait_for("etl-loader gone", |screen| {
        screen.contains("Revoked") && !lists(screen, "etl-loader")
    });
    let after = emulator.snapshot();
    assert!(
        !after.sqs_credentials.iter().any(|c| c.id == loader.id),
        "etl-loader is revoked in the API"
    );
    assert_eq!(
        after.sqs_credentials.len(),
        before.sqs_credentials.len() - 1,
        "only etl-loader is revoked"
    );
}

#[test]
fn a_region_that_is_down_is_said_in_place_while_the_other_lists() {
    let emulator = TestEmulator::start();
    let api_url = emulator
        .client_env()
        .into_iter()
        .find(|(name, _)| *name == "SCW_API_URL")
        .map(|(_, url)| url)
        .expect("the emulator's URL");
    let proxy = DropProxy::region_down(&api_url, "nl-ams");
    let mut pty = on_queues(&emulator, Some(proxy.url()));
    pick_last(&mut pty, "r", "All regions", 2);
    // The client retries a 503 four times (about 6 s) before it gives up on nl-ams.
    let retries = Duration::from_secs(30);
    pty.wait_for_within(retries, "fr-par listed, nl-ams said to be down", |screen| {
        screen.contains("Queues credentials · all regions")
            && screen.contains("⚠ nl-ams: not listed")
            && lists(screen, "orders-producer")
            && !screen.contains("Could not load")
    });
}

#[test]
fn the_demo_can_start_with_every_region() {
    let mut pty = Launch::new(&["demo", "--region", "all", "--no-config"]).spawn();
    pty.wait_for_text("All regions ▾");
    pty.press("2");
    pty.wait_for("Queues of both regions", |screen| {
        screen.contains("Queues credentials · all regions")
            && lists(screen, "orders-producer")
            && lists(screen, "orders-producer-ams")
    });
}
