//! Listing 10,000 Queues credentials with the real `Client` from an emulator in the same process,
//! over loopback HTTP, 100 per page: the pages after the first fetched concurrently (the
//! default, 8 at a time) against one after another (`list_concurrency: 1`).
//!
//! Twice: on bare loopback, where a request costs only CPU (and this machine's cores serve the
//! emulator and the client together), and with the emulator's latency injection delaying each
//! request by up to 20 ms (10 ms on average), as a network and a real API do.
//!
//! Concurrency can only overlap waiting, or use more cores. So on bare loopback the summary also
//! gives how busy the cores are while pages are read one at a time: with a fraction `u` of the
//! cores busy, paging at the same CPU cost per page can be at most `1 / u` times faster (about:
//! busy threads also spare some wake-ups, and the two figures come from different runs).
//!
//! Target (issue 5): < 1 s, and ≥ 3× faster concurrent than one page at a time.
//!
//! Run: `cargo bench --bench listing`

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use mnq_tui::api::model::*;
use mnq_tui::api::{Client, ClientConfig, ListQuery};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, Generate, Seed};
use tokio::runtime::Runtime;

mod support;

const COUNT: usize = 10_000;
const GROUP: &str = "list 10000 Queues credentials";
const LATENCY: Duration = Duration::from_millis(20);

/// The two networks: none, and up to [`LATENCY`] per request.
const NETWORKS: [(&str, Duration); 2] = [("loopback", Duration::ZERO), ("latency", LATENCY)];
/// The two ways to page.
const PAGING: [(&str, usize); 2] = [("concurrent", 8), ("one at a time", 1)];

/// An emulator holding [`COUNT`] Queues credentials, and what a client needs to list them.
struct Listing {
    emulator: Emulator,
    query: ListQuery,
    secret: Secret,
}

impl Listing {
    fn start(runtime: &Runtime, max_latency: Duration) -> Listing {
        let emulator = runtime
            .block_on(Emulator::start(
                "127.0.0.1:0".parse().expect("a loopback address"),
                EmulatorOptions {
                    seed: Some(Seed::Empty),
                    generate: Some(Generate {
                        count: COUNT,
                        service: Service::Sqs,
                        region: Region::FrPar,
                    }),
                    faults: FaultConfig {
                        max_latency,
                        failure_rate: 0.0,
                        kinds: Vec::new(),
                        seed: 1,
                    },
                    ..EmulatorOptions::default()
                },
            ))
            .expect("the emulator starts");
        Listing {
            query: ListQuery::project(emulator.default_project()),
            secret: emulator.api_key().secret_key,
            emulator,
        }
    }

    fn client(&self, concurrency: usize) -> Client {
        mnq_tui::api::install_tls_provider();
        let mut config = ClientConfig::new(self.emulator.url(), self.secret.clone());
        config.list_concurrency = concurrency;
        Client::new(config).expect("a client")
    }

    async fn list(&self, client: &Client) {
        let items = client
            .list_credentials(Service::Sqs, Region::FrPar, &self.query)
            .await
            .expect("the emulator lists");
        assert_eq!(items.len(), COUNT);
    }
}

fn listing(c: &mut Criterion) {
    let runtime = Runtime::new().expect("a tokio runtime");
    let mut group = c.benchmark_group(GROUP);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (network, max_latency) in NETWORKS {
        let listing = Listing::start(&runtime, max_latency);
        for (paging, concurrency) in PAGING {
            let client = listing.client(concurrency);
            runtime.block_on(listing.list(&client));
            group.bench_function(format!("{network}, {paging}"), |b| {
                b.iter(|| runtime.block_on(listing.list(&client)))
            });
        }
        runtime.block_on(listing.emulator.stop());
    }
    group.finish();
}

criterion_group!(benches, listing);

/// The share of the machine's cores this process keeps busy while it lists one page at a
/// time on bare loopback, from its CPU time over 20 listings.
fn cores_busy_one_page_at_a_time() -> f64 {
    let runtime = Runtime::new().expect("a tokio runtime");
    let listing = Listing::start(&runtime, Duration::ZERO);
    let client = listing.client(1);
    runtime.block_on(listing.list(&client));
    let (cpu, started) = (support::process_cpu_time(), Instant::now());
    for _ in 0..20 {
        runtime.block_on(listing.list(&client));
    }
    let busy = (support::process_cpu_time() - cpu).as_secs_f64() / started.elapsed().as_secs_f64();
    runtime.block_on(listing.emulator.stop());
    busy / cores() as f64
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn main() {
    let medians = support::Medians::start();
    benches();
    Criterion::default().configure_from_args().final_summary();
    let busy = medians
        .get(GROUP, "loopback, one at a time")
        .map(|_| cores_busy_one_page_at_a_time());

    support::heading("cargo bench --bench listing");
    for (network, _) in NETWORKS {
        let [concurrent, one_at_a_time] =
            PAGING.map(|(paging, _)| medians.get(GROUP, &format!("{network}, {paging}")));
        let label = match network {
            "loopback" => "loopback".to_owned(),
            _ => format!("≤ {} ms latency", LATENCY.as_millis()),
        };
        if let Some(concurrent) = concurrent {
            support::line(
                &format!("list 10,000, concurrent, {label}"),
                support::ms(concurrent),
                "< 1 s",
                concurrent < Duration::from_secs(1),
            );
        }
        if let Some(one_at_a_time) = one_at_a_time {
            support::line(
                &format!("list 10,000, one page at a time, {label}"),
                support::ms(one_at_a_time),
                "none",
                true,
            );
        }
        if let (Some(concurrent), Some(one_at_a_time)) = (concurrent, one_at_a_time) {
            let ratio = one_at_a_time.as_secs_f64() / concurrent.as_secs_f64();
            support::line(
                &format!("  one at a time / concurrent, {label}"),
                format!("{ratio:.2}×"),
                "≥ 3×",
                ratio >= 3.0,
            );
        }
        if let ("loopback", Some(busy)) = (network, busy) {
            println!(
                "    one page at a time keeps {:.0} % of the {} cores busy: at that CPU cost per \
                 page, paging can be about {:.2}× faster here at most",
                busy * 100.0,
                cores(),
                1.0 / busy
            );
        }
    }
}
