//! MyST inline forms recognised in a run of Markdown inlines: roles, citations and
//! `$$ … $$ (label)` equation labels.

use super::ast::{Inline, Span};

/// Merge adjacent text, then recognise roles, equation labels and citations.
pub fn finish_inlines(source: &str, raw: Vec<(Inline, Span)>) -> Vec<Inline> {
    let merged = merge_text(raw);
    let with_roles = roles(source, merged);
    let labelled = math_labels(with_roles);
    let mut out = Vec::new();
    for (inline, span) in labelled {
        match inline {
            Inline::Text(t) => citations(source, &t, span, &mut out),
            other => out.push(other),
        }
    }
    out
}

fn merge_text(raw: Vec<(Inline, Span)>) -> Vec<(Inline, Span)> {
    let mut out: Vec<(Inline, Span)> = Vec::new();
    for (inline, span) in raw {
        if let (Inline::Text(t), Some((Inline::Text(prev), prev_span))) = (&inline, out.last_mut())
        {
            prev.push_str(t);
            prev_span.end = prev_span.end.max(span.end);
            continue;
        }
        out.push((inline, span));
    }
    out
}

/// ``{name}`content` ``: a text ending in `{name}` directly followed by inline code.
fn roles(source: &str, items: Vec<(Inline, Span)>) -> Vec<(Inline, Span)> {
    let mut out: Vec<(Inline, Span)> = Vec::new();
    for (inline, span) in items {
        if let Inline::Code(content) = &inline {
            if let Some((Inline::Text(prev), prev_span)) = out.last_mut() {
                if prev_span.end == span.start {
                    if let Some(name) = trailing_role_name(prev) {
                        let name_len = name.len() + 2;
                        let name = name.to_string();
                        prev.truncate(prev.len() - name_len);
                        prev_span.end -= name_len;
                        let role_start = prev_span.end;
                        let remove_prev = prev.is_empty();
                        let content_span = code_content_span(source, &span);
                        if remove_prev {
                            out.pop();
                        }
                        out.push((
                            Inline::Role {
                                name,
                                content: content.clone(),
                                content_span,
                                span: role_start..span.end,
                            },
                            role_start..span.end,
                        ));
                        continue;
                    }
                }
            }
        }
        out.push((inline, span));
    }
    out
}

/// Where the content of an inline code span starts and ends in the file: inside the
/// backtick runs, without the one space of padding CommonMark strips.
fn code_content_span(source: &str, span: &Span) -> Span {
    let Some(raw) = source.get(span.clone()) else {
        return span.clone();
    };
    let ticks = raw.chars().take_while(|&c| c == '`').count();
    let inner = raw
        .get(ticks..raw.len().saturating_sub(ticks).max(ticks))
        .unwrap_or("");
    let padded = inner.len() >= 2
        && inner.starts_with(' ')
        && inner.ends_with(' ')
        && !inner.trim().is_empty();
    let pad = usize::from(padded);
    let start = span.start + ticks + pad;
    start..(span.end.saturating_sub(ticks + pad)).max(start)
}

fn trailing_role_name(text: &str) -> Option<&str> {
    let body = text.strip_suffix('}')?;
    let open = body.rfind('{')?;
    let name = &body[open + 1..];
    let valid = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c));
    valid.then_some(name)
}

/// `$$ … $$ (label)`: the label in parentheses right after a display formula, same line.
fn math_labels(items: Vec<(Inline, Span)>) -> Vec<(Inline, Span)> {
    let mut out: Vec<(Inline, Span)> = Vec::new();
    for (inline, span) in items {
        if let Inline::Text(t) = &inline {
            if let Some((
                Inline::Math {
                    display: true,
                    label,
                    ..
                },
                _,
            )) = out.last_mut()
            {
                if let Some((name, used)) = leading_label(t) {
                    *label = Some(name.to_string());
                    let rest = t[used..].to_string();
                    if !rest.is_empty() {
                        out.push((Inline::Text(rest), span.start + used..span.end));
                    }
                    continue;
                }
            }
        }
        out.push((inline, span));
    }
    out
}

/// `" (label)"` at the start of `t` (spaces only, no newline): the label and bytes used.
fn leading_label(t: &str) -> Option<(&str, usize)> {
    let trimmed = t.trim_start_matches([' ', '\t']);
    let lead = t.len() - trimmed.len();
    let rest = trimmed.strip_prefix('(')?;
    let close = rest.find(')')?;
    let name = &rest[..close];
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_:.".contains(c));
    ok.then_some((name, lead + 1 + close + 1))
}

/// Split a text into plain text and citations: `[@a; @b]` and bare `@key`.
fn citations(source: &str, text: &str, span: Span, out: &mut Vec<Inline>) {
    // Byte offsets inside `text` map to the file only when the text is verbatim source.
    let verbatim = source.get(span.clone()) == Some(text);
    let locate = |i: usize, len: usize| -> Span {
        if verbatim {
            span.start + i..span.start + i + len
        } else {
            span.clone()
        }
    };
    let bytes = text.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let found = if bytes[i] == b'[' && text[i + 1..].starts_with('@') {
            text[i..].find(']').and_then(|close| {
                let inner = &text[i + 1..i + close];
                let keys: Option<Vec<String>> = inner
                    .split(';')
                    .map(|k| {
                        k.trim()
                            .strip_prefix('@')
                            .filter(|k| is_key(k))
                            .map(str::to_string)
                    })
                    .collect();
                keys.map(|keys| (keys, false, false, close + 1))
            })
        } else if bytes[i] == b'@' && (i == 0 || text[..i].ends_with([' ', '(', '\n', '\t'])) {
            let len = text[i + 1..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || "_-:".contains(c)))
                .map_or(text.len() - i - 1, |(j, _)| j);
            let key = text[i + 1..i + 1 + len].trim_end_matches([':', '-']);
            (is_key(key)).then(|| (vec![key.to_string()], true, true, 1 + key.len()))
        } else {
            None
        };
        match found {
            Some((keys, textual, bare, used)) => {
                if plain_start < i {
                    out.push(Inline::Text(text[plain_start..i].to_string()));
                }
                out.push(Inline::Citation {
                    keys,
                    textual,
                    bare,
                    span: locate(i, used),
                });
                i += used;
                plain_start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_start < text.len() {
        out.push(Inline::Text(text[plain_start..].to_string()));
    }
}

fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && k.chars().all(|c| c.is_alphanumeric() || "_-:.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::markdown::{parse_markdown, RawBlock};
    use super::*;
    use crate::document::ast::Block;

    fn para(src: &str) -> Vec<Inline> {
        match parse_markdown(src, src, 0).remove(0) {
            RawBlock::Block(Block::Paragraph { inlines, .. }) => inlines,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn role_is_recognised_with_span() {
        let src = "수열 {math}`\\{ y^n \\}`은 발산";
        let inl = para(src);
        let Inline::Role {
            name,
            content,
            span,
            ..
        } = &inl[1]
        else {
            panic!("{inl:?}")
        };
        assert_eq!(name, "math");
        assert_eq!(content, "\\{ y^n \\}");
        assert_eq!(&src[span.clone()], "{math}`\\{ y^n \\}`");
        assert_eq!(inl[0], Inline::Text("수열 ".into()));
    }

    #[test]
    fn role_content_span_skips_double_backticks_and_padding() {
        let src = "v {eval}`` a.b `` end";
        let inl = para(src);
        let Inline::Role {
            content,
            content_span,
            ..
        } = &inl[1]
        else {
            panic!("{inl:?}")
        };
        assert_eq!(content, "a.b");
        assert_eq!(&src[content_span.clone()], "a.b");
    }

    #[test]
    fn display_math_label_after_closing_dollars() {
        let src = "$$\nx = 1\n$$ (eq-one)\n가 됩니다.";
        let inl = para(src);
        let Inline::Math {
            display,
            label,
            tex,
            ..
        } = &inl[0]
        else {
            panic!("{inl:?}")
        };
        assert!(display);
        assert_eq!(label.as_deref(), Some("eq-one"));
        assert_eq!(tex.trim(), "x = 1");
        assert!(!plain_text_has(&inl, "(eq-one)"));
    }

    fn plain_text_has(inl: &[Inline], needle: &str) -> bool {
        crate::document::ast::plain_text(inl).contains(needle)
    }

    #[test]
    fn bracketed_and_bare_citations() {
        let src = "설명할 수 있습니다[@wang2021; @lee2017]. As @jacot2018 showed, mail a@b.c";
        let inl = para(src);
        let cites: Vec<_> = inl
            .iter()
            .filter_map(|i| match i {
                Inline::Citation {
                    keys,
                    textual,
                    span,
                    ..
                } => Some((keys.clone(), *textual, &src[span.clone()])),
                _ => None,
            })
            .collect();
        assert_eq!(
            cites,
            vec![
                (
                    vec!["wang2021".to_string(), "lee2017".to_string()],
                    false,
                    "[@wang2021; @lee2017]"
                ),
                (vec!["jacot2018".to_string()], true, "@jacot2018"),
            ]
        );
    }
}
