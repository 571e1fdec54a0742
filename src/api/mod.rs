//! The Scaleway Messaging and Queuing API (`mnq/v1beta1`): wire types, errors and the client.

mod client;
mod error;
pub mod model;
mod retry;

pub use client::{AUTH_HEADER, Client, ClientConfig, ClientStats, ListPage, ListQuery, PAGE_SIZE};
pub use error::{ApiError, DeniedAction, ExceededQuota, InvalidArgument};
pub use retry::RetryPolicy;
