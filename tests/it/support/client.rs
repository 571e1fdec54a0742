//! The API client set up as the console sets it up, for the tests that talk to an API.

use std::time::Duration;

use mnq_tui::api::model::Secret;
use mnq_tui::api::{Client, ClientConfig, RetryPolicy};
use mnq_tui::emulator::Emulator;

/// A client with `config`. The TLS provider is installed first, as the console's start does.
pub fn build(config: ClientConfig) -> Client {
    mnq_tui::api::install_tls_provider();
    Client::new(config).expect("the client builds")
}

/// A client of the API at `url` with `secret_key`, and the console's defaults.
pub fn to(url: impl Into<String>, secret_key: &str) -> Client {
    build(ClientConfig::new(url, Secret::new(secret_key)))
}

/// A client of `emulator` with its API key, and the console's defaults.
pub fn of(emulator: &Emulator) -> Client {
    build(config_of(emulator))
}

/// What a client of `emulator` needs: its address and its API key, with the console's
/// defaults for the rest.
pub fn config_of(emulator: &Emulator) -> ClientConfig {
    ClientConfig::new(emulator.url(), emulator.api_key().secret_key)
}

/// Retries that wait a millisecond or so, so that tests stay fast.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(4),
        max_total: Duration::from_secs(5),
    }
}
