//! The little of the NATS client protocol the emulator needs to push account JWTs: connect as
//! a JWT user over plain TCP on loopback, then send requests one at a time and read their
//! replies. A full client (async-nats, which the tests use) would bring its TLS stack into the
//! emulator, whose dependencies stop at the API's wire model (`tests/it/architecture.rs`).
//!
//! The protocol is lines of text: the server's `INFO {json}` carries a nonce the user signs in
//! its `CONNECT {json}`; `SUB subject sid` subscribes; `PUB subject reply-to size` publishes;
//! `MSG subject sid [reply-to] size` delivers; `PING` asks for `PONG`; `-ERR 'text'` refuses.

use std::time::Duration;

use data_encoding::BASE64URL_NOPAD;
use nkeys::KeyPair;
use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// The subject of the replies to this connection's requests.
const INBOX: &str = "_INBOX.mnq-emulator";
/// The subscription id of [`INBOX`].
const INBOX_SID: &str = "1";

/// A connection that makes one request at a time.
pub struct Connection {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

/// The part of the server's `INFO` a client signs.
#[derive(Deserialize)]
struct Info {
    #[serde(default)]
    nonce: String,
}

impl Connection {
    /// Connects to `url` (`nats://HOST:PORT`) as the user of `jwt`, proving it with `user`'s
    /// signature of the server's nonce, within `timeout`.
    pub async fn connect(
        url: &str,
        jwt: &str,
        user: &KeyPair,
        timeout: Duration,
    ) -> Result<Connection, String> {
        tokio::time::timeout(timeout, Self::handshake(url, jwt, user))
            .await
            .map_err(|_| format!("no answer from {url} within {timeout:?}"))?
    }

    async fn handshake(url: &str, jwt: &str, user: &KeyPair) -> Result<Connection, String> {
        let address = url.strip_prefix("nats://").unwrap_or(url);
        let stream = TcpStream::connect(address)
            .await
            .map_err(|error| format!("cannot connect to {url}: {error}"))?;
        let (reader, writer) = stream.into_split();
        let mut connection = Connection {
            reader: BufReader::new(reader),
            writer,
        };
        let line = connection.line().await?;
        let info = line
            .strip_prefix("INFO ")
            .ok_or_else(|| format!("{url} did not greet as a NATS server: {line:?}"))?;
        let info: Info = serde_json::from_str(info)
            .map_err(|error| format!("the INFO of {url} is unreadable: {error}"))?;
        let signature = user
            .sign(info.nonce.as_bytes())
            .map_err(|error| format!("cannot sign the server's nonce: {error}"))?;
        let connect = json!({
            "verbose": false,
            "pedantic": false,
            "jwt": jwt,
            "sig": BASE64URL_NOPAD.encode(&signature),
            "name": "mnq-emulator",
            "lang": "rust",
            "version": env!("CARGO_PKG_VERSION"),
            "protocol": 1,
            "echo": false
        });
        // The PONG to this PING says the CONNECT was accepted; a refusal comes as -ERR.
        connection
            .send(format!("CONNECT {connect}\r\nPING\r\nSUB {INBOX} {INBOX_SID}\r\n").as_bytes())
            .await?;
        loop {
            let line = connection.line().await?;
            match line.as_str() {
                "PONG" => return Ok(connection),
                _ if line.starts_with("-ERR") => {
                    return Err(format!("{url} refused the emulator's system user: {line}"));
                }
                // +OK, INFO updates: nothing to do.
                _ => {}
            }
        }
    }

    /// Publishes `payload` on `subject` and returns the first reply, within `timeout`.
    pub async fn request(
        &mut self,
        subject: &str,
        payload: &[u8],
        timeout: Duration,
    ) -> Result<Vec<u8>, String> {
        tokio::time::timeout(timeout, self.exchange(subject, payload))
            .await
            .map_err(|_| format!("no answer to {subject} within {timeout:?}"))?
    }

    async fn exchange(&mut self, subject: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
        let mut message = format!("PUB {subject} {INBOX} {}\r\n", payload.len()).into_bytes();
        message.extend_from_slice(payload);
        message.extend_from_slice(b"\r\n");
        self.send(&message).await?;
        loop {
            let line = self.line().await?;
            if line == "PING" {
                self.send(b"PONG\r\n").await?;
            } else if line.starts_with("-ERR") {
                return Err(format!("nats-server answered {line}"));
            } else if let Some(header) = line.strip_prefix("MSG ") {
                // MSG <subject> <sid> [reply-to] <size>
                let size: usize = header
                    .rsplit(' ')
                    .next()
                    .and_then(|size| size.parse().ok())
                    .ok_or_else(|| format!("a MSG line without a size: {line:?}"))?;
                let mut body = vec![0; size + 2];
                self.reader
                    .read_exact(&mut body)
                    .await
                    .map_err(|error| format!("the connection to nats-server broke: {error}"))?;
                body.truncate(size);
                return Ok(body);
            }
        }
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(|error| format!("the connection to nats-server broke: {error}"))
    }

    /// The next protocol line, without its CRLF.
    async fn line(&mut self) -> Result<String, String> {
        let mut line = Vec::new();
        let read = self
            .reader
            .read_until(b'\n', &mut line)
            .await
            .map_err(|error| format!("the connection to nats-server broke: {error}"))?;
        if read == 0 {
            return Err("nats-server closed the connection".to_owned());
        }
        let line = String::from_utf8_lossy(&line);
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    const WAIT: Duration = Duration::from_secs(5);

    /// A server that greets, then reads lines and answers each with `answer(line)`.
    async fn fake_server(answer: fn(&str) -> Option<String>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("nats://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let (reader, mut writer) = stream.into_split();
            let mut lines = BufReader::new(reader).lines();
            writer
                .write_all(b"INFO {\"server_id\":\"fake\",\"nonce\":\"n0nce\"}\r\n")
                .await
                .unwrap();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(reply) = answer(&line) {
                    writer.write_all(reply.as_bytes()).await.unwrap();
                }
            }
        });
        url
    }

    fn user() -> KeyPair {
        KeyPair::new_from_raw(nkeys::KeyPairType::User, [7; 32]).unwrap()
    }

    #[tokio::test]
    async fn a_request_is_answered_through_pings_and_info_updates() {
        let url = fake_server(|line| {
            if let Some(connect) = line.strip_prefix("CONNECT ") {
                // The nonce is signed by the user's key.
                let connect: serde_json::Value = serde_json::from_str(connect).unwrap();
                let signature = BASE64URL_NOPAD
                    .decode(connect["sig"].as_str().unwrap().as_bytes())
                    .unwrap();
                user().verify(b"n0nce", &signature).unwrap();
                assert_eq!(connect["jwt"], "the-jwt");
                None
            } else if line == "PING" {
                Some("INFO {\"connect_urls\":[]}\r\nPONG\r\n".into())
            } else if line.starts_with("PUB $SYS.REQ.CLAIMS.UPDATE _INBOX.mnq-emulator 3") {
                Some("PING\r\nMSG _INBOX.mnq-emulator 1 5\r\nhello\r\n".into())
            } else {
                None
            }
        })
        .await;
        let mut connection = Connection::connect(&url, "the-jwt", &user(), WAIT)
            .await
            .unwrap();
        let reply = connection
            .request("$SYS.REQ.CLAIMS.UPDATE", b"jwt", WAIT)
            .await
            .unwrap();
        assert_eq!(reply, b"hello");
    }

    #[tokio::test]
    async fn a_refused_user_is_an_error_with_the_servers_words() {
        let url = fake_server(|line| {
            line.starts_with("CONNECT ")
                .then(|| "-ERR 'Authorization Violation'\r\n".into())
        })
        .await;
        let refused = Connection::connect(&url, "jwt", &user(), WAIT).await;
        let error = refused.err().unwrap();
        assert!(error.contains("Authorization Violation"), "{error}");
    }
}
