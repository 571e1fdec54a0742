//! `mnq_api::sigv4` judged by an independent signer, AWS's own `aws-sigv4` crate: for any
//! request, both sign alike, and what `aws-sigv4` signs verifies — until any signed part, the
//! body or the secret changes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign as aws_sign,
};
use aws_sigv4::sign::v4;
use mnq_api::model::Secret;
use mnq_api::sigv4::{Authorization, Rejection, Request, Scope, sign};
use proptest::prelude::*;

const ACCESS_KEY: &str = "SCWQ7M2K9D4TXB8RFN3H";
const SECRET: &str = "6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d";
const HOST: &str = "127.0.0.1:41234";

/// A request to sign: the parts both signers are given.
#[derive(Debug, Clone)]
struct Case {
    method: &'static str,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    region: &'static str,
    service: &'static str,
    seconds: u64,
}

impl Case {
    fn time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.seconds)
    }

    fn timestamp(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_second(self.seconds as i64).unwrap()
    }

    fn scope(&self) -> Scope<'static> {
        Scope {
            region: self.region,
            service: self.service,
        }
    }

    fn headers(&self) -> Vec<(&str, &str)> {
        let mut headers = vec![("host", HOST)];
        headers.extend(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        headers
    }

    fn uri(&self) -> String {
        if self.query.is_empty() {
            format!("http://{HOST}{}", self.path)
        } else {
            format!("http://{HOST}{}?{}", self.path, self.query)
        }
    }

    /// The headers `aws-sigv4` adds (`x-amz-date`, `authorization`, perhaps
    /// `x-amz-content-sha256`), as a server would receive them with the others.
    fn signed_by_aws(&self, secret: &str, checksum: PayloadChecksumKind) -> Vec<(String, String)> {
        let identity = Credentials::new(ACCESS_KEY, secret, None, None, "test").into();
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = checksum;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(self.region)
            .name(self.service)
            .time(self.time())
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            self.method,
            self.uri(),
            self.headers().into_iter(),
            SignableBody::Bytes(&self.body),
        )
        .unwrap();
        let (instructions, _signature) = aws_sign(signable, &params).unwrap().into_parts();
        let mut received: Vec<(String, String)> = self
            .headers()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        received.extend(
            instructions
                .headers()
                .map(|(n, v)| (n.to_owned(), v.to_owned())),
        );
        received
    }

    fn request<'a>(&'a self, headers: &'a [(&'a str, &'a str)], body: &'a [u8]) -> Request<'a> {
        Request {
            method: self.method,
            path: &self.path,
            query: &self.query,
            headers,
            body,
        }
    }

    fn verify(&self, received: &[(String, String)], body: &[u8]) -> Result<(), Rejection> {
        let headers: Vec<(&str, &str)> = received
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = self.request(&headers, body);
        Authorization::read(&request)?.verify(
            &request,
            &Secret::new(SECRET),
            self.scope(),
            self.timestamp(),
        )
    }
}

fn header_value(received: &[(String, String)], name: &str) -> String {
    received
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn cases() -> impl Strategy<Value = Case> {
    let segment = "[A-Za-z0-9._~-]{1,8}|%20|[a-z]{1,3}%2F[a-z]{1,3}";
    let path = prop::collection::vec(segment, 0..4).prop_map(|segments| {
        if segments.is_empty() {
            "/".to_owned()
        } else {
            format!("/{}", segments.join("/"))
        }
    });
    let pair = (
        "[A-Za-z][A-Za-z0-9._-]{0,6}",
        "[A-Za-z0-9._~-]{0,6}|%2F|%20x",
    );
    let query = prop::collection::vec(pair, 0..4).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    let header = ("x-mnq-[a-z]{1,6}", "[ -~&&[^\t]]{0,12}[A-Za-z0-9]");
    (
        prop::sample::select(vec!["POST", "GET"]),
        path,
        query,
        prop::collection::btree_map(header.0, header.1, 0..4),
        prop::collection::vec(any::<u8>(), 0..64),
        prop::sample::select(vec!["fr-par", "nl-ams"]),
        prop::sample::select(vec!["sqs", "sns"]),
        1_600_000_000u64..1_900_000_000,
    )
        .prop_map(
            |(method, path, query, headers, body, region, service, seconds)| Case {
                method,
                path,
                query,
                headers: headers.into_iter().collect(),
                body,
                region,
                service,
                seconds,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn both_signers_give_the_same_authorization(case in cases()) {
        let by_aws = case.signed_by_aws(SECRET, PayloadChecksumKind::NoHeader);
        let headers = case.headers();
        let ours = sign(
            &case.request(&headers, &case.body),
            ACCESS_KEY,
            &Secret::new(SECRET),
            case.scope(),
            case.timestamp(),
        );
        prop_assert_eq!(ours.amz_date, header_value(&by_aws, "x-amz-date"));
        prop_assert_eq!(ours.authorization, header_value(&by_aws, "authorization"));
    }

    #[test]
    fn what_aws_signs_verifies_and_nothing_changed_does(case in cases(), flip in any::<u8>()) {
        for checksum in [PayloadChecksumKind::NoHeader, PayloadChecksumKind::XAmzSha256] {
            let received = case.signed_by_aws(SECRET, checksum);
            prop_assert_eq!(case.verify(&received, &case.body), Ok(()));

            let mut body = case.body.clone();
            body.push(flip);
            prop_assert!(matches!(case.verify(&received, &body), Err(Rejection::Mismatch(_))));

            let mut tampered = received.clone();
            tampered.push(("x-mnq-a".into(), "added after signing".into()));
            if case.headers.iter().any(|(n, _)| n == "x-mnq-a") {
                prop_assert!(matches!(case.verify(&tampered, &case.body), Err(Rejection::Mismatch(_))));
            } else {
                // A header the client did not sign may be added on the way: it is not covered.
                prop_assert_eq!(case.verify(&tampered, &case.body), Ok(()));
            }
        }
        let other_secret = case.signed_by_aws("another-secret", PayloadChecksumKind::NoHeader);
        prop_assert!(matches!(case.verify(&other_secret, &case.body), Err(Rejection::Mismatch(_))));
    }
}
