//! The mouse through the console's core: a click acts on what the frame shows in that cell,
//! as the keys would on it, and never confirms anything by landing outside a pop-up. The
//! clicks here are aimed at text found on the drawn screen, as a person aims.

use mnq_tui::api::model::*;
use mnq_tui::app::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use crate::support::states::*;
use crate::support::view::{render, screen_lines};

const SIZE: Size = Size::new(100, 30);

fn program(state: State) -> Program {
    Program::new(state, SIZE)
}

fn screen(program: &Program) -> Terminal<TestBackend> {
    render(program.state(), SIZE)
}

fn lines(program: &Program) -> Vec<String> {
    screen_lines(&screen(program))
}

/// The cell in the middle of the first place `text` is drawn.
fn cell_of(program: &Program, text: &str) -> (u16, u16) {
    for (y, line) in lines(program).iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let wanted: Vec<char> = text.chars().collect();
        if let Some(x) = chars.windows(wanted.len()).position(|w| w == wanted) {
            return ((x + wanted.len() / 2) as u16, y as u16);
        }
    }
    panic!("{text:?} is not on screen:\n{}", lines(program).join("\n"));
}

fn click_at(program: &mut Program, (column, row): (u16, u16), kind: MouseKind) -> Outcome {
    program.mouse(&Mouse { kind, column, row })
}

fn click(program: &mut Program, text: &str) -> Outcome {
    let cell = cell_of(program, text);
    click_at(program, cell, MouseKind::Click)
}

fn selected_name(program: &Program) -> String {
    match &program.state().screen {
        Screen::Service(page) => page
            .credentials
            .selected_row()
            .map(|row| row.name.clone())
            .unwrap_or_default(),
        other => panic!("not on a service page: {other:?}"),
    }
}

#[test]
fn a_click_selects_a_row_and_a_double_click_opens_its_menu() {
    let mut console = program(on_queues(false));
    let outcome = click(&mut console, "billing-admin");
    assert!(outcome.effects.is_empty());
    assert_eq!(selected_name(&console), "billing-admin");
    assert!(console.state().popup.is_none(), "one click only selects");
    let cell = cell_of(&console, "orders-consumer");
    let _ = click_at(&mut console, cell, MouseKind::DoubleClick);
    assert_eq!(selected_name(&console), "orders-consumer");
    assert!(matches!(console.state().popup, Some(Popup::SeeMore { .. })));
    insta::assert_snapshot!("mouse_double_click_menu", screen(&console).backend());
}

#[test]
fn the_revoke_buttons_act_as_enter_on_them_and_a_click_outside_confirms_nothing() {
    let mut console = program(on_queues(false));
    let _ = click(&mut console, "orders-consumer");
    let cell = cell_of(&console, "orders-consumer");
    let _ = click_at(&mut console, cell, MouseKind::DoubleClick);
    let _ = click(&mut console, "Revoke ");
    assert!(matches!(
        console.state().popup,
        Some(Popup::Revoke {
            focus: Choice::Cancel,
            ..
        })
    ));
    // Outside the pop-up: on the list, the header, the footer.
    for cell in [(2, 6), (50, 0), (10, SIZE.height - 1)] {
        let outcome = click_at(&mut console, cell, MouseKind::Click);
        assert!(outcome.effects.is_empty(), "{cell:?}: {outcome:?}");
        assert!(matches!(console.state().popup, Some(Popup::Revoke { .. })));
    }
    // Cancel closes and sends nothing.
    let outcome = click(&mut console, "Cancel ]");
    assert!(outcome.effects.is_empty());
    assert!(console.state().popup.is_none());
    // Revoke credentials revokes, as Enter on it does.
    let _ = console.key(&Key::char('d'));
    let outcome = click(&mut console, "Revoke credentials ]");
    let revoked: Vec<_> = outcome
        .effects
        .iter()
        .filter(|effect| matches!(effect, Effect::Api(_, ApiCall::Revoke(_))))
        .collect();
    assert_eq!(revoked.len(), 1, "{outcome:?}");
}

#[test]
fn products_tabs_region_and_the_wheel() {
    let mut console = program(State::new(session(false), Region::FrPar));
    let outcome = click(&mut console, "Topics and Events  ");
    assert!(matches!(
        api_calls(&outcome.effects).as_slice(),
        [
            ApiCall::ListCredentials {
                service: Service::Sns,
                ..
            },
            ApiCall::GetInfo { .. }
        ]
    ));
    let _ = click(&mut console, " Overview ");
    assert!(matches!(
        &console.state().screen,
        Screen::Service(page) if page.tab == ServiceTab::Overview
    ));

    let mut console = program(on_queues(false));
    let _ = click(&mut console, "fr-par ▾");
    assert!(matches!(console.state().popup, Some(Popup::Regions { .. })));
    let outcome = click(&mut console, "nl-ams");
    assert_eq!(console.state().region, Region::NlAms);
    assert!(!outcome.effects.is_empty(), "the new region loads");

    let mut console = program(on_queues(false));
    let _ = console.mouse(&Mouse {
        kind: MouseKind::ScrollDown,
        column: 10,
        row: 10,
    });
    assert_eq!(selected_name(&console), "billing-admin");
    let _ = console.mouse(&Mouse {
        kind: MouseKind::ScrollUp,
        column: 10,
        row: 10,
    });
    assert_eq!(selected_name(&console), "orders-producer");
}

#[test]
fn form_checkboxes_and_buttons_and_the_generate_button() {
    let mut console = program(on_queues(false));
    let _ = click(&mut console, "Generate credentials ┐");
    assert!(matches!(console.state().popup, Some(Popup::Form(_))));
    let _ = click(&mut console, "Read    receive");
    let Some(Popup::Form(form)) = &console.state().popup else {
        panic!("the form closed");
    };
    assert_eq!(form.permissions, Some(Permissions::new(false, true, false)));
    assert_eq!(form.focus, Field::Read);
    // Submit with no name: nothing is sent, the problem shows.
    let outcome = click(&mut console, "Generate credentials ]");
    assert!(outcome.effects.is_empty());
    let _ = click(&mut console, "Cancel ]");
    assert!(
        matches!(&console.state().popup, Some(Popup::Form(form)) if form.discard.is_some()),
        "an edited form asks before it goes"
    );
    let _ = click(&mut console, "Discard ]");
    assert!(console.state().popup.is_none());

    let mut readonly = program(on_queues(true));
    let (column, row) = (SIZE.width - 5, 2);
    let _ = click_at(&mut readonly, (column, row), MouseKind::Click);
    assert!(
        readonly.state().popup.is_none(),
        "read-only generates nothing"
    );
}

#[test]
fn a_click_outside_a_menu_closes_it() {
    let mut console = program(on_queues(false));
    let _ = console.key(&Key::char('.'));
    assert!(matches!(console.state().popup, Some(Popup::SeeMore { .. })));
    let _ = click_at(&mut console, (1, SIZE.height - 3), MouseKind::Click);
    assert!(console.state().popup.is_none());
}

#[test]
fn the_project_and_region_in_the_header_open_their_dropdowns_and_choose_all() {
    let mut console = program(on_queues(false));
    let outcome = click(&mut console, "project 3c8e1f4a ▾");
    assert!(
        outcome.effects.is_empty(),
        "no organisation: nothing to ask"
    );
    assert!(matches!(
        console.state().popup,
        Some(Popup::Projects { .. })
    ));
    // Outside it: closed.
    let _ = click_at(
        &mut console,
        (SIZE.width - 2, SIZE.height - 3),
        MouseKind::Click,
    );
    assert!(console.state().popup.is_none());
    let _ = click(&mut console, "fr-par ▾");
    assert!(matches!(console.state().popup, Some(Popup::Regions { .. })));
    let outcome = click(&mut console, "All regions");
    assert!(console.state().all_regions);
    let regions: Vec<Region> = api_calls(&outcome.effects)
        .into_iter()
        .filter_map(|call| match call {
            ApiCall::ListCredentials { region, .. } => Some(*region),
            _ => None,
        })
        .collect();
    assert_eq!(regions, Region::ALL);
    assert!(lines(&console)[0].contains("All regions ▾"));
}
