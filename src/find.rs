//! Finding what leaked: a `.env` or `.creds` file read into what identifies its credentials
//! ([`Leaked`]: the access key, or the checksum the API shows of a `.creds`), then looked for
//! over the `list` command's listing path, in every region of the projects given.
//!
//! The file's secret never leaves [`read_leak`]: its text is zeroed once read, and only the
//! access key, the checksum and the public keys of its JWT are kept.
//!
//! What an NKEY public key can find: the API shows NATS credentials by their `.creds` checksum
//! and their account (whose id is the account's public key, `A…`), never by the user's public
//! key (`U…`). So a `.creds` is found by its checksum, exactly as issued; a `.creds` changed
//! since (another line ending, a comment) has another checksum, and then its JWT still names
//! its account, which the search reports.

use std::path::Path;

use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

use crate::api::Client;
use crate::api::ListQuery;
use crate::api::model::{NatsAccount, NatsAccountId, Product, ProjectId, Region};
use crate::app::{Found, FoundCredentials, Leaked, SaveError};
use crate::env_file;
use crate::files::Places;
use crate::listing::{Part, Row, list_parts, plan};

/// The first line of the JWT of a `.creds` file.
const JWT_BEGIN: &str = "-----BEGIN NATS USER JWT-----";

/// What the file at `path` gives to find its credentials by.
pub fn read_leak(path: &Path) -> Result<Leaked, String> {
    let bytes = Zeroizing::new(
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| format!("{} is not a text file", path.display()))?;
    if text.contains(JWT_BEGIN) {
        let checksum = data_encoding::HEXLOWER.encode(&Sha1::digest(text.as_bytes()));
        let (user, account) = jwt_keys(text).unwrap_or((None, None));
        return Ok(Leaked::Creds {
            checksum,
            user,
            account,
        });
    }
    match env_file::leaked_key(text) {
        Ok((key, service)) => Ok(Leaked::AccessKey {
            key,
            product: service.map(|service| service.product()),
        }),
        Err(error) => Err(format!(
            "{} is neither a .creds file (no NATS user JWT) nor a .env with credentials ({error})",
            path.display()
        )),
    }
}

/// The user's public key (`sub`) and the account that issued it (`nats.issuer_account` when a
/// signing key signed it, else `iss`), read from the JWT of a `.creds`; nothing is verified.
fn jwt_keys(creds: &str) -> Option<(Option<String>, Option<NatsAccountId>)> {
    let jwt = creds
        .split(JWT_BEGIN)
        .nth(1)?
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())?;
    let payload = jwt.split('.').nth(1)?;
    let decoded = data_encoding::BASE64URL_NOPAD
        .decode(payload.trim_end_matches('=').as_bytes())
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&decoded).ok()?;
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    let user = text(&claims["sub"]);
    let account = text(&claims["nats"]["issuer_account"])
        .or_else(|| text(&claims["iss"]))
        .map(NatsAccountId);
    Some((user, account))
}

/// Whether a listed row is what leaked.
pub fn matches(row: &Row, leaked: &Leaked) -> bool {
    match leaked {
        Leaked::AccessKey { key, .. } => row.access_key.as_deref() == Some(key.as_str()),
        Leaked::Creds { checksum, .. } => row.checksum.as_deref() == Some(checksum.as_str()),
    }
}

/// The products whose credentials a leak can be.
pub fn products(leaked: &Leaked) -> Vec<Product> {
    match leaked {
        Leaked::AccessKey {
            product: Some(product),
            ..
        } => vec![*product],
        Leaked::AccessKey { product: None, .. } => {
            vec![Product::Queues, Product::TopicsAndEvents]
        }
        Leaked::Creds { .. } => vec![Product::Nats],
    }
}

/// Reads the file at `path` (as typed: relative to the working directory, `~/` for the home
/// folder) and looks for its credentials in every region of `projects`.
pub async fn search(
    client: &Client,
    path: &str,
    projects: Vec<ProjectId>,
) -> Result<Box<Found>, String> {
    let path = match Places::from_env().resolve(path) {
        Ok(path) => path,
        Err(SaveError::Failed(why)) => return Err(why),
        Err(SaveError::Exists(path)) => path,
    };
    let leaked = read_leak(&path)?;
    let regions = Region::ALL.to_vec();
    let parts = plan(&products(&leaked), &regions, &projects);
    let outcomes = list_parts(client, &parts, None, &()).await;
    let mut failed = Vec::new();
    let mut matched = Vec::new();
    for (part, outcome) in parts.iter().zip(outcomes) {
        match outcome {
            Ok(rows) => matched.extend(rows.into_iter().filter(|row| matches(row, &leaked))),
            Err(error) => failed.push((part.product, part.region, part.project_id.clone(), error)),
        }
    }
    let mut matches = Vec::with_capacity(matched.len());
    for row in matched {
        let account = match &row.nats_account_id {
            Some(id) => account(client, row.region, &row.project_id, id).await,
            None => None,
        };
        matches.push(FoundCredentials {
            product: row.product,
            region: row.region,
            project_id: row.project_id,
            id: row.id,
            name: row.name,
            key: row.access_key.or(row.checksum).unwrap_or_default(),
            account,
        });
    }
    // Not found by its checksum: its JWT still names its account.
    let named = match (&leaked, matches.is_empty()) {
        (
            Leaked::Creds {
                account: Some(id), ..
            },
            true,
        ) => find_account(client, &parts, id).await,
        _ => None,
    };
    Ok(Box::new(Found {
        leaked,
        regions,
        projects,
        failed,
        matches,
        account: named,
    }))
}

/// NATS account `id` of a region and project, as the API shows it.
async fn account(
    client: &Client,
    region: Region,
    project_id: &ProjectId,
    id: &NatsAccountId,
) -> Option<NatsAccount> {
    let accounts = client
        .list_nats_accounts(region, &ListQuery::project(project_id.clone()))
        .await
        .ok()?;
    accounts.into_iter().find(|account| account.id == *id)
}

/// NATS account `id`, wherever among the parts' regions and projects it is.
async fn find_account(client: &Client, parts: &[Part], id: &NatsAccountId) -> Option<NatsAccount> {
    for part in parts {
        if let Some(account) = account(client, part.region, &part.project_id, id).await {
            return Some(account);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_env_with_only_the_access_key_is_enough() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("leaked.env");
        std::fs::write(
            &path,
            "# pasted in a chat\nAWS_ACCESS_KEY_ID=SCWLEAKED0000000001\n",
        )
        .unwrap();
        assert_eq!(
            read_leak(&path),
            Ok(Leaked::AccessKey {
                key: "SCWLEAKED0000000001".into(),
                product: None
            })
        );
        std::fs::write(
            &path,
            "AWS_ACCESS_KEY_ID=SCWLEAKED0000000001\nAWS_SECRET_ACCESS_KEY=s3cr3t\n\
             AWS_ENDPOINT_URL_SNS=https://sns.mnq.fr-par.scaleway.com\n",
        )
        .unwrap();
        assert_eq!(
            read_leak(&path),
            Ok(Leaked::AccessKey {
                key: "SCWLEAKED0000000001".into(),
                product: Some(Product::TopicsAndEvents)
            })
        );
    }

    #[test]
    fn a_file_that_is_neither_says_so_without_its_content() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("notes.txt");
        std::fs::write(&path, "the password is hunter2\n").unwrap();
        let error = read_leak(&path).unwrap_err();
        assert!(error.contains("neither a .creds file"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}
