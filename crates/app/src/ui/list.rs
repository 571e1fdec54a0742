//! The list every screen shows the same way: a bordered table of the visible window of rows,
//! with the `/` filter, the sort's arrow, the stale mark, a position counter, and what to say
//! when there is nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row as TableRow, Table, Wrap};

use super::text::{clean, date, fit, thousands};
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::keymap::Keymap;
use crate::list::{Flags, ListView, Progress, Query, Row, Scope, Sort, SortKey};
use crate::theme::Theme;
use mnq_api::model::Timestamp;

/// The narrowest the name column gets while other columns can make room for it.
const NAME_MIN_WIDTH: u16 = 16;

/// A column: its heading and width, and when it gives way to the name.
pub struct Column {
    pub heading: &'static str,
    /// `None` for the name, which takes the room the others leave.
    pub width: Option<u16>,
    /// Columns with a rank are dropped, lowest rank first, while the name is narrower than
    /// [`NAME_MIN_WIDTH`].
    pub drop_rank: Option<u8>,
    /// The sort key the column shows: its heading has the sort's arrow when the list is
    /// sorted by it.
    pub sort_key: Option<SortKey>,
}

impl Column {
    /// The name column: it takes the room the others leave.
    pub fn name() -> Self {
        Column {
            heading: "Name",
            width: None,
            drop_rank: None,
            sort_key: Some(SortKey::Name),
        }
    }

    /// A column of a fixed width, always shown.
    pub fn fixed(heading: &'static str, width: u16) -> Self {
        Column {
            heading,
            width: Some(width),
            drop_rank: None,
            sort_key: None,
        }
    }

    /// A column of a fixed width, dropped (lowest rank first) when the name needs the room.
    pub fn droppable(heading: &'static str, width: u16, rank: u8) -> Self {
        Column {
            heading,
            width: Some(width),
            drop_rank: Some(rank),
            sort_key: None,
        }
    }

    /// The column of a date: its width has room for the stale mark when the list has stale
    /// rows.
    pub fn date<T: Row>(heading: &'static str, key: SortKey, list: &ListView<T>, rank: u8) -> Self {
        let width = if key == SortKey::Created && list.shown().has_stale_rows() {
            DATE_WIDTH + STALE_MARK.len() as u16
        } else {
            DATE_WIDTH
        };
        Column {
            sort_key: Some(key),
            ..Column::droppable(heading, width, rank)
        }
    }

    /// The heading, with the sort's arrow when the list is sorted by this column.
    fn heading(&self, sort: Sort) -> String {
        match self.sort_key {
            Some(key) if key == sort.key => format!("{} {}", self.heading, sort.arrow()),
            _ => self.heading.to_owned(),
        }
    }
}

/// `2026-01-31`.
const DATE_WIDTH: u16 = 10;

/// After the creation date of stale rows: text, so that it shows without colour too.
const STALE_MARK: &str = "!";

/// Beside a marked row (and before the count of marks): text, so that it shows without colour
/// too.
const MARK: &str = "●";

/// A row's creation date, marked when the row is stale.
pub fn created_cell(at: Option<Timestamp>, stale: bool, theme: &Theme) -> Cell<'static> {
    if stale {
        Cell::from(Span::styled(
            format!("{}{STALE_MARK}", date(at)),
            theme.warning,
        ))
    } else {
        Cell::from(Span::styled(date(at), theme.muted))
    }
}

/// Which columns are shown in `width` columns of table (the selection marker aside): all of
/// them when the name has room, else without the droppable ones, lowest rank first, until it
/// does.
fn shown_columns(columns: &[Column], width: u16) -> Vec<bool> {
    let mut shown = vec![true; columns.len()];
    let name_width = |shown: &[bool]| {
        let taken: u16 = columns
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            // Each column is one space after the one before it.
            .map(|(column, _)| column.width.unwrap_or(0) + 1)
            .sum();
        width.saturating_sub(1 + taken)
    };
    let mut by_rank: Vec<(u8, usize)> = columns
        .iter()
        .enumerate()
        .filter_map(|(index, column)| column.drop_rank.map(|rank| (rank, index)))
        .collect();
    by_rank.sort_unstable();
    for (_, index) in by_rank {
        if name_width(&shown) >= NAME_MIN_WIDTH {
            break;
        }
        shown[index] = false;
    }
    shown
}

/// The most lines that say which listings of a merged list failed; more are summed up in the
/// last one.
const FAILED_LINES: usize = 3;

/// Whether the filter line takes a row above the table.
pub fn shows_filter<T: Row>(list: &ListView<T>) -> bool {
    let filter = list.shown().filter();
    filter.editing || !filter.text().is_empty()
}

/// The lines above the table: the filter's, and one per failed listing of a merged list.
pub fn lines_above<T: Row>(list: &ListView<T>) -> u16 {
    u16::from(shows_filter(list)) + failed_lines(list) as u16
}

fn failed_lines<T: Row>(list: &ListView<T>) -> usize {
    list.parts().failed().count().min(FAILED_LINES)
}

/// Rows of data that fit in a list drawn in `area` (borders, the lines above the table and
/// headings aside). The layout the app pages with comes from here, so it matches what is
/// drawn.
pub fn rows_in(area: Rect, lines_above: u16) -> usize {
    usize::from(area.height.saturating_sub(3 + lines_above))
}

/// What the list draws, besides its rows.
pub struct ListFrame<'a> {
    /// Where the list is: the keys the list's sentences name are this context's.
    pub context: Context,
    pub title: Line<'a>,
    /// Said when the list is loaded and empty.
    pub empty: &'a str,
    /// What the filter matches, as "No … matches the filter." says it ("name").
    pub filter_matches: &'a str,
    /// The columns after the selection marker; `cells` gives one cell for each.
    pub columns: &'a [Column],
    /// The keys in use, for the sentences that name one.
    pub keymap: &'a Keymap,
    /// A button drawn in the frame's top right, as the Scaleway console has ("n Generate
    /// credentials"); the keymap's key for the command in the list's context.
    pub button: Option<(&'a str, Command)>,
    /// How a listing's scope is named in the lines of a merged list's failures ("nl-ams ·
    /// project billing").
    pub scope_name: &'a dyn Fn(&Scope) -> String,
    /// The age of stale rows, in days, as the note under the list says it.
    pub stale_days: u32,
    /// The rows have permissions (the filter's `write`, `read` and `manage` can match).
    pub permissions: bool,
}

/// What the cells of a row show besides the row itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFacts {
    pub mark: Option<RowMark>,
    /// Created before the list's stale cutoff.
    pub stale: bool,
}

/// What is under way for a row, said in place of one of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMark {
    /// A revoke is in flight.
    Revoking,
    /// The console created it and the API does not show it everywhere yet.
    Propagating,
}

impl RowMark {
    pub fn cell(self, theme: &Theme) -> Cell<'static> {
        match self {
            RowMark::Revoking => Cell::from(Span::styled("revoking…", theme.danger)),
            RowMark::Propagating => Cell::from(Span::styled("propagating…", theme.accent)),
        }
    }
}

/// A row's name, with "(replaced)" after it when a rotation replaced it.
pub fn name_cell(name: &str, replaced: bool, width: usize, theme: &Theme) -> Cell<'static> {
    if replaced {
        let suffix = " (replaced)";
        let room = width.saturating_sub(suffix.len()).max(1);
        Cell::from(Line::from(vec![
            Span::raw(fit(&clean(name), room).into_owned()),
            Span::styled(suffix, theme.muted),
        ]))
    } else {
        Cell::from(fit(&clean(name), width).into_owned())
    }
}

/// Draws the list; returns where the selected row is, to anchor a menu next to it.
pub fn draw<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    parts: ListFrame<'_>,
    cells: impl Fn(&T, RowFacts, &[usize]) -> Vec<Cell<'static>>,
    hits: &mut Hits,
) -> Option<Rect> {
    let block = frame_block(area, theme, list, &parts, hits);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let filter_shown = shows_filter(list);
    let failed = failed_lines(list) as u16;
    let [filter_area, failed_area, table_area] = Layout::vertical([
        Constraint::Length(u16::from(filter_shown)),
        Constraint::Length(failed),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let keys = (parts.context, parts.keymap);
    if failed > 0 {
        draw_failed_parts(frame, failed_area, theme, list, keys, parts.scope_name);
    }
    if filter_shown {
        draw_filter(frame, filter_area, theme, list, keys);
    }
    if list.shown().visible().is_empty() {
        draw_empty(frame, table_area, theme, list, &parts);
        return None;
    }
    let page = rows_in(area, lines_above(list)).max(1);
    draw_table(frame, table_area, theme, (list, page), &parts, cells, hits)
}

/// The list's frame: its title, the position, how far it loaded, its button, and the notes
/// at the bottom (stale rows, a failed reload, an order no heading shows).
fn frame_block<'a, T: Row>(
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    parts: &ListFrame<'a>,
    hits: &mut Hits,
) -> Block<'a> {
    let shown = list.shown();
    let mut block = Block::bordered()
        .border_style(theme.border)
        .title(parts.title.clone())
        .title_bottom(Line::from(position(list)).right_aligned());
    if let Some(progress) = list.parts().progress() {
        block = block.title_bottom(progress_line(progress, theme));
    }
    if let Some((label, command)) = &parts.button
        && let Some(keys) = parts.keymap.keys_for(parts.context, *command, "/")
    {
        let button = Line::from(vec![
            Span::styled(format!(" {keys} "), theme.key),
            Span::styled(format!("{label} "), theme.accent),
        ]);
        let width = button.width() as u16;
        hits.add(
            Rect::new(area.right().saturating_sub(width + 1), area.y, width, 1).intersection(area),
            Hit::Generate,
        );
        block = block.title(button.right_aligned());
    }
    if list.parts().failure().is_some() && !list.rows().is_empty() {
        // The rows are those of the last load that worked: say they may be out of date.
        let retry = parts
            .keymap
            .keys_for(parts.context, Command::Reload, "/")
            .map(|keys| format!(", {keys} to retry"))
            .unwrap_or_default();
        block = block.title_bottom(Line::styled(
            format!(" stale — reload failed{retry} "),
            theme.error,
        ));
    }
    let shown_keys: Vec<SortKey> = shown_columns(parts.columns, area.width.saturating_sub(2))
        .iter()
        .zip(parts.columns)
        .filter_map(|(shown, column)| column.sort_key.filter(|_| *shown))
        .collect();
    let is_stale = |index: &&usize| shown.is_stale(**index);
    // The Created column marks stale rows; without it, how many they are.
    let stale = if shown_keys.contains(&SortKey::Created) {
        shown
            .visible()
            .iter()
            .any(|index| is_stale(&index))
            .then(|| STALE_MARK.to_owned())
    } else {
        let count = shown.visible().iter().filter(is_stale).count();
        (count > 0).then(|| thousands(count as u64))
    };
    if let Some(count) = stale {
        block = block.title_bottom(Line::styled(
            format!(" {count} over {} old ", days(parts.stale_days)),
            theme.warning,
        ));
    }
    let marked = list.marked_count();
    if marked > 0 {
        block = block.title_bottom(Line::styled(
            format!(" {} {} marked ", MARK, thousands(marked as u64)),
            theme.accent,
        ));
    }
    let sort = shown.sort();
    let sort_in_heading = shown_keys.contains(&sort.key);
    // The API's own order needs no note; another one does when no heading shows it.
    if sort != Sort::default() && (!sort_in_heading || shown.visible().is_empty()) {
        block = block.title_bottom(Line::styled(
            format!(" sorted by {} {} ", sort.key.label(), sort.arrow()),
            theme.muted,
        ));
    }
    block
}

/// What the list says when it shows no row: why it could not load, that it loads, that the
/// filter lets nothing through, or that it is empty.
fn draw_empty<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    parts: &ListFrame<'_>,
) {
    let (text, style) = if let Some(error) = list.parts().failure() {
        let retry = parts
            .keymap
            .keys_for(parts.context, Command::Reload, " or ")
            // The error may already say to try again: the keys are said as what they do.
            .map(|keys| format!(". Press {keys} to reload."))
            .unwrap_or_default();
        (
            format!("Could not load: {}{retry}", clean(&error.to_string())),
            theme.error,
        )
    } else if list.parts().is_loading() {
        ("Loading…".to_owned(), theme.muted)
    } else if !list.rows().is_empty() {
        (no_match(&list.shown().filter().query(), parts), theme.muted)
    } else if list.parts().is_merged() && list.parts().failed().count() == list.parts().count() {
        // Every listing failed: the lines above say why.
        (String::new(), theme.muted)
    } else {
        (parts.empty.to_owned(), theme.muted)
    };
    let message = Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true });
    frame.render_widget(message, area.inner(ratatui::layout::Margin::new(1, 1)));
}

/// The table: headings, and the rows of the visible window, `page` of them from the scroll
/// position. Returns where the selected row is.
fn draw_table<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    (list, page): (&ListView<T>, usize),
    parts: &ListFrame<'_>,
    cells: impl Fn(&T, RowFacts, &[usize]) -> Vec<Cell<'static>>,
    hits: &mut Hits,
) -> Option<Rect> {
    // The marker column has room for a mark once a row is marked.
    let marks = list.marked_count() > 0;
    let shown = shown_columns(parts.columns, area.width.saturating_sub(u16::from(marks)));
    let (widths, column_widths) = column_widths(parts.columns, &shown, area, marks);
    let view = list.shown();
    let end = (view.offset() + page).min(view.visible().len());
    let mut selected_area = None;
    let rows: Vec<TableRow> = view.visible()[view.offset()..end]
        .iter()
        .enumerate()
        .map(|(line, index)| {
            let row = &list.rows()[*index];
            let position = view.offset() + line;
            let mark = if list.is_revoking(row.id()) {
                Some(RowMark::Revoking)
            } else if list.is_propagating(row.id()) {
                Some(RowMark::Propagating)
            } else {
                None
            };
            let is_selected = position == view.selected();
            let mut marker = if is_selected { "▶" } else { " " }.to_owned();
            if marks {
                marker.push_str(if list.is_marked(row.id()) { MARK } else { " " });
            }
            let mut row_cells = vec![Cell::from(marker)];
            let facts = RowFacts {
                mark,
                stale: view.is_stale(*index),
            };
            row_cells.extend(
                cells(row, facts, &column_widths)
                    .into_iter()
                    .zip(&shown)
                    .filter(|(_, shown)| **shown)
                    .map(|(cell, _)| cell),
            );
            let table_row = TableRow::new(row_cells);
            let line_area = Rect::new(area.x, area.y + 1 + line as u16, area.width, 1);
            hits.add(line_area.intersection(area), Hit::Row(position));
            if is_selected {
                selected_area = Some(line_area);
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
            .zip(&shown)
            .filter(|(_, shown)| **shown)
            .map(|(column, _)| Cell::from(column.heading(view.sort()))),
    );
    let table = Table::new(rows, widths)
        .header(TableRow::new(headings).style(theme.muted.add_modifier(Modifier::BOLD)))
        .column_spacing(1);
    frame.render_widget(table, area);
    selected_area
}

/// The table's constraints (the selection marker's, with room for a mark when `marks`, then
/// each shown column's), and the width each column gets (0 when dropped), so that cells can
/// cut long text with "…".
fn column_widths(
    columns: &[Column],
    shown: &[bool],
    area: Rect,
    marks: bool,
) -> (Vec<Constraint>, Vec<usize>) {
    let mut widths = vec![Constraint::Length(1 + u16::from(marks))];
    widths.extend(
        columns
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            .map(|(column, _)| column.width.map_or(Constraint::Fill(1), Constraint::Length)),
    );
    let mut laid_out = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(area)
        .iter()
        .skip(1)
        .map(|column| usize::from(column.width))
        .collect::<Vec<_>>()
        .into_iter();
    let column_widths = shown
        .iter()
        .map(|shown| {
            if *shown {
                laid_out.next().unwrap_or(0)
            } else {
                0
            }
        })
        .collect();
    (widths, column_widths)
}

/// "loading 4,200 of 20,000 ▰▰▰▱▱▱▱▱▱▱" at the bottom left of the frame.
fn progress_line(progress: Progress, theme: &Theme) -> Line<'static> {
    const BAR: usize = 10;
    let received = thousands(progress.received as u64);
    let Some(total) = progress.total.filter(|total| *total > 0) else {
        return Line::styled(format!(" loading {received}… "), theme.muted);
    };
    let done = (progress.received as u64).min(total);
    let filled = usize::try_from(done * BAR as u64 / total).unwrap_or(BAR);
    Line::from(vec![
        Span::styled(
            format!(" loading {received} of {} ", thousands(total)),
            theme.muted,
        ),
        Span::styled("▰".repeat(filled), theme.accent),
        Span::styled("▱".repeat(BAR - filled), theme.muted),
        Span::raw(" "),
    ])
}

/// One line per failed listing of a merged list, in place of the rows it would have brought.
fn draw_failed_parts<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    (context, keymap): (Context, &Keymap),
    scope_name: &dyn Fn(&Scope) -> String,
) {
    let failed: Vec<_> = list.parts().failed().collect();
    let retry = keymap
        .keys_for(context, Command::Reload, " or ")
        .map(|keys| format!(" — {keys} retries"))
        .unwrap_or_default();
    let mut lines: Vec<Line> = failed
        .iter()
        .take(FAILED_LINES)
        .map(|(scope, error)| {
            Line::styled(
                format!(
                    "⚠ {}: not listed — {}{retry}",
                    scope_name(scope),
                    clean(&error.to_string())
                ),
                theme.error,
            )
        })
        .collect();
    if failed.len() > FAILED_LINES {
        let more = failed.len() - FAILED_LINES + 1;
        lines.truncate(FAILED_LINES - 1);
        lines.push(Line::styled(
            format!("⚠ {more} more regions or projects not listed{retry}"),
            theme.error,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// "90 days", "1 day".
fn days(count: u32) -> String {
    if count == 1 {
        "1 day".to_owned()
    } else {
        format!("{count} days")
    }
}

/// What kind of NKEY an NKEY-looking text is: its prefix letter, lower-cased ('u' a user's
/// public key, 'a' an account's, 's' a seed), when the text is one: 56 characters of base32.
fn nkey_prefix(text: &str) -> Option<char> {
    let is_base32 = |c: char| c.is_ascii_lowercase() || ('2'..='7').contains(&c);
    (text.len() == 56 && text.chars().all(is_base32)).then(|| text.chars().next())?
}

/// What to say when the filter lets no row through.
fn no_match(query: &Query, parts: &ListFrame<'_>) -> String {
    let (filter_matches, permissions) = (parts.filter_matches, parts.permissions);
    let find = parts
        .keymap
        .keys_for(parts.context, Command::FindFile, " or ")
        .map(|keys| format!(" (press {keys})"))
        .unwrap_or_default();
    match nkey_prefix(&query.text) {
        Some('u') => {
            return format!(
                "No match: this is a NATS user's public key (U…), which the API never shows. \
                 Find its credentials from their .creds file instead{find}."
            );
        }
        Some('a') => {
            return "No match: this is a NATS account's key (A…). The NATS accounts list finds \
                    the account by it, and its page lists its credentials."
                .to_owned();
        }
        Some('s') => {
            return format!(
                "This looks like an NKEY seed: a secret. Clear the filter, and find what it \
                 belongs to from its .creds file{find}."
            );
        }
        _ => {}
    }
    let permission_words = Flags::WRITE | Flags::READ | Flags::MANAGE;
    if !permissions && query.words.intersects(permission_words) {
        return "These have no permissions: write, read and manage match none of them.".to_owned();
    }
    if query.words.is_empty() {
        return format!("No {filter_matches} matches the filter.");
    }
    let mut wanted: Vec<String> = [
        (Flags::STALE, "is stale"),
        (Flags::WRITE, "can write"),
        (Flags::READ, "can read"),
        (Flags::MANAGE, "can manage"),
    ]
    .into_iter()
    .filter(|(flag, _)| query.words.contains(*flag))
    .map(|(_, words)| words.to_owned())
    .collect();
    if !query.text.is_empty() {
        wanted.push(format!(
            "has “{}” in its {filter_matches}",
            clean(&query.text)
        ));
    }
    format!("None of these {}.", join_and(&wanted))
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn draw_filter<T: Row>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &ListView<T>,
    (context, keymap): (Context, &Keymap),
) {
    let filter = list.shown().filter();
    let text = clean(filter.text()).into_owned();
    let keys = |context, command| keymap.keys_for(context, command, "/");
    let what_keys_do = if filter.editing {
        let keep = keys(Context::Filter, Command::Open).map(|keys| format!("{keys} keep"));
        let clear = keys(Context::Filter, Command::Back).map(|keys| format!("{keys} clear"));
        keep.into_iter()
            .chain(clear)
            .collect::<Vec<_>>()
            .join(" · ")
    } else {
        keys(context, Command::Back).map_or_else(String::new, |keys| format!("{keys} clears"))
    };
    let line = Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::raw(text),
        Span::styled(format!("   {what_keys_do}"), theme.muted),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if filter.editing {
        let cursor = filter.input.visual_cursor() as u16;
        frame.set_cursor_position((
            area.x + 2 + cursor.min(area.width.saturating_sub(3)),
            area.y,
        ));
    }
}

/// "2 of 12", or with a filter "2 of 3 · 3 of 12 match".
fn position<T: Row>(list: &ListView<T>) -> String {
    let shown = list.shown();
    if shown.visible().is_empty() {
        return String::new();
    }
    let count = |count: usize| thousands(count as u64);
    let visible = shown.visible().len();
    let selected = count(shown.selected() + 1);
    if visible < list.rows().len() {
        let verb = if visible == 1 { "matches" } else { "match" };
        format!(
            " {selected} of {} · {} of {} {verb} ",
            count(visible),
            count(visible),
            count(list.rows().len())
        )
    } else {
        format!(" {selected} of {} ", count(visible))
    }
}
