//! NATS: the accounts of the region, and an account's page with its credentials.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph};

use super::list::{self, Column, ListFrame, RowFacts};
use super::press;
use super::scope;
use super::text::{abbreviate, capitalize, clean, date, date_time, fit};
use crate::command::Command;
use crate::hit::Hits;
use crate::keymap::Context;
use crate::list::{ListView, Scope, SortKey};
use crate::screen::NatsAccountPage;
use crate::state::State;
use crate::theme::Theme;
use mnq_api::model::{NatsAccount, NatsCredentials};

/// The account information panel's height.
const ACCOUNT_PANEL_ROWS: u16 = 6;

/// Where an account page's credentials list goes: under the account panel.
pub fn credentials_area(body: Rect) -> Rect {
    let [_, credentials] =
        Layout::vertical([Constraint::Length(ACCOUNT_PANEL_ROWS), Constraint::Fill(1)]).areas(body);
    credentials
}

pub fn draw_accounts(
    frame: &mut Frame,
    area: Rect,
    accounts: &ListView<NatsAccount>,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) -> Option<Rect> {
    let wide = area.width >= 110;
    let scope_columns = scope::columns(state);
    let scoped = scope_columns.len();
    let mut columns = vec![Column::name()];
    columns.extend(scope_columns);
    columns.push(Column::droppable("Account ID", 11, 1));
    if wide {
        columns.push(Column::droppable("Endpoint", 42, 0));
    }
    columns.push(Column::date("Created", SortKey::Created, accounts, 2));
    let create = match press(
        state,
        Context::NatsAccounts,
        Command::Generate,
        "create one",
    ) {
        Some(press) if !state.session.readonly => format!("{press}, or use"),
        _ => "Create one in the Scaleway console or with".to_owned(),
    };
    let empty = format!(
        "No NATS account {}. {} `scw mnq nats create-account`.",
        scope::looked_in(state),
        capitalize(&create)
    );
    let title = Line::from(vec![
        Span::styled(" NATS accounts ", theme.accent),
        Span::styled(format!("· {} ", scope::shown(state)), theme.muted),
    ]);
    let muted = theme.muted;
    let scope_name = |scope: &Scope| scope::scope_name(state, scope);
    list::draw(
        frame,
        area,
        theme,
        accounts,
        ListFrame {
            context: Context::NatsAccounts,
            title,
            empty: &empty,
            filter_matches: &scope::filter_matches(state, &["name", "account key"]),
            columns: &columns,
            keymap: &state.session.keymap,
            button: (!state.session.readonly).then_some(("New account", Command::Generate)),
            scope_name: &scope_name,
            stale_days: state.session.stale_days,
            permissions: false,
        },
        move |account: &NatsAccount, facts: RowFacts, widths: &[usize]| {
            let mut cells = vec![Cell::from(
                fit(&clean(&account.name), widths[0]).into_owned(),
            )];
            cells.extend(scope::cells(
                state,
                theme,
                account.region,
                &account.project_id,
                &widths[1..=scoped],
            ));
            cells.extend([match facts.mark {
                Some(mark) => mark.cell(theme),
                None => Cell::from(Span::styled(abbreviate(account.id.as_str(), 6, 4), muted)),
            }]);
            if wide {
                cells.push(Cell::from(Span::styled(
                    clean(&account.endpoint).into_owned(),
                    muted,
                )));
            }
            cells.push(list::created_cell(account.created_at, facts.stale, theme));
            cells
        },
        hits,
    )
}

pub fn draw_account(
    frame: &mut Frame,
    body: Rect,
    page: &NatsAccountPage,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) -> Option<Rect> {
    let [panel, credentials] =
        Layout::vertical([Constraint::Length(ACCOUNT_PANEL_ROWS), Constraint::Fill(1)]).areas(body);
    draw_panel(frame, panel, &page.account, state, theme);

    let wide = credentials.width >= 110;
    let columns = [
        Column::name(),
        Column::droppable("Checksum", if wide { 40 } else { 11 }, 2),
        Column::date("Created", SortKey::Created, &page.credentials, 1),
        Column::date("Updated", SortKey::Updated, &page.credentials, 0),
    ];
    let generate = match press(
        state,
        Context::NatsAccount,
        Command::Generate,
        "generate some",
    ) {
        Some(press) if !state.session.readonly => format!("{press}, or use"),
        _ => "Generate them in the Scaleway console or with".to_owned(),
    };
    let empty = format!(
        "No credentials for {}. {} `scw mnq nats create-credentials`.",
        clean(&page.account.name),
        capitalize(&generate)
    );
    let title = Line::from(vec![
        Span::styled(" Credentials ", theme.accent),
        Span::styled(format!("· {} ", clean(&page.account.name)), theme.muted),
    ]);
    let muted = theme.muted;
    list::draw(
        frame,
        credentials,
        theme,
        &page.credentials,
        ListFrame {
            context: Context::NatsAccount,
            title,
            empty: &empty,
            filter_matches: "name, checksum or id",
            columns: &columns,
            keymap: &state.session.keymap,
            button: (!state.session.readonly)
                .then_some(("Generate credentials", Command::Generate)),
            scope_name: &|scope: &Scope| scope.region.to_string(),
            stale_days: state.session.stale_days,
            permissions: false,
        },
        |row: &NatsCredentials, facts: RowFacts, widths: &[usize]| {
            let checksum = if wide {
                row.checksum.clone()
            } else {
                abbreviate(&row.checksum, 6, 4)
            };
            let replaced = state.replaced.contains_key(&row.id);
            vec![
                list::name_cell(&row.name, replaced, widths[0], theme),
                match facts.mark {
                    Some(mark) => mark.cell(theme),
                    None => Cell::from(Span::styled(clean(&checksum).into_owned(), muted)),
                },
                list::created_cell(row.created_at, facts.stale, theme),
                Cell::from(Span::styled(date(row.updated_at), muted)),
            ]
        },
        hits,
    )
}

fn draw_panel(frame: &mut Frame, area: Rect, account: &NatsAccount, state: &State, theme: &Theme) {
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::from(vec![
            Span::styled(" Account ", theme.accent),
            Span::styled(format!("· {} ", clean(&account.name)), theme.muted),
        ]));
    let field = |label: &'static str, value: String| {
        vec![
            Span::styled(format!(" {label:<9}"), theme.muted),
            Span::raw(value),
        ]
    };
    let then = |label: &'static str, value: String| {
        vec![
            Span::styled(format!("   {label} "), theme.muted),
            Span::raw(value),
        ]
    };
    let mut endpoint = field("Endpoint", clean(&account.endpoint).into_owned());
    endpoint.extend(then("Region", account.region.to_string()));
    let mut dates = field("Created", date_time(account.created_at));
    dates.extend(then("Updated", date_time(account.updated_at)));
    let lines = vec![
        Line::from(field("ID", account.id.to_string())),
        Line::from(endpoint),
        Line::from(field(
            "Project",
            match state.project_name(&account.project_id) {
                Some(name) => format!("{} · {}", clean(name), account.project_id),
                None => account.project_id.to_string(),
            },
        )),
        Line::from(dates),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
