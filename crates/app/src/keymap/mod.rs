//! The keymap, as data: layers of bindings (keys, the command they stand for, and the words
//! the footer and the `?` help show), stacked per [`Context`]. The footer, the help and every
//! sentence of the view that names a key are computed from here, so they cannot disagree with
//! the keys — and a user's keymap (a changed [`Keymap`]) changes them all at once.
//!
//! This file is the engine: contexts, layers, and what a key resolves to. The console's own
//! bindings are a table in `default.rs`; a user's config changes them in `changes.rs`.

mod changes;
mod default;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use strum::{EnumIter, EnumString, IntoStaticStr};
use tui_input::InputRequest;

use crate::command::Command;
use crate::key::{Key, KeyCode, KeyModifiers};

pub use changes::{KeyChange, KeymapError};

/// Where keys go; each has its own bindings. Its name (kebab-case of the variant) is the
/// section of a user's config that changes its own bindings (`[keys.nats-account]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
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
    /// The connection test: typing the path of the `.creds` or `.env`.
    Connection,
    Revoke,
    /// The batch revoke pop-up, typing the count that confirms it.
    BatchConfirm,
    /// The batch revoke pop-up once sent: the outcomes, Close and Retry.
    BatchRevoke,
    /// "Quit while changes are under way?"
    Quit,
    /// Typing the path of a `.env` or `.creds` file to find its credentials.
    FindFile,
    /// What the search for a file's credentials found.
    Found,
    /// The journal of changes.
    Journal,
    Help,
    Message,
    TooSmall,
}

impl Context {
    /// The context's name in a user's config (`[keys.<name>]`) and in its errors.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Whether typing goes into a text field in this context.
    fn is_text_entry(self) -> bool {
        matches!(
            self,
            Context::Filter
                | Context::FormName
                | Context::SavePath
                | Context::Connection
                | Context::BatchConfirm
                | Context::FindFile
        )
    }
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
    /// Leads to a change of the credentials: not offered under `--readonly` (the footer and the
    /// help leave it out; pressed, the console says it is read-only).
    pub writes: bool,
    /// Acts on the selected credentials: the footer offers it only when some are selected.
    pub on_selection: bool,
}

impl Binding {
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
    Shared(SharedLayer),
    /// One context's own bindings.
    Own(Context),
}

/// The layers several contexts share. Each name (kebab-case of the variant) is the section of
/// a user's config that changes it (`[keys.screens]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum SharedLayer {
    /// Keys that work everywhere, even while typing.
    Everywhere,
    /// Every screen (not pop-ups): products, region, help, quit.
    Screens,
    /// Screens that show what the API said: reload.
    Reload,
    /// Up and down, in lists and menus.
    Move,
    /// Paging through a list.
    Paging,
    /// The region and see-more menus: choose, close.
    Menus,
    /// The form pop-ups: between fields, cancel.
    Forms,
    /// A question with two buttons.
    Dialogs,
}

impl Layer {
    /// The layers of a context, in the order the footer and the help list them.
    pub fn stack(context: Context) -> &'static [Layer] {
        use Layer::{Own, Shared};
        use SharedLayer::*;
        match context {
            Context::Products => &[
                Shared(Move),
                Shared(Paging),
                Own(Context::Products),
                Shared(Screens),
                Shared(Everywhere),
            ],
            Context::Overview => &[
                Own(Context::Overview),
                Shared(Reload),
                Shared(Screens),
                Shared(Everywhere),
            ],
            Context::Credentials => &[
                Shared(Move),
                Shared(Paging),
                Own(Context::Credentials),
                Shared(Reload),
                Shared(Screens),
                Shared(Everywhere),
            ],
            Context::NatsAccounts => &[
                Shared(Move),
                Shared(Paging),
                Own(Context::NatsAccounts),
                Shared(Reload),
                Shared(Screens),
                Shared(Everywhere),
            ],
            Context::NatsAccount => &[
                Shared(Move),
                Shared(Paging),
                Own(Context::NatsAccount),
                Shared(Reload),
                Shared(Screens),
                Shared(Everywhere),
            ],
            Context::Filter => &[Own(Context::Filter), Shared(Everywhere)],
            Context::Regions | Context::Projects | Context::SeeMore => &[
                Shared(Move),
                Shared(Paging),
                Shared(Menus),
                Shared(Everywhere),
            ],
            Context::FormName => &[Own(Context::FormName), Shared(Forms), Shared(Everywhere)],
            Context::Form => &[
                Own(Context::Form),
                Shared(Forms),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::Secret => &[Own(Context::Secret), Shared(Paging), Shared(Everywhere)],
            Context::SavePath => &[Own(Context::SavePath), Shared(Everywhere)],
            Context::SaveOptions => &[Own(Context::SaveOptions), Shared(Everywhere)],
            Context::SecretQuestion => &[
                Shared(Dialogs),
                Own(Context::SecretQuestion),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::Connection => &[Own(Context::Connection), Shared(Everywhere)],
            Context::Discard => &[
                Shared(Dialogs),
                Own(Context::Discard),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::Revoke => &[
                Shared(Dialogs),
                Own(Context::Revoke),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::BatchConfirm => &[
                Shared(Dialogs),
                Own(Context::BatchConfirm),
                Shared(Everywhere),
            ],
            Context::BatchRevoke => &[
                Shared(Dialogs),
                Own(Context::BatchRevoke),
                Shared(Everywhere),
            ],
            Context::Quit => &[
                Shared(Dialogs),
                Own(Context::Quit),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::FindFile => &[Own(Context::FindFile), Shared(Everywhere)],
            Context::Found => &[Shared(Move), Own(Context::Found), Shared(Everywhere)],
            Context::Journal => &[
                Shared(Move),
                Shared(Paging),
                Own(Context::Journal),
                Shared(Everywhere),
            ],
            Context::Help => &[
                Own(Context::Help),
                Shared(Move),
                Shared(Paging),
                Shared(Everywhere),
            ],
            Context::Message => &[Own(Context::Message), Shared(Everywhere)],
            Context::TooSmall => &[Own(Context::TooSmall), Shared(Everywhere)],
        }
    }

    /// The layer's name in a user's config (`[keys.<name>]`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Shared(layer) => layer.into(),
            Layer::Own(context) => context.name(),
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

/// Every binding, by layer. [`Keymap::default`] is the console's own (`default.rs`); a user's
/// keymap changes its bindings ([`Keymap::with_changes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    layers: HashMap<Layer, Vec<Binding>>,
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
    /// field an edit of the text. Read-only keeps the keys that change credentials out of the
    /// footer and the help, not from here: pressed, they reach the console, which says it is
    /// read-only rather than ignoring them.
    pub fn resolve(&self, context: Context, event: &Key) -> Option<Resolved> {
        if let Some(binding) = self
            .bindings(context, false)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
        {
            return Some(Resolved::Command(binding.command));
        }
        if context.is_text_entry() {
            return text_edit(event).map(Resolved::Edit);
        }
        None
    }

    /// The keys that do `command` in a context, joined by `separator` ("F5 or Ctrl-R"), for the
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
