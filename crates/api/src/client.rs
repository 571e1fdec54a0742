//! [`Client`]: typed calls to the `mnq/v1beta1` API (and the Account API's project list), with
//! authentication, timeouts, retries and concurrent paging.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_util::task::AbortOnDropHandle;

use super::account::{ListProjectsResponse, Project, ProjectsOrderBy};
use super::error::ApiError;
use super::model::*;
use super::pages::{ListPage, PAGE_SIZE, Pages};
use super::retry::{RetryPolicy, parse_retry_after};

use super::model::AUTH_HEADER;

/// How to reach the API.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL without a trailing slash, e.g. `https://api.scaleway.com`.
    pub api_url: String,
    pub secret_key: Secret,
    pub connect_timeout: Duration,
    /// For a whole call: connecting, sending, and reading the complete answer.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// How the `*_after_create` / `*_after_activation` reads wait for what this client just made
    /// to become readable: its `max_total` is how long (30 s by default).
    pub propagation: RetryPolicy,
    /// Pages of one list fetched at the same time.
    pub list_concurrency: usize,
    /// Skip TLS certificate checks (`insecure: true` / `SCW_INSECURE`).
    pub accept_invalid_certs: bool,
}

impl ClientConfig {
    pub fn new(api_url: impl Into<String>, secret_key: Secret) -> Self {
        ClientConfig {
            api_url: api_url.into(),
            secret_key,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            propagation: RetryPolicy::propagation(),
            list_concurrency: 8,
            accept_invalid_certs: false,
        }
    }
}

/// Counts of what the client did, for tests and benchmarks.
#[derive(Debug, Default)]
pub struct ClientStats {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    /// Reads sent again because what they read was still propagating.
    pub propagation_retries: AtomicU64,
}

/// A client of the Messaging and Queuing API. Cheap to clone: clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    api_url: Arc<str>,
    /// `api_url`, parsed: every endpoint's URL is made from it.
    base_url: Url,
    secret_key: Secret,
    retry: RetryPolicy,
    propagation: RetryPolicy,
    request_timeout: Duration,
    list_concurrency: usize,
    stats: Arc<ClientStats>,
}

/// Filters and order of a list call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub project_id: Option<ProjectId>,
    pub order_by: OrderBy,
}

impl ListQuery {
    pub fn project(project_id: ProjectId) -> Self {
        ListQuery {
            project_id: Some(project_id),
            order_by: OrderBy::default(),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![("order_by", self.order_by.as_str().to_owned())];
        if let Some(project_id) = &self.project_id {
            params.push(("project_id", project_id.to_string()));
        }
        params
    }
}

/// An answer read in full.
struct Answer {
    status: StatusCode,
    body: bytes::Bytes,
}

/// Makes ring the process's TLS crypto provider, unless one is installed already. Call it once,
/// before the first [`Client::new`] (a program in `main`, a test before it builds a client):
/// reqwest is built without a provider of its own, so that the program, not a library, picks
/// it. Calling it again does nothing.
pub fn install_tls_provider() {
    // An error means a provider is installed already, which is all that is needed.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// A client for `config`. Fails when no TLS crypto provider is installed in the process
    /// (see [`install_tls_provider`]), rather than panicking inside reqwest.
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            return Err(ApiError::NoTlsProvider);
        }
        let api_url = config.api_url.trim_end_matches('/');
        let base_url = Url::parse(api_url)
            .map_err(|error| error.to_string())
            .and_then(|url| {
                if url.cannot_be_a_base() {
                    Err("it cannot have a path".to_owned())
                } else {
                    Ok(url)
                }
            })
            .map_err(|problem| ApiError::Network {
                target: config.api_url.clone(),
                cause: format!(
                    "cannot set up the HTTP client: the API URL is not usable ({problem})"
                ),
            })?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // The API never redirects, and following a redirect would carry `X-Auth-Token` to
            // wherever it points: reqwest strips only the standard credential headers.
            .redirect(reqwest::redirect::Policy::none())
            .tls_danger_accept_invalid_certs(config.accept_invalid_certs)
            .build()
            .map_err(|error| ApiError::Network {
                target: config.api_url.clone(),
                cause: format!("cannot set up the HTTP client: {}", root_cause(&error)),
            })?;
        Ok(Client {
            http,
            api_url: api_url.into(),
            base_url,
            secret_key: config.secret_key,
            retry: config.retry,
            propagation: config.propagation,
            request_timeout: config.request_timeout,
            list_concurrency: config.list_concurrency.max(1),
            stats: Arc::default(),
        })
    }

    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    pub fn stats(&self) -> &ClientStats {
        &self.stats
    }

    // NATS accounts

    /// The NATS accounts of a region, page by page; awaited, the whole list. See [`Pages`].
    pub fn list_nats_accounts(&self, region: Region, query: &ListQuery) -> Pages<NatsAccount> {
        self.pages::<ListNatsAccountsResponse>(
            self.mnq_url(region, &["nats-accounts"]),
            query.params(),
        )
    }

    /// [`Client::get_nats_account`] right after this client created the account; see
    /// [`Client::get_credentials_after_create`].
    pub async fn get_nats_account_after_create(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<NatsAccount, ApiError> {
        self.after_own_write("NATS account", id.as_str(), is_namespace_not_found, || {
            self.get_nats_account(region, id)
        })
        .await
    }

    pub async fn get_nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<NatsAccount, ApiError> {
        let path = ["nats-accounts", id.as_str()];
        self.call(Method::GET, region, &path, &[], None::<&()>)
            .await
    }

    pub async fn create_nats_account(
        &self,
        region: Region,
        request: &CreateNatsAccountRequest,
    ) -> Result<NatsAccount, ApiError> {
        check_name(&request.name)?;
        self.call(Method::POST, region, &["nats-accounts"], &[], Some(request))
            .await
    }

    pub async fn rename_nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
        name: &str,
    ) -> Result<NatsAccount, ApiError> {
        check_name(name)?;
        let path = ["nats-accounts", id.as_str()];
        let request = UpdateNatsAccountRequest {
            name: Some(name.to_owned()),
        };
        self.call(Method::PATCH, region, &path, &[], Some(&request))
            .await
    }

    /// Deletes a NATS account and, with it, all its credentials.
    pub async fn delete_nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<(), ApiError> {
        self.delete(region, &["nats-accounts", id.as_str()]).await
    }

    // NATS credentials

    /// The NATS credentials of a project and/or of one NATS account, page by page; awaited,
    /// the whole list. See [`Pages`].
    pub fn list_nats_credentials(
        &self,
        region: Region,
        query: &ListQuery,
        nats_account_id: Option<&NatsAccountId>,
    ) -> Pages<NatsCredentials> {
        let mut params = query.params();
        if let Some(account) = nats_account_id {
            params.push(("nats_account_id", account.to_string()));
        }
        self.pages::<ListNatsCredentialsResponse>(
            self.mnq_url(region, &["nats-credentials"]),
            params,
        )
    }

    /// [`Client::get_nats_credentials`] right after this client created them; see
    /// [`Client::get_credentials_after_create`].
    pub async fn get_nats_credentials_after_create(
        &self,
        region: Region,
        id: &CredentialsId,
    ) -> Result<NatsCredentials, ApiError> {
        self.after_own_write(
            "NATS credentials",
            id.as_str(),
            is_namespace_not_found,
            || self.get_nats_credentials(region, id),
        )
        .await
    }

    pub async fn get_nats_credentials(
        &self,
        region: Region,
        id: &CredentialsId,
    ) -> Result<NatsCredentials, ApiError> {
        let path = ["nats-credentials", id.as_str()];
        self.call(Method::GET, region, &path, &[], None::<&()>)
            .await
    }

    /// Creates NATS credentials. The answer is the only one that carries the `.creds` file.
    pub async fn create_nats_credentials(
        &self,
        region: Region,
        request: &CreateNatsCredentialsRequest,
    ) -> Result<NatsCredentials, ApiError> {
        check_name(&request.name)?;
        self.call(
            Method::POST,
            region,
            &["nats-credentials"],
            &[],
            Some(request),
        )
        .await
    }

    /// Revokes NATS credentials (they cannot be updated).
    pub async fn delete_nats_credentials(
        &self,
        region: Region,
        id: &CredentialsId,
    ) -> Result<(), ApiError> {
        self.delete(region, &["nats-credentials", id.as_str()])
            .await
    }

    // Queues and Topics and Events

    /// The Queues or Topics and Events credentials of a region, page by page; awaited, the
    /// whole list. See [`Pages`].
    pub fn list_credentials(
        &self,
        service: Service,
        region: Region,
        query: &ListQuery,
    ) -> Pages<ServiceCredentials> {
        let url = self.mnq_url(region, &[credentials_collection(service)]);
        match service {
            Service::Sqs => self.pages::<ListSqsCredentialsResponse>(url, query.params()),
            Service::Sns => self.pages::<ListSnsCredentialsResponse>(url, query.params()),
        }
    }

    /// [`Client::get_credentials`] right after this client created them: while they propagate
    /// the API answers 404 `not_found` about a `namespace` (reference §5.3), and those answers
    /// are retried, with backoff, for up to `ClientConfig::propagation.max_total`; then
    /// [`ApiError::StillPropagating`]. Any other answer, a 404 about `credentials` included,
    /// is returned as it is. Ordinary reads take a 404 as "gone": use this one only for what
    /// this client just created.
    pub async fn get_credentials_after_create(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<ServiceCredentials, ApiError> {
        let what = format!("{} credentials", service.product().label());
        self.after_own_write(&what, id.as_str(), is_namespace_not_found, || {
            self.get_credentials(service, region, id)
        })
        .await
    }

    pub async fn get_credentials(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<ServiceCredentials, ApiError> {
        let path = [credentials_collection(service), id.as_str()];
        self.call(Method::GET, region, &path, &[], None::<&()>)
            .await
    }

    /// Creates credentials. The answer is the only one that carries the secret key.
    pub async fn create_credentials(
        &self,
        service: Service,
        region: Region,
        request: &CreateServiceCredentialsRequest,
    ) -> Result<ServiceCredentials, ApiError> {
        let path = [credentials_collection(service)];
        check_name(&request.name)?;
        self.call(Method::POST, region, &path, &[], Some(request))
            .await
    }

    pub async fn update_credentials(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
        request: &UpdateServiceCredentialsRequest,
    ) -> Result<ServiceCredentials, ApiError> {
        let path = [credentials_collection(service), id.as_str()];
        if let Some(name) = &request.name {
            check_name(name)?;
        }
        self.call(Method::PATCH, region, &path, &[], Some(request))
            .await
    }

    /// Revokes credentials.
    pub async fn delete_credentials(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<(), ApiError> {
        self.delete(region, &[credentials_collection(service), id.as_str()])
            .await
    }

    /// Whether the service is activated for the project in the region, and its endpoint.
    /// [`Client::get_info`] right after this client's own [`Client::activate`]: while the
    /// activation propagates the API answers 403 `permissions_denied` for a second or two
    /// (reference §5.3), and those answers are retried, with backoff, for up to
    /// `ClientConfig::propagation.max_total`; then [`ApiError::StillPropagating`].
    pub async fn get_info_after_activation(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, ApiError> {
        let what = format!("the {} activation of project", service.product().label());
        self.after_own_write(&what, project_id.as_str(), is_forbidden, || {
            self.get_info(service, region, project_id)
        })
        .await
    }

    pub async fn get_info(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, ApiError> {
        let path = format!("{}-info", service.api_name());
        let query = [("project_id", project_id.to_string())];
        self.info_call(service, Method::GET, region, &[&path], &query, None)
            .await
    }

    pub async fn activate(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, ApiError> {
        let path = format!("activate-{}", service.api_name());
        self.info_call(
            service,
            Method::POST,
            region,
            &[&path],
            &[],
            Some(project_id),
        )
        .await
    }

    pub async fn deactivate(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, ApiError> {
        let path = format!("deactivate-{}", service.api_name());
        self.info_call(
            service,
            Method::POST,
            region,
            &[&path],
            &[],
            Some(project_id),
        )
        .await
    }

    async fn info_call(
        &self,
        service: Service,
        method: Method,
        region: Region,
        path: &[&str],
        query: &[(&str, String)],
        project_id: Option<&ProjectId>,
    ) -> Result<ServiceInfo, ApiError> {
        let body = project_id.map(|project_id| ProjectRequest {
            project_id: project_id.clone(),
        });
        Ok(match service {
            Service::Sqs => self
                .call::<SqsInfo>(method, region, path, query, body.as_ref())
                .await?
                .into(),
            Service::Sns => self
                .call::<SnsInfo>(method, region, path, query, body.as_ref())
                .await?
                .into(),
        })
    }

    // Account

    /// The projects of an organisation (Account API `GET /account/v3/projects`), oldest first,
    /// page by page; awaited, the whole list. An API key scoped to some projects may not list
    /// them: that is [`ApiError::PermissionsDenied`] (see [`ApiError::is_permissions_denied`]),
    /// and the caller falls back to the project it was configured with.
    pub fn list_projects(&self, organization_id: &OrganizationId) -> Pages<Project> {
        let params = vec![
            ("organization_id", organization_id.to_string()),
            ("order_by", ProjectsOrderBy::default().as_str().to_owned()),
        ];
        let url = endpoint(&self.base_url, ["account", "v3", "projects"]);
        self.pages::<ListProjectsResponse>(url, params)
    }

    /// The pages of a list endpoint, [`PAGE_SIZE`] items each, at most `list_concurrency` read
    /// at once.
    fn pages<P: ListPage>(
        &self,
        url: Result<Url, ApiError>,
        params: Vec<(&'static str, String)>,
    ) -> Pages<P::Item> {
        let client = self.clone();
        // A URL that cannot be made fails each page's read, so the listing fails with it.
        let url = Arc::new(url);
        let concurrency = self.list_concurrency;
        Pages::new(
            concurrency,
            move |number| -> BoxFuture<'static, Result<P, ApiError>> {
                let mut query = params.clone();
                query.push(("page", number.to_string()));
                query.push(("page_size", PAGE_SIZE.to_string()));
                let client = client.clone();
                let url = Arc::clone(&url);
                let read = async move {
                    let url = url.as_ref().as_ref().map_err(ApiError::clone)?;
                    client
                        .call_at::<P>(Method::GET, url, &query, None::<&()>)
                        .await
                };
                match concurrency {
                    // One page at a time has nothing to decode beside: a task would only add a hop.
                    1 => Box::pin(read),
                    _ => Box::pin(in_own_task(read)),
                }
            },
        )
    }

    /// Runs `read` until it answers something else than what `propagating` recognises, waiting
    /// as `self.propagation` says between tries. Each try has the ordinary retries of its own.
    async fn after_own_write<T, Read, Pending>(
        &self,
        what: &str,
        id: &str,
        propagating: fn(&ApiError) -> bool,
        read: Read,
    ) -> Result<T, ApiError>
    where
        Read: Fn() -> Pending,
        Pending: Future<Output = Result<T, ApiError>>,
    {
        let started = Instant::now();
        let mut retry = 0;
        loop {
            match read().await {
                Err(error) if propagating(&error) => {
                    retry += 1;
                    let delay = self.propagation.delay(retry, None, fastrand::f64());
                    if retry > self.propagation.max_retries
                        || started.elapsed() + delay > self.propagation.max_total
                    {
                        return Err(ApiError::StillPropagating {
                            resource: what.to_owned(),
                            resource_id: id.to_owned(),
                            waited: started.elapsed(),
                        });
                    }
                    tracing::debug!(what, attempt = retry, ?delay, "still propagating");
                    self.stats
                        .propagation_retries
                        .fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(delay).await;
                }
                answer => return answer,
            }
        }
    }

    async fn delete(&self, region: Region, path: &[&str]) -> Result<(), ApiError> {
        let url = self.mnq_url(region, path)?;
        self.send(Method::DELETE, &url, &[], None).await?;
        Ok(())
    }

    /// The URL of a Messaging and Queuing endpoint in a region, from its path's segments after
    /// the region (see [`endpoint`]).
    fn mnq_url(&self, region: Region, path: &[&str]) -> Result<Url, ApiError> {
        let within_region = ["mnq", "v1beta1", "regions", region.as_str()];
        endpoint(
            &self.base_url,
            within_region.into_iter().chain(path.iter().copied()),
        )
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        region: Region,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        self.call_at(method, &self.mnq_url(region, path)?, query, body)
            .await
    }

    /// A call to any endpoint of the API (Messaging and Queuing or Account), by its full URL.
    async fn call_at<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &Url,
        query: &[(&str, String)],
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let body = body.map(serde_json::to_vec).transpose().map_err(|error| {
            ApiError::UnexpectedResponse {
                status: 0,
                problem: format!("cannot encode the request: {error}"),
            }
        })?;
        let answer = self.send(method, url, query, body).await?;
        // The body is checked to be UTF-8 once, whole: serde_json checks each string it reads
        // from bytes, a fifth of decoding a list page.
        let text = std::str::from_utf8(&answer.body).map_err(|error| {
            let valid = &answer.body[..error.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&byte| byte == b'\n').count();
            let line_start = valid
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |at| at + 1);
            self.hide_secret(ApiError::UnexpectedResponse {
                status: answer.status.as_u16(),
                problem: format!(
                    "the body holds bytes that are not UTF-8 text (line {line} column {})",
                    valid.len() - line_start + 1
                ),
            })
        })?;
        serde_json::from_str(text).map_err(|error| {
            self.hide_secret(ApiError::UnexpectedResponse {
                status: answer.status.as_u16(),
                problem: if answer.body.is_empty() {
                    "an empty body where JSON was expected".to_owned()
                } else if error.is_eof() {
                    format!(
                        "the JSON ends too early (line {} column {}): the answer was cut",
                        error.line(),
                        error.column()
                    )
                } else if error.is_syntax() {
                    format!(
                        "the body is not JSON but {} (line {} column {})",
                        body_kind(&answer.body),
                        error.line(),
                        error.column()
                    )
                } else {
                    // The error may quote a value of the answer (hide_secret sees to that);
                    // "variant" is serde's word for a value of an enum.
                    let error = error
                        .to_string()
                        .replace("unknown variant", "unknown value");
                    format!("the JSON does not match the API's schema ({error})")
                },
            })
        })
    }

    /// Sends a call, retrying as the [`RetryPolicy`] allows, and reads the whole answer.
    /// Error answers become an [`ApiError`].
    async fn send(
        &self,
        method: Method,
        url: &Url,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Answer, ApiError> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let outcome = self.send_once(&method, url, query, body.clone()).await;
            let retry_after = match &outcome {
                Ok((answer, retry_after))
                    if RetryPolicy::retries_status(&method, answer.status) =>
                {
                    Some(*retry_after)
                }
                Err(error)
                    if RetryPolicy::retries_connection_failure(&method) && is_transient(error) =>
                {
                    Some(None)
                }
                _ => None,
            };
            if let Some(retry_after) = retry_after
                && attempt <= self.retry.max_retries
            {
                let delay = self.retry.delay(attempt, retry_after, fastrand::f64());
                if started.elapsed() + delay <= self.retry.max_total {
                    tracing::debug!(%method, %url, attempt, ?delay, "retrying");
                    self.stats.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            let error = match outcome {
                Ok((answer, _)) if answer.status.is_success() => return Ok(answer),
                Ok((answer, _)) => {
                    // Blanked before decoding too, so that an excerpt cut short cannot end
                    // with part of the secret.
                    let body = self.redact(&answer.body);
                    match ApiError::from_response(answer.status.as_u16(), &body) {
                        ApiError::RateLimited { .. } => ApiError::RateLimited { attempts: attempt },
                        error => error,
                    }
                }
                Err(error) => self.network_error(&method, error),
            };
            return Err(self.hide_secret(error));
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<(Answer, Option<Duration>), reqwest::Error> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(AUTH_HEADER, self.secret_key.expose())
            .header(USER_AGENT, concat!("mnq-tui/", env!("CARGO_PKG_VERSION")))
            .query(query);
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        tracing::debug!(%method, %url, status = status.as_u16(), "answer");
        let body = response.bytes().await?;
        Ok((Answer { status, body }, retry_after))
    }

    /// The error with the secret key blanked out of its texts, however the answer spelled it.
    fn hide_secret(&self, error: ApiError) -> ApiError {
        error.redact(self.secret_key.expose())
    }

    /// A body with the secret key blanked out. A proxy or gateway may echo the request, its
    /// `X-Auth-Token` included, in an error page; error texts quote bodies and must never show
    /// the secret.
    fn redact<'a>(&self, body: &'a [u8]) -> Cow<'a, [u8]> {
        let secret = self.secret_key.expose().as_bytes();
        if secret.is_empty() || !body.windows(secret.len()).any(|window| window == secret) {
            return Cow::Borrowed(body);
        }
        let text = String::from_utf8_lossy(body);
        Cow::Owned(
            text.replace(self.secret_key.expose(), super::error::REDACTED)
                .into_bytes(),
        )
    }

    fn network_error(&self, method: &Method, error: reqwest::Error) -> ApiError {
        let target = self.api_url.to_string();
        // A change that reached the server may have been carried out, whatever became of its
        // answer. One that never connected, or failed in TLS, did not reach it.
        if *method != Method::GET && !error.is_connect() && is_transient_or_timeout(&error) {
            let cause = if error.is_timeout() {
                format!(
                    "no complete answer within {} s",
                    self.request_timeout.as_secs_f32()
                )
            } else {
                format!(
                    "the connection closed before the answer was complete ({})",
                    root_cause(&error)
                )
            };
            return ApiError::OutcomeUnknown { target, cause };
        }
        if error.is_timeout() {
            return ApiError::Timeout {
                target,
                after: self.request_timeout,
            };
        }
        let cause = if let Some(tls) = tls_failure(&error) {
            match tls {
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => {
                    format!(
                        "TLS failed ({tls}): the server does not speak HTTPS (is its address http://?)"
                    )
                }
                _ => format!("TLS failed ({tls})"),
            }
        } else if error.is_connect() {
            root_cause(&error)
        } else {
            format!(
                "the connection closed before the answer was complete ({})",
                root_cause(&error)
            )
        };
        ApiError::Network { target, cause }
    }
}

/// `base` with `segments` added to its path, each percent-encoded as one segment (`/`, `?`, `#`,
/// `%` and spaces included), so that an id can never name another endpoint. An empty, `.` or
/// `..` segment is refused: a URL drops or follows those (`%2E%2E` too is `..` to a URL
/// parser), so they would name the list, or what is above it, instead of an item.
fn endpoint<'a>(base: &Url, segments: impl IntoIterator<Item = &'a str>) -> Result<Url, ApiError> {
    let mut url = base.clone();
    let mut path = url.path_segments_mut().map_err(|()| ApiError::Network {
        target: base.to_string(),
        cause: "the API URL cannot have a path".to_owned(),
    })?;
    path.pop_if_empty();
    for segment in segments {
        if matches!(segment, "" | "." | "..") {
            return Err(ApiError::InvalidArguments {
                message: "invalid id (checked before sending)".to_owned(),
                arguments: vec![super::error::InvalidArgument {
                    name: "id".to_owned(),
                    reason: "constraint".to_owned(),
                    help: format!("{segment:?} is not an id"),
                }],
            });
        }
        path.push(segment);
    }
    drop(path);
    Ok(url)
}

/// The path segment of a service's credentials.
fn credentials_collection(service: Service) -> &'static str {
    match service {
        Service::Sqs => "sqs-credentials",
        Service::Sns => "sns-credentials",
    }
}

/// Starts a call in a task of its own, now; the future returned waits for its answer. The
/// pages of a list fetched together are so also decoded in parallel on the runtime's threads:
/// decoding is most of a page's cost when the network is fast. The task is aborted when the
/// future is dropped; its panic is the caller's.
fn in_own_task<T: Send + 'static>(
    call: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> impl Future<Output = Result<T, ApiError>> {
    let task = AbortOnDropHandle::new(tokio::spawn(call));
    async move {
        match task.await {
            Ok(answer) => answer,
            Err(failure) => match failure.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(_) => Err(ApiError::Network {
                    target: "a page of a list".to_owned(),
                    cause: "the call was cancelled: the program is stopping".to_owned(),
                }),
            },
        }
    }
}

/// What a body that is not JSON looks like, in a few words.
fn body_kind(body: &[u8]) -> &'static str {
    let start = String::from_utf8_lossy(&body[..body.len().min(64)]).to_ascii_lowercase();
    let start = start.trim_start();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        "an HTML page"
    } else if start.starts_with('<') {
        "markup"
    } else {
        "text"
    }
}

/// Names are checked before they are sent, with the rules the API and the emulator share.
fn check_name(name: &str) -> Result<(), ApiError> {
    match name_problem(name) {
        None => Ok(()),
        Some(problem) => Err(ApiError::InvalidArguments {
            message: "invalid name (checked before sending)".to_owned(),
            arguments: vec![super::error::InvalidArgument {
                name: "name".to_owned(),
                reason: "constraint".to_owned(),
                help: problem.to_owned(),
            }],
        }),
    }
}

/// Whether a failure without an answer may go away on its own (a refused or dropped
/// connection), as opposed to a TLS or configuration problem.
fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_timeout() && !error.is_builder() && tls_failure(error).is_none()
}

/// Whether a failure without an answer happened on the way, after the request may have been
/// sent: a dropped connection or a timeout, not a TLS or configuration problem.
fn is_transient_or_timeout(error: &reqwest::Error) -> bool {
    !error.is_builder() && tls_failure(error).is_none()
}

/// What the API answers while a resource just created propagates (reference §5.3).
fn is_namespace_not_found(error: &ApiError) -> bool {
    matches!(error, ApiError::NotFound { resource, .. } if resource == "namespace")
}

/// What `*-info` answers while an activation propagates (reference §5.3).
fn is_forbidden(error: &ApiError) -> bool {
    matches!(error, ApiError::PermissionsDenied { .. })
}

/// The TLS error behind a failure, if TLS is what failed.
fn tls_failure(error: &reqwest::Error) -> Option<&rustls::Error> {
    let mut cause = next_cause(error);
    while let Some(error) = cause {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        cause = next_cause(error);
    }
    None
}

/// The error behind `error`. An `io::Error` that wraps another is opened, because its
/// `source()` skips the error it wraps (and a TLS error comes wrapped twice).
fn next_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    match error.downcast_ref::<std::io::Error>() {
        Some(io) => io
            .get_ref()
            .map(|inner| inner as &(dyn std::error::Error + 'static)),
        None => error.source(),
    }
}

/// The innermost cause of an error, which is the one that says what happened
/// ("Connection refused (os error 111)").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = next_cause(cause) {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        let base = Url::parse("https://api.scaleway.com/").expect("a URL");
        let path = |id: &str| {
            endpoint(&base, ["sqs-credentials", id])
                .ok()
                .map(|url| url.path().to_owned())
        };
        let item = |encoded: &str| Some(format!("/sqs-credentials/{encoded}"));
        assert_eq!(
            path("ea97157f-4c9b-46c7-80cb-b86b25ddebea"),
            item("ea97157f-4c9b-46c7-80cb-b86b25ddebea")
        );
        assert_eq!(
            path("../sqs-credentials/x"),
            item("..%2Fsqs-credentials%2Fx")
        );
        assert_eq!(path("a?b#c d"), item("a%3Fb%23c%20d"));
        assert_eq!(path("100%"), item("100%25"));
        // A URL drops `.` and follows `..`, percent-encoded or not: such an id is refused.
        assert_eq!(
            Url::parse("https://api.scaleway.com/sqs-credentials/%2E%2E")
                .expect("a URL")
                .path(),
            "/"
        );
        for unusable in ["", ".", ".."] {
            assert_eq!(path(unusable), None, "{unusable:?}");
        }
    }

    #[test]
    fn bad_names_are_refused_before_sending() {
        let error = check_name("bad\u{1b}name").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request (400 invalid_arguments): name: must not contain control characters \
             — correct the value and send it again"
        );
        assert!(check_name("orders-producer").is_ok());
    }
}
