//! Evaluation of claim expressions to values, against a caller-supplied [`Resolve`]r.
//!
//! Rules: arithmetic works on scalars and element-wise on series (scalar⊗series
//! broadcasts; series⊗series needs equal lengths). Division by zero, logarithms and
//! square roots outside their domain, and operations that turn non-NaN inputs into NaN
//! are errors; NaN coming from the data flows through (and makes comparisons fail).
//! `and`/`or` evaluate both sides, so an error on either side is always reported.

use super::ast::{BinOp, CmpOp, Expr, ExprKind, Span, UnaryOp};
use super::error::EvalError;
use super::functions::{call, map_numeric};
use super::verdict::approx_outcome;
use std::collections::{BTreeMap, HashMap};

/// A value of the claim language.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Scalar(f64),
    /// A sequence of numbers (e.g. errors per step size).
    Series(Vec<f64>),
    /// A truth value.
    Bool(bool),
}

impl Value {
    /// `"scalar"`, `"series"` or `"boolean"`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::Series(_) => "series",
            Value::Bool(_) => "boolean",
        }
    }
}

/// Looks up the value of a dotted reference. Implemented by the caller (the experiment
/// layer); the evaluator knows nothing about experiments.
pub trait Resolve {
    /// Returns the value at `path` (e.g. `["stiff-ode", "dt_limit"]`). Unknown paths
    /// should give [`EvalError::unknown_reference`]; `span` locates the reference.
    fn resolve(&self, path: &[&str], span: Span) -> Result<Value, EvalError>;
}

impl<F> Resolve for F
where
    F: Fn(&[&str], Span) -> Result<Value, EvalError>,
{
    fn resolve(&self, path: &[&str], span: Span) -> Result<Value, EvalError> {
        self(path, span)
    }
}

impl Resolve for HashMap<String, Value> {
    /// Keys are dotted paths (`"stiff.dt_limit"`).
    fn resolve(&self, path: &[&str], span: Span) -> Result<Value, EvalError> {
        self.get(&path.join("."))
            .cloned()
            .ok_or_else(|| EvalError::unknown_reference(path, span))
    }
}

impl Resolve for BTreeMap<String, Value> {
    /// Keys are dotted paths (`"stiff.dt_limit"`).
    fn resolve(&self, path: &[&str], span: Span) -> Result<Value, EvalError> {
        self.get(&path.join("."))
            .cloned()
            .ok_or_else(|| EvalError::unknown_reference(path, span))
    }
}

/// Evaluates `expr`, resolving references with `resolver`.
pub fn evaluate<R: Resolve + ?Sized>(expr: &Expr, resolver: &R) -> Result<Value, EvalError> {
    let span = expr.span;
    match &expr.kind {
        ExprKind::Number(lit) => Ok(Value::Scalar(lit.value)),
        ExprKind::Bool(b) => Ok(Value::Bool(*b)),
        ExprKind::Ref(path) => {
            let names: Vec<&str> = path.iter().map(|i| i.name.as_str()).collect();
            resolver.resolve(&names, span)
        }
        ExprKind::Index { target, index } => {
            let series = expect_series(evaluate(target, resolver)?, target.span, "indexing")?;
            let i = expect_scalar(evaluate(index, resolver)?, index.span, "an index")?;
            index_series(&series, i, index.span)
        }
        ExprKind::Call { func, args, .. } => {
            let vals = args
                .iter()
                .map(|a| evaluate(a, resolver))
                .collect::<Result<Vec<_>, _>>()?;
            call(*func, vals, args, span)
        }
        ExprKind::Unary { op, operand } => {
            let v = evaluate(operand, resolver)?;
            match op {
                UnaryOp::Neg => map_numeric(v, operand.span, "-", |x| Ok(-x)),
                UnaryOp::Not => Ok(Value::Bool(!expect_bool(v, operand.span, "'not'")?)),
            }
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let a = evaluate(lhs, resolver)?;
            let b = evaluate(rhs, resolver)?;
            match op {
                BinOp::And | BinOp::Or => {
                    let x = expect_bool(a, lhs.span, &format!("'{}'", op.symbol()))?;
                    let y = expect_bool(b, rhs.span, &format!("'{}'", op.symbol()))?;
                    Ok(Value::Bool(if *op == BinOp::And { x && y } else { x || y }))
                }
                _ => arith(*op, a, b, lhs.span, rhs.span, span),
            }
        }
        ExprKind::Compare { first, rest } => {
            let mut prev = evaluate(first, resolver)?;
            let mut prev_span = first.span;
            let mut all = true;
            for (op, _, e) in rest {
                let next = evaluate(e, resolver)?;
                all &= compare(*op, &prev, &next, prev_span, e.span)?;
                prev = next;
                prev_span = e.span;
            }
            Ok(Value::Bool(all))
        }
        ExprKind::Approx { .. } => Ok(Value::Bool(approx_outcome(expr, resolver)?.passed)),
    }
}

/// Compares two values; scalars with any operator, booleans with `==`/`!=`.
pub(crate) fn compare(
    op: CmpOp,
    a: &Value,
    b: &Value,
    a_span: Span,
    b_span: Span,
) -> Result<bool, EvalError> {
    match (a, b) {
        (Value::Scalar(x), Value::Scalar(y)) => Ok(match op {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
        }),
        (Value::Bool(x), Value::Bool(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            Ok((x == y) == (op == CmpOp::Eq))
        }
        _ => {
            let (bad, span) = if matches!(a, Value::Scalar(_)) {
                (b, b_span)
            } else {
                (a, a_span)
            };
            Err(EvalError::Type {
                message: format!(
                    "'{}' compares scalars, got a {}{}",
                    op.symbol(),
                    bad.type_name(),
                    series_hint(bad)
                ),
                span,
            })
        }
    }
}

fn series_hint(v: &Value) -> &'static str {
    if matches!(v, Value::Series(_)) {
        "; reduce it first, e.g. max(...), last(...) or x[i]"
    } else {
        ""
    }
}

pub(crate) fn expect_scalar(v: Value, span: Span, what: &str) -> Result<f64, EvalError> {
    match v {
        Value::Scalar(x) => Ok(x),
        other => Err(EvalError::Type {
            message: format!(
                "{what} needs a scalar, got a {}{}",
                other.type_name(),
                series_hint(&other)
            ),
            span,
        }),
    }
}

pub(crate) fn expect_series(v: Value, span: Span, what: &str) -> Result<Vec<f64>, EvalError> {
    match v {
        Value::Series(s) => Ok(s),
        other => Err(EvalError::Type {
            message: format!("{what} needs a series, got a {}", other.type_name()),
            span,
        }),
    }
}

fn expect_bool(v: Value, span: Span, what: &str) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(EvalError::Type {
            message: format!("{what} needs true/false, got a {}", other.type_name()),
            span,
        }),
    }
}

fn index_series(series: &[f64], i: f64, span: Span) -> Result<Value, EvalError> {
    if !i.is_finite() || i.fract() != 0.0 || i.abs() > 1e15 {
        return Err(EvalError::Type {
            message: format!("an index must be a whole number, got {i}"),
            span,
        });
    }
    let idx = i as i64;
    let len = series.len();
    let pos = if idx < 0 { len as i64 + idx } else { idx };
    if pos < 0 || pos >= len as i64 {
        return Err(EvalError::Index {
            index: idx,
            len,
            span,
        });
    }
    Ok(Value::Scalar(series[pos as usize]))
}

fn arith(
    op: BinOp,
    a: Value,
    b: Value,
    a_span: Span,
    b_span: Span,
    span: Span,
) -> Result<Value, EvalError> {
    let apply = |x: f64, y: f64| -> Result<f64, EvalError> {
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div if y == 0.0 => {
                return Err(EvalError::Math {
                    message: "division by zero".to_string(),
                    span: b_span,
                })
            }
            BinOp::Div => x / y,
            _ => x.powf(y),
        };
        if r.is_nan() && !x.is_nan() && !y.is_nan() {
            return Err(EvalError::Math {
                message: format!("{x} {} {y} is not a number", op.symbol()),
                span,
            });
        }
        Ok(r)
    };
    let sym = op.symbol();
    match (a, b) {
        (Value::Scalar(x), Value::Scalar(y)) => apply(x, y).map(Value::Scalar),
        (Value::Series(xs), Value::Scalar(y)) => xs
            .iter()
            .map(|&x| apply(x, y))
            .collect::<Result<_, _>>()
            .map(Value::Series),
        (Value::Scalar(x), Value::Series(ys)) => ys
            .iter()
            .map(|&y| apply(x, y))
            .collect::<Result<_, _>>()
            .map(Value::Series),
        (Value::Series(xs), Value::Series(ys)) => {
            if xs.len() != ys.len() {
                return Err(EvalError::Type {
                    message: format!(
                        "'{sym}' of series with lengths {} and {}",
                        xs.len(),
                        ys.len()
                    ),
                    span,
                });
            }
            xs.iter()
                .zip(&ys)
                .map(|(&x, &y)| apply(x, y))
                .collect::<Result<_, _>>()
                .map(Value::Series)
        }
        (Value::Bool(_), _) => Err(EvalError::Type {
            message: format!("'{sym}' needs numbers, got a boolean"),
            span: a_span,
        }),
        (_, Value::Bool(_)) => Err(EvalError::Type {
            message: format!("'{sym}' needs numbers, got a boolean"),
            span: b_span,
        }),
    }
}
