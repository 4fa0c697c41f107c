//! Second semantic pass: every reference, link, citation, role and directive checked
//! against the book-wide label table, all problems reported together.

use super::labels::{Target, TargetKind};
use super::walk::{walk_blocks, Visitor};
use super::{Page, KNOWN_DIRECTIVES, KNOWN_ROLES};
use crate::cite::Bibliography;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::document::ast::{Block, Directive, Inline, Span};
use std::collections::BTreeMap;

/// Where a link destination written in the source leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// Outside the book (has a scheme) or a plain file such as an image: left as written.
    External,
    /// A page of the book and an optional anchor on it.
    Page { page: usize, anchor: Option<String> },
    /// Points into the book but nothing is there.
    Missing(String),
}

/// Resolve `dest` written on page `from`.
pub fn link_target(
    pages: &[Page],
    labels: &BTreeMap<String, Target>,
    from: usize,
    dest: &str,
) -> LinkTarget {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.is_empty() {
        return LinkTarget::External;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let page = if path.is_empty() {
        from
    } else if path.ends_with(".md") {
        let base = pages[from].rel_dir();
        let joined = normalise(&format!("{base}{path}"));
        match pages.iter().position(|p| p.rel_path == joined) {
            Some(i) => i,
            None => return LinkTarget::Missing(format!("no chapter `{path}` in the book")),
        }
    } else {
        return LinkTarget::External;
    };
    match anchor {
        None | Some("") => LinkTarget::Page { page, anchor: None },
        Some(a) if pages[page].labels.ids.contains(a) => LinkTarget::Page {
            page,
            anchor: Some(a.to_string()),
        },
        // `[](#label)` may name a label defined on another page.
        Some(a) if path.is_empty() && labels.contains_key(a) => {
            let t = &labels[a];
            LinkTarget::Page {
                page: t.page,
                anchor: Some(t.id.clone()),
            }
        }
        Some(a) => LinkTarget::Missing(format!(
            "no heading or label `#{a}` on page `{}`",
            pages[page].rel_path
        )),
    }
}

fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The label named by a reference role's content: `label` or `text <label>`.
pub fn role_label(content: &str) -> (Option<&str>, &str) {
    let c = content.trim();
    match (c.rfind('<'), c.ends_with('>')) {
        (Some(open), true) => (Some(c[..open].trim()), &c[open + 1..c.len() - 1]),
        _ => (None, c),
    }
}

/// Checks one page; collects problems and the citation keys in first-use order.
pub struct ResolvePass<'a> {
    pub pages: &'a [Page],
    pub page: usize,
    pub labels: &'a BTreeMap<String, Target>,
    pub bibliography: Option<&'a Bibliography>,
    pub problems: Diagnostics,
    pub cited: Vec<String>,
}

impl<'a> ResolvePass<'a> {
    pub fn run(mut self) -> Self {
        let blocks = &self.pages[self.page].doc.blocks;
        walk_blocks(&mut self, blocks);
        self
    }

    fn report(&mut self, severity: Severity, span: Span, message: String) {
        let file = &self.pages[self.page].doc.source;
        self.problems
            .push(Diagnostic::at(severity, file, span, message));
    }

    fn check_label(&mut self, label: &str, span: &Span, want_equation: bool) {
        match self.labels.get(label) {
            None => {
                let hint = nearest(label, self.labels.keys().map(String::as_str))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                self.report(
                    Severity::Error,
                    span.clone(),
                    format!("unknown label `{label}`{hint}"),
                );
            }
            Some(t) if want_equation && !matches!(t.kind, TargetKind::Equation { .. }) => self
                .report(
                    Severity::Error,
                    span.clone(),
                    format!("`{{eq}}` needs an equation label, but `{label}` is not an equation"),
                ),
            Some(_) => {}
        }
    }

    fn cite(&mut self, keys: &[String], bare: bool, span: &Span) {
        let Some(bib) = self.bibliography else {
            if !bare {
                self.report(
                    Severity::Error,
                    span.clone(),
                    "citation, but book.yml names no `bibliography` file".into(),
                );
            }
            return;
        };
        for key in keys {
            if bib.has(key) {
                if !self.cited.contains(key) {
                    self.cited.push(key.clone());
                }
            } else if !bare {
                self.report(
                    Severity::Error,
                    span.clone(),
                    format!("unknown citation key `{key}`"),
                );
            }
        }
    }
}

/// The candidate closest to `word` by edit distance, if reasonably close.
pub fn nearest<'x>(word: &str, candidates: impl Iterator<Item = &'x str>) -> Option<&'x str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (word.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Visitor for ResolvePass<'_> {
    fn block(&mut self, _b: &Block) {}

    fn directive(&mut self, d: &Directive) {
        if !KNOWN_DIRECTIVES.contains(&d.name.as_str()) {
            self.report(
                Severity::Warning,
                d.name_span.clone(),
                format!(
                    "unknown directive `{{{}}}`: its body is shown as a plain titled block",
                    d.name
                ),
            );
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Role {
                name,
                content,
                content_span,
                ..
            } => match name.as_str() {
                "eq" => self.check_label(role_label(content).1, content_span, true),
                "ref" | "numref" => self.check_label(role_label(content).1, content_span, false),
                "doc" => {
                    let target = role_label(content).1;
                    let dest = if target.ends_with(".md") {
                        target.to_string()
                    } else {
                        format!("{target}.md")
                    };
                    if let LinkTarget::Missing(m) =
                        link_target(self.pages, self.labels, self.page, &dest)
                    {
                        self.report(Severity::Error, content_span.clone(), m);
                    }
                }
                "cite" | "cite:p" | "cite:t" => {
                    let keys: Vec<String> = content
                        .split([',', ';'])
                        .map(|k| k.trim().to_string())
                        .collect();
                    self.cite(&keys, false, content_span);
                }
                n if KNOWN_ROLES.contains(&n) => {}
                other => self.report(
                    Severity::Warning,
                    content_span.clone(),
                    format!("unknown role `{{{other}}}`: shown as code"),
                ),
            },
            Inline::Citation {
                keys, bare, span, ..
            } => self.cite(keys, *bare, span),
            Inline::Link { dest, span, .. } => {
                if let LinkTarget::Missing(m) =
                    link_target(self.pages, self.labels, self.page, dest)
                {
                    self.report(
                        Severity::Warning,
                        span.clone(),
                        format!("broken link `{dest}`: {m}"),
                    );
                }
            }
            _ => {}
        }
    }
}
