//! The whole program, measured from outside as a person meets it: the release binary in a
//! 120×40 pseudo-terminal, its output parsed by a terminal emulator (vt100), the process read
//! from `/proc`. Each figure is printed beside its target from issue 5:
//!
//! - start to the first frame (`mnq-tui demo`), and to the first list on screen (`2` pressed
//!   as soon as the first frame shows): the median of several runs;
//! - CPU time while idle for 10 s on a list screen;
//! - peak memory (VmHWM) with 100,000 credentials loaded from a separate emulator process;
//! - bytes written to the terminal when the selection moves by one row, against a full repaint.
//!
//! Run: `cargo bench --bench process` (Linux; about a minute; every wait has a deadline).

use std::io::{BufRead, BufReader, Read, Write};
use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

const BINARY: &str = env!("CARGO_BIN_EXE_mnq-tui");
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// Runs of the start-up measurement; the median is reported.
const STARTS: usize = 9;
/// The longest any one wait may take before the harness gives up.
const DEADLINE: Duration = Duration::from_secs(60);
/// Output is settled when nothing more arrives for this long.
const QUIET: Duration = Duration::from_millis(300);
/// What the idle measurement waits.
const IDLE: Duration = Duration::from_secs(10);

fn main() {
    if !cfg!(target_os = "linux") {
        println!("The process benchmark reads /proc: Linux only.");
        return;
    }
    let mut report = Vec::new();
    startup(&mut report);
    idle_and_bytes(&mut report);
    peak_memory(&mut report);

    println!();
    println!("Targets of issue 5 (cargo bench --bench process; release binary, 120×40 pty):");
    for line in report {
        println!("  {line}");
    }
}

fn line(what: &str, figure: String, target: &str, met: Option<bool>) -> String {
    let verdict = match met {
        Some(true) => "ok",
        Some(false) => "MISSED",
        None => "",
    };
    format!("{what:<46} {figure:>12}   target {target:<18} {verdict}")
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

fn median(mut durations: Vec<Duration>) -> Duration {
    durations.sort();
    durations[durations.len() / 2]
}

/// Whether the screen is the product menu, the first frame.
fn product_menu(screen: &str) -> bool {
    screen.contains("2  Queues") && screen.contains("q quit")
}

/// Whether the screen shows the demo's Queues credentials.
fn demo_queues_list(screen: &str) -> bool {
    screen.contains("Queues credentials") && screen.contains(" of 12 ")
}

fn startup(report: &mut Vec<String>) {
    let mut first_frames = Vec::new();
    let mut first_lists = Vec::new();
    for _ in 0..STARTS {
        let mut console = Pty::spawn(&["demo"], &[]);
        console.wait_for("the product menu", product_menu);
        first_frames.push(console.started.elapsed());
        console.press("2");
        console.wait_for("the Queues list", demo_queues_list);
        first_lists.push(console.started.elapsed());
        console.quit();
    }
    println!("start to first frame, {STARTS} runs: {first_frames:?}");
    println!("start to first list,  {STARTS} runs: {first_lists:?}");
    let first_frame = median(first_frames);
    let first_list = median(first_lists);
    report.push(line(
        "start to first frame (demo), median",
        ms(first_frame),
        "< 100 ms",
        Some(first_frame < Duration::from_millis(100)),
    ));
    report.push(line(
        "start to first list (2 at first frame), median",
        ms(first_list),
        "< 300 ms",
        Some(first_list < Duration::from_millis(300)),
    ));
}

fn idle_and_bytes(report: &mut Vec<String>) {
    let mut console = Pty::spawn(&["demo"], &[]);
    console.wait_for("the product menu", product_menu);
    console.press("2");
    console.wait_for("the Queues list", demo_queues_list);
    console.settle();

    let pid = console.pid();
    let (cpu_before, switches_before) = (cpu_time(pid), context_switches(pid));
    let bytes_before = console.bytes();
    thread::sleep(IDLE);
    let cpu = cpu_time(pid) - cpu_before;
    let switches = context_switches(pid) - switches_before;
    let idle_bytes = console.bytes() - bytes_before;
    println!(
        "idle {IDLE:?} on the Queues list: {cpu:?} of CPU, {switches} context switches (all \
         threads), {idle_bytes} bytes written"
    );
    report.push(line(
        "CPU time while idle 10 s on a list",
        format!("{:.3} s", cpu.as_secs_f64()),
        "< 0.05 s",
        Some(cpu < Duration::from_millis(50)),
    ));

    // One row down: the old row loses the marker and highlight, the new one gains them, and
    // the position counter changes.
    let before = console.bytes();
    console.press("j");
    console.wait_for("the second row selected", |screen| {
        screen.contains(" 2 of 12 ")
    });
    console.settle();
    let one_row = console.bytes() - before;

    // A full repaint of the same screen: a resize makes ratatui clear and draw everything.
    let frame_of_width = |width: u16| {
        move |screen: &str| {
            screen
                .lines()
                .any(|line| line.ends_with('┘') && line.chars().count() == usize::from(width))
        }
    };
    console.resize(COLS - 1, ROWS);
    console.wait_for("the narrower frame", frame_of_width(COLS - 1));
    console.settle();
    let before = console.bytes();
    console.resize(COLS, ROWS);
    console.wait_for("the full-width frame", frame_of_width(COLS));
    console.settle();
    let full = console.bytes() - before;
    println!("bytes written: one row down {one_row}, a full repaint of the same screen {full}");
    report.push(line(
        "bytes written moving the selection one row",
        format!("{one_row} B"),
        &format!("a diff (full: {full} B)"),
        Some(one_row * 5 < full),
    ));
    console.quit();
}

fn peak_memory(report: &mut Vec<String>) {
    let emulator = EmulatorProcess::start(100_000);
    let mut env: Vec<(String, String)> = emulator.env.clone();
    let config = tempfile::tempdir().expect("a temporary directory");
    env.push((
        "SCW_CONFIG_PATH".into(),
        config.path().join("missing.yaml").display().to_string(),
    ));
    let mut console = Pty::spawn(&[], &env);
    console.wait_for("the product menu", product_menu);
    let pressed = Instant::now();
    console.press("2");
    console.wait_for("100,000 Queues credentials listed", |screen| {
        screen.contains(" of 100000 ") && screen.contains("100000 credentials")
    });
    let listed = pressed.elapsed();
    console.settle();
    let peak = status_kib(console.pid(), "VmHWM");
    let now = status_kib(console.pid(), "VmRSS");
    println!(
        "100,000 credentials: listed {} after pressing 2; peak RSS {} KiB, RSS now {} KiB",
        ms(listed),
        peak,
        now
    );
    report.push(line(
        "peak RSS, 100,000 credentials loaded",
        format!("{:.1} MB", peak as f64 * 1024.0 / 1e6),
        "< 100 MB",
        Some(peak * 1024 < 100_000_000),
    ));
    report.push(line(
        "  (listing them: 2 pressed to list on screen)",
        ms(listed),
        "none",
        None,
    ));
    console.quit();
}

// The process, from /proc

fn proc_file(pid: u32, name: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{name}"))
        .unwrap_or_else(|error| panic!("cannot read /proc/{pid}/{name}: {error}"))
}

/// User plus system CPU time of the whole process (all threads).
fn cpu_time(pid: u32) -> Duration {
    let stat = proc_file(pid, "stat");
    // The fields after the command name, which is in parentheses and may hold spaces: the 14th
    // and 15th fields of the line (utime, stime) are the 12th and 13th after it.
    let after_name = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // SAFETY: sysconf only reads a configuration value.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_secs_f64(ticks as f64 / per_second as f64)
}

/// Voluntary and involuntary context switches of every thread: how often the process woke.
fn context_switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("status")).ok())
        .flat_map(|status| {
            status
                .lines()
                .filter(|line| line.contains("ctxt_switches"))
                .filter_map(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

/// A `kB` line of /proc/<pid>/status.
fn status_kib(pid: u32, field: &str) -> u64 {
    proc_file(pid, "status")
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

// The emulator as a process of its own

struct EmulatorProcess {
    child: std::process::Child,
    /// The `SCW_*` settings it printed.
    env: Vec<(String, String)>,
}

impl EmulatorProcess {
    fn start(generate: usize) -> EmulatorProcess {
        let mut child = Command::new(BINARY)
            .args(["emulator", "--seed", "empty", "--generate"])
            .arg(generate.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the emulator starts");
        let stdout = child.stdout.take().expect("the emulator's output");
        // It prints "listening on URL", then one NAME=value line per setting.
        let (lines, received) = std::sync::mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut env = Vec::new();
        let until = Instant::now() + DEADLINE;
        while !env.iter().any(|(name, _)| name == "SCW_DEFAULT_REGION") {
            let line = received
                .recv_timeout(until.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("the emulator printed no settings within {DEADLINE:?}"));
            if let Some((name, value)) = line.split_once('=') {
                env.push((name.to_owned(), value.to_owned()));
            }
        }
        EmulatorProcess { child, env }
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// The console in a pseudo-terminal

/// Everything the program wrote: its bytes, and the screen they make.
struct Output {
    terminal: Mutex<Screen>,
    changed: Condvar,
}

struct Screen {
    parser: vt100::Parser,
    bytes: usize,
    last_output: Instant,
    closed: bool,
}

impl Output {
    fn lock(&self) -> MutexGuard<'_, Screen> {
        self.terminal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn text_of(screen: &vt100::Screen) -> String {
    screen
        .rows(0, screen.size().1.get())
        .map(|row| row.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn nonzero(size: u16) -> NonZeroU16 {
    NonZeroU16::new(size).expect("a terminal size is not zero")
}

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Output>,
    started: Instant,
    _home: TempDir,
}

impl Pty {
    /// `mnq-tui ARGS` in a 120×40 terminal, with a home of its own and only `env` from outside.
    fn spawn(args: &[&str], env: &[(String, String)]) -> Pty {
        let home = tempfile::tempdir().expect("a temporary home");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(BINARY);
        command.args(args);
        command.arg("--log-file");
        command.arg(home.path().join("mnq-tui.log"));
        command.cwd(home.path());
        command.env_clear();
        command.env("HOME", home.path());
        command.env("TERM", "xterm-256color");
        command.env("SCW_CONFIG_PATH", home.path().join("no-config.yaml"));
        for (name, value) in env {
            command.env(name, value);
        }
        let output = Arc::new(Output {
            terminal: Mutex::new(Screen {
                parser: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
                bytes: 0,
                last_output: Instant::now(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let mut reader = pty.master.try_clone_reader().expect("a pty reader");
        let writer = pty.master.take_writer().expect("a pty writer");
        let started = Instant::now();
        let child = pty.slave.spawn_command(command).expect("mnq-tui starts");
        drop(pty.slave);
        thread::spawn({
            let output = Arc::clone(&output);
            move || {
                let mut buffer = [0u8; 65536];
                loop {
                    let read = reader.read(&mut buffer).unwrap_or(0);
                    let mut screen = output.lock();
                    if read == 0 {
                        screen.closed = true;
                        output.changed.notify_all();
                        return;
                    }
                    screen.parser.process(&buffer[..read]);
                    screen.bytes += read;
                    screen.last_output = Instant::now();
                    output.changed.notify_all();
                }
            }
        });
        Pty {
            child,
            master: pty.master,
            writer,
            output,
            started,
            _home: home,
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the program's pid")
    }

    fn bytes(&self) -> usize {
        self.output.lock().bytes
    }

    fn press(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("keys reach the program");
    }

    /// Resizes the terminal: first the screen the output is read into, so that the frame the
    /// program draws for the new size is read at that size.
    fn resize(&self, cols: u16, rows: u16) {
        self.output
            .lock()
            .parser
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("the terminal resizes");
    }

    /// Waits until the screen satisfies `condition`.
    fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) {
        let until = Instant::now() + DEADLINE;
        let mut screen = self.output.lock();
        loop {
            let text = text_of(screen.parser.screen());
            if condition(&text) {
                return;
            }
            let now = Instant::now();
            if screen.closed || now >= until {
                panic!("gave up waiting for {what}; the screen:\n{text}");
            }
            screen = self
                .output
                .changed
                .wait_timeout(screen, until - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// Waits until nothing has been written for [`QUIET`], counting from now at the earliest:
    /// whatever an action just done makes the program write has arrived by then.
    fn settle(&self) {
        let from = Instant::now();
        let until = from + DEADLINE;
        let mut screen = self.output.lock();
        loop {
            let quiet_for = screen.last_output.max(from).elapsed();
            if quiet_for >= QUIET {
                return;
            }
            assert!(Instant::now() < until, "the output never settled");
            screen = self
                .output
                .changed
                .wait_timeout(screen, QUIET - quiet_for)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// Presses `q` and waits until the program has exited.
    fn quit(mut self) {
        self.press("q");
        let until = Instant::now() + DEADLINE;
        while self.child.try_wait().ok().flatten().is_none() {
            assert!(Instant::now() < until, "mnq-tui did not quit on q");
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
