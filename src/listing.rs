//! The listing path that `mnq-tui list`, `mnq-tui revoke` and the console's search for a
//! leaked file share: the plan (every product × region × project asked for, each one listing:
//! a "part") and the listing of the parts, concurrently, into rows of one shape.
//!
//! Parts run at most [`PARTS_AT_ONCE`] at a time, each reading its pages as the client's
//! [`Pages`] yield them (page 1, then the rest together, as they arrive). An outcome per part,
//! in the order of the plan: a part that fails does not stop the others. No secret is ever in a
//! row: list answers carry none, and the rows are built field by field.

use futures::{StreamExt, stream};
use serde::Serialize;

use crate::api::model::{
    CredentialsId, NatsAccountId, Permissions, Product, ProjectId, Region, Resource, Timestamp,
};
use crate::api::{ApiError, Client, ListQuery, Pages, WholeList};
use crate::journal::product_word;

/// Listings (product × region × project) fetched at the same time; each reads up to the
/// client's `list_concurrency` pages at once.
pub const PARTS_AT_ONCE: usize = 8;

/// What a listing tells as it goes, for a progress line; `()` tells nobody.
pub trait Watch: Sync {
    /// Credentials read: a page's worth.
    fn read(&self, _rows: usize) {}
    /// A part is listed.
    fn part_done(&self) {}
}

impl Watch for () {}

/// One listing: a product's credentials in a region and a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
}

/// One credential as `list` prints it. Field order and names are the documented JSON schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    #[serde(serialize_with = "serialize_product")]
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
    pub nats_account_id: Option<NatsAccountId>,
    pub nats_account_name: Option<String>,
    pub id: CredentialsId,
    pub name: String,
    pub access_key: Option<String>,
    pub checksum: Option<String>,
    pub permissions: Option<RowPermissions>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub stale: bool,
}

/// Permissions under the console's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowPermissions {
    pub write: bool,
    pub read: bool,
    pub manage: bool,
}

impl From<Permissions> for RowPermissions {
    fn from(permissions: Permissions) -> Self {
        RowPermissions {
            write: permissions.can_publish,
            read: permissions.can_receive,
            manage: permissions.can_manage,
        }
    }
}

fn serialize_product<S: serde::Serializer>(
    product: &Product,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(product_word(*product))
}

/// Every product × region × project, in that order (the order of the output).
pub fn plan(products: &[Product], regions: &[Region], projects: &[ProjectId]) -> Vec<Part> {
    let mut parts = Vec::with_capacity(products.len() * regions.len() * projects.len());
    for &product in products {
        for &region in regions {
            for project_id in projects {
                parts.push(Part {
                    product,
                    region,
                    project_id: project_id.clone(),
                });
            }
        }
    }
    parts
}

/// Lists every part, at most [`PARTS_AT_ONCE`] at a time; outcomes in the order of `parts`.
pub async fn list_parts(
    client: &Client,
    parts: &[Part],
    stale_before: Option<Timestamp>,
    progress: &dyn Watch,
) -> Vec<Result<Vec<Row>, ApiError>> {
    // Unordered: a long listing must not hold a slot after it is done while an earlier one
    // is still running (as `buffered` would, to keep the order); the order is restored after.
    let mut outcomes: Vec<(usize, Result<Vec<Row>, ApiError>)> =
        // By index: the worker runs this in a task, which must be `Send`, and the compiler
        // cannot prove it of a closure taking a `&Part` (for every lifetime).
        stream::iter(0..parts.len())
            .map(|index| list_numbered(client, (index, &parts[index]), stale_before, progress))
            .buffer_unordered(PARTS_AT_ONCE)
            .collect()
            .await;
    outcomes.sort_unstable_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// One part, with its place in the plan.
async fn list_numbered(
    client: &Client,
    (index, part): (usize, &Part),
    stale_before: Option<Timestamp>,
    watch: &dyn Watch,
) -> (usize, Result<Vec<Row>, ApiError>) {
    let outcome = list_part(client, part, stale_before, watch).await;
    watch.part_done();
    (index, outcome)
}

async fn list_part(
    client: &Client,
    part: &Part,
    stale_before: Option<Timestamp>,
    watch: &dyn Watch,
) -> Result<Vec<Row>, ApiError> {
    let query = ListQuery::project(part.project_id.clone());
    let is_stale = |created_at: Option<Timestamp>| {
        created_at
            .zip(stale_before)
            .is_some_and(|(at, before)| at < before)
    };
    let row = |id, name, created_at, updated_at| Row {
        product: part.product,
        region: part.region,
        project_id: part.project_id.clone(),
        nats_account_id: None,
        nats_account_name: None,
        id,
        name,
        access_key: None,
        checksum: None,
        permissions: None,
        created_at,
        updated_at,
        stale: is_stale(created_at),
    };
    let service = match part.product.service() {
        Some(service) => service,
        None => return list_nats(client, part, &query, row, watch).await,
    };
    let credentials = gather(client.list_credentials(service, part.region, &query), watch).await?;
    Ok(credentials
        .into_iter()
        .map(|credentials| {
            let permissions = credentials.permissions();
            Row {
                access_key: Some(credentials.access_key),
                permissions: Some(permissions.into()),
                ..row(
                    credentials.id,
                    credentials.name,
                    credentials.created_at,
                    credentials.updated_at,
                )
            }
        })
        .collect())
}

/// NATS credentials of a project, account by account (in the accounts' order), named with
/// their account. Asking per account, as the console does, rather than for the whole project
/// lets the API find them by account instead of checking each one's project.
async fn list_nats(
    client: &Client,
    part: &Part,
    query: &ListQuery,
    row: impl Fn(CredentialsId, String, Option<Timestamp>, Option<Timestamp>) -> Row,
    watch: &dyn Watch,
) -> Result<Vec<Row>, ApiError> {
    let accounts = client.list_nats_accounts(part.region, query).await?;
    let per_account = futures::future::try_join_all(accounts.iter().map(|account| {
        gather(
            client.list_nats_credentials(part.region, query, Some(&account.id)),
            watch,
        )
    }))
    .await?;
    let mut rows = Vec::with_capacity(per_account.iter().map(Vec::len).sum());
    for (account, credentials) in accounts.iter().zip(per_account) {
        rows.extend(credentials.into_iter().map(|credentials| Row {
            nats_account_id: Some(credentials.nats_account_id),
            nats_account_name: Some(account.name.clone()),
            checksum: Some(credentials.checksum),
            ..row(
                credentials.id,
                credentials.name,
                credentials.created_at,
                credentials.updated_at,
            )
        }));
    }
    Ok(rows)
}

/// Reads a listing to its end, telling `watch` of its items as its pages arrive.
async fn gather<T: Resource>(mut pages: Pages<T>, watch: &dyn Watch) -> Result<Vec<T>, ApiError> {
    let mut whole = WholeList::default();
    while let Some(page) = pages.next().await {
        let page = page?;
        watch.read(page.items.len());
        whole.add(page);
    }
    Ok(whole.finish())
}
