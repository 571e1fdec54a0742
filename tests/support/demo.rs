//! The demo data as the API would answer it, for the tests that drive the core without an
//! emulator, and the console drawn as it would be on a terminal.

use mnq_tui::api::account::Project;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::{Seed, Store};
use mnq_tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

/// Draws the state as the console would at this size (after telling it the layout).
pub fn draw(state: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    let layout = ui::layout(Size::new(width, height), state);
    update(state, Event::Layout(layout));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::render(state, frame)).unwrap();
    terminal
}

pub fn demo() -> Store {
    Seed::Demo.load().expect("the demo seed loads")
}

/// The demo organisation's projects, as the Account API lists them.
pub fn projects(store: &Store) -> Vec<Project> {
    store
        .projects
        .iter()
        .map(|project| Project {
            id: project.id.clone(),
            name: project.name.clone(),
            organization_id: store.organization.id.clone(),
            created_at: project.created_at,
            updated_at: project.updated_at,
            description: project.description.clone(),
        })
        .collect()
}

/// What the demo data answers to a call (reads only).
pub fn answer(call: &ApiCall, store: &Store) -> ApiAnswer {
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
        ApiCall::ListProjects { .. } => ApiAnswer::Projects(Ok(projects(store))),
        other => panic!("not a read: {other:?}"),
    }
}
