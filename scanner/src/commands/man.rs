//! `rampart man`: manual pages generated from the clap definitions, so `man rampart` says
//! exactly what `--help` says, for packagers who install pages from the binary itself.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::EXIT_OK;
use crate::cli::{Cli, ManArgs};

pub fn run(args: ManArgs) -> Result<ExitCode> {
    let cmd = Cli::command();
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir).with_context(|| format!("writing manual pages to {}", dir.display()))?;
            eprintln!("wrote manual pages to {}", dir.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
