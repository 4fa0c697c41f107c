//! Built-in functions of the claim language (abs, log10, ..., min/max, len/first/last/sum/mean).

use super::ast::{Expr, Func, Span};
use super::error::EvalError;
use super::eval::{expect_scalar, expect_series, Value};

/// Applies `f` to a scalar or to every element of a series.
pub(crate) fn map_numeric(
    v: Value,
    span: Span,
    what: &str,
    f: impl Fn(f64) -> Result<f64, String>,
) -> Result<Value, EvalError> {
    let math = |message: String| EvalError::Math { message, span };
    match v {
        Value::Scalar(x) => f(x).map(Value::Scalar).map_err(math),
        Value::Series(s) => s
            .iter()
            .enumerate()
            .map(|(i, &x)| f(x).map_err(|m| math(format!("{m} (element {i})"))))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Series),
        Value::Bool(_) => Err(EvalError::Type {
            message: format!("{what} needs a number, got a boolean"),
            span,
        }),
    }
}

fn positive(name: &'static str, g: fn(f64) -> f64) -> impl Fn(f64) -> Result<f64, String> {
    move |x| {
        if x <= 0.0 {
            Err(format!("{name} of non-positive value {x}"))
        } else {
            Ok(g(x))
        }
    }
}

pub(crate) fn call(
    func: Func,
    mut vals: Vec<Value>,
    args: &[Expr],
    span: Span,
) -> Result<Value, EvalError> {
    let name = func.name();
    let arg_span = args.first().map_or(span, |a| a.span);
    match func {
        Func::Abs => map_numeric(vals.remove(0), arg_span, name, |x| Ok(x.abs())),
        Func::Exp => map_numeric(vals.remove(0), arg_span, name, |x| Ok(x.exp())),
        Func::Log10 => map_numeric(
            vals.remove(0),
            arg_span,
            name,
            positive("log10", f64::log10),
        ),
        Func::Ln => map_numeric(vals.remove(0), arg_span, name, positive("ln", f64::ln)),
        Func::Sqrt => map_numeric(vals.remove(0), arg_span, name, |x| {
            if x < 0.0 {
                Err(format!("sqrt of negative value {x}"))
            } else {
                Ok(x.sqrt())
            }
        }),
        Func::Min | Func::Max => {
            let pick = |a: f64, b: f64| {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else if (func == Func::Min) == (b < a) {
                    b
                } else {
                    a
                }
            };
            let xs = if vals.len() == 1 {
                match vals.remove(0) {
                    Value::Series(s) => s,
                    other => {
                        return Err(EvalError::Type {
                            message: format!(
                                "{name} of one argument needs a series, got a {}; pass two or more scalars",
                                other.type_name()
                            ),
                            span: arg_span,
                        })
                    }
                }
            } else {
                vals.into_iter()
                    .zip(args)
                    .map(|(v, a)| expect_scalar(v, a.span, &format!("{name} of several arguments")))
                    .collect::<Result<Vec<_>, _>>()?
            };
            reduce_nonempty(&xs, name, arg_span, |s| {
                s.iter().copied().reduce(pick).unwrap_or(f64::NAN)
            })
        }
        Func::Len | Func::First | Func::Last | Func::Sum | Func::Mean => {
            let s = expect_series(vals.remove(0), arg_span, name)?;
            match func {
                Func::Len => Ok(Value::Scalar(s.len() as f64)),
                Func::Sum => Ok(Value::Scalar(s.iter().sum())),
                Func::First => reduce_nonempty(&s, name, arg_span, |s| s[0]),
                Func::Last => reduce_nonempty(&s, name, arg_span, |s| s[s.len() - 1]),
                _ => reduce_nonempty(&s, name, arg_span, |s| {
                    s.iter().sum::<f64>() / s.len() as f64
                }),
            }
        }
    }
}

fn reduce_nonempty(
    s: &[f64],
    name: &str,
    span: Span,
    f: impl Fn(&[f64]) -> f64,
) -> Result<Value, EvalError> {
    if s.is_empty() {
        return Err(EvalError::Math {
            message: format!("{name} of an empty series"),
            span,
        });
    }
    Ok(Value::Scalar(f(s)))
}
