//! One file per subcommand. Each returns the process exit code; errors that reach `main` are
//! usage, configuration or policy errors (exit 2).

pub mod audit;
pub mod baseline;
pub mod completions;
pub mod compliance;
pub mod init;
pub mod man;
pub mod render;
pub mod rules;
pub mod scan;
pub mod test;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub use crate::pipeline::output::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Test(args) => test::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Compliance(args) => compliance::run(args),
        Command::Render(args) => render::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}
