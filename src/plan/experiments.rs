//! Experiments, inline values and claims found in the pages, validated before anything runs:
//! solver names, parameters, claim syntax and every `id.output` reference.

use super::walk::{walk_blocks, Visitor};
use super::Page;
use crate::claims::{self, Expr};
use crate::diag::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::document::ast::{Directive, Inline, Span};
use crate::experiment::cache::CacheKey;
use crate::experiment::registry;
use crate::experiment::solver::{OutputKind, Prepared, Solver};
use std::collections::BTreeMap;

/// A validated experiment block.
pub struct ExperimentPlan {
    pub id: String,
    pub page: usize,
    pub span: Span,
    pub file: SourceFile,
    pub solver: &'static dyn Solver,
    pub prepared: Prepared,
    pub key: CacheKey,
}

/// Whether a parsed expression is a claim to check or a value to print.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimKind {
    Claim,
    /// An inline value with its format spec (`.3g`, …).
    Eval {
        spec: String,
    },
}

/// A claim or inline value, parsed.
pub struct ClaimPlan {
    pub page: usize,
    /// Key used by the renderer: the role's or the claim line's span start.
    pub key: usize,
    pub file: SourceFile,
    /// Span of the expression text in the file.
    pub span: Span,
    pub text: String,
    pub expr: Expr,
    pub kind: ClaimKind,
}

/// Collect experiments and claims from all pages; every problem is reported.
pub fn collect(
    pages: &[Page],
    problems: &mut Diagnostics,
) -> (Vec<ExperimentPlan>, Vec<ClaimPlan>) {
    let mut found = Found::default();
    for (i, page) in pages.iter().enumerate() {
        found.page = i;
        found.file = Some(page.doc.source.clone());
        walk_blocks(&mut found, &page.doc.blocks);
    }
    problems.extend(std::mem::take(&mut found.problems));
    let by_id: BTreeMap<&str, &ExperimentPlan> = found
        .experiments
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    for claim in &found.claims {
        for (path, span) in claim.expr.references() {
            if let Err(message) = check_reference(&by_id, &path) {
                let at = claim.span.start + span.start..claim.span.start + span.end;
                problems.push(Diagnostic::at(Severity::Error, &claim.file, at, message));
            }
        }
    }
    (found.experiments, found.claims)
}

/// `id.output`, `id.output[i]` or `id.params.name` must name something that will exist.
fn check_reference(by_id: &BTreeMap<&str, &ExperimentPlan>, path: &[String]) -> Result<(), String> {
    let Some(e) = by_id.get(path[0].as_str()) else {
        let hint = super::resolve::nearest(&path[0], by_id.keys().copied())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        return Err(format!("unknown experiment `{}`{hint}", path[0]));
    };
    match path.get(1).map(String::as_str) {
        None => Err(format!(
            "`{}` is an experiment; name one of its outputs, e.g. `{}.{}`",
            path[0],
            path[0],
            e.solver.outputs().first().map_or("…", |o| o.name)
        )),
        Some("params") => {
            if path.len() < 3 {
                return Err(format!("`{}.params` needs a parameter name", path[0]));
            }
            let names: Vec<&str> = path[2..].iter().map(String::as_str).collect();
            if param_at(&e.prepared.params, &names).is_some_and(|v| v.is_number() || v.is_boolean())
            {
                Ok(())
            } else {
                let valid: Vec<&str> = e.solver.params().iter().map(|p| p.name).collect();
                Err(format!(
                    "solver `{}` has no numeric parameter `{}` (parameters: {})",
                    e.solver.name(),
                    names.join("."),
                    valid.join(", ")
                ))
            }
        }
        Some(output) => {
            let declared = e
                .solver
                .outputs()
                .iter()
                .find(|o| output_matches(o.name, output));
            match declared {
                Some(o) if path.len() > 2 => Err(format!(
                    "`{}.{output}` is a {}; it has no field `{}`",
                    path[0],
                    kind_name(o.kind),
                    path[2]
                )),
                Some(_) => Ok(()),
                None => {
                    let names = e.solver.outputs().iter().map(|o| o.name);
                    let hint = super::resolve::nearest(output, names)
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    let all: Vec<&str> = e.solver.outputs().iter().map(|o| o.name).collect();
                    Err(format!(
                        "solver `{}` has no output `{output}` ({hint}outputs: {})",
                        e.solver.name(),
                        all.join(", ")
                    ))
                }
            }
        }
    }
}

/// The parameter at a dotted path inside the canonical parameters (`problem.k`).
pub fn param_at<'v>(params: &'v serde_json::Value, path: &[&str]) -> Option<&'v serde_json::Value> {
    path.iter().try_fold(params, |v, name| v.get(*name))
}

/// Declared names ending in `*` stand for a family (`lambda_max_k*`).
pub fn output_matches(declared: &str, name: &str) -> bool {
    match declared.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix) && name.len() > prefix.len(),
        None => declared == name,
    }
}

fn kind_name(k: OutputKind) -> &'static str {
    match k {
        OutputKind::Scalar => "scalar",
        OutputKind::Series => "series",
        OutputKind::Matrix => "matrix",
    }
}

#[derive(Default)]
struct Found {
    page: usize,
    file: Option<SourceFile>,
    experiments: Vec<ExperimentPlan>,
    claims: Vec<ClaimPlan>,
    problems: Diagnostics,
}

impl Found {
    fn file(&self) -> &SourceFile {
        self.file.as_ref().expect("file set before walking")
    }

    /// Experiment and claim blocks are decoded from the file itself, so they must stand
    /// where their text is verbatim (not inside a list item or block quote).
    fn require_verbatim(&mut self, d: &Directive) -> bool {
        if !d.verbatim {
            let file = self.file().clone();
            self.problems.push(Diagnostic::at(
                Severity::Error,
                &file,
                d.name_span.clone(),
                format!("a `{{{}}}` block cannot stand inside a list item or block quote; move it to the top level or into a directive", d.name),
            ));
        }
        d.verbatim
    }

    fn experiment(&mut self, d: &Directive) {
        if !self.require_verbatim(d) {
            return;
        }
        let file = self.file().clone();
        let id = d.argument.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || "-_".contains(c)) {
            self.problems.push(Diagnostic::at(
                Severity::Error,
                &file,
                d.name_span.clone(),
                "an experiment needs an id of letters, digits, `-` and `_`: ```{experiment} my-id",
            ));
            return;
        }
        if let Some(first) = self.experiments.iter().find(|e| e.id == id) {
            let (line, _) = first.file.line_col(first.span.start);
            let message = format!("duplicate experiment id `{id}`");
            self.problems.push(
                Diagnostic::at(Severity::Error, &file, d.argument_span.clone(), message).with_note(
                    format!("first defined at {}:{line}", first.file.display.display()),
                ),
            );
            return;
        }
        let solver_name = match crate::yaml::decode::<SolverOnly>(&file, d.body_span.clone()) {
            Ok(s) => s.solver,
            Err(diag) => {
                self.problems.push(diag);
                return;
            }
        };
        let Some(solver) = registry::find(&solver_name) else {
            let hint =
                super::resolve::nearest(&solver_name, registry::all().iter().map(|s| s.name()))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
            let at = d.body.find(&solver_name).map_or(d.body_span.clone(), |i| {
                d.body_span.start + i..d.body_span.start + i + solver_name.len()
            });
            self.problems.push(
                Diagnostic::at(
                    Severity::Error,
                    &file,
                    at,
                    format!("unknown solver `{solver_name}`{hint}"),
                )
                .with_note("`reprobook solvers` lists every solver with its parameters"),
            );
            return;
        };
        match solver.prepare(&file, d.body_span.clone()) {
            Ok(prepared) => {
                let key = CacheKey {
                    solver: solver.name().to_string(),
                    version: solver.version(),
                    params: prepared.params.clone(),
                };
                self.experiments.push(ExperimentPlan {
                    id: id.to_string(),
                    page: self.page,
                    span: d.span.clone(),
                    file,
                    solver,
                    prepared,
                    key,
                });
            }
            Err(diag) => self.problems.push(diag),
        }
    }

    fn claim(&mut self, text: &str, span: Span, key: usize, kind_eval: bool) {
        let file = self.file().clone();
        let (expr_text, kind) = if kind_eval {
            let split = claims::split_spec(text);
            (
                split.expr.to_string(),
                ClaimKind::Eval {
                    spec: split.spec.unwrap_or("").to_string(),
                },
            )
        } else {
            (text.to_string(), ClaimKind::Claim)
        };
        match claims::parse(&expr_text) {
            Ok(expr) => self.claims.push(ClaimPlan {
                page: self.page,
                key,
                file,
                span,
                text: expr_text,
                expr,
                kind,
            }),
            Err(e) => {
                let s = e.span();
                let at = span.start + s.start..span.start + s.end.max(s.start + 1);
                let what = if kind_eval { "inline value" } else { "claim" };
                self.problems.push(Diagnostic::at(
                    Severity::Error,
                    &file,
                    at,
                    format!("malformed {what}: {e}"),
                ));
            }
        }
    }
}

/// The claims of a `{claim}` block: one per non-empty line (`#` starts a comment line),
/// with the byte offset where each starts.
pub fn claim_lines(d: &Directive) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = d.body_span.start;
    for line in d.body.split_inclusive('\n') {
        let t = line.trim();
        if !t.is_empty() && !t.starts_with('#') {
            out.push((pos + line.len() - line.trim_start().len(), t));
        }
        pos += line.len();
    }
    out
}

#[derive(serde::Deserialize)]
struct SolverOnly {
    solver: String,
}

impl Visitor for Found {
    fn directive(&mut self, d: &Directive) {
        match d.name.as_str() {
            "experiment" => self.experiment(d),
            "claim" if self.require_verbatim(d) => {
                for (start, text) in claim_lines(d) {
                    self.claim(text, start..start + text.len(), start, false);
                }
            }
            _ => {}
        }
    }

    fn inline(&mut self, i: &Inline) {
        if let Inline::Role {
            name,
            content,
            content_span,
            span,
        } = i
        {
            match name.as_str() {
                "claim" => self.claim(content, content_span.clone(), span.start, false),
                "eval" => self.claim(content, content_span.clone(), span.start, true),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_parameters_are_reached_by_dotted_paths() {
        let params =
            serde_json::json!({ "problem": { "k": 2.0, "kind": "poisson" }, "lambda": 1.0 });
        assert_eq!(
            param_at(&params, &["problem", "k"]),
            Some(&serde_json::json!(2.0))
        );
        assert_eq!(
            param_at(&params, &["lambda"]),
            Some(&serde_json::json!(1.0))
        );
        assert_eq!(param_at(&params, &["problem", "n"]), None);
        assert_eq!(param_at(&params, &["lambda", "x"]), None);
    }
}
