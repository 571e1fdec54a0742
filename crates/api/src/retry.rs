//! When and how long to wait before sending a failed call again.

use std::time::Duration;

use reqwest::{Method, StatusCode};

/// Retries with jittered exponential backoff, bounded in count and in total time.
///
/// Only calls that are safe to repeat are retried: reads (`GET`) on 429, 502, 503, 504 and on
/// connection failures; updates and revokes (`PATCH`, `DELETE`) on 429 only, since the gateway
/// refused them before they reached the API. A revoke is not retried on anything else: one that
/// is sent twice after a lost answer could answer "not found" for a revoke that worked. Creates
/// (`POST`) are never retried: a second create would make a second credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The wait before the first retry, doubled for each further one.
    pub base_delay: Duration,
    /// No single wait is longer than this.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(400),
            max_delay: Duration::from_secs(8),
            max_total: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// How reads that follow the client's own create or activation wait for it to propagate:
    /// up to 30 s, with waits growing from 250 ms to 2 s (Terraform reads every 2 s for this).
    pub fn propagation() -> Self {
        RetryPolicy {
            max_retries: u32::MAX,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(2),
            max_total: Duration::from_secs(30),
        }
    }

    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Whether an answer with this status is worth sending again.
    pub fn retries_status(method: &Method, status: StatusCode) -> bool {
        match *method {
            Method::GET => matches!(status.as_u16(), 429 | 502 | 503 | 504),
            Method::PATCH | Method::DELETE => status == StatusCode::TOO_MANY_REQUESTS,
            _ => false,
        }
    }

    /// Whether a call that got no answer at all is worth sending again.
    pub fn retries_connection_failure(method: &Method) -> bool {
        *method == Method::GET
    }

    /// The wait before retry number `retry` (1-based): a random point in the upper half of the
    /// exponential step, so that clients that failed together do not retry together. A
    /// `Retry-After` from the server wins when it is longer.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, random: f64) -> Duration {
        let step = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_delay);
        let jittered = step.mul_f64(0.5 + 0.5 * random.clamp(0.0, 1.0));
        match retry_after {
            Some(asked) => asked.max(jittered),
            None => jittered,
        }
    }
}

/// Reads a `Retry-After` header given in seconds (the HTTP-date form is not used by Scaleway's
/// gateway and is ignored).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_and_stay_within_bounds() {
        let policy = RetryPolicy::default();
        for retry in 1..=10 {
            let step = (policy.base_delay * 2u32.pow(retry - 1)).min(policy.max_delay);
            let low = policy.delay(retry, None, 0.0);
            let high = policy.delay(retry, None, 1.0);
            assert_eq!(low, step / 2, "retry {retry}");
            assert_eq!(high, step, "retry {retry}");
        }
    }

    #[test]
    fn a_longer_retry_after_wins() {
        let policy = RetryPolicy::default();
        let asked = Duration::from_secs(3);
        assert_eq!(policy.delay(1, Some(asked), 0.5), asked);
        assert_eq!(
            policy.delay(1, Some(Duration::ZERO), 1.0),
            policy.base_delay
        );
    }

    #[test]
    fn only_safe_calls_are_retried() {
        let busy = StatusCode::SERVICE_UNAVAILABLE;
        let limited = StatusCode::TOO_MANY_REQUESTS;
        assert!(RetryPolicy::retries_status(&Method::GET, busy));
        assert!(RetryPolicy::retries_status(&Method::PATCH, limited));
        assert!(!RetryPolicy::retries_status(&Method::PATCH, busy));
        assert!(RetryPolicy::retries_status(&Method::DELETE, limited));
        assert!(!RetryPolicy::retries_status(&Method::DELETE, busy));
        assert!(!RetryPolicy::retries_status(&Method::POST, limited));
        assert!(!RetryPolicy::retries_status(
            &Method::GET,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(!RetryPolicy::retries_connection_failure(&Method::DELETE));
    }

    #[test]
    fn retry_after_in_seconds_is_read() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
