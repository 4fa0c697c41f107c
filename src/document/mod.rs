//! A chapter parsed once into a typed document: front matter plus blocks with byte spans.

pub mod ast;
mod fences;
pub mod frontmatter;
mod inline_myst;
mod markdown;

use crate::diag::{Diagnostic, Diagnostics, Severity, SourceFile};
use ast::{Block, Directive, Inline};
use fences::Segment;
pub use frontmatter::FrontMatter;
use markdown::{RawBlock, RawDirective};

/// Directives whose body is data or code, not Markdown to be parsed.
const RAW_BODY_DIRECTIVES: &[&str] = &[
    "math",
    "code",
    "code-block",
    "code-cell",
    "sourcecode",
    "experiment",
    "claim",
    "raw",
    "literalinclude",
];

/// A parsed chapter (or the index page).
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceFile,
    pub front: FrontMatter,
    /// Front matter title, else the first heading's text, else the file stem.
    pub title: String,
    pub blocks: Vec<Block>,
    /// Non-fatal problems found while parsing (malformed directive options, …).
    pub warnings: Diagnostics,
}

/// Parse a source file. `fallback_title` is used when neither front matter nor a heading gives one.
pub fn parse(source: &SourceFile, fallback_title: &str) -> Result<Document, Diagnostic> {
    let (front, body_start) = frontmatter::split(source)?;
    let mut problems = Vec::new();
    let blocks = parse_range(&source.text, body_start..source.text.len(), &mut problems);
    let blocks = attach_targets(blocks);
    let title = front
        .title
        .clone()
        .or_else(|| first_heading(&blocks))
        .unwrap_or_else(|| fallback_title.to_string());
    let mut warnings = Diagnostics::new();
    for (span, message) in problems {
        warnings.push(Diagnostic::at(Severity::Error, source, span, message));
    }
    Ok(Document {
        source: source.clone(),
        front,
        title,
        blocks,
        warnings,
    })
}

/// Parse the Markdown in `range` of `text`, colon-fence directives included.
fn parse_range(
    text: &str,
    range: ast::Span,
    problems: &mut Vec<(ast::Span, String)>,
) -> Vec<Block> {
    let mut out = Vec::new();
    for seg in fences::split_colon_fences(&text[range.clone()], range.start) {
        match seg {
            Segment::Markdown(r) => {
                for raw in markdown::parse_markdown(text, &text[r.clone()], r.start) {
                    match raw {
                        RawBlock::Block(b) => out.push(b),
                        RawBlock::Directive(d) => {
                            let body = d.body.clone();
                            out.push(build_directive(
                                text,
                                &d.info,
                                d.info_start,
                                &body,
                                d.body_start,
                                d.span,
                                problems,
                            ))
                        }
                    }
                }
            }
            Segment::DisplayMath { span, tex, label } => out.push(Block::Paragraph {
                inlines: vec![Inline::Math {
                    tex: text[tex.clone()].to_string(),
                    display: true,
                    label,
                    tex_span: tex,
                    span: span.clone(),
                }],
                span,
            }),
            Segment::ColonDirective {
                span,
                info,
                info_start,
                inner,
            } => {
                let body = &text[inner.clone()];
                out.push(build_directive(
                    text,
                    &info,
                    info_start,
                    body,
                    inner.start,
                    span,
                    problems,
                ));
            }
        }
    }
    out
}

fn build_directive(
    text: &str,
    info: &str,
    info_start: usize,
    body: &str,
    body_start: usize,
    span: ast::Span,
    problems: &mut Vec<(ast::Span, String)>,
) -> Block {
    let Some(header) = fences::parse_header(info, info_start) else {
        return Block::Code {
            lang: None,
            code: body.to_string(),
            span,
        };
    };
    let parsed = fences::parse_body(body, body_start);
    problems.extend(parsed.problems.iter().cloned());
    // Body offsets are exact only when the body is verbatim source (top-level fences).
    let verbatim = text.get(body_start..body_start + body.len()) == Some(body);
    let children = if RAW_BODY_DIRECTIVES.contains(&header.name.as_str()) {
        Vec::new()
    } else if verbatim {
        attach_targets(parse_range(text, parsed.content_span.clone(), problems))
    } else {
        // The body was de-indented (a fence inside a list or quote): parse it at its
        // approximate place so that spans stay unique within the file and diagnostics
        // land inside the directive.
        let start = parsed.content_span.start;
        let padded = " ".repeat(start) + &parsed.content;
        attach_targets(parse_range(&padded, start..padded.len(), problems))
    };
    Block::Directive(Directive {
        name: header.name,
        name_span: header.name_span,
        argument: header.argument,
        argument_span: header.argument_span,
        options: parsed.options,
        body: parsed.content,
        body_span: parsed.content_span,
        children,
        target: None,
        verbatim,
        span,
    })
}

/// Directives nested in lists and block quotes (their bodies are not verbatim source).
pub(crate) fn directive_from_raw_nested(text: &str, d: RawDirective) -> Block {
    let mut ignored = Vec::new();
    build_directive(
        text,
        &d.info,
        d.info_start,
        &d.body,
        d.body_start,
        d.span,
        &mut ignored,
    )
}

/// Move each `(label)=` target onto the block after it when that block can carry a label.
fn attach_targets(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut pending: Option<Block> = None;
    for block in blocks {
        let block = match block {
            Block::Paragraph { inlines, span } => match target_label(&inlines) {
                Some(label) => Block::Target { label, span },
                None => Block::Paragraph { inlines, span },
            },
            other => other,
        };
        if let Block::Target { .. } = block {
            if let Some(p) = pending.replace(block) {
                out.push(p);
            }
            continue;
        }
        let Some(Block::Target { label, span }) = pending.take() else {
            out.push(block);
            continue;
        };
        match block {
            Block::Heading {
                level,
                inlines,
                label: None,
                span: hspan,
            } => out.push(Block::Heading {
                level,
                inlines,
                label: Some(label),
                span: hspan,
            }),
            Block::Directive(mut d) if d.label().is_none() => {
                d.target = Some(label);
                out.push(Block::Directive(d));
            }
            other => {
                out.push(Block::Target { label, span });
                out.push(other);
            }
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    out
}

/// `(label)=` as the whole paragraph.
fn target_label(inlines: &[Inline]) -> Option<String> {
    let [Inline::Text(t)] = inlines else {
        return None;
    };
    let inner = t.trim().strip_prefix('(')?.strip_suffix(")=")?;
    let ok = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || "-_:.".contains(c));
    ok.then(|| inner.to_string())
}

fn first_heading(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Heading { inlines, .. } => Some(ast::plain_text(inlines)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse(&SourceFile::new("t.md", text), "fallback").unwrap()
    }

    #[test]
    fn title_falls_back_to_first_heading() {
        assert_eq!(doc("intro\n\n# 경사 흐름\n").title, "경사 흐름");
        assert_eq!(doc("no heading\n").title, "fallback");
        assert_eq!(doc("---\ntitle: T\n---\n# H\n").title, "T");
    }

    #[test]
    fn target_attaches_to_heading_and_directive() {
        let d = doc("(sec-a)=\n# A\n\n(fig-b)=\n```{figure} x.svg\nCap\n```\n");
        let Block::Heading { label, .. } = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(label.as_deref(), Some("sec-a"));
        let Block::Directive(dir) = &d.blocks[1] else {
            panic!()
        };
        assert_eq!(dir.label(), Some("fig-b"));
        assert_eq!(dir.argument, "x.svg");
        assert!(matches!(dir.children[0], Block::Paragraph { .. }));
    }

    #[test]
    fn directive_spans_point_into_the_file() {
        let text = "# T\n\n```{note}\n:class: dropdown\n\nInside **bold**.\n```\n";
        let d = doc(text);
        let Block::Directive(dir) = &d.blocks[1] else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(&text[dir.name_span.clone()], "note");
        assert_eq!(dir.option("class"), Some("dropdown"));
        assert_eq!(&text[dir.body_span.clone()], "Inside **bold**.\n");
        let Block::Paragraph { span, .. } = &dir.children[0] else {
            panic!()
        };
        assert_eq!(&text[span.start..span.start + 6], "Inside");
    }

    #[test]
    fn colon_fence_nested_directive() {
        let d = doc(":::{admonition} My title\n```{math}\n:label: e1\nx^2\n```\n:::\n");
        let Block::Directive(outer) = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(outer.name, "admonition");
        assert_eq!(outer.argument, "My title");
        let Block::Directive(inner) = &outer.children[0] else {
            panic!("{:?}", outer.children)
        };
        assert_eq!(inner.name, "math");
        assert_eq!(inner.label(), Some("e1"));
        assert_eq!(inner.body.trim(), "x^2");
    }
}
