//! mnq-tui: a keyboard-first terminal console for the credentials of Scaleway's NATS, Queues
//! and Topics and Events.
//!
//! - [`api`]: the `mnq/v1beta1` wire types and client; [`config`]: the scw configuration;
//! - [`emulator`]: a local emulator of the API, for `demo`, tests and other clients;
//! - [`app`]: the console's state and pure `update`; [`ui`]: its pure view;
//! - [`worker`]: the only door to the network; [`tui`]: the terminal; [`console`]: the loop
//!   that ties them together; [`cli`]: the command line; [`logging`]: logs to a file.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod emulator;
pub mod logging;
pub mod tui;
pub mod ui;
pub mod worker;
