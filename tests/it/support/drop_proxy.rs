//! A proxy in front of the emulator that loses answers: the first POSTs it forwards reach the
//! API and are carried out, then the connection closes before their answer — what a network
//! failing on the way back does to a create. It can also stand for a region that is down:
//! every request to it gets a 503.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

use super::http::{read_message, read_request};

pub struct DropProxy {
    addr: SocketAddr,
    dropped: Arc<AtomicUsize>,
    _runtime: Runtime,
}

impl DropProxy {
    /// Forwards to `upstream` (an `http://host:port` URL), losing the answers of the first
    /// `drops` POSTs.
    pub fn start(upstream: &str, drops: usize) -> DropProxy {
        Self::with(upstream, drops, None)
    }

    /// Forwards to `upstream`, answering every request to `region` with a 503 of the API's
    /// shape instead.
    pub fn region_down(upstream: &str, region: &str) -> DropProxy {
        Self::with(upstream, 0, Some(format!("/regions/{region}/")))
    }

    fn with(upstream: &str, drops: usize, down: Option<String>) -> DropProxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("the emulator's address");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime for the proxy");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let to_drop = Arc::new(AtomicUsize::new(drops));
        let dropped = Arc::new(AtomicUsize::new(0));
        runtime.spawn({
            let dropped = Arc::clone(&dropped);
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    let to_drop = Arc::clone(&to_drop);
                    let dropped = Arc::clone(&dropped);
                    let down = down.clone();
                    tokio::spawn(serve(client, upstream, to_drop, dropped, down));
                }
            }
        });
        DropProxy {
            addr,
            dropped,
            _runtime: runtime,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many answers were lost so far.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

/// One client connection, with a connection of its own to the API.
async fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    to_drop: Arc<AtomicUsize>,
    dropped: Arc<AtomicUsize>,
    down: Option<String>,
) {
    let Ok(mut api) = TcpStream::connect(upstream).await else {
        return;
    };
    while let Some(request) = read_request(&mut client).await {
        let first_line = request.lines().next().unwrap_or_default();
        if let Some(path) = &down
            && first_line.contains(path.as_str())
        {
            let body = r#"{"message":"region down for maintenance","type":"service_unavailable"}"#;
            let answer = format!(
                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\n\r\n{body}",
                body.len()
            );
            if client.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
            continue;
        }
        if api.write_all(request.as_bytes()).await.is_err() {
            return;
        }
        let Some(answer) = read_message(&mut api).await else {
            return;
        };
        let lose = request.starts_with("POST ")
            && to_drop
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                    left.checked_sub(1)
                })
                .is_ok();
        if lose {
            dropped.fetch_add(1, Ordering::SeqCst);
            // The request was carried out; its answer goes nowhere.
            return;
        }
        if client.write_all(&answer).await.is_err() {
            return;
        }
    }
}
