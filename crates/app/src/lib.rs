//! The mnq-tui console's pure core, apart from I/O: [`State`], the [`Action`]s that change
//! it, the pure [`update`], the keymap that turns a [`Key`] into an action, the view
//! ([`ui`]) that draws the state, and [`Program`], which ties them together as the console
//! does. Nothing here can reach the network, the terminal or the emulator: this crate does
//! not depend on them.

mod action;
mod form;
mod key;
pub mod keymap;
mod list;
mod program;
mod secret;
mod state;
pub mod ui;
mod update;

pub use action::{
    Action, ApiAnswer, ApiCall, ConnectionOutcome, Created, CredentialsRef, CredsSource, Effect,
    Made, Mouse, MouseKind, Page,
};
pub use form::{Field, Form, FormPurpose, FormStatus, Place, Problems};
pub use key::{Key, KeyCode, KeyModifiers};
pub use list::{
    Filter, Flags, ListView, Load, Part, Progress, Query, RequestId, Row, Scope, Sort, SortKey,
};
pub use program::{Outcome, Program};
pub use secret::{
    Clip, Copied, Issued, NatsContext, SaveError, SaveForm, SaveRequest, Saved, SecretButton,
    SecretNote, SecretPopup, SecretQuestion,
};
pub use state::*;
pub use update::{menu_items, rotated_name, stale_cutoff, start, update};
