//! The console's own keys: the default keymap, as a table of bindings per layer. Each
//! binding says its keys, its command, its line in the `?` help, its words in the footer (if
//! any), and whether it changes credentials (gone under `--readonly`).

use std::collections::HashMap;

use super::{Binding, Context, Keymap, Layer, SharedLayer};
use crate::command::Command;
use crate::key::{Key, KeyCode};

impl Binding {
    fn new(keys: &[Key], command: Command, help: &'static str) -> Binding {
        Binding {
            keys: keys.to_vec(),
            command,
            help,
            hint: None,
            writes: false,
            on_selection: false,
        }
    }

    /// Shown in the footer with these words.
    fn hint(mut self, words: &'static str) -> Binding {
        self.hint = Some(words);
        self
    }

    /// A command on the selected credentials that may change them.
    fn on_credentials(mut self) -> Binding {
        self.writes = true;
        self.on_selection = true;
        self
    }
}

const fn key(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn ch(c: char) -> Key {
    Key::char(c)
}

fn see_more(keys: &[Key]) -> Binding {
    Binding::new(keys, Command::OpenSeeMore, "see more: the actions on them")
}

fn update_binding() -> Binding {
    Binding::new(
        &[ch('u')],
        Command::Update,
        "update their name and permissions",
    )
    .hint("update")
    .on_credentials()
}

fn revoke_binding() -> Binding {
    Binding::new(
        &[ch('d')],
        Command::Revoke,
        "revoke them, or every marked one (asks first)",
    )
    .hint("revoke")
    .on_credentials()
}

/// `Space` and `a`: marks, to revoke many credentials at once. Gone under `--readonly`, which
/// revokes nothing.
fn mark_bindings() -> [Binding; 2] {
    let mut mark = Binding::new(
        &[ch(' ')],
        Command::Mark,
        "mark them (or unmark), to revoke many at once",
    )
    .on_credentials();
    mark.writes = true;
    let mut mark_all = Binding::new(
        &[ch('a')],
        Command::MarkAll,
        "mark every row the filter shows (again: unmark them)",
    );
    mark_all.writes = true;
    [mark, mark_all]
}

fn rotate_binding() -> Binding {
    Binding::new(
        &[ch('R')],
        Command::Rotate,
        "rotate: new credentials like these, then revoke these (asks first)",
    )
    .on_credentials()
}

/// `n`: what the Scaleway console's "Generate credentials" button does.
fn generate_binding(help: &'static str, hint: &'static str) -> Binding {
    let mut binding = Binding::new(&[ch('n')], Command::Generate, help).hint(hint);
    binding.writes = true;
    binding
}

/// `y`: what identifies the selected row, to the clipboard (the key k9s and lazygit use).
fn copy_key_binding(help: &'static str) -> Binding {
    Binding::new(&[ch('y')], Command::CopyKey, help)
}

fn copy_id_binding() -> Binding {
    Binding::new(&[ch('Y')], Command::CopyId, "copy its id to the clipboard")
}

fn filter_binding(help: &'static str) -> Binding {
    Binding::new(&[ch('/')], Command::Filter, help).hint("filter")
}

/// `s`: the list's order. In the help only, as are the other secondary keys: the footer has
/// no room for it.
fn sort_binding() -> Binding {
    Binding::new(
        &[ch('s')],
        Command::Sort,
        "sort by name, created or updated, in turn",
    )
}

fn reverse_sort_binding() -> Binding {
    Binding::new(&[ch('S')], Command::ReverseSort, "reverse the sort")
}

impl Default for Keymap {
    fn default() -> Keymap {
        use Layer::{Own, Shared};
        use SharedLayer::*;
        let enter = key(KeyCode::Enter);
        let esc = key(KeyCode::Esc);
        let tab = key(KeyCode::Tab);
        let back_tab = key(KeyCode::BackTab);
        let layers = HashMap::from([
            (
                Shared(Everywhere),
                vec![
                    Binding::new(&[Key::ctrl('c')], Command::ForceQuit, "quit, from anywhere"),
                    Binding::new(
                        &[Key::ctrl('z')],
                        Command::Suspend,
                        "suspend (resume with fg)",
                    ),
                ],
            ),
            (
                Shared(Screens),
                vec![
                    Binding::new(&[ch('r')], Command::OpenRegions, "choose the region")
                        .hint("region"),
                    Binding::new(&[ch('p')], Command::OpenProjects, "choose the project")
                        .hint("project"),
                    Binding::new(&[ch('1')], Command::GoToNats, "go to NATS").hint("product"),
                    Binding::new(&[ch('2')], Command::GoToQueues, "go to Queues").hint("product"),
                    Binding::new(&[ch('3')], Command::GoToTopics, "go to Topics and Events")
                        .hint("product"),
                    Binding::new(
                        &[ch('f')],
                        Command::FindFile,
                        "find the credentials of a .env or .creds file, everywhere",
                    ),
                    Binding::new(
                        &[ch('J')],
                        Command::Journal,
                        "the journal: the last changes made through mnq-tui",
                    ),
                    Binding::new(&[ch('?')], Command::Help, "help: every key here").hint("help"),
                    Binding::new(&[ch('q')], Command::Quit, "quit").hint("quit"),
                ],
            ),
            (
                Shared(Reload),
                vec![
                    Binding::new(
                        &[key(KeyCode::F(5)), Key::ctrl('r')],
                        Command::Reload,
                        "reload from the API",
                    )
                    .hint("reload"),
                ],
            ),
            (
                Shared(Move),
                vec![
                    Binding::new(&[key(KeyCode::Up), ch('k')], Command::Up, "move up").hint("move"),
                    Binding::new(&[key(KeyCode::Down), ch('j')], Command::Down, "move down")
                        .hint("move"),
                ],
            ),
            (
                Shared(Paging),
                vec![
                    Binding::new(&[key(KeyCode::PageUp)], Command::PageUp, "page up"),
                    Binding::new(&[key(KeyCode::PageDown)], Command::PageDown, "page down"),
                    Binding::new(&[ch('g'), key(KeyCode::Home)], Command::First, "first row"),
                    Binding::new(&[ch('G'), key(KeyCode::End)], Command::Last, "last row"),
                ],
            ),
            (
                Shared(Menus),
                vec![
                    Binding::new(&[enter], Command::Open, "choose").hint("choose"),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Shared(Forms),
                vec![
                    Binding::new(&[tab], Command::FocusNext, "next field").hint("next field"),
                    Binding::new(&[back_tab], Command::FocusPrevious, "previous field"),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "cancel (asks before discarding edits)",
                    )
                    .hint("cancel"),
                ],
            ),
            (
                Shared(Dialogs),
                vec![
                    // Three bindings, so that the footer shows each key ("Tab/←→").
                    Binding::new(&[tab], Command::FocusNext, "move between the buttons")
                        .hint("choose"),
                    Binding::new(
                        &[key(KeyCode::Left)],
                        Command::FocusNext,
                        "move between the buttons",
                    )
                    .hint("choose"),
                    Binding::new(
                        &[key(KeyCode::Right)],
                        Command::FocusNext,
                        "move between the buttons",
                    )
                    .hint("choose"),
                    Binding::new(
                        &[back_tab],
                        Command::FocusPrevious,
                        "move between the buttons",
                    ),
                    Binding::new(&[enter], Command::Activate, "press the focused button")
                        .hint("activate"),
                ],
            ),
            (
                Own(Context::Products),
                vec![Binding::new(&[enter], Command::Open, "open the product").hint("open")],
            ),
            (
                Own(Context::Overview),
                vec![
                    Binding::new(&[tab], Command::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Command::PreviousTab, "previous tab"),
                    Binding::new(&[esc], Command::Back, "back to the product menu").hint("back"),
                ],
            ),
            (
                Own(Context::Credentials),
                vec![
                    see_more(&[enter]).on_credentials(),
                    see_more(&[ch('.'), ch('m')]).hint("more").on_credentials(),
                    generate_binding(
                        "generate credentials (the secret is shown once)",
                        "generate",
                    ),
                    update_binding(),
                    rotate_binding(),
                    revoke_binding(),
                    // In the help only: the footer has no room for it.
                    Binding::new(
                        &[ch('t')],
                        Command::TestConnection,
                        "test the keys of a .env file against their endpoint",
                    ),
                    filter_binding(
                        "filter by name, access key, id, region or project (where shown), \
                         stale, write, read, manage",
                    ),
                    copy_key_binding("copy the access key to the clipboard (OSC 52)"),
                    copy_id_binding(),
                    sort_binding(),
                    reverse_sort_binding(),
                ]
                .into_iter()
                .chain(mark_bindings())
                .chain([
                    Binding::new(&[tab], Command::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Command::PreviousTab, "previous tab"),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "clear the filter, or back to the product menu",
                    )
                    .hint("back"),
                ])
                .collect(),
            ),
            (
                Own(Context::NatsAccounts),
                vec![
                    Binding::new(
                        &[enter],
                        Command::Open,
                        "open the account and its credentials",
                    )
                    .hint("open"),
                    generate_binding("create a NATS account", "new account"),
                    filter_binding(
                        "filter by name, account key (its id), region or project (where shown), \
                         stale",
                    ),
                    copy_key_binding("copy the account id to the clipboard (OSC 52)"),
                    sort_binding(),
                    reverse_sort_binding(),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "clear the filter, or back to the product menu",
                    )
                    .hint("back"),
                ],
            ),
            (
                Own(Context::NatsAccount),
                vec![
                    see_more(&[enter]).on_credentials(),
                    see_more(&[ch('.'), ch('m')]).hint("more").on_credentials(),
                    generate_binding(
                        "generate credentials (the .creds is shown once)",
                        "generate",
                    ),
                    rotate_binding(),
                    revoke_binding(),
                    Binding::new(
                        &[ch('t')],
                        Command::TestConnection,
                        "test a connection with a .creds file",
                    )
                    .hint("test"),
                    filter_binding("filter by name, .creds checksum, id, stale"),
                    copy_key_binding("copy the checksum of the .creds to the clipboard (OSC 52)"),
                    copy_id_binding(),
                    sort_binding(),
                    reverse_sort_binding(),
                ]
                .into_iter()
                .chain(mark_bindings())
                .chain([Binding::new(
                    &[esc],
                    Command::Back,
                    "clear the filter, or back to the accounts",
                )
                .hint("accounts")])
                .collect(),
            ),
            (
                Own(Context::Filter),
                vec![
                    Binding::new(
                        &[enter],
                        Command::Open,
                        "keep the filter and go back to the list",
                    )
                    .hint("keep"),
                    Binding::new(&[esc], Command::Back, "clear the filter").hint("clear"),
                    Binding::new(&[key(KeyCode::Up)], Command::Up, "move up").hint("move"),
                    Binding::new(&[key(KeyCode::Down)], Command::Down, "move down").hint("move"),
                ],
            ),
            (
                Own(Context::FormName),
                vec![
                    Binding::new(&[key(KeyCode::Down)], Command::FocusNext, "next field"),
                    Binding::new(&[enter], Command::Activate, "send the form").hint("send"),
                ],
            ),
            (
                Own(Context::Form),
                vec![
                    Binding::new(&[key(KeyCode::Down)], Command::FocusNext, "next field"),
                    Binding::new(
                        &[key(KeyCode::Up)],
                        Command::FocusPrevious,
                        "previous field",
                    ),
                    Binding::new(&[ch(' ')], Command::Toggle, "tick or untick the permission")
                        .hint("toggle"),
                    Binding::new(
                        &[enter],
                        Command::Activate,
                        "send the form (on Cancel: close it)",
                    )
                    .hint("send"),
                ],
            ),
            (
                Own(Context::Discard),
                vec![Binding::new(&[esc], Command::Back, "keep editing").hint("keep editing")],
            ),
            (
                Own(Context::Secret),
                vec![
                    Binding::new(&[tab], Command::FocusNext, "next button").hint("next"),
                    Binding::new(&[key(KeyCode::Right)], Command::FocusNext, "next button"),
                    Binding::new(&[back_tab], Command::FocusPrevious, "previous button"),
                    Binding::new(
                        &[key(KeyCode::Left)],
                        Command::FocusPrevious,
                        "previous button",
                    ),
                    Binding::new(&[enter], Command::Activate, "press the focused button")
                        .hint("activate"),
                    Binding::new(
                        &[ch('v')],
                        Command::ShowSeed,
                        "show or hide the NKEY seed of NATS credentials",
                    ),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "close (asks first: the secret is never shown again)",
                    )
                    .hint("close"),
                ],
            ),
            (
                Own(Context::SavePath),
                vec![
                    Binding::new(&[enter], Command::Activate, "write the file").hint("save"),
                    Binding::new(&[tab], Command::FocusNext, "to the options").hint("options"),
                    Binding::new(&[back_tab], Command::FocusPrevious, "to the options"),
                    Binding::new(&[esc], Command::Back, "do not save").hint("cancel"),
                ],
            ),
            (
                Own(Context::SaveOptions),
                vec![
                    Binding::new(&[ch(' ')], Command::Toggle, "tick or untick the option")
                        .hint("toggle"),
                    Binding::new(&[enter], Command::Activate, "write the file").hint("save"),
                    Binding::new(&[tab], Command::FocusNext, "back to the path").hint("path"),
                    Binding::new(&[back_tab], Command::FocusPrevious, "back to the path"),
                    Binding::new(&[esc], Command::Back, "do not save").hint("cancel"),
                ],
            ),
            (
                Own(Context::Connection),
                vec![
                    Binding::new(&[enter], Command::Activate, "run the test with the file")
                        .hint("test"),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Own(Context::SecretQuestion),
                vec![Binding::new(&[esc], Command::Back, "cancel").hint("cancel")],
            ),
            (
                Own(Context::Revoke),
                vec![Binding::new(&[esc], Command::Back, "cancel").hint("cancel")],
            ),
            (
                Own(Context::BatchConfirm),
                vec![
                    Binding::new(&[key(KeyCode::Up)], Command::Up, "scroll the list up"),
                    Binding::new(&[key(KeyCode::Down)], Command::Down, "scroll the list down"),
                    Binding::new(&[key(KeyCode::PageUp)], Command::PageUp, "scroll a page up"),
                    Binding::new(
                        &[key(KeyCode::PageDown)],
                        Command::PageDown,
                        "scroll a page down",
                    ),
                    Binding::new(&[esc], Command::Back, "cancel: nothing is revoked")
                        .hint("cancel"),
                ],
            ),
            (
                Own(Context::BatchRevoke),
                vec![
                    Binding::new(
                        &[key(KeyCode::Up), ch('k')],
                        Command::Up,
                        "scroll the list up",
                    ),
                    Binding::new(
                        &[key(KeyCode::Down), ch('j')],
                        Command::Down,
                        "scroll the list down",
                    ),
                    Binding::new(&[key(KeyCode::PageUp)], Command::PageUp, "scroll a page up"),
                    Binding::new(
                        &[key(KeyCode::PageDown)],
                        Command::PageDown,
                        "scroll a page down",
                    ),
                    Binding::new(&[esc], Command::Back, "close, once every answer is in")
                        .hint("close"),
                    Binding::new(&[ch('q')], Command::Quit, "quit (asks while revoking)")
                        .hint("quit"),
                ],
            ),
            (
                Own(Context::Quit),
                vec![Binding::new(&[esc], Command::Back, "wait: do not quit").hint("cancel")],
            ),
            (
                Own(Context::FindFile),
                vec![
                    Binding::new(&[enter], Command::Activate, "find the file's credentials")
                        .hint("find"),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Own(Context::Found),
                vec![
                    Binding::new(&[enter], Command::Open, "show them in their list").hint("show"),
                    Binding::new(
                        &[ch('d')],
                        Command::Revoke,
                        "revoke what was found (asks first)",
                    )
                    .hint("revoke")
                    .on_credentials(),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Own(Context::Journal),
                vec![
                    Binding::new(&[esc, ch('J')], Command::Back, "close the journal").hint("close"),
                ],
            ),
            (
                Own(Context::Help),
                vec![
                    Binding::new(&[esc, ch('?'), ch('q')], Command::Back, "close the help")
                        .hint("close"),
                ],
            ),
            (
                Own(Context::Message),
                vec![Binding::new(&[enter, esc], Command::Back, "dismiss").hint("dismiss")],
            ),
            (
                Own(Context::TooSmall),
                vec![Binding::new(&[ch('q')], Command::Quit, "quit").hint("quit")],
            ),
        ]);
        Keymap { layers }
    }
}
