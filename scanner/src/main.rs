//! The `rampart` binary: parse flags, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rampart::cli::Cli::parse();
    match rampart::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A reader that went away (`rampart scan | head`) is not worth a message.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if !broken_pipe {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(rampart::commands::EXIT_ERROR)
        }
    }
}
