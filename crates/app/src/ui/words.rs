//! The words for what the state records as facts: a footer note ([`Notice`]) and a failed
//! request ([`Failure`]). The reducer never writes a sentence; this is the one place that does.

use crate::call::ConnectionOutcome;
use crate::change::{ChangeKind, ChangeOutcome};
use crate::state::{Failure, Notice, Operation};
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::data_plane::{Access, Grant};
use mnq_api::model::Product;

/// What `--readonly` turns off.
pub const READ_ONLY_OFF: &str = "Generate, Update, Rotate, Revoke and New account";

/// The footer note, e.g. "Revoked orders-producer (Queues, fr-par)".
pub fn notice(notice: &Notice) -> String {
    match notice {
        Notice::Revoked(target) => format!("Revoked {} ({})", target.name, place(target)),
        Notice::AlreadyRevoked(target) => {
            format!("{} was already revoked ({})", target.name, place(target))
        }
        Notice::Updated(target) => format!("Updated {}", target.name),
        Notice::AccountCreated { name, region } => {
            format!("Created NATS account {name} ({region})")
        }
        Notice::Copied(what, value) => {
            format!("{} {value} sent to the terminal's clipboard", what.label())
        }
        Notice::JournalUnwritable(why) => {
            format!("the journal cannot be written ({why}): changes go on, unrecorded")
        }
        Notice::MarksGone { gone, left } => format!(
            "{} no longer listed (revoked elsewhere?): unmarked; {left} still marked",
            count(*gone, "marked credential", "marked credentials")
        ),
        Notice::ReadOnly => format!("Read-only (--readonly): {READ_ONLY_OFF} are off"),
    }
}

/// What a connection test found, and whether that is good news.
pub fn connection(outcome: &ConnectionOutcome) -> (bool, String) {
    let sign = |ok: bool| if ok { "✓" } else { "✗" };
    match outcome {
        ConnectionOutcome::Connected { server } => (
            true,
            format!(
                "{} Connected: {server} let these credentials in.",
                sign(true)
            ),
        ),
        ConnectionOutcome::Denied(why) => (
            false,
            format!(
                "{} Denied ({why}): the credentials are revoked, or not this account's.",
                sign(false)
            ),
        ),
        ConnectionOutcome::Unreachable(why) => {
            (false, format!("{} Unreachable: {why}", sign(false)))
        }
        ConnectionOutcome::BadFile(why) => (false, format!("{} Bad file: {why}", sign(false))),
        ConnectionOutcome::Probed(probed) => access(&probed.report.access, &probed.access_key),
    }
}

/// Whether a Queues or Topics and Events endpoint took a key, and whether that is good news.
pub fn access(access: &Access, key: &str) -> (bool, String) {
    match access {
        Access::Accepted => (
            true,
            format!("✓ Accepted: the endpoint takes access key {key}."),
        ),
        Access::UnknownKey { code } => (
            false,
            format!(
                "✗ Refused ({code}): the endpoint does not know access key {key}: revoked, \
                 never issued, or of another region."
            ),
        ),
        Access::Denied { code } => (
            false,
            format!(
                "✗ Refused ({code}): access key {key} may not do even this: it has no \
                 permission, or it is revoked (Scaleway may answer so)."
            ),
        ),
        Access::WrongSecret => (
            false,
            format!(
                "✗ Wrong secret: the signature does not match; the secret key is not access \
                 key {key}'s."
            ),
        ),
        Access::ClockSkew => (
            false,
            "✗ Refused: this machine's clock is more than 15 minutes off the endpoint's; set \
             it right and test again."
                .to_owned(),
        ),
        Access::Unreachable(why) => (false, format!("✗ Unreachable: {why}")),
        Access::Unexpected(what) => (false, format!("✗ Unexpected answer: {what}")),
    }
}

/// What the endpoint said of one permission.
pub fn grant(grant: &Grant) -> &'static str {
    match grant {
        Grant::Granted => "granted",
        Grant::Refused => "refused",
        Grant::CannotTell(_) => "cannot tell",
    }
}

/// The title of a failure's message: what could not be done.
pub fn failure_title(failure: &Failure) -> String {
    match &failure.op {
        Operation::ListNatsAccounts { region } => {
            format!("Could not list the NATS accounts of {region}")
        }
        Operation::ListNatsCredentials { account, region } => {
            format!("Could not list the credentials of NATS account {account} in {region}")
        }
        Operation::ListCredentials { product, region } => {
            format!("Could not list {product} credentials in {region}")
        }
        Operation::Update(target) => {
            format!("Could not update {} ({})", target.name, place(target))
        }
        Operation::Revoke(target) => {
            format!("Could not revoke {} ({})", target.name, place(target))
        }
        Operation::Create {
            product,
            region,
            name,
            account,
        } => {
            let what = if *account {
                "NATS account"
            } else {
                "credentials"
            };
            format!("Could not create {what} {name} ({product}, {region})")
        }
        Operation::CheckCreate {
            product,
            region,
            name,
            account,
        } => {
            let what = if *account {
                "NATS account"
            } else {
                "credentials"
            };
            format!("The create of {what} {name} may have happened ({product}, {region})")
        }
        Operation::ReadBack {
            product,
            region,
            name,
        } => format!("{name} was created but cannot be read yet ({product}, {region})"),
    }
}

/// The text of a failure's message: the API's error, with what to do.
pub fn failure_text(failure: &Failure) -> String {
    match &failure.op {
        Operation::CheckCreate { name, .. } => lost_create_unchecked(name, &failure.error),
        _ => failure.error.to_string(),
    }
}

/// A create whose answer was lost, and whose check failed too with `error`.
pub fn lost_create_unchecked(name: &str, error: &ApiError) -> String {
    format!(
        "The connection dropped before the API answered, and checking whether it was made \
         failed too: {error}. {name:?} may exist: look for it in the list before sending it \
         again."
    )
}

/// "Queues, fr-par".
fn place(target: &Target) -> String {
    format!("{}, {}", target.product, target.region)
}

/// "1 credential", "3 credentials".
pub fn count(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", super::text::thousands(count as u64))
    }
}

/// The product in a narrow column: "NATS", "Queues", "Topics".
pub fn product_short(product: Product) -> &'static str {
    match product {
        Product::Nats => "NATS",
        Product::Queues => "Queues",
        Product::TopicsAndEvents => "Topics",
    }
}

/// An error in a few words, for a row's outcome ("rate limited (429)").
pub fn short_error(error: &ApiError) -> String {
    match error {
        ApiError::OutcomeUnknown { .. } => "answer lost: may be done".to_owned(),
        ApiError::RateLimited { .. } => "rate limited (429)".to_owned(),
        ApiError::Server { status, .. } => format!("server error ({status})"),
        ApiError::PermissionsDenied { .. } => "not allowed (403)".to_owned(),
        ApiError::Unauthenticated { .. } => "key refused (401)".to_owned(),
        ApiError::Network { .. } => "no connection".to_owned(),
        ApiError::Timeout { .. } => "timed out".to_owned(),
        ApiError::TransientState { .. } => "busy, try again (409)".to_owned(),
        ApiError::Rejected { status, .. } | ApiError::UnexpectedResponse { status, .. } => {
            format!("refused ({status})")
        }
        other => other.to_string(),
    }
}

/// A change in a few words: "revoke", "update: name, permissions".
pub fn change(kind: &ChangeKind) -> String {
    match kind {
        ChangeKind::Update { before, after } => {
            let mut what = Vec::new();
            if before.name != after.name {
                what.push(format!("name → {}", after.name));
            }
            if before.permissions != after.permissions {
                let labels = after.permissions.labels();
                what.push(format!(
                    "permissions → {}",
                    if labels.is_empty() {
                        "none".to_owned()
                    } else {
                        labels.join(", ")
                    }
                ));
            }
            if what.is_empty() {
                "update (no change)".to_owned()
            } else {
                format!("update: {}", what.join(", "))
            }
        }
        ChangeKind::Generate | ChangeKind::Revoke | ChangeKind::CreateAccount => {
            kind.word().to_owned()
        }
    }
}

/// What became of a change, in a few words, and whether it is good news (`None`: not known).
pub fn change_outcome(outcome: &ChangeOutcome) -> (Option<bool>, String) {
    match outcome {
        ChangeOutcome::Asked => (None, "asked, no answer recorded".to_owned()),
        ChangeOutcome::Done { note: None } => (Some(true), "done".to_owned()),
        ChangeOutcome::Done { note: Some(note) } => (Some(true), format!("done ({note})")),
        ChangeOutcome::Failed(why) => (Some(false), format!("failed: {why}")),
        ChangeOutcome::Unknown(why) => (None, format!("unknown: {why}")),
    }
}
