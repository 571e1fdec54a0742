//! What the criterion benchmarks share: after criterion has run them, each figure that issue 5
//! sets a target for is printed beside that target, from criterion's own median.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// The medians criterion measured in this run (older results on disk are left out).
pub struct Medians {
    since: SystemTime,
    directory: PathBuf,
}

impl Medians {
    /// Call before running the benchmarks.
    pub fn start() -> Medians {
        // criterion writes under `<target>/criterion`; this program is `<target>/release/deps/…`.
        let directory = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                let exe = std::env::current_exe().ok()?;
                Some(exe.parent()?.parent()?.parent()?.to_path_buf())
            })
            .unwrap_or_else(|| PathBuf::from("target"))
            .join("criterion");
        Medians {
            since: SystemTime::now(),
            directory,
        }
    }

    /// Criterion's median for `group/function`, if it was measured in this run.
    pub fn get(&self, group: &str, function: &str) -> Option<Duration> {
        let path = self
            .directory
            .join(filename_safe(group))
            .join(filename_safe(function))
            .join("new")
            .join("estimates.json");
        let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
        if modified < self.since {
            return None;
        }
        let estimates: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
        let nanoseconds = estimates["median"]["point_estimate"].as_f64()?;
        Some(Duration::from_secs_f64(nanoseconds / 1e9))
    }
}

/// The CPU time this thread has used. The console's work on a key is single-threaded, so this
/// is its latency without the time other programs on a shared, busy machine take the CPU away
/// (on a quiet machine the two agree).
#[allow(dead_code)] // Not every benchmark that shares this module uses it.
pub fn thread_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// The CPU time all threads of this process have used.
#[allow(dead_code)] // Not every benchmark that shares this module uses it.
pub fn process_cpu_time() -> Duration {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_clock(clock: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec it is given, which lives for the call.
    let status = unsafe { libc::clock_gettime(clock, &mut now) };
    assert_eq!(status, 0, "the CPU clock can be read");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The directory name criterion gives a benchmark id.
fn filename_safe(id: &str) -> String {
    id.replace(
        &['?', '"', '/', '\\', '*', '<', '>', ':', '|', '^'][..],
        "_",
    )
}

/// Prints the heading of the summary.
pub fn heading(command: &str) {
    println!();
    println!("Targets of issue 5 ({command}; criterion medians):");
}

/// Prints one figure beside its target.
pub fn line(what: &str, figure: String, target: &str, met: bool) {
    let verdict = if met { "ok" } else { "MISSED" };
    println!("  {what:<56} {figure:>10}   target {target:<12} {verdict}");
}

/// A duration in milliseconds, for the summary.
pub fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1e3)
}
