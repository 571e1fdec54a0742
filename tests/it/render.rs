//! Snapshots of every screen and pop-up, drawn by `ui::render` on ratatui's `TestBackend` at
//! 80×24 and 120×40, with the demo data. `INSTA_UPDATE=no` (CI) fails on any unreviewed
//! change.

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::Store;
use ratatui::style::Modifier;
use tui_input::InputRequest;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

use crate::support::fake_api::{answer, demo};
use crate::support::view::{draw, screen_lines};

fn session(store: &Store, readonly: bool, monochrome: bool) -> Session {
    Session {
        readonly,
        theme: if monochrome {
            Theme::mono()
        } else {
            Theme::dark()
        },
        ..Session::new("demo", store.api_keys[0].default_project_id.clone())
    }
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
            update(state, Event::Answer(id, answer));
        }
    }
}

fn state_on(product: Product, readonly: bool) -> (State, Store) {
    let store = demo();
    let mut state = State::new(session(&store, readonly, false), Region::FrPar);
    let effects = update(&mut state, Command::go_to(product));
    answer_all(&mut state, effects, &store);
    (state, store)
}

fn on_nats_account() -> State {
    let (mut state, store) = state_on(Product::Nats, false);
    let effects = update(&mut state, Command::Open);
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
    update(&mut state, Command::Down);
    snapshot("queues_credentials", state);
}

#[test]
fn queues_overview() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::NextTab);
    snapshot("queues_overview", state);
}

#[test]
fn topics_overview_not_activated() {
    let store = demo();
    let mut session = session(&store, false, false);
    session.project_id = store.projects[1].id.clone();
    let mut state = State::new(session, Region::NlAms);
    let effects = update(&mut state, Command::GoToTopics);
    answer_all(&mut state, effects, &store);
    update(&mut state, Command::NextTab);
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
    update(&mut state, Command::GoToQueues);
    update(&mut state, Event::Tick);
    snapshot("loading", state);
}

#[test]
fn empty_list() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    for effect in effects {
        if let Effect::Api(id, ApiCall::ListCredentials { .. }) = effect {
            update(
                &mut state,
                Event::Answer(id, ApiAnswer::Credentials(Ok(vec![]))),
            );
        }
    }
    snapshot("empty_list", state);
}

#[test]
fn filter() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Filter);
    for c in "order".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    snapshot("filter", state);
}

#[test]
fn region_dropdown() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::OpenRegions);
    update(&mut state, Command::Down);
    snapshot("region_dropdown", state);
}

#[test]
fn see_more_queues() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Down);
    update(&mut state, Command::Down);
    update(&mut state, Command::OpenSeeMore);
    snapshot("see_more_queues", state);
}

#[test]
fn see_more_nats() {
    let mut state = on_nats_account();
    update(&mut state, Command::OpenSeeMore);
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
    update(&mut state, Command::Update);
    snapshot("update_form", state);
}

#[test]
fn update_form_with_nothing_changed() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Update);
    update(&mut state, Command::Activate);
    snapshot("update_form_nothing_to_change", state);
}

#[test]
fn update_form_invalid() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Update);
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    snapshot("update_form_invalid", state);
}

#[test]
fn update_form_api_error() {
    let (mut state, _) = state_on(Product::TopicsAndEvents, false);
    update(&mut state, Command::Update);
    update(&mut state, Event::Edit(InputRequest::InsertChar('2')));
    let effects = update(&mut state, Command::Activate);
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
        Event::Answer(*id, ApiAnswer::Updated(Err(error))),
    );
    snapshot("update_form_api_error", state);
}

#[test]
fn update_form_sending() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Update);
    update(&mut state, Event::Edit(InputRequest::InsertChar('2')));
    update(&mut state, Command::Activate);
    snapshot("update_form_sending", state);
}

#[test]
fn discard_question() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Update);
    update(&mut state, Event::Edit(InputRequest::InsertChar('x')));
    update(&mut state, Command::Back);
    snapshot("discard_question", state);
}

#[test]
fn revoke_queues() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Revoke);
    snapshot("revoke_queues", state);
}

#[test]
fn revoke_nats() {
    let mut state = on_nats_account();
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    snapshot("revoke_nats", state);
}

#[test]
fn revoking_row() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    snapshot("revoking_row", state);
}

#[test]
fn help() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Help);
    snapshot("help", state);
}

#[test]
fn error_message() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
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
            update(&mut state, Event::Answer(id, answer));
        }
    }
    assert!(!state.is_busy());
    snapshot("error_message", state);
}

#[test]
fn a_failed_list_and_status_say_try_again_once() {
    let store = demo();
    let mut state = State::new(session(&store, false, false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let unavailable = ApiError::Server {
        status: 503,
        message: "Service Unavailable".into(),
    };
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            let answer = match call {
                ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Err(unavailable.clone())),
                _ => ApiAnswer::Info(Err(unavailable.clone())),
            };
            update(&mut state, Event::Answer(id, answer));
        }
    }
    update(&mut state, Command::Back);
    for tab in ["credentials", "overview"] {
        let screen = screen_lines(&draw(&mut state, 120, 40)).join(" ");
        assert_eq!(screen.matches("try again").count(), 1, "{tab}: {screen}");
        assert!(
            screen.contains("Press F5 or Ctrl-R to reload."),
            "{tab}: {screen}"
        );
        update(&mut state, Command::NextTab);
    }
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
    let effects = update(&mut state, Command::GoToQueues);
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
            update(&mut state, Event::Answer(id, answer));
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
    let effects = update(&mut state, Command::GoToQueues);
    answer_all(&mut state, effects, &store);
    update(&mut state, Command::Revoke);
    let terminal = draw(&mut state, 80, 24);
    let buffer = terminal.backend().buffer();
    let mut colours = buffer.content().iter().filter(|cell| {
        cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
    });
    assert!(colours.next().is_none(), "NO_COLOR draws no colour");
    // The focused Cancel button is in reverse video, and the selected row too.
    let reversed: String = text_with(buffer, Modifier::REVERSED);
    assert!(reversed.contains("[▶ Cancel ]"), "{reversed}");
    insta::assert_snapshot!("no_color_revoke@80x24", terminal.backend());
}

/// Every line of the screen, for tests that look at the text.
/// The text of the cells drawn with `modifier`, in order.
fn text_with(buffer: &ratatui::buffer::Buffer, modifier: Modifier) -> String {
    buffer
        .content()
        .iter()
        .filter(|cell| cell.modifier.contains(modifier))
        .map(|cell| cell.symbol())
        .collect()
}

#[test]
fn a_long_update_error_is_shown_whole() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Update);
    update(&mut state, Event::Edit(InputRequest::InsertChar('2')));
    let effects = update(&mut state, Command::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent")
    };
    let error = ApiError::Server {
        status: 502,
        message: "\"<html><body>Bad gateway: the upstream did not answer</body></html>\"".into(),
    };
    update(
        &mut state,
        Event::Answer(*id, ApiAnswer::Updated(Err(error))),
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
    update(&mut state, Command::Help);
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
fn help_wraps_long_lines_and_scrolls_to_every_key() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Help);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    // "rotate: new credentials like these, then revoke these (asks first)", wrapped.
    assert!(
        screen.contains("then revoke these (asks") && screen.contains("│           first)"),
        "{screen}"
    );

    // Too short for every key: the help says so, and scrolls to its last line.
    let first = screen_lines(&draw(&mut state, 60, 20)).join("\n");
    assert!(
        first.contains("move up") && first.contains("↓ more"),
        "{first}"
    );
    update(&mut state, Command::Last);
    let last = screen_lines(&draw(&mut state, 60, 20)).join("\n");
    assert!(last.contains("closes this help"), "{last}");
    assert!(
        !last.contains("move up") && !last.contains("↓ more"),
        "{last}"
    );
    update(&mut state, Command::First);
    assert_eq!(screen_lines(&draw(&mut state, 60, 20)).join("\n"), first);
    draw(&mut state, 80, 24);
    update(&mut state, Command::PageDown);
    snapshot("help_scrolled", state);
}

#[test]
fn the_project_switcher_explains_itself_whole_without_an_organisation() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::OpenProjects);
    for (width, height) in SIZES {
        let screen = screen_lines(&draw(&mut state, width, height)).join("\n");
        assert!(
            screen.contains("shown.") && screen.contains("SCW_DEFAULT_ORGANIZATION_ID"),
            "{width}×{height}:\n{screen}"
        );
    }
    snapshot("project_switcher_without_organisation", state);
}

#[test]
fn overview_help_mentions_no_filter() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::PreviousTab);
    update(&mut state, Command::Help);
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
    update(&mut loading, Command::GoToQueues);
    let shown = footer(&mut loading);
    assert!(shown.contains("filter"), "{shown}");
    for offered in ["more", "update", "revoke"] {
        assert!(!shown.contains(offered), "{offered} while loading: {shown}");
    }
}

#[test]
fn filter_says_what_it_matches_and_counts_in_english() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Filter);
    for c in "zzz".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(
        screen.contains("No name, access key or id matches the filter."),
        "{screen}"
    );
    update(&mut state, Command::Back);
    update(&mut state, Command::Filter);
    for c in "orders-p".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(screen.contains("1 of 12 matches"), "{screen}");
}

#[test]
fn rows_kept_after_a_failed_reload_are_marked_stale() {
    let (mut state, store) = state_on(Product::Queues, false);
    let effects = update(&mut state, Command::Reload);
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
        update(&mut state, Event::Answer(id, answer));
    }
    update(&mut state, Command::Back);
    snapshot("stale_after_failed_reload", state);
}

// The credential lifecycle: Generate, the secret pop-up, Rotate, a lost create.

const NEW_SECRET: &str = "6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d";

/// A Generate form on Queues, typed in, sent; returns the create's id.
fn send_generate(state: &mut State, name: &str) -> RequestId {
    update(state, Command::Generate);
    for c in name.chars() {
        update(state, Event::Edit(InputRequest::InsertChar(c)));
    }
    update(state, Command::FocusNext);
    update(state, Command::Toggle);
    update(state, Command::FocusPrevious);
    let effects = update(state, Command::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent: {effects:?}")
    };
    *id
}

/// What the API answers a Queues create: new credentials with their only secret.
fn made_credentials(store: &Store, name: &str, permissions: Permissions) -> ServiceCredentials {
    ServiceCredentials {
        id: CredentialsId("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
        name: name.into(),
        project_id: store.api_keys[0].default_project_id.clone(),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        access_key: "SCWNEWACCESSKEY00001".into(),
        secret_key: Secret::new(NEW_SECRET),
        secret_checksum: String::new(),
        permissions: Some(permissions),
    }
}

/// The Queues page with the secret pop-up of new credentials.
fn queues_secret() -> State {
    let (mut state, store) = state_on(Product::Queues, false);
    let id = send_generate(&mut state, "ci-deploy");
    let made = made_credentials(&store, "ci-deploy", Permissions::new(true, false, false));
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::Credentials(made)))),
    );
    state
}

fn nats_secret() -> State {
    let mut state = on_nats_account();
    let Screen::NatsAccount(page) = &state.screen else {
        panic!("not on an account");
    };
    let account = page.account.clone();
    update(&mut state, Command::Generate);
    for c in "ci-nats".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    let effects = update(&mut state, Command::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent: {effects:?}")
    };
    let creds = "-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.e30.sig\n------END NATS USER JWT------\n\n\
                 -----BEGIN USER NKEY SEED-----\nSUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4\n\
                 ------END USER NKEY SEED------\n";
    let made = NatsCredentials {
        id: CredentialsId("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d".into()),
        name: "ci-nats".into(),
        nats_account_id: account.id,
        region: Some(Region::FrPar),
        created_at: None,
        updated_at: None,
        credentials: Some(CredsFile {
            name: "ci-nats.creds".into(),
            content: Secret::new(creds),
        }),
        checksum: "5d41402abc4b2a76b9719d911017c592aaaaaaaa".into(),
    };
    update(
        &mut state,
        Event::Answer(*id, ApiAnswer::Created(Ok(Created::NatsCredentials(made)))),
    );
    state
}

#[test]
fn generate_form() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Generate);
    snapshot("generate_form", state);
}

#[test]
fn generate_nats_form() {
    let mut state = on_nats_account();
    update(&mut state, Command::Generate);
    snapshot("generate_nats_form", state);
}

#[test]
fn create_account_form() {
    let (mut state, _) = state_on(Product::Nats, false);
    update(&mut state, Command::Generate);
    snapshot("create_account_form", state);
}

#[test]
fn rotate_form() {
    let (mut state, _) = state_on(Product::Queues, false);
    state.today = jiff::civil::date(2026, 11, 29);
    update(&mut state, Command::Rotate);
    snapshot("rotate_form", state);
}

#[test]
fn secret_queues() {
    snapshot("secret_queues", queues_secret());
}

#[test]
fn secret_queues_copied() {
    let mut state = queues_secret();
    update(&mut state, Command::Activate);
    snapshot("secret_queues_copied", state);
}

#[test]
fn secret_nats_seed_hidden_and_shown() {
    let mut state = nats_secret();
    snapshot("secret_nats", state.clone());
    update(&mut state, Command::ShowSeed);
    snapshot("secret_nats_seed_shown", state);
}

#[test]
fn secret_save_path_and_nats_context() {
    let mut state = nats_secret();
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    snapshot("secret_save_nats", state);
}

#[test]
fn secret_saved_and_failed() {
    let mut state = nats_secret();
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Command::Activate);
    update(
        &mut state,
        Event::Saved(Ok(Saved {
            path: "/home/ops/orders-bus-ci-nats.creds".into(),
            nats_context: Some((
                "orders-bus-ci-nats".into(),
                "/home/ops/.config/nats/context/orders-bus-ci-nats.json".into(),
            )),
        })),
    );
    update(&mut state, Command::Activate);
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    for c in "/etc/ci.creds".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut state, Command::Activate);
    update(
        &mut state,
        Event::Saved(Err(SaveError::Failed(
            "/etc/ci.creds: permission denied".into(),
        ))),
    );
    snapshot("secret_saved_then_failed", state);
}

#[test]
fn the_secret_pop_up_keeps_the_header_and_footer_in_sight_however_many_saves() {
    let mut state = nats_secret();
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    for folder in ["a", "b", "c", "d", "e"] {
        update(&mut state, Command::Activate);
        update(&mut state, Event::Edit(InputRequest::DeleteLine));
        for c in format!("/home/ops/{folder}/ci.creds").chars() {
            update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
        }
        update(&mut state, Command::Activate);
        let path = std::path::PathBuf::from(format!("/home/ops/{folder}/ci.creds"));
        let context = ("ci".to_owned(), path.with_file_name("ci.json"));
        update(
            &mut state,
            Event::Saved(Ok(Saved {
                path,
                nats_context: Some(context),
            })),
        );
    }
    let lines = screen_lines(&draw(&mut state, 80, 24));
    assert!(
        lines[0].contains("mnq-tui"),
        "header covered:\n{}",
        lines.join("\n")
    );
    let footer = &lines[lines.len() - 1];
    assert!(
        footer.contains("activate"),
        "footer covered:\n{}",
        lines.join("\n")
    );
    let screen = lines.join("\n");
    assert!(screen.contains("Saved to /home/ops/e/ci.creds"), "{screen}");
    assert!(screen.contains("[ Done ]"), "{screen}");
    snapshot("secret_saved_many_times", state);
}

#[test]
fn secret_close_question() {
    let mut state = queues_secret();
    update(&mut state, Command::Back);
    snapshot("secret_close_question", state);
}

#[test]
fn secret_quit_question() {
    let mut state = queues_secret();
    update(&mut state, Command::ForceQuit);
    snapshot("secret_quit_question", state);
}

#[test]
fn too_small_with_a_secret_open() {
    let mut state = queues_secret();
    let terminal = draw(&mut state, 40, 10);
    insta::assert_snapshot!("too_small_secret@40x10", terminal.backend());
    update(&mut state, Command::Quit);
    let terminal = draw(&mut state, 40, 10);
    insta::assert_snapshot!("too_small_secret_quit@40x10", terminal.backend());
}

#[test]
fn secret_overwrite_question() {
    let mut state = queues_secret();
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Command::Activate);
    update(
        &mut state,
        Event::Saved(Err(SaveError::Exists("/home/ops/ci-deploy.env".into()))),
    );
    snapshot("secret_overwrite_question", state);
}

#[test]
fn rotation_asks_to_revoke_the_old_credentials() {
    let (mut state, store) = state_on(Product::Queues, false);
    state.today = jiff::civil::date(2026, 11, 29);
    update(&mut state, Command::Rotate);
    let effects = update(&mut state, Command::Activate);
    let Some(Effect::Api(id, ApiCall::CreateCredentials { request, .. })) = effects.first() else {
        panic!("not sent: {effects:?}")
    };
    let made = made_credentials(&store, &request.name, request.permissions);
    update(
        &mut state,
        Event::Answer(*id, ApiAnswer::Created(Ok(Created::Credentials(made)))),
    );
    for _ in 0..3 {
        update(&mut state, Command::FocusNext);
    }
    update(&mut state, Command::Activate);
    snapshot("rotation_revoke", state.clone());
    // Cancel: both stay; the old one is marked replaced, the new one propagating.
    update(&mut state, Command::Activate);
    snapshot("rotation_replaced_and_propagating_rows", state);
}

#[test]
fn a_lost_create_whose_check_fails_says_what_is_known() {
    let (mut state, _) = state_on(Product::Queues, false);
    let id = send_generate(&mut state, "ci-deploy");
    let lost = ApiError::OutcomeUnknown {
        target: "https://api.scaleway.com".into(),
        cause: "connection closed before message completed".into(),
    };
    let effects = update(&mut state, Event::Answer(id, ApiAnswer::Created(Err(lost))));
    let Some(Effect::Api(check, _)) = effects.first() else {
        panic!("no check: {effects:?}")
    };
    let down = ApiError::Network {
        target: "https://api.scaleway.com".into(),
        cause: "Connection refused (os error 111)".into(),
    };
    update(
        &mut state,
        Event::Answer(*check, ApiAnswer::Credentials(Err(down))),
    );
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(
        screen.contains("whether it was made failed too: cannot reach")
            && screen.contains("\"ci-deploy\" may exist")
            && !screen.contains("no answer from ci-deploy"),
        "{screen}"
    );
    snapshot("lost_create_check_failed", state);
}

#[test]
fn a_lost_create_checks_then_offers_to_revoke() {
    let (mut state, store) = state_on(Product::Queues, false);
    let id = send_generate(&mut state, "ci-deploy");
    let lost = ApiError::OutcomeUnknown {
        target: "ci-deploy".into(),
        cause: "connection closed before message completed".into(),
    };
    let effects = update(&mut state, Event::Answer(id, ApiAnswer::Created(Err(lost))));
    snapshot("lost_create_checking", state.clone());
    let Some(Effect::Api(check, _)) = effects.first() else {
        panic!("no check: {effects:?}")
    };
    let mut nothing = state.clone();
    let ApiAnswer::Credentials(Ok(mut listed)) = answer(
        &ApiCall::ListCredentials {
            service: Service::Sqs,
            region: Region::FrPar,
            project_id: store.api_keys[0].default_project_id.clone(),
        },
        &store,
    ) else {
        panic!("the demo lists")
    };
    update(
        &mut nothing,
        Event::Answer(*check, ApiAnswer::Credentials(Ok(listed.clone()))),
    );
    snapshot("lost_create_nothing_made", nothing);
    listed.push(ServiceCredentials {
        id: CredentialsId("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
        name: "ci-deploy".into(),
        ..listed[0].clone()
    });
    update(
        &mut state,
        Event::Answer(*check, ApiAnswer::Credentials(Ok(listed))),
    );
    snapshot("lost_create_secret_lost", state);
}

#[test]
fn no_color_secret_pop_up_keeps_its_warning_and_focus_visible() {
    let mut state = queues_secret();
    state.session.theme = Theme::mono();
    let terminal = draw(&mut state, 80, 24);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == ratatui::style::Color::Reset
                && cell.bg == ratatui::style::Color::Reset),
        "NO_COLOR draws no colour"
    );
    let reversed: String = text_with(buffer, Modifier::REVERSED);
    assert!(reversed.contains("[▶ Copy secret ]"), "{reversed}");
    let underlined: String = text_with(buffer, Modifier::UNDERLINED);
    assert!(underlined.contains("WARNING: Copy or save"), "{underlined}");
    insta::assert_snapshot!("no_color_secret@80x24", terminal.backend());
}

#[test]
fn light_and_mono_themes() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Revoke);
    for (name, theme) in [("light", Theme::light()), ("mono", Theme::mono())] {
        state.session.theme = theme;
        let terminal = draw(&mut state, 80, 24);
        insta::assert_snapshot!(format!("theme_{name}@80x24"), terminal.backend());
        let buffer = terminal.backend().buffer();
        let colours: Vec<ratatui::style::Color> = buffer
            .content()
            .iter()
            .flat_map(|cell| [cell.fg, cell.bg])
            .collect();
        if name == "light" {
            // Cyan, gray and white text fade on a white background.
            for faint in [ratatui::style::Color::Cyan, ratatui::style::Color::Gray] {
                assert!(!colours.contains(&faint), "{name} uses {faint:?}");
            }
        } else {
            assert!(colours.iter().all(|c| *c == ratatui::style::Color::Reset));
        }
        // Selection and danger stay visible: the focused Cancel and the selected row reversed
        // (mono) or on a background colour (light); the warning bold.
        let focused = buffer
            .content()
            .iter()
            .filter(|cell| {
                cell.modifier.contains(Modifier::REVERSED)
                    || cell.bg != ratatui::style::Color::Reset
            })
            .map(|cell| cell.symbol())
            .collect::<String>();
        assert!(focused.contains("[▶ Cancel ]"), "{name}: {focused}");
        let bold = text_with(buffer, Modifier::BOLD);
        assert!(bold.contains("action is irreversible"), "{name}: {bold}");
    }
}

#[test]
fn connection_test() {
    let mut state = on_nats_account();
    update(&mut state, Command::TestConnection);
    for c in "~/orders-bus-ci.creds".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    snapshot("connection_test", state.clone());
    let effects = update(&mut state, Command::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("not sent: {effects:?}")
    };
    update(
        &mut state,
        Event::Answer(
            *id,
            ApiAnswer::Connection(ConnectionOutcome::Denied("authorization violation".into())),
        ),
    );
    snapshot("connection_test_denied", state);
}

#[test]
fn the_demo_without_nats_server_says_live_checks_are_off() {
    let (mut state, _) = state_on(Product::Nats, false);
    state.session.live_nats = Some(false);
    let terminal = draw(&mut state, 120, 40);
    let header = screen_lines(&terminal)[0].clone();
    assert!(
        header.contains("live NATS checks off (no nats-server)"),
        "{header}"
    );
    state.session.live_nats = Some(true);
    let terminal = draw(&mut state, 120, 40);
    assert!(!screen_lines(&terminal)[0].contains("checks off"));
}

// The order of the lists, their stale rows and the filter's words.

#[test]
fn sorted_by_name_descending() {
    let (mut state, _) = state_on(Product::Queues, false);
    update(&mut state, Command::Sort);
    update(&mut state, Command::Sort);
    update(&mut state, Command::ReverseSort);
    for (width, height) in SIZES {
        let screen = screen_lines(&draw(&mut state, width, height)).join("\n");
        assert!(screen.contains("Name ↓"), "{screen}");
        assert!(!screen.contains("Created ↑"), "{screen}");
    }
    snapshot("sorted_by_name_descending", state);
}

#[test]
fn a_sort_without_a_column_is_said_under_the_list() {
    let (mut state, _) = state_on(Product::Nats, false);
    update(&mut state, Command::Sort);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(screen.contains("sorted by updated ↑"), "{screen}");
    assert!(!screen.contains("Created ↑"), "{screen}");
}

/// The demo's Queues credentials on the 29th of November 2026, stale after a year.
fn with_stale_rows(monochrome: bool) -> State {
    let store = demo();
    let mut session = session(&store, false, monochrome);
    session.stale_days = 365;
    let mut state = State::new(session, Region::FrPar);
    state.today = jiff::civil::date(2026, 11, 29);
    let effects = update(&mut state, Command::GoToQueues);
    answer_all(&mut state, effects, &store);
    state
}

#[test]
fn stale_rows_are_marked() {
    let mut state = with_stale_rows(false);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(screen.contains("2025-08-05!"), "{screen}");
    assert!(
        screen.contains("2026-02-17 "),
        "a year old is not stale: {screen}"
    );
    assert!(screen.contains("! over 365 days old"), "{screen}");
    snapshot("stale_rows", state);
}

#[test]
fn filter_stale() {
    let mut state = with_stale_rows(false);
    update(&mut state, Command::Filter);
    for c in "stale".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    update(&mut state, Command::Open);
    let screen = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(screen.contains("1 of 10 · 10 of 12 match"), "{screen}");
    assert!(!screen.contains("webhook-dispatcher"), "{screen}");
    snapshot("filter_stale", state);
}

#[test]
fn no_color_keeps_the_stale_mark_visible() {
    let mut state = with_stale_rows(true);
    let terminal = draw(&mut state, 80, 24);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == ratatui::style::Color::Reset),
        "NO_COLOR draws no colour"
    );
    // The mark is text, and in bold besides.
    let bold: String = text_with(buffer, Modifier::BOLD);
    assert!(bold.contains("2024-06-03!"), "{bold}");
    insta::assert_snapshot!("no_color_stale_rows@80x24", terminal.backend());
}

#[test]
fn filter_words_say_why_nothing_matches() {
    let mut state = with_stale_rows(false);
    update(&mut state, Command::Filter);
    for c in "stale zzz".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(
        screen.contains("None of these is stale and has “zzz” in its name, access key or id."),
        "{screen}"
    );

    let mut state = on_nats_account();
    update(&mut state, Command::Filter);
    for c in "manage".chars() {
        update(&mut state, Event::Edit(InputRequest::InsertChar(c)));
    }
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(screen.contains("These have no permissions"), "{screen}");
}

/// Screens that put one role's colour over another's background: the header (with the spinner
/// and the read-only mark), selected rows with stale and "revoking…" marks, focused buttons,
/// checkboxes and menu items, every pop-up.
fn screens_of_every_role() -> Vec<(&'static str, State)> {
    let store = demo();
    let mut screens = vec![(
        "products",
        State::new(session(&store, false, false), Region::FrPar),
    )];
    let (mut busy, _) = state_on(Product::Queues, false);
    update(&mut busy, Command::Reload);
    screens.push(("busy list", busy));
    screens.push(("read-only", state_on(Product::Queues, true).0));
    let with = |commands: &[Command]| {
        let (mut state, _) = state_on(Product::Queues, false);
        for command in commands {
            update(&mut state, *command);
        }
        state
    };
    screens.push(("see more", with(&[Command::OpenSeeMore])));
    screens.push(("regions", with(&[Command::OpenRegions])));
    screens.push(("projects", with(&[Command::OpenProjects])));
    screens.push(("help", with(&[Command::Help])));
    screens.push(("filter", with(&[Command::Filter])));
    screens.push(("overview", with(&[Command::NextTab])));
    screens.push(("checkbox", with(&[Command::Update, Command::FocusNext])));
    screens.push(("button", with(&[Command::Update, Command::FocusPrevious])));
    screens.push(("revoke", with(&[Command::Revoke, Command::FocusNext])));
    screens.push((
        "revoking",
        with(&[Command::Revoke, Command::FocusNext, Command::Activate]),
    ));
    screens.push(("secret", queues_secret()));
    screens.push(("nats secret", nats_secret()));
    screens.push(("nats account", on_nats_account()));
    screens
}

/// The built-in themes, and themes a user's roles make: each role in the colour of the
/// header's or the selection's background, and those backgrounds in each role's colour.
fn themes_built_in_and_from_roles() -> Vec<(String, Theme)> {
    const ROLES: [&str; 11] = [
        "accent",
        "selection",
        "danger",
        "error",
        "warning",
        "muted",
        "key",
        "ok",
        "border",
        "focus",
        "header",
    ];
    const COLOURS: [&str; 9] = [
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "cyan",
        "gray",
        "dark-gray",
        "white",
    ];
    let mut themes: Vec<(String, Theme)> = ["dark", "light", "mono"]
        .into_iter()
        .map(|name| (name.to_owned(), Theme::named(name).expect("a theme")))
        .collect();
    for base in ["dark", "light"] {
        for colour in COLOURS {
            let mut colors: Vec<String> = ROLES
                .iter()
                .map(|role| format!("{role} = \"{colour}\""))
                .collect();
            let text = if colour == "white" { "black" } else { "white" };
            for background in ["header", "selection"] {
                colors.push(format!("{background} = \"{text} on {colour}\""));
            }
            for role in colors {
                let config = format!("theme = \"{base}\"\n[colors]\n{role}\n");
                let parsed = mnq_tui::user_config::parse(&config)
                    .unwrap_or_else(|error| panic!("{config}: {error}"));
                themes.push((format!("{base} with {role}"), parsed.theme));
            }
        }
    }
    themes
}

#[test]
fn no_theme_draws_text_in_its_own_background_colour() {
    let themes = themes_built_in_and_from_roles();
    let mut too_small = State::new(session(&demo(), false, false), Region::FrPar);
    let mut screens: Vec<(&str, State, (u16, u16))> = screens_of_every_role()
        .into_iter()
        .map(|(name, state)| (name, state, (120, 40)))
        .collect();
    too_small.session.readonly = true;
    screens.push(("too small", too_small, (40, 10)));
    for (theme_name, theme) in &themes {
        for (screen, state, (width, height)) in &mut screens {
            state.session.theme = *theme;
            let terminal = draw(state, *width, *height);
            let buffer = terminal.backend().buffer();
            for (at, cell) in buffer.content().iter().enumerate() {
                let unreadable = cell.fg == cell.bg
                    && cell.bg != ratatui::style::Color::Reset
                    && !cell.symbol().trim().is_empty();
                assert!(
                    !unreadable,
                    "{theme_name}, {screen}: {:?} drawn in {:?} on {:?} at line {}:\n{}",
                    cell.symbol(),
                    cell.fg,
                    cell.bg,
                    at / usize::from(*width),
                    screen_lines(&terminal).join("\n")
                );
            }
        }
    }
}
