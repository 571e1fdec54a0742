//! Fault injection: added latency and a share of requests that fail as a flaky gateway fails —
//! a bare 429, a 503, or a connection dropped before the answer. Reproducible from a seed.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// One way a request can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// 429 with no body and `x-envoy-ratelimited: true`, as Scaleway's gateway answers.
    RateLimited,
    /// 503 with a plain-text gateway message.
    Unavailable,
    /// The connection closes before a complete answer; half the time after the request was
    /// carried out, as when a network fails on the way back.
    Drop,
}

/// What to inject.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Each request first waits a uniformly random time up to this.
    pub max_latency: Duration,
    /// The share of requests that fail, from 0 to 1.
    pub failure_rate: f64,
    /// The failures to choose from, evenly.
    pub kinds: Vec<FaultKind>,
    /// The same seed gives the same sequence of decisions.
    pub seed: u64,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            max_latency: Duration::ZERO,
            failure_rate: 0.0,
            kinds: vec![
                FaultKind::RateLimited,
                FaultKind::Unavailable,
                FaultKind::Drop,
            ],
            seed: 0,
        }
    }
}

impl FaultConfig {
    pub fn is_active(&self) -> bool {
        !self.max_latency.is_zero() || (self.failure_rate > 0.0 && !self.kinds.is_empty())
    }
}

/// What was injected so far.
#[derive(Debug, Default)]
pub struct FaultStats {
    pub requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub unavailable: AtomicU64,
    pub dropped: AtomicU64,
}

impl FaultStats {
    pub fn injected(&self) -> u64 {
        self.rate_limited.load(Ordering::Relaxed)
            + self.unavailable.load(Ordering::Relaxed)
            + self.dropped.load(Ordering::Relaxed)
    }
}

/// The injector: the configuration, its random sequence and its counts.
#[derive(Debug)]
pub struct Faults {
    config: FaultConfig,
    rng: Mutex<fastrand::Rng>,
    pub stats: FaultStats,
}

struct Decision {
    latency: Duration,
    fault: Option<FaultKind>,
    drop_after_handling: bool,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        Faults {
            rng: Mutex::new(fastrand::Rng::with_seed(config.seed)),
            config,
            stats: FaultStats::default(),
        }
    }

    fn decide(&self) -> Decision {
        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let latency = self.config.max_latency.mul_f64(rng.f64());
        let fails = !self.config.kinds.is_empty() && rng.f64() < self.config.failure_rate;
        let fault = fails.then(|| self.config.kinds[rng.usize(..self.config.kinds.len())]);
        Decision {
            latency,
            fault,
            drop_after_handling: rng.bool(),
        }
    }
}

/// Middleware: delays the request, then lets it through or fails it.
pub async fn inject(
    State(faults): State<std::sync::Arc<Faults>>,
    request: Request,
    next: Next,
) -> Response {
    let decision = faults.decide();
    faults.stats.requests.fetch_add(1, Ordering::Relaxed);
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    match decision.fault {
        None => next.run(request).await,
        Some(FaultKind::RateLimited) => {
            faults.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
            response
                .headers_mut()
                .insert("x-envoy-ratelimited", HeaderValue::from_static("true"));
            response
        }
        Some(FaultKind::Unavailable) => {
            faults.stats.unavailable.fetch_add(1, Ordering::Relaxed);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "upstream connect error or disconnect/reset before headers. reset reason: \
                 connection failure",
            )
                .into_response()
        }
        Some(FaultKind::Drop) => {
            faults.stats.dropped.fetch_add(1, Ordering::Relaxed);
            if decision.drop_after_handling {
                let _carried_out = next.run(request).await;
            }
            dropped_connection()
        }
    }
}

/// An answer whose body fails at once: the server closes the connection before the client
/// has a complete answer.
fn dropped_connection() -> Response {
    let broken = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault injection: connection dropped",
        ))
    });
    Response::new(Body::from_stream(broken))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decisions(faults: &Faults, count: usize) -> Vec<Option<FaultKind>> {
        (0..count).map(|_| faults.decide().fault).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        let config = FaultConfig {
            failure_rate: 0.3,
            seed: 42,
            ..FaultConfig::default()
        };
        let first = decisions(&Faults::new(config.clone()), 200);
        let again = decisions(&Faults::new(config), 200);
        assert_eq!(first, again);
        let failures = first.iter().flatten().count();
        assert!((35..=85).contains(&failures), "{failures} of 200 at 30 %");
    }

    #[test]
    fn no_rate_means_no_faults() {
        let faults = Faults::new(FaultConfig::default());
        assert!(decisions(&faults, 100).iter().all(Option::is_none));
    }
}
