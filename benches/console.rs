//! What one keystroke costs the console: the key through the console's [`Program`] (the
//! keymap, `update`, the layout check), and the next frame drawn by `ui::render` on ratatui's
//! `TestBackend` at 120×40 (which also diffs it against the previous frame, as a real terminal
//! backend does).
//!
//! Times are this thread's CPU time (see `support::thread_cpu_time`): the machine these run on
//! is shared, and time other programs take would otherwise be counted as the console's.
//!
//! Targets (issue 5): moving the selection with 100,000 credentials loaded, median < 1 ms and
//! within 1.5× of the same with 100; one keystroke in the `/` filter over 100,000 names,
//! median < 5 ms. Issue 11: `s`, sorting 100,000 credentials anew, median < 50 ms.
//!
//! Run: `cargo bench --bench console`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::{Generate, Seed};
use mnq_tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

mod support;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// The console on the Queues credentials of a project with `count` generated credentials, drawn
/// once, as it is after the list arrived.
struct Console {
    program: Program,
    terminal: Terminal<TestBackend>,
}

impl Console {
    fn with_credentials(count: usize) -> Console {
        let mut store = Seed::Empty.load().expect("the empty seed loads");
        Generate {
            count,
            service: Service::Sqs,
            region: Region::FrPar,
        }
        .apply(&mut store);
        let session = Session::new("bench", store.api_keys[0].default_project_id.clone());
        let state = State::new(session, Region::FrPar);
        let mut program = Program::new(state, Size::new(WIDTH, HEIGHT));
        let list = program
            .key(&press(KeyCode::Char('2')))
            .effects
            .iter()
            .find_map(|effect| match effect {
                Effect::Api(id, ApiCall::ListCredentials { .. }) => Some(*id),
                _ => None,
            })
            .expect("opening Queues lists its credentials");
        let rows = std::mem::take(&mut store.sqs_credentials);
        assert_eq!(rows.len(), count);
        let _ = program.answer(list, ApiAnswer::Credentials(Ok(rows)));
        let mut console = Console {
            program,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal"),
        };
        console.draw();
        console
    }

    /// What the event loop does for one key: the program takes it, then the frame is drawn.
    fn key(&mut self, code: KeyCode) {
        let outcome = self.program.key(&press(code));
        assert!(outcome.redraw, "{code:?} does something here");
        let _ = black_box(outcome);
        self.draw();
    }

    fn draw(&mut self) {
        let state = self.program.state();
        self.terminal
            .draw(|frame| ui::render(state, frame))
            .expect("a test terminal draws");
    }

    fn visible(&self) -> usize {
        match &self.program.state().screen {
            Screen::Service(page) => page.credentials.shown().visible().len(),
            _ => 0,
        }
    }
}

fn press(code: KeyCode) -> Key {
    Key::new(code, KeyModifiers::NONE)
}

const MOVE: &str = "key Down-Up + frame";
const FILTER: &str = "filter keystroke + frame, 100000 rows";
const SORT: &str = "sort keystroke + frame, 100000 rows";

fn move_selection(c: &mut Criterion) {
    let mut group = c.benchmark_group(MOVE);
    for count in [100, 100_000] {
        let mut console = Console::with_credentials(count);
        let mut down = true;
        group.bench_function(count.to_string(), |b| {
            b.iter_custom(|iterations| {
                let start = support::thread_cpu_time();
                for _ in 0..iterations {
                    console.key(if down { KeyCode::Down } else { KeyCode::Up });
                    down = !down;
                }
                support::thread_cpu_time() - start
            })
        });
    }
    group.finish();
}

/// Typing a character in the filter narrows 100,000 rows to the matching ones; deleting it
/// widens them again. Each is timed on its own (the other one undoes it between iterations),
/// after an empty filter and after "ship".
fn filter_keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group(FILTER);
    let mut console = Console::with_credentials(100_000);
    console.key(KeyCode::Char('/'));
    for before in ["", "ship"] {
        let after = if before.is_empty() { "nothing" } else { before };
        for c in before.chars() {
            console.key(KeyCode::Char(c));
        }
        let type_p = || KeyCode::Char('p');
        let delete = || KeyCode::Backspace;
        group.bench_function(format!("type p after {after}"), |b| {
            b.iter_custom(|iterations| alternate(&mut console, iterations, type_p, delete))
        });
        // What was timed filtered for real: some rows match, not all and not none.
        console.key(type_p());
        let matching = console.visible();
        assert!(0 < matching && matching < 100_000, "{matching} rows match");
        group.bench_function(format!("delete it, back to {after}"), |b| {
            b.iter_custom(|iterations| alternate(&mut console, iterations, delete, type_p))
        });
        for _ in 0..=before.len() {
            console.key(delete());
        }
    }
    group.finish();
}

/// `s` sorts 100,000 rows by the next key (name, created, updated, in turn): each press sorts
/// them all anew.
fn sort_keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group(SORT);
    let mut console = Console::with_credentials(100_000);
    group.bench_function("s", |b| {
        b.iter_custom(|iterations| {
            let start = support::thread_cpu_time();
            for _ in 0..iterations {
                console.key(KeyCode::Char('s'));
            }
            support::thread_cpu_time() - start
        })
    });
    group.finish();
}

/// Presses `timed` then `untimed`, `iterations` times; returns the time `timed` took.
fn alternate(
    console: &mut Console,
    iterations: u64,
    timed: impl Fn() -> KeyCode,
    untimed: impl Fn() -> KeyCode,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        let start = support::thread_cpu_time();
        console.key(timed());
        total += support::thread_cpu_time() - start;
        console.key(untimed());
    }
    total
}

/// The cost of moving the selection with 100,000 credentials over its cost with 100, timed in
/// alternating rounds on both consoles. Criterion times one after the other, several seconds
/// apart, and on a shared machine the two medians then see different neighbours: their ratio
/// swung between 0.8× and 1.7× while the instructions per key were the same for both sizes
/// (3.93 million, valgrind's cachegrind). Alternating rounds see the same machine.
fn interleaved_move_ratio() -> f64 {
    const ROUNDS: usize = 31;
    const KEYS: usize = 50;
    let mut consoles = [100, 100_000].map(Console::with_credentials);
    let mut rounds = [(); 2].map(|()| Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        for (console, times) in consoles.iter_mut().zip(&mut rounds) {
            let start = support::thread_cpu_time();
            for _ in 0..KEYS / 2 {
                console.key(KeyCode::Down);
                console.key(KeyCode::Up);
            }
            times.push(support::thread_cpu_time() - start);
        }
    }
    let [few, many] = rounds.map(|mut times| {
        times.sort();
        times[ROUNDS / 2]
    });
    many.as_secs_f64() / few.as_secs_f64()
}

criterion_group!(benches, move_selection, filter_keystroke, sort_keystroke);

fn main() {
    let medians = support::Medians::start();
    benches();
    Criterion::default().configure_from_args().final_summary();

    support::heading("cargo bench --bench console");
    let one_ms = Duration::from_millis(1);
    let moves = [100, 100_000].map(|count| medians.get(MOVE, &count.to_string()));
    for (count, median) in [100, 100_000].iter().zip(moves) {
        if let Some(median) = median {
            let what = format!("key Down/Up + frame, {count} credentials");
            support::line(&what, support::ms(median), "< 1 ms", median < one_ms);
        }
    }
    if let [Some(few), Some(many)] = moves {
        let ratio = many.as_secs_f64() / few.as_secs_f64();
        let figure = format!("{ratio:.2}×");
        support::line(
            "  100,000 credentials / 100, criterion",
            figure,
            "≤ 1.5×",
            ratio <= 1.5,
        );
        let ratio = interleaved_move_ratio();
        support::line(
            "  100,000 credentials / 100, interleaved",
            format!("{ratio:.2}×"),
            "≤ 1.5×",
            ratio <= 1.5,
        );
    }
    for after in ["nothing", "ship"] {
        for what in [
            format!("type p after {after}"),
            format!("delete it, back to {after}"),
        ] {
            if let Some(median) = medians.get(FILTER, &what) {
                let label = format!("filter over 100,000 names: {what}");
                let five_ms = Duration::from_millis(5);
                support::line(&label, support::ms(median), "< 5 ms", median < five_ms);
            }
        }
    }
    if let Some(median) = medians.get(SORT, "s") {
        let fifty_ms = Duration::from_millis(50);
        support::line(
            "s: sort 100,000 credentials anew + frame",
            support::ms(median),
            "< 50 ms",
            median < fifty_ms,
        );
    }
}
