//! The connection test, as the worker runs it: credentials tried against their endpoint the
//! way an application would use them, and what the endpoint said.
//!
//! - NATS: connect with a `.creds` to the account's endpoint, then leave.
//! - Queues and Topics and Events: sign requests that create and send nothing with a key
//!   pair (a `.env` file's, or one just created) to the endpoint `sqs-info` / `sns-info`
//!   name ([`crate::api::data_plane::test_connection`]).

use std::time::Duration;

use crate::api::Client;
use crate::api::data_plane::{self, Endpoint, PROBE_TIMEOUT};
use crate::api::model::{ProjectId, Service};
use crate::app::{ConnectionCheck, ConnectionOutcome, CredsSource, KeysSource, Probed, SaveError};
use crate::files::Places;

/// How long a NATS attempt may take: a server that answers nothing is "unreachable". The
/// probes of Queues and Topics and Events have [`PROBE_TIMEOUT`].
pub const TIMEOUT: Duration = Duration::from_secs(8);

/// Runs a connection test. `client` reads `sqs-info` / `sns-info` when the endpoint of new
/// keys is not known.
pub async fn test(check: &ConnectionCheck, client: &Client, places: &Places) -> ConnectionOutcome {
    match check {
        ConnectionCheck::Nats { url, creds } => test_nats(url, creds, places).await,
        ConnectionCheck::Service {
            service,
            project_id,
            keys,
        } => {
            let endpoint = match endpoint_of(*service, project_id, keys, client, places).await {
                Ok(endpoint) => endpoint,
                Err(outcome) => return outcome,
            };
            let report = data_plane::test_connection(&endpoint, project_id, PROBE_TIMEOUT).await;
            ConnectionOutcome::Probed(Box::new(Probed {
                endpoint: endpoint.url,
                access_key: endpoint.access_key,
                report,
            }))
        }
    }
}

/// The endpoint and key pair to sign with: a `.env` file's, which must be of `service`; or new
/// keys', with the endpoint the console knows or the API's `*-info` names.
async fn endpoint_of(
    service: Service,
    project_id: &ProjectId,
    keys: &KeysSource,
    client: &Client,
    places: &Places,
) -> Result<Endpoint, ConnectionOutcome> {
    match keys {
        KeysSource::File(typed) => {
            let path = resolve(places, typed)?;
            let endpoint = crate::env_file::read(&path)
                .map_err(|error| ConnectionOutcome::BadFile(error.to_string()))?;
            if endpoint.service != service {
                return Err(ConnectionOutcome::BadFile(format!(
                    "{} holds keys of {}, not {}",
                    path.display(),
                    endpoint.service.product(),
                    service.product()
                )));
            }
            Ok(endpoint)
        }
        KeysSource::Created(created) => {
            let url = match &created.endpoint {
                Some(url) => url.clone(),
                None => client
                    .get_info(service, created.region, project_id)
                    .await
                    .map(|info| info.endpoint_url)
                    .map_err(|error| {
                        ConnectionOutcome::Unreachable(format!(
                            "the endpoint of {} in {} could not be read: {error}",
                            service.product(),
                            created.region
                        ))
                    })?,
            };
            Ok(Endpoint {
                service,
                url,
                region: created.region,
                access_key: created.access_key.clone(),
                secret_key: created.secret_key.clone(),
            })
        }
    }
}

/// A path as typed, made absolute.
fn resolve(places: &Places, typed: &str) -> Result<std::path::PathBuf, ConnectionOutcome> {
    places.resolve(typed).map_err(|error| {
        ConnectionOutcome::BadFile(match error {
            SaveError::Failed(reason) => reason,
            SaveError::Exists(path) => path.display().to_string(),
        })
    })
}

/// Connects with the `.creds` to `url`, then leaves at once.
async fn test_nats(url: &str, creds: &CredsSource, places: &Places) -> ConnectionOutcome {
    let content = match creds {
        CredsSource::Created(secret) => secret.clone(),
        CredsSource::File(typed) => {
            let path = match resolve(places, typed) {
                Ok(path) => path,
                Err(outcome) => return outcome,
            };
            match tokio::fs::read_to_string(&path).await {
                Ok(content) => crate::api::model::Secret::new(content),
                Err(error) => {
                    return ConnectionOutcome::BadFile(format!("{}: {error}", path.display()));
                }
            }
        }
    };
    if !content.expose().contains("BEGIN NATS USER JWT")
        || !content.expose().contains("BEGIN USER NKEY SEED")
    {
        return ConnectionOutcome::BadFile(
            "not a .creds file: it needs a NATS user JWT and an NKEY seed".into(),
        );
    }
    let options = match async_nats::ConnectOptions::with_credentials(content.expose()) {
        // The parser's message never quotes the file.
        Ok(options) => options.connection_timeout(TIMEOUT),
        Err(error) => return ConnectionOutcome::BadFile(format!("unreadable .creds: {error}")),
    };
    match tokio::time::timeout(TIMEOUT, options.connect(url)).await {
        Ok(Ok(client)) => {
            let info = client.server_info();
            // Nothing was subscribed or published: closing needs no drain.
            drop(client);
            ConnectionOutcome::Connected {
                server: format!("{} {} at {url}", info.server_name, info.version)
                    .trim()
                    .to_owned(),
            }
        }
        Ok(Err(error)) => match error.kind() {
            async_nats::ConnectErrorKind::AuthorizationViolation
            | async_nats::ConnectErrorKind::Authentication => {
                let server_said = std::error::Error::source(&error).map(ToString::to_string);
                ConnectionOutcome::Denied(denial(&error.kind().to_string(), server_said))
            }
            _ => ConnectionOutcome::Unreachable(format!("{url}: {error}")),
        },
        Err(_) => ConnectionOutcome::Unreachable(format!(
            "{url}: no answer within {} s",
            TIMEOUT.as_secs()
        )),
    }
}

/// Why the server refused, said once: async-nats names the kind, then the server's message,
/// which mostly repeats it ("authorization violation: nats: authorization violation").
fn denial(kind: &str, server_said: Option<String>) -> String {
    let Some(said) = server_said else {
        return kind.to_owned();
    };
    let said = said.trim().trim_start_matches("nats:").trim();
    if said.is_empty() || said.eq_ignore_ascii_case(kind) {
        kind.to_owned()
    } else {
        format!("{kind}: {said}")
    }
}

#[cfg(test)]
mod tests {
    use super::denial;

    #[test]
    fn a_denial_says_its_reason_once() {
        let repeated = Some("nats: authorization violation".to_owned());
        assert_eq!(
            denial("authorization violation", repeated),
            "authorization violation"
        );
        assert_eq!(denial("authentication", None), "authentication");
        let more = Some("nats: user authentication expired".to_owned());
        assert_eq!(
            denial("authorization violation", more),
            "authorization violation: user authentication expired"
        );
    }
}
