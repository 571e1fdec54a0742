//! The keymap, as data: layers of bindings (keys, the action they stand for, and the words the
//! footer and the `?` help show), stacked per [`Context`]. The footer, the help and every
//! sentence of the view that names a key are computed from here, so they cannot disagree with
//! the keys — and a user keymap (a changed [`Keymap`]) will change them all at once.

use std::collections::HashMap;

use tui_input::InputRequest;

use crate::command::Command;
use crate::key::{Key, KeyCode, KeyModifiers};

impl Key {
    fn matches(&self, event: &Key) -> bool {
        let modifiers = match event.code {
            // Shift is part of the character ('G', '?'), and Shift-Tab arrives as BackTab.
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.modifiers == modifiers
    }

    /// The key as the footer and help write it.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Enter => "⏎".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", name.to_uppercase())
        } else {
            name
        }
    }
}

/// Where keys go; each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Products,
    Overview,
    Credentials,
    NatsAccounts,
    NatsAccount,
    /// Typing in the `/` filter.
    Filter,
    Regions,
    Projects,
    SeeMore,
    /// A form pop-up with the name field focused (typing).
    FormName,
    /// A form pop-up with a checkbox or button focused.
    Form,
    Discard,
    /// The secret pop-up's buttons.
    Secret,
    /// Typing the path to save the secret to.
    SavePath,
    /// The options of saving (the `nats` context checkbox).
    SaveOptions,
    /// A question over the secret pop-up (close anyway? overwrite?).
    SecretQuestion,
    /// The connection test: typing the `.creds` path.
    Connection,
    Revoke,
    Help,
    Message,
    TooSmall,
}

impl Context {
    /// Every context, for the checks that must hold in all of them.
    pub const ALL: [Context; 21] = [
        Context::Products,
        Context::Overview,
        Context::Credentials,
        Context::NatsAccounts,
        Context::NatsAccount,
        Context::Filter,
        Context::Regions,
        Context::Projects,
        Context::SeeMore,
        Context::FormName,
        Context::Form,
        Context::Discard,
        Context::Secret,
        Context::SavePath,
        Context::SaveOptions,
        Context::SecretQuestion,
        Context::Connection,
        Context::Revoke,
        Context::Help,
        Context::Message,
        Context::TooSmall,
    ];
}

/// One binding: keys, what they do, and how to describe them.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub command: Command,
    /// The line in the `?` help.
    pub help: &'static str,
    /// The footer's words for it, if the footer shows it. Bindings next to each other with the
    /// same words share one hint ("↑↓ move", "1-3 product").
    pub hint: Option<&'static str>,
    /// Leads to a change of the credentials: gone under `--readonly`.
    pub writes: bool,
    /// Acts on the selected credentials: the footer offers it only when some are selected.
    pub on_selection: bool,
}

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

    /// An action on the selected credentials that may change them.
    fn on_credentials(mut self) -> Binding {
        self.writes = true;
        self.on_selection = true;
        self
    }

    /// The keys as the help writes them ("↓ j").
    pub fn keys_label(&self) -> String {
        self.keys_joined(" ")
    }

    fn keys_joined(&self, separator: &str) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// A set of bindings that several contexts share, or one context's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Keys that work everywhere, even while typing.
    Everywhere,
    /// Every screen (not pop-ups): products, region, help, quit.
    Screen,
    /// Screens that show what the API said: reload.
    Reload,
    /// Up and down, in lists and menus.
    Move,
    /// Paging through a list.
    Paging,
    /// The region and see-more menus: choose, close.
    Menu,
    /// The Update pop-up: between fields, cancel.
    Form,
    /// A question with two buttons.
    Dialog,
    /// One context's own bindings.
    Own(Context),
}

impl Layer {
    /// The layers of a context, in the order the footer and the help list them.
    pub fn stack(context: Context) -> &'static [Layer] {
        use Layer::*;
        match context {
            Context::Products => &[Move, Own(Context::Products), Screen, Everywhere],
            Context::Overview => &[Layer::Own(Context::Overview), Reload, Screen, Everywhere],
            Context::Credentials => &[
                Move,
                Paging,
                Layer::Own(Context::Credentials),
                Reload,
                Screen,
                Everywhere,
            ],
            Context::NatsAccounts => &[
                Move,
                Paging,
                Layer::Own(Context::NatsAccounts),
                Reload,
                Screen,
                Everywhere,
            ],
            Context::NatsAccount => &[
                Move,
                Paging,
                Layer::Own(Context::NatsAccount),
                Reload,
                Screen,
                Everywhere,
            ],
            Context::Filter => &[Layer::Own(Context::Filter), Everywhere],
            Context::Regions | Context::Projects | Context::SeeMore => &[Move, Menu, Everywhere],
            Context::FormName => &[Layer::Own(Context::FormName), Form, Everywhere],
            Context::Form => &[Layer::Own(Context::Form), Form, Everywhere],
            Context::Secret => &[Layer::Own(Context::Secret), Everywhere],
            Context::SavePath => &[Layer::Own(Context::SavePath), Everywhere],
            Context::SaveOptions => &[Layer::Own(Context::SaveOptions), Everywhere],
            Context::SecretQuestion => &[Dialog, Layer::Own(Context::SecretQuestion), Everywhere],
            Context::Connection => &[Layer::Own(Context::Connection), Everywhere],
            Context::Discard => &[Dialog, Layer::Own(Context::Discard), Everywhere],
            Context::Revoke => &[Dialog, Layer::Own(Context::Revoke), Everywhere],
            Context::Help => &[Layer::Own(Context::Help), Everywhere],
            Context::Message => &[Layer::Own(Context::Message), Everywhere],
            Context::TooSmall => &[Layer::Own(Context::TooSmall), Everywhere],
        }
    }
}

/// What a key press stands for: a command, or, where text is typed, an edit of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Command(Command),
    Edit(InputRequest),
}

/// A footer hint: keys as written, and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub words: &'static str,
}

/// Every binding, by layer. [`Keymap::default`] is the console's own; a user's keymap will
/// change its bindings.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    layers: HashMap<Layer, Vec<Binding>>,
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
    Binding::new(&[ch('d')], Command::Revoke, "revoke them (asks first)")
        .hint("revoke")
        .on_credentials()
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
        let enter = key(KeyCode::Enter);
        let esc = key(KeyCode::Esc);
        let tab = key(KeyCode::Tab);
        let back_tab = key(KeyCode::BackTab);
        let layers = HashMap::from([
            (
                Layer::Everywhere,
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
                Layer::Screen,
                vec![
                    Binding::new(&[ch('r')], Command::OpenRegions, "choose the region")
                        .hint("region"),
                    Binding::new(&[ch('p')], Command::OpenProjects, "choose the project")
                        .hint("project"),
                    Binding::new(&[ch('1')], Command::GoToNats, "go to NATS").hint("product"),
                    Binding::new(&[ch('2')], Command::GoToQueues, "go to Queues").hint("product"),
                    Binding::new(&[ch('3')], Command::GoToTopics, "go to Topics and Events")
                        .hint("product"),
                    Binding::new(&[ch('?')], Command::Help, "help: every key here").hint("help"),
                    Binding::new(&[ch('q')], Command::Quit, "quit").hint("quit"),
                ],
            ),
            (
                Layer::Reload,
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
                Layer::Move,
                vec![
                    Binding::new(&[key(KeyCode::Up), ch('k')], Command::Up, "move up").hint("move"),
                    Binding::new(&[key(KeyCode::Down), ch('j')], Command::Down, "move down")
                        .hint("move"),
                ],
            ),
            (
                Layer::Paging,
                vec![
                    Binding::new(&[key(KeyCode::PageUp)], Command::PageUp, "page up"),
                    Binding::new(&[key(KeyCode::PageDown)], Command::PageDown, "page down"),
                    Binding::new(&[ch('g'), key(KeyCode::Home)], Command::First, "first row"),
                    Binding::new(&[ch('G'), key(KeyCode::End)], Command::Last, "last row"),
                ],
            ),
            (
                Layer::Menu,
                vec![
                    Binding::new(&[enter], Command::Open, "choose").hint("choose"),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Layer::Form,
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
                Layer::Dialog,
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
                Layer::Own(Context::Products),
                vec![Binding::new(&[enter], Command::Open, "open the product").hint("open")],
            ),
            (
                Layer::Own(Context::Overview),
                vec![
                    Binding::new(&[tab], Command::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Command::PreviousTab, "previous tab"),
                    Binding::new(&[esc], Command::Back, "back to the product menu").hint("back"),
                ],
            ),
            (
                Layer::Own(Context::Credentials),
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
                    filter_binding("filter by name, access key, stale, write, read, manage"),
                    copy_key_binding("copy the access key to the clipboard (OSC 52)"),
                    copy_id_binding(),
                    sort_binding(),
                    reverse_sort_binding(),
                    Binding::new(&[tab], Command::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Command::PreviousTab, "previous tab"),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "clear the filter, or back to the product menu",
                    )
                    .hint("back"),
                ],
            ),
            (
                Layer::Own(Context::NatsAccounts),
                vec![
                    Binding::new(
                        &[enter],
                        Command::Open,
                        "open the account and its credentials",
                    )
                    .hint("open"),
                    generate_binding("create a NATS account", "new account"),
                    filter_binding("filter by name, stale"),
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
                Layer::Own(Context::NatsAccount),
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
                    filter_binding("filter by name, stale"),
                    copy_key_binding("copy the checksum of the .creds to the clipboard (OSC 52)"),
                    copy_id_binding(),
                    sort_binding(),
                    reverse_sort_binding(),
                    Binding::new(
                        &[esc],
                        Command::Back,
                        "clear the filter, or back to the accounts",
                    )
                    .hint("accounts"),
                ],
            ),
            (
                Layer::Own(Context::Filter),
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
                Layer::Own(Context::FormName),
                vec![
                    Binding::new(&[key(KeyCode::Down)], Command::FocusNext, "next field"),
                    Binding::new(&[enter], Command::Activate, "send the form").hint("send"),
                ],
            ),
            (
                Layer::Own(Context::Form),
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
                        "press the button (or toggle the permission)",
                    )
                    .hint("activate"),
                ],
            ),
            (
                Layer::Own(Context::Discard),
                vec![Binding::new(&[esc], Command::Back, "keep editing").hint("keep editing")],
            ),
            (
                Layer::Own(Context::Secret),
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
                Layer::Own(Context::SavePath),
                vec![
                    Binding::new(&[enter], Command::Activate, "write the file").hint("save"),
                    Binding::new(&[tab], Command::FocusNext, "to the options").hint("options"),
                    Binding::new(&[back_tab], Command::FocusPrevious, "to the options"),
                    Binding::new(&[esc], Command::Back, "do not save").hint("cancel"),
                ],
            ),
            (
                Layer::Own(Context::SaveOptions),
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
                Layer::Own(Context::Connection),
                vec![
                    Binding::new(&[enter], Command::Activate, "connect with the .creds")
                        .hint("connect"),
                    Binding::new(&[esc], Command::Back, "close").hint("close"),
                ],
            ),
            (
                Layer::Own(Context::SecretQuestion),
                vec![Binding::new(&[esc], Command::Back, "cancel").hint("cancel")],
            ),
            (
                Layer::Own(Context::Revoke),
                vec![Binding::new(&[esc], Command::Back, "cancel").hint("cancel")],
            ),
            (
                Layer::Own(Context::Help),
                vec![
                    Binding::new(&[esc, ch('?')], Command::Back, "close the help").hint("close"),
                    Binding::new(&[ch('q')], Command::Quit, "quit").hint("quit"),
                ],
            ),
            (
                Layer::Own(Context::Message),
                vec![Binding::new(&[enter, esc], Command::Back, "dismiss").hint("dismiss")],
            ),
            (
                Layer::Own(Context::TooSmall),
                vec![Binding::new(&[ch('q')], Command::Quit, "quit").hint("quit")],
            ),
        ]);
        Keymap { layers }
    }
}

impl Keymap {
    /// The bindings of a context, without those that write when read-only.
    pub fn bindings(&self, context: Context, readonly: bool) -> impl Iterator<Item = &Binding> {
        Layer::stack(context)
            .iter()
            .flat_map(|layer| self.layers.get(layer).into_iter().flatten())
            .filter(move |binding| !(readonly && binding.writes))
    }

    /// What a key press stands for in a context, if anything: its command, or in a text
    /// field an edit of the text.
    pub fn resolve(&self, context: Context, readonly: bool, event: &Key) -> Option<Resolved> {
        if let Some(binding) = self
            .bindings(context, readonly)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
        {
            return Some(Resolved::Command(binding.command));
        }
        if is_text_entry(context) {
            return text_edit(event).map(Resolved::Edit);
        }
        None
    }

    /// The keys that do `action` in a context, joined by `separator` ("F5 or Ctrl-R"), for the
    /// sentences that tell which key to press; `None` when no key does it.
    pub fn keys_for(&self, context: Context, command: Command, separator: &str) -> Option<String> {
        self.bindings(context, false)
            .find(|binding| binding.command == command && !binding.keys.is_empty())
            .map(|binding| binding.keys_joined(separator))
    }

    /// The footer's hints for a context: the hinted bindings, those on the selected
    /// credentials only when some are selected; neighbours with the same words share a hint.
    pub fn footer_hints(&self, context: Context, readonly: bool, selection: bool) -> Vec<Hint> {
        let mut hints: Vec<(Vec<String>, &'static str)> = Vec::new();
        for binding in self.bindings(context, readonly) {
            let (Some(words), Some(first)) = (binding.hint, binding.keys.first()) else {
                continue;
            };
            if binding.on_selection && !selection {
                continue;
            }
            match hints.last_mut() {
                Some((keys, last)) if *last == words => keys.push(first.label()),
                _ => hints.push((vec![first.label()], words)),
            }
        }
        hints
            .into_iter()
            .map(|(keys, words)| Hint {
                keys: group_labels(&keys),
                words,
            })
            .collect()
    }
}

/// The actions a user's config can bind, by the name it uses for them.
const ACTION_NAMES: [(&str, Command); 36] = [
    ("up", Command::Up),
    ("down", Command::Down),
    ("page-up", Command::PageUp),
    ("page-down", Command::PageDown),
    ("first", Command::First),
    ("last", Command::Last),
    ("open", Command::Open),
    ("back", Command::Back),
    ("nats", Command::GoToNats),
    ("queues", Command::GoToQueues),
    ("topics", Command::GoToTopics),
    ("next-tab", Command::NextTab),
    ("previous-tab", Command::PreviousTab),
    ("next-field", Command::FocusNext),
    ("previous-field", Command::FocusPrevious),
    ("toggle", Command::Toggle),
    ("activate", Command::Activate),
    ("region", Command::OpenRegions),
    ("project", Command::OpenProjects),
    ("see-more", Command::OpenSeeMore),
    ("update", Command::Update),
    ("revoke", Command::Revoke),
    ("generate", Command::Generate),
    ("rotate", Command::Rotate),
    ("show-seed", Command::ShowSeed),
    ("copy-key", Command::CopyKey),
    ("copy-id", Command::CopyId),
    ("test-connection", Command::TestConnection),
    ("reload", Command::Reload),
    ("filter", Command::Filter),
    ("sort", Command::Sort),
    ("reverse-sort", Command::ReverseSort),
    ("help", Command::Help),
    ("quit", Command::Quit),
    ("force-quit", Command::ForceQuit),
    ("suspend", Command::Suspend),
];

fn action_name(command: Command) -> &'static str {
    ACTION_NAMES
        .iter()
        .find(|(_, known)| *known == command)
        .map_or("?", |(name, _)| name)
}

impl Context {
    /// The context's name in a user's config (`[keys.<name>]`) and in its errors.
    pub fn name(self) -> &'static str {
        match self {
            Context::Products => "products",
            Context::Overview => "overview",
            Context::Credentials => "credentials",
            Context::NatsAccounts => "nats-accounts",
            Context::NatsAccount => "nats-account",
            Context::Filter => "filter",
            Context::Regions => "regions",
            Context::Projects => "projects",
            Context::SeeMore => "see-more",
            Context::FormName => "form-name",
            Context::Form => "form",
            Context::Discard => "discard",
            Context::Secret => "secret",
            Context::SavePath => "save-path",
            Context::SaveOptions => "save-options",
            Context::SecretQuestion => "secret-question",
            Context::Connection => "connection",
            Context::Revoke => "revoke",
            Context::Help => "help",
            Context::Message => "message",
            Context::TooSmall => "too-small",
        }
    }
}

impl Layer {
    /// The layers shared by several contexts, by the name a user's config gives them.
    const SHARED: [(&str, Layer); 8] = [
        ("everywhere", Layer::Everywhere),
        ("screens", Layer::Screen),
        ("reload", Layer::Reload),
        ("move", Layer::Move),
        ("paging", Layer::Paging),
        ("menus", Layer::Menu),
        ("forms", Layer::Form),
        ("dialogs", Layer::Dialog),
    ];

    fn named(name: &str) -> Option<Layer> {
        Self::SHARED
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, layer)| *layer)
            .or_else(|| {
                Context::ALL
                    .into_iter()
                    .find(|context| context.name() == name)
                    .map(Layer::Own)
            })
    }
}

impl Key {
    /// A key as a user's config names it: a character (`x`, `G`, `?`), `ctrl-x`, `alt-x`,
    /// `enter`, `esc`, `tab`, `shift-tab`, `space`, `backspace`, `delete`, `up`, `down`,
    /// `left`, `right`, `home`, `end`, `pageup`, `pagedown`, `f1`…`f12`.
    pub fn parse(name: &str) -> Option<Key> {
        let single = |text: &str| {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        if let Some(c) = single(name) {
            return Some(Key::char(c));
        }
        let lower = name.to_ascii_lowercase();
        for (prefix, modifiers) in [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
        ] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                let code = match single(rest) {
                    Some(c) => KeyCode::Char(c),
                    None => Key::parse(rest)?.code,
                };
                return Some(Key::new(code, modifiers));
            }
        }
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            other => {
                let number = other.strip_prefix('f')?.parse::<u8>().ok()?;
                if !(1..=12).contains(&number) {
                    return None;
                }
                KeyCode::F(number)
            }
        };
        Some(Key::plain(code))
    }
}

/// The keys of one action in one section of a user's config (`[keys.<section>]`,
/// `<action> = ["x", "ctrl-x"]`; no keys unbinds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChange {
    pub section: String,
    pub action: String,
    pub keys: Vec<String>,
    /// Where it is in the file, and its section's header, for the errors.
    pub line: usize,
    pub section_line: usize,
}

/// Why a user's key bindings were refused; the text names the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapError {
    UnknownSection {
        line: usize,
        section: String,
    },
    UnknownAction {
        line: usize,
        action: String,
    },
    /// The action exists, but not in that section.
    NotInSection {
        line: usize,
        section: String,
        action: String,
        there: Vec<&'static str>,
    },
    UnknownKey {
        line: usize,
        key: String,
    },
    /// One key would do two things in a context.
    Conflict {
        key: String,
        context: &'static str,
        first: (&'static str, Option<usize>),
        second: (&'static str, Option<usize>),
    },
}

impl std::fmt::Display for KeymapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = |line: &Option<usize>| match line {
            Some(line) => format!("line {line}"),
            None => "built in".to_owned(),
        };
        match self {
            KeymapError::UnknownSection { line, section } => {
                let sections: Vec<&str> = Layer::SHARED
                    .iter()
                    .map(|(name, _)| *name)
                    .chain(Context::ALL.iter().map(|context| context.name()))
                    .collect();
                write!(
                    f,
                    "line {line}: [keys.{section}] is not a section of keys; the sections are {}",
                    sections.join(", ")
                )
            }
            KeymapError::UnknownAction { line, action } => {
                let actions: Vec<&str> = ACTION_NAMES.iter().map(|(name, _)| *name).collect();
                write!(
                    f,
                    "line {line}: {action:?} is not an action; the actions are {}",
                    actions.join(", ")
                )
            }
            KeymapError::NotInSection {
                line,
                section,
                action,
                there,
            } => write!(
                f,
                "line {line}: {action} is not an action of [keys.{section}]; its actions are {}",
                there.join(", ")
            ),
            KeymapError::UnknownKey { line, key } => write!(
                f,
                "line {line}: {key:?} is not a key; write a character, ctrl-x, alt-x, enter, \
                 esc, tab, shift-tab, space, backspace, delete, up, down, left, right, home, \
                 end, pageup, pagedown or f1 to f12"
            ),
            KeymapError::Conflict {
                key,
                context,
                first,
                second,
            } => write!(
                f,
                "{key} would do both {} ({}) and {} ({}) in the {context} context",
                first.0,
                place(&first.1),
                second.0,
                place(&second.1)
            ),
        }
    }
}

impl Keymap {
    /// The keymap with a user's changes; refused whole if one is wrong or if a key would do
    /// two things anywhere.
    pub fn with_changes(mut self, changes: &[KeyChange]) -> Result<Keymap, KeymapError> {
        let mut changed: HashMap<(Layer, &'static str), usize> = HashMap::new();
        for change in changes {
            let line = change.line;
            let layer =
                Layer::named(&change.section).ok_or_else(|| KeymapError::UnknownSection {
                    line: change.section_line,
                    section: change.section.clone(),
                })?;
            let (name, action) = ACTION_NAMES
                .iter()
                .find(|(name, _)| *name == change.action)
                .cloned()
                .ok_or_else(|| KeymapError::UnknownAction {
                    line,
                    action: change.action.clone(),
                })?;
            let keys = change
                .keys
                .iter()
                .map(|key| {
                    Key::parse(key).ok_or_else(|| KeymapError::UnknownKey {
                        line,
                        key: key.clone(),
                    })
                })
                .collect::<Result<Vec<Key>, _>>()?;
            let bindings = self.layers.entry(layer).or_default();
            let Some(first) = bindings.iter().position(|b| b.command == action) else {
                let mut there: Vec<&'static str> =
                    bindings.iter().map(|b| action_name(b.command)).collect();
                there.dedup();
                return Err(KeymapError::NotInSection {
                    line,
                    section: change.section.clone(),
                    action: change.action.clone(),
                    there,
                });
            };
            // The first binding of the action keeps its words; the others go.
            let mut index = 0;
            bindings.retain(|binding| {
                let keep = binding.command != action || index == first;
                index += 1;
                keep
            });
            if keys.is_empty() {
                bindings.retain(|binding| binding.command != action);
            } else if let Some(binding) = bindings.iter_mut().find(|b| b.command == action) {
                binding.keys = keys;
            }
            changed.insert((layer, name), line);
        }
        self.check_conflicts(&changed)?;
        Ok(self)
    }

    /// No key does two different things in any context.
    fn check_conflicts(
        &self,
        changed: &HashMap<(Layer, &'static str), usize>,
    ) -> Result<(), KeymapError> {
        for context in Context::ALL {
            let mut seen: Vec<(Key, &'static str, Option<usize>)> = Vec::new();
            for layer in Layer::stack(context) {
                for binding in self.layers.get(layer).into_iter().flatten() {
                    let name = action_name(binding.command);
                    let line = changed.get(&(*layer, name)).copied();
                    for key in &binding.keys {
                        if let Some((_, other, other_line)) = seen
                            .iter()
                            .find(|(known, other, _)| known.matches(key) && *other != name)
                        {
                            return Err(KeymapError::Conflict {
                                key: key.label(),
                                context: context.name(),
                                first: (other, *other_line),
                                second: (name, line),
                            });
                        }
                        seen.push((*key, name, line));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Keys that share a hint, written together: `↑↓`, `1-3`, `Tab/←→`.
fn group_labels(labels: &[String]) -> String {
    let digits: Option<Vec<u32>> = labels
        .iter()
        .map(|label| match label.as_bytes() {
            [digit] => char::from(*digit).to_digit(10),
            _ => None,
        })
        .collect();
    if let Some(digits) = digits
        && digits.len() > 2
        && digits.windows(2).all(|pair| pair[1] == pair[0] + 1)
    {
        return format!("{}-{}", digits[0], digits[digits.len() - 1]);
    }
    // One-character labels run together; longer ones are set apart with "/".
    let mut grouped = String::new();
    let mut previous_short = false;
    for label in labels {
        let short = label.chars().count() == 1;
        let runs_on = short && previous_short;
        if !grouped.is_empty() && !runs_on {
            grouped.push('/');
        }
        grouped.push_str(label);
        previous_short = short;
    }
    grouped
}

/// Whether typing goes into a text field in this context.
fn is_text_entry(context: Context) -> bool {
    matches!(
        context,
        Context::Filter | Context::FormName | Context::SavePath | Context::Connection
    )
}

/// Editing keys of a one-line text field (readline-like).
fn text_edit(event: &Key) -> Option<InputRequest> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let alt = event.modifiers.contains(KeyModifiers::ALT);
    Some(match event.code {
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteFromStart,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('b') if alt => InputRequest::GoToPrevWord,
        KeyCode::Char('f') if alt => InputRequest::GoToNextWord,
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => InputRequest::InsertChar(c),
        KeyCode::Backspace if ctrl || alt => InputRequest::DeletePrevWord,
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(context: Context, readonly: bool, event: &Key) -> Option<Resolved> {
        Keymap::default().resolve(context, readonly, event)
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
                resolve(Context::Credentials, false, &press(code)),
                Some(Resolved::Command(Command::Down))
            );
        }
        let shift_g = Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Context::Credentials, false, &shift_g),
            Some(Resolved::Command(Command::Last))
        );
    }

    #[test]
    fn readonly_removes_every_key_that_leads_to_a_change_and_its_hints() {
        for context in [Context::Credentials, Context::NatsAccount] {
            for key in ['d', 'u', '.', 'm'] {
                assert_eq!(resolve(context, true, &press(KeyCode::Char(key))), None);
            }
            assert_eq!(resolve(context, true, &press(KeyCode::Enter)), None);
            let words: Vec<_> = hints(context, true, true)
                .into_iter()
                .map(|h| h.1)
                .collect();
            for gone in ["revoke", "update", "more"] {
                assert!(!words.contains(&gone), "{context:?}: {words:?}");
            }
        }
        assert_eq!(
            resolve(Context::Credentials, false, &press(KeyCode::Char('d'))),
            Some(Resolved::Command(Command::Revoke))
        );
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
        let moves = keymap.layers.get_mut(&Layer::Move).expect("a move layer");
        moves[1].keys = vec![Key::char('x')];
        let moved = keymap.footer_hints(Context::Products, false, false);
        assert_eq!(moved[0].keys, "↑x", "a remapped key shows in the footer");
        assert_eq!(
            keymap.resolve(Context::Products, false, &Key::char('x')),
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
            for readonly in [false, true] {
                assert_eq!(
                    resolve(context, readonly, &press(KeyCode::Char('s'))),
                    Some(Resolved::Command(Command::Sort))
                );
                assert_eq!(
                    resolve(context, readonly, &Key::char('S')),
                    Some(Resolved::Command(Command::ReverseSort))
                );
            }
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
            keymap.resolve(Context::Credentials, false, &Key::char('o')),
            Some(Resolved::Command(Command::ReverseSort))
        );
        assert_eq!(
            keymap.resolve(Context::Credentials, false, &Key::char('S')),
            None
        );
    }

    #[test]
    fn nats_credentials_have_no_update_key() {
        assert_eq!(
            resolve(Context::NatsAccount, false, &press(KeyCode::Char('u'))),
            None
        );
    }

    #[test]
    fn typing_q_in_a_text_field_types_it() {
        assert_eq!(
            resolve(Context::FormName, false, &press(KeyCode::Char('q'))),
            Some(Resolved::Edit(InputRequest::InsertChar('q')))
        );
        assert_eq!(
            resolve(Context::Filter, false, &press(KeyCode::Char('q'))),
            Some(Resolved::Edit(InputRequest::InsertChar('q')))
        );
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let ctrl_c = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for context in Context::ALL {
            assert_eq!(
                resolve(context, false, &ctrl_c),
                Some(Resolved::Command(Command::ForceQuit))
            );
        }
    }

    #[test]
    fn every_context_offers_help_or_a_way_out_in_its_footer() {
        for context in Context::ALL {
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
        for context in Context::ALL {
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
                Context::ALL
                    .iter()
                    .any(|context| Layer::stack(*context).contains(layer)),
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
}
