//! User math macros (front matter `math:` field) and their expansion.
//!
//! Supported, like mystmd's simple macros:
//!
//! * names are a backslash plus ASCII letters (`\R`, `\norm`); the leading
//!   backslash may be omitted when defining;
//! * bodies may use `#1` … `#9`; the number of parameters is the highest one
//!   used, and each argument is a brace group or a single token;
//! * macros may use other macros (and override built-in commands);
//! * expansion happens everywhere, also inside `\text{…}`, but not in `%`
//!   comments.
//!
//! Not supported: optional (`[...]`) or delimited parameters, `##`, macros
//! named by a non-letter (`\!`), definitions inside formulas. Expansion is
//! limited to a nesting depth of 32 and 64 KiB of output per formula, which
//! catches recursive definitions. An error inside an expansion is reported at
//! the macro use in the original formula.

use std::collections::BTreeMap;
use std::ops::Range;

use super::lex::{self, ArgError, Tok};
use super::srcmap::{Builder, Mapped};

const MAX_DEPTH: usize = 32;
const MAX_OUTPUT: usize = 64 * 1024;

/// Commands the renderer handles itself before expansion; redefining them
/// would silently bypass that handling.
const RESERVED: &[&str] = &["begin", "end", "label", "tag", "notag", "nonumber"];

/// A set of user-defined math macros.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Macros {
    defs: BTreeMap<String, MacroDef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct MacroDef {
    body: String,
    params: u8,
}

/// A macro definition that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid math macro `{name}`: {message}")]
pub struct MacroDefError {
    /// The name as given.
    pub name: String,
    pub message: String,
}

impl Macros {
    /// No macros.
    pub fn new() -> Self {
        Self::default()
    }

    /// Defines (or redefines) `name` (`\R` or `R`) as `body`.
    pub fn define(&mut self, name: &str, body: &str) -> Result<(), MacroDefError> {
        let err = |message: String| MacroDefError {
            name: name.to_owned(),
            message,
        };
        let bare = name.trim().strip_prefix('\\').unwrap_or(name.trim());
        if bare.is_empty() || !bare.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(err(
                "a macro name must be a backslash followed by ASCII letters".into(),
            ));
        }
        if RESERVED.contains(&bare) {
            return Err(err(format!("`\\{bare}` cannot be redefined")));
        }
        let params = body_params(body).map_err(err)?;
        self.defs.insert(
            bare.to_owned(),
            MacroDef {
                body: body.to_owned(),
                params,
            },
        );
        Ok(())
    }

    /// Builds a set from `(name, body)` pairs, e.g. the front matter map.
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self, MacroDefError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut m = Self::new();
        for (k, v) in pairs {
            m.define(k.as_ref(), v.as_ref())?;
        }
        Ok(m)
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether `\name` (given with or without the backslash) is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.defs
            .contains_key(name.strip_prefix('\\').unwrap_or(name))
    }

    /// Expands every macro use in `src`. Errors carry a range of `src`.
    pub(crate) fn expand(&self, src: &str) -> Result<Mapped, (Range<usize>, String)> {
        let mut b = Builder::new(src);
        if self.defs.is_empty() {
            b.copy(0..src.len());
            return Ok(b.finish());
        }
        let mut budget = MAX_OUTPUT;
        let mut copied = 0;
        let mut at = 0;
        while let Some((tok, next)) = lex::token_at(src, at) {
            let Tok::Cs(name) = tok else {
                at = next;
                continue;
            };
            let Some(def) = self.defs.get(name) else {
                at = next;
                continue;
            };
            let (body, end) = self
                .substitute(src, def, name, next)
                .map_err(|msg| (at..next, msg))?;
            let expanded = self
                .expand_str(&body, 1, &mut budget)
                .map_err(|msg| (at..end, format!("in the expansion of `\\{name}`: {msg}")))?;
            b.copy(copied..at);
            let mut expanded = expanded;
            if lex::ends_with_control_word(&expanded)
                && src[end..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                expanded.push(' ');
            }
            b.replace(at..end, &expanded);
            copied = end;
            at = end;
        }
        b.copy(copied..src.len());
        Ok(b.finish())
    }

    /// Expands macros inside a macro body (no offset map needed there).
    fn expand_str(&self, s: &str, depth: usize, budget: &mut usize) -> Result<String, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "macros nested more than {MAX_DEPTH} deep (is a macro recursive?)"
            ));
        }
        let mut out = String::with_capacity(s.len());
        let mut at = 0;
        while let Some((tok, next)) = lex::token_at(s, at) {
            match tok {
                Tok::Cs(name) if self.defs.contains_key(name) => {
                    let def = &self.defs[name];
                    let (body, end) = self.substitute(s, def, name, next)?;
                    let inner = self.expand_str(&body, depth + 1, budget)?;
                    out.push_str(&inner);
                    if lex::ends_with_control_word(&inner)
                        && s[end..].starts_with(|c: char| c.is_ascii_alphabetic())
                    {
                        out.push(' ');
                    }
                    at = end;
                }
                _ => {
                    out.push_str(&s[at..next]);
                    at = next;
                }
            }
            if out.len() > *budget {
                return Err(format!(
                    "expansion longer than {} KiB (is a macro recursive?)",
                    MAX_OUTPUT / 1024
                ));
            }
        }
        *budget -= out.len().min(*budget);
        Ok(out)
    }

    /// Reads the arguments of a use of `def` starting at `pos` in `s` and
    /// returns the body with `#n` replaced, plus the end of the use.
    fn substitute(
        &self,
        s: &str,
        def: &MacroDef,
        name: &str,
        pos: usize,
    ) -> Result<(String, usize), String> {
        let mut args = Vec::with_capacity(usize::from(def.params));
        let mut end = pos;
        for i in 1..=def.params {
            match lex::arg_at(s, end) {
                Ok(arg) => {
                    args.push(&s[arg.inner.clone()]);
                    end = arg.full.end;
                }
                Err(ArgError::Missing) => {
                    return Err(format!(
                        "`\\{name}` takes {} argument(s) but argument {i} is missing",
                        def.params
                    ))
                }
                Err(ArgError::Unclosed) => {
                    return Err(format!("argument {i} of `\\{name}` has an unclosed `{{`"))
                }
            }
        }
        if args.is_empty() {
            return Ok((def.body.clone(), end));
        }
        let mut body = String::with_capacity(def.body.len() + 16);
        let mut chars = def.body.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c == '#' {
                if let Some(&(_, d)) = chars.peek() {
                    if let Some(n) = d.to_digit(10).filter(|n| (1..=9).contains(n)) {
                        chars.next();
                        body.push_str(args[n as usize - 1]);
                        continue;
                    }
                }
            }
            body.push(c);
        }
        Ok((body, end))
    }
}

/// Validates a body and returns its number of parameters.
fn body_params(body: &str) -> Result<u8, String> {
    let mut depth = 0i32;
    let mut params = 0u8;
    let mut at = 0;
    while let Some((tok, next)) = lex::token_at(body, at) {
        match tok {
            Tok::Char('{') => depth += 1,
            Tok::Char('}') => {
                depth -= 1;
                if depth < 0 {
                    return Err("the body has an unmatched `}`".into());
                }
            }
            Tok::Char('#') => match body[next..].chars().next() {
                Some(d @ '1'..='9') => params = params.max(d as u8 - b'0'),
                _ => return Err("`#` must be followed by a parameter number 1-9".into()),
            },
            _ => {}
        }
        at = next;
    }
    if depth != 0 {
        return Err("the body has an unclosed `{`".into());
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn macros(pairs: &[(&str, &str)]) -> Macros {
        Macros::from_pairs(pairs.iter().copied()).unwrap()
    }

    #[test]
    fn parameterless_and_parameter_macros_expand() {
        let m = macros(&[
            (r"\R", r"\mathbb{R}"),
            (r"\norm", r"\left\| #1 \right\|"),
            (r"\ip", r"\langle #1, #2 \rangle"),
        ]);
        let out = m.expand(r"x \in \R^n, \norm{x} \ip x{y+z} \Re").unwrap();
        assert_eq!(
            out.text,
            r"x \in \mathbb{R}^n, \left\| x \right\| \langle x, y+z \rangle \Re"
        );
    }

    #[test]
    fn nested_macros_and_separating_space() {
        let m = macros(&[(r"\RR", r"\R"), (r"\R", r"\mathbb{R}"), (r"\a", r"\alpha")]);
        assert_eq!(m.expand(r"\RR").unwrap().text, r"\mathbb{R}");
        // `\a` followed by a letter through an argument-free use.
        let m2 = macros(&[(r"\f", r"#1\alpha")]);
        assert_eq!(m2.expand(r"\f{x}y").unwrap().text, r"x\alpha y");
        assert_eq!(m.expand(r"\a{}b").unwrap().text, r"\alpha{}b");
    }

    #[test]
    fn errors_point_at_the_use() {
        let m = macros(&[(r"\norm", r"\|#1\|"), (r"\loop", r"\loop x")]);
        let (r, msg) = m.expand(r"a + \norm").unwrap_err();
        assert_eq!(r, 4..9);
        assert!(msg.contains("argument 1 is missing"), "{msg}");
        let (r, msg) = m.expand(r"a \loop").unwrap_err();
        assert_eq!(r, 2..7);
        assert!(msg.contains("recursive"), "{msg}");
    }

    #[test]
    fn bad_definitions_are_rejected() {
        let mut m = Macros::new();
        assert!(m.define(r"\1", "x").is_err());
        assert!(m.define(r"\x", "{").is_err());
        assert!(m.define(r"\x", "#0").is_err());
        assert!(m.define(r"\label", "x").is_err());
        assert!(m.define("R", r"\mathbb{R}").is_ok());
        assert!(m.contains(r"\R"));
    }

    #[test]
    fn offsets_after_expansion_map_back() {
        let m = macros(&[(r"\R", r"\mathbb{R}")]);
        let out = m.expand(r"\R + y").unwrap();
        let y = out.text.find('y').unwrap();
        assert_eq!(out.to_src(y..y + 1), 5..6);
    }
}
