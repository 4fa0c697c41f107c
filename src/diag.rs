//! Located diagnostics: `path:line:col: error: message`, the source line and a caret.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a problem is. Warnings become errors under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A text file the diagnostics can point into, shared cheaply between stages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the book root where possible).
    pub display: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(display: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            display: display.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// The whole line holding `offset`, without its newline, and the line's byte start.
    fn line_at(&self, offset: usize) -> (&str, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        (self.text[start..end].trim_end_matches('\r'), start)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a diagnostic points: a byte range in a source file, or just a file path.
#[derive(Debug, Clone)]
pub enum Location {
    Span {
        file: SourceFile,
        range: Range<usize>,
    },
    /// A file without a position inside it (missing file, unreadable folder, …).
    Path(PathBuf),
    /// A file and a known line/column, for files whose text we do not hold as UTF-8.
    LineCol {
        path: PathBuf,
        line: usize,
        col: usize,
    },
    Nowhere,
}

/// One problem, ready to be printed.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Extra lines printed after the snippet (`= help: …`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location,
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, location)
        }
    }

    /// Diagnostic pointing at `range` of `file`.
    pub fn at(
        severity: Severity,
        file: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            location: Location::Span {
                file: file.clone(),
                range,
            },
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `path:line:col` (or `path`) of this diagnostic, if it has one.
    pub fn position(&self) -> Option<String> {
        match &self.location {
            Location::Span { file, range } => {
                let (line, col) = file.line_col(range.start);
                Some(format!("{}:{line}:{col}", file.display.display()))
            }
            Location::Path(p) => Some(p.display().to_string()),
            Location::LineCol { path, line, col } => {
                Some(format!("{}:{line}:{col}", path.display()))
            }
            Location::Nowhere => None,
        }
    }

    /// Render as text: header line, source line with a caret, notes.
    pub fn render(&self, colour: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let paint = |s: &str, c: &str| {
            if colour {
                format!("{c}{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        if let Some(pos) = self.position() {
            let _ = write!(out, "{}: ", paint(&pos, "\x1b[1m"));
        }
        let _ = writeln!(out, "{}: {}", paint(label, code), self.message);
        if let Location::Span { file, range } = &self.location {
            let (line_text, line_start) = file.line_at(range.start);
            let (line_no, _) = file.line_col(range.start);
            let gutter = line_no.to_string();
            let pad = " ".repeat(gutter.len());
            let start = floor_char_boundary(&file.text, range.start.min(file.text.len()));
            let caret_col = file.text[line_start..start].chars().count();
            let end_in_line = range.end.min(line_start + line_text.len()).max(start);
            let end_in_line = floor_char_boundary(&file.text, end_in_line);
            let width = file.text[start..end_in_line].chars().count().max(1);
            let indent: String = line_text
                .chars()
                .take(caret_col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {line_text}");
            let _ = writeln!(out, "{pad} | {indent}{}", paint(&"^".repeat(width), code));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  = {note}");
        }
        out
    }
}

/// Problems collected over a whole stage, so that all of them are reported at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// True when any problem is an error, or any at all under `strict`.
    pub fn blocks_build(&self, strict: bool) -> bool {
        self.items
            .iter()
            .any(|d| strict || d.severity == Severity::Error)
    }
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    /// Under `--strict`, warnings are promoted to errors.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
    /// Sort by file, then position, so output order does not depend on scheduling.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by_cached_key(|d| match &d.location {
            Location::Span { file, range } => {
                (file.display.clone(), range.start, d.message.clone())
            }
            Location::Path(p) | Location::LineCol { path: p, .. } => {
                (p.clone(), 0, d.message.clone())
            }
            Location::Nowhere => (PathBuf::new(), 0, d.message.clone()),
        });
        self
    }
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// Whether stderr should get ANSI colours: only on a terminal, and never with `NO_COLOR` set.
pub fn stderr_wants_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Show `path` relative to `root` when it lies inside it.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_line_and_caret_under_the_span() {
        let f = SourceFile::new("ch/a.md", "first\n한국 bad here\n");
        let start = f.text.find("bad").unwrap();
        let d = Diagnostic::at(Severity::Error, &f, start..start + 3, "oops");
        let text = d.render(false);
        assert_eq!(
            text,
            "ch/a.md:2:4: error: oops\n  |\n2 | 한국 bad here\n  |    ^^^\n"
        );
    }

    #[test]
    fn strict_blocks_on_warnings_only_when_asked() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("w", Location::Nowhere));
        assert!(!ds.blocks_build(false));
        assert!(ds.blocks_build(true));
    }
}
