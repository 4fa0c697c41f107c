//! MyST fences: splitting colon-fence directives (`:::{name}`) out of Markdown text,
//! and parsing a directive's header, options and body.

use super::ast::{DirectiveOption, Span};
use std::collections::BTreeMap;

/// A piece of chapter text: plain Markdown, a colon-fenced directive, or a block of
/// display math (`$$ … $$`, which may interrupt a paragraph, as in MyST).
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Markdown(Span),
    ColonDirective {
        /// The whole directive including both fence lines.
        span: Span,
        /// `{name} argument` text after the colons on the opening line.
        info: String,
        info_start: usize,
        /// Lines between the fences.
        inner: Span,
    },
    DisplayMath {
        span: Span,
        tex: Span,
        /// `(label)` after the closing dollars.
        label: Option<String>,
    },
}

/// Split `text` (located at `base` in the file) into Markdown, colon-fence directives
/// and display-math blocks at this nesting level. Code fences are respected: nothing
/// inside a backtick or tilde fence is special.
pub fn split_colon_fences(text: &str, base: usize) -> Vec<Segment> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some((start, l))
        })
        .collect();
    let mut out = Vec::new();
    let mut md_start = 0;
    let mut code_fence: Option<(char, usize)> = None;
    let mut open: Option<(usize, usize, String, usize, usize)> = None; // (start, colons, info, info_start, inner_start)
    let mut depth = 0usize;
    let mut i = 0;
    while i < lines.len() {
        let (line_start, line) = lines[i];
        let pos = line_start + line.len();
        i += 1;
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let stripped = trimmed.trim_start_matches(' ');
        let indent = trimmed.len() - stripped.len();
        if indent <= 3 {
            if let Some((ch, n)) = fence_marker(stripped, &['`', '~']) {
                match code_fence {
                    None => code_fence = Some((ch, n)),
                    Some((c, m))
                        if c == ch
                            && n >= m
                            && stripped.trim_start_matches(ch).trim().is_empty() =>
                    {
                        code_fence = None
                    }
                    _ => {}
                }
                continue;
            }
        }
        if code_fence.is_some() || indent > 3 {
            continue;
        }
        if open.is_none() && stripped.starts_with("$$") {
            if let Some((end_line, math)) = display_math(&lines, i - 1, indent) {
                if md_start < line_start {
                    out.push(Segment::Markdown(base + md_start..base + line_start));
                }
                let (span, tex, label) = math;
                out.push(Segment::DisplayMath {
                    span: base + span.start..base + span.end,
                    tex: base + tex.start..base + tex.end,
                    label,
                });
                i = end_line + 1;
                md_start = lines.get(i).map_or(text.len(), |l| l.0);
                continue;
            }
        }
        let Some((_, colons)) = fence_marker(stripped, &[':']) else {
            continue;
        };
        let rest = &stripped[colons..];
        let is_open = rest.starts_with('{');
        let is_close = rest.trim().is_empty();
        match &open {
            None if is_open => {
                open = Some((
                    line_start,
                    colons,
                    rest.trim().to_string(),
                    line_start + indent + colons,
                    pos,
                ));
                depth = 0;
            }
            Some(_) if is_open => depth += 1,
            Some(_) if is_close && depth > 0 => depth -= 1,
            Some((start, n, info, info_start, inner_start)) if is_close && colons >= *n => {
                if md_start < *start {
                    out.push(Segment::Markdown(base + md_start..base + start));
                }
                out.push(Segment::ColonDirective {
                    span: base + start..base + pos,
                    info: info.clone(),
                    info_start: base + info_start,
                    inner: base + inner_start..base + line_start,
                });
                md_start = pos;
                open = None;
            }
            _ => {}
        }
    }
    if let Some((start, _, info, info_start, inner_start)) = open {
        // Unclosed fence: MyST runs it to the end of the text.
        if md_start < start {
            out.push(Segment::Markdown(base + md_start..base + start));
        }
        out.push(Segment::ColonDirective {
            span: base + start..base + text.len(),
            info,
            info_start: base + info_start,
            inner: base + inner_start..base + text.len(),
        });
    } else if md_start < text.len() {
        out.push(Segment::Markdown(base + md_start..base + text.len()));
    }
    out
}

type MathBlock = (Span, Span, Option<String>);

/// A `$$` block opening on line `first`: the index of its closing line, the whole span
/// (without the final newline), the TeX span and the label. `None` if never closed.
fn display_math(
    lines: &[(usize, &str)],
    first: usize,
    indent: usize,
) -> Option<(usize, MathBlock)> {
    let (start, line) = lines[first];
    let open_end = start + indent + 2;
    let after_open = &line[indent + 2..];
    // `$$ x $$ (label)` on one line.
    if let Some(close) = after_open.find("$$") {
        let tex = open_end..open_end + close;
        let tail_start = open_end + close + 2;
        let (label, end) = label_after(&line[indent + 2 + close + 2..], tail_start)?;
        return Some((first, (start..end, tex, label)));
    }
    for (j, &(ls, l)) in lines.iter().enumerate().skip(first + 1) {
        if let Some(close) = l.find("$$") {
            let tex = open_end..ls + close;
            let (label, end) = label_after(&l[close + 2..], ls + close + 2)?;
            return Some((j, (start..end, tex, label)));
        }
        if l.trim().is_empty() && lines.get(j + 1).is_none() {
            break;
        }
    }
    None
}

/// What follows the closing dollars: nothing, or a `(label)`. Returns the label and
/// where the math block's span ends; `None` when other text follows (then the line is
/// left to the Markdown parser, which keeps that text).
fn label_after(tail: &str, at: usize) -> Option<(Option<String>, usize)> {
    let t = tail.trim_end_matches(['\n', '\r']);
    let trimmed = t.trim();
    if trimmed.is_empty() {
        return Some((None, at + t.len()));
    }
    let label = trimmed
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .filter(|l| {
            !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || "-_:.".contains(c))
        })?;
    Some((Some(label.to_string()), at + t.len()))
}

/// `Some((char, count))` when the line starts with at least three of one fence character.
fn fence_marker(line: &str, chars: &[char]) -> Option<(char, usize)> {
    let first = line.chars().next()?;
    if !chars.contains(&first) {
        return None;
    }
    let n = line.chars().take_while(|&c| c == first).count();
    // CommonMark: the info string of a backtick fence may not contain a backtick
    // (```x``` is inline code, not a fence).
    if first == '`' && line[n..].contains('`') {
        return None;
    }
    (n >= 3).then_some((first, n))
}

/// Header of a directive: `{name} argument`.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub name_span: Span,
    pub argument: String,
    pub argument_span: Span,
}

/// Parse `{name} argument` located at `at`. `None` if it is not a directive header.
pub fn parse_header(info: &str, at: usize) -> Option<Header> {
    let lead = info.len() - info.trim_start().len();
    let info_t = info.trim_start();
    let rest = info_t.strip_prefix('{')?;
    let close = rest.find('}')?;
    let name = rest[..close].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_:.".contains(c))
    {
        return None;
    }
    let name_start = at + lead + 1;
    let after = &rest[close + 1..];
    let arg = after.trim();
    let arg_start = at + lead + 1 + close + 1 + (after.len() - after.trim_start().len());
    Some(Header {
        name: name.to_string(),
        name_span: name_start..name_start + name.len(),
        argument: arg.to_string(),
        argument_span: arg_start..arg_start + arg.len(),
    })
}

/// Options and content of a directive body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub options: BTreeMap<String, DirectiveOption>,
    pub content: String,
    pub content_span: Span,
    /// Problems with option syntax: (span, message).
    pub problems: Vec<(Span, String)>,
}

/// Split a directive body at `at` into `:key: value` lines or a `---` YAML block, and content.
pub fn parse_body(body: &str, at: usize) -> Body {
    let mut out = Body::default();
    let mut pos = 0;
    let mut lines = body.split_inclusive('\n').peekable();
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        let first = lines.next().unwrap_or_default();
        pos += first.len();
        let mut closed = false;
        for line in lines.by_ref() {
            let start = pos;
            pos += line.len();
            if line.trim_end() == "---" {
                closed = true;
                break;
            }
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            match line.split_once(':') {
                Some((k, v)) if !k.trim().is_empty() && !k.starts_with(' ') => insert_option(
                    &mut out,
                    k.trim(),
                    v.trim(),
                    at + start..at + start + line.trim_end().len(),
                ),
                _ => out.problems.push((
                    at + start..at + start + line.trim_end().len(),
                    "expected `key: value` in the directive's option block".into(),
                )),
            }
        }
        if !closed {
            out.problems.push((
                at..at + 3,
                "directive option block opened with `---` is never closed".into(),
            ));
        }
    } else {
        while let Some(line) = lines.peek() {
            let t = line.trim_start();
            let Some(rest) = t.strip_prefix(':') else {
                break;
            };
            let Some(close) = rest.find(':') else { break };
            let key = &rest[..close];
            if key.is_empty() || key.contains(' ') {
                break;
            }
            let value = rest[close + 1..].trim();
            let span = at + pos..at + pos + line.trim_end().len();
            insert_option(&mut out, key, value, span);
            pos += line.len();
            lines.next();
        }
    }
    // One blank line may separate options from content.
    if pos > 0 {
        if let Some(line) = body[pos..].split_inclusive('\n').next() {
            if line.trim().is_empty() {
                pos += line.len();
            }
        }
    }
    out.content = body[pos..].to_string();
    out.content_span = at + pos..at + body.len();
    out
}

fn insert_option(out: &mut Body, key: &str, value: &str, span: Span) {
    let key = if key == "name" { "label" } else { key };
    if out.options.contains_key(key) {
        out.problems.push((
            span.clone(),
            format!("option `{key}` is given twice (`:name:` and `:label:` are the same option)"),
        ));
    }
    let value = value.trim_matches('"').to_string();
    out.options
        .insert(key.to_string(), DirectiveOption { value, span });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_fence_is_split_out_with_exact_spans() {
        let text = "before\n\n:::{note} Title\nbody *x*\n:::\nafter\n";
        let segs = split_colon_fences(text, 10);
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[0], Segment::Markdown(10..18));
        let Segment::ColonDirective {
            span, info, inner, ..
        } = &segs[1]
        else {
            panic!()
        };
        assert_eq!(info, "{note} Title");
        assert_eq!(&text[inner.start - 10..inner.end - 10], "body *x*\n");
        assert_eq!(
            &text[span.start - 10..span.end - 10],
            ":::{note} Title\nbody *x*\n:::\n"
        );
        assert_eq!(
            segs[2],
            Segment::Markdown(10 + text.find("after").unwrap()..10 + text.len())
        );
    }

    #[test]
    fn nested_colon_fences_and_code_fences_are_respected() {
        let text = "::::{warning}\n:::{note}\nin\n:::\n```\n:::\n```\n::::\n";
        let segs = split_colon_fences(text, 0);
        assert_eq!(segs.len(), 1);
        let Segment::ColonDirective { inner, .. } = &segs[0] else {
            panic!()
        };
        assert_eq!(&text[inner.clone()], ":::{note}\nin\n:::\n```\n:::\n```\n");
    }

    #[test]
    fn display_math_interrupts_a_paragraph_and_keeps_its_label() {
        let text = "text\n$$\na =\n- b\n$$ (eq-x)\nafter\n";
        let segs = split_colon_fences(text, 0);
        assert_eq!(segs.len(), 3, "{segs:?}");
        let Segment::DisplayMath { tex, label, span } = &segs[1] else {
            panic!("{segs:?}")
        };
        assert_eq!(&text[tex.clone()], "\na =\n- b\n");
        assert_eq!(label.as_deref(), Some("eq-x"));
        assert_eq!(&text[span.clone()], "$$\na =\n- b\n$$ (eq-x)");
        assert_eq!(
            segs[2],
            Segment::Markdown(text.find("after").unwrap()..text.len())
        );
    }

    #[test]
    fn text_after_one_line_display_math_is_not_swallowed() {
        let text = "$$ x^2 $$ is the square.\n\n$$ y $$ (lab)\n";
        let segs = split_colon_fences(text, 0);
        assert_eq!(
            segs[0],
            Segment::Markdown(0..text.find("\n\n").unwrap() + 2)
        );
        let Segment::DisplayMath { label, .. } = &segs[1] else {
            panic!("{segs:?}")
        };
        assert_eq!(label.as_deref(), Some("lab"));
    }

    #[test]
    fn inline_triple_backticks_do_not_open_a_fence() {
        let text = "```x``` is inline code.\n\n:::{note}\nhello\n:::\n";
        let segs = split_colon_fences(text, 0);
        assert!(
            segs.iter()
                .any(|s| matches!(s, Segment::ColonDirective { .. })),
            "{segs:?}"
        );
    }

    #[test]
    fn header_and_options_with_spans() {
        let h = parse_header("{figure} img.svg", 100).unwrap();
        assert_eq!(h.name, "figure");
        assert_eq!(h.name_span, 101..107);
        assert_eq!(h.argument, "img.svg");
        assert_eq!(h.argument_span, 109..116);
        let body = ":name: fig-a\n:alt: An image\n\nCaption *here*.\n";
        let b = parse_body(body, 50);
        assert_eq!(b.options["label"].value, "fig-a");
        assert_eq!(b.options["alt"].value, "An image");
        assert_eq!(b.content, "Caption *here*.\n");
        assert_eq!(b.content_span.start, 50 + body.find("Caption").unwrap());
    }

    #[test]
    fn yaml_option_block() {
        let b = parse_body("---\nlabel: eq-a\nclass: dropdown\n---\nx\n", 0);
        assert_eq!(b.options["label"].value, "eq-a");
        assert_eq!(b.options["class"].value, "dropdown");
        assert_eq!(b.content, "x\n");
        assert!(b.problems.is_empty());
    }
}
