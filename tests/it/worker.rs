//! The worker and the client's pages against a hand-written loopback server that counts the
//! requests it hears and how many are open at once: a cancelled listing stops asking for pages,
//! no more than `worker::MAX_CALLS` calls run at a time, and a listing reads at most 8 pages at
//! once, each given as it arrives.

use std::time::{Duration, Instant};

use futures::StreamExt;
use mnq_tui::api::ListQuery;
use mnq_tui::api::model::*;
use mnq_tui::app::{ApiAnswer, ApiCall, RequestId};
use mnq_tui::worker::{self, MAX_CALLS, Order};
use tokio::sync::mpsc;

use crate::support::client;
use crate::support::http::{Reply, Request, ScriptedServer, message};

const PROJECT: &str = "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85";

/// A server that holds every request for `hold`, then answers with one page of one Queues
/// credential out of `total` (so a listing goes on for `total / 100` pages).
async fn server(hold: Duration, total: u64) -> ScriptedServer {
    server_holding(move |_| hold, total).await
}

/// [`server`], holding the request for each page as long as `hold` says for its number.
async fn server_holding(
    hold: impl Fn(u64) -> Duration + Send + Sync + 'static,
    total: u64,
) -> ScriptedServer {
    let body = format!(
        r#"{{"total_count":{total},"sqs_credentials":[{{"id":"eeb7c65d-8835-4277-aed8-4b7065cec176",
        "name":"orders","project_id":"{PROJECT}","region":"fr-par","access_key":"SCWQ7M2K9D4TXB8RFN3H",
        "secret_key":"","secret_checksum":"",
        "permissions":{{"can_publish":true,"can_receive":false,"can_manage":false}}}}]}}"#
    );
    let answer = message(
        "200 OK",
        &[("content-type", "application/json")],
        body.as_bytes(),
    );
    ScriptedServer::start(move |request| Reply::KeepOpen {
        answer: answer.clone(),
        hold: hold(page_number(request)),
    })
    .await
}

/// The page a request asks for.
fn page_number(request: &Request) -> u64 {
    let digits = request.text.split_once("&page=").map(|(_, rest)| {
        rest.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    });
    digits.and_then(|digits| digits.parse().ok()).unwrap_or(1)
}

fn list_call() -> ApiCall {
    ApiCall::ListCredentials {
        service: Service::Sqs,
        region: Region::FrPar,
        project_id: ProjectId(PROJECT.into()),
    }
}

fn start_worker(url: &str) -> (mpsc::Sender<Order>, mpsc::Receiver<(RequestId, ApiAnswer)>) {
    let client = client::to(url, "secret");
    let (answers_sender, answers) = mpsc::channel(worker::QUEUE);
    (worker::spawn(client, answers_sender), answers)
}

/// Waits until `condition` holds, failing after `within`.
async fn wait_for(what: &str, within: Duration, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + within;
    while !condition() {
        assert!(Instant::now() < deadline, "{what}: not after {within:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_listing_stops_asking_for_pages() {
    // 1,000 pages of 10 ms: the whole listing would take over a second.
    let server = server(Duration::from_millis(10), 100_000).await;
    let (orders, mut answers) = start_worker(&server.url);
    orders
        .send(Order::Call(RequestId(1), list_call()))
        .await
        .expect("the worker runs");
    wait_for("the listing reads pages", Duration::from_secs(10), || {
        server.request_count() >= 10
    })
    .await;
    orders
        .send(Order::Cancel(RequestId(1)))
        .await
        .expect("the worker runs");
    wait_for("the pages being read end", Duration::from_secs(5), || {
        server.open() == 0
    })
    .await;
    let heard = server.request_count();
    // A listing that went on would read about 20 more pages in this time.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.request_count(),
        heard,
        "pages were still asked for after the cancel"
    );
    assert!(
        heard < 100,
        "the listing read {heard} pages before it stopped"
    );
    // Pages shown before the cancel aside, a cancelled call answers nothing.
    while let Ok((_, answer)) = answers.try_recv() {
        assert!(
            matches!(answer, ApiAnswer::Page { .. }),
            "a cancelled call answered: {answer:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_max_calls_run_at_once_and_every_call_is_answered() {
    let server = server(Duration::from_millis(50), 1).await;
    let (orders, mut answers) = start_worker(&server.url);
    let calls = 3 * MAX_CALLS;
    for id in 0..calls {
        orders
            .send(Order::Call(RequestId(id as u64), list_call()))
            .await
            .expect("the worker runs");
    }
    let mut answered = Vec::new();
    while answered.len() < calls {
        let answer = tokio::time::timeout(Duration::from_secs(10), answers.recv())
            .await
            .expect("every call is answered in time")
            .expect("the worker runs");
        // Each listing shows its first page before its answer.
        if matches!(answer.1, ApiAnswer::Page { .. }) {
            continue;
        }
        assert!(
            matches!(answer.1, ApiAnswer::Credentials(Ok(ref rows)) if rows.len() == 1),
            "{answer:?}"
        );
        answered.push(answer.0);
    }
    answered.sort();
    assert_eq!(
        answered,
        (0..calls as u64).map(RequestId).collect::<Vec<_>>()
    );
    assert_eq!(server.request_count(), calls);
    assert_eq!(
        server.most_open(),
        MAX_CALLS,
        "calls open at once (the server holds each for 50 ms)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_of_a_change_is_ignored_so_its_outcome_is_known() {
    let server = server(Duration::from_millis(50), 1).await;
    let (orders, mut answers) = start_worker(&server.url);
    let update = ApiCall::UpdateCredentials {
        service: Service::Sqs,
        region: Region::FrPar,
        id: CredentialsId("eeb7c65d-8835-4277-aed8-4b7065cec176".into()),
        request: UpdateServiceCredentialsRequest::default(),
    };
    orders
        .send(Order::Call(RequestId(7), update))
        .await
        .expect("the worker runs");
    wait_for("the update is sent", Duration::from_secs(10), || {
        server.request_count() == 1
    })
    .await;
    orders
        .send(Order::Cancel(RequestId(7)))
        .await
        .expect("the worker runs");
    let (id, answer) = tokio::time::timeout(Duration::from_secs(10), answers.recv())
        .await
        .expect("the update is answered in time")
        .expect("the worker runs");
    assert_eq!(id, RequestId(7));
    assert!(matches!(answer, ApiAnswer::Updated(_)), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_reads_8_pages_at_once_and_a_slow_one_holds_back_no_other() {
    const PAGES: usize = 30;
    // Page 2 is held far longer than all the others take together: a listing that gave its
    // pages in order would give it second, and read no page after the 9th before it came.
    let server = server_holding(
        |page| Duration::from_millis(if page == 2 { 3_000 } else { 10 }),
        100 * PAGES as u64,
    )
    .await;
    let client = client::to(&server.url, "secret");
    let query = ListQuery::project(ProjectId(PROJECT.into()));
    let mut pages = client.list_credentials(Service::Sqs, Region::FrPar, &query);
    let mut arrived = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("every page is read");
        assert_eq!(page.total, 100 * PAGES as u64);
        arrived.push(page.number);
    }
    assert_eq!(arrived.len(), PAGES, "{arrived:?}");
    assert_eq!(arrived.first(), Some(&1), "page 1 first: {arrived:?}");
    assert_eq!(
        arrived.last(),
        Some(&2),
        "the slow page 2 last, the others as they came: {arrived:?}"
    );
    assert_eq!(server.most_open(), 8, "pages read at once");
}
