//! Chapter front matter: the optional `---` YAML block at the top of a chapter.

use crate::diag::{Diagnostic, SourceFile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// Typed front matter. Unknown keys are errors so that typos do not pass silently.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// mystmd's numbering switch: `false` turns off equation and figure numbers.
    pub numbering: Option<bool>,
    /// TeX macros, e.g. `\R: \mathbb{R}`.
    #[serde(default)]
    pub math: BTreeMap<String, String>,
}

/// Split off the front matter. Returns it and the byte offset where the body starts.
pub fn split(file: &SourceFile) -> Result<(FrontMatter, usize), Diagnostic> {
    match yaml_range(&file.text) {
        Some((yaml, body_start)) => Ok((crate::yaml::decode(file, yaml)?, body_start)),
        None => Ok((FrontMatter::default(), 0)),
    }
}

/// The YAML between an opening `---` on the first line and the next `---` line.
fn yaml_range(text: &str) -> Option<(Range<usize>, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let start = first_end + 1;
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((start..pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_and_body_offset() {
        let f = SourceFile::new("a.md", "---\ntitle: 안녕\nnumbering: false\n---\n# H\n");
        let (fm, body) = split(&f).unwrap();
        assert_eq!(fm.title.as_deref(), Some("안녕"));
        assert_eq!(fm.numbering, Some(false));
        assert_eq!(&f.text[body..], "# H\n");
    }

    #[test]
    fn no_front_matter_is_default() {
        let f = SourceFile::new("a.md", "# H\n---\n");
        assert_eq!(split(&f).unwrap(), (FrontMatter::default(), 0));
    }
}
