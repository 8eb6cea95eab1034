//! Progress on stderr for long runs: a bar with a count and an ETA for a scan's files, a
//! running count for an audit's requests. Shown only on a terminal (and not with
//! `--no-progress`), so logs, pipes and CI output stay clean; one library (indicatif) draws
//! both, with the terminal's width in mind.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Scans smaller than this finish before a bar would be worth drawing.
const MIN_FILES: usize = 200;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` files, when `enabled` and stderr is a terminal.
    pub fn files(total: usize, enabled: bool) -> Progress {
        let show = enabled && total >= MIN_FILES && std::io::stderr().is_terminal();
        Progress {
            bar: show.then(|| {
                let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files, {eta} left")
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr()).with_style(style)
            }),
        }
    }

    /// A running count of `what` (of unknown total), when `enabled` and stderr is a terminal.
    pub fn counter(what: &'static str, enabled: bool) -> Progress {
        let show = enabled && std::io::stderr().is_terminal();
        Progress {
            bar: show.then(|| {
                let style = ProgressStyle::with_template(&format!("{{spinner}} rampart: {{pos}} {what}"))
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(style);
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }),
        }
    }

    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Clear the line, so that what follows starts on a clean one.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
