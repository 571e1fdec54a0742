//! The Queues and Topics and Events page: the Overview and Credentials tabs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Padding, Paragraph, Wrap};

use super::list::{self, Column, ListFrame, RowFacts};
use super::press;
use super::scope;
use super::text::{capitalize, clean, date, date_time, thousands};
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::list::{Scope, SortKey};
use crate::screen::{Info, ServicePage, ServiceTab};
use crate::state::State;
use crate::theme::Theme;
use mnq_api::model::{ServiceCredentials, ServiceStatus};

/// Where the credentials list goes: the body under the tabs line.
pub fn list_area(body: Rect) -> Rect {
    let [_, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    list
}

pub fn draw(
    frame: &mut Frame,
    body: Rect,
    page: &ServicePage,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) -> Option<Rect> {
    let [tabs, content] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    draw_tabs(frame, tabs, page, theme);
    // " " then " Overview " (10 columns), " │ ", " Credentials " (13).
    hits.add(
        Rect::new(tabs.x + 1, tabs.y, 10, 1).intersection(tabs),
        Hit::Tab(ServiceTab::Overview),
    );
    hits.add(
        Rect::new(tabs.x + 14, tabs.y, 13, 1).intersection(tabs),
        Hit::Tab(ServiceTab::Credentials),
    );
    match page.tab {
        ServiceTab::Credentials => draw_credentials(frame, content, page, state, theme, hits),
        ServiceTab::Overview => {
            draw_overview(frame, content, page, state, theme);
            None
        }
    }
}

fn draw_tabs(frame: &mut Frame, area: Rect, page: &ServicePage, theme: &Theme) {
    let tab = |label: &'static str, active: bool| {
        if active {
            Span::styled(
                format!(" {label} "),
                theme.accent.add_modifier(Modifier::REVERSED),
            )
        } else {
            Span::styled(format!(" {label} "), theme.muted)
        }
    };
    let mut spans = vec![
        Span::raw(" "),
        tab("Overview", page.tab == ServiceTab::Overview),
        Span::styled(" │ ", theme.border),
        tab("Credentials", page.tab == ServiceTab::Credentials),
    ];
    if !page.credentials.parts().is_loading() && page.credentials.parts().failure().is_none() {
        let count = page.credentials.rows().len();
        let noun = if count == 1 {
            "credential"
        } else {
            "credentials"
        };
        spans.push(Span::styled(
            format!("   {} {noun}", thousands(count as u64)),
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_credentials(
    frame: &mut Frame,
    area: Rect,
    page: &ServicePage,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) -> Option<Rect> {
    let product = page.service.product();
    // The dates give way first, then the access key: the name and permissions stay.
    let scope_columns = scope::columns(state);
    let scoped = scope_columns.len();
    let mut columns = vec![Column::name()];
    columns.extend(scope_columns);
    columns.extend([
        Column::droppable("Access key", 20, 2),
        Column::fixed("Write", 5),
        Column::fixed("Read", 4),
        Column::fixed("Manage", 6),
        Column::date("Created", SortKey::Created, &page.credentials, 1),
        Column::date("Updated", SortKey::Updated, &page.credentials, 0),
    ]);
    let generate = match press(
        state,
        Context::Credentials,
        Command::Generate,
        "generate some",
    ) {
        Some(press) if !state.session.readonly => format!("{press}, or use"),
        _ => "Create them in the Scaleway console or with".to_owned(),
    };
    let empty = format!(
        "No {product} credentials {}. {} `scw mnq {} create-credentials`.",
        scope::looked_in(state),
        capitalize(&generate),
        page.service.api_name()
    );
    let title = Line::from(vec![
        Span::styled(format!(" {product} credentials "), theme.accent),
        Span::styled(format!("· {} ", scope::shown(state)), theme.muted),
    ]);
    let muted = theme.muted;
    let scope_name = |scope: &Scope| scope::scope_name(state, scope);
    list::draw(
        frame,
        area,
        theme,
        &page.credentials,
        ListFrame {
            context: Context::Credentials,
            title,
            empty: &empty,
            filter_matches: &scope::filter_matches(state, &["name", "access key", "id"]),
            columns: &columns,
            keymap: &state.session.keymap,
            button: (!state.session.readonly)
                .then_some(("Generate credentials", Command::Generate)),
            scope_name: &scope_name,
            stale_days: state.session.stale_days,
            permissions: true,
        },
        |row: &ServiceCredentials, facts: RowFacts, widths: &[usize]| {
            let permissions = row.permissions();
            let tick = |granted: bool| Cell::from(if granted { "  ✓" } else { "" });
            let replaced = state.replaced.contains_key(&row.id);
            let mut cells = vec![list::name_cell(&row.name, replaced, widths[0], theme)];
            cells.extend(scope::cells(
                state,
                theme,
                row.region,
                &row.project_id,
                &widths[1..=scoped],
            ));
            cells.extend([
                match facts.mark {
                    Some(mark) => mark.cell(theme),
                    None => Cell::from(clean(&row.access_key).into_owned()),
                },
                tick(permissions.can_publish),
                tick(permissions.can_receive),
                tick(permissions.can_manage),
                list::created_cell(row.created_at, facts.stale, theme),
                Cell::from(Span::styled(date(row.updated_at), muted)),
            ]);
            cells
        },
        hits,
    )
}

fn draw_overview(frame: &mut Frame, area: Rect, page: &ServicePage, state: &State, theme: &Theme) {
    let product = page.service.product();
    let project = scope::project_label(state, &state.project_id);
    let place = match state.all_projects {
        true => format!("{} · project {project}", state.region),
        false => state.region.to_string(),
    };
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::from(vec![
            Span::styled(format!(" {product} "), theme.accent),
            Span::styled(format!("· {place} "), theme.muted),
        ]));
    let field = |label: &'static str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<11}"), theme.muted),
            Span::raw(value),
        ])
    };
    let mut lines = vec![Line::raw("")];
    // The status is of one region and project, while the lists show several.
    if state.all_regions || state.all_projects {
        lines.push(Line::styled(one_of_several(state, &project), theme.warning));
        lines.push(Line::raw(""));
    }
    match &page.info {
        Info::Loading(_) => lines.push(Line::styled("  Loading…", theme.muted)),
        Info::Failed(error) => {
            lines.push(Line::styled(
                format!(
                    "  Could not read the service status: {}",
                    clean(&error.to_string())
                ),
                theme.error,
            ));
            if let Some(press) = press(state, Context::Overview, Command::Reload, "reload") {
                lines.push(Line::styled(
                    format!("  {}.", capitalize(&press)),
                    theme.muted,
                ));
            }
        }
        Info::Loaded(info) => {
            let activated = info.status == ServiceStatus::Enabled;
            let status = match info.status {
                ServiceStatus::Enabled => Span::styled("● Activated", theme.ok),
                ServiceStatus::Disabled => Span::styled("○ Not activated", theme.danger),
                ServiceStatus::UnknownStatus | ServiceStatus::Unrecognised => {
                    Span::styled("? Unknown", theme.muted)
                }
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<11}", "Status"), theme.muted),
                status,
            ]));
            lines.push(field("Endpoint", clean(&info.endpoint_url).into_owned()));
            lines.push(field("Region", info.region.to_string()));
            lines.push(field("Project", info.project_id.to_string()));
            if activated {
                lines.push(field("Activated", date_time(info.created_at)));
            } else {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    format!(
                        "{product} is not activated for this project in {}: it has no \
                         credentials and its endpoint refuses requests.",
                        info.region
                    ),
                    theme.muted,
                ));
                lines.push(Line::styled(
                    format!(
                        "Activate it in the Scaleway console ({product} › Overview), or run: \
                         scw mnq {} activate project-id={} region={}",
                        page.service.api_name(),
                        info.project_id,
                        info.region
                    ),
                    theme.muted,
                ));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block.padding(Padding::horizontal(2)))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// What the Overview says while the lists show all regions or all projects: its status is of
/// one region and project only, where new credentials are made, and how to see another's.
fn one_of_several(state: &State, project: &str) -> String {
    let keymap = &state.session.keymap;
    let choose = |command, what: &str| match keymap.keys_for(Context::Overview, command, " or ") {
        Some(keys) => format!("{what} ({keys})"),
        None => what.to_owned(),
    };
    let (lists, another) = match (state.all_regions, state.all_projects) {
        (true, true) => (
            "every region and project",
            format!(
                "{} and {}",
                choose(Command::OpenRegions, "a region"),
                choose(Command::OpenProjects, "a project")
            ),
        ),
        (true, false) => ("every region", choose(Command::OpenRegions, "a region")),
        _ => ("every project", choose(Command::OpenProjects, "a project")),
    };
    format!(
        "This status is of {} in project {project} only, where new credentials are created; the \
         Credentials tab lists {lists}. Choose {another} to see the status of another.",
        state.region
    )
}
