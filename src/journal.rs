//! The journal: every change made through mnq-tui — from the console or from `mnq-tui revoke` —
//! as JSON lines appended to `$XDG_STATE_HOME/mnq-tui/journal.jsonl` (file 0600, folder 0700).
//!
//! Each change is written twice, under one `change_id`: an `asked` line before its request is
//! sent, then a line with its outcome (`done`, `failed` or `unknown`) once the answer is in. A
//! process killed in between leaves the `asked` line: the change may or may not have happened,
//! and the journal says it was asked. Lines are whole objects written with one `write` to a
//! file opened for appending, so two processes writing at once do not mix their lines. Each line
//! stands alone (greppable): every field is repeated on the outcome line. Never a secret: the
//! fields are built from a [`Change`], which holds none.
//!
//! A journal that cannot be written is said once and never stops a change: the console shows a
//! warning, `mnq-tui revoke` writes one to stderr, and the change goes on.
//!
//! The line's fields (stable, README "The journal"): `time` (RFC 3339, UTC), `change_id`,
//! `source` (`console`, `cli`), `profile`, `api_url`, `project_id`, `region`, `product` (`nats`,
//! `queues`, `topics`), `change` (`generate`, `update`, `revoke`, `create-account`), `id`,
//! `name`, `key` (access key, or `.creds` checksum), `before` and `after` (an update's name and
//! permissions, else null), `outcome` (`asked`, `done`, `failed`, `unknown`), `detail` (why it
//! failed, or a note on what was done; else null).

use std::collections::HashMap;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::api::model::{Permissions, Product, ProjectId, Region, Timestamp};
use crate::app::{ApiAnswer, Change, ChangeKind, ChangeOutcome, Created, Recorded, Version};
use crate::dirs::BaseDir;

/// The journal's file name, in mnq-tui's state folder.
pub const FILE_NAME: &str = "journal.jsonl";

/// Where the journal is: `$XDG_STATE_HOME/mnq-tui/journal.jsonl`, or
/// `~/.local/state/mnq-tui/journal.jsonl`; `None` when neither variable is set.
pub fn default_path() -> Option<PathBuf> {
    Some(BaseDir::State.path()?.join("mnq-tui").join(FILE_NAME))
}

/// Who writes: the console or a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Console,
    Cli,
}

impl Source {
    fn word(self) -> &'static str {
        match self {
            Source::Console => "console",
            Source::Cli => "cli",
        }
    }
}

/// The journal of one process: where it is, what every line says of the session, and whether
/// it could be written.
#[derive(Debug)]
pub struct Journal {
    path: Option<PathBuf>,
    source: Source,
    profile: String,
    api_url: String,
    /// Open once, on the first change.
    file: Option<File>,
    /// Why it cannot be written, once it could not: nothing more is tried.
    broken: Option<String>,
}

/// One change as a line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub time: Timestamp,
    pub change_id: String,
    pub source: String,
    pub profile: String,
    pub api_url: String,
    pub project_id: ProjectId,
    pub region: Region,
    pub product: String,
    pub change: String,
    pub id: Option<String>,
    pub name: String,
    pub key: Option<String>,
    pub before: Option<LineVersion>,
    pub after: Option<LineVersion>,
    pub outcome: String,
    pub detail: Option<String>,
}

/// An update's name and permissions, under the console's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineVersion {
    pub name: String,
    pub permissions: LinePermissions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePermissions {
    pub write: bool,
    pub read: bool,
    pub manage: bool,
}

impl Journal {
    /// The journal at `path` (`None`: no place for it, which the first change says), for
    /// changes made with `profile` against `api_url`.
    pub fn new(path: Option<PathBuf>, source: Source, profile: &str, api_url: &str) -> Journal {
        Journal {
            path,
            source,
            profile: profile.to_owned(),
            api_url: api_url.to_owned(),
            file: None,
            broken: None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes that `change` is asked, before its request is sent; returns its id, under which
    /// its outcome is written. `Err` (why) the first time the journal cannot be written; after
    /// that, nothing is tried and `Ok` comes back.
    pub fn asked(&mut self, change: &Change) -> (String, Result<(), String>) {
        let change_id = uuid::Uuid::new_v4().to_string();
        let written = self.write(&change_id, change, &ChangeOutcome::Asked);
        (change_id, written)
    }

    /// Writes what became of change `change_id`.
    pub fn outcome(
        &mut self,
        change_id: &str,
        change: &Change,
        outcome: &ChangeOutcome,
    ) -> Result<(), String> {
        self.write(change_id, change, outcome)
    }

    fn write(
        &mut self,
        change_id: &str,
        change: &Change,
        outcome: &ChangeOutcome,
    ) -> Result<(), String> {
        if self.broken.is_some() {
            return Ok(());
        }
        let line = Line::of(change_id, self, change, outcome);
        let mut text = serde_json::to_string(&line).map_err(|error| error.to_string())?;
        text.push('\n');
        let written = self.file().and_then(|file| {
            file.write_all(text.as_bytes())
                .map_err(|error| error.to_string())
        });
        if let Err(why) = &written {
            tracing::warn!(%why, "the journal cannot be written");
            self.broken = Some(why.clone());
        }
        written
    }

    fn file(&mut self) -> Result<&mut File, String> {
        if self.file.is_none() {
            let path = self
                .path
                .as_deref()
                .ok_or("neither XDG_STATE_HOME nor HOME is set")?;
            self.file = Some(open(path).map_err(|error| format!("{}: {error}", path.display()))?);
        }
        self.file.as_mut().ok_or_else(|| "not open".to_owned())
    }
}

/// Opens the journal for appending: its folder made 0700 when missing (and made 0700 when it
/// is mnq-tui's own and was not), the file made 0600.
fn open(path: &Path) -> std::io::Result<File> {
    if let Some(folder) = path.parent() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?;
        let mode = std::fs::metadata(folder)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    // A file made by someone else (or an older mnq-tui) with a wider mode is narrowed.
    if file.metadata()?.permissions().mode() & 0o777 != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

impl Line {
    fn of(change_id: &str, journal: &Journal, change: &Change, outcome: &ChangeOutcome) -> Line {
        let (before, after) = match &change.kind {
            ChangeKind::Update { before, after } => (Some(before.into()), Some(after.into())),
            ChangeKind::Generate | ChangeKind::Revoke | ChangeKind::CreateAccount => (None, None),
        };
        let detail = match outcome {
            ChangeOutcome::Asked | ChangeOutcome::Done { note: None } => None,
            ChangeOutcome::Done { note: Some(why) }
            | ChangeOutcome::Failed(why)
            | ChangeOutcome::Unknown(why) => Some(why.clone()),
        };
        Line {
            time: Timestamp::now(),
            change_id: change_id.to_owned(),
            source: journal.source.word().to_owned(),
            profile: journal.profile.clone(),
            api_url: journal.api_url.clone(),
            project_id: change.project_id.clone(),
            region: change.region,
            product: product_word(change.product).to_owned(),
            change: change.kind.word().to_owned(),
            id: change.id.clone(),
            name: change.name.clone(),
            key: change.key.clone(),
            before,
            after,
            outcome: outcome.word().to_owned(),
            detail,
        }
    }

    /// The change the line is of, as the console shows it; `None` for a line this version
    /// does not understand.
    pub fn change(&self) -> Option<Change> {
        let kind = match (self.change.as_str(), &self.before, &self.after) {
            ("generate", _, _) => ChangeKind::Generate,
            ("revoke", _, _) => ChangeKind::Revoke,
            ("create-account", _, _) => ChangeKind::CreateAccount,
            ("update", Some(before), Some(after)) => ChangeKind::Update {
                before: before.into(),
                after: after.into(),
            },
            _ => return None,
        };
        Some(Change {
            kind,
            product: product_of(&self.product)?,
            region: self.region,
            project_id: self.project_id.clone(),
            id: self.id.clone(),
            name: self.name.clone(),
            key: self.key.clone(),
        })
    }

    pub fn outcome(&self) -> Option<ChangeOutcome> {
        let detail = || self.detail.clone().unwrap_or_default();
        Some(match self.outcome.as_str() {
            "asked" => ChangeOutcome::Asked,
            "done" => ChangeOutcome::Done {
                note: self.detail.clone(),
            },
            "failed" => ChangeOutcome::Failed(detail()),
            "unknown" => ChangeOutcome::Unknown(detail()),
            _ => return None,
        })
    }
}

impl From<&Version> for LineVersion {
    fn from(version: &Version) -> LineVersion {
        LineVersion {
            name: version.name.clone(),
            permissions: LinePermissions {
                write: version.permissions.can_publish,
                read: version.permissions.can_receive,
                manage: version.permissions.can_manage,
            },
        }
    }
}

impl From<&LineVersion> for Version {
    fn from(line: &LineVersion) -> Version {
        Version {
            name: line.name.clone(),
            permissions: Permissions::new(
                line.permissions.write,
                line.permissions.read,
                line.permissions.manage,
            ),
        }
    }
}

/// The product as `--product`, `mnq-tui list` and the journal spell it.
pub fn product_word(product: Product) -> &'static str {
    match product {
        Product::Nats => "nats",
        Product::Queues => "queues",
        Product::TopicsAndEvents => "topics",
    }
}

fn product_of(word: &str) -> Option<Product> {
    Product::ALL
        .into_iter()
        .find(|product| product_word(*product) == word)
}

/// What an answer says of the change it answers, and for a create what it made (its id and
/// key). `None` for an answer that is not a change's.
pub fn outcome_of(answer: &ApiAnswer) -> Option<(ChangeOutcome, Option<(String, String)>)> {
    let failed = |error: &ApiError| match error {
        ApiError::OutcomeUnknown { .. } => ChangeOutcome::Unknown(error.to_string()),
        _ => ChangeOutcome::Failed(error.to_string()),
    };
    let done = ChangeOutcome::Done { note: None };
    Some(match answer {
        ApiAnswer::Revoked(Ok(())) | ApiAnswer::Updated(Ok(_)) => (done, None),
        ApiAnswer::Revoked(Err(error)) if error.is_not_found() => (
            ChangeOutcome::Done {
                note: Some("already revoked".to_owned()),
            },
            None,
        ),
        ApiAnswer::Created(Ok(created)) => {
            let made = match created {
                Created::Credentials(row) => (row.id.to_string(), row.access_key.clone()),
                Created::NatsCredentials(row) => (row.id.to_string(), row.checksum.clone()),
                Created::NatsAccount(account) => (account.id.to_string(), account.id.to_string()),
            };
            (done, Some(made))
        }
        ApiAnswer::Revoked(Err(error))
        | ApiAnswer::Updated(Err(error))
        | ApiAnswer::Created(Err(error)) => (failed(error), None),
        ApiAnswer::Page { .. }
        | ApiAnswer::Projects(_)
        | ApiAnswer::NatsAccounts(_)
        | ApiAnswer::NatsCredentials(_)
        | ApiAnswer::Credentials(_)
        | ApiAnswer::Info(_)
        | ApiAnswer::ReadBack(_)
        | ApiAnswer::Connection(_)
        | ApiAnswer::Found(_) => return None,
    })
}

/// Every change of the journal at `path`, oldest first, each as one line: the time it was
/// asked, and the rest from its last line (its outcome; a create's id and key). Lines that are
/// not the journal's are skipped and counted. A journal never written reads as empty.
pub fn read_lines(path: &Path) -> Result<(Vec<Line>, usize), String> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), 0));
        }
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    let mut changes: Vec<Line> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut skipped = 0;
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|error| format!("{}: {error}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(line) = serde_json::from_str::<Line>(&line) else {
            skipped += 1;
            continue;
        };
        match by_id.get(&line.change_id) {
            Some(&at) => {
                let asked_at = changes[at].time;
                changes[at] = Line {
                    time: asked_at,
                    ..line
                };
            }
            None => {
                by_id.insert(line.change_id.clone(), changes.len());
                changes.push(line);
            }
        }
    }
    Ok((changes, skipped))
}

/// Every change of the journal at `path` as the console shows it, oldest first; lines this
/// version cannot read are skipped and counted.
pub fn read(path: &Path) -> Result<(Vec<Recorded>, usize), String> {
    let (lines, mut skipped) = read_lines(path)?;
    let mut changes = Vec::with_capacity(lines.len());
    for line in lines {
        match line.recorded() {
            Some(recorded) => changes.push(recorded),
            None => skipped += 1,
        }
    }
    Ok((changes, skipped))
}

impl Line {
    /// The change as the console shows it; `None` for a line this version does not
    /// understand.
    fn recorded(self) -> Option<Recorded> {
        let change = self.change()?;
        let outcome = self.outcome()?;
        Some(Recorded {
            asked_at: self.time,
            profile: self.profile,
            source: self.source,
            change,
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revoke() -> Change {
        Change {
            kind: ChangeKind::Revoke,
            product: Product::Queues,
            region: Region::NlAms,
            project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
            id: Some("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
            name: "etl-loader".into(),
            key: Some("SCWLEAKEDKEY00000001".into()),
        }
    }

    #[test]
    fn an_asked_change_then_its_outcome_read_back_as_one() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("state").join("mnq-tui").join(FILE_NAME);
        let mut journal = Journal::new(Some(path.clone()), Source::Cli, "default", "https://api");
        let (id, written) = journal.asked(&revoke());
        written.unwrap();
        let (asked, _) = read(&path).unwrap();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].outcome, ChangeOutcome::Asked);
        journal
            .outcome(
                &id,
                &revoke(),
                &ChangeOutcome::Done {
                    note: Some("already revoked".into()),
                },
            )
            .unwrap();
        let (changes, skipped) = read(&path).unwrap();
        assert_eq!(skipped, 0);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].change, revoke());
        assert_eq!(changes[0].source, "cli");
        assert_eq!(
            changes[0].outcome,
            ChangeOutcome::Done {
                note: Some("already revoked".into())
            }
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
    }

    /// Every answer to a change, in the journal's words: done (a revoke's 404: done, already
    /// revoked), failed, or unknown when the answer was lost; a create's id and key from it.
    #[test]
    fn each_answer_to_a_change_is_its_outcome() {
        let server = || ApiError::Server {
            status: 503,
            message: "down".into(),
        };
        let lost = || ApiError::OutcomeUnknown {
            target: "the revoke".into(),
            cause: "the connection closed".into(),
        };
        let done = ChangeOutcome::Done { note: None };
        let outcome = |answer: ApiAnswer| outcome_of(&answer).expect("a change's answer").0;
        assert_eq!(outcome(ApiAnswer::Revoked(Ok(()))), done);
        assert_eq!(
            outcome(ApiAnswer::Revoked(Err(ApiError::NotFound {
                resource: "credentials".into(),
                resource_id: "9e8d".into(),
            }))),
            ChangeOutcome::Done {
                note: Some("already revoked".into())
            }
        );
        assert_eq!(
            outcome(ApiAnswer::Revoked(Err(server()))),
            ChangeOutcome::Failed(server().to_string())
        );
        assert_eq!(
            outcome(ApiAnswer::Updated(Err(lost()))),
            ChangeOutcome::Unknown(lost().to_string())
        );
        assert_eq!(
            outcome(ApiAnswer::Created(Err(server()))),
            ChangeOutcome::Failed(server().to_string())
        );
        let account = crate::api::model::NatsAccount {
            id: crate::api::model::NatsAccountId("ACMOLC2VSOFA3MJYEUKKQOS33NRG34JB".into()),
            name: "orders-bus".into(),
            endpoint: "nats://nats.mnq.fr-par.scaleway.com:4222".into(),
            project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
            region: Region::FrPar,
            created_at: None,
            updated_at: None,
        };
        let id = account.id.to_string();
        assert_eq!(
            outcome_of(&ApiAnswer::Created(Ok(Created::NatsAccount(account)))),
            Some((done, Some((id.clone(), id))))
        );
        assert_eq!(outcome_of(&ApiAnswer::Info(Err(server()))), None);
    }

    #[test]
    fn a_journal_that_cannot_be_written_says_so_once() {
        let folder = tempfile::tempdir().unwrap();
        // A file where the journal's folder should be.
        let blocked = folder.path().join("mnq-tui");
        std::fs::write(&blocked, "").unwrap();
        let mut journal = Journal::new(
            Some(blocked.join(FILE_NAME)),
            Source::Console,
            "demo",
            "http://127.0.0.1:1",
        );
        let (_, first) = journal.asked(&revoke());
        assert!(first.is_err());
        let (_, second) = journal.asked(&revoke());
        assert_eq!(second, Ok(()), "said once");
    }
}
