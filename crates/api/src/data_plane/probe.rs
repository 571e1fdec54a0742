//! Signed requests to Queues and Topics and Events, and the connection test built on them.

use std::time::Duration;

use super::{Access, ConnectionReport, Grant, Grants};
use crate::model::{ProjectId, Region, Secret, Service};
use crate::sigv4::{self, Scope};

/// How long a whole connection test may take: an endpoint that answers nothing in that time
/// is unreachable.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(8);

/// An endpoint of Queues or Topics and Events, and the key pair to sign with. `Debug` shows no
/// secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub service: Service,
    /// As `sqs-info` / `sns-info` answer it (`https://sqs.mnq.fr-par.scaleway.com`).
    pub url: String,
    pub region: Region,
    pub access_key: String,
    pub secret_key: Secret,
}

/// What an endpoint answered: its status, and for an error its code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The error code (`AWS.SimpleQueueService.NonExistentQueue`, `AccessDenied`,
    /// `AuthorizationError`, `InvalidClientTokenId`…); `None` on success.
    pub code: Option<String>,
    pub message: String,
    pub body: String,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// No answer: the endpoint could not be reached, or did not answer in time. The words name
/// the endpoint, never the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

impl Endpoint {
    /// An HTTP client for calls to this endpoint, giving up after `timeout`.
    pub fn http_client(timeout: Duration) -> Result<reqwest::Client, Unreachable> {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            return Err(Unreachable(
                "no TLS crypto provider is installed in this process — call \
                 mnq_api::install_tls_provider() first"
                    .into(),
            ));
        }
        reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .map_err(|error| Unreachable(format!("cannot set up the HTTP client: {error}")))
    }

    /// An SQS action in the AWS JSON 1.0 protocol, as current AWS SDKs send it.
    pub async fn sqs(
        &self,
        http: &reqwest::Client,
        action: &str,
        input: &serde_json::Value,
    ) -> Result<Answer, Unreachable> {
        let target = format!("AmazonSQS.{action}");
        let headers = [
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", target.as_str()),
            ("x-amzn-query-mode", "true"),
        ];
        let response = self
            .send(http, &headers, input.to_string().into_bytes())
            .await?;
        let status = response.status().as_u16();
        let query_code = response
            .headers()
            .get("x-amzn-query-error")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        let body = self.body_of(response).await?;
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let text = |key: &str| json.get(key).and_then(serde_json::Value::as_str);
        let code = (!(200..300).contains(&status)).then(|| {
            query_code
                .or_else(|| {
                    text("__type").map(|kind| kind.rsplit('#').next().unwrap_or(kind).to_owned())
                })
                .unwrap_or_else(|| status.to_string())
        });
        Ok(Answer {
            status,
            code,
            message: text("message")
                .or(text("Message"))
                .unwrap_or_default()
                .to_owned(),
            body,
        })
    }

    /// An SNS action in the query protocol, as every AWS SDK sends it.
    pub async fn sns(
        &self,
        http: &reqwest::Client,
        params: &[(&str, &str)],
    ) -> Result<Answer, Unreachable> {
        let mut form: Vec<(&str, &str)> = vec![("Version", "2010-03-31")];
        form.extend_from_slice(params);
        let body = form
            .iter()
            .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let headers = [(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )];
        let response = self.send(http, &headers, body.into_bytes()).await?;
        let status = response.status().as_u16();
        let body = self.body_of(response).await?;
        let code = (!(200..300).contains(&status))
            .then(|| xml_text(&body, "Code").unwrap_or_else(|| status.to_string()));
        Ok(Answer {
            status,
            code,
            message: xml_text(&body, "Message").unwrap_or_default(),
            body,
        })
    }

    /// Signs and sends a `POST` with these headers and body.
    async fn send(
        &self,
        http: &reqwest::Client,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<reqwest::Response, Unreachable> {
        let url = reqwest::Url::parse(&self.url)
            .map_err(|error| Unreachable(format!("{} is not a URL: {error}", self.url)))?;
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err(Unreachable(format!("{} names no host", self.url))),
        };
        let mut signed_headers = vec![("host", host.as_str())];
        signed_headers.extend_from_slice(headers);
        let signed = sigv4::sign(
            &sigv4::Request {
                method: "POST",
                path: url.path(),
                query: url.query().unwrap_or_default(),
                headers: &signed_headers,
                body: &body,
            },
            &self.access_key,
            &self.secret_key,
            Scope {
                region: self.region.as_str(),
                service: self.service.api_name(),
            },
            jiff::Timestamp::now(),
        );
        let mut request = http
            .post(url.clone())
            .header("x-amz-date", signed.amz_date)
            .header("authorization", signed.authorization)
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request
            .send()
            .await
            .map_err(|error| self.unreachable(&error))
    }

    async fn body_of(&self, response: reqwest::Response) -> Result<String, Unreachable> {
        response
            .text()
            .await
            .map_err(|error| self.unreachable(&error))
    }

    fn unreachable(&self, error: &reqwest::Error) -> Unreachable {
        if error.is_timeout() {
            return Unreachable(format!("{}: no answer in time", self.url));
        }
        let mut cause = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            cause = inner.to_string();
            source = inner.source();
        }
        Unreachable(format!("{}: {cause}", self.url))
    }
}

/// `application/x-www-form-urlencoded`: unreserved characters as they are, the rest as `%XX`.
fn form_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The text of the first `<name>` element of an XML answer, unescaped.
fn xml_text(xml: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{name}>"))? + name.len() + 2;
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// What one probe's answer means.
enum Reading {
    Success,
    /// The queue or topic does not exist: the permission check, if any, was passed.
    NotFound,
    Refused(Access),
    Other(String),
}

fn reading(answer: &Answer) -> Reading {
    if answer.is_success() {
        return Reading::Success;
    }
    let code = answer.code.clone().unwrap_or_default();
    let message = &answer.message;
    match code.as_str() {
        "QueueDoesNotExist"
        | "AWS.SimpleQueueService.NonExistentQueue"
        | "NotFound"
        | "NotFoundException" => Reading::NotFound,
        "InvalidClientTokenId" | "UnrecognizedClientException" | "InvalidAccessKeyId" => {
            Reading::Refused(Access::UnknownKey { code })
        }
        "AccessDenied"
        | "AccessDeniedException"
        | "AuthorizationError"
        | "AuthorizationErrorException" => Reading::Refused(Access::Denied { code }),
        "RequestExpired" => Reading::Refused(Access::ClockSkew),
        "SignatureDoesNotMatch" if message.contains("expired") => {
            Reading::Refused(Access::ClockSkew)
        }
        "SignatureDoesNotMatch" if message.contains("scoped") => {
            Reading::Other(format!("{} {code}: {message}", answer.status))
        }
        "SignatureDoesNotMatch" => Reading::Refused(Access::WrongSecret),
        _ => Reading::Other(format!("{} {code}: {message}", answer.status)),
    }
}

/// A permission probe's answer: "does not exist" passed the check, a refusal did not.
fn grant(answer: Result<Answer, Unreachable>) -> Grant {
    match answer {
        Err(Unreachable(why)) => Grant::CannotTell(why),
        Ok(answer) => match reading(&answer) {
            Reading::NotFound => Grant::Granted,
            Reading::Refused(Access::Denied { .. }) => Grant::Refused,
            Reading::Success => Grant::CannotTell(
                "the probe's queue or topic exists, so its answer does not tell".into(),
            ),
            Reading::Refused(other) => Grant::CannotTell(format!("{other:?}")),
            Reading::Other(what) => Grant::CannotTell(what),
        },
    }
}

/// Signs non-destructive probes to `endpoint` with its key pair, for `project_id` (the
/// credentials' project: probe URLs and ARNs name it), and says whether the key is taken and
/// which permissions the endpoint grants. Gives up after `timeout`.
pub async fn test_connection(
    endpoint: &Endpoint,
    project_id: &ProjectId,
    timeout: Duration,
) -> ConnectionReport {
    let unreachable = |why: String| ConnectionReport {
        access: Access::Unreachable(why),
        grants: None,
    };
    let http = match Endpoint::http_client(timeout) {
        Ok(http) => http,
        Err(Unreachable(why)) => {
            return ConnectionReport {
                access: Access::Unexpected(why),
                grants: None,
            };
        }
    };
    let probe = format!("mnq-tui-probe-{:016x}", fastrand::u64(..));
    let test = async {
        match endpoint.service {
            Service::Sqs => test_queues(endpoint, &http, project_id, &probe).await,
            Service::Sns => test_topics(endpoint, &http, project_id, &probe).await,
        }
    };
    match tokio::time::timeout(timeout, test).await {
        Ok(report) => report,
        Err(_) => unreachable(format!(
            "{}: no answer within {} s",
            endpoint.url,
            timeout.as_secs()
        )),
    }
}

/// What the first probe says of the key.
fn access_of(answer: Result<Answer, Unreachable>) -> Access {
    match answer {
        Err(Unreachable(why)) => Access::Unreachable(why),
        Ok(answer) => match reading(&answer) {
            Reading::Success | Reading::NotFound => Access::Accepted,
            Reading::Refused(access) => access,
            Reading::Other(what) => Access::Unexpected(what),
        },
    }
}

async fn test_queues(
    endpoint: &Endpoint,
    http: &reqwest::Client,
    project_id: &ProjectId,
    probe: &str,
) -> ConnectionReport {
    let first = endpoint
        .sqs(
            http,
            "GetQueueUrl",
            &serde_json::json!({ "QueueName": probe }),
        )
        .await;
    let access = access_of(first);
    if access != Access::Accepted {
        return ConnectionReport {
            access,
            grants: None,
        };
    }
    let queue_url = format!(
        "{}/project-{project_id}/{probe}",
        endpoint.url.trim_end_matches('/')
    );
    let list = serde_json::json!({ "QueueNamePrefix": probe, "MaxResults": 1 });
    let send =
        serde_json::json!({ "QueueUrl": queue_url, "MessageBody": "mnq-tui connection test" });
    let receive = serde_json::json!({ "QueueUrl": queue_url, "WaitTimeSeconds": 0, "MaxNumberOfMessages": 1 });
    let (manage, write, read) = futures::join!(
        endpoint.sqs(http, "ListQueues", &list),
        endpoint.sqs(http, "SendMessage", &send),
        endpoint.sqs(http, "ReceiveMessage", &receive),
    );
    let manage = match manage {
        Ok(answer) if answer.is_success() => Grant::Granted,
        other => match grant(other) {
            // Listing has no queue to look up: only a refusal or a success tells.
            Grant::Granted => Grant::CannotTell("ListQueues answered \"does not exist\"".into()),
            told => told,
        },
    };
    ConnectionReport {
        access,
        grants: Some(Grants {
            write: grant(write),
            read: grant(read),
            manage,
        }),
    }
}

async fn test_topics(
    endpoint: &Endpoint,
    http: &reqwest::Client,
    project_id: &ProjectId,
    probe: &str,
) -> ConnectionReport {
    let access = access_of(endpoint.sns(http, &[("Action", "ListTopics")]).await);
    if access != Access::Accepted {
        return ConnectionReport {
            access,
            grants: None,
        };
    }
    let arn = |service: &str| {
        format!(
            "arn:scw:{service}:{}:project-{project_id}:{probe}",
            endpoint.region
        )
    };
    let (topic, queue) = (arn("sns"), arn("sqs"));
    let publish = [
        ("Action", "Publish"),
        ("TopicArn", topic.as_str()),
        ("Message", "mnq-tui connection test"),
    ];
    let configure = [
        ("Action", "SetTopicAttributes"),
        ("TopicArn", topic.as_str()),
        ("AttributeName", "DisplayName"),
        ("AttributeValue", "mnq-tui connection test"),
    ];
    let subscribe = [
        ("Action", "Subscribe"),
        ("TopicArn", topic.as_str()),
        ("Protocol", "sqs"),
        ("Endpoint", queue.as_str()),
    ];
    let (write, manage, read) = futures::join!(
        endpoint.sns(http, &publish),
        endpoint.sns(http, &configure),
        endpoint.sns(http, &subscribe),
    );
    ConnectionReport {
        access,
        grants: Some(Grants {
            write: grant(write),
            read: grant(read),
            manage: grant(manage),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_read_as_what_they_mean() {
        let answer = |status: u16, code: &str, message: &str| Answer {
            status,
            code: Some(code.into()),
            message: message.into(),
            body: String::new(),
        };
        let access = |a| access_of(Ok(a));
        assert_eq!(
            access(answer(400, "AWS.SimpleQueueService.NonExistentQueue", "")),
            Access::Accepted
        );
        assert_eq!(
            access(answer(403, "InvalidClientTokenId", "")),
            Access::UnknownKey {
                code: "InvalidClientTokenId".into()
            }
        );
        // What Scaleway was seen answering once the credentials were deleted.
        assert!(access(answer(400, "AccessDeniedException", "")).is_refused());
        assert_eq!(
            access(answer(
                403,
                "SignatureDoesNotMatch",
                "The request signature…"
            )),
            Access::WrongSecret
        );
        assert_eq!(
            access(answer(403, "SignatureDoesNotMatch", "Signature expired: …")),
            Access::ClockSkew
        );
        assert_eq!(access(answer(400, "RequestExpired", "")), Access::ClockSkew);
        assert!(matches!(
            access(answer(500, "InternalError", "oops")),
            Access::Unexpected(_)
        ));
        assert_eq!(grant(Ok(answer(404, "NotFound", ""))), Grant::Granted);
        assert_eq!(
            grant(Ok(answer(403, "AuthorizationError", ""))),
            Grant::Refused
        );
    }

    #[test]
    fn xml_answers_and_forms_are_read_and_written() {
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>\
                   <Message>a &amp; b &lt;c&gt;</Message></Error></ErrorResponse>";
        assert_eq!(xml_text(xml, "Code").as_deref(), Some("NotFound"));
        assert_eq!(xml_text(xml, "Message").as_deref(), Some("a & b <c>"));
        assert_eq!(xml_text(xml, "RequestId"), None);
        assert_eq!(form_encode("arn:scw:sns a+b"), "arn%3Ascw%3Asns%20a%2Bb");
    }

    #[test]
    fn debug_shows_no_secret() {
        let endpoint = Endpoint {
            service: Service::Sqs,
            url: "http://127.0.0.1:1/sqs/fr-par".into(),
            region: Region::FrPar,
            access_key: "SCWQ7M2K9D4TXB8RFN3H".into(),
            secret_key: Secret::new("6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d"),
        };
        assert!(!format!("{endpoint:?}").contains("6f1d3c2a"));
    }
}
