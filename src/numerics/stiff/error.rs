//! The error type returned when a stiffness computation is given invalid input.

use std::fmt;

/// Why a stiffness computation refused its input or could not finish.
///
/// Every public entry point validates its parameters and returns one of these
/// instead of panicking.
#[derive(Debug, Clone, PartialEq)]
pub enum StiffError {
    /// A parameter is out of its allowed range (for example `dt <= 0`, a
    /// non-finite value, or an empty list).
    InvalidParameter {
        /// Name of the offending parameter.
        name: &'static str,
        /// What was wrong with it.
        reason: String,
    },
    /// A grid has fewer points than the discretisation needs.
    TooFewGridPoints {
        /// Number of points supplied.
        n: usize,
        /// Smallest number accepted.
        min: usize,
    },
    /// A vector or matrix has the wrong size.
    DimensionMismatch {
        /// Size that was required.
        expected: usize,
        /// Size that was supplied.
        found: usize,
    },
    /// A matrix or spectrum that must be symmetric positive definite is not.
    NotSpd(String),
    /// A linear system met a zero (or numerically zero) pivot.
    Singular {
        /// Row at which elimination broke down.
        row: usize,
    },
    /// Newton's method for an implicit step did not converge.
    NewtonDidNotConverge {
        /// Iterations performed.
        iterations: usize,
        /// Infinity norm of the last Newton correction.
        last_correction: f64,
    },
}

impl StiffError {
    /// Shorthand for [`StiffError::InvalidParameter`].
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        StiffError::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for StiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StiffError::InvalidParameter { name, reason } => {
                write!(f, "invalid parameter `{name}`: {reason}")
            }
            StiffError::TooFewGridPoints { n, min } => {
                write!(f, "grid has {n} points but at least {min} are required")
            }
            StiffError::DimensionMismatch { expected, found } => {
                write!(f, "dimension mismatch: expected {expected}, found {found}")
            }
            StiffError::NotSpd(what) => write!(f, "not symmetric positive definite: {what}"),
            StiffError::Singular { row } => {
                write!(f, "singular linear system (zero pivot at row {row})")
            }
            StiffError::NewtonDidNotConverge {
                iterations,
                last_correction,
            } => write!(
                f,
                "Newton iteration did not converge after {iterations} iterations \
                 (last correction {last_correction:e})"
            ),
        }
    }
}

impl std::error::Error for StiffError {}

/// `Ok(())` if `value` is finite and strictly positive, otherwise an
/// [`StiffError::InvalidParameter`] naming `name`.
pub(crate) fn require_positive(name: &'static str, value: f64) -> Result<(), StiffError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(StiffError::invalid(
            name,
            format!("must be finite and > 0, got {value}"),
        ))
    }
}

/// `Ok(())` if `value` is finite, otherwise an [`StiffError::InvalidParameter`].
pub(crate) fn require_finite(name: &'static str, value: f64) -> Result<(), StiffError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(StiffError::invalid(
            name,
            format!("must be finite, got {value}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_parameter_and_positivity_check_rejects_bad_values() {
        let e = StiffError::invalid("dt", "must be > 0");
        assert_eq!(e.to_string(), "invalid parameter `dt`: must be > 0");
        assert!(require_positive("dt", 0.0).is_err());
        assert!(require_positive("dt", -1.0).is_err());
        assert!(require_positive("dt", f64::NAN).is_err());
        assert!(require_positive("dt", f64::INFINITY).is_err());
        assert!(require_positive("dt", 1e-300).is_ok());
        assert!(require_finite("x", f64::NAN).is_err());
    }
}
