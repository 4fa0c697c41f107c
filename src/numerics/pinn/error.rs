//! The error type of the PINN engine: every bad parameter is reported, never panicked on.

use std::fmt;

/// What went wrong when building or analysing a PINN problem.
#[derive(Debug, Clone, PartialEq)]
pub enum PinnError {
    /// The network has fewer than two widths or a zero width.
    InvalidNetwork(String),
    /// A loss term or problem has no points.
    NoPoints(&'static str),
    /// Two sizes that must agree do not (what, expected, found).
    DimensionMismatch {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    /// A numeric parameter is out of its valid range.
    InvalidParameter(String),
    /// A computation produced a non-finite number where it must not.
    NonFinite(String),
    /// The dense eigensolver failed.
    Eigen(String),
}

impl fmt::Display for PinnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinnError::InvalidNetwork(msg) => write!(f, "invalid network: {msg}"),
            PinnError::NoPoints(what) => write!(f, "no {what} points"),
            PinnError::DimensionMismatch {
                what,
                expected,
                found,
            } => write!(f, "{what}: expected {expected}, found {found}"),
            PinnError::InvalidParameter(msg) => write!(f, "invalid parameter: {msg}"),
            PinnError::NonFinite(msg) => write!(f, "non-finite value: {msg}"),
            PinnError::Eigen(msg) => write!(f, "eigensolver failed: {msg}"),
        }
    }
}

impl std::error::Error for PinnError {}

/// Shorthand for `Err(PinnError::InvalidParameter(..))`.
pub(crate) fn invalid<T>(msg: impl Into<String>) -> Result<T, PinnError> {
    Err(PinnError::InvalidParameter(msg.into()))
}
