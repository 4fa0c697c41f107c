//! The `reprobook` command line: parses arguments, runs a command, maps failures to exit codes.

use clap::{Parser, Subcommand};
use reprobook::diag::stderr_wants_colour;
use reprobook::progress::Reporter;
use reprobook::{Failure, Options, Outcome};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "reprobook",
    version,
    about = "Build a literate, reproducible book: chapters with experiments in, a checked static site out."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Common {
    /// Book root folder (holds book.yml and chapters/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Recompute every experiment instead of using the cache in <root>/.reprobook.
    #[arg(long)]
    no_cache: bool,
    /// Print nothing but problems.
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads for experiments (default: one per core). Results do not depend on it.
    #[arg(long)]
    jobs: Option<usize>,
    /// Show each experiment's duration and cache status in output/report.html
    /// (the site is then no longer byte-identical between runs).
    #[arg(long)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into <root>/output (atomically: a content error leaves the old site).
    Build(Common),
    /// Run what is needed and check every claim without writing the site; exit 1 on any failure.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also write the results as JUnit XML to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Remove <root>/output and the cache.
    Clean {
        /// Book root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List every solver with its parameters and outputs.
    Solvers,
    /// Run one experiment spec (YAML with `solver:` and `params:`) outside a book.
    Run {
        /// The experiment spec file.
        spec: PathBuf,
        /// Write the result JSON here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let colour = stderr_wants_colour();
    let result = match cli.command {
        Command::Build(c) => with_jobs(c.jobs, || {
            let reporter = Reporter::for_stderr(c.quiet);
            reprobook::build(&options(&c), &reporter)
                .map(|o| finish(&o, colour, c.quiet, "built the site into output/"))
        }),
        Command::Check { common: c, junit } => with_jobs(c.jobs, || {
            let reporter = Reporter::for_stderr(c.quiet);
            reprobook::check(&options(&c), &reporter).and_then(|o| {
                if !c.quiet {
                    eprint!("{}", o.report.table());
                }
                if let Some(path) = &junit {
                    std::fs::write(path, o.report.junit()).map_err(|e| {
                        Failure::Usage(format!("cannot write {}: {e}", path.display()))
                    })?;
                }
                Ok(finish(&o, colour, c.quiet, "check passed"))
            })
        }),
        Command::Clean { root } => reprobook::clean(&root).map(|removed| {
            for r in removed {
                eprintln!("removed {}", r.display());
            }
            true
        }),
        Command::Solvers => {
            print!("{}", reprobook::experiment::docs::listing());
            Ok(true)
        }
        Command::Run { spec, out } => {
            reprobook::experiment::standalone::run_file(&spec, out.as_deref()).map(|()| true)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Content(problems)) => {
            for d in problems.items() {
                eprint!("{}", d.render(colour));
            }
            eprintln!("{} error(s); nothing was written", problems.error_count());
            ExitCode::from(1)
        }
    }
}

/// Run `f` on a thread pool of `jobs` threads (or rayon's default).
fn with_jobs<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> T {
    match jobs.and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok()) {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

fn options(c: &Common) -> Options {
    Options {
        root: c.root.clone(),
        strict: c.strict,
        no_cache: c.no_cache,
        timings: c.timings,
    }
}

/// Print warnings and problems; `true` when the run succeeded.
fn finish(outcome: &Outcome, colour: bool, quiet: bool, success: &str) -> bool {
    for d in outcome
        .warnings
        .items()
        .iter()
        .chain(outcome.problems.items())
    {
        eprint!("{}", d.render(colour));
    }
    if outcome.failed() {
        eprintln!(
            "{} problem(s): failed claims or experiments",
            outcome.problems.items().len()
        );
        false
    } else {
        if !quiet {
            eprintln!("{success}");
        }
        true
    }
}
