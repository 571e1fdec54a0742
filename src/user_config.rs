//! mnq-tui's own settings, in `$XDG_CONFIG_HOME/mnq-tui/config.toml` (else
//! `~/.config/mnq-tui/config.toml`): key bindings per context, the theme and its colours, the
//! mouse, and the product and region to start on. `assets/config.example.toml` documents it.
//!
//! A file that cannot be used stops the console with its path, the line and what is wrong:
//! never a silent fallback. `--no-config` starts without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::api::model::{Product, Region};
use crate::app::Theme;
use crate::app::keymap::{KeyChange, Keymap};
use crate::dirs::BaseDir;

/// What the user's config says, applied to the console's defaults.
#[derive(Debug, Clone)]
pub struct UserConfig {
    /// The file read, if there was one.
    pub path: Option<PathBuf>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub mouse: bool,
    pub product: Option<Product>,
    pub region: Option<Region>,
    /// `default_region = "all"`: the lists start with every region.
    pub all_regions: bool,
    /// How old credentials are when `mnq-tui list` and the console call them stale.
    pub stale_days: Option<u32>,
}

impl Default for UserConfig {
    fn default() -> Self {
        UserConfig {
            path: None,
            keymap: Keymap::default(),
            theme: Theme::dark(),
            mouse: true,
            product: None,
            region: None,
            all_regions: false,
            stale_days: None,
        }
    }
}

/// A config file that cannot be used: where, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {problem} (mnq-tui --no-config starts without it)")]
pub struct ConfigError {
    pub path: String,
    pub problem: String,
}

/// Where the config file is looked for.
pub fn default_path() -> Option<PathBuf> {
    Some(BaseDir::Config.path()?.join("mnq-tui").join("config.toml"))
}

/// Reads the config at `path` if it exists; none is the console's defaults.
pub fn load(path: &Path) -> Result<UserConfig, ConfigError> {
    let failed = |problem: String| ConfigError {
        path: path.display().to_string(),
        problem,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(UserConfig::default());
        }
        Err(error) => return Err(failed(format!("cannot be read: {error}"))),
    };
    let mut config = parse(&text).map_err(failed)?;
    config.path = Some(path.to_path_buf());
    Ok(config)
}

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    default_product: Option<Spanned<String>>,
    default_region: Option<Spanned<String>>,
    stale_days: Option<u32>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Keys>>>,
}

/// One key or several.
#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Several(Vec<String>),
}

/// The config from the file's text; an error names the line.
pub fn parse(text: &str) -> Result<UserConfig, String> {
    let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let file: File = toml::from_str(text).map_err(|error| {
        let message = error.message().trim_end_matches('\n').to_owned();
        match error.span() {
            Some(span) => format!("line {}: {message}", line_of(span.start)),
            None => message,
        }
    })?;
    let mut config = UserConfig::default();
    if let Some(name) = &file.theme {
        config.theme = Theme::named(name.get_ref()).ok_or_else(|| {
            format!(
                "line {}: {:?} is not a theme; the themes are dark, light and mono",
                line_of(name.span().start),
                name.get_ref()
            )
        })?;
    }
    for (role, colour) in &file.colors {
        let line = line_of(role.span().start);
        let style = style(colour.get_ref()).map_err(|problem| format!("line {line}: {problem}"))?;
        set_role(&mut config.theme, role.get_ref(), style)
            .map_err(|problem| format!("line {line}: {problem}"))?;
    }
    if let Some(mouse) = file.mouse {
        config.mouse = mouse;
    }
    config.stale_days = file.stale_days;
    if let Some(product) = &file.default_product {
        config.product = Some(match product.get_ref().as_str() {
            "nats" => Product::Nats,
            "queues" => Product::Queues,
            "topics" => Product::TopicsAndEvents,
            other => {
                return Err(format!(
                    "line {}: {other:?} is not a product; write nats, queues or topics",
                    line_of(product.span().start)
                ));
            }
        });
    }
    if let Some(region) = &file.default_region {
        if region.get_ref() == "all" {
            config.all_regions = true;
        } else {
            config.region = Some(region.get_ref().parse().map_err(|_| {
                format!(
                    "line {}: {:?} is not a region; write fr-par, nl-ams or all",
                    line_of(region.span().start),
                    region.get_ref()
                )
            })?);
        }
    }
    let changes: Vec<KeyChange> = file
        .keys
        .iter()
        .flat_map(|(section, actions)| {
            actions.iter().map(move |(action, keys)| KeyChange {
                section: section.get_ref().clone(),
                section_line: header_line(text, section.get_ref())
                    .unwrap_or_else(|| line_of(section.span().start)),
                action: action.get_ref().clone(),
                keys: match keys.get_ref() {
                    Keys::One(key) => vec![key.clone()],
                    Keys::Several(keys) => keys.clone(),
                },
                line: line_of(action.span().start),
            })
        })
        .collect();
    config.keymap = Keymap::default()
        .with_changes(&changes)
        .map_err(|error| error.to_string())?;
    Ok(config)
}

/// The line of a `[keys.<section>]` header (a table key's span covers its contents).
fn header_line(text: &str, section: &str) -> Option<usize> {
    let header = format!("[keys.{section}]");
    text.lines()
        .position(|line| line.trim() == header)
        .map(|at| at + 1)
}

/// Sets the style of one role of the theme.
fn set_role(theme: &mut Theme, role: &str, style: Style) -> Result<(), String> {
    let slot = match role {
        "accent" => &mut theme.accent,
        "selection" => &mut theme.selected,
        "danger" => &mut theme.danger,
        "error" => &mut theme.error,
        "warning" => &mut theme.warning,
        "muted" => &mut theme.muted,
        "key" => &mut theme.key,
        "ok" => &mut theme.ok,
        "border" => &mut theme.border,
        "focus" => &mut theme.focused_border,
        "header" => &mut theme.header,
        other => {
            return Err(format!(
                "{other:?} is not a colour role; the roles are accent, selection, danger, \
                 error, warning, muted, key, ok, border, focus and header"
            ));
        }
    };
    *slot = style;
    Ok(())
}

/// A style as written: `red`, `#ff8800`, `black on cyan`, `bold red`, `underlined`.
fn style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace().peekable();
    let mut foreground_set = false;
    while let Some(word) = words.next() {
        match word {
            "bold" => style = style.add_modifier(Modifier::BOLD),
            "italic" => style = style.add_modifier(Modifier::ITALIC),
            "underlined" => style = style.add_modifier(Modifier::UNDERLINED),
            "reversed" => style = style.add_modifier(Modifier::REVERSED),
            "on" => {
                let background = words
                    .next()
                    .ok_or_else(|| format!("{text:?} says \"on\" but no colour follows"))?;
                style = style.bg(colour(background)?);
            }
            _ if !foreground_set => {
                style = style.fg(colour(word)?);
                foreground_set = true;
            }
            _ => return Err(format!("{text:?} has two colours; write \"fg on bg\"")),
        }
    }
    if style.fg.is_some() && style.fg == style.bg {
        return Err(format!(
            "{text:?} writes text in its own background colour: choose two colours"
        ));
    }
    Ok(style)
}

/// A colour as written: `default` (the terminal's own), or what ratatui's `Color` reads — a
/// name in any case (`red`, `dark-gray`, `light-blue`; `grey` or `gray`, `bright-` or
/// `light-`), `#rrggbb`, or a palette index from 0 to 255.
fn colour(word: &str) -> Result<Color, String> {
    if word.eq_ignore_ascii_case("default") {
        return Ok(Color::Reset);
    }
    word.parse().map_err(|_| {
        format!("{word:?} is not a colour; write a name (red, dark-gray, light-blue, …) or #rrggbb")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_is_valid_and_changes_what_it_says() {
        let example = include_str!("../assets/config.example.toml");
        let config = parse(example).expect("the example parses");
        assert_eq!(
            config.theme.selected,
            style("black on yellow").expect("a style")
        );
        assert!(config.mouse);
    }

    #[test]
    fn a_role_whose_text_is_its_background_is_refused() {
        assert_eq!(
            style("blue on blue"),
            Err(
                "\"blue on blue\" writes text in its own background colour: choose two colours"
                    .to_owned()
            )
        );
    }

    #[test]
    fn colours_are_names_hex_or_fg_on_bg() {
        assert_eq!(
            style("bold white on #102030"),
            Ok(Style::new()
                .fg(Color::White)
                .bg(Color::Rgb(0x10, 0x20, 0x30))
                .add_modifier(Modifier::BOLD))
        );
        assert_eq!(
            style("Light-Blue on 236"),
            Ok(Style::new().fg(Color::LightBlue).bg(Color::Indexed(236)))
        );
        assert_eq!(
            style("default on dark-grey"),
            Ok(Style::new().fg(Color::Reset).bg(Color::DarkGray))
        );
        assert_eq!(
            style("purplish"),
            Err(
                "\"purplish\" is not a colour; write a name (red, dark-gray, light-blue, …) or \
                 #rrggbb"
                    .to_owned()
            )
        );
    }
}
