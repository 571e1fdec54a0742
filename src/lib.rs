//! mnq-tui: a keyboard-first terminal console for the credentials of Scaleway's NATS, Queues
//! and Topics and Events.

pub mod api;
pub mod cli;
pub mod config;
pub mod emulator;
