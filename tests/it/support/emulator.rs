//! The emulator in the test's own process: started in the test's runtime, or with a runtime of
//! its own for the tests that are synchronous (they block on a terminal or a process).

use std::ops::Deref;

use mnq_tui::api::Client;
use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};
use tokio::runtime::Runtime;

use super::client;

/// An emulator with `options` on a free loopback port, served by the test's runtime.
pub async fn start(options: EmulatorOptions) -> Emulator {
    Emulator::start("127.0.0.1:0".parse().expect("a loopback address"), options)
        .await
        .expect("the emulator starts")
}

/// An emulator (by default with the demo data) on a free loopback port, served by a runtime of
/// its own, so that the test can look at what it holds after the console has talked to it.
/// Everything else is the [`Emulator`]'s.
pub struct TestEmulator {
    emulator: Emulator,
    /// Declared after `emulator`, so dropped after it.
    runtime: Runtime,
}

impl TestEmulator {
    pub fn start() -> TestEmulator {
        Self::start_with(EmulatorOptions {
            seed: Some(Seed::Demo),
            ..EmulatorOptions::default()
        })
    }

    /// An emulator with other options: another seed, fault injection, a live nats-server.
    pub fn start_with(options: EmulatorOptions) -> TestEmulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the emulator");
        let emulator = runtime.block_on(start(options));
        TestEmulator { emulator, runtime }
    }

    /// A client with the emulator's API key and the console's defaults.
    pub fn client(&self) -> Client {
        client::of(&self.emulator)
    }

    /// The API secret key the emulator accepts.
    pub fn secret_key(&self) -> String {
        self.emulator.api_key().secret_key.expose().to_owned()
    }

    /// Runs the test's own calls (through [`TestEmulator::client`]) to their end.
    pub fn block_on<T>(&self, calls: impl Future<Output = T>) -> T {
        self.runtime.block_on(calls)
    }
}

impl Deref for TestEmulator {
    type Target = Emulator;

    fn deref(&self) -> &Emulator {
        &self.emulator
    }
}

/// The nats-server the live NATS tests run. `tests/run` installs it; a machine without it fails
/// these tests with what to do rather than skipping them.
pub fn nats_server_binary() -> std::path::PathBuf {
    mnq_tui::emulator::find_nats_server().expect(
        "these tests need nats-server on PATH or in /usr/sbin: tests/run, the README's test \
         command, installs it (Debian: apt-get install nats-server)",
    )
}
