//! The list's behaviour as the reducer and the view see it: the selection, the filter and
//! its index, the sort, the stale cutoff, changes of rows.

use super::*;
use mnq_api::model::{NatsAccountId, ProjectId, Region};
use tui_input::InputRequest;

fn account(name: &str) -> NatsAccount {
    NatsAccount {
        id: NatsAccountId(format!("A-{name}")),
        name: name.into(),
        endpoint: String::new(),
        project_id: ProjectId("p".into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
    }
}

/// Sets the filter's text, as typing it into an empty filter does.
fn set_filter<T: Row>(list: &mut ListView<T>, text: &str) {
    list.shown_mut().clear_filter(3);
    list.shown_mut().paste_filter(text, 3);
}

fn list(names: &[&str]) -> ListView<NatsAccount> {
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(names.iter().map(|name| account(name)).collect(), 3);
    list
}

#[test]
fn the_selection_stays_in_range_and_on_screen() {
    let mut list = list(&["a", "b", "c", "d", "e", "f"]);
    list.shown_mut().move_by(4, 3);
    assert_eq!((list.shown().selected(), list.shown().offset()), (4, 2));
    list.shown_mut().move_by(10, 3);
    assert_eq!((list.shown().selected(), list.shown().offset()), (5, 3));
    list.shown_mut().move_by(-5, 3);
    assert_eq!((list.shown().selected(), list.shown().offset()), (0, 0));
    list.shown_mut().move_by(-1, 3);
    assert_eq!(list.shown().selected(), 0);
}

#[test]
fn the_filter_ignores_case_and_keeps_order() {
    let mut list = list(&["Orders-Producer", "billing", "orders-consumer", "Ünïcode"]);
    set_filter(&mut list, "ORDERS");
    assert_eq!(list.shown().visible(), [0, 2]);
    set_filter(&mut list, "ÜNÏ");
    assert_eq!(list.shown().visible(), [3]);
}

#[test]
fn a_reload_keeps_the_selected_row() {
    let mut list = list(&["a", "b", "c"]);
    list.shown_mut().move_by(2, 3);
    list.set_rows(vec![account("new"), account("a"), account("c")], 3);
    assert_eq!(list.selected_row().unwrap().name, "c");
}

#[test]
fn removing_the_last_row_moves_the_selection_up() {
    let mut list = list(&["a", "b"]);
    list.shown_mut().move_by(1, 3);
    assert!(list.remove(&NatsAccountId("A-b".into()), 3));
    assert_eq!(list.selected_row().unwrap().name, "a");
    assert!(!list.remove(&NatsAccountId("A-missing".into()), 3));
}

use mnq_api::model::CredentialsId;

fn credentials(index: usize, name: &str, access_key: &str) -> ServiceCredentials {
    use mnq_api::model::Secret;
    ServiceCredentials {
        id: CredentialsId(format!("id-{index}")),
        name: name.into(),
        project_id: ProjectId("p".into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        access_key: access_key.into(),
        secret_key: Secret::default(),
        secret_checksum: String::new(),
        permissions: None,
    }
}

/// What the filter means, without the index that makes it fast: the rows, in the list's
/// order, that have every word of the filter and whose name, key or id contains the rest.
fn plainly_matching(list: &ListView<ServiceCredentials>, filter: &str) -> Vec<usize> {
    let mut words = Vec::new();
    let mut text = Vec::new();
    for token in filter.split_whitespace() {
        match token.to_lowercase().as_str() {
            word @ ("stale" | "write" | "read" | "manage") => words.push(word.to_owned()),
            _ => text.push(token),
        }
    }
    let needle = text.join(" ").to_lowercase();
    let has = |row: &ServiceCredentials, word: &str| {
        let permissions = row.permissions.unwrap_or_default();
        match word {
            "stale" => matches!(
                (row.created_at, list.shown().stale_before()),
                (Some(at), Some(before)) if at < before
            ),
            "write" => permissions.can_publish,
            "read" => permissions.can_receive,
            _ => permissions.can_manage,
        }
    };
    let mut unfiltered = list.clone();
    unfiltered.shown_mut().clear_filter(3);
    unfiltered
        .shown()
        .visible()
        .iter()
        .copied()
        .filter(|&index| {
            let row = &list.rows()[index];
            words.iter().all(|word| has(row, word))
                && (row.name.to_lowercase().contains(&needle)
                    || row.access_key.to_lowercase().contains(&needle)
                    || row.id.as_str().to_lowercase().contains(&needle))
        })
        .collect()
}

fn day(day: i8) -> Timestamp {
    Timestamp(
        jiff::civil::date(2026, 1, day)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp(),
    )
}

/// Credentials created (and updated) on a day of January 2026, or never said.
fn dated(index: usize, name: &str, created: Option<i8>, updated: Option<i8>) -> ServiceCredentials {
    ServiceCredentials {
        created_at: created.map(day),
        updated_at: updated.map(day),
        ..credentials(index, name, "")
    }
}

fn names(list: &ListView<ServiceCredentials>) -> Vec<&str> {
    list.shown()
        .visible()
        .iter()
        .map(|index| list.rows()[*index].name.as_str())
        .collect()
}

fn sorted(key: SortKey, descending: bool) -> Sort {
    Sort { key, descending }
}

#[test]
fn by_default_rows_are_in_the_order_they_were_created_undated_last_as_the_api_gave_them() {
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(
        vec![
            dated(0, "undated-b", None, None),
            dated(1, "third", Some(3), None),
            dated(2, "first", Some(1), None),
            dated(3, "undated-a", None, None),
            dated(4, "second", Some(2), None),
        ],
        3,
    );
    assert_eq!(list.shown().sort(), sorted(SortKey::Created, false));
    assert_eq!(
        names(&list),
        ["first", "second", "third", "undated-b", "undated-a"]
    );
    list.shown_mut().set_sort(sorted(SortKey::Created, true), 3);
    assert_eq!(
        names(&list),
        ["third", "second", "first", "undated-b", "undated-a"],
        "reversed, the undated rows stay last"
    );
}

#[test]
fn ties_go_by_name_ignoring_case_then_by_id() {
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(
        vec![
            dated(3, "b", Some(5), Some(9)),
            dated(2, "B", Some(5), Some(1)),
            dated(1, "a", Some(5), None),
            dated(0, "C", Some(4), Some(2)),
        ],
        3,
    );
    let ids = |list: &ListView<ServiceCredentials>| -> Vec<String> {
        list.shown()
            .visible()
            .iter()
            .map(|index| list.rows()[*index].id.0.clone())
            .collect()
    };
    assert_eq!(ids(&list), ["id-0", "id-1", "id-2", "id-3"]);
    list.shown_mut().set_sort(sorted(SortKey::Name, false), 3);
    assert_eq!(ids(&list), ["id-1", "id-2", "id-3", "id-0"]);
    list.shown_mut().set_sort(sorted(SortKey::Name, true), 3);
    assert_eq!(ids(&list), ["id-0", "id-3", "id-2", "id-1"]);
    list.shown_mut()
        .set_sort(sorted(SortKey::Updated, false), 3);
    assert_eq!(ids(&list), ["id-2", "id-0", "id-3", "id-1"]);
    list.shown_mut().set_sort(sorted(SortKey::Updated, true), 3);
    assert_eq!(ids(&list), ["id-3", "id-0", "id-2", "id-1"]);
}

#[test]
fn a_new_sort_keeps_the_selection_on_its_row_and_on_screen() {
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(
        (0..8)
            .map(|index| dated(index, &format!("row-{index}"), Some(index as i8 + 1), None))
            .collect(),
        3,
    );
    list.shown_mut().move_by(1, 3);
    assert_eq!(list.selected_row().unwrap().name, "row-1");
    list.shown_mut().set_sort(sorted(SortKey::Created, true), 3);
    assert_eq!(list.selected_row().unwrap().name, "row-1");
    assert_eq!(list.shown().selected(), 6);
    let offset = list.shown().offset();
    assert!(offset <= 6 && 6 < offset + 3, "{offset}");
}

#[test]
fn a_row_added_or_renamed_before_the_selection_does_not_move_it() {
    let mut list = ListView::loading(RequestId(1));
    list.shown_mut().set_sort(sorted(SortKey::Name, false), 3);
    list.set_rows(
        vec![dated(0, "b", None, None), dated(1, "c", None, None)],
        3,
    );
    list.shown_mut().move_by(1, 3);
    list.add(dated(2, "a", None, None), 3);
    assert_eq!(list.selected_row().unwrap().name, "c");
    list.replace(dated(1, "0-first", None, None), 3);
    assert_eq!(list.selected_row().unwrap().name, "0-first");
    list.remove(&CredentialsId("id-2".into()), 3);
    assert_eq!(list.selected_row().unwrap().name, "0-first");
}

#[test]
fn the_sort_survives_new_rows_and_the_filter_keeps_its_order() {
    let mut list = ListView::loading(RequestId(1));
    list.shown_mut().set_sort(sorted(SortKey::Name, true), 3);
    list.set_rows(
        vec![
            dated(0, "ci-a", None, None),
            dated(1, "web", None, None),
            dated(2, "ci-b", None, None),
        ],
        3,
    );
    assert_eq!(names(&list), ["web", "ci-b", "ci-a"]);
    set_filter(&mut list, "ci-");
    assert_eq!(names(&list), ["ci-b", "ci-a"]);
    list.add(dated(3, "ci-c", None, None), 3);
    assert_eq!(names(&list), ["ci-c", "ci-b", "ci-a"]);
}

#[test]
fn a_hundred_thousand_rows_sort_by_name_and_by_date() {
    let rows: Vec<ServiceCredentials> = (0..100_000)
        .map(|index| {
            dated(
                index,
                &format!("creds-{}", index * 7919 % 100_000),
                Some((index % 28) as i8 + 1),
                None,
            )
        })
        .collect();
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(rows, 20);
    list.shown_mut().set_sort(sorted(SortKey::Name, false), 20);
    assert!(
        list.shown()
            .visible()
            .windows(2)
            .all(|pair| list.rows()[pair[0]].name.to_lowercase()
                <= list.rows()[pair[1]].name.to_lowercase())
    );
    list.shown_mut()
        .set_sort(sorted(SortKey::Created, true), 20);
    assert!(
        list.shown()
            .visible()
            .windows(2)
            .all(|pair| list.rows()[pair[0]].created_at >= list.rows()[pair[1]].created_at)
    );
}

/// Rows for the filter's words: `ci-old` and `web-old` created before the 10th.
fn worded() -> ListView<ServiceCredentials> {
    let mut list = ListView::loading(RequestId(1));
    let with = |row: ServiceCredentials, write, read, manage| ServiceCredentials {
        permissions: Some(Permissions::new(write, read, manage)),
        ..row
    };
    list.set_rows(
        vec![
            with(dated(0, "ci-old", Some(1), None), true, false, true),
            with(dated(1, "ci-new", Some(20), None), true, true, false),
            with(dated(2, "web-old", Some(2), None), false, true, false),
            with(dated(3, "readme-manager", None, None), false, false, true),
        ],
        3,
    );
    list.shown_mut().set_stale_before(Some(day(10)), 3);
    list
}

#[test]
fn the_filter_words_keep_the_rows_that_are_so_and_combine_with_text() {
    let mut list = worded();
    for (filter, expected) in [
        ("stale", vec!["ci-old", "web-old"]),
        ("stale ci-", vec!["ci-old"]),
        ("ci- STALE", vec!["ci-old"]),
        ("manage", vec!["ci-old", "readme-manager"]),
        ("Manage Write", vec!["ci-old"]),
        ("read", vec!["web-old", "ci-new"]),
        ("reader", vec![]),
        ("readme", vec!["readme-manager"]),
        ("readme  manager", vec![]),
        ("stale   write  ci-  old", vec![]),
        ("stale write ci-old", vec!["ci-old"]),
        ("  write  ", vec!["ci-old", "ci-new"]),
    ] {
        set_filter(&mut list, filter);
        assert_eq!(names(&list), expected, "filter {filter:?}");
        assert_eq!(
            list.shown().visible(),
            plainly_matching(&list, filter),
            "filter {filter:?}"
        );
    }
}

#[test]
fn a_new_cutoff_changes_what_is_stale_and_what_stale_keeps() {
    let mut list = worded();
    set_filter(&mut list, "stale");
    assert!(list.shown().has_stale_rows());
    list.shown_mut().set_stale_before(Some(day(30)), 3);
    assert_eq!(names(&list), ["ci-old", "web-old", "ci-new"]);
    list.shown_mut().set_stale_before(None, 3);
    assert_eq!(names(&list), Vec::<&str>::new());
    assert!(!list.shown().has_stale_rows() && !list.shown().is_stale(0));
}

#[test]
fn nats_rows_have_no_permissions_for_the_words_to_match() {
    let mut list = list(&["writer", "reader"]);
    for filter in ["write", "read", "manage"] {
        set_filter(&mut list, filter);
        assert!(list.shown().visible().is_empty(), "filter {filter:?}");
    }
}

#[test]
fn a_query_is_its_words_and_the_rest_of_its_text() {
    let query = Query::parse("  Stale  ci-  Deploy ");
    assert_eq!(query.words, Flags::STALE);
    assert_eq!(query.text, "ci- deploy");
    assert!(Query::parse(" ").is_empty());
    assert!(Query::parse("stale write").narrows(&Query::parse("stale")));
    assert!(!Query::parse("stale").narrows(&Query::parse("stal")));
}

#[test]
fn the_filter_matches_the_name_a_key_or_the_id_but_not_across_them() {
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(
        vec![
            credentials(0, "orders", "KEY1"),
            credentials(1, "billing", "ORDKEY"),
            credentials(2, "ship", "PING"),
            credentials(3, "Σίσυφος", "É1"),
        ],
        3,
    );
    for (filter, expected) in [
        ("ord", vec![0, 1]),
        ("key", vec![0, 1]),
        ("shipping", vec![]),
        ("pp", vec![]),
        ("σίσυφος", vec![3]),
        ("é", vec![3]),
        ("1", vec![0, 1, 3]),
        ("id-2", vec![2]),
        ("pingid", vec![]),
    ] {
        set_filter(&mut list, filter);
        assert_eq!(list.shown().visible(), expected, "filter {filter:?}");
    }
}

use proptest::prelude::*;

proptest! {
    /// Typing and deleting in any order (words included), and changing the rows in
    /// between, the visible rows are always exactly those, in the list's order, that have
    /// the filter's words and whose name or key contains the rest of it, ignoring case.
    #[test]
    fn the_filter_index_agrees_with_plain_matching(
        rows in prop::collection::vec(
            (
                "[a-cA-C0-1éü -]{0,6}",
                "[a-cA-C]{0,3}",
                prop::option::of(1..28i8),
                (any::<bool>(), any::<bool>(), any::<bool>()),
            ),
            0..30,
        ),
        edits in prop::collection::vec(
            prop_oneof![
                "[a-cA-C1éü -]".prop_map(Some),
                "(stale|Write|READ|manage) ".prop_map(Some),
                Just(None),
            ],
            1..12,
        ),
        sort in (0..3usize, any::<bool>()),
    ) {
        let mut rows: Vec<ServiceCredentials> =
            rows
            .iter()
            .enumerate()
            .map(|(index, (name, key, created, (write, read, manage)))| ServiceCredentials {
                created_at: created.map(day),
                permissions: Some(Permissions::new(*write, *read, *manage)),
                ..credentials(index, name, key)
            })
            .collect();
        let mut list = ListView::loading(RequestId(1));
        list.shown_mut().set_stale_before(Some(day(14)), 3);
        list.shown_mut().set_sort(
            Sort {
                key: [SortKey::Name, SortKey::Created, SortKey::Updated][sort.0],
                descending: sort.1,
            },
            3,
        );
        list.set_rows(rows.clone(), 3);
        for (step, edit) in edits.into_iter().enumerate() {
            match edit {
                Some(text) => {
                    for c in text.chars() {
                        list.shown_mut().edit_filter(InputRequest::InsertChar(c), 3);
                    }
                }
                None => {
                    list.shown_mut().edit_filter(InputRequest::DeletePrevChar, 3);
                }
            }
            let text = list.shown().filter().text().to_owned();
            prop_assert_eq!(list.shown().visible().to_vec(), plainly_matching(&list, &text));
            if step % 4 == 3 && !rows.is_empty() {
                let id = rows.remove(0).id;
                list.remove(&id, 3);
                prop_assert_eq!(list.shown().visible().to_vec(), plainly_matching(&list, &text));
            }
        }
    }
}

#[test]
fn an_account_key_finds_its_credentials_and_a_checksum_its_own() {
    use mnq_api::model::NatsCredentials;
    let nats = |index: usize, account: &str, checksum: &str| NatsCredentials {
        id: CredentialsId(format!("id-{index}")),
        name: format!("worker-{index}"),
        nats_account_id: NatsAccountId(account.into()),
        region: Some(Region::FrPar),
        created_at: None,
        updated_at: None,
        credentials: None,
        checksum: checksum.into(),
    };
    let mut list = ListView::loading(RequestId(1));
    list.set_rows(
        vec![
            nats(0, "ABUSACCOUNT", "5f1b0c"),
            nats(1, "AOTHERACCOUNT", "9e2d4a"),
            nats(2, "ABUSACCOUNT", "c0ffee"),
        ],
        3,
    );
    set_filter(&mut list, "abusaccount");
    assert_eq!(list.shown().visible(), [0, 2], "the account's credentials");
    set_filter(&mut list, "C0FFEE");
    assert_eq!(list.shown().visible(), [2], "the .creds checksum");
}

#[test]
fn marks_are_ids_and_go_with_their_rows() {
    let mut list = list(&["a", "b", "c"]);
    list.toggle_selected_mark();
    list.shown_mut().move_by(2, 3);
    list.toggle_selected_mark();
    assert_eq!(list.marked_count(), 2);
    // A reload without "c": its mark goes, "a"'s stays wherever the row is now.
    list.set_rows(vec![account("new"), account("a")], 3);
    let marked: Vec<&str> = list.marked_rows().map(|row| row.name.as_str()).collect();
    assert_eq!(marked, ["a"]);
}
