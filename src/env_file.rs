//! Reading back a Queues or Topics and Events `.env` file — the one *Save to file* writes, or
//! any with the same variables — into the endpoint and key pair a connection test signs with.
//!
//! The variables are those the AWS SDKs and CLI read: `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` (or `AWS_DEFAULT_REGION`), and the endpoint of one
//! product, `AWS_ENDPOINT_URL_SQS` or `AWS_ENDPOINT_URL_SNS`. Lines may start with `export `,
//! values may be quoted, `#` starts a comment line. Errors name variables and line numbers,
//! never a value of the file.

use std::path::Path;

use zeroize::Zeroizing;

use crate::api::data_plane::Endpoint;
use crate::api::model::{Region, Secret, Service};

/// Why a `.env` file gives no endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvFileError {
    #[error("cannot read {path}: {cause}")]
    Unreadable { path: String, cause: String },
    #[error("line {line} is not NAME=value")]
    NotAnAssignment { line: usize },
    #[error("{0} is missing")]
    Missing(&'static str),
    #[error(
        "no endpoint: AWS_ENDPOINT_URL_SQS (Queues) or AWS_ENDPOINT_URL_SNS (Topics and Events) \
         is missing"
    )]
    NoEndpoint,
    #[error("both AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_SNS are set: keep the product's one")]
    TwoEndpoints,
    #[error("{0}")]
    UnknownRegion(String),
}

/// Reads the file at `path`.
pub fn read(path: &Path) -> Result<Endpoint, EnvFileError> {
    let text = std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|error| EnvFileError::Unreadable {
            path: path.display().to_string(),
            cause: error.to_string(),
        })?;
    parse(&text)
}

/// The `NAME=value` lines of a `.env` file's text, in order: `export ` and quotes taken off,
/// blank lines and `#` comments skipped.
fn assignments(text: &str) -> impl Iterator<Item = Result<(&str, &str), EnvFileError>> {
    text.lines().enumerate().filter_map(|(index, line)| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        Some(match line.split_once('=') {
            Some((name, value)) => Ok((name.trim(), unquoted(value.trim()))),
            None => Err(EnvFileError::NotAnAssignment { line: index + 1 }),
        })
    })
}

/// What a leaked `.env` tells to find its credentials by: the access key, and the product when
/// an endpoint says. Only the access key is required: a leak may be part of a file.
pub fn leaked_key(text: &str) -> Result<(String, Option<Service>), EnvFileError> {
    let mut access_key = None;
    let mut service = None;
    for assignment in assignments(text) {
        match assignment? {
            ("AWS_ACCESS_KEY_ID", value) => access_key = Some(value.to_owned()),
            ("AWS_ENDPOINT_URL_SQS", _) => service = Some(Service::Sqs),
            ("AWS_ENDPOINT_URL_SNS", _) => service = Some(Service::Sns),
            _ => {}
        }
    }
    let access_key = access_key
        .filter(|key| !key.is_empty())
        .ok_or(EnvFileError::Missing("AWS_ACCESS_KEY_ID"))?;
    Ok((access_key, service))
}

/// Reads a `.env` file's text.
pub fn parse(text: &str) -> Result<Endpoint, EnvFileError> {
    let mut access_key = None;
    let mut secret_key = None;
    let mut region = None;
    let mut default_region = None;
    let mut sqs = None;
    let mut sns = None;
    for assignment in assignments(text) {
        let (name, value) = assignment?;
        match name {
            "AWS_ACCESS_KEY_ID" => access_key = Some(value.to_owned()),
            "AWS_SECRET_ACCESS_KEY" => secret_key = Some(Secret::new(value)),
            "AWS_REGION" => region = Some(value.to_owned()),
            "AWS_DEFAULT_REGION" => default_region = Some(value.to_owned()),
            "AWS_ENDPOINT_URL_SQS" => sqs = Some(value.to_owned()),
            "AWS_ENDPOINT_URL_SNS" => sns = Some(value.to_owned()),
            _ => {}
        }
    }
    let (service, url) = match (sqs, sns) {
        (Some(url), None) => (Service::Sqs, url),
        (None, Some(url)) => (Service::Sns, url),
        (None, None) => return Err(EnvFileError::NoEndpoint),
        (Some(_), Some(_)) => return Err(EnvFileError::TwoEndpoints),
    };
    let region = region
        .or(default_region)
        .ok_or(EnvFileError::Missing("AWS_REGION"))?;
    Ok(Endpoint {
        service,
        url,
        region: region
            .parse::<Region>()
            .map_err(|error| EnvFileError::UnknownRegion(error.to_string()))?,
        access_key: access_key.ok_or(EnvFileError::Missing("AWS_ACCESS_KEY_ID"))?,
        secret_key: secret_key.ok_or(EnvFileError::Missing("AWS_SECRET_ACCESS_KEY"))?,
    })
}

/// A value without the quotes around it, if it has a pair.
fn unquoted(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{CredentialsId, Permissions, ProjectId, ServiceCredentials, Timestamp};
    use crate::app::CreatedCredentials;

    const SECRET: &str = "6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d";

    /// What *Save to file* writes reads back as the endpoint and keys it was made from.
    #[test]
    fn the_file_the_console_saves_reads_back() {
        for (service, endpoint) in [
            (Service::Sqs, "https://sqs.mnq.fr-par.scaleway.com"),
            (Service::Sns, "http://127.0.0.1:4100/sns/nl-ams"),
        ] {
            let region = if service == Service::Sqs {
                Region::FrPar
            } else {
                Region::NlAms
            };
            let issued = CreatedCredentials::Service {
                service,
                credentials: ServiceCredentials {
                    id: CredentialsId("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4".into()),
                    name: "ci-deploy".into(),
                    project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
                    region,
                    created_at: Some(Timestamp::now()),
                    updated_at: None,
                    access_key: "SCWNEWACCESSKEY00001".into(),
                    secret_key: Secret::new(SECRET),
                    secret_checksum: String::new(),
                    permissions: Some(Permissions::new(true, false, false)),
                },
                endpoint: endpoint.into(),
            };
            let saved = issued.file_contents();
            assert_eq!(
                parse(saved.expose()),
                Ok(Endpoint {
                    service,
                    url: endpoint.into(),
                    region,
                    access_key: "SCWNEWACCESSKEY00001".into(),
                    secret_key: Secret::new(SECRET),
                })
            );
        }
    }

    #[test]
    fn exports_quotes_and_the_default_region_are_understood() {
        let text = format!(
            "export AWS_ACCESS_KEY_ID='SCWKEY'\nexport AWS_SECRET_ACCESS_KEY=\"{SECRET}\"\n\
             AWS_DEFAULT_REGION=nl-ams\nAWS_ENDPOINT_URL_SNS=https://sns.mnq.nl-ams.scaleway.com\n"
        );
        let endpoint = parse(&text).unwrap();
        assert_eq!(endpoint.service, Service::Sns);
        assert_eq!(endpoint.region, Region::NlAms);
        assert_eq!(endpoint.access_key, "SCWKEY");
        assert_eq!(endpoint.secret_key.expose(), SECRET);
    }

    #[test]
    fn errors_name_what_is_wrong_and_never_a_value() {
        let complete = format!(
            "AWS_ACCESS_KEY_ID=SCWKEY\nAWS_SECRET_ACCESS_KEY={SECRET}\nAWS_REGION=fr-par\n\
             AWS_ENDPOINT_URL_SQS=https://sqs.mnq.fr-par.scaleway.com\n"
        );
        let without = |name: &str| {
            complete
                .lines()
                .filter(|line| !line.starts_with(name))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let cases = [
            (
                without("AWS_SECRET_ACCESS_KEY"),
                EnvFileError::Missing("AWS_SECRET_ACCESS_KEY"),
            ),
            (
                without("AWS_ACCESS_KEY_ID"),
                EnvFileError::Missing("AWS_ACCESS_KEY_ID"),
            ),
            (without("AWS_REGION"), EnvFileError::Missing("AWS_REGION")),
            (without("AWS_ENDPOINT_URL_SQS"), EnvFileError::NoEndpoint),
            (
                format!("{complete}AWS_ENDPOINT_URL_SNS=https://sns\n"),
                EnvFileError::TwoEndpoints,
            ),
            (
                format!("{complete}{SECRET}\n"),
                EnvFileError::NotAnAssignment { line: 5 },
            ),
        ];
        for (text, expected) in cases {
            let error = parse(&text).unwrap_err();
            assert_eq!(error, expected);
            assert!(!error.to_string().contains(SECRET), "{error}");
        }
        let error = parse(&complete.replace("fr-par\n", "pl-waw\n")).unwrap_err();
        assert!(matches!(error, EnvFileError::UnknownRegion(_)), "{error}");
    }
}
