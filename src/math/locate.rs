//! Recovers the byte offset of a pulldown-latex `ParserError`.
//!
//! `ParserError` exposes no position, only a `Display` text with the error
//! kind and a context window of the input: `input[i-12 .. i+12]` around the
//! error index `i` (both ends floored to char boundaries), where the first
//! line is prefixed `│…` when the window does not start at 0. The caller pads
//! the input with [`PAD`] spaces on both sides, so the window never touches
//! either end; then the window text is found in the padded input and `i` is
//! the char boundary consistent with both of its ends.

use pulldown_latex::ParserError;

/// Spaces added before and after the formula before parsing.
pub(crate) const PAD: usize = 16;
/// pulldown-latex's context radius (`CONTEXT_SIZE`).
const RADIUS: usize = 12;

/// The error kind message and the error index in the *padded* input (if it
/// could be determined).
pub(crate) fn locate(padded: &str, err: &ParserError) -> (String, Option<usize>) {
    let text = err.to_string();
    let Some((kind, context)) = split_display(&text) else {
        return (text.lines().next().unwrap_or_default().to_owned(), None);
    };
    (
        kind.to_owned(),
        context.and_then(|w| index_of_window(padded, &w)),
    )
}

/// Splits the display text into the kind message and the context window.
fn split_display(text: &str) -> Option<(&str, Option<String>)> {
    let body = text.strip_prefix("parsing error: ")?;
    let (kind, rest) = body.split_once("\n╭─► context:\n│\n")?;
    // The window lines end with a caret line "│ ^^^…" followed by "╰─…".
    let rest = rest.trim_end_matches('\n');
    let last_nl = rest.rfind('\n')?;
    let (before, tail) = rest.split_at(last_nl);
    if !tail.trim_start_matches('\n').starts_with("╰─") {
        return Some((kind, None));
    }
    let caret_nl = before.rfind('\n');
    let content = match caret_nl {
        Some(i) => &before[..i],
        None => "",
    };
    let mut window = String::new();
    for (n, line) in content.split('\n').enumerate() {
        let line = line.strip_prefix('│')?;
        let line = if n == 0 {
            let mut chars = line.chars();
            chars.next();
            chars.as_str()
        } else {
            line.strip_prefix(' ')?
        };
        if n > 0 {
            window.push('\n');
        }
        window.push_str(line);
    }
    if caret_nl.is_none() {
        return Some((kind, None));
    }
    Some((kind, Some(window)))
}

/// Finds the error index whose context window is `window`.
fn index_of_window(padded: &str, window: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = padded[from..].find(window) {
        let lower = from + found;
        // `str::lines` drops one trailing newline of the window.
        for upper in [lower + window.len(), lower + window.len() + 1] {
            if upper > padded.len()
                || (upper != lower + window.len() && !padded[..upper].ends_with('\n'))
            {
                continue;
            }
            for index in lower + RADIUS..=lower + RADIUS + 3 {
                if padded.is_char_boundary(index)
                    && index <= padded.len()
                    && floor(padded, index - RADIUS) == lower
                    && floor(padded, index + RADIUS) == upper
                {
                    return Some(index);
                }
            }
        }
        from = lower + padded[lower..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// pulldown-latex's `floor_char_boundary`, clamped to the string length.
fn floor(s: &str, index: usize) -> usize {
    if index >= s.len() {
        return s.len();
    }
    let mut i = index;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_latex::{Parser, Storage};

    fn first_error(tex: &str) -> (String, Option<usize>) {
        let padded = format!("{0}{tex}{0}", " ".repeat(PAD));
        let storage = Storage::new();
        let err = Parser::new(&padded, &storage)
            .find_map(Result::err)
            .expect("an error");
        let (kind, idx) = locate(&padded, &err);
        (kind, idx.map(|i| i - PAD))
    }

    #[test]
    fn unknown_command_index_is_just_after_it() {
        // The index is after the command and the white space the lexer skips.
        let (kind, idx) = first_error(r"a + \foo + b");
        assert_eq!(kind, "unknown primitive command found");
        assert_eq!(idx, Some(9));
    }

    #[test]
    fn multibyte_and_multiline_windows() {
        let tex = "\\text{경사 흐름} +\n \\alpha \\foo\n+ 1";
        let (_, idx) = first_error(tex);
        assert_eq!(idx, Some(tex.find("+ 1").unwrap()));
        let (_, idx) = first_error("αβγδεζηθ \\foo αβγδεζηθ");
        assert_eq!(idx, Some("αβγδεζηθ \\foo ".len()));
    }

    #[test]
    fn repeated_text_uses_the_consistent_occurrence() {
        let tex = r"\frac{1}{2} + \frac{1}{2} + \frac{1}{2} + \bad + \frac{1}{2}";
        let (_, idx) = first_error(tex);
        assert_eq!(idx, Some(tex.find(r"\bad").unwrap() + 5));
    }
}
