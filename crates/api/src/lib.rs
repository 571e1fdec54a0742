//! The Scaleway Messaging and Queuing API (`mnq/v1beta1`): the wire model, the errors, and
//! (with the default `client` feature) an async client with pagination, retries and timeouts.

#[cfg(feature = "client")]
mod client;
mod error;
pub mod model;
#[cfg(feature = "client")]
mod retry;

#[cfg(feature = "client")]
pub use client::{
    Client, ClientConfig, ClientStats, ListPage, ListQuery, PAGE_SIZE, install_tls_provider,
};
pub use error::{ApiError, DeniedAction, ExceededQuota, InvalidArgument};
pub use model::AUTH_HEADER;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
