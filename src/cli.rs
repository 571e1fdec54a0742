//! The command line: `mnq-tui` (the console against the configured API), `mnq-tui demo` (the
//! console against an emulator started in-process) and `mnq-tui emulator`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr};

use crate::api::model::{ProjectId, Region, Secret, Service};
use crate::api::{Client, ClientConfig};
use crate::app::{DEFAULT_STALE_DAYS, Popup, Session, State, Theme};
use crate::command_error::CommandError;
use crate::config::{Overrides, RegionChoice, Settings};
use crate::emulator::{
    Emulator, EmulatorError, EmulatorOptions, FaultConfig, FaultKind, Generate, Seed,
    find_nats_server,
};
use crate::info_command::{self, InfoArgs};
use crate::journal::{self, Journal, Source};
use crate::journal_command::{self, JournalArgs};
use crate::list_command::{self, ListArgs};
use crate::revoke_command::{self, RevokeArgs};
use crate::ui::text::thousands;
use crate::user_config::{self, UserConfig};
use crate::{console, logging};

#[derive(Debug, Parser)]
// The console's options belong to the console: `mnq-tui --readonly emulator` is refused rather
// than accepted and ignored.
#[command(
    name = "mnq-tui",
    version = VERSION,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub console: ConsoleArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console against a local emulator with demo data: no account or network needed.
    Demo(DemoArgs),
    /// Run a local emulator of the Messaging and Queuing API, for tests and other clients.
    Emulator(EmulatorArgs),
    /// Print credentials of the configured API for scripts: table, JSON or CSV, no secrets.
    List(ListArgs),
    /// Show the configuration in use: config file, profile, project, region, API URL.
    Info(InfoArgs),
    /// Find credentials by what leaked (access key, id, name, .creds or .env file) or by age,
    /// and revoke them: for scripts, with --yes.
    Revoke(RevokeArgs),
    /// Print the journal: every change made through mnq-tui, with its outcome.
    Journal(JournalArgs),
    /// Print the shell completion script: `source <(mnq-tui completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `mnq-tui man > mnq-tui.1; man ./mnq-tui.1`.
    Man,
}

/// The version and the commit it was built from (see build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("MNQ_TUI_COMMIT"), ")");

/// Options of the console against the configured API.
#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The scw profile to use (default: SCW_PROFILE, then active_profile, then the top level).
    #[arg(long, short)]
    pub profile: Option<String>,
    /// The project whose credentials to show (default: the profile's default_project_id).
    #[arg(long)]
    pub project: Option<String>,
    /// Accept an http:// API URL to a host that is not this machine (the secret key would
    /// travel unencrypted).
    #[arg(long)]
    pub allow_insecure_http: bool,
    #[command(flatten)]
    pub session: SessionArgs,
}

/// Options of any console session, the demo's included.
#[derive(Debug, Args)]
pub struct SessionArgs {
    /// The region to start in, or all for every region at once (default: the profile's
    /// default_region; in the demo, fr-par).
    #[arg(long, value_enum)]
    pub region: Option<RegionChoice>,
    /// Browse only: Generate, Update, Rotate, Revoke and New account are off everywhere (their
    /// keys say "read-only").
    #[arg(long)]
    pub readonly: bool,
    /// Where to write logs (default: ~/.local/state/mnq-tui/mnq-tui.log). Level: MNQ_TUI_LOG.
    #[arg(long)]
    pub log_file: Option<PathBuf>,
    /// Start without the user's config file ($XDG_CONFIG_HOME/mnq-tui/config.toml).
    #[arg(long)]
    pub no_config: bool,
    /// No clicks or wheel: the terminal selects text as usual.
    #[arg(long)]
    pub no_mouse: bool,
    /// Mark credentials created more than N days ago as stale (the filter's word `stale` keeps
    /// them); 0 marks none [default: the config's stale_days, else 90].
    #[arg(long, value_name = "N")]
    pub stale_days: Option<u32>,
}

/// Set (to anything), the console panics right after its first frame: the tests' way to check
/// that a crash gives the terminal back. A variable rather than a hidden flag, which shell
/// completions would offer anyway.
pub const CRASH_TEST_VARIABLE: &str = "MNQ_TUI_CRASH_TEST";

/// Options of the demo.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// The nats-server binary to run behind the demo's emulator [default: nats-server on PATH
    /// or in /usr/sbin, if any; without one, NATS credentials cannot be tried live].
    #[arg(long, value_name = "PATH")]
    pub nats_server: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Starting data: demo, empty, or the path of a seed file [default: demo]. Not with a
    /// --state file that exists: the emulator starts from that file.
    #[arg(long)]
    pub seed: Option<Seed>,
    /// Keep every change in this file; start from it when it exists.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Add this many generated credentials to the seed (in the API key's default project), at
    /// most 1,000,000. Not with a --state file that exists.
    #[arg(long, default_value_t = 0, value_parser = parse_generate_count)]
    pub generate: usize,
    /// The product of the generated credentials: sqs (Queues) or sns (Topics and Events).
    #[arg(long, default_value = "sqs", value_parser = parse_service)]
    pub generate_service: Service,
    /// The region of the generated credentials.
    #[arg(long, default_value = "fr-par")]
    pub generate_region: Region,
    /// For this many milliseconds after a create or an activation, reads of what was made
    /// fail as the real API's do while it propagates (404 "namespace", 403 on *-info).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub propagation_ms: u64,
    /// Run a real nats-server (found on PATH or in /usr/sbin) behind the emulator: issued .creds
    /// connect to it, deleted credentials and accounts are refused by it.
    #[arg(long)]
    pub nats: bool,
    /// The nats-server binary for --nats (implies --nats).
    #[arg(long, value_name = "PATH")]
    pub nats_server: Option<PathBuf>,
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
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "rate-limited,unavailable,drop"
    )]
    pub faults: Vec<FaultArg>,
    /// Seed of the fault sequence; the same seed gives the same faults.
    #[arg(long, default_value_t = 0)]
    pub fault_seed: u64,
}

/// A `--faults` value: the emulator's [`FaultKind`]s as the command line spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FaultArg {
    /// 429 with no body, as Scaleway's gateway answers.
    RateLimited,
    /// 503 with a plain-text gateway message.
    Unavailable,
    /// The connection closes before a complete answer.
    Drop,
}

impl FaultArg {
    fn kind(self) -> FaultKind {
        match self {
            FaultArg::RateLimited => FaultKind::RateLimited,
            FaultArg::Unavailable => FaultKind::Unavailable,
            FaultArg::Drop => FaultKind::Drop,
        }
    }
}

impl FaultArgs {
    fn config(&self) -> Result<FaultConfig, CommandError> {
        if !(0.0..=1.0).contains(&self.failure_rate) {
            return Err(CommandError::Usage(format!(
                "--failure-rate must be between 0 and 1 (got {})",
                self.failure_rate
            )));
        }
        Ok(FaultConfig {
            max_latency: Duration::from_millis(self.latency_ms),
            failure_rate: self.failure_rate,
            kinds: self.faults.iter().map(|fault| fault.kind()).collect(),
            seed: self.fault_seed,
        })
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new().wrap_err("cannot start the async runtime")?;
    match cli.command {
        None => runtime.block_on(run_console(cli.console)),
        Some(Command::Demo(args)) => runtime.block_on(run_demo(args)),
        Some(Command::Emulator(args)) => runtime.block_on(run_emulator(args)),
        Some(Command::List(args)) => runtime.block_on(list_command::run(args)),
        Some(Command::Info(args)) => info_command::run(args),
        Some(Command::Revoke(args)) => runtime.block_on(revoke_command::run(args)),
        Some(Command::Journal(args)) => journal_command::run(args),
        Some(Command::Completions { shell }) => print(&completions(shell)),
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            print(&page)
        }
    }
}

/// The completion script for `shell`.
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mnq-tui", &mut script);
    if shell != clap_complete::Shell::Bash {
        return script;
    }
    // clap_complete's bash script spells the state of a subcommand of a hyphenated binary one
    // way where it sets it (`mnq__tui__subcmd__list`) and another where it reads it
    // (`mnq__subcmd__tui__subcmd__list`), so no subcommand's options ever completed
    // (clap-rs/clap#6421): the second spelling is made the first.
    String::from_utf8_lossy(&script)
        .replace("mnq__subcmd__tui", "mnq__tui")
        .into_bytes()
}

/// Writes to stdout; a reader that stopped reading (`| head`) is no error.
fn print(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => Ok(written?),
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, per no-color.org).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// Logs to `--log-file`, or to the default file. The file in use, or (the console then runs
/// without logs) the warning it shows once, at the start.
fn start_logging(args: &SessionArgs) -> (Option<PathBuf>, Option<String>) {
    let Some(path) = args.log_file.clone().or_else(logging::default_path) else {
        return (None, None);
    };
    match logging::init(&path) {
        Ok(path) => (Some(path), None),
        Err(error) => (
            None,
            Some(format!(
                "cannot write the log file {}: {error} — running without logs (--log-file \
                 chooses another file)",
                path.display()
            )),
        ),
    }
}

/// The console against the API the scw configuration names.
async fn run_console(args: ConsoleArgs) -> Result<()> {
    let overrides = Overrides {
        profile: args.profile,
        project_id: args.project,
        // `all` is the console's, not a region the scw configuration knows.
        region: args
            .session
            .region
            .and_then(RegionChoice::region)
            .map(|region| region.to_string()),
        allow_insecure_http: args.allow_insecure_http,
    };
    let settings = Settings::load(&overrides).map_err(CommandError::Configuration)?;
    let args = args.session;
    let (log_file, log_warning) = start_logging(&args);
    tracing::info!(?settings, "starting the console");
    let mut config = ClientConfig::new(settings.api_url.clone(), settings.secret_key.clone());
    config.accept_invalid_certs = settings.insecure;
    let client = Client::new(config)?;
    let user = user_settings(&args)?;
    let mut session = session(
        settings.profile.clone(),
        settings.project_id.clone(),
        &args,
        &user,
    );
    session.organization_id = settings.organization_id.clone();
    let (region, all_regions) = match args.region.map(RegionChoice::region) {
        Some(None) => (user.region.unwrap_or(settings.region), true),
        Some(Some(_)) => (settings.region, false),
        None => (user.region.unwrap_or(settings.region), user.all_regions),
    };
    let mut state = State::new(session, region);
    state.all_regions = all_regions;
    let warnings: Vec<String> = settings
        .warnings
        .iter()
        .cloned()
        .chain(log_warning)
        .collect();
    if !warnings.is_empty() {
        state.popup = Some(Popup::ConfigWarnings(warnings));
    }
    let journal = Journal::new(
        journal::default_path(),
        Source::Console,
        &settings.profile,
        &settings.api_url,
    );
    let options = console_options(&args, &user, log_file);
    let ended = console::run(client, state, journal, options).await?;
    exit_as(ended);
    Ok(())
}

/// A console a signal stopped exits as a shell reports a process that signal ended: 128 and
/// its number (143 for SIGTERM, 129 for SIGHUP). The terminal is restored by then.
fn exit_as(ended: console::Ended) {
    if let console::Ended::Signal(signal) = ended {
        std::process::exit(128 + signal);
    }
}

/// The user's config file, unless `--no-config`.
fn user_settings(args: &SessionArgs) -> Result<UserConfig, CommandError> {
    if args.no_config {
        return Ok(UserConfig::default());
    }
    match user_config::default_path() {
        Some(path) => user_config::load(&path).map_err(CommandError::UserConfiguration),
        None => Ok(UserConfig::default()),
    }
}

fn session(
    profile: String,
    project_id: ProjectId,
    args: &SessionArgs,
    user: &UserConfig,
) -> Session {
    Session {
        profile,
        project_id,
        organization_id: None,
        readonly: args.readonly,
        theme: if no_color() {
            Theme::mono()
        } else {
            user.theme
        },
        keymap: Arc::new(user.keymap.clone()),
        config_file: user_config::default_path().map(|path| path.display().to_string()),
        mouse: user.mouse && !args.no_mouse,
        live_nats: None,
        stale_days: args
            .stale_days
            .or(user.stale_days)
            .unwrap_or(DEFAULT_STALE_DAYS),
    }
}

fn console_options(
    args: &SessionArgs,
    user: &UserConfig,
    log_file: Option<PathBuf>,
) -> console::Options {
    console::Options {
        log_file,
        crash_test: std::env::var_os(CRASH_TEST_VARIABLE).is_some(),
        mouse: user.mouse && !args.no_mouse,
        start_on: user.product,
    }
}

/// The demo's propagation delay. In the recordings, `*-info` stopped answering 403 between 1.0
/// and 1.9 s after the activation (the next create came then), and credentials read 404 for a
/// similar time after their create.
const DEMO_PROPAGATION: Duration = Duration::from_millis(1500);

/// The console against an emulator with the demo data, over real HTTP on loopback.
async fn run_demo(demo: DemoArgs) -> Result<()> {
    let args = demo.session;
    let user = user_settings(&args)?;
    let (region, all_regions) = match args.region.map(RegionChoice::region) {
        Some(None) => (user.region.unwrap_or(Region::FrPar), true),
        Some(Some(region)) => (region, false),
        None => (user.region.unwrap_or(Region::FrPar), user.all_regions),
    };
    let (log_file, log_warning) = start_logging(&args);
    let options = |nats_server| EmulatorOptions {
        seed: Some(Seed::Demo),
        propagation: DEMO_PROPAGATION,
        nats_server,
        ..EmulatorOptions::default()
    };
    let listen: SocketAddr = "127.0.0.1:0".parse()?;
    let emulator = match demo.nats_server {
        Some(asked) => Emulator::start(listen, options(Some(asked))).await?,
        None => match find_nats_server() {
            None => Emulator::start(listen, options(None)).await?,
            // The demo works without live checks: a nats-server found on this machine that
            // fails costs only those.
            Some(found) => match Emulator::start(listen, options(Some(found))).await {
                Err(EmulatorError::NatsServer(error)) => {
                    tracing::warn!(%error, "the demo runs without nats-server");
                    Emulator::start(listen, options(None)).await?
                }
                started => started?,
            },
        },
    };
    let key = emulator.api_key();
    tracing::info!(url = %emulator.url(), "demo emulator started");
    let client = Client::new(ClientConfig::new(
        emulator.url(),
        Secret::new(key.secret_key.expose()),
    ))?;
    let mut session = session("demo".into(), key.default_project_id, &args, &user);
    session.live_nats = Some(emulator.nats_server_url().is_some());
    session.organization_id = Some(emulator.snapshot().organization.id);
    let options = console_options(&args, &user, log_file);
    let mut state = State::new(session, region);
    state.all_regions = all_regions;
    state.popup = log_warning.map(|warning| Popup::ConfigWarnings(vec![warning]));
    let journal = Journal::new(
        journal::default_path(),
        Source::Console,
        "demo",
        &emulator.url(),
    );
    let result = console::run(client, state, journal, options).await;
    emulator.stop().await;
    exit_as(result?);
    Ok(())
}

async fn run_emulator(args: EmulatorArgs) -> Result<()> {
    refuse_what_a_state_file_overrides(&args)?;
    let nats_server = match (args.nats_server, args.nats) {
        (Some(binary), _) => Some(binary),
        (None, true) => Some(find_nats_server().ok_or_else(|| {
            color_eyre::eyre::eyre!(
                "--nats needs nats-server on PATH or --nats-server PATH; \
                 Debian: apt-get install nats-server"
            )
        })?),
        (None, false) => None,
    };
    let options = EmulatorOptions {
        seed: Some(args.seed.unwrap_or(Seed::Demo)),
        generate: (args.generate > 0).then_some(Generate {
            count: args.generate,
            service: args.generate_service,
            region: args.generate_region,
        }),
        state_file: args.state,
        faults: args.faults.config()?,
        propagation: Duration::from_millis(args.propagation_ms),
        nats_server,
        ..EmulatorOptions::default()
    };
    let emulator = Emulator::start(args.listen, options).await?;
    let stopped = stop_signal()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {}", emulator.url())?;
    for (name, value) in emulator.client_env() {
        writeln!(out, "{name}={value}")?;
    }
    // The variable the nats CLI reads.
    if let Some(url) = emulator.nats_server_url() {
        writeln!(out, "NATS_URL={url}")?;
    }
    out.flush()?;
    drop(out);
    stopped.await;
    emulator.stop().await;
    Ok(())
}

/// An emulator starts from its state file when the file exists: a seed or generated
/// credentials asked for on the same command line would be silently dropped, so they are
/// refused.
fn refuse_what_a_state_file_overrides(args: &EmulatorArgs) -> Result<()> {
    let Some(state) = &args.state else {
        return Ok(());
    };
    let exists = state
        .try_exists()
        .wrap_err_with(|| format!("cannot check the state file {}", state.display()))?;
    let mut overridden = Vec::new();
    if let Some(seed) = &args.seed {
        overridden.push(format!("--seed {seed}"));
    }
    if args.generate > 0 {
        overridden.push(format!("--generate {}", args.generate));
    }
    if exists && !overridden.is_empty() {
        return Err(CommandError::Usage(format!(
            "{} would be ignored: the state file {} exists and the emulator starts from it — \
             leave {} out to carry on from the saved state, or delete the file to start again",
            overridden.join(" and "),
            state.display(),
            if overridden.len() == 1 { "it" } else { "them" },
        ))
        .into());
    }
    Ok(())
}

/// A `--generate` count, up to [`Generate::MAX_COUNT`]: more would not fit in memory, and the
/// process would abort on the allocation.
fn parse_generate_count(text: &str) -> Result<usize, String> {
    let count: usize = text.parse().map_err(|error| format!("{error}"))?;
    if count > Generate::MAX_COUNT {
        return Err(format!(
            "at most {} credentials (each takes about 430 bytes of the emulator's memory)",
            thousands(Generate::MAX_COUNT as u64)
        ));
    }
    Ok(count)
}

fn parse_service(text: &str) -> Result<Service, String> {
    match text {
        "sqs" | "queues" => Ok(Service::Sqs),
        "sns" | "topics" => Ok(Service::Sns),
        _ => Err(format!(
            "{text:?} is not sqs (Queues) or sns (Topics and Events)"
        )),
    }
}

/// Ctrl-C or SIGTERM, listened for from this call on: a signal sent as soon as the emulator
/// has printed its address must stop it gracefully, not kill it with the default action.
fn stop_signal() -> Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
