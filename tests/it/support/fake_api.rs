//! A fake API: what the demo data answers to the console's calls, for the tests that drive the
//! core without an emulator.

use mnq_tui::api::account::Project;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::{Seed, Store};

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

/// The NATS accounts of a project in a region.
pub fn nats_accounts(store: &Store, region: Region, project_id: &ProjectId) -> Vec<NatsAccount> {
    store
        .nats_accounts
        .iter()
        .map(|record| record.account.clone())
        .filter(|a| a.region == region && a.project_id == *project_id)
        .collect()
}

/// The credentials of a NATS account.
pub fn nats_credentials(store: &Store, account: &NatsAccountId) -> Vec<NatsCredentials> {
    store
        .nats_credentials
        .iter()
        .filter(|c| c.nats_account_id == *account)
        .cloned()
        .collect()
}

/// The Queues or Topics and Events credentials of a project in a region.
pub fn credentials(
    store: &Store,
    service: Service,
    region: Region,
    project_id: &ProjectId,
) -> Vec<ServiceCredentials> {
    let all = match service {
        Service::Sqs => &store.sqs_credentials,
        Service::Sns => &store.sns_credentials,
    };
    all.iter()
        .filter(|c| c.region == region && c.project_id == *project_id)
        .cloned()
        .collect()
}

/// What the demo data answers to a call (reads only).
pub fn answer(call: &ApiCall, store: &Store) -> ApiAnswer {
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => {
            ApiAnswer::NatsAccounts(Ok(nats_accounts(store, *region, project_id)))
        }
        ApiCall::ListNatsCredentials { account, .. } => {
            ApiAnswer::NatsCredentials(Ok(nats_credentials(store, account)))
        }
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => ApiAnswer::Credentials(Ok(credentials(store, *service, *region, project_id))),
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
