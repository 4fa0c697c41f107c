//! reprobook: Markdown chapters with experiments in, a checked static HTML site out.
//!
//! The pipeline, one type per stage, nothing mutated in place:
//! `book::load` → `document::parse` → `plan::build` → `experiment::run::run` →
//! `verify::check` → `render::site` → `output::publish`.

pub mod book;
pub mod cite;
pub mod claims;
pub mod config;
pub mod diag;
pub mod document;
pub mod experiment;
pub mod figures;
pub mod math;
pub mod numerics;
pub mod output;
pub mod plan;
pub mod progress;
pub mod render;
pub mod report;
pub mod slug;
pub mod verify;
pub mod yaml;

use diag::Diagnostics;
use experiment::run::{Progress, Results};
use std::path::{Path, PathBuf};

/// Why a command failed before producing anything, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The invocation itself is wrong (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Problems in the book's sources or output (exit code 1); nothing was written.
    #[error("{} problem(s) in the book", .0.items().len())]
    Content(Diagnostics),
}

/// Options shared by `build` and `check`.
#[derive(Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Warnings become errors.
    pub strict: bool,
    /// Recompute every experiment instead of using `.reprobook/cache`.
    pub no_cache: bool,
    /// Show durations and cache status in `report.html` (the site is then no longer
    /// byte-identical between runs).
    pub timings: bool,
}

/// Experiment results and claim verdicts of one run.
pub struct Evaluation {
    pub results: Results,
    pub verdicts: verify::Verdicts,
    /// Whether the report page shows durations and cache status.
    pub timings: bool,
}

/// What a completed run found. `problems` (failed experiments or claims) make the
/// command exit 1 although the site was rendered.
#[derive(Default)]
pub struct Outcome {
    pub warnings: Diagnostics,
    pub problems: Diagnostics,
    pub report: report::Report,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
    }
}

/// Load, parse and validate the whole book; nothing is run or written.
pub fn validate(opts: &Options) -> Result<plan::Plan, Failure> {
    let book = book::load(&opts.root)?;
    let mut problems = Diagnostics::new();
    let parse = |src: &diag::SourceFile, fallback: &str| {
        document::parse(src, fallback).map_err(Diagnostics::from)
    };
    let index = book
        .index
        .as_ref()
        .and_then(|f| parse(f, "index").map_err(|d| problems.extend(d)).ok());
    let chapters: Vec<_> = book
        .chapters
        .iter()
        .filter_map(|ch| {
            parse(&ch.source, &ch.slug)
                .map_err(|d| problems.extend(d))
                .ok()
        })
        .collect();
    if !problems.is_empty() {
        return Err(Failure::Content(problems.sorted()));
    }
    let plan = plan::build(book, plan::Parsed { index, chapters }).map_err(Failure::Content)?;
    if opts.strict && !plan.warnings.is_empty() {
        let mut promoted = plan.warnings.clone();
        promoted.promote_warnings();
        return Err(Failure::Content(promoted));
    }
    Ok(plan)
}

/// Run the experiments (through the cache) and check every claim.
pub fn evaluate(plan: &plan::Plan, opts: &Options, progress: &dyn Progress) -> Evaluation {
    let cache = experiment::cache::Cache::new(&opts.root);
    let cache = (!opts.no_cache).then_some(&cache);
    let results = experiment::run::run(&plan.experiments, cache, progress);
    let verdicts = verify::check(&plan.experiments, &plan.claims, &results);
    Evaluation {
        results,
        verdicts,
        timings: opts.timings,
    }
}

fn outcome(plan: &plan::Plan, eval: &Evaluation, opts: &Options) -> Result<Outcome, Failure> {
    let mut problems = Diagnostics::new();
    let mut warnings = plan.warnings.clone();
    for d in eval
        .results
        .problems
        .items()
        .iter()
        .chain(eval.verdicts.problems.items())
    {
        if d.severity == diag::Severity::Error {
            problems.push(d.clone());
        } else {
            warnings.push(d.clone());
        }
    }
    if opts.strict && !warnings.is_empty() {
        warnings.promote_warnings();
        problems.extend(std::mem::take(&mut warnings));
    }
    Ok(Outcome {
        warnings,
        problems: problems.sorted(),
        report: report::Report::new(plan, eval),
    })
}

/// Build the site into `<root>/output`, atomically. Failed claims are rendered
/// visibly and reported in the outcome (exit code 1).
pub fn build(opts: &Options, progress: &dyn Progress) -> Result<Outcome, Failure> {
    let plan = validate(opts)?;
    let eval = evaluate(&plan, opts, progress);
    let site = render::site(&plan, &eval).map_err(Failure::Content)?;
    output::publish(&site, &output_dir(&opts.root)).map_err(|d| Failure::Content(d.into()))?;
    outcome(&plan, &eval, opts)
}

/// Run what is needed and check every claim, without writing the site.
pub fn check(opts: &Options, progress: &dyn Progress) -> Result<Outcome, Failure> {
    let plan = validate(opts)?;
    let eval = evaluate(&plan, opts, progress);
    // Rendering catches template and figure errors too; the site is discarded.
    render::site(&plan, &eval).map_err(Failure::Content)?;
    outcome(&plan, &eval, opts)
}

/// Remove the generated site and caches.
pub fn clean(root: &Path) -> Result<Vec<PathBuf>, Failure> {
    if !root.is_dir() {
        return Err(Failure::Usage(format!(
            "book root `{}` does not exist or is not a folder",
            root.display()
        )));
    }
    let mut removed = Vec::new();
    for dir in [output_dir(root), root.join(".reprobook")] {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| {
                Failure::Content(
                    diag::Diagnostic::error(
                        format!("cannot remove: {e}"),
                        diag::Location::Path(dir.clone()),
                    )
                    .into(),
                )
            })?;
            removed.push(dir);
        }
    }
    Ok(removed)
}

/// Where the site is written.
pub fn output_dir(root: &Path) -> PathBuf {
    root.join("output")
}
