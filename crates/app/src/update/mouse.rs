//! The mouse: a click on what the frame showed, and the wheel.

use super::{Handled, Input, dispatch, lists, on_popup, on_screen};
use crate::batch::BatchStage;
use crate::command::Command;
use crate::event::Effect;
use crate::form::Field;
use crate::hit::Hit;
use crate::screen::Screen;
use crate::state::{Popup, State};
use mnq_api::model::Product;

/// A click: what was clicked gets the focus (or the selection), then acts as Enter (or Space
/// on a checkbox) on it would. Outside a pop-up, a click closes a menu or the help and does
/// nothing to anything else: it never confirms.
pub(super) fn on_click(state: &mut State, hit: Option<Hit>, double: bool) -> Vec<Effect> {
    let Some(popup) = state.popup.take() else {
        return match hit {
            Some(hit) => on_screen_click(state, hit, double),
            None => Vec::new(),
        };
    };
    let (left, effects) = on_popup_click(state, popup, hit);
    state.popup = left;
    effects
}

fn on_popup_click(state: &mut State, mut popup: Popup, hit: Option<Hit>) -> Handled {
    let press = |command| Input::Command(command);
    match (&mut popup, hit) {
        (Popup::Regions { selected }, Some(Hit::Region(index)))
        | (Popup::Projects { selected }, Some(Hit::Project(index)))
        | (Popup::SeeMore { selected, .. }, Some(Hit::MenuItem(index))) => {
            *selected = index;
            on_popup(state, popup, press(Command::Open))
        }
        (
            Popup::Regions { .. }
            | Popup::Projects { .. }
            | Popup::SeeMore { .. }
            | Popup::Help { .. },
            None | Some(_),
        ) if hit != Some(Hit::Popup) => (None, Vec::new()),
        (Popup::Form(form), Some(Hit::Choice(choice))) if form.discard.is_some() => {
            form.discard = Some(choice);
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::Form(form), Some(Hit::Field(field)))
            if form.discard.is_none() && form.submitting().is_none() =>
        {
            form.focus = field;
            match field {
                Field::Name => (Some(popup), Vec::new()),
                Field::Write | Field::Read | Field::Manage => {
                    on_popup(state, popup, press(Command::Toggle))
                }
                Field::Cancel | Field::Submit => on_popup(state, popup, press(Command::Activate)),
            }
        }
        (Popup::Revoke { focus, .. }, Some(Hit::Choice(choice))) => {
            *focus = choice;
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::Quit(question), Some(Hit::Choice(choice))) => {
            question.focus = choice;
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::BatchRevoke(batch), Some(Hit::Choice(choice))) => {
            match &mut batch.stage {
                BatchStage::Confirming { focus, .. } | BatchStage::Sent { focus } => {
                    *focus = choice;
                }
            }
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::Choice(choice))) => {
            secret.question = secret.question.map(|question| question.focused_on(choice));
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::SecretButton(button)))
            if secret.question.is_none() && secret.save.is_none() =>
        {
            secret.focus = button;
            on_popup(state, popup, press(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::SaveCheckbox)) if secret.question.is_none() => {
            if let Some(save) = &mut secret.save {
                save.on_checkbox = true;
            }
            on_popup(state, popup, press(Command::Toggle))
        }
        _ => (Some(popup), Vec::new()),
    }
}

fn on_screen_click(state: &mut State, hit: Hit, double: bool) -> Vec<Effect> {
    let page = state.layout.list_rows;
    let press = |command| Input::Command(command);
    match hit {
        Hit::Product(index) => {
            if let Screen::Products { selected } = &mut state.screen {
                *selected = index.min(Product::ALL.len() - 1);
            }
            on_screen(state, press(Command::Open))
        }
        Hit::Tab(tab) => {
            if let Screen::Service(service) = &mut state.screen {
                service.tab = tab;
            }
            Vec::new()
        }
        Hit::Row(position) => {
            if let Some(list) = lists::current_list(&mut state.screen) {
                list.select_at(position, page);
            }
            match (&state.screen, double) {
                (Screen::NatsAccounts(_), true) => on_screen(state, press(Command::Open)),
                (_, true) => on_screen(state, press(Command::OpenSeeMore)),
                (_, false) => Vec::new(),
            }
        }
        Hit::RegionSelector => on_screen(state, press(Command::OpenRegions)),
        Hit::ProjectSelector => on_screen(state, press(Command::OpenProjects)),
        Hit::Generate => on_screen(state, press(Command::Generate)),
        Hit::Region(_)
        | Hit::Project(_)
        | Hit::MenuItem(_)
        | Hit::Field(_)
        | Hit::SecretButton(_)
        | Hit::SaveCheckbox
        | Hit::Choice(_)
        | Hit::Popup => Vec::new(),
    }
}

/// The wheel moves the selection of the list (or menu) under the keyboard, or scrolls the
/// help.
pub(super) fn on_scroll(state: &mut State, rows: isize) -> Vec<Effect> {
    let step = if rows < 0 { Command::Up } else { Command::Down };
    match &state.popup {
        None
        | Some(
            Popup::Regions { .. }
            | Popup::Projects { .. }
            | Popup::SeeMore { .. }
            | Popup::Help { .. },
        ) => (0..rows.unsigned_abs())
            .flat_map(|_| dispatch(state, Input::Command(step)))
            .collect(),
        Some(_) => Vec::new(),
    }
}
