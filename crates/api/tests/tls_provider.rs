//! A client needs a TLS crypto provider in the process. This file is its own test binary, so
//! its process starts without one: the test sees what a program that forgot it would see.

use mnq_api::model::Secret;
use mnq_api::{ApiError, Client, ClientConfig, install_tls_provider};

#[test]
fn a_client_without_a_tls_provider_is_an_error_until_one_is_installed() {
    let config = || {
        ClientConfig::new(
            "https://api.scaleway.com",
            Secret::new("0d7c2b8e-6a52-4d7e-9a8b-2f1f0b3c4d5e"),
        )
    };
    let error = Client::new(config()).expect_err("no provider is installed yet");
    assert!(matches!(error, ApiError::NoTlsProvider), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no TLS crypto provider is installed in this process — call \
         mnq_api::install_tls_provider() once before the first Client::new"
    );

    install_tls_provider();
    install_tls_provider();
    Client::new(config()).expect("the client builds once a provider is installed");
}
