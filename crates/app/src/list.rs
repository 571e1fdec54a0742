//! [`ListView`]: the rows of a list screen, their loading state, the `/` filter, the selection
//! and the scroll position.

use std::collections::HashSet;

use tui_input::Input;

use mnq_api::ApiError;
use mnq_api::model::{
    NatsAccount, NatsCredentials, ProjectId, Region, Resource, ServiceCredentials,
};

/// Identifies one request sent to the worker; answers carry it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Where a listing stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// Waiting for this request; answers to any other one are stale.
    Loading(RequestId),
    Loaded,
    Failed(ApiError),
}

/// One region of one project: where a listing looks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    pub region: Region,
    pub project_id: ProjectId,
}

/// One listing of the several a list may be made of (all regions, all projects): its scope,
/// where it stands, and how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `None` when the list is this one listing: its answer is the whole list.
    pub scope: Option<Scope>,
    pub load: Load,
    /// Rows its load brought so far (its first pages), or in all once loaded.
    pub received: usize,
    /// How many the API announced with the first page.
    pub total: Option<u64>,
    /// Its first pages go into the list as they arrive. Not on a reload: the rows shown
    /// stay until the whole answer replaces them.
    previews: bool,
}

impl Part {
    fn loading(scope: Option<Scope>, request: RequestId) -> Part {
        Part {
            scope,
            load: Load::Loading(request),
            received: 0,
            total: None,
            previews: true,
        }
    }
}

/// How far a list's loading got: rows arrived, and how many are announced in all (`None`
/// while some listing has not said yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub received: usize,
    pub total: Option<u64>,
}

/// A row of a list: a [`Resource`] (its typed id and its name, which the filter matches),
/// with any other text the filter also matches.
pub trait Row: Resource {
    /// Other text the filter also matches (an access key).
    fn search_key(&self) -> Option<&str> {
        None
    }

    /// Whether the row belongs to this region and project (rows that do not say, never).
    fn is_in(&self, _scope: &Scope) -> bool {
        false
    }
}

impl Row for ServiceCredentials {
    fn search_key(&self) -> Option<&str> {
        Some(&self.access_key)
    }

    fn is_in(&self, scope: &Scope) -> bool {
        self.region == scope.region && self.project_id == scope.project_id
    }
}

impl Row for NatsCredentials {}

impl Row for NatsAccount {
    fn is_in(&self, scope: &Scope) -> bool {
        self.region == scope.region && self.project_id == scope.project_id
    }
}

/// The `/` filter: a case-insensitive substring of the name (or access key).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub input: Input,
    /// The filter field has the keyboard.
    pub editing: bool,
}

impl Filter {
    pub fn text(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }
}

/// What the filter searches: every row's name and key, lower-cased once when the rows change
/// rather than for every row at every keystroke, kept in one string, with a summary of the
/// characters each row has so that most rows are ruled out without reading their text.
#[derive(Clone, Default)]
struct SearchText {
    text: String,
    /// Row `i`'s name is `text[bounds[2i]..bounds[2i + 1]]` and its key (empty when it has
    /// none) `text[bounds[2i + 1]..bounds[2i + 2]]`.
    bounds: Vec<usize>,
    /// Row `i`'s [`bytes_in`] its name and key.
    bytes: Vec<u128>,
}

/// Which ASCII bytes occur in `text`: bit `b` for byte `b`, and bit 0 (NUL) for any byte of a
/// non-ASCII character. A row can only contain a needle whose bits it has all; when the needle
/// is one ASCII character other than NUL, having its bit is the same as containing it.
fn bytes_in(text: &[u8]) -> u128 {
    text.iter().fold(0, |bits, &byte| {
        bits | 1 << if byte < 128 { byte } else { 0 }
    })
}

impl SearchText {
    fn of<T: Row>(rows: &[T]) -> SearchText {
        let mut search = SearchText {
            text: String::new(),
            bounds: Vec::with_capacity(2 * rows.len() + 1),
            bytes: Vec::with_capacity(rows.len()),
        };
        search.bounds.push(0);
        for row in rows {
            let start = search.text.len();
            push_lowercase(&mut search.text, row.name());
            search.bounds.push(search.text.len());
            push_lowercase(&mut search.text, row.search_key().unwrap_or_default());
            search.bounds.push(search.text.len());
            search
                .bytes
                .push(bytes_in(&search.text.as_bytes()[start..]));
        }
        search
    }

    fn rows(&self) -> usize {
        self.bytes.len()
    }

    /// Keeps the rows (indices, in order) whose name or key contains `lower_needle`, already
    /// lower-cased and not empty.
    fn retain_matching(&self, rows: &mut Vec<usize>, lower_needle: &str) {
        let needed = bytes_in(lower_needle.as_bytes());
        // First by the bytes each row has, which decides most rows. The loop has no branch on
        // the outcome: about half the rows pass, and a mispredicted branch per row would cost
        // several times the test itself.
        let mut kept = 0;
        for at in 0..rows.len() {
            let row = rows[at];
            rows[kept] = row;
            kept += usize::from(self.bytes[row] & needed == needed);
        }
        rows.truncate(kept);
        if !matches!(lower_needle.as_bytes(), [byte] if *byte != 0) {
            let part = |at: usize| &self.text[self.bounds[at]..self.bounds[at + 1]];
            rows.retain(|&row| {
                part(2 * row).contains(lower_needle) || part(2 * row + 1).contains(lower_needle)
            });
        }
    }
}

// Thousands of rows of lower-cased text say nothing in a `Debug` of the state.
impl std::fmt::Debug for SearchText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchText")
            .field("rows", &self.rows())
            .field("bytes", &self.text.len())
            .finish()
    }
}

/// Appends `text` lower-cased as `str::to_lowercase` does, without a string of its own when it
/// is ASCII (nearly always).
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

/// The rows of a list screen and everything about how they are seen.
#[derive(Debug, Clone)]
pub struct ListView<T: Row> {
    pub rows: Vec<T>,
    /// The listings the rows come from: one, or one per region and project.
    pub parts: Vec<Part>,
    pub filter: Filter,
    /// Indices into `rows` of the rows the filter lets through, in order; recomputed when the
    /// rows or the filter change, never per frame.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// The first visible row on screen.
    pub offset: usize,
    /// Rows with a revoke in flight, shown as "revoking…".
    pub revoking: HashSet<T::Id>,
    /// Rows the console made that the API does not show everywhere yet ("propagating…").
    pub propagating: HashSet<T::Id>,
    /// The rows' text as the filter searches it; rebuilt whenever the methods here change
    /// `rows`.
    search: SearchText,
    /// The (lower-cased) filter `visible` was computed for, while the rows stay the same: a
    /// filter that contains it can only narrow `visible`, so only those rows are searched.
    visible_for: Option<String>,
}

impl<T: Row> ListView<T> {
    /// A list that is one listing, waiting for `request`.
    pub fn loading(request: RequestId) -> Self {
        Self::loading_parts(vec![Part::loading(None, request)])
    }

    /// A list made of one listing per scope, each waiting for its request.
    pub fn loading_scopes(scopes: Vec<(Scope, RequestId)>) -> Self {
        let parts = scopes
            .into_iter()
            .map(|(scope, request)| Part::loading(Some(scope), request))
            .collect();
        Self::loading_parts(parts)
    }

    fn loading_parts(parts: Vec<Part>) -> Self {
        ListView {
            rows: Vec::new(),
            parts,
            filter: Filter::default(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            revoking: HashSet::new(),
            propagating: HashSet::new(),
            search: SearchText::default(),
            visible_for: None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.parts
            .iter()
            .any(|part| matches!(part.load, Load::Loading(_)))
    }

    /// The requests the list waits for.
    pub fn awaited(&self) -> impl Iterator<Item = RequestId> + '_ {
        self.parts.iter().filter_map(|part| match part.load {
            Load::Loading(request) => Some(request),
            Load::Loaded | Load::Failed(_) => None,
        })
    }

    pub fn waits_for(&self, request: RequestId) -> bool {
        self.awaited().any(|awaited| awaited == request)
    }

    /// Whether the list is made of several listings (all regions or all projects).
    pub fn is_merged(&self) -> bool {
        self.parts.len() > 1
    }

    /// The failure of a list that is one listing, if its load failed.
    pub fn failure(&self) -> Option<&ApiError> {
        match self.parts.as_slice() {
            [
                Part {
                    load: Load::Failed(error),
                    ..
                },
            ] => Some(error),
            _ => None,
        }
    }

    /// The listings of a merged list that failed, each with its error.
    pub fn failed_parts(&self) -> impl Iterator<Item = (&Scope, &ApiError)> + '_ {
        self.parts
            .iter()
            .filter_map(|part| match (&part.scope, &part.load) {
                (Some(scope), Load::Failed(error)) => Some((scope, error)),
                _ => None,
            })
    }

    /// How far the loading got, while some listing is still loading.
    pub fn progress(&self) -> Option<Progress> {
        if !self.is_loading() {
            return None;
        }
        let mut progress = Progress {
            received: 0,
            total: Some(0),
        };
        for part in &self.parts {
            progress.received += part.received;
            progress.total = match (progress.total, &part.load, part.total) {
                (Some(sum), Load::Loading(_), Some(total)) => Some(sum + total),
                (Some(sum), Load::Loaded, _) => Some(sum + part.received as u64),
                (Some(sum), Load::Failed(_), _) => Some(sum),
                (_, _, _) => None,
            };
        }
        Some(progress)
    }

    /// Loads every listing again with these requests (in the order of `parts`), keeping the
    /// rows shown until each answer replaces its own.
    pub fn reload(&mut self, requests: impl IntoIterator<Item = RequestId>) {
        for (part, request) in self.parts.iter_mut().zip(requests) {
            part.load = Load::Loading(request);
            part.received = 0;
            part.total = None;
            part.previews = false;
        }
    }

    /// The first pages of a listing the list waits for: shown at once, unless the list
    /// shows that listing's rows of an earlier load; they are counted either way.
    pub fn page_arrived(&mut self, request: RequestId, rows: Vec<T>, total: u64, page: usize) {
        let Some(part) = self
            .parts
            .iter_mut()
            .find(|part| part.load == Load::Loading(request))
        else {
            return;
        };
        part.received += rows.len();
        part.total = Some(part.total.unwrap_or(0).max(total));
        if part.previews && !rows.is_empty() {
            self.keeping_selection(page, |list| list.rows.extend(rows));
        }
    }

    /// The whole answer of a listing the list waits for. Its rows replace those it brought
    /// before (pages shown early, or an earlier load); an error is kept with the listing and
    /// returned. An answer the list does not wait for changes nothing.
    pub fn answered(
        &mut self,
        request: RequestId,
        result: Result<Vec<T>, ApiError>,
        page: usize,
    ) -> Result<(), ApiError> {
        let Some(at) = self
            .parts
            .iter()
            .position(|part| part.load == Load::Loading(request))
        else {
            return Ok(());
        };
        let rows = match result {
            Ok(rows) => rows,
            Err(error) => {
                self.parts[at].load = Load::Failed(error.clone());
                return Err(error);
            }
        };
        let part = &mut self.parts[at];
        part.load = Load::Loaded;
        part.received = rows.len();
        match part.scope.clone() {
            None => self.set_rows(rows, page),
            Some(scope) => self.keeping_selection(page, |list| {
                list.rows.retain(|row| !row.is_in(&scope));
                list.rows.extend(rows);
            }),
        }
        Ok(())
    }

    /// Changes the rows, keeping the selection on the same row if it is still there.
    fn keeping_selection(&mut self, page: usize, change: impl FnOnce(&mut Self)) {
        let selected_id = self.selected_row().map(|row| row.id().clone());
        change(self);
        self.rows_changed();
        if let Some(id) = selected_id
            && let Some(position) = self
                .visible
                .iter()
                .position(|index| *self.rows[*index].id() == id)
        {
            self.selected = position;
        }
        self.clamp(page);
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
        self.keeping_selection(page, |list| list.rows = rows);
        for part in &mut self.parts {
            part.load = Load::Loaded;
        }
    }

    /// Recomputes the visible rows after a change of filter.
    pub fn refilter(&mut self) {
        // Rows changed by hand rather than by the methods here: search what is there now.
        if self.search.rows() != self.rows.len() {
            self.search = SearchText::of(&self.rows);
            self.visible_for = None;
        }
        let needle = self.filter.text().to_lowercase();
        let narrower =
            matches!(&self.visible_for, Some(before) if needle.contains(before.as_str()));
        if !narrower {
            self.visible.clear();
            self.visible.extend(0..self.rows.len());
        }
        if !needle.is_empty() {
            self.search.retain_matching(&mut self.visible, &needle);
        }
        self.visible_for = Some(needle);
    }

    /// After `rows` changed: the search text anew, then the visible rows.
    fn rows_changed(&mut self) {
        self.search = SearchText::of(&self.rows);
        self.visible_for = None;
        self.refilter();
    }

    /// Replaces one row (by id) with a newer version of it.
    pub fn replace(&mut self, row: T) -> bool {
        match self.rows.iter_mut().find(|r| r.id() == row.id()) {
            Some(slot) => {
                *slot = row;
                self.rows_changed();
                true
            }
            None => false,
        }
    }

    /// Adds a row at the end (where the API lists the newest) unless one with its id is
    /// there; returns whether it was added.
    pub fn add(&mut self, row: T, page: usize) -> bool {
        if self.rows.iter().any(|r| r.id() == row.id()) {
            return false;
        }
        self.rows.push(row);
        self.rows_changed();
        self.clamp(page);
        true
    }

    /// Removes one row (by id); returns whether it was there.
    pub fn remove(&mut self, id: &T::Id, page: usize) -> bool {
        let before = self.rows.len();
        self.rows.retain(|row| row.id() != id);
        let removed = self.rows.len() != before;
        if removed {
            self.rows_changed();
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
    /// Selects the row at this position among the visible ones (a click on it).
    fn select_at(&mut self, position: usize, page: usize);
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
    fn select_at(&mut self, position: usize, page: usize) {
        self.selected = position.min(self.visible.len().saturating_sub(1));
        self.clamp(page);
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
    use mnq_api::model::{NatsAccountId, ProjectId, Region};

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
        assert!(list.remove(&NatsAccountId("A-b".into()), 3));
        assert_eq!(list.selected_row().unwrap().name, "a");
        assert!(!list.remove(&NatsAccountId("A-missing".into()), 3));
    }

    fn credentials(index: usize, name: &str, access_key: &str) -> ServiceCredentials {
        use mnq_api::model::{CredentialsId, Secret};
        ServiceCredentials {
            id: CredentialsId(format!("id-{index}")),
            name: name.into(),
            project_id: ProjectId("p".into()),
            region: Region::FrPar,
            created_at: None,
            updated_at: None,
            access_key: access_key.into(),
            secret_key: Secret::default(),
            secret_checksum: String::new(),
            permissions: None,
        }
    }

    /// What the filter means, without the index that makes it fast.
    fn plainly_matching(rows: &[ServiceCredentials], filter: &str) -> Vec<usize> {
        let needle = filter.to_lowercase();
        (0..rows.len())
            .filter(|&index| {
                rows[index].name.to_lowercase().contains(&needle)
                    || rows[index].access_key.to_lowercase().contains(&needle)
            })
            .collect()
    }

    #[test]
    fn the_filter_matches_the_name_or_the_key_but_not_across_them() {
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(
            vec![
                credentials(0, "orders", "KEY1"),
                credentials(1, "billing", "ORDKEY"),
                credentials(2, "ship", "PING"),
                credentials(3, "Σίσυφος", "É1"),
            ],
            3,
        );
        for (filter, expected) in [
            ("ord", vec![0, 1]),
            ("key", vec![0, 1]),
            ("shipping", vec![]),
            ("pp", vec![]),
            ("σίσυφος", vec![3]),
            ("é", vec![3]),
            ("1", vec![0, 3]),
        ] {
            list.filter.input = Input::new(filter.into());
            list.refilter();
            assert_eq!(list.visible, expected, "filter {filter:?}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// Typing and deleting in any order, and changing the rows in between, the visible rows
        /// are always exactly those whose name or key contains the filter, ignoring case.
        #[test]
        fn the_filter_index_agrees_with_plain_matching(
            rows in prop::collection::vec(("[a-cA-C0-1éü -]{0,6}", "[a-cA-C]{0,3}"), 0..30),
            edits in prop::collection::vec(
                prop_oneof!["[a-cA-C1éü -]".prop_map(Some), Just(None)],
                1..12,
            ),
        ) {
            let mut rows: Vec<ServiceCredentials> =
                rows
                .iter()
                .enumerate()
                .map(|(index, (name, key))| credentials(index, name, key))
                .collect();
            let mut list = ListView::loading(RequestId(1));
            list.set_rows(rows.clone(), 3);
            for (step, edit) in edits.into_iter().enumerate() {
                match edit {
                    Some(text) => {
                        for c in text.chars() {
                            list.filter.input.handle(tui_input::InputRequest::InsertChar(c));
                        }
                    }
                    None => {
                        list.filter.input.handle(tui_input::InputRequest::DeletePrevChar);
                    }
                }
                list.refilter();
                prop_assert_eq!(&list.visible, &plainly_matching(&rows, list.filter.text()));
                if step % 4 == 3 && !rows.is_empty() {
                    let id = rows.remove(0).id;
                    list.remove(&id, 3);
                    prop_assert_eq!(&list.visible, &plainly_matching(&rows, list.filter.text()));
                }
            }
        }
    }
}
