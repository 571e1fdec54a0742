//! [`BatchRevoke`]: the revoke of many credentials at once — the list of what will be revoked,
//! the count the person types to confirm, then each one's revoke and its outcome.

use tui_input::Input;

use crate::call::RequestId;
use crate::choice::Choice;
use crate::target::Target;
use mnq_api::ApiError;

/// The batch revoke pop-up.
#[derive(Debug, Clone)]
pub struct BatchRevoke {
    /// What will be (or was) revoked, in the list's order.
    pub items: Vec<BatchItem>,
    pub stage: BatchStage,
    /// The first item drawn: the list scrolls.
    pub offset: usize,
}

/// One credential of a batch and where its revoke stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItem {
    pub target: Target,
    pub outcome: ItemOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemOutcome {
    /// Not sent (yet).
    Waiting,
    /// Sent; no answer yet.
    Revoking(RequestId),
    Revoked,
    /// The API did not know them any more: revoked by someone else first.
    AlreadyGone,
    /// Not revoked, or not known to be (a lost answer): retrying asks again, and a revoke
    /// that did happen answers "already gone".
    Failed(ApiError),
}

impl ItemOutcome {
    /// Whether the credentials are gone.
    pub fn is_done(&self) -> bool {
        matches!(self, ItemOutcome::Revoked | ItemOutcome::AlreadyGone)
    }
}

/// Where the batch stands.
#[derive(Debug, Clone)]
pub enum BatchStage {
    /// Nothing sent: the person types the count (or `revoke`) before the acting button works.
    /// `tried` is set by pressing it before: the view says what to type.
    Confirming {
        typed: Input,
        focus: Choice,
        tried: bool,
    },
    /// Sent. Once every answer is in, Cancel is *Close* and the acting button *Retry* the
    /// failed ones.
    Sent { focus: Choice },
}

impl BatchRevoke {
    /// The pop-up for `targets`, asking for their count; Cancel has the focus.
    pub fn new(targets: Vec<Target>) -> BatchRevoke {
        BatchRevoke {
            items: targets
                .into_iter()
                .map(|target| BatchItem {
                    target,
                    outcome: ItemOutcome::Waiting,
                })
                .collect(),
            stage: BatchStage::Confirming {
                typed: Input::default(),
                focus: Choice::Cancel,
                tried: false,
            },
            offset: 0,
        }
    }

    /// What confirms: the number of credentials, as digits.
    pub fn expected(&self) -> String {
        self.items.len().to_string()
    }

    /// Whether what was typed confirms the batch: its count, or the word `revoke`.
    pub fn is_confirmed(&self) -> bool {
        match &self.stage {
            BatchStage::Confirming { typed, .. } => {
                let typed = typed.value().trim();
                typed == self.expected() || typed.eq_ignore_ascii_case("revoke")
            }
            BatchStage::Sent { .. } => true,
        }
    }

    /// Revokes sent and not answered.
    pub fn in_flight(&self) -> usize {
        self.count(|outcome| matches!(outcome, ItemOutcome::Revoking(_)))
    }

    /// Credentials gone: revoked now, or already.
    pub fn done(&self) -> usize {
        self.count(ItemOutcome::is_done)
    }

    pub fn failed(&self) -> usize {
        self.count(|outcome| matches!(outcome, ItemOutcome::Failed(_)))
    }

    /// Whether every revoke sent has its answer.
    pub fn is_finished(&self) -> bool {
        matches!(self.stage, BatchStage::Sent { .. }) && self.in_flight() == 0
    }

    fn count(&self, test: impl Fn(&ItemOutcome) -> bool) -> usize {
        self.items.iter().filter(|item| test(&item.outcome)).count()
    }
}
