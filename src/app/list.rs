//! [`ListView`]: the rows of a list screen, their loading state, the `/` filter, the selection
//! and the scroll position.

use std::collections::HashSet;

use tui_input::Input;

use crate::api::ApiError;
use crate::api::model::{CredentialsId, NatsAccount, NatsCredentials, ServiceCredentials};

/// Identifies one request sent to the worker; answers carry it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Where a list's data stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// Waiting for this request; answers to any other one are stale.
    Loading(RequestId),
    Loaded,
    Failed(ApiError),
}

/// A row of a list: what the filter matches and what identifies it.
pub trait Row {
    fn row_id(&self) -> &str;
    fn row_name(&self) -> &str;
    /// Other text the filter also matches (an access key).
    fn row_key(&self) -> Option<&str> {
        None
    }
}

impl Row for ServiceCredentials {
    fn row_id(&self) -> &str {
        self.id.as_str()
    }
    fn row_name(&self) -> &str {
        &self.name
    }
    fn row_key(&self) -> Option<&str> {
        Some(&self.access_key)
    }
}

impl Row for NatsCredentials {
    fn row_id(&self) -> &str {
        self.id.as_str()
    }
    fn row_name(&self) -> &str {
        &self.name
    }
}

impl Row for NatsAccount {
    fn row_id(&self) -> &str {
        self.id.as_str()
    }
    fn row_name(&self) -> &str {
        &self.name
    }
}

/// The `/` filter: a case-insensitive substring of the name (or access key).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub input: Input,
    /// The filter field has the keyboard.
    pub editing: bool,
    /// The lower-cased text, kept so matching does not lower it per row.
    needle: String,
}

impl Filter {
    pub fn text(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    fn matches(&self, row: &impl Row) -> bool {
        self.needle.is_empty()
            || contains_ignoring_case(row.row_name(), &self.needle)
            || row
                .row_key()
                .is_some_and(|key| contains_ignoring_case(key, &self.needle))
    }
}

fn contains_ignoring_case(haystack: &str, lower_needle: &str) -> bool {
    if haystack.is_ascii() && lower_needle.is_ascii() {
        let needle = lower_needle.as_bytes();
        haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
    } else {
        haystack.to_lowercase().contains(lower_needle)
    }
}

/// The rows of a list screen and everything about how they are seen.
#[derive(Debug, Clone)]
pub struct ListView<T> {
    pub rows: Vec<T>,
    pub load: Load,
    pub filter: Filter,
    /// Indices into `rows` of the rows the filter lets through, in order; recomputed when the
    /// rows or the filter change, never per frame.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// The first visible row on screen.
    pub offset: usize,
    /// Rows with a revoke in flight, shown as "revoking…".
    pub revoking: HashSet<CredentialsId>,
}

impl<T: Row> ListView<T> {
    pub fn loading(request: RequestId) -> Self {
        ListView {
            rows: Vec::new(),
            load: Load::Loading(request),
            filter: Filter::default(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            revoking: HashSet::new(),
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.load, Load::Loading(_))
    }

    /// The selected row, if any row is visible.
    pub fn selected_row(&self) -> Option<&T> {
        self.visible
            .get(self.selected)
            .and_then(|index| self.rows.get(*index))
    }

    /// Replaces the rows with a fresh answer, keeping the selection on the same row if it is
    /// still there.
    pub fn set_rows(&mut self, rows: Vec<T>, page: usize) {
        let selected_id = self.selected_row().map(|row| row.row_id().to_owned());
        self.rows = rows;
        self.load = Load::Loaded;
        self.refilter();
        if let Some(id) = selected_id
            && let Some(position) = self
                .visible
                .iter()
                .position(|index| self.rows[*index].row_id() == id)
        {
            self.selected = position;
        }
        self.clamp(page);
    }

    /// Recomputes the visible rows after a change of rows or filter.
    pub fn refilter(&mut self) {
        self.filter.needle = self.filter.text().to_lowercase();
        let filter = &self.filter;
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| filter.matches(*row))
            .map(|(index, _)| index)
            .collect();
    }

    /// Replaces one row (by id) with a newer version of it.
    pub fn replace(&mut self, row: T) -> bool {
        match self.rows.iter_mut().find(|r| r.row_id() == row.row_id()) {
            Some(slot) => {
                *slot = row;
                self.refilter();
                true
            }
            None => false,
        }
    }

    /// Removes one row (by id); returns whether it was there.
    pub fn remove(&mut self, id: &str, page: usize) -> bool {
        let before = self.rows.len();
        self.rows.retain(|row| row.row_id() != id);
        let removed = self.rows.len() != before;
        if removed {
            self.refilter();
            self.clamp(page);
        }
        removed
    }

    /// Moves the selection by `delta` rows, staying in range, and scrolls to keep it on a
    /// screen of `page` rows.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_into_view(page);
    }

    pub fn select_first(&mut self, page: usize) {
        self.selected = 0;
        self.scroll_into_view(page);
    }

    pub fn select_last(&mut self, page: usize) {
        self.selected = self.visible.len().saturating_sub(1);
        self.scroll_into_view(page);
    }

    /// Keeps the selection and the scroll position in range.
    pub fn clamp(&mut self, page: usize) {
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
        self.scroll_into_view(page);
    }

    fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }
}

/// What the reducer does to the list on screen, whatever its rows are.
pub trait Selectable {
    fn filter(&self) -> &Filter;
    fn filter_mut(&mut self) -> &mut Filter;
    fn refilter(&mut self);
    fn move_by(&mut self, delta: isize, page: usize);
    fn select_first(&mut self, page: usize);
    fn select_last(&mut self, page: usize);
    fn clamp(&mut self, page: usize);
}

impl<T: Row> Selectable for ListView<T> {
    fn filter(&self) -> &Filter {
        &self.filter
    }
    fn filter_mut(&mut self) -> &mut Filter {
        &mut self.filter
    }
    fn refilter(&mut self) {
        ListView::refilter(self);
    }
    fn move_by(&mut self, delta: isize, page: usize) {
        ListView::move_by(self, delta, page);
    }
    fn select_first(&mut self, page: usize) {
        ListView::select_first(self, page);
    }
    fn select_last(&mut self, page: usize) {
        ListView::select_last(self, page);
    }
    fn clamp(&mut self, page: usize) {
        ListView::clamp(self, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{NatsAccountId, ProjectId, Region};

    fn account(name: &str) -> NatsAccount {
        NatsAccount {
            id: NatsAccountId(format!("A-{name}")),
            name: name.into(),
            endpoint: String::new(),
            project_id: ProjectId("p".into()),
            region: Region::FrPar,
            created_at: None,
            updated_at: None,
        }
    }

    fn list(names: &[&str]) -> ListView<NatsAccount> {
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(names.iter().map(|name| account(name)).collect(), 3);
        list
    }

    #[test]
    fn the_selection_stays_in_range_and_on_screen() {
        let mut list = list(&["a", "b", "c", "d", "e", "f"]);
        list.move_by(4, 3);
        assert_eq!((list.selected, list.offset), (4, 2));
        list.move_by(10, 3);
        assert_eq!((list.selected, list.offset), (5, 3));
        list.move_by(-5, 3);
        assert_eq!((list.selected, list.offset), (0, 0));
        list.move_by(-1, 3);
        assert_eq!(list.selected, 0);
    }

    #[test]
    fn the_filter_ignores_case_and_keeps_order() {
        let mut list = list(&["Orders-Producer", "billing", "orders-consumer", "Ünïcode"]);
        list.filter.input = Input::new("ORDERS".into());
        list.refilter();
        assert_eq!(list.visible, [0, 2]);
        list.filter.input = Input::new("ÜNÏ".into());
        list.refilter();
        assert_eq!(list.visible, [3]);
    }

    #[test]
    fn a_reload_keeps_the_selected_row() {
        let mut list = list(&["a", "b", "c"]);
        list.move_by(2, 3);
        list.set_rows(vec![account("new"), account("a"), account("c")], 3);
        assert_eq!(list.selected_row().unwrap().name, "c");
    }

    #[test]
    fn removing_the_last_row_moves_the_selection_up() {
        let mut list = list(&["a", "b"]);
        list.move_by(1, 3);
        assert!(list.remove("A-b", 3));
        assert_eq!(list.selected_row().unwrap().name, "a");
        assert!(!list.remove("A-missing", 3));
    }
}
