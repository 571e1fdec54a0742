//! The API's propagation delay (reference §5.3): for a while after a create or an activation,
//! reads of what was made fail as the real API was recorded failing, then succeed.
//!
//! What the recordings show (`tests/fixtures/recorded/interactions.json`):
//! - `GET {sqs,sns}-credentials/{id}` and `GET nats-credentials/{id}` right after the create:
//!   404 `not_found`, `resource: "namespace"`; the `resource_id` is not the credentials' id but
//!   a NATS-style namespace id: the NATS account for NATS credentials, and for Queues or Topics
//!   and Events one id per project, the same on every such answer;
//! - `GET nats-accounts/{id}` right after the create: the same 404, naming the account itself;
//! - `GET sqs-info` / `sns-info` right after the activation: 403 `permissions_denied` naming
//!   `read` on `namespace`.
//!
//! Lists are not delayed: the recorded `GET nats-accounts` sent right after two creates (about
//! 100 ms) lists both new accounts, in all three recordings that do so. No credentials list
//! was recorded right after a create; they are treated the same way.
//!
//! The real API flaps (200, 404, 200 …) for one to two seconds; the emulator hides for one
//! steady window instead, which is the harder case for a client: it never gets lucky early.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mnq_api::model::{CredentialsId, NatsAccountId, ProjectId, Region, Service};
use nkeys::{KeyPair, KeyPairType};
use sha2::{Digest, Sha256};

use super::refusal::Refusal;

/// Something just made, whose reads are delayed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Made {
    NatsAccount(NatsAccountId),
    NatsCredentials(CredentialsId),
    Credentials(Service, CredentialsId),
    Activation(Service, Region, ProjectId),
}

/// When each thing was made, for as long as its reads are delayed.
#[derive(Debug)]
pub struct Propagation {
    window: Duration,
    made_at: Mutex<HashMap<Made, Instant>>,
}

impl Propagation {
    pub fn new(window: Duration) -> Self {
        Propagation {
            window,
            made_at: Mutex::new(HashMap::new()),
        }
    }

    /// Notes that `what` was made at `at`. Nothing is kept when there is no delay.
    pub fn made(&self, what: Made, at: Instant) {
        if self.window.is_zero() {
            return;
        }
        let mut made_at = self.lock();
        // Forget what is visible everywhere by now, so that the map stays small.
        made_at.retain(|_, made| at.saturating_duration_since(*made) < self.window);
        made_at.insert(what, at);
    }

    /// Whether a read of `what` at `now` still fails: until `window` after it was made.
    pub fn hides(&self, what: &Made, now: Instant) -> bool {
        !self.window.is_zero()
            && self
                .lock()
                .get(what)
                .is_some_and(|made| now.saturating_duration_since(*made) < self.window)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Made, Instant>> {
        self.made_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The 404 a get of a NATS account answers while it propagates.
pub fn account_not_visible(account: &NatsAccountId) -> Refusal {
    Refusal::not_found("namespace", account.as_str())
}

/// The 404 a get of Queues or Topics and Events credentials answers while they propagate.
pub fn credentials_not_visible(service: Service, project: &ProjectId) -> Refusal {
    Refusal::not_found("namespace", namespace_id(service, project))
}

/// The 403 `*-info` answers while an activation propagates.
pub fn activation_not_visible() -> Refusal {
    Refusal::PermissionsDenied {
        action: "read",
        resource: "namespace",
    }
}

/// The id of a project's namespace of a service, as the 404s name it: an account public key
/// (56 characters, `A…`), always the same for one project and service.
fn namespace_id(service: Service, project: &ProjectId) -> String {
    let digest = Sha256::digest(format!("{}:{}", service.api_name(), project.as_str()));
    let mut raw = [0u8; 32];
    raw.copy_from_slice(&digest);
    match KeyPair::new_from_raw(KeyPairType::Account, raw) {
        Ok(key) => key.public_key(),
        // 32 bytes always make a key; an id of the right length stands in otherwise.
        Err(_) => format!("A{}", "A".repeat(55)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Made {
        Made::NatsAccount(NatsAccountId("A".repeat(56)))
    }

    #[test]
    fn reads_are_hidden_for_the_window_and_not_a_moment_longer() {
        let propagation = Propagation::new(Duration::from_millis(1500));
        let start = Instant::now();
        propagation.made(account(), start);
        assert!(propagation.hides(&account(), start));
        assert!(propagation.hides(&account(), start + Duration::from_millis(1499)));
        assert!(!propagation.hides(&account(), start + Duration::from_millis(1500)));
        let other = Made::NatsCredentials(CredentialsId("x".into()));
        assert!(!propagation.hides(&other, start), "only what was made");
    }

    #[test]
    fn no_window_hides_nothing_and_keeps_nothing() {
        let propagation = Propagation::new(Duration::ZERO);
        let start = Instant::now();
        propagation.made(account(), start);
        assert!(!propagation.hides(&account(), start));
        assert!(propagation.lock().is_empty());
    }

    #[test]
    fn what_is_visible_is_forgotten_at_the_next_create() {
        let propagation = Propagation::new(Duration::from_secs(1));
        let start = Instant::now();
        propagation.made(account(), start);
        let later = Made::NatsCredentials(CredentialsId("y".into()));
        propagation.made(later.clone(), start + Duration::from_secs(2));
        assert_eq!(propagation.lock().len(), 1);
        assert!(propagation.hides(&later, start + Duration::from_secs(2)));
    }

    #[test]
    fn namespace_ids_are_stable_account_keys_per_project_and_service() {
        let project = ProjectId("ead8f5fa-ded2-46b5-990f-3f7ed9584170".into());
        let other = ProjectId("3b140d30-16c2-4a5b-8661-e7592dcdfd1a".into());
        let id = namespace_id(Service::Sqs, &project);
        assert_eq!(id.len(), 56);
        assert!(id.starts_with('A'), "{id}");
        assert!(KeyPair::from_public_key(&id).is_ok());
        assert_eq!(id, namespace_id(Service::Sqs, &project));
        assert_ne!(id, namespace_id(Service::Sns, &project));
        assert_ne!(id, namespace_id(Service::Sqs, &other));
    }
}
