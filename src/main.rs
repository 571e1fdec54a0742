use clap::Parser;

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    mnq_tui::api::install_tls_provider();
    mnq_tui::cli::run(mnq_tui::cli::Cli::parse())
}
