//! [`ListView`]: the rows of a list screen and how they are seen. Its three jobs are read
//! apart:
//! - loading (`parts.rs`): the listings a list is made of — one, or one per region and
//!   project — where each stands and how far it got;
//! - finding and ordering (`index.rs`): each row's text, flags and dates, indexed once when
//!   the rows change, for the `/` filter, the stale mark and the sort;
//! - the selection and the scroll position (`cursor.rs`).
//!
//! [`Shown`] (`shown.rs`) holds the last two together: the visible rows, in order, and the
//! selection over them. It knows the rows only by index, so it is one type for every kind of
//! row, which the reducer borrows to act on whichever list is on screen. The rows themselves
//! change only through [`ListView`]'s methods, which index them again and keep the selection
//! on its row.

mod cursor;
mod index;
mod parts;
mod shown;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::call::RequestId;
use index::{Index, Places};
use mnq_api::ApiError;
use mnq_api::model::{
    NatsAccount, NatsCredentials, Permissions, ProjectId, Region, Resource, ServiceCredentials,
    Timestamp,
};

pub use index::{Filter, Flags, Query, Sort, SortKey};
pub use parts::{Parts, Progress, Scope};
pub use shown::Shown;

/// A row of a list: a [`Resource`] (its typed id and its name, which the filter matches),
/// with what the filter and the sort also read.
pub trait Row: Resource<Id: Ord> {
    /// What identifies the row besides its name, which the filter also matches, so that what
    /// leaked finds it: its id, and its access key, its `.creds` checksum or its account's key.
    fn each_key(&self, key: &mut dyn FnMut(&str));
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

    /// Its region and project, for rows that say: what a merged list's Region and Project
    /// columns show, and the filter matches.
    fn place(&self) -> Option<(Region, &ProjectId)> {
        None
    }
}

impl Row for ServiceCredentials {
    fn each_key(&self, key: &mut dyn FnMut(&str)) {
        key(&self.access_key);
        key(&self.id.0);
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
    fn place(&self) -> Option<(Region, &ProjectId)> {
        Some((self.region, &self.project_id))
    }
}

impl Row for NatsCredentials {
    /// The checksum of its `.creds`, its id, and its account's public key (an account's key
    /// finds every credential of the account).
    fn each_key(&self, key: &mut dyn FnMut(&str)) {
        key(&self.checksum);
        key(&self.id.0);
        key(&self.nats_account_id.0);
    }
    fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }
    fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }
}

impl Row for NatsAccount {
    /// Its id, which is the account's NKEY public key (`A…`).
    fn each_key(&self, key: &mut dyn FnMut(&str)) {
        key(&self.id.0);
    }
    fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }
    fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }
    fn is_in(&self, scope: &Scope) -> bool {
        self.region == scope.region && self.project_id == scope.project_id
    }
    fn place(&self) -> Option<(Region, &ProjectId)> {
        Some((self.region, &self.project_id))
    }
}

/// The organisation's projects by id: their names, which a list over several projects shows
/// and its filter matches.
pub type ProjectNames = Arc<HashMap<ProjectId, String>>;

/// The rows of a list screen, the listings they come from, how they are shown, which are
/// marked, and which are being revoked or propagating.
#[derive(Debug, Clone)]
pub struct ListView<T: Row> {
    rows: Vec<T>,
    parts: Parts,
    shown: Shown,
    /// Rows the person marked to act on together, by id: they stay marked whatever the sort
    /// and the filter, and through reloads while the row is there.
    marked: HashSet<T::Id>,
    /// Rows with a revoke in flight, shown as "revoking…".
    revoking: HashSet<T::Id>,
    /// Rows the console created that the API does not show everywhere yet ("propagating…").
    propagating: HashSet<T::Id>,
    /// The projects' names, for the filter of a list over several projects.
    project_names: ProjectNames,
}

impl<T: Row> ListView<T> {
    /// A list that is one listing, waiting for `request`.
    pub fn loading(request: RequestId) -> Self {
        Self::of_parts(Parts::one(request))
    }

    /// A list made of one listing per scope, each waiting for its request.
    pub fn loading_scopes(scopes: Vec<(Scope, RequestId)>) -> Self {
        Self::of_parts(Parts::per_scope(scopes))
    }

    fn of_parts(parts: Parts) -> Self {
        ListView {
            rows: Vec::new(),
            parts,
            shown: Shown::default(),
            marked: HashSet::new(),
            revoking: HashSet::new(),
            propagating: HashSet::new(),
            project_names: ProjectNames::default(),
        }
    }

    /// The rows, as the API gave them (the order and the filter are [`Shown`]'s).
    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    /// The listings the rows come from.
    pub fn parts(&self) -> &Parts {
        &self.parts
    }

    /// Which rows show, in what order, and the selection.
    pub fn shown(&self) -> &Shown {
        &self.shown
    }

    /// The filter, the order, the stale cutoff and the selection, to change.
    pub fn shown_mut(&mut self) -> &mut Shown {
        &mut self.shown
    }

    /// The selected row, if any row is visible.
    pub fn selected_row(&self) -> Option<&T> {
        self.shown
            .selected_index()
            .and_then(|index| self.rows.get(index))
    }

    // Marks

    pub fn is_marked(&self, id: &T::Id) -> bool {
        self.marked.contains(id)
    }

    /// How many rows are marked, shown or not.
    pub fn marked_count(&self) -> usize {
        self.marked.len()
    }

    /// The marked rows, shown or not, in the list's order.
    pub fn marked_rows(&self) -> impl Iterator<Item = &T> + '_ {
        self.shown
            .in_order()
            .iter()
            .map(|index| &self.rows[*index])
            .filter(|row| self.marked.contains(row.id()))
    }

    /// Marks the selected row, or unmarks it.
    pub fn toggle_selected_mark(&mut self) {
        if let Some(id) = self.selected_row().map(|row| row.id().clone())
            && !self.marked.remove(&id)
        {
            self.marked.insert(id);
        }
    }

    /// Marks every row the filter shows; when they all are marked already, unmarks them.
    pub fn toggle_shown_marks(&mut self) {
        let shown: Vec<&T::Id> = self
            .shown
            .visible()
            .iter()
            .map(|index| self.rows[*index].id())
            .collect();
        if shown.iter().all(|id| self.marked.contains(*id)) {
            for id in shown {
                self.marked.remove(id);
            }
        } else {
            self.marked.extend(shown.into_iter().cloned());
        }
    }

    pub fn unmark(&mut self, id: &T::Id) {
        self.marked.remove(id);
    }

    pub fn clear_marks(&mut self) {
        self.marked.clear();
    }

    // Rows under way

    pub fn is_revoking(&self, id: &T::Id) -> bool {
        self.revoking.contains(id)
    }

    /// Marks a row "revoking…" while its revoke is in flight, or no longer.
    pub fn set_revoking(&mut self, id: &T::Id, revoking: bool) {
        mark(&mut self.revoking, id, revoking);
    }

    pub fn is_propagating(&self, id: &T::Id) -> bool {
        self.propagating.contains(id)
    }

    /// Marks a row the console created "propagating…" until it reads back, or no longer.
    pub fn set_propagating(&mut self, id: &T::Id, propagating: bool) {
        mark(&mut self.propagating, id, propagating);
    }

    /// The organisation's projects' names, which the filter of a list over several projects
    /// matches; the rows are indexed again when they are new.
    pub fn name_projects(&mut self, names: &ProjectNames, page: usize) {
        if Arc::ptr_eq(&self.project_names, names) {
            return;
        }
        self.project_names = Arc::clone(names);
        if self.parts.spans_projects() {
            self.keeping_selection(page, |_| {});
        }
    }

    // Loading

    /// Loads every listing again with these requests (in the order of the parts), keeping the
    /// rows shown until each answer replaces its own.
    pub fn reload(&mut self, requests: impl IntoIterator<Item = RequestId>) {
        self.parts.reload(requests);
    }

    /// The first pages of a listing the list waits for: shown at once, unless the list
    /// shows that listing's rows of an earlier load; they are counted either way.
    pub fn page_arrived(&mut self, request: RequestId, rows: Vec<T>, total: u64, page: usize) {
        if self.parts.page_arrived(request, rows.len(), total) && !rows.is_empty() {
            self.keeping_selection(page, |all| all.extend(rows));
        }
    }

    /// The whole answer of a listing the list waits for. Its rows replace those it brought
    /// before (pages shown early, or an earlier load); an error is kept with the listing and
    /// returned. An answer the list does not wait for changes nothing. `Ok` says how many
    /// marked rows the answer no longer has (revoked elsewhere): they are marked no more.
    pub fn answered(
        &mut self,
        request: RequestId,
        result: Result<Vec<T>, ApiError>,
        page: usize,
    ) -> Result<usize, ApiError> {
        let (rows, received) = match result {
            Ok(rows) => {
                let count = rows.len();
                (rows, Ok(count))
            }
            Err(error) => (Vec::new(), Err(error)),
        };
        let marked = self.marked.len();
        match self.parts.answered(request, received) {
            None => {}
            Some(Err(error)) => return Err(error),
            Some(Ok(None)) => self.set_rows(rows, page),
            Some(Ok(Some(scope))) => self.keeping_selection(page, |all| {
                all.retain(|row| !row.is_in(&scope));
                all.extend(rows);
            }),
        }
        Ok(marked - self.marked.len())
    }

    // Changes of rows

    /// Replaces the rows with a fresh answer, keeping the selection on the same row if it is
    /// still there.
    pub fn set_rows(&mut self, rows: Vec<T>, page: usize) {
        self.parts.all_loaded();
        self.keeping_selection(page, |all| *all = rows);
    }

    /// Replaces one row (by id) with a newer version of it; the selection stays on its row
    /// wherever the sort puts it. Returns whether the row was there.
    pub fn replace(&mut self, row: T, page: usize) -> bool {
        if !self.rows.iter().any(|r| r.id() == row.id()) {
            return false;
        }
        self.keeping_selection(page, |all| {
            if let Some(slot) = all.iter_mut().find(|r| r.id() == row.id()) {
                *slot = row;
            }
        });
        true
    }

    /// Adds a row where the sort puts it unless one with its id is there (the selection stays
    /// on its row); returns whether it was added.
    pub fn add(&mut self, row: T, page: usize) -> bool {
        if self.rows.iter().any(|r| r.id() == row.id()) {
            return false;
        }
        self.keeping_selection(page, |all| all.push(row));
        true
    }

    /// Removes one row (by id); returns whether it was there. The selection stays on its row,
    /// or when that was the one removed, on the row that takes its place.
    pub fn remove(&mut self, id: &T::Id, page: usize) -> bool {
        if !self.rows.iter().any(|row| row.id() == id) {
            return false;
        }
        self.keeping_selection(page, |all| all.retain(|row| row.id() != id));
        true
    }

    /// Changes the rows, then indexes them again and puts the selection back: on the same row
    /// if the person chose it and it is still visible, else on the first row; in range. Marks
    /// of rows no longer there go.
    fn keeping_selection(&mut self, page: usize, change: impl FnOnce(&mut Vec<T>)) {
        let selected = self.selected_row().map(|row| row.id().clone());
        change(&mut self.rows);
        if !self.marked.is_empty() {
            let present: HashSet<&T::Id> = self.rows.iter().map(|row| row.id()).collect();
            self.marked.retain(|id| present.contains(id));
        }
        // The filter also matches the Region and Project columns where the list shows them.
        let places = Places {
            regions: self.parts.spans_regions(),
            projects: self
                .parts
                .spans_projects()
                .then_some(self.project_names.as_ref()),
        };
        self.shown.rows_changed(Index::of(&self.rows, places));
        let position = match selected {
            Some(id) if self.shown.follows_its_row() => self
                .shown
                .visible()
                .iter()
                .position(|index| *self.rows[*index].id() == id),
            _ => Some(0),
        };
        if let Some(position) = position {
            self.shown.select_position(position);
        }
        self.shown.clamp(page);
    }
}

fn mark<Id: std::hash::Hash + Eq + Clone>(set: &mut HashSet<Id>, id: &Id, marked: bool) {
    if marked {
        set.insert(id.clone());
    } else {
        set.remove(id);
    }
}
