//! The order of the lists (`s`, `S`), their stale rows and the filter's words, through the
//! pure `update`: actions in, what the list shows out.

use mnq_tui::api::model::*;
use mnq_tui::app::*;
use tui_input::InputRequest;

use crate::support::states::*;

fn at(date: &str) -> Timestamp {
    format!("{date}T12:00:00Z").parse().expect("a date")
}

/// Credentials created (and updated) on these dates.
fn dated(index: u32, name: &str, created: &str, updated: &str) -> ServiceCredentials {
    ServiceCredentials {
        created_at: Some(at(created)),
        updated_at: Some(at(updated)),
        ..credentials(index, name, Region::FrPar)
    }
}

/// The Queues credentials of fr-par, with these rows, on this day.
fn on_queues_with(rows: Vec<ServiceCredentials>, today: jiff::civil::Date) -> State {
    let mut state = State::new(session(false), Region::FrPar);
    state.today = today;
    let effects = update(&mut state, Command::GoToQueues);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    state
}

fn credentials_list(state: &State) -> &ListView<ServiceCredentials> {
    match &state.screen {
        Screen::Service(page) => &page.credentials,
        other => panic!("not on a service page: {other:?}"),
    }
}

/// The names of the visible rows, in order.
fn shown(state: &State) -> Vec<String> {
    let list = credentials_list(state);
    list.shown()
        .visible()
        .iter()
        .map(|index| list.rows()[*index].name.clone())
        .collect()
}

fn selected(state: &State) -> String {
    credentials_list(state)
        .selected_row()
        .map(|row| row.name.clone())
        .unwrap_or_default()
}

fn filter(state: &mut State, text: &str) {
    update(state, Command::Filter);
    type_text(state, text);
    update(state, Command::Open);
}

/// As the API lists them: by creation. `zeta` was updated last, `alpha` first.
fn three() -> Vec<ServiceCredentials> {
    vec![
        dated(1, "mid", "2026-01-01", "2026-06-01"),
        dated(2, "zeta", "2026-02-01", "2026-09-01"),
        dated(3, "alpha", "2026-03-01", "2026-03-01"),
    ]
}

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 29);

#[test]
fn s_cycles_name_created_updated_and_capital_s_reverses_keeping_the_selected_row() {
    let mut state = on_queues_with(three(), TODAY);
    assert_eq!(shown(&state), ["mid", "zeta", "alpha"], "the API's order");
    update(&mut state, Command::Down);
    assert_eq!(selected(&state), "zeta");

    for (key, expected) in [
        (SortKey::Updated, ["alpha", "mid", "zeta"]),
        (SortKey::Name, ["alpha", "mid", "zeta"]),
        (SortKey::Created, ["mid", "zeta", "alpha"]),
    ] {
        update(&mut state, Command::Sort);
        assert_eq!(credentials_list(&state).shown().sort().key, key);
        assert_eq!(shown(&state), expected, "by {key:?}");
        assert_eq!(selected(&state), "zeta", "the selection follows its row");
    }

    update(&mut state, Command::ReverseSort);
    assert_eq!(
        credentials_list(&state).shown().sort(),
        Sort {
            key: SortKey::Created,
            descending: true
        }
    );
    assert_eq!(shown(&state), ["alpha", "zeta", "mid"]);
    assert_eq!(selected(&state), "zeta");
    update(&mut state, Command::Sort);
    assert_eq!(
        shown(&state),
        ["zeta", "mid", "alpha"],
        "updated, still reversed"
    );
}

#[test]
fn the_sort_is_kept_across_a_reload() {
    let mut state = on_queues_with(three(), TODAY);
    update(&mut state, Command::Sort);
    update(&mut state, Command::Sort);
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let mut rows = three();
    rows.push(dated(4, "beta", "2026-04-01", "2026-04-01"));
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    assert_eq!(shown(&state), ["alpha", "beta", "mid", "zeta"]);
}

#[test]
fn the_keys_sort_the_nats_lists_too() {
    let mut state = on_nats_account(false);
    let names = |state: &State| match &state.screen {
        Screen::NatsAccount(page) => page
            .credentials
            .shown()
            .visible()
            .iter()
            .map(|index| page.credentials.rows()[*index].name.clone())
            .collect::<Vec<_>>(),
        other => panic!("not on an account: {other:?}"),
    };
    assert_eq!(names(&state), ["worker-1", "worker-2"]);
    update(&mut state, Command::Sort);
    update(&mut state, Command::Sort);
    update(&mut state, Command::ReverseSort);
    assert_eq!(names(&state), ["worker-2", "worker-1"], "by name, reversed");

    update(&mut state, Command::Back);
    let Screen::NatsAccounts(accounts) = &state.screen else {
        panic!("not on the accounts: {:?}", state.screen);
    };
    assert_eq!(
        accounts.shown().sort(),
        Sort::default(),
        "each list has its own order"
    );
    update(&mut state, Command::ReverseSort);
    let Screen::NatsAccounts(accounts) = &state.screen else {
        panic!("not on the accounts: {:?}", state.screen);
    };
    assert!(accounts.shown().sort().descending);
}

/// `old` is 91 days old on the 29th of November, `recent` 89, `undated` says nothing.
fn aged() -> Vec<ServiceCredentials> {
    vec![
        dated(1, "ci-old", "2026-08-30", "2026-08-30"),
        dated(2, "web-old", "2026-08-30", "2026-08-30"),
        dated(3, "ci-recent", "2026-09-01", "2026-09-01"),
        ServiceCredentials {
            created_at: None,
            ..credentials(4, "ci-undated", Region::FrPar)
        },
    ]
}

#[test]
fn rows_older_than_stale_days_before_today_are_stale_and_the_word_stale_keeps_them() {
    let mut state = on_queues_with(aged(), TODAY);
    assert_eq!(state.session.stale_days, DEFAULT_STALE_DAYS);
    let list = credentials_list(&state);
    let stale: Vec<bool> = (0..4).map(|index| list.shown().is_stale(index)).collect();
    assert_eq!(stale, [true, true, false, false]);

    filter(&mut state, "stale");
    assert_eq!(shown(&state), ["ci-old", "web-old"]);
    update(&mut state, Command::Back);
    filter(&mut state, "STALE ci-");
    assert_eq!(shown(&state), ["ci-old"]);
}

#[test]
fn the_stale_rows_follow_today_and_stale_days() {
    let mut state = on_queues_with(aged(), TODAY);
    filter(&mut state, "stale");
    assert_eq!(shown(&state), ["ci-old", "web-old"]);

    // Two days later, on the console's next input, `ci-recent` is 91 days old too.
    state.today = jiff::civil::date(2026, 12, 1);
    update(&mut state, Event::Tick);
    assert_eq!(shown(&state), ["ci-old", "web-old", "ci-recent"]);

    state.session.stale_days = 200;
    update(&mut state, Event::Tick);
    assert!(shown(&state).is_empty());

    state.session.stale_days = 0;
    update(&mut state, Event::Tick);
    assert!(shown(&state).is_empty(), "0 marks none");
    assert!(!credentials_list(&state).shown().has_stale_rows());
}

#[test]
fn the_cutoff_is_the_start_of_the_day_stale_days_before_today() {
    assert_eq!(
        stale_cutoff(TODAY, 90),
        Some("2026-08-31T00:00:00Z".parse().expect("an instant"))
    );
    assert_eq!(
        stale_cutoff(TODAY, 1),
        Some("2026-11-28T00:00:00Z".parse().expect("an instant"))
    );
    assert_eq!(stale_cutoff(TODAY, 0), None);
    assert_eq!(stale_cutoff(TODAY, u32::MAX), None, "older than any date");
}

#[test]
fn who_can_manage_is_one_filter_and_words_combine_with_text() {
    let with = |row: ServiceCredentials, write, read, manage| ServiceCredentials {
        permissions: Some(Permissions::new(write, read, manage)),
        ..row
    };
    let mut state = on_queues_with(
        vec![
            with(
                dated(1, "ci-deployer", "2024-01-01", "2024-01-01"),
                false,
                false,
                true,
            ),
            with(
                dated(2, "ci-reader", "2026-11-01", "2026-11-01"),
                false,
                true,
                false,
            ),
            with(
                dated(3, "admin", "2026-11-02", "2026-11-02"),
                true,
                true,
                true,
            ),
        ],
        TODAY,
    );
    for (text, expected) in [
        ("manage", vec!["ci-deployer", "admin"]),
        ("Read", vec!["ci-reader", "admin"]),
        ("read manage", vec!["admin"]),
        ("ci- manage", vec!["ci-deployer"]),
        ("stale MANAGE ci-", vec!["ci-deployer"]),
        ("write stale", vec![]),
    ] {
        filter(&mut state, text);
        assert_eq!(shown(&state), expected, "filter {text:?}");
        update(&mut state, Command::Back);
    }
}

#[test]
fn typing_a_word_letter_by_letter_switches_from_text_to_the_word() {
    let mut state = on_queues_with(aged(), TODAY);
    update(&mut state, Command::Filter);
    type_text(&mut state, "stal");
    assert!(shown(&state).is_empty(), "no name contains \"stal\"");
    update(&mut state, Event::Edit(InputRequest::InsertChar('e')));
    assert_eq!(shown(&state), ["ci-old", "web-old"]);
    update(&mut state, Event::Edit(InputRequest::DeletePrevChar));
    assert!(shown(&state).is_empty());
}
