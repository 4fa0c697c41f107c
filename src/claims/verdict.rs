//! Checking a claim: tolerance rules of `~=` and the [`Verdict`] with its explanation.
//!
//! Tolerance of `a ~= b`:
//! * `a ~= b +- t` — absolute: passes when `|a - b| <= t`.
//! * `a ~= b +- p%` — relative to the expected side: `|a - b| <= p/100 * |b|`.
//! * `a ~= 0.020` (no tolerance, one side a number literal, the right side preferred) —
//!   half a unit in the literal's last written digit: `0.020` → ±0.0005,
//!   `2.0e-3` → ±0.00005, `200` → ±0.5. Write more digits to tighten the claim.
//! * no tolerance and both sides computed — relative `1e-9 * max(|a|, |b|)`, i.e.
//!   "equal up to rounding"; write `+- t` or `+- p%` when more slack is intended.
//!
//! Bounds are inclusive, with a relative slack of 1e-12 on the bound to absorb binary
//! rounding of decimal literals. A NaN side never passes.

use super::ast::{BinOp, Expr, ExprKind, UnaryOp};
use super::error::EvalError;
use super::eval::{compare, evaluate, expect_scalar, Resolve, Value};
use super::format::format_value;

/// Relative tolerance used when both sides of `~=` are computed and none is written.
pub const DEFAULT_RELATIVE_TOLERANCE: f64 = 1e-9;

/// The outcome of checking a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the claim holds.
    pub passed: bool,
    /// Value of the left side of the top comparison (`None` for `and`/`or`/`not`/plain booleans).
    pub observed: Option<f64>,
    /// Value of the (first) right side of the top comparison.
    pub expected: Option<f64>,
    /// The absolute bound used by `~=` (a relative tolerance converted to absolute).
    pub tolerance: Option<f64>,
    /// Human-readable account, e.g. `0.02000 ≈ 0.020 ± 0.0005`.
    pub explanation: String,
}

/// Evaluates a claim, which must produce true/false, and explains the result.
pub fn check<R: Resolve + ?Sized>(expr: &Expr, resolver: &R) -> Result<Verdict, EvalError> {
    match &expr.kind {
        ExprKind::Approx { .. } => approx_outcome(expr, resolver),
        ExprKind::Compare { first, rest } => {
            let mut prev = evaluate(first, resolver)?;
            let mut prev_span = first.span;
            let observed = scalar_of(&prev);
            let mut expected = None;
            let mut passed = true;
            let mut text = show(&prev);
            for (op, _, e) in rest {
                let next = evaluate(e, resolver)?;
                passed &= compare(*op, &prev, &next, prev_span, e.span)?;
                if expected.is_none() {
                    expected = scalar_of(&next);
                }
                text.push_str(&format!(" {} {}", op.symbol(), show(&next)));
                prev = next;
                prev_span = e.span;
            }
            if !passed {
                text.push_str(" is false");
            }
            Ok(Verdict {
                passed,
                observed,
                expected,
                tolerance: None,
                explanation: text,
            })
        }
        ExprKind::Binary { op, lhs, rhs, .. } if matches!(op, BinOp::And | BinOp::Or) => {
            let l = check(lhs, resolver)?;
            let r = check(rhs, resolver)?;
            let and = *op == BinOp::And;
            Ok(Verdict {
                passed: if and {
                    l.passed && r.passed
                } else {
                    l.passed || r.passed
                },
                observed: None,
                expected: None,
                tolerance: None,
                explanation: format!("({}) {} ({})", l.explanation, op.symbol(), r.explanation),
            })
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => {
            let inner = check(operand, resolver)?;
            Ok(Verdict {
                passed: !inner.passed,
                observed: None,
                expected: None,
                tolerance: None,
                explanation: format!("not ({})", inner.explanation),
            })
        }
        _ => match evaluate(expr, resolver)? {
            Value::Bool(b) => Ok(Verdict {
                passed: b,
                observed: None,
                expected: None,
                tolerance: None,
                explanation: format!("{expr} is {b}"),
            }),
            other => Err(EvalError::Type {
                message: format!(
                    "a claim must be true or false, got a {}; compare it with <, ==, ~= ...",
                    other.type_name()
                ),
                span: expr.span,
            }),
        },
    }
}

fn scalar_of(v: &Value) -> Option<f64> {
    match v {
        Value::Scalar(x) => Some(*x),
        _ => None,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Scalar(x) => num(*x, ".6g"),
        Value::Bool(b) => b.to_string(),
        Value::Series(s) => format!("series of length {}", s.len()),
    }
}

fn num(v: f64, spec: &str) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    format_value(v, spec).unwrap_or_else(|_| v.to_string())
}

/// Shows an observed value with one digit more than the tolerance resolves.
fn show_with_bound(v: f64, bound: f64) -> String {
    if !v.is_finite() || bound.is_nan() || bound <= 0.0 || !bound.is_finite() {
        return num(v, ".10g");
    }
    let decimals = 1 - bound.log10().floor() as i64;
    if (0..=12).contains(&decimals) && v.abs() < 1e9 {
        return num(v, &format!(".{decimals}f"));
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let sig = (v.abs().log10().floor() as i64 - bound.log10().floor() as i64 + 1).clamp(1, 17);
    num(v, &format!(".{sig}e"))
}

/// Evaluates an `Approx` node into a verdict (used by both `evaluate` and `check`).
pub(crate) fn approx_outcome<R: Resolve + ?Sized>(
    expr: &Expr,
    resolver: &R,
) -> Result<Verdict, EvalError> {
    let ExprKind::Approx {
        lhs,
        rhs,
        tolerance,
        ..
    } = &expr.kind
    else {
        return Err(EvalError::Type {
            message: "internal: not an approximate comparison".to_string(),
            span: expr.span,
        });
    };
    let a = expect_scalar(evaluate(lhs, resolver)?, lhs.span, "the left side of '~='")?;
    let b = expect_scalar(evaluate(rhs, resolver)?, rhs.span, "the right side of '~='")?;
    let literal_text = |e: &Expr| {
        e.as_literal()
            .map(|(_, lit)| (lit.half_unit, literal_display(e)))
    };
    let (bound, tol_text) = match tolerance {
        Some(t) => {
            let tv = expect_scalar(evaluate(&t.value, resolver)?, t.value.span, "a tolerance")?;
            if !(tv.is_finite() && tv >= 0.0) {
                return Err(EvalError::Math {
                    message: format!("a tolerance must be a non-negative finite number, got {tv}"),
                    span: t.span,
                });
            }
            if t.relative {
                let bound = tv / 100.0 * b.abs();
                (
                    bound,
                    format!(" ± {}% (± {})", num(tv, ".6g"), num(bound, ".3g")),
                )
            } else {
                (tv, format!(" ± {}", num(tv, ".6g")))
            }
        }
        None => match literal_text(rhs).or_else(|| literal_text(lhs)) {
            Some((half, _)) => (half, format!(" ± {}", num(half, ".6g"))),
            None => (
                DEFAULT_RELATIVE_TOLERANCE * a.abs().max(b.abs()),
                " (relative 1e-9)".to_string(),
            ),
        },
    };
    let diff = (a - b).abs();
    let passed = a == b || diff <= bound * (1.0 + 1e-12);
    let lhs_text = match literal_text(lhs) {
        Some((_, text)) => text,
        None => show_with_bound(a, bound),
    };
    let rhs_text = match literal_text(rhs) {
        Some((_, text)) => text,
        None => show_with_bound(b, bound),
    };
    let mut explanation = format!(
        "{lhs_text} {} {rhs_text}{tol_text}",
        if passed { "≈" } else { "≉" }
    );
    if !passed {
        explanation.push_str(&format!(" (off by {})", num(diff, ".3g")));
    }
    Ok(Verdict {
        passed,
        observed: Some(a),
        expected: Some(b),
        tolerance: Some(bound),
        explanation,
    })
}

/// A (possibly negated) literal as written: `-0.020`.
fn literal_display(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Unary { operand, .. } => format!("-{}", literal_display(operand)),
        ExprKind::Number(lit) => lit.text.clone(),
        _ => e.to_string(),
    }
}
