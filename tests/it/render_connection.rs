//! Snapshots of the connection test of Queues and Topics and Events on ratatui's
//! `TestBackend`, with the demo data: the `.env` path typed, the endpoint's grants next to what
//! the API declares (a difference and a "cannot tell" among them), a revoked key refused, the
//! secret pop-up after its own test, and the same without colour. `INSTA_UPDATE=no` (CI) fails
//! on any unreviewed change.

use mnq_tui::api::data_plane::{Access, ConnectionReport, Grant, Grants};
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::Store;
use ratatui::style::Color;

use crate::support::fake_api::{answer, demo};
use crate::support::states::type_text;
use crate::support::view::{draw, screen_lines};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

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

/// The demo's credentials of `product` in fr-par, the second row selected.
fn on(product: Product) -> State {
    let store = demo();
    let session = Session::new("demo", store.api_keys[0].default_project_id.clone());
    let mut state = State::new(session, Region::FrPar);
    let effects = update(&mut state, Command::go_to(product));
    answer_all(&mut state, effects, &store);
    update(&mut state, Command::Down);
    state
}

fn selected(state: &State) -> ServiceCredentials {
    match &state.screen {
        Screen::Service(page) => page
            .credentials
            .selected_row()
            .cloned()
            .expect("a row selected"),
        other => panic!("not a credentials list: {other:?}"),
    }
}

/// `t`, the path typed, Enter: the test sent, its id.
fn test_file(state: &mut State, path: &str) -> RequestId {
    update(state, Command::TestConnection);
    type_text(state, path);
    let effects = update(state, Command::Activate);
    match effects.as_slice() {
        [Effect::Api(id, ApiCall::TestConnection(_))] => *id,
        other => panic!("no test sent: {other:?}"),
    }
}

fn probed(endpoint: &str, access_key: &str, report: ConnectionReport) -> ApiAnswer {
    ApiAnswer::Connection(ConnectionOutcome::Probed(Box::new(Probed {
        endpoint: endpoint.into(),
        access_key: access_key.into(),
        report,
    })))
}

/// The selected Queues credentials tested: the endpoint grants Read, as the API declares, and
/// Write, which it does not; it cannot tell Manage.
fn queues_accepted() -> State {
    let mut state = on(Product::Queues);
    let row = selected(&state);
    assert_eq!(
        row.permissions,
        Some(Permissions::new(false, true, false)),
        "the demo's second row declares Read only"
    );
    let id = test_file(&mut state, "~/orders-consumer.env");
    let report = ConnectionReport {
        access: Access::Accepted,
        grants: Some(Grants {
            write: Grant::Granted,
            read: Grant::Granted,
            manage: Grant::CannotTell("ListQueues answered \"does not exist\"".into()),
        }),
    };
    update(
        &mut state,
        Event::Answer(
            id,
            probed(
                "https://sqs.mnq.fr-par.scaleway.com",
                &row.access_key,
                report,
            ),
        ),
    );
    state
}

#[test]
fn queues_test_editing() {
    let mut state = on(Product::Queues);
    update(&mut state, Command::TestConnection);
    type_text(&mut state, "~/orders-consumer.env");
    snapshot("queues_test_editing", state);
}

#[test]
fn queues_test_accepted() {
    let mut state = queues_accepted();
    let text = screen_lines(&draw(&mut state, 80, 24)).join("\n");
    assert!(text.contains("≠ differs"), "{text}");
    assert!(text.contains("Manage: cannot tell"), "{text}");
    snapshot("queues_test_accepted", state);
}

#[test]
fn topics_test_refused() {
    let mut state = on(Product::TopicsAndEvents);
    let id = test_file(&mut state, "/home/ops/revoked.env");
    let report = ConnectionReport {
        access: Access::UnknownKey {
            code: "InvalidClientTokenId".into(),
        },
        grants: None,
    };
    update(
        &mut state,
        Event::Answer(
            id,
            probed(
                "https://sns.mnq.fr-par.scaleway.com",
                "SCWREVOKEDKEY0000001",
                report,
            ),
        ),
    );
    snapshot("topics_test_refused", state);
}

#[test]
fn secret_queues_tested() {
    let mut state = on(Product::Queues);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-deploy");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::FocusPrevious);
    let effects = update(&mut state, Command::Activate);
    let [Effect::Api(create, ApiCall::CreateCredentials { request, .. })] = effects.as_slice()
    else {
        panic!("no create: {effects:?}");
    };
    let made = ServiceCredentials {
        id: CredentialsId("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
        name: request.name.clone(),
        project_id: request.project_id.clone(),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        access_key: "SCWNEWACCESSKEY00001".into(),
        secret_key: Secret::new("6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d"),
        secret_checksum: String::new(),
        permissions: Some(request.permissions),
    };
    update(
        &mut state,
        Event::Answer(*create, ApiAnswer::Created(Ok(Created::Credentials(made)))),
    );
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    let effects = update(&mut state, Command::Activate);
    let [Effect::Api(test, ApiCall::TestConnection(_))] = effects.as_slice() else {
        panic!("no test: {effects:?}");
    };
    let report = ConnectionReport {
        access: Access::Accepted,
        grants: Some(Grants {
            write: Grant::Granted,
            read: Grant::Refused,
            manage: Grant::Refused,
        }),
    };
    update(
        &mut state,
        Event::Answer(
            *test,
            probed(
                "https://sqs.mnq.fr-par.scaleway.com",
                "SCWNEWACCESSKEY00001",
                report,
            ),
        ),
    );
    snapshot("secret_queues_tested", state);
}

#[test]
fn no_color_queues_test_accepted() {
    let mut state = queues_accepted();
    state.session.theme = Theme::mono();
    let terminal = draw(&mut state, 80, 24);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset),
        "NO_COLOR draws no colour"
    );
    let text = screen_lines(&terminal).join("\n");
    assert!(
        text.contains("≠ differs"),
        "the difference is in words: {text}"
    );
    insta::assert_snapshot!("no_color_queues_test_accepted@80x24", terminal.backend());
}
