//! Checking claims and computing inline values against experiment results.

use crate::claims::{self, EvalError, Resolve, Value, Verdict};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::experiment::run::Results;
use crate::plan::experiments::{ClaimKind, ClaimPlan, ExperimentPlan};
use std::collections::HashMap;

/// Outcome of one claim or inline value.
#[derive(Debug, Clone)]
pub enum Outcome {
    Verdict(Verdict),
    Value(String),
    /// The expression could not be evaluated (failed experiment, type error, …).
    Error(String),
}

/// All outcomes, by (page, key) as used by the renderer.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub outcomes: HashMap<(usize, usize), Outcome>,
    /// A failed claim or an evaluation error, located at the claim.
    pub problems: Diagnostics,
}

impl Verdicts {
    pub fn failed_claims(&self) -> usize {
        self.outcomes
            .values()
            .filter(|o| {
                matches!(o, Outcome::Verdict(v) if !v.passed) || matches!(o, Outcome::Error(_))
            })
            .count()
    }
}

/// Resolves `id.output`, `id.output[i]` (indexing is done by the evaluator) and `id.params.name`.
struct Lookup<'a> {
    experiments: &'a HashMap<&'a str, &'a ExperimentPlan>,
    results: &'a Results,
}

impl Resolve for Lookup<'_> {
    fn resolve(&self, path: &[&str], span: claims::Span) -> Result<Value, EvalError> {
        let unknown = || EvalError::unknown_reference(path, span);
        let e = self.experiments.get(path[0]).ok_or_else(unknown)?;
        if path.get(1) == Some(&"params") {
            let v = crate::plan::experiments::param_at(&e.prepared.params, &path[2..])
                .ok_or_else(unknown)?;
            return match v {
                serde_json::Value::Bool(b) => Ok(Value::Bool(*b)),
                v => v.as_f64().map(Value::Scalar).ok_or_else(unknown),
            };
        }
        let run = match self.results.runs.get(path[0]) {
            Some(Ok(run)) => run,
            Some(Err(_)) | None => {
                return Err(EvalError::Type {
                    message: format!(
                        "experiment `{}` failed, so this cannot be evaluated",
                        path[0]
                    ),
                    span,
                })
            }
        };
        let name = path.get(1).ok_or_else(unknown)?;
        if let Some(v) = run.outputs.scalars.get(*name) {
            return Ok(Value::Scalar(*v));
        }
        if let Some(v) = run.outputs.series.get(*name) {
            return Ok(Value::Series(v.clone()));
        }
        Err(unknown())
    }
}

/// Evaluate every claim and inline value.
pub fn check(
    experiments: &[ExperimentPlan],
    claims_list: &[ClaimPlan],
    results: &Results,
) -> Verdicts {
    let by_id: HashMap<&str, &ExperimentPlan> =
        experiments.iter().map(|e| (e.id.as_str(), e)).collect();
    let lookup = Lookup {
        experiments: &by_id,
        results,
    };
    let mut out = Verdicts::default();
    for c in claims_list {
        let outcome = match &c.kind {
            ClaimKind::Claim => match claims::check(&c.expr, &lookup) {
                Ok(v) => {
                    if !v.passed {
                        out.problems.push(Diagnostic::at(
                            Severity::Error,
                            &c.file,
                            c.span.clone(),
                            format!("claim does not hold: {}", v.explanation),
                        ));
                    }
                    Outcome::Verdict(v)
                }
                Err(e) => eval_error(c, &e, &mut out.problems),
            },
            ClaimKind::Eval { spec } => match claims::evaluate(&c.expr, &lookup) {
                Ok(Value::Scalar(v)) => match claims::format_value(v, spec) {
                    Ok(s) => Outcome::Value(s),
                    Err(e) => {
                        out.problems.push(Diagnostic::at(
                            Severity::Error,
                            &c.file,
                            c.span.clone(),
                            format!("bad format: {e}"),
                        ));
                        Outcome::Error(e.to_string())
                    }
                },
                Ok(Value::Bool(b)) => Outcome::Value(b.to_string()),
                Ok(Value::Series(s)) => {
                    let msg = format!("an inline value must be a number, but this is a series of {} values; use last(…), max(…) or x[i]", s.len());
                    out.problems.push(Diagnostic::at(
                        Severity::Error,
                        &c.file,
                        c.span.clone(),
                        msg.clone(),
                    ));
                    Outcome::Error(msg)
                }
                Err(e) => eval_error(c, &e, &mut out.problems),
            },
        };
        out.outcomes.insert((c.page, c.key), outcome);
    }
    out
}

fn eval_error(c: &ClaimPlan, e: &EvalError, problems: &mut Diagnostics) -> Outcome {
    let s = e.span();
    let at = c.span.start + s.start..c.span.start + s.end.max(s.start + 1);
    problems.push(Diagnostic::at(
        Severity::Error,
        &c.file,
        at,
        format!("cannot evaluate: {e}"),
    ));
    Outcome::Error(e.to_string())
}
