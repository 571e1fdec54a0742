//! The life of a credential through the pure core: Generate with the secret shown once, copy
//! and save it, Rotate, a create whose answer was lost, and the API's propagation delay. No
//! terminal, no network, no files: the effects say what the console would do.

use mnq_tui::api::ApiError;
use mnq_tui::api::model::*;
use mnq_tui::app::*;

use crate::support::states::*;

const SECRET: &str = "0f5b2a8e-6d1c-4c3b-9a7e-2b8d4f6a1c9e";

/// The create the console sent, and its id.
fn sent_create(effects: &[Effect]) -> (RequestId, ApiCall) {
    let creates: Vec<_> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Api(id, call) if call.is_mutation() => Some((*id, call.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(creates.len(), 1, "expected one create in {effects:?}");
    creates[0].clone()
}

/// What the API answers a Queues create: the credentials with their only secret.
fn created_credentials(index: u32, name: &str, permissions: Permissions) -> ServiceCredentials {
    ServiceCredentials {
        secret_key: Secret::new(SECRET),
        permissions: Some(permissions),
        ..credentials(index, name, Region::FrPar)
    }
}

fn secret_popup(state: &State) -> &SecretPopup {
    match open_popup(state) {
        Some(Popup::Secret(secret)) => secret,
        other => panic!("no secret pop-up: {other:?}"),
    }
}

/// The rows of the credentials list on screen: names, and whether each is "propagating…".
fn rows(state: &State) -> Vec<(String, bool)> {
    fn of<T: Row>(list: &ListView<T>) -> Vec<(String, bool)> {
        list.rows()
            .iter()
            .map(|row| (row.name().to_owned(), list.is_propagating(row.id())))
            .collect()
    }
    match &state.screen {
        Screen::Service(page) => of(&page.credentials),
        Screen::NatsAccount(page) => of(&page.credentials),
        other => panic!("no credentials list: {other:?}"),
    }
}

/// Generates Queues credentials named `name` with Write, and answers the create.
fn generate_queues(state: &mut State, name: &str) -> Vec<Effect> {
    update(state, Command::Generate);
    type_text(state, name);
    update(state, Command::FocusNext);
    update(state, Command::Toggle);
    for _ in 0..4 {
        update(state, Command::FocusNext);
    }
    assert_eq!(form(state).focus, Field::Submit);
    let (id, _) = sent_create(&update(state, Command::Activate));
    let answer = Created::Credentials(created_credentials(
        9,
        name,
        Permissions::new(true, false, false),
    ));
    update(state, Event::Answer(id, ApiAnswer::Created(Ok(answer))))
}

#[test]
fn generate_opens_an_empty_form_that_shows_its_problems_only_once_sent() {
    let mut state = on_queues(false);
    update(&mut state, Command::Generate);
    let new = form(&state);
    assert!(matches!(
        &new.purpose,
        FormPurpose::Generate {
            place: Place::Service {
                service: Service::Sqs,
                ..
            },
            replaces: None
        }
    ));
    assert_eq!(new.name.value(), "");
    assert_eq!(new.shown_problems(), Problems::default());
    let effects = update(&mut state, Command::Activate);
    assert!(effects.is_empty(), "nothing is sent: {effects:?}");
    let problems = form(&state).shown_problems();
    assert!(problems.name.is_some() && problems.permissions.is_some());
}

#[test]
fn generate_sends_the_name_and_permissions_and_shows_the_secret_once() {
    let mut state = on_queues(false);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-deploy");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::FocusPrevious);
    update(&mut state, Command::FocusPrevious);
    update(&mut state, Command::FocusPrevious);
    let (id, call) = sent_create(&update(&mut state, Command::Activate));
    assert_eq!(
        call,
        ApiCall::CreateCredentials {
            service: Service::Sqs,
            region: Region::FrPar,
            request: CreateServiceCredentialsRequest {
                project_id: ProjectId(PROJECT.into()),
                name: "ci-deploy".into(),
                permissions: Permissions::new(true, false, true),
            },
        }
    );
    assert_eq!(form(&state).submitting(), Some(id), "the form waits");
    let answer = Created::Credentials(created_credentials(
        9,
        "ci-deploy",
        Permissions::new(true, false, true),
    ));
    let effects = update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(answer))),
    );

    let secret = secret_popup(&state);
    let CreatedCredentials::Service {
        credentials,
        endpoint,
        ..
    } = &secret.created
    else {
        panic!("not Queues credentials: {:?}", secret.created);
    };
    assert_eq!(credentials.secret_key.expose(), SECRET);
    assert_eq!(endpoint, "https://sqs.mnq.fr-par.scaleway.com");
    // The new row is listed at once, without its secret, and marked until it reads back.
    assert_eq!(rows(&state).last(), Some(&("ci-deploy".to_owned(), true)));
    let Screen::Service(page) = &state.screen else {
        panic!("not on Queues");
    };
    assert!(
        page.credentials
            .rows()
            .iter()
            .all(|row| row.secret_key.is_empty())
    );
    let read_back_of = match api_calls(&effects).as_slice() {
        [ApiCall::ReadBack(CreatedRef::Credentials { id, .. })] => id.clone(),
        other => panic!("expected the read of the new credentials: {other:?}"),
    };
    assert_eq!(read_back_of, credentials.id);
    let read_back = call_id(&effects, |call| matches!(call, ApiCall::ReadBack(_)));
    update(
        &mut state,
        Event::Answer(read_back, ApiAnswer::ReadBack(Ok(()))),
    );
    assert_eq!(rows(&state).last(), Some(&("ci-deploy".to_owned(), false)));
    assert!(state.propagating.is_empty());
}

#[test]
fn the_secret_pop_up_closes_only_by_done_or_a_confirmed_esc() {
    let mut state = on_queues(false);
    generate_queues(&mut state, "ci-deploy");
    // Esc asks, with Cancel focused: Enter keeps the secret on screen.
    update(&mut state, Command::Back);
    assert_eq!(
        secret_popup(&state).question,
        Some(SecretQuestion::Close(Choice::Cancel))
    );
    update(&mut state, Command::Activate);
    assert_eq!(secret_popup(&state).question, None);
    // Esc on the question keeps it too.
    update(&mut state, Command::Back);
    update(&mut state, Command::Back);
    assert_eq!(secret_popup(&state).question, None);
    // Enter on a copy button copies, it does not close.
    assert_eq!(secret_popup(&state).focus, SecretButton::CopySecretKey);
    let effects = update(&mut state, Command::Activate);
    assert_eq!(
        effects,
        [Effect::Copy(Clip {
            what: Copied::SecretKey,
            text: Secret::new(SECRET),
        })]
    );
    assert_eq!(
        secret_popup(&state).note,
        Some(SecretNote::Copied(Copied::SecretKey))
    );
    // Done needs the focus: after Save and Test.
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    assert_eq!(secret_popup(&state).focus, SecretButton::Done);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());

    // Esc, then Close anyway, closes as well.
    generate_queues(&mut state, "ci-other");
    update(&mut state, Command::Back);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
}

#[test]
fn save_writes_the_env_file_asks_before_overwriting_and_keeps_the_secret_on_failure() {
    let mut state = on_queues(false);
    generate_queues(&mut state, "ci deploy/v2");
    update(&mut state, Command::FocusNext);
    assert_eq!(secret_popup(&state).focus, SecretButton::Save);
    update(&mut state, Command::Activate);
    assert_eq!(state.context(), Context::SavePath);
    let effects = update(&mut state, Command::Activate);
    let [Effect::Save(request)] = effects.as_slice() else {
        panic!("expected a save: {effects:?}");
    };
    assert_eq!(request.path, "ci-deploy-v2.env");
    assert!(!request.overwrite);
    assert_eq!(request.nats_context, None);
    let contents = request.contents.expose();
    for line in [
        "AWS_ACCESS_KEY_ID=AK000000000000000009\n",
        &format!("AWS_SECRET_ACCESS_KEY={SECRET}\n"),
        "AWS_DEFAULT_REGION=fr-par\n",
        "AWS_ENDPOINT_URL_SQS=https://sqs.mnq.fr-par.scaleway.com\n",
    ] {
        assert!(contents.contains(line), "{line:?} is not in the .env");
    }
    // Keys wait while the console writes.
    update(&mut state, Command::Back);
    assert!(secret_popup(&state).save.as_ref().is_some_and(|s| s.saving));

    // The file exists: asked, Cancel focused; Overwrite sends the save again, allowed to replace.
    let path = std::path::PathBuf::from("/work/ci-deploy-v2.env");
    update(
        &mut state,
        Event::Saved(Err(SaveError::Exists(path.clone()))),
    );
    assert_eq!(
        secret_popup(&state).question,
        Some(SecretQuestion::Overwrite(Choice::Cancel))
    );
    update(&mut state, Command::FocusNext);
    let effects = update(&mut state, Command::Activate);
    let [Effect::Save(request)] = effects.as_slice() else {
        panic!("expected a save: {effects:?}");
    };
    assert!(request.overwrite);

    // It fails: the error is said and the secret stays, with the path as typed.
    let denied = SaveError::Failed("/work/ci-deploy-v2.env: permission denied".into());
    update(&mut state, Event::Saved(Err(denied.clone())));
    let secret = secret_popup(&state);
    assert_eq!(secret.note, Some(SecretNote::SaveFailed(denied)));
    assert!(secret.save.as_ref().is_some_and(|save| !save.saving));
    assert!(secret.created.file_contents().expose().contains(SECRET));

    update(&mut state, Command::Activate);
    let saved = Saved {
        path,
        nats_context: None,
    };
    update(&mut state, Event::Saved(Ok(saved.clone())));
    let secret = secret_popup(&state);
    assert_eq!(secret.saved, [saved]);
    assert!(secret.save.is_none(), "the path field closes once saved");
}

#[test]
fn saving_again_starts_in_the_last_folder_with_the_nats_context_as_last_chosen() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-nats");
    let (id, _) = sent_create(&update(&mut state, Command::Activate));
    let made = NatsCredentials {
        credentials: Some(CredsFile {
            name: "ci-nats.creds".into(),
            content: Secret::new("-----BEGIN NATS USER JWT-----\neyJ0\n"),
        }),
        ..nats_credentials(9, "ci-nats")
    };
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::NatsCredentials(made)))),
    );
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    assert_eq!(secret_popup(&state).focus, SecretButton::Save);
    update(&mut state, Command::Activate);
    let save = |state: &State| secret_popup(state).save.clone().expect("the path field");
    assert_eq!(save(&state).path.value(), "orders-bus-ci-nats.creds");
    assert_eq!(save(&state).nats_context, Some(false));
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::Activate);
    let path = std::path::PathBuf::from("/home/ops/keys/ci.creds");
    let context = ("ci".to_owned(), path.with_file_name("ci.json"));
    update(
        &mut state,
        Event::Saved(Ok(Saved {
            path,
            nats_context: Some(context),
        })),
    );
    update(&mut state, Command::Activate);
    assert_eq!(
        save(&state).path.value(),
        "/home/ops/keys/orders-bus-ci-nats.creds"
    );
    assert_eq!(save(&state).nats_context, Some(true), "still ticked");
}

#[test]
fn a_multi_line_paste_keeps_its_words_apart_in_every_field() {
    let pasted = "ci\r\ndeploy\n";
    let mut state = on_queues(false);
    update(&mut state, Command::Filter);
    update(&mut state, Event::Paste(pasted.into()));
    let Screen::Service(page) = &state.screen else {
        panic!("not on Queues");
    };
    assert_eq!(page.credentials.shown().filter().text(), "ci deploy");
    update(&mut state, Command::Back);

    generate_queues(&mut state, "ci-deploy");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Event::Edit(tui_input::InputRequest::DeleteLine));
    update(&mut state, Event::Paste(pasted.into()));
    let save = secret_popup(&state).save.clone().expect("the path field");
    assert_eq!(save.path.value(), "ci deploy");

    let mut state = on_nats_account(false);
    update(&mut state, Command::Down);
    update(&mut state, Command::TestConnection);
    let Some(Popup::Connection(test)) = &state.popup else {
        panic!("no connection test: {:?}", state.popup);
    };
    let typed = test.path.value().len();
    for _ in 0..typed {
        update(
            &mut state,
            Event::Edit(tui_input::InputRequest::DeletePrevChar),
        );
    }
    update(&mut state, Event::Paste(pasted.into()));
    let Some(Popup::Connection(test)) = &state.popup else {
        panic!("no connection test: {:?}", state.popup);
    };
    assert_eq!(test.path.value(), "ci deploy");
}

#[test]
fn rotate_proposes_the_old_name_with_a_date_then_asks_to_revoke_the_old_credentials() {
    let mut state = on_queues(false);
    state.today = jiff::civil::date(2026, 11, 29);
    update(&mut state, Command::Down);
    update(&mut state, Command::Rotate);
    let form = form(&state);
    assert_eq!(form.name.value(), "orders-consumer-2026-11-29");
    assert_eq!(form.permissions, Some(Permissions::new(true, false, false)));
    let FormPurpose::Generate {
        replaces: Some(old),
        ..
    } = &form.purpose
    else {
        panic!("not a rotation: {:?}", form.purpose);
    };
    let old = old.clone();
    let (id, _) = sent_create(&update(&mut state, Command::Activate));
    let answer = created_credentials(
        9,
        "orders-consumer-2026-11-29",
        Permissions::new(true, false, false),
    );
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::Credentials(answer)))),
    );
    assert_eq!(
        state.replaced.get(&old.id).map(String::as_str),
        Some("orders-consumer-2026-11-29")
    );
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    assert_eq!(secret_popup(&state).focus, SecretButton::Done);
    let effects = update(&mut state, Command::Activate);
    assert!(effects.is_empty(), "nothing is revoked yet: {effects:?}");
    let Some(Popup::Revoke {
        target,
        focus,
        reason,
    }) = open_popup(&state)
    else {
        panic!("no revoke pop-up: {:?}", state.popup);
    };
    assert_eq!((target, *focus), (&old, Choice::Cancel));
    assert_eq!(
        reason,
        &RevokeReason::Replaced {
            replacement: "orders-consumer-2026-11-29".into()
        }
    );
    // Cancel keeps both; the old row stays, marked replaced.
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
    assert!(
        rows(&state)
            .iter()
            .any(|(name, _)| name == "orders-consumer")
    );
    assert!(state.replaced.contains_key(&old.id));
}

#[test]
fn a_rotated_name_replaces_an_earlier_date_suffix() {
    let today = jiff::civil::date(2026, 11, 29);
    assert_eq!(rotated_name("ci", today), "ci-2026-11-29");
    assert_eq!(rotated_name("ci-2026-08-31", today), "ci-2026-11-29");
    assert_eq!(
        rotated_name("ci-2026-13-31", today),
        "ci-2026-13-31-2026-11-29"
    );
    assert_eq!(rotated_name("2026-08-31", today), "2026-08-31-2026-11-29");
}

#[test]
fn a_failed_create_keeps_the_form_as_typed() {
    let mut state = on_queues(false);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-deploy");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    update(&mut state, Command::FocusPrevious);
    let (id, _) = sent_create(&update(&mut state, Command::Activate));
    let quota = ApiError::from_response(
        403,
        br#"{"type":"quotas_exceeded","message":"quota exceeded","details":[]}"#,
    );
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Err(quota.clone()))),
    );
    let form = form(&state);
    assert_eq!(form.status, FormStatus::Failed(quota));
    assert_eq!(form.name.value(), "ci-deploy");
    assert_eq!(form.permissions, Some(Permissions::new(true, false, false)));
    assert_eq!(rows(&state).len(), 3, "nothing was added");
}

fn lost(target: &str) -> ApiError {
    ApiError::OutcomeUnknown {
        target: target.into(),
        cause: "connection closed before message completed".into(),
    }
}

/// Sends a Generate whose answer is lost; returns the id of the list that checks.
fn create_with_a_lost_answer(state: &mut State, name: &str) -> RequestId {
    update(state, Command::Generate);
    type_text(state, name);
    update(state, Command::FocusNext);
    update(state, Command::Toggle);
    update(state, Command::FocusPrevious);
    let (id, _) = sent_create(&update(state, Command::Activate));
    let effects = update(
        state,
        Event::Answer(id, ApiAnswer::Created(Err(lost(name)))),
    );
    assert!(
        !effects
            .iter()
            .any(|effect| matches!(effect, Effect::Api(_, call) if call.is_mutation())),
        "a create is never sent again by itself: {effects:?}"
    );
    let check = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    assert_eq!(form(state).status, FormStatus::Checking(check));
    check
}

#[test]
fn a_lost_create_that_happened_offers_to_revoke_what_it_made() {
    let mut state = on_queues(false);
    // A same-named credential that existed before is not mistaken for the new one.
    let check = create_with_a_lost_answer(&mut state, "orders-producer");
    let mut listed: Vec<_> = ["orders-producer", "orders-consumer", "billing-admin"]
        .iter()
        .enumerate()
        .map(|(n, name)| credentials(n as u32 + 1, name, Region::FrPar))
        .collect();
    listed.push(credentials(7, "orders-producer", Region::FrPar));
    update(
        &mut state,
        Event::Answer(check, ApiAnswer::Credentials(Ok(listed))),
    );
    let Some(Popup::Revoke {
        target,
        focus,
        reason,
    }) = open_popup(&state)
    else {
        panic!("no revoke pop-up: {:?}", state.popup);
    };
    assert_eq!(target.id, credentials(7, "", Region::FrPar).id);
    assert_eq!(
        (*focus, reason),
        (Choice::Cancel, &RevokeReason::SecretLost)
    );
    assert_eq!(rows(&state).len(), 4, "what was made is listed");
}

#[test]
fn a_lost_create_that_did_not_happen_keeps_the_form_to_send_again() {
    let mut state = on_queues(false);
    let check = create_with_a_lost_answer(&mut state, "ci-deploy");
    let listed = vec![credentials(1, "orders-producer", Region::FrPar)];
    update(
        &mut state,
        Event::Answer(check, ApiAnswer::Credentials(Ok(listed))),
    );
    let form = form(&state);
    assert_eq!(form.status, FormStatus::NothingCreated);
    assert_eq!(form.name.value(), "ci-deploy");
    let (_, call) = sent_create(&update(&mut state, Command::Activate));
    assert!(matches!(call, ApiCall::CreateCredentials { .. }));
}

#[test]
fn a_new_credential_stays_listed_through_a_reload_that_does_not_have_it_yet() {
    let mut state = on_queues(false);
    let effects = generate_queues(&mut state, "ci-deploy");
    let read_back = call_id(&effects, |call| matches!(call, ApiCall::ReadBack(_)));
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let before = vec![credentials(1, "orders-producer", Region::FrPar)];
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(before))),
    );
    assert_eq!(
        rows(&state),
        [
            ("orders-producer".to_owned(), false),
            ("ci-deploy".to_owned(), true)
        ]
    );
    // The read gives up after the wait: it is said, as what it is, not as a revoke.
    let still = ApiError::StillPropagating {
        resource: "Queues credentials".into(),
        resource_id: "x".into(),
        waited: std::time::Duration::from_secs(30),
    };
    update(
        &mut state,
        Event::Answer(read_back, ApiAnswer::ReadBack(Err(still))),
    );
    let Some(Popup::Failure(failure)) = open_popup(&state) else {
        panic!("no failure: {:?}", state.popup);
    };
    assert!(matches!(failure.op, Operation::ReadBack { .. }));
    assert_eq!(rows(&state).last(), Some(&("ci-deploy".to_owned(), false)));
}

#[test]
fn revoking_a_row_still_propagating_removes_it_for_good_and_cancels_its_read_back() {
    let mut state = on_queues(false);
    let effects = generate_queues(&mut state, "ci-deploy");
    let read_back = call_id(&effects, |call| matches!(call, ApiCall::ReadBack(_)));
    // Done: after Save and Test.
    for _ in 0..3 {
        update(&mut state, Command::FocusNext);
    }
    assert_eq!(secret_popup(&state).focus, SecretButton::Done);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
    update(&mut state, Command::Last);
    assert_eq!(rows(&state).last(), Some(&("ci-deploy".to_owned(), true)));

    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    let effects = update(&mut state, Command::Activate);
    let revoke = call_id(&effects, |call| matches!(call, ApiCall::Revoke(_)));
    let effects = update(
        &mut state,
        Event::Answer(revoke, ApiAnswer::Revoked(Ok(()))),
    );
    assert_eq!(effects, [Effect::Cancel(read_back)]);
    assert!(matches!(state.toast, Some(Notice::Revoked(_))));
    let names =
        |state: &State| -> Vec<String> { rows(state).into_iter().map(|(name, _)| name).collect() };
    assert!(!names(&state).contains(&"ci-deploy".to_owned()));

    // A list from before it propagated does not bring it back, nor does its read-back's late
    // answer raise anything.
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let before = vec![credentials(1, "orders-producer", Region::FrPar)];
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(before))),
    );
    let gone = ApiError::NotFound {
        resource: "namespace".into(),
        resource_id: "x".into(),
    };
    update(
        &mut state,
        Event::Answer(read_back, ApiAnswer::ReadBack(Err(gone))),
    );
    assert_eq!(names(&state), ["orders-producer"]);
    assert!(state.popup.is_none(), "{:?}", state.popup);
}

#[test]
fn every_way_out_while_a_secret_is_open_asks_first() {
    let with_secret = || {
        let mut state = on_queues(false);
        generate_queues(&mut state, "ci-deploy");
        state
    };
    let asked = |state: &State| secret_popup(state).question;

    // Ctrl-C asks; Esc goes back to the secret; Ctrl-C again forces the way out.
    let mut state = with_secret();
    assert_eq!(update(&mut state, Command::ForceQuit), []);
    assert_eq!(asked(&state), Some(SecretQuestion::Quit(Choice::Cancel)));
    update(&mut state, Command::Back);
    assert_eq!(asked(&state), None);
    update(&mut state, Command::ForceQuit);
    assert_eq!(update(&mut state, Command::ForceQuit), [Effect::Quit]);

    // q on a terminal too small, as its screen suggests, asks the same; q again quits.
    let mut state = with_secret();
    let too_small = Layout {
        too_small: true,
        list_rows: 1,
        help_lines: 0,
        help_rows: 0,
        popup_rows: 10,
    };
    update(&mut state, Event::Layout(too_small));
    assert_eq!(update(&mut state, Command::Quit), []);
    assert_eq!(asked(&state), Some(SecretQuestion::Quit(Choice::Cancel)));
    assert_eq!(update(&mut state, Command::Quit), [Effect::Quit]);

    // The question's own button quits, and the secret goes with the pop-up.
    let mut state = with_secret();
    update(&mut state, Command::ForceQuit);
    update(&mut state, Command::FocusNext);
    assert_eq!(update(&mut state, Command::Activate), [Effect::Quit]);
    assert!(state.popup.is_none());
}

#[test]
fn home_end_g_and_paging_keys_move_in_menus_and_buttons_as_in_lists() {
    let size = ratatui::layout::Size::new(120, 40);
    let (home, end) = (Key::plain(KeyCode::Home), Key::plain(KeyCode::End));
    let (page_up, page_down) = (Key::plain(KeyCode::PageUp), Key::plain(KeyCode::PageDown));

    let mut products = Program::new(State::new(session(false), Region::FrPar), size);
    let selected = |program: &Program| match program.state().screen {
        Screen::Products { selected } => selected,
        ref other => panic!("{other:?}"),
    };
    let _ = products.key(&end);
    assert_eq!(selected(&products), Product::ALL.len() - 1);
    let _ = products.key(&Key::char('g'));
    assert_eq!(selected(&products), 0);
    let _ = products.key(&page_down);
    assert_eq!(selected(&products), Product::ALL.len() - 1);

    let mut queues = Program::new(on_queues(false), size);
    let _ = queues.key(&Key::char('r'));
    let _ = queues.key(&Key::char('G'));
    assert!(matches!(
        queues.state().popup,
        Some(Popup::Regions { selected }) if selected == Region::ALL.len()
    ));
    let _ = queues.key(&page_up);
    assert!(matches!(
        queues.state().popup,
        Some(Popup::Regions { selected: 0 })
    ));
    let _ = queues.key(&Key::plain(KeyCode::Esc));
    let _ = queues.key(&Key::char('.'));
    let _ = queues.key(&end);
    assert!(matches!(
        &queues.state().popup,
        Some(Popup::SeeMore { items, selected, .. }) if items[*selected] == MenuItem::Revoke
    ));
    let _ = queues.key(&Key::plain(KeyCode::Enter));
    let focus = |program: &Program| match &program.state().popup {
        Some(Popup::Revoke { focus, .. }) => *focus,
        other => panic!("{other:?}"),
    };
    assert_eq!(focus(&queues), Choice::Cancel);
    let _ = queues.key(&end);
    assert_eq!(focus(&queues), Choice::Confirm);
    let _ = queues.key(&home);
    assert_eq!(focus(&queues), Choice::Cancel);

    let mut state = on_queues(false);
    generate_queues(&mut state, "ci-deploy");
    let mut secret = Program::new(state, size);
    let _ = secret.key(&end);
    assert_eq!(secret_popup(secret.state()).focus, SecretButton::Done);
    let _ = secret.key(&home);
    assert_eq!(
        secret_popup(secret.state()).focus,
        SecretButton::CopyAccessKey
    );
}

#[test]
fn nats_generate_asks_only_a_name_and_shows_the_creds_with_the_seed_hidden() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Generate);
    assert_eq!(form(&state).permissions, None);
    type_text(&mut state, "ci-nats");
    let (id, call) = sent_create(&update(&mut state, Command::Activate));
    assert_eq!(
        call,
        ApiCall::CreateNatsCredentials {
            region: Region::FrPar,
            request: CreateNatsCredentialsRequest {
                nats_account_id: nats_account().id,
                name: "ci-nats".into(),
            },
        }
    );
    let creds = "-----BEGIN NATS USER JWT-----\neyJ0eXAi\n------END NATS USER JWT------\n\n\
                 -----BEGIN USER NKEY SEED-----\nSUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4\n\
                 ------END USER NKEY SEED------\n";
    let answer = NatsCredentials {
        credentials: Some(CredsFile {
            name: "ci-nats.creds".into(),
            content: Secret::new(creds),
        }),
        ..nats_credentials(9, "ci-nats")
    };
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::NatsCredentials(answer)))),
    );
    let secret = secret_popup(&state);
    assert!(!secret.seed_shown);
    assert_eq!(secret.created.default_path(), "orders-bus-ci-nats.creds");
    assert_eq!(rows(&state).last(), Some(&("ci-nats".to_owned(), true)));
    update(&mut state, Command::ShowSeed);
    assert!(secret_popup(&state).seed_shown);

    // Saving offers the nats context, off until ticked.
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    update(&mut state, Command::FocusNext);
    assert_eq!(state.context(), Context::SaveOptions);
    update(&mut state, Command::Toggle);
    let effects = update(&mut state, Command::Activate);
    let [Effect::Save(request)] = effects.as_slice() else {
        panic!("expected a save: {effects:?}");
    };
    assert_eq!(request.contents.expose(), creds);
    let context = request.nats_context.as_ref().expect("a nats context");
    assert_eq!(context.name, "orders-bus-ci-nats");
    assert_eq!(context.url, nats_account().endpoint);
}

#[test]
fn n_on_the_accounts_list_creates_an_account_without_a_secret() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Back);
    update(&mut state, Command::Generate);
    type_text(&mut state, "payments-bus");
    let (id, call) = sent_create(&update(&mut state, Command::Activate));
    assert!(matches!(
        call,
        ApiCall::CreateNatsAccount { region: Region::FrPar, ref request } if request.name == "payments-bus"
    ));
    let account = NatsAccount {
        id: NatsAccountId("B".repeat(56)),
        name: "payments-bus".into(),
        ..nats_account()
    };
    let effects = update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::NatsAccount(account)))),
    );
    assert!(state.popup.is_none(), "an account has no secret to show");
    assert_eq!(
        state.toast,
        Some(Notice::AccountCreated {
            name: "payments-bus".into(),
            region: Region::FrPar
        })
    );
    assert!(matches!(
        api_calls(&effects).as_slice(),
        [ApiCall::ReadBack(CreatedRef::NatsAccount { .. })]
    ));
    let Screen::NatsAccounts(list) = &state.screen else {
        panic!("not on the accounts: {:?}", state.screen);
    };
    assert!(list.rows().iter().any(|row| row.name == "payments-bus"));
}

#[test]
fn closing_the_secret_drops_it() {
    let mut state = on_queues(false);
    generate_queues(&mut state, "ci-deploy");
    assert!(format!("{state:?}").contains("Secret(<36 characters hidden>)"));
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
    // Nothing else kept a copy: the listed row has an empty secret key.
    assert!(!format!("{state:?}").contains("characters hidden"));
}

#[test]
fn t_tests_a_connection_with_the_creds_last_saved_for_the_account() {
    let mut state = on_nats_account(false);
    state
        .saved_creds
        .insert(nats_account().id, "/home/ops/orders-bus-ci.creds".into());
    update(&mut state, Command::TestConnection);
    assert_eq!(state.context(), Context::Connection);
    let effects = update(&mut state, Command::Activate);
    let id = call_id(&effects, |call| {
        call == &ApiCall::TestConnection(ConnectionCheck::Nats {
            url: nats_account().endpoint,
            creds: CredsSource::File("/home/ops/orders-bus-ci.creds".into()),
        })
    });
    let denied = ConnectionOutcome::Denied("authorization violation".into());
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Connection(denied.clone())),
    );
    let Some(Popup::Connection(test)) = open_popup(&state) else {
        panic!("no connection pop-up: {:?}", state.popup);
    };
    assert_eq!(test.status, ConnectionStatus::Done(denied));
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
}

#[test]
fn the_nats_secret_pop_up_tests_the_new_creds_before_they_are_saved() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Generate);
    type_text(&mut state, "ci-nats");
    let (id, _) = sent_create(&update(&mut state, Command::Activate));
    let creds = Secret::new("-----BEGIN NATS USER JWT-----\neyJ0\n");
    let answer = NatsCredentials {
        credentials: Some(CredsFile {
            name: "ci-nats.creds".into(),
            content: creds.clone(),
        }),
        ..nats_credentials(9, "ci-nats")
    };
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Created(Ok(Created::NatsCredentials(answer)))),
    );
    for _ in 0..3 {
        update(&mut state, Command::FocusNext);
    }
    assert_eq!(secret_popup(&state).focus, SecretButton::TestConnection);
    let effects = update(&mut state, Command::Activate);
    let test = call_id(&effects, |call| {
        call == &ApiCall::TestConnection(ConnectionCheck::Nats {
            url: nats_account().endpoint,
            creds: CredsSource::Created(creds.clone()),
        })
    });
    let connected = ConnectionOutcome::Connected {
        server: "nats-server 2.9.10".into(),
    };
    update(
        &mut state,
        Event::Answer(test, ApiAnswer::Connection(connected.clone())),
    );
    assert_eq!(
        secret_popup(&state).note,
        Some(SecretNote::Connection(connected))
    );
}
