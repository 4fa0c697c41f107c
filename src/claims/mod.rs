//! Claim expressions: parse, evaluate and check numeric claims written in the prose.
//!
//! Authors write ``{claim}`stiff.dt_limit ~= 2/stiff.params.a` `` or
//! ``{eval}`stiff.dt_limit:.3g` ``. This module turns such text into an [`Expr`]
//! (every node carries a byte [`Span`]), evaluates it against a caller-supplied
//! [`Resolve`]r (the evaluator knows nothing about experiments) and reports a
//! [`Verdict`] or a formatted inline value.
//!
//! # Language
//! * numbers `2`, `0.020`, `1e-3`, `2.5E+4`; `true`, `false`;
//! * references `ident(.ident)*`, e.g. `stiff-ode.dt_limit`, with optional `[i]` indexing
//!   (negative from the end). A `-` is part of a name only when it sits directly between
//!   two name characters: `a.b-2` is the single name `b-2` under `a`; write `a.b - 2` to
//!   subtract (an unknown name containing `-` gets a hint saying so);
//! * arithmetic `+ - * /`, power `^` (or `**`, right-associative), unary `-`, parentheses;
//! * functions `abs log10 ln exp sqrt` (element-wise on series), `min max` (two or more
//!   scalars, or one series), `len first last sum mean` (series);
//! * comparisons `< <= > >= == !=` (chainable: `0 < x < 1`), also `≤ ≥ ≠`;
//! * approximate equality `a ~= b` / `a ≈ b`, optionally `+- t` / `± t` (absolute) or
//!   `+- p%` (relative to `b`); see [`verdict`] for the default tolerances;
//! * `and`/`&&`, `or`/`||`, `not`/`!`.
//!
//! Number formats for inline values are described in [`format`].

pub mod ast;
mod display;
pub mod error;
pub mod eval;
pub mod format;
mod functions;
mod lexer;
pub mod parser;
pub mod verdict;

#[cfg(test)]
mod tests_eval;
#[cfg(test)]
mod tests_format;
#[cfg(test)]
mod tests_parse;

pub use ast::{BinOp, CmpOp, Expr, ExprKind, Func, Ident, NumberLit, Span, Tolerance, UnaryOp};
pub use error::{ClaimError, EvalError, FormatError, ParseError};
pub use eval::{evaluate, Resolve, Value};
pub use format::{format_value, split_spec, SplitSpec};
pub use parser::parse;
pub use verdict::{check, Verdict, DEFAULT_RELATIVE_TOLERANCE};

/// Parses and checks a claim in one step.
pub fn check_claim<R: Resolve + ?Sized>(src: &str, resolver: &R) -> Result<Verdict, ClaimError> {
    let expr = parse(src)?;
    Ok(check(&expr, resolver)?)
}

/// Evaluates an inline value `expr[:spec]` and formats it.
///
/// Scalars are formatted with [`format_value`] (empty spec = shortest round-trip);
/// booleans print as `true`/`false` (a spec is then an error); a series is an error.
/// Spans in errors are relative to `src`.
pub fn eval_inline<R: Resolve + ?Sized>(src: &str, resolver: &R) -> Result<String, ClaimError> {
    let split = split_spec(src);
    let expr = parse(split.expr)?;
    let value = evaluate(&expr, resolver)?;
    let spec = split.spec.unwrap_or("");
    let format_err = |source| ClaimError::Format {
        source,
        span: split.spec_span,
    };
    match value {
        Value::Scalar(v) => format_value(v, spec).map_err(format_err),
        Value::Bool(b) if spec.is_empty() => Ok(b.to_string()),
        Value::Bool(_) => Err(format_err(FormatError::InvalidSpec {
            spec: spec.to_string(),
            reason: "a true/false value takes no format spec".to_string(),
        })),
        Value::Series(s) => Err(ClaimError::Eval(EvalError::Type {
            message: format!(
                "an inline value must be a scalar, got a series of length {}; use last(...), mean(...) or x[i]",
                s.len()
            ),
            span: expr.span,
        })),
    }
}
