//! Moving about: the screens (open, back, tabs), the selection, the `/` filter, copying a
//! row's key or id, the see-more menu, the help and the messages.

use super::lists::current_list;
use super::{Handled, Input, MenuKey, forms, lists, menu_key, revoke};
use crate::call::ApiCall;
use crate::command::Command;
use crate::event::{Effect, Layout};
use crate::list::ListView;
use crate::requests::Pending;
use crate::screen::{Info, NatsAccountPage, Screen, ServicePage, ServiceTab};
use crate::secret::{Clip, Copied};
use crate::state::{MenuItem, Notice, Popup, State};
use crate::target::Target;
use mnq_api::model::{NatsAccount, Product, Secret};

// Screens

/// Opens a product's page and loads what it shows.
pub(super) fn open_product(state: &mut State, product: Product) -> Vec<Effect> {
    let mut effects = Vec::new();
    match product.service() {
        None => {
            let list = lists::list_everywhere(state, &mut effects, lists::list_nats_accounts);
            state.screen = Screen::NatsAccounts(list);
        }
        Some(service) => {
            let call = lists::list_credentials(service);
            let credentials = lists::list_everywhere(state, &mut effects, call);
            // The Overview tab tells of the service where new credentials are created.
            let info = state.requests.send(Pending::Info);
            effects.push(Effect::Api(
                info,
                ApiCall::GetInfo {
                    service,
                    region: state.region,
                    project_id: state.project_id.clone(),
                },
            ));
            state.screen = Screen::Service(ServicePage {
                service,
                tab: ServiceTab::Credentials,
                credentials,
                info: Info::Loading(info),
            });
        }
    }
    effects
}

/// Enter on the screen: the product chosen, or the NATS account selected.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    match &state.screen {
        Screen::Products { selected } => {
            let product = Product::ALL[(*selected).min(Product::ALL.len() - 1)];
            open_product(state, product)
        }
        Screen::NatsAccounts(list) => match list.selected_row().cloned() {
            Some(account) => open_account(state, account),
            None => Vec::new(),
        },
        Screen::Service(_) | Screen::NatsAccount(_) => Vec::new(),
    }
}

pub(super) fn open_account(state: &mut State, account: NatsAccount) -> Vec<Effect> {
    let Screen::NatsAccounts(accounts) =
        std::mem::replace(&mut state.screen, Screen::Products { selected: 0 })
    else {
        return Vec::new();
    };
    let id = state.requests.send(Pending::List);
    // The account's own region and project: in a merged list they need not be the view's.
    let call = ApiCall::ListNatsCredentials {
        region: account.region,
        project_id: account.project_id.clone(),
        account: account.id.clone(),
    };
    state.screen = Screen::NatsAccount(NatsAccountPage {
        account,
        credentials: ListView::loading(id),
        accounts,
    });
    vec![Effect::Api(id, call)]
}

/// Esc on the screen: clears the filter still applied, else goes back a screen.
pub(super) fn back(state: &mut State) -> Vec<Effect> {
    let page = state.layout.list_rows;
    if let Some(list) = current_list(&mut state.screen)
        && !list.filter().is_empty()
    {
        list.clear_filter(page);
        return Vec::new();
    }
    let screen = std::mem::replace(&mut state.screen, Screen::Products { selected: 0 });
    state.screen = match screen {
        Screen::Products { selected } => Screen::Products { selected },
        Screen::Service(page) => Screen::Products {
            selected: product_index(page.service.product()),
        },
        Screen::NatsAccounts(_) => Screen::Products {
            selected: product_index(Product::Nats),
        },
        Screen::NatsAccount(page) => Screen::NatsAccounts(page.accounts),
    };
    Vec::new()
}

fn product_index(product: Product) -> usize {
    Product::ALL.iter().position(|p| *p == product).unwrap_or(0)
}

/// Tab: the other tab of a Queues or Topics and Events page.
pub(super) fn switch_tab(state: &mut State) -> Vec<Effect> {
    if let Screen::Service(page) = &mut state.screen {
        page.tab = match page.tab {
            ServiceTab::Overview => ServiceTab::Credentials,
            ServiceTab::Credentials => ServiceTab::Overview,
        };
    }
    Vec::new()
}

// The selection

/// A move of the selection in a list or the product menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

pub(super) fn move_selection(state: &mut State, step: Move) -> Vec<Effect> {
    let page = state.layout.list_rows;
    if let Screen::Products { selected } = &mut state.screen {
        let last = Product::ALL.len() - 1;
        *selected = match step {
            Move::Up => selected.saturating_sub(1),
            Move::Down => (*selected + 1).min(last),
            Move::First | Move::PageUp => 0,
            Move::Last | Move::PageDown => last,
        };
        return Vec::new();
    }
    let Some(list) = current_list(&mut state.screen) else {
        return Vec::new();
    };
    let page_step = page.max(1) as isize;
    match step {
        Move::Up => list.move_by(-1, page),
        Move::Down => list.move_by(1, page),
        Move::PageUp => list.move_by(-page_step, page),
        Move::PageDown => list.move_by(page_step, page),
        Move::First => list.select_first(page),
        Move::Last => list.select_last(page),
    }
    Vec::new()
}

/// The credentials selected on the current screen, as a pop-up target: in their own region
/// and project, which in a merged list need not be the view's.
pub(super) fn selected_target(state: &State) -> Option<Target> {
    match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            let row = page.credentials.selected_row()?;
            if page.credentials.is_revoking(&row.id) {
                return None;
            }
            Some(Target {
                product: page.service.product(),
                region: row.region,
                project_id: row.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                key: row.access_key.clone(),
                account: None,
            })
        }
        Screen::NatsAccount(page) => {
            let row = page.credentials.selected_row()?;
            if page.credentials.is_revoking(&row.id) {
                return None;
            }
            Some(Target {
                product: Product::Nats,
                region: page.account.region,
                project_id: page.account.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                key: row.checksum.clone(),
                account: Some(page.account.name.clone()),
            })
        }
        Screen::Products { .. } | Screen::Service(_) | Screen::NatsAccounts(_) => None,
    }
}

// The filter

/// `/`: the filter of the list on screen takes the keyboard.
pub(super) fn start_filter(state: &mut State) -> Vec<Effect> {
    if let Some(list) = current_list(&mut state.screen) {
        list.start_filter();
    }
    Vec::new()
}

/// Keys while the `/` filter has the keyboard; `None` when it does not.
pub(super) fn on_filter(state: &mut State, input: &Input) -> Option<Vec<Effect>> {
    let page = state.layout.list_rows;
    let list = current_list(&mut state.screen).filter(|list| list.filter().editing)?;
    match input {
        Input::Edit(request) => list.edit_filter(*request, page),
        Input::Paste(text) => list.paste_filter(text, page),
        Input::Command(Command::Open) => list.keep_filter(),
        Input::Command(Command::Back) => list.clear_filter(page),
        Input::Command(Command::Up) => list.move_by(-1, page),
        Input::Command(Command::Down) => list.move_by(1, page),
        // The rest waits until the filter is kept or cleared.
        Input::Command(
            Command::PageUp
            | Command::PageDown
            | Command::First
            | Command::Last
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
            | Command::Journal
            | Command::Sort
            | Command::ReverseSort
            | Command::Help
            | Command::Quit
            | Command::ForceQuit
            | Command::Suspend,
        ) => {}
    }
    Some(Vec::new())
}

// Copying

/// `y` / `Y`: the selected row's key or id to the terminal's clipboard. Lists hold no secret,
/// so none can be copied from one.
pub(super) fn copy_selected(state: &mut State, id: bool) -> Vec<Effect> {
    let copied = match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            page.credentials.selected_row().map(|row| {
                if id {
                    (Copied::Id, row.id.to_string())
                } else {
                    (Copied::AccessKey, row.access_key.clone())
                }
            })
        }
        Screen::NatsAccount(page) => page.credentials.selected_row().map(|row| {
            if id {
                (Copied::Id, row.id.to_string())
            } else {
                (Copied::Checksum, row.checksum.clone())
            }
        }),
        Screen::NatsAccounts(list) => list
            .selected_row()
            .map(|row| (Copied::AccountId, row.id.to_string())),
        Screen::Products { .. } | Screen::Service(_) => None,
    };
    let Some((what, value)) = copied else {
        return Vec::new();
    };
    state.toast = Some(Notice::Copied(what, value.clone()));
    vec![Effect::Copy(Clip {
        what,
        text: Secret::new(value),
    })]
}

// The see-more menu

/// The see-more menu of the selected credentials. Read-only offers no action on credentials,
/// so no menu (and no key opens it).
pub(super) fn see_more_menu(state: &State) -> Option<Popup> {
    let target = selected_target(state)?;
    let items = menu_items(state, target.product);
    (!items.is_empty()).then_some(Popup::SeeMore {
        target,
        items,
        selected: 0,
    })
}

/// The "see more" actions for a product's credentials: NATS credentials cannot be updated,
/// and read-only offers nothing.
pub fn menu_items(state: &State, product: Product) -> Vec<MenuItem> {
    if state.session.readonly {
        Vec::new()
    } else if product == Product::Nats {
        vec![MenuItem::Rotate, MenuItem::Revoke]
    } else {
        vec![MenuItem::Update, MenuItem::Rotate, MenuItem::Revoke]
    }
}

pub(super) fn on_see_more(
    state: &mut State,
    target: Target,
    items: Vec<MenuItem>,
    selected: usize,
    input: Input,
) -> Handled {
    let last = items.len().saturating_sub(1);
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::First => 0,
        MenuKey::Last => last,
        MenuKey::Choose => {
            let chosen = match items.get(selected) {
                Some(MenuItem::Update) => forms::update_form(state, target),
                Some(MenuItem::Rotate) => forms::rotate_form(state, target),
                Some(MenuItem::Revoke) => revoke::question(state, target),
                None => None,
            };
            return (chosen, Vec::new());
        }
        MenuKey::Close => return (None, Vec::new()),
        MenuKey::Other => selected,
    };
    let menu = Popup::SeeMore {
        target,
        items,
        selected,
    };
    (Some(menu), Vec::new())
}

// The help and the messages

/// Keys in the help: they scroll it, or close it (`q` too: the help's `q` closes it, and
/// only a quit bound in the help by a user's config quits).
pub(super) fn on_help(state: &State, scroll: usize, input: Input) -> Handled {
    let Layout {
        help_lines,
        help_rows,
        ..
    } = state.layout;
    let last = help_lines.saturating_sub(help_rows);
    let page = help_rows.max(1);
    let scroll = match input {
        Input::Command(Command::Quit) => return (None, vec![Effect::Quit]),
        Input::Command(Command::Back | Command::Help) => return (None, Vec::new()),
        Input::Command(Command::Up) => scroll.saturating_sub(1),
        Input::Command(Command::Down) => scroll + 1,
        Input::Command(Command::PageUp) => scroll.saturating_sub(page),
        Input::Command(Command::PageDown) => scroll + page,
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
            | Command::Journal
            | Command::Sort
            | Command::ReverseSort
            | Command::ForceQuit
            | Command::Suspend,
        )
        | Input::Edit(_)
        | Input::Paste(_) => scroll,
    };
    let help = Popup::Help {
        scroll: scroll.min(last),
    };
    (Some(help), Vec::new())
}

/// After a change of layout: the help scrolls no further than its last line.
pub(super) fn clamp_help(state: &mut State) {
    let last = state
        .layout
        .help_lines
        .saturating_sub(state.layout.help_rows);
    if let Some(Popup::Help { scroll }) = &mut state.popup {
        *scroll = (*scroll).min(last);
    }
}

/// A failure or the configuration's warnings: Enter or Esc dismisses it.
pub(super) fn on_message(message: Popup, input: Input) -> Handled {
    match input {
        Input::Command(Command::Back | Command::Activate | Command::Open) => (None, Vec::new()),
        Input::Command(
            Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::First
            | Command::Last
            | Command::GoToNats
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
            | Command::Suspend,
        )
        | Input::Edit(_)
        | Input::Paste(_) => (Some(message), Vec::new()),
    }
}
