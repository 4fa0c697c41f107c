//! Error types of the claim language (parse, evaluation, number format) and name suggestions.

use super::ast::{Func, Span};
use thiserror::Error;

/// A syntax error, with the byte span of the offending token.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParseError {
    /// The input is empty or only whitespace.
    #[error("empty expression")]
    Empty {
        /// End of input.
        span: Span,
    },
    /// A character that starts no token.
    #[error("unexpected character '{ch}'{hint}")]
    UnexpectedChar {
        /// The character.
        ch: char,
        /// Extra advice, starting with "; " (may be empty).
        hint: String,
        /// Where it is.
        span: Span,
    },
    /// A malformed number literal such as `2.` or `1e` or `3x`.
    #[error("invalid number '{text}'")]
    InvalidNumber {
        /// The malformed text.
        text: String,
        /// Where it is.
        span: Span,
    },
    /// An operand is missing, e.g. `1 +` or `* 2`.
    #[error("expected an expression{}", after.as_ref().map(|a| format!(" after '{a}'")).unwrap_or_default())]
    ExpectedExpression {
        /// The token before the gap, if any.
        after: Option<String>,
        /// The token found instead (or end of input).
        span: Span,
    },
    /// A call of a function the language does not have.
    #[error("unknown function '{name}'{}", suggestion.map(|s| format!("; did you mean '{s}'?")).unwrap_or_default())]
    UnknownFunction {
        /// The name written.
        name: String,
        /// A close known name.
        suggestion: Option<&'static str>,
        /// Span of the name.
        span: Span,
    },
    /// `(` or `[` without its closing partner before the end of input.
    #[error("unclosed {what}")]
    Unclosed {
        /// "parenthesis" or "bracket".
        what: &'static str,
        /// Span of the opening token.
        span: Span,
    },
    /// Some token was required but another was found.
    #[error("expected {expected}, found {found}")]
    Expected {
        /// What was required.
        expected: String,
        /// What was found.
        found: String,
        /// Where.
        span: Span,
    },
    /// A token that cannot appear here.
    #[error("unexpected {found}{hint}")]
    Unexpected {
        /// Description of the token.
        found: String,
        /// Extra advice, starting with "; " (may be empty).
        hint: String,
        /// Where.
        span: Span,
    },
    /// A function called with the wrong number of arguments.
    #[error("function '{name}' takes {expected}, got {found}")]
    Arity {
        /// Function name.
        name: &'static str,
        /// Description such as "1 argument".
        expected: &'static str,
        /// How many were given.
        found: usize,
        /// Span of the whole call.
        span: Span,
    },
}

impl ParseError {
    /// The span to underline.
    pub fn span(&self) -> Span {
        match self {
            ParseError::Empty { span }
            | ParseError::UnexpectedChar { span, .. }
            | ParseError::InvalidNumber { span, .. }
            | ParseError::ExpectedExpression { span, .. }
            | ParseError::UnknownFunction { span, .. }
            | ParseError::Unclosed { span, .. }
            | ParseError::Expected { span, .. }
            | ParseError::Unexpected { span, .. }
            | ParseError::Arity { span, .. } => *span,
        }
    }
}

/// An error while evaluating a parsed expression, with the span of the node at fault.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EvalError {
    /// The resolver does not know a path. Build it with [`EvalError::unknown_reference`].
    #[error("unknown reference '{path}'{hint}")]
    UnknownReference {
        /// The dotted path.
        path: String,
        /// Extra advice, starting with "; " (may be empty).
        hint: String,
        /// Span of the reference.
        span: Span,
    },
    /// An operation applied to a value of the wrong type (e.g. `true + 1`).
    #[error("type error: {message}")]
    Type {
        /// What went wrong.
        message: String,
        /// Span of the offending operand or node.
        span: Span,
    },
    /// A mathematical error: division by zero, `log10` of a non-positive value, NaN result...
    #[error("{message}")]
    Math {
        /// What went wrong.
        message: String,
        /// Span of the node.
        span: Span,
    },
    /// A series index outside the series.
    #[error("index {index} is out of range for a series of length {len}")]
    Index {
        /// The index written (may be negative).
        index: i64,
        /// The series length.
        len: usize,
        /// Span of the index expression.
        span: Span,
    },
    /// Any other failure reported by the resolver.
    #[error("{message}")]
    Resolver {
        /// The resolver's message.
        message: String,
        /// Span of the reference.
        span: Span,
    },
}

impl EvalError {
    /// The error a [`crate::claims::Resolve`] implementation returns for a path it
    /// does not know. When a segment contains `-`, the message reminds the author that
    /// `a.b-2` is one name and subtraction needs spaces (`a.b - 2`).
    pub fn unknown_reference(path: &[&str], span: Span) -> EvalError {
        let joined = path.join(".");
        let hint = if path.iter().any(|s| s.contains('-')) {
            "; note: '-' between letters or digits is part of a name, write 'a - b' with spaces to subtract".to_string()
        } else {
            String::new()
        };
        EvalError::UnknownReference {
            path: joined,
            hint,
            span,
        }
    }

    /// The span to underline.
    pub fn span(&self) -> Span {
        match self {
            EvalError::UnknownReference { span, .. }
            | EvalError::Type { span, .. }
            | EvalError::Math { span, .. }
            | EvalError::Index { span, .. }
            | EvalError::Resolver { span, .. } => *span,
        }
    }
}

/// An unsupported or inapplicable number-format spec.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FormatError {
    /// The spec is not one of the supported forms.
    #[error("invalid format spec '{spec}': {reason}")]
    InvalidSpec {
        /// The spec as written.
        spec: String,
        /// Why it is rejected.
        reason: String,
    },
    /// The `d` spec applied to a value that is not a whole number.
    #[error("format 'd' needs a whole number, got {value}")]
    NotInteger {
        /// The value.
        value: f64,
    },
}

/// Any error of the high-level helpers, with a span relative to the claim text.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ClaimError {
    /// Syntax error.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Evaluation error.
    #[error(transparent)]
    Eval(#[from] EvalError),
    /// Format-spec error, with the span of the spec.
    #[error("{source}")]
    Format {
        /// The underlying error.
        source: FormatError,
        /// Span of the spec after `:`.
        span: Span,
    },
}

impl ClaimError {
    /// The span to underline.
    pub fn span(&self) -> Span {
        match self {
            ClaimError::Parse(e) => e.span(),
            ClaimError::Eval(e) => e.span(),
            ClaimError::Format { span, .. } => *span,
        }
    }
}

/// A known function close to an unknown name: common aliases, then edit distance ≤ 2.
pub(crate) fn suggest_function(name: &str) -> Option<&'static str> {
    let alias = match name {
        "lg" | "log" => Some("log10"),
        "avg" | "average" => Some("mean"),
        "length" | "size" | "count" => Some("len"),
        "fabs" => Some("abs"),
        "minimum" => Some("min"),
        "maximum" => Some("max"),
        _ => None,
    };
    alias.or_else(|| {
        Func::ALL
            .iter()
            .map(|f| (edit_distance(name, f.name()), f.name()))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| n)
    })
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
