//! [`Requests`]: the requests in flight, each with what it is for ([`Pending`]), until its
//! answer arrives.

use std::collections::HashMap;

use crate::call::RequestId;
use crate::change::Change;
use crate::form::FormPurpose;
use crate::target::Target;

/// What a request in flight is for, remembered until its answer arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// The rows of the list on screen.
    List,
    /// The service status of the Overview tab.
    Info,
    /// The organisation's projects.
    Projects,
    Update(Target),
    Revoke(Target),
    /// The revoke of one credential of the batch revoke pop-up.
    BatchRevoke(Target),
    /// The search for the credentials of a file (`f`).
    Find,
    Create(Box<Create>),
    /// After a create whose answer was lost: the list that tells whether it happened.
    Recheck(Box<Create>),
    /// The read that waits for what the console created to read back.
    ReadBack,
    /// A connection test.
    Connection,
}

/// A create the console sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Create {
    /// [`FormPurpose::Generate`] or [`FormPurpose::CreateAccount`].
    pub purpose: FormPurpose,
    pub name: String,
    /// The ids of what already had this name when the create was sent, to tell what it
    /// created from them if its answer is lost.
    pub known: Vec<String>,
}

/// Requests in flight, each with what it is for.
#[derive(Debug, Clone, Default)]
pub struct Requests {
    next: u64,
    /// Sent and not answered yet. An answer to a request that is not here (a second answer,
    /// one to a cancelled read, or an id never sent) is not acted on.
    pending: HashMap<RequestId, Pending>,
    /// The changes among them, as the journal records them.
    changes: HashMap<RequestId, Change>,
}

impl Requests {
    /// A new request for `what`, in flight until [`Requests::answered`].
    pub fn send(&mut self, what: Pending) -> RequestId {
        self.next += 1;
        let id = RequestId(self.next);
        self.pending.insert(id, what);
        id
    }

    /// A new request that changes something (a create, an update, a revoke): `change` is
    /// what the journal records of it, until its answer.
    pub fn send_change(&mut self, what: Pending, change: Change) -> RequestId {
        let id = self.send(what);
        self.changes.insert(id, change);
        id
    }

    /// The change request `id` asks for, while it is in flight; `None` for a read.
    pub fn change(&self, id: RequestId) -> Option<&Change> {
        self.changes.get(&id)
    }

    /// Takes the answer to a request: what it was for, or `None` when it is not in flight.
    pub fn answered(&mut self, id: RequestId) -> Option<Pending> {
        self.changes.remove(&id);
        self.pending.remove(&id)
    }

    /// The changes in flight (revokes, one by one or in a batch, updates, creates), in the
    /// order they were sent: quitting now leaves their outcome unknown.
    pub fn changes_under_way(&self) -> Vec<&Change> {
        let mut changes: Vec<(&RequestId, &Change)> = self.changes.iter().collect();
        changes.sort_unstable_by_key(|(id, _)| **id);
        changes.into_iter().map(|(_, change)| change).collect()
    }

    /// How many requests are waiting for their answer.
    pub fn in_flight(&self) -> usize {
        self.pending.len()
    }
}
