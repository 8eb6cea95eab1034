//! `rampart completions SHELL`: a completion script generated from the same clap definitions
//! the binary parses with, so completions never drift from the real flags.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use super::EXIT_OK;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    // Rendered to memory first: clap_complete panics on a failed write, and a closed pipe
    // must end the command quietly instead.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, name, &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::from(EXIT_OK))
}
