//! A scripted HTTP/1.1 server on loopback, for the answers the emulator never gives (broken
//! JSON, HTML pages, silence, a slow drip, redirects, echoed secrets), and the reading of HTTP
//! messages it shares with the drop proxy.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request the server heard.
#[derive(Debug, Clone)]
pub struct Request {
    /// How many requests the server heard before this one.
    pub index: usize,
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Everything: request line, headers and body.
    pub text: String,
}

impl Request {
    /// The region in the path (`/mnq/v1beta1/regions/{region}/…`).
    pub fn region(&self) -> &str {
        self.path.split('/').nth(4).unwrap_or("fr-par")
    }

    pub fn ends_with(&self, tail: &str) -> bool {
        self.path.ends_with(tail)
    }

    /// The secret key the request carried, which a proxy that echoes requests would show.
    pub fn token(&self) -> &str {
        self.text
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("x-auth-token")
                    .then(|| value.trim())
            })
            .unwrap_or_default()
    }
}

/// How the server answers a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// These bytes, then the connection closes.
    Close(Vec<u8>),
    /// These bytes after `hold` (the request is open until then), and the connection stays
    /// open for the next request.
    KeepOpen { answer: Vec<u8>, hold: Duration },
    /// A 200 head announcing `body`, then the body one byte at a time.
    Drip { body: String, every: Duration },
    /// No answer: the connection stays open and silent.
    Silence,
}

/// An HTTP/1.1 answer, after which the connection closes.
pub fn http(status: &str, headers: &[(&str, &str)], body: &(impl AsRef<[u8]> + ?Sized)) -> Reply {
    Reply::Close(message(
        status,
        &[&[("Connection", "close")], headers].concat(),
        body.as_ref(),
    ))
}

/// A JSON answer, after which the connection closes.
pub fn json(status: &str, body: &str) -> Reply {
    http(status, &[("Content-Type", "application/json")], body)
}

/// An HTTP/1.1 message with its `Content-Length`.
pub fn message(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

type Script = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// What the server heard, and how many requests wait for their answer.
#[derive(Default)]
struct Heard {
    requests: Mutex<Vec<Request>>,
    connections: AtomicUsize,
    open: AtomicUsize,
    most_open: AtomicUsize,
}

/// A hand-written HTTP/1.1 server on `127.0.0.1`, served by the test's runtime: it answers each
/// request as its script says.
pub struct ScriptedServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    script: Arc<Mutex<Script>>,
    heard: Arc<Heard>,
}

impl ScriptedServer {
    pub async fn start(script: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let script: Arc<Mutex<Script>> = Arc::new(Mutex::new(Arc::new(script)));
        let heard = Arc::new(Heard::default());
        tokio::spawn({
            let (script, heard) = (Arc::clone(&script), Arc::clone(&heard));
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    heard.connections.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(serve(stream, Arc::clone(&script), Arc::clone(&heard)));
                }
            }
        });
        ScriptedServer { url, script, heard }
    }

    /// Answers `replies` in turn, then the last one again and again.
    pub async fn replying(replies: Vec<Reply>) -> Self {
        Self::start(move |request| replies[request.index.min(replies.len() - 1)].clone()).await
    }

    /// From now on, answers as `script` says.
    pub fn answer_with(&self, script: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        *self.script.lock().expect("the script") = Arc::new(script);
    }

    /// The requests heard so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.heard.requests.lock().expect("the requests").clone()
    }

    pub fn request_count(&self) -> usize {
        self.heard.requests.lock().expect("the requests").len()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.heard.connections.load(Ordering::SeqCst)
    }

    /// Requests heard and not answered yet.
    pub fn open(&self) -> usize {
        self.heard.open.load(Ordering::SeqCst)
    }

    /// The most requests that were open at once.
    pub fn most_open(&self) -> usize {
        self.heard.most_open.load(Ordering::SeqCst)
    }
}

/// A loopback URL nothing listens on: a connection to it is refused.
pub fn refused_url() -> String {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    format!("http://{}", closed.local_addr().expect("an address"))
}

async fn serve(mut stream: TcpStream, script: Arc<Mutex<Script>>, heard: Arc<Heard>) {
    // A TLS handshake is not HTTP: refuse it as plain-HTTP servers do.
    let mut first = [0u8; 1];
    if stream.peek(&mut first).await.is_ok() && first[0] == 0x16 {
        let refusal = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let _ = stream.write_all(refusal.as_bytes()).await;
        let _ = stream.shutdown().await;
        return;
    }
    while let Some(text) = read_request(&mut stream).await {
        let mut words = text.split_whitespace();
        let (Some(method), Some(target)) = (words.next(), words.next()) else {
            return;
        };
        let method = method.to_owned();
        let path = target.split('?').next().unwrap_or(target).to_owned();
        let request = {
            let mut requests = heard.requests.lock().expect("the requests");
            let request = Request {
                index: requests.len(),
                method,
                path,
                text,
            };
            requests.push(request.clone());
            request
        };
        let open = heard.open.fetch_add(1, Ordering::SeqCst) + 1;
        heard.most_open.fetch_max(open, Ordering::SeqCst);
        let reply = Arc::clone(&script.lock().expect("the script"))(&request);
        match reply {
            Reply::Close(answer) => {
                heard.open.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.write_all(&answer).await;
                break;
            }
            Reply::KeepOpen { answer, hold } => {
                tokio::time::sleep(hold).await;
                heard.open.fetch_sub(1, Ordering::SeqCst);
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
            Reply::Drip { body, every } => {
                heard.open.fetch_sub(1, Ordering::SeqCst);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for byte in body.bytes() {
                    tokio::time::sleep(every).await;
                    if stream.write_all(&[byte]).await.is_err() {
                        return;
                    }
                }
                break;
            }
            Reply::Silence => std::future::pending().await,
        }
    }
    let _ = stream.shutdown().await;
}

/// Reads one HTTP/1.1 request, its head and (if it says so) its body, as text; `None` when the
/// client closed the connection first.
pub async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let message = read_message(stream).await?;
    Some(String::from_utf8_lossy(&message).into_owned())
}

/// Reads one HTTP/1.1 message (a request or an answer): its head and the `content-length`
/// bytes of body it announces, as bytes; `None` when the other side closed first.
pub async fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(buffer)
}
