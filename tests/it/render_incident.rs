//! Snapshots of incident mode at 80×24 and 120×40 with the demo data: marked rows, the batch
//! revoke pop-up (asking for the count, refusing a wrong one, after a partial failure, without
//! colour), the quit question, a search's results and the journal.

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use ratatui::style::{Color, Modifier};
use tui_input::InputRequest;

use crate::support::fake_api::{answer, demo};
use crate::support::view::{draw, screen_lines};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, state: &mut State) {
    for (width, height) in SIZES {
        let terminal = draw(state, width, height);
        insta::assert_snapshot!(format!("{name}@{width}x{height}"), terminal.backend());
    }
}

/// The demo's Queues of fr-par, with credentials over 365 days old stale on 2026-11-29.
fn queues(theme: Theme) -> State {
    let store = demo();
    let session = Session {
        theme,
        stale_days: 365,
        ..Session::new("demo", store.api_keys[0].default_project_id.clone())
    };
    let mut state = State::new(session, Region::FrPar);
    state.today = jiff::civil::date(2026, 11, 29);
    let effects = update(&mut state, Command::GoToQueues);
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            update(&mut state, Event::Answer(id, answer(&call, &store)));
        }
    }
    state
}

fn type_in(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Event::Edit(InputRequest::InsertChar(c)));
    }
}

/// `/stale`, every stale row marked, `d`.
fn batch_of_stale(theme: Theme) -> State {
    let mut state = queues(theme);
    update(&mut state, Command::Filter);
    type_in(&mut state, "stale");
    update(&mut state, Command::Open);
    update(&mut state, Command::MarkAll);
    update(&mut state, Command::Revoke);
    state
}

/// The batch confirmed: its revokes.
fn send(state: &mut State) -> Vec<RequestId> {
    let count = match &state.popup {
        Some(Popup::BatchRevoke(batch)) => batch.items.len(),
        other => panic!("no batch: {other:?}"),
    };
    type_in(state, &count.to_string());
    update(state, Command::FocusNext);
    update(state, Command::Activate)
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::Api(id, ApiCall::Revoke(_)) => Some(id),
            _ => None,
        })
        .collect()
}

#[test]
fn marked_rows() {
    let mut state = queues(Theme::dark());
    update(&mut state, Command::Mark);
    update(&mut state, Command::Down);
    update(&mut state, Command::Down);
    update(&mut state, Command::Mark);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(
        screen.contains("● 2 marked"),
        "the frame and the footer say it: {screen}"
    );
    snapshot("marked_rows", &mut state);
}

#[test]
fn batch_revoke_asks_for_the_count() {
    let mut state = batch_of_stale(Theme::dark());
    snapshot("batch_revoke", &mut state);
}

#[test]
fn batch_revoke_refuses_a_wrong_count() {
    let mut state = batch_of_stale(Theme::dark());
    type_in(&mut state, "7");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(screen.contains("type 10 first"), "{screen}");
    snapshot("batch_revoke_wrong_count", &mut state);
}

#[test]
fn batch_revoke_after_a_partial_failure() {
    let mut state = batch_of_stale(Theme::dark());
    let sent = send(&mut state);
    for (index, id) in sent.iter().enumerate() {
        let answer = match index {
            2 => ApiAnswer::Revoked(Err(ApiError::Server {
                status: 503,
                message: "upstream connect error".into(),
            })),
            5 => ApiAnswer::Revoked(Err(ApiError::RateLimited { attempts: 4 })),
            // Still under way when drawn halfway.
            8 | 9 => continue,
            _ => ApiAnswer::Revoked(Ok(())),
        };
        update(&mut state, Event::Answer(*id, answer));
    }
    snapshot("batch_revoke_under_way", &mut state);
    for id in &sent[8..] {
        update(&mut state, Event::Answer(*id, ApiAnswer::Revoked(Ok(()))));
    }
    update(&mut state, Command::FocusNext);
    snapshot("batch_revoke_partly_failed", &mut state);
}

#[test]
fn no_color_batch_revoke_keeps_its_warning_focus_and_outcomes_visible() {
    let mut state = batch_of_stale(Theme::mono());
    let terminal = draw(&mut state, 80, 24);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset),
        "NO_COLOR draws no colour"
    );
    let reversed: String = buffer
        .content()
        .iter()
        .filter(|cell| cell.modifier.contains(Modifier::REVERSED))
        .map(|cell| cell.symbol())
        .collect();
    assert!(reversed.contains("[▶ Cancel ]"), "{reversed}");
    let screen = screen_lines(&terminal).join("\n");
    assert!(screen.contains("WARNING: irreversible"), "{screen}");
    insta::assert_snapshot!("no_color_batch_revoke@80x24", terminal.backend());

    let sent = send(&mut state);
    update(
        &mut state,
        Event::Answer(
            sent[0],
            ApiAnswer::Revoked(Err(ApiError::RateLimited { attempts: 4 })),
        ),
    );
    let terminal = draw(&mut state, 80, 24);
    let screen = screen_lines(&terminal).join("\n");
    assert!(screen.contains("✗ rate limited"), "{screen}");
    assert!(screen.contains("revoking…"), "{screen}");
    insta::assert_snapshot!("no_color_batch_revoke_sent@80x24", terminal.backend());
}

#[test]
fn quit_while_revoking() {
    let mut state = batch_of_stale(Theme::dark());
    send(&mut state);
    update(&mut state, Command::Quit);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(
        screen.contains("10 revokes are still under way"),
        "{screen}"
    );
    snapshot("quit_while_revoking", &mut state);
}

#[test]
fn quit_while_revoking_and_generating() {
    let mut state = queues(Theme::dark());
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Command::Generate);
    type_in(&mut state, "ci-new");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::Activate);
    update(&mut state, Command::ForceQuit);
    let screen = screen_lines(&draw(&mut state, 120, 40)).join("\n");
    assert!(
        screen.contains("2 changes are still under way: the revoke of orders-producer"),
        "{screen}"
    );
    snapshot("quit_while_revoking_and_generating", &mut state);
}

#[test]
fn found_and_not_found() {
    let mut state = queues(Theme::dark());
    update(&mut state, Command::FindFile);
    type_in(&mut state, "~/Downloads/orders.env");
    let effects = update(&mut state, Command::Activate);
    let Some(Effect::Api(id, _)) = effects.first() else {
        panic!("no search: {effects:?}");
    };
    let store = demo();
    let leaked = &store.sqs_credentials[1];
    let found = Found {
        leaked: Leaked::AccessKey {
            key: leaked.access_key.clone(),
            product: Some(Product::Queues),
        },
        regions: Region::ALL.to_vec(),
        projects: store
            .projects
            .iter()
            .map(|project| project.id.clone())
            .collect(),
        failed: vec![(
            Product::Queues,
            Region::NlAms,
            store.projects[2].id.clone(),
            ApiError::RateLimited { attempts: 4 },
        )],
        matches: vec![FoundCredentials {
            product: Product::Queues,
            region: leaked.region,
            project_id: leaked.project_id.clone(),
            id: leaked.id.clone(),
            name: leaked.name.clone(),
            key: leaked.access_key.clone(),
            account: None,
        }],
        account: None,
    };
    let mut nowhere = found.clone();
    nowhere.matches.clear();
    nowhere.failed.clear();
    let mut second = state.clone();
    update(
        &mut state,
        Event::Answer(*id, ApiAnswer::Found(Ok(Box::new(found)))),
    );
    snapshot("find_found", &mut state);
    update(
        &mut second,
        Event::Answer(*id, ApiAnswer::Found(Ok(Box::new(nowhere)))),
    );
    let screen = screen_lines(&draw(&mut second, 120, 40)).join("\n");
    assert!(screen.contains("Not found anywhere"), "{screen}");
    assert!(screen.contains("in 2 regions"), "{screen}");
    snapshot("find_not_found", &mut second);
}

#[test]
fn journal() {
    let mut state = queues(Theme::dark());
    update(&mut state, Command::Journal);
    let project_id = state.session.project_id.clone();
    let at = |text: &str| Timestamp(text.parse().expect("an instant"));
    let change = |kind: ChangeKind, name: &str, key: Option<&str>| Change {
        kind,
        product: Product::Queues,
        region: Region::FrPar,
        project_id: project_id.clone(),
        id: Some("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
        name: name.into(),
        key: key.map(str::to_owned),
    };
    let records = vec![
        Recorded {
            asked_at: at("2026-11-29T10:42:07Z"),
            profile: "demo".into(),
            source: "console".into(),
            change: change(
                ChangeKind::Revoke,
                "legacy-batch-2023",
                Some("SCWLEGACYBATCH000001"),
            ),
            outcome: ChangeOutcome::Asked,
        },
        Recorded {
            asked_at: at("2026-11-29T10:41:55Z"),
            profile: "demo".into(),
            source: "cli".into(),
            change: change(
                ChangeKind::Revoke,
                "ci-deployer",
                Some("SCWCIDEPLOYER0000001"),
            ),
            outcome: ChangeOutcome::Done { note: None },
        },
        Recorded {
            asked_at: at("2026-11-29T10:40:12Z"),
            profile: "demo".into(),
            source: "console".into(),
            change: change(
                ChangeKind::Update {
                    before: Version {
                        name: "grafana-reader".into(),
                        permissions: Permissions::new(false, true, false),
                    },
                    after: Version {
                        name: "grafana-reader".into(),
                        permissions: Permissions::new(false, true, true),
                    },
                },
                "grafana-reader",
                Some("SCWGRAFANAREADER0001"),
            ),
            outcome: ChangeOutcome::Failed("403 permissions_denied".into()),
        },
    ];
    update(&mut state, Event::JournalRead(Ok(records)));
    snapshot("journal", &mut state);
}
