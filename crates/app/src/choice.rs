//! [`Choice`]: the two buttons of a question.

/// The two buttons of a confirmation: the safe one and the one that acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Cancel,
    Confirm,
}

impl Choice {
    pub fn other(self) -> Choice {
        match self {
            Choice::Cancel => Choice::Confirm,
            Choice::Confirm => Choice::Cancel,
        }
    }
}
