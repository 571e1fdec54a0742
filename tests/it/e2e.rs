//! End-to-end: the real `mnq-tui` binary in a pseudo-terminal, against an emulator the test
//! starts and owns, driven by keys as a person would. Each test checks both what the screen
//! shows and what the emulator holds afterwards.
//!
//! Every wait is on a screen condition with a deadline; a timeout prints the whole screen.
//! What the screen must show goes *into* the condition: a frame reaches the terminal in several
//! chunks, so a screen read just after a wait may still be half the previous frame. Only the
//! emulator's state, which changed before the screen did, is asserted after a wait.
#![cfg(target_os = "linux")]

use std::time::Duration;

use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, WAIT, key};
use crate::support::screen::{cell_shows, lists, row_name, selected_name};
use mnq_tui::api::model::{Permissions, ProjectId, Region, ServiceCredentials};

/// The console (not `demo`) against the test's emulator, in a 120×40 terminal.
fn console(emulator: &TestEmulator, args: &[&str]) -> Launch {
    Launch::new(args).env(emulator.client_env())
}

/// Whether the screen is the product menu, the first screen.
fn is_product_menu(screen: &str) -> bool {
    ["▶ 1  NATS", "2  Queues", "3  Topics and Events"]
        .iter()
        .all(|product| screen.contains(product))
}

fn wait_for_product_menu(pty: &Pty) {
    pty.wait_for("the product menu", is_product_menu);
}

/// The header: the screen's first line.
fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// The credentials of a project in a region, as the emulator holds them.
fn credentials_in(
    all: &[ServiceCredentials],
    project: &ProjectId,
    region: Region,
) -> Vec<ServiceCredentials> {
    all.iter()
        .filter(|credentials| &credentials.project_id == project && credentials.region == region)
        .cloned()
        .collect()
}

/// The one item the selected row shows.
fn selected<'a, T>(screen: &str, items: &'a [T], name_of: impl Fn(&T) -> &str) -> &'a T {
    let cell = selected_name(screen).unwrap_or_else(|| panic!("no row is selected:\n{screen}"));
    let mut matching = items.iter().filter(|item| cell_shows(cell, name_of(item)));
    let found = matching
        .next()
        .unwrap_or_else(|| panic!("{cell:?} on screen is not in the emulator"));
    assert!(matching.next().is_none(), "{cell:?} names more than one");
    found
}

/// The permissions the row of `name` shows: a ✓ under the Write, Read or Manage heading.
fn shown_permissions(screen: &str, name: &str) -> Option<Permissions> {
    let heading = screen
        .lines()
        .find(|line| line.contains("Write Read Manage"))?;
    let row = screen
        .lines()
        .find(|line| row_name(line).is_some_and(|cell| cell_shows(cell, name)))?;
    // Columns, not bytes: the borders and ticks are several bytes wide.
    let (heading, row): (Vec<char>, Vec<char>) = (heading.chars().collect(), row.chars().collect());
    let ticked = |title: &str| -> Option<bool> {
        let title: Vec<char> = title.chars().collect();
        let start = heading
            .windows(title.len())
            .position(|cells| cells == title)?;
        Some(row.get(start..start + title.len())?.contains(&'✓'))
    };
    Some(Permissions {
        can_publish: ticked("Write")?,
        can_receive: ticked("Read")?,
        can_manage: ticked("Manage")?,
    })
}

fn checkbox(ticked: bool) -> &'static str {
    if ticked { "[x]" } else { "[ ]" }
}

/// Quits with `q` and checks the program ended well.
fn quit(pty: &mut Pty) {
    pty.press("q");
    let status = pty.wait_exit(WAIT);
    assert!(status.success(), "mnq-tui exited with {status}");
}

#[test]
fn queues_credentials_follow_the_region() {
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let before = emulator.snapshot();
    let names = |region| -> Vec<String> {
        credentials_in(&before.sqs_credentials, &project, region)
            .into_iter()
            .map(|credentials| credentials.name)
            .collect()
    };
    let (paris, amsterdam) = (names(Region::FrPar), names(Region::NlAms));
    assert!(!paris.is_empty() && !amsterdam.is_empty());

    let mut pty = console(&emulator, &[]).spawn();
    wait_for_product_menu(&pty);
    pty.press(key::DOWN);
    pty.wait_for_text("▶ 2  Queues");
    pty.press(key::ENTER);
    pty.wait_for("the fr-par Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par")
            && paris.iter().all(|name| lists(screen, name))
    });

    pty.press("r");
    pty.wait_for_text("✓ current");
    pty.press(key::DOWN);
    pty.wait_for_text("▶ nl-ams");
    pty.press(key::ENTER);
    pty.wait_for(
        "the nl-ams Queues credentials, and no fr-par ones",
        |screen| {
            header(screen).contains("nl-ams")
                && screen.contains("Queues credentials · nl-ams")
                && amsterdam.iter().all(|name| lists(screen, name))
                && !paris.iter().any(|name| lists(screen, name))
        },
    );
    assert_eq!(emulator.snapshot(), before, "browsing changes nothing");
    quit(&mut pty);
}

#[test]
fn updating_a_queues_credential_changes_it_in_the_api_and_on_screen_at_80x24() {
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let before = emulator.snapshot();
    let paris = credentials_in(&before.sqs_credentials, &project, Region::FrPar);

    let mut pty = console(&emulator, &[]).size(80, 24).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    let screen = pty.wait_for("the fr-par Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });
    let target = selected(&screen, &paris, |c| &c.name).clone();
    let old = target.permissions();

    pty.press("u");
    pty.wait_for("the update form with the current name", |screen| {
        screen.contains("Update credentials ·") && screen.contains(&format!("│{}", target.name))
    });
    pty.press(key::CTRL_U);
    pty.wait_for_text("Name must not be empty");
    pty.press("e2e-renamed");
    pty.wait_for("the new name in the field", |screen| {
        screen.contains("│e2e-renamed") && !screen.contains("Name must not be empty")
    });
    // Name, Write, Read, Manage.
    pty.press(&key::TAB.repeat(3));
    pty.wait_for_text(&format!("▶ {} Manage", checkbox(old.can_manage)));
    pty.press(key::SPACE);
    pty.wait_for_text(&format!("▶ {} Manage", checkbox(!old.can_manage)));
    // Manage, Cancel, Update credentials.
    pty.press(&key::TAB.repeat(2));
    pty.wait_for_text("[▶ Update credentials ]");
    pty.press(key::ENTER);

    let expected = Permissions {
        can_manage: !old.can_manage,
        ..old
    };
    pty.wait_for("the row with the new name and permissions", |screen| {
        !screen.contains("Update credentials ·")
            && shown_permissions(screen, "e2e-renamed") == Some(expected)
            && !lists(screen, &target.name)
    });

    let after = emulator.snapshot();
    let updated = after
        .sqs_credentials
        .iter()
        .find(|credentials| credentials.id == target.id)
        .expect("the credentials still exist");
    assert_eq!(updated.name, "e2e-renamed");
    assert_eq!(updated.permissions(), expected);
    assert_eq!(after.sqs_credentials.len(), before.sqs_credentials.len());

    quit(&mut pty);
    let (_, secret) = emulator
        .client_env()
        .into_iter()
        .find(|(name, _)| *name == "SCW_SECRET_KEY")
        .expect("the emulator's secret key");
    let log = pty.log();
    assert!(!log.is_empty(), "the log is written");
    assert!(!log.contains(&secret), "the secret key is in the log");
}

/// Presses `d` on the selected row and waits for the revoke pop-up, which must name the
/// credentials and start on Cancel.
fn open_revoke(pty: &mut Pty, name: &str) {
    pty.press("d");
    pty.wait_for("the revoke pop-up, on Cancel", |screen| {
        let names_it = |line: &str| {
            line.contains("You are about to revoke") && line.split_whitespace().any(|w| w == name)
        };
        screen.lines().any(names_it) && screen.contains("[▶ Cancel ]")
    });
}

/// Moves to *Revoke credentials* and presses it.
fn confirm_revoke(pty: &mut Pty) {
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Revoke credentials ]");
    pty.press(key::ENTER);
}

fn revoke_closed(screen: &str) -> bool {
    !screen.contains("You are about to revoke")
}

#[test]
fn revoking_topics_credentials_removes_them_and_cancelling_keeps_them() {
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let before = emulator.snapshot();
    let topics = credentials_in(&before.sns_credentials, &project, Region::FrPar);

    let mut pty = console(&emulator, &[]).spawn();
    wait_for_product_menu(&pty);
    pty.press("3");
    let screen = pty.wait_for("the fr-par Topics and Events credentials", |screen| {
        screen.contains("Topics and Events credentials · fr-par")
            && topics.iter().all(|c| lists(screen, &c.name))
    });
    let first = selected_name(&screen).unwrap_or_default().to_owned();
    pty.press("j");
    let screen = pty.wait_for("the second row selected", |screen| {
        selected_name(screen).is_some_and(|cell| cell != first)
    });
    let target = selected(&screen, &topics, |c| &c.name).clone();

    // Enter on the fresh pop-up presses Cancel.
    open_revoke(&mut pty, &target.name);
    pty.press(key::ENTER);
    pty.wait_for("the pop-up closed by Enter", revoke_closed);
    open_revoke(&mut pty, &target.name);
    pty.press(key::ESC);
    pty.wait_for("the pop-up closed by Esc, the row still there", |screen| {
        revoke_closed(screen) && lists(screen, &target.name)
    });
    assert_eq!(
        emulator.snapshot(),
        before,
        "a cancelled revoke deletes nothing"
    );

    open_revoke(&mut pty, &target.name);
    confirm_revoke(&mut pty);
    pty.wait_for("the row gone, the others still there", |screen| {
        revoke_closed(screen) && !lists(screen, &target.name) && lists(screen, &first)
    });
    let after = emulator.snapshot();
    assert!(!after.sns_credentials.iter().any(|c| c.id == target.id));
    assert_eq!(
        after.sns_credentials.len(),
        before.sns_credentials.len() - 1
    );
    quit(&mut pty);
}

#[test]
fn revoking_nats_credentials_removes_them() {
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let before = emulator.snapshot();
    let accounts: Vec<_> = before
        .nats_accounts
        .iter()
        .map(|record| record.account.clone())
        .filter(|account| account.project_id == project && account.region == Region::FrPar)
        .collect();

    let mut pty = console(&emulator, &[]).spawn();
    wait_for_product_menu(&pty);
    pty.press("1");
    let screen = pty.wait_for("the fr-par NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && accounts.iter().all(|a| lists(screen, &a.name))
    });
    let account = selected(&screen, &accounts, |a| &a.name).clone();
    let credentials: Vec<_> = before
        .nats_credentials
        .iter()
        .filter(|credentials| credentials.nats_account_id == account.id)
        .cloned()
        .collect();
    assert!(credentials.len() >= 2, "{} has credentials", account.name);

    pty.press(key::ENTER);
    let screen = pty.wait_for("the account's credentials", |screen| {
        screen.contains(&format!("Credentials · {}", account.name))
            && credentials.iter().all(|c| lists(screen, &c.name))
    });
    let first = selected_name(&screen).unwrap_or_default().to_owned();
    pty.press("j");
    let screen = pty.wait_for("the second credentials selected", |screen| {
        selected_name(screen).is_some_and(|cell| cell != first)
    });
    let target = selected(&screen, &credentials, |c| &c.name).clone();

    open_revoke(&mut pty, &target.name);
    confirm_revoke(&mut pty);
    pty.wait_for("the credentials gone, the others still there", |screen| {
        revoke_closed(screen) && !lists(screen, &target.name) && lists(screen, &first)
    });
    let after = emulator.snapshot();
    assert!(!after.nats_credentials.iter().any(|c| c.id == target.id));
    assert_eq!(
        after.nats_credentials.len(),
        before.nats_credentials.len() - 1
    );
    quit(&mut pty);
}

#[test]
fn q_exits_zero_and_gives_the_terminal_back() {
    let emulator = TestEmulator::start();
    let before = emulator.snapshot();
    let mut pty = console(&emulator, &[]).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    pty.wait_for_text("Queues credentials · fr-par");
    assert!(pty.with_screen(|screen| screen.alternate_screen()));
    assert!(!pty.canonical_mode(), "the console runs in raw mode");

    pty.press("q");
    let status = pty.wait_exit(WAIT);
    assert!(status.success(), "mnq-tui exited with {status}");
    assert_the_terminal_is_given_back(&pty);
    assert_eq!(emulator.snapshot(), before);
}

/// The terminal as the console found it: the main screen, the cursor shown, no bracketed
/// paste or mouse reporting, raw mode off.
fn assert_the_terminal_is_given_back(pty: &Pty) {
    let output = pty.output();
    let last = |sequence: &[u8]| output.windows(sequence.len()).rposition(|w| w == sequence);
    let entered = last(b"\x1b[?1049h").expect("it entered the alternate screen");
    let left = last(b"\x1b[?1049l").expect("it left the alternate screen");
    assert!(left > entered, "it left the alternate screen last");
    pty.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "back on the main screen");
        assert!(!screen.hide_cursor(), "the cursor is visible");
        assert!(!screen.bracketed_paste(), "bracketed paste is off");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is off"
        );
    });
    assert!(pty.canonical_mode(), "raw mode is off");
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_as_q_does() {
    let emulator = TestEmulator::start();
    for (signal, code) in [(libc::SIGTERM, 143), (libc::SIGHUP, 129)] {
        let mut pty = console(&emulator, &[]).spawn();
        wait_for_product_menu(&pty);
        pty.press("2");
        pty.wait_for_text("Queues credentials · fr-par");
        assert!(pty.with_screen(|screen| screen.alternate_screen()));
        assert_ne!(
            pty.with_screen(|screen| screen.mouse_protocol_mode()),
            vt100::MouseProtocolMode::None,
            "the console asked for the mouse"
        );

        pty.signal(signal);
        let status = pty.wait_exit(WAIT);
        assert_eq!(
            (status.exit_code(), status.signal()),
            (code, None),
            "signal {signal}: {status}"
        );
        assert_the_terminal_is_given_back(&pty);
    }
}

/// The issue asks for the menu within a second of `cargo run --release -- demo`; this runs the
/// build under test (debug in `cargo test`), so it prints the figure and allows more.
#[test]
fn demo_shows_the_product_menu_quickly() {
    let mut pty = Launch::new(&["demo"]).spawn();
    pty.wait_for_within(Duration::from_secs(5), "the product menu", |screen| {
        is_product_menu(screen) && header(screen).contains("demo")
    });
    let elapsed = pty.since_start();
    println!(
        "mnq-tui demo: the product menu {} ms after spawn ({} build; \
         `cargo test --release --test it e2e::demo -- --nocapture` for the release figure)",
        elapsed.as_millis(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    pty.press("2");
    pty.wait_for_text("Queues credentials · fr-par");
    quit(&mut pty);
}

#[test]
fn readonly_offers_neither_update_nor_revoke() {
    let emulator = TestEmulator::start();
    let before = emulator.snapshot();
    let mut pty = console(&emulator, &["--readonly"]).spawn();
    pty.wait_for("the product menu, read-only", |screen| {
        is_product_menu(screen) && header(screen).contains("READ-ONLY")
    });

    pty.press("2");
    pty.wait_for(
        "the Queues credentials, with no update or revoke hint",
        |screen| {
            let footer = screen.lines().last().unwrap_or_default();
            screen.contains("Queues credentials · fr-par")
                && selected_name(screen).is_some()
                && footer.contains("filter")
                && !footer.contains("update")
                && !footer.contains("revoke")
        },
    );

    // Keys are handled in order: had `d` or `u` opened a pop-up, `?` would not open the help.
    pty.press("d");
    pty.press("u");
    pty.press("?");
    let help = pty.wait_for("the help", |screen| {
        screen.contains("go to Queues") && screen.contains("closes this help")
    });
    assert!(
        !help.contains("revoke the credentials") && !help.contains("update the credentials"),
        "the help lists an update or revoke key:\n{help}"
    );
    pty.press(key::ESC);
    pty.wait_for("the help closed", |screen| {
        !screen.contains("closes this help")
    });

    // Nor is the see-more menu (it would only say that nothing can be done): `.` and Enter
    // are not offered and do nothing, so `?` after them opens the help.
    pty.press(".");
    pty.press(key::ENTER);
    pty.press("?");
    let help = pty.wait_for_text("closes this help");
    assert!(!help.contains("see more"), "{help}");
    pty.press(key::ESC);
    let screen = pty.wait_for("the help closed", |screen| {
        !screen.contains("closes this help")
    });
    let footer = screen.lines().last().unwrap_or_default();
    assert!(!footer.contains("more"), "{footer}");

    assert_eq!(emulator.snapshot(), before, "read-only changed nothing");
    quit(&mut pty);
}

/// Ctrl-Z gives the terminal back and, once resumed, the console repaints everything. (Here
/// the program runs in its own session with no shell, where the kernel ignores the stop: it
/// resumes at once, which is the same path as `fg`.)
#[test]
fn ctrl_z_gives_the_terminal_back_and_a_resume_repaints() {
    let emulator = TestEmulator::start();
    let mut pty = console(&emulator, &[]).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    pty.wait_for_text("Queues credentials · fr-par");
    let before = pty.output().len();

    pty.press("\x1a");
    // The terminal was given back (alternate screen left) and taken again.
    let until = std::time::Instant::now() + WAIT;
    let suspended_and_resumed = || {
        let since = pty.output()[before..].to_vec();
        let position = |sequence: &[u8]| since.windows(sequence.len()).position(|w| w == sequence);
        matches!(
            (position(b"\x1b[?1049l"), position(b"\x1b[?1049h")),
            (Some(left), Some(entered)) if left < entered
        )
    };
    while !suspended_and_resumed() {
        assert!(
            std::time::Instant::now() < until,
            "no suspend and resume in the output; screen:\n{}",
            pty.screen()
        );
        // The output has no event of its own to wait on here.
        std::thread::sleep(Duration::from_millis(10));
    }
    pty.wait_for("a full repaint after the resume", |screen| {
        screen.contains("Queues credentials · fr-par") && screen.contains("Access key")
    });
    assert!(!pty.canonical_mode(), "raw mode is back on");

    pty.press("j");
    pty.wait_for("the selection moved after the resume", |screen| {
        selected_name(screen).is_some_and(|name| name != credentials_first(&emulator))
    });
    quit(&mut pty);
}

/// The name of the first Queues credentials of the default project in fr-par.
fn credentials_first(emulator: &TestEmulator) -> String {
    let project = emulator.default_project();
    let mut rows: Vec<_> = emulator
        .snapshot()
        .sqs_credentials
        .into_iter()
        .filter(|c| c.project_id == project && c.region == Region::FrPar)
        .collect();
    rows.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    rows[0].name.clone()
}

/// The footer: the screen's last line.
fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

/// The console at 80×24 on the Queues credentials, a row selected.
fn queues_at_80x24(emulator: &TestEmulator) -> Pty {
    let mut pty = console(emulator, &[]).size(80, 24).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    pty.wait_for("the Queues credentials", |screen| {
        selected_name(screen).is_some()
    });
    pty
}

/// At 60×20 names stay readable (other columns go first), and the help opens between the
/// header and the footer, covering neither.
#[test]
fn at_60x20_names_stay_readable_and_the_help_covers_neither_header_nor_footer() {
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let names: Vec<String> = credentials_in(
        &emulator.snapshot().sqs_credentials,
        &project,
        Region::FrPar,
    )
    .into_iter()
    .map(|credentials| credentials.name)
    .filter(|name| name.chars().count() <= 16)
    .collect();
    assert!(!names.is_empty());
    let mut pty = console(&emulator, &[]).size(60, 20).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    pty.wait_for("whole names of up to 16 characters", |screen| {
        names
            .iter()
            .take(5)
            .all(|name| screen.contains(name.as_str()))
    });
    pty.press("?");
    pty.wait_for("the help under the header and above the footer", |screen| {
        screen.contains("Help")
            && header(screen).contains("mnq-tui")
            && footer(screen).contains("close")
    });
    pty.press(key::ESC);
    pty.wait_for("the help closed", |screen| !screen.contains("Help ·"));
    quit(&mut pty);
}

/// NATS accounts are filtered by name only, and the help says so; at 80×24 it leaves the
/// header and the footer alone.
#[test]
fn the_nats_accounts_help_fits_at_80x24_and_says_what_the_filter_matches() {
    let emulator = TestEmulator::start();
    let mut pty = console(&emulator, &[]).size(80, 24).spawn();
    wait_for_product_menu(&pty);
    pty.press("1");
    pty.wait_for("the NATS accounts", |screen| {
        footer(screen).contains("open")
    });
    pty.press("?");
    let help = pty.wait_for("the help under the header and above the footer", |screen| {
        screen.contains("filter by name")
            && header(screen).contains("mnq-tui")
            && footer(screen).contains("close")
    });
    assert!(!help.contains("access key"), "{help}");
    // q closes the help; q again quits.
    pty.press("q");
    pty.wait_for("the help closed", |screen| {
        !screen.contains("filter by name")
    });
    quit(&mut pty);
}

/// The filter says what it matches and counts in English; with nothing left, no action on a
/// credential is offered.
#[test]
fn the_filter_says_what_it_matches_and_offers_no_action_on_nothing() {
    let emulator = TestEmulator::start();
    let mut pty = queues_at_80x24(&emulator);
    pty.press("/");
    pty.press("zzzz");
    pty.press(key::ENTER);
    pty.wait_for("no match, and no revoke or update offered", |screen| {
        screen.contains("No name, access key or id matches")
            && !footer(screen).contains("revoke")
            && !footer(screen).contains("update")
    });
    pty.press(key::ESC);
    pty.wait_for("the filter cleared", |screen| {
        selected_name(screen).is_some()
    });
    pty.press("/");
    pty.press("orders");
    pty.wait_for_text("2 of 12 match");
    pty.press(key::ESC);
    pty.wait_for("the filter cleared", |screen| !screen.contains(" match"));
    quit(&mut pty);
}

/// When the API goes away: a failed reload leaves the rows marked stale, and a failed update
/// shows its whole error in the form, which keeps what was typed.
#[test]
fn when_the_api_goes_away_rows_are_marked_stale_and_a_failed_update_shows_its_whole_error() {
    let emulator = TestEmulator::start();
    let mut pty = queues_at_80x24(&emulator);
    drop(emulator);

    pty.press(key::F5);
    pty.wait_for("the failure", |screen| screen.contains("cannot reach"));
    pty.press(key::ESC);
    pty.wait_for("the rows, marked stale", |screen| {
        !screen.contains("cannot reach")
            && screen.contains("stale — reload failed")
            && selected_name(screen).is_some()
    });

    pty.press("u");
    pty.wait_for_text("Update credentials");
    pty.press("-v2");
    pty.press(key::ENTER);
    pty.wait_for("the whole error, under what was typed", |screen| {
        screen.contains("SCW_API_URL") && screen.contains("-v2")
    });
    pty.press(key::ESC);
    pty.wait_for_text("Discard");
    pty.press(key::TAB);
    pty.press(key::ENTER);
    pty.wait_for("the form closed", |screen| {
        !screen.contains("Update credentials")
    });
    quit(&mut pty);
}

/// The names of the list's rows, top to bottom.
fn shown_names(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|line| !line.contains("Access key"))
        .filter_map(row_name)
        // An empty line of the list's frame.
        .filter(|cell| *cell != "│")
        .collect()
}

/// In the demo with `--stale-days`, `s` sorts by the next column (its heading gets the arrow)
/// and `/stale` keeps exactly the credentials created more than that many days ago.
#[test]
fn demo_sorts_with_s_and_filters_the_stale_credentials() {
    let store = mnq_tui::emulator::Seed::Demo
        .load()
        .expect("the demo seed loads");
    let mut queues: Vec<&ServiceCredentials> = store
        .sqs_credentials
        .iter()
        .filter(|row| {
            row.project_id == store.api_keys[0].default_project_id && row.region == Region::FrPar
        })
        .collect();
    let created = |row: &ServiceCredentials| row.created_at.expect("dated").date();
    queues.sort_by_key(|row| created(row));
    // The threshold that makes the older half stale: the days from the first creation day of
    // the newer half to today, whatever today is.
    let split = (queues.len() / 2..queues.len())
        .find(|&at| created(queues[at - 1]) < created(queues[at]))
        .expect("two creation days");
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date();
    let days = today
        .since(created(queues[split]))
        .expect("days between dates")
        .get_days();
    let stale_days = days.to_string();
    let (stale, fresh) = queues.split_at(split);

    let mut pty = Launch::new(&["demo", "--stale-days", &stale_days]).spawn();
    wait_for_product_menu(&pty);
    pty.press("2");
    pty.wait_for("the credentials by creation", |screen| {
        screen.contains("Created ↑")
            && shown_names(screen).first() == Some(&queues[0].name.as_str())
    });

    let by_update = queues
        .iter()
        .min_by_key(|row| (row.updated_at, row.name.to_lowercase()))
        .expect("credentials");
    pty.press("s");
    pty.wait_for("the credentials by update", |screen| {
        screen.contains("Updated ↑")
            && !screen.contains("Created ↑")
            && shown_names(screen)
                .first()
                .is_some_and(|cell| cell_shows(cell, &by_update.name))
    });
    let by_name = queues
        .iter()
        .min_by_key(|row| row.name.to_lowercase())
        .expect("credentials");
    pty.press("s");
    pty.wait_for("the credentials by name", |screen| {
        screen.contains("Name ↑")
            && shown_names(screen)
                .first()
                .is_some_and(|cell| cell_shows(cell, &by_name.name))
    });

    pty.press("/stale");
    pty.press(key::ENTER);
    pty.wait_for("only the stale credentials", |screen| {
        let names = shown_names(screen);
        names.len() == stale.len()
            && stale.iter().all(|row| lists(screen, &row.name))
            && fresh.iter().all(|row| !lists(screen, &row.name))
            && screen.contains(&format!("! over {stale_days} days old"))
    });
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}
