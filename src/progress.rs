//! Progress of experiment runs: a bar on a terminal, plain lines otherwise, nothing when quiet.

use crate::experiment::run::{CacheStatus, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// How progress is shown.
pub enum Reporter {
    Quiet,
    Lines,
    Bar(ProgressBar),
}

impl Reporter {
    /// A bar when stderr is a terminal, plain lines otherwise, nothing with `quiet`.
    pub fn for_stderr(quiet: bool) -> Reporter {
        if quiet {
            Reporter::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} running experiments {pos}/{len} [{bar:30}] {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            Reporter::Bar(bar)
        } else {
            Reporter::Lines
        }
    }
}

fn describe(status: Result<CacheStatus, ()>) -> &'static str {
    match status {
        Ok(CacheStatus::Hit) => "cached",
        Ok(CacheStatus::Miss) | Ok(CacheStatus::Disabled) => "ran",
        Ok(CacheStatus::Recomputed) => "recomputed (damaged cache entry)",
        Err(()) => "FAILED",
    }
}

impl Progress for Reporter {
    fn started(&self, total: usize) {
        if let Reporter::Bar(b) = self {
            b.set_length(total as u64);
        }
    }
    fn finished(&self, id: &str, status: Result<CacheStatus, ()>) {
        match self {
            Reporter::Quiet => {}
            Reporter::Lines => eprintln!("experiment {id}: {}", describe(status)),
            Reporter::Bar(b) => {
                b.set_message(id.to_string());
                b.inc(1);
            }
        }
    }
    fn done(&self) {
        if let Reporter::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}
