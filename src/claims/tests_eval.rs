//! Tests of evaluation and claim checking: arithmetic, series functions, indexing,
//! tolerances, verdicts and error spans.

use super::*;
use std::collections::HashMap;

fn env() -> HashMap<String, Value> {
    let mut m = HashMap::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("stiff.dt_limit", Value::Scalar(0.02));
    put("stiff.params.a", Value::Scalar(100.0));
    put("stiff-ode.dt", Value::Scalar(0.5));
    put("a.b-2", Value::Scalar(7.0));
    put("a.b", Value::Scalar(10.0));
    put("conv.err", Value::Series(vec![1e-1, 2.5e-2, 6.25e-3]));
    put("conv.h", Value::Series(vec![0.1, 0.05, 0.025]));
    put("empty", Value::Series(vec![]));
    put("flag", Value::Bool(true));
    put("nan", Value::Scalar(f64::NAN));
    m
}

fn val(src: &str) -> Value {
    let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    evaluate(&e, &env()).unwrap_or_else(|e| panic!("{src}: {e}"))
}

fn scalar(src: &str) -> f64 {
    match val(src) {
        Value::Scalar(x) => x,
        v => panic!("{src}: {v:?}"),
    }
}

fn eval_err(src: &str) -> EvalError {
    evaluate(&parse(src).unwrap(), &env()).expect_err(src)
}

fn verdict(src: &str) -> Verdict {
    check_claim(src, &env()).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[test]
fn arithmetic() {
    assert_eq!(scalar("1 + 2 * 3"), 7.0);
    assert_eq!(scalar("2 ^ 3 ^ 2"), 512.0);
    assert_eq!(scalar("-2 ^ 2"), -4.0);
    assert_eq!(scalar("2 ^ -1"), 0.5);
    assert_eq!(scalar("(1 + 2) * 3"), 9.0);
    assert_eq!(scalar("2 / stiff.params.a"), 0.02);
    assert_eq!(scalar("stiff-ode.dt * 2"), 1.0);
    // Hyphen rule: `a.b-2` is a name, `a.b - 2` a subtraction.
    assert_eq!(scalar("a.b-2"), 7.0);
    assert_eq!(scalar("a.b - 2"), 8.0);
    assert_eq!(
        scalar("sqrt(16) + abs(-1) + log10(1000) + ln(exp(2))"),
        4.0 + 1.0 + 3.0 + 2.0
    );
    assert_eq!(scalar("min(3, 1, 2) + max(3, 1, 2)"), 4.0);
}

#[test]
fn series_functions_and_indexing() {
    assert_eq!(scalar("len(conv.err)"), 3.0);
    assert_eq!(scalar("first(conv.err)"), 0.1);
    assert_eq!(scalar("last(conv.err)"), 6.25e-3);
    assert!((scalar("sum(conv.h)") - 0.175).abs() < 1e-15);
    assert!((scalar("mean(conv.h)") - 0.175 / 3.0).abs() < 1e-15);
    assert_eq!(scalar("max(conv.err)"), 0.1);
    assert_eq!(scalar("min(conv.err)"), 6.25e-3);
    assert_eq!(scalar("conv.err[0]"), 0.1);
    assert_eq!(scalar("conv.err[-1]"), 6.25e-3);
    assert_eq!(scalar("conv.err[1 + 1]"), 6.25e-3);
    assert_eq!(
        val("conv.err / conv.h"),
        Value::Series(vec![1.0, 0.5, 0.25])
    );
    assert_eq!(val("2 * conv.h"), Value::Series(vec![0.2, 0.1, 0.05]));
    assert_eq!(scalar("max(abs(log10(conv.h) - log10(conv.h)))"), 0.0);
    // Observed order of convergence from the last two points.
    let p = scalar("log10(conv.err[-2] / conv.err[-1]) / log10(conv.h[-2] / conv.h[-1])");
    assert!((p - 2.0).abs() < 1e-12);
}

#[test]
fn evaluation_errors_carry_spans() {
    let src = "conv.err[3]";
    let e = eval_err(src);
    assert_eq!(
        e,
        EvalError::Index {
            index: 3,
            len: 3,
            span: Span::new(9, 10)
        }
    );
    assert!(matches!(
        eval_err("conv.err[-4]"),
        EvalError::Index { index: -4, .. }
    ));
    assert!(matches!(eval_err("conv.err[0.5]"), EvalError::Type { .. }));
    let e = eval_err("1 + flag");
    assert!(
        matches!(e, EvalError::Type { span, .. } if span == Span::new(4, 8)),
        "{e:?}"
    );
    let e = eval_err("conv.err < 1");
    assert!(e.to_string().contains("reduce it first"), "{e}");
    assert_eq!(e.span(), Span::new(0, 8));
    let e = eval_err("len(stiff.dt_limit)");
    assert_eq!(
        e.to_string(),
        "type error: len needs a series, got a scalar"
    );
    assert_eq!(e.span(), Span::new(4, 18));
    assert!(eval_err("min(conv.err, 1)")
        .to_string()
        .contains("needs a scalar"));
    assert!(eval_err("max(2)").to_string().contains("needs a series"));
    assert!(eval_err("mean(empty)").to_string().contains("empty series"));
    let e = eval_err("1 / (stiff.dt_limit - 0.02)");
    assert_eq!(e.to_string(), "division by zero");
    assert_eq!(e.span(), Span::new(4, 27));
    assert!(eval_err("log10(0)").to_string().contains("non-positive"));
    assert!(eval_err("sqrt(-1)").to_string().contains("negative"));
    assert!(eval_err("not 1").to_string().contains("needs true/false"));
    assert!(eval_err("flag and 2")
        .to_string()
        .contains("needs true/false"));
    let e = eval_err("a.c-2");
    assert_eq!(e.span(), Span::new(0, 5));
    assert!(e.to_string().contains("unknown reference 'a.c-2'"), "{e}");
    assert!(e.to_string().contains("with spaces to subtract"), "{e}");
    let e = eval_err("nothing.here");
    assert_eq!(e.to_string(), "unknown reference 'nothing.here'");
}

#[test]
fn precision_based_tolerance() {
    let mut m = env();
    for (obs, pass) in [
        (0.0204, true),
        (0.0206, false),
        (0.0196, true),
        (0.0194, false),
        (0.02, true),
    ] {
        m.insert("x".into(), Value::Scalar(obs));
        let v = check_claim("x ~= 0.020", &m).unwrap();
        assert_eq!(v.passed, pass, "{obs}: {}", v.explanation);
        assert_eq!(v.tolerance, Some(0.0005));
        assert_eq!(v.observed, Some(obs));
        assert_eq!(v.expected, Some(0.02));
    }
    m.insert("x".into(), Value::Scalar(0.02));
    assert_eq!(
        check_claim("x ~= 0.020", &m).unwrap().explanation,
        "0.02000 ≈ 0.020 ± 0.0005"
    );
    m.insert("x".into(), Value::Scalar(0.0206));
    assert_eq!(
        check_claim("x ~= 0.020", &m).unwrap().explanation,
        "0.02060 ≉ 0.020 ± 0.0005 (off by 0.0006)"
    );
    m.insert("x".into(), Value::Scalar(2.04e-3));
    let v = check_claim("x ~= 2.0e-3", &m).unwrap();
    assert!(v.passed);
    assert_eq!(v.tolerance, Some(0.05e-3));
    m.insert("x".into(), Value::Scalar(200.4));
    assert!(check_claim("x ~= 200", &m).unwrap().passed);
    m.insert("x".into(), Value::Scalar(200.6));
    assert!(!check_claim("x ~= 200", &m).unwrap().passed);
    // Literal on the left works too; negative literals keep their precision.
    m.insert("x".into(), Value::Scalar(-0.0204));
    let v = check_claim("-0.020 ~= x", &m).unwrap();
    assert!(v.passed, "{}", v.explanation);
    assert!(v.explanation.starts_with("-0.020 ≈ "), "{}", v.explanation);
}

#[test]
fn explicit_tolerances() {
    let v = verdict("stiff.dt_limit ~= 0.021 +- 0.002");
    assert!(v.passed);
    assert_eq!(v.tolerance, Some(0.002));
    assert!(!verdict("stiff.dt_limit ~= 0.021 +- 0.0005").passed);
    let v = verdict("stiff.dt_limit ~= 0.0202 ± 1%");
    assert!(v.passed, "{}", v.explanation);
    assert!((v.tolerance.unwrap() - 0.000202).abs() < 1e-15);
    assert!(
        v.explanation.contains("± 1% (± 0.000202)"),
        "{}",
        v.explanation
    );
    assert!(!verdict("stiff.dt_limit ~= 0.0205 +- 1%").passed);
    let e = check_claim("stiff.dt_limit ~= 0.02 +- -1", &env()).unwrap_err();
    assert!(e.to_string().contains("non-negative"), "{e}");
    assert_eq!(e.span(), Span::new(23, 28));
    assert!(check_claim("conv.err ~= 0.1", &env())
        .unwrap_err()
        .to_string()
        .contains("scalar"));
}

#[test]
fn computed_sides_use_relative_default() {
    let v = verdict("stiff.dt_limit ~= 2/stiff.params.a");
    assert!(v.passed, "{}", v.explanation);
    assert!(
        v.explanation.ends_with("(relative 1e-9)"),
        "{}",
        v.explanation
    );
    assert!(!verdict("stiff.dt_limit ~= 2.0001/stiff.params.a").passed);
    // NaN never passes.
    let v = verdict("nan ~= 0.5");
    assert!(!v.passed);
    assert!(v.explanation.starts_with("NaN ≉"), "{}", v.explanation);
}

#[test]
fn verdicts_for_comparisons_and_logic() {
    let v = verdict("stiff.dt_limit < 0.5");
    assert!(v.passed);
    assert_eq!(
        (v.observed, v.expected, v.tolerance),
        (Some(0.02), Some(0.5), None)
    );
    assert_eq!(v.explanation, "0.02 < 0.5");
    let v = verdict("0 < stiff.dt_limit <= 0.01");
    assert!(!v.passed);
    assert_eq!(v.explanation, "0 < 0.02 <= 0.01 is false");
    let v = verdict("stiff.dt_limit ~= 0.020 and len(conv.err) == 3");
    assert!(v.passed);
    assert_eq!(v.observed, None);
    assert_eq!(v.explanation, "(0.02000 ≈ 0.020 ± 0.0005) and (3 == 3)");
    assert!(verdict("stiff.dt_limit > 1 or flag").passed);
    assert!(!verdict("not flag").passed);
    assert!(verdict("flag == true").passed);
    let v = verdict("flag");
    assert_eq!(v.explanation, "flag is true");
    let e = check_claim("stiff.dt_limit * 2", &env()).unwrap_err();
    assert!(e.to_string().contains("must be true or false"), "{e}");
    // A resolver can be a closure.
    let r = |path: &[&str], span: Span| match path {
        ["x"] => Ok(Value::Scalar(1.0)),
        _ => Err(EvalError::unknown_reference(path, span)),
    };
    assert!(check_claim("x == 1", &r).unwrap().passed);
}
