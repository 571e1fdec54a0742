//! What the integration tests share: an emulator owned by the test, the real binary in a
//! pseudo-terminal, hand-written HTTP servers, and processes' output.

pub mod demo;
pub mod drop_proxy;
pub mod emulator;
pub mod http;
pub mod nats;
pub mod process;
pub mod pty;
pub mod screen;
pub mod states;
