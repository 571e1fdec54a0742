//! A leaked access key gone, as a secret-scanning alert's script would do it: the release
//! binary, start included, runs `mnq-tui revoke --access-key KEY --project all --region all
//! --yes` against an emulator holding 60,000 credentials (the three products × fr-par and
//! nl-ams × the demo's 3 projects) that delays each request by up to 20 ms (`--latency-ms 20`),
//! from start to exit: every listing that can hold the key, then the revoke (target from issue
//! 20: < 2 s). Four keys, each in another project and region than the profile's, one run
//! each, the last with `--product all` (NATS listed too: all 60,000 read); each is checked gone
//! from the emulator, and nothing else is.
//!
//! Run: `cargo bench --bench revoke_command`.

use std::process::Command;
use std::time::Duration;

use mnq_tui::api::model::{ProjectId, Region};

#[path = "support/sixty_thousand.rs"]
mod sixty_thousand;
#[path = "support/timed.rs"]
mod timed;

use timed::{BINARY, timed};

const TARGET: Duration = Duration::from_secs(2);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime for the emulator");
    mnq_tui::api::install_tls_provider();
    let (_fast, slow) = sixty_thousand::emulators(&runtime);
    let before = slow.snapshot();
    assert_eq!(count(&before), sixty_thousand::TOTAL);
    let profile_project: ProjectId = slow.default_project();
    // Keys of the other projects, in nl-ams (the profile's region is fr-par): Queues, then
    // Topics and Events, then Queues again.
    let elsewhere = |list: &[mnq_tui::api::model::ServiceCredentials], nth: usize| {
        list.iter()
            .filter(|c| c.region == Region::NlAms && c.project_id != profile_project)
            .nth(nth)
            .expect("credentials in another project and region")
            .clone()
    };
    // The last with `--product all`: NATS listed too (its credentials have no access key, so
    // by default the command does not list them), all 60,000 read.
    let leaked = [
        (elsewhere(&before.sqs_credentials, 100), false),
        (elsewhere(&before.sns_credentials, 2_000), false),
        (elsewhere(&before.sqs_credentials, 5_000), false),
        (elsewhere(&before.sns_credentials, 6_000), true),
    ];

    let home = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    for (run, (credentials, every_product)) in leaked.iter().enumerate() {
        let mut command = Command::new(BINARY);
        command.args([
            "revoke",
            "--access-key",
            &credentials.access_key,
            "--project",
            "all",
            "--region",
            "all",
            "--yes",
            "--output",
            "json",
        ]);
        if *every_product {
            command.args(["--product", "all"]);
        }
        let (output, took) = timed(&mut command, &slow, &home);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(rows[0]["outcome"], "revoked", "{rows}");
        let after = slow.snapshot();
        assert!(!after.sqs_credentials.iter().any(|c| c.id == credentials.id));
        assert!(!after.sns_credentials.iter().any(|c| c.id == credentials.id));
        assert_eq!(
            count(&after),
            count(&before) - (run + 1),
            "nothing else is revoked"
        );
        let product = if before
            .sqs_credentials
            .iter()
            .any(|c| c.id == credentials.id)
        {
            "a Queues"
        } else {
            "a Topics and Events"
        };
        let every = if *every_product {
            ", --product all"
        } else {
            ""
        };
        report.push((
            format!(
                "run {}: {product} key in {}, another project{every}",
                run + 1,
                credentials.region
            ),
            took,
        ));
    }

    println!();
    println!(
        "Target of issue 20 (cargo bench --bench revoke_command; release binary, start to exit):"
    );
    println!(
        "  mnq-tui revoke --access-key KEY --project all --region all --yes --output json, \
         60,000 credentials, ≤ 20 ms a request"
    );
    for (what, took) in report {
        let verdict = if took < TARGET { "ok" } else { "MISSED" };
        println!(
            "  {what:<72} {:>6.0} ms   target < 2 s  {verdict}",
            took.as_secs_f64() * 1e3
        );
    }
    runtime.block_on(slow.stop());
}

/// Credentials of every product in the store.
fn count(store: &mnq_tui::emulator::Store) -> usize {
    store.sqs_credentials.len() + store.sns_credentials.len() + store.nats_credentials.len()
}
