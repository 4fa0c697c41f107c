//! First semantic pass: heading ids, numbered equations and figures, and the book-wide label table.

use super::walk::{walk_blocks, Visitor};
use crate::diag::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::document::ast::{plain_text, Block, Directive, Inline, Span};
use crate::math::{DisplayMode, Macros};
use crate::slug::Slugger;
use std::collections::{BTreeMap, HashMap};

/// What a label names.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    Heading { title: String },
    Equation { number: Option<String> },
    Figure { number: Option<usize> },
    Anchor,
}

/// A label defined somewhere in the book.
#[derive(Debug, Clone)]
pub struct Target {
    /// Index of the page in `Plan::pages`.
    pub page: usize,
    /// HTML id on that page.
    pub id: String,
    pub kind: TargetKind,
    pub file: SourceFile,
    pub span: Span,
}

/// One sidebar table-of-contents entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Per-page facts found by the label pass.
#[derive(Debug, Default, Clone)]
pub struct PageLabels {
    /// Heading id by the heading's span start.
    pub heading_ids: HashMap<usize, String>,
    pub toc: Vec<TocEntry>,
    /// Every id used on the page (headings, labels), for link checking.
    pub ids: std::collections::HashSet<String>,
    /// Rendered MathML by the math node's span start.
    pub math: HashMap<usize, RenderedEquation>,
    /// Figure number by the directive's span start.
    pub figures: HashMap<usize, usize>,
}

/// A formula rendered to MathML, with its number when labelled.
#[derive(Debug, Clone)]
pub struct RenderedEquation {
    pub mathml: String,
    pub id: Option<String>,
    pub number: Option<String>,
}

/// Walks one page, numbering and rendering as it goes.
pub struct LabelPass<'a> {
    pub page: usize,
    pub file: &'a SourceFile,
    pub numbering: bool,
    pub macros: &'a Macros,
    pub out: PageLabels,
    pub labels: Vec<(String, Target)>,
    pub problems: Diagnostics,
    slugger: Slugger,
    equation_count: usize,
    figure_count: usize,
}

impl<'a> LabelPass<'a> {
    pub fn new(page: usize, file: &'a SourceFile, numbering: bool, macros: &'a Macros) -> Self {
        LabelPass {
            page,
            file,
            numbering,
            macros,
            out: PageLabels::default(),
            labels: Vec::new(),
            problems: Diagnostics::new(),
            slugger: Slugger::new(),
            equation_count: 0,
            figure_count: 0,
        }
    }

    /// Run over the page's blocks. Explicit labels are reserved first so slugs avoid them.
    pub fn run(mut self, blocks: &[Block]) -> Self {
        let mut explicit = ExplicitLabels(Vec::new());
        walk_blocks(&mut explicit, blocks);
        for l in explicit.0 {
            self.slugger.reserve(&l);
        }
        walk_blocks(&mut self, blocks);
        self
    }

    fn define(&mut self, label: &str, id: &str, kind: TargetKind, span: &Span) {
        self.out.ids.insert(id.to_string());
        self.labels.push((
            label.to_string(),
            Target {
                page: self.page,
                id: id.to_string(),
                kind,
                file: self.file.clone(),
                span: span.clone(),
            },
        ));
    }

    fn error(&mut self, span: Span, message: String) {
        self.problems
            .push(Diagnostic::at(Severity::Error, self.file, span, message));
    }

    /// Render a formula; `label` from MyST syntax, or found as `\label{}` in the TeX.
    fn equation(
        &mut self,
        tex: &str,
        display: bool,
        label: Option<&str>,
        tex_span: &Span,
        key: usize,
    ) {
        let mode = if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        };
        match crate::math::render(tex, mode, self.macros) {
            Ok(r) => {
                let label = label.map(str::to_string).or(r.label.clone());
                let (id, number) = match &label {
                    Some(l) if display => {
                        let number = r.tag.clone().or_else(|| {
                            self.numbering.then(|| {
                                self.equation_count += 1;
                                self.equation_count.to_string()
                            })
                        });
                        let span = tex_span.clone();
                        self.define(
                            l,
                            l,
                            TargetKind::Equation {
                                number: number.clone(),
                            },
                            &span,
                        );
                        (Some(l.clone()), number)
                    }
                    _ => (None, r.tag.clone().filter(|_| display)),
                };
                self.out.math.insert(
                    key,
                    RenderedEquation {
                        mathml: r.mathml,
                        id,
                        number,
                    },
                );
            }
            Err(e) => {
                let start = (tex_span.start + e.offset).min(tex_span.end.max(tex_span.start));
                let end = (start + e.len.max(1)).min(self.file.text.len());
                self.error(start..end, format!("LaTeX error: {}", e.message));
            }
        }
    }
}

/// Collects explicit labels before slugs are assigned.
struct ExplicitLabels(Vec<String>);
impl Visitor for ExplicitLabels {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { label: Some(l), .. } | Block::Target { label: l, .. } => {
                self.0.push(l.clone())
            }
            Block::Directive(d) => {
                if let Some(l) = d.label() {
                    self.0.push(l.to_string());
                }
            }
            _ => {}
        }
    }
}

impl Visitor for LabelPass<'_> {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading {
                level,
                inlines,
                label,
                span,
            } => {
                let title = plain_text(inlines);
                let id = self.slugger.slug(&title);
                self.out.heading_ids.insert(span.start, id.clone());
                self.out.toc.push(TocEntry {
                    level: *level,
                    id: id.clone(),
                    title: title.clone(),
                });
                self.out.ids.insert(id.clone());
                if let Some(l) = label {
                    self.define(l, l, TargetKind::Heading { title }, span);
                }
            }
            Block::Target { label, span } => self.define(label, label, TargetKind::Anchor, span),
            _ => {}
        }
    }

    fn directive(&mut self, d: &Directive) {
        match d.name.as_str() {
            "math" => {
                let label = d.label().map(str::to_string);
                self.equation(&d.body, true, label.as_deref(), &d.body_span, d.span.start);
            }
            "figure" | "experiment" => {
                let number = if self.numbering {
                    self.figure_count += 1;
                    Some(self.figure_count)
                } else {
                    None
                };
                if let Some(n) = number {
                    self.out.figures.insert(d.span.start, n);
                }
                let label = d.label().map(str::to_string).or_else(|| {
                    (d.name == "experiment" && !d.argument.is_empty()).then(|| d.argument.clone())
                });
                if let Some(l) = label {
                    self.define(&l, &l, TargetKind::Figure { number }, &d.span);
                }
            }
            _ => {
                if let Some(l) = d.label() {
                    let l = l.to_string();
                    self.define(&l, &l, TargetKind::Anchor, &d.span);
                }
            }
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Math {
                tex,
                display,
                label,
                tex_span,
                span,
            } => self.equation(tex, *display, label.as_deref(), tex_span, span.start),
            Inline::Role {
                name,
                content,
                content_span,
                span,
            } if name == "math" => self.equation(content, false, None, content_span, span.start),
            _ => {}
        }
    }
}

/// Merge per-page labels into the book-wide table; a duplicate is an error at both places.
pub fn merge_labels(
    all: Vec<(String, Target)>,
    problems: &mut Diagnostics,
) -> BTreeMap<String, Target> {
    let mut table: BTreeMap<String, Target> = BTreeMap::new();
    for (label, target) in all {
        if let Some(first) = table.get(&label) {
            let (line, _) = first.file.line_col(first.span.start);
            problems.push(
                Diagnostic::at(
                    Severity::Error,
                    &target.file,
                    target.span.clone(),
                    format!("duplicate label `{label}`"),
                )
                .with_note(format!(
                    "first defined at {}:{line}",
                    first.file.display.display()
                )),
            );
            continue;
        }
        table.insert(label, target);
    }
    table
}
