//! The secret pop-up: new credentials and their secret, shown once, with copy, save and a
//! Done button that needs the focus; and its questions (close anyway? overwrite?).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::connection;
use super::popup::{self, Button};
use super::text::{clean, fit};
use crate::call::ConnectionOutcome;
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::{Context, Keymap};
use crate::secret::{
    CreatedCredentials, SaveError, SaveForm, Saved, SecretButton, SecretNote, SecretPopup,
    SecretQuestion,
};
use crate::state::Declared;
use crate::theme::Theme;

const WIDTH: u16 = 78;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    (secret, keymap): (&SecretPopup, &Keymap),
    theme: &Theme,
    hits: &mut Hits,
) {
    let width = WIDTH.min(area.width);
    let text_width = usize::from(width.saturating_sub(4));
    let details = details(secret, text_width, theme);
    let save = secret
        .save
        .as_ref()
        .map_or(0, |save| if save.nats_context.is_some() { 2 } else { 1 });
    let notes = notes(secret, theme);
    // The notes take what room the rest leaves, their latest lines last.
    let notes_lines = notes.line_count(width.saturating_sub(4)) as u16;
    let rest = 2 + 2 + details.len() as u16 + 1 + save + 1 + 1;
    let notes_height = notes_lines.min(area.height.saturating_sub(rest));
    let notes = notes.scroll((notes_lines - notes_height, 0));
    let height = rest + notes_height;
    let box_area = popup::centered(area, width, height);
    let title = Line::from(vec![
        Span::styled(" New credentials — shown once ", theme.danger),
        Span::styled(
            format!(
                "· {} · {} ",
                secret.created.product(),
                region(&secret.created)
            ),
            theme.muted,
        ),
    ]);
    let inner = popup::open(frame, box_area, title, theme.danger).inner(Margin::new(1, 0));
    hits.add(box_area, Hit::Popup);
    let [warning, fields, _, save_area, notes_area, _, buttons] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(details.len() as u16),
        Constraint::Length(1),
        Constraint::Length(save),
        Constraint::Length(notes_height),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let what = match secret.created {
        CreatedCredentials::Service { .. } => "the secret key",
        CreatedCredentials::Nats { .. } => "the .creds file",
    };
    let sign = if theme.monochrome { "WARNING:" } else { "⚠" };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("{sign} Copy or save {what} now: it will never be shown again."),
            theme.danger,
        ))
        .wrap(Wrap { trim: true }),
        warning,
    );
    frame.render_widget(Paragraph::new(details), fields);
    if let Some(save) = &secret.save {
        draw_save(frame, save_area, save, theme);
        if save.nats_context.is_some() {
            let checkbox = Rect::new(save_area.x, save_area.y + 1, save_area.width, 1);
            hits.add(checkbox.intersection(save_area), Hit::SaveCheckbox);
        }
    }
    frame.render_widget(notes, notes_area);
    let shown = buttons_of(secret);
    for (area, button) in popup::button_areas(buttons, &shown)
        .into_iter()
        .zip(secret.created.buttons())
    {
        hits.add(area, Hit::SecretButton(*button));
    }
    frame.render_widget(popup::buttons(&shown, theme), buttons);
    if let Some(question) = secret.question {
        draw_question(frame, area, (secret, keymap), question, theme, hits);
    }
}

fn region(created: &CreatedCredentials) -> String {
    match created {
        CreatedCredentials::Service { credentials, .. } => credentials.region.to_string(),
        CreatedCredentials::Nats { account, .. } => account.region.to_string(),
    }
}

/// "Label       value" lines: what was created, with its secret.
fn details(secret: &SecretPopup, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let room = width.saturating_sub(13);
    let field = |label: &'static str, value: Span<'static>| {
        Line::from(vec![
            Span::styled(format!("{label:<13}"), theme.muted),
            value,
        ])
    };
    let plain = |text: &str| Span::raw(fit(&clean(text), room).into_owned());
    match &secret.created {
        CreatedCredentials::Service {
            credentials,
            endpoint,
            ..
        } => vec![
            field("Name", plain(&credentials.name)),
            field("Access key", plain(&credentials.access_key)),
            field(
                "Secret key",
                Span::styled(
                    clean(credentials.secret_key.expose()).into_owned(),
                    theme.accent.add_modifier(Modifier::BOLD),
                ),
            ),
            field("Endpoint", plain(endpoint)),
            field("Region", plain(credentials.region.as_str())),
        ],
        CreatedCredentials::Nats {
            account,
            credentials,
        } => {
            let seed = match (secret.seed_shown, secret.created.creds()) {
                (true, Some(creds)) => Span::styled(
                    seed_of(creds.expose())
                        .unwrap_or("(no seed in the file)")
                        .to_owned(),
                    theme.accent.add_modifier(Modifier::BOLD),
                ),
                _ => Span::styled("•••••••• hidden (v shows it)", theme.muted),
            };
            let size = secret
                .created
                .creds()
                .map_or(0, |creds| creds.expose().len());
            vec![
                field("Account", plain(&account.name)),
                field("Credentials", plain(&credentials.name)),
                field("Endpoint", plain(&account.endpoint)),
                field(
                    ".creds",
                    plain(&format!("{size} bytes: the user JWT and its NKEY seed")),
                ),
                field(
                    "Saves to",
                    plain(&format!("{} (Save)", secret.proposed_path())),
                ),
                field("NKEY seed", seed),
            ]
        }
    }
}

/// The NKEY seed line of a `.creds` file.
fn seed_of(creds: &str) -> Option<&str> {
    let mut lines = creds.lines().map(str::trim);
    lines.find(|line| line.contains("BEGIN USER NKEY SEED"))?;
    lines.next().filter(|line| !line.is_empty())
}

fn draw_save(frame: &mut Frame, area: Rect, save: &SaveForm, theme: &Theme) {
    let [path_line, option_line] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let label = "Save to ";
    let field_width = usize::from(path_line.width).saturating_sub(label.len() + 1);
    let scroll = save.path.visual_scroll(field_width.saturating_sub(1));
    let value: String = clean(save.path.value())
        .chars()
        .skip(scroll)
        .take(field_width)
        .collect();
    let path_style = if save.on_checkbox {
        theme.muted
    } else {
        theme.selected
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled(label, theme.accent),
            Span::styled(format!("{value:<field_width$}"), path_style),
        ]),
        path_line,
    );
    if !save.on_checkbox && !save.saving {
        let cursor = save.path.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((
            path_line.x + label.len() as u16 + cursor.min(field_width as u16),
            path_line.y,
        ));
    }
    if let Some(checked) = save.nats_context {
        let line = Line::from(vec![
            Span::raw(if save.on_checkbox { "▶ " } else { "  " }),
            Span::raw(if checked { "[x] " } else { "[ ] " }),
            Span::raw("Also add a `nats` CLI context for it"),
        ]);
        let line = if save.on_checkbox {
            line.style(theme.selected)
        } else {
            line
        };
        frame.render_widget(line, option_line);
    }
}

/// What was saved and the last thing done, under the details.
fn notes(secret: &SecretPopup, theme: &Theme) -> Paragraph<'static> {
    let mut lines: Vec<Line> = secret
        .saved
        .iter()
        .flat_map(|saved| saved_lines(saved, theme))
        .collect();
    if secret.save.as_ref().is_some_and(|save| save.saving) {
        lines.push(Line::styled("Saving…", theme.muted));
    }
    match &secret.note {
        Some(SecretNote::Copied(what)) => {
            let what = what.label();
            lines.push(Line::styled(
                format!(
                    "{what} sent to the terminal's clipboard (OSC 52); a terminal that refuses \
                     OSC 52 drops it silently."
                ),
                theme.ok,
            ));
        }
        Some(SecretNote::SaveFailed(error)) => {
            let text = match error {
                SaveError::Exists(path) => format!("{} exists.", path.display()),
                SaveError::Failed(reason) => format!("Not saved: {reason}"),
            };
            lines.push(Line::styled(clean(&text).into_owned(), theme.error));
        }
        Some(SecretNote::Testing(_)) => {
            let doing = match secret.created {
                CreatedCredentials::Nats { .. } => "Connecting…",
                CreatedCredentials::Service { .. } => "Testing…",
            };
            lines.push(Line::styled(doing, theme.muted));
        }
        Some(SecretNote::Connection(ConnectionOutcome::Probed(probed))) => {
            let declared = match &secret.created {
                CreatedCredentials::Service { credentials, .. } => Some(Declared {
                    name: credentials.name.clone(),
                    permissions: credentials.permissions,
                }),
                CreatedCredentials::Nats { .. } => None,
            };
            lines.extend(connection::probed_lines(probed, declared.as_ref(), theme));
        }
        Some(SecretNote::Connection(outcome)) => {
            lines.push(connection::outcome_line(outcome, theme));
        }
        // Saved files are listed above.
        Some(SecretNote::Saved(_)) | None => {}
    }
    Paragraph::new(lines).wrap(Wrap { trim: true })
}

fn saved_lines(saved: &Saved, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        clean(&format!("Saved to {} (mode 0600)", saved.path.display())).into_owned(),
        theme.ok,
    )];
    if let Some((name, _)) = &saved.nats_context {
        lines.push(Line::styled(
            clean(&format!(
                "Added the nats context {name}: run `nats context select {name}`"
            ))
            .into_owned(),
            theme.ok,
        ));
    }
    lines
}

fn buttons_of(secret: &SecretPopup) -> Vec<Button<'static>> {
    secret
        .created
        .buttons()
        .iter()
        .map(|button| Button {
            label: match button {
                SecretButton::CopyAccessKey => "Copy access key",
                SecretButton::CopySecretKey => "Copy secret",
                SecretButton::ShowSeed if secret.seed_shown => "Hide seed",
                SecretButton::ShowSeed => "Show seed",
                // Five buttons share the line: shorter words.
                SecretButton::CopyCreds => "Copy",
                SecretButton::Save => "Save",
                SecretButton::TestConnection
                    if matches!(secret.created, CreatedCredentials::Service { .. }) =>
                {
                    "Test"
                }
                SecretButton::TestConnection => "Test connection",
                SecretButton::Done => "Done",
            },
            focused: secret.save.is_none() && secret.focus == *button,
            danger: false,
        })
        .collect()
}

fn draw_question(
    frame: &mut Frame,
    area: Rect,
    (secret, keymap): (&SecretPopup, &Keymap),
    question: SecretQuestion,
    theme: &Theme,
    hits: &mut Hits,
) {
    let (title, text, confirm, focus) = match question {
        SecretQuestion::Close(focus) => (
            " Close the secret? ",
            "The secret will never be shown again — close anyway?".to_owned(),
            "Close anyway",
            focus,
        ),
        SecretQuestion::Quit(focus) => (
            " Quit with the secret open? ",
            quit_question(keymap, Context::SecretQuestion, &[Command::ForceQuit]),
            "Quit anyway",
            focus,
        ),
        SecretQuestion::Overwrite(focus) => (
            " Overwrite the file? ",
            format!(
                "{} exists. Overwrite it with the new secret?",
                secret
                    .save
                    .as_ref()
                    .map_or(String::new(), |save| clean(save.path.value()).into_owned())
            ),
            "Overwrite",
            focus,
        ),
    };
    let box_area = popup::centered(area, 56, 7);
    hits.add(box_area, Hit::Popup);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(title, theme.danger),
        theme.danger,
    );
    let [text_area, _, buttons] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        text_area,
    );
    popup::question_buttons(frame, buttons, (focus, "Cancel", confirm), theme, hits);
}

/// "The secret will never be shown again — quit anyway?", and the keys that quit without
/// asking again: those of `commands` in `context`.
pub fn quit_question(keymap: &Keymap, context: Context, commands: &[Command]) -> String {
    let question = "The secret will never be shown again — quit anyway?";
    let keys: Vec<String> = commands
        .iter()
        .filter_map(|command| keymap.keys_for(context, *command, " or "))
        .collect();
    if keys.is_empty() {
        question.to_owned()
    } else {
        format!("{question} ({} again quits.)", keys.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_the_line_after_its_banner() {
        let creds = "-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n\n\
                     -----BEGIN USER NKEY SEED-----\nSUAXYZ\n------END USER NKEY SEED------\n";
        assert_eq!(seed_of(creds), Some("SUAXYZ"));
        assert_eq!(seed_of("no seed"), None);
    }
}
