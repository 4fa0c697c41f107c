//! GitHub-style heading anchors: turn heading text into unique, URL-safe ids.
//!
//! The rules follow GitHub's (`github-slugger`):
//!
//! * the text is lower-cased;
//! * letters, combining marks and digits of every script are kept (Hangul,
//!   CJK, accented Latin, …), as are `-` and `_` (and the other Unicode
//!   connector punctuation);
//! * every ASCII space becomes `-`; repeated hyphens are *not* collapsed and
//!   nothing is trimmed, so `"Example - Stiff"` gives `example---stiff`;
//! * everything else (punctuation, symbols, emoji, other whitespace) is dropped.
//!
//! [`Slugger`] additionally makes slugs unique within a page by appending
//! `-1`, `-2`, … and lets explicit labels be reserved up front so that a
//! generated slug never collides with them.

use std::collections::{HashMap, HashSet};

/// Slugify `text` with GitHub's rules, without any de-duplication.
///
/// A heading made only of dropped characters (e.g. only emoji) gives an empty
/// string, exactly as on GitHub; callers that need a non-empty id should
/// supply their own fallback.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            out.push('-');
        } else if keep(c) {
            out.push(c);
        }
    }
    out
}

/// Whether `c` (already lower-cased) survives slugification.
fn keep(c: char) -> bool {
    c == '-' || c.is_alphanumeric() || is_connector_punctuation(c) || is_combining_mark(c)
}

/// Unicode general category Pc (connector punctuation), which includes `_`.
fn is_connector_punctuation(c: char) -> bool {
    matches!(
        c,
        '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}' | '\u{FE4D}'
            ..='\u{FE4F}' | '\u{FF3F}'
    )
}

/// The common combining-mark blocks (category M). `char::is_alphanumeric`
/// already covers the spacing marks of most scripts (they are
/// `Other_Alphabetic`), this catches decomposed accents such as `e` + U+0301.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Hands out unique slugs for one page (or one namespace of ids): the first
/// "Stiff Equations" gets `stiff-equations`, the second `stiff-equations-1`.
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    /// Every id handed out or reserved so far.
    taken: HashSet<String>,
    /// For each base slug, the last numeric suffix tried.
    counters: HashMap<String, usize>,
}

impl Slugger {
    /// An empty slugger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Mark `id` as taken (e.g. an explicit `(label)=` target), so that no
    /// later [`Slugger::slug`] returns it. Returns `false` if it was already
    /// taken (a duplicate explicit label, which the caller may want to report).
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_owned())
    }

    /// Whether `id` has already been handed out or reserved.
    pub fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// The slug of `text`, suffixed with `-1`, `-2`, … if needed to keep it
    /// distinct from every slug handed out or reserved before.
    pub fn slug(&mut self, text: &str) -> String {
        let base = slugify(text);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let counter = self.counters.entry(base.clone()).or_insert(0);
        loop {
            *counter += 1;
            let candidate = format!("{base}-{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_headings_follow_github() {
        assert_eq!(
            slugify("Example - Stiff Ordinary Differential Equation"),
            "example---stiff-ordinary-differential-equation"
        );
        assert_eq!(
            slugify("Definition - Gradient Flow"),
            "definition---gradient-flow"
        );
        assert_eq!(slugify("Stiff Equations"), "stiff-equations");
        assert_eq!(
            slugify("Example - Stiff System of Ordinary Differential Equations"),
            "example---stiff-system-of-ordinary-differential-equations"
        );
    }

    #[test]
    fn hangul_and_mixed_scripts_are_kept() {
        assert_eq!(
            slugify("경사 흐름 (Gradient Flow)"),
            "경사-흐름-gradient-flow"
        );
        assert_eq!(slugify("Fréchet 미분"), "fréchet-미분");
        assert_eq!(slugify("勾配流 Flow"), "勾配流-flow");
        // Decomposed accent: e + COMBINING ACUTE ACCENT.
        assert_eq!(slugify("Fre\u{301}chet"), "fre\u{301}chet");
        assert_eq!(slugify("ΑΒΓ Ω"), "αβγ-ω");
    }

    #[test]
    fn punctuation_is_dropped_but_hyphen_and_underscore_kept() {
        assert_eq!(slugify("What's new? (v2.0)"), "whats-new-v20");
        assert_eq!(
            slugify("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slugify("a -- b"), "a----b");
        assert_eq!(slugify("C++ & Rust: \"fast\""), "c--rust-fast");
        assert_eq!(slugify("`code` in *heading*"), "code-in-heading");
    }

    #[test]
    fn emoji_and_symbols_are_dropped() {
        assert_eq!(slugify("Rocket 🚀 launch"), "rocket--launch");
        assert_eq!(slugify("∑ sums → ∞"), "-sums--");
        assert_eq!(slugify("👍🏽"), "");
        assert_eq!(slugify("tab\there"), "tabhere");
    }

    #[test]
    fn duplicates_get_numeric_suffixes() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations");
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations-1");
        assert_eq!(s.slug("Stiff  Equations!"), "stiff--equations");
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations-2");
        // A heading whose own slug looks like a generated one.
        assert_eq!(s.slug("Stiff Equations 3"), "stiff-equations-3");
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations-4");
    }

    #[test]
    fn generated_slugs_avoid_existing_suffixed_ids() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("Intro 1"), "intro-1");
        assert_eq!(s.slug("Intro"), "intro");
        assert_eq!(s.slug("Intro"), "intro-2");
    }

    #[test]
    fn reserved_ids_are_respected() {
        let mut s = Slugger::new();
        assert!(s.reserve("gradient-flow"));
        assert!(!s.reserve("gradient-flow"));
        assert!(s.is_taken("gradient-flow"));
        assert_eq!(s.slug("Gradient Flow"), "gradient-flow-1");
        s.reserve("stiff-equations-1");
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations");
        assert_eq!(s.slug("Stiff Equations"), "stiff-equations-2");
    }
}
