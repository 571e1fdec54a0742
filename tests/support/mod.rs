//! What the end-to-end tests share: an emulator owned by the test, and the real binary in a
//! pseudo-terminal.

pub mod emulator;
pub mod pty;
