//! Citations and reference lists from BibTeX with hayagriva's CSL engine.
//!
//! A [`Bibliography`] is loaded once per build. Loading parses the `.bib`,
//! checks it (see `validate`), loads the CSL style and locales once, and
//! renders, in one hayagriva run over *every* entry, each entry's
//! parenthetical and textual citation and its reference-list entry. Later
//! calls only look these up, so output is deterministic and consistent:
//! disambiguation (e.g. year suffixes "2021a") is computed over the whole
//! `.bib`, not over the entries a page happens to cite. Consequence for
//! numeric styles: numbers follow the style's bibliography order over the
//! whole `.bib` (the default style is author–year, where this is moot).
//!
//! Multi-key citations are assembled from the single-key items with the
//! style's citation prefix, suffix and delimiter, sorted in bibliography
//! order when the style sorts citations (APA does). Textual citations of
//! several keys are joined with "; ". Same-author collapsing
//! ("Wang et al., 2021, 2022") is not done.

mod html;
mod scan;
mod style;
#[cfg(test)]
mod tests;
mod validate;

use std::collections::BTreeMap;

use hayagriva::archive::locales;
use hayagriva::io::BibLaTeXError;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose,
};

pub use style::{accepted_style_names, StyleChoice};

/// How a citation reads in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteForm {
    /// "(Wang et al., 2021)".
    Parenthetical,
    /// "Wang et al. (2021)".
    Textual,
}

/// A problem with the `.bib` file or the style choice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BibError {
    /// The file does not parse.
    #[error("{}line {line}, column {column}: {message}", entry_prefix(.key))]
    Syntax {
        /// The entry the problem is in, when known.
        key: Option<String>,
        /// Byte offset in the `.bib` source.
        offset: usize,
        line: usize,
        column: usize,
        message: String,
    },
    /// A field that would be mis-read or dropped.
    #[error("entry `{key}`, field `{field}` (line {line}, column {column}): {message}")]
    Field {
        key: String,
        field: String,
        offset: usize,
        line: usize,
        column: usize,
        message: String,
    },
    /// The style name is not an accepted archive name.
    #[error("unknown citation style `{name}` (in-text styles only); accepted: {}", .valid.join(", "))]
    UnknownStyle { name: String, valid: Vec<String> },
}

fn entry_prefix(key: &Option<String>) -> String {
    key.as_ref()
        .map(|k| format!("entry `{k}`, "))
        .unwrap_or_default()
}

impl BibError {
    /// Byte offset in the `.bib` source, for errors that have one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::Syntax { offset, .. } | Self::Field { offset, .. } => Some(*offset),
            Self::UnknownStyle { .. } => None,
        }
    }
}

/// A citation of a key that is not in the bibliography.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown citation key `{0}`")]
pub struct UnknownKey(pub String);

/// The `id` of a key's reference-list entry (`ref-<key>`).
pub fn ref_id(key: &str) -> String {
    format!("ref-{key}")
}

/// Everything one `.bib` file renders to under one style.
#[derive(Debug, Clone)]
pub struct Bibliography {
    style_name: String,
    entries: BTreeMap<String, Rendered>,
    /// Keys in the style's reference-list order.
    order: Vec<String>,
    sort_citations: bool,
    prefix: String,
    suffix: String,
    delimiter: String,
}

#[derive(Debug, Clone, Default)]
struct Rendered {
    /// One parenthetical item without the citation's prefix/suffix.
    item: String,
    textual: String,
    reference: String,
    rank: usize,
}

impl Bibliography {
    /// Parses and checks `src` and renders every entry with `style`.
    pub fn from_bibtex(src: &str, style: &StyleChoice) -> Result<Self, BibError> {
        let spans = scan::entries(src);
        let library = hayagriva::io::from_biblatex_str(src)
            .map_err(|errors| parse_error(src, &spans, errors))?;
        validate::check(src, &spans, &library)?;
        let csl = style::load(style)?;
        let locales = locales();

        let layout = &csl.citation.layout;
        let (prefix, suffix) = (layout.prefix.clone(), layout.suffix.clone());
        let delimiter = layout.delimiter.clone().unwrap_or_else(|| "; ".into());
        let sort_citations = csl.citation.sort.is_some();
        let mut bare = csl;
        bare.citation.layout.prefix = None;
        bare.citation.layout.suffix = None;

        let keys: Vec<String> = library.keys().map(str::to_owned).collect();
        let mut driver = BibliographyDriver::new();
        for entry in keys.iter().filter_map(|k| library.get(k)) {
            for purpose in [None, Some(CitePurpose::Prose)] {
                let mut item = CitationItem::with_entry(entry);
                item.purpose = purpose;
                driver.citation(CitationRequest::from_items(vec![item], &bare, &locales));
            }
        }
        let rendered = driver.finish(BibliographyRequest::new(&bare, None, &locales));

        let mut entries: BTreeMap<String, Rendered> = BTreeMap::new();
        for (key, pair) in keys.iter().zip(rendered.citations.chunks(2)) {
            let mut r = Rendered {
                rank: usize::MAX,
                ..Rendered::default()
            };
            html::write_children(&pair[0].citation, false, &mut r.item);
            if let Some(textual) = pair.get(1) {
                html::write_children(&textual.citation, false, &mut r.textual);
            }
            entries.insert(key.clone(), r);
        }
        let mut order = Vec::new();
        for (rank, item) in rendered
            .bibliography
            .iter()
            .flat_map(|b| &b.items)
            .enumerate()
        {
            let text = html::plain_text(&item.content);
            if let Some(bad) = text.find(['\\', '{', '}']) {
                return Err(leftover_tex(src, &spans, &item.key, &text, bad));
            }
            let Some(r) = entries.get_mut(&item.key) else {
                continue;
            };
            r.rank = rank;
            if let Some(first) = &item.first_field {
                r.reference.push_str("<div class=\"csl-left-margin\">");
                html::write_children(
                    &hayagriva::ElemChildren(vec![first.clone()]),
                    true,
                    &mut r.reference,
                );
                r.reference
                    .push_str("</div><div class=\"csl-right-inline\">");
                html::write_children(&item.content, true, &mut r.reference);
                r.reference.push_str("</div>");
            } else {
                html::write_children(&item.content, true, &mut r.reference);
            }
            order.push(item.key.clone());
        }
        Ok(Self {
            style_name: style.name().trim().to_owned(),
            entries,
            order,
            sort_citations,
            prefix: html::escape(prefix.as_deref().unwrap_or("")),
            suffix: html::escape(suffix.as_deref().unwrap_or("")),
            delimiter: html::escape(&delimiter),
        })
    }

    /// Whether `key` is in the bibliography.
    /// Every key, in the style's reference-list order.
    pub fn keys(&self) -> Vec<&str> {
        self.order.iter().map(String::as_str).collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The archive name of the style in use.
    pub fn style_name(&self) -> &str {
        &self.style_name
    }

    /// HTML for a citation of `keys` (duplicates dropped), each item linking
    /// to `#ref-<key>`. An empty `keys` gives an empty string.
    pub fn cite(&self, keys: &[&str], form: CiteForm) -> Result<String, UnknownKey> {
        let mut items: Vec<(&str, &Rendered)> = Vec::with_capacity(keys.len());
        for &key in keys {
            let r = self
                .entries
                .get(key)
                .ok_or_else(|| UnknownKey(key.to_owned()))?;
            if !items.iter().any(|(k, _)| *k == key) {
                items.push((key, r));
            }
        }
        if items.is_empty() {
            return Ok(String::new());
        }
        let mut out = String::new();
        match form {
            CiteForm::Parenthetical => {
                if self.sort_citations {
                    items.sort_by_key(|(_, r)| r.rank);
                }
                out.push_str(&self.prefix);
                for (i, (key, r)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&self.delimiter);
                    }
                    push_link(&mut out, key, &r.item);
                }
                out.push_str(&self.suffix);
            }
            CiteForm::Textual => {
                for (i, (key, r)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    push_link(&mut out, key, &r.textual);
                }
            }
        }
        Ok(out)
    }

    /// Reference-list entries `(key, HTML)` for `keys`, in the style's order
    /// (unknown keys and duplicates are skipped). The caller wraps each entry
    /// in an element with `id="ref-<key>"` (see [`ref_id`]).
    pub fn references(&self, keys: &[&str]) -> Vec<(String, String)> {
        self.order
            .iter()
            .filter(|k| keys.contains(&k.as_str()))
            .filter_map(|k| Some((k.clone(), self.entries.get(k)?.reference.clone())))
            .collect()
    }
}

fn push_link(out: &mut String, key: &str, inner: &str) {
    out.push_str("<a href=\"#");
    html::escape_into(&ref_id(key), out);
    out.push_str("\">");
    out.push_str(inner);
    out.push_str("</a>");
}

/// The earliest of hayagriva's errors, located and attributed to an entry.
fn parse_error(src: &str, spans: &[scan::EntrySpan], errors: Vec<BibLaTeXError>) -> BibError {
    let located = errors.iter().map(|e| match e {
        BibLaTeXError::Parse(p) => (p.span.start, Some(p.kind.to_string()), None),
        BibLaTeXError::Type(t) => (t.span.start, None, Some(t.kind.to_string())),
    });
    let Some((offset, parse, typed)) = located.min_by_key(|(o, _, _)| *o) else {
        return syntax(src, None, 0, "cannot parse the bibliography".into());
    };
    let entry = scan::entry_before(spans, offset);
    let key = entry.and_then(|e| e.key.clone());
    if let Some(message) = typed {
        if let (Some(key), Some(field)) = (
            &key,
            entry.and_then(|e| e.fields.iter().find(|f| f.value.contains(&offset))),
        ) {
            return validate::field_error(src, key, field, message);
        }
        return syntax(src, key, offset, message);
    }
    let message = parse.unwrap_or_default();
    // A missing closing brace shows up at the next entry or at the end.
    let next = src.get(offset..).unwrap_or("").trim_start();
    let unclosed = entry.is_some_and(|e| e.end.is_none());
    if unclosed && (next.is_empty() || next.starts_with('@')) {
        let name = key.as_deref().unwrap_or("?");
        let message = if next.is_empty() {
            format!("entry `{name}` is not closed: `}}` missing at the end of the file")
        } else {
            format!("entry `{name}` is not closed: `}}` missing before the next entry")
        };
        return syntax(src, key, scan::content_end_before(src, offset), message);
    }
    syntax(src, key, offset, message)
}

fn syntax(src: &str, key: Option<String>, offset: usize, message: String) -> BibError {
    let (line, column) = scan::line_col(src, offset);
    BibError::Syntax {
        key,
        offset,
        line,
        column,
        message,
    }
}

/// TeX that biblatex could not convert (e.g. `{\'}`) shows up as braces or
/// backslashes in the rendered entry.
fn leftover_tex(
    src: &str,
    spans: &[scan::EntrySpan],
    key: &str,
    text: &str,
    at: usize,
) -> BibError {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(15)
        .map_or(0, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .nth(16)
        .map_or(text.len(), |(i, _)| at + i);
    let offset = spans
        .iter()
        .find(|e| e.key.as_deref() == Some(key))
        .map_or(0, |e| e.at);
    syntax(
        src,
        Some(key.to_owned()),
        offset,
        format!(
            "TeX that cannot be converted to text: the entry renders as “…{}…”",
            &text[start..end]
        ),
    )
}
