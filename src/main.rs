use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug: color-eyre's full report, with its location and, when asked, the
    // backtrace.
    if let Err(error) = color_eyre::install() {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    mnq_tui::api::install_tls_provider();
    match mnq_tui::cli::run(mnq_tui::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // An error is the user's to act on: one message (with its causes), not where in our
        // code it was raised, nor a backtrace when RUST_BACKTRACE happens to be set.
        Err(error) => {
            eprintln!("error: {error:#}");
            match error.downcast_ref::<mnq_tui::command_error::CommandError>() {
                Some(error) => ExitCode::from(error.exit_code()),
                None => ExitCode::FAILURE,
            }
        }
    }
}
