//! The batch revoke pop-up: every credential it revokes (product, region, project, name, key)
//! with its own outcome; before anything is sent, the count to type, and the acting button
//! that works only once it is typed; once sent, how far it got, then Close and Retry.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table};

use super::popup::{self, Button};
use super::scope::project_label;
use super::text::{clean, fit, thousands};
use super::words;
use crate::batch::{BatchRevoke, BatchStage, ItemOutcome};
use crate::choice::Choice;
use crate::hit::{Hit, Hits};
use crate::state::State;
use crate::theme::Theme;

/// Lines of the pop-up's inside besides its list: the warning, the headings, a blank line, the
/// count (or progress) line and the buttons.
const OTHER_LINES: u16 = 5;

/// The pop-up's box: most of the terminal, so that many credentials show at once.
pub fn box_area(area: Rect) -> Rect {
    popup::centered(
        area,
        area.width.saturating_sub(4).min(120),
        area.height.saturating_sub(2),
    )
}

/// Items the pop-up shows at once in a terminal of `area` (the layout the reducer scrolls by).
pub fn rows_in(area: Rect) -> usize {
    usize::from(box_area(area).height.saturating_sub(2 + OTHER_LINES))
}

/// The first item drawn: the scroll position, but never leaving rows empty below the last.
fn first_shown(batch: &BatchRevoke, rows: usize) -> usize {
    batch.offset.min(batch.items.len().saturating_sub(rows))
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    batch: &BatchRevoke,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let box_area = box_area(area);
    hits.add(box_area, Hit::Popup);
    let count = batch.items.len();
    let title = Line::styled(
        format!(" Revoke {} credentials ", thousands(count as u64)),
        theme.danger,
    );
    let rows = usize::from(box_area.height.saturating_sub(2 + OTHER_LINES));
    let first = first_shown(batch, rows);
    let shown = format!(
        " {}–{} of {} ",
        thousands((first + 1).min(count) as u64),
        thousands((first + rows).min(count) as u64),
        thousands(count as u64)
    );
    let inner = popup::open(frame, box_area, title, theme.danger);
    frame.render_widget(
        Line::styled(shown, theme.muted).right_aligned(),
        Rect::new(
            box_area.x,
            box_area.bottom().saturating_sub(1),
            box_area.width.saturating_sub(1),
            1,
        ),
    );
    let inner = inner.inner(Margin::new(1, 0));
    let [warning, list, _, status, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let warning_text = if theme.monochrome {
        "WARNING: irreversible. Anything using these credentials will be denied."
    } else {
        "⚠ Irreversible: anything using these credentials will be denied."
    };
    frame.render_widget(Line::styled(warning_text, theme.danger), warning);
    draw_items(frame, list, batch, (first, rows), state, theme);
    draw_status(frame, status, batch, theme);
    draw_buttons(frame, buttons, batch, theme, hits);
}

/// The table of items, `rows` of them from `first`.
fn draw_items(
    frame: &mut Frame,
    area: Rect,
    batch: &BatchRevoke,
    (first, rows): (usize, usize),
    state: &State,
    theme: &Theme,
) {
    // Wide enough, keys and outcomes show whole; else they are cut.
    let wide = area.width >= 100;
    let (key_width, outcome_width) = if wide { (22, 30) } else { (14, 16) };
    let widths = [
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(if wide { 14 } else { 10 }),
        Constraint::Fill(1),
        Constraint::Length(key_width),
        Constraint::Length(outcome_width),
    ];
    let headings = ["Product", "Region", "Project", "Name", "Key", "Outcome"];
    let name_width = usize::from(area.width).saturating_sub(
        7 + 6 + if wide { 14 } else { 10 } + usize::from(key_width + outcome_width) + 5,
    );
    let table_rows: Vec<TableRow> = batch
        .items
        .iter()
        .skip(first)
        .take(rows)
        .map(|item| {
            let target = &item.target;
            let (outcome, style) = match &item.outcome {
                ItemOutcome::Waiting => (String::new(), theme.muted),
                ItemOutcome::Revoking(_) => ("revoking…".to_owned(), theme.accent),
                ItemOutcome::Revoked => ("✓ revoked".to_owned(), theme.ok),
                ItemOutcome::AlreadyGone => ("✓ already gone".to_owned(), theme.ok),
                ItemOutcome::Failed(error) => {
                    (format!("✗ {}", words::short_error(error)), theme.error)
                }
            };
            TableRow::new(vec![
                Cell::from(words::product_short(target.product)),
                Cell::from(target.region.to_string()),
                Cell::from(fit(&project_label(state, &target.project_id), 14).into_owned()),
                Cell::from(fit(&clean(&target.name), name_width).into_owned()),
                Cell::from(Span::styled(
                    fit(&clean(&target.key), usize::from(key_width)).into_owned(),
                    theme.muted,
                )),
                Cell::from(Span::styled(
                    fit(&outcome, usize::from(outcome_width)).into_owned(),
                    style,
                )),
            ])
        })
        .collect();
    let table = Table::new(table_rows, widths)
        .header(TableRow::new(headings).style(theme.muted))
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// Before sending: the count to type, in its field. After: how far it got.
fn draw_status(frame: &mut Frame, area: Rect, batch: &BatchRevoke, theme: &Theme) {
    let line = match &batch.stage {
        BatchStage::Confirming { typed, tried, .. } => {
            let expected = batch.expected();
            let label = format!("Type {expected} (or revoke) to enable the button: ");
            let field_width = 10usize;
            let value = fit(&clean(typed.value()), field_width).into_owned();
            let cursor = typed.visual_cursor().min(field_width) as u16;
            frame.set_cursor_position((area.x + label.chars().count() as u16 + cursor, area.y));
            let mut spans = vec![
                Span::raw(label),
                Span::styled(format!("{value:<field_width$}"), theme.selected),
            ];
            if *tried && !batch.is_confirmed() {
                spans.push(Span::styled(
                    format!("  type {expected} first"),
                    theme.error,
                ));
            }
            Line::from(spans)
        }
        BatchStage::Sent { .. } => {
            let (done, failed, in_flight) = (batch.done(), batch.failed(), batch.in_flight());
            let mut text = format!(
                "{} of {} revoked",
                thousands(done as u64),
                thousands(batch.items.len() as u64)
            );
            if failed > 0 {
                text.push_str(&format!(" · {} failed", thousands(failed as u64)));
            }
            // Close waits for the answers: this pop-up is where they show.
            if in_flight > 0 {
                text.push_str(&format!(
                    " · {} under way: Close once each has its answer",
                    thousands(in_flight as u64)
                ));
            }
            let style = if failed > 0 { theme.error } else { theme.ok };
            Line::styled(text, style)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Cancel and Revoke N (dim until the count is typed); once sent, Close and Retry N failed
/// (while answers are due, neither acts).
fn draw_buttons(
    frame: &mut Frame,
    area: Rect,
    batch: &BatchRevoke,
    theme: &Theme,
    hits: &mut Hits,
) {
    let count = thousands(batch.items.len() as u64);
    let (focus, cancel, confirm, works) = match &batch.stage {
        BatchStage::Confirming { focus, .. } => (
            *focus,
            "Cancel".to_owned(),
            Some(format!("Revoke {count}")),
            batch.is_confirmed(),
        ),
        BatchStage::Sent { focus } => {
            let failed = batch.failed();
            let retry = (failed > 0).then(|| format!("Retry {} failed", thousands(failed as u64)));
            (*focus, "Close".to_owned(), retry, batch.in_flight() == 0)
        }
    };
    let mut buttons = vec![Button {
        label: &cancel,
        focused: focus == Choice::Cancel,
        danger: false,
    }];
    if let Some(confirm) = &confirm {
        buttons.push(Button {
            label: confirm,
            focused: focus == Choice::Confirm,
            danger: works,
        });
    }
    for (button, choice) in popup::button_areas(area, &buttons)
        .into_iter()
        .zip([Choice::Cancel, Choice::Confirm])
    {
        hits.add(button, Hit::Choice(choice));
    }
    let mut line = popup::buttons(&buttons, theme);
    if !works && let Some(acting) = line.spans.get_mut(2) {
        acting.style = theme.muted;
    }
    frame.render_widget(line, area);
}
