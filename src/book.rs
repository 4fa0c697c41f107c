//! Loading a book: `book.yml` plus the chapter files, read once as UTF-8 sources.

use crate::config::BookConfig;
use crate::diag::{relative_to, Diagnostic, Diagnostics, Location, Severity, SourceFile};
use crate::Failure;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One chapter file, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    pub source: SourceFile,
    /// Output page name without extension, from the file stem (`intro.md` -> `intro`).
    pub slug: String,
    /// Path relative to `chapters/`, with `/` separators (what links in the book use).
    pub rel_path: String,
}

/// A loaded book: configuration, optional index text, chapters in reading order.
#[derive(Debug, Clone)]
pub struct Book {
    pub root: PathBuf,
    pub config: BookConfig,
    /// `index.md` at the root, shown above the table of contents.
    pub index: Option<SourceFile>,
    pub chapters: Vec<ChapterSource>,
    /// The bibliography file's text, when `book.yml` names one.
    pub bibliography: Option<SourceFile>,
}

/// Read `root/book.yml` and the chapters. All problems are gathered before returning.
pub fn load(root: &Path) -> Result<Book, Failure> {
    if !root.is_dir() {
        return Err(Failure::Usage(format!(
            "book root `{}` does not exist or is not a folder",
            root.display()
        )));
    }
    let mut problems = Diagnostics::new();
    let config_path = root.join("book.yml");
    let mut config_file = None;
    let config = if config_path.exists() {
        match read_source(root, &config_path) {
            Ok(file) => {
                let parsed = BookConfig::parse(&file);
                config_file = Some(file);
                parsed.unwrap_or_else(|d| {
                    problems.push(d);
                    BookConfig::default()
                })
            }
            Err(d) => {
                problems.push(d);
                BookConfig::default()
            }
        }
    } else {
        BookConfig::default()
    };

    let chapters_dir = root.join("chapters");
    let paths = match &config.chapters {
        Some(list) => listed_chapters(
            root,
            &chapters_dir,
            list,
            config_file.as_ref(),
            &mut problems,
        ),
        None => discovered_chapters(root, &chapters_dir, &mut problems),
    };
    if paths.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::error(
            "the book has no chapters: add a Markdown file to `chapters/`",
            Location::Path(relative_to(root, &chapters_dir)),
        ));
    }
    let mut chapters = Vec::new();
    for path in paths {
        match read_source(root, &path) {
            Ok(source) => {
                let rel = relative_to(&chapters_dir, &path);
                let rel_path = rel.to_string_lossy().replace('\\', "/");
                let slug = rel_path
                    .strip_suffix(".md")
                    .unwrap_or(&rel_path)
                    .replace('/', "-");
                chapters.push(ChapterSource {
                    source,
                    slug,
                    rel_path,
                });
            }
            Err(d) => problems.push(d),
        }
    }
    let index_path = root.join("index.md");
    let index = if index_path.is_file() {
        read_source(root, &index_path)
            .map_err(|d| problems.push(d))
            .ok()
    } else {
        None
    };
    let bibliography = config.bibliography.as_ref().and_then(|rel| {
        let path = root.join(rel);
        read_source(root, &path)
            .map_err(|d| {
                let located =
                    locate_in_config(config_file.as_ref(), &rel.to_string_lossy(), d.clone());
                problems.push(located)
            })
            .ok()
    });
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    Ok(Book {
        root: root.to_path_buf(),
        config,
        index,
        chapters,
        bibliography,
    })
}

fn listed_chapters(
    root: &Path,
    chapters_dir: &Path,
    list: &[PathBuf],
    config_file: Option<&SourceFile>,
    problems: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rel in list {
        let path = chapters_dir.join(rel);
        if path.is_file() {
            out.push(path);
        } else {
            let d = Diagnostic::error(
                format!(
                    "chapter `{}` listed in book.yml does not exist (looked for `{}`)",
                    rel.display(),
                    relative_to(root, &path).display()
                ),
                Location::Path(PathBuf::from("book.yml")),
            );
            problems.push(locate_in_config(config_file, &rel.to_string_lossy(), d));
        }
    }
    out
}

/// Point a diagnostic at the first occurrence of `needle` in `book.yml`, if found.
fn locate_in_config(config_file: Option<&SourceFile>, needle: &str, d: Diagnostic) -> Diagnostic {
    match config_file.and_then(|f| f.text.find(needle).map(|i| (f, i))) {
        Some((f, i)) => Diagnostic {
            location: Location::Span {
                file: f.clone(),
                range: i..i + needle.len(),
            },
            ..d
        },
        None => d,
    }
}

fn discovered_chapters(
    root: &Path,
    chapters_dir: &Path,
    problems: &mut Diagnostics,
) -> Vec<PathBuf> {
    if !chapters_dir.is_dir() {
        problems.push(Diagnostic::error(
            "the book has no `chapters/` folder (and book.yml lists no chapters)",
            Location::Path(relative_to(root, chapters_dir)),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in WalkDir::new(chapters_dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                out.push(e.into_path())
            }
            Ok(_) => {}
            Err(err) => problems.push(Diagnostic::error(
                format!("cannot read the chapters folder: {err}"),
                Location::Path(relative_to(root, err.path().unwrap_or(chapters_dir))),
            )),
        }
    }
    out
}

/// Read a text file that must be UTF-8; a bad byte is reported with its offset and position.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let display = relative_to(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            format!("cannot read file: {e}"),
            Location::Path(display.clone()),
        )
    })?;
    match String::from_utf8(bytes) {
        // A UTF-8 byte-order mark is not text; without this the front matter is missed.
        Ok(text) => Ok(SourceFile::new(
            display,
            text.strip_prefix('\u{feff}').unwrap_or(&text),
        )),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            Err(Diagnostic {
                severity: Severity::Error,
                message: format!(
                    "file is not valid UTF-8: invalid byte 0x{:02X} at byte offset {at}",
                    bytes[at]
                ),
                location: Location::LineCol {
                    path: display,
                    line,
                    col,
                },
                notes: vec!["save the file as UTF-8".into()],
            })
        }
    }
}
