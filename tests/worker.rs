//! The worker and the client's pages against a hand-written loopback server that counts the
//! requests it hears and how many are open at once: a cancelled listing stops asking for pages,
//! no more than `worker::MAX_CALLS` calls run at a time, and a listing reads at most 8 pages at
//! once, each given as it arrives.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::future::BoxFuture;
use mnq_tui::api::model::*;
use mnq_tui::api::{Client, ClientConfig, ListQuery};
use mnq_tui::app::{ApiAnswer, ApiCall, RequestId};
use mnq_tui::worker::{self, MAX_CALLS, Order};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

mod support;

const PROJECT: &str = "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85";

/// What the server heard.
#[derive(Default)]
struct Counts {
    requests: AtomicUsize,
    open: AtomicUsize,
    most_open: AtomicUsize,
    answered: AtomicUsize,
}

/// What the server waits for before it answers a request for a page, by the page's number
/// and given what it heard so far.
type Hold = dyn Fn(u64, Arc<Counts>) -> BoxFuture<'static, ()> + Send + Sync;

/// A server that holds every request for `hold`, then answers with one page of one Queues
/// credential out of `total` (so a listing goes on for `total / 100` pages).
async fn server(hold: Duration, total: u64) -> (String, Arc<Counts>) {
    server_holding(
        Arc::new(move |_, _| Box::pin(tokio::time::sleep(hold))),
        total,
    )
    .await
}

/// [`server`], holding each page as `hold` says.
async fn server_holding(hold: Arc<Hold>, total: u64) -> (String, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let counts = Arc::new(Counts::default());
    let shared = Arc::clone(&counts);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, Arc::clone(&shared), Arc::clone(&hold), total));
        }
    });
    (url, counts)
}

async fn serve(mut stream: TcpStream, counts: Arc<Counts>, hold: Arc<Hold>, total: u64) {
    while let Some(request) = support::http::read_request(&mut stream).await {
        counts.requests.fetch_add(1, Ordering::SeqCst);
        let open = counts.open.fetch_add(1, Ordering::SeqCst) + 1;
        counts.most_open.fetch_max(open, Ordering::SeqCst);
        hold(page_number(&request), Arc::clone(&counts)).await;
        counts.open.fetch_sub(1, Ordering::SeqCst);
        counts.answered.fetch_add(1, Ordering::SeqCst);
        let body = format!(
            r#"{{"total_count":{total},"sqs_credentials":[{{"id":"eeb7c65d-8835-4277-aed8-4b7065cec176",
            "name":"orders","project_id":"{PROJECT}","region":"fr-par","access_key":"SCWQ7M2K9D4TXB8RFN3H",
            "secret_key":"","secret_checksum":"",
            "permissions":{{"can_publish":true,"can_receive":false,"can_manage":false}}}}]}}"#
        );
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The page a request asks for.
fn page_number(request: &str) -> u64 {
    let digits = request.split_once("&page=").map(|(_, rest)| {
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
    mnq_tui::api::install_tls_provider();
    let client = Client::new(ClientConfig::new(url, Secret::new("secret"))).expect("a client");
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
    let (url, counts) = server(Duration::from_millis(10), 100_000).await;
    let (orders, mut answers) = start_worker(&url);
    orders
        .send(Order::Call(RequestId(1), list_call()))
        .await
        .expect("the worker runs");
    wait_for("the listing reads pages", Duration::from_secs(10), || {
        counts.requests.load(Ordering::SeqCst) >= 10
    })
    .await;
    orders
        .send(Order::Cancel(RequestId(1)))
        .await
        .expect("the worker runs");
    wait_for("the pages being read end", Duration::from_secs(5), || {
        counts.open.load(Ordering::SeqCst) == 0
    })
    .await;
    let heard = counts.requests.load(Ordering::SeqCst);
    // A listing that went on would read about 20 more pages in this time.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        counts.requests.load(Ordering::SeqCst),
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
    let (url, counts) = server(Duration::from_millis(50), 1).await;
    let (orders, mut answers) = start_worker(&url);
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
    assert_eq!(counts.requests.load(Ordering::SeqCst), calls);
    assert_eq!(
        counts.most_open.load(Ordering::SeqCst),
        MAX_CALLS,
        "calls open at once (the server holds each for 50 ms)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_of_a_change_is_ignored_so_its_outcome_is_known() {
    let (url, counts) = server(Duration::from_millis(50), 1).await;
    let (orders, mut answers) = start_worker(&url);
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
        counts.requests.load(Ordering::SeqCst) == 1
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
    // Page 2 is answered once every other page has been (or after 10 s): a listing that gave
    // its pages in order would not ask for the pages after the 9th before it came.
    let hold: Arc<Hold> = Arc::new(|page, counts| {
        Box::pin(async move {
            if page != 2 {
                return tokio::time::sleep(Duration::from_millis(10)).await;
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            while counts.answered.load(Ordering::SeqCst) < PAGES - 1 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    });
    let (url, counts) = server_holding(hold, 100 * PAGES as u64).await;
    mnq_tui::api::install_tls_provider();
    let client = Client::new(ClientConfig::new(&url, Secret::new("secret"))).expect("a client");
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
    assert_eq!(
        counts.most_open.load(Ordering::SeqCst),
        8,
        "pages read at once"
    );
}
