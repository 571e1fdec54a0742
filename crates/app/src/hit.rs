//! Where things can be clicked: each draw function notes the areas of what it drew that a
//! click acts on, so that a click always means what the person saw there.

use ratatui::layout::{Position, Rect};

use crate::choice::Choice;
use crate::form::Field;
use crate::screen::ServiceTab;
use crate::secret::SecretButton;

/// What a click can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A product of the menu, by index in `Product::ALL`.
    Product(usize),
    Tab(ServiceTab),
    /// A list row, by position among the visible rows.
    Row(usize),
    /// The region in the header.
    RegionSelector,
    /// A region of the dropdown, by index in `Region::ALL` (then *All regions*).
    Region(usize),
    /// The project in the header.
    ProjectSelector,
    /// A line of the project switcher, by index in `State::project_choices`.
    Project(usize),
    /// An item of the see-more menu.
    MenuItem(usize),
    /// The "Generate credentials" (or "New account") button of a list.
    Generate,
    Field(Field),
    SecretButton(SecretButton),
    /// The `nats` context checkbox of the save field.
    SaveCheckbox,
    /// A button of a question: Cancel or the one that acts.
    Choice(Choice),
    /// Inside a pop-up, on nothing that acts: the click stays in the pop-up.
    Popup,
}

/// The clickable areas of a frame, in drawing order: what is drawn later is on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits(Vec<(Rect, Hit)>);

impl Hits {
    pub fn add(&mut self, area: Rect, hit: Hit) {
        if area.width > 0 && area.height > 0 {
            self.0.push((area, hit));
        }
    }

    /// What is on top at a cell.
    pub fn at(&self, column: u16, row: u16) -> Option<Hit> {
        let position = Position::new(column, row);
        self.0
            .iter()
            .rev()
            .find(|(area, _)| area.contains(position))
            .map(|(_, hit)| *hit)
    }
}
