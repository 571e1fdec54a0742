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

    /// Its region and project, for rows that say: what a merged list's Region and Project
    /// columns show, and the filter matches.
    fn place(&self) -> Option<(Region, &ProjectId)> {
        None
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
    fn place(&self) -> Option<(Region, &ProjectId)> {
        Some((self.region, &self.project_id))
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
    fn place(&self) -> Option<(Region, &ProjectId)> {
        Some((self.region, &self.project_id))
    }
}

/// The organisation's projects by id: their names, which a list over several projects shows
/// and its filter matches.
pub type ProjectNames = Arc<HashMap<ProjectId, String>>;

/// The rows of a list screen, the listings they come from, how they are shown, and which
/// are being revoked or propagating.
#[derive(Debug, Clone)]
pub struct ListView<T: Row> {
    rows: Vec<T>,
    parts: Parts,
    shown: Shown,
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
    /// returned. An answer the list does not wait for changes nothing.
    pub fn answered(
        &mut self,
        request: RequestId,
        result: Result<Vec<T>, ApiError>,
        page: usize,
    ) -> Result<(), ApiError> {
        let (rows, received) = match result {
            Ok(rows) => {
                let count = rows.len();
                (rows, Ok(count))
            }
            Err(error) => (Vec::new(), Err(error)),
        };
        match self.parts.answered(request, received) {
            None => Ok(()),
            Some(Err(error)) => Err(error),
            Some(Ok(None)) => {
                self.set_rows(rows, page);
                Ok(())
            }
            Some(Ok(Some(scope))) => {
                self.keeping_selection(page, |all| {
                    all.retain(|row| !row.is_in(&scope));
                    all.extend(rows);
                });
                Ok(())
            }
        }
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
    /// if the person chose it and it is still visible, else on the first row; in range.
    fn keeping_selection(&mut self, page: usize, change: impl FnOnce(&mut Vec<T>)) {
        let selected = self.selected_row().map(|row| row.id().clone());
        change(&mut self.rows);
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
