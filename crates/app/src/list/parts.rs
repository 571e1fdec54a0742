//! Loading: the listings a list is made of — one, or one per region and project — each with
//! its request, where it stands and how far it got.

use crate::call::RequestId;
use mnq_api::ApiError;
use mnq_api::model::{ProjectId, Region};

/// Where a listing stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Load {
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
struct Part {
    /// `None` when the list is this one listing: its answer is the whole list.
    scope: Option<Scope>,
    load: Load,
    /// Rows its load brought so far (its first pages), or in all once loaded.
    received: usize,
    /// How many the API announced with the first page.
    total: Option<u64>,
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

/// The listings of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts(Vec<Part>);

impl Parts {
    /// A list that is one listing, waiting for `request`.
    pub(super) fn one(request: RequestId) -> Parts {
        Parts(vec![Part::loading(None, request)])
    }

    /// A list made of one listing per scope, each waiting for its request.
    pub(super) fn per_scope(scopes: Vec<(Scope, RequestId)>) -> Parts {
        let parts = scopes
            .into_iter()
            .map(|(scope, request)| Part::loading(Some(scope), request))
            .collect();
        Parts(parts)
    }

    /// How many listings the list is made of.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// Whether the list is made of several listings (all regions or all projects).
    pub fn is_merged(&self) -> bool {
        self.0.len() > 1
    }

    /// Whether its listings are of several regions: it shows a Region column.
    pub fn spans_regions(&self) -> bool {
        self.spans(|scope| scope.region.as_str())
    }

    /// Whether its listings are of several projects: it shows a Project column.
    pub fn spans_projects(&self) -> bool {
        self.spans(|scope| scope.project_id.as_str())
    }

    fn spans(&self, of: impl Fn(&Scope) -> &str) -> bool {
        let mut values = self.0.iter().filter_map(|part| part.scope.as_ref()).map(of);
        values
            .next()
            .is_some_and(|first| values.any(|value| value != first))
    }

    /// Each listing's scope (`None` for a list that is one listing), in order.
    pub fn scopes(&self) -> impl Iterator<Item = Option<&Scope>> + '_ {
        self.0.iter().map(|part| part.scope.as_ref())
    }

    pub fn is_loading(&self) -> bool {
        self.0
            .iter()
            .any(|part| matches!(part.load, Load::Loading(_)))
    }

    /// The requests the list waits for.
    pub fn awaited(&self) -> impl Iterator<Item = RequestId> + '_ {
        self.0.iter().filter_map(|part| match part.load {
            Load::Loading(request) => Some(request),
            Load::Loaded | Load::Failed(_) => None,
        })
    }

    pub fn waits_for(&self, request: RequestId) -> bool {
        self.awaited().any(|awaited| awaited == request)
    }

    /// The failure of a list that is one listing, if its load failed.
    pub fn failure(&self) -> Option<&ApiError> {
        match self.0.as_slice() {
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
    pub fn failed(&self) -> impl Iterator<Item = (&Scope, &ApiError)> + '_ {
        self.0
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
        for part in &self.0 {
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

    /// Every listing loads again with these requests (in order), its rows kept until its
    /// answer.
    pub(super) fn reload(&mut self, requests: impl IntoIterator<Item = RequestId>) {
        for (part, request) in self.0.iter_mut().zip(requests) {
            part.load = Load::Loading(request);
            part.received = 0;
            part.total = None;
            part.previews = false;
        }
    }

    /// Counts the first pages of the listing waiting for `request`; returns whether they
    /// show at once (not on a reload). `false` when no listing waits for it.
    pub(super) fn page_arrived(&mut self, request: RequestId, rows: usize, total: u64) -> bool {
        let Some(part) = self.waiting(request) else {
            return false;
        };
        part.received += rows;
        part.total = Some(part.total.unwrap_or(0).max(total));
        part.previews
    }

    /// The whole answer of the listing waiting for `request`, if one is: `Ok` with the scope
    /// whose rows it replaces (`None`: all of them), or the error, which the listing keeps.
    pub(super) fn answered(
        &mut self,
        request: RequestId,
        result: Result<usize, ApiError>,
    ) -> Option<Result<Option<Scope>, ApiError>> {
        let part = self.waiting(request)?;
        Some(match result {
            Ok(rows) => {
                part.load = Load::Loaded;
                part.received = rows;
                Ok(part.scope.clone())
            }
            Err(error) => {
                part.load = Load::Failed(error.clone());
                Err(error)
            }
        })
    }

    /// Every listing is loaded: the list was given its rows whole.
    pub(super) fn all_loaded(&mut self) {
        for part in &mut self.0 {
            part.load = Load::Loaded;
        }
    }

    fn waiting(&mut self, request: RequestId) -> Option<&mut Part> {
        self.0
            .iter_mut()
            .find(|part| part.load == Load::Loading(request))
    }
}
