//! Arguments pulldown-latex shows verbatim: `\text{…}` and `\operatorname{…}`.
//!
//! pulldown-latex copies these arguments into the MathML as they are, so
//! `\text{a \& b}` shows the backslash, `\text{for $x$}` the dollars, and
//! `\operatorname{arg\,min}` the `\,` (unescaped: `\operatorname{a<b}` even
//! breaks the markup). With an unbraced argument (`\text x`,
//! `\operatorname f`) it takes the whole rest of the formula. These
//! functions turn the argument into plain characters (TeX spacing commands
//! become Unicode spaces, escaped specials their character) and reject what
//! cannot be shown that way.

use std::ops::Range;

use super::lex::{self, Tok};
use super::rewrite::{arg_error, PassError};

/// Stands for `\%` in a plain text argument.
const PERCENT: char = '\u{0}';

/// The plain-character form of a text-like argument.
struct Plain {
    text: String,
    changed: bool,
}

/// Converts the argument `src[inner]` of `\cmd`; `operator` selects the
/// `\operatorname` rules (white space ignored, as in TeX math mode, and only
/// simple punctuation allowed).
fn plain(src: &str, inner: Range<usize>, cmd: &str, operator: bool) -> Result<Plain, PassError> {
    let body = &src[inner.clone()];
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    while let Some((tok, next)) = lex::token_at(body, at) {
        let unsupported = |what: &str| {
            let span = inner.start + at..inner.start + next;
            Err((
                span,
                format!("unsupported `{}` in `\\{cmd}{{…}}`{what}", &body[at..next]),
            ))
        };
        match tok {
            Tok::Cs(",") => text.push('\u{2009}'),
            Tok::Cs(":" | ">") => text.push('\u{205F}'),
            Tok::Cs(";") => text.push('\u{2004}'),
            Tok::Cs(" ") | Tok::Char('~') => text.push('\u{a0}'),
            Tok::Cs("quad") if !operator => text.push('\u{2003}'),
            Tok::Cs("qquad") if !operator => text.push_str("\u{2003}\u{2003}"),
            // pulldown-latex reads `%` as a comment even inside the group, so
            // a percent sign is set in math mode between two text pieces.
            Tok::Cs("%") if !operator => text.push(PERCENT),
            Tok::Cs(c @ ("&" | "#" | "_" | "$")) if !operator => text.push_str(c),
            Tok::Cs("!") | Tok::Comment => {}
            Tok::Char('{' | '}') if !operator => {}
            Tok::Char('$') => {
                return unsupported(
                    ": math inside text is not supported; end the text first, as in \
                     `\\text{for } x > 0`",
                )
            }
            Tok::Char(c) if operator && c.is_whitespace() => {}
            Tok::Char(c) if operator && !(c.is_alphanumeric() || "-.'/:!?*".contains(c)) => {
                return unsupported(
                    ": only letters, digits, spaces (`\\,` `\\;` `\\ `) and simple \
                     punctuation are allowed",
                )
            }
            Tok::Char('^' | '_' | '#' | '\\' | PERCENT) if !operator => {
                return unsupported(": use `\\_`, `\\#` or leave text mode")
            }
            Tok::Char(c) => text.push(c),
            Tok::Cs(_) => {
                let hint = if operator {
                    ": only letters, digits, spaces (`\\,` `\\;` `\\ `) and simple punctuation \
                     are allowed"
                } else {
                    ": only spacing commands and escaped characters (`\\&` `\\%` `\\$` `\\#` \
                     `\\_`) can be used in text"
                };
                return unsupported(hint);
            }
        }
        at = next;
    }
    let changed = text != body;
    Ok(Plain { text, changed })
}

/// `\text{…}` and friends; `None` when the argument needs no change.
pub(super) fn text(src: &str, cs: Range<usize>) -> Result<Option<(String, usize)>, PassError> {
    let name = &src[cs.start + 1..cs.end];
    let arg = lex::arg_at(src, cs.end).map_err(|e| (cs.clone(), arg_error(e, name)))?;
    if !arg.braced && src[arg.full.clone()].starts_with('\\') {
        return Err((
            cs.start..arg.full.end,
            format!("`\\{name}` needs a `{{…}}` argument"),
        ));
    }
    let plain = plain(src, arg.inner.clone(), name, false)?;
    if arg.braced && !plain.changed {
        return Ok(None);
    }
    let pieces: Vec<String> = plain
        .text
        .split(PERCENT)
        .map(|piece| {
            if piece.is_empty() {
                String::new()
            } else {
                format!("\\{name}{{{piece}}}")
            }
        })
        .collect();
    Ok(Some((pieces.join(r"\%"), arg.full.end)))
}

/// `\operatorname{…}` / `\operatorname*{…}`. The starred form becomes
/// `\mathop{…}`, whose limits go below/above in display style.
pub(super) fn operatorname(src: &str, cs: Range<usize>) -> Result<(String, usize), PassError> {
    let starred = src[cs.end..].starts_with('*');
    let arg_from = cs.end + usize::from(starred);
    let arg = lex::arg_at(src, arg_from).map_err(|e| (cs.clone(), arg_error(e, "operatorname")))?;
    let name = plain(src, arg.inner.clone(), "operatorname", true)?.text;
    if name.is_empty() {
        return Err((cs.start..arg.full.end, "empty `\\operatorname{}`".into()));
    }
    let command = if starred && name.chars().nth(1).is_some() {
        "mathop"
    } else {
        "operatorname"
    };
    Ok((format!("\\{command}{{{name}}}"), arg.full.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(src: &str) -> Result<Option<String>, PassError> {
        text(src, 0..src.find(['{', ' ']).unwrap_or(src.len())).map(|o| o.map(|(s, _)| s))
    }

    #[test]
    fn text_arguments_become_plain() {
        assert_eq!(text_of(r"\text{if }").unwrap(), None);
        assert_eq!(text_of(r"\text{a \& b}").unwrap().unwrap(), r"\text{a & b}");
        assert_eq!(
            text_of(r"\text{a {b} c}").unwrap().unwrap(),
            r"\text{a b c}"
        );
        assert_eq!(
            text_of("\\text{a~b\\,c}").unwrap().unwrap(),
            "\\text{a\u{a0}b\u{2009}c}"
        );
        assert_eq!(text_of(r"\text x").unwrap().unwrap(), r"\text{x}");
        assert_eq!(
            text_of(r"\textbf{50\% off}").unwrap().unwrap(),
            r"\textbf{50}\%\textbf{ off}"
        );
        assert_eq!(text_of(r"\text{\%}").unwrap().unwrap(), r"\%");
    }

    #[test]
    fn text_arguments_that_cannot_be_plain_are_rejected() {
        let (r, m) = text_of(r"\text{for $x$}").unwrap_err();
        assert_eq!(r, 10..11);
        assert!(m.contains("math inside text"), "{m}");
        let (r, _) = text_of(r"\text{\alpha}").unwrap_err();
        assert_eq!(r, 6..12);
        assert!(text_of(r"\text{a^2}").is_err());
        assert!(text_of(r"\text\alpha").is_err());
    }
}
