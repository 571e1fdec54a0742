//! Snapshots of the organisation views on ratatui's `TestBackend`, with the demo data: lists
//! over all regions and all projects (with their Region and Project columns), a region that
//! failed shown in place, a long list loading from its first page, and the project switcher,
//! also when the API key may not list the projects. `INSTA_UPDATE=no` (CI) fails on any
//! unreviewed change.

use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, DeniedAction};
use mnq_tui::app::*;
use mnq_tui::emulator::Store;

use crate::support::fake_api::{answer, demo};
use crate::support::states::type_text;
use crate::support::view::{draw, screen_lines};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, mut state: State) {
    for (width, height) in SIZES {
        let terminal = draw(&mut state, width, height);
        insta::assert_snapshot!(format!("{name}@{width}x{height}"), terminal.backend());
    }
}

/// The text on screen, line by line.
fn text(state: &mut State, width: u16, height: u16) -> String {
    screen_lines(&draw(state, width, height)).join("\n")
}

/// Answers every call with the demo data, except those `fail` picks.
fn answer_all(
    state: &mut State,
    effects: Vec<Effect>,
    store: &Store,
    fail: impl Fn(&ApiCall) -> Option<ApiError>,
) {
    for effect in effects {
        if let Effect::Api(id, call) = effect {
            let reply = match fail(&call) {
                Some(error) => match call {
                    ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Err(error)),
                    ApiCall::ListProjects { .. } => ApiAnswer::Projects(Err(error)),
                    other => panic!("no failure for {other:?}"),
                },
                None => answer(&call, store),
            };
            update(state, Event::Answer(id, reply));
        }
    }
}

fn never(_: &ApiCall) -> Option<ApiError> {
    None
}

/// The demo console as it starts, its projects answered (or refused with `projects`).
fn started(store: &Store, projects: Option<ApiError>) -> State {
    let session = Session {
        organization_id: Some(store.organization.id.clone()),
        ..Session::new("demo", store.api_keys[0].default_project_id.clone())
    };
    let mut state = State::new(session, Region::FrPar);
    let effects = start(&mut state);
    answer_all(&mut state, effects, store, |_| projects.clone());
    state
}

/// Picks line `line` of the dropdown `open` opens.
fn choose(state: &mut State, open: Command, line: usize) -> Vec<Effect> {
    let mut effects = update(state, open);
    update(state, Command::First);
    for _ in 0..line {
        update(state, Command::Down);
    }
    effects.extend(update(state, Command::Open));
    effects
}

/// Queues over both regions and the demo's three projects.
fn queues_everywhere(store: &Store, fail: impl Fn(&ApiCall) -> Option<ApiError>) -> State {
    let mut state = started(store, None);
    update(&mut state, Command::GoToQueues);
    choose(&mut state, Command::OpenRegions, Region::ALL.len());
    let effects = choose(&mut state, Command::OpenProjects, 3);
    answer_all(&mut state, effects, store, fail);
    state
}

#[test]
fn queues_in_all_regions_and_projects() {
    let store = demo();
    let mut state = queues_everywhere(&store, never);
    let screen = text(&mut state, 120, 40);
    assert!(
        screen.contains("All projects ▾ · All regions ▾"),
        "{screen}"
    );
    assert!(
        screen.contains("Region") && screen.contains("Project"),
        "{screen}"
    );
    assert!(screen.contains("data-platform"), "{screen}");
    assert!(screen.contains("nl-ams"), "{screen}");
    snapshot("queues_all_regions_all_projects", state);
}

#[test]
fn the_overview_says_it_is_of_one_region_and_project_while_the_lists_show_all() {
    let store = demo();
    let mut state = queues_everywhere(&store, never);
    update(&mut state, Command::NextTab);
    let screen = text(&mut state, 120, 40);
    assert!(
        screen.contains("This status is of fr-par in project default only"),
        "{screen}"
    );
    snapshot("queues_overview_all_regions_all_projects", state);
}

#[test]
fn the_revoke_question_names_the_project_as_the_list_does() {
    let store = demo();
    let mut state = queues_everywhere(&store, never);
    update(&mut state, Command::Filter);
    type_text(&mut state, "etl-loader");
    update(&mut state, Command::Open);
    update(&mut state, Command::Revoke);
    let screen = text(&mut state, 120, 40);
    assert!(
        screen.contains("Queues · nl-ams · project data-platform"),
        "{screen}"
    );
}

#[test]
fn a_region_that_failed_is_said_in_place_of_its_rows() {
    let store = demo();
    let down = |call: &ApiCall| match call {
        ApiCall::ListCredentials {
            region: Region::NlAms,
            ..
        } => Some(ApiError::Server {
            status: 503,
            message: "down for maintenance".into(),
        }),
        _ => None,
    };
    let mut state = queues_everywhere(&store, down);
    let screen = text(&mut state, 120, 40);
    // One line per failed listing (three projects in nl-ams), the fr-par rows beneath.
    assert_eq!(screen.matches("⚠ nl-ams · project").count(), 3, "{screen}");
    assert!(screen.contains("fr-par"), "{screen}");
    assert!(state.popup.is_none());
    snapshot("all_regions_one_failed", state);
}

#[test]
fn a_long_list_shows_its_first_page_and_how_far_it_got() {
    let store = demo();
    let mut state = started(&store, None);
    let effects = update(&mut state, Command::GoToQueues);
    let list = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Api(id, ApiCall::ListCredentials { .. }) => Some(*id),
            _ => None,
        })
        .unwrap();
    let template = store.sqs_credentials[0].clone();
    let rows: Vec<ServiceCredentials> = (0..4_200)
        .map(|index| ServiceCredentials {
            id: CredentialsId(format!("00000000-0000-4000-8000-{index:012}")),
            name: format!("batch-worker-{index:05}"),
            ..template.clone()
        })
        .collect();
    update(
        &mut state,
        Event::Answer(
            list,
            ApiAnswer::Page {
                rows: Page::Credentials(rows),
                total: 20_000,
            },
        ),
    );
    let screen = text(&mut state, 80, 24);
    assert!(screen.contains("loading 4,200 of 20,000"), "{screen}");
    assert!(screen.contains("1 of 4,200"), "{screen}");
    snapshot("loading_first_pages", state);
}

#[test]
fn project_switcher() {
    let store = demo();
    let mut state = started(&store, None);
    update(&mut state, Command::GoToQueues);
    update(&mut state, Command::OpenProjects);
    let screen = text(&mut state, 80, 24);
    assert!(screen.contains("All projects"), "{screen}");
    assert!(screen.contains("✓ current"), "{screen}");
    snapshot("project_switcher", state);
}

#[test]
fn project_switcher_when_the_key_may_not_list_projects() {
    let store = demo();
    let denied = ApiError::PermissionsDenied {
        denied: vec![DeniedAction {
            action: "read".into(),
            resource: "projects".into(),
        }],
    };
    let mut state = started(&store, Some(denied));
    update(&mut state, Command::GoToQueues);
    update(&mut state, Command::OpenProjects);
    let screen = text(&mut state, 80, 24);
    assert!(
        screen.contains("may not list the organisation's"),
        "{screen}"
    );
    assert!(!screen.contains("All projects"), "{screen}");
    snapshot("project_switcher_denied", state);
}

#[test]
fn generating_while_every_project_is_listed_names_the_project_it_goes_to() {
    let store = demo();
    let mut state = queues_everywhere(&store, never);
    update(&mut state, Command::Generate);
    let screen = text(&mut state, 120, 40);
    assert!(
        screen.contains("Generate credentials · Queues · fr-par · project default"),
        "{screen}"
    );
}

#[test]
fn a_long_project_list_scrolls_with_the_selection() {
    let mut store = demo();
    let template = store.projects[0].clone();
    for index in 0..40 {
        let mut project = template.clone();
        project.id = ProjectId(format!("00000000-0000-4000-8000-{index:012}"));
        project.name = format!("team-{index:02}");
        store.projects.push(project);
    }
    let mut state = started(&store, None);
    update(&mut state, Command::GoToQueues);
    update(&mut state, Command::OpenProjects);
    // Past the end: the selection stays on the last line.
    for _ in 0..50 {
        update(&mut state, Command::Down);
    }
    let screen = text(&mut state, 80, 24);
    // The last projects and All projects are on screen, the selection on the last line.
    assert!(screen.contains("▶ All projects"), "{screen}");
    assert!(screen.contains("team-39"), "{screen}");
    assert!(!screen.contains("team-00 "), "{screen}");
    assert!(screen.contains("Project · 44 of 44"), "{screen}");
    // A click on a line picks what it shows.
    let effects = update(&mut state, Event::Click(Some(Hit::Project(41)), false));
    assert!(!effects.is_empty());
    assert_eq!(
        state.project_id.as_str(),
        "00000000-0000-4000-8000-000000000038"
    );
}

#[test]
fn a_long_project_name_leaves_the_region_in_the_header() {
    let mut store = demo();
    store.projects[0].name = "platform-engineering-shared-services-production-eu".into();
    let mut state = started(&store, None);
    update(&mut state, Command::GoToQueues);
    let screen = text(&mut state, 80, 24);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("project platform-engineering-sh… ▾"),
        "{header}"
    );
    assert!(header.contains("fr-par ▾"), "{header}");
}
