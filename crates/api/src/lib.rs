//! The Scaleway Messaging and Queuing API (`mnq/v1beta1`): the wire model, the errors, and
//! (with the default `client` feature) an async client with pagination, retries and timeouts.
//! The Account API's projects (`account/v3`, in [`account`]) come along: they are how a
//! listing finds every project of an organisation. [`sigv4`] signs and verifies requests to
//! Queues and Topics and Events themselves; with the client, [`data_plane`] sends them, and
//! tests a key's connection (what a test finds is there without the client too).
//!
//! The client uses rustls without choosing a crypto provider for the program: call
//! `install_tls_provider()` (ring) once at start, or install another provider, before the first
//! `Client::new`.

pub mod account;
#[cfg(feature = "client")]
mod client;
pub mod data_plane;
mod error;
pub mod model;
#[cfg(feature = "client")]
mod pages;
#[cfg(feature = "client")]
mod retry;
pub mod sigv4;

#[cfg(feature = "client")]
pub use client::{Client, ClientConfig, ClientStats, ListQuery, install_tls_provider};
pub use error::{ApiError, DeniedAction, ExceededQuota, InvalidArgument};
pub use model::AUTH_HEADER;
#[cfg(feature = "client")]
pub use pages::{ListPage, PAGE_SIZE, Page, Pages, WholeList};
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
