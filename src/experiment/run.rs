//! Running the planned experiments: in parallel, through the cache, one failure
//! (error or panic) isolated to its own experiment.

use super::cache::{Cache, Lookup};
use super::outputs::Outputs;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::plan::experiments::{output_matches, ExperimentPlan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// Where a result came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CacheStatus {
    Hit,
    Miss,
    /// The cache was bypassed (`--no-cache`).
    Disabled,
    /// A damaged entry was found and recomputed.
    Recomputed,
}

/// The result of one experiment.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub outputs: Outputs,
    /// Wall time of the computation (of the original run, for a cache hit).
    pub seconds: f64,
    pub cache: CacheStatus,
}

/// Results of every experiment, by id. A failed experiment holds its error message.
#[derive(Debug, Default)]
pub struct Results {
    pub runs: BTreeMap<String, Result<RunRecord, String>>,
    /// Located errors of failed experiments, and cache warnings.
    pub problems: Diagnostics,
}

/// How to report progress.
pub trait Progress: Sync {
    fn started(&self, _total: usize) {}
    fn finished(&self, _id: &str, _status: Result<CacheStatus, ()>) {}
    fn done(&self) {}
}

/// No progress output.
pub struct Silent;
impl Progress for Silent {}

/// Run `experiments`; `cache` is `None` with `--no-cache`.
pub fn run(
    experiments: &[ExperimentPlan],
    cache: Option<&Cache>,
    progress: &dyn Progress,
) -> Results {
    progress.started(experiments.len());
    let outcomes: Vec<(Result<RunRecord, String>, Vec<Diagnostic>)> = experiments
        .par_iter()
        .map(|e| {
            let outcome = run_one(e, cache);
            progress.finished(&e.id, outcome.0.as_ref().map(|r| r.cache).map_err(|_| ()));
            outcome
        })
        .collect();
    progress.done();
    let mut results = Results::default();
    for (e, (outcome, warnings)) in experiments.iter().zip(outcomes) {
        for w in warnings {
            results.problems.push(w);
        }
        if let Err(msg) = &outcome {
            results.problems.push(Diagnostic::at(
                Severity::Error,
                &e.file,
                e.span.start..e.span.start + e.file.text[e.span.clone()].find('\n').unwrap_or(3),
                format!(
                    "experiment `{}` (solver `{}`) failed: {msg}",
                    e.id,
                    e.solver.name()
                ),
            ));
        }
        results.runs.insert(e.id.clone(), outcome);
    }
    results
}

/// Test hook: `REPROBOOK_PERTURB=<solver>` scales every number that solver returns by
/// `1 + 1e-3`, bypassing the cache, so tests can show that `check` catches a solver
/// that drifts. Never set in normal use.
fn perturbed(solver: &str) -> bool {
    std::env::var("REPROBOOK_PERTURB").is_ok_and(|v| v.split(',').any(|s| s == solver))
}

fn perturb(o: &mut Outputs) {
    let f = 1.0 + 1e-3;
    o.scalars.values_mut().for_each(|v| *v *= f);
    o.series.values_mut().flatten().for_each(|v| *v *= f);
}

fn run_one(
    e: &ExperimentPlan,
    cache: Option<&Cache>,
) -> (Result<RunRecord, String>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut status = CacheStatus::Disabled;
    let perturb_it = perturbed(e.solver.name());
    let cache = cache.filter(|_| !perturb_it);
    if let Some(cache) = cache {
        match cache.get(&e.key) {
            Lookup::Hit { outputs, seconds } => {
                return (
                    Ok(RunRecord {
                        outputs,
                        seconds,
                        cache: CacheStatus::Hit,
                    }),
                    warnings,
                )
            }
            Lookup::Miss => status = CacheStatus::Miss,
            Lookup::Corrupt(why) => {
                warnings.push(Diagnostic::at(
                    Severity::Warning,
                    &e.file,
                    e.span.start..e.span.start + 3,
                    format!(
                        "cache entry of experiment `{}` was damaged and is recomputed: {why}",
                        e.id
                    ),
                ));
                status = CacheStatus::Recomputed;
            }
        }
    }
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| e.solver.run(&e.prepared.params)));
    let seconds = start.elapsed().as_secs_f64();
    let outputs = match result {
        Ok(Ok(mut o)) => {
            if perturb_it {
                perturb(&mut o);
            }
            o
        }
        Ok(Err(msg)) => return (Err(msg), warnings),
        Err(panic) => {
            return (
                Err(format!("the solver panicked: {}", panic_message(&panic))),
                warnings,
            )
        }
    };
    if let Err(msg) = check_declared(e, &outputs) {
        return (Err(msg), warnings);
    }
    if let Some(cache) = cache {
        if let Err(why) = cache.put(&e.key, &outputs, seconds) {
            warnings.push(Diagnostic::at(
                Severity::Warning,
                &e.file,
                e.span.start..e.span.start + 3,
                format!("could not cache experiment `{}`: {why}", e.id),
            ));
        }
    }
    (
        Ok(RunRecord {
            outputs,
            seconds,
            cache: status,
        }),
        warnings,
    )
}

/// Every output a solver returns must be declared, and every plain declared output present.
fn check_declared(e: &ExperimentPlan, o: &Outputs) -> Result<(), String> {
    let declared = e.solver.outputs();
    for name in o.names() {
        if !declared.iter().any(|d| output_matches(d.name, name)) {
            return Err(format!(
                "internal: solver returned undeclared output `{name}`"
            ));
        }
    }
    for d in declared.iter().filter(|d| !d.name.ends_with('*')) {
        if !o.names().contains(&d.name) {
            return Err(format!(
                "internal: solver did not return its output `{}`",
                d.name
            ));
        }
    }
    Ok(())
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
