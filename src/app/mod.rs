//! The console's state and its rules, apart from I/O and drawing: [`State`], the [`Action`]s
//! that change it, the pure [`update`], and the keymap that turns keys into actions.

mod action;
mod form;
pub mod keymap;
mod list;
mod state;
mod update;

pub use action::{Action, ApiAnswer, ApiCall, Effect};
pub use form::{Field, Problems, UpdateForm};
pub use list::{Filter, ListView, Load, RequestId, Row};
pub use state::*;
pub use update::{menu_items, update};
