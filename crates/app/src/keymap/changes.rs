//! A user's changes to the keys, from their config file: `[keys.<section>]` (a shared layer
//! or a context, by name), `<action> = ["x", "ctrl-x"]` (a command, by name; no keys unbinds
//! it). The names are the commands' and contexts' own (`strum`), so they cannot drift from
//! the code; a change is refused whole, naming its line, when a name is unknown, a command is
//! not in that section, or a key would do two things in some context.

use std::collections::HashMap;

use strum::IntoEnumIterator;

use super::{Context, Keymap, Layer, SharedLayer};
use crate::command::Command;
use crate::key::{Key, KeyCode, KeyModifiers};

impl Layer {
    /// The layer a section of a user's config names: a shared layer, or a context's own.
    pub(super) fn named(name: &str) -> Option<Layer> {
        name.parse()
            .map(Layer::Shared)
            .or_else(|_| name.parse().map(Layer::Own))
            .ok()
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
                let sections: Vec<&str> = SharedLayer::iter()
                    .map(|layer| Layer::Shared(layer).name())
                    .chain(Context::iter().map(Context::name))
                    .collect();
                write!(
                    f,
                    "line {line}: [keys.{section}] is not a section of keys; the sections are {}",
                    sections.join(", ")
                )
            }
            KeymapError::UnknownAction { line, action } => {
                let actions: Vec<&str> = Command::iter().map(Command::name).collect();
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
        let mut changed: HashMap<(Layer, Command), usize> = HashMap::new();
        for change in changes {
            let line = change.line;
            let layer =
                Layer::named(&change.section).ok_or_else(|| KeymapError::UnknownSection {
                    line: change.section_line,
                    section: change.section.clone(),
                })?;
            let command: Command =
                change
                    .action
                    .parse()
                    .map_err(|_| KeymapError::UnknownAction {
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
            let Some(first) = bindings.iter().position(|b| b.command == command) else {
                let mut there: Vec<&'static str> =
                    bindings.iter().map(|b| b.command.name()).collect();
                there.dedup();
                return Err(KeymapError::NotInSection {
                    line,
                    section: change.section.clone(),
                    action: change.action.clone(),
                    there,
                });
            };
            // The first binding of the command keeps its words; the others go.
            let mut index = 0;
            bindings.retain(|binding| {
                let keep = binding.command != command || index == first;
                index += 1;
                keep
            });
            if keys.is_empty() {
                bindings.retain(|binding| binding.command != command);
            } else if let Some(binding) = bindings.iter_mut().find(|b| b.command == command) {
                binding.keys = keys;
            }
            changed.insert((layer, command), line);
        }
        self.check_conflicts(&changed)?;
        Ok(self)
    }

    /// No key does two different things in any context.
    fn check_conflicts(
        &self,
        changed: &HashMap<(Layer, Command), usize>,
    ) -> Result<(), KeymapError> {
        for context in Context::iter() {
            let mut seen: Vec<(Key, Command, Option<usize>)> = Vec::new();
            for layer in Layer::stack(context) {
                for binding in self.layers.get(layer).into_iter().flatten() {
                    let command = binding.command;
                    let line = changed.get(&(*layer, command)).copied();
                    for key in &binding.keys {
                        if let Some((_, other, other_line)) = seen
                            .iter()
                            .find(|(known, other, _)| known.matches(key) && *other != command)
                        {
                            return Err(KeymapError::Conflict {
                                key: key.label(),
                                context: context.name(),
                                first: (other.name(), *other_line),
                                second: (command.name(), line),
                            });
                        }
                        seen.push((*key, command, line));
                    }
                }
            }
        }
        Ok(())
    }
}
