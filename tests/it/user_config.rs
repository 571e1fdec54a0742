//! The user's config file (`$XDG_CONFIG_HOME/mnq-tui/config.toml`): remapped keys drive the
//! console and show in its footer and help; every mistake is refused with the line and an
//! exact message; a broken file stops the console with its path, and `--no-config` starts
//! without it.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::sync::Arc;

use crate::support::pty::{Launch, WAIT};
use crate::support::states::*;
use mnq_tui::app::*;
use mnq_tui::ui;
use mnq_tui::user_config::parse;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn error_of(config: &str) -> String {
    match parse(config) {
        Ok(_) => panic!("accepted:\n{config}"),
        Err(error) => error,
    }
}

/// The Queues credentials with the keymap of `config`.
fn on_queues_with(config: &str) -> Program {
    let user = parse(config).expect("the config is valid");
    let mut state = on_queues(false);
    state.session.keymap = Arc::new(user.keymap);
    Program::new(state, ratatui::layout::Size::new(120, 40))
}

fn screen(program: &Program) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    terminal
        .draw(|frame| ui::render(program.state(), frame))
        .expect("drawn");
    terminal.backend().to_string()
}

#[test]
fn remapped_keys_drive_the_console_and_show_in_the_footer_and_the_help() {
    let mut program = on_queues_with(
        r#"
[keys.credentials]
revoke = ["x"]
update = []
"#,
    );
    let footer = screen(&program);
    assert!(footer.contains("x revoke"), "{footer}");
    assert!(
        !footer.contains("d revoke") && !footer.contains("u update"),
        "{footer}"
    );

    let _ = program.key(&Key::char('d'));
    let _ = program.key(&Key::char('u'));
    assert!(program.state().popup.is_none(), "d and u do nothing now");
    let _ = program.key(&Key::char('x'));
    assert!(matches!(program.state().popup, Some(Popup::Revoke { .. })));
    let _ = program.key(&Key::plain(KeyCode::Esc));
    let _ = program.key(&Key::char('?'));
    let help = screen(&program);
    assert!(
        help.contains("x         revoke them, or every marked one (asks first)"),
        "{help}"
    );
    assert!(!help.contains("update their name"), "{help}");
}

#[test]
fn every_mistake_is_refused_with_its_line_and_an_exact_message() {
    assert_eq!(
        error_of("[keys.credentials]\nrevok = \"x\"\n"),
        "line 2: \"revok\" is not an action; the actions are up, down, page-up, page-down, \
         first, last, open, back, nats, queues, topics, next-tab, previous-tab, next-field, \
         previous-field, toggle, activate, region, project, see-more, update, revoke, generate, \
         rotate, show-seed, copy-key, copy-id, test-connection, reload, filter, mark, \
         mark-all, find-file, journal, sort, reverse-sort, help, quit, force-quit, suspend"
    );
    assert_eq!(
        error_of("[keys.credentials]\n\nrevoke = \"ctrl-shift-x\"\n"),
        "line 3: \"ctrl-shift-x\" is not a key; write a character, ctrl-x, alt-x, enter, esc, \
         tab, shift-tab, space, backspace, delete, up, down, left, right, home, end, pageup, \
         pagedown or f1 to f12"
    );
    assert_eq!(
        error_of("[keys.credentials]\nrevoke = \"r\"\n"),
        "r would do both revoke (line 2) and region (built in) in the credentials context"
    );
    assert_eq!(
        error_of("[keys.credentials]\nrevoke = \"x\"\nreload = \"x\"\n"),
        "line 3: reload is not an action of [keys.credentials]; its actions are see-more, \
         generate, update, rotate, revoke, test-connection, filter, copy-key, copy-id, sort, \
         reverse-sort, mark, mark-all, next-tab, previous-tab, back"
    );
    assert_eq!(
        error_of("[keys.reload]\nreload = \"x\"\n[keys.credentials]\nrevoke = \"x\"\n"),
        "x would do both revoke (line 4) and reload (line 2) in the credentials context"
    );
    assert_eq!(
        error_of("[keys.credential]\nrevoke = \"x\"\n"),
        "line 1: [keys.credential] is not a section of keys; the sections are everywhere, \
         screens, reload, move, paging, menus, forms, dialogs, products, overview, credentials, \
         nats-accounts, nats-account, filter, regions, projects, see-more, form-name, form, \
         discard, secret, save-path, save-options, secret-question, connection, revoke, \
         batch-confirm, batch-revoke, quit, find-file, found, journal, help, message, too-small"
    );
    assert_eq!(
        error_of("[colors]\nselection = \"purplish\"\n"),
        "line 2: \"purplish\" is not a colour; write a name (red, dark-gray, light-blue, …) or \
         #rrggbb"
    );
    assert_eq!(
        error_of("[colors]\nshadow = \"red\"\n"),
        "line 2: \"shadow\" is not a colour role; the roles are accent, selection, danger, \
         error, warning, muted, key, ok, border, focus and header"
    );
    assert_eq!(
        error_of("theme = \"solarized\"\n"),
        "line 1: \"solarized\" is not a theme; the themes are dark, light and mono"
    );
    assert_eq!(
        error_of("mouse = true\ntheme = \"dark\n"),
        "line 2: invalid basic string, expected `\"`"
    );
    assert_eq!(
        error_of("mouse = true\nmice = false\n"),
        "line 2: unknown field `mice`, expected one of `theme`, `mouse`, `default_product`, \
         `default_region`, `stale_days`, `colors`, `keys`"
    );
}

#[test]
fn a_broken_config_file_stops_the_console_with_its_path_and_no_config_starts_without_it() {
    let home = tempfile::tempdir().expect("a temporary folder");
    let folder = home.path().join("mnq-tui");
    std::fs::create_dir_all(&folder).expect("the config folder");
    let path = folder.join("config.toml");
    std::fs::write(&path, "[keys.credentials]\nrevoke = \"q\"\n").expect("written");
    let output = Command::new(env!("CARGO_BIN_EXE_mnq-tui"))
        .arg("demo")
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .expect("mnq-tui runs");
    // A configuration that cannot be used, as for every command.
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: {}: q would do both revoke (line 2) and quit (built in) in the credentials \
             context (mnq-tui --no-config starts without it)\n",
            path.display()
        )
    );

    let mut pty = Launch::new(&["demo", "--no-config"])
        .env([("XDG_CONFIG_HOME", home.path().display().to_string())])
        .spawn();
    pty.wait_for_text("1  NATS");
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}

#[test]
fn the_user_theme_and_start_screen_apply() {
    let user = parse(
        "theme = \"light\"\ndefault_product = \"topics\"\ndefault_region = \"nl-ams\"\n\
         [colors]\ndanger = \"bold magenta\"\n",
    )
    .expect("valid");
    assert_eq!(
        user.product,
        Some(mnq_tui::api::model::Product::TopicsAndEvents)
    );
    assert_eq!(user.region, Some(mnq_tui::api::model::Region::NlAms));
    let mut light = Theme::light();
    light.danger = ratatui::style::Style::new()
        .fg(ratatui::style::Color::Magenta)
        .add_modifier(ratatui::style::Modifier::BOLD);
    assert_eq!(user.theme, light);
    // Every region at once, or a clear error.
    let everywhere = parse("default_region = \"all\"\n").expect("valid");
    assert!(everywhere.all_regions && everywhere.region.is_none());
    assert_eq!(
        error_of("default_region = \"pl-waw\"\n"),
        "line 1: \"pl-waw\" is not a region; write fr-par, nl-ams or all"
    );
}
