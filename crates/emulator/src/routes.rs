//! The HTTP face of the emulator: routes, authentication, argument checks, and answers in the
//! real API's shapes. The rules themselves live in `store`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::Shared;
use super::data_plane;
use super::faults;
use super::projects;
use super::propagation::{self, Made};
use super::refusal::Refusal;
use super::store::{Entropy, ListParams};
use mnq_api::AUTH_HEADER;
use mnq_api::model::*;

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

type Answer<T> = Result<Json<T>, Refusal>;

pub fn router(shared: Arc<Shared>) -> Router {
    let service_routes = |service: Service| {
        let name = service.api_name();
        Router::new()
            .route(
                &format!("/mnq/v1beta1/regions/{{region}}/{name}-credentials"),
                get(list_credentials).post(create_credentials),
            )
            .route(
                &format!("/mnq/v1beta1/regions/{{region}}/{name}-credentials/{{id}}"),
                get(get_credentials)
                    .patch(update_credentials)
                    .delete(delete_credentials),
            )
            .route(
                &format!("/mnq/v1beta1/regions/{{region}}/{name}-info"),
                get(get_info),
            )
            .route(
                &format!("/mnq/v1beta1/regions/{{region}}/activate-{name}"),
                post(activate),
            )
            .route(
                &format!("/mnq/v1beta1/regions/{{region}}/deactivate-{name}"),
                post(deactivate),
            )
            .layer(Extension(service))
    };
    let mut router = Router::new()
        .route(
            "/mnq/v1beta1/regions/{region}/nats-accounts",
            get(list_nats_accounts).post(create_nats_account),
        )
        .route(
            "/mnq/v1beta1/regions/{region}/nats-accounts/{id}",
            get(get_nats_account)
                .patch(rename_nats_account)
                .delete(delete_nats_account),
        )
        .route(
            "/mnq/v1beta1/regions/{region}/nats-credentials",
            get(list_nats_credentials).post(create_nats_credentials),
        )
        .route(
            "/mnq/v1beta1/regions/{region}/nats-credentials/{id}",
            get(get_nats_credentials).delete(delete_nats_credentials),
        )
        .merge(service_routes(Service::Sqs))
        .merge(service_routes(Service::Sns))
        .route_layer(middleware::from_fn(check_region))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            projects::check_scope,
        ))
        .route("/account/v3/projects", get(projects::list_projects))
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(shared.clone(), authenticate))
        .layer(middleware::from_fn(api_headers))
        .with_state(shared.clone())
        .merge(data_plane::router(shared.clone()));
    if let Some(faults) = &shared.faults {
        router = router.layer(middleware::from_fn_with_state(
            faults.clone(),
            faults::inject,
        ));
    }
    router
}

/// 401 unless `X-Auth-Token` is the secret key of a known API key.
async fn authenticate(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(AUTH_HEADER)
        .and_then(|value| value.to_str().ok());
    let refusal = match token {
        None => Some("invalid_argument"),
        Some(token) if !shared.read(|store| store.authenticates(token)) => Some("not_found"),
        Some(_) => None,
    };
    match refusal {
        Some(reason) => Refusal::Unauthenticated { reason }.into_response(),
        None => next.run(request).await,
    }
}

/// 404 for a region without Messaging and Queuing; otherwise hands the region to the handler.
async fn check_region(
    Path(params): Path<HashMap<String, String>>,
    mut request: Request,
    next: Next,
) -> Response {
    let text = params.get("region").map(String::as_str).unwrap_or_default();
    match text.parse::<Region>() {
        Ok(region) => {
            request.extensions_mut().insert(region);
            next.run(request).await
        }
        Err(_) => Refusal::not_found("region", text).into_response(),
    }
}

/// The headers every answer of the API carries.
async fn api_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_TYPE)
        .or_insert(HeaderValue::from_static("application/json"));
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("x-request-id", id);
    }
    headers.insert(header::SERVER, HeaderValue::from_static("mnq-tui emulator"));
    response
}

async fn unknown_route(request: Request) -> Refusal {
    Refusal::not_found("route", request.uri().path())
}

// Checks of form, done before the store sees anything.

/// The query string as pairs, decoded.
fn query_pairs(query: &Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn list_params(
    query: &Option<String>,
    shared: &Shared,
    with_account: bool,
) -> Result<ListParams, Refusal> {
    let pairs = query_pairs(query);
    let number = |name: &str, default: u64, max: u64| -> Result<u64, Refusal> {
        let Some(text) = pairs.get(name) else {
            return Ok(default);
        };
        let value: u64 = text
            .parse()
            .map_err(|_| Refusal::invalid(name, "format", "must be a positive integer"))?;
        if value == 0 || value > max {
            return Err(Refusal::invalid(
                name,
                "constraint",
                format!("must be between 1 and {max}"),
            ));
        }
        Ok(value)
    };
    let order_by = match pairs.get("order_by") {
        None => OrderBy::default(),
        Some(text) => text.parse().map_err(|_| {
            let known: Vec<&str> = OrderBy::ALL.iter().map(|o| o.as_str()).collect();
            Refusal::invalid(
                "order_by",
                "format",
                format!("must be one of {}", known.join(", ")),
            )
        })?,
    };
    let nats_account_id = match pairs.get("nats_account_id") {
        Some(id) if with_account => Some(nats_account_id("nats_account_id", id)?),
        _ => None,
    };
    Ok(ListParams {
        project_id: pairs
            .get("project_id")
            .map(|id| project_id("project_id", id))
            .transpose()?,
        nats_account_id,
        order_by,
        page: number("page", 1, u64::from(u32::MAX))?,
        page_size: number("page_size", shared.page_size.default, shared.page_size.max)?,
    })
}

fn project_id(argument: &str, text: &str) -> Result<ProjectId, Refusal> {
    uuid_argument(argument, text).map(ProjectId)
}

fn credentials_id(argument: &str, text: &str) -> Result<CredentialsId, Refusal> {
    uuid_argument(argument, text).map(CredentialsId)
}

fn uuid_argument(argument: &str, text: &str) -> Result<String, Refusal> {
    if text.len() == 36 && uuid::Uuid::try_parse(text).is_ok() {
        Ok(text.to_owned())
    } else {
        Err(Refusal::invalid(argument, "format", "must be a valid UUID"))
    }
}

fn nats_account_id(argument: &str, text: &str) -> Result<NatsAccountId, Refusal> {
    if text.chars().count() == 56 {
        Ok(NatsAccountId(text.to_owned()))
    } else {
        Err(Refusal::invalid(
            argument,
            "constraint",
            "value length must be 56 runes",
        ))
    }
}

/// A JSON body; an empty one counts as `{}`. Bodies of reads and deletes are never parsed
/// (the Python SDK sends `{}` with them).
fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, Refusal> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    serde_json::from_slice(bytes)
        .map_err(|error| Refusal::invalid("body", "format", format!("invalid JSON: {error}")))
}

fn name_argument(name: String) -> Result<String, Refusal> {
    match name_problem(&name) {
        None => Ok(name),
        Some(problem) => Err(Refusal::invalid("name", "constraint", problem)),
    }
}

/// The name given, or one made up as the SDKs do (`mnq-brave-curie`) when there is none.
fn name_or_generated(name: Option<String>, prefix: &str) -> Result<String, Refusal> {
    match name {
        Some(name) => name_argument(name),
        None => {
            const ADJECTIVES: [&str; 8] = [
                "brave", "calm", "eager", "gentle", "keen", "lucid", "quiet", "vivid",
            ];
            const SCIENTISTS: [&str; 8] = [
                "curie", "hopper", "lovelace", "noether", "pasteur", "shannon", "turing", "meitner",
            ];
            Ok(format!(
                "{prefix}-{}-{}",
                ADJECTIVES[fastrand::usize(..ADJECTIVES.len())],
                SCIENTISTS[fastrand::usize(..SCIENTISTS.len())]
            ))
        }
    }
}

fn required<T>(value: Option<T>, argument: &str) -> Result<T, Refusal> {
    value.ok_or_else(|| Refusal::invalid(argument, "required", "is required"))
}

#[derive(Deserialize)]
struct NameBody {
    name: Option<String>,
}

#[derive(Deserialize)]
struct ProjectBody {
    project_id: Option<String>,
}

#[derive(Deserialize)]
struct CreateNatsAccountBody {
    name: Option<String>,
    project_id: Option<String>,
}

#[derive(Deserialize)]
struct CreateNatsCredentialsBody {
    nats_account_id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct CreateCredentialsBody {
    project_id: Option<String>,
    name: Option<String>,
    permissions: Option<PermissionsPatch>,
}

#[derive(Deserialize)]
struct UpdateCredentialsBody {
    name: Option<String>,
    permissions: Option<PermissionsPatch>,
}

// NATS accounts

async fn list_nats_accounts(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    RawQuery(query): RawQuery,
) -> Answer<ListNatsAccountsResponse> {
    let params = list_params(&query, &shared, false)?;
    let mut answer = shared.read(|store| store.list_nats_accounts(region, &params));
    answer.nats_accounts = answer
        .nats_accounts
        .into_iter()
        .map(|account| shared.shown(account))
        .collect();
    Ok(Json(answer))
}

async fn create_nats_account(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    bytes: Bytes,
) -> Answer<NatsAccount> {
    let request: CreateNatsAccountBody = body(&bytes)?;
    let project = project_id("project_id", &required(request.project_id, "project_id")?)?;
    let name = name_or_generated(request.name, "mnq")?;
    let entropy = Entropy::random();
    let account = shared
        .change(|store, now| {
            Ok::<_, Refusal>(store.create_nats_account(region, project, name, now, &entropy))
        })
        .await?;
    shared.sync_nats_account(&account.id).await?;
    shared
        .propagation
        .made(Made::NatsAccount(account.id.clone()), Instant::now());
    Ok(Json(shared.shown(account)))
}

async fn get_nats_account(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Path((_, id)): Path<(String, String)>,
) -> Answer<NatsAccount> {
    let id = nats_account_id("nats_account_id", &id)?;
    let account = shared.read(|store| store.get_nats_account(region, &id))?;
    if shared
        .propagation
        .hides(&Made::NatsAccount(id), Instant::now())
    {
        return Err(propagation::account_not_visible(&account.id));
    }
    Ok(Json(shared.shown(account)))
}

async fn rename_nats_account(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Answer<NatsAccount> {
    let id = nats_account_id("nats_account_id", &id)?;
    let request: NameBody = body(&bytes)?;
    let name = request.name.map(name_argument).transpose()?;
    let account = shared
        .change(|store, now| store.rename_nats_account(region, &id, name, now))
        .await?;
    shared.sync_nats_account(&id).await?;
    Ok(Json(shared.shown(account)))
}

async fn delete_nats_account(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, Refusal> {
    let id = nats_account_id("nats_account_id", &id)?;
    shared
        .change(|store, _| store.delete_nats_account(region, &id))
        .await?;
    shared.sync_nats_account(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// NATS credentials

async fn list_nats_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    RawQuery(query): RawQuery,
) -> Answer<ListNatsCredentialsResponse> {
    let params = list_params(&query, &shared, true)?;
    Ok(Json(shared.read(|store| {
        store.list_nats_credentials(region, &params)
    })))
}

async fn create_nats_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    bytes: Bytes,
) -> Answer<NatsCredentials> {
    let request: CreateNatsCredentialsBody = body(&bytes)?;
    let account = nats_account_id(
        "nats_account_id",
        &required(request.nats_account_id, "nats_account_id")?,
    )?;
    let name = name_or_generated(request.name, "mnq")?;
    let entropy = Entropy::random();
    let credentials = shared
        .change(|store, now| store.create_nats_credentials(region, &account, name, now, &entropy))
        .await?;
    shared.propagation.made(
        Made::NatsCredentials(credentials.id.clone()),
        Instant::now(),
    );
    Ok(Json(credentials))
}

async fn get_nats_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Path((_, id)): Path<(String, String)>,
) -> Answer<NatsCredentials> {
    let id = credentials_id("nats_credentials_id", &id)?;
    let credentials = shared.read(|store| store.get_nats_credentials(region, &id))?;
    if shared
        .propagation
        .hides(&Made::NatsCredentials(id), Instant::now())
    {
        return Err(propagation::account_not_visible(
            &credentials.nats_account_id,
        ));
    }
    Ok(Json(credentials))
}

async fn delete_nats_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, Refusal> {
    let id = credentials_id("nats_credentials_id", &id)?;
    let account = shared
        .change(|store, now| store.delete_nats_credentials(region, &id, now))
        .await?;
    // The revocation is in force once the server has the account's new JWT.
    shared.sync_nats_account(&account).await?;
    Ok(StatusCode::NO_CONTENT)
}

// Queues and Topics and Events

fn credentials_argument(service: Service) -> &'static str {
    match service {
        Service::Sqs => "sqs_credentials_id",
        Service::Sns => "sns_credentials_id",
    }
}

async fn list_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
    let params = list_params(&query, &shared, false)?;
    let (total_count, items) = shared.list_credentials(service, region, &params);
    Ok(match service {
        Service::Sqs => Json(ListSqsCredentialsResponse {
            total_count,
            sqs_credentials: items,
        })
        .into_response(),
        Service::Sns => Json(ListSnsCredentialsResponse {
            total_count,
            sns_credentials: items,
        })
        .into_response(),
    })
}

async fn create_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    bytes: Bytes,
) -> Answer<ServiceCredentials> {
    let request: CreateCredentialsBody = body(&bytes)?;
    let project = project_id("project_id", &required(request.project_id, "project_id")?)?;
    let prefix = format!("mnq_{}", service.api_name());
    let name = name_or_generated(request.name, &prefix)?;
    let permissions = request
        .permissions
        .unwrap_or_default()
        .apply_to(Permissions::default());
    let entropy = Entropy::random();
    let new = super::store::NewCredentials {
        project_id: project,
        name,
        permissions,
    };
    let credentials = shared
        .change(|store, now| store.create_credentials(service, region, new, now, &entropy))
        .await?;
    shared.propagation.made(
        Made::Credentials(service, credentials.id.clone()),
        Instant::now(),
    );
    Ok(Json(credentials))
}

async fn get_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    Path((_, id)): Path<(String, String)>,
) -> Answer<ServiceCredentials> {
    let id = credentials_id(credentials_argument(service), &id)?;
    let credentials = shared.read(|store| store.get_credentials(service, region, &id))?;
    if shared
        .propagation
        .hides(&Made::Credentials(service, id), Instant::now())
    {
        return Err(propagation::credentials_not_visible(
            service,
            &credentials.project_id,
        ));
    }
    Ok(Json(credentials))
}

async fn update_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Answer<ServiceCredentials> {
    let id = credentials_id(credentials_argument(service), &id)?;
    let request: UpdateCredentialsBody = body(&bytes)?;
    let name = request.name.map(name_argument).transpose()?;
    shared
        .change(|store, now| {
            store.update_credentials(service, region, &id, name, request.permissions, now)
        })
        .await
        .map(Json)
}

async fn delete_credentials(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, Refusal> {
    let id = credentials_id(credentials_argument(service), &id)?;
    shared
        .change(|store, _| store.delete_credentials(service, region, &id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `*-info` and the activation calls answer `SqsInfo` or `SnsInfo`, whose endpoint is the
/// emulator's own data plane.
fn info_answer(shared: &Shared, info: ServiceInfo) -> Response {
    let info = ServiceInfo {
        endpoint_url: shared.service_endpoint(info.service, info.region),
        ..info
    };
    match info.service {
        Service::Sqs => Json(SqsInfo {
            project_id: info.project_id,
            region: info.region,
            created_at: info.created_at,
            updated_at: info.updated_at,
            status: info.status,
            sqs_endpoint_url: info.endpoint_url,
        })
        .into_response(),
        Service::Sns => Json(SnsInfo {
            project_id: info.project_id,
            region: info.region,
            created_at: info.created_at,
            updated_at: info.updated_at,
            status: info.status,
            sns_endpoint_url: info.endpoint_url,
        })
        .into_response(),
    }
}

async fn get_info(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
    let pairs = query_pairs(&query);
    let project = project_id(
        "project_id",
        &required(pairs.get("project_id").cloned(), "project_id")?,
    )?;
    let activation = Made::Activation(service, region, project.clone());
    if shared.propagation.hides(&activation, Instant::now()) {
        return Err(propagation::activation_not_visible());
    }
    Ok(info_answer(
        &shared,
        shared.read(|store| store.get_info(service, region, &project)),
    ))
}

async fn activate(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    let request: ProjectBody = body(&bytes)?;
    let project = project_id("project_id", &required(request.project_id, "project_id")?)?;
    let info = shared
        .change(|store, now| store.activate(service, region, &project, now))
        .await?;
    shared
        .propagation
        .made(Made::Activation(service, region, project), Instant::now());
    Ok(info_answer(&shared, info))
}

async fn deactivate(
    State(shared): State<Arc<Shared>>,
    Extension(region): Extension<Region>,
    Extension(service): Extension<Service>,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    let request: ProjectBody = body(&bytes)?;
    let project = project_id("project_id", &required(request.project_id, "project_id")?)?;
    shared
        .change(|store, _| store.deactivate(service, region, &project))
        .await
        .map(|info| info_answer(&shared, info))
}
