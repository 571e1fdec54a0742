//! [`Shown`]: which rows a list shows and how — its filter, its sort and stale cutoff, the
//! visible rows in that order, and the selection over them.

use tui_input::InputRequest;

use super::cursor::Cursor;
use super::index::{Filter, Index, Query, Sort};
use crate::paste::one_line;
use mnq_api::model::Timestamp;

/// The rows a list shows, in order, and the selection over them. It knows the rows only by
/// their index and through their [`Index`], so it is one type for every kind of row: the
/// reducer acts on whichever list is on screen through it. Every change keeps the visible
/// rows in step with the filter and the sort, and the selection on its row.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    index: Index,
    filter: Filter,
    sort: Sort,
    /// Rows created before this are stale (marked, and what the filter's `stale` keeps).
    stale_before: Option<Timestamp>,
    /// The rows in the sort's order.
    order: Vec<usize>,
    /// The rows the filter lets through, in the sort's order; recomputed when the rows, the
    /// sort or the filter change, never per frame.
    visible: Vec<usize>,
    /// The query `visible` was computed for, while the rows, their order and their flags stay
    /// the same: a query that narrows it can only narrow `visible`, so only those rows are
    /// searched.
    visible_for: Option<Query>,
    cursor: Cursor,
    /// The person moved the selection: from then on it stays on its row as rows arrive, go
    /// or are sorted. Until then it stays on the first row, wherever the rows that arrive
    /// (from several listings, in any order) put the one that was first.
    chosen: bool,
}

impl Shown {
    /// Every row (indices into the list's rows) in the sort's order, shown or not.
    pub fn in_order(&self) -> &[usize] {
        &self.order
    }

    /// The visible rows (indices into the list's rows), in order.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// The selection: a position in [`Shown::visible`].
    pub fn selected(&self) -> usize {
        self.cursor.selected
    }

    /// The first visible row on screen: a position in [`Shown::visible`].
    pub fn offset(&self) -> usize {
        self.cursor.offset
    }

    /// The selected row, as an index into the list's rows, if any row is visible.
    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.cursor.selected).copied()
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn stale_before(&self) -> Option<Timestamp> {
        self.stale_before
    }

    /// Whether row `index` (into the list's rows) is stale.
    pub fn is_stale(&self, index: usize) -> bool {
        self.index.is_stale(index)
    }

    /// Whether any row, shown or not, is stale.
    pub fn has_stale_rows(&self) -> bool {
        self.index.has_stale_rows()
    }

    // The selection: moved by the person

    /// Moves the selection by `delta` rows, staying in range, and scrolls to keep it on a
    /// screen of `page` rows.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        self.chosen = true;
        self.cursor.move_by(delta, self.visible.len(), page);
    }

    /// Selects the row at this position among the visible ones (a click on it).
    pub fn select_at(&mut self, position: usize, page: usize) {
        self.chosen = true;
        self.cursor.select(position, self.visible.len(), page);
    }

    pub fn select_first(&mut self, page: usize) {
        self.select_at(0, page);
    }

    pub fn select_last(&mut self, page: usize) {
        self.select_at(self.visible.len().saturating_sub(1), page);
    }

    // The selection: kept where it belongs

    /// Keeps the selection and the scroll position in range.
    pub fn clamp(&mut self, page: usize) {
        self.cursor
            .select(self.cursor.selected, self.visible.len(), page);
    }

    /// Whether the selection stays on its row when rows change: once the person moved it.
    pub(super) fn follows_its_row(&self) -> bool {
        self.chosen
    }

    /// Puts the selection on the row at this position of the visible ones, without scrolling:
    /// the caller clamps.
    pub(super) fn select_position(&mut self, position: usize) {
        self.cursor.selected = position;
    }

    /// Puts the selection back on row `row` (into the list's rows) if the person chose it and
    /// it is visible, else on the first row; in range.
    fn reselect_row(&mut self, row: Option<usize>, page: usize) {
        let position = match row {
            Some(row) if self.chosen => self.visible.iter().position(|visible| *visible == row),
            _ => Some(0),
        };
        if let Some(position) = position {
            self.cursor.selected = position;
        }
        self.clamp(page);
    }

    // The filter

    /// `/`: the filter takes the keyboard.
    pub fn start_filter(&mut self) {
        self.filter.editing = true;
    }

    /// Enter: the filter stays applied and gives the keyboard back.
    pub fn keep_filter(&mut self) {
        self.filter.editing = false;
    }

    /// Esc: no filter any more.
    pub fn clear_filter(&mut self, page: usize) {
        self.filter = Filter::default();
        self.refilter();
        self.clamp(page);
    }

    /// An edit of the filter's text; the selection goes to the first row that matches.
    pub fn edit_filter(&mut self, request: InputRequest, page: usize) {
        self.filter.input.handle(request);
        self.refilter();
        self.select_first_match(page);
    }

    /// Pasted text typed into the filter, on one line (see [`one_line`]).
    pub fn paste_filter(&mut self, text: &str, page: usize) {
        for c in one_line(text).chars() {
            self.filter.input.handle(InputRequest::InsertChar(c));
        }
        self.refilter();
        self.select_first_match(page);
    }

    fn select_first_match(&mut self, page: usize) {
        self.cursor.select(0, self.visible.len(), page);
    }

    // The order and the stale mark

    /// Sorts the rows anew, keeping the selection on the same row.
    pub fn set_sort(&mut self, sort: Sort, page: usize) {
        if sort == self.sort {
            return;
        }
        let selected = self.selected_index();
        self.sort = sort;
        self.order = self.index.sorted(sort);
        self.visible_for = None;
        self.refilter();
        self.reselect_row(selected, page);
    }

    /// Rows created before `before` are stale from now on (none with `None`); the filter's
    /// `stale` follows, keeping the selection on the same row.
    pub fn set_stale_before(&mut self, before: Option<Timestamp>, page: usize) {
        if before == self.stale_before {
            return;
        }
        self.stale_before = before;
        self.index.mark_stale(before);
        let selected = self.selected_index();
        self.visible_for = None;
        self.refilter();
        self.reselect_row(selected, page);
    }

    /// The rows changed: their new index, and the order and the visible rows anew. The
    /// selection is the list's to put back (on the same row, by its id).
    pub(super) fn rows_changed(&mut self, mut index: Index) {
        index.mark_stale(self.stale_before);
        self.order = index.sorted(self.sort);
        self.index = index;
        self.visible_for = None;
        self.refilter();
    }

    /// Recomputes the visible rows after a change of filter, rows, order or flags.
    fn refilter(&mut self) {
        let query = self.filter.query();
        let narrower = matches!(&self.visible_for, Some(before) if query.narrows(before));
        if !narrower {
            self.visible.clear();
            self.visible.extend_from_slice(&self.order);
        }
        if !query.is_empty() {
            self.index.retain_matching(&mut self.visible, &query);
        }
        self.visible_for = Some(query);
    }
}
