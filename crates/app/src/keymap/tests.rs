//! The console's keymap: its table holds together (no key twice in a context, a way out
//! everywhere, read-only drops what writes), the engine derives the footer and sentences
//! from it, and a user's changes apply by name.

use strum::IntoEnumIterator;
use tui_input::InputRequest;

use super::*;
use crate::key::{KeyCode, KeyModifiers};

fn resolve(context: Context, event: &Key) -> Option<Resolved> {
    Keymap::default().resolve(context, event)
}

fn keys_for(context: Context, command: Command, separator: &str) -> Option<String> {
    Keymap::default().keys_for(context, command, separator)
}

fn press(code: KeyCode) -> Key {
    Key::plain(code)
}

fn hints(context: Context, readonly: bool, selection: bool) -> Vec<(String, &'static str)> {
    Keymap::default()
        .footer_hints(context, readonly, selection)
        .into_iter()
        .map(|hint| (hint.keys, hint.words))
        .collect()
}

#[test]
fn vim_keys_and_arrows_move() {
    for code in [KeyCode::Down, KeyCode::Char('j')] {
        assert_eq!(
            resolve(Context::Credentials, &press(code)),
            Some(Resolved::Command(Command::Down))
        );
    }
    let shift_g = Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(
        resolve(Context::Credentials, &shift_g),
        Some(Resolved::Command(Command::Last))
    );
}

#[test]
fn readonly_offers_no_key_that_leads_to_a_change_but_still_hears_them() {
    for context in [Context::Credentials, Context::NatsAccount] {
        let words: Vec<_> = hints(context, true, true)
            .into_iter()
            .map(|h| h.1)
            .collect();
        for gone in ["revoke", "update", "more", "generate"] {
            assert!(!words.contains(&gone), "{context:?}: {words:?}");
        }
        let offered: Vec<Command> = Keymap::default()
            .bindings(context, true)
            .map(|binding| binding.command)
            .collect();
        for gone in [Command::Revoke, Command::OpenSeeMore, Command::Generate] {
            assert!(!offered.contains(&gone), "{context:?}: {offered:?}");
        }
        // Pressed anyway, they reach the console, which says it is read-only.
        assert_eq!(
            resolve(context, &press(KeyCode::Char('d'))),
            Some(Resolved::Command(Command::Revoke))
        );
    }
}

#[test]
fn actions_on_credentials_are_offered_only_when_some_are_selected() {
    let offered = |selection| -> Vec<&str> {
        hints(Context::Credentials, false, selection)
            .into_iter()
            .map(|hint| hint.1)
            .collect()
    };
    assert!(offered(true).contains(&"revoke"));
    for words in ["more", "update", "revoke"] {
        assert!(!offered(false).contains(&words), "{:?}", offered(false));
    }
}

#[test]
fn footer_keys_are_computed_from_the_bindings() {
    let hints = hints(Context::Credentials, false, true);
    for expected in [
        ("↑↓", "move"),
        (".", "more"),
        ("1-3", "product"),
        ("F5", "reload"),
    ] {
        assert!(
            hints.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?} in {hints:?}"
        );
    }
    assert_eq!(
        Keymap::default().footer_hints(Context::Revoke, false, false)[0].keys,
        "Tab/←→"
    );
    let mut keymap = Keymap::default();
    let moves = keymap
        .layers
        .get_mut(&Layer::Shared(SharedLayer::Move))
        .expect("a move layer");
    moves[1].keys = vec![Key::char('x')];
    let moved = keymap.footer_hints(Context::Products, false, false);
    assert_eq!(moved[0].keys, "↑x", "a remapped key shows in the footer");
    assert_eq!(
        keymap.resolve(Context::Products, &Key::char('x')),
        Some(Resolved::Command(Command::Down))
    );
}

#[test]
fn sentences_ask_the_keymap_for_their_keys() {
    assert_eq!(
        keys_for(Context::Credentials, Command::Reload, " or ").as_deref(),
        Some("F5 or Ctrl-R")
    );
    assert_eq!(
        keys_for(Context::Message, Command::Back, "/").as_deref(),
        Some("⏎/Esc")
    );
    assert_eq!(keys_for(Context::Help, Command::Reload, "/"), None);
}

#[test]
fn s_sorts_and_capital_s_reverses_in_every_list_read_only_too_in_the_help_only() {
    for context in [
        Context::Credentials,
        Context::NatsAccounts,
        Context::NatsAccount,
    ] {
        assert_eq!(
            resolve(context, &press(KeyCode::Char('s'))),
            Some(Resolved::Command(Command::Sort))
        );
        assert_eq!(
            resolve(context, &Key::char('S')),
            Some(Resolved::Command(Command::ReverseSort))
        );
        let read_only: Vec<Command> = Keymap::default()
            .bindings(context, true)
            .map(|binding| binding.command)
            .collect();
        assert!(read_only.contains(&Command::Sort) && read_only.contains(&Command::ReverseSort));
        let words: Vec<_> = hints(context, false, true)
            .into_iter()
            .map(|h| h.1)
            .collect();
        assert!(
            !words.iter().any(|words| words.contains("sort")),
            "{words:?}"
        );
    }
    let change = KeyChange {
        section: "credentials".into(),
        action: "reverse-sort".into(),
        keys: vec!["o".into()],
        line: 2,
        section_line: 1,
    };
    let keymap = Keymap::default()
        .with_changes(&[change])
        .expect("o is free");
    assert_eq!(
        keymap.resolve(Context::Credentials, &Key::char('o')),
        Some(Resolved::Command(Command::ReverseSort))
    );
    assert_eq!(keymap.resolve(Context::Credentials, &Key::char('S')), None);
}

#[test]
fn nats_credentials_have_no_update_key() {
    assert_eq!(
        resolve(Context::NatsAccount, &press(KeyCode::Char('u'))),
        None
    );
}

#[test]
fn typing_q_in_a_text_field_types_it() {
    assert_eq!(
        resolve(Context::FormName, &press(KeyCode::Char('q'))),
        Some(Resolved::Edit(InputRequest::InsertChar('q')))
    );
    assert_eq!(
        resolve(Context::Filter, &press(KeyCode::Char('q'))),
        Some(Resolved::Edit(InputRequest::InsertChar('q')))
    );
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let ctrl_c = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for context in Context::iter() {
        assert_eq!(
            resolve(context, &ctrl_c),
            Some(Resolved::Command(Command::ForceQuit))
        );
    }
}

#[test]
fn every_context_offers_help_or_a_way_out_in_its_footer() {
    for context in Context::iter() {
        for readonly in [false, true] {
            let hints = hints(context, readonly, false);
            assert!(
                hints.iter().any(|hint| matches!(
                    hint.1,
                    "help" | "quit" | "close" | "cancel" | "dismiss" | "clear" | "keep editing"
                )),
                "{context:?} offers no way out: {hints:?}"
            );
        }
    }
}

#[test]
fn no_two_bindings_of_a_context_share_a_key() {
    let keymap = Keymap::default();
    for context in Context::iter() {
        let keys: Vec<Key> = keymap
            .bindings(context, false)
            .flat_map(|binding| binding.keys.iter().copied())
            .collect();
        for (i, key) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(key), "{context:?}: {key:?} twice");
        }
    }
}

#[test]
fn every_layer_is_used_by_some_context() {
    let keymap = Keymap::default();
    for layer in keymap.layers.keys() {
        assert!(
            Context::iter().any(|context| Layer::stack(context).contains(layer)),
            "{layer:?} is in no context"
        );
    }
}

#[test]
fn the_console_keymap_has_no_conflict_and_key_names_parse() {
    assert_eq!(Keymap::default().with_changes(&[]), Ok(Keymap::default()));
    assert_eq!(Key::parse("ctrl-r"), Some(Key::ctrl('r')));
    assert_eq!(Key::parse("G"), Some(Key::char('G')));
    assert_eq!(Key::parse("shift-tab"), Some(Key::plain(KeyCode::BackTab)));
    assert_eq!(Key::parse("F5"), Some(Key::plain(KeyCode::F(5))));
    assert_eq!(Key::parse("f13"), None);
    assert_eq!(Key::parse("ctrl-"), None);
}

#[test]
fn every_command_and_section_name_reads_back_as_itself() {
    for command in Command::iter() {
        assert_eq!(command.name().parse(), Ok(command), "{command:?}");
    }
    for context in Context::iter() {
        assert_eq!(Layer::named(context.name()), Some(Layer::Own(context)));
    }
    for layer in SharedLayer::iter() {
        let name = Layer::Shared(layer).name();
        assert_eq!(Layer::named(name), Some(Layer::Shared(layer)));
    }
}
