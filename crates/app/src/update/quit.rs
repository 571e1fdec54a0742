//! Quitting while changes (revokes, updates, creates) are under way: the console asks first, over whatever was open, and
//! says what is still under way — once quit, their answers are never seen. Waiting gives back
//! the pop-up it was asked over; quitting anyway (or `Ctrl-C` again) quits.

use super::{Handled, Input, QuestionKey, question_key};
use crate::choice::Choice;
use crate::event::Effect;
use crate::state::{Popup, QuitQuestion, State};

/// `effects` quit while changes are under way and the person was not asked yet: the question
/// replaces the quit.
pub(super) fn ask_first(state: &mut State, asked: bool, effects: &mut Vec<Effect>) {
    if asked || !effects.contains(&Effect::Quit) || state.requests.changes_under_way().is_empty() {
        return;
    }
    effects.retain(|effect| *effect != Effect::Quit);
    let over = state.popup.take();
    state.popup = Some(Popup::Quit(Box::new(QuitQuestion {
        focus: Choice::Cancel,
        over,
    })));
}

/// Whether the quit question is open.
pub(super) fn is_asking(state: &State) -> bool {
    matches!(state.popup, Some(Popup::Quit(_)))
}

pub(super) fn on_quit(mut question: Box<QuitQuestion>, input: Input) -> Handled {
    question.focus = match question_key(&input) {
        QuestionKey::Switch => question.focus.other(),
        QuestionKey::Focus(choice) => choice,
        QuestionKey::Cancel => return (question.over, Vec::new()),
        QuestionKey::Press if question.focus == Choice::Cancel => {
            return (question.over, Vec::new());
        }
        QuestionKey::Press => return (None, vec![Effect::Quit]),
        QuestionKey::Other => question.focus,
    };
    (Some(Popup::Quit(question)), Vec::new())
}
