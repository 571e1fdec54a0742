//! The arrows between the crates, as facts of the build rather than habits: the API client does
//! not know the emulator, the emulator knows only the API's wire model (not its HTTP client),
//! and the console's core (state, update, view) can name neither the network, the async
//! runtime, the terminal, nor the emulator. A `use` across an arrow fails to compile because the
//! dependency is absent; these tests keep the dependency absent, reading `cargo tree` (normal
//! dependencies only, as the crate is built on its own with its default features).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Every crate `package` depends on, directly or not, through normal dependencies.
fn dependencies_of(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "--edges", "normal"])
        .args(["--package", package, "--prefix", "none", "--format", "{p}"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).expect("UTF-8 from cargo tree");
    // Lines are `name vX.Y.Z`, perhaps followed by a path or `(*)`; the first is the package.
    let mut names: BTreeSet<String> = tree
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.remove(package);
    names
}

fn assert_none_of(package: &str, forbidden: &[&str]) {
    let dependencies = dependencies_of(package);
    assert!(
        dependencies.len() > 3,
        "cargo tree listed the dependencies of {package}: {dependencies:?}"
    );
    let found: Vec<&&str> = forbidden
        .iter()
        .filter(|name| dependencies.contains(**name))
        .collect();
    assert!(
        found.is_empty(),
        "{package} depends on {found:?}; see `cargo tree -e normal -p {package} -i {}`",
        found.first().map_or("", |name| **name)
    );
}

#[test]
fn the_api_client_does_not_depend_on_the_emulator_or_the_console() {
    assert_none_of("mnq-api", &["mnq-emulator", "mnq-app", "axum"]);
}

#[test]
fn the_emulator_uses_only_the_api_s_wire_model() {
    assert_none_of(
        "mnq-emulator",
        &["mnq-app", "reqwest", "rustls", "hyper-rustls"],
    );
    assert!(dependencies_of("mnq-emulator").contains("mnq-api"));
}

#[test]
fn the_console_s_core_names_no_network_runtime_terminal_or_emulator() {
    assert_none_of(
        "mnq-app",
        &[
            "axum",
            "mnq-emulator",
            "reqwest",
            "hyper",
            "tokio",
            "crossterm",
        ],
    );
}
