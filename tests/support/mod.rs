//! What the end-to-end tests share: an emulator owned by the test, and the real binary in a
//! pseudo-terminal.

// Each test crate compiles the whole module and uses a part of it.
#![allow(dead_code)]

pub mod emulator;
pub mod pty;
