//! An emulator started by the test itself, so that the test can look at what it holds after the
//! console has talked to it.

use mnq_tui::api::model::ProjectId;
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultStats, Seed, Store};
use tokio::runtime::Runtime;

/// An emulator (by default with the demo data) on a free loopback port, served by a runtime of its own
/// (the tests themselves are synchronous: they block on the terminal).
pub struct TestEmulator {
    emulator: Emulator,
    /// Declared after `emulator`, so dropped after it.
    _runtime: Runtime,
}

impl TestEmulator {
    pub fn start() -> TestEmulator {
        Self::start_with(EmulatorOptions {
            seed: Some(Seed::Demo),
            ..EmulatorOptions::default()
        })
    }

    /// An emulator with other options: another seed, fault injection.
    pub fn start_with(options: EmulatorOptions) -> TestEmulator {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the emulator");
        let emulator = runtime
            .block_on(Emulator::start(
                "127.0.0.1:0".parse().expect("a loopback address"),
                options,
            ))
            .expect("the emulator starts");
        TestEmulator {
            emulator,
            _runtime: runtime,
        }
    }

    /// The `SCW_*` variables that point the console at this emulator.
    pub fn client_env(&self) -> Vec<(&'static str, String)> {
        self.emulator.client_env()
    }

    /// The project the console shows (the API key's default project).
    pub fn default_project(&self) -> ProjectId {
        self.emulator.default_project()
    }

    /// What fault injection did so far, if it is on.
    pub fn fault_stats(&self) -> Option<&FaultStats> {
        self.emulator.fault_stats()
    }

    /// Everything the emulator holds now.
    pub fn snapshot(&self) -> Store {
        self.emulator.snapshot()
    }
}

/// The nats-server the live NATS tests run. `.ci/run` installs it; a machine without it fails
/// these tests with what to do rather than skipping them.
pub fn nats_server_binary() -> std::path::PathBuf {
    mnq_tui::emulator::find_nats_server().expect(
        "these tests need nats-server on PATH (Debian: apt-get install nats-server; .ci/run \
         installs it)",
    )
}
