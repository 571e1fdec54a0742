//! The connection test of NATS credentials: connect with a `.creds` to the account's
//! endpoint, the way an application would, and say what the server answered.

use std::time::Duration;

use crate::app::{ConnectionOutcome, CredsSource, SaveError};
use crate::files::Places;

/// How long the whole attempt may take: a server that answers nothing is "unreachable".
pub const TIMEOUT: Duration = Duration::from_secs(8);

/// Connects with the credentials to `url`, then leaves at once.
pub async fn test(url: &str, creds: &CredsSource, places: &Places) -> ConnectionOutcome {
    let content = match creds {
        CredsSource::Created(secret) => secret.clone(),
        CredsSource::File(path) => match places.resolve(path) {
            Ok(path) => match tokio::fs::read_to_string(&path).await {
                Ok(content) => crate::api::model::Secret::new(content),
                Err(error) => {
                    return ConnectionOutcome::BadFile(format!("{}: {error}", path.display()));
                }
            },
            Err(SaveError::Failed(reason)) => return ConnectionOutcome::BadFile(reason),
            Err(SaveError::Exists(path)) => {
                return ConnectionOutcome::BadFile(path.display().to_string());
            }
        },
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
