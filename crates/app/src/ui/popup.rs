//! What the pop-ups share: placement, frame and buttons.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use crate::choice::Choice;
use crate::hit::{Hit, Hits};
use crate::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// A `width` × `height` box in the middle of `area`, no larger than it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// A `width` × `height` dropdown that opens under `opener` (a header item), moved left as
/// much as it must to stay inside `area`, no larger than it.
pub fn under(opener: Rect, area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let x = opener.x.min(area.right() - width).max(area.x);
    Rect::new(x, opener.bottom(), width, height).intersection(area)
}

/// Clears the box and draws its frame; returns the inside.
pub fn open(frame: &mut Frame, area: Rect, title: Line<'_>, border: Style) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::bordered().border_style(border).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A line of a dropdown: the selection marker, then `spans`; in the selection's style when
/// selected.
pub fn choice_line<'a>(mut spans: Vec<Span<'a>>, selected: bool, theme: &Theme) -> Line<'a> {
    spans.insert(0, Span::raw(if selected { "▶ " } else { "  " }));
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected)
    } else {
        line
    }
}

/// Notes each of the first `count` lines of a dropdown's inside as clickable, as `hit(index)`.
pub fn choice_hits(inner: Rect, count: usize, hit: impl Fn(usize) -> Hit, hits: &mut Hits) {
    for index in 0..count {
        let line = Rect::new(inner.x, inner.y + index as u16, inner.width, 1);
        hits.add(line.intersection(inner), hit(index));
    }
}

/// One button: its label, whether it has the focus, whether it destroys something.
pub struct Button<'a> {
    pub label: &'a str,
    pub focused: bool,
    pub danger: bool,
}

/// Buttons on one line, right-aligned; the focused one is marked with `▶` and the selection
/// style, so focus never depends on colour.
pub fn buttons<'a>(buttons: &[Button<'a>], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (index, button) in buttons.iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw("   "));
        }
        let text = if button.focused {
            format!("[▶ {} ]", button.label)
        } else {
            format!("[ {} ]", button.label)
        };
        let style = match (button.focused, button.danger) {
            (true, _) => theme.selected,
            (false, true) => theme.danger,
            (false, false) => Style::new(),
        };
        spans.push(Span::styled(text, style));
    }
    spans.push(Span::raw("  "));
    Line::from(spans).right_aligned()
}

/// Where each button of [`buttons`] lands in `area` (its last line), in the same order.
pub fn button_areas(area: Rect, buttons: &[Button<'_>]) -> Vec<Rect> {
    let widths: Vec<u16> = buttons
        .iter()
        .map(|button| {
            let marker = if button.focused { 1 } else { 0 };
            (button.label.width() + 4 + marker) as u16
        })
        .collect();
    let total: u16 = widths.iter().sum::<u16>() + 3 * (widths.len() as u16).saturating_sub(1) + 2;
    let mut x = area.right().saturating_sub(total).max(area.x);
    let y = area.bottom().saturating_sub(1);
    widths
        .iter()
        .map(|width| {
            let button = Rect::new(x, y, *width, 1).intersection(area);
            x += width + 3;
            button
        })
        .collect()
}

/// The two buttons of a confirmation: the safe one first, then the one that destroys.
fn confirmation<'a>(focus: Choice, cancel: &'a str, confirm: &'a str) -> [Button<'a>; 2] {
    [
        Button {
            label: cancel,
            focused: focus == Choice::Cancel,
            danger: false,
        },
        Button {
            label: confirm,
            focused: focus == Choice::Confirm,
            danger: true,
        },
    ]
}

/// Draws a question's two buttons on `area` and notes where they are.
pub fn question_buttons(
    frame: &mut Frame,
    area: Rect,
    (focus, cancel, confirm): (Choice, &str, &str),
    theme: &Theme,
    hits: &mut Hits,
) {
    let buttons = confirmation(focus, cancel, confirm);
    for (button, choice) in button_areas(area, &buttons)
        .into_iter()
        .zip([Choice::Cancel, Choice::Confirm])
    {
        hits.add(button, Hit::Choice(choice));
    }
    frame.render_widget(self::buttons(&buttons, theme), area);
}
