//! The document tree written out as HTML; everything semantic is asked of a [`PageContext`].

use crate::document::ast::{Align, Block, Directive, Inline, Span};
use std::fmt::Write as _;

/// What the HTML writer needs to know beyond the tree: ids, numbers, rendered math,
/// resolved references and citations. Implemented by the semantic layer.
pub trait PageContext {
    /// The `id` of the heading at `span`.
    fn heading_id(&self, span: &Span) -> Option<String>;
    /// HTML for a math node (inline or display, numbered if labelled).
    fn math(&self, tex: &str, display: bool, label: Option<&str>, span: &Span) -> String;
    /// HTML for a role such as ``{eq}`label` ``.
    fn role(&self, name: &str, content: &str, span: &Span) -> String;
    /// HTML for a citation.
    fn citation(&self, keys: &[String], textual: bool, bare: bool, span: &Span) -> String;
    /// The rewritten `href` for a link destination written in the source.
    fn link_href(&self, dest: &str) -> String;
    /// Text for a link written with empty text, like `[](#label)`: "(3)", "Figure 2", a title.
    fn auto_link_text(&self, dest: &str) -> Option<String>;
    /// HTML for a directive; `children` renders nested blocks.
    fn directive(&self, d: &Directive, children: &dyn Fn(&[Block]) -> String) -> String;
}

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Render a list of blocks.
pub fn blocks(ctx: &dyn PageContext, list: &[Block]) -> String {
    let mut out = String::new();
    for b in list {
        block(ctx, b, &mut out);
    }
    out
}

fn block(ctx: &dyn PageContext, b: &Block, out: &mut String) {
    match b {
        Block::Heading {
            level,
            inlines,
            span,
            label,
        } => {
            if let Some(l) = label {
                let _ = writeln!(out, "<span id=\"{}\"></span>", escape(l));
            }
            let id = ctx.heading_id(span).unwrap_or_default();
            let text = inlines_html(ctx, inlines);
            let _ = writeln!(
                out,
                "<h{level} id=\"{id}\">{text}<a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\">#</a></h{level}>",
                id = escape(&id),
            );
        }
        Block::Paragraph { inlines, .. } => {
            let _ = writeln!(out, "<p>{}</p>", inlines_html(ctx, inlines));
        }
        Block::Code { lang, code, .. } => {
            let class = lang
                .as_ref()
                .map(|l| format!(" class=\"language-{}\"", escape(l)))
                .unwrap_or_default();
            let _ = writeln!(out, "<pre><code{class}>{}</code></pre>", escape(code));
        }
        Block::List { start, items, .. } => {
            let (open, close) = match start {
                Some(1) => ("<ol>".to_string(), "</ol>"),
                Some(n) => (format!("<ol start=\"{n}\">"), "</ol>"),
                None => ("<ul>".to_string(), "</ul>"),
            };
            out.push_str(&open);
            out.push('\n');
            for item in items {
                out.push_str("<li>");
                if let Some(checked) = item.task {
                    let c = if checked { " checked" } else { "" };
                    let _ = write!(out, "<input type=\"checkbox\" disabled{c}> ");
                }
                // Tight items: a single paragraph renders without <p>.
                match item.blocks.as_slice() {
                    [Block::Paragraph { inlines, .. }] => out.push_str(&inlines_html(ctx, inlines)),
                    other => out.push_str(&blocks(ctx, other)),
                }
                out.push_str("</li>\n");
            }
            out.push_str(close);
            out.push('\n');
        }
        Block::Quote { blocks: inner, .. } => {
            let _ = writeln!(out, "<blockquote>\n{}</blockquote>", blocks(ctx, inner));
        }
        Block::Table {
            alignments,
            head,
            rows,
            ..
        } => table(ctx, alignments, head, rows, out),
        Block::Rule { .. } => out.push_str("<hr>\n"),
        Block::Html { html, .. } => out.push_str(html),
        Block::FootnoteDefinition {
            label,
            blocks: inner,
            ..
        } => {
            let _ = writeln!(
                out,
                "<div class=\"footnote\" id=\"fn-{id}\"><sup>{id}</sup> {}</div>",
                blocks(ctx, inner),
                id = escape(label)
            );
        }
        Block::Target { label, .. } => {
            let _ = writeln!(out, "<span id=\"{}\"></span>", escape(label));
        }
        Block::Directive(d) => out.push_str(&ctx.directive(d, &|children| blocks(ctx, children))),
    }
}

fn table(
    ctx: &dyn PageContext,
    aligns: &[Align],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    out: &mut String,
) {
    let style = |i: usize| match aligns.get(i) {
        Some(Align::Left) => " style=\"text-align:left\"",
        Some(Align::Center) => " style=\"text-align:center\"",
        Some(Align::Right) => " style=\"text-align:right\"",
        _ => "",
    };
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for (i, cell) in head.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", style(i), inlines_html(ctx, cell));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", style(i), inlines_html(ctx, cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// Render inline content.
pub fn inlines_html(ctx: &dyn PageContext, list: &[Inline]) -> String {
    let mut out = String::new();
    for i in list {
        match i {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => {
                let _ = write!(out, "<code>{}</code>", escape(c));
            }
            Inline::Emphasis(c) => {
                let _ = write!(out, "<em>{}</em>", inlines_html(ctx, c));
            }
            Inline::Strong(c) => {
                let _ = write!(out, "<strong>{}</strong>", inlines_html(ctx, c));
            }
            Inline::Strikethrough(c) => {
                let _ = write!(out, "<del>{}</del>", inlines_html(ctx, c));
            }
            Inline::Link {
                dest,
                title,
                children,
                ..
            } => {
                let href = ctx.link_href(dest);
                let text = if children.is_empty() {
                    escape(&ctx.auto_link_text(dest).unwrap_or_else(|| dest.clone()))
                } else {
                    inlines_html(ctx, children)
                };
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(title))
                };
                let _ = write!(out, "<a href=\"{}\"{title}>{text}</a>", escape(&href));
            }
            Inline::Image {
                dest, title, alt, ..
            } => {
                let _ = write!(
                    out,
                    "<img src=\"{}\" alt=\"{}\"{}>",
                    escape(dest),
                    escape(&crate::document::ast::plain_text(alt)),
                    if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(title))
                    }
                );
            }
            Inline::Math {
                tex,
                display,
                label,
                span,
                ..
            } => out.push_str(&ctx.math(tex, *display, label.as_deref(), span)),
            Inline::Role {
                name,
                content,
                span,
                ..
            } => out.push_str(&ctx.role(name, content, span)),
            Inline::Citation {
                keys,
                textual,
                bare,
                span,
            } => out.push_str(&ctx.citation(keys, *textual, *bare, span)),
            Inline::FootnoteReference(l) => {
                let _ = write!(out, "<sup><a href=\"#fn-{0}\">{0}</a></sup>", escape(l));
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br>\n"),
            Inline::Html(h) => out.push_str(h),
        }
    }
    out
}
