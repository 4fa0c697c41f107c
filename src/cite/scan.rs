//! A forgiving scanner of `.bib` source, used only to locate problems:
//! where entries and fields start, which entry an offset belongs to, and
//! line/column numbers. Parsing proper is biblatex's (through hayagriva).

use std::ops::Range;

/// One `@type{key, …}` entry of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntrySpan {
    /// Offset of the `@`.
    pub at: usize,
    /// Entry type, lower-cased (`article`, `string`, …).
    pub kind: String,
    /// Citation key (not for `@string`, `@comment`, `@preamble`).
    pub key: Option<String>,
    /// Offset just past the closing `}`, if the entry is closed.
    pub end: Option<usize>,
    pub fields: Vec<FieldSpan>,
}

/// One `name = value` field of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    /// Field name, lower-cased.
    pub name: String,
    /// Offset of the field name.
    pub at: usize,
    /// The value expression (braces or quotes included).
    pub value: Range<usize>,
}

/// Every entry whose `@` starts a line (after optional white space).
pub(crate) fn entries(src: &str) -> Vec<EntrySpan> {
    let mut out = Vec::new();
    let mut line_start = 0;
    loop {
        let line = &src[line_start..];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line[indent..].starts_with('@') {
            if let Some(entry) = entry_at(src, line_start + indent) {
                out.push(entry);
            }
        }
        match line.find('\n') {
            Some(nl) => line_start += nl + 1,
            None => break,
        }
    }
    out
}

fn entry_at(src: &str, at: usize) -> Option<EntrySpan> {
    let b = src.as_bytes();
    let mut i = at + 1;
    let kind_len = src[i..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count();
    let kind = src[i..i + kind_len].to_ascii_lowercase();
    i = skip_ws(src, i + kind_len);
    let close = match b.get(i) {
        Some(b'{') => b'}',
        Some(b'(') => b')',
        _ => return None,
    };
    i += 1;
    let mut entry = EntrySpan {
        at,
        kind,
        key: None,
        end: None,
        fields: Vec::new(),
    };
    if !matches!(entry.kind.as_str(), "string" | "comment" | "preamble") {
        let key_end = src[i..]
            .find([',', '}', ')', '\n'])
            .map_or(src.len(), |n| i + n);
        let key = src[i..key_end].trim();
        if !key.is_empty() {
            entry.key = Some(key.to_owned());
        }
        i = key_end;
        if b.get(i) == Some(&b',') {
            i += 1;
        }
    }
    // Fields: name = value, …
    loop {
        i = skip_ws(src, i);
        match b.get(i) {
            None => return Some(entry),
            Some(&c) if c == close => {
                entry.end = Some(i + 1);
                return Some(entry);
            }
            Some(b',') => {
                i += 1;
                continue;
            }
            Some(b'@') => return Some(entry),
            _ => {}
        }
        let name_len = src[i..]
            .bytes()
            .take_while(|c| {
                !matches!(c, b'=' | b',' | b'{' | b'}' | b'"' | b'@') && !c.is_ascii_whitespace()
            })
            .count();
        if name_len == 0 {
            return Some(entry);
        }
        let name_at = i;
        let name = src[i..i + name_len].to_ascii_lowercase();
        i = skip_ws(src, i + name_len);
        if b.get(i) != Some(&b'=') {
            return Some(entry);
        }
        i = skip_ws(src, i + 1);
        let value_start = i;
        let Some(end) = value_end(src, i, close) else {
            return Some(entry);
        };
        i = end;
        entry.fields.push(FieldSpan {
            name,
            at: name_at,
            value: value_start..i,
        });
    }
}

/// End of a value expression (`{…}`, `"…"`, number or abbreviation, joined
/// by `#`) starting at `i`.
fn value_end(src: &str, mut i: usize, close: u8) -> Option<usize> {
    let b = src.as_bytes();
    loop {
        match b.get(i)? {
            b'{' => i = balanced(src, i, b'{', b'}')?,
            b'"' => {
                let mut depth = 0i32;
                let mut j = i + 1;
                loop {
                    match b.get(j)? {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        b'"' if depth <= 0 => break,
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
            }
            _ => {
                let n = src[i..]
                    .bytes()
                    .take_while(|&c| {
                        c != b',' && c != close && c != b'#' && !c.is_ascii_whitespace()
                    })
                    .count();
                if n == 0 {
                    return Some(i);
                }
                i += n;
            }
        }
        let after = skip_ws(src, i);
        if b.get(after) == Some(&b'#') {
            i = skip_ws(src, after + 1);
        } else {
            return Some(i);
        }
    }
}

/// Offset after the group opened at `i`, or `None` if it is never closed.
fn balanced(src: &str, i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (j, &c) in src.as_bytes()[i..].iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == b'\\' {
            escaped = true;
        } else if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i + j + 1);
            }
        }
    }
    None
}

fn skip_ws(src: &str, i: usize) -> usize {
    i + src[i..].bytes().take_while(u8::is_ascii_whitespace).count()
}

/// The entry that contains `offset`: the last one starting strictly before
/// it (an error reported *at* an `@` belongs to the entry before it).
pub(crate) fn entry_before(entries: &[EntrySpan], offset: usize) -> Option<&EntrySpan> {
    entries.iter().rev().find(|e| e.at < offset)
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// End of the last non-white-space character before `offset`.
pub(crate) fn content_end_before(src: &str, offset: usize) -> usize {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    src[..offset].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "@string{ieee = \"IEEE\"}\n\
        % a comment\n\
        @article{a1,\n  title={A {B} c},\n  year = 2020,\n  publisher = ieee # { Press},\n}\n\
        \n  @book{b2, author=\"X, {Y}\", note={unclosed\n";

    #[test]
    fn finds_entries_and_fields() {
        let es = entries(SRC);
        assert_eq!(es.len(), 3);
        assert_eq!(es[0].kind, "string");
        assert_eq!(es[0].key, None);
        let a = &es[1];
        assert_eq!(a.key.as_deref(), Some("a1"));
        assert!(a.end.is_some());
        let names: Vec<_> = a.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["title", "year", "publisher"]);
        assert_eq!(&SRC[a.fields[0].value.clone()], "{A {B} c}");
        assert_eq!(&SRC[a.fields[2].value.clone()], "ieee # { Press}");
        let b = &es[2];
        assert_eq!(b.key.as_deref(), Some("b2"));
        assert_eq!(b.end, None);
        assert_eq!(&SRC[b.fields[0].value.clone()], "\"X, {Y}\"");
    }

    #[test]
    fn positions() {
        let es = entries(SRC);
        assert_eq!(
            entry_before(&es, es[2].at).unwrap().key.as_deref(),
            Some("a1")
        );
        assert_eq!(line_col(SRC, es[1].at), (3, 1));
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(content_end_before("x}  \n\n@", 6), 2);
    }
}
