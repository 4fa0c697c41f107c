//! The execution report: experiments (solver, time, cache, status) and claims (verdicts),
//! as a terminal table, JUnit XML and an HTML page.

use crate::experiment::run::CacheStatus;
use crate::plan::experiments::ClaimKind;
use crate::plan::Plan;
use crate::render::html::escape;
use crate::verify::Outcome;
use crate::Evaluation;
use std::fmt::Write as _;

#[derive(Debug, Clone, serde::Serialize)]
pub struct ExperimentRow {
    pub id: String,
    pub solver: String,
    pub position: String,
    pub seconds: f64,
    pub cache: Option<CacheStatus>,
    /// `None` when it succeeded, else the error.
    pub error: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimRow {
    pub text: String,
    pub position: String,
    pub observed: String,
    pub passed: bool,
    pub explanation: String,
}

/// Everything a run did, for people and CI systems.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub experiments: Vec<ExperimentRow>,
    pub claims: Vec<ClaimRow>,
}

fn position(file: &crate::diag::SourceFile, offset: usize) -> String {
    let (line, col) = file.line_col(offset);
    format!("{}:{line}:{col}", file.display.display())
}

/// Shortest text for a number in a table.
fn num(v: f64) -> String {
    crate::claims::format_value(v, ".6g").unwrap_or_else(|_| v.to_string())
}

impl Report {
    pub fn new(plan: &Plan, eval: &Evaluation) -> Report {
        let experiments = plan
            .experiments
            .iter()
            .map(|e| {
                let run = eval.results.runs.get(&e.id);
                ExperimentRow {
                    id: e.id.clone(),
                    solver: e.solver.name().to_string(),
                    position: position(&e.file, e.span.start),
                    seconds: run.and_then(|r| r.as_ref().ok()).map_or(0.0, |r| r.seconds),
                    cache: run.and_then(|r| r.as_ref().ok()).map(|r| r.cache),
                    error: run.and_then(|r| r.as_ref().err()).cloned(),
                }
            })
            .collect();
        let claims = plan
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Claim)
            .map(|c| {
                let outcome = eval.verdicts.outcomes.get(&(c.page, c.key));
                let (observed, passed, explanation) = match outcome {
                    Some(Outcome::Verdict(v)) => (
                        v.observed.map(num).unwrap_or_else(|| "-".into()),
                        v.passed,
                        v.explanation.clone(),
                    ),
                    Some(Outcome::Error(e)) => ("error".into(), false, e.clone()),
                    Some(Outcome::Value(v)) => (v.clone(), true, String::new()),
                    None => ("-".into(), false, "not evaluated".into()),
                };
                ClaimRow {
                    text: c.text.clone(),
                    position: position(&c.file, c.span.start),
                    observed,
                    passed,
                    explanation,
                }
            })
            .collect();
        Report {
            experiments,
            claims,
        }
    }

    pub fn failed_claims(&self) -> usize {
        self.claims.iter().filter(|c| !c.passed).count()
    }

    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let mut out = String::new();
        if !self.experiments.is_empty() {
            let _ = writeln!(out, "experiments:");
            for e in &self.experiments {
                let status = match (&e.error, e.cache) {
                    (Some(_), _) => "FAILED".to_string(),
                    (None, Some(CacheStatus::Hit)) => "cached".to_string(),
                    (None, _) => format!("ran in {:.2} s", e.seconds),
                };
                let _ = writeln!(
                    out,
                    "  {:<28} {:<22} {:<14} {}",
                    e.id, e.solver, status, e.position
                );
            }
        }
        if !self.claims.is_empty() {
            let _ = writeln!(out, "claims:");
            let width = self
                .claims
                .iter()
                .map(|c| c.text.chars().count())
                .max()
                .unwrap_or(10)
                .min(60);
            for c in &self.claims {
                let verdict = if c.passed { "pass" } else { "FAIL" };
                let text: String = if c.text.chars().count() > width {
                    c.text.chars().take(width - 1).collect::<String>() + "…"
                } else {
                    c.text.clone()
                };
                let _ = writeln!(
                    out,
                    "  {verdict}  {text:<width$}  observed {:<12} {}",
                    c.observed, c.position
                );
            }
            let _ = writeln!(
                out,
                "{} claim(s), {} failed",
                self.claims.len(),
                self.failed_claims()
            );
        }
        out
    }

    /// JUnit XML: one test suite of experiments and one of claims.
    pub fn junit(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"reprobook\">\n",
        );
        let failed_exp = self
            .experiments
            .iter()
            .filter(|e| e.error.is_some())
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"experiments\" tests=\"{}\" failures=\"{failed_exp}\">",
            self.experiments.len()
        );
        for e in &self.experiments {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape(&e.solver),
                escape(&e.id),
                e.seconds
            );
            match &e.error {
                Some(err) => {
                    let _ = writeln!(
                        out,
                        "><failure message=\"{}\">{}</failure></testcase>",
                        escape(err),
                        escape(&e.position)
                    );
                }
                None => out.push_str("/>\n"),
            }
        }
        out.push_str("  </testsuite>\n");
        let _ = writeln!(
            out,
            "  <testsuite name=\"claims\" tests=\"{}\" failures=\"{}\">",
            self.claims.len(),
            self.failed_claims()
        );
        for c in &self.claims {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&c.position),
                escape(&c.text)
            );
            if c.passed {
                out.push_str("/>\n");
            } else {
                let _ = writeln!(
                    out,
                    "><failure message=\"{}\">observed {}</failure></testcase>",
                    escape(&c.explanation),
                    escape(&c.observed)
                );
            }
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }

    /// The body of `report.html`. With `timings`, each experiment's duration and cache
    /// status are shown too; they are left out by default so that the same sources give
    /// a byte-identical site.
    pub fn html(&self, timings: bool) -> String {
        let timing_head = if timings {
            "<th>time</th><th>cache</th>"
        } else {
            ""
        };
        let mut out = format!("<h2 id=\"experiments\">Experiments</h2>\n<div class=\"table-wrap\"><table class=\"report\">\n<thead><tr><th>id</th><th>solver</th><th>source</th>{timing_head}<th>status</th></tr></thead>\n<tbody>\n");
        for e in &self.experiments {
            let status = match &e.error {
                Some(err) => format!("<span class=\"claim fail\">failed: {}</span>", escape(err)),
                None => "<span class=\"claim pass\">ok</span>".into(),
            };
            let timing = if timings {
                let cache = match e.cache {
                    Some(CacheStatus::Hit) => "hit",
                    Some(CacheStatus::Miss) => "miss",
                    Some(CacheStatus::Recomputed) => "damaged, recomputed",
                    Some(CacheStatus::Disabled) => "off",
                    None => "-",
                };
                format!("<td class=\"num\">{:.3} s</td><td>{cache}</td>", e.seconds)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>{timing}<td>{status}</td></tr>",
                escape(&e.id),
                escape(&e.solver),
                escape(&e.position)
            );
        }
        out.push_str("</tbody></table></div>\n<h2 id=\"claims\">Claims</h2>\n<div class=\"table-wrap\"><table class=\"report\">\n<thead><tr><th>claim</th><th>source</th><th>observed</th><th>verdict</th></tr></thead>\n<tbody>\n");
        for c in &self.claims {
            let verdict = if c.passed {
                "<span class=\"claim pass\">✓ holds</span>"
            } else {
                "<span class=\"claim fail\">✗ fails</span>"
            };
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code><br><small>{}</small></td><td>{}</td><td class=\"num\">{}</td><td>{verdict}</td></tr>",
                escape(&c.text),
                escape(&c.explanation),
                escape(&c.position),
                escape(&c.observed)
            );
        }
        out.push_str("</tbody></table></div>\n");
        out
    }
}
