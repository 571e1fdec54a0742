//! AWS Signature Version 4, as Scaleway's Queues (SQS) and Topics and Events (SNS) endpoints
//! check it: the console signs its connection probes with [`sign`], the emulator checks every
//! data-plane request with [`Authorization::read`] and [`Authorization::verify`].
//!
//! A signature is an HMAC-SHA256 chain: a key derived from the secret key, the day, the region
//! and the service signs a "string to sign", which holds the time, the scope and the SHA-256 of
//! the *canonical request* — the method, the path, the query, the signed headers and the SHA-256
//! of the body, each written in one agreed form. Whoever holds the secret key recomputes the
//! signature from the request as received; any change to a signed part, the body included,
//! gives another signature.
//!
//! What a server must also check, and [`Authorization::verify`] does: that the request was
//! signed less than [`MAX_SKEW`] ago (or ahead), that its scope names the endpoint's region and
//! service, that `host` is signed, and that a declared `x-amz-content-sha256` is the body's.
//! Signatures are compared in constant time.

use std::fmt;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::model::Secret;

/// The only algorithm SigV4 names.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// How far a request's signing time may be from the server's clock, either way.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The form of `X-Amz-Date`: `20260412T093015Z`.
const AMZ_DATE: &str = "%Y%m%dT%H%M%SZ";

type HmacSha256 = Hmac<Sha256>;

/// A request as SigV4 covers it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent, percent-encoded (`/`, `/sqs/fr-par`).
    pub path: &'a str,
    /// The query string as sent, without the `?`; empty for none.
    pub query: &'a str,
    /// The headers as sent (names in any case; a name may come more than once). Signing signs
    /// every one of them, so give it those the request will carry, `host` included.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Where a signature is valid: a region and a service (`fr-par`, `sqs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    pub region: &'a str,
    pub service: &'a str,
}

/// What [`sign`] adds to a request: the `X-Amz-Date` and `Authorization` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub amz_date: String,
    pub authorization: String,
}

/// Signs `request` as made at `at` with the key pair, for `scope`. The request's headers are
/// all signed, with the `x-amz-date` this adds.
pub fn sign(
    request: &Request<'_>,
    access_key: &str,
    secret_key: &Secret,
    scope: Scope<'_>,
    at: jiff::Timestamp,
) -> Signed {
    let amz_date = at.strftime(AMZ_DATE).to_string();
    let day = &amz_date[..8];
    let mut headers: Vec<(String, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), *value))
        .filter(|(name, _)| name != "x-amz-date" && name != "authorization")
        .collect();
    headers.push(("x-amz-date".to_owned(), &amz_date));
    let mut signed_headers: Vec<String> = headers.iter().map(|(name, _)| name.clone()).collect();
    signed_headers.sort();
    signed_headers.dedup();
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), *value))
        .collect();
    let canonical = canonical_request(
        &Request {
            headers: &borrowed,
            ..*request
        },
        &signed_headers,
        &hex(&Sha256::digest(request.body)),
    );
    let credential_scope = credential_scope(day, scope);
    let signature = signing_mac(secret_key, day, scope)
        .chain_update(string_to_sign(&amz_date, &credential_scope, &canonical))
        .finalize()
        .into_bytes();
    Signed {
        authorization: format!(
            "{ALGORITHM} Credential={access_key}/{credential_scope}, SignedHeaders={}, \
             Signature={}",
            signed_headers.join(";"),
            hex(&signature)
        ),
        amz_date,
    }
}

/// Why a request's signature is refused. Each is one of the errors AWS-style endpoints answer
/// (the data plane's protocols choose the code and status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// No `Authorization` header (`MissingAuthenticationToken`).
    Missing,
    /// An `Authorization` header that is not a SigV4 one, or lacks a part
    /// (`IncompleteSignature`).
    Malformed(String),
    /// Signed more than [`MAX_SKEW`] away from now (`RequestExpired`, or SNS's
    /// `SignatureDoesNotMatch` "Signature expired").
    Expired { signed_at: String, now: String },
    /// The signature is not the one the secret key gives for this request, as received
    /// (`SignatureDoesNotMatch`): another secret key, or a request changed after signing.
    Mismatch(String),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Missing => f.write_str(
                "Request is missing Authentication Token: sign it with SigV4 \
                 (an Authorization header)",
            ),
            Rejection::Malformed(why) => write!(f, "{why}"),
            Rejection::Expired { signed_at, now } => write!(
                f,
                "Signature expired: {signed_at} is now earlier than {now} minus 15 minutes, or \
                 later than it plus 15 minutes: check this machine's clock"
            ),
            Rejection::Mismatch(why) => write!(f, "{why}"),
        }
    }
}

/// A request's `Authorization` header, read: who claims to sign, for which scope, which
/// headers, and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key: String,
    /// The credential scope's day, `yyyymmdd`.
    pub day: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    signature: Vec<u8>,
}

impl Authorization {
    /// Reads the `Authorization` header of `request`.
    pub fn read(request: &Request<'_>) -> Result<Authorization, Rejection> {
        let header = header_values(request.headers, "authorization");
        let [value] = header.as_slice() else {
            return Err(if header.is_empty() {
                Rejection::Missing
            } else {
                Rejection::Malformed("more than one Authorization header".into())
            });
        };
        Self::parse(value)
    }

    fn parse(value: &str) -> Result<Authorization, Rejection> {
        let malformed = |why: &str| Rejection::Malformed(why.to_owned());
        let Some((algorithm, rest)) = value.trim().split_once(' ') else {
            return Err(malformed(
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'",
            ));
        };
        if algorithm != ALGORITHM {
            return Err(Rejection::Malformed(format!(
                "unsupported signing algorithm {algorithm:?}: only {ALGORITHM} is accepted"
            )));
        }
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let Some((key, value)) = part.trim().split_once('=') else {
                return Err(malformed("Authorization header parts are key=value"));
            };
            match key {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => {}
            }
        }
        let (Some(credential), Some(signed_headers), Some(signature)) =
            (credential, signed_headers, signature)
        else {
            return Err(malformed(
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'",
            ));
        };
        let parts: Vec<&str> = credential.split('/').collect();
        let [access_key, day, region, service, "aws4_request"] = parts.as_slice() else {
            return Err(malformed(
                "Credential must have the form <access key>/<yyyymmdd>/<region>/<service>/aws4_request",
            ));
        };
        if access_key.is_empty() || day.len() != 8 || !day.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed(
                "Credential must have the form <access key>/<yyyymmdd>/<region>/<service>/aws4_request",
            ));
        }
        let signed_headers: Vec<String> = signed_headers
            .split(';')
            .map(str::to_ascii_lowercase)
            .collect();
        if !signed_headers.iter().any(|name| name == "host") {
            return Err(malformed(
                "'Host' must be a 'SignedHeader' in the AWS Authorization",
            ));
        }
        let signature = unhex(signature)
            .filter(|bytes| bytes.len() == 32)
            .ok_or_else(|| malformed("Signature must be 64 hexadecimal digits"))?;
        Ok(Authorization {
            access_key: (*access_key).to_owned(),
            day: (*day).to_owned(),
            region: (*region).to_owned(),
            service: (*service).to_owned(),
            signed_headers,
            signature,
        })
    }

    /// Checks that `secret_key` signed `request` (as received) for `scope`, within
    /// [`MAX_SKEW`] of `now`.
    pub fn verify(
        &self,
        request: &Request<'_>,
        secret_key: &Secret,
        scope: Scope<'_>,
        now: jiff::Timestamp,
    ) -> Result<(), Rejection> {
        let dates = header_values(request.headers, "x-amz-date");
        let [amz_date] = dates.as_slice() else {
            return Err(Rejection::Malformed(
                "Authorization header requires existence of one 'X-Amz-Date' header".into(),
            ));
        };
        let signed_at = jiff::civil::DateTime::strptime(AMZ_DATE, amz_date)
            .ok()
            .and_then(|time| time.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|time| time.timestamp())
            .ok_or_else(|| {
                Rejection::Malformed(format!(
                    "X-Amz-Date {amz_date:?} is not of the form yyyymmddThhmmssZ"
                ))
            })?;
        let skew = now.duration_since(signed_at).unsigned_abs();
        if skew > MAX_SKEW {
            return Err(Rejection::Expired {
                signed_at: amz_date.to_string(),
                now: now.strftime(AMZ_DATE).to_string(),
            });
        }
        if self.day != amz_date[..8] {
            return Err(Rejection::Mismatch(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
                 from HTTP: '{}' != '{}'",
                self.day,
                &amz_date[..8]
            )));
        }
        if self.region != scope.region {
            return Err(Rejection::Mismatch(format!(
                "Credential should be scoped to a valid region, not '{}': this endpoint is \
                 '{}' (region_name in the SDKs)",
                self.region, scope.region
            )));
        }
        if self.service != scope.service {
            return Err(Rejection::Mismatch(format!(
                "Credential should be scoped to correct service: '{}', not '{}'",
                scope.service, self.service
            )));
        }
        let body_hash = hex(&Sha256::digest(request.body));
        if let [declared] = header_values(request.headers, "x-amz-content-sha256").as_slice()
            && *declared != body_hash
        {
            return Err(Rejection::Mismatch(
                "The provided 'x-amz-content-sha256' header does not match what was computed"
                    .into(),
            ));
        }
        let canonical = canonical_request(request, &self.signed_headers, &body_hash);
        let credential_scope = credential_scope(&self.day, scope);
        signing_mac(secret_key, &self.day, scope)
            .chain_update(string_to_sign(amz_date, &credential_scope, &canonical))
            .verify_slice(&self.signature)
            .map_err(|_| {
                Rejection::Mismatch(
                    "The request signature we calculated does not match the signature you \
                     provided. Check your AWS Secret Access Key and signing method."
                        .into(),
                )
            })
    }
}

fn credential_scope(day: &str, scope: Scope<'_>) -> String {
    format!("{day}/{}/{}/aws4_request", scope.region, scope.service)
}

fn string_to_sign(amz_date: &str, credential_scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{credential_scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

/// The HMAC keyed with the day's signing key: `AWS4<secret>` → day → region → service →
/// `aws4_request`.
fn signing_mac(secret_key: &Secret, day: &str, scope: Scope<'_>) -> HmacSha256 {
    let mut key = Zeroizing::new(format!("AWS4{}", secret_key.expose()).into_bytes());
    for part in [day, scope.region, scope.service, "aws4_request"] {
        key = Zeroizing::new(hmac(&key, part.as_bytes()));
    }
    HmacSha256::new_from_slice(&key).expect("HMAC takes a key of any length")
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    HmacSha256::new_from_slice(key)
        .expect("HMAC takes a key of any length")
        .chain_update(data)
        .finalize()
        .into_bytes()
        .to_vec()
}

/// The canonical request: method, path, query, the signed headers with their values, the
/// list of signed headers, and the body's hash, one a line.
fn canonical_request(request: &Request<'_>, signed_headers: &[String], body_hash: &str) -> String {
    let mut canonical = String::new();
    canonical.push_str(request.method);
    canonical.push('\n');
    canonical.push_str(&canonical_path(request.path));
    canonical.push('\n');
    canonical.push_str(&canonical_query(request.query));
    canonical.push('\n');
    for name in signed_headers {
        let values: Vec<String> = header_values(request.headers, name)
            .iter()
            .map(|value| value.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers.join(";"));
    canonical.push('\n');
    canonical.push_str(body_hash);
    canonical
}

/// The values of a header, in the order received; names compare without case.
fn header_values<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
        .collect()
}

/// The path without `.` and `..` segments, then percent-encoded (again: the `%` of an encoded
/// path is encoded too, as every service but S3 wants).
fn canonical_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let raw: Vec<&str> = path.split('/').skip(1).collect();
    for (index, segment) in raw.iter().enumerate() {
        let last = index + 1 == raw.len();
        match *segment {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            _ => segments.push(segment),
        }
    }
    let normalized = format!("/{}", segments.join("/"));
    let mut encoded = String::with_capacity(normalized.len());
    for byte in normalized.bytes() {
        if byte == b'/' {
            encoded.push('/');
        } else {
            push_encoded(&mut encoded, byte);
        }
    }
    encoded
}

/// The query's pairs, decoded then encoded in the one strict form, sorted by name then value.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                encode(&percent_decode(name)),
                encode(&percent_decode(value)),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes
            .get(index + 1..index + 3)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u8::from_str_radix(digits, 16).ok());
        match (bytes[index], escaped) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    decoded
}

fn encode(bytes: &[u8]) -> String {
    let mut encoded = String::with_capacity(bytes.len());
    for &byte in bytes {
        push_encoded(&mut encoded, byte);
    }
    encoded
}

/// RFC 3986: unreserved characters as they are, every other byte as `%XX`.
fn push_encoded(out: &mut String, byte: u8) {
    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
        out.push(char::from(byte));
    } else {
        out.push_str(&format!("%{byte:02X}"));
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| {
            text.get(at..at + 2)
                .and_then(|digits| u8::from_str_radix(digits, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const SQS: Scope<'static> = Scope {
        region: "fr-par",
        service: "sqs",
    };

    fn at(text: &str) -> jiff::Timestamp {
        text.parse().unwrap()
    }

    fn headers_with<'a>(
        base: &[(&'a str, &'a str)],
        signed: &'a Signed,
    ) -> Vec<(&'a str, &'a str)> {
        let mut headers = base.to_vec();
        headers.push(("X-Amz-Date", &signed.amz_date));
        headers.push(("Authorization", &signed.authorization));
        headers
    }

    const BODY: &[u8] = br#"{"QueueName":"orders"}"#;
    const HEADERS: [(&str, &str); 3] = [
        ("Host", "127.0.0.1:4000"),
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", "AmazonSQS.GetQueueUrl"),
    ];

    fn request<'a>(headers: &'a [(&'a str, &'a str)], body: &'a [u8]) -> Request<'a> {
        Request {
            method: "POST",
            path: "/sqs/fr-par",
            query: "",
            headers,
            body,
        }
    }

    fn verify(request: &Request<'_>, secret: &str, now: &str) -> Result<(), Rejection> {
        Authorization::read(request)?.verify(request, &Secret::new(secret), SQS, at(now))
    }

    /// The AWS documentation's worked example (IAM ListUsers, GET with a query): the
    /// signature of its "Create a signature" page.
    #[test]
    fn signs_the_documented_example() {
        let headers = [
            (
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            ),
            ("host", "iam.amazonaws.com"),
        ];
        let signed = sign(
            &Request {
                method: "GET",
                path: "/",
                query: "Action=ListUsers&Version=2010-05-08",
                headers: &headers,
                body: b"",
            },
            "AKIDEXAMPLE",
            &Secret::new(SECRET),
            Scope {
                region: "us-east-1",
                service: "iam",
            },
            at("2015-08-30T12:36:00Z"),
        );
        assert_eq!(signed.amz_date, "20150830T123600Z");
        assert_eq!(
            signed.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        );
    }

    #[test]
    fn what_it_signs_verifies() {
        let signed = sign(
            &request(&HEADERS, BODY),
            "SCWKEY",
            &Secret::new(SECRET),
            SQS,
            at("2026-04-12T09:30:15Z"),
        );
        let headers = headers_with(&HEADERS, &signed);
        assert_eq!(
            verify(&request(&headers, BODY), SECRET, "2026-04-12T09:31:00Z"),
            Ok(())
        );
        let authorization = Authorization::read(&request(&headers, BODY)).unwrap();
        assert_eq!(authorization.access_key, "SCWKEY");
        assert_eq!(
            authorization.signed_headers,
            ["content-type", "host", "x-amz-date", "x-amz-target"]
        );
    }

    #[test]
    fn another_secret_a_changed_body_or_header_do_not_verify() {
        let signed = sign(
            &request(&HEADERS, BODY),
            "SCWKEY",
            &Secret::new(SECRET),
            SQS,
            at("2026-04-12T09:30:15Z"),
        );
        let now = "2026-04-12T09:30:20Z";
        let headers = headers_with(&HEADERS, &signed);
        let mismatch =
            |result: Result<(), Rejection>| matches!(result, Err(Rejection::Mismatch(_)));

        assert!(mismatch(verify(&request(&headers, BODY), "another", now)));
        assert!(mismatch(verify(
            &request(&headers, br#"{"QueueName":"orderz"}"#),
            SECRET,
            now
        )));
        let mut tampered = headers.clone();
        tampered[2] = ("X-Amz-Target", "AmazonSQS.DeleteQueue");
        assert!(mismatch(verify(&request(&tampered, BODY), SECRET, now)));
        let mut moved = request(&headers, BODY);
        moved.path = "/sqs/nl-ams";
        assert!(mismatch(verify(&moved, SECRET, now)));
        // A declared body hash must be the body's, even when it is not signed.
        let mut declared = headers.clone();
        declared.push(("x-amz-content-sha256", "0000"));
        assert!(mismatch(verify(&request(&declared, BODY), SECRET, now)));
    }

    #[test]
    fn a_signature_older_or_newer_than_fifteen_minutes_has_expired() {
        let signed = sign(
            &request(&HEADERS, BODY),
            "SCWKEY",
            &Secret::new(SECRET),
            SQS,
            at("2026-04-12T09:30:15Z"),
        );
        let headers = headers_with(&HEADERS, &signed);
        let request = request(&headers, BODY);
        assert_eq!(verify(&request, SECRET, "2026-04-12T09:45:15Z"), Ok(()));
        assert_eq!(verify(&request, SECRET, "2026-04-12T09:15:15Z"), Ok(()));
        for now in ["2026-04-12T09:45:16Z", "2026-04-12T09:15:14Z"] {
            assert_eq!(
                verify(&request, SECRET, now),
                Err(Rejection::Expired {
                    signed_at: "20260412T093015Z".into(),
                    now: now.replace(['-', ':'], ""),
                })
            );
        }
    }

    #[test]
    fn a_signature_for_another_region_or_service_does_not_verify() {
        for scope in [
            Scope {
                region: "nl-ams",
                service: "sqs",
            },
            Scope {
                region: "fr-par",
                service: "sns",
            },
        ] {
            let signed = sign(
                &request(&HEADERS, BODY),
                "SCWKEY",
                &Secret::new(SECRET),
                scope,
                at("2026-04-12T09:30:15Z"),
            );
            let headers = headers_with(&HEADERS, &signed);
            let result = verify(&request(&headers, BODY), SECRET, "2026-04-12T09:30:15Z");
            assert!(
                matches!(&result, Err(Rejection::Mismatch(why)) if why.contains("scoped")),
                "{result:?}"
            );
        }
    }

    #[test]
    fn unsigned_and_malformed_authorizations_are_told_apart() {
        let now = "2026-04-12T09:30:15Z";
        assert_eq!(
            verify(&request(&HEADERS, BODY), SECRET, now),
            Err(Rejection::Missing)
        );
        for authorization in [
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256 Credential=SCWKEY/20260412/fr-par/sqs/aws4_request",
            "AWS4-HMAC-SHA256 Credential=SCWKEY/20260412/fr-par/sqs, SignedHeaders=host, \
             Signature=00",
            "AWS4-HMAC-SHA256 Credential=SCWKEY/20260412/fr-par/sqs/aws4_request, \
             SignedHeaders=content-type;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            "AWS4-HMAC-SHA256 Credential=SCWKEY/20260412/fr-par/sqs/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=zz",
        ] {
            let mut headers = HEADERS.to_vec();
            headers.push(("Authorization", authorization));
            headers.push(("X-Amz-Date", "20260412T093015Z"));
            let result = verify(&request(&headers, BODY), SECRET, now);
            assert!(
                matches!(result, Err(Rejection::Malformed(_))),
                "{authorization}: {result:?}"
            );
        }
        // Well-formed, but no date to check it against.
        let signed = sign(
            &request(&HEADERS, BODY),
            "SCWKEY",
            &Secret::new(SECRET),
            SQS,
            at(now),
        );
        let mut headers = HEADERS.to_vec();
        headers.push(("Authorization", &signed.authorization));
        assert!(matches!(
            verify(&request(&headers, BODY), SECRET, now),
            Err(Rejection::Malformed(_))
        ));
    }

    #[test]
    fn paths_and_queries_take_their_one_canonical_form() {
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/sqs/fr-par"), "/sqs/fr-par");
        assert_eq!(canonical_path("/a/./b/../c/"), "/a/c/");
        assert_eq!(canonical_path("/a b/%20"), "/a%20b/%2520");
        assert_eq!(canonical_query("b=2&a=x%2Fy&a=1&c"), "a=1&a=x%2Fy&b=2&c=");
        assert_eq!(canonical_query("k=a b~"), "k=a%20b~");
    }

    #[test]
    fn debug_shows_no_secret() {
        let signed = sign(
            &request(&HEADERS, BODY),
            "SCWKEY",
            &Secret::new(SECRET),
            SQS,
            at("2026-04-12T09:30:15Z"),
        );
        let headers = headers_with(&HEADERS, &signed);
        let authorization = Authorization::read(&request(&headers, BODY)).unwrap();
        assert!(!format!("{authorization:?}{signed:?}").contains(SECRET));
    }
}
