//! [`ApiError`]: everything that can go wrong with a call, in words a person can act on.

use std::fmt;
use std::time::Duration;

use super::model::{ErrorBody, ErrorDetail};

/// Why an API call failed. Decoded from the Scaleway error body (`type` first, HTTP status as
/// the fallback), or from what the network did.
///
/// `Display` says what happened and what to do about it. It never contains a secret: the
/// client never puts one in a URL, never quotes request headers, and blanks the secret key out
/// of every error it returns ([`ApiError::redact`]), in case an answer echoed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 400 `invalid_arguments`.
    InvalidArguments {
        message: String,
        arguments: Vec<InvalidArgument>,
    },
    /// 401 `denied_authentication`: the secret key is unknown, expired or malformed.
    Unauthenticated { reason: Option<String> },
    /// 403 `permissions_denied`: the key may not do this.
    PermissionsDenied { denied: Vec<DeniedAction> },
    /// 403 `quotas_exceeded`.
    QuotasExceeded { quotas: Vec<ExceededQuota> },
    /// 404 `not_found`.
    NotFound {
        resource: String,
        resource_id: String,
    },
    /// 409 `already_exists`.
    AlreadyExists {
        resource: String,
        resource_id: String,
        help: Option<String>,
    },
    /// 409 `transient_state`: the resource is changing and cannot be acted on now.
    TransientState {
        resource: String,
        resource_id: String,
        current_state: String,
    },
    /// 412 `precondition_failed`.
    PreconditionFailed {
        precondition: String,
        help: Option<String>,
    },
    /// 429, still after the retries allowed for this kind of call.
    RateLimited { attempts: u32 },
    /// 5xx.
    Server { status: u16, message: String },
    /// Any other error answer the API gave (another status or error type).
    Rejected {
        status: u16,
        kind: String,
        message: String,
    },
    /// No answer: connection refused or reset, DNS, TLS.
    Network { target: String, cause: String },
    /// No complete answer in time.
    Timeout { target: String, after: Duration },
    /// A create, update or revoke was sent, but its answer was lost (the connection closed, or
    /// no answer in time): it may have been carried out. It was not sent again.
    OutcomeUnknown { target: String, cause: String },
    /// A read right after this client's own create or activation still found nothing once the
    /// wait for propagation was over. What was made exists; the API does not show it yet.
    StillPropagating {
        /// What was made, in words ("Queues credentials", "NATS account").
        resource: String,
        resource_id: String,
        waited: Duration,
    },
    /// An answer that is not what the API sends: not JSON, missing fields, wrong types.
    UnexpectedResponse { status: u16, problem: String },
    /// The program installed no TLS crypto provider before building a client (see
    /// `install_tls_provider`).
    NoTlsProvider,
}

/// One argument an `invalid_arguments` error names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidArgument {
    pub name: String,
    pub reason: String,
    pub help: String,
}

/// One action a `permissions_denied` error names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeniedAction {
    pub action: String,
    pub resource: String,
}

/// One quota a `quotas_exceeded` error names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceededQuota {
    pub resource: String,
    pub quota: u64,
    pub current: u64,
}

impl ApiError {
    /// The error an HTTP error answer stands for. `body` is the raw body, which may not be JSON
    /// at all (a proxy's HTML page, an empty 429 from the gateway).
    pub fn from_response(status: u16, body: &[u8]) -> ApiError {
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(error) => Self::from_error_body(status, error),
            Err(_) => Self::from_status(status, body),
        }
    }

    fn from_error_body(status: u16, body: ErrorBody) -> ApiError {
        let details = body.details.unwrap_or_default();
        let text = |value: Option<String>| value.unwrap_or_default();
        match body.kind.as_str() {
            "invalid_arguments" => ApiError::InvalidArguments {
                message: body.message,
                arguments: details.into_iter().map(InvalidArgument::from).collect(),
            },
            "denied_authentication" => ApiError::Unauthenticated {
                reason: body.reason,
            },
            "permissions_denied" => ApiError::PermissionsDenied {
                denied: details.into_iter().map(DeniedAction::from).collect(),
            },
            "quotas_exceeded" => ApiError::QuotasExceeded {
                quotas: details.into_iter().map(ExceededQuota::from).collect(),
            },
            "not_found" => ApiError::NotFound {
                resource: text(body.resource),
                resource_id: text(body.resource_id),
            },
            "already_exists" => ApiError::AlreadyExists {
                resource: text(body.resource),
                resource_id: text(body.resource_id),
                help: body.help_message,
            },
            "transient_state" => ApiError::TransientState {
                resource: text(body.resource),
                resource_id: text(body.resource_id),
                current_state: text(body.current_state),
            },
            "precondition_failed" => ApiError::PreconditionFailed {
                precondition: text(body.precondition),
                help: body.help_message,
            },
            "too_many_requests" => ApiError::RateLimited { attempts: 1 },
            _ if status >= 500 => ApiError::Server {
                status,
                message: body.message,
            },
            _ => ApiError::Rejected {
                status,
                kind: body.kind,
                message: body.message,
            },
        }
    }

    fn from_status(status: u16, body: &[u8]) -> ApiError {
        match status {
            401 => ApiError::Unauthenticated { reason: None },
            403 => ApiError::PermissionsDenied { denied: Vec::new() },
            429 => ApiError::RateLimited { attempts: 1 },
            500..=599 => ApiError::Server {
                status,
                message: body_excerpt(body),
            },
            _ => ApiError::UnexpectedResponse {
                status,
                problem: format!("the body is not a Scaleway error: {}", body_excerpt(body)),
            },
        }
    }

    /// The HTTP status of an error answer, if the API answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::InvalidArguments { .. } => Some(400),
            ApiError::Unauthenticated { .. } => Some(401),
            ApiError::PermissionsDenied { .. } | ApiError::QuotasExceeded { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::AlreadyExists { .. } | ApiError::TransientState { .. } => Some(409),
            ApiError::PreconditionFailed { .. } => Some(412),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Server { status, .. }
            | ApiError::Rejected { status, .. }
            | ApiError::UnexpectedResponse { status, .. } => Some(*status),
            ApiError::Network { .. }
            | ApiError::Timeout { .. }
            | ApiError::OutcomeUnknown { .. }
            | ApiError::StillPropagating { .. }
            | ApiError::NoTlsProvider => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }

    /// A 403 `permissions_denied`: the API key may not do this (for the project list: a key
    /// scoped to some projects rather than the organisation).
    pub fn is_permissions_denied(&self) -> bool {
        matches!(self, ApiError::PermissionsDenied { .. })
    }

    /// Whether the request may have been carried out although it failed: a create, update or
    /// revoke whose answer was lost. Reload before doing it again: a create may have made a
    /// credential whose secret is now lost.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, ApiError::OutcomeUnknown { .. })
    }

    /// The same error with `secret` blanked out of every text it carries. The client passes
    /// every error through this: an answer may echo the secret key, and JSON can spell it with
    /// `\u` escapes that only decoding turns back into the secret.
    pub fn redact(self, secret: &str) -> ApiError {
        if secret.is_empty() {
            return self;
        }
        let clean = |text: String| {
            if text.contains(secret) {
                text.replace(secret, REDACTED)
            } else {
                text
            }
        };
        match self {
            ApiError::InvalidArguments { message, arguments } => ApiError::InvalidArguments {
                message: clean(message),
                arguments: arguments
                    .into_iter()
                    .map(|argument| InvalidArgument {
                        name: clean(argument.name),
                        reason: clean(argument.reason),
                        help: clean(argument.help),
                    })
                    .collect(),
            },
            ApiError::Unauthenticated { reason } => ApiError::Unauthenticated {
                reason: reason.map(clean),
            },
            ApiError::PermissionsDenied { denied } => ApiError::PermissionsDenied {
                denied: denied
                    .into_iter()
                    .map(|denied| DeniedAction {
                        action: clean(denied.action),
                        resource: clean(denied.resource),
                    })
                    .collect(),
            },
            ApiError::QuotasExceeded { quotas } => ApiError::QuotasExceeded {
                quotas: quotas
                    .into_iter()
                    .map(|quota| ExceededQuota {
                        resource: clean(quota.resource),
                        ..quota
                    })
                    .collect(),
            },
            ApiError::NotFound {
                resource,
                resource_id,
            } => ApiError::NotFound {
                resource: clean(resource),
                resource_id: clean(resource_id),
            },
            ApiError::AlreadyExists {
                resource,
                resource_id,
                help,
            } => ApiError::AlreadyExists {
                resource: clean(resource),
                resource_id: clean(resource_id),
                help: help.map(clean),
            },
            ApiError::TransientState {
                resource,
                resource_id,
                current_state,
            } => ApiError::TransientState {
                resource: clean(resource),
                resource_id: clean(resource_id),
                current_state: clean(current_state),
            },
            ApiError::PreconditionFailed { precondition, help } => ApiError::PreconditionFailed {
                precondition: clean(precondition),
                help: help.map(clean),
            },
            ApiError::RateLimited { attempts } => ApiError::RateLimited { attempts },
            ApiError::Server { status, message } => ApiError::Server {
                status,
                message: clean(message),
            },
            ApiError::Rejected {
                status,
                kind,
                message,
            } => ApiError::Rejected {
                status,
                kind: clean(kind),
                message: clean(message),
            },
            ApiError::Network { target, cause } => ApiError::Network {
                target: clean(target),
                cause: clean(cause),
            },
            ApiError::Timeout { target, after } => ApiError::Timeout {
                target: clean(target),
                after,
            },
            ApiError::OutcomeUnknown { target, cause } => ApiError::OutcomeUnknown {
                target: clean(target),
                cause: clean(cause),
            },
            ApiError::StillPropagating {
                resource,
                resource_id,
                waited,
            } => ApiError::StillPropagating {
                resource: clean(resource),
                resource_id: clean(resource_id),
                waited,
            },
            ApiError::UnexpectedResponse { status, problem } => ApiError::UnexpectedResponse {
                status,
                problem: clean(problem),
            },
            ApiError::NoTlsProvider => ApiError::NoTlsProvider,
        }
    }
}

/// What stands in for a secret in error texts.
pub const REDACTED: &str = "<secret key>";

/// The start of a body that is not what was expected, made safe to show: one line, printable
/// characters only, at most 120 of them.
fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    match one_line.char_indices().nth(120) {
        _ if one_line.is_empty() => "(empty body)".to_owned(),
        Some((cut, _)) => format!("{:?}…", &one_line[..cut]),
        None => format!("{one_line:?}"),
    }
}

/// The product a `not_found` about a service's per-project namespace stands for: the answer
/// to creating credentials, or deactivating, where the product is not activated.
fn not_activated_product(resource: &str) -> Option<&'static str> {
    match resource {
        "MnqSQSNamespace" => Some("Queues"),
        "MnqSNSNamespace" => Some("Topics and Events"),
        _ => None,
    }
}

impl From<ErrorDetail> for InvalidArgument {
    fn from(detail: ErrorDetail) -> Self {
        InvalidArgument {
            name: detail.argument_name.unwrap_or_default(),
            reason: detail.reason.unwrap_or_default(),
            help: detail.help_message.unwrap_or_default(),
        }
    }
}

impl From<ErrorDetail> for DeniedAction {
    fn from(detail: ErrorDetail) -> Self {
        DeniedAction {
            action: detail.action.unwrap_or_default(),
            resource: detail.resource.unwrap_or_default(),
        }
    }
}

impl From<ErrorDetail> for ExceededQuota {
    fn from(detail: ErrorDetail) -> Self {
        ExceededQuota {
            resource: detail.resource.unwrap_or_default(),
            quota: detail.quota.unwrap_or_default(),
            current: detail.current.unwrap_or_default(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::InvalidArguments { message, arguments } => {
                write!(f, "invalid request (400 invalid_arguments): ")?;
                if arguments.is_empty() {
                    write!(f, "{message}")?;
                }
                for (i, argument) in arguments.iter().enumerate() {
                    let separator = if i == 0 { "" } else { "; " };
                    let help = if argument.help.is_empty() {
                        &argument.reason
                    } else {
                        &argument.help
                    };
                    write!(f, "{separator}{}: {help}", argument.name)?;
                }
                write!(f, " — correct the value and send it again")
            }
            ApiError::Unauthenticated { .. } => write!(
                f,
                "authentication denied (401): the API does not accept this secret key — it is \
                 wrong, expired or revoked; check secret_key in your scw config or SCW_SECRET_KEY"
            ),
            ApiError::PermissionsDenied { denied } => {
                write!(f, "permission denied (403): this API key may not ")?;
                let needed = match denied.first() {
                    Some(first) => {
                        write!(f, "{} {}", first.action, first.resource)?;
                        if matches!(first.action.as_str(), "read" | "list") {
                            "MessagingAndQueuingReadOnly or MessagingAndQueuingFullAccess"
                        } else {
                            "MessagingAndQueuingFullAccess"
                        }
                    }
                    None => {
                        write!(f, "do this")?;
                        "MessagingAndQueuingFullAccess (MessagingAndQueuingReadOnly to browse only)"
                    }
                };
                write!(
                    f,
                    " in this project — give it {needed} in its IAM policy; right after an \
                     activation this can last a few seconds"
                )
            }
            ApiError::QuotasExceeded { quotas } => {
                write!(f, "quota exceeded (403)")?;
                if let Some(quota) = quotas.first() {
                    write!(
                        f,
                        ": {} limited to {} (currently {})",
                        quota.resource, quota.quota, quota.current
                    )?;
                }
                write!(
                    f,
                    " — delete unused ones or ask Scaleway to raise the quota"
                )
            }
            ApiError::NotFound {
                resource,
                resource_id,
            } => match not_activated_product(resource) {
                // The API's name for "this product is not activated in the project".
                Some(product) => write!(
                    f,
                    "not activated (404): {product} is not activated for project {resource_id} \
                     in this region — activate it first"
                ),
                // NATS accounts are "namespaces" to the API.
                None if resource == "namespace" => write!(
                    f,
                    "not found (404): NATS account {resource_id} does not exist (deleted, or \
                     just created and not visible yet) — reload the list in a few seconds"
                ),
                None => write!(
                    f,
                    "not found (404): {resource} {resource_id} does not exist (it may have been \
                     deleted already) — reload the list"
                ),
            },
            ApiError::AlreadyExists {
                resource,
                resource_id,
                help,
            } => {
                write!(f, "already exists (409): {resource} {resource_id}")?;
                if let Some(help) = help {
                    write!(f, " — {help}")?;
                }
                Ok(())
            }
            ApiError::TransientState {
                resource,
                resource_id,
                current_state,
            } => {
                write!(
                    f,
                    "busy (409 transient_state): {resource} {resource_id} is "
                )?;
                if current_state.is_empty() {
                    write!(f, "changing")?;
                } else {
                    write!(f, "{current_state}")?;
                }
                write!(f, " — wait a few seconds, reload, and try again")
            }
            ApiError::PreconditionFailed { precondition, help } => {
                write!(f, "refused (412 {precondition})")?;
                if let Some(help) = help {
                    write!(f, ": {help}")?;
                }
                Ok(())
            }
            ApiError::RateLimited { attempts: 1 } => write!(
                f,
                "rate limited (429): the API refused the request — wait a few seconds and try \
                 again"
            ),
            ApiError::RateLimited { attempts } => write!(
                f,
                "rate limited (429): the API refused {attempts} attempts in a row — wait a few \
                 seconds and try again"
            ),
            ApiError::Server { status, message } => write!(
                f,
                "Scaleway API error ({status}): {message} — the fault is on the server side; \
                 try again in a moment"
            ),
            ApiError::Rejected {
                status,
                kind,
                message,
            } => write!(
                f,
                "the API refused the request ({status} {kind}): {message}"
            ),
            ApiError::Network { target, cause } => write!(
                f,
                "cannot reach {target}: {cause} — check the network, any proxy, and api_url / \
                 SCW_API_URL"
            ),
            ApiError::Timeout { target, after } => write!(
                f,
                "no complete answer from {target} within {} s — the network or the API is slow; \
                 try again",
                after.as_secs_f32()
            ),
            ApiError::OutcomeUnknown { target, cause } => write!(
                f,
                "no answer from {target}: {cause} — the change may have been made; reload to \
                 see whether it was before trying again"
            ),
            ApiError::StillPropagating {
                resource,
                resource_id,
                waited,
            } => write!(
                f,
                "still propagating: {resource} {resource_id} was made but the API does not show \
                 it yet after {} s — reload in a moment",
                waited.as_secs()
            ),
            ApiError::UnexpectedResponse { status, problem } => write!(
                f,
                "unexpected answer from the API (HTTP {status}): {problem} — a proxy may be in \
                 the way, or the API changed"
            ),
            ApiError::NoTlsProvider => f.write_str(
                "no TLS crypto provider is installed in this process — call \
                 mnq_api::install_tls_provider() once before the first Client::new",
            ),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_type_wins_over_the_status() {
        let body = br#"{"details":[{"argument_name":"nats_account_id","help_message":"value length must be 56 runes","reason":"constraint"}],"message":"invalid argument(s)","type":"invalid_arguments"}"#;
        let error = ApiError::from_response(400, body);
        assert_eq!(
            error.to_string(),
            "invalid request (400 invalid_arguments): nats_account_id: value length must be 56 \
             runes — correct the value and send it again"
        );
    }

    #[test]
    fn a_body_that_is_not_json_falls_back_on_the_status() {
        assert_eq!(
            ApiError::from_response(429, b""),
            ApiError::RateLimited { attempts: 1 }
        );
        let error = ApiError::from_response(502, b"<html><body>Bad gateway</body></html>");
        assert_eq!(
            error.to_string(),
            "Scaleway API error (502): \"<html><body>Bad gateway</body></html>\" — the fault is \
             on the server side; try again in a moment"
        );
    }

    #[test]
    fn redact_blanks_the_secret_out_of_every_text() {
        let secret = "5f0b8c1e-7a2d-4e69-9c3b-d84a1f6e2b70";
        let body = format!(
            r#"{{"type":"invalid_arguments","message":"m","details":[{{"argument_name":"{secret}",
            "reason":"x{secret}","help_message":"token \u0035{}"}}]}}"#,
            &secret[1..]
        );
        let error = ApiError::from_response(400, body.as_bytes()).redact(secret);
        assert_eq!(
            error.to_string(),
            "invalid request (400 invalid_arguments): <secret key>: token <secret key> — correct \
             the value and send it again"
        );
        assert!(!format!("{error:?}").contains(secret));
    }

    #[test]
    fn excerpts_are_one_short_printable_line() {
        let long = format!("line one\n\u{1b}[31m{}", "x".repeat(500));
        let excerpt = body_excerpt(long.as_bytes());
        assert!(!excerpt.contains('\n') && !excerpt.contains('\u{1b}'));
        assert!(excerpt.chars().count() < 130, "{excerpt}");
    }
}
