//! Reading a list off the screen text of a pseudo-terminal.

/// The name cell of a list row ("│▶ name …" when selected, "│  name …" otherwise). Names in
/// the demo data have no spaces; long ones end with "…" where the column cuts them.
pub fn row_name(line: &str) -> Option<&str> {
    line.strip_prefix("│▶ ")
        .or_else(|| line.strip_prefix("│  "))?
        .split_whitespace()
        .next()
}

/// The name of the selected row.
pub fn selected_name(screen: &str) -> Option<&str> {
    screen
        .lines()
        .find(|line| line.starts_with("│▶ "))
        .and_then(row_name)
}

/// Whether a name cell shows `name`, whole or cut short with "…".
pub fn cell_shows(cell: &str, name: &str) -> bool {
    cell == name
        || cell
            .strip_suffix('…')
            .is_some_and(|start| !start.is_empty() && name.starts_with(start))
}

/// Whether the list on screen has a row for `name`.
pub fn lists(screen: &str, name: &str) -> bool {
    screen
        .lines()
        .filter_map(row_name)
        .any(|cell| cell_shows(cell, name))
}
