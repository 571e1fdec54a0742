//! End-to-end, the life of a credential: the real `mnq-tui` in a pseudo-terminal generates
//! Queues and NATS credentials against an emulator the test owns, saves them, rotates one, and
//! meets a create whose answer was lost and the API's propagation delay. The files written and
//! the emulator's state are checked, not only the screen.
#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use crate::support::drop_proxy::DropProxy;
use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, WAIT, key};
use crate::support::screen::{lists, selected_name};
use data_encoding::BASE64URL_NOPAD;
use mnq_tui::api::model::{NatsAccount, Permissions, Region, Service, ServiceCredentials};
use mnq_tui::emulator::{EmulatorOptions, FaultConfig, FaultKind, Seed, sha1_hex};

fn console(env: Vec<(&'static str, String)>) -> Pty {
    Launch::new(&[]).env(env).spawn()
}

fn queues_credentials(pty: &mut Pty) {
    pty.wait_for_text("1  NATS");
    pty.press("2");
    pty.wait_for("the Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });
}

/// `n`, a name, Write ticked, sent from the name field; waits for the secret pop-up.
fn generate_queues(pty: &mut Pty, name: &str) -> String {
    pty.press("n");
    pty.wait_for_text("Generate credentials · Queues");
    pty.press(name);
    pty.press(key::TAB);
    pty.wait_for_text("▶ [ ] Write");
    pty.press(key::SPACE);
    pty.wait_for_text("▶ [x] Write");
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("⏎ send");
    pty.press(key::ENTER);
    pty.wait_for_text("New credentials — shown once")
}

/// The value of a "Label   value" line of the secret pop-up.
fn field<'a>(screen: &'a str, label: &str) -> &'a str {
    let line = screen
        .lines()
        .find(|line| line.contains(&format!("│ {label} ")))
        .unwrap_or_else(|| panic!("no {label:?} on screen:\n{screen}"));
    line.split_once(label)
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap_or_default()
}

/// *Save* (`tabs` Tabs away), the path typed, saved.
fn save_to(pty: &mut Pty, tabs: usize, path: &Path, nats_context: bool) {
    for _ in 0..tabs {
        pty.press(key::TAB);
    }
    pty.wait_for_text("[▶ Save ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Save to ");
    pty.press(key::CTRL_U);
    pty.press(&path.display().to_string());
    if nats_context {
        pty.press(key::TAB);
        pty.wait_for_text("▶ [ ] Also add a `nats` CLI context");
        pty.press(key::SPACE);
        pty.wait_for_text("▶ [x] Also add");
    }
    pty.press(key::ENTER);
    pty.wait_for_text("(mode 0600)");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Tab to Done (the last button), Enter: the pop-up closes.
fn done(pty: &mut Pty) {
    let screen = pty.screen();
    let buttons = screen
        .lines()
        .find(|line| line.contains("[ Done ]") || line.contains("[▶ Done ]"))
        .expect("the secret pop-up's buttons");
    // Buttons after the focused one, up to Done: as many Tabs.
    let after_focus = buttons.split("[▶").nth(1).expect("a focused button");
    for _ in 0..after_focus.matches("[ ").count() {
        pty.press(key::TAB);
    }
    pty.wait_for_text("[▶ Done ]");
    pty.press(key::ENTER);
    pty.wait_for("the secret pop-up closed", |screen| {
        !screen.contains("shown once")
    });
}

fn credentials_named(emulator: &TestEmulator, name: &str) -> Vec<ServiceCredentials> {
    emulator
        .snapshot()
        .sqs_credentials
        .into_iter()
        .filter(|credentials| credentials.name == name)
        .collect()
}

#[test]
fn generated_queues_credentials_are_saved_to_a_private_env_file_with_the_issued_secret() {
    let emulator = TestEmulator::start();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut pty = console(emulator.client_env());
    queues_credentials(&mut pty);
    let screen = generate_queues(&mut pty, "ci-generated");
    let secret = field(&screen, "Secret key").to_owned();
    let access_key = field(&screen, "Access key").to_owned();

    let made = credentials_named(&emulator, "ci-generated");
    assert_eq!(made.len(), 1, "one was made");
    assert_eq!(made[0].access_key, access_key);
    assert_eq!(
        made[0].secret_checksum,
        sha1_hex(&secret),
        "the secret shown is issued"
    );
    assert_eq!(
        made[0].permissions,
        Some(Permissions::new(true, false, false))
    );

    let path = folder.path().join("keys").join("ci.env");
    save_to(&mut pty, 1, &path, false);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&folder.path().join("keys")), 0o700);
    let env = std::fs::read_to_string(&path).expect("the .env reads");
    assert!(
        env.contains(&format!("AWS_ACCESS_KEY_ID={access_key}\n")),
        "{env}"
    );
    assert!(
        env.contains(&format!("AWS_SECRET_ACCESS_KEY={secret}\n")),
        "{env}"
    );
    assert!(env.contains("AWS_DEFAULT_REGION=fr-par\n"), "{env}");
    // The endpoint the Overview read: the emulator's own data plane.
    let endpoint = emulator.data_plane_url(Service::Sqs, Region::FrPar);
    assert!(
        env.contains(&format!("AWS_ENDPOINT_URL_SQS={endpoint}\n")),
        "{env}"
    );

    // Saving again to the same path asks first; Cancel writes nothing.
    pty.press(key::ENTER);
    pty.wait_for_text("Save to ");
    pty.press(key::CTRL_U);
    pty.press(&path.display().to_string());
    pty.press(key::ENTER);
    pty.wait_for_text("Overwrite the file?");
    pty.press(key::ENTER);
    pty.wait_for("the question closed", |screen| {
        !screen.contains("Overwrite the file?")
    });
    pty.press(key::ESC);
    pty.wait_for("the path field closed", |screen| {
        !screen.contains("Save to /")
    });
    done(&mut pty);
    pty.wait_for("the new row", |screen| lists(screen, "ci-generated"));
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}

/// The JSON of a JWT's claims, and whether its signature is its issuer's.
fn claims_of(jwt: &str) -> serde_json::Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts: {jwt}");
    let claims = BASE64URL_NOPAD
        .decode(parts[1].as_bytes())
        .expect("base64url claims");
    let claims: serde_json::Value = serde_json::from_slice(&claims).expect("JSON claims");
    let issuer = claims["iss"].as_str().expect("an issuer");
    let signature = BASE64URL_NOPAD
        .decode(parts[2].as_bytes())
        .expect("a base64url signature");
    let signed = format!("{}.{}", parts[0], parts[1]);
    nkeys::KeyPair::from_public_key(issuer)
        .expect("the issuer is an nkey")
        .verify(signed.as_bytes(), &signature)
        .expect("the JWT is signed by its issuer");
    claims
}

/// The text between a `.creds` banner and the next one.
fn block<'a>(creds: &'a str, banner: &str) -> &'a str {
    let start = creds.find(banner).expect("the banner") + banner.len();
    creds[start..]
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .expect("a line after the banner")
}

#[test]
fn generated_nats_credentials_are_saved_as_creds_that_the_account_signed_with_a_nats_context() {
    let emulator = TestEmulator::start();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let config = folder.path().join("config");
    let mut env = emulator.client_env();
    env.push(("XDG_CONFIG_HOME", config.display().to_string()));
    let mut pty = console(env);
    pty.wait_for_text("1  NATS");
    pty.press("1");
    let screen = pty.wait_for("the NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && selected_name(screen).is_some()
    });
    let account_name = selected_name(&screen)
        .expect("a selected account")
        .to_owned();
    let account: NatsAccount = emulator
        .snapshot()
        .nats_accounts
        .into_iter()
        .map(|record| record.account)
        .find(|account| account.name == account_name)
        .expect("the account is the emulator's");
    pty.press(key::ENTER);
    pty.wait_for_text(&format!("Credentials · {account_name}"));
    pty.press("n");
    pty.wait_for_text("Generate credentials · NATS");
    pty.press("ci-nats");
    pty.press(key::ENTER);
    let screen = pty.wait_for_text("New credentials — shown once");
    assert!(
        screen.contains("hidden (v shows it)"),
        "the seed is hidden:\n{screen}"
    );

    let path = folder.path().join("ci.creds");
    save_to(&mut pty, 2, &path, true);
    pty.wait_for_text(&format!("Added the nats context {account_name}-ci-nats"));
    assert_eq!(mode(&path), 0o600);
    let creds = std::fs::read_to_string(&path).expect("the .creds reads");
    let jwt = block(&creds, "-----BEGIN NATS USER JWT-----");
    let seed = block(&creds, "-----BEGIN USER NKEY SEED-----");
    let claims = claims_of(jwt);
    assert_eq!(claims["nats"]["issuer_account"], account.id.as_str());
    let user = nkeys::KeyPair::from_seed(seed).expect("the seed is an nkey seed");
    assert_eq!(
        claims["sub"],
        user.public_key(),
        "the seed is the JWT's subject's"
    );
    let made = emulator.snapshot().nats_credentials;
    let made = made
        .iter()
        .find(|credentials| credentials.name == "ci-nats")
        .expect("the emulator holds them");
    assert_eq!(made.nats_account_id, account.id);
    assert_eq!(
        made.checksum,
        sha1_hex(&creds),
        "the file is the one issued"
    );

    let context = config.join(format!("nats/context/{account_name}-ci-nats.json"));
    let context: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&context).expect("the context reads"))
            .expect("JSON");
    assert_eq!(context["creds"], path.display().to_string());
    assert_eq!(context["url"], account.endpoint);

    done(&mut pty);
    pty.wait_for("the new row", |screen| lists(screen, "ci-nats"));
}

#[test]
fn rotating_revokes_the_old_credentials_only_once_the_revoke_is_confirmed() {
    let emulator = TestEmulator::start();
    let mut pty = console(emulator.client_env());
    queues_credentials(&mut pty);
    pty.press("/");
    pty.press("orders-consumer");
    pty.press(key::ENTER);
    pty.wait_for("orders-consumer selected", |screen| {
        selected_name(screen) == Some("orders-consumer")
    });
    let old = credentials_named(&emulator, "orders-consumer");
    assert_eq!(old.len(), 1);
    pty.press("R");
    let screen = pty.wait_for_text("Rotate credentials · Queues");
    let today = jiff::Zoned::now().date().to_string();
    let new_name = format!("orders-consumer-{today}");
    assert!(screen.contains(&format!("│{new_name} ")), "{screen}");
    pty.press(key::ENTER);
    pty.wait_for_text("New credentials — shown once");
    done(&mut pty);
    pty.wait_for("the revoke of the old credentials", |screen| {
        screen.contains("You are about to revoke orders-consumer")
            && screen.contains(&format!("Its replacement, {new_name}, exists now"))
            && screen.contains("[▶ Cancel ]")
    });
    let new = credentials_named(&emulator, &new_name);
    assert_eq!(new.len(), 1, "the replacement exists");
    assert_eq!(
        new[0].permissions, old[0].permissions,
        "with the same permissions"
    );
    assert_eq!(
        credentials_named(&emulator, "orders-consumer").len(),
        1,
        "the old one is still there while the pop-up asks"
    );
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Revoke credentials ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Revoked orders-consumer");
    assert!(credentials_named(&emulator, "orders-consumer").is_empty());
    assert_eq!(credentials_named(&emulator, &new_name).len(), 1);
}

#[test]
fn a_create_whose_answer_was_lost_is_found_and_offered_for_revocation() {
    let emulator = TestEmulator::start();
    let mut env = emulator.client_env();
    let api = env
        .iter_mut()
        .find(|(name, _)| *name == "SCW_API_URL")
        .expect("the emulator's URL");
    let proxy = DropProxy::start(&api.1, 1);
    api.1 = proxy.url();
    let mut pty = console(env);
    queues_credentials(&mut pty);
    pty.press("n");
    pty.wait_for_text("Generate credentials · Queues");
    pty.press("ci-lost");
    pty.press(key::TAB);
    pty.press(key::SPACE);
    pty.wait_for_text("▶ [x] Write");
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("⏎ send");
    pty.press(key::ENTER);
    pty.wait_for("the offer to revoke what was made", |screen| {
        screen.contains("You are about to revoke ci-lost")
            && screen.contains("their secret was lost")
            && screen.contains("[▶ Cancel ]")
    });
    assert_eq!(proxy.dropped(), 1, "the create's answer was lost");
    assert_eq!(
        credentials_named(&emulator, "ci-lost").len(),
        1,
        "made once: it was not sent again"
    );
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Revoke credentials ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Revoked ci-lost");
    assert!(credentials_named(&emulator, "ci-lost").is_empty());
}

#[test]
fn generate_list_and_update_end_right_through_propagation_delay_and_faults() {
    let emulator = TestEmulator::start_with(EmulatorOptions {
        seed: Some(Seed::Demo),
        propagation: Duration::from_millis(3000),
        faults: FaultConfig {
            max_latency: Duration::from_millis(40),
            failure_rate: 0.25,
            kinds: vec![FaultKind::RateLimited, FaultKind::Unavailable],
            seed: 7,
        },
        ..EmulatorOptions::default()
    });
    let mut pty = console(emulator.client_env());
    queues_credentials(&mut pty);
    generate_queues(&mut pty, "ci-propagating");
    done(&mut pty);
    pty.wait_for("the new row, propagating", |screen| {
        lists(screen, "ci-propagating") && screen.contains("propagating…")
    });
    // A reload while the API does not show it everywhere yet keeps it.
    pty.press(key::F5);
    pty.press("/");
    pty.press("ci-propagating");
    pty.press(key::ENTER);
    pty.wait_for("the new row selected", |screen| {
        selected_name(screen) == Some("ci-propagating")
    });
    pty.press("u");
    pty.wait_for_text("Update credentials · Queues");
    pty.press("-v2");
    pty.press(key::ENTER);
    let screen = pty.wait_for_within(
        Duration::from_secs(40),
        "the update done and the row readable",
        |screen| screen.contains("Updated ci-propagating-v2") && !screen.contains("propagating…"),
    );
    assert!(
        !screen.contains("Could not"),
        "no error is shown:\n{screen}"
    );
    let made = credentials_named(&emulator, "ci-propagating-v2");
    assert_eq!(made.len(), 1);
    assert_eq!(
        made[0].permissions,
        Some(Permissions::new(true, false, false))
    );
    let stats = emulator.fault_stats().expect("faults are on");
    assert!(stats.injected() > 0, "faults were injected");
    let log = pty.log();
    assert!(!log.contains(" ERROR "), "no error was logged");
}
