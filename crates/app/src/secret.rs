//! The secret pop-up: new credentials, shown once, right after the API created them. It holds
//! the only copy the console will ever have of the secret key or `.creds` file; closing the
//! pop-up drops it, and [`Secret`] zeroes its memory on drop.
//!
//! It also defines what leaving the pop-up with the secret means: a copy to the terminal's
//! clipboard ([`Clip`]) or a file written by the console ([`SaveRequest`]), whose contents
//! are computed here.

use std::path::PathBuf;

use tui_input::Input;

use crate::call::{ConnectionOutcome, RequestId};
use crate::choice::Choice;
use crate::target::Target;
use mnq_api::model::{NatsAccount, NatsCredentials, Product, Secret, Service, ServiceCredentials};

/// Credentials the API just created, secret included, with what it takes to use them.
#[derive(Debug, Clone)]
pub enum CreatedCredentials {
    /// Queues or Topics and Events credentials, with the endpoint their SDKs talk to.
    Service {
        service: Service,
        credentials: ServiceCredentials,
        endpoint: String,
    },
    /// NATS credentials (their `.creds` in `credentials.credentials`), in their account.
    Nats {
        account: NatsAccount,
        credentials: NatsCredentials,
    },
}

impl CreatedCredentials {
    pub fn name(&self) -> &str {
        match self {
            CreatedCredentials::Service { credentials, .. } => &credentials.name,
            CreatedCredentials::Nats { credentials, .. } => &credentials.name,
        }
    }

    pub fn product(&self) -> Product {
        match self {
            CreatedCredentials::Service { service, .. } => service.product(),
            CreatedCredentials::Nats { .. } => Product::Nats,
        }
    }

    /// The `.creds` file's text, for NATS credentials.
    pub fn creds(&self) -> Option<&Secret> {
        match self {
            CreatedCredentials::Nats { credentials, .. } => {
                credentials.credentials.as_ref().map(|file| &file.content)
            }
            CreatedCredentials::Service { .. } => None,
        }
    }

    /// The buttons of the pop-up, in focus order.
    pub fn buttons(&self) -> &'static [SecretButton] {
        match self {
            CreatedCredentials::Service { .. } => &[
                SecretButton::CopyAccessKey,
                SecretButton::CopySecretKey,
                SecretButton::Save,
                SecretButton::TestConnection,
                SecretButton::Done,
            ],
            CreatedCredentials::Nats { .. } => &[
                SecretButton::ShowSeed,
                SecretButton::CopyCreds,
                SecretButton::Save,
                SecretButton::TestConnection,
                SecretButton::Done,
            ],
        }
    }

    /// Where saving proposes to write: `<account>-<name>.creds` for NATS, `<name>.env`
    /// otherwise, in the console's working directory.
    pub fn default_path(&self) -> String {
        match self {
            CreatedCredentials::Service { credentials, .. } => {
                format!("{}.env", file_stem(&credentials.name))
            }
            CreatedCredentials::Nats {
                account,
                credentials,
            } => format!(
                "{}-{}.creds",
                file_stem(&account.name),
                file_stem(&credentials.name)
            ),
        }
    }

    /// What a saved file holds: the `.creds` file as created, or a `.env` that the AWS SDKs
    /// and CLI read (`AWS_ENDPOINT_URL_SQS` / `_SNS` are their service-specific endpoint
    /// variables).
    pub fn file_contents(&self) -> Secret {
        match self {
            CreatedCredentials::Nats { credentials, .. } => credentials
                .credentials
                .as_ref()
                .map(|file| file.content.clone())
                .unwrap_or_default(),
            CreatedCredentials::Service {
                service,
                credentials,
                endpoint,
            } => {
                let service = match service {
                    Service::Sqs => "SQS",
                    Service::Sns => "SNS",
                };
                Secret::new(format!(
                    "# Scaleway {product} credentials {name:?} ({id}), {region}\n\
                     AWS_ACCESS_KEY_ID={access_key}\n\
                     AWS_SECRET_ACCESS_KEY={secret_key}\n\
                     AWS_DEFAULT_REGION={region}\n\
                     AWS_REGION={region}\n\
                     AWS_ENDPOINT_URL_{service}={endpoint}\n",
                    product = self.product(),
                    name = credentials.name,
                    id = credentials.id,
                    region = credentials.region,
                    access_key = credentials.access_key,
                    secret_key = credentials.secret_key.expose(),
                ))
            }
        }
    }

    /// The `nats` CLI context that saving NATS credentials can add: named as the file.
    pub fn nats_context(&self) -> Option<NatsContext> {
        match self {
            CreatedCredentials::Nats {
                account,
                credentials,
            } => Some(NatsContext {
                name: format!(
                    "{}-{}",
                    file_stem(&account.name),
                    file_stem(&credentials.name)
                ),
                url: account.endpoint.clone(),
                description: format!(
                    "Scaleway NATS account {} ({}), credentials {}",
                    account.name, account.region, credentials.name
                ),
            }),
            CreatedCredentials::Service { .. } => None,
        }
    }
}

/// A name made safe as a file name: letters, digits, `.`, `_` and `-` kept, anything else `-`.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "credentials".to_owned()
    } else {
        stem.to_owned()
    }
}

/// A button of the secret pop-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretButton {
    CopyAccessKey,
    CopySecretKey,
    /// Show or hide the NKEY seed of a `.creds`.
    ShowSeed,
    CopyCreds,
    Save,
    /// Test the new credentials against their endpoint.
    TestConnection,
    Done,
}

/// What was copied, for the note that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    AccessKey,
    SecretKey,
    Creds,
    /// The SHA-1 of NATS credentials' `.creds`, which identifies them.
    Checksum,
    AccountId,
    /// The id of credentials.
    Id,
}

impl Copied {
    pub fn label(self) -> &'static str {
        match self {
            Copied::AccessKey => "Access key",
            Copied::SecretKey => "Secret key",
            Copied::Creds => ".creds file",
            Copied::Checksum => "Checksum",
            Copied::AccountId => "Account id",
            Copied::Id => "Id",
        }
    }
}

/// Text for the terminal's clipboard (OSC 52).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    pub what: Copied,
    pub text: Secret,
}

/// A `nats` CLI context to write next to saved `.creds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsContext {
    pub name: String,
    pub url: String,
    pub description: String,
}

/// A file the console must write: atomically, mode 0600, its folder made 0700 if missing,
/// never over an existing file unless `overwrite`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    /// As typed: relative to the console's working directory, `~` for the home folder.
    pub path: String,
    pub contents: Secret,
    pub overwrite: bool,
    /// Also a `nats` CLI context pointing at the saved `.creds`.
    pub nats_context: Option<NatsContext>,
}

/// What the console wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file, as an absolute path.
    pub path: PathBuf,
    /// The `nats` CLI context written, by name, with its file.
    pub nats_context: Option<(String, PathBuf)>,
}

/// Why the console did not write the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The file (or the `nats` context) exists; nothing was written.
    Exists(PathBuf),
    /// The system refused: permission denied, disk full, a folder in the way…, in words.
    Failed(String),
}

/// The path field opened by *Save to file*.
#[derive(Debug, Clone)]
pub struct SaveForm {
    pub path: Input,
    /// NATS: whether to add a `nats` CLI context too; `None` for other products.
    pub nats_context: Option<bool>,
    /// The focus is on the `nats` context checkbox rather than the path.
    pub on_checkbox: bool,
    /// The console is writing; the form waits for its answer.
    pub saving: bool,
}

/// A question asked over the secret pop-up; the focused button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretQuestion {
    /// "The secret will never be shown again — close anyway?"
    Close(Choice),
    /// The same, asked by a way out of the console (`q` on a terminal too small, Ctrl-C):
    /// "— quit anyway?"
    Quit(Choice),
    /// "The file exists — overwrite it?"
    Overwrite(Choice),
}

impl SecretQuestion {
    /// The focused button.
    pub fn focus(self) -> Choice {
        match self {
            SecretQuestion::Close(focus)
            | SecretQuestion::Quit(focus)
            | SecretQuestion::Overwrite(focus) => focus,
        }
    }

    /// The same question, with the focus on `focus`.
    pub fn focused_on(self, focus: Choice) -> SecretQuestion {
        match self {
            SecretQuestion::Close(_) => SecretQuestion::Close(focus),
            SecretQuestion::Quit(_) => SecretQuestion::Quit(focus),
            SecretQuestion::Overwrite(_) => SecretQuestion::Overwrite(focus),
        }
    }
}

/// The last thing the pop-up did, said under its buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretNote {
    Copied(Copied),
    Saved(Saved),
    SaveFailed(SaveError),
    /// A connection test in flight.
    Testing(RequestId),
    Connection(ConnectionOutcome),
}

/// The secret pop-up's state.
#[derive(Debug, Clone)]
pub struct SecretPopup {
    pub created: CreatedCredentials,
    pub focus: SecretButton,
    /// The `.creds` seed is painted only when asked.
    pub seed_shown: bool,
    pub save: Option<SaveForm>,
    pub question: Option<SecretQuestion>,
    pub note: Option<SecretNote>,
    /// What was saved, to say where the secret went.
    pub saved: Vec<Saved>,
    /// NATS: whether saving adds a `nats` CLI context, as last ticked; the next Save starts
    /// with it.
    pub adds_nats_context: bool,
    /// A rotation: the credentials to revoke once this pop-up closes.
    pub replaces: Option<Target>,
}

impl SecretPopup {
    pub fn new(created: CreatedCredentials, replaces: Option<Target>) -> Self {
        SecretPopup {
            created,
            focus: SecretButton::CopySecretKey,
            seed_shown: false,
            save: None,
            question: None,
            note: None,
            saved: Vec::new(),
            adds_nats_context: false,
            replaces,
        }
        .focus_first()
    }

    fn focus_first(mut self) -> Self {
        let buttons = self.created.buttons();
        if !buttons.contains(&self.focus) {
            self.focus = buttons[0];
        }
        self
    }

    pub fn focus_next(&mut self, forward: bool) {
        let buttons = self.created.buttons();
        let count = buttons.len();
        let index = buttons.iter().position(|b| *b == self.focus).unwrap_or(0);
        let next = if forward {
            (index + 1) % count
        } else {
            (index + count - 1) % count
        };
        self.focus = buttons[next];
    }

    /// Focuses the last button (Done), or the first.
    pub fn focus_end(&mut self, last: bool) {
        let buttons = self.created.buttons();
        let end = if last {
            buttons.last()
        } else {
            buttons.first()
        };
        if let Some(button) = end {
            self.focus = *button;
        }
    }

    /// Where Save proposes to write: the file's usual name, in the folder of the last save if
    /// there was one (else the console's working directory).
    pub fn proposed_path(&self) -> String {
        let name = self.created.default_path();
        match self.saved.last().and_then(|saved| saved.path.parent()) {
            Some(folder) => folder.join(name).display().to_string(),
            None => name,
        }
    }

    /// Opens the path field with the proposed path and, for NATS, the `nats` context as last
    /// chosen.
    pub fn open_save(&mut self) {
        self.save = Some(SaveForm {
            path: Input::new(self.proposed_path()),
            nats_context: self.created.nats_context().map(|_| self.adds_nats_context),
            on_checkbox: false,
            saving: false,
        });
    }

    /// The file to write for the path as typed, if one is typed.
    pub fn save_request(&self, overwrite: bool) -> Option<SaveRequest> {
        let save = self.save.as_ref()?;
        let path = save.path.value().trim();
        if path.is_empty() {
            return None;
        }
        Some(SaveRequest {
            path: path.to_owned(),
            contents: self.created.file_contents(),
            overwrite,
            nats_context: match save.nats_context {
                Some(true) => self.created.nats_context(),
                Some(false) | None => None,
            },
        })
    }

    /// What to copy for a copy button.
    pub fn clip(&self, button: SecretButton) -> Option<Clip> {
        let (what, text) = match (&self.created, button) {
            (CreatedCredentials::Service { credentials, .. }, SecretButton::CopyAccessKey) => (
                Copied::AccessKey,
                Secret::new(credentials.access_key.clone()),
            ),
            (CreatedCredentials::Service { credentials, .. }, SecretButton::CopySecretKey) => {
                (Copied::SecretKey, credentials.secret_key.clone())
            }
            (CreatedCredentials::Nats { .. }, SecretButton::CopyCreds) => {
                (Copied::Creds, self.created.creds()?.clone())
            }
            _ => return None,
        };
        Some(Clip { what, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(file_stem("orders producer/v2"), "orders-producer-v2");
        assert_eq!(file_stem("../etc"), "-etc");
        assert_eq!(file_stem("..."), "credentials");
        assert_eq!(file_stem("émile"), "-mile");
    }
}
