//! Python-style number formatting for inline values (`.3g`, `.2f`, `.2e`, `.1%`, `d`)
//! and splitting `expr:spec` inline roles.
//!
//! Supported spec grammar: `[sign][.precision][type]` with sign one of `+`, `-`, space
//! and type one of `g G f F e E %` (precision defaults to 6), or `d`, or the empty spec.
//! Results match Python's `format(value, spec)` for floats, with two deliberate
//! differences: `d` accepts whole-valued floats (Python rejects every float) and refuses
//! others; the empty spec gives Python's `repr` (shortest round-trip: `0.1`, `2.0`,
//! `1e+16`, `1.5e-05`).

use super::ast::Span;
use super::error::FormatError;

/// Formats `v` according to a Python-like format `spec`.
pub fn format_value(v: f64, spec: &str) -> Result<String, FormatError> {
    let invalid = |reason: &str| FormatError::InvalidSpec {
        spec: spec.to_string(),
        reason: reason.to_string(),
    };
    let mut rest = spec;
    let mut sign = '-';
    if let Some(c @ ('+' | '-' | ' ')) = rest.chars().next() {
        sign = c;
        rest = &rest[1..];
    }
    let mut precision = None;
    if let Some(after_dot) = rest.strip_prefix('.') {
        let digits: String = after_dot
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return Err(invalid("expected digits after '.'"));
        }
        let p: usize = digits.parse().map_err(|_| invalid("precision too large"))?;
        if p > 50 {
            return Err(invalid("precision above 50"));
        }
        precision = Some(p);
        rest = &after_dot[digits.len()..];
    }
    let mut chars = rest.chars();
    let ty = chars.next();
    if chars.next().is_some() {
        return Err(invalid(
            "expected [sign][.precision][type] with type one of g, f, e, %, d",
        ));
    }
    let body = match ty {
        None if precision.is_some() => {
            return Err(invalid("missing type after the precision, e.g. '.3g'"))
        }
        None => repr(v),
        Some('d') => {
            if precision.is_some() {
                return Err(invalid("'d' takes no precision"));
            }
            if !v.is_finite() || v.fract() != 0.0 {
                return Err(FormatError::NotInteger { value: v });
            }
            format!("{v:.0}")
        }
        Some(t @ ('g' | 'G' | 'f' | 'F' | 'e' | 'E' | '%')) => {
            let p = precision.unwrap_or(6);
            let s = match t.to_ascii_lowercase() {
                'g' => general(v, p),
                'f' => fixed(v, p),
                'e' => exponential(v, p),
                _ => format!("{}%", fixed(v * 100.0, p)),
            };
            if t.is_ascii_uppercase() {
                s.to_ascii_uppercase()
            } else {
                s
            }
        }
        Some(other) => {
            return Err(invalid(&format!(
                "unknown type '{other}'; use g, f, e, %, or d"
            )))
        }
    };
    Ok(add_sign(body, sign))
}

fn add_sign(body: String, sign: char) -> String {
    let negative = body.starts_with('-');
    match sign {
        '+' if !negative => format!("+{body}"),
        ' ' if !negative => format!(" {body}"),
        _ => body,
    }
}

fn special(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("nan".to_string())
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" }.to_string())
    } else {
        None
    }
}

fn fixed(v: f64, p: usize) -> String {
    special(v).unwrap_or_else(|| format!("{v:.p$}"))
}

/// Splits Rust's `{:e}` output `"-1.23e-4"` into mantissa and exponent.
fn split_exp(s: &str) -> (&str, i32) {
    match s.split_once('e') {
        Some((m, e)) => (m, e.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

fn python_exp(mantissa: &str, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}

fn exponential(v: f64, p: usize) -> String {
    if let Some(s) = special(v) {
        return s;
    }
    let s = format!("{v:.p$e}");
    let (m, e) = split_exp(&s);
    python_exp(m, e)
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

fn general(v: f64, p: usize) -> String {
    if let Some(s) = special(v) {
        return s;
    }
    let p = p.max(1);
    // The exponent after rounding to p significant digits decides the notation.
    let rounded = format!("{v:.prec$e}", prec = p - 1);
    let (m, exp) = split_exp(&rounded);
    if v == 0.0 || (-4..p as i32).contains(&exp) {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{v:.decimals$}")).to_string()
    } else {
        python_exp(strip_zeros(m), exp)
    }
}

/// Python's `repr(float)`: shortest round-trip digits, fixed for 1e-4 <= |v| < 1e16.
fn repr(v: f64) -> String {
    if let Some(s) = special(v) {
        return s;
    }
    let s = format!("{v:e}");
    let (m, exp) = split_exp(&s);
    if (-4..16).contains(&exp) {
        let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
        let neg = if m.starts_with('-') { "-" } else { "" };
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if (point as usize) >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{neg}{body}")
    } else {
        python_exp(m, exp)
    }
}

/// An inline role's text split into expression and optional format spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitSpec<'a> {
    /// The expression text (before the last top-level `:`, or everything).
    pub expr: &'a str,
    /// The spec after the last top-level `:`, trimmed of surrounding whitespace.
    pub spec: Option<&'a str>,
    /// Span of the spec within the original text (empty when absent).
    pub spec_span: Span,
}

/// Splits `expr:spec` at the last `:` outside parentheses/brackets.
/// `"stiff.dt_limit:.3g"` → expr `"stiff.dt_limit"`, spec `".3g"`.
pub fn split_spec(src: &str) -> SplitSpec<'_> {
    let mut depth = 0i32;
    let mut colon = None;
    for (i, c) in src.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ':' if depth == 0 => colon = Some(i),
            _ => {}
        }
    }
    match colon {
        Some(i) => {
            let raw = &src[i + 1..];
            let lead = raw.len() - raw.trim_start().len();
            let spec = raw.trim();
            let start = i + 1 + lead;
            SplitSpec {
                expr: &src[..i],
                spec: Some(spec),
                spec_span: Span::new(start, start + spec.len()),
            }
        }
        None => SplitSpec {
            expr: src,
            spec: None,
            spec_span: Span::new(src.len(), src.len()),
        },
    }
}
