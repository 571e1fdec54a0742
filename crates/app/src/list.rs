//! [`ListView`]: the rows of a list screen, their loading state, their order, the `/` filter,
//! the selection and the scroll position.

use std::collections::HashSet;

use tui_input::Input;

use crate::call::RequestId;

use mnq_api::ApiError;
use mnq_api::model::{
    NatsAccount, NatsCredentials, Permissions, ProjectId, Region, Resource, ServiceCredentials,
    Timestamp,
};

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
/// with what the filter and the sort also read.
pub trait Row: Resource<Id: Ord> {
    /// Other text the filter also matches (an access key).
    fn search_key(&self) -> Option<&str> {
        None
    }
    fn created_at(&self) -> Option<Timestamp>;
    fn updated_at(&self) -> Option<Timestamp>;
    /// What the credentials may do, which the filter's words `write`, `read` and `manage` ask
    /// about; `None` for rows that have no permissions (NATS), which those words never match.
    fn permissions(&self) -> Option<Permissions> {
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
    fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }
    fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }
    fn permissions(&self) -> Option<Permissions> {
        Some(ServiceCredentials::permissions(self))
    }

    fn is_in(&self, scope: &Scope) -> bool {
        self.region == scope.region && self.project_id == scope.project_id
    }
}

impl Row for NatsCredentials {
    fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }
    fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }
}

impl Row for NatsAccount {
    fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }
    fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }
    fn is_in(&self, scope: &Scope) -> bool {
        self.region == scope.region && self.project_id == scope.project_id
    }
}

/// What a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    Name,
    /// The API's own order, and so the default.
    #[default]
    Created,
    Updated,
}

impl SortKey {
    /// The key `s` moves to: Name, Created, Updated, Name…
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Created,
            SortKey::Created => SortKey::Updated,
            SortKey::Updated => SortKey::Name,
        }
    }

    /// The key as a sentence names it ("sorted by created").
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
        }
    }
}

/// A list's order: by a key, one way or the other. Ties go by name, then id; rows without the
/// date sorted by come last, in the order the API gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The arrow a heading shows for the direction.
    pub fn arrow(self) -> &'static str {
        if self.descending { "↓" } else { "↑" }
    }
}

/// What is true of a row, as bits, which the filter's words ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u8);

impl Flags {
    /// Created before the list's stale cutoff.
    pub const STALE: Flags = Flags(1);
    /// May write (send or publish).
    pub const WRITE: Flags = Flags(2);
    /// May read (receive or subscribe).
    pub const READ: Flags = Flags(4);
    /// May manage.
    pub const MANAGE: Flags = Flags(8);

    /// The filter's words and the flag each stands for.
    pub const WORDS: [(&str, Flags); 4] = [
        ("stale", Flags::STALE),
        ("write", Flags::WRITE),
        ("read", Flags::READ),
        ("manage", Flags::MANAGE),
    ];

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two have a flag in common.
    pub fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    fn of_permissions(permissions: Option<Permissions>) -> Flags {
        let Some(permissions) = permissions else {
            return Flags::default();
        };
        let bit = |granted: bool, flag: Flags| if granted { flag.0 } else { 0 };
        Flags(
            bit(permissions.can_publish, Flags::WRITE)
                | bit(permissions.can_receive, Flags::READ)
                | bit(permissions.can_manage, Flags::MANAGE),
        )
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

/// What the filter's text asks: its words (`stale`, `write`, `read`, `manage`, whole and in
/// any case), which every row shown must have, and the rest of its text, which the name or the
/// key must contain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub words: Flags,
    /// The other tokens, joined by single spaces and lower-cased.
    pub text: String,
}

impl Query {
    pub fn parse(filter: &str) -> Query {
        let mut query = Query::default();
        let mut text: Vec<&str> = Vec::new();
        for token in filter.split_whitespace() {
            match Flags::WORDS
                .iter()
                .find(|(word, _)| token.eq_ignore_ascii_case(word))
            {
                Some((_, flag)) => query.words = query.words | *flag,
                None => text.push(token),
            }
        }
        query.text = text.join(" ").to_lowercase();
        query
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.text.is_empty()
    }

    /// Whether every row this query lets through, `before` let through too.
    fn narrows(&self, before: &Query) -> bool {
        self.words.contains(before.words) && self.text.contains(before.text.as_str())
    }
}

/// The `/` filter: a case-insensitive substring of the name (or access key), with words.
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

    pub fn query(&self) -> Query {
        Query::parse(self.text())
    }
}

/// What the filter searches: every row's name and key, lower-cased once when the rows change
/// rather than for every row at every keystroke, kept in one string, with a summary of the
/// characters each row has so that most rows are ruled out without reading their text, and
/// each row's [`Flags`].
#[derive(Clone, Default)]
struct SearchText {
    text: String,
    /// Row `i`'s name is `text[bounds[2i]..bounds[2i + 1]]` and its key (empty when it has
    /// none) `text[bounds[2i + 1]..bounds[2i + 2]]`.
    bounds: Vec<usize>,
    /// Row `i`'s [`bytes_in`] its name and key.
    bytes: Vec<u128>,
    /// Row `i`'s flags: its permissions from the row, [`Flags::STALE`] from
    /// [`SearchText::mark_stale`].
    flags: Vec<Flags>,
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
            flags: Vec::with_capacity(rows.len()),
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
            search.flags.push(Flags::of_permissions(row.permissions()));
        }
        search
    }

    fn rows(&self) -> usize {
        self.bytes.len()
    }

    /// Row `i`'s name, lower-cased.
    fn name(&self, row: usize) -> &str {
        &self.text[self.bounds[2 * row]..self.bounds[2 * row + 1]]
    }

    /// Sets [`Flags::STALE`] on the rows created before `before` (none when `None`); returns
    /// how many have it.
    fn mark_stale<T: Row>(&mut self, rows: &[T], before: Option<Timestamp>) -> usize {
        let mut stale = 0;
        for (flags, row) in self.flags.iter_mut().zip(rows) {
            let is_stale =
                matches!((row.created_at(), before), (Some(at), Some(before)) if at < before);
            flags.0 = flags.0 & !Flags::STALE.0 | if is_stale { Flags::STALE.0 } else { 0 };
            stale += usize::from(is_stale);
        }
        stale
    }

    /// Keeps the rows (indices, in order) that have the query's words and whose name or key
    /// contains its text.
    fn retain_matching(&self, rows: &mut Vec<usize>, query: &Query) {
        if !query.words.is_empty() {
            let needed = query.words;
            let mut kept = 0;
            for at in 0..rows.len() {
                let row = rows[at];
                rows[kept] = row;
                kept += usize::from(self.flags[row].contains(needed));
            }
            rows.truncate(kept);
        }
        let lower_needle = query.text.as_str();
        if lower_needle.is_empty() {
            return;
        }
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
    /// Indices into `rows` of the rows the filter lets through, in the sort's order;
    /// recomputed when the rows, the sort or the filter change, never per frame.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// The first visible row on screen.
    pub offset: usize,
    /// Rows with a revoke in flight, shown as "revoking…".
    pub revoking: HashSet<T::Id>,
    /// Rows the console made that the API does not show everywhere yet ("propagating…").
    pub propagating: HashSet<T::Id>,
    sort: Sort,
    /// Indices into `rows` in the sort's order.
    order: Vec<usize>,
    /// Indices into `rows` by name (lower-cased), then id: the sort by name, and the ties of
    /// the others.
    by_name: Vec<usize>,
    /// Rows created before this are stale (marked, and what the filter's `stale` keeps).
    stale_before: Option<Timestamp>,
    /// How many rows are stale.
    stale_rows: usize,
    /// The rows' text as the filter searches it; rebuilt whenever the methods here change
    /// `rows`.
    search: SearchText,
    /// The query `visible` was computed for, while the rows, their order and their flags stay
    /// the same: a query that narrows it can only narrow `visible`, so only those rows are
    /// searched.
    visible_for: Option<Query>,
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
            sort: Sort::default(),
            order: Vec::new(),
            by_name: Vec::new(),
            stale_before: None,
            stale_rows: 0,
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
        let selected_id = self.selected_id();
        change(self);
        self.rows_changed();
        self.reselect(selected_id, page);
    }

    /// The selected row, if any row is visible.
    pub fn selected_row(&self) -> Option<&T> {
        self.visible
            .get(self.selected)
            .and_then(|index| self.rows.get(*index))
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Sorts the rows anew, keeping the selection on the same row.
    pub fn set_sort(&mut self, sort: Sort, page: usize) {
        if sort == self.sort {
            return;
        }
        let selected_id = self.selected_id();
        self.sort = sort;
        self.order = self.sorted();
        self.visible_for = None;
        self.refilter();
        self.reselect(selected_id, page);
    }

    pub fn stale_before(&self) -> Option<Timestamp> {
        self.stale_before
    }

    /// Rows created before `before` are stale from now on (none with `None`); the filter's
    /// `stale` follows, keeping the selection on the same row.
    pub fn set_stale_before(&mut self, before: Option<Timestamp>, page: usize) {
        if before == self.stale_before {
            return;
        }
        self.stale_before = before;
        if self.search.rows() != self.rows.len() {
            // Rows changed by hand: the whole index anew, with the new cutoff.
            self.index_rows();
        } else {
            self.stale_rows = self.search.mark_stale(&self.rows, before);
        }
        let selected_id = self.selected_id();
        self.visible_for = None;
        self.refilter();
        self.reselect(selected_id, page);
    }

    /// Whether row `index` (into `rows`) is stale.
    pub fn is_stale(&self, index: usize) -> bool {
        self.search
            .flags
            .get(index)
            .is_some_and(|flags| flags.contains(Flags::STALE))
    }

    /// Whether any row, shown or not, is stale.
    pub fn has_stale_rows(&self) -> bool {
        self.stale_rows > 0
    }

    /// Replaces the rows with a fresh answer, keeping the selection on the same row if it is
    /// still there.
    pub fn set_rows(&mut self, rows: Vec<T>, page: usize) {
        let selected_id = self.selected_id();
        self.rows = rows;
        for part in &mut self.parts {
            part.load = Load::Loaded;
        }
        self.rows_changed();
        self.reselect(selected_id, page);
    }

    fn selected_id(&self) -> Option<T::Id> {
        self.selected_row().map(|row| row.id().clone())
    }

    /// Puts the selection back on the row with this id if it is visible, and in range.
    fn reselect(&mut self, id: Option<T::Id>, page: usize) {
        self.reselect_in_place(id);
        self.clamp(page);
    }

    /// Recomputes the visible rows after a change of filter.
    pub fn refilter(&mut self) {
        // Rows changed by hand rather than by the methods here: search what is there now.
        if self.search.rows() != self.rows.len() {
            self.index_rows();
        }
        let query = self.filter.query();
        let narrower = matches!(&self.visible_for, Some(before) if query.narrows(before));
        if !narrower {
            self.visible.clear();
            self.visible.extend_from_slice(&self.order);
        }
        if !query.is_empty() {
            self.search.retain_matching(&mut self.visible, &query);
        }
        self.visible_for = Some(query);
    }

    /// After `rows` changed: the search text, the flags and the order anew, then the visible
    /// rows.
    fn rows_changed(&mut self) {
        self.index_rows();
        self.refilter();
    }

    fn index_rows(&mut self) {
        self.search = SearchText::of(&self.rows);
        self.stale_rows = self.search.mark_stale(&self.rows, self.stale_before);
        let mut by_name: Vec<usize> = (0..self.rows.len()).collect();
        by_name.sort_unstable_by(|&a, &b| {
            self.search
                .name(a)
                .cmp(self.search.name(b))
                .then_with(|| self.rows[a].id().cmp(self.rows[b].id()))
        });
        self.by_name = by_name;
        self.order = self.sorted();
        self.visible_for = None;
    }

    /// The rows' indices in the sort's order. Each row gets a key of numbers first (the
    /// date's, its place by name, its place from the API), so that sorting compares numbers,
    /// not text, however many rows there are.
    fn sorted(&self) -> Vec<usize> {
        let date = match self.sort.key {
            SortKey::Name => {
                return if self.sort.descending {
                    self.by_name.iter().rev().copied().collect()
                } else {
                    self.by_name.clone()
                };
            }
            SortKey::Created => T::created_at,
            SortKey::Updated => T::updated_at,
        };
        let rows = self.by_name.len();
        // (no date, then the date, then the place by name; or the API's place when undated)
        let mut keyed: Vec<(bool, i128, usize, usize)> = Vec::with_capacity(rows);
        for (rank, &index) in self.by_name.iter().enumerate() {
            keyed.push(match date(&self.rows[index]) {
                Some(at) if self.sort.descending => {
                    (false, -at.0.as_nanosecond(), rows - rank, index)
                }
                Some(at) => (false, at.0.as_nanosecond(), rank, index),
                None => (true, 0, index, index),
            });
        }
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., index)| index).collect()
    }

    /// Replaces one row (by id) with a newer version of it; the selection stays on its row
    /// wherever the sort puts it.
    pub fn replace(&mut self, row: T) -> bool {
        let selected_id = self.selected_id();
        match self.rows.iter_mut().find(|r| r.id() == row.id()) {
            Some(slot) => {
                *slot = row;
                self.rows_changed();
                self.reselect_in_place(selected_id);
                true
            }
            None => false,
        }
    }

    /// Adds a row where the sort puts it unless one with its id is there (the selection stays
    /// on its row); returns whether it was added.
    pub fn add(&mut self, row: T, page: usize) -> bool {
        if self.rows.iter().any(|r| r.id() == row.id()) {
            return false;
        }
        let selected_id = self.selected_id();
        self.rows.push(row);
        self.rows_changed();
        self.reselect(selected_id, page);
        true
    }

    /// Removes one row (by id); returns whether it was there. The selection stays on its row,
    /// or when that was the one removed, on the row that takes its place.
    pub fn remove(&mut self, id: &T::Id, page: usize) -> bool {
        let selected_id = self.selected_id();
        let before = self.rows.len();
        self.rows.retain(|row| row.id() != id);
        let removed = self.rows.len() != before;
        if removed {
            self.rows_changed();
            self.reselect(selected_id, page);
        }
        removed
    }

    /// As [`ListView::reselect`], without a page to scroll by: the caller clamps.
    fn reselect_in_place(&mut self, id: Option<T::Id>) {
        if let Some(id) = id
            && let Some(position) = self
                .visible
                .iter()
                .position(|index| *self.rows[*index].id() == id)
        {
            self.selected = position;
        }
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
    fn sort(&self) -> Sort;
    fn set_sort(&mut self, sort: Sort, page: usize);
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
    fn sort(&self) -> Sort {
        ListView::sort(self)
    }
    fn set_sort(&mut self, sort: Sort, page: usize) {
        ListView::set_sort(self, sort, page);
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

    use mnq_api::model::CredentialsId;

    fn credentials(index: usize, name: &str, access_key: &str) -> ServiceCredentials {
        use mnq_api::model::Secret;
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

    /// What the filter means, without the index that makes it fast: the rows, in the list's
    /// order, that have every word of the filter and whose name or key contains the rest.
    fn plainly_matching(list: &ListView<ServiceCredentials>, filter: &str) -> Vec<usize> {
        let mut words = Vec::new();
        let mut text = Vec::new();
        for token in filter.split_whitespace() {
            match token.to_lowercase().as_str() {
                word @ ("stale" | "write" | "read" | "manage") => words.push(word.to_owned()),
                _ => text.push(token),
            }
        }
        let needle = text.join(" ").to_lowercase();
        let has = |row: &ServiceCredentials, word: &str| {
            let permissions = row.permissions.unwrap_or_default();
            match word {
                "stale" => matches!(
                    (row.created_at, list.stale_before()),
                    (Some(at), Some(before)) if at < before
                ),
                "write" => permissions.can_publish,
                "read" => permissions.can_receive,
                _ => permissions.can_manage,
            }
        };
        list.order
            .iter()
            .copied()
            .filter(|&index| {
                let row = &list.rows[index];
                words.iter().all(|word| has(row, word))
                    && (row.name.to_lowercase().contains(&needle)
                        || row.access_key.to_lowercase().contains(&needle))
            })
            .collect()
    }

    fn day(day: i8) -> Timestamp {
        Timestamp(
            jiff::civil::date(2026, 1, day)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp(),
        )
    }

    /// Credentials created (and updated) on a day of January 2026, or never said.
    fn dated(
        index: usize,
        name: &str,
        created: Option<i8>,
        updated: Option<i8>,
    ) -> ServiceCredentials {
        ServiceCredentials {
            created_at: created.map(day),
            updated_at: updated.map(day),
            ..credentials(index, name, "")
        }
    }

    fn names(list: &ListView<ServiceCredentials>) -> Vec<&str> {
        list.visible
            .iter()
            .map(|index| list.rows[*index].name.as_str())
            .collect()
    }

    fn sorted(key: SortKey, descending: bool) -> Sort {
        Sort { key, descending }
    }

    #[test]
    fn by_default_rows_are_in_the_order_they_were_created_undated_last_as_the_api_gave_them() {
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(
            vec![
                dated(0, "undated-b", None, None),
                dated(1, "third", Some(3), None),
                dated(2, "first", Some(1), None),
                dated(3, "undated-a", None, None),
                dated(4, "second", Some(2), None),
            ],
            3,
        );
        assert_eq!(list.sort(), sorted(SortKey::Created, false));
        assert_eq!(
            names(&list),
            ["first", "second", "third", "undated-b", "undated-a"]
        );
        list.set_sort(sorted(SortKey::Created, true), 3);
        assert_eq!(
            names(&list),
            ["third", "second", "first", "undated-b", "undated-a"],
            "reversed, the undated rows stay last"
        );
    }

    #[test]
    fn ties_go_by_name_ignoring_case_then_by_id() {
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(
            vec![
                dated(3, "b", Some(5), Some(9)),
                dated(2, "B", Some(5), Some(1)),
                dated(1, "a", Some(5), None),
                dated(0, "C", Some(4), Some(2)),
            ],
            3,
        );
        let ids = |list: &ListView<ServiceCredentials>| -> Vec<String> {
            list.visible
                .iter()
                .map(|index| list.rows[*index].id.0.clone())
                .collect()
        };
        assert_eq!(ids(&list), ["id-0", "id-1", "id-2", "id-3"]);
        list.set_sort(sorted(SortKey::Name, false), 3);
        assert_eq!(ids(&list), ["id-1", "id-2", "id-3", "id-0"]);
        list.set_sort(sorted(SortKey::Name, true), 3);
        assert_eq!(ids(&list), ["id-0", "id-3", "id-2", "id-1"]);
        list.set_sort(sorted(SortKey::Updated, false), 3);
        assert_eq!(ids(&list), ["id-2", "id-0", "id-3", "id-1"]);
        list.set_sort(sorted(SortKey::Updated, true), 3);
        assert_eq!(ids(&list), ["id-3", "id-0", "id-2", "id-1"]);
    }

    #[test]
    fn a_new_sort_keeps_the_selection_on_its_row_and_on_screen() {
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(
            (0..8)
                .map(|index| dated(index, &format!("row-{index}"), Some(index as i8 + 1), None))
                .collect(),
            3,
        );
        list.move_by(1, 3);
        assert_eq!(list.selected_row().unwrap().name, "row-1");
        list.set_sort(sorted(SortKey::Created, true), 3);
        assert_eq!(list.selected_row().unwrap().name, "row-1");
        assert_eq!(list.selected, 6);
        assert!(list.offset <= 6 && 6 < list.offset + 3, "{}", list.offset);
    }

    #[test]
    fn a_row_added_or_renamed_before_the_selection_does_not_move_it() {
        let mut list = ListView::loading(RequestId(1));
        list.set_sort(sorted(SortKey::Name, false), 3);
        list.set_rows(
            vec![dated(0, "b", None, None), dated(1, "c", None, None)],
            3,
        );
        list.move_by(1, 3);
        list.add(dated(2, "a", None, None), 3);
        assert_eq!(list.selected_row().unwrap().name, "c");
        list.replace(dated(1, "0-first", None, None));
        assert_eq!(list.selected_row().unwrap().name, "0-first");
        list.remove(&CredentialsId("id-2".into()), 3);
        assert_eq!(list.selected_row().unwrap().name, "0-first");
    }

    #[test]
    fn the_sort_survives_new_rows_and_the_filter_keeps_its_order() {
        let mut list = ListView::loading(RequestId(1));
        list.set_sort(sorted(SortKey::Name, true), 3);
        list.set_rows(
            vec![
                dated(0, "ci-a", None, None),
                dated(1, "web", None, None),
                dated(2, "ci-b", None, None),
            ],
            3,
        );
        assert_eq!(names(&list), ["web", "ci-b", "ci-a"]);
        list.filter.input = Input::new("ci-".into());
        list.refilter();
        assert_eq!(names(&list), ["ci-b", "ci-a"]);
        list.add(dated(3, "ci-c", None, None), 3);
        assert_eq!(names(&list), ["ci-c", "ci-b", "ci-a"]);
    }

    #[test]
    fn a_hundred_thousand_rows_sort_by_name_and_by_date() {
        let rows: Vec<ServiceCredentials> = (0..100_000)
            .map(|index| {
                dated(
                    index,
                    &format!("creds-{}", index * 7919 % 100_000),
                    Some((index % 28) as i8 + 1),
                    None,
                )
            })
            .collect();
        let mut list = ListView::loading(RequestId(1));
        list.set_rows(rows, 20);
        list.set_sort(sorted(SortKey::Name, false), 20);
        assert!(
            list.visible
                .windows(2)
                .all(|pair| list.rows[pair[0]].name.to_lowercase()
                    <= list.rows[pair[1]].name.to_lowercase())
        );
        list.set_sort(sorted(SortKey::Created, true), 20);
        assert!(
            list.visible
                .windows(2)
                .all(|pair| list.rows[pair[0]].created_at >= list.rows[pair[1]].created_at)
        );
    }

    /// Rows for the filter's words: `ci-old` and `web-old` created before the 10th.
    fn worded() -> ListView<ServiceCredentials> {
        let mut list = ListView::loading(RequestId(1));
        let with = |row: ServiceCredentials, write, read, manage| ServiceCredentials {
            permissions: Some(Permissions::new(write, read, manage)),
            ..row
        };
        list.set_rows(
            vec![
                with(dated(0, "ci-old", Some(1), None), true, false, true),
                with(dated(1, "ci-new", Some(20), None), true, true, false),
                with(dated(2, "web-old", Some(2), None), false, true, false),
                with(dated(3, "readme-manager", None, None), false, false, true),
            ],
            3,
        );
        list.set_stale_before(Some(day(10)), 3);
        list
    }

    #[test]
    fn the_filter_words_keep_the_rows_that_are_so_and_combine_with_text() {
        let mut list = worded();
        for (filter, expected) in [
            ("stale", vec!["ci-old", "web-old"]),
            ("stale ci-", vec!["ci-old"]),
            ("ci- STALE", vec!["ci-old"]),
            ("manage", vec!["ci-old", "readme-manager"]),
            ("Manage Write", vec!["ci-old"]),
            ("read", vec!["web-old", "ci-new"]),
            ("reader", vec![]),
            ("readme", vec!["readme-manager"]),
            ("readme  manager", vec![]),
            ("stale   write  ci-  old", vec![]),
            ("stale write ci-old", vec!["ci-old"]),
            ("  write  ", vec!["ci-old", "ci-new"]),
        ] {
            list.filter.input = Input::new(filter.into());
            list.refilter();
            assert_eq!(names(&list), expected, "filter {filter:?}");
            assert_eq!(
                list.visible,
                plainly_matching(&list, filter),
                "filter {filter:?}"
            );
        }
    }

    #[test]
    fn a_new_cutoff_changes_what_is_stale_and_what_stale_keeps() {
        let mut list = worded();
        list.filter.input = Input::new("stale".into());
        list.refilter();
        assert!(list.has_stale_rows());
        list.set_stale_before(Some(day(30)), 3);
        assert_eq!(names(&list), ["ci-old", "web-old", "ci-new"]);
        list.set_stale_before(None, 3);
        assert_eq!(names(&list), Vec::<&str>::new());
        assert!(!list.has_stale_rows() && !list.is_stale(0));
    }

    #[test]
    fn nats_rows_have_no_permissions_for_the_words_to_match() {
        let mut list = list(&["writer", "reader"]);
        for filter in ["write", "read", "manage"] {
            list.filter.input = Input::new(filter.into());
            list.refilter();
            assert!(list.visible.is_empty(), "filter {filter:?}");
        }
    }

    #[test]
    fn a_query_is_its_words_and_the_rest_of_its_text() {
        let query = Query::parse("  Stale  ci-  Deploy ");
        assert_eq!(query.words, Flags::STALE);
        assert_eq!(query.text, "ci- deploy");
        assert!(Query::parse(" ").is_empty());
        assert!(Query::parse("stale write").narrows(&Query::parse("stale")));
        assert!(!Query::parse("stale").narrows(&Query::parse("stal")));
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
        /// Typing and deleting in any order (words included), and changing the rows in
        /// between, the visible rows are always exactly those, in the list's order, that have
        /// the filter's words and whose name or key contains the rest of it, ignoring case.
        #[test]
        fn the_filter_index_agrees_with_plain_matching(
            rows in prop::collection::vec(
                (
                    "[a-cA-C0-1éü -]{0,6}",
                    "[a-cA-C]{0,3}",
                    prop::option::of(1..28i8),
                    (any::<bool>(), any::<bool>(), any::<bool>()),
                ),
                0..30,
            ),
            edits in prop::collection::vec(
                prop_oneof![
                    "[a-cA-C1éü -]".prop_map(Some),
                    "(stale|Write|READ|manage) ".prop_map(Some),
                    Just(None),
                ],
                1..12,
            ),
            sort in (0..3usize, any::<bool>()),
        ) {
            let mut rows: Vec<ServiceCredentials> =
                rows
                .iter()
                .enumerate()
                .map(|(index, (name, key, created, (write, read, manage)))| ServiceCredentials {
                    created_at: created.map(day),
                    permissions: Some(Permissions::new(*write, *read, *manage)),
                    ..credentials(index, name, key)
                })
                .collect();
            let mut list = ListView::loading(RequestId(1));
            list.set_stale_before(Some(day(14)), 3);
            list.set_sort(
                Sort {
                    key: [SortKey::Name, SortKey::Created, SortKey::Updated][sort.0],
                    descending: sort.1,
                },
                3,
            );
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
                prop_assert_eq!(&list.visible, &plainly_matching(&list, list.filter.text()));
                if step % 4 == 3 && !rows.is_empty() {
                    let id = rows.remove(0).id;
                    list.remove(&id, 3);
                    prop_assert_eq!(&list.visible, &plainly_matching(&list, list.filter.text()));
                }
            }
        }
    }
}
