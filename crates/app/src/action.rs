//! What changes the state ([`Action`]) and what the state asks the outside world to do
//! ([`Effect`]).

use tui_input::InputRequest;

use crate::call::{ApiAnswer, ApiCall, RequestId};
use crate::hit::Hit;
use crate::secret::{Clip, SaveError, SaveRequest, Saved};
use mnq_api::model::Product;

/// Something that happened: a key the keymap resolved, pasted text, an answer from the API,
/// a new terminal size, a spinner tick.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Enter on a list or menu.
    Open,
    /// Esc: close, clear, or go back.
    Back,
    Jump(Product),
    NextTab,
    PreviousTab,
    FocusNext,
    FocusPrevious,
    /// Space on a checkbox.
    Toggle,
    /// Enter on a form or dialog: the focused button, or submit from the name field.
    Activate,
    OpenRegions,
    OpenProjects,
    OpenSeeMore,
    Update,
    Revoke,
    /// New credentials (or a NATS account, on the accounts list).
    Generate,
    /// New credentials to replace the selected ones, then revoke these.
    Rotate,
    /// Show or hide the NKEY seed in the secret pop-up.
    ShowSeed,
    /// Copy the selected row's key: access key, checksum (NATS credentials) or account id.
    CopyKey,
    /// Copy the selected row's id.
    CopyId,
    /// Connect to a NATS account's endpoint with a `.creds`, to see whether it is let in.
    TestConnection,
    Reload,
    Filter,
    /// Sort the list by the next key: name, created, updated.
    Sort,
    /// Sort the list the other way.
    ReverseSort,
    Help,
    Quit,
    /// Ctrl-C: quit from anywhere.
    ForceQuit,
    Suspend,
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
    /// Write a secret to a file; the answer comes back as [`Action::Saved`].
    Save(SaveRequest),
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
}
