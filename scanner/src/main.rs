//! The `rampart` binary: parse flags, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rampart::cli::Cli::parse();
    match rampart::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(rampart::commands::EXIT_ERROR)
        }
    }
}
