//! The Account API's project list (`GET /account/v3/projects`, as Scaleway's SDKs call it), and
//! what an API key scoped to some projects may read.
//!
//! A key with `project_ids` is scoped: it may not list the organisation's projects (403, which
//! is how a client learns it must stay in its configured project), and a Messaging and Queuing
//! read that names another project, or no project, answers 403 `permissions_denied`. Only
//! reads (GET) are checked.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::refusal::Refusal;
use super::store::{ApiKey, Project, Store};
use mnq_api::AUTH_HEADER;
use mnq_api::account::{self, ListProjectsResponse, ProjectsOrderBy};
use mnq_api::model::{OrganizationId, ProjectId};

/// What a project list asks for, checked.
struct ProjectQuery {
    organization_id: Option<OrganizationId>,
    name: Option<String>,
    project_ids: Option<Vec<ProjectId>>,
    order_by: ProjectsOrderBy,
    page: u64,
    page_size: u64,
}

/// `GET /account/v3/projects?organization_id=&name=&project_ids=&page=&page_size=&order_by=`.
pub async fn list_projects(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<ListProjectsResponse>, Refusal> {
    let query = project_query(query.as_deref().unwrap_or_default(), shared.page_size)?;
    shared.read(|store| {
        let key = caller(store, &headers);
        if key.is_some_and(|key| key.project_ids.is_some()) {
            return Err(Refusal::PermissionsDenied {
                action: "list",
                resource: "projects",
            });
        }
        let organization = &store.organization.id;
        if query
            .organization_id
            .as_ref()
            .is_some_and(|asked| asked != organization)
        {
            return Err(Refusal::PermissionsDenied {
                action: "list",
                resource: "projects",
            });
        }
        let mut matching: Vec<&Project> = store
            .projects
            .iter()
            .filter(|project| query.name.as_ref().is_none_or(|name| &project.name == name))
            .filter(|project| {
                query
                    .project_ids
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&project.id))
            })
            .collect();
        // The requested key, then the id, so that pages never overlap.
        matching.sort_by(|a, b| match query.order_by {
            ProjectsOrderBy::CreatedAtAsc => (a.created_at, &a.id).cmp(&(b.created_at, &b.id)),
            ProjectsOrderBy::CreatedAtDesc => (b.created_at, &b.id).cmp(&(a.created_at, &a.id)),
            ProjectsOrderBy::NameAsc => (&a.name, &a.id).cmp(&(&b.name, &b.id)),
            ProjectsOrderBy::NameDesc => (&b.name, &b.id).cmp(&(&a.name, &a.id)),
        });
        let size = usize::try_from(query.page_size).unwrap_or(usize::MAX);
        let skip = usize::try_from(query.page - 1)
            .unwrap_or(usize::MAX)
            .saturating_mul(size);
        Ok(Json(ListProjectsResponse {
            total_count: matching.len() as u64,
            projects: matching
                .into_iter()
                .skip(skip)
                .take(size)
                .map(|project| account::Project {
                    id: project.id.clone(),
                    name: project.name.clone(),
                    organization_id: organization.clone(),
                    created_at: project.created_at,
                    updated_at: project.updated_at,
                    description: project.description.clone(),
                })
                .collect(),
        }))
    })
}

fn project_query(text: &str, page_size: super::PageSize) -> Result<ProjectQuery, Refusal> {
    let mut pairs: HashMap<String, String> = HashMap::new();
    let mut project_ids = Vec::new();
    for (name, value) in url::form_urlencoded::parse(text.as_bytes()).into_owned() {
        // Python's requests writes a list as the name repeated.
        if name == "project_ids" {
            project_ids.push(ProjectId(uuid_text("project_ids", &value)?));
        } else {
            pairs.insert(name, value);
        }
    }
    let number = |name: &str, default: u64, max: u64| -> Result<u64, Refusal> {
        let Some(text) = pairs.get(name) else {
            return Ok(default);
        };
        match text.parse::<u64>() {
            Ok(value) if (1..=max).contains(&value) => Ok(value),
            Ok(_) => Err(Refusal::invalid(
                name,
                "constraint",
                format!("must be between 1 and {max}"),
            )),
            Err(_) => Err(Refusal::invalid(
                name,
                "format",
                "must be a positive integer",
            )),
        }
    };
    let order_by = match pairs.get("order_by") {
        None => ProjectsOrderBy::default(),
        Some(text) => text.parse().map_err(|_| {
            let known: Vec<&str> = ProjectsOrderBy::ALL.iter().map(|o| o.as_str()).collect();
            Refusal::invalid(
                "order_by",
                "format",
                format!("must be one of {}", known.join(", ")),
            )
        })?,
    };
    Ok(ProjectQuery {
        organization_id: pairs
            .get("organization_id")
            .map(|id| uuid_text("organization_id", id).map(OrganizationId))
            .transpose()?,
        name: pairs.get("name").cloned(),
        project_ids: (!project_ids.is_empty()).then_some(project_ids),
        order_by,
        page: number("page", 1, u64::from(u32::MAX))?,
        page_size: number("page_size", page_size.default, page_size.max)?,
    })
}

fn uuid_text(argument: &str, text: &str) -> Result<String, Refusal> {
    if text.len() == 36 && uuid::Uuid::try_parse(text).is_ok() {
        Ok(text.to_owned())
    } else {
        Err(Refusal::invalid(argument, "format", "must be a valid UUID"))
    }
}

/// The API key a request authenticates with (the authentication layer has checked it).
fn caller<'a>(store: &'a Store, headers: &HeaderMap) -> Option<&'a ApiKey> {
    let token = headers.get(AUTH_HEADER)?.to_str().ok()?;
    store
        .api_keys
        .iter()
        .find(|key| key.secret_key.expose() == token)
}

/// 403 for a Messaging and Queuing read by a scoped key outside its projects.
pub async fn check_scope(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let asked = url::form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "project_id")
        .map(|(_, value)| ProjectId(value.into_owned()));
    let allowed = shared.read(|store| {
        match caller(store, request.headers()).and_then(|key| key.project_ids.as_ref()) {
            None => true,
            Some(scope) => asked.as_ref().is_some_and(|asked| scope.contains(asked)),
        }
    });
    if allowed {
        return next.run(request).await;
    }
    Refusal::PermissionsDenied {
        action: "read",
        resource: resource_of(request.uri().path()),
    }
    .into_response()
}

/// What a read path reads, as a `permissions_denied` names it.
fn resource_of(path: &str) -> &'static str {
    const RESOURCES: [&str; 6] = [
        "nats-accounts",
        "nats-credentials",
        "sqs-credentials",
        "sns-credentials",
        "sqs-info",
        "sns-info",
    ];
    RESOURCES
        .into_iter()
        .find(|resource| path.split('/').any(|segment| segment == *resource))
        .unwrap_or("resources")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::{Emulator, EmulatorOptions, Seed};
    use mnq_api::model::{Region, Secret, Service};
    use mnq_api::{Client, ClientConfig, ListQuery};

    async fn emulator_with_projects(count: usize) -> Emulator {
        let emulator = Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                ..EmulatorOptions::default()
            },
        )
        .await
        .unwrap();
        emulator.edit(|store| {
            for n in 1..count {
                store.projects.push(Project {
                    id: ProjectId(format!("00000000-0000-4000-8000-{n:012}")),
                    name: format!("project-{n:04}"),
                    description: String::new(),
                    created_at: format!("2025-01-01T00:00:{:02}Z", n % 60).parse().ok(),
                    updated_at: None,
                });
            }
        });
        emulator
    }

    fn client_of(emulator: &Emulator, secret_key: &str) -> Client {
        mnq_api::install_tls_provider();
        Client::new(ClientConfig::new(emulator.url(), Secret::new(secret_key))).unwrap()
    }

    /// 250 projects at the emulator's 100 a page: the client reads three pages and gets each
    /// project once, oldest first.
    #[tokio::test]
    async fn the_client_reads_every_page_of_the_projects() {
        let emulator = emulator_with_projects(250).await;
        let organization = emulator.snapshot().organization.id;
        let key = emulator.api_key();
        let client = client_of(&emulator, key.secret_key.expose());

        let projects = client.list_projects(&organization).await.unwrap();

        assert_eq!(projects.len(), 250);
        let mut ids: Vec<&ProjectId> = projects.iter().map(|p| &p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 250, "each project once");
        assert!(
            projects
                .windows(2)
                .all(|pair| (pair[0].created_at, &pair[0].id) <= (pair[1].created_at, &pair[1].id)),
            "oldest first"
        );
        assert!(projects.iter().all(|p| p.organization_id == organization));
        assert_eq!(client.stats().requests.load(Ordering::Relaxed), 3);
    }

    /// A key scoped to one project may not list the organisation's projects, nor read the
    /// credentials of another project; in its own project it reads as before.
    #[tokio::test]
    async fn a_scoped_key_gets_403_outside_its_projects() {
        let emulator = emulator_with_projects(2).await;
        let store = emulator.snapshot();
        let own = store.projects[0].id.clone();
        let other = store.projects[1].id.clone();
        let scoped = "5c0ffee5-0000-4000-8000-000000000001";
        emulator.edit(|store| {
            store.api_keys.push(ApiKey {
                access_key: "SCWSCOPED00000000000".into(),
                secret_key: Secret::new(scoped),
                default_project_id: own.clone(),
                description: "one project only".into(),
                project_ids: Some(vec![own.clone()]),
            });
        });
        let client = client_of(&emulator, scoped);

        let error = client
            .list_projects(&store.organization.id)
            .await
            .unwrap_err();
        assert!(error.is_permissions_denied(), "{error:?}");
        let list = |project: ProjectId| async {
            client
                .list_credentials(Service::Sqs, Region::FrPar, &ListQuery::project(project))
                .await
        };
        assert!(list(own).await.is_ok());
        let error = list(other).await.unwrap_err();
        assert!(error.is_permissions_denied(), "{error:?}");
    }
}
