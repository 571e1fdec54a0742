//! [`Refusal`]: an error answer of the emulator, in the real API's shapes (§5.1 of the reference).

use axum::http::StatusCode;

use mnq_api::model::{ErrorBody, ErrorDetail};

/// Why the emulator refuses a request. Each variant becomes the status and JSON body that the
/// real API gives for the same case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 400 `invalid_arguments`, naming one argument.
    InvalidArgument {
        argument: String,
        reason: &'static str,
        help: String,
    },
    /// 401 `denied_authentication`.
    Unauthenticated { reason: &'static str },
    /// 403 `permissions_denied`, naming one action on one resource.
    PermissionsDenied {
        action: &'static str,
        resource: &'static str,
    },
    /// 404 `not_found`.
    NotFound {
        resource: &'static str,
        resource_id: String,
    },
    /// 409 `already_exists`.
    AlreadyExists {
        resource: &'static str,
        resource_id: String,
        help: String,
    },
    /// 412 `precondition_failed`.
    PreconditionFailed {
        precondition: &'static str,
        help: String,
    },
    /// 500, for what should not happen (an unwritable state file).
    Internal { message: String },
}

impl Refusal {
    pub fn invalid(argument: &str, reason: &'static str, help: impl Into<String>) -> Self {
        Refusal::InvalidArgument {
            argument: argument.to_owned(),
            reason,
            help: help.into(),
        }
    }

    pub fn not_found(resource: &'static str, resource_id: impl Into<String>) -> Self {
        Refusal::NotFound {
            resource,
            resource_id: resource_id.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::InvalidArgument { .. } => StatusCode::BAD_REQUEST,
            Refusal::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Refusal::PermissionsDenied { .. } => StatusCode::FORBIDDEN,
            Refusal::NotFound { .. } => StatusCode::NOT_FOUND,
            Refusal::AlreadyExists { .. } => StatusCode::CONFLICT,
            Refusal::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Refusal::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> ErrorBody {
        match self {
            Refusal::InvalidArgument {
                argument,
                reason,
                help,
            } => ErrorBody {
                kind: "invalid_arguments".into(),
                message: "invalid argument(s)".into(),
                details: Some(vec![ErrorDetail {
                    argument_name: Some(argument.clone()),
                    reason: Some((*reason).into()),
                    help_message: Some(help.clone()),
                    ..ErrorDetail::default()
                }]),
                ..ErrorBody::default()
            },
            Refusal::Unauthenticated { reason } => ErrorBody {
                kind: "denied_authentication".into(),
                message: "authentication is denied".into(),
                method: Some("api_key".into()),
                reason: Some((*reason).into()),
                ..ErrorBody::default()
            },
            Refusal::PermissionsDenied { action, resource } => ErrorBody {
                kind: "permissions_denied".into(),
                message: "insufficient permissions".into(),
                details: Some(vec![ErrorDetail {
                    action: Some((*action).into()),
                    resource: Some((*resource).into()),
                    ..ErrorDetail::default()
                }]),
                ..ErrorBody::default()
            },
            Refusal::NotFound {
                resource,
                resource_id,
            } => ErrorBody {
                kind: "not_found".into(),
                message: "resource is not found".into(),
                resource: Some((*resource).into()),
                resource_id: Some(resource_id.clone()),
                ..ErrorBody::default()
            },
            Refusal::AlreadyExists {
                resource,
                resource_id,
                help,
            } => ErrorBody {
                kind: "already_exists".into(),
                message: "resource already exists".into(),
                resource: Some((*resource).into()),
                resource_id: Some(resource_id.clone()),
                help_message: Some(help.clone()),
                ..ErrorBody::default()
            },
            Refusal::PreconditionFailed { precondition, help } => ErrorBody {
                kind: "precondition_failed".into(),
                message: "precondition is not respected".into(),
                precondition: Some((*precondition).into()),
                help_message: Some(help.clone()),
                ..ErrorBody::default()
            },
            Refusal::Internal { message } => ErrorBody {
                kind: "internal_error".into(),
                message: message.clone(),
                ..ErrorBody::default()
            },
        }
    }
}
