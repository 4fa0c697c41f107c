//! Choosing a CSL style from hayagriva's built-in archive.
//!
//! Default: `apa` (APA 7th edition), an author–year style giving
//! "(Wang et al., 2021)" and "Wang et al. (2021)". Any archived style of the
//! in-text class (author–date, numeric, label) is accepted by any of its
//! archive names, e.g. `apa`, `chicago-author-date`, `harvard-cite-them-right`,
//! `ieee`, `nature`, `american-physics-society`, `vancouver`;
//! [`accepted_style_names`] lists them all. Note styles (footnote
//! citations, e.g. `chicago-notes`) are rejected: the page has no footnotes.

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Style, StyleClass};

use super::BibError;

/// Which CSL style formats citations and references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleChoice {
    name: String,
}

impl StyleChoice {
    /// The default style's archive name.
    pub const DEFAULT_NAME: &'static str = "apa";

    /// The style with this archive name (checked when the bibliography loads).
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Default for StyleChoice {
    fn default() -> Self {
        Self::named(Self::DEFAULT_NAME)
    }
}

/// Every accepted style name, sorted. Decodes each archived style, so it is
/// meant for error messages and documentation, not for hot paths.
pub fn accepted_style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .filter(|s| independent_in_text(s.get()).is_some())
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn independent_in_text(style: Style) -> Option<IndependentStyle> {
    match style {
        Style::Independent(s) if s.settings.class == StyleClass::InText => Some(s),
        _ => None,
    }
}

/// Loads the chosen style (once per bibliography).
pub(crate) fn load(choice: &StyleChoice) -> Result<IndependentStyle, BibError> {
    let name = choice.name.trim();
    let unknown = || BibError::UnknownStyle {
        name: name.to_owned(),
        valid: accepted_style_names()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let archived = ArchivedStyle::by_name(name).ok_or_else(unknown)?;
    independent_in_text(archived.get()).ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_apa_and_author_year() {
        let style = load(&StyleChoice::default()).unwrap();
        assert_eq!(style.settings.class, StyleClass::InText);
        assert!(
            style.info.title.value.contains("APA"),
            "{}",
            style.info.title.value
        );
    }

    #[test]
    fn names_are_checked() {
        let names = accepted_style_names();
        for n in ["apa", "chicago-author-date", "ieee", "nature"] {
            assert!(names.contains(&n), "{n} missing from {names:?}");
            assert!(load(&StyleChoice::named(n)).is_ok(), "{n}");
        }
        assert!(!names.contains(&"chicago-notes"));
        match load(&StyleChoice::named("chicago-notes")) {
            Err(BibError::UnknownStyle { valid, .. }) => assert!(valid.contains(&"apa".into())),
            other => panic!("{other:?}"),
        }
        let err = load(&StyleChoice::named("no-such-style")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("no-such-style") && text.contains("chicago-author-date"),
            "{text}"
        );
    }
}
