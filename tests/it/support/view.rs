//! The console drawn as it would be on a terminal, on ratatui's `TestBackend`, and the text it
//! shows.

use mnq_tui::app::*;
use mnq_tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

/// Draws the state as the console would at this size (after telling it the layout).
pub fn draw(state: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    let layout = ui::layout(Size::new(width, height), state);
    update(state, Event::Layout(layout));
    render(state, Size::new(width, height))
}

/// Draws the state as it is, at `size` (a [`Program`]'s state knows its layout already).
pub fn render(state: &State, size: Size) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(size.width, size.height)).expect("a test terminal");
    terminal
        .draw(|frame| ui::render(state, frame))
        .expect("a frame");
    terminal
}

/// The text on the terminal, one line per row (trailing blanks kept).
pub fn screen_lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect())
        .collect()
}
