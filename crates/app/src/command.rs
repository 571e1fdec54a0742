//! [`Command`]: what a key can be bound to. The keymap turns key presses into commands (or,
//! in a text field, into edits); every other input is an [`Event`](crate::event::Event) of
//! its own.

use mnq_api::model::Product;
use strum::{EnumIter, EnumString, IntoStaticStr};

/// Something the person asks for with a key. Its name (kebab-case of the variant, unless
/// said) is the one a user's config binds (`page-up = ["ctrl-b"]`): these names are a
/// promise to the users' files, which the README lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
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
    #[strum(serialize = "nats")]
    GoToNats,
    /// The Queues page.
    #[strum(serialize = "queues")]
    GoToQueues,
    /// The Topics and Events page.
    #[strum(serialize = "topics")]
    GoToTopics,
    NextTab,
    PreviousTab,
    #[strum(serialize = "next-field")]
    FocusNext,
    #[strum(serialize = "previous-field")]
    FocusPrevious,
    /// Space on a checkbox.
    Toggle,
    /// Enter on a form or dialog: the focused button, or submit from the name field.
    Activate,
    #[strum(serialize = "region")]
    OpenRegions,
    #[strum(serialize = "project")]
    OpenProjects,
    #[strum(serialize = "see-more")]
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
    /// Test credentials against their endpoint: connect to a NATS account's with a `.creds`,
    /// or sign requests that create and send nothing to Queues or Topics and Events with the
    /// keys of a `.env`, to see what the endpoint lets them do.
    TestConnection,
    Reload,
    Filter,
    /// Mark the selected credentials (or unmark them), to revoke many at once.
    Mark,
    /// Mark every row the filter shows; when they all are, unmark them.
    MarkAll,
    /// Find the credentials of a `.env` or `.creds` file in every project and region.
    FindFile,
    /// The last changes made through mnq-tui, from its journal.
    Journal,
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
    /// The command's name in a user's config and in its errors.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The command that goes to a product's page.
    pub fn go_to(product: Product) -> Command {
        match product {
            Product::Nats => Command::GoToNats,
            Product::Queues => Command::GoToQueues,
            Product::TopicsAndEvents => Command::GoToTopics,
        }
    }
}
