//! The integration tests of the whole program, as one test binary: one module per subject,
//! and `support`, what they share. One binary links once and runs every test in one process,
//! so a test changes nothing the process shares (environment, current directory, the system's
//! temporary directory) that another test reads.
//!
//! Run one module's tests with `cargo test --test it MODULE::`, e.g. `cargo test --test it
//! python_sdk`.

mod support;

mod architecture;
mod bad_answers;
mod boto3;
mod cli_docs;
mod client_emulator;
mod config;
mod data_plane;
mod data_plane_probe;
mod e2e;
mod e2e_data_plane;
mod e2e_incident;
mod e2e_lifecycle;
mod e2e_live_nats;
mod e2e_mouse;
mod e2e_organisation;
mod emulator_cli;
mod emulator_robustness;
mod fault_soak;
mod incident;
mod lifecycle;
mod list_command;
mod list_order;
mod log_file;
mod mouse;
mod nats_live;
mod organisation;
mod python_sdk;
mod random_keys;
mod recorded;
mod reducer;
mod render;
mod render_connection;
mod render_incident;
mod render_organisation;
mod revoke_command;
mod secrets;
mod service_connection;
mod usage_errors;
mod user_config;
mod worker;
