//! What the integration tests share: the emulator in the test's process or as a process of
//! its own, a client set up as the console sets it up, a scripted HTTP server for the answers
//! the emulator never gives, a fake API and console states for the tests of the pure core, the
//! console drawn on a test terminal, and the real binary in a pseudo-terminal.

pub mod child;
pub mod client;
pub mod data_plane;
pub mod drop_proxy;
pub mod emulator;
pub mod fake_api;
pub mod http;
pub mod nats;
pub mod pty;
pub mod python;
pub mod screen;
pub mod states;
pub mod view;
