//! End-to-end, the comforts: clicks and the wheel as SGR mouse reports written to the
//! pseudo-terminal (what a terminal sends), `--no-mouse`, and `y` copying the selected access
//! key through OSC 52, read back from the terminal output and decoded.
#![cfg(target_os = "linux")]

use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, WAIT, key};
use crate::support::screen::selected_name;
use data_encoding::BASE64;

/// The cell (1-based, as SGR reports count) in the middle of `text` on screen.
fn cell_of(screen: &str, text: &str) -> (usize, usize) {
    for (y, line) in screen.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let wanted: Vec<char> = text.chars().collect();
        if let Some(x) = chars.windows(wanted.len()).position(|w| w == wanted) {
            return (x + wanted.len() / 2 + 1, y + 1);
        }
    }
    panic!("{text:?} is not on screen:\n{screen}");
}

/// A left click (press and release) on `text`.
fn click(pty: &mut Pty, text: &str) {
    let (x, y) = cell_of(&pty.screen(), text);
    pty.press(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
}

fn double_click(pty: &mut Pty, text: &str) {
    let (x, y) = cell_of(&pty.screen(), text);
    let once = format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m");
    pty.press(&format!("{once}{once}"));
}

fn wheel_down(pty: &mut Pty) {
    pty.press("\x1b[<65;20;10M");
}

fn console(emulator: &TestEmulator, args: &[&str]) -> Pty {
    let mut args = args.to_vec();
    args.push("--no-config");
    Launch::new(&args).env(emulator.client_env()).spawn()
}

#[test]
fn clicks_open_a_product_select_a_row_and_revoke_through_the_pop_up_buttons() {
    let emulator = TestEmulator::start();
    let mut pty = console(&emulator, &[]);
    pty.wait_for_text("2  Queues");
    click(&mut pty, "2  Queues");
    pty.wait_for("the Queues credentials", |screen| {
        selected_name(screen) == Some("orders-producer")
    });
    wheel_down(&mut pty);
    pty.wait_for("the wheel moved the selection", |screen| {
        selected_name(screen) == Some("billing-consumer")
    });
    click(&mut pty, "ci-deployer ");
    pty.wait_for("the clicked row selected", |screen| {
        selected_name(screen) == Some("ci-deployer")
    });
    // Apart from the click before by more than the double-click time.
    std::thread::sleep(std::time::Duration::from_millis(450));
    double_click(&mut pty, "ci-deployer ");
    pty.wait_for_text("Rotate credentials");
    click(&mut pty, "Revoke   ");
    pty.wait_for_text("You are about to revoke ci-deployer");
    // A click outside the pop-up confirms nothing; Cancel closes it.
    click(&mut pty, "mnq-tui");
    click(&mut pty, "Cancel ]");
    pty.wait_for("the pop-up closed", |screen| {
        !screen.contains("You are about to revoke")
    });
    assert!(
        emulator
            .snapshot()
            .sqs_credentials
            .iter()
            .any(|credentials| credentials.name == "ci-deployer"),
        "nothing was revoked"
    );
    pty.press("d");
    pty.wait_for_text("You are about to revoke ci-deployer");
    click(&mut pty, "Revoke credentials ]");
    pty.wait_for_text("Revoked ci-deployer");
    assert!(
        !emulator
            .snapshot()
            .sqs_credentials
            .iter()
            .any(|credentials| credentials.name == "ci-deployer"),
        "the click on Revoke credentials revoked them"
    );
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}

#[test]
fn no_mouse_ignores_clicks_and_the_wheel() {
    let emulator = TestEmulator::start();
    let mut pty = console(&emulator, &["--no-mouse"]);
    pty.wait_for_text("2  Queues");
    click(&mut pty, "2  Queues");
    wheel_down(&mut pty);
    // A key after the clicks: once its effect shows, the clicks were read (and ignored).
    pty.press(key::DOWN);
    let screen = pty.wait_for_text("▶ 2  Queues");
    assert!(
        screen.contains("1  NATS"),
        "still on the product menu:\n{screen}"
    );
    let output = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(
        !output.contains("\x1b[?1000h"),
        "mouse reports were not asked for"
    );
}

#[test]
fn y_sends_the_selected_access_key_to_the_clipboard_with_osc_52() {
    let emulator = TestEmulator::start();
    let mut pty = console(&emulator, &[]);
    pty.wait_for_text("2  Queues");
    pty.press("2");
    pty.wait_for("the Queues credentials", |screen| {
        selected_name(screen) == Some("orders-producer")
    });
    pty.press("y");
    let access_key = emulator
        .snapshot()
        .sqs_credentials
        .iter()
        .find(|credentials| credentials.name == "orders-producer")
        .map(|credentials| credentials.access_key.clone())
        .expect("the demo has it");
    pty.wait_for_text(&format!(
        "Access key {access_key} sent to the terminal's clipboard"
    ));
    let output = pty.output();
    let start = output
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence")
        + 7;
    let end = start
        + output[start..]
            .iter()
            .position(|byte| *byte == 0x07)
            .expect("the sequence ends with BEL");
    let copied = BASE64
        .decode(&output[start..end])
        .expect("the payload is base64");
    assert_eq!(String::from_utf8(copied).expect("text"), access_key);
}
