//! Tests of number formatting (expected strings produced by Python's `format`) and spec splitting.

use super::format::{format_value, split_spec};
use super::*;
use std::collections::HashMap;

#[test]
fn matches_python_format() {
    let cases: &[(f64, &str, &str)] = &[
        (0.0199999, ".3g", "0.02"),
        (12345.0, ".3g", "1.23e+04"),
        (0.0001234, ".3g", "0.000123"),
        (1.234e-05, ".3g", "1.23e-05"),
        (123456.0, ".6g", "123456"),
        (1234567.0, ".6g", "1.23457e+06"),
        (0.5, ".3g", "0.5"),
        (100.0, ".3g", "100"),
        (999.5, ".3g", "1e+03"),
        (9.9995, ".4g", "9.999"),
        (0.0, ".3g", "0"),
        (-0.0, ".3g", "-0"),
        (1e-300, ".2g", "1e-300"),
        (1.23456, ".2f", "1.23"),
        (0.125, ".2f", "0.12"),
        (2.675, ".2f", "2.67"),
        (-1.5, ".0f", "-2"),
        (12345.678, ".2e", "1.23e+04"),
        (0.000123, ".2e", "1.23e-04"),
        (1e100, ".1e", "1.0e+100"),
        (0.1234, ".1%", "12.3%"),
        (0.5, ".0%", "50%"),
        (1.0, "", "1.0"),
        (0.1, "", "0.1"),
        (1e16, "", "1e+16"),
        (1.5e-5, "", "1.5e-05"),
        (123456789012345.0, "", "123456789012345.0"),
        (0.0001, "", "0.0001"),
        (1.0 / 3.0, "", "0.3333333333333333"),
        (-2.5, "", "-2.5"),
        (3.0, "+.2f", "+3.00"),
        (2.0, " .1f", " 2.0"),
        (12345.0, ".3G", "1.23E+04"),
        (f64::INFINITY, ".3g", "inf"),
        (f64::NAN, ".2f", "nan"),
        (0.0199999, "g", "0.0199999"),
        (1234567.0, "g", "1.23457e+06"),
        (5e-5, ".6g", "5e-05"),
        (0.002, ".6g", "0.002"),
        (42.0, "d", "42"),
        (-7.0, "d", "-7"),
    ];
    for (v, spec, want) in cases {
        assert_eq!(
            format_value(*v, spec).unwrap(),
            *want,
            "format({v}, {spec:?})"
        );
    }
}

#[test]
fn rejects_bad_specs() {
    for spec in [".3", ".g", "x", ".3gg", "3f", ".2d", ".999f"] {
        assert!(
            matches!(
                format_value(1.0, spec),
                Err(FormatError::InvalidSpec { .. })
            ),
            "{spec:?} should be rejected"
        );
    }
    assert_eq!(
        format_value(2.5, "d"),
        Err(FormatError::NotInteger { value: 2.5 })
    );
    assert!(format_value(f64::INFINITY, "d").is_err());
}

#[test]
fn formatting_is_deterministic() {
    for v in [0.1 + 0.2, 1e-7, 6.02214076e23] {
        assert_eq!(format_value(v, ".4g"), format_value(v, ".4g"));
        assert_eq!(format_value(v, ""), format_value(v, ""));
    }
    assert_eq!(format_value(0.1 + 0.2, "").unwrap(), "0.30000000000000004");
}

#[test]
fn split_at_last_top_level_colon() {
    let s = split_spec("stiff.dt_limit:.3g");
    assert_eq!((s.expr, s.spec), ("stiff.dt_limit", Some(".3g")));
    assert_eq!(s.spec_span, Span::new(15, 18));
    let s = split_spec("a.b");
    assert_eq!((s.expr, s.spec), ("a.b", None));
    let s = split_spec("x[(1)]: .2f ");
    assert_eq!((s.expr, s.spec), ("x[(1)]", Some(".2f")));
    assert_eq!(s.spec_span, Span::new(8, 11));
    // A colon nested in brackets is not a spec separator.
    let s = split_spec("f(a:b)");
    assert_eq!(s.spec, None);
}

#[test]
fn eval_inline_formats_values() {
    let mut env = HashMap::new();
    env.insert("stiff.dt_limit".to_string(), Value::Scalar(0.0199999));
    env.insert("stiff.stable".to_string(), Value::Bool(true));
    env.insert("conv.err".to_string(), Value::Series(vec![1e-2, 2.5e-3]));
    assert_eq!(eval_inline("stiff.dt_limit:.3g", &env).unwrap(), "0.02");
    assert_eq!(
        eval_inline("stiff.dt_limit * 100:.1f", &env).unwrap(),
        "2.0"
    );
    assert_eq!(eval_inline("last(conv.err):.1e", &env).unwrap(), "2.5e-03");
    assert_eq!(eval_inline("stiff.stable", &env).unwrap(), "true");
    let err = eval_inline("stiff.dt_limit:.3q", &env).unwrap_err();
    assert_eq!(err.span(), Span::new(15, 18));
    assert!(err.to_string().contains("unknown type 'q'"), "{err}");
    let err = eval_inline("conv.err:.3g", &env).unwrap_err();
    assert!(err.to_string().contains("must be a scalar"), "{err}");
}
