//! The connection test of Queues and Topics and Events credentials through the pure core: the
//! secret pop-up's Test with the keys just created, `t` on the credentials list with the `.env`
//! saved in this run or one typed, and the answer kept next to what the API declares for the
//! key. No network, no files: the effects say what the worker would try.

use mnq_tui::api::ApiError;
use mnq_tui::api::data_plane::{Access, ConnectionReport, Grant, Grants};
use mnq_tui::api::model::*;
use mnq_tui::app::*;

use crate::support::states::*;

const SECRET: &str = "0f5b2a8e-6d1c-4c3b-9a7e-2b8d4f6a1c9e";
const ENDPOINT: &str = "https://sqs.mnq.fr-par.scaleway.com";

/// A console on the credentials of `service` in fr-par: the Overview's info answered as given,
/// then the rows.
fn on_service(
    service: Service,
    info: Result<String, ApiError>,
    rows: Vec<ServiceCredentials>,
) -> State {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::go_to(service.product()));
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let info_id = call_id(&effects, |call| matches!(call, ApiCall::GetInfo { .. }));
    let info = info.map(|endpoint_url| ServiceInfo {
        service,
        project_id: ProjectId(PROJECT.into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        status: ServiceStatus::Enabled,
        endpoint_url,
    });
    update(&mut state, Event::Answer(info_id, ApiAnswer::Info(info)));
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    state
}

fn three_rows() -> Vec<ServiceCredentials> {
    vec![
        credentials(1, "orders-producer", Region::FrPar),
        credentials(2, "orders-consumer", Region::FrPar),
        credentials(3, "billing-admin", Region::FrPar),
    ]
}

/// Generates credentials named `name` with Write only, answered with their secret; the
/// secret pop-up is open.
fn generate(state: &mut State, name: &str) -> ServiceCredentials {
    update(state, Command::Generate);
    type_text(state, name);
    update(state, Command::FocusNext);
    update(state, Command::Toggle);
    for _ in 0..4 {
        update(state, Command::FocusNext);
    }
    let effects = update(state, Command::Activate);
    let create = call_id(&effects, |call| {
        matches!(call, ApiCall::CreateCredentials { .. })
    });
    let made = ServiceCredentials {
        secret_key: Secret::new(SECRET),
        ..credentials(9, name, Region::FrPar)
    };
    update(
        state,
        Event::Answer(
            create,
            ApiAnswer::Created(Ok(Created::Credentials(made.clone()))),
        ),
    );
    assert_eq!(state.context(), Context::Secret);
    made
}

fn secret_popup(state: &State) -> &SecretPopup {
    match &state.popup {
        Some(Popup::Secret(secret)) => secret,
        other => panic!("no secret pop-up: {other:?}"),
    }
}

fn connection_test(state: &State) -> &ConnectionTest {
    match &state.popup {
        Some(Popup::Connection(test)) => test,
        other => panic!("no connection test: {other:?}"),
    }
}

/// Focuses the secret pop-up's `button`.
fn focus(state: &mut State, button: SecretButton) {
    for _ in 0..5 {
        if secret_popup(state).focus == button {
            return;
        }
        update(state, Command::FocusNext);
    }
    panic!("no {button:?} button");
}

/// The endpoint took the key and grants Write only.
fn write_only(access_key: &str) -> ConnectionOutcome {
    ConnectionOutcome::Probed(Box::new(Probed {
        endpoint: ENDPOINT.into(),
        access_key: access_key.into(),
        report: ConnectionReport {
            access: Access::Accepted,
            grants: Some(Grants {
                write: Grant::Granted,
                read: Grant::Refused,
                manage: Grant::Refused,
            }),
        },
    }))
}

#[test]
fn the_secret_pop_up_tests_the_new_keys_at_the_endpoint_the_overview_read() {
    let mut state = on_service(Service::Sqs, Ok(ENDPOINT.into()), three_rows());
    let made = generate(&mut state, "ci-deploy");
    focus(&mut state, SecretButton::TestConnection);
    let effects = update(&mut state, Command::Activate);
    let expected = ApiCall::TestConnection(ConnectionCheck::Service {
        service: Service::Sqs,
        project_id: ProjectId(PROJECT.into()),
        keys: KeysSource::Created(CreatedKeys {
            region: Region::FrPar,
            endpoint: Some(ENDPOINT.into()),
            access_key: made.access_key.clone(),
            secret_key: Secret::new(SECRET),
        }),
    });
    let test = call_id(&effects, |call| call == &expected);
    assert!(
        !format!("{effects:?}").contains(SECRET),
        "the call's Debug hides the secret: {effects:?}"
    );
    assert_eq!(secret_popup(&state).note, Some(SecretNote::Testing(test)));

    let outcome = write_only(&made.access_key);
    update(
        &mut state,
        Event::Answer(test, ApiAnswer::Connection(outcome.clone())),
    );
    assert_eq!(
        secret_popup(&state).note,
        Some(SecretNote::Connection(outcome))
    );
}

#[test]
fn without_the_endpoint_of_the_overview_the_worker_is_asked_to_read_it() {
    let unavailable = ApiError::Server {
        status: 503,
        message: "maintenance".into(),
    };
    let mut state = on_service(Service::Sns, Err(unavailable), three_rows());
    generate(&mut state, "ci-events");
    focus(&mut state, SecretButton::TestConnection);
    let effects = update(&mut state, Command::Activate);
    let asked = api_calls(&effects);
    let [
        ApiCall::TestConnection(ConnectionCheck::Service {
            service: Service::Sns,
            keys: KeysSource::Created(keys),
            ..
        }),
    ] = asked.as_slice()
    else {
        panic!("not a test of the new keys: {asked:?}");
    };
    assert_eq!(keys.endpoint, None);
    assert_eq!(keys.region, Region::FrPar);
}

#[test]
fn t_tests_the_env_saved_for_the_selected_credentials_and_keeps_what_the_api_declares() {
    let mut state = on_service(Service::Sqs, Ok(ENDPOINT.into()), three_rows());
    let made = generate(&mut state, "ci-deploy");
    focus(&mut state, SecretButton::Save);
    update(&mut state, Command::Activate);
    let effects = update(&mut state, Command::Activate);
    assert!(
        effects
            .iter()
            .any(|effect| matches!(effect, Effect::Save(_))),
        "{effects:?}"
    );
    let saved = Saved {
        path: "/home/ops/ci-deploy.env".into(),
        nats_context: None,
    };
    update(&mut state, Event::Saved(Ok(saved)));
    focus(&mut state, SecretButton::Done);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());

    // Another row selected: its own file, which was never saved, is proposed (none).
    update(&mut state, Command::First);
    update(&mut state, Command::TestConnection);
    assert_eq!(connection_test(&state).path.value(), "");
    update(&mut state, Command::Back);

    update(&mut state, Command::Last);
    update(&mut state, Command::TestConnection);
    assert_eq!(state.context(), Context::Connection);
    let test = connection_test(&state);
    assert_eq!(test.path.value(), "/home/ops/ci-deploy.env");
    assert_eq!(
        test.subject,
        ConnectionSubject::Service {
            service: Service::Sqs,
            project_id: ProjectId(PROJECT.into()),
        }
    );
    let effects = update(&mut state, Command::Activate);
    let expected = ApiCall::TestConnection(ConnectionCheck::Service {
        service: Service::Sqs,
        project_id: ProjectId(PROJECT.into()),
        keys: KeysSource::File("/home/ops/ci-deploy.env".into()),
    });
    let id = call_id(&effects, |call| call == &expected);
    assert_eq!(
        connection_test(&state).status,
        ConnectionStatus::Testing(id)
    );

    let outcome = write_only(&made.access_key);
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Connection(outcome.clone())),
    );
    let test = connection_test(&state);
    assert_eq!(test.status, ConnectionStatus::Done(outcome));
    assert_eq!(
        test.declared,
        Some(Declared {
            name: "ci-deploy".into(),
            permissions: Some(Permissions::new(true, false, false)),
        })
    );
}

#[test]
fn t_with_nothing_selected_tests_a_typed_env_in_the_project_shown() {
    let mut state = on_service(Service::Sns, Ok(ENDPOINT.into()), Vec::new());
    update(&mut state, Command::TestConnection);
    assert_eq!(connection_test(&state).path.value(), "");
    let effects = update(&mut state, Command::Activate);
    assert!(effects.is_empty(), "nothing to test: {effects:?}");
    assert_eq!(
        connection_test(&state).status,
        ConnectionStatus::Done(ConnectionOutcome::BadFile(
            "type the path of a .env file".into()
        ))
    );
    type_text(&mut state, "~/events.env");
    let effects = update(&mut state, Command::Activate);
    let expected = ApiCall::TestConnection(ConnectionCheck::Service {
        service: Service::Sns,
        project_id: ProjectId(PROJECT.into()),
        keys: KeysSource::File("~/events.env".into()),
    });
    let id = call_id(&effects, |call| call == &expected);
    let refused = ConnectionOutcome::Probed(Box::new(Probed {
        endpoint: "https://sns.mnq.fr-par.scaleway.com".into(),
        access_key: "SCWREVOKEDKEY0000001".into(),
        report: ConnectionReport {
            access: Access::UnknownKey {
                code: "InvalidClientTokenId".into(),
            },
            grants: None,
        },
    }));
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Connection(refused.clone())),
    );
    let test = connection_test(&state);
    assert_eq!(test.status, ConnectionStatus::Done(refused));
    assert_eq!(test.declared, None, "no row has that key");
}

#[test]
fn read_only_keeps_the_test_and_closing_while_it_tests_drops_the_answer() {
    let mut state = on_service(Service::Sqs, Ok(ENDPOINT.into()), three_rows());
    state.session.readonly = true;
    // A test changes nothing: `--readonly` keeps its key.
    let t = state
        .session
        .keymap
        .resolve(Context::Credentials, &Key::char('t'));
    assert_eq!(t, Some(Resolved::Command(Command::TestConnection)));
    update(&mut state, Command::TestConnection);
    type_text(&mut state, "ci.env");
    let effects = update(&mut state, Command::Activate);
    let id = call_id(&effects, |call| matches!(call, ApiCall::TestConnection(_)));
    // While it tests, typing changes nothing and Enter sends nothing.
    type_text(&mut state, "x");
    assert_eq!(connection_test(&state).path.value(), "ci.env");
    assert!(update(&mut state, Command::Activate).is_empty());
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
    update(
        &mut state,
        Event::Answer(
            id,
            ApiAnswer::Connection(write_only("AK000000000000000001")),
        ),
    );
    assert!(state.popup.is_none(), "a closed test shows no answer");
    assert!(!state.is_busy());
}
