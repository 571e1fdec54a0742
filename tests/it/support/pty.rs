//! The real `mnq-tui` binary in a pseudo-terminal, and its screen as a terminal would show it.
//!
//! A reader thread feeds everything the program writes into a [`vt100::Parser`]; tests press
//! keys and wait, with a deadline, until the parsed screen shows what they expect. There are no
//! fixed sleeps: a wait ends as soon as the screen matches, and a timeout panics with the whole
//! screen and the end of the program's log.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

/// How long a screen may take to show what a test waits for. Generous, because the binary is a
/// debug build and the tests run in parallel on small machines; a passing wait takes
/// milliseconds.
pub const WAIT: Duration = Duration::from_secs(10);

/// Keys as a terminal sends them.
pub mod key {
    pub const ENTER: &str = "\r";
    /// Wait for the screen to react before pressing anything else: crossterm reads an Esc
    /// followed closely by another byte as Alt and that key.
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const SHIFT_TAB: &str = "\x1b[Z";
    pub const SPACE: &str = " ";
    pub const DOWN: &str = "\x1b[B";
    pub const F5: &str = "\x1b[15~";
    pub const CTRL_U: &str = "\x15";
}

/// What to run and in what terminal.
pub struct Launch {
    /// `mnq-tui`, or another program (a shell trying `mnq-tui`'s completions).
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cols: u16,
    rows: u16,
    /// Give the program `--log-file`: every command but those for scripts takes it.
    log_file_option: bool,
    /// The file for `--log-file`, when not `mnq-tui.log` in the program's home.
    log_file: Option<PathBuf>,
}

impl Launch {
    /// `mnq-tui` with these arguments in a 120×40 terminal, with nothing from the test's own
    /// environment.
    pub fn new(args: &[&str]) -> Launch {
        Launch::program(Path::new(env!("CARGO_BIN_EXE_mnq-tui")), args)
    }

    /// Another program with these arguments, in the same kind of terminal and environment.
    pub fn program(program: &Path, args: &[&str]) -> Launch {
        Launch {
            program: program.to_owned(),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            env: Vec::new(),
            cols: 120,
            rows: 40,
            log_file_option: true,
            log_file: None,
        }
    }

    /// A command for scripts (`list`, `info`), which takes no `--log-file`, in a 120×40
    /// terminal.
    pub fn script(args: &[&str]) -> Launch {
        Launch {
            log_file_option: false,
            ..Launch::new(args)
        }
    }

    pub fn env<K: Into<String>>(mut self, pairs: impl IntoIterator<Item = (K, String)>) -> Launch {
        self.env
            .extend(pairs.into_iter().map(|(name, value)| (name.into(), value)));
        self
    }

    /// `--log-file PATH` rather than a file in the program's home.
    pub fn log_file(mut self, path: impl Into<PathBuf>) -> Launch {
        self.log_file = Some(path.into());
        self
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Launch {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Starts the program. Its home, state directory, scw config path (which does not exist, so
    /// no real configuration is read) and log file are in a temporary directory of its own.
    pub fn spawn(self) -> Pty {
        let home = tempfile::tempdir().expect("a temporary home");
        let log_file = self
            .log_file
            .unwrap_or_else(|| home.path().join("mnq-tui.log"));
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");

        let mut command = CommandBuilder::new(&self.program);
        command.args(&self.args);
        if self.log_file_option && self.program == Path::new(env!("CARGO_BIN_EXE_mnq-tui")) {
            command.arg("--log-file");
            command.arg(&log_file);
        }
        command.cwd(home.path());
        command.env_clear();
        command.env("HOME", home.path());
        command.env("XDG_STATE_HOME", home.path().join("state"));
        command.env(
            "SCW_CONFIG_PATH",
            home.path().join("scw").join("config.yaml"),
        );
        command.env("TERM", "xterm-256color");
        command.env("NO_COLOR", "1");
        for (name, value) in &self.env {
            command.env(name, value);
        }

        let started = Instant::now();
        let child = pty.slave.spawn_command(command).expect("mnq-tui starts");
        // Only the child may hold the terminal's other end: when it exits, reads see the end.
        drop(pty.slave);

        let output = Arc::new(Output {
            terminal: Mutex::new(Terminal {
                parser: vt100::Parser::new(
                    self.rows.try_into().expect("rows > 0"),
                    self.cols.try_into().expect("cols > 0"),
                    0,
                ),
                bytes: Vec::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let reader = pty.master.try_clone_reader().expect("a pty reader");
        let reader = thread::spawn({
            let output = Arc::clone(&output);
            move || output.read_all(reader)
        });
        let writer = pty.master.take_writer().expect("a pty writer");
        Pty {
            child,
            writer,
            master: pty.master,
            output,
            reader: Some(reader),
            started,
            log_file,
            _home: home,
        }
    }
}

/// Everything the program wrote, as bytes and as a screen.
struct Output {
    terminal: Mutex<Terminal>,
    /// Signalled whenever output arrives or ends.
    changed: Condvar,
}

struct Terminal {
    parser: vt100::Parser,
    bytes: Vec<u8>,
    /// The program's side of the terminal is closed: it has exited.
    closed: bool,
}

impl Output {
    fn lock(&self) -> MutexGuard<'_, Terminal> {
        self.terminal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sleeps until output arrives or ends, or `until` passes.
    fn wait_change<'a>(
        &self,
        terminal: MutexGuard<'a, Terminal>,
        until: Instant,
    ) -> MutexGuard<'a, Terminal> {
        let timeout = until.saturating_duration_since(Instant::now());
        self.changed
            .wait_timeout(terminal, timeout)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0
    }

    fn read_all(&self, mut reader: Box<dyn Read + Send>) {
        let mut buffer = [0u8; 8192];
        loop {
            // portable-pty reports the end (EIO on Linux) as 0 bytes.
            let read = reader.read(&mut buffer).unwrap_or(0);
            let mut terminal = self.lock();
            if read == 0 {
                terminal.closed = true;
                self.changed.notify_all();
                return;
            }
            terminal.parser.process(&buffer[..read]);
            terminal.bytes.extend_from_slice(&buffer[..read]);
            self.changed.notify_all();
        }
    }
}

/// The screen as text: one line per row, trailing blanks kept out.
fn text_of(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .map(|row| row.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The running program. Dropping it kills the program if it is still running.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    output: Arc<Output>,
    reader: Option<JoinHandle<()>>,
    started: Instant,
    log_file: PathBuf,
    /// Last: removed once the program is gone.
    _home: TempDir,
}

impl Pty {
    /// The screen now.
    pub fn screen(&self) -> String {
        text_of(self.output.lock().parser.screen())
    }

    /// Waits until the screen shows `text`; returns the screen.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        })
    }

    /// Waits until `condition` holds for the screen's text; returns that text.
    pub fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(WAIT, what, condition)
    }

    /// Waits at most `deadline` until `condition` holds for the screen's text; panics with the
    /// screen otherwise.
    pub fn wait_for_within(
        &self,
        deadline: Duration,
        what: &str,
        condition: impl Fn(&str) -> bool,
    ) -> String {
        let until = Instant::now() + deadline;
        let mut terminal = self.output.lock();
        loop {
            let screen = text_of(terminal.parser.screen());
            if condition(&screen) {
                return screen;
            }
            let now = Instant::now();
            if terminal.closed || now >= until {
                drop(terminal);
                let why = if now >= until {
                    format!("timed out after {deadline:?}")
                } else {
                    "the program exited".to_owned()
                };
                self.fail(&format!("{why} waiting for {what}"), &screen);
            }
            terminal = self.output.wait_change(terminal, until);
        }
    }

    /// Sends keys (see [`key`]) or text, as typed.
    pub fn press(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("keys reach the program");
    }

    /// Waits until the program exits and everything it wrote has been read.
    pub fn wait_exit(&mut self, deadline: Duration) -> ExitStatus {
        let until = Instant::now() + deadline;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the program's status") {
                break status;
            }
            if Instant::now() >= until {
                self.fail(&format!("still running after {deadline:?}"), &self.screen());
            }
            // A short poll: the exit has no event of its own to wait on.
            thread::sleep(Duration::from_millis(10));
        };
        let mut terminal = self.output.lock();
        while !terminal.closed {
            if Instant::now() >= until {
                drop(terminal);
                self.fail("exited, but its output did not end", &self.screen());
            }
            terminal = self.output.wait_change(terminal, until);
        }
        drop(terminal);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread ends");
        }
        status
    }

    /// Sends the program a signal (`libc::SIGTERM`, …).
    pub fn signal(&self, signal: libc::c_int) {
        let pid = self.child.process_id().expect("the program runs");
        let pid = libc::pid_t::try_from(pid).expect("a process id");
        // SAFETY: kill(2) only sends a signal, to the process this test started.
        let sent = unsafe { libc::kill(pid, signal) };
        assert_eq!(
            sent,
            0,
            "kill {signal} {pid}: {}",
            std::io::Error::last_os_error()
        );
    }

    /// Every byte the program wrote so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().bytes.clone()
    }

    /// Looks at the terminal's state: its modes as well as its text.
    pub fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
        look(self.output.lock().parser.screen())
    }

    /// Whether the terminal is in canonical (line-by-line, "cooked") mode, as a shell expects
    /// it; raw mode turns it off.
    pub fn canonical_mode(&self) -> bool {
        let termios: libc::termios = self
            .master
            .get_termios()
            .expect("the terminal's settings")
            .into();
        termios.c_lflag & libc::ICANON != 0
    }

    /// The file given to the program with `--log-file`.
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// What the program logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_file).unwrap_or_default()
    }

    /// Where the program keeps its journal: under its `XDG_STATE_HOME`.
    pub fn journal_file(&self) -> PathBuf {
        self.log_file
            .with_file_name("state")
            .join("mnq-tui")
            .join("journal.jsonl")
    }

    /// The program's journal so far (empty when it wrote none).
    pub fn journal(&self) -> String {
        std::fs::read_to_string(self.journal_file()).unwrap_or_default()
    }

    /// Time since the program was started.
    pub fn since_start(&self) -> Duration {
        self.started.elapsed()
    }

    fn fail(&self, why: &str, screen: &str) -> ! {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        let tail = &lines[lines.len().saturating_sub(20)..];
        panic!(
            "mnq-tui {why}\n--- screen ---\n{screen}\n--- end of screen; log {} ---\n{}",
            self.log_file.display(),
            tail.join("\n")
        );
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
