//! The keymap, as data: for each context, which keys do what, with the words the footer and
//! the `?` help show. Both are generated from here, so they cannot disagree with the keys.

use tui_input::InputRequest;

use super::action::Action;
use super::key::{Key, KeyCode, KeyModifiers};
use super::state::Context;
use mnq_api::model::Product;

const fn key(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn ch(c: char) -> Key {
    Key::char(c)
}

const fn ctrl(c: char) -> Key {
    Key::ctrl(c)
}

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

/// One binding: keys, what they do, and how to describe them.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// The line in the `?` help.
    pub help: &'static str,
    /// The footer hint, if the binding is shown there: (keys as written, words).
    pub hint: Option<(&'static str, &'static str)>,
    /// Changes or destroys something: removed by `--readonly`.
    pub dangerous: bool,
}

impl Binding {
    /// The keys as the help writes them ("↓ j").
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: None,
        dangerous: false,
    }
}

const fn hint(
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: (&'static str, &'static str),
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: Some(hint),
        dangerous: false,
    }
}

const fn danger(
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: (&'static str, &'static str),
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: Some(hint),
        dangerous: true,
    }
}

const UP: Binding = hint(
    &[key(KeyCode::Up), ch('k')],
    Action::Up,
    "move up",
    ("↑↓", "move"),
);
const DOWN: Binding = bind(&[key(KeyCode::Down), ch('j')], Action::Down, "move down");
const PAGE_UP: Binding = bind(&[key(KeyCode::PageUp)], Action::PageUp, "page up");
const PAGE_DOWN: Binding = bind(&[key(KeyCode::PageDown)], Action::PageDown, "page down");
const FIRST: Binding = bind(&[ch('g'), key(KeyCode::Home)], Action::First, "first row");
const LAST: Binding = bind(&[ch('G'), key(KeyCode::End)], Action::Last, "last row");
const JUMP_NATS: Binding = hint(
    &[ch('1')],
    Action::Jump(Product::Nats),
    "go to NATS",
    ("1-3", "product"),
);
const JUMP_QUEUES: Binding = bind(&[ch('2')], Action::Jump(Product::Queues), "go to Queues");
const JUMP_TOPICS: Binding = bind(
    &[ch('3')],
    Action::Jump(Product::TopicsAndEvents),
    "go to Topics and Events",
);
const REGION: Binding = hint(
    &[ch('r')],
    Action::OpenRegions,
    "choose the region",
    ("r", "region"),
);
const RELOAD: Binding = hint(
    &[key(KeyCode::F(5)), ctrl('r')],
    Action::Reload,
    "reload from the API",
    ("F5", "reload"),
);
const FILTER: Binding = hint(
    &[ch('/')],
    Action::Filter,
    "filter by name (or access key)",
    ("/", "filter"),
);
const HELP: Binding = hint(
    &[ch('?')],
    Action::Help,
    "help: every key here",
    ("?", "help"),
);
const QUIT: Binding = hint(&[ch('q')], Action::Quit, "quit", ("q", "quit"));
const BACK: Binding = hint(
    &[key(KeyCode::Esc)],
    Action::Back,
    "back (or clear the filter)",
    ("Esc", "back"),
);
const NEXT_TAB: Binding = hint(
    &[key(KeyCode::Tab)],
    Action::NextTab,
    "next tab",
    ("Tab", "tab"),
);
const PREVIOUS_TAB: Binding = bind(
    &[key(KeyCode::BackTab)],
    Action::PreviousTab,
    "previous tab",
);
const SEE_MORE: Binding = hint(
    &[ch('.'), ch('m')],
    Action::OpenSeeMore,
    "see more: the actions on the credentials",
    (".", "more"),
);
const UPDATE: Binding = danger(
    &[ch('u')],
    Action::Update,
    "update the credentials' name and permissions",
    ("u", "update"),
);
const REVOKE: Binding = danger(
    &[ch('d')],
    Action::Revoke,
    "revoke the credentials (asks first)",
    ("d", "revoke"),
);
const CLOSE: Binding = hint(
    &[key(KeyCode::Esc)],
    Action::Back,
    "close",
    ("Esc", "close"),
);
const CHOOSE: Binding = hint(
    &[key(KeyCode::Enter)],
    Action::Open,
    "choose",
    ("⏎", "choose"),
);

static PRODUCTS: &[Binding] = &[
    UP,
    DOWN,
    hint(
        &[key(KeyCode::Enter)],
        Action::Open,
        "open the product",
        ("⏎", "open"),
    ),
    JUMP_NATS,
    JUMP_QUEUES,
    JUMP_TOPICS,
    REGION,
    HELP,
    QUIT,
];

static OVERVIEW: &[Binding] = &[
    NEXT_TAB,
    PREVIOUS_TAB,
    REGION,
    RELOAD,
    JUMP_NATS,
    JUMP_QUEUES,
    JUMP_TOPICS,
    BACK,
    HELP,
    QUIT,
];

static CREDENTIALS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    FIRST,
    LAST,
    bind(
        &[key(KeyCode::Enter)],
        Action::OpenSeeMore,
        "see more: the actions on the credentials",
    ),
    SEE_MORE,
    UPDATE,
    REVOKE,
    FILTER,
    REGION,
    NEXT_TAB,
    PREVIOUS_TAB,
    RELOAD,
    JUMP_NATS,
    JUMP_QUEUES,
    JUMP_TOPICS,
    BACK,
    HELP,
    QUIT,
];

static NATS_ACCOUNTS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    FIRST,
    LAST,
    hint(
        &[key(KeyCode::Enter)],
        Action::Open,
        "open the account and its credentials",
        ("⏎", "open"),
    ),
    FILTER,
    REGION,
    RELOAD,
    JUMP_NATS,
    JUMP_QUEUES,
    JUMP_TOPICS,
    BACK,
    HELP,
    QUIT,
];

static NATS_ACCOUNT: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    FIRST,
    LAST,
    bind(
        &[key(KeyCode::Enter)],
        Action::OpenSeeMore,
        "see more: the actions on the credentials",
    ),
    SEE_MORE,
    REVOKE,
    FILTER,
    REGION,
    RELOAD,
    JUMP_NATS,
    JUMP_QUEUES,
    JUMP_TOPICS,
    hint(
        &[key(KeyCode::Esc)],
        Action::Back,
        "back to the accounts (or clear the filter)",
        ("Esc", "accounts"),
    ),
    HELP,
    QUIT,
];

static FILTER_INPUT: &[Binding] = &[
    hint(
        &[key(KeyCode::Enter)],
        Action::Open,
        "keep the filter and go back to the list",
        ("⏎", "keep"),
    ),
    hint(
        &[key(KeyCode::Esc)],
        Action::Back,
        "clear the filter",
        ("Esc", "clear"),
    ),
    hint(&[key(KeyCode::Up)], Action::Up, "move up", ("↑↓", "move")),
    bind(&[key(KeyCode::Down)], Action::Down, "move down"),
];

static REGIONS: &[Binding] = &[UP, DOWN, CHOOSE, CLOSE];

static SEE_MORE_MENU: &[Binding] = &[UP, DOWN, CHOOSE, CLOSE];

const FORM_NEXT: Binding = hint(
    &[key(KeyCode::Tab)],
    Action::FocusNext,
    "next field",
    ("Tab", "next field"),
);
const FORM_PREVIOUS: Binding = bind(
    &[key(KeyCode::BackTab)],
    Action::FocusPrevious,
    "previous field",
);
const FORM_CANCEL: Binding = hint(
    &[key(KeyCode::Esc)],
    Action::Back,
    "cancel (asks before discarding edits)",
    ("Esc", "cancel"),
);

static UPDATE_NAME: &[Binding] = &[
    FORM_NEXT,
    FORM_PREVIOUS,
    bind(&[key(KeyCode::Down)], Action::FocusNext, "next field"),
    hint(
        &[key(KeyCode::Enter)],
        Action::Activate,
        "update the credentials",
        ("⏎", "update"),
    ),
    FORM_CANCEL,
];

static UPDATE_FORM: &[Binding] = &[
    FORM_NEXT,
    FORM_PREVIOUS,
    bind(&[key(KeyCode::Down)], Action::FocusNext, "next field"),
    bind(&[key(KeyCode::Up)], Action::FocusPrevious, "previous field"),
    hint(
        &[ch(' ')],
        Action::Toggle,
        "tick or untick the permission",
        ("Space", "toggle"),
    ),
    hint(
        &[key(KeyCode::Enter)],
        Action::Activate,
        "press the button (or toggle the permission)",
        ("⏎", "activate"),
    ),
    FORM_CANCEL,
];

const DIALOG_CHOOSE: Binding = hint(
    &[key(KeyCode::Tab), key(KeyCode::Left), key(KeyCode::Right)],
    Action::FocusNext,
    "move between the buttons",
    ("Tab/←→", "choose"),
);
const DIALOG_CHOOSE_BACK: Binding = bind(
    &[key(KeyCode::BackTab)],
    Action::FocusPrevious,
    "move between the buttons",
);
const DIALOG_ACTIVATE: Binding = hint(
    &[key(KeyCode::Enter)],
    Action::Activate,
    "press the focused button",
    ("⏎", "activate"),
);

static DISCARD: &[Binding] = &[
    DIALOG_CHOOSE,
    DIALOG_CHOOSE_BACK,
    DIALOG_ACTIVATE,
    hint(
        &[key(KeyCode::Esc)],
        Action::Back,
        "keep editing",
        ("Esc", "keep editing"),
    ),
];

static REVOKE_DIALOG: &[Binding] = &[
    DIALOG_CHOOSE,
    DIALOG_CHOOSE_BACK,
    DIALOG_ACTIVATE,
    hint(
        &[key(KeyCode::Esc)],
        Action::Back,
        "cancel",
        ("Esc", "cancel"),
    ),
];

static HELP_POPUP: &[Binding] = &[
    hint(
        &[key(KeyCode::Esc), ch('?')],
        Action::Back,
        "close the help",
        ("Esc", "close"),
    ),
    QUIT,
];

static MESSAGE: &[Binding] = &[hint(
    &[key(KeyCode::Enter), key(KeyCode::Esc)],
    Action::Back,
    "dismiss",
    ("⏎/Esc", "dismiss"),
)];

static TOO_SMALL: &[Binding] = &[QUIT];

/// Keys that work everywhere, even while typing.
static EVERYWHERE: &[Binding] = &[
    bind(&[ctrl('c')], Action::ForceQuit, "quit, from anywhere"),
    bind(&[ctrl('z')], Action::Suspend, "suspend (resume with fg)"),
];

/// The bindings of a context, without the dangerous ones when read-only.
pub fn bindings(context: Context, readonly: bool) -> impl Iterator<Item = &'static Binding> {
    let own: &'static [Binding] = match context {
        Context::Products => PRODUCTS,
        Context::Overview => OVERVIEW,
        Context::Credentials => CREDENTIALS,
        Context::NatsAccounts => NATS_ACCOUNTS,
        Context::NatsAccount => NATS_ACCOUNT,
        Context::Filter => FILTER_INPUT,
        Context::Regions => REGIONS,
        Context::SeeMore => SEE_MORE_MENU,
        Context::UpdateName => UPDATE_NAME,
        Context::Update => UPDATE_FORM,
        Context::Discard => DISCARD,
        Context::Revoke => REVOKE_DIALOG,
        Context::Help => HELP_POPUP,
        Context::Message => MESSAGE,
        Context::TooSmall => TOO_SMALL,
    };
    own.iter()
        .chain(EVERYWHERE)
        .filter(move |binding| !(readonly && binding.dangerous))
}

/// Whether typing goes into a text field in this context.
fn is_text_entry(context: Context) -> bool {
    matches!(context, Context::Filter | Context::UpdateName)
}

/// The action a key press stands for in a context, if any.
pub fn resolve(context: Context, readonly: bool, event: &Key) -> Option<Action> {
    if let Some(binding) =
        bindings(context, readonly).find(|b| b.keys.iter().any(|k| k.matches(event)))
    {
        return Some(binding.action.clone());
    }
    if is_text_entry(context) {
        return text_edit(event).map(Action::Edit);
    }
    None
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

/// The footer's hints for a context: (keys, words).
pub fn footer_hints(context: Context, readonly: bool) -> Vec<(&'static str, &'static str)> {
    bindings(context, readonly)
        .filter_map(|binding| binding.hint)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> Key {
        Key::plain(code)
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
    fn readonly_removes_update_and_revoke_keys_and_hints() {
        for context in [Context::Credentials, Context::NatsAccount] {
            assert_eq!(resolve(context, true, &press(KeyCode::Char('d'))), None);
            assert_eq!(resolve(context, true, &press(KeyCode::Char('u'))), None);
            let hints = footer_hints(context, true);
            assert!(!hints.iter().any(|(_, words)| *words == "revoke"));
        }
        assert_eq!(
            resolve(Context::Credentials, false, &press(KeyCode::Char('d'))),
            Some(Action::Revoke)
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
            resolve(Context::UpdateName, false, &press(KeyCode::Char('q'))),
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
        for context in [
            Context::UpdateName,
            Context::Revoke,
            Context::TooSmall,
            Context::Help,
        ] {
            assert_eq!(resolve(context, false, &ctrl_c), Some(Action::ForceQuit));
        }
    }

    #[test]
    fn every_context_offers_help_or_a_way_out_in_its_footer() {
        for context in [
            Context::Products,
            Context::Overview,
            Context::Credentials,
            Context::NatsAccounts,
            Context::NatsAccount,
            Context::Filter,
            Context::Regions,
            Context::SeeMore,
            Context::UpdateName,
            Context::Update,
            Context::Discard,
            Context::Revoke,
            Context::Help,
            Context::Message,
            Context::TooSmall,
        ] {
            let hints = footer_hints(context, false);
            assert!(!hints.is_empty(), "{context:?} has no hints");
        }
    }

    #[test]
    fn no_two_bindings_of_a_context_share_a_key() {
        for context in [
            Context::Products,
            Context::Credentials,
            Context::NatsAccount,
            Context::UpdateName,
            Context::Update,
            Context::Revoke,
        ] {
            let keys: Vec<Key> = bindings(context, false)
                .flat_map(|binding| binding.keys.iter().copied())
                .collect();
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(key), "{context:?}: {key:?} twice");
            }
        }
    }
}
