//! hayagriva's formatted output (`ElemChildren`) to escaped HTML.
//!
//! hayagriva's own `BufWriteFormat::Html` neither escapes text nor URLs, so
//! this writer is used instead: text is HTML-escaped, italics/bold become
//! `<i>`/`<b>`, small caps, underline and light weight become styled spans,
//! super/subscripts `<sup>`/`<sub>`, CSL `display` blocks `<div
//! class="csl-…">` (citeproc-js class names), links `<a href>`.

use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
};
use hayagriva::{ElemChild, ElemChildren, Formatting};

/// Writes `children` as HTML. With `links` false, links are written as their
/// text only (used inside citations, which are links themselves).
pub(crate) fn write_children(children: &ElemChildren, links: bool, out: &mut String) {
    for child in &children.0 {
        write_child(child, links, out);
    }
}

fn write_child(child: &ElemChild, links: bool, out: &mut String) {
    match child {
        ElemChild::Text(t) => write_formatted(&t.text, &t.formatting, out),
        ElemChild::Elem(e) => {
            let class = e.display.map(|d| match d {
                Display::Block => "csl-block",
                Display::Indent => "csl-indent",
                Display::LeftMargin => "csl-left-margin",
                Display::RightInline => "csl-right-inline",
            });
            if let Some(class) = class {
                out.push_str("<div class=\"");
                out.push_str(class);
                out.push_str("\">");
            }
            write_children(&e.children, links, out);
            if class.is_some() {
                out.push_str("</div>");
            }
        }
        ElemChild::Markup(m) => escape_into(m, out),
        ElemChild::Link { text, url } => {
            if links {
                out.push_str("<a href=\"");
                escape_into(url, out);
                out.push_str("\">");
            }
            write_formatted(&text.text, &text.formatting, out);
            if links {
                out.push_str("</a>");
            }
        }
        ElemChild::Transparent { .. } => {}
    }
}

fn write_formatted(text: &str, f: &Formatting, out: &mut String) {
    let mut close: Vec<&str> = Vec::new();
    let mut open = |tag: &str, end: &'static str, out: &mut String| {
        out.push_str(tag);
        close.push(end);
    };
    if f.font_style == FontStyle::Italic {
        open("<i>", "</i>", out);
    }
    match f.font_weight {
        FontWeight::Bold => open("<b>", "</b>", out),
        FontWeight::Light => open("<span style=\"font-weight: lighter\">", "</span>", out),
        FontWeight::Normal => {}
    }
    if f.font_variant == FontVariant::SmallCaps {
        open("<span style=\"font-variant: small-caps\">", "</span>", out);
    }
    if f.text_decoration == TextDecoration::Underline {
        open(
            "<span style=\"text-decoration: underline\">",
            "</span>",
            out,
        );
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("<sup>", "</sup>", out),
        VerticalAlign::Sub => open("<sub>", "</sub>", out),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    escape_into(text, out);
    for end in close.iter().rev() {
        out.push_str(end);
    }
}

/// Escapes `&`, `<`, `>` and `"` (safe in text and in quoted attributes).
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

/// The plain text of `children` (for checks).
pub(crate) fn plain_text(children: &ElemChildren) -> String {
    let mut s = String::new();
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => s.push_str(&t.text),
            ElemChild::Elem(e) => s.push_str(&plain_text(&e.children)),
            ElemChild::Markup(m) => s.push_str(m),
            ElemChild::Link { text, .. } => s.push_str(&text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::{Elem, Formatted};

    fn text(t: &str, f: Formatting) -> ElemChild {
        ElemChild::Text(Formatted {
            text: t.into(),
            formatting: f,
        })
    }

    #[test]
    fn formatting_and_escaping() {
        let italic = Formatting {
            font_style: FontStyle::Italic,
            ..Formatting::default()
        };
        let bold_sup = Formatting {
            font_weight: FontWeight::Bold,
            vertical_align: VerticalAlign::Sup,
            ..Formatting::default()
        };
        let children = ElemChildren(vec![
            text("A & <B>, ", Formatting::default()),
            text("Journal", italic),
            text("2", bold_sup),
            ElemChild::Elem(Elem {
                children: ElemChildren(vec![ElemChild::Link {
                    text: Formatted {
                        text: "x\"y".into(),
                        formatting: Formatting::default(),
                    },
                    url: "https://e.x/?a=1&b=\"2\"".into(),
                }]),
                display: Some(Display::Block),
                meta: None,
            }),
        ]);
        let mut out = String::new();
        write_children(&children, true, &mut out);
        assert_eq!(
            out,
            "A &amp; &lt;B&gt;, <i>Journal</i><b><sup>2</sup></b><div class=\"csl-block\">\
             <a href=\"https://e.x/?a=1&amp;b=&quot;2&quot;\">x&quot;y</a></div>"
        );
        let mut plain = String::new();
        write_children(&children, false, &mut plain);
        assert!(!plain.contains("<a "));
        assert_eq!(plain_text(&children), "A & <B>, Journal2x\"y");
    }
}
