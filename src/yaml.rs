//! YAML fragments of a source file decoded into typed structs, with errors located in that file.

use crate::diag::{Diagnostic, Severity, SourceFile};
use serde::de::DeserializeOwned;
use std::ops::Range;

/// Decode the YAML text at `range` of `file`. An error points at the line and
/// column of the problem in `file` itself, not in the fragment.
pub fn decode<T: DeserializeOwned>(
    file: &SourceFile,
    range: Range<usize>,
) -> Result<T, Diagnostic> {
    let fragment = &file.text[range.clone()];
    // An empty fragment means "all defaults": decode it as an empty mapping.
    let text = if fragment.trim().is_empty() {
        "{}"
    } else {
        fragment
    };
    yaml_serde::from_str::<T>(text).map_err(|e| {
        let offset = e
            .location()
            .map(|loc| range.start + offset_of(fragment, loc.line(), loc.column()))
            .unwrap_or(range.start);
        let first_line = file.text[..range.start].matches('\n').count();
        let own = e
            .location()
            .map(|l| format!(" at line {} column {}", l.line(), l.column()));
        let message = file_coordinates(&e.to_string(), own.as_deref(), first_line);
        let end = (offset + 1).min(file.text.len()).max(offset);
        Diagnostic::at(
            Severity::Error,
            file,
            offset..end,
            format!("invalid YAML: {message}"),
        )
    })
}

/// Byte offset of a 1-based line and column inside `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + col_bytes;
        }
        offset += l.len();
    }
    text.len()
}

/// Messages mention positions as "line L column C" counted inside the fragment. A
/// final mention of the diagnostic's own position (`own`) is dropped; the others are
/// shifted to lines of the whole file.
fn file_coordinates(msg: &str, own: Option<&str>, first_line: usize) -> String {
    let trimmed = own.and_then(|o| msg.strip_suffix(o)).unwrap_or(msg);
    let mut out = String::new();
    let mut rest = trimmed;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>() {
            out.push_str(&(n + first_line).to_string());
            rest = &rest[digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Small {
        #[allow(dead_code)]
        title: String,
    }

    #[test]
    fn error_in_fragment_points_into_the_whole_file() {
        let text = "---\ntitle: ok\ntitel: bad\n---\n# Body\n";
        let f = SourceFile::new("c.md", text);
        let range = 4..text.find("---\n#").unwrap();
        let err = decode::<Small>(&f, range).unwrap_err();
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!(err.position().unwrap(), "c.md:3:1");
    }
}
