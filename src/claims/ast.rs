//! Syntax tree of claim expressions, with a byte span on every node.

use std::fmt;

/// A half-open byte range `start..end` into the expression source.
///
/// Spans are relative to the string given to [`crate::claims::parse`]; a caller that
/// extracted the expression from a larger file adds the expression's offset with
/// [`Span::shifted`] before turning it into `file:line:col`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The same span moved right by `offset` bytes.
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for an empty span (e.g. the end of input).
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// One segment of a reference path such as `stiff-ode` in `stiff-ode.dt_limit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The segment text.
    pub name: String,
    /// Where the segment is written.
    pub span: Span,
}

/// A number literal as written, kept so that tolerances can follow its precision.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberLit {
    /// The parsed value.
    pub value: f64,
    /// The literal exactly as written (`"0.020"`, `"2.0e-3"`).
    pub text: String,
    /// Half a unit in the last written digit: `0.020` → 0.0005, `200` → 0.5.
    pub half_unit: f64,
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `abs(x)` (element-wise on series).
    Abs,
    /// `log10(x)` (element-wise).
    Log10,
    /// `ln(x)` (element-wise).
    Ln,
    /// `exp(x)` (element-wise).
    Exp,
    /// `sqrt(x)` (element-wise).
    Sqrt,
    /// `min(a, b, ...)` of scalars or `min(series)`.
    Min,
    /// `max(a, b, ...)` of scalars or `max(series)`.
    Max,
    /// `len(series)`.
    Len,
    /// `first(series)`.
    First,
    /// `last(series)`.
    Last,
    /// `sum(series)`.
    Sum,
    /// `mean(series)`.
    Mean,
}

impl Func {
    /// Every function, in documentation order.
    pub const ALL: [Func; 12] = [
        Func::Abs,
        Func::Log10,
        Func::Ln,
        Func::Exp,
        Func::Sqrt,
        Func::Min,
        Func::Max,
        Func::Len,
        Func::First,
        Func::Last,
        Func::Sum,
        Func::Mean,
    ];

    /// The function's name in the claim language.
    pub fn name(self) -> &'static str {
        match self {
            Func::Abs => "abs",
            Func::Log10 => "log10",
            Func::Ln => "ln",
            Func::Exp => "exp",
            Func::Sqrt => "sqrt",
            Func::Min => "min",
            Func::Max => "max",
            Func::Len => "len",
            Func::First => "first",
            Func::Last => "last",
            Func::Sum => "sum",
            Func::Mean => "mean",
        }
    }

    /// Looks a function up by name.
    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Allowed argument counts `(min, max)`; `None` means unbounded.
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Func::Min | Func::Max => (1, None),
            _ => (1, Some(1)),
        }
    }
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// Arithmetic negation `-x`.
    Neg,
    /// Boolean negation `not x` / `!x`.
    Not,
}

/// Infix arithmetic and boolean operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^` (also `**`), right-associative.
    Pow,
    /// `and` / `&&`
    And,
    /// `or` / `||`
    Or,
}

impl BinOp {
    /// The canonical spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// Exact comparison operators (chainable: `a < b < c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CmpOp {
    /// The canonical spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }
}

/// The explicit tolerance of `a ~= b +- tol` or `a ~= b +- tol%`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tolerance {
    /// The tolerance expression (a percentage number when `relative`).
    pub value: Box<Expr>,
    /// True for `+- p%`: the bound is `p/100 * |b|`.
    pub relative: bool,
    /// Span from `+-` to the end of the tolerance (including `%`).
    pub span: Span,
}

/// An expression node with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it is written (a parenthesised expression's span includes the parentheses).
    pub span: Span,
}

/// The kinds of expression nodes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal.
    Number(NumberLit),
    /// `true` / `false`.
    Bool(bool),
    /// A dotted reference `a.b.c`, resolved by the caller.
    Ref(Vec<Ident>),
    /// `target[index]`; negative indices count from the end.
    Index {
        /// The indexed series.
        target: Box<Expr>,
        /// The index expression.
        index: Box<Expr>,
    },
    /// A built-in function call.
    Call {
        /// Which function.
        func: Func,
        /// Span of the function name.
        name_span: Span,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// A prefix operation.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// An infix arithmetic or boolean operation.
    Binary {
        /// The operator.
        op: BinOp,
        /// Span of the operator token.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// A comparison chain `first op1 e1 op2 e2 ...` meaning `first op1 e1 and e1 op2 e2 ...`.
    Compare {
        /// The leftmost operand.
        first: Box<Expr>,
        /// The operators (with their spans) and right operands, in order.
        rest: Vec<(CmpOp, Span, Expr)>,
    },
    /// Approximate equality `lhs ~= rhs [+- tol[%]]` (also written `≈`, `±`).
    Approx {
        /// Observed side.
        lhs: Box<Expr>,
        /// Expected side.
        rhs: Box<Expr>,
        /// Span of the `~=` token.
        op_span: Span,
        /// Explicit tolerance, if written.
        tolerance: Option<Tolerance>,
    },
}

impl Expr {
    /// If this node is a number literal, possibly negated (`-0.020`), returns its
    /// value and precision half-unit.
    pub fn as_literal(&self) -> Option<(f64, &NumberLit)> {
        match &self.kind {
            ExprKind::Number(lit) => Some((lit.value, lit)),
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => operand.as_literal().map(|(v, lit)| (-v, lit)),
            _ => None,
        }
    }

    /// Every reference path in the expression, in source order, with its span.
    /// Useful to find which experiments a claim depends on.
    pub fn references(&self) -> Vec<(Vec<String>, Span)> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs(&self, out: &mut Vec<(Vec<String>, Span)>) {
        match &self.kind {
            ExprKind::Number(_) | ExprKind::Bool(_) => {}
            ExprKind::Ref(path) => {
                out.push((path.iter().map(|i| i.name.clone()).collect(), self.span));
            }
            ExprKind::Index { target, index } => {
                target.collect_refs(out);
                index.collect_refs(out);
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.collect_refs(out)),
            ExprKind::Unary { operand, .. } => operand.collect_refs(out),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.collect_refs(out);
                rhs.collect_refs(out);
            }
            ExprKind::Compare { first, rest } => {
                first.collect_refs(out);
                rest.iter().for_each(|(_, _, e)| e.collect_refs(out));
            }
            ExprKind::Approx {
                lhs,
                rhs,
                tolerance,
                ..
            } => {
                lhs.collect_refs(out);
                rhs.collect_refs(out);
                if let Some(t) = tolerance {
                    t.value.collect_refs(out);
                }
            }
        }
    }
}
