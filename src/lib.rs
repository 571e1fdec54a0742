//! mnq-tui: a keyboard-first terminal console for the credentials of Scaleway's NATS, Queues
//! and Topics and Events.
//!
//! The workspace keeps the arrows one way, enforced by the compiler:
//! - [`api`] (crate `mnq-api`): the `mnq/v1beta1` wire model, errors and client;
//! - [`emulator`] (crate `mnq-emulator`): a local emulator of the API, for `demo`, tests and
//!   other clients; it uses only the API's wire model;
//! - [`app`] and [`ui`] (crate `mnq-app`): the console's state, pure `update`, keymap and view;
//!   they use only the wire model, and cannot reach the network, the terminal or the emulator.
//!
//! This crate holds what does I/O: [`worker`], the only door to the network; [`tui`], the
//! terminal; [`console`], the loop that ties them together; [`files`], secrets saved to files,
//! and [`env_file`], a saved `.env` read back for a connection test;
//! [`config`], the scw configuration; [`user_config`], mnq-tui's own settings (keys, theme);
//! [`cli`], the command line; [`list_command`] and [`info_command`], `mnq-tui list` and
//! `mnq-tui info`, and [`command_error`], how they fail; [`logging`], logs to a file; [`dirs`],
//! where all those files are.

pub use mnq_api as api;
pub use mnq_app as app;
pub use mnq_app::ui;
pub use mnq_emulator as emulator;

pub mod cli;
pub mod command_error;
pub mod config;
pub mod connection;
pub mod console;
pub mod dirs;
pub mod env_file;
pub mod files;
pub mod info_command;
pub mod list_command;
pub mod logging;
pub mod tui;
pub mod user_config;
pub mod worker;
