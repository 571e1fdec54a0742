//! Connections to a real nats-server with `.creds`, as an application makes them, and what
//! happens to them.

use std::time::{Duration, Instant};

use async_nats::Event;
use tokio::sync::mpsc;

/// What happens to a connection, and when.
pub type Events = mpsc::UnboundedReceiver<(Instant, Event)>;

/// A connection with `creds`, and what happens to it.
pub async fn connect(
    url: &str,
    creds: &str,
) -> Result<(async_nats::Client, Events), async_nats::ConnectError> {
    let (events, received) = mpsc::unbounded_channel();
    let client = async_nats::ConnectOptions::with_credentials(creds)
        .expect("the .creds file parses")
        .event_callback(move |event| {
            let events = events.clone();
            let at = Instant::now();
            async move {
                let _ = events.send((at, event));
            }
        })
        .connect(url)
        .await?;
    Ok((client, received))
}

/// Waits for the connection to be dropped; returns when the client saw that happen.
pub async fn dropped(events: &mut Events, bound: Duration) -> Instant {
    let wait = async {
        while let Some((at, event)) = events.recv().await {
            if matches!(event, Event::Disconnected) {
                return at;
            }
        }
        panic!("the connection's events ended without a disconnection");
    };
    tokio::time::timeout(bound, wait)
        .await
        .expect("the live connection is dropped in time")
}
