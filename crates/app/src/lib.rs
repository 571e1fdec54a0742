//! The mnq-tui console's pure core, apart from I/O: [`State`], the [`Event`]s that change
//! it, the pure [`update`], the keymap that turns a [`Key`] into a [`Command`], the view
//! ([`ui`]) that draws the state, and [`Program`], which ties them together as the console
//! does. Nothing here can reach the network, the terminal or the emulator: this crate does
//! not depend on them.
//!
//! The modules stand in layers, each using only those below it (`tests/it/architecture.rs`
//! holds the order): keys and the theme; commands and the calls to the worker; the keymap;
//! lists, targets and choices; forms and the secret pop-up; screens and the requests in
//! flight; what a click hits; events and effects; the state; `update`; the view; the
//! program.

mod batch;
mod call;
mod change;
mod choice;
mod command;
mod event;
mod form;
mod hit;
mod key;
pub mod keymap;
mod list;
mod paste;
mod program;
mod requests;
mod screen;
mod secret;
mod state;
mod target;
mod theme;
pub mod ui;
mod update;

pub use batch::{BatchItem, BatchRevoke, BatchStage, ItemOutcome};
pub use call::{
    ApiAnswer, ApiCall, ConnectionCheck, ConnectionOutcome, Created, CreatedKeys, CreatedRef,
    CredentialsRef, CredsSource, Found, FoundCredentials, KeysSource, Leaked, Page, Probed,
    RequestId,
};
pub use change::{Change, ChangeKind, ChangeOutcome, Recorded, Version};
pub use choice::Choice;
pub use command::Command;
pub use event::{Effect, Event, Layout, Mouse, MouseKind};
pub use form::{Field, Form, FormPurpose, FormStatus, Place, Problems};
pub use hit::{Hit, Hits};
pub use key::{Key, KeyCode, KeyModifiers};
pub use keymap::{Context, Resolved};
pub use list::{
    Filter, Flags, ListView, Parts, Progress, ProjectNames, Query, Row, Scope, Shown, Sort, SortKey,
};
pub use program::{Outcome, Program};
pub use requests::{Create, Pending, Requests};
pub use screen::{Info, NatsAccountPage, Screen, ServicePage, ServiceTab};
pub use secret::{
    Clip, Copied, CreatedCredentials, NatsContext, SaveError, SaveForm, SaveRequest, Saved,
    SecretButton, SecretNote, SecretPopup, SecretQuestion,
};
pub use state::*;
pub use target::Target;
pub use theme::Theme;
pub use update::{menu_items, rotated_name, stale_cutoff, start, update};
