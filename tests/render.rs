//! Snapshots of every screen and pop-up, drawn by `ui::render` on ratatui's `TestBackend` at
//! 80×24 and 120×40, with the demo data. `INSTA_UPDATE=no` (CI) fails on any unreviewed
//! change.

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::{Seed, Store};
use mnq_tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use ratatui::style::Modifier;
use tui_input::InputRequest;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn demo() -> Store {
    Seed::Demo.load().expect("the demo seed loads")
}

fn session(store: &Store, readonly: bool, monochrome: bool) -> Session {
    Session {
        profile: "demo".into(),
        project_id: store.api_keys[0].default_project_id.clone(),
        readonly,
        monochrome,
    }
}

/// Draws the state as the console would at this size (after telling it the layout).
fn draw(state: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    let layout = ui::layout(Size::new(width, height), state);
    update(state, Action::Layout(layout));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::render(state, frame)).unwrap();
    terminal
}

fn snapshot(name: &str, mut state: State) {
    for (width, height) in SIZES {
        let terminal = draw(&mut state, width, height);
        insta::assert_snapshot!(format!("{name}@{width}x{height}"), terminal.backend());
    }
}

fn answer_all(state: &mut State, effects: Vec<Effect>, store: &Store) {
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            let answer = answer(&call, store);
            update(state, Action::Answer(id, answer));
        }
    }
}

/// What the demo data answers to a call (reads only).
fn answer(call: &ApiCall, store: &Store) -> ApiAnswer {
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => ApiAnswer::NatsAccounts(Ok(store
            .nats_accounts
            .iter()
            .map(|record| record.account.clone())
            .filter(|a| a.region == *region && a.project_id == *project_id)
            .collect())),
        ApiCall::ListNatsCredentials { account, .. } => ApiAnswer::NatsCredentials(Ok(store
            .nats_credentials
            .iter()
            .filter(|c| c.nats_account_id == *account)
            .cloned()
            .collect())),
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => {
            let all = match service {
                Service::Sqs => &store.sqs_credentials,
                Service::Sns => &store.sns_credentials,
            };
            ApiAnswer::Credentials(Ok(all
                .iter()
                .filter(|c| c.region == *region && c.project_id == *project_id)
                .cloned()
                .collect()))
        }
        ApiCall::GetInfo {
            service,
            region,
            project_id,
        } => {
            let activation = store.activations.iter().find(|a| {
                a.service == *service && a.region == *region && a.project_id == *project_id
            });
            ApiAnswer::Info(Ok(ServiceInfo {
                service: *service,
                project_id: project_id.clone(),
                region: *region,
                created_at: activation.map(|a| a.created_at),
                updated_at: activation.map(|a| a.updated_at),
                status: if activation.is_some() {
                    ServiceStatus::Enabled
                } else {
                    ServiceStatus::Disabled
                },
                endpoint_url: format!("https://{}.mnq.{region}.scaleway.com", service.api_name()),
            }))
        }
        other => panic!("not a read: {other:?}"),
    }
}

fn state_on(product: Product, readonly: bool) -> (State, Store) {
    let store = demo();
    let mut state = State::new(session(&store, readonly, false), Region::FrPar);
    let effects = update(&mut state, Action::Jump(product));
    answer_all(&mut state, effects, &store);
    (state, store)
}

fn on_nats_account() -> State {
    let (mut state, store) = state_on(Product::Nats, false);
    let effects = update(&mut state, Action::Open);
    answer_all(&mut state, effects, &store);
    state
}

#[test]
fn product_menu() {
    let store = demo();
    snapshot(
        "product_menu",
        State::new(session(&store, false, false), Region::FrPar),
    );
}

#[test]
fn queues_credentials() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Down);
    snapshot("queues_credentials", state);
}

#[test]
fn queues_overview() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::NextTab);
    snapshot("queues_overview", state);
}

#[test]
fn topics_overview_not_activated() {
    let store = demo();
    let mut session = session(&store, false, false);
    session.project_id = store.projects[1].id.clone();
    let mut state = State::new(session, Region::NlAms);
    let effects = update(&mut state, Action::Jump(Product::TopicsAndEvents));
    answer_all(&mut state, effects, &store);
    update(&mut state, Action::NextTab);
    snapshot("topics_overview_not_activated", state);
}

#[test]
fn topics_credentials() {
    let (state, _) = state_on(Product::TopicsAndEvents, false);
    snapshot("topics_credentials", state);
}

#[test]
fn loading() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    update(&mut state, Action::Jump(Product::Queues));
    update(&mut state, Action::Tick);
    snapshot("loading", state);
}

#[test]
fn empty_list() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Action::Jump(Product::Queues));
    for effect in effects {
        if let Effect::Api(id, ApiCall::ListCredentials { .. }) = effect {
            update(
                &mut state,
                Action::Answer(id, ApiAnswer::Credentials(Ok(vec![]))),
            );
        }
    }
    snapshot("empty_list", state);
}

#[test]
fn filter() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Filter);
    for c in "order".chars() {
        update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
    }
    snapshot("filter", state);
}

#[test]
fn region_dropdown() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::OpenRegions);
    update(&mut state, Action::Down);
    snapshot("region_dropdown", state);
}

#[test]
fn see_more_queues() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Down);
    update(&mut state, Action::Down);
    update(&mut state, Action::OpenSeeMore);
    snapshot("see_more_queues", state);
}

#[test]
fn see_more_nats() {
    let mut state = on_nats_account();
    update(&mut state, Action::OpenSeeMore);
    snapshot("see_more_nats", state);
}

#[test]
fn nats_accounts() {
    let (state, _) = state_on(Product::Nats, false);
    snapshot("nats_accounts", state);
}

#[test]
fn nats_account() {
    snapshot("nats_account", on_nats_account());
}

#[test]
fn update_form() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Update);
    snapshot("update_form", state);
}

#[test]
fn update_form_invalid() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Update);
    update(&mut state, Action::Edit(InputRequest::DeleteLine));
    update(&mut state, Action::FocusNext);
    update(&mut state, Action::Toggle);
    snapshot("update_form_invalid", state);
}

#[test]
fn update_form_api_error() {
    let (mut state, _) = state_on(Product::TopicsAndEvents, false);
    update(&mut state, Action::Update);
    update(&mut state, Action::Edit(InputRequest::InsertChar('2')));
    let effects = update(&mut state, Action::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent")
    };
    let error = ApiError::PermissionsDenied {
        denied: vec![mnq_tui::api::DeniedAction {
            action: "write".into(),
            resource: "credentials".into(),
        }],
    };
    update(
        &mut state,
        Action::Answer(*id, ApiAnswer::Updated(Err(error))),
    );
    snapshot("update_form_api_error", state);
}

#[test]
fn update_form_sending() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Update);
    update(&mut state, Action::Edit(InputRequest::InsertChar('2')));
    update(&mut state, Action::Activate);
    snapshot("update_form_sending", state);
}

#[test]
fn discard_question() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Update);
    update(&mut state, Action::Edit(InputRequest::InsertChar('x')));
    update(&mut state, Action::Back);
    snapshot("discard_question", state);
}

#[test]
fn revoke_queues() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Revoke);
    snapshot("revoke_queues", state);
}

#[test]
fn revoke_nats() {
    let mut state = on_nats_account();
    update(&mut state, Action::Revoke);
    update(&mut state, Action::FocusNext);
    snapshot("revoke_nats", state);
}

#[test]
fn revoking_row() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Revoke);
    update(&mut state, Action::FocusNext);
    update(&mut state, Action::Activate);
    snapshot("revoking_row", state);
}

#[test]
fn help() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Help);
    snapshot("help", state);
}

#[test]
fn error_message() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Action::Jump(Product::Queues));
    let error = ApiError::Network {
        target: "https://api.scaleway.com".into(),
        cause: "Connection refused (os error 111)".into(),
    };
    // The list fails; the info is answered, so nothing is left in flight.
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            let answer = match call {
                ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Err(error.clone())),
                _ => answer(&call, &store),
            };
            update(&mut state, Action::Answer(id, answer));
        }
    }
    assert!(!state.is_busy());
    snapshot("error_message", state);
}

#[test]
fn readonly_header() {
    let (state, _) = state_on(Product::Queues, true);
    snapshot("readonly", state);
}

#[test]
fn too_small() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let terminal = draw(&mut state, 40, 10);
    insta::assert_snapshot!("too_small@40x10", terminal.backend());
}

#[test]
fn hostile_names_are_drawn_safely_and_aligned() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Action::Jump(Product::Queues));
    let mut rows: Vec<ServiceCredentials> = store.sqs_credentials[..3].to_vec();
    rows[0].name = "evil\u{1b}[2J\u{1b}]0;pwned\u{7}name".into();
    rows[1].name = "🚀 launch-pad ✨ émojis".into();
    rows[2].name = "مفتاح-الطلبات reader".into();
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            let answer = match call {
                ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Ok(rows.clone())),
                _ => answer(&call, &store),
            };
            update(&mut state, Action::Answer(id, answer));
        }
    }
    assert!(!state.is_busy(), "nothing is in flight: no spinner");
    let terminal = draw(&mut state, 80, 24);
    let screen = terminal.backend().to_string();
    assert!(
        !screen.contains('\u{1b}'),
        "no raw escape reaches the screen"
    );
    insta::assert_snapshot!("hostile_names@80x24", terminal.backend());
}

#[test]
fn no_color_keeps_selection_and_danger_visible() {
    let store = demo();
    let mut state = State::new(session(&store, false, true), Region::FrPar);
    let effects = update(&mut state, Action::Jump(Product::Queues));
    answer_all(&mut state, effects, &store);
    update(&mut state, Action::Revoke);
    let terminal = draw(&mut state, 80, 24);
    let buffer = terminal.backend().buffer();
    let mut colours = buffer.content().iter().filter(|cell| {
        cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
    });
    assert!(colours.next().is_none(), "NO_COLOR draws no colour");
    // The focused Cancel button is in reverse video, and the selected row too.
    let reversed: String = buffer
        .content()
        .iter()
        .filter(|cell| cell.modifier.contains(Modifier::REVERSED))
        .map(|cell| cell.symbol())
        .collect();
    assert!(reversed.contains("[▶ Cancel ]"), "{reversed}");
    insta::assert_snapshot!("no_color_revoke@80x24", terminal.backend());
}

/// Every line of the screen, for tests that look at the text.
fn screen_lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}

#[test]
fn a_long_update_error_is_shown_whole() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Update);
    update(&mut state, Action::Edit(InputRequest::InsertChar('2')));
    let effects = update(&mut state, Action::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent")
    };
    let error = ApiError::Server {
        status: 502,
        message: "\"<html><body>Bad gateway: the upstream did not answer</body></html>\"".into(),
    };
    update(
        &mut state,
        Action::Answer(*id, ApiAnswer::Updated(Err(error))),
    );
    for (width, height) in SIZES {
        let terminal = draw(&mut state, width, height);
        let screen = screen_lines(&terminal).join("\n");
        assert!(
            screen.contains("in a moment"),
            "the error is cut:\n{screen}"
        );
    }
    snapshot("update_form_long_error", state);
}

#[test]
fn help_stays_between_the_header_and_the_footer() {
    let (mut state, _) = state_on(Product::Nats, false);
    update(&mut state, Action::Help);
    for (width, height) in [(80, 24), (60, 20), (60, 16)] {
        let terminal = draw(&mut state, width, height);
        let lines = screen_lines(&terminal);
        assert!(lines[0].contains("mnq-tui"), "header covered: {}", lines[0]);
        let footer = &lines[lines.len() - 1];
        assert!(footer.contains("close"), "footer covered: {footer}");
    }
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(screen.contains("filter by name") && !screen.contains("access key"));
    snapshot("help_nats_accounts", state);
}

#[test]
fn overview_help_mentions_no_filter() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::PreviousTab);
    update(&mut state, Action::Help);
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(screen.contains("Overview"), "{screen}");
    assert!(!screen.contains("filter"), "{screen}");
}

#[test]
fn narrow_lists_drop_other_columns_before_cutting_names() {
    let (mut state, _) = state_on(Product::Queues, false);
    let terminal = draw(&mut state, 60, 20);
    let screen = screen_lines(&terminal).join("\n");
    assert!(screen.contains("orders-producer"), "{screen}");
    insta::assert_snapshot!("queues_credentials@60x20", terminal.backend());
}

#[test]
fn readonly_and_empty_lists_offer_no_action_on_credentials() {
    let footer = |state: &mut State| screen_lines(&draw(state, 120, 40)).pop().unwrap();
    let (mut readonly, _) = state_on(Product::Queues, true);
    let shown = footer(&mut readonly);
    assert!(
        !shown.contains("more") && !shown.contains("update"),
        "{shown}"
    );

    let store = demo();
    let mut loading = State::new(session(&store, false, false), Region::FrPar);
    update(&mut loading, Action::Jump(Product::Queues));
    let shown = footer(&mut loading);
    assert!(shown.contains("filter"), "{shown}");
    for offered in ["more", "update", "revoke"] {
        assert!(!shown.contains(offered), "{offered} while loading: {shown}");
    }
}

#[test]
fn filter_says_what_it_matches_and_counts_in_english() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Action::Filter);
    for c in "zzz".chars() {
        update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(
        screen.contains("No name or access key matches the filter."),
        "{screen}"
    );
    update(&mut state, Action::Back);
    update(&mut state, Action::Filter);
    for c in "orders-p".chars() {
        update(&mut state, Action::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(screen.contains("1 of 12 matches"), "{screen}");
}

#[test]
fn rows_kept_after_a_failed_reload_are_marked_stale() {
    let (mut state, store) = state_on(Product::Queues, false);
    let effects = update(&mut state, Action::Reload);
    for effect in effects {
        let Effect::Api(id, call) = effect else {
            continue;
        };
        let answer = match call {
            ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Err(ApiError::Network {
                target: "https://api.scaleway.com".into(),
                cause: "Connection refused (os error 111)".into(),
            })),
            other => answer(&other, &store),
        };
        update(&mut state, Action::Answer(id, answer));
    }
    update(&mut state, Action::Back);
    snapshot("stale_after_failed_reload", state);
}
