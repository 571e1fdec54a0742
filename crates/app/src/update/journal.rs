//! The journal: what each change the console sends is, as the journal records it (the console
//! loop writes it, "asked" before the request and its outcome after), and the pop-up that shows
//! the last changes (`J`).

use super::{Handled, Input};
use crate::change::{Change, ChangeKind, Recorded, Version};
use crate::command::Command;
use crate::event::Effect;
use crate::form::{Form, FormPurpose};
use crate::state::{JournalView, Notice, Popup, State};
use crate::target::Target;

// What a change is

/// The revoke of `target`.
pub(super) fn revoke(target: &Target) -> Change {
    Change {
        kind: ChangeKind::Revoke,
        product: target.product,
        region: target.region,
        project_id: target.project_id.clone(),
        id: Some(target.id.to_string()),
        name: target.name.clone(),
        key: Some(target.key.clone()),
    }
}

/// What the form sends: an update (before → after), or a create, whose id and key its answer
/// tells.
pub(super) fn of_form(form: &Form) -> Change {
    let name = form.name.value().to_owned();
    let (kind, id, key) = match &form.purpose {
        FormPurpose::Update { target, .. } => {
            let (before_name, before_permissions) = form.original();
            let kind = ChangeKind::Update {
                before: Version {
                    name: before_name.to_owned(),
                    permissions: before_permissions.unwrap_or_default(),
                },
                after: Version {
                    name: name.clone(),
                    permissions: form.permissions.unwrap_or_default(),
                },
            };
            (kind, Some(target.id.to_string()), Some(target.key.clone()))
        }
        FormPurpose::Generate { .. } => (ChangeKind::Generate, None, None),
        FormPurpose::CreateAccount { .. } => (ChangeKind::CreateAccount, None, None),
    };
    Change {
        kind,
        product: form.purpose.product(),
        region: form.purpose.region(),
        project_id: form.purpose.project_id().clone(),
        id,
        // An update is journalled under the name the credentials had.
        name: match &form.purpose {
            FormPurpose::Update { target, .. } => target.name.clone(),
            FormPurpose::Generate { .. } | FormPurpose::CreateAccount { .. } => name,
        },
        key,
    }
}

// The pop-up

/// `J`: the journal pop-up, empty until the console has read the journal.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    state.popup = Some(Popup::Journal(JournalView {
        records: None,
        offset: 0,
    }));
    vec![Effect::ReadJournal]
}

/// What the console read of the journal, for the pop-up if it is still open.
pub(super) fn on_read(state: &mut State, result: Result<Vec<Recorded>, String>) {
    if let Some(Popup::Journal(view)) = &mut state.popup
        && view.records.is_none()
    {
        view.records = Some(result);
    }
}

/// The journal could not be written: said once, in the footer (the console says it only
/// once).
pub(super) fn unwritable(state: &mut State, why: String) {
    state.toast = Some(Notice::JournalUnwritable(why));
}

pub(super) fn on_journal(mut view: JournalView, input: Input, page: usize) -> Handled {
    let count = match &view.records {
        Some(Ok(records)) => records.len(),
        Some(Err(_)) | None => 0,
    };
    let last = count.saturating_sub(1);
    let page = page.max(1);
    view.offset = match input {
        Input::Command(Command::Back | Command::Journal) => return (None, Vec::new()),
        Input::Command(Command::Quit) => return (None, vec![Effect::Quit]),
        Input::Command(Command::Up) => view.offset.saturating_sub(1),
        Input::Command(Command::Down) => (view.offset + 1).min(last),
        Input::Command(Command::PageUp) => view.offset.saturating_sub(page),
        Input::Command(Command::PageDown) => (view.offset + page).min(last),
        Input::Command(Command::First) => 0,
        Input::Command(Command::Last) => last,
        Input::Command(
            Command::Open
            | Command::GoToNats
            | Command::GoToQueues
            | Command::GoToTopics
            | Command::NextTab
            | Command::PreviousTab
            | Command::FocusNext
            | Command::FocusPrevious
            | Command::Toggle
            | Command::Activate
            | Command::OpenRegions
            | Command::OpenProjects
            | Command::OpenSeeMore
            | Command::Update
            | Command::Revoke
            | Command::Generate
            | Command::Rotate
            | Command::ShowSeed
            | Command::CopyKey
            | Command::CopyId
            | Command::TestConnection
            | Command::Reload
            | Command::Filter
            | Command::Mark
            | Command::MarkAll
            | Command::FindFile
            | Command::Sort
            | Command::ReverseSort
            | Command::Help
            | Command::ForceQuit
            | Command::Suspend,
        )
        | Input::Edit(_)
        | Input::Paste(_) => view.offset,
    };
    (Some(Popup::Journal(view)), Vec::new())
}
