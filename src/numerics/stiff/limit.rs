//! Empirical stability limits: a boundedness test over a fixed horizon and a bisection on `dt`.
//!
//! The search is generic: it only needs a closure `dt ↦ "bounded?"`, so the same
//! code finds the limit for the scalar decay, an SPD system, both heat grids and
//! gradient descent (where `dt` is the learning rate).

use serde::{Deserialize, Serialize};

use super::error::{require_positive, StiffError};
use super::linear::{norm2, LinearOperator, LinearStepper};
use super::method::Method;

/// The boundedness test behind every empirical limit.
///
/// **Criterion.** From a fixed non-zero `y0`, take `steps` steps of size `dt`; the
/// run is *bounded* iff `‖y_k‖₂ ≤ growth_bound · ‖y0‖₂` and `y_k` is finite for every
/// `k = 1..=steps` (the run stops at the first violation).
///
/// **Why it reproduces the analytic limits.** The studies start from a `y0` with
/// equal weight `‖y0‖/√n` on each of the `n` eigenmodes of a symmetric `A`. For
/// `dt ≤ 2/λ_max`, FE has `|R(-λ_i dt)| ≤ 1` for every mode, so
/// `‖y_k‖ ≤ ‖y0‖ < 2‖y0‖`: the limit itself (where the top mode has `|R| = 1`
/// exactly and oscillates with constant amplitude) is classified *bounded*. For
/// `dt = (1 + ε) 2/λ_max` the top mode has `|R| = 1 + 2ε` and alone reaches
/// `‖y0‖ (1+2ε)^k / √n`, so the run is flagged once `ε > ln(2√n) / (2 · steps)`.
/// With the defaults (`steps = 10 000`, `growth_bound = 2`) that is `ε < 3.5e-5`
/// for a scalar and `ε < 1.9e-4` for `n = 512`: the empirical boundary lies in
/// `[dt*, dt* (1 + 2e-4)]`, well inside the required relative `1e-3`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoundednessCriterion {
    /// Horizon: number of steps taken (≥ 1).
    pub steps: usize,
    /// Growth bound `C` (> 1) on `‖y_k‖ / ‖y0‖`.
    pub growth_bound: f64,
}

impl Default for BoundednessCriterion {
    fn default() -> Self {
        BoundednessCriterion {
            steps: 10_000,
            growth_bound: 2.0,
        }
    }
}

impl BoundednessCriterion {
    /// Errors unless `steps ≥ 1` and `growth_bound` is finite and `> 1`.
    pub fn validate(&self) -> Result<(), StiffError> {
        if self.steps == 0 {
            return Err(StiffError::invalid("steps", "must be >= 1"));
        }
        if !(self.growth_bound.is_finite() && self.growth_bound > 1.0) {
            return Err(StiffError::invalid(
                "growth_bound",
                format!("must be finite and > 1, got {}", self.growth_bound),
            ));
        }
        Ok(())
    }
}

/// Outcome of one boundedness run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BoundednessRun {
    /// Whether the criterion held over the whole horizon.
    pub bounded: bool,
    /// Steps taken before stopping (equals the horizon when bounded).
    pub steps_taken: usize,
    /// `max_k ‖y_k‖ / ‖y0‖` over the steps taken.
    pub max_growth: f64,
    /// `‖y_last‖ / ‖y0‖`.
    pub final_growth: f64,
}

/// Runs `method` with step `dt` on `y' = -A y` from `y0` and applies `criterion`.
/// Errors on `dt ≤ 0`, a zero or wrong-length `y0`, or a failed factorisation.
pub fn linear_boundedness<Op: LinearOperator>(
    method: Method,
    op: &Op,
    y0: &[f64],
    dt: f64,
    criterion: &BoundednessCriterion,
) -> Result<BoundednessRun, StiffError> {
    criterion.validate()?;
    if y0.len() != op.dim() {
        return Err(StiffError::DimensionMismatch {
            expected: op.dim(),
            found: y0.len(),
        });
    }
    let n0 = norm2(y0);
    if !(n0.is_finite() && n0 > 0.0) {
        return Err(StiffError::invalid("y0", "must be finite and non-zero"));
    }
    let mut stepper = LinearStepper::new(method, op, dt)?;
    let mut y = y0.to_vec();
    let limit = criterion.growth_bound * n0;
    let mut max_norm: f64 = 0.0;
    let mut last = n0;
    for k in 1..=criterion.steps {
        stepper.step(&mut y)?;
        last = norm2(&y);
        max_norm = max_norm.max(last);
        // +inf exceeds `limit`; NaN compares false, so it is tested explicitly.
        if last.is_nan() || last > limit {
            return Ok(BoundednessRun {
                bounded: false,
                steps_taken: k,
                max_growth: max_norm / n0,
                final_growth: last / n0,
            });
        }
    }
    Ok(BoundednessRun {
        bounded: true,
        steps_taken: criterion.steps,
        max_growth: max_norm / n0,
        final_growth: last / n0,
    })
}

/// Settings of the bracketing + bisection search of [`find_stability_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LimitSearch {
    /// First `dt` probed (`dt_min ≤ dt_initial ≤ dt_max`).
    pub dt_initial: f64,
    /// Halving stops below this: if even `dt_min` is unbounded, `lo` is `None`.
    pub dt_min: f64,
    /// Doubling stops here: if `dt_max` is bounded, `hi` is `None` (no limit found).
    pub dt_max: f64,
    /// Bisection stops when `hi - lo ≤ rel_tol · lo`.
    pub rel_tol: f64,
    /// Cap on the number of bisection steps.
    pub max_bisections: usize,
}

impl Default for LimitSearch {
    fn default() -> Self {
        LimitSearch {
            dt_initial: 1.0,
            dt_min: 1e-12,
            dt_max: 1e6,
            rel_tol: 1e-6,
            max_bisections: 100,
        }
    }
}

impl LimitSearch {
    /// Errors on non-positive bounds, `dt_initial` outside `[dt_min, dt_max]`, or
    /// `rel_tol ∉ (0, 1)`.
    pub fn validate(&self) -> Result<(), StiffError> {
        require_positive("dt_initial", self.dt_initial)?;
        require_positive("dt_min", self.dt_min)?;
        require_positive("dt_max", self.dt_max)?;
        if !(self.dt_min <= self.dt_initial && self.dt_initial <= self.dt_max) {
            return Err(StiffError::invalid(
                "dt_initial",
                "must lie in [dt_min, dt_max]",
            ));
        }
        if !(self.rel_tol > 0.0 && self.rel_tol < 1.0) {
            return Err(StiffError::invalid("rel_tol", "must lie in (0, 1)"));
        }
        Ok(())
    }
}

/// Bracket on the empirical stability limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StabilityLimit {
    /// Largest `dt` found bounded (`None`: unbounded even at `dt_min`).
    pub lo: Option<f64>,
    /// Smallest `dt` found unbounded (`None`: bounded up to `dt_max`, e.g. BE/CN).
    pub hi: Option<f64>,
    /// Midpoint of the bracket when both ends exist.
    pub estimate: Option<f64>,
    /// Bisection steps performed (after bracketing).
    pub bisections: usize,
    /// Total calls to the boundedness probe.
    pub evaluations: usize,
}

impl StabilityLimit {
    fn new(lo: Option<f64>, hi: Option<f64>, bisections: usize, evaluations: usize) -> Self {
        let estimate = match (lo, hi) {
            (Some(l), Some(h)) => Some(0.5 * (l + h)),
            _ => None,
        };
        StabilityLimit {
            lo,
            hi,
            estimate,
            bisections,
            evaluations,
        }
    }
}

/// Finds the boundary between bounded and unbounded `dt` by bracketing and bisection.
///
/// `is_bounded(dt)` must be monotone in the relevant range (bounded below the
/// limit, unbounded above). Starting at `dt_initial`, the step is doubled while
/// bounded (up to `dt_max`) or halved while unbounded (down to `dt_min`) until a
/// bracket `lo < hi` is found; then `mid = (lo + hi)/2` replaces the end with the
/// same verdict until `hi - lo ≤ rel_tol · lo`. Returns the bracket and counts.
pub fn find_stability_limit<P>(
    mut is_bounded: P,
    search: &LimitSearch,
) -> Result<StabilityLimit, StiffError>
where
    P: FnMut(f64) -> Result<bool, StiffError>,
{
    search.validate()?;
    let mut evaluations = 0;
    let mut probe = |dt: f64| {
        evaluations += 1;
        is_bounded(dt)
    };
    let mut dt = search.dt_initial;
    let (mut lo, mut hi);
    if probe(dt)? {
        lo = dt;
        loop {
            if dt >= search.dt_max {
                return Ok(StabilityLimit::new(Some(lo), None, 0, evaluations));
            }
            dt = (2.0 * dt).min(search.dt_max);
            if probe(dt)? {
                lo = dt;
            } else {
                hi = dt;
                break;
            }
        }
    } else {
        hi = dt;
        loop {
            if dt <= search.dt_min {
                return Ok(StabilityLimit::new(None, Some(hi), 0, evaluations));
            }
            dt = (0.5 * dt).max(search.dt_min);
            if probe(dt)? {
                lo = dt;
                break;
            } else {
                hi = dt;
            }
        }
    }
    let mut bisections = 0;
    while hi - lo > search.rel_tol * lo && bisections < search.max_bisections {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        bisections += 1;
        if probe(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(StabilityLimit::new(
        Some(lo),
        Some(hi),
        bisections,
        evaluations,
    ))
}

/// Convenience: the empirical limit of `method` on `y' = -A y` from `y0`, i.e.
/// [`find_stability_limit`] with [`linear_boundedness`] as the probe.
pub fn linear_stability_limit<Op: LinearOperator>(
    method: Method,
    op: &Op,
    y0: &[f64],
    criterion: &BoundednessCriterion,
    search: &LimitSearch,
) -> Result<StabilityLimit, StiffError> {
    criterion.validate()?;
    find_stability_limit(
        |dt| Ok(linear_boundedness(method, op, y0, dt, criterion)?.bounded),
        search,
    )
}

/// Analytic and empirical stability limit of one method on `y' = -A y`, `A` symmetric
/// with largest eigenvalue `λ_max`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MethodLimit {
    /// The method.
    pub method: Method,
    /// `-x*/λ_max` with `x*` the left end of the method's real stability interval
    /// ([`Method::real_stability_boundary`]): `2/λ_max` for FE, `≈2.785/λ_max` for RK4,
    /// `None` for the A-stable BE and CN.
    pub analytic: Option<f64>,
    /// Bracket from [`find_stability_limit`].
    pub empirical: StabilityLimit,
    /// `|estimate - analytic| / analytic` when both exist.
    pub relative_error: Option<f64>,
}

/// [`MethodLimit`] for `method` on `op` (whose largest eigenvalue is `lambda_max`) from `y0`.
pub fn method_limit<Op: LinearOperator>(
    method: Method,
    op: &Op,
    lambda_max: f64,
    y0: &[f64],
    criterion: &BoundednessCriterion,
    search: &LimitSearch,
) -> Result<MethodLimit, StiffError> {
    require_positive("lambda_max", lambda_max)?;
    let empirical = linear_stability_limit(method, op, y0, criterion, search)?;
    let analytic = method.real_stability_boundary().map(|x| -x / lambda_max);
    let relative_error = match (analytic, empirical.estimate) {
        (Some(a), Some(e)) => Some((e - a).abs() / a),
        _ => None,
    };
    Ok(MethodLimit {
        method,
        analytic,
        empirical,
        relative_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::stiff::linear::DiagonalOperator;

    #[test]
    fn bisection_finds_a_synthetic_threshold_and_reports_open_ends() {
        let s = LimitSearch::default();
        let r = find_stability_limit(|dt| Ok(dt <= 0.3), &s).unwrap();
        let (lo, hi) = (r.lo.unwrap(), r.hi.unwrap());
        assert!(lo <= 0.3 && 0.3 < hi && hi - lo <= 1e-6 * lo, "{r:?}");
        assert!(r.bisections > 0 && r.evaluations > r.bisections);
        let always = find_stability_limit(|_| Ok(true), &s).unwrap();
        assert_eq!((always.lo, always.hi), (Some(1e6), None));
        let never = find_stability_limit(|_| Ok(false), &s).unwrap();
        assert_eq!((never.lo, never.hi), (None, Some(1e-12)));
        let bad = LimitSearch {
            dt_initial: 0.0,
            ..s
        };
        assert!(find_stability_limit(|_| Ok(true), &bad).is_err());
    }

    #[test]
    fn fe_exactly_at_the_limit_is_bounded_and_just_above_is_not() {
        let a = 4.0;
        let op = DiagonalOperator::new(vec![a]).unwrap();
        let c = BoundednessCriterion::default();
        let at = linear_boundedness(Method::ForwardEuler, &op, &[1.0], 2.0 / a, &c).unwrap();
        assert!(at.bounded && (at.max_growth - 1.0).abs() < 1e-12);
        let above =
            linear_boundedness(Method::ForwardEuler, &op, &[1.0], 2.0 / a * 1.001, &c).unwrap();
        assert!(!above.bounded && above.steps_taken < c.steps);
        let zero = linear_boundedness(Method::ForwardEuler, &op, &[0.0], 0.1, &c);
        assert!(zero.is_err());
        let bad = BoundednessCriterion {
            growth_bound: 1.0,
            ..c
        };
        assert!(linear_boundedness(Method::ForwardEuler, &op, &[1.0], 0.1, &bad).is_err());
    }
}
