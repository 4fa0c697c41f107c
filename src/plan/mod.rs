//! The validated book: every label, reference, link, citation and formula checked,
//! all problems reported together, before anything runs or is written.

pub mod assets;
pub mod experiments;
pub mod labels;
pub mod resolve;
mod walk;

use crate::book::Book;
use crate::cite::Bibliography;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::document::Document;
use crate::math::Macros;
use labels::{LabelPass, PageLabels, Target};
use std::collections::BTreeMap;

/// Roles reprobook understands.
pub const KNOWN_ROLES: &[&str] = &[
    "math", "eq", "ref", "numref", "doc", "cite", "cite:p", "cite:t", "eval", "claim",
];
/// Directives reprobook understands.
pub const KNOWN_DIRECTIVES: &[&str] = &[
    "note",
    "tip",
    "hint",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "seealso",
    "admonition",
    "figure",
    "math",
    "code",
    "code-block",
    "sourcecode",
    "experiment",
    "claim",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Index,
    Chapter,
}

/// One output page and what the semantic passes learnt about it.
#[derive(Debug)]
pub struct Page {
    pub kind: PageKind,
    pub doc: Document,
    /// Output file name, e.g. `intro.html`.
    pub href: String,
    /// Source path relative to `chapters/` (`""` for the index page).
    pub rel_path: String,
    pub language: String,
    pub labels: PageLabels,
    /// Citation keys in order of first use.
    pub cited: Vec<String>,
}

impl Page {
    /// Folder part of `rel_path`, with a trailing `/` (or empty).
    pub fn rel_dir(&self) -> String {
        match self.rel_path.rfind('/') {
            Some(i) => self.rel_path[..=i].to_string(),
            None => String::new(),
        }
    }
}

/// Everything the renderer needs, validated.
pub struct Plan {
    pub book: Book,
    pub pages: Vec<Page>,
    pub labels: BTreeMap<String, Target>,
    pub bibliography: Option<Bibliography>,
    pub experiments: Vec<experiments::ExperimentPlan>,
    pub claims: Vec<experiments::ClaimPlan>,
    /// Local images the pages use, copied into the site.
    pub assets: assets::Assets,
    /// Warnings that did not stop the build (errors under `--strict`).
    pub warnings: Diagnostics,
}

impl Plan {
    pub fn chapters(&self) -> impl Iterator<Item = (usize, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PageKind::Chapter)
    }
}

/// Parse results for the book: the optional index document and the chapters in order.
pub struct Parsed {
    pub index: Option<Document>,
    pub chapters: Vec<Document>,
}

/// Build the plan. Errors of every page are gathered before returning.
pub fn build(book: Book, parsed: Parsed) -> Result<Plan, Diagnostics> {
    let mut problems = Diagnostics::new();
    let bibliography = book.bibliography.as_ref().and_then(|file| {
        let style = book
            .config
            .citation_style
            .as_deref()
            .map(crate::cite::StyleChoice::named)
            .unwrap_or_default();
        Bibliography::from_bibtex(&file.text, &style)
            .map_err(|e| {
                let d = match e.offset() {
                    Some(at) => {
                        let end = (at + 1).min(file.text.len()).max(at);
                        Diagnostic::at(
                            crate::diag::Severity::Error,
                            file,
                            at..end,
                            format!("bibliography: {e}"),
                        )
                    }
                    None => Diagnostic::error(format!("{e}"), Location::Path("book.yml".into())),
                };
                problems.push(d)
            })
            .ok()
    });
    let book_language = book.config.language().to_string();
    let mut pages = Vec::new();
    if let Some(doc) = parsed.index {
        pages.push(new_page(
            PageKind::Index,
            doc,
            "index.html".into(),
            String::new(),
            &book_language,
        ));
    }
    for (doc, ch) in parsed.chapters.into_iter().zip(&book.chapters) {
        let href = format!("{}.html", ch.slug);
        pages.push(new_page(
            PageKind::Chapter,
            doc,
            href,
            ch.rel_path.clone(),
            &book_language,
        ));
    }
    check_page_names(&pages, &mut problems);
    let mut all_labels = Vec::new();
    for (i, page) in pages.iter_mut().enumerate() {
        problems.extend(std::mem::take(&mut page.doc.warnings));
        let macros = match Macros::from_pairs(page.doc.front.math.iter()) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Diagnostic::error(
                    format!("invalid `math` macros in front matter: {e}"),
                    Location::Path(page.doc.source.display.clone()),
                ));
                Macros::default()
            }
        };
        let numbering = page.doc.front.numbering.unwrap_or(true);
        let pass = LabelPass::new(i, &page.doc.source, numbering, &macros).run(&page.doc.blocks);
        problems.extend(pass.problems);
        all_labels.extend(pass.labels);
        page.labels = pass.out;
    }
    let labels = labels::merge_labels(all_labels, &mut problems);
    let mut cited = Vec::new();
    for i in 0..pages.len() {
        let pass = resolve::ResolvePass {
            pages: &pages,
            page: i,
            labels: &labels,
            bibliography: bibliography.as_ref(),
            problems: Diagnostics::new(),
            cited: Vec::new(),
        }
        .run();
        problems.extend(pass.problems);
        cited.push(pass.cited);
    }
    for (page, keys) in pages.iter_mut().zip(cited) {
        page.cited = keys;
    }
    let (experiments, claims) = experiments::collect(&pages, &mut problems);
    let assets = assets::collect(&book.root, &pages, &mut problems);
    let (errors, warnings) = split_severity(problems);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(all.sorted());
    }
    Ok(Plan {
        book,
        pages,
        labels,
        bibliography,
        experiments,
        claims,
        assets,
        warnings: warnings.sorted(),
    })
}

/// Pages must not share an output file with each other or with the generated pages.
fn check_page_names(pages: &[Page], problems: &mut Diagnostics) {
    let mut seen: Vec<(&str, &Page)> = Vec::new();
    for page in pages {
        if page.kind == PageKind::Chapter
            && ["index.html", "bibliography.html", "report.html"].contains(&page.href.as_str())
        {
            problems.push(Diagnostic::error(
                format!("chapter `{}` would be written to `{}`, which reprobook generates itself; rename the file", page.rel_path, page.href),
                Location::Path(page.doc.source.display.clone()),
            ));
        }
        if let Some((_, first)) = seen.iter().find(|(h, _)| *h == page.href) {
            problems.push(Diagnostic::error(
                format!(
                    "chapters `{}` and `{}` would both be written to `{}`; rename one",
                    first.rel_path, page.rel_path, page.href
                ),
                Location::Path(page.doc.source.display.clone()),
            ));
        }
        seen.push((&page.href, page));
    }
}

fn new_page(
    kind: PageKind,
    doc: Document,
    href: String,
    rel_path: String,
    book_language: &str,
) -> Page {
    let language = doc
        .front
        .language
        .clone()
        .unwrap_or_else(|| book_language.to_string());
    Page {
        kind,
        doc,
        href,
        rel_path,
        language,
        labels: PageLabels::default(),
        cited: Vec::new(),
    }
}

fn split_severity(all: Diagnostics) -> (Diagnostics, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut warnings = Diagnostics::new();
    for d in all.into_vec() {
        if d.severity == crate::diag::Severity::Error {
            errors.push(d);
        } else {
            warnings.push(d);
        }
    }
    (errors, warnings)
}
