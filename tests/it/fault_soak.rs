//! The fault soak: the console's program (`Program`) and the real worker against an emulator that is
//! slow (up to 500 ms) and fails about one request in five (429, 503, dropped connections).
//! A random user browses, switches regions, updates, revokes and cancels. Afterwards:
//! - every revoke the user confirmed happened exactly once, or was shown as failed;
//! - no credential the user did not confirm was deleted;
//! - after a reload, every list on screen equals the emulator's data.
//!
//! CI-sized by default; `MNQ_SOAK_STEPS=5000 cargo nextest run --test it fault_soak` runs
//! longer.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use mnq_tui::emulator::{EmulatorOptions, FaultConfig, Seed, Store};
use mnq_tui::{ui, worker};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use tokio::sync::mpsc;

use crate::support;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// What the user confirmed and what came of it.
#[derive(Default)]
struct Ledger {
    revokes_sent: HashMap<RequestId, CredentialsRef>,
    revoked: HashSet<CredentialsId>,
    revokes_ok: u32,
    revokes_already: u32,
    revokes_failed: u32,
    updates_sent: u32,
    updates_ok: u32,
    updates_failed: u32,
    /// Credentials an update confirmed renaming to a soak name.
    renamed: HashSet<CredentialsId>,
    calls: u32,
    cancels: u32,
    keys: u32,
    problems: Vec<String>,
}

struct Driver {
    program: Program,
    orders: mpsc::Sender<worker::Order>,
    answers: mpsc::Receiver<(RequestId, ApiAnswer)>,
    terminal: Terminal<TestBackend>,
    ledger: Ledger,
    rng: fastrand::Rng,
}

fn key(code: KeyCode) -> Key {
    Key::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

impl Driver {
    /// Applies a command the keymap already resolved, as the program does.
    async fn apply(&mut self, command: Command) {
        let outcome = self.program.apply(command);
        self.carry_out(outcome).await;
    }

    /// Sends the calls to the worker, noting the revokes and updates, then draws.
    async fn carry_out(&mut self, outcome: Outcome) {
        for effect in outcome.effects {
            let order = match effect {
                Effect::Api(id, call) => {
                    self.ledger.calls += 1;
                    match &call {
                        ApiCall::Revoke(target) => {
                            self.ledger.revokes_sent.insert(id, target.clone());
                        }
                        ApiCall::UpdateCredentials { .. } => self.ledger.updates_sent += 1,
                        _ => {}
                    }
                    worker::Order::Call(id, call)
                }
                Effect::Cancel(id) => {
                    self.ledger.cancels += 1;
                    worker::Order::Cancel(id)
                }
                Effect::Suspend
                | Effect::Quit
                | Effect::Copy(_)
                | Effect::Save(_)
                | Effect::ReadJournal => continue,
            };
            self.orders.send(order).await.expect("the worker runs");
        }
        let state = self.program.state();
        self.terminal
            .draw(|frame| ui::render(state, frame))
            .expect("a TestBackend cannot fail");
    }

    async fn press(&mut self, event: Key) {
        self.ledger.keys += 1;
        let outcome = self.program.key(&event);
        self.carry_out(outcome).await;
        self.take_answers().await;
    }

    /// Applies every answer already waiting, checking what the user is told about revokes.
    async fn take_answers(&mut self) {
        while let Ok((id, answer)) = self.answers.try_recv() {
            self.answer(id, answer).await;
        }
    }

    async fn answer(&mut self, id: RequestId, answer: ApiAnswer) {
        let revoke = self.ledger.revokes_sent.get(&id).cloned();
        let outcome = match &answer {
            ApiAnswer::Revoked(result) => Some(result.clone()),
            ApiAnswer::Updated(Ok(updated)) => {
                self.ledger.updates_ok += 1;
                if updated.name.starts_with("soak-") {
                    self.ledger.renamed.insert(updated.id.clone());
                }
                None
            }
            ApiAnswer::Updated(Err(_)) => {
                self.ledger.updates_failed += 1;
                None
            }
            _ => None,
        };
        let answered = self.program.answer(id, answer);
        self.carry_out(answered).await;
        let (Some(target), Some(outcome)) = (revoke, outcome) else {
            return;
        };
        match outcome {
            Ok(()) => {
                self.ledger.revokes_ok += 1;
                if !self.ledger.revoked.insert(target.id.clone()) {
                    self.ledger
                        .problems
                        .push(format!("{} was revoked twice", target.id));
                }
            }
            Err(ApiError::NotFound { .. }) => {
                self.ledger.revokes_already += 1;
                let told = matches!(
                    &self.program.state().toast,
                    Some(Notice::AlreadyRevoked(told)) if told.id == target.id
                );
                if !told {
                    self.ledger
                        .problems
                        .push(format!("a 404 on revoking {} was not explained", target.id));
                }
            }
            Err(error) => {
                self.ledger.revokes_failed += 1;
                // Shown, or waiting for the pop-up slot while another pop-up (a form being
                // sent) holds it.
                let state = self.program.state();
                let is_it = |failure: &Failure| {
                    matches!(failure, Failure { op: Operation::Revoke(shown), error: shown_error }
                        if shown.id == target.id && *shown_error == error)
                };
                let shown = matches!(state.popup.as_ref(), Some(Popup::Failure(failure)) if is_it(failure))
                    || state.waiting_failures.iter().any(is_it);
                if !shown {
                    self.ledger
                        .problems
                        .push(format!("the failed revoke of {} was not shown", target.id));
                }
            }
        }
    }

    /// Waits until no request is in flight, applying answers as they come.
    async fn settle(&mut self, within: Duration) {
        let deadline = Instant::now() + within;
        while self.program.state().is_busy() {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "requests still in flight after {within:?}");
            if let Ok(Some((id, answer))) = tokio::time::timeout(left, self.answers.recv()).await {
                self.answer(id, answer).await;
            }
        }
    }

    /// One random thing a user does: a single key, or a short sequence.
    fn random_gesture(&mut self) -> Vec<Key> {
        let rng = &mut self.rng;
        let name: String = format!("soak-{}", rng.u32(..100_000));
        match rng.u32(..100) {
            0..=21 => vec![
                [
                    ch('j'),
                    ch('k'),
                    ch('j'),
                    key(KeyCode::PageDown),
                    ch('G'),
                    ch('g'),
                ][rng.usize(..6)],
            ],
            22..=27 => vec![[ch('1'), ch('2'), ch('3'), ch('2'), ch('3')][rng.usize(..5)]],
            28..=32 => vec![key(KeyCode::Enter)],
            33..=35 => vec![key(KeyCode::Esc)],
            36..=38 => vec![key(KeyCode::Tab)],
            // Another region, or All regions (the last line of the dropdown).
            39..=43 => {
                let mut keys = vec![ch('r')];
                keys.extend(
                    [vec![ch('j')], vec![ch('k')], vec![ch('j'), ch('j')]][rng.usize(..3)].clone(),
                );
                keys.push(key(KeyCode::Enter));
                keys
            }
            // A confirmed revoke.
            44..=57 => vec![ch('d'), key(KeyCode::Tab), key(KeyCode::Enter)],
            // Revokes the user thinks better of.
            58..=62 => vec![ch('d'), key(KeyCode::Enter)],
            63..=65 => vec![ch('d'), key(KeyCode::Esc)],
            66..=67 => vec![
                ch('d'),
                key(KeyCode::Right),
                key(KeyCode::Left),
                key(KeyCode::Enter),
            ],
            // An update of the name, or of a permission.
            68..=76 => {
                let mut keys = vec![ch('u'), Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL)];
                keys.extend(name.chars().map(ch));
                keys.push(key(KeyCode::Enter));
                keys
            }
            77..=81 => vec![
                ch('u'),
                key(KeyCode::Tab),
                key(KeyCode::Tab),
                ch(' '),
                key(KeyCode::BackTab),
                key(KeyCode::BackTab),
                key(KeyCode::Enter),
            ],
            // An update abandoned.
            82..=83 => vec![
                ch('u'),
                ch('x'),
                key(KeyCode::Esc),
                key(KeyCode::Tab),
                key(KeyCode::Enter),
            ],
            84..=86 => vec![key(KeyCode::F(5))],
            87..=90 => vec![
                ch('/'),
                ch('o'),
                [key(KeyCode::Enter), key(KeyCode::Esc)][rng.usize(..2)],
            ],
            91..=92 => vec![ch('?'), key(KeyCode::Esc)],
            _ => vec![ch('.'), ch('j'), key(KeyCode::Esc)],
        }
    }

    /// Closes every pop-up (messages, forms, menus) the soak left open.
    async fn close_popups(&mut self) {
        for _ in 0..20 {
            match self.program.state().popup.as_ref() {
                None => return,
                Some(Popup::Form(form)) if form.discard.is_some() => {
                    self.press(key(KeyCode::Tab)).await;
                    self.press(key(KeyCode::Enter)).await;
                }
                Some(Popup::Form(form)) if form.submitting().is_some() => {
                    self.settle(Duration::from_secs(60)).await;
                }
                // New credentials (a rotate from the see-more menu): the soak writes no file,
                // so a save it asked for fails; closing asks first, and is confirmed.
                Some(Popup::Secret(secret)) if secret.save.as_ref().is_some_and(|s| s.saving) => {
                    let failed = SaveError::Failed("the soak writes no files".into());
                    let outcome = self.program.saved(Err(failed));
                    self.carry_out(outcome).await;
                }
                Some(Popup::Secret(secret)) if secret.question.is_some() => {
                    self.press(key(KeyCode::Tab)).await;
                    self.press(key(KeyCode::Enter)).await;
                }
                Some(_) => self.press(key(KeyCode::Esc)).await,
            }
        }
        panic!("pop-ups would not close: {:?}", self.program.state().popup);
    }

    /// Opens a product in a region and reloads until the list loads (faults are still on).
    async fn show(&mut self, product: Product, region: Region) {
        self.close_popups().await;
        let state = self.program.state();
        if state.region != region || state.all_regions {
            let index = Region::ALL.iter().position(|r| *r == region).unwrap_or(0);
            self.apply(Command::OpenRegions).await;
            for _ in 0..=Region::ALL.len() {
                self.apply(Command::Up).await;
            }
            for _ in 0..index {
                self.apply(Command::Down).await;
            }
            self.apply(Command::Open).await;
        }
        self.apply(Command::go_to(product)).await;
        self.settle_loaded().await;
    }

    async fn settle_loaded(&mut self) {
        for _ in 0..20 {
            self.settle(Duration::from_secs(60)).await;
            // A list, or a listing of a merged one, that failed.
            let failed = match &self.program.state().screen {
                Screen::Service(page) => {
                    page.credentials.parts().failure().is_some()
                        || page.credentials.parts().failed().next().is_some()
                }
                Screen::NatsAccounts(list) => {
                    list.parts().failure().is_some() || list.parts().failed().next().is_some()
                }
                Screen::NatsAccount(page) => page.credentials.parts().failure().is_some(),
                Screen::Products { .. } => false,
            };
            if !failed {
                self.close_popups().await;
                return;
            }
            self.close_popups().await;
            self.apply(Command::Reload).await;
        }
        panic!("the list would not load");
    }
}

fn rows_of_service(
    store: &Store,
    service: Service,
    region: Region,
    project: &ProjectId,
) -> Vec<(String, String, Permissions)> {
    let list = match service {
        Service::Sqs => &store.sqs_credentials,
        Service::Sns => &store.sns_credentials,
    };
    let mut rows: Vec<_> = list
        .iter()
        .filter(|c| c.region == region && c.project_id == *project)
        .map(|c| (c.id.to_string(), c.name.clone(), c.permissions()))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_faults_the_console_stays_correct_and_loses_nothing() {
    let steps: u32 = std::env::var("MNQ_SOAK_STEPS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("MNQ_SOAK_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(7);
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Demo),
        faults: FaultConfig {
            max_latency: Duration::from_millis(500),
            failure_rate: 0.2,
            seed,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    })
    .await;
    let before = emulator.snapshot();
    let key = emulator.api_key();
    let mut config = support::client::config_of(&emulator);
    config.request_timeout = Duration::from_secs(10);
    let client = support::client::build(config);
    let (answers_sender, answers) = mpsc::channel(worker::QUEUE);
    let orders = worker::spawn(client.clone(), answers_sender);
    let session = Session::new("soak", key.default_project_id.clone());
    let mut driver = Driver {
        program: Program::new(State::new(session, Region::FrPar), Size::new(WIDTH, HEIGHT)),
        orders,
        answers,
        terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
        ledger: Ledger::default(),
        rng: fastrand::Rng::with_seed(seed),
    };

    let started = Instant::now();
    for step in 0..steps {
        let gesture = driver.random_gesture();
        // After moving to another list, a person waits for it to show (or fail).
        let navigates = gesture.iter().any(|key| {
            matches!(
                key.code,
                KeyCode::Char('1' | '2' | '3' | 'r') | KeyCode::F(5) | KeyCode::Enter
            )
        }) && !gesture
            .iter()
            .any(|key| matches!(key.code, KeyCode::Char('d' | 'u')));
        for key in gesture {
            driver.press(key).await;
        }
        if navigates {
            driver.settle(Duration::from_secs(60)).await;
        }
        // A person takes a moment between gestures; answers arrive meanwhile.
        tokio::time::sleep(Duration::from_millis(driver.rng.u64(5..40))).await;
        driver.take_answers().await;
        if step % 50 == 49 {
            driver.settle(Duration::from_secs(60)).await;
        }
    }
    driver.settle(Duration::from_secs(60)).await;
    let soak_time = started.elapsed();

    // Nothing the user did not confirm was deleted; everything confirmed was sent once.
    let after = emulator.snapshot();
    let project = &key.default_project_id;
    let ids = |store: &Store| -> HashSet<String> {
        store
            .sqs_credentials
            .iter()
            .chain(&store.sns_credentials)
            .map(|c| c.id.to_string())
            .chain(store.nats_credentials.iter().map(|c| c.id.to_string()))
            .collect()
    };
    let confirmed: HashSet<String> = driver
        .ledger
        .revokes_sent
        .values()
        .map(|target| target.id.to_string())
        .collect();
    let deleted: Vec<String> = ids(&before).difference(&ids(&after)).cloned().collect();
    let mut mismatches = 0;
    for id in &deleted {
        if !confirmed.contains(id) {
            mismatches += 1;
            eprintln!("MISMATCH: {id} was deleted without a confirmed revoke");
        }
    }
    for id in &driver.ledger.revoked {
        if ids(&after).contains(id.as_str()) {
            mismatches += 1;
            eprintln!("MISMATCH: {id} was reported revoked but still exists");
        }
    }

    // After a reload, every list on screen equals the emulator's data.
    for service in Service::ALL {
        for region in Region::ALL {
            driver.show(service.product(), region).await;
            let Screen::Service(page) = &driver.program.state().screen else {
                panic!("not on {service:?}");
            };
            let mut shown: Vec<_> = page
                .credentials
                .rows()
                .iter()
                .map(|c| (c.id.to_string(), c.name.clone(), c.permissions()))
                .collect();
            shown.sort_by(|a, b| a.0.cmp(&b.0));
            let expected = rows_of_service(&emulator.snapshot(), service, region, project);
            if shown != expected {
                mismatches += 1;
                eprintln!("MISMATCH: {service:?} {region}: shown {shown:?}, emulator {expected:?}");
            }
        }
    }
    for region in Region::ALL {
        driver.show(Product::Nats, region).await;
        let Screen::NatsAccounts(accounts) = &driver.program.state().screen else {
            panic!("not on the NATS accounts");
        };
        for index in 0..accounts.rows().len() {
            driver.show(Product::Nats, region).await;
            for _ in 0..index {
                driver.apply(Command::Down).await;
            }
            driver.apply(Command::Open).await;
            driver.settle_loaded().await;
            let Screen::NatsAccount(page) = &driver.program.state().screen else {
                panic!("not on an account");
            };
            let mut shown: Vec<String> = page
                .credentials
                .rows()
                .iter()
                .map(|c| c.id.to_string())
                .collect();
            shown.sort();
            let mut expected: Vec<String> = emulator
                .snapshot()
                .nats_credentials
                .iter()
                .filter(|c| c.nats_account_id == page.account.id)
                .map(|c| c.id.to_string())
                .collect();
            expected.sort();
            if shown != expected {
                mismatches += 1;
                eprintln!(
                    "MISMATCH: NATS account {}: shown {shown:?}, emulator {expected:?}",
                    page.account.name
                );
            }
        }
    }

    let faults = emulator.fault_stats().expect("faults are on");
    let ledger = &driver.ledger;
    println!(
        "fault soak (seed {seed}): {} gestures, {} keys, {} API calls ({} cancelled) in {:.1} s; emulator saw {} \
         requests, injected {} faults ({} × 429, {} × 503, {} dropped); client retries {}; \
         revokes confirmed {} (done {}, already revoked {}, shown as failed {}); updates sent {} \
         (ok {}, failed {}); credentials deleted {}; problems {}; mismatches {}",
        steps,
        ledger.keys,
        ledger.calls,
        ledger.cancels,
        soak_time.as_secs_f64(),
        faults.requests.load(Ordering::Relaxed),
        faults.injected(),
        faults.rate_limited.load(Ordering::Relaxed),
        faults.unavailable.load(Ordering::Relaxed),
        faults.dropped.load(Ordering::Relaxed),
        client.stats().retries.load(Ordering::Relaxed),
        ledger.revokes_sent.len(),
        ledger.revokes_ok,
        ledger.revokes_already,
        ledger.revokes_failed,
        ledger.updates_sent,
        ledger.updates_ok,
        ledger.updates_failed,
        deleted.len(),
        ledger.problems.len(),
        mismatches,
    );
    assert!(ledger.problems.is_empty(), "{:#?}", ledger.problems);
    assert_eq!(mismatches, 0);
    assert!(
        ledger.revokes_sent.len() >= 5,
        "the soak confirmed too few revokes to mean anything"
    );
    // The soak must really have changed the emulator, not only sent requests.
    assert!(
        ledger.revokes_ok >= 1 && !deleted.is_empty(),
        "no revoke deleted anything in the emulator"
    );
    // Each credential an update renamed carries a soak name in the emulator, unless a revoke
    // took it since (a random run may revoke every one it renamed).
    let soak_named: HashSet<&CredentialsId> = after
        .sqs_credentials
        .iter()
        .chain(&after.sns_credentials)
        .filter(|c| c.name.starts_with("soak-"))
        .map(|c| &c.id)
        .collect();
    let still_listed = |id: &CredentialsId| ids(&after).contains(&id.to_string());
    let lost: Vec<&CredentialsId> = ledger
        .renamed
        .iter()
        .filter(|id| still_listed(id) && !soak_named.contains(id))
        .collect();
    assert!(ledger.updates_ok >= 1, "no update was confirmed");
    assert!(
        lost.is_empty(),
        "confirmed renames missing in the emulator: {lost:?}"
    );
    assert!(faults.injected() >= 10, "too few faults to mean anything");
}
