//! The command line: `mnq-tui emulator` runs the local API emulator.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr};

use crate::emulator::{Emulator, EmulatorOptions, FaultConfig, FaultKind, Seed};

#[derive(Debug, Parser)]
#[command(name = "mnq-tui", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a local emulator of the Messaging and Queuing API, for tests and other clients.
    Emulator(EmulatorArgs),
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Starting data: demo, empty, or the path of a seed file.
    #[arg(long, default_value = "demo")]
    pub seed: Seed,
    /// Keep every change in this file; start from it when it exists.
    #[arg(long)]
    pub state: Option<PathBuf>,
    #[command(flatten)]
    pub faults: FaultArgs,
}

/// Fault injection, for testing clients against a flaky API.
#[derive(Debug, Args)]
pub struct FaultArgs {
    /// Delay each request by a random time up to this many milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests that fail (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub failure_rate: f64,
    /// Which failures to inject.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "rate-limited,unavailable,drop")]
    pub faults: Vec<FaultKind>,
    /// Seed of the fault sequence; the same seed gives the same faults.
    #[arg(long, default_value_t = 0)]
    pub fault_seed: u64,
}

impl FaultArgs {
    fn config(&self) -> Result<FaultConfig> {
        if !(0.0..=1.0).contains(&self.failure_rate) {
            color_eyre::eyre::bail!(
                "--failure-rate must be between 0 and 1 (got {})",
                self.failure_rate
            );
        }
        Ok(FaultConfig {
            max_latency: Duration::from_millis(self.latency_ms),
            failure_rate: self.failure_rate,
            kinds: self.faults.clone(),
            seed: self.fault_seed,
        })
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new().wrap_err("cannot start the async runtime")?;
    match cli.command {
        Command::Emulator(args) => runtime.block_on(run_emulator(args)),
    }
}

async fn run_emulator(args: EmulatorArgs) -> Result<()> {
    let options = EmulatorOptions {
        seed: Some(args.seed),
        state_file: args.state,
        faults: args.faults.config()?,
        ..EmulatorOptions::default()
    };
    let emulator = Emulator::start(args.listen, options).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {}", emulator.url())?;
    for (name, value) in emulator.client_env() {
        writeln!(out, "{name}={value}")?;
    }
    out.flush()?;
    drop(out);
    stop_signal().await?;
    emulator.stop().await;
    Ok(())
}

/// Ctrl-C or SIGTERM.
async fn stop_signal() -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
