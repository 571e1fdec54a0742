//! The console's event loop: the one owner of the [`State`] and the terminal.
//!
//! Terminal events, API answers and (only while something is in flight) spinner ticks arrive
//! here; each goes to the [`Program`] (the keymap, the pure `update`, the layout), whose
//! effects go to the worker.
//! Everything already waiting is handled before the next frame, and a frame is drawn only when
//! something changed: an idle console draws nothing and wakes for nothing.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use crossterm::event::{Event, EventStream, MouseButton, MouseEvent, MouseEventKind};
use futures::StreamExt;
use ratatui::layout::Size;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use crate::api::Client;
use crate::api::model::Product;
use crate::app::{
    ApiAnswer, Change, Command, Effect, Event as AppEvent, Mouse, MouseKind, Outcome, Program,
    Recorded, RequestId, SaveError, Saved, State,
};
use crate::files::{self, Places};
use crate::journal::{self, Journal};
use crate::{tui, ui, worker};

/// How close two clicks on one cell must be to make a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// How often the busy spinner turns.
const SPINNER_TICK: Duration = Duration::from_millis(80);

/// How the console runs, besides its state.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The log file, named in a crash report.
    pub log_file: Option<PathBuf>,
    /// Panic right after the first frame, to test the crash path (`MNQ_TUI_CRASH_TEST`).
    pub crash_test: bool,
    /// Clicks and the wheel.
    pub mouse: bool,
    /// The product to open first (the user's `default_product`).
    pub start_on: Option<Product>,
}

/// How the console ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The person quit.
    Quit,
    /// SIGTERM or SIGHUP (its number) asked the process to stop.
    Signal(i32),
}

/// Runs the console until the user quits, or a signal asks it to stop. The terminal is
/// restored however it ends.
pub async fn run(
    client: Client,
    state: State,
    journal: Journal,
    options: Options,
) -> Result<Ended> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        color_eyre::eyre::bail!(
            "the console needs a terminal: run mnq-tui in an interactive shell, not with its \
             input or output redirected"
        );
    }
    // Listened for before the terminal is taken: from then on, the default action of these
    // signals (end at once) would leave it in the alternate screen.
    let stop = StopSignals::new()?;
    let mut terminal = tui::init(options.log_file.clone(), options.mouse)?;
    let result = event_loop(&mut terminal, client, state, journal, &options, stop).await;
    let restored = tui::restore();
    let ended = result?;
    restored?;
    Ok(ended)
}

/// SIGTERM (what `kill` and service managers send) and SIGHUP (the terminal went away): the
/// console stops as on `q`.
struct StopSignals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn new() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                terminate: signal(SignalKind::terminate())?,
                hangup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// The next of them to arrive: its number.
    async fn recv(&mut self) -> i32 {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.terminate.recv() => libc::SIGTERM,
                _ = self.hangup.recv() => libc::SIGHUP,
            }
        }
        #[cfg(not(unix))]
        std::future::pending().await
    }
}

/// One thing that happened.
enum Message {
    Terminal(Event),
    Answer(RequestId, ApiAnswer),
    Saved(Result<Saved, SaveError>),
    JournalRead(Result<Vec<Recorded>, String>),
    Tick,
}

struct Console<'a> {
    terminal: &'a mut tui::Term,
    program: Program,
    orders: mpsc::Sender<worker::Order>,
    /// Where saved files go, and the channel their outcome comes back on.
    places: Places,
    saves: mpsc::Sender<Result<Saved, SaveError>>,
    /// Where every change is recorded, "asked" before it is sent and its outcome after.
    journal: Journal,
    /// The changes sent and not answered: their id in the journal, and what they are.
    journalled: HashMap<RequestId, (String, Change)>,
    /// The journal's reads for the `J` pop-up come back here.
    journal_reads: mpsc::Sender<Result<Vec<Recorded>, String>>,
    /// The last click, to tell a double click.
    last_click: Option<(Instant, u16, u16)>,
    /// Clicks and the wheel count; with `--no-mouse` a mouse report is ignored even if the
    /// terminal sends one.
    mouse: bool,
}

/// Whether the console goes on after a message.
enum Flow {
    Continue { redraw: bool },
    Quit,
}

async fn event_loop(
    terminal: &mut tui::Term,
    client: Client,
    state: State,
    journal: Journal,
    options: &Options,
    mut stop: StopSignals,
) -> Result<Ended> {
    let (answers_sender, mut answers) = mpsc::channel(worker::QUEUE);
    let orders = worker::spawn(client, answers_sender);
    let (saves, mut saved) = mpsc::channel(4);
    let (journal_reads, mut journal_read) = mpsc::channel(1);
    let mut events = terminal_events();
    let mut ticker = tokio::time::interval(SPINNER_TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);

    let size = terminal.size()?;
    let mut console = Console {
        terminal,
        program: Program::new(state, size),
        orders,
        places: Places::from_env(),
        saves,
        journal,
        journalled: HashMap::new(),
        journal_reads,
        last_click: None,
        mouse: options.mouse,
    };
    console.program.set_today(today());
    let outcome = console.program.start();
    console.carry_out(outcome).await?;
    if let Some(product) = options.start_on {
        let outcome = console.program.apply(Command::go_to(product));
        console.carry_out(outcome).await?;
    }
    let mut dirty = true;
    loop {
        if dirty {
            console.draw()?;
            dirty = false;
            if options.crash_test {
                panic!("crash test requested with MNQ_TUI_CRASH_TEST");
            }
        }
        let first = tokio::select! {
            event = events.recv() => match event {
                Some(event) => Message::Terminal(event?),
                None => return Ok(Ended::Quit),
            },
            signal = stop.recv() => {
                tracing::info!(signal, "stopping on a signal");
                return Ok(Ended::Signal(signal));
            }
            Some((id, answer)) = answers.recv() => Message::Answer(id, answer),
            Some(result) = saved.recv() => Message::Saved(result),
            Some(result) = journal_read.recv() => Message::JournalRead(result),
            _ = ticker.tick(), if console.program.state().is_busy() => Message::Tick,
        };
        let mut next = Some(first);
        while let Some(message) = next {
            match console.handle(message).await? {
                Flow::Continue { redraw } => dirty |= redraw,
                Flow::Quit => return Ok(Ended::Quit),
            }
            next = match events.try_recv() {
                Ok(event) => Some(Message::Terminal(event?)),
                Err(_) => answers
                    .try_recv()
                    .ok()
                    .map(|(id, answer)| Message::Answer(id, answer)),
            };
        }
    }
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Terminal events, read by their own task so that the loop can take every waiting one
/// without blocking.
fn terminal_events() -> mpsc::Receiver<std::io::Result<Event>> {
    let (sender, receiver) = mpsc::channel(256);
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(event) = stream.next().await {
            if sender.send(event).await.is_err() {
                break;
            }
        }
    });
    receiver
}

impl Console<'_> {
    fn draw(&mut self) -> Result<()> {
        let state = self.program.state();
        tui::draw(self.terminal, |frame| ui::render(state, frame))?;
        Ok(())
    }

    /// Hands one message to the program and carries out the effects.
    async fn handle(&mut self, message: Message) -> Result<Flow> {
        let outcome = match message {
            Message::Terminal(Event::Key(event)) => match tui::key(&event) {
                Some(key) => {
                    // A console left open overnight proposes today's date in rotations.
                    self.program.set_today(today());
                    self.program.key(&key)
                }
                None => Outcome::default(),
            },
            Message::Terminal(Event::Paste(text)) => self.program.paste(text),
            Message::Terminal(Event::Mouse(event)) => match self.mouse(&event) {
                Some(mouse) => self.program.mouse(&mouse),
                None => Outcome::default(),
            },
            Message::Terminal(Event::Resize(width, height)) => {
                self.program.resize(Size::new(width, height))
            }
            Message::Terminal(_) => Outcome::default(),
            Message::Answer(id, answer) => {
                self.journal_outcome(id, &answer);
                self.program.answer(id, answer)
            }
            Message::Saved(result) => self.program.saved(result),
            Message::JournalRead(result) => self.program.apply(AppEvent::JournalRead(result)),
            Message::Tick => self.program.tick(),
        };
        self.carry_out(outcome).await
    }

    /// A terminal mouse event as the core sees it: a second click on the same cell within
    /// [`DOUBLE_CLICK`] is a double click.
    fn mouse(&mut self, event: &MouseEvent) -> Option<Mouse> {
        if !self.mouse {
            return None;
        }
        let kind = match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = matches!(
                    self.last_click,
                    Some((at, column, row)) if now.duration_since(at) <= DOUBLE_CLICK
                        && (column, row) == (event.column, event.row)
                );
                // A third click starts over rather than making a second double click.
                self.last_click = (!double).then_some((now, event.column, event.row));
                if double {
                    MouseKind::DoubleClick
                } else {
                    MouseKind::Click
                }
            }
            MouseEventKind::ScrollUp => MouseKind::ScrollUp,
            MouseEventKind::ScrollDown => MouseKind::ScrollDown,
            _ => return None,
        };
        Some(Mouse {
            kind,
            column: event.column,
            row: event.row,
        })
    }

    /// Carries out the effects of an input; says whether to go on, and to draw.
    async fn carry_out(&mut self, outcome: Outcome) -> Result<Flow> {
        let mut redraw = outcome.redraw;
        for effect in outcome.effects {
            match effect {
                Effect::Quit => return Ok(Flow::Quit),
                Effect::Suspend => tui::suspend(self.terminal)?,
                // The worker only stops when the console does. A change is in the journal
                // before it is sent.
                Effect::Api(id, call) => {
                    if call.is_mutation() {
                        redraw |= self.journal_asked(id);
                    }
                    let _ = self.orders.send(worker::Order::Call(id, call)).await;
                }
                Effect::ReadJournal => {
                    let path = self.journal.path().map(PathBuf::from);
                    let reads = self.journal_reads.clone();
                    tokio::task::spawn_blocking(move || {
                        let _ = reads.blocking_send(last_changes(path.as_deref()));
                    });
                }
                Effect::Cancel(id) => {
                    let _ = self.orders.send(worker::Order::Cancel(id)).await;
                }
                Effect::Copy(clip) => tui::copy_to_clipboard(self.terminal, &clip.text)?,
                // Written off the loop: a slow disk never freezes the console.
                Effect::Save(request) => {
                    let places = self.places.clone();
                    let saves = self.saves.clone();
                    tokio::task::spawn_blocking(move || {
                        let result = files::save(&request, &places);
                        let _ = saves.blocking_send(result);
                    });
                }
            }
        }
        Ok(Flow::Continue { redraw })
    }

    /// Writes that the change request `id` asks for is asked. The first time the journal
    /// cannot be written the console says so (returns true: to draw); the change goes on.
    fn journal_asked(&mut self, id: RequestId) -> bool {
        let Some(change) = self.program.state().requests.change(id).cloned() else {
            return false;
        };
        let (change_id, written) = self.journal.asked(&change);
        self.journalled.insert(id, (change_id, change));
        match written {
            Ok(()) => false,
            Err(why) => {
                let _ = self.program.apply(AppEvent::JournalUnwritable(why));
                true
            }
        }
    }

    /// Writes what became of the change request `id` answers, if it is one.
    fn journal_outcome(&mut self, id: RequestId, answer: &ApiAnswer) {
        let Some((outcome, made)) = journal::outcome_of(answer) else {
            return;
        };
        let Some((change_id, mut change)) = self.journalled.remove(&id) else {
            return;
        };
        if let Some((made_id, key)) = made {
            change.id = Some(made_id);
            change.key = Some(key);
        }
        // A failure here was said when the change was asked.
        let _ = self.journal.outcome(&change_id, &change, &outcome);
    }
}

/// How many of the journal's last changes the `J` pop-up shows.
const JOURNAL_SHOWN: usize = 500;

/// The journal's last changes, newest first.
fn last_changes(path: Option<&std::path::Path>) -> Result<Vec<Recorded>, String> {
    let path = path.ok_or("neither XDG_STATE_HOME nor HOME is set: there is no journal")?;
    let (mut changes, _) = journal::read(path)?;
    changes.reverse();
    changes.truncate(JOURNAL_SHOWN);
    Ok(changes)
}
