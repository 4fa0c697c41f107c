//! Minimal TeX tokenizer shared by the label, macro and rewrite passes.
//!
//! It only knows what those passes need: control words (`\frac`), control
//! symbols (`\,`, `\\`, `\{`), `%` comments, brace groups and single-token
//! arguments. All positions are byte offsets into the scanned string.

use std::ops::Range;

/// One token of TeX source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// `\name` (letters) or `\x` (one non-letter); the name excludes the `\`.
    Cs(&'a str),
    /// A `%` comment up to (not including) the end of line.
    Comment,
    /// Any other single character.
    Char(char),
}

/// The token starting at byte `pos` (which must be a char boundary) and the
/// byte offset just after it, or `None` at the end of `s`.
pub(crate) fn token_at(s: &str, pos: usize) -> Option<(Tok<'_>, usize)> {
    let rest = s.get(pos..)?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    match first {
        '\\' => {
            let after = pos + 1;
            let letters = s[after..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            if letters > 0 {
                return Some((Tok::Cs(&s[after..after + letters]), after + letters));
            }
            match s[after..].chars().next() {
                Some(c) => {
                    let end = after + c.len_utf8();
                    Some((Tok::Cs(&s[after..end]), end))
                }
                // A lone trailing backslash: let the parser report it.
                None => Some((Tok::Char('\\'), after)),
            }
        }
        '%' => {
            let len = rest.find('\n').unwrap_or(rest.len());
            Some((Tok::Comment, pos + len))
        }
        c => Some((Tok::Char(c), pos + c.len_utf8())),
    }
}

/// Skips spaces, tabs and newlines from `pos`; returns the new position.
pub(crate) fn skip_ws(s: &str, pos: usize) -> usize {
    pos + s[pos..]
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count()
}

/// If `s[pos..]` starts with `{`, the range of the whole balanced group
/// (braces included). `Err(())` means the group is never closed.
pub(crate) fn group_at(s: &str, pos: usize) -> Option<Result<Range<usize>, ()>> {
    if !s[pos..].starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut at = pos;
    while let Some((tok, next)) = token_at(s, at) {
        match tok {
            Tok::Char('{') => depth += 1,
            Tok::Char('}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(Ok(pos..next));
                }
            }
            _ => {}
        }
        at = next;
    }
    Some(Err(()))
}

/// A macro or command argument: its full span and the span of its content
/// (without the braces of a group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    pub full: Range<usize>,
    pub inner: Range<usize>,
    pub braced: bool,
}

/// Why an argument could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgError {
    /// End of input, or a `}` closing the enclosing group.
    Missing,
    /// A `{` without its `}`.
    Unclosed,
}

/// Reads one undelimited argument after skipping white space: a brace group
/// or a single token (comments are skipped like spaces).
pub(crate) fn arg_at(s: &str, pos: usize) -> Result<Arg, ArgError> {
    let mut at = skip_ws(s, pos);
    loop {
        match token_at(s, at) {
            None | Some((Tok::Char('}'), _)) => return Err(ArgError::Missing),
            Some((Tok::Comment, next)) => at = skip_ws(s, next),
            Some((Tok::Char('{'), _)) => {
                let full = group_at(s, at)
                    .unwrap_or(Err(()))
                    .map_err(|()| ArgError::Unclosed)?;
                let inner = full.start + 1..full.end - 1;
                return Ok(Arg {
                    full,
                    inner,
                    braced: true,
                });
            }
            Some((_, next)) => {
                return Ok(Arg {
                    full: at..next,
                    inner: at..next,
                    braced: false,
                })
            }
        }
    }
}

/// Whether `s` ends with a control word (so that appending a letter would
/// change its name).
pub(crate) fn ends_with_control_word(s: &str) -> bool {
    let letters = s.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return false;
    }
    let before = &s.as_bytes()[..s.len() - letters];
    let backslashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
    backslashes % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let s = r"\frac{a}\,% c
x\\é";
        let mut at = 0;
        let mut toks = vec![];
        while let Some((t, next)) = token_at(s, at) {
            toks.push(t);
            at = next;
        }
        assert_eq!(
            toks,
            vec![
                Tok::Cs("frac"),
                Tok::Char('{'),
                Tok::Char('a'),
                Tok::Char('}'),
                Tok::Cs(","),
                Tok::Comment,
                Tok::Char('\n'),
                Tok::Char('x'),
                Tok::Cs("\\"),
                Tok::Char('é'),
            ]
        );
    }

    #[test]
    fn args() {
        let s = r"  {a{b}\}} x \alpha }";
        let a = arg_at(s, 0).unwrap();
        assert_eq!(&s[a.inner.clone()], r"a{b}\}");
        assert!(a.braced);
        let b = arg_at(s, a.full.end).unwrap();
        assert_eq!(&s[b.full.clone()], "x");
        let c = arg_at(s, b.full.end).unwrap();
        assert_eq!(&s[c.full.clone()], r"\alpha");
        assert_eq!(arg_at(s, c.full.end), Err(ArgError::Missing));
        assert_eq!(arg_at("{a", 0), Err(ArgError::Unclosed));
    }

    #[test]
    fn control_word_suffix() {
        assert!(ends_with_control_word(r"x\alpha"));
        assert!(!ends_with_control_word(r"x\\alpha"));
        assert!(!ends_with_control_word(r"\alpha}"));
        assert!(ends_with_control_word(r"\\\beta"));
    }
}
