//! [`Program`]: the console's whole core behind one door. It owns the [`State`] and the
//! terminal size and takes every input — a key, pasted text, a new size, an API answer, a
//! spinner tick — doing what the console does with it: the keymap of the current context,
//! the pure `update`, a new layout when the view's sizes changed. It returns the effects to
//! carry out and whether the screen must be drawn again.
//!
//! The console (terminal events, the worker's channel, drawing) and every test and bench that
//! drives the console go through this one type, so the glue they exercise is the real one.

use ratatui::layout::Size;

use crate::call::{ApiAnswer, RequestId};
use crate::event::{Effect, Event, Mouse, MouseKind};
use crate::hit::Hits;
use crate::key::Key;
use crate::secret::{SaveError, Saved};
use crate::state::State;
use crate::ui;
use crate::update::{self, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Rows the wheel moves the selection by, a turn at a time.
const WHEEL_ROWS: isize = 3;

/// The console's core: its state, at a terminal size.
#[derive(Debug, Clone)]
pub struct Program {
    state: State,
    size: Size,
}

/// What one input led to.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use = "the effects must be carried out"]
pub struct Outcome {
    /// What the outside world must do, in order.
    pub effects: Vec<Effect>,
    /// The screen may have changed and must be drawn again; false when the input changed
    /// nothing (an unbound key, a tick with nothing in flight), so an idle console draws
    /// nothing.
    pub redraw: bool,
}

impl Outcome {
    /// Whether one of the effects is [`Effect::Quit`]: the console stops.
    pub fn quits(&self) -> bool {
        self.effects.contains(&Effect::Quit)
    }
}

impl Program {
    /// The core with `state`, laid out for a terminal of `size`.
    pub fn new(state: State, size: Size) -> Program {
        let mut program = Program { state, size };
        program.relayout();
        program
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn size(&self) -> Size {
        self.size
    }

    /// A key press, through the keymap of what has the keyboard now.
    pub fn key(&mut self, key: &Key) -> Outcome {
        let context = self.state.context();
        let session = &self.state.session;
        match session.keymap.resolve(context, key) {
            Some(resolved) => self.apply(resolved),
            None => Outcome::default(),
        }
    }

    /// A click or a turn of the wheel, on what the screen shows now.
    pub fn mouse(&mut self, mouse: &Mouse) -> Outcome {
        let event = match mouse.kind {
            MouseKind::ScrollUp => Event::Scroll(-WHEEL_ROWS),
            MouseKind::ScrollDown => Event::Scroll(WHEEL_ROWS),
            MouseKind::Click | MouseKind::DoubleClick => {
                let hit = self.hits().at(mouse.column, mouse.row);
                Event::Click(hit, mouse.kind == MouseKind::DoubleClick)
            }
        };
        self.apply(event)
    }

    /// Where things are on the screen now: the frame drawn again, off screen. The console
    /// draws after every change, so this is the frame the person clicked on.
    fn hits(&self) -> Hits {
        let backend = TestBackend::new(self.size.width, self.size.height);
        match Terminal::new(backend) {
            Ok(mut terminal) => {
                let mut hits = Hits::default();
                let drawn = terminal.draw(|frame| hits = ui::render_with_hits(&self.state, frame));
                if drawn.is_ok() { hits } else { Hits::default() }
            }
            Err(_) => Hits::default(),
        }
    }

    /// Text pasted into the terminal (bracketed paste).
    pub fn paste(&mut self, text: String) -> Outcome {
        self.apply(Event::Paste(text))
    }

    /// The terminal's new size.
    pub fn resize(&mut self, size: Size) -> Outcome {
        self.size = size;
        self.relayout();
        Outcome {
            effects: Vec::new(),
            redraw: true,
        }
    }

    /// The worker's answer to request `id`.
    pub fn answer(&mut self, id: RequestId, answer: ApiAnswer) -> Outcome {
        self.apply(Event::Answer(id, answer))
    }

    /// The console's answer to a save it was asked for.
    pub fn saved(&mut self, result: Result<Saved, SaveError>) -> Outcome {
        self.apply(Event::Saved(result))
    }

    /// What the console does as it starts (it asks for the organisation's projects).
    pub fn start(&mut self) -> Outcome {
        let effects = update::start(&mut self.state);
        Outcome {
            redraw: !effects.is_empty(),
            effects,
        }
    }

    /// Today's date, which rotations put in the names they propose and from which the lists
    /// count the age of stale rows (from the next input on).
    pub fn set_today(&mut self, today: jiff::civil::Date) {
        self.state.today = today;
    }

    /// A turn of the busy spinner; draws only while something is in flight.
    pub fn tick(&mut self) -> Outcome {
        let busy = self.state.is_busy();
        let mut outcome = self.apply(Event::Tick);
        outcome.redraw = busy;
        outcome
    }

    /// Applies a command or another event as the keymap or the console would (tests that
    /// script a flow by its meaning, e.g. "revoke, confirm"), then lays the view out again.
    pub fn apply(&mut self, event: impl Into<Event>) -> Outcome {
        let effects = update(&mut self.state, event);
        self.relayout();
        Outcome {
            effects,
            redraw: true,
        }
    }

    /// Tells the state the view's sizes when they changed (terminal size, or a screen with a
    /// different layout).
    fn relayout(&mut self) {
        let layout = ui::layout(self.size, &self.state);
        if layout != self.state.layout {
            // A new layout only clamps selections: it asks nothing of the outside world.
            let effects = update(&mut self.state, Event::Layout(layout));
            debug_assert!(effects.is_empty());
        }
    }
}
