//! The terminal: raw mode and the alternate screen on the way in, everything restored on the
//! way out — on quit, on SIGTERM or SIGHUP, on error and on panic — and Ctrl-Z suspend.

use std::io::{self, BufWriter, Stdout, Write, stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Key, KeyCode, KeyModifiers};

/// The terminal, written through a buffer so that a frame leaves in few writes.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Takes over the terminal. A panic from here on restores it before the report prints, and the
/// report says where the log file is.
pub fn init(log_file: Option<PathBuf>, mouse: bool) -> io::Result<Term> {
    install_panic_hook(log_file);
    MOUSE.store(mouse, Ordering::Relaxed);
    enter()?;
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        64 * 1024,
        stdout(),
    )))
}

/// Whether clicks and the wheel are reported (kept for a resume after Ctrl-Z).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Clicks and the wheel, in SGR encoding — not crossterm's `EnableMouseCapture`, which also
/// asks for every motion of the mouse and would wake the console for each.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::Relaxed) {
        let mut out = stdout();
        out.write_all(MOUSE_ON.as_bytes())?;
        out.flush()?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    if MOUSE.load(Ordering::Relaxed) {
        let mut out = stdout();
        out.write_all(MOUSE_OFF.as_bytes())?;
    }
    execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    )?;
    raw
}

fn install_panic_hook(log_file: Option<PathBuf>) {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        tracing::error!(%info, "panic");
        let log = match &log_file {
            Some(path) => format!(
                "The log is in {}; attach it to a bug report.",
                path.display()
            ),
            None => "No log file was written (see --log-file).".to_owned(),
        };
        let _ = writeln!(
            io::stderr(),
            "mnq-tui stopped on an internal error (a bug). The terminal has been restored. {log}"
        );
        report(info);
    }));
}

/// Draws one frame as one synchronized update, so that a terminal that supports it never shows
/// half a frame (others ignore the sequences).
pub fn draw(terminal: &mut Term, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
    crossterm::queue!(
        terminal.backend_mut(),
        crossterm::terminal::BeginSynchronizedUpdate
    )?;
    terminal.draw(render)?;
    crossterm::queue!(
        terminal.backend_mut(),
        crossterm::terminal::EndSynchronizedUpdate
    )?;
    terminal.backend_mut().flush()
}

/// Ctrl-Z: restores the terminal, stops the process until `fg`, then takes the terminal back
/// and redraws everything.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    restore()?;
    #[cfg(unix)]
    // SAFETY: raising a signal on our own process has no memory-safety requirements.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enter()?;
    // Not `terminal.clear()`: it asks the terminal where the cursor is and waits for the reply
    // on stdin, which the event task is reading. Clear the screen and forget the last frame
    // instead, so that the next draw repaints everything.
    crossterm::execute!(
        terminal.backend_mut(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    terminal.swap_buffers();
    Ok(())
}

/// A terminal key event as the console's core sees it; `None` for a release (some terminals
/// report them) and for keys the console has no use for.
pub fn key(event: &crossterm::event::KeyEvent) -> Option<Key> {
    use crossterm::event::{KeyCode as Code, KeyEventKind, KeyModifiers as Mods};
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let code = match event.code {
        Code::Char(c) => KeyCode::Char(c),
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Tab => KeyCode::Tab,
        Code::BackTab => KeyCode::BackTab,
        Code::Backspace => KeyCode::Backspace,
        Code::Delete => KeyCode::Delete,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
        Code::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (held, modifier) in [
        (Mods::SHIFT, KeyModifiers::SHIFT),
        (Mods::CONTROL, KeyModifiers::CONTROL),
        (Mods::ALT, KeyModifiers::ALT),
    ] {
        if event.modifiers.contains(held) {
            modifiers = modifiers | modifier;
        }
    }
    Some(Key::new(code, modifiers))
}

/// Sends `text` to the terminal's clipboard with OSC 52, which works over SSH and in tmux
/// (with `set-clipboard on`). Whether the terminal took it cannot be known. The encoded copy of
/// the text is zeroed once written.
pub fn copy_to_clipboard(terminal: &mut Term, text: &crate::api::model::Secret) -> io::Result<()> {
    use zeroize::Zeroize;
    let mut sequence = format!(
        "\x1b]52;c;{}\x07",
        data_encoding::BASE64.encode(text.expose().as_bytes())
    );
    let backend = terminal.backend_mut();
    let written = backend
        .write_all(sequence.as_bytes())
        .and_then(|()| backend.flush());
    sequence.zeroize();
    written
}
