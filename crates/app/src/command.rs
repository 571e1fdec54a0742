//! [`Command`]: what a key can be bound to. The keymap turns key presses into commands (or,
//! in a text field, into edits); every other input is an [`Event`](crate::event::Event) of
//! its own.

use mnq_api::model::Product;

/// Something the person asks for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
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
    /// The NATS page.
    GoToNats,
    /// The Queues page.
    GoToQueues,
    /// The Topics and Events page.
    GoToTopics,
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
}

impl Command {
    /// The command that goes to a product's page.
    pub fn go_to(product: Product) -> Command {
        match product {
            Product::Nats => Command::GoToNats,
            Product::Queues => Command::GoToQueues,
            Product::TopicsAndEvents => Command::GoToTopics,
        }
    }
}
