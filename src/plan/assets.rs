//! Local files that pages refer to (figure and image sources), found and checked so the
//! renderer can copy them next to the pages.

use super::walk::{walk_blocks, Visitor};
use super::{Page, PageKind};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::document::ast::{Directive, Inline, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A local file to copy: its path in `output/` (as written in the page) and on disk.
pub type Assets = BTreeMap<String, PathBuf>;

/// Whether `dest` names a local file (not a URL, an anchor or an absolute path).
fn is_local(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.contains("://")
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.starts_with("data:")
        || dest.contains(".."))
}

struct Refs(Vec<(String, Span)>);
impl Visitor for Refs {
    fn directive(&mut self, d: &Directive) {
        if d.name == "figure" {
            self.0
                .push((d.argument.trim().to_string(), d.argument_span.clone()));
        }
    }
    fn inline(&mut self, i: &Inline) {
        if let Inline::Image { dest, span, .. } = i {
            self.0.push((dest.clone(), span.clone()));
        }
    }
}

/// Every local file the pages use; a missing one is a warning at its reference.
pub fn collect(root: &Path, pages: &[Page], problems: &mut Diagnostics) -> Assets {
    let mut assets = Assets::new();
    for page in pages {
        let base = match page.kind {
            PageKind::Index => root.to_path_buf(),
            PageKind::Chapter => root.join("chapters").join(page.rel_dir()),
        };
        let mut refs = Refs(Vec::new());
        walk_blocks(&mut refs, &page.doc.blocks);
        for (dest, span) in refs.0 {
            let path = dest
                .split(['#', '?'])
                .next()
                .unwrap_or_default()
                .to_string();
            if !is_local(&path) {
                continue;
            }
            let source = base.join(&path);
            if source.is_file() {
                match assets.get(&path) {
                    Some(other) if *other != source => problems.push(Diagnostic::at(
                        Severity::Error,
                        &page.doc.source,
                        span,
                        format!(
                            "image `{path}` names `{}` here but `{}` on another page; all pages share one output folder, so give the files different names",
                            crate::diag::relative_to(root, &source).display(),
                            crate::diag::relative_to(root, other).display()
                        ),
                    )),
                    _ => {
                        assets.insert(path, source);
                    }
                }
            } else {
                problems.push(Diagnostic::at(
                    Severity::Warning,
                    &page.doc.source,
                    span,
                    format!(
                        "image `{dest}` not found (looked for `{}`)",
                        crate::diag::relative_to(root, &source).display()
                    ),
                ));
            }
        }
    }
    assets
}
