//! Finding what leaked from a file (`f`): the path of a `.env` or `.creds` file; the console
//! reads it and looks for its credentials in every region of every project the API key can see
//! (the file's secret never leaves the console's side: only its access key, or the checksum the
//! API shows of a `.creds`, is compared). What was found is listed: `Enter` shows one in its
//! list, `d` revokes them all (asking first).

use tui_input::{Input as TextInput, InputRequest};

use super::{Handled, Input, batch, navigation};
use crate::call::{ApiCall, Found, FoundCredentials, RequestId};
use crate::command::Command;
use crate::event::Effect;
use crate::requests::Pending;
use crate::screen::Screen;
use crate::state::{FindFile, FindStatus, Notice, Popup, Projects, State};
use crate::target::Target;
use mnq_api::model::ProjectId;

/// The pop-up that asks for the file.
pub(super) fn open() -> Popup {
    Popup::Find(Box::new(FindFile {
        path: TextInput::default(),
        status: FindStatus::Editing,
        selected: 0,
    }))
}

/// Every project the console can look in: the organisation's, when they are known; else the
/// configured one (the pop-up says so).
fn projects(state: &State) -> Vec<ProjectId> {
    match &state.projects {
        Projects::Listed(projects) if !projects.is_empty() => {
            projects.iter().map(|project| project.id.clone()).collect()
        }
        _ => vec![state.session.project_id.clone()],
    }
}

pub(super) fn on_find(state: &mut State, mut find: Box<FindFile>, input: Input) -> Handled {
    let mut effects = Vec::new();
    match (&find.status, input) {
        // A search nobody waits for stops.
        (FindStatus::Searching(id), Input::Command(Command::Back)) => {
            let id = *id;
            state.requests.answered(id);
            return (None, vec![Effect::Cancel(id)]);
        }
        (_, Input::Command(Command::Back)) => return (None, effects),
        (FindStatus::Editing | FindStatus::BadFile(_), Input::Edit(request)) => {
            find.path.handle(request);
            find.status = FindStatus::Editing;
        }
        (FindStatus::Editing | FindStatus::BadFile(_), Input::Paste(text)) => {
            for c in text.trim().chars().filter(|c| !c.is_control()) {
                find.path.handle(InputRequest::InsertChar(c));
            }
            find.status = FindStatus::Editing;
        }
        (FindStatus::Editing | FindStatus::BadFile(_), Input::Command(Command::Activate)) => {
            let path = find.path.value().trim().to_owned();
            if path.is_empty() {
                find.status = FindStatus::BadFile("type the path of a .env or .creds file".into());
            } else {
                let id = state.requests.send(Pending::Find);
                let projects = projects(state);
                find.status = FindStatus::Searching(id);
                effects.push(Effect::Api(id, ApiCall::FindFile { path, projects }));
            }
        }
        (FindStatus::Found(found), Input::Command(command)) => {
            let last = found.matches.len().saturating_sub(1);
            match command {
                Command::Up => find.selected = find.selected.saturating_sub(1),
                Command::Down => find.selected = (find.selected + 1).min(last),
                Command::Open => {
                    if let Some(chosen) = found.matches.get(find.selected).cloned() {
                        return (None, show(state, chosen));
                    }
                }
                Command::Revoke if state.session.readonly => state.toast = Some(Notice::ReadOnly),
                Command::Revoke => {
                    let targets = found.matches.iter().map(target).collect();
                    if let Some(question) = batch::question(state, targets) {
                        return (Some(question), effects);
                    }
                }
                Command::PageUp
                | Command::PageDown
                | Command::First
                | Command::Last
                | Command::Back
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
                | Command::Journal
                | Command::Sort
                | Command::ReverseSort
                | Command::Help
                | Command::Quit
                | Command::ForceQuit
                | Command::Suspend => {}
            }
        }
        (
            FindStatus::Editing
            | FindStatus::BadFile(_)
            | FindStatus::Searching(_)
            | FindStatus::Found(_),
            _,
        ) => {}
    }
    (Some(Popup::Find(find)), effects)
}

/// The answer, for the pop-up that waits for it.
pub(super) fn on_found(state: &mut State, id: RequestId, result: Result<Box<Found>, String>) {
    if let Some(Popup::Find(find)) = &mut state.popup
        && find.status == FindStatus::Searching(id)
    {
        find.selected = 0;
        find.status = match result {
            Ok(found) => FindStatus::Found(found),
            Err(why) => FindStatus::BadFile(why),
        };
    }
}

/// Credentials found, as a revoke target.
pub(super) fn target(found: &FoundCredentials) -> Target {
    Target {
        product: found.product,
        region: found.region,
        project_id: found.project_id.clone(),
        id: found.id.clone(),
        name: found.name.clone(),
        key: found.key.clone(),
        account: found.account.as_ref().map(|account| account.name.clone()),
    }
}

/// Shows found credentials in their list: their product, region and project, the list
/// filtered by their key (the `/` filter, which Esc clears).
fn show(state: &mut State, found: FoundCredentials) -> Vec<Effect> {
    state.region = found.region;
    state.all_regions = false;
    state.project_id = found.project_id.clone();
    state.all_projects = false;
    let mut effects = navigation::open_product(state, found.product);
    if let Some(account) = found.account {
        effects.extend(navigation::open_account(state, account));
    }
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Service(page_shown) => page_shown
            .credentials
            .shown_mut()
            .paste_filter(&found.key, page),
        Screen::NatsAccount(account) => account
            .credentials
            .shown_mut()
            .paste_filter(&found.key, page),
        Screen::Products { .. } | Screen::NatsAccounts(_) => {}
    }
    effects
}
