//! Incident mode through the pure `update`: marks, the batch revoke pop-up (the typed count,
//! Cancel first, each item's outcome, a retry of the failed only), the question asked when
//! quitting while revokes are under way, finding a leaked file's credentials, the journal's
//! pop-up, and what every change is as the journal records it.

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;
use tui_input::InputRequest;

use crate::support::states::*;
use crate::support::view::{render, screen_lines};

fn page(state: &State) -> &ServicePage {
    match &state.screen {
        Screen::Service(page) => page,
        other => panic!("not on a service page: {other:?}"),
    }
}

fn names(state: &State) -> Vec<String> {
    page(state)
        .credentials
        .rows()
        .iter()
        .map(|row| row.name.clone())
        .collect()
}

fn marked(state: &State) -> Vec<String> {
    page(state)
        .credentials
        .marked_rows()
        .map(|row| row.name.clone())
        .collect()
}

fn batch(state: &State) -> &BatchRevoke {
    match &state.popup {
        Some(Popup::BatchRevoke(batch)) => batch,
        Some(Popup::Quit(question)) => match &question.over {
            Some(Popup::BatchRevoke(batch)) => batch,
            other => panic!("no batch under the question: {other:?}"),
        },
        other => panic!("no batch pop-up: {other:?}"),
    }
}

fn outcomes(state: &State) -> Vec<ItemOutcome> {
    batch(state)
        .items
        .iter()
        .map(|item| item.outcome.clone())
        .collect()
}

/// The three rows of `on_queues` marked, and the batch pop-up open for them.
fn batch_of_three() -> State {
    let mut state = on_queues(false);
    update(&mut state, Command::MarkAll);
    update(&mut state, Command::Revoke);
    state
}

/// Types `text` in the field that has the keyboard.
fn type_in(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Event::Edit(InputRequest::InsertChar(c)));
    }
}

/// Types the count, moves to the acting button and presses it; the revokes it sent.
fn confirm(state: &mut State, typed: &str) -> Vec<(RequestId, CredentialsRef)> {
    type_in(state, typed);
    update(state, Command::FocusNext);
    let effects = update(state, Command::Activate);
    revokes(&effects)
}

fn revokes(effects: &[Effect]) -> Vec<(RequestId, CredentialsRef)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Api(id, ApiCall::Revoke(credentials)) => Some((*id, credentials.clone())),
            _ => None,
        })
        .collect()
}

fn server_error() -> ApiError {
    ApiError::Server {
        status: 503,
        message: "upstream connect error".into(),
    }
}

// Marks

#[test]
fn space_marks_and_unmarks_the_selected_row() {
    let mut state = on_queues(false);
    update(&mut state, Command::Mark);
    update(&mut state, Command::Down);
    update(&mut state, Command::Down);
    update(&mut state, Command::Mark);
    assert_eq!(marked(&state), ["orders-producer", "billing-admin"]);
    update(&mut state, Command::Mark);
    assert_eq!(marked(&state), ["orders-producer"]);
}

#[test]
fn marks_survive_sorting_filtering_and_reloads_and_gone_rows_drop_out_with_a_note() {
    let mut state = on_queues(false);
    update(&mut state, Command::Mark);
    update(&mut state, Command::Last);
    update(&mut state, Command::Mark);
    assert_eq!(marked(&state), ["orders-producer", "billing-admin"]);

    // Created (the API's order), then updated, then name.
    update(&mut state, Command::Sort);
    update(&mut state, Command::Sort);
    assert_eq!(
        marked(&state),
        ["billing-admin", "orders-producer"],
        "sorted by name, the same rows"
    );
    update(&mut state, Command::Filter);
    type_in(&mut state, "consumer");
    update(&mut state, Command::Open);
    assert_eq!(page(&state).credentials.shown().visible().len(), 1);
    assert_eq!(
        page(&state).credentials.marked_count(),
        2,
        "hidden, still marked"
    );
    update(&mut state, Command::Back);

    // Someone revoked billing-admin meanwhile: the reload no longer has it.
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let rows = vec![
        credentials(1, "orders-producer", Region::FrPar),
        credentials(2, "orders-consumer", Region::FrPar),
    ];
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    assert_eq!(marked(&state), ["orders-producer"]);
    let note = state.toast.clone().expect("a note");
    assert_eq!(note, Notice::MarksGone { gone: 1, left: 1 });
    assert_eq!(
        ui::words::notice(&note),
        "1 marked credential no longer listed (revoked elsewhere?): unmarked; 1 still marked"
    );
}

#[test]
fn mark_all_marks_what_the_filter_shows_and_again_unmarks_them() {
    let mut state = on_queues(false);
    update(&mut state, Command::Filter);
    type_in(&mut state, "orders");
    update(&mut state, Command::Open);
    update(&mut state, Command::MarkAll);
    assert_eq!(marked(&state), ["orders-producer", "orders-consumer"]);
    update(&mut state, Command::MarkAll);
    assert!(marked(&state).is_empty());
}

#[test]
fn read_only_marks_nothing_and_says_so() {
    let mut state = on_queues(true);
    for command in [Command::Mark, Command::MarkAll] {
        state.toast = None;
        update(&mut state, command);
        assert_eq!(state.toast, Some(Notice::ReadOnly), "{command:?}");
    }
    assert!(marked(&state).is_empty());
}

// The batch pop-up

#[test]
fn d_with_marks_opens_one_pop_up_for_all_of_them_with_cancel_focused() {
    let mut state = on_queues(false);
    update(&mut state, Command::Mark);
    update(&mut state, Command::Last);
    update(&mut state, Command::Mark);
    let effects = update(&mut state, Command::Revoke);
    assert!(effects.is_empty());
    let batch = batch(&state);
    let targets: Vec<(&str, &str)> = batch
        .items
        .iter()
        .map(|item| (item.target.name.as_str(), item.target.key.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("orders-producer", "AK000000000000000001"),
            ("billing-admin", "AK000000000000000003")
        ]
    );
    assert!(matches!(
        batch.stage,
        BatchStage::Confirming {
            focus: Choice::Cancel,
            ..
        }
    ));
    assert_eq!(state.context(), Context::BatchConfirm);

    // Enter on Cancel, or Esc, closes it and sends nothing.
    assert!(update(&mut state, Command::Activate).is_empty());
    assert!(state.popup.is_none());
    update(&mut state, Command::Revoke);
    assert!(update(&mut state, Command::Back).is_empty());
    assert!(state.popup.is_none());
    assert_eq!(marked(&state).len(), 2, "cancelling keeps the marks");
}

#[test]
fn one_marked_credential_gets_the_usual_revoke_question() {
    let mut state = on_queues(false);
    update(&mut state, Command::Down);
    update(&mut state, Command::Mark);
    update(&mut state, Command::First);
    update(&mut state, Command::Revoke);
    let Some(Popup::Revoke { target, .. }) = &state.popup else {
        panic!("no revoke question: {:?}", state.popup);
    };
    assert_eq!(
        target.name, "orders-consumer",
        "the marked one, not the selected one"
    );
}

#[test]
fn the_revoke_button_does_nothing_until_the_count_is_typed() {
    let mut state = batch_of_three();
    assert!(
        confirm(&mut state, "2").is_empty(),
        "a wrong count sends nothing"
    );
    let BatchStage::Confirming { focus, tried, .. } = &batch(&state).stage else {
        panic!("sent: {:?}", batch(&state).stage);
    };
    assert_eq!((*focus, *tried), (Choice::Confirm, true));
    assert!(!batch(&state).is_confirmed());
    // An empty field does not confirm either.
    update(&mut state, Event::Edit(InputRequest::DeletePrevChar));
    assert!(update(&mut state, Command::Activate).is_empty());

    type_in(&mut state, "3");
    assert!(batch(&state).is_confirmed());
    let effects = update(&mut state, Command::Activate);
    let sent = revokes(&effects);
    assert_eq!(sent.len(), 3);
    let ids: std::collections::HashSet<RequestId> = sent.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 3, "each its own request");
    assert!(
        outcomes(&state)
            .iter()
            .all(|outcome| matches!(outcome, ItemOutcome::Revoking(_)))
    );
    let credentials = &page(&state).credentials;
    assert!(
        credentials
            .rows()
            .iter()
            .all(|row| credentials.is_revoking(&row.id))
    );
    assert_eq!(names(&state).len(), 3, "nothing removed before the answers");
    assert_eq!(state.context(), Context::BatchRevoke);
}

#[test]
fn the_word_revoke_confirms_too() {
    let mut state = batch_of_three();
    assert_eq!(confirm(&mut state, "ReVoKe").len(), 3);
}

#[test]
fn each_answer_shows_on_its_row_and_only_the_failed_are_retried() {
    let mut state = batch_of_three();
    let sent = confirm(&mut state, "3");
    let [(first, _), (second, second_ref), (third, _)] = &sent[..] else {
        panic!("{sent:?}");
    };
    update(
        &mut state,
        Event::Answer(*first, ApiAnswer::Revoked(Ok(()))),
    );
    assert!(
        update(&mut state, Command::Activate).is_empty(),
        "no button acts while answers are due"
    );
    assert!(
        matches!(state.popup, Some(Popup::BatchRevoke(_))),
        "Esc does not close it yet"
    );
    update(
        &mut state,
        Event::Answer(*second, ApiAnswer::Revoked(Err(server_error()))),
    );
    let not_found = ApiError::NotFound {
        resource: "sqs_credentials".into(),
        resource_id: "3".into(),
    };
    update(
        &mut state,
        Event::Answer(*third, ApiAnswer::Revoked(Err(not_found))),
    );
    assert_eq!(
        outcomes(&state),
        [
            ItemOutcome::Revoked,
            ItemOutcome::Failed(server_error()),
            ItemOutcome::AlreadyGone
        ]
    );
    assert_eq!(names(&state), ["orders-consumer"], "the gone rows go");
    assert_eq!(
        marked(&state),
        ["orders-consumer"],
        "the failed one stays marked"
    );
    assert!(batch(&state).is_finished());
    assert!(!state.is_busy());

    // Retry sends the failed one only.
    update(&mut state, Command::FocusNext);
    let retried = revokes(&update(&mut state, Command::Activate));
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].1, *second_ref);
    update(
        &mut state,
        Event::Answer(retried[0].0, ApiAnswer::Revoked(Ok(()))),
    );
    assert_eq!(
        outcomes(&state),
        [
            ItemOutcome::Revoked,
            ItemOutcome::Revoked,
            ItemOutcome::AlreadyGone
        ]
    );
    // Nothing failed: the acting button is gone, and Enter closes.
    assert!(update(&mut state, Command::FocusNext).is_empty());
    assert!(update(&mut state, Command::Activate).is_empty());
    assert!(state.popup.is_none());
    assert!(names(&state).is_empty());
    assert!(marked(&state).is_empty());
}

#[test]
fn a_lost_answer_is_retried_and_the_revoke_that_happened_answers_already_gone() {
    let mut state = batch_of_three();
    let sent = confirm(&mut state, "3");
    let lost = ApiError::OutcomeUnknown {
        target: "DELETE /mnq/v1beta1/regions/fr-par/sqs-credentials/…".into(),
        cause: "connection closed".into(),
    };
    for (index, (id, _)) in sent.iter().enumerate() {
        let answer = if index == 0 {
            ApiAnswer::Revoked(Err(lost.clone()))
        } else {
            ApiAnswer::Revoked(Ok(()))
        };
        update(&mut state, Event::Answer(*id, answer));
    }
    assert_eq!(
        ui::words::short_error(&lost),
        "answer lost: may be done",
        "the row says it may have happened"
    );
    update(&mut state, Command::FocusNext);
    let retried = revokes(&update(&mut state, Command::Activate));
    assert_eq!(retried.len(), 1, "only the one whose answer was lost");
    update(
        &mut state,
        Event::Answer(
            retried[0].0,
            ApiAnswer::Revoked(Err(ApiError::NotFound {
                resource: "sqs_credentials".into(),
                resource_id: "1".into(),
            })),
        ),
    );
    assert_eq!(outcomes(&state)[0], ItemOutcome::AlreadyGone);
}

#[test]
fn every_revoke_of_a_batch_is_a_change_for_the_journal() {
    let mut state = batch_of_three();
    let sent = confirm(&mut state, "3");
    let changes: Vec<Change> = sent
        .iter()
        .map(|(id, _)| state.requests.change(*id).cloned().expect("journalled"))
        .collect();
    assert_eq!(
        changes[0],
        Change {
            kind: ChangeKind::Revoke,
            product: Product::Queues,
            region: Region::FrPar,
            project_id: ProjectId(PROJECT.into()),
            id: Some(credentials(1, "", Region::FrPar).id.to_string()),
            name: "orders-producer".into(),
            key: Some("AK000000000000000001".into()),
        }
    );
}

// Quitting while revoking

#[test]
fn quitting_while_revoking_asks_first_and_waiting_goes_back() {
    let mut state = batch_of_three();
    let sent = confirm(&mut state, "3");
    let effects = update(&mut state, Command::Quit);
    assert!(!effects.contains(&Effect::Quit), "asks first");
    assert!(
        matches!(&state.popup, Some(Popup::Quit(question)) if question.focus == Choice::Cancel)
    );
    assert_eq!(state.context(), Context::Quit);
    assert_eq!(state.requests.changes_under_way().len(), 3);

    // An answer arriving meanwhile reaches the batch under the question.
    update(
        &mut state,
        Event::Answer(sent[0].0, ApiAnswer::Revoked(Ok(()))),
    );
    assert_eq!(outcomes(&state)[0], ItemOutcome::Revoked);
    assert_eq!(state.requests.changes_under_way().len(), 2);

    update(&mut state, Command::Back);
    assert!(
        matches!(state.popup, Some(Popup::BatchRevoke(_))),
        "Wait gives the batch back"
    );

    update(&mut state, Command::Quit);
    update(&mut state, Command::FocusNext);
    assert_eq!(update(&mut state, Command::Activate), [Effect::Quit]);
}

#[test]
fn ctrl_c_asks_too_and_a_second_one_quits() {
    let mut state = on_queues(false);
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    assert!(update(&mut state, Command::ForceQuit).is_empty());
    assert!(matches!(state.popup, Some(Popup::Quit(_))));
    assert_eq!(update(&mut state, Command::ForceQuit), [Effect::Quit]);
}

#[test]
fn with_nothing_under_way_quit_quits() {
    let mut state = on_queues(false);
    assert_eq!(update(&mut state, Command::Quit), [Effect::Quit]);
}

// Finding a leaked file's credentials

fn found(matches: Vec<FoundCredentials>) -> Box<Found> {
    Box::new(Found {
        leaked: Leaked::AccessKey {
            key: "AK000000000000000002".into(),
            product: None,
        },
        regions: Region::ALL.to_vec(),
        projects: vec![ProjectId(PROJECT.into())],
        failed: Vec::new(),
        matches,
        account: None,
    })
}

fn found_credentials(index: u32, name: &str, region: Region) -> FoundCredentials {
    let row = credentials(index, name, region);
    FoundCredentials {
        product: Product::Queues,
        region,
        project_id: row.project_id,
        id: row.id,
        name: row.name,
        key: row.access_key,
        account: None,
    }
}

/// `f`, a path, Enter: the search it sends.
fn search(state: &mut State, path: &str) -> RequestId {
    update(state, Command::FindFile);
    assert_eq!(state.context(), Context::FindFile);
    type_in(state, path);
    let effects = update(state, Command::Activate);
    let [
        ApiCall::FindFile {
            path: sent,
            projects,
        },
    ] = &api_calls(&effects)[..]
    else {
        panic!("no search: {effects:?}");
    };
    assert_eq!(sent, path);
    assert_eq!(*projects, [ProjectId(PROJECT.into())]);
    call_id(&effects, |call| matches!(call, ApiCall::FindFile { .. }))
}

#[test]
fn a_found_leak_is_shown_in_its_own_region_and_list() {
    let mut state = on_queues(false);
    let id = search(&mut state, "~/leaked.env");
    let leaked = found_credentials(2, "orders-consumer", Region::NlAms);
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Found(Ok(found(vec![leaked])))),
    );
    assert_eq!(state.context(), Context::Found);
    let effects = update(&mut state, Command::Open);
    assert!(state.popup.is_none());
    assert_eq!(state.region, Region::NlAms);
    assert!(
        api_calls(&effects).contains(&&ApiCall::ListCredentials {
            service: Service::Sqs,
            region: Region::NlAms,
            project_id: ProjectId(PROJECT.into()),
        }),
        "{effects:?}"
    );
    assert_eq!(
        page(&state).credentials.shown().filter().text(),
        "AK000000000000000002",
        "filtered by the leaked key"
    );
}

#[test]
fn found_credentials_are_revoked_from_the_search_asking_first() {
    let mut state = on_queues(false);
    let id = search(&mut state, "leaked.env");
    let matches = vec![
        found_credentials(2, "orders-consumer", Region::FrPar),
        found_credentials(7, "orders-consumer-ams", Region::NlAms),
    ];
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Found(Ok(found(matches)))),
    );
    assert!(update(&mut state, Command::Revoke).is_empty());
    let regions: Vec<Region> = batch(&state)
        .items
        .iter()
        .map(|item| item.target.region)
        .collect();
    assert_eq!(
        regions,
        [Region::FrPar, Region::NlAms],
        "each in its own region"
    );
}

#[test]
fn read_only_finds_but_does_not_revoke_and_says_so() {
    let mut state = on_queues(true);
    let id = search(&mut state, "leaked.env");
    let matches = vec![found_credentials(2, "orders-consumer", Region::FrPar)];
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Found(Ok(found(matches)))),
    );
    assert!(update(&mut state, Command::Revoke).is_empty());
    assert_eq!(state.context(), Context::Found, "the search stays open");
    assert_eq!(state.toast, Some(Notice::ReadOnly));
}

#[test]
fn a_file_that_tells_nothing_says_why_and_can_be_typed_again() {
    let mut state = on_queues(false);
    let id = search(&mut state, "notes.txt");
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Found(Err("notes.txt is neither…".into()))),
    );
    assert!(matches!(
        &state.popup,
        Some(Popup::Find(find)) if find.status == FindStatus::BadFile("notes.txt is neither…".into())
    ));
    assert_eq!(state.context(), Context::FindFile);
}

#[test]
fn closing_the_search_cancels_it() {
    let mut state = on_queues(false);
    let id = search(&mut state, "leaked.env");
    assert_eq!(update(&mut state, Command::Back), [Effect::Cancel(id)]);
    assert!(!state.is_busy());
}

// The journal

#[test]
fn j_reads_the_journal_and_shows_it() {
    let mut state = on_queues(false);
    assert_eq!(update(&mut state, Command::Journal), [Effect::ReadJournal]);
    assert_eq!(state.context(), Context::Journal);
    update(&mut state, Event::JournalRead(Ok(Vec::new())));
    assert!(matches!(
        &state.popup,
        Some(Popup::Journal(view)) if view.records == Some(Ok(Vec::new()))
    ));
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
}

#[test]
fn a_journal_that_cannot_be_written_is_said_in_the_footer() {
    let mut state = on_queues(false);
    update(
        &mut state,
        Event::JournalUnwritable("Permission denied (os error 13)".into()),
    );
    let note = state.toast.clone().expect("a note");
    assert_eq!(
        ui::words::notice(&note),
        "the journal cannot be written (Permission denied (os error 13)): changes go on, \
         unrecorded"
    );
}

#[test]
fn an_update_is_journalled_with_before_and_after() {
    let mut state = on_queues(false);
    update(&mut state, Command::Update);
    type_in(&mut state, "-v2");
    let effects = update(&mut state, Command::Activate);
    let id = call_id(&effects, |call| {
        matches!(call, ApiCall::UpdateCredentials { .. })
    });
    let change = state.requests.change(id).expect("journalled");
    let ChangeKind::Update { before, after } = &change.kind else {
        panic!("{change:?}");
    };
    assert_eq!(
        (before.name.as_str(), after.name.as_str()),
        ("orders-producer", "orders-producer-v2")
    );
    assert_eq!(change.name, "orders-producer");
    assert_eq!(change.key.as_deref(), Some("AK000000000000000001"));
}

#[test]
fn quitting_while_an_update_or_new_credentials_are_under_way_asks_too_naming_them() {
    let mut state = on_queues(false);
    // An update sent: its answer is not in yet. Ctrl-C, as `q` types in the form.
    update(&mut state, Command::Update);
    type_text(&mut state, "-renamed");
    let sent = update(&mut state, Command::Activate);
    assert!(
        sent.iter().any(|e| matches!(e, Effect::Api(..))),
        "{sent:?}"
    );
    assert!(
        update(&mut state, Command::ForceQuit).is_empty(),
        "asks first"
    );
    let screen = screen_lines(&render(&state, ratatui::layout::Size::new(120, 40))).join("\n");
    assert!(
        screen.contains("Quit while changes are under way?"),
        "{screen}"
    );
    assert!(
        screen.contains("1 change is still under way: the update of orders-producer."),
        "{screen}"
    );
    assert!(
        !screen.contains("secret"),
        "no secret is at stake: {screen}"
    );
    // Wait gives the form back, still sending.
    update(&mut state, Command::Back);
    assert!(matches!(state.popup, Some(Popup::Form(_))));

    // New credentials asked for: their secret would be lost.
    let mut state = on_queues(false);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-new");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::Activate);
    assert!(
        update(&mut state, Command::ForceQuit).is_empty(),
        "asks first"
    );
    let screen = screen_lines(&render(&state, ratatui::layout::Size::new(120, 40))).join("\n");
    assert!(screen.contains("new credentials ci-new"), "{screen}");
    assert!(
        screen.contains("New credentials come with their secret, shown once: quitting"),
        "{screen}"
    );
    update(&mut state, Command::FocusNext);
    assert_eq!(update(&mut state, Command::Activate), [Effect::Quit]);
}
