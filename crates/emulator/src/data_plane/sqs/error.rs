//! The errors of Queues' JSON 1.0 protocol: each refusal's status, its JSON `__type` and the
//! code the query protocol gave it (which boto3 reports).

use axum::http::StatusCode;

use crate::SaveFailed;
use crate::data_plane::AuthFailure;
use crate::data_plane::queues::QueueError;

/// An SQS error answer: its status, its JSON `__type`, the query protocol's code for it.
#[derive(Debug)]
pub(crate) struct SqsError {
    pub(super) status: StatusCode,
    pub(super) kind: &'static str,
    pub(super) query_code: &'static str,
    pub(super) message: String,
}

impl SqsError {
    pub(super) fn new(
        status: StatusCode,
        kind: &'static str,
        query_code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        SqsError {
            status,
            kind,
            query_code,
            message: message.into(),
        }
    }

    pub(super) fn invalid(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValue",
            "InvalidParameterValue",
            message,
        )
    }
}

impl From<AuthFailure> for SqsError {
    fn from(failure: AuthFailure) -> Self {
        let forbidden = StatusCode::FORBIDDEN;
        match failure {
            AuthFailure::Missing => Self::new(
                forbidden,
                "MissingAuthenticationToken",
                "MissingAuthenticationToken",
                "Request is missing Authentication Token",
            ),
            AuthFailure::Malformed(why) => Self::new(
                StatusCode::BAD_REQUEST,
                "IncompleteSignature",
                "IncompleteSignature",
                why,
            ),
            AuthFailure::UnknownKey => Self::new(
                forbidden,
                "InvalidClientTokenId",
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            ),
            AuthFailure::Expired(why) => Self::new(
                StatusCode::BAD_REQUEST,
                "RequestExpired",
                "RequestExpired",
                why,
            ),
            AuthFailure::Mismatch(why) => Self::new(
                forbidden,
                "SignatureDoesNotMatch",
                "SignatureDoesNotMatch",
                why,
            ),
        }
    }
}

impl From<QueueError> for SqsError {
    fn from(error: QueueError) -> Self {
        let (kind, query_code) = queue_error_codes(&error);
        Self::new(StatusCode::BAD_REQUEST, kind, query_code, error.message())
    }
}

/// The JSON `__type` and the query code of each refusal.
pub(super) fn queue_error_codes(error: &QueueError) -> (&'static str, &'static str) {
    match error {
        QueueError::DoesNotExist => (
            "QueueDoesNotExist",
            "AWS.SimpleQueueService.NonExistentQueue",
        ),
        QueueError::NameExists(_) => ("QueueNameExists", "QueueAlreadyExists"),
        QueueError::InvalidParameterValue(_) => ("InvalidParameterValue", "InvalidParameterValue"),
        QueueError::MissingParameter(_) => ("MissingParameter", "MissingParameter"),
        QueueError::InvalidAttributeName(_) => ("InvalidAttributeName", "InvalidAttributeName"),
        QueueError::InvalidAttributeValue(_) => ("InvalidAttributeValue", "InvalidAttributeValue"),
        QueueError::InvalidMessageContents(_) => {
            ("InvalidMessageContents", "InvalidMessageContents")
        }
        QueueError::ReceiptHandleIsInvalid(_) => {
            ("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid")
        }
        QueueError::MessageNotInflight => (
            "MessageNotInflight",
            "AWS.SimpleQueueService.MessageNotInflight",
        ),
        QueueError::EmptyBatchRequest => (
            "EmptyBatchRequest",
            "AWS.SimpleQueueService.EmptyBatchRequest",
        ),
        QueueError::TooManyEntriesInBatchRequest => (
            "TooManyEntriesInBatchRequest",
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        ),
        QueueError::BatchEntryIdsNotDistinct(_) => (
            "BatchEntryIdsNotDistinct",
            "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        ),
        QueueError::BatchRequestTooLong => (
            "BatchRequestTooLong",
            "AWS.SimpleQueueService.BatchRequestTooLong",
        ),
        QueueError::InvalidBatchEntryId(_) => (
            "InvalidBatchEntryId",
            "AWS.SimpleQueueService.InvalidBatchEntryId",
        ),
        QueueError::NotEmulated(_) => (
            "UnsupportedOperation",
            "AWS.SimpleQueueService.UnsupportedOperation",
        ),
    }
}

impl From<SaveFailed> for SqsError {
    fn from(failed: SaveFailed) -> Self {
        SqsError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            kind: "InternalError",
            query_code: "InternalError",
            message: failed.0,
        }
    }
}

pub(super) fn unsupported(action: &str) -> SqsError {
    SqsError::new(
        StatusCode::BAD_REQUEST,
        "UnsupportedOperation",
        "AWS.SimpleQueueService.UnsupportedOperation",
        format!("{action} is not supported by the emulator's Queues."),
    )
}
