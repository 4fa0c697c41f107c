//! Experiment output on the site: figure files, data files, and the HTML of experiment
//! blocks, inline values and claims.

use super::html::escape;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::document::ast::Directive;
use crate::output::Site;
use crate::plan::Plan;
use crate::verify::Outcome;
use crate::Evaluation;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Files written for one experiment.
#[derive(Debug, Clone, Default)]
pub struct ExperimentFiles {
    /// `figures/<id>.svg`, `figures/<id>-2.svg`, …
    pub svgs: Vec<String>,
    pub csvs: Vec<String>,
    pub json: String,
    /// Accessible description of each figure.
    pub descriptions: Vec<String>,
}

/// Draw every experiment's figures and write its data files into `site`.
pub fn write(
    plan: &Plan,
    eval: &Evaluation,
    site: &mut Site,
    problems: &mut Diagnostics,
) -> BTreeMap<String, ExperimentFiles> {
    let mut files = BTreeMap::new();
    for e in &plan.experiments {
        let Some(Ok(run)) = eval.results.runs.get(&e.id) else {
            continue;
        };
        let json_path = format!("data/{}.json", e.id);
        let data = serde_json::json!({
            "id": e.id,
            "solver": e.solver.name(),
            "solver_version": e.solver.version(),
            "params": e.prepared.params,
            "outputs": run.outputs,
        });
        site.add(
            &json_path,
            serde_json::to_vec_pretty(&data).unwrap_or_default(),
        );
        let mut f = ExperimentFiles {
            json: json_path,
            ..Default::default()
        };
        if e.prepared.figure.show != Some(false) {
            match e
                .solver
                .figures(&e.prepared.params, &run.outputs, &e.prepared.figure)
            {
                Ok(figs) => {
                    for (n, fig) in figs.into_iter().enumerate() {
                        let stem = if n == 0 {
                            e.id.clone()
                        } else {
                            format!("{}-{}", e.id, n + 1)
                        };
                        let svg = format!("figures/{stem}.svg");
                        let csv = format!("data/{stem}.csv");
                        site.add(&svg, fig.svg);
                        site.add(&csv, fig.csv);
                        f.svgs.push(svg);
                        f.csvs.push(csv);
                        f.descriptions.push(fig.description);
                    }
                }
                Err(msg) => problems.push(Diagnostic::at(
                    Severity::Error,
                    &e.file,
                    e.span.start..e.span.start + 3,
                    format!("cannot draw the figure of experiment `{}`: {msg}", e.id),
                )),
            }
        }
        files.insert(e.id.clone(), f);
    }
    files
}

/// Caption text with `$…$` typeset as MathML and everything else escaped.
pub fn caption_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('$') {
        let Some(len) = rest[open + 1..].find('$') else {
            break;
        };
        out.push_str(&escape(&rest[..open]));
        let tex = &rest[open + 1..open + 1 + len];
        match crate::math::render(
            tex,
            crate::math::DisplayMode::Inline,
            &crate::math::Macros::default(),
        ) {
            Ok(m) => out.push_str(&m.mathml),
            Err(_) => {
                let _ = write!(out, "<code>{}</code>", escape(tex));
            }
        }
        rest = &rest[open + 2 + len..];
    }
    out.push_str(&escape(rest));
    out
}

/// HTML of an experiment block: its figure(s) with a numbered caption and data links.
pub fn experiment_html(
    plan: &Plan,
    eval: &Evaluation,
    files: &BTreeMap<String, ExperimentFiles>,
    page: usize,
    d: &Directive,
    figure_word: &str,
) -> String {
    let id = d.argument.trim();
    let number = plan.pages[page].labels.figures.get(&d.span.start);
    let Some(e) = plan.experiments.iter().find(|e| e.id == id) else {
        return String::new();
    };
    let run = eval.results.runs.get(id);
    let caption = e
        .prepared
        .figure
        .caption
        .as_deref()
        .map(caption_html)
        .unwrap_or_default();
    let number = number
        .map(|n| format!("<span class=\"fig-number\">{figure_word} {n}:</span> "))
        .unwrap_or_default();
    let mut out = match d.label().filter(|l| *l != id) {
        Some(label) => format!(
            "<span id=\"{}\"></span>\n<figure class=\"experiment\" id=\"{}\">\n",
            escape(id),
            escape(label)
        ),
        None => format!("<figure class=\"experiment\" id=\"{}\">\n", escape(id)),
    };
    match (run, files.get(id)) {
        (Some(Ok(_)), Some(f)) => {
            if e.prepared.figure.show == Some(false) {
                return String::new();
            }
            for (svg, desc) in f.svgs.iter().zip(&f.descriptions) {
                let _ = writeln!(
                    out,
                    "<div class=\"figure-body\"><img src=\"{}\" alt=\"{}\"></div>",
                    escape(svg),
                    escape(desc)
                );
            }
            let mut links = vec![format!("<a href=\"{}\">JSON</a>", escape(&f.json))];
            links.extend(
                f.csvs
                    .iter()
                    .map(|c| format!("<a href=\"{}\">CSV</a>", escape(c))),
            );
            let _ = writeln!(
                out,
                "<figcaption>{number}{caption} <span class=\"data-links\">(데이터 / data: {}; solver <code>{}</code>)</span></figcaption>",
                links.join(", "),
                escape(e.solver.name())
            );
        }
        (Some(Err(msg)), _) => {
            let _ = writeln!(
                out,
                "<div class=\"admonition error\"><p class=\"admonition-title\">실험 실패 / experiment failed: <code>{}</code></p><p>{}</p></div>\n<figcaption>{number}{caption}</figcaption>",
                escape(id),
                escape(msg)
            );
        }
        _ => return String::new(),
    }
    out.push_str("</figure>\n");
    out
}

/// HTML of an inline value or a claim, by its key on the page.
pub fn claim_html(eval: &Evaluation, page: usize, key: usize, text: &str, block: bool) -> String {
    match eval.verdicts.outcomes.get(&(page, key)) {
        Some(Outcome::Value(v)) => format!(
            "<span class=\"computed\" title=\"{}\">{}</span>",
            escape(text),
            escape(v)
        ),
        Some(Outcome::Verdict(v)) => {
            let tag = if block { "li" } else { "span" };
            let observed = v
                .observed
                .and_then(|x| crate::claims::format_value(x, ".6g").ok())
                .map(|x| {
                    format!(
                        " <span class=\"observed\">관측값 / observed {}</span>",
                        escape(&x)
                    )
                })
                .unwrap_or_default();
            if v.passed {
                format!(
                    "<{tag} class=\"claim pass\" title=\"{}\"><span class=\"verdict\">✓</span> <code>{}</code>{observed}</{tag}>",
                    escape(&v.explanation),
                    escape(text)
                )
            } else {
                format!(
                    "<{tag} class=\"claim fail\"><span class=\"verdict\">✗ 실패 / fails</span> <code>{}</code> <span class=\"explanation\">{}</span></{tag}>",
                    escape(text),
                    escape(&v.explanation)
                )
            }
        }
        Some(Outcome::Error(msg)) => {
            let tag = if block { "li" } else { "span" };
            format!("<{tag} class=\"claim fail\"><code>{}</code> <span class=\"verdict\">✗ {}</span></{tag}>", escape(text), escape(msg))
        }
        None => format!("<code>{}</code>", escape(text)),
    }
}
