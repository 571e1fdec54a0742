//! Finding and ordering rows: the `/` filter ([`Filter`], [`Query`] and the words of
//! [`Flags`]), the sort ([`Sort`]), and the [`Index`] of the rows they read, computed once
//! when the rows change.

use tui_input::Input;

use std::collections::HashMap;

use super::Row;
use mnq_api::model::{Permissions, ProjectId, Region, Timestamp};

/// What a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    Name,
    /// The API's own order, and so the default.
    #[default]
    Created,
    Updated,
}

impl SortKey {
    /// The key `s` moves to: Name, Created, Updated, Name…
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Created,
            SortKey::Created => SortKey::Updated,
            SortKey::Updated => SortKey::Name,
        }
    }

    /// The key as a sentence names it ("sorted by created").
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
        }
    }
}

/// A list's order: by a key, one way or the other. Ties go by name, then id; rows without the
/// date sorted by come last, in the order the API gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The arrow a heading shows for the direction.
    pub fn arrow(self) -> &'static str {
        if self.descending { "↓" } else { "↑" }
    }
}

/// What is true of a row, as bits, which the filter's words ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u8);

impl Flags {
    /// Created before the list's stale cutoff.
    pub const STALE: Flags = Flags(1);
    /// May write (send or publish).
    pub const WRITE: Flags = Flags(2);
    /// May read (receive or subscribe).
    pub const READ: Flags = Flags(4);
    /// May manage.
    pub const MANAGE: Flags = Flags(8);

    /// The filter's words and the flag each stands for.
    pub const WORDS: [(&str, Flags); 4] = [
        ("stale", Flags::STALE),
        ("write", Flags::WRITE),
        ("read", Flags::READ),
        ("manage", Flags::MANAGE),
    ];

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two have a flag in common.
    pub fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    fn of_permissions(permissions: Option<Permissions>) -> Flags {
        let Some(permissions) = permissions else {
            return Flags::default();
        };
        let bit = |granted: bool, flag: Flags| if granted { flag.0 } else { 0 };
        Flags(
            bit(permissions.can_publish, Flags::WRITE)
                | bit(permissions.can_receive, Flags::READ)
                | bit(permissions.can_manage, Flags::MANAGE),
        )
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

/// What the filter's text asks: its words (`stale`, `write`, `read`, `manage`, whole and in
/// any case), which every row shown must have, and the rest of its text, which the name or the
/// key must contain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub words: Flags,
    /// The other tokens, joined by single spaces and lower-cased.
    pub text: String,
}

impl Query {
    pub fn parse(filter: &str) -> Query {
        let mut query = Query::default();
        let mut text: Vec<&str> = Vec::new();
        for token in filter.split_whitespace() {
            match Flags::WORDS
                .iter()
                .find(|(word, _)| token.eq_ignore_ascii_case(word))
            {
                Some((_, flag)) => query.words = query.words | *flag,
                None => text.push(token),
            }
        }
        query.text = text.join(" ").to_lowercase();
        query
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.text.is_empty()
    }

    /// Whether every row this query lets through, `before` let through too.
    pub(super) fn narrows(&self, before: &Query) -> bool {
        self.words.contains(before.words) && self.text.contains(before.text.as_str())
    }
}

/// The `/` filter: a case-insensitive substring of the name or of a key (access key, checksum,
/// id, account key), with words.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub input: Input,
    /// The filter field has the keyboard.
    pub editing: bool,
}

impl Filter {
    pub fn text(&self) -> &str {
        self.input.value()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    pub fn query(&self) -> Query {
        Query::parse(self.text())
    }
}

/// What the filter, the stale mark and the sort read of the rows, computed once when the rows
/// change rather than for every row at every keystroke: every row's name and keys,
/// lower-cased and kept in one string, with a summary of the characters each row has so that
/// most rows are ruled out without reading their text; each row's [`Flags`] and dates; the
/// rows' order by name.
#[derive(Clone, Default)]
pub(super) struct Index {
    text: String,
    /// Row `i`'s name is `text[bounds[2i]..bounds[2i + 1]]` and its keys (its id, access key,
    /// checksum…, each on a line of its own), then on a line its region and project where the
    /// list shows them, `text[bounds[2i + 1]..bounds[2i + 2]]`.
    bounds: Vec<usize>,
    /// Row `i`'s [`bytes_in`] its name and key.
    bytes: Vec<u128>,
    /// Row `i`'s flags: its permissions from the row, [`Flags::STALE`] from
    /// [`Index::mark_stale`].
    flags: Vec<Flags>,
    /// How many rows have [`Flags::STALE`].
    stale_rows: usize,
    /// Row `i`'s creation and update dates.
    created: Vec<Option<Timestamp>>,
    updated: Vec<Option<Timestamp>>,
    /// The rows by name (lower-cased), then id: the sort by name, and the ties of the others.
    by_name: Vec<usize>,
}

/// Which ASCII bytes occur in `text`: bit `b` for byte `b`, and bit 0 (NUL) for any byte of a
/// non-ASCII character. A row can only contain a needle whose bits it has all; when the needle
/// is one ASCII character other than NUL, having its bit is the same as containing it.
fn bytes_in(text: &[u8]) -> u128 {
    text.iter().fold(0, |bits, &byte| {
        bits | 1 << if byte < 128 { byte } else { 0 }
    })
}

/// What of the rows' regions and projects the filter reads besides their names and keys: what
/// a merged list's Region and Project columns show.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Places<'a> {
    pub(super) regions: bool,
    /// The projects' names (a project without one is shown, and matched, by the start of its
    /// id); `None` when the list is of one project.
    pub(super) projects: Option<&'a HashMap<ProjectId, String>>,
}

impl Places<'_> {
    /// The text of a row's region and project, as its columns show them.
    fn of(&self, region: Region, project_id: &ProjectId, out: &mut String) {
        if self.regions {
            out.push(' ');
            out.push_str(region.as_str());
        }
        if let Some(names) = self.projects {
            out.push(' ');
            match names.get(project_id) {
                Some(name) => out.push_str(name),
                None => out.extend(project_id.as_str().chars().take(8)),
            }
        }
    }
}

impl Index {
    pub(super) fn of<T: Row>(rows: &[T], places: Places) -> Index {
        let mut search = Index {
            text: String::new(),
            bounds: Vec::with_capacity(2 * rows.len() + 1),
            bytes: Vec::with_capacity(rows.len()),
            flags: Vec::with_capacity(rows.len()),
            stale_rows: 0,
            created: rows.iter().map(T::created_at).collect(),
            updated: rows.iter().map(T::updated_at).collect(),
            by_name: Vec::new(),
        };
        search.bounds.push(0);
        let mut place = String::new();
        for row in rows {
            let start = search.text.len();
            push_lowercase(&mut search.text, row.name());
            search.bounds.push(search.text.len());
            // A line break between keys, and before the place, which no filter text holds: a
            // match never spans two of them.
            let key_start = search.text.len();
            row.each_key(&mut |key| {
                if search.text.len() > key_start {
                    search.text.push('\n');
                }
                push_lowercase(&mut search.text, key);
            });
            if let Some((region, project_id)) = row.place() {
                place.clear();
                places.of(region, project_id, &mut place);
                if !place.is_empty() {
                    search.text.push('\n');
                    push_lowercase(&mut search.text, &place);
                }
            }
            search.bounds.push(search.text.len());
            search
                .bytes
                .push(bytes_in(&search.text.as_bytes()[start..]));
            search.flags.push(Flags::of_permissions(row.permissions()));
        }
        let mut by_name: Vec<usize> = (0..rows.len()).collect();
        by_name.sort_unstable_by(|&a, &b| {
            search
                .name(a)
                .cmp(search.name(b))
                .then_with(|| rows[a].id().cmp(rows[b].id()))
        });
        search.by_name = by_name;
        search
    }

    /// Row `i`'s name, lower-cased.
    fn name(&self, row: usize) -> &str {
        &self.text[self.bounds[2 * row]..self.bounds[2 * row + 1]]
    }

    /// Sets [`Flags::STALE`] on the rows created before `before` (none when `None`).
    pub(super) fn mark_stale(&mut self, before: Option<Timestamp>) {
        let mut stale = 0;
        for (flags, created) in self.flags.iter_mut().zip(&self.created) {
            let is_stale = matches!((created, before), (Some(at), Some(before)) if *at < before);
            flags.0 = flags.0 & !Flags::STALE.0 | if is_stale { Flags::STALE.0 } else { 0 };
            stale += usize::from(is_stale);
        }
        self.stale_rows = stale;
    }

    /// Whether row `index` is stale.
    pub(super) fn is_stale(&self, index: usize) -> bool {
        self.flags
            .get(index)
            .is_some_and(|flags| flags.contains(Flags::STALE))
    }

    /// Whether any row is stale.
    pub(super) fn has_stale_rows(&self) -> bool {
        self.stale_rows > 0
    }

    /// The rows in the sort's order. Each row gets a key of numbers first (the date's, its
    /// place by name, its place from the API), so that sorting compares numbers, not text,
    /// however many rows there are.
    pub(super) fn sorted(&self, sort: Sort) -> Vec<usize> {
        let dates = match sort.key {
            SortKey::Name => {
                return if sort.descending {
                    self.by_name.iter().rev().copied().collect()
                } else {
                    self.by_name.clone()
                };
            }
            SortKey::Created => &self.created,
            SortKey::Updated => &self.updated,
        };
        let rows = self.by_name.len();
        // (no date, then the date, then the place by name; or the API's place when undated)
        let mut keyed: Vec<(bool, i128, usize, usize)> = Vec::with_capacity(rows);
        for (rank, &index) in self.by_name.iter().enumerate() {
            keyed.push(match dates[index] {
                Some(at) if sort.descending => (false, -at.0.as_nanosecond(), rows - rank, index),
                Some(at) => (false, at.0.as_nanosecond(), rank, index),
                None => (true, 0, index, index),
            });
        }
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., index)| index).collect()
    }

    /// Keeps the rows (indices, in order) that have the query's words and whose name or one of
    /// whose keys contains its text.
    pub(super) fn retain_matching(&self, rows: &mut Vec<usize>, query: &Query) {
        if !query.words.is_empty() {
            let needed = query.words;
            let mut kept = 0;
            for at in 0..rows.len() {
                let row = rows[at];
                rows[kept] = row;
                kept += usize::from(self.flags[row].contains(needed));
            }
            rows.truncate(kept);
        }
        let lower_needle = query.text.as_str();
        if lower_needle.is_empty() {
            return;
        }
        let needed = bytes_in(lower_needle.as_bytes());
        // First by the bytes each row has, which decides most rows. The loop has no branch on
        // the outcome: about half the rows pass, and a mispredicted branch per row would cost
        // several times the test itself.
        let mut kept = 0;
        for at in 0..rows.len() {
            let row = rows[at];
            rows[kept] = row;
            kept += usize::from(self.bytes[row] & needed == needed);
        }
        rows.truncate(kept);
        if !matches!(lower_needle.as_bytes(), [byte] if *byte != 0) {
            let part = |at: usize| &self.text[self.bounds[at]..self.bounds[at + 1]];
            rows.retain(|&row| {
                part(2 * row).contains(lower_needle) || part(2 * row + 1).contains(lower_needle)
            });
        }
    }
}

// Thousands of rows of lower-cased text say nothing in a `Debug` of the state.
impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("rows", &self.bytes.len())
            .field("bytes", &self.text.len())
            .field("stale_rows", &self.stale_rows)
            .finish()
    }
}

/// Appends `text` lower-cased as `str::to_lowercase` does, without a string of its own when it
/// is ASCII (nearly always).
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}
