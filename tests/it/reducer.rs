//! The console's flows through the pure `update`: actions in, state and effects out. No
//! terminal, no network.

use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, InvalidArgument};
use mnq_tui::app::*;
use mnq_tui::ui;
use tui_input::InputRequest;

use crate::support::states::*;
use crate::support::view::{render, screen_lines};

fn queues_rows(state: &State) -> Vec<String> {
    match &state.screen {
        Screen::Service(page) => page
            .credentials
            .rows()
            .iter()
            .map(|r| r.name.clone())
            .collect(),
        other => panic!("not on a service page: {other:?}"),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        resource: "credentials".into(),
        resource_id: id.into(),
    }
}

#[test]
fn opening_queues_lists_the_credentials_and_reads_the_service_status() {
    let mut state = State::new(session(false), Region::NlAms);
    let effects = update(&mut state, Command::GoToQueues);
    let project_id = ProjectId(PROJECT.into());
    assert_eq!(
        api_calls(&effects),
        [
            &ApiCall::ListCredentials {
                service: Service::Sqs,
                region: Region::NlAms,
                project_id: project_id.clone(),
            },
            &ApiCall::GetInfo {
                service: Service::Sqs,
                region: Region::NlAms,
                project_id,
            }
        ]
    );
    assert!(state.is_busy());
}

#[test]
fn a_list_answer_for_a_region_left_behind_is_dropped() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let fr_par = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });

    // Switch to nl-ams before fr-par answers.
    update(&mut state, Command::OpenRegions);
    update(&mut state, Command::Down);
    let effects = update(&mut state, Command::Open);
    let nl_ams = call_id(&effects, |call| {
        matches!(
            call,
            ApiCall::ListCredentials {
                region: Region::NlAms,
                ..
            }
        )
    });

    update(
        &mut state,
        Event::Answer(
            nl_ams,
            ApiAnswer::Credentials(Ok(vec![credentials(9, "ams-reader", Region::NlAms)])),
        ),
    );
    update(
        &mut state,
        Event::Answer(
            fr_par,
            ApiAnswer::Credentials(Ok(vec![credentials(1, "par-writer", Region::FrPar)])),
        ),
    );
    assert_eq!(state.region, Region::NlAms);
    assert_eq!(queues_rows(&state), ["ams-reader"]);
}

#[test]
fn a_failed_list_says_what_failed_and_keeps_the_console_usable() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToTopics);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Credentials(Err(ApiError::Unauthenticated { reason: None })),
        ),
    );
    let Some(Popup::Failure(failure)) = open_popup(&state) else {
        panic!("no message: {:?}", state.popup);
    };
    assert_eq!(
        *failure,
        Failure {
            op: Operation::ListCredentials {
                product: Product::TopicsAndEvents,
                region: Region::FrPar
            },
            error: ApiError::Unauthenticated { reason: None },
        }
    );
    assert_eq!(
        ui::words::failure_title(failure),
        "Could not list Topics and Events credentials in fr-par"
    );
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
    let effects = update(&mut state, Command::Reload);
    assert_eq!(api_calls(&effects).len(), 2, "F5 tries again");
}

#[test]
fn revoke_is_sent_only_after_the_modal_is_confirmed() {
    let mut state = on_queues(false);
    update(&mut state, Command::Down);
    let effects = update(&mut state, Command::Revoke);
    assert!(effects.is_empty());
    let Some(Popup::Revoke { target, focus, .. }) = open_popup(&state).cloned() else {
        panic!("no revoke pop-up");
    };
    assert_eq!(target.name, "orders-consumer");
    assert_eq!(focus, Choice::Cancel, "focus starts on Cancel");

    // Moving between the buttons sends nothing.
    assert!(update(&mut state, Command::FocusNext).is_empty());
    let effects = update(&mut state, Command::Activate);
    let [ApiCall::Revoke(revoked)] = api_calls(&effects)[..] else {
        panic!("expected one revoke: {effects:?}");
    };
    assert_eq!(
        *revoked,
        CredentialsRef {
            product: Product::Queues,
            region: Region::FrPar,
            id: target.id.clone(),
        }
    );
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert!(page.credentials.is_revoking(&target.id));
    assert_eq!(
        queues_rows(&state).len(),
        3,
        "nothing is removed before the answer"
    );
}

#[test]
fn enter_on_a_freshly_opened_revoke_modal_cancels() {
    let mut state = on_queues(false);
    update(&mut state, Command::Revoke);
    let effects = update(&mut state, Command::Activate);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(state.popup.is_none());
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    let credentials = &page.credentials;
    assert!(
        credentials
            .rows()
            .iter()
            .all(|row| !credentials.is_revoking(&row.id))
    );
}

#[test]
fn esc_cancels_a_revoke() {
    let mut state = on_queues(false);
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    assert!(update(&mut state, Command::Back).is_empty());
    assert!(state.popup.is_none());
}

fn confirm_revoke_of_selected(state: &mut State) -> (RequestId, Target) {
    update(state, Command::Revoke);
    let Some(Popup::Revoke { target, .. }) = open_popup(state).cloned() else {
        panic!("no revoke pop-up");
    };
    update(state, Command::FocusNext);
    let effects = update(state, Command::Activate);
    let id = call_id(&effects, |call| matches!(call, ApiCall::Revoke(_)));
    (id, target)
}

#[test]
fn a_revoked_row_is_removed_when_the_api_answers() {
    let mut state = on_queues(false);
    let (id, target) = confirm_revoke_of_selected(&mut state);
    update(&mut state, Event::Answer(id, ApiAnswer::Revoked(Ok(()))));
    assert_eq!(queues_rows(&state), ["orders-consumer", "billing-admin"]);
    assert_eq!(state.toast, Some(Notice::Revoked(target)));
    assert_eq!(
        ui::words::notice(state.toast.as_ref().unwrap()),
        "Revoked orders-producer (Queues, fr-par)"
    );
    assert!(!state.is_busy());
}

#[test]
fn a_404_on_revoke_means_already_revoked() {
    let mut state = on_queues(false);
    let (id, target) = confirm_revoke_of_selected(&mut state);
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Revoked(Err(not_found(target.id.as_str())))),
    );
    assert_eq!(queues_rows(&state).len(), 2);
    assert_eq!(state.toast, Some(Notice::AlreadyRevoked(target)));
}

#[test]
fn a_failed_revoke_keeps_the_row_and_shows_the_error() {
    let mut state = on_queues(false);
    let (id, target) = confirm_revoke_of_selected(&mut state);
    let error = ApiError::PermissionsDenied { denied: vec![] };
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Revoked(Err(error.clone()))),
    );
    assert_eq!(queues_rows(&state).len(), 3);
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    let credentials = &page.credentials;
    assert!(
        credentials
            .rows()
            .iter()
            .all(|row| !credentials.is_revoking(&row.id)),
        "no longer 'revoking…'"
    );
    let Some(Popup::Failure(failure)) = open_popup(&state) else {
        panic!("no message");
    };
    assert_eq!(
        *failure,
        Failure {
            op: Operation::Revoke(target),
            error,
        }
    );
}

#[test]
fn a_row_being_revoked_cannot_be_revoked_again() {
    let mut state = on_queues(false);
    confirm_revoke_of_selected(&mut state);
    assert!(update(&mut state, Command::Revoke).is_empty());
    assert!(state.popup.is_none());
}

fn open_update_form(state: &mut State) {
    update(state, Command::Update);
    assert!(matches!(open_popup(state), Some(Popup::Form(_))));
}

#[test]
fn an_update_sends_the_name_and_all_three_permissions() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    type_text(&mut state, "orders-writer");
    update(&mut state, Command::FocusNext); // Write
    update(&mut state, Command::FocusNext); // Read
    update(&mut state, Command::FocusNext); // Manage
    update(&mut state, Command::Toggle);
    let effects = update(&mut state, Command::FocusPrevious)
        .into_iter()
        .chain(update(&mut state, Command::FocusPrevious))
        .chain(update(&mut state, Command::FocusPrevious))
        .chain(update(&mut state, Command::Activate))
        .collect::<Vec<_>>();
    let [
        ApiCall::UpdateCredentials {
            request, service, ..
        },
    ] = api_calls(&effects)[..]
    else {
        panic!("expected one update: {effects:?}");
    };
    assert_eq!(*service, Service::Sqs);
    assert_eq!(request.name.as_deref(), Some("orders-writer"));
    assert_eq!(
        request.permissions,
        Some(PermissionsPatch::set(Permissions::new(true, false, true)))
    );
}

#[test]
fn an_update_that_changes_nothing_sends_nothing_and_says_so() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    assert_eq!(update(&mut state, Command::Activate), []);
    assert_eq!(form(&state).status, FormStatus::NothingToChange);
    // A change and back is no change either.
    type_text(&mut state, "x");
    assert_eq!(form(&state).status, FormStatus::Editing);
    update(&mut state, Event::Edit(InputRequest::DeletePrevChar));
    assert_eq!(update(&mut state, Command::Activate), []);
    // Something changed (Read ticked): it is sent.
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle);
    assert_eq!(form(&state).status, FormStatus::Editing);
    update(&mut state, Command::FocusPrevious);
    update(&mut state, Command::FocusPrevious);
    let effects = update(&mut state, Command::Activate);
    assert_eq!(api_calls(&effects).len(), 1, "{effects:?}");
}

#[test]
fn enter_sends_the_form_from_a_checkbox_where_space_ticks_it() {
    let mut program = Program::new(on_queues(false), ratatui::layout::Size::new(80, 24));
    let _ = program.key(&Key::char('u'));
    let _ = program.key(&Key::plain(KeyCode::Tab));
    let _ = program.key(&Key::plain(KeyCode::Tab));
    assert_eq!(form(program.state()).focus, Field::Read);
    let footer = screen_lines(&render(program.state(), program.size()))
        .pop()
        .unwrap_or_default();
    assert!(
        footer.contains("Space toggle") && footer.contains("⏎ send"),
        "{footer}"
    );
    let _ = program.key(&Key::char(' '));
    assert_eq!(
        form(program.state()).permissions,
        Some(Permissions::new(true, true, false))
    );
    let sent = program.key(&Key::plain(KeyCode::Enter));
    let [ApiCall::UpdateCredentials { request, .. }] = api_calls(&sent.effects)[..] else {
        panic!("expected one update: {sent:?}");
    };
    assert_eq!(
        request.permissions,
        Some(PermissionsPatch::set(Permissions::new(true, true, false)))
    );
}

#[test]
fn an_update_cannot_be_sent_twice() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    type_text(&mut state, "-v2");
    assert_eq!(api_calls(&update(&mut state, Command::Activate)).len(), 1);
    assert!(matches!(form(&state).status, FormStatus::Submitting(_)));
    assert!(update(&mut state, Command::Activate).is_empty());
    assert!(update(&mut state, Command::Back).is_empty());
    assert!(
        matches!(open_popup(&state), Some(Popup::Form(_))),
        "stays open while sending"
    );
}

#[test]
fn a_failed_update_keeps_the_typed_name_and_shows_the_error() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    type_text(&mut state, "-renamed");
    let effects = update(&mut state, Command::Activate);
    let id = call_id(&effects, |call| {
        matches!(call, ApiCall::UpdateCredentials { .. })
    });
    let error = ApiError::InvalidArguments {
        message: "invalid argument(s)".into(),
        arguments: vec![InvalidArgument {
            name: "name".into(),
            reason: "constraint".into(),
            help: "must be unique".into(),
        }],
    };
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Updated(Err(error.clone()))),
    );
    let form = form(&state);
    assert_eq!(form.name.value(), "orders-producer-renamed");
    assert_eq!(
        form.status,
        FormStatus::Failed(error),
        "it shows the error and can be sent again"
    );
    assert_eq!(
        queues_rows(&state)[0],
        "orders-producer",
        "the row is unchanged"
    );
}

#[test]
fn a_successful_update_shows_the_api_answer_not_the_form() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    type_text(&mut state, "  ");
    let effects = update(&mut state, Command::Activate);
    let id = call_id(&effects, |call| {
        matches!(call, ApiCall::UpdateCredentials { .. })
    });
    let mut answer = credentials(1, "orders-producer (normalised by the API)", Region::FrPar);
    answer.permissions = Some(Permissions::new(false, true, false));
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Updated(Ok(answer))),
    );
    assert!(state.popup.is_none(), "the form closes");
    assert_eq!(
        queues_rows(&state)[0],
        "orders-producer (normalised by the API)"
    );
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert_eq!(
        page.credentials.rows()[0].permissions(),
        Permissions::new(false, true, false)
    );
    assert!(
        matches!(&state.toast, Some(Notice::Updated(target))
            if target.name == "orders-producer (normalised by the API)"),
        "{:?}",
        state.toast
    );
}

#[test]
fn an_invalid_form_is_not_sent() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    assert!(update(&mut state, Command::Activate).is_empty());
    assert_eq!(form(&state).problems().name, Some("must not be empty"));
    assert_eq!(form(&state).focus, Field::Name);

    type_text(&mut state, "ok");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Toggle); // untick Write: nothing left
    assert_eq!(
        form(&state).problems().permissions,
        Some("choose at least one permission")
    );
    let effects = {
        let state = &mut state;
        update(state, Command::FocusNext);
        update(state, Command::FocusNext);
        update(state, Command::FocusNext);
        update(state, Command::FocusNext); // Submit
        update(state, Command::Activate)
    };
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        form(&state).focus,
        Field::Write,
        "the first permission gets the focus"
    );
}

#[test]
fn control_characters_and_overlong_names_are_refused_in_the_form() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    type_text(&mut state, &"x".repeat(256));
    assert_eq!(
        form(&state).problems().name,
        Some("must be at most 255 characters")
    );
    update(&mut state, Event::Edit(InputRequest::DeleteLine));
    update(
        &mut state,
        Event::Paste("line one\nline two\u{1b}[31m".into()),
    );
    assert_eq!(form(&state).name.value(), "line one line two[31m");
    assert_eq!(form(&state).problems().name, None);
}

#[test]
fn esc_asks_before_discarding_edits() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    // Nothing edited: Esc closes at once.
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());

    open_update_form(&mut state);
    type_text(&mut state, "x");
    update(&mut state, Command::Back);
    assert!(matches!(
        open_popup(&state),
        Some(Popup::Form(form)) if form.discard == Some(Choice::Cancel)
    ));
    // Enter on the default button keeps editing, with the text.
    update(&mut state, Command::Activate);
    assert_eq!(form(&state).name.value(), "orders-producerx");
    // Discard closes both.
    update(&mut state, Command::Back);
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    assert!(state.popup.is_none());
}

#[test]
fn a_failure_that_arrives_during_an_edit_waits_until_the_form_closes() {
    let mut state = on_queues(false);
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    open_update_form(&mut state);
    type_text(&mut state, "x");
    let error = ApiError::Unauthenticated { reason: None };
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Err(error.clone()))),
    );
    // The form stays as typed; the failure waits for it.
    assert_eq!(form(&state).name.value(), "orders-producerx");
    assert_eq!(state.waiting_failures.len(), 1);
    // Esc asks first; Discard closes the form, and only then the failure shows.
    update(&mut state, Command::Back);
    assert_eq!(form(&state).name.value(), "orders-producerx");
    update(&mut state, Command::FocusNext);
    update(&mut state, Command::Activate);
    let Some(Popup::Failure(failure)) = open_popup(&state) else {
        panic!("the failure is not shown: {:?}", state.popup);
    };
    assert_eq!(failure.error, error);
    assert!(state.waiting_failures.is_empty());
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
}

#[test]
fn a_failure_replaces_the_help_but_waits_behind_another_failure() {
    let mut state = on_queues(false);
    let (revoke, target) = confirm_revoke_of_selected(&mut state);
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    update(&mut state, Command::Help);
    let refused = ApiError::Unauthenticated { reason: None };
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Err(refused.clone()))),
    );
    assert!(
        matches!(open_popup(&state), Some(Popup::Failure(_))),
        "{:?}",
        state.popup
    );
    update(
        &mut state,
        Event::Answer(revoke, ApiAnswer::Revoked(Err(refused.clone()))),
    );
    assert_eq!(state.waiting_failures.len(), 1);
    // Dismissing the first shows the second.
    update(&mut state, Command::Back);
    let Some(Popup::Failure(failure)) = open_popup(&state) else {
        panic!("the second failure is not shown: {:?}", state.popup);
    };
    assert_eq!(failure.op, Operation::Revoke(target));
    update(&mut state, Command::Back);
    assert!(state.popup.is_none());
}

#[test]
fn nats_credentials_never_offer_update() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::OpenSeeMore);
    let Some(Popup::SeeMore { items, target, .. }) = open_popup(&state) else {
        panic!("no menu");
    };
    assert_eq!(items, &[MenuItem::Rotate, MenuItem::Revoke]);
    assert_eq!(target.account.as_deref(), Some("orders-bus"));
    update(&mut state, Command::Back);
    update(&mut state, Command::Update);
    assert!(state.popup.is_none(), "u does nothing on NATS credentials");
}

#[test]
fn queues_credentials_offer_update_rotate_and_revoke() {
    let mut state = on_queues(false);
    update(&mut state, Command::OpenSeeMore);
    let Some(Popup::SeeMore { items, .. }) = open_popup(&state) else {
        panic!("no menu");
    };
    assert_eq!(
        items,
        &[MenuItem::Update, MenuItem::Rotate, MenuItem::Revoke]
    );
    update(&mut state, Command::Down);
    update(&mut state, Command::Down);
    update(&mut state, Command::Open);
    assert!(matches!(open_popup(&state), Some(Popup::Revoke { .. })));
}

#[test]
fn readonly_offers_neither_update_nor_revoke() {
    for mut state in [on_queues(true), on_nats_account(true)] {
        update(&mut state, Command::OpenSeeMore);
        assert!(state.popup.is_none());
        assert_eq!(state.toast, Some(Notice::ReadOnly), "it says why");
        update(&mut state, Command::Update);
        update(&mut state, Command::Revoke);
        update(&mut state, Command::Rotate);
        update(&mut state, Command::Generate);
        assert!(state.popup.is_none());
    }
}

#[test]
fn revoking_nats_credentials_names_the_account() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Down);
    let (id, target) = confirm_revoke_of_selected(&mut state);
    assert_eq!(target.product, Product::Nats);
    assert_eq!(target.name, "worker-2");
    update(&mut state, Event::Answer(id, ApiAnswer::Revoked(Ok(()))));
    let Screen::NatsAccount(page) = &state.screen else {
        panic!()
    };
    let names: Vec<&str> = page
        .credentials
        .rows()
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["worker-1"]);
}

#[test]
fn esc_from_an_account_goes_back_to_its_accounts_list() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::Back);
    let Screen::NatsAccounts(accounts) = &state.screen else {
        panic!("not on the accounts: {:?}", state.screen);
    };
    assert_eq!(accounts.rows().len(), 1, "kept, not reloaded");
    update(&mut state, Command::Back);
    assert!(matches!(state.screen, Screen::Products { selected: 0 }));
}

#[test]
fn switching_region_on_an_account_goes_to_the_accounts_of_the_new_region() {
    let mut state = on_nats_account(false);
    update(&mut state, Command::OpenRegions);
    update(&mut state, Command::Down);
    let effects = update(&mut state, Command::Open);
    assert_eq!(
        api_calls(&effects),
        [&ApiCall::ListNatsAccounts {
            region: Region::NlAms,
            project_id: ProjectId(PROJECT.into())
        }]
    );
    assert!(matches!(state.screen, Screen::NatsAccounts(_)));
}

#[test]
fn the_filter_narrows_the_list_and_esc_clears_it() {
    let mut state = on_queues(false);
    update(&mut state, Command::Filter);
    assert_eq!(state.context(), Context::Filter);
    type_text(&mut state, "ORDERS");
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert_eq!(page.credentials.shown().visible().len(), 2);
    update(&mut state, Command::Open); // keep the filter, back to the list
    assert_eq!(state.context(), Context::Credentials);
    update(&mut state, Command::Down);
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert_eq!(
        page.credentials.selected_row().unwrap().name,
        "orders-consumer"
    );
    update(&mut state, Command::Back); // clears the filter, stays on the page
    let Screen::Service(page) = &state.screen else {
        panic!("Esc left the page")
    };
    assert_eq!(page.credentials.shown().visible().len(), 3);
}

#[test]
fn the_filter_also_finds_an_access_key() {
    let mut state = on_queues(false);
    update(&mut state, Command::Filter);
    type_text(&mut state, "ak000000000000000003");
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert_eq!(
        page.credentials.selected_row().unwrap().name,
        "billing-admin"
    );
}

#[test]
fn paging_keeps_the_selection_in_range() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    update(
        &mut state,
        Event::Layout(Layout {
            too_small: false,
            list_rows: 10,
            popup_rows: 10,
            help_lines: 0,
            help_rows: 0,
        }),
    );
    let rows = (0..25)
        .map(|i| credentials(i, &format!("c{i:02}"), Region::FrPar))
        .collect();
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    let selected = |state: &State| match &state.screen {
        Screen::Service(page) => (
            page.credentials.shown().selected(),
            page.credentials.shown().offset(),
        ),
        _ => panic!(),
    };
    update(&mut state, Command::PageDown);
    assert_eq!(selected(&state), (10, 1));
    update(&mut state, Command::PageDown);
    update(&mut state, Command::PageDown);
    assert_eq!(selected(&state), (24, 15));
    update(&mut state, Command::First);
    assert_eq!(selected(&state), (0, 0));
    update(&mut state, Command::Last);
    update(
        &mut state,
        Event::Layout(Layout {
            too_small: false,
            list_rows: 30,
            popup_rows: 10,
            help_lines: 0,
            help_rows: 0,
        }),
    );
    assert_eq!(
        selected(&state),
        (24, 0),
        "a taller screen shows from the top"
    );
}

#[test]
fn a_terminal_too_small_still_quits_on_q() {
    let mut state = on_queues(false);
    update(
        &mut state,
        Event::Layout(Layout {
            too_small: true,
            list_rows: 1,
            popup_rows: 10,
            help_lines: 0,
            help_rows: 0,
        }),
    );
    assert_eq!(state.context(), Context::TooSmall);
    assert!(update(&mut state, Command::Revoke).is_empty());
    assert!(state.popup.is_none());
    assert_eq!(update(&mut state, Command::Quit), [Effect::Quit]);
}

#[test]
fn q_in_the_help_closes_it_and_q_again_quits() {
    let mut program = Program::new(on_queues(false), ratatui::layout::Size::new(80, 24));
    let _ = program.key(&Key::char('?'));
    assert!(matches!(program.state().popup, Some(Popup::Help { .. })));
    let closed = program.key(&Key::char('q'));
    assert!(!closed.quits(), "{closed:?}");
    assert!(program.state().popup.is_none());
    assert!(program.key(&Key::char('q')).quits());
}

#[test]
fn readonly_says_so_for_every_key_that_would_change_credentials() {
    let size = ratatui::layout::Size::new(120, 40);
    let mut queues = Program::new(on_queues(true), size);
    let mut nats = Program::new(on_nats_account(true), size);
    for (program, keys) in [
        // Marks (Space, a) serve only to revoke.
        (&mut queues, &['d', 'u', 'n', 'R', '.', 'm', ' ', 'a'][..]),
        (&mut nats, &['d', 'n', 'R', '.', ' ', 'a']),
    ] {
        for key in keys
            .iter()
            .map(|c| Key::char(*c))
            .chain([Key::plain(KeyCode::Enter)])
        {
            let outcome = program.key(&key);
            assert_eq!(outcome.effects, [], "{key:?}");
            assert!(program.state().popup.is_none(), "{key:?}");
            assert_eq!(program.state().toast, Some(Notice::ReadOnly), "{key:?}");
            let footer = screen_lines(&render(program.state(), size))
                .pop()
                .unwrap_or_default();
            assert!(
                footer.contains("Read-only (--readonly)"),
                "{key:?}: {footer}"
            );
        }
    }
}

#[test]
fn ctrl_c_quits_even_from_a_form() {
    let mut state = on_queues(false);
    open_update_form(&mut state);
    assert_eq!(update(&mut state, Command::ForceQuit), [Effect::Quit]);
}

#[test]
fn the_spinner_turns_only_while_busy() {
    let mut state = State::new(session(false), Region::FrPar);
    update(&mut state, Event::Tick);
    assert_eq!(state.spinner, 0);
    update(&mut state, Command::GoToNats);
    update(&mut state, Event::Tick);
    assert_eq!(state.spinner, 1);
}

#[test]
fn the_overview_shows_a_failed_status_without_blocking_the_list() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let info = call_id(&effects, |call| matches!(call, ApiCall::GetInfo { .. }));
    let error = ApiError::PermissionsDenied { denied: vec![] };
    update(
        &mut state,
        Event::Answer(info, ApiAnswer::Info(Err(error.clone()))),
    );
    assert!(state.popup.is_none());
    let Screen::Service(page) = &state.screen else {
        panic!()
    };
    assert_eq!(page.info, Info::Failed(error));
}

#[test]
fn a_second_answer_or_one_never_asked_for_does_not_end_the_wait_for_another() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let info = call_id(&effects, |call| matches!(call, ApiCall::GetInfo { .. }));
    let rows = vec![credentials(1, "orders-producer", Region::FrPar)];
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows.clone()))),
    );
    assert_eq!(state.requests.in_flight(), 1, "the status is still loading");

    // The same answer twice, and an answer to an id never sent: the status is still awaited.
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    update(
        &mut state,
        Event::Answer(RequestId(info.0 + 100), ApiAnswer::Revoked(Ok(()))),
    );
    assert_eq!(state.requests.in_flight(), 1);
    assert!(state.is_busy(), "the spinner still turns for the status");

    let error = ApiError::PermissionsDenied { denied: vec![] };
    update(&mut state, Event::Answer(info, ApiAnswer::Info(Err(error))));
    assert!(!state.is_busy());
}

#[test]
fn a_resize_on_the_overview_keeps_the_credentials_selection_on_screen() {
    let mut state = on_queues(false);
    let rows = (0..25)
        .map(|i| credentials(i, &format!("c{i:02}"), Region::FrPar))
        .collect();
    let effects = update(&mut state, Command::Reload);
    let list = call_id(&effects, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    update(
        &mut state,
        Event::Answer(list, ApiAnswer::Credentials(Ok(rows))),
    );
    update(&mut state, Command::Last);
    update(&mut state, Command::NextTab);
    update(
        &mut state,
        Event::Layout(Layout {
            too_small: false,
            list_rows: 5,
            popup_rows: 10,
            help_lines: 0,
            help_rows: 0,
        }),
    );
    update(&mut state, Command::NextTab);
    let Screen::Service(page) = &state.screen else {
        panic!("not on the Queues page")
    };
    let list = &page.credentials;
    assert_eq!(list.shown().selected(), 24);
    assert!(
        (list.shown().offset()..list.shown().offset() + 5).contains(&list.shown().selected()),
        "the selected row {} is off the 5 rows shown from {}",
        list.shown().selected(),
        list.shown().offset()
    );
}

// The program: the keymap, `update` and the layout together, as the console drives them.

fn program() -> Program {
    let session = Session::new("test", ProjectId("p".into()));
    Program::new(
        State::new(session, Region::FrPar),
        ratatui::layout::Size::new(80, 24),
    )
}

#[test]
fn the_program_draws_only_when_something_changed() {
    let mut program = program();
    let press = |code| Key::new(code, KeyModifiers::NONE);
    let unbound = program.key(&press(KeyCode::F(12)));
    assert_eq!(
        unbound,
        Outcome::default(),
        "an unbound key changes nothing"
    );
    assert!(
        !program.tick().redraw,
        "an idle console does not turn its spinner"
    );
    let opened = program.key(&press(KeyCode::Char('2')));
    assert!(opened.redraw);
    assert_eq!(opened.effects.len(), 2, "the list and the info: {opened:?}");
    assert!(
        program.tick().redraw,
        "the spinner turns while requests are out"
    );
    let resized = program.resize(ratatui::layout::Size::new(120, 40));
    assert!(resized.redraw && resized.effects.is_empty());
    assert!(
        program.state().layout.list_rows > 10,
        "the list got the new height"
    );
    assert!(program.key(&press(KeyCode::Char('q'))).quits());
}

/// The ids of the cancels among the effects.
fn cancels(effects: &[Effect]) -> Vec<RequestId> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Cancel(id) => Some(*id),
            _ => None,
        })
        .collect()
}

#[test]
fn a_list_nobody_waits_for_any_more_is_cancelled_and_no_longer_busy() {
    let mut state = State::new(session(false), Region::FrPar);
    let opened = update(&mut state, Command::GoToQueues);
    let list = call_id(&opened, |call| {
        matches!(call, ApiCall::ListCredentials { .. })
    });
    let info = call_id(&opened, |call| matches!(call, ApiCall::GetInfo { .. }));
    // A reload replaces both reads.
    let reloaded = update(&mut state, Command::Reload);
    assert_eq!(cancels(&reloaded), [list, info]);
    assert_eq!(api_calls(&reloaded).len(), 2);
    assert_eq!(state.requests.in_flight(), 2);
    // Moving to NATS replaces them again.
    let moved = update(&mut state, Command::GoToNats);
    assert_eq!(cancels(&moved).len(), 2);
    assert_eq!(
        state.requests.in_flight(),
        1,
        "only the NATS accounts are awaited"
    );
    // Back to the menu: nothing is awaited, nothing is busy.
    let back = update(&mut state, Command::Back);
    assert_eq!(cancels(&back).len(), 1);
    assert!(!state.is_busy());
}

#[test]
fn a_revoke_in_flight_is_never_cancelled() {
    let mut state = on_queues(false);
    update(&mut state, Command::Revoke);
    update(&mut state, Command::FocusNext);
    let sent = update(&mut state, Command::Activate);
    let revoke = call_id(&sent, |call| matches!(call, ApiCall::Revoke(_)));
    let moved = update(&mut state, Command::GoToNats);
    assert!(cancels(&moved).is_empty(), "{moved:?}");
    let back = update(&mut state, Command::Back);
    assert!(!cancels(&back).contains(&revoke));
    assert!(state.is_busy(), "the revoke's outcome is still awaited");
}
