//! Console states for the tests that drive the pure core: a session, rows, and the screens the
//! flows start from, reached through `update` as the console reaches them.

use mnq_tui::api::model::*;
use mnq_tui::app::*;
use tui_input::InputRequest;

pub const PROJECT: &str = "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85";

pub fn session(readonly: bool) -> Session {
    Session {
        readonly,
        ..Session::new("test", ProjectId(PROJECT.into()))
    }
}

pub fn credentials(index: u32, name: &str, region: Region) -> ServiceCredentials {
    ServiceCredentials {
        id: CredentialsId(format!("00000000-0000-4000-8000-{index:012}")),
        name: name.into(),
        project_id: ProjectId(PROJECT.into()),
        region,
        created_at: None,
        updated_at: None,
        access_key: format!("AK{index:018}"),
        secret_key: Secret::default(),
        secret_checksum: String::new(),
        permissions: Some(Permissions::new(true, false, false)),
    }
}

pub fn nats_account() -> NatsAccount {
    NatsAccount {
        id: NatsAccountId("A".repeat(56)),
        name: "orders-bus".into(),
        endpoint: "nats://nats.mnq.fr-par.scaleway.com:4222".into(),
        project_id: ProjectId(PROJECT.into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
    }
}

pub fn nats_credentials(index: u32, name: &str) -> NatsCredentials {
    NatsCredentials {
        id: CredentialsId(format!("10000000-0000-4000-8000-{index:012}")),
        name: name.into(),
        nats_account_id: nats_account().id,
        region: Some(Region::FrPar),
        created_at: None,
        updated_at: None,
        credentials: None,
        checksum: "0".repeat(40),
    }
}

/// The id of the only API call among the effects that matches.
pub fn call_id(effects: &[Effect], matches: impl Fn(&ApiCall) -> bool) -> RequestId {
    let ids: Vec<RequestId> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Api(id, call) if matches(call) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 1, "expected one matching call in {effects:?}");
    ids[0]
}

pub fn api_calls(effects: &[Effect]) -> Vec<&ApiCall> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Api(_, call) => Some(call),
            _ => None,
        })
        .collect()
}

/// A console on the Queues credentials of fr-par, loaded with three rows.
pub fn on_queues(readonly: bool) -> State {
    let mut state = State::new(session(readonly), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let info = call_id(&effects, |call| matches!(call, ApiCall::GetInfo { .. }));
    let enabled = ServiceInfo {
        service: Service::Sqs,
        project_id: ProjectId(PROJECT.into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        status: ServiceStatus::Enabled,
        endpoint_url: "https://sqs.mnq.fr-par.scaleway.com".into(),
    };
    update(
        &mut state,
        Event::Answer(info, ApiAnswer::Info(Ok(enabled))),
    );
    let rows = vec![
        credentials(1, "orders-producer", Region::FrPar),
        credentials(2, "orders-consumer", Region::FrPar),
        credentials(3, "billing-admin", Region::FrPar),
    ];
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    state
}

pub fn open_popup(state: &State) -> Option<&Popup> {
    state.popup.as_ref()
}

pub fn form(state: &State) -> &Form {
    match open_popup(state) {
        Some(Popup::Form(form)) => form,
        other => panic!("no form: {other:?}"),
    }
}

pub fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Event::Edit(InputRequest::InsertChar(c)));
    }
}

pub fn on_nats_account(readonly: bool) -> State {
    let mut state = State::new(session(readonly), Region::FrPar);
    let effects = update(&mut state, Command::GoToNats);
    let id = call_id(&effects, |call| {
        matches!(call, ApiCall::ListNatsAccounts { .. })
    });
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::NatsAccounts(Ok(vec![nats_account()]))),
    );
    let effects = update(&mut state, Command::Open);
    let id = call_id(
        &effects,
        |call| matches!(call, ApiCall::ListNatsCredentials { account, .. } if *account == nats_account().id),
    );
    update(
        &mut state,
        Event::Answer(
            id,
            ApiAnswer::NatsCredentials(Ok(vec![
                nats_credentials(1, "worker-1"),
                nats_credentials(2, "worker-2"),
            ])),
        ),
    );
    state
}
