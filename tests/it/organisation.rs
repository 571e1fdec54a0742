//! The whole organisation through the pure `update`: the project switcher (and its fallback when
//! projects cannot be listed), lists merged over all regions and all projects, a listing's
//! failure kept in place, and long lists shown from their first page.

use mnq_tui::api::account::Project;
use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, DeniedAction};
use mnq_tui::app::*;

use crate::support::states::*;

const ORGANISATION: &str = "5a7d6c2e-1f3b-4e8a-9c0d-7b6a5f4e3d2c";
const BILLING: &str = "7d2b90e1-4c3a-4f5e-8b9d-0a1c2e3f4a5b";
const DATA: &str = "9e41c7b2-2d3e-4f5a-8b6c-7d8e9f0a1b2c";

fn project(id: &str, name: &str) -> Project {
    Project {
        id: ProjectId(id.into()),
        name: name.into(),
        organization_id: OrganizationId(ORGANISATION.into()),
        created_at: None,
        updated_at: None,
        description: String::new(),
    }
}

fn projects() -> Vec<Project> {
    vec![
        project(PROJECT, "default"),
        project(BILLING, "billing"),
        project(DATA, "data-platform"),
    ]
}

/// A console of an organisation that has started: it asked for the projects and got `answer`.
fn started(answer: Result<Vec<Project>, ApiError>) -> State {
    let mut state = State::new(
        Session {
            organization_id: Some(OrganizationId(ORGANISATION.into())),
            ..session(false)
        },
        Region::FrPar,
    );
    let effects = start(&mut state);
    assert_eq!(
        api_calls(&effects),
        [&ApiCall::ListProjects {
            organization_id: OrganizationId(ORGANISATION.into())
        }]
    );
    let id = call_id(&effects, |_| true);
    update(&mut state, Event::Answer(id, ApiAnswer::Projects(answer)));
    state
}

fn in_scope(index: u32, name: &str, region: Region, project_id: &str) -> ServiceCredentials {
    ServiceCredentials {
        project_id: ProjectId(project_id.into()),
        ..credentials(index, name, region)
    }
}

/// The credentials list calls among the effects, as (id, region, project).
fn listings(effects: &[Effect]) -> Vec<(RequestId, Region, String)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Api(
                id,
                ApiCall::ListCredentials {
                    region, project_id, ..
                },
            ) => Some((*id, *region, project_id.to_string())),
            _ => None,
        })
        .collect()
}

fn credentials_list(state: &State) -> &ListView<ServiceCredentials> {
    match &state.screen {
        Screen::Service(page) => &page.credentials,
        other => panic!("not on a service page: {other:?}"),
    }
}

fn names(state: &State) -> Vec<String> {
    let list = credentials_list(state);
    list.shown()
        .visible()
        .iter()
        .map(|index| list.rows()[*index].name.clone())
        .collect()
}

fn choose_region(state: &mut State, line: usize) -> Vec<Effect> {
    update(state, Command::OpenRegions);
    update(state, Command::First);
    for _ in 0..line {
        update(state, Command::Down);
    }
    update(state, Command::Open)
}

fn choose_project(state: &mut State, line: usize) -> Vec<Effect> {
    let mut effects = update(state, Command::OpenProjects);
    update(state, Command::First);
    for _ in 0..line {
        update(state, Command::Down);
    }
    effects.extend(update(state, Command::Open));
    effects
}

fn unavailable() -> ApiError {
    ApiError::PermissionsDenied {
        denied: vec![DeniedAction {
            resource: "projects".into(),
            action: "read".into(),
        }],
    }
}

#[test]
fn the_switcher_lists_the_organisations_projects_then_all_projects() {
    let mut state = started(Ok(projects()));
    assert_eq!(
        state.project_name(&ProjectId(PROJECT.into())),
        Some("default")
    );
    update(&mut state, Command::OpenProjects);
    assert!(matches!(state.popup, Some(Popup::Projects { selected: 0 })));
    assert_eq!(state.context(), Context::Projects);
    assert_eq!(
        state.project_choices(),
        [
            ProjectChoice::One(ProjectId(PROJECT.into())),
            ProjectChoice::One(ProjectId(BILLING.into())),
            ProjectChoice::One(ProjectId(DATA.into())),
            ProjectChoice::All,
        ]
    );
}

#[test]
fn choosing_a_project_reloads_the_list_in_it_and_makes_new_credentials_there() {
    let mut state = started(Ok(projects()));
    update(&mut state, Command::GoToQueues);
    let effects = choose_project(&mut state, 1);
    assert_eq!(
        listings(&effects)
            .into_iter()
            .map(|(_, region, project)| (region, project))
            .collect::<Vec<_>>(),
        [(Region::FrPar, BILLING.to_owned())]
    );
    assert_eq!(state.project_id, ProjectId(BILLING.into()));
    assert!(!state.all_projects);
    // The Overview reads the chosen project's service, and Generate makes credentials there.
    assert!(api_calls(&effects).contains(&&ApiCall::GetInfo {
        service: Service::Sqs,
        region: Region::FrPar,
        project_id: ProjectId(BILLING.into()),
    }));
    let id = listings(&effects)[0].0;
    update(
        &mut state,
        Event::Answer(id, ApiAnswer::Credentials(Ok(Vec::new()))),
    );
    update(&mut state, Command::Generate);
    match &form(&state).purpose {
        FormPurpose::Generate {
            place: Place::Service { project_id, .. },
            ..
        } => assert_eq!(project_id.as_str(), BILLING),
        other => panic!("not a generate form: {other:?}"),
    }
}

#[test]
fn a_key_that_may_not_list_projects_stays_in_the_configured_project_and_says_why() {
    let mut state = started(Err(unavailable()));
    assert!(
        matches!(state.projects, Projects::Unavailable(ref error) if error.is_permissions_denied())
    );
    // Only the configured project, no All projects.
    assert_eq!(
        state.project_choices(),
        [ProjectChoice::One(ProjectId(PROJECT.into()))]
    );
    update(&mut state, Command::GoToQueues);
    let effects = choose_project(&mut state, 3);
    assert!(
        listings(&effects).is_empty(),
        "nothing changed: {effects:?}"
    );
    assert_eq!(state.project_id, ProjectId(PROJECT.into()));
}

#[test]
fn without_an_organisation_the_switcher_offers_the_configured_project_and_asks_nothing() {
    let mut state = State::new(session(false), Region::FrPar);
    assert!(start(&mut state).is_empty());
    assert_eq!(state.projects, Projects::NoOrganisation);
    let effects = update(&mut state, Command::OpenProjects);
    assert!(effects.is_empty());
    assert_eq!(
        state.project_choices(),
        [ProjectChoice::One(ProjectId(PROJECT.into()))]
    );
}

#[test]
fn all_regions_lists_both_and_merges_them_as_they_answer() {
    let mut state = on_queues(false);
    let effects = choose_region(&mut state, Region::ALL.len());
    assert!(state.all_regions);
    let calls = listings(&effects);
    assert_eq!(
        calls
            .iter()
            .map(|(_, region, _)| *region)
            .collect::<Vec<_>>(),
        [Region::FrPar, Region::NlAms]
    );
    let (fr_par, nl_ams) = (calls[0].0, calls[1].0);
    update(
        &mut state,
        Event::Answer(
            nl_ams,
            ApiAnswer::Credentials(Ok(vec![credentials(7, "ams-reader", Region::NlAms)])),
        ),
    );
    // The answered region shows while the other loads.
    assert_eq!(names(&state), ["ams-reader"]);
    assert!(credentials_list(&state).parts().is_loading());
    update(
        &mut state,
        Event::Answer(
            fr_par,
            ApiAnswer::Credentials(Ok(vec![credentials(1, "par-writer", Region::FrPar)])),
        ),
    );
    assert_eq!(names(&state), ["ams-reader", "par-writer"]);
    assert!(!credentials_list(&state).parts().is_loading());
}

/// The name of the selected row.
fn selected(state: &State) -> Option<String> {
    credentials_list(state)
        .selected_row()
        .map(|row| row.name.clone())
}

#[test]
fn a_merged_list_starts_on_its_first_row_and_keeps_the_row_the_person_chose() {
    let created = |index: u32, name: &str, region: Region, day: &str| ServiceCredentials {
        created_at: Some(Timestamp(
            format!("2025-{day}T00:00:00Z").parse().expect("a date"),
        )),
        ..credentials(index, name, region)
    };
    let mut state = on_queues(false);
    let calls = listings(&choose_region(&mut state, Region::ALL.len()));
    let (fr_par, nl_ams) = (calls[0].0, calls[1].0);
    // The region that answers first is not the one whose rows come first.
    let ams = vec![
        created(7, "ams-reader", Region::NlAms, "03-01"),
        created(8, "ams-writer", Region::NlAms, "04-01"),
    ];
    update(
        &mut state,
        Event::Answer(nl_ams, ApiAnswer::Credentials(Ok(ams))),
    );
    assert_eq!(selected(&state).as_deref(), Some("ams-reader"));
    let par = vec![created(1, "par-writer", Region::FrPar, "01-01")];
    update(
        &mut state,
        Event::Answer(fr_par, ApiAnswer::Credentials(Ok(par))),
    );
    assert_eq!(names(&state), ["par-writer", "ams-reader", "ams-writer"]);
    assert_eq!(selected(&state).as_deref(), Some("par-writer"));

    // Once the person moved, the selection stays on their row whatever arrives.
    update(&mut state, Command::Down);
    assert_eq!(selected(&state).as_deref(), Some("ams-reader"));
    let calls = listings(&update(&mut state, Command::Reload));
    let par = vec![
        created(0, "par-early", Region::FrPar, "01-01"),
        created(1, "par-writer", Region::FrPar, "01-01"),
    ];
    update(
        &mut state,
        Event::Answer(calls[0].0, ApiAnswer::Credentials(Ok(par))),
    );
    assert_eq!(
        names(&state),
        ["par-early", "par-writer", "ams-reader", "ams-writer"]
    );
    assert_eq!(selected(&state).as_deref(), Some("ams-reader"));
}

#[test]
fn a_region_that_fails_shows_in_place_while_the_other_lists() {
    let mut state = on_queues(false);
    let effects = choose_region(&mut state, Region::ALL.len());
    let calls = listings(&effects);
    update(
        &mut state,
        Event::Answer(
            calls[0].0,
            ApiAnswer::Credentials(Ok(vec![credentials(1, "par-writer", Region::FrPar)])),
        ),
    );
    update(
        &mut state,
        Event::Answer(
            calls[1].0,
            ApiAnswer::Credentials(Err(ApiError::Server {
                status: 503,
                message: "down for maintenance".into(),
            })),
        ),
    );
    // No pop-up: the failure is the region's, not the list's.
    assert!(state.popup.is_none(), "{:?}", state.popup);
    assert_eq!(names(&state), ["par-writer"]);
    let list = credentials_list(&state);
    let failed: Vec<_> = list
        .parts()
        .failed()
        .map(|(scope, _)| scope.region)
        .collect();
    assert_eq!(failed, [Region::NlAms]);
    assert!(list.parts().failure().is_none());
    // A reload asks both again and keeps what is shown meanwhile.
    let effects = update(&mut state, Command::Reload);
    assert_eq!(listings(&effects).len(), 2);
    assert_eq!(names(&state), ["par-writer"]);
}

#[test]
fn update_and_revoke_act_in_the_rows_own_region_and_project() {
    let mut state = started(Ok(projects()));
    update(&mut state, Command::GoToQueues);
    choose_region(&mut state, Region::ALL.len());
    let effects = choose_project(&mut state, 3);
    assert!(state.all_projects);
    let calls = listings(&effects);
    // 2 regions × 3 projects.
    assert_eq!(calls.len(), 6);
    for (id, region, project) in &calls {
        let rows = match (region, project.as_str()) {
            (Region::NlAms, DATA) => vec![in_scope(9, "lake-loader", Region::NlAms, DATA)],
            _ => Vec::new(),
        };
        update(
            &mut state,
            Event::Answer(*id, ApiAnswer::Credentials(Ok(rows))),
        );
    }
    assert_eq!(names(&state), ["lake-loader"]);
    update(&mut state, Command::Update);
    match &form(&state).purpose {
        FormPurpose::Update { target, .. } => {
            assert_eq!(target.region, Region::NlAms);
            assert_eq!(target.project_id.as_str(), DATA);
        }
        other => panic!("not an update form: {other:?}"),
    }
    update(&mut state, Command::Back);
    update(&mut state, Command::Revoke);
    match &state.popup {
        Some(Popup::Revoke { target, .. }) => {
            assert_eq!(target.region, Region::NlAms);
            assert_eq!(target.project_id.as_str(), DATA);
        }
        other => panic!("no revoke pop-up: {other:?}"),
    }
    update(&mut state, Command::FocusNext);
    let effects = update(&mut state, Command::Activate);
    assert_eq!(
        api_calls(&effects),
        [&ApiCall::Revoke(CredentialsRef {
            product: Product::Queues,
            region: Region::NlAms,
            id: credentials(9, "", Region::NlAms).id,
        })]
    );
}

#[test]
fn the_filter_of_a_merged_list_matches_its_region_and_project_columns() {
    let mut state = started(Ok(projects()));
    update(&mut state, Command::GoToQueues);
    choose_region(&mut state, Region::ALL.len());
    let effects = choose_project(&mut state, 3);
    for (id, region, project) in listings(&effects) {
        let rows = match (region, project.as_str()) {
            (Region::NlAms, DATA) => vec![in_scope(9, "lake-loader", Region::NlAms, DATA)],
            (Region::FrPar, BILLING) => vec![in_scope(4, "invoicer", Region::FrPar, BILLING)],
            (Region::FrPar, PROJECT) => vec![in_scope(1, "orders", Region::FrPar, PROJECT)],
            _ => Vec::new(),
        };
        update(
            &mut state,
            Event::Answer(id, ApiAnswer::Credentials(Ok(rows))),
        );
    }
    let filtered = |state: &mut State, text: &str| {
        update(state, Command::Filter);
        update(state, Event::Edit(tui_input::InputRequest::DeleteLine));
        type_text(state, text);
        update(state, Command::Open);
        names(state)
    };
    assert_eq!(filtered(&mut state, "ams"), ["lake-loader"]);
    assert_eq!(filtered(&mut state, "billing"), ["invoicer"]);
    assert_eq!(filtered(&mut state, "data-plat"), ["lake-loader"]);
    assert_eq!(filtered(&mut state, "fr-par"), ["orders", "invoicer"]);

    // A list of one region and project has no such columns: its filter does not read them.
    choose_region(&mut state, 0);
    let effects = choose_project(&mut state, 0);
    for (id, ..) in listings(&effects) {
        let rows = vec![in_scope(1, "orders", Region::FrPar, PROJECT)];
        update(
            &mut state,
            Event::Answer(id, ApiAnswer::Credentials(Ok(rows))),
        );
    }
    assert_eq!(filtered(&mut state, "fr-par"), Vec::<String>::new());
}

#[test]
fn the_first_pages_show_at_once_and_the_rest_keeps_what_the_person_did() {
    let mut state = State::new(session(false), Region::FrPar);
    let effects = update(&mut state, Command::GoToQueues);
    let list = listings(&effects)[0].0;
    let row = |index: u32| credentials(index, &format!("key-{index:05}"), Region::FrPar);
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Page {
                rows: Page::Credentials((0..100).map(row).collect()),
                total: 20_000,
            },
        ),
    );
    assert_eq!(credentials_list(&state).rows().len(), 100);
    assert_eq!(
        credentials_list(&state).parts().progress(),
        Some(Progress {
            received: 100,
            total: Some(20_000)
        })
    );
    // The person moves, filters, opens a menu while the rest loads.
    update(&mut state, Command::Down);
    update(&mut state, Command::Down);
    update(&mut state, Command::Filter);
    for c in "key-000".chars() {
        update(
            &mut state,
            Event::Edit(tui_input::InputRequest::InsertChar(c)),
        );
    }
    update(&mut state, Command::Open);
    update(&mut state, Command::Down);
    let selected = credentials_list(&state)
        .selected_row()
        .unwrap()
        .name
        .clone();
    assert_ne!(selected, "key-00000");
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Page {
                rows: Page::Credentials((100..4_200).map(row).collect()),
                total: 20_000,
            },
        ),
    );
    assert_eq!(
        credentials_list(&state)
            .parts()
            .progress()
            .unwrap()
            .received,
        4_200
    );
    // The whole list: same filter, same row selected.
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Credentials(Ok((0..20_000).map(row).collect())),
        ),
    );
    let list = credentials_list(&state);
    assert!(!list.parts().is_loading());
    assert_eq!(list.rows().len(), 20_000);
    assert_eq!(list.shown().filter().text(), "key-000");
    assert_eq!(list.shown().visible().len(), 100);
    assert_eq!(list.selected_row().unwrap().name, selected);
}

#[test]
fn a_reload_keeps_the_rows_shown_until_the_whole_answer() {
    let mut state = on_queues(false);
    let effects = update(&mut state, Command::Reload);
    let list = listings(&effects)[0].0;
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Page {
                rows: Page::Credentials(vec![credentials(1, "orders-producer", Region::FrPar)]),
                total: 3,
            },
        ),
    );
    // No duplicate of the page's row: the old rows stay as they were.
    assert_eq!(
        names(&state),
        ["orders-producer", "orders-consumer", "billing-admin"]
    );
    assert_eq!(
        credentials_list(&state)
            .parts()
            .progress()
            .unwrap()
            .received,
        1
    );
}

#[test]
fn the_switcher_asks_again_after_a_failure_but_not_after_a_refusal() {
    let mut state = started(Err(ApiError::Network {
        target: "api.scaleway.com".into(),
        cause: "connection refused".into(),
    }));
    let effects = update(&mut state, Command::OpenProjects);
    assert!(
        matches!(api_calls(&effects)[..], [ApiCall::ListProjects { .. }]),
        "{effects:?}"
    );
    let mut state = started(Err(unavailable()));
    assert!(update(&mut state, Command::OpenProjects).is_empty());
}
