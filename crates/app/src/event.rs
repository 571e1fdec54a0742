//! What changes the state ([`Event`]: a [`Command`] among others) and what the state asks the
//! outside world to do ([`Effect`]).

use tui_input::InputRequest;

use crate::call::{ApiAnswer, ApiCall, RequestId};
use crate::change::Recorded;
use crate::command::Command;
use crate::hit::Hit;
use crate::keymap::Resolved;
use crate::secret::{Clip, SaveError, SaveRequest, Saved};

/// Something that happened: a command (a key the keymap resolved), an edit of a text field,
/// pasted text, a click, an answer from the API, a new layout, a spinner tick.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Command(Command),
    /// An edit of the focused text field.
    Edit(InputRequest),
    Paste(String),
    Layout(Layout),
    /// A click on what the frame showed there (nothing: `None`); `true` for a double click.
    Click(Option<Hit>, bool),
    /// The mouse wheel: rows to move, up when negative.
    Scroll(isize),
    Tick,
    Answer(RequestId, ApiAnswer),
    /// The console's answer to [`Effect::Save`].
    Saved(Result<Saved, SaveError>),
    /// The console's answer to [`Effect::ReadJournal`]: the last changes, newest first, or why
    /// the journal cannot be read.
    JournalRead(Result<Vec<Recorded>, String>),
    /// The journal cannot be written, and why: said once, never in the way of a change.
    JournalUnwritable(String),
}

impl From<Command> for Event {
    fn from(command: Command) -> Event {
        Event::Command(command)
    }
}

impl From<Resolved> for Event {
    fn from(resolved: Resolved) -> Event {
        match resolved {
            Resolved::Command(command) => Event::Command(command),
            Resolved::Edit(request) => Event::Edit(request),
        }
    }
}

/// A mouse event as the console's core sees it: what happened, and in which cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    /// A second click on the same cell soon after the first (the console's terminal side
    /// decides what "soon" is).
    DoubleClick,
    ScrollUp,
    ScrollDown,
}

/// What `update` asks of the outside world.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Api(RequestId, ApiCall),
    /// A read nobody waits for any more (its list or info was replaced by another view or a
    /// reload): stop it. Never asked of a revoke or an update, whose outcome must be known.
    Cancel(RequestId),
    /// Put text on the terminal's clipboard (OSC 52).
    Copy(Clip),
    /// Write a secret to a file; the answer comes back as [`Event::Saved`].
    Save(SaveRequest),
    /// Read the last changes of the journal; they come back as [`Event::JournalRead`].
    ReadJournal,
    /// Ctrl-Z: give the terminal back until resumed.
    Suspend,
    Quit,
}

/// Sizes the view measured, which the state needs for paging and scrolling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The terminal is below the minimum size.
    pub too_small: bool,
    /// Rows of the list on screen.
    pub list_rows: usize,
    /// The lines of the help, when it is open, and the rows of its box they scroll through.
    pub help_lines: usize,
    pub help_rows: usize,
    /// Rows of the list a pop-up shows (the batch revoke's, the journal's).
    pub popup_rows: usize,
}
