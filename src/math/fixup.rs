//! Repairs pulldown-latex's MathML markup and checks that it is well formed.
//!
//! pulldown-latex writes some characters unescaped (`<mo><</mo>`,
//! `<mi>&</mi>`), sometimes omits the space between attributes
//! (`stretchy="true"minsize="1.2em"`), and marks no accent as such
//! (`\hat u` → `<mover><mi>u</mi><mi>^</mi></mover>`, drawn as a raised
//! script). This pass re-tokenizes the output, escapes stray `<`, `>` and `&`,
//! normalizes attributes, sets `accent="true"` / `accentunder="true"` for
//! the accent characters of pulldown-latex's accent commands, and fails if
//! the tags do not nest properly.

/// Accent characters emitted by pulldown-latex's `\hat`, `\bar`, `\vec`, …
const OVER_ACCENTS: &[char] = &[
    '´', '‾', '˘', 'ˇ', '˙', '¨', '`', '^', '~', '→', '˚', '←', '⇒', '↔', '↼', '⇀', '⏜',
];
/// Under-accents (`\underline`, `\underleftarrow`, …).
const UNDER_ACCENTS: &[char] = &['_', '←', '→', '↔'];

struct Frame {
    name: String,
    /// Output position just after `<name` of the opening tag.
    attr_at: usize,
    /// Text of the last child if it was a leaf `<mi>`/`<mo>`, else `None`.
    last_leaf: Option<String>,
    /// Text content seen directly in this element.
    text: String,
    has_child: bool,
}

/// Returns the repaired markup, or a description of the malformation.
pub(crate) fn fixup(mathml: &str) -> Result<String, String> {
    let mut out = String::with_capacity(mathml.len() + 32);
    let mut stack: Vec<Frame> = Vec::new();
    let mut rest = mathml;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                if let Some((tag, len)) = parse_tag(rest) {
                    rest = &rest[len..];
                    apply_tag(tag, &mut out, &mut stack)?;
                    continue;
                }
                out.push_str("&lt;");
                push_text(&mut stack, '<');
            }
            '>' => {
                out.push_str("&gt;");
                push_text(&mut stack, '>');
            }
            '&' => match entity_len(rest) {
                Some(len) => {
                    let entity = &rest[..len];
                    out.push_str(if entity == "&nbsp;" { "&#160;" } else { entity });
                    push_text(&mut stack, '\u{a0}');
                    rest = &rest[len..];
                    continue;
                }
                None => {
                    out.push_str("&amp;");
                    push_text(&mut stack, '&');
                }
            },
            c => {
                out.push(c);
                push_text(&mut stack, c);
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    if let Some(open) = stack.last() {
        return Err(format!("element <{}> is never closed", open.name));
    }
    Ok(out)
}

fn push_text(stack: &mut [Frame], c: char) {
    if let Some(top) = stack.last_mut() {
        top.text.push(c);
    }
}

enum Tag<'a> {
    Open {
        name: &'a str,
        attrs: Vec<(&'a str, &'a str)>,
        self_closing: bool,
    },
    Close(&'a str),
}

fn apply_tag(tag: Tag<'_>, out: &mut String, stack: &mut Vec<Frame>) -> Result<(), String> {
    match tag {
        Tag::Open {
            name,
            attrs,
            self_closing,
        } => {
            if let Some(parent) = stack.last_mut() {
                parent.has_child = true;
                parent.last_leaf = None;
            }
            out.push('<');
            out.push_str(name);
            let attr_at = out.len();
            for (k, v) in attrs {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                out.push_str(v);
                out.push('"');
            }
            if self_closing {
                out.push_str(" />");
            } else {
                out.push('>');
                stack.push(Frame {
                    name: name.to_owned(),
                    attr_at,
                    last_leaf: None,
                    text: String::new(),
                    has_child: false,
                });
            }
        }
        Tag::Close(name) => {
            let frame = stack
                .pop()
                .ok_or_else(|| format!("unexpected closing tag </{name}>"))?;
            if frame.name != name {
                return Err(format!("<{}> closed by </{name}>", frame.name));
            }
            let accent = |set: &[char]| {
                let mut chars = frame.last_leaf.as_deref().unwrap_or("").chars();
                matches!((chars.next(), chars.next()), (Some(c), None) if set.contains(&c))
            };
            let attr = match name {
                "mover" if accent(OVER_ACCENTS) => Some(" accent=\"true\""),
                "munder" if accent(UNDER_ACCENTS) => Some(" accentunder=\"true\""),
                _ => None,
            };
            if let Some(attr) = attr {
                out.insert_str(frame.attr_at, attr);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
            if let Some(parent) = stack.last_mut() {
                let leaf = matches!(name, "mi" | "mo") && !frame.has_child;
                parent.last_leaf = leaf.then_some(frame.text);
            }
        }
    }
    Ok(())
}

/// Parses `<name attr="v"…>`, `<name …/>` or `</name>` at the start of `s`.
fn parse_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'/') {
        let n = name_len(&s[2..]);
        if n == 0 || b.get(2 + n) != Some(&b'>') {
            return None;
        }
        return Some((Tag::Close(&s[2..2 + n]), 3 + n));
    }
    let n = name_len(&s[1..]);
    if n == 0 {
        return None;
    }
    let name = &s[1..1 + n];
    let mut at = 1 + n;
    let mut attrs = Vec::new();
    loop {
        while b.get(at) == Some(&b' ') {
            at += 1;
        }
        match b.get(at)? {
            b'>' => {
                return Some((
                    Tag::Open {
                        name,
                        attrs,
                        self_closing: false,
                    },
                    at + 1,
                ))
            }
            b'/' if b.get(at + 1) == Some(&b'>') => {
                return Some((
                    Tag::Open {
                        name,
                        attrs,
                        self_closing: true,
                    },
                    at + 2,
                ))
            }
            _ => {
                let k = attr_name_len(&s[at..]);
                if k == 0 || b.get(at + k) != Some(&b'=') || b.get(at + k + 1) != Some(&b'"') {
                    return None;
                }
                let key = &s[at..at + k];
                let vstart = at + k + 2;
                let vlen = s[vstart..].find(['"', '<', '>'])?;
                if b[vstart + vlen] != b'"' {
                    return None;
                }
                attrs.push((key, &s[vstart..vstart + vlen]));
                at = vstart + vlen + 1;
            }
        }
    }
}

fn name_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_lowercase).count()
}

fn attr_name_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count()
}

/// Length of a character reference (`&name;`, `&#123;`, `&#x1F;`) at the
/// start of `s`.
fn entity_len(s: &str) -> Option<usize> {
    let body = &s[1..];
    let n = if let Some(hex) = body.strip_prefix("#x") {
        2 + hex.bytes().take_while(u8::is_ascii_hexdigit).count()
    } else if let Some(dec) = body.strip_prefix('#') {
        1 + dec.bytes().take_while(u8::is_ascii_digit).count()
    } else {
        body.bytes().take_while(u8::is_ascii_alphanumeric).count()
    };
    (n > 0 && body.as_bytes().get(n) == Some(&b';')).then_some(n + 2)
}

#[cfg(test)]
mod tests {
    use super::fixup;

    #[test]
    fn escapes_stray_characters() {
        assert_eq!(
            fixup("<math><mo><</mo><mo>></mo><mi>&</mi><mtext>a&amp;b&nbsp;</mtext></math>")
                .unwrap(),
            "<math><mo>&lt;</mo><mo>&gt;</mo><mi>&amp;</mi><mtext>a&amp;b&#160;</mtext></math>"
        );
    }

    #[test]
    fn separates_attributes_and_keeps_self_closing() {
        assert_eq!(
            fixup(
                r#"<math><mo stretchy="true"minsize="1.2em">|</mo><mspace width="1em" /></math>"#
            )
            .unwrap(),
            r#"<math><mo stretchy="true" minsize="1.2em">|</mo><mspace width="1em" /></math>"#
        );
    }

    #[test]
    fn marks_accents() {
        assert_eq!(
            fixup("<mover><mrow><mi>u</mi></mrow><mi>^</mi></mover>").unwrap(),
            r#"<mover accent="true"><mrow><mi>u</mi></mrow><mi>^</mi></mover>"#
        );
        assert_eq!(
            fixup(r#"<munder><mi>x</mi><mo stretchy="true">_</mo></munder>"#).unwrap(),
            r#"<munder accentunder="true"><mi>x</mi><mo stretchy="true">_</mo></munder>"#
        );
        // \overset{x}{y} is not an accent.
        assert_eq!(
            fixup("<mover><mrow><mi>y</mi></mrow><mrow><mi>x</mi></mrow></mover>").unwrap(),
            "<mover><mrow><mi>y</mi></mrow><mrow><mi>x</mi></mrow></mover>"
        );
    }

    #[test]
    fn rejects_malformed_nesting() {
        assert!(fixup("<math><mi>x</math>").is_err());
        assert!(fixup("<math><mi>x</mi>").is_err());
        assert!(fixup("</mi>").is_err());
    }
}
