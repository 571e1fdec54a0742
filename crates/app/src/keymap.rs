//! The keymap, as data: layers of bindings (keys, the action they stand for, and the words the
//! footer and the `?` help show), stacked per [`Context`]. The footer, the help and every
//! sentence of the view that names a key are computed from here, so they cannot disagree with
//! the keys — and a user keymap (a changed [`Keymap`]) will change them all at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use tui_input::InputRequest;

use super::action::Action;
use super::key::{Key, KeyCode, KeyModifiers};
use super::state::{Context, Screen, ServiceTab, State};
use mnq_api::model::Product;

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

impl Context {
    /// Every context, for the checks that must hold in all of them.
    pub const ALL: [Context; 19] = [
        Context::Products,
        Context::Overview,
        Context::Credentials,
        Context::NatsAccounts,
        Context::NatsAccount,
        Context::Filter,
        Context::Regions,
        Context::SeeMore,
        Context::FormName,
        Context::Form,
        Context::Discard,
        Context::Secret,
        Context::SavePath,
        Context::SaveOptions,
        Context::SecretQuestion,
        Context::Revoke,
        Context::Help,
        Context::Message,
        Context::TooSmall,
    ];
}

/// One binding: keys, what they do, and how to describe them.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
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
    fn new(keys: &[Key], action: Action, help: &'static str) -> Binding {
        Binding {
            keys: keys.to_vec(),
            action,
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
            Context::Regions | Context::SeeMore => &[Move, Menu, Everywhere],
            Context::FormName => &[Layer::Own(Context::FormName), Form, Everywhere],
            Context::Form => &[Layer::Own(Context::Form), Form, Everywhere],
            Context::Secret => &[Layer::Own(Context::Secret), Everywhere],
            Context::SavePath => &[Layer::Own(Context::SavePath), Everywhere],
            Context::SaveOptions => &[Layer::Own(Context::SaveOptions), Everywhere],
            Context::SecretQuestion => &[Dialog, Layer::Own(Context::SecretQuestion), Everywhere],
            Context::Discard => &[Dialog, Layer::Own(Context::Discard), Everywhere],
            Context::Revoke => &[Dialog, Layer::Own(Context::Revoke), Everywhere],
            Context::Help => &[Layer::Own(Context::Help), Everywhere],
            Context::Message => &[Layer::Own(Context::Message), Everywhere],
            Context::TooSmall => &[Layer::Own(Context::TooSmall), Everywhere],
        }
    }
}

/// A footer hint: keys as written, and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub words: &'static str,
}

/// Every binding, by layer. [`Keymap::default`] is the console's own; a user's keymap will
/// change its bindings.
#[derive(Debug, Clone)]
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
    Binding::new(keys, Action::OpenSeeMore, "see more: the actions on them")
}

fn update_binding() -> Binding {
    Binding::new(
        &[ch('u')],
        Action::Update,
        "update their name and permissions",
    )
    .hint("update")
    .on_credentials()
}

fn revoke_binding() -> Binding {
    Binding::new(&[ch('d')], Action::Revoke, "revoke them (asks first)")
        .hint("revoke")
        .on_credentials()
}

fn rotate_binding() -> Binding {
    Binding::new(
        &[ch('R')],
        Action::Rotate,
        "rotate: new credentials like these, then revoke these (asks first)",
    )
    .on_credentials()
}

/// `n`: what the Scaleway console's "Generate credentials" button does.
fn generate_binding(help: &'static str, hint: &'static str) -> Binding {
    let mut binding = Binding::new(&[ch('n')], Action::Generate, help).hint(hint);
    binding.writes = true;
    binding
}

fn filter_binding(help: &'static str) -> Binding {
    Binding::new(&[ch('/')], Action::Filter, help).hint("filter")
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
                    Binding::new(&[Key::ctrl('c')], Action::ForceQuit, "quit, from anywhere"),
                    Binding::new(
                        &[Key::ctrl('z')],
                        Action::Suspend,
                        "suspend (resume with fg)",
                    ),
                ],
            ),
            (
                Layer::Screen,
                vec![
                    Binding::new(&[ch('r')], Action::OpenRegions, "choose the region")
                        .hint("region"),
                    Binding::new(&[ch('1')], Action::Jump(Product::Nats), "go to NATS")
                        .hint("product"),
                    Binding::new(&[ch('2')], Action::Jump(Product::Queues), "go to Queues")
                        .hint("product"),
                    Binding::new(
                        &[ch('3')],
                        Action::Jump(Product::TopicsAndEvents),
                        "go to Topics and Events",
                    )
                    .hint("product"),
                    Binding::new(&[ch('?')], Action::Help, "help: every key here").hint("help"),
                    Binding::new(&[ch('q')], Action::Quit, "quit").hint("quit"),
                ],
            ),
            (
                Layer::Reload,
                vec![
                    Binding::new(
                        &[key(KeyCode::F(5)), Key::ctrl('r')],
                        Action::Reload,
                        "reload from the API",
                    )
                    .hint("reload"),
                ],
            ),
            (
                Layer::Move,
                vec![
                    Binding::new(&[key(KeyCode::Up), ch('k')], Action::Up, "move up").hint("move"),
                    Binding::new(&[key(KeyCode::Down), ch('j')], Action::Down, "move down")
                        .hint("move"),
                ],
            ),
            (
                Layer::Paging,
                vec![
                    Binding::new(&[key(KeyCode::PageUp)], Action::PageUp, "page up"),
                    Binding::new(&[key(KeyCode::PageDown)], Action::PageDown, "page down"),
                    Binding::new(&[ch('g'), key(KeyCode::Home)], Action::First, "first row"),
                    Binding::new(&[ch('G'), key(KeyCode::End)], Action::Last, "last row"),
                ],
            ),
            (
                Layer::Menu,
                vec![
                    Binding::new(&[enter], Action::Open, "choose").hint("choose"),
                    Binding::new(&[esc], Action::Back, "close").hint("close"),
                ],
            ),
            (
                Layer::Form,
                vec![
                    Binding::new(&[tab], Action::FocusNext, "next field").hint("next field"),
                    Binding::new(&[back_tab], Action::FocusPrevious, "previous field"),
                    Binding::new(
                        &[esc],
                        Action::Back,
                        "cancel (asks before discarding edits)",
                    )
                    .hint("cancel"),
                ],
            ),
            (
                Layer::Dialog,
                vec![
                    // Three bindings, so that the footer shows each key ("Tab/←→").
                    Binding::new(&[tab], Action::FocusNext, "move between the buttons")
                        .hint("choose"),
                    Binding::new(
                        &[key(KeyCode::Left)],
                        Action::FocusNext,
                        "move between the buttons",
                    )
                    .hint("choose"),
                    Binding::new(
                        &[key(KeyCode::Right)],
                        Action::FocusNext,
                        "move between the buttons",
                    )
                    .hint("choose"),
                    Binding::new(
                        &[back_tab],
                        Action::FocusPrevious,
                        "move between the buttons",
                    ),
                    Binding::new(&[enter], Action::Activate, "press the focused button")
                        .hint("activate"),
                ],
            ),
            (
                Layer::Own(Context::Products),
                vec![Binding::new(&[enter], Action::Open, "open the product").hint("open")],
            ),
            (
                Layer::Own(Context::Overview),
                vec![
                    Binding::new(&[tab], Action::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Action::PreviousTab, "previous tab"),
                    Binding::new(&[esc], Action::Back, "back to the product menu").hint("back"),
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
                    filter_binding("filter by name or access key"),
                    Binding::new(&[tab], Action::NextTab, "next tab").hint("tab"),
                    Binding::new(&[back_tab], Action::PreviousTab, "previous tab"),
                    Binding::new(
                        &[esc],
                        Action::Back,
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
                        Action::Open,
                        "open the account and its credentials",
                    )
                    .hint("open"),
                    generate_binding("create a NATS account", "new account"),
                    filter_binding("filter by name"),
                    Binding::new(
                        &[esc],
                        Action::Back,
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
                    filter_binding("filter by name"),
                    Binding::new(
                        &[esc],
                        Action::Back,
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
                        Action::Open,
                        "keep the filter and go back to the list",
                    )
                    .hint("keep"),
                    Binding::new(&[esc], Action::Back, "clear the filter").hint("clear"),
                    Binding::new(&[key(KeyCode::Up)], Action::Up, "move up").hint("move"),
                    Binding::new(&[key(KeyCode::Down)], Action::Down, "move down").hint("move"),
                ],
            ),
            (
                Layer::Own(Context::FormName),
                vec![
                    Binding::new(&[key(KeyCode::Down)], Action::FocusNext, "next field"),
                    Binding::new(&[enter], Action::Activate, "send the form").hint("send"),
                ],
            ),
            (
                Layer::Own(Context::Form),
                vec![
                    Binding::new(&[key(KeyCode::Down)], Action::FocusNext, "next field"),
                    Binding::new(&[key(KeyCode::Up)], Action::FocusPrevious, "previous field"),
                    Binding::new(&[ch(' ')], Action::Toggle, "tick or untick the permission")
                        .hint("toggle"),
                    Binding::new(
                        &[enter],
                        Action::Activate,
                        "press the button (or toggle the permission)",
                    )
                    .hint("activate"),
                ],
            ),
            (
                Layer::Own(Context::Discard),
                vec![Binding::new(&[esc], Action::Back, "keep editing").hint("keep editing")],
            ),
            (
                Layer::Own(Context::Secret),
                vec![
                    Binding::new(&[tab], Action::FocusNext, "next button").hint("next"),
                    Binding::new(&[key(KeyCode::Right)], Action::FocusNext, "next button"),
                    Binding::new(&[back_tab], Action::FocusPrevious, "previous button"),
                    Binding::new(
                        &[key(KeyCode::Left)],
                        Action::FocusPrevious,
                        "previous button",
                    ),
                    Binding::new(&[enter], Action::Activate, "press the focused button")
                        .hint("activate"),
                    Binding::new(
                        &[ch('v')],
                        Action::ShowSeed,
                        "show or hide the NKEY seed of NATS credentials",
                    ),
                    Binding::new(
                        &[esc],
                        Action::Back,
                        "close (asks first: the secret is never shown again)",
                    )
                    .hint("close"),
                ],
            ),
            (
                Layer::Own(Context::SavePath),
                vec![
                    Binding::new(&[enter], Action::Activate, "write the file").hint("save"),
                    Binding::new(&[tab], Action::FocusNext, "to the options").hint("options"),
                    Binding::new(&[back_tab], Action::FocusPrevious, "to the options"),
                    Binding::new(&[esc], Action::Back, "do not save").hint("cancel"),
                ],
            ),
            (
                Layer::Own(Context::SaveOptions),
                vec![
                    Binding::new(&[ch(' ')], Action::Toggle, "tick or untick the option")
                        .hint("toggle"),
                    Binding::new(&[enter], Action::Activate, "write the file").hint("save"),
                    Binding::new(&[tab], Action::FocusNext, "back to the path").hint("path"),
                    Binding::new(&[back_tab], Action::FocusPrevious, "back to the path"),
                    Binding::new(&[esc], Action::Back, "do not save").hint("cancel"),
                ],
            ),
            (
                Layer::Own(Context::SecretQuestion),
                vec![Binding::new(&[esc], Action::Back, "cancel").hint("cancel")],
            ),
            (
                Layer::Own(Context::Revoke),
                vec![Binding::new(&[esc], Action::Back, "cancel").hint("cancel")],
            ),
            (
                Layer::Own(Context::Help),
                vec![
                    Binding::new(&[esc, ch('?')], Action::Back, "close the help").hint("close"),
                    Binding::new(&[ch('q')], Action::Quit, "quit").hint("quit"),
                ],
            ),
            (
                Layer::Own(Context::Message),
                vec![Binding::new(&[enter, esc], Action::Back, "dismiss").hint("dismiss")],
            ),
            (
                Layer::Own(Context::TooSmall),
                vec![Binding::new(&[ch('q')], Action::Quit, "quit").hint("quit")],
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

    /// The action a key press stands for in a context, if any.
    pub fn resolve(&self, context: Context, readonly: bool, event: &Key) -> Option<Action> {
        if let Some(binding) = self
            .bindings(context, readonly)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
        {
            return Some(binding.action.clone());
        }
        if is_text_entry(context) {
            return text_edit(event).map(Action::Edit);
        }
        None
    }

    /// The keys that do `action` in a context, joined by `separator` ("F5 or Ctrl-R"), for the
    /// sentences that tell which key to press; `None` when no key does it.
    pub fn keys_for(&self, context: Context, action: &Action, separator: &str) -> Option<String> {
        self.bindings(context, false)
            .find(|binding| binding.action == *action && !binding.keys.is_empty())
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

/// The console's keymap.
static DEFAULT: LazyLock<Keymap> = LazyLock::new(Keymap::default);

/// The bindings of a context in the console's keymap, without the writing ones when read-only.
pub fn bindings(context: Context, readonly: bool) -> impl Iterator<Item = &'static Binding> {
    DEFAULT.bindings(context, readonly)
}

/// The action a key press stands for in a context, in the console's keymap.
pub fn resolve(context: Context, readonly: bool, event: &Key) -> Option<Action> {
    DEFAULT.resolve(context, readonly, event)
}

/// The keys that do `action` in a context, in the console's keymap (see
/// [`Keymap::keys_for`]).
pub fn keys_for(context: Context, action: &Action, separator: &str) -> Option<String> {
    DEFAULT.keys_for(context, action, separator)
}

/// The footer's hints for the state: its context, read-only or not, and whether credentials
/// are selected.
pub fn footer_hints(state: &State) -> Vec<Hint> {
    DEFAULT.footer_hints(
        state.context(),
        state.session.readonly,
        credentials_selected(state),
    )
}

/// Whether the screen has credentials selected that an action could act on.
fn credentials_selected(state: &State) -> bool {
    match &state.screen {
        Screen::Service(page) => {
            page.tab == ServiceTab::Credentials && page.credentials.selected_row().is_some()
        }
        Screen::NatsAccount(page) => page.credentials.selected_row().is_some(),
        Screen::Products { .. } | Screen::NatsAccounts(_) => false,
    }
}

/// Whether typing goes into a text field in this context.
fn is_text_entry(context: Context) -> bool {
    matches!(
        context,
        Context::Filter | Context::FormName | Context::SavePath
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
                Some(Action::Down)
            );
        }
        let shift_g = Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            resolve(Context::Credentials, false, &shift_g),
            Some(Action::Last)
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
            Some(Action::Revoke)
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
            Some(Action::Down)
        );
    }

    #[test]
    fn sentences_ask_the_keymap_for_their_keys() {
        assert_eq!(
            keys_for(Context::Credentials, &Action::Reload, " or ").as_deref(),
            Some("F5 or Ctrl-R")
        );
        assert_eq!(
            keys_for(Context::Message, &Action::Back, "/").as_deref(),
            Some("⏎/Esc")
        );
        assert_eq!(keys_for(Context::Help, &Action::Reload, "/"), None);
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
            Some(Action::Edit(InputRequest::InsertChar('q')))
        );
        assert_eq!(
            resolve(Context::Filter, false, &press(KeyCode::Char('q'))),
            Some(Action::Edit(InputRequest::InsertChar('q')))
        );
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let ctrl_c = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for context in Context::ALL {
            assert_eq!(resolve(context, false, &ctrl_c), Some(Action::ForceQuit));
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
}
