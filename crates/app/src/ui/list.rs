//! The list every screen shows the same way: a bordered table of the visible window of rows,
//! with the `/` filter, a position counter, and what to say when there is nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row as TableRow, Table, Wrap};

use super::text::clean;
use super::theme::Theme;
use crate::{ListView, Load, Row};

/// A column: its heading and width.
pub struct Column {
    pub heading: &'static str,
    pub width: Constraint,
}

impl Column {
    /// A column that takes the room the others leave.
    pub fn fill(heading: &'static str) -> Self {
        Column {
            heading,
            width: Constraint::Fill(1),
        }
    }

    /// A column of a fixed width.
    pub fn fixed(heading: &'static str, width: u16) -> Self {
        Column {
            heading,
            width: Constraint::Length(width),
        }
    }
}

/// Whether the filter line takes a row above the table.
pub fn shows_filter<T: Row>(list: &ListView<T>) -> bool {
    list.filter.editing || !list.filter.text().is_empty()
}

/// Rows of data that fit in a list drawn in `area` (borders, filter line and headings aside).
/// The layout the app pages with comes from here, so it matches what is drawn.
pub fn rows_in(area: Rect, filter_shown: bool) -> usize {
    usize::from(area.height.saturating_sub(3 + u16::from(filter_shown)))
}

/// What the list draws, besides its rows.
pub struct ListFrame<'a> {
    pub title: Line<'a>,
    /// Said when the list is loaded and empty.
    pub empty: &'a str,
    /// The heading of each column after the selection marker.
    pub columns: &'a [Column],
}

/// Draws the list; returns where the selected row is, to anchor a menu next to it.
pub fn draw<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    parts: ListFrame<'_>,
    cells: impl Fn(&T, bool, &[usize]) -> Vec<Cell<'static>>,
) -> Option<Rect> {
    let filter_shown = shows_filter(list);
    let block = Block::bordered()
        .border_style(theme.border)
        .title(parts.title)
        .title_bottom(Line::from(position(list)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let [filter_area, table_area] = Layout::vertical([
        Constraint::Length(u16::from(filter_shown)),
        Constraint::Fill(1),
    ])
    .areas(inner);
    if filter_shown {
        draw_filter(frame, filter_area, theme, list);
    }

    if list.visible.is_empty() {
        let (text, style) = match &list.load {
            Load::Loading(_) => ("Loading…".to_owned(), theme.muted),
            Load::Failed(error) => (
                format!(
                    "Could not load: {} — press F5 to try again",
                    clean(&error.to_string())
                ),
                theme.error,
            ),
            Load::Loaded if !list.rows.is_empty() => {
                ("No name matches the filter.".to_owned(), theme.muted)
            }
            Load::Loaded => (parts.empty.to_owned(), theme.muted),
        };
        let message = Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true });
        frame.render_widget(
            message,
            table_area.inner(ratatui::layout::Margin::new(1, 1)),
        );
        return None;
    }

    let mut widths = vec![Constraint::Length(1)];
    widths.extend(parts.columns.iter().map(|column| column.width));
    // The width of each column after the marker, so that cells can cut long text with "…".
    let column_widths: Vec<usize> = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(table_area)
        .iter()
        .skip(1)
        .map(|column| usize::from(column.width))
        .collect();

    let page = rows_in(area, filter_shown).max(1);
    let end = (list.offset + page).min(list.visible.len());
    let mut selected_area = None;
    let rows: Vec<TableRow> = list.visible[list.offset..end]
        .iter()
        .enumerate()
        .map(|(line, index)| {
            let row = &list.rows[*index];
            let position = list.offset + line;
            let is_selected = position == list.selected;
            let revoking = list.revoking.contains(row.id());
            let marker = if is_selected { "▶" } else { " " };
            let mut row_cells = vec![Cell::from(marker)];
            row_cells.extend(cells(row, revoking, &column_widths));
            let table_row = TableRow::new(row_cells);
            if is_selected {
                selected_area = Some(Rect::new(
                    table_area.x,
                    table_area.y + 1 + line as u16,
                    table_area.width,
                    1,
                ));
                table_row.style(theme.selected)
            } else {
                table_row
            }
        })
        .collect();

    let mut headings = vec![Cell::from("")];
    headings.extend(
        parts
            .columns
            .iter()
            .map(|column| Cell::from(column.heading)),
    );
    let table = Table::new(rows, widths)
        .header(TableRow::new(headings).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1);
    frame.render_widget(table, table_area);
    selected_area
}

fn draw_filter<T: Row>(frame: &mut Frame, area: Rect, theme: &Theme, list: &ListView<T>) {
    let text = clean(list.filter.text()).into_owned();
    let line = Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::raw(text),
        Span::styled(
            if list.filter.editing {
                "   ⏎ keep · Esc clear"
            } else {
                "   Esc clears"
            },
            theme.muted,
        ),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if list.filter.editing {
        let cursor = list.filter.input.visual_cursor() as u16;
        frame.set_cursor_position((
            area.x + 2 + cursor.min(area.width.saturating_sub(3)),
            area.y,
        ));
    }
}

/// "1-12 of 12", or with a filter "3 of 12 match".
fn position<T: Row>(list: &ListView<T>) -> String {
    if list.visible.is_empty() {
        return String::new();
    }
    let shown = list.visible.len();
    if shown < list.rows.len() {
        format!(
            " {} of {shown} · {} match of {} ",
            list.selected + 1,
            shown,
            list.rows.len()
        )
    } else {
        format!(" {} of {shown} ", list.selected + 1)
    }
}
