//! The book's configuration, `book.yml`, as typed structs with strict keys.

use crate::diag::{Diagnostic, SourceFile};
use serde::Deserialize;
use std::path::PathBuf;

/// Contents of `book.yml`. Every key is optional; unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookConfig {
    /// Title shown on the index page and in every page title.
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// BCP 47 language tag for `<html lang>`; chapters may override it.
    pub language: Option<String>,
    /// Chapter files in reading order, relative to `chapters/`. Without it,
    /// every `*.md` under `chapters/` is taken in file-name order.
    pub chapters: Option<Vec<PathBuf>>,
    /// BibTeX file, relative to the book root.
    pub bibliography: Option<PathBuf>,
    /// Citation style name (see `reprobook --help`); author–year by default.
    pub citation_style: Option<String>,
    /// Absolute URL the site is published under (used for canonical links).
    pub base_url: Option<String>,
}

impl BookConfig {
    /// Parse `book.yml`; errors point at the offending line.
    pub fn parse(file: &SourceFile) -> Result<BookConfig, Diagnostic> {
        crate::yaml::decode(file, 0..file.text.len())
    }

    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or("en")
    }
}
