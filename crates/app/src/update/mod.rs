//! `update`: the pure reducer. It applies an [`Event`] to the [`State`] and returns the
//! [`Effect`]s to carry out; it does no I/O and never waits.
//!
//! This file only dispatches: an event to what handles it, a key to the pop-up or the screen
//! that has the keyboard, an answer to the flow that asked. The rules are in one file per
//! flow, named after what the person does:
//! - `navigation`: screens, the selection, the filter, copying, the see-more menu, the help
//!   and the messages;
//! - `failures`: where a failure shows (at once, or when the pop-up slot is free);
//! - `lists`: the lists on screen: loading them from every region and project shown, their
//!   order, which rows are stale;
//! - `scope`: the region and the project shown, and the organisation's projects;
//! - `forms`: the Update, Generate (and Rotate) and Create account pop-ups, and the answer to
//!   an update;
//! - `create`: the answer to a create, the rows propagating, the recheck after a lost answer;
//! - `revoke`: the revoke question and its answer (a row still propagating is forgotten);
//! - `batch`: marks, and the revoke of every marked credential at once;
//! - `quit`: the question asked when quitting while changes (revokes, updates, creates) are under way;
//! - `find`: finding the credentials of a leaked `.env` or `.creds` file;
//! - `journal`: what each change is as the journal records it, and the journal pop-up;
//! - `secret_popup`: the new secret: copy, save, its questions;
//! - `connection`: the connection test (NATS, and Queues and Topics and Events);
//! - `mouse`: clicks and the wheel.
//!
//! A pop-up's handler takes the pop-up out of its slot and returns the pop-up it leaves
//! ([`Handled`]): itself, changed, another one, or none.

mod batch;
mod connection;
mod create;
mod failures;
mod find;
mod forms;
mod journal;
mod lists;
mod mouse;
mod navigation;
mod quit;
mod revoke;
mod scope;
mod secret_popup;

pub use forms::rotated_name;
pub use lists::stale_cutoff;
pub use navigation::menu_items;
pub use scope::start;

use tui_input::InputRequest;

use crate::call::{ApiAnswer, RequestId};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::{Effect, Event};
use crate::requests::Pending;
use crate::screen::{Info, Screen};
use crate::state::{Notice, Popup, State};
use mnq_api::model::Product;
use navigation::Move;

/// Applies one event. A list or info the screen waited for and no longer does (another view
/// or a reload replaced it) is forgotten and cancelled, so a long listing nobody will see
/// stops; revokes and updates are never among them.
pub fn update(state: &mut State, event: impl Into<Event>) -> Vec<Effect> {
    let awaited_before = awaited(&state.screen);
    let mut effects = apply(state, event.into());
    lists::mark_stale(state);
    lists::name_projects(state);
    if !awaited_before.is_empty() {
        let awaited_now = awaited(&state.screen);
        let cancels = awaited_before
            .into_iter()
            .filter(|id| !awaited_now.contains(id) && state.requests.answered(*id).is_some())
            .map(Effect::Cancel);
        // Cancels first: the worker frees their turns for the new requests.
        effects.splice(0..0, cancels);
    }
    effects
}

/// The reads the screen waits for: its lists and its info while they load.
fn awaited(screen: &Screen) -> Vec<RequestId> {
    match screen {
        Screen::Products { .. } => Vec::new(),
        Screen::Service(page) => {
            let info = match &page.info {
                Info::Loading(id) => Some(*id),
                Info::Loaded(_) | Info::Failed(_) => None,
            };
            page.credentials.parts().awaited().chain(info).collect()
        }
        Screen::NatsAccounts(list) => list.parts().awaited().collect(),
        Screen::NatsAccount(page) => page
            .credentials
            .parts()
            .awaited()
            .chain(page.accounts.parts().awaited())
            .collect(),
    }
}

fn apply(state: &mut State, event: Event) -> Vec<Effect> {
    // Quitting while changes are under way asks first; asked, it quits.
    let asked = quit::is_asking(state);
    let mut effects = apply_event(state, event);
    quit::ask_first(state, asked, &mut effects);
    effects
}

fn apply_event(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Answer(id, answer) => on_answer(state, id, answer),
        Event::Tick => {
            if state.is_busy() {
                state.spinner = state.spinner.wrapping_add(1);
            }
            Vec::new()
        }
        Event::Layout(layout) => {
            state.layout = layout;
            lists::clamp_lists(state);
            navigation::clamp_help(state);
            Vec::new()
        }
        Event::Saved(result) => {
            secret_popup::on_saved(state, result);
            Vec::new()
        }
        Event::JournalRead(result) => {
            journal::on_read(state, result);
            Vec::new()
        }
        Event::JournalUnwritable(why) => {
            journal::unwritable(state, why);
            Vec::new()
        }
        Event::Command(Command::ForceQuit) => secret_popup::quit(state),
        Event::Command(Command::Suspend) => vec![Effect::Suspend],
        Event::Command(command) => by_the_person(state, command == Command::Quit, |state| {
            dispatch(state, Input::Command(command))
        }),
        Event::Edit(request) => {
            by_the_person(state, false, |state| dispatch(state, Input::Edit(request)))
        }
        Event::Paste(text) => {
            by_the_person(state, false, |state| dispatch(state, Input::Paste(text)))
        }
        Event::Click(hit, double) => {
            by_the_person(state, false, |state| mouse::on_click(state, hit, double))
        }
        Event::Scroll(rows) => by_the_person(state, false, |state| mouse::on_scroll(state, rows)),
    }
}

/// What the person does (a key, a paste, the mouse): the last note has been seen; a terminal
/// too small only quits (`quits`), asking first while a secret is open; a failure that waited
/// for the pop-up slot shows once it is free.
fn by_the_person(
    state: &mut State,
    quits: bool,
    act: impl FnOnce(&mut State) -> Vec<Effect>,
) -> Vec<Effect> {
    state.toast = None;
    if state.layout.too_small {
        return if quits {
            secret_popup::quit(state)
        } else {
            Vec::new()
        };
    }
    let effects = act(state);
    failures::show_waiting(state);
    effects
}

/// What goes to whatever has the keyboard.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    Command(Command),
    /// An edit of the text field being typed in.
    Edit(InputRequest),
    Paste(String),
}

/// What a pop-up's handler leaves: the pop-up open after the input (itself, changed, another
/// one, or none), and the effects.
type Handled = (Option<Popup>, Vec<Effect>);

/// An input for whatever has the keyboard: the pop-up, else the screen.
fn dispatch(state: &mut State, input: Input) -> Vec<Effect> {
    let Some(popup) = state.popup.take() else {
        return on_screen(state, input);
    };
    let (left, effects) = on_popup(state, popup, input);
    debug_assert!(
        state.popup.is_none(),
        "a pop-up's handler returns what it leaves"
    );
    state.popup = left;
    effects
}

fn on_popup(state: &mut State, popup: Popup, input: Input) -> Handled {
    match popup {
        Popup::Regions { selected } => scope::on_regions(state, selected, input),
        Popup::Projects { selected } => scope::on_projects(state, selected, input),
        Popup::SeeMore {
            target,
            items,
            selected,
        } => navigation::on_see_more(state, target, items, selected, input),
        Popup::Form(form) => match form.discard {
            Some(focus) => forms::on_discard(form, focus, input),
            None => forms::on_form(state, form, input),
        },
        Popup::Secret(secret) => secret_popup::on_secret(state, secret, input),
        Popup::Connection(test) => connection::on_connection(state, test, input),
        Popup::Revoke {
            target,
            focus,
            reason,
        } => revoke::on_revoke(state, target, focus, reason, input),
        Popup::BatchRevoke(batch) => batch::on_batch(state, batch, input),
        Popup::Quit(question) => quit::on_quit(question, input),
        Popup::Find(find) => find::on_find(state, find, input),
        Popup::Journal(view) => journal::on_journal(view, input, state.layout.popup_rows),
        Popup::Help { scroll } => navigation::on_help(state, scroll, input),
        message @ (Popup::Failure(_) | Popup::ConfigWarnings(_)) => {
            navigation::on_message(message, input)
        }
    }
}

/// A key for the screen, no pop-up being open: each command to the flow it belongs to.
fn on_screen(state: &mut State, input: Input) -> Vec<Effect> {
    if let Some(effects) = navigation::on_filter(state, &input) {
        return effects;
    }
    let command = match input {
        Input::Command(command) => command,
        // No text field has the keyboard.
        Input::Edit(_) | Input::Paste(_) => return Vec::new(),
    };
    let selected = navigation::selected_target;
    if state.session.readonly && changes_credentials(command) {
        state.toast = Some(Notice::ReadOnly);
        return Vec::new();
    }
    match command {
        Command::Quit => vec![Effect::Quit],
        Command::Help => show(state, Some(Popup::Help { scroll: 0 })),
        Command::OpenRegions => show(state, Some(scope::regions_menu(state))),
        Command::OpenProjects => scope::open_projects(state),
        Command::GoToNats => navigation::open_product(state, Product::Nats),
        Command::GoToQueues => navigation::open_product(state, Product::Queues),
        Command::GoToTopics => navigation::open_product(state, Product::TopicsAndEvents),
        Command::Reload => lists::reload(state),
        Command::Filter => navigation::start_filter(state),
        Command::Sort => lists::sort(state, false),
        Command::ReverseSort => lists::sort(state, true),
        Command::Up => navigation::move_selection(state, Move::Up),
        Command::Down => navigation::move_selection(state, Move::Down),
        Command::PageUp => navigation::move_selection(state, Move::PageUp),
        Command::PageDown => navigation::move_selection(state, Move::PageDown),
        Command::First => navigation::move_selection(state, Move::First),
        Command::Last => navigation::move_selection(state, Move::Last),
        Command::Back => navigation::back(state),
        Command::Open => navigation::open(state),
        Command::NextTab | Command::PreviousTab => navigation::switch_tab(state),
        Command::OpenSeeMore => show(state, navigation::see_more_menu(state)),
        Command::Update => {
            let form = selected(state).and_then(|target| forms::update_form(state, target));
            show(state, form)
        }
        Command::Rotate => {
            let form = selected(state).and_then(|target| forms::rotate_form(state, target));
            show(state, form)
        }
        // With marks, every marked credential; else the selected one.
        Command::Revoke => {
            let marked = batch::marked_targets(state);
            let question = if marked.is_empty() {
                selected(state).and_then(|target| revoke::question(state, target))
            } else {
                batch::question(state, marked)
            };
            show(state, question)
        }
        Command::Mark => batch::toggle_mark(state),
        Command::MarkAll => batch::toggle_shown_marks(state),
        Command::FindFile => show(state, Some(find::open())),
        Command::Journal => journal::open(state),
        Command::Generate => show(state, forms::generate_form(state)),
        Command::CopyKey => navigation::copy_selected(state, false),
        Command::CopyId => navigation::copy_selected(state, true),
        Command::TestConnection => show(state, connection::test_form(state)),
        // Pop-ups' commands; quitting from anywhere and suspending are taken before.
        Command::FocusNext
        | Command::FocusPrevious
        | Command::Toggle
        | Command::Activate
        | Command::ShowSeed
        | Command::ForceQuit
        | Command::Suspend => Vec::new(),
    }
}

/// Whether a command of the screen leads to a change of credentials (the see-more menu holds
/// only such changes, marks serve only to revoke): what `--readonly` refuses, saying so.
fn changes_credentials(command: Command) -> bool {
    matches!(
        command,
        Command::Update
            | Command::Rotate
            | Command::Revoke
            | Command::Generate
            | Command::OpenSeeMore
            | Command::Mark
            | Command::MarkAll
    )
}

/// Opens a pop-up over the screen, if there is one to open.
fn show(state: &mut State, popup: Option<Popup>) -> Vec<Effect> {
    state.popup = popup;
    Vec::new()
}

/// An answer from the worker, to the flow whose request it answers.
fn on_answer(state: &mut State, id: RequestId, answer: ApiAnswer) -> Vec<Effect> {
    // The first pages of a list come before its answer, which ends the request.
    if let ApiAnswer::Page { rows, total } = answer {
        lists::on_page(state, id, rows, total);
        return Vec::new();
    }
    // Each request is answered once; anything else is not an answer to act on.
    let Some(pending) = state.requests.answered(id) else {
        return Vec::new();
    };
    match (pending, answer) {
        (Pending::Create(create), ApiAnswer::Created(result)) => {
            return create::on_created(state, id, *create, result);
        }
        (Pending::Create(_), _) => return Vec::new(),
        (Pending::Recheck(create), answer) => {
            create::on_recheck(state, id, *create, answer);
            return Vec::new();
        }
        (Pending::ReadBack, answer) => {
            if let ApiAnswer::ReadBack(result) = answer {
                create::on_read_back(state, id, result);
            }
            return Vec::new();
        }
        (Pending::Connection, answer) => {
            if let ApiAnswer::Connection(outcome) = answer {
                connection::on_answer(state, id, outcome);
            }
            return Vec::new();
        }
        (Pending::List, answer) => lists::on_list(state, id, answer),
        (Pending::Info, answer) => lists::on_info(state, id, answer),
        (Pending::Projects, answer) => {
            if let ApiAnswer::Projects(result) = answer {
                scope::on_projects_listed(state, id, result);
            }
        }
        (Pending::Update(target), answer) => {
            if let ApiAnswer::Updated(result) = answer {
                forms::on_updated(state, id, target, result);
            }
        }
        (Pending::Revoke(target), answer) => {
            if let ApiAnswer::Revoked(result) = answer {
                return revoke::on_revoked(state, target, result);
            }
        }
        (Pending::BatchRevoke(target), answer) => {
            if let ApiAnswer::Revoked(result) = answer {
                batch::on_revoked(state, id, target, result);
            }
        }
        (Pending::Find, answer) => {
            if let ApiAnswer::Found(result) = answer {
                find::on_found(state, id, result);
            }
            return Vec::new();
        }
    }
    // A list answer from before what the console created propagated lacks it: put it back.
    create::show_propagating(state);
    Vec::new()
}

/// What an input does in a menu (the region dropdown, the project switcher, see more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MenuKey {
    Previous,
    Next,
    /// Home, g, PgUp: the first line (a menu is short: a page is all of it).
    First,
    /// End, G, PgDn: the last line.
    Last,
    Choose,
    Close,
    /// Nothing: the menu stays as it is.
    Other,
}

fn menu_key(input: &Input) -> MenuKey {
    let Input::Command(command) = input else {
        return MenuKey::Other;
    };
    match command {
        Command::Up => MenuKey::Previous,
        Command::Down => MenuKey::Next,
        Command::First | Command::PageUp => MenuKey::First,
        Command::Last | Command::PageDown => MenuKey::Last,
        Command::Open | Command::Activate => MenuKey::Choose,
        Command::Back => MenuKey::Close,
        Command::GoToNats
        | Command::GoToQueues
        | Command::GoToTopics
        | Command::NextTab
        | Command::PreviousTab
        | Command::FocusNext
        | Command::FocusPrevious
        | Command::Toggle
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
        | Command::Journal
        | Command::Sort
        | Command::ReverseSort
        | Command::Help
        | Command::Quit
        | Command::ForceQuit
        | Command::Suspend => MenuKey::Other,
    }
}

/// What an input does to a question with two buttons (discard your changes? close anyway?
/// overwrite? revoke?).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuestionKey {
    /// Focus the other button.
    Switch,
    /// Focus this button: the first (Cancel) with Home, g or PgUp, the last with End, G or
    /// PgDn.
    Focus(Choice),
    /// Go back without an answer.
    Cancel,
    /// Press the focused button.
    Press,
    /// Nothing: the question stays as it is.
    Other,
}

fn question_key(input: &Input) -> QuestionKey {
    let Input::Command(command) = input else {
        return QuestionKey::Other;
    };
    match command {
        Command::FocusNext | Command::FocusPrevious | Command::Toggle => QuestionKey::Switch,
        Command::First | Command::PageUp => QuestionKey::Focus(Choice::Cancel),
        Command::Last | Command::PageDown => QuestionKey::Focus(Choice::Confirm),
        Command::Back => QuestionKey::Cancel,
        Command::Activate => QuestionKey::Press,
        Command::Up
        | Command::Down
        | Command::Open
        | Command::GoToNats
        | Command::GoToQueues
        | Command::GoToTopics
        | Command::NextTab
        | Command::PreviousTab
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
        | Command::Journal
        | Command::Sort
        | Command::ReverseSort
        | Command::Help
        | Command::Quit
        | Command::ForceQuit
        | Command::Suspend => QuestionKey::Other,
    }
}
