//! Canonical, fully parenthesised printing of expressions (for explanations and tests).

use super::ast::{Expr, ExprKind, UnaryOp};
use std::fmt;

impl fmt::Display for Expr {
    /// Prints the expression with every operation parenthesised, e.g. `(1 + (2 * 3))`;
    /// number literals keep their written text and names their dotted form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(lit) => f.write_str(&lit.text),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Ref(path) => {
                for (i, seg) in path.iter().enumerate() {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(&seg.name)?;
                }
                Ok(())
            }
            ExprKind::Index { target, index } => write!(f, "{target}[{index}]"),
            ExprKind::Call { func, args, .. } => {
                write!(f, "{}(", func.name())?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Neg => write!(f, "(-{operand})"),
                UnaryOp::Not => write!(f, "(not {operand})"),
            },
            ExprKind::Binary { op, lhs, rhs, .. } => write!(f, "({lhs} {} {rhs})", op.symbol()),
            ExprKind::Compare { first, rest } => {
                write!(f, "({first}")?;
                for (op, _, e) in rest {
                    write!(f, " {} {e}", op.symbol())?;
                }
                f.write_str(")")
            }
            ExprKind::Approx {
                lhs,
                rhs,
                tolerance,
                ..
            } => {
                write!(f, "({lhs} ~= {rhs}")?;
                if let Some(t) = tolerance {
                    write!(f, " +- {}{}", t.value, if t.relative { "%" } else { "" })?;
                }
                f.write_str(")")
            }
        }
    }
}
