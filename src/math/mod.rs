//! TeX formulas to MathML at build time (pulldown-latex), with located errors.
//!
//! Pipeline for one formula:
//!
//! 1. `\label`, `\tag`, `\notag`, `\nonumber` are removed and returned
//!    (`rewrite::extract_numbering`);
//! 2. user [`Macros`] are expanded;
//! 3. constructs pulldown-latex renders wrongly without an error are rewritten
//!    or rejected (`rewrite::rewrite`, `textarg`): `\operatorname*`,
//!    `\operatorname{…}` and `\text{…}` arguments (shown verbatim by
//!    pulldown-latex, so `\,`, `\&`, `~` and unbraced arguments come out
//!    wrong), in-formula definitions
//!    (`\newcommand`, `\DeclareMathOperator`, …), numbered environments
//!    (`equation`, `align`, `gather`, `alignat` → unnumbered forms), `\bm`;
//! 4. pulldown-latex parses; its first error becomes a [`MathError`] located
//!    in the original formula (pulldown-latex itself would render the error
//!    inside the MathML and carry on);
//! 5. the event stream is checked (operator names, group balance) and the
//!    MathML is repaired and checked by `fixup`.
//!
//! The TeX source is kept in `<semantics>…<annotation
//! encoding="application/x-tex">`.

mod fixup;
mod lex;
mod locate;
mod macros;
mod rewrite;
mod srcmap;
#[cfg(test)]
mod tests;
mod textarg;
#[cfg(test)]
mod tutorial_tests;

use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pulldown_latex::event::{Content, Event};
use pulldown_latex::{Parser, RenderConfig, Storage};

pub use macros::{MacroDefError, Macros};

/// File name of the math stylesheet under the site's static directory.
pub const MATH_CSS_FILE: &str = "pulldown-latex.css";
/// The math stylesheet (pulldown-latex's, adapted; see `assets/math/README.md`).
pub const MATH_CSS: &str = include_str!("../../assets/math/pulldown-latex.css");
/// File name of the math font, referenced by [`MATH_CSS`] relative to itself.
pub const MATH_FONT_FILE: &str = "latinmodern-math.woff2";
/// Latin Modern Math 1.959 (GUST Font License), WOFF2.
pub const MATH_FONT: &[u8] = include_bytes!("../../assets/math/latinmodern-math.woff2");

/// Inline (`$…$`, `{math}`) or display (`$$…$$`, `{math}` directive) math.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayMode {
    Inline,
    Block,
}

/// A rendered formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMath {
    /// `<math display="inline|block">…</math>`.
    pub mathml: String,
    /// The argument of `\label{…}` (display math only), trimmed.
    pub label: Option<String>,
    /// The argument of `\tag{…}` (display math only), trimmed, without parentheses.
    pub tag: Option<String>,
    /// `\notag` or `\nonumber` was present.
    pub notag: bool,
}

/// A formula that cannot be rendered correctly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MathError {
    /// Byte offset in the `tex` given to [`render`].
    pub offset: usize,
    /// Length in bytes of the offending text (0 at the end of input).
    pub len: usize,
    pub message: String,
}

impl MathError {
    fn new(tex: &str, r: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_boundary(tex, r.start.min(tex.len()));
        let end = floor_boundary(tex, r.end.clamp(start, tex.len()));
        Self {
            offset: start,
            len: end - start,
            message: message.into(),
        }
    }
}

/// Renders `tex` (without its `$` delimiters) to MathML.
pub fn render(tex: &str, display: DisplayMode, macros: &Macros) -> Result<RenderedMath, MathError> {
    let (numbered, numbering) =
        rewrite::extract_numbering(tex, display).map_err(|(r, m)| MathError::new(tex, r, m))?;
    let expanded = macros
        .expand(&numbered.text)
        .map_err(|(r, m)| MathError::new(tex, srcmap::to_original(&[&numbered], r), m))?;
    let rewritten = rewrite::rewrite(&expanded.text).map_err(|(r, m)| {
        MathError::new(tex, srcmap::to_original(&[&numbered, &expanded], r), m)
    })?;
    let passes = [&numbered, &expanded, &rewritten];
    let located = |r: Range<usize>, m: String| {
        let r = r.start.min(rewritten.text.len())..r.end.min(rewritten.text.len());
        MathError::new(tex, srcmap::to_original(&passes, r), m)
    };

    let annotation = escape_xml(tex.trim());
    let config = RenderConfig {
        display_mode: match display {
            DisplayMode::Inline => pulldown_latex::config::DisplayMode::Inline,
            DisplayMode::Block => pulldown_latex::config::DisplayMode::Block,
        },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let pad = " ".repeat(locate::PAD);
    let padded = format!("{pad}{}{pad}", rewritten.text.replace('\r', " "));

    let outcome = catch_unwind(AssertUnwindSafe(|| parse_and_render(&padded, config)));
    let raw = match outcome {
        Ok(Ok(raw)) => raw,
        Ok(Err(Failure { at, message })) => {
            let at =
                at.map(|r| r.start.saturating_sub(locate::PAD)..r.end.saturating_sub(locate::PAD));
            return Err(located(at.unwrap_or(0..rewritten.text.len()), message));
        }
        Err(_) => {
            return Err(MathError::new(
                tex,
                0..tex.len(),
                "pulldown-latex crashed on this formula (internal error)",
            ))
        }
    };
    let mathml = fixup::fixup(&raw)
        .map_err(|m| MathError::new(tex, 0..tex.len(), format!("malformed MathML output: {m}")))?;
    if mathml.contains("<merror") {
        return Err(MathError::new(
            tex,
            0..tex.len(),
            "the MathML output contains an error",
        ));
    }
    Ok(RenderedMath {
        mathml,
        label: numbering.label,
        tag: numbering.tag,
        notag: numbering.notag,
    })
}

/// A failure at a range of the padded input (if known).
struct Failure {
    at: Option<Range<usize>>,
    message: String,
}

fn parse_and_render(padded: &str, config: RenderConfig<'_>) -> Result<String, Failure> {
    let storage = Storage::new();
    let mut events = Vec::new();
    for item in Parser::new(padded, &storage) {
        match item {
            Ok(event) => events.push(event),
            Err(err) => return Err(parser_failure(padded, &err)),
        }
    }
    check_events(padded, &mut events)?;
    let mut out = String::new();
    pulldown_latex::push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, std::convert::Infallible>),
        config,
    )
    .map_err(|e| Failure {
        at: None,
        message: format!("cannot write MathML: {e}"),
    })?;
    Ok(out)
}

/// Turns a parser error into a located, readable failure.
fn parser_failure(padded: &str, err: &pulldown_latex::ParserError) -> Failure {
    let (kind, index) = locate::locate(padded, err);
    let Some(index) = index else {
        return Failure {
            at: None,
            message: kind,
        };
    };
    let before = &padded[..index];
    let after_len = padded[index..].chars().next().map_or(0, char::len_utf8);
    // The lexer has consumed the white space after a control word.
    let trimmed = before.trim_end();
    let command = command_ending_at(trimmed);
    let (at, message) = match kind.as_str() {
        "unknown primitive command found" if command.is_some() => {
            let start = command.unwrap_or(index);
            let end = trimmed.len();
            (
                start..end,
                format!("unknown command `{}`", &padded[start..end]),
            )
        }
        "new line command not allowed in current environment" => (
            command.unwrap_or(index)..trimmed.len(),
            "line break `\\\\` outside an environment: wrap the lines in \
             \\begin{aligned}…\\end{aligned} or \\begin{gathered}…\\end{gathered}"
                .to_owned(),
        ),
        "unkown mathematical environment found" => (
            before.rfind("\\begin").unwrap_or(index)..index,
            "unknown environment".to_owned(),
        ),
        _ => (index..index + after_len, kind),
    };
    Failure {
        at: Some(at),
        message,
    }
}

/// Start of a control word or symbol that ends exactly at the end of `s`.
fn command_ending_at(s: &str) -> Option<usize> {
    let letters = s.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    if letters > 0 && s[..s.len() - letters].ends_with('\\') {
        return Some(s.len() - letters - 1);
    }
    let last = s.chars().next_back()?;
    let start = s.len() - last.len_utf8();
    s[..start].ends_with('\\').then(|| start - 1)
}

/// Checks what the renderer would otherwise "recover" from silently.
fn check_events<'a>(padded: &'a str, events: &mut [Event<'a>]) -> Result<(), Failure> {
    let base = padded.as_ptr() as usize;
    let span_of = |s: &str| {
        let p = s.as_ptr() as usize;
        (p >= base && p + s.len() <= base + padded.len()).then(|| p - base..p - base + s.len())
    };
    let mut depth = 0usize;
    for event in events.iter_mut() {
        match event {
            Event::Begin(_) => depth += 1,
            Event::End => {
                depth = depth.checked_sub(1).ok_or_else(|| Failure {
                    at: None,
                    message: "unbalanced group end".into(),
                })?;
            }
            // `~` and `\ ` come out as the literal text "&nbsp;", which the
            // renderer escapes into visible "&nbsp;".
            Event::Content(Content::Text(t)) if *t == "&nbsp;" && span_of(t).is_none() => {
                *t = "\u{a0}";
            }
            Event::Content(Content::Function(name)) => {
                if let Some(span) = span_of(name) {
                    if let Some((i, c)) = name
                        .char_indices()
                        .find(|&(_, c)| "\\{}<>&\"$^_#%".contains(c))
                    {
                        let at = span.start + i;
                        return Err(Failure {
                            at: Some(at..at + c.len_utf8()),
                            message: format!("unsupported `{c}` in an operator name"),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(Failure {
            at: None,
            message: "unbalanced group".into(),
        });
    }
    Ok(())
}

fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
