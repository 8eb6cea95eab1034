//! The `rampart` binary: parse flags, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // regorus's parser builds (and discards) an error for every alternative it backtracks
    // over; with RUST_BACKTRACE=1 each of those captured a backtrace, which doubled the time
    // to compile the policies. Library backtraces stay off unless asked for explicitly;
    // panics still honour RUST_BACKTRACE.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let cli = rampart::cli::Cli::parse();
    match rampart::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A reader that went away (`rampart scan | head`) is not worth a message.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if !broken_pipe {
                // One line: an error may quote a file name, which a pull request chooses.
                eprintln!("error: {}", rampart::redact::one_line(&format!("{err:#}")));
            }
            ExitCode::from(rampart::commands::EXIT_ERROR)
        }
    }
}
