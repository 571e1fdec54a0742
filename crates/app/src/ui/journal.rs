//! The journal pop-up (`J`): the last changes made through mnq-tui, newest first — when, what,
//! to which credentials, and what came of it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table, Wrap};
use unicode_width::UnicodeWidthStr;

use super::batch::box_area;
use super::popup;
use super::scope::project_label;
use super::text::{clean, fit, thousands};
use super::words;
use crate::change::Recorded;
use crate::hit::{Hit, Hits};
use crate::state::{JournalView, State};
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &JournalView,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let box_area = box_area(area);
    hits.add(box_area, Hit::Popup);
    let title = Line::styled(" Journal: the last changes ", theme.accent);
    let inner = popup::open(frame, box_area, title, theme.focused_border).inner(Margin::new(1, 0));
    let records = match &view.records {
        None => {
            frame.render_widget(Line::styled("Reading the journal…", theme.muted), inner);
            return;
        }
        Some(Err(why)) => {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("The journal cannot be read: {}", clean(why)),
                    theme.error,
                ))
                .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        Some(Ok(records)) if records.is_empty() => {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    "No change yet: generates, updates, revokes and new NATS accounts made \
                     through mnq-tui are written here.",
                    theme.muted,
                ))
                .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        Some(Ok(records)) => records,
    };
    let [table_area, note] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let rows = usize::from(table_area.height.saturating_sub(1));
    let first = view.offset.min(records.len().saturating_sub(rows));
    let wide = table_area.width >= 100;
    let shown = &records[first..records.len().min(first + rows)];
    // The change and outcome columns as wide as the rows shown need, up to a cap: the
    // credentials (name, region, project, key) get the rest.
    let (when, most_change, most_outcome) = if wide { (19, 28, 30) } else { (11, 14, 16) };
    let needed = |title: &str, text: &dyn Fn(&Recorded) -> String, most: u16| {
        shown
            .iter()
            .map(|record| text(record).width())
            .fold(title.width(), usize::max)
            .min(usize::from(most)) as u16
    };
    let change = needed(
        "Change",
        &|record| words::change(&record.change.kind),
        most_change,
    );
    let outcome = needed(
        "Outcome",
        &|record| words::change_outcome(&record.outcome).1,
        most_outcome,
    );
    let widths = [
        Constraint::Length(when),
        Constraint::Length(change),
        Constraint::Fill(1),
        Constraint::Length(outcome),
    ];
    let credentials_width =
        usize::from(table_area.width.saturating_sub(when + change + outcome + 3));
    let table_rows: Vec<TableRow> = shown
        .iter()
        .map(|record| {
            let widths = (usize::from(change), credentials_width, usize::from(outcome));
            row(record, wide, widths, state, theme)
        })
        .collect();
    let table = Table::new(table_rows, widths)
        .header(
            TableRow::new(["When (UTC)", "Change", "Credentials", "Outcome"]).style(theme.muted),
        )
        .column_spacing(1);
    frame.render_widget(table, table_area);
    frame.render_widget(
        Line::styled(
            format!(
                "{} changes, newest first · all of them: mnq-tui journal",
                thousands(records.len() as u64)
            ),
            theme.muted,
        ),
        note,
    );
}

/// A change's line: when, what, to which credentials, and what came of it, each cut to its
/// column's width (`widths`: the change's, the credentials', the outcome's).
fn row<'a>(
    record: &Recorded,
    wide: bool,
    (change_width, credentials_width, outcome_width): (usize, usize, usize),
    state: &State,
    theme: &Theme,
) -> TableRow<'a> {
    let change = &record.change;
    let when = if wide {
        record.asked_at.0.strftime("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        record.asked_at.0.strftime("%m-%d %H:%M").to_string()
    };
    let mut what = format!(
        "{} {} · {} · {}",
        words::product_short(change.product),
        clean(&change.name),
        change.region,
        project_label(state, &change.project_id)
    );
    if let Some(key) = &change.key {
        what.push_str(&format!(" · {}", clean(key)));
    }
    let (good, outcome) = words::change_outcome(&record.outcome);
    let style = match good {
        Some(true) => theme.ok,
        Some(false) => theme.error,
        None => theme.warning,
    };
    TableRow::new(vec![
        Cell::from(Span::styled(when, theme.muted)),
        Cell::from(fit(&words::change(&change.kind), change_width).into_owned()),
        Cell::from(fit(&what, credentials_width).into_owned()),
        Cell::from(Span::styled(
            fit(&outcome, outcome_width).into_owned(),
            style,
        )),
    ])
}
