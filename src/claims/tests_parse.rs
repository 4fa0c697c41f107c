//! Tests of the lexer and parser: precedence, associativity, spans, names with hyphens, errors.

use super::*;

fn show(src: &str) -> String {
    parse(src)
        .unwrap_or_else(|e| panic!("{src:?}: {e}"))
        .to_string()
}

fn err(src: &str) -> ParseError {
    parse(src).expect_err(src)
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(show("1 + 2 * 3"), "(1 + (2 * 3))");
    assert_eq!(show("1 - 2 - 3"), "((1 - 2) - 3)");
    assert_eq!(show("8 / 4 / 2"), "((8 / 4) / 2)");
    assert_eq!(show("2 ^ 3 ^ 2"), "(2 ^ (3 ^ 2))");
    assert_eq!(show("2 ** 3"), "(2 ^ 3)");
    assert_eq!(show("-2 ^ 2"), "(-(2 ^ 2))");
    assert_eq!(show("2 ^ -1"), "(2 ^ (-1))");
    assert_eq!(show("-a.b * c"), "((-a.b) * c)");
    assert_eq!(show("(1 + 2) * 3"), "((1 + 2) * 3)");
    assert_eq!(show("a < b and c > d or e"), "(((a < b) and (c > d)) or e)");
    assert_eq!(show("not a == b && !c"), "((not (a == b)) and (not c))");
    assert_eq!(show("a || b && c"), "(a or (b and c))");
    assert_eq!(show("0 < x <= 1"), "(0 < x <= 1)");
    assert_eq!(show("x ~= 2 / y +- 0.01"), "(x ~= (2 / y) +- 0.01)");
    assert_eq!(show("x ≈ y ± 1%"), "(x ~= y +- 1%)");
    assert_eq!(show("x ~= 0.5 and y ≤ 2"), "((x ~= 0.5) and (y <= 2))");
    assert_eq!(
        show("max(abs(a.e), 1e-3, 2.5E+4)"),
        "max(abs(a.e), 1e-3, 2.5E+4)"
    );
    assert_eq!(show("a.b[-1] * 2"), "(a.b[(-1)] * 2)");
    assert_eq!(show("true != false"), "(true != false)");
}

#[test]
fn hyphenated_names_and_subtraction() {
    // `-` directly between name characters belongs to the name...
    assert_eq!(show("stiff-ode.dt_limit"), "stiff-ode.dt_limit");
    assert_eq!(show("a.b-2"), "a.b-2");
    assert_eq!(show("heat-1d.x-max"), "heat-1d.x-max");
    // ...otherwise it is subtraction.
    assert_eq!(show("a.b - 2"), "(a.b - 2)");
    assert_eq!(show("a.b -2"), "(a.b - 2)");
    assert_eq!(show("a.b- 2"), "(a.b - 2)");
    assert_eq!(show("2-a"), "(2 - a)");
    assert_eq!(show("a--b"), "(a - (-b))");
    let e = parse("stiff-ode.dt_limit").unwrap();
    let ExprKind::Ref(path) = &e.kind else {
        panic!("not a ref")
    };
    assert_eq!(path[0].name, "stiff-ode");
    assert_eq!(path[0].span, Span::new(0, 9));
    assert_eq!(path[1].span, Span::new(10, 18));
    assert_eq!(
        e.references(),
        vec![(
            vec!["stiff-ode".to_string(), "dt_limit".to_string()],
            Span::new(0, 18)
        )]
    );
}

#[test]
fn node_spans() {
    let src = "abs(x.y) + 2 * z[3]";
    let e = parse(src).unwrap();
    assert_eq!(e.span, Span::new(0, src.len()));
    let ExprKind::Binary {
        op,
        op_span,
        lhs,
        rhs,
    } = &e.kind
    else {
        panic!()
    };
    assert_eq!(*op, BinOp::Add);
    assert_eq!(&src[op_span.start..op_span.end], "+");
    assert_eq!(&src[lhs.span.start..lhs.span.end], "abs(x.y)");
    assert_eq!(&src[rhs.span.start..rhs.span.end], "2 * z[3]");
    let ExprKind::Call {
        name_span, args, ..
    } = &lhs.kind
    else {
        panic!()
    };
    assert_eq!(*name_span, Span::new(0, 3));
    assert_eq!(args[0].span, Span::new(4, 7));
    let ExprKind::Binary { rhs: idx, .. } = &rhs.kind else {
        panic!()
    };
    assert_eq!(&src[idx.span.start..idx.span.end], "z[3]");
    // Parentheses are part of the span; multi-byte operators keep byte offsets.
    let src = "(a) ≈ 0.020 ± 1%";
    let e = parse(src).unwrap();
    let ExprKind::Approx {
        lhs,
        op_span,
        tolerance,
        ..
    } = &e.kind
    else {
        panic!()
    };
    assert_eq!(lhs.span, Span::new(0, 3));
    assert_eq!(&src[op_span.start..op_span.end], "≈");
    let t = tolerance.as_ref().unwrap();
    assert!(t.relative);
    assert_eq!(&src[t.span.start..t.span.end], "± 1%");
    assert_eq!(e.span, Span::new(0, src.len()));
}

#[test]
fn number_literals_keep_precision() {
    let lit = |s: &str| match parse(s).unwrap().kind {
        ExprKind::Number(l) => l,
        k => panic!("{k:?}"),
    };
    assert_eq!(lit("0.020").half_unit, 0.0005);
    assert_eq!(lit("2.0e-3").half_unit, 0.00005);
    assert_eq!(lit("200").half_unit, 0.5);
    assert_eq!(lit("2.5E+4").value, 25000.0);
    assert_eq!(lit("2.5E+4").half_unit, 500.0);
    assert_eq!(lit("1e-3").value, 0.001);
    assert_eq!(lit("0.020").text, "0.020");
}

#[test]
fn error_messages_and_spans() {
    let e = err("1 +");
    assert_eq!(e.to_string(), "expected an expression after '+'");
    assert_eq!(e.span(), Span::new(3, 3));
    let e = err("lg(x)");
    assert_eq!(
        e.to_string(),
        "unknown function 'lg'; did you mean 'log10'?"
    );
    assert_eq!(e.span(), Span::new(0, 2));
    let e = err("sqr(x)");
    assert_eq!(
        e.to_string(),
        "unknown function 'sqr'; did you mean 'sqrt'?"
    );
    let e = err("2 * (a + b");
    assert_eq!(e.to_string(), "unclosed parenthesis");
    assert_eq!(e.span(), Span::new(4, 5));
    let e = err("x[1");
    assert_eq!(e.to_string(), "unclosed bracket");
    assert_eq!(e.span(), Span::new(1, 2));
    let e = err("(a b)");
    assert!(e.to_string().starts_with("expected ')'"), "{e}");
    assert_eq!(e.span(), Span::new(3, 4));
    let e = err("a b");
    assert!(e.to_string().contains("missing operator"), "{e}");
    assert_eq!(e.span(), Span::new(2, 3));
    assert_eq!(err("").to_string(), "empty expression");
    assert_eq!(err("   ").span(), Span::new(3, 3));
    let e = err("a = 1");
    assert!(e.to_string().contains("use '=='"), "{e}");
    assert_eq!(e.span(), Span::new(2, 3));
    let e = err("x $ 2");
    assert_eq!(e.span(), Span::new(2, 3));
    assert!(matches!(err("2."), ParseError::InvalidNumber { .. }));
    assert!(matches!(err("1e"), ParseError::InvalidNumber { .. }));
    assert_eq!(err("3x + 1").span(), Span::new(0, 2));
    assert!(err("a < b +- 1")
        .to_string()
        .contains("only allowed after '~='"));
    assert!(err("a + 5%")
        .to_string()
        .contains("only allowed after a tolerance"));
    assert!(err("a ~= b ~= c").to_string().contains("cannot be chained"));
    assert!(err("a < b ~= c").to_string().contains("cannot be chained"));
    let e = err("len(a, b)");
    assert_eq!(e.to_string(), "function 'len' takes 1 argument, got 2");
    assert_eq!(e.span(), Span::new(0, 9));
    assert!(err("max()")
        .to_string()
        .contains("takes one series or two or more scalars"));
    assert_eq!(err("* 2").to_string(), "expected an expression");
    assert_eq!(err("a )").span(), Span::new(2, 3));
}
