//! Source rewrites around pulldown-latex's gaps: pull out `\label`/`\tag`,
//! reject in-formula definitions, and turn constructs it renders wrongly
//! without an error into equivalents it renders correctly.

use std::ops::Range;

use super::lex::{self, ArgError, Tok};
use super::srcmap::{Builder, Mapped};
use super::{textarg, DisplayMode};

/// An error at a range of the pass's input.
pub(crate) type PassError = (Range<usize>, String);

/// What [`extract_numbering`] removed from a formula.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    pub label: Option<String>,
    pub tag: Option<String>,
    pub notag: bool,
}

/// Removes `\label{…}`, `\tag{…}`, `\notag` and `\nonumber` (which
/// pulldown-latex does not know) and returns them separately.
pub(crate) fn extract_numbering(
    src: &str,
    display: DisplayMode,
) -> Result<(Mapped, Numbering), PassError> {
    let mut b = Builder::new(src);
    let mut found = Numbering::default();
    let mut copied = 0;
    let mut at = 0;
    while let Some((tok, next)) = lex::token_at(src, at) {
        let Tok::Cs(name @ ("label" | "tag" | "notag" | "nonumber")) = tok else {
            at = next;
            continue;
        };
        let cs = at..next;
        if display == DisplayMode::Inline {
            return Err((cs, format!("`\\{name}` is only allowed in display math")));
        }
        let end = match name {
            "notag" | "nonumber" => {
                found.notag = true;
                next
            }
            _ => {
                if src[next..].starts_with('*') {
                    return Err((cs.start..next + 1, format!("`\\{name}*` is not supported")));
                }
                let arg = braced_arg(src, next, name).map_err(|m| (cs.clone(), m))?;
                let value = src[arg.inner.clone()].trim().to_owned();
                if value.is_empty() {
                    return Err((cs.start..arg.full.end, format!("empty `\\{name}{{}}`")));
                }
                let slot = if name == "label" {
                    &mut found.label
                } else {
                    &mut found.tag
                };
                if slot.is_some() {
                    return Err((
                        cs.start..arg.full.end,
                        format!(
                            "more than one `\\{name}` in one formula (one number per \
                             display block; lines of an aligned block cannot be numbered \
                             separately)"
                        ),
                    ));
                }
                *slot = Some(value);
                arg.full.end
            }
        };
        b.copy(copied..cs.start);
        b.replace(cs.start..end, "");
        copied = end;
        at = end;
    }
    b.copy(copied..src.len());
    Ok((b.finish(), found))
}

/// Commands that define macros; pulldown-latex would either reject them with
/// a confusing message or (for `\DeclareMathOperator`) render garbage.
const DEFINITIONS: &[&str] = &[
    "newcommand",
    "renewcommand",
    "providecommand",
    "DeclareMathOperator",
    "def",
    "gdef",
    "edef",
    "xdef",
    "let",
    "futurelet",
];

/// Text-mode commands: pulldown-latex shows their argument verbatim.
const TEXT_COMMANDS: &[&str] = &["text", "textrm", "textbf", "textit", "textsf", "texttt"];

/// Environments renamed to their unnumbered inner forms, so the stylesheet's
/// CSS equation counters never add numbers of their own (numbering is the
/// document's job, via `\label`/`\tag`).
fn renamed_environment(name: &str) -> Option<&'static str> {
    Some(match name {
        "equation" | "equation*" => "",
        "align" | "align*" | "flalign" | "flalign*" => "aligned",
        "gather" | "gather*" => "gathered",
        "alignat" | "alignat*" => "alignedat",
        _ => return None,
    })
}

/// Rewrites what pulldown-latex renders wrongly without reporting an error.
pub(crate) fn rewrite(src: &str) -> Result<Mapped, PassError> {
    let mut b = Builder::new(src);
    let mut copied = 0;
    let mut at = 0;
    while let Some((tok, next)) = lex::token_at(src, at) {
        let Tok::Cs(name) = tok else {
            at = next;
            continue;
        };
        let cs = at..next;
        let (replacement, end) = match name {
            _ if DEFINITIONS.contains(&name) => {
                return Err((
                    cs,
                    format!(
                        "`\\{name}` inside a formula is not supported; define macros in \
                         the front matter `math:` field instead"
                    ),
                ))
            }
            "bm" => (r"\boldsymbol".to_owned(), next),
            "begin" | "end" => {
                let arg = braced_arg(src, next, name).map_err(|m| (cs.clone(), m))?;
                match renamed_environment(src[arg.inner.clone()].trim()) {
                    Some("") => (String::new(), arg.full.end),
                    Some(new) => (format!("\\{name}{{{new}}}"), arg.full.end),
                    None => {
                        at = next;
                        continue;
                    }
                }
            }
            _ if TEXT_COMMANDS.contains(&name) => match textarg::text(src, cs.clone())? {
                Some(done) => done,
                None => {
                    at = next;
                    continue;
                }
            },
            "operatorname" => textarg::operatorname(src, cs.clone())?,
            _ => {
                at = next;
                continue;
            }
        };
        b.copy(copied..cs.start);
        b.replace(cs.start..end, &replacement);
        copied = end;
        at = end;
    }
    b.copy(copied..src.len());
    Ok(b.finish())
}

pub(super) fn braced_arg(src: &str, pos: usize, name: &str) -> Result<lex::Arg, String> {
    match lex::arg_at(src, pos) {
        Ok(arg) if arg.braced => Ok(arg),
        Ok(_) => Err(format!("`\\{name}` needs a `{{…}}` argument")),
        Err(e) => Err(arg_error(e, name)),
    }
}

pub(super) fn arg_error(e: ArgError, name: &str) -> String {
    match e {
        ArgError::Missing => format!("`\\{name}` is missing its argument"),
        ArgError::Unclosed => format!("the argument of `\\{name}` has an unclosed `{{`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_tag_are_extracted() {
        let src = r"a = b \label{eq:one} \tag{A.1}";
        let (m, n) = extract_numbering(src, DisplayMode::Block).unwrap();
        assert_eq!(m.text.trim(), "a = b");
        assert_eq!(n.label.as_deref(), Some("eq:one"));
        assert_eq!(n.tag.as_deref(), Some("A.1"));
        assert!(!n.notag);
        let (_, n) = extract_numbering(r"x \notag", DisplayMode::Block).unwrap();
        assert!(n.notag);
    }

    #[test]
    fn label_errors() {
        let (r, m) = extract_numbering(r"x \label{a}", DisplayMode::Inline).unwrap_err();
        assert_eq!(r, 2..8);
        assert!(m.contains("display"), "{m}");
        let (r, _) = extract_numbering(r"x \label{a} \label{b}", DisplayMode::Block).unwrap_err();
        assert_eq!(r, 12..21);
        assert!(extract_numbering(r"x \label a", DisplayMode::Block).is_err());
        assert!(extract_numbering(r"x \tag*{a}", DisplayMode::Block).is_err());
        assert!(extract_numbering(r"x \label{a", DisplayMode::Block).is_err());
    }

    #[test]
    fn rewrites() {
        let r = |s: &str| rewrite(s).unwrap().text;
        assert_eq!(
            r(r"\operatorname*{arg\,min}_x"),
            "\\mathop{arg\u{2009}min}_x"
        );
        assert_eq!(r(r"\operatorname{Tr} A"), r"\operatorname{Tr} A");
        assert_eq!(r(r"\operatorname f(x)"), r"\operatorname{f}(x)");
        assert_eq!(r(r"\operatorname{arg max}"), r"\operatorname{argmax}");
        assert_eq!(r(r"\text x+y"), r"\text{x}+y");
        assert_eq!(r(r"\text{a~b}"), "\\text{a\u{a0}b}");
        assert_eq!(
            r(r"\begin{align} a &= b \end{align*}"),
            r"\begin{aligned} a &= b \end{aligned}"
        );
        assert_eq!(r(r"\begin{equation} x \end{equation}"), " x ");
        assert_eq!(r(r"\bm{x}"), r"\boldsymbol{x}");
        // Escaped backslash is not a command.
        assert_eq!(r(r"\\text"), r"\\text");
    }

    #[test]
    fn rewrite_errors() {
        let (r, m) = rewrite(r"x \newcommand{\R}{y}").unwrap_err();
        assert_eq!(r, 2..13);
        assert!(m.contains("front matter"), "{m}");
        let (r, m) = rewrite(r"\operatorname{a<b}").unwrap_err();
        assert_eq!(r, 15..16);
        assert!(m.contains("`<`"), "{m}");
        assert!(rewrite(r"\operatorname{\mathrm{d}}").is_err());
        assert!(rewrite(r"\operatorname{}").is_err());
        assert!(rewrite(r"\DeclareMathOperator{\Tr}{Tr}").is_err());
    }
}
