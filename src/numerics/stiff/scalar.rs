//! The scalar decay `y' = -a y`: trajectories, the claim-1 study, and observed convergence orders.
//!
//! One step of any method gives `y^{n+1} = R(-a dt) y^n`; forward Euler's factor
//! `1 - a dt` has modulus ≤ 1 iff `dt ≤ 2/a`, backward Euler's `1/(1 + a dt)` for
//! every `dt > 0` (LeVeque 2007, §7.1–7.3; Hairer & Wanner II, §IV.2).

use serde::{Deserialize, Serialize};

use super::error::{require_finite, require_positive, StiffError};
use super::limit::{method_limit, BoundednessCriterion, LimitSearch, MethodLimit};
use super::linear::{DiagonalOperator, LinearStepper};
use super::method::Method;

/// Largest number of steps a single scalar trajectory may take.
pub const MAX_SCALAR_STEPS: usize = 10_000_000;

/// A trajectory of `y' = -a y` next to the exact solution `y0 e^{-a t}`.
#[derive(Debug, Clone, Serialize)]
pub struct ScalarTrajectory {
    /// Method used.
    pub method: Method,
    /// Decay rate `a > 0`.
    pub a: f64,
    /// Step size.
    pub dt: f64,
    /// `a dt / 2`, i.e. `dt` as a multiple of the FE limit `2/a`.
    pub dt_factor: f64,
    /// `t_k = k dt`, `k = 0..=steps`.
    pub times: Vec<f64>,
    /// Numerical `y_k` (may overflow to ±inf for unstable runs; JSON writes null).
    pub values: Vec<f64>,
    /// Exact `y0 e^{-a t_k}`.
    pub exact: Vec<f64>,
    /// One-step amplification factor `R(-a dt)`.
    pub amplification: f64,
    /// `|R(-a dt)|`: the run grows iff this exceeds 1.
    pub abs_amplification: f64,
    /// `|y_end / y0|`.
    pub final_ratio: f64,
    /// `max_k |y_k - exact_k|`.
    pub max_abs_error: f64,
}

fn run_scalar(
    method: Method,
    a: f64,
    y0: f64,
    dt: f64,
    steps: usize,
) -> Result<ScalarTrajectory, StiffError> {
    require_positive("a", a)?;
    require_positive("dt", dt)?;
    require_finite("y0", y0)?;
    if y0 == 0.0 {
        return Err(StiffError::invalid("y0", "must be non-zero"));
    }
    if steps > MAX_SCALAR_STEPS {
        return Err(StiffError::invalid(
            "t_end",
            format!("needs {steps} steps, more than {MAX_SCALAR_STEPS}"),
        ));
    }
    let op = DiagonalOperator::new(vec![a])?;
    let mut stepper = LinearStepper::new(method, &op, dt)?;
    let mut y = [y0];
    let mut values = Vec::with_capacity(steps + 1);
    values.push(y0);
    for _ in 0..steps {
        stepper.step(&mut y)?;
        values.push(y[0]);
    }
    let times: Vec<f64> = (0..=steps).map(|k| k as f64 * dt).collect();
    let exact: Vec<f64> = times.iter().map(|t| y0 * (-a * t).exp()).collect();
    let max_abs_error = values
        .iter()
        .zip(&exact)
        .map(|(v, e)| (v - e).abs())
        .fold(0.0, f64::max);
    let r = method.amplification_real(-a * dt);
    Ok(ScalarTrajectory {
        method,
        a,
        dt,
        dt_factor: a * dt / 2.0,
        final_ratio: (values[steps] / y0).abs(),
        times,
        values,
        exact,
        amplification: r,
        abs_amplification: r.abs(),
        max_abs_error,
    })
}

/// Trajectory of `y' = -a y`, `y(0) = y0`, with fixed step `dt` up to the first
/// `t_k ≥ t_end` (`ceil(t_end/dt)` steps, at least one).
/// Errors on `a ≤ 0`, `dt ≤ 0`, `t_end ≤ 0`, `y0` zero or non-finite, or more than
/// [`MAX_SCALAR_STEPS`] steps.
pub fn scalar_decay_trajectory(
    method: Method,
    a: f64,
    y0: f64,
    dt: f64,
    t_end: f64,
) -> Result<ScalarTrajectory, StiffError> {
    require_positive("dt", dt)?;
    require_positive("t_end", t_end)?;
    let ratio = t_end / dt;
    if ratio > MAX_SCALAR_STEPS as f64 {
        return Err(StiffError::invalid("t_end", "too many steps for dt"));
    }
    let steps = ((ratio * (1.0 - 1e-12)).ceil() as usize).max(1);
    run_scalar(method, a, y0, dt, steps)
}

/// Inputs of [`scalar_decay_study`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalarDecayParams {
    /// Decay rate `a > 0`.
    pub a: f64,
    /// Initial value (finite, non-zero).
    pub y0: f64,
    /// Methods to run.
    pub methods: Vec<Method>,
    /// Step sizes as multiples of the FE limit `2/a`.
    pub dt_factors: Vec<f64>,
    /// Steps per trajectory.
    pub horizon_steps: usize,
    /// Boundedness test for the empirical limits.
    pub criterion: BoundednessCriterion,
    /// Bisection settings.
    pub search: LimitSearch,
}

impl Default for ScalarDecayParams {
    fn default() -> Self {
        ScalarDecayParams {
            a: 10.0,
            y0: 1.0,
            methods: vec![Method::ForwardEuler, Method::BackwardEuler],
            dt_factors: vec![0.5, 0.99, 1.01, 100.0],
            horizon_steps: 500,
            criterion: BoundednessCriterion::default(),
            search: LimitSearch::default(),
        }
    }
}

/// Output of [`scalar_decay_study`].
#[derive(Debug, Clone, Serialize)]
pub struct ScalarDecayResult {
    /// Decay rate.
    pub a: f64,
    /// `2/a`.
    pub fe_limit_analytic: f64,
    /// One trajectory per (method, dt factor), methods outermost.
    pub trajectories: Vec<ScalarTrajectory>,
    /// Analytic vs bisected limit per method (`hi = None` for BE/CN).
    pub limits: Vec<MethodLimit>,
}

/// Claim 1: FE on `y' = -a y` is `y^{n+1} = (1 - a dt) y^n`, bounded iff `dt ≤ 2/a`;
/// BE is stable for every `dt > 0`.
///
/// Input: [`ScalarDecayParams`]. Output: trajectories (with exact solution and
/// `R(-a dt)`) at each requested `dt = factor · 2/a`, and for each method the
/// empirical limit from bisection next to the analytic one.
pub fn scalar_decay_study(p: &ScalarDecayParams) -> Result<ScalarDecayResult, StiffError> {
    require_positive("a", p.a)?;
    if p.horizon_steps == 0 {
        return Err(StiffError::invalid("horizon_steps", "must be >= 1"));
    }
    for f in &p.dt_factors {
        require_positive("dt_factors", *f)?;
    }
    let fe_limit = 2.0 / p.a;
    let mut trajectories = Vec::new();
    for &m in &p.methods {
        for &f in &p.dt_factors {
            trajectories.push(run_scalar(m, p.a, p.y0, f * fe_limit, p.horizon_steps)?);
        }
    }
    let op = DiagonalOperator::new(vec![p.a])?;
    let limits = p
        .methods
        .iter()
        .map(|&m| method_limit(m, &op, p.a, &[p.y0], &p.criterion, &p.search))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ScalarDecayResult {
        a: p.a,
        fe_limit_analytic: fe_limit,
        trajectories,
        limits,
    })
}

/// Inputs of [`scalar_convergence`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConvergenceParams {
    /// Method.
    pub method: Method,
    /// Decay rate `a > 0`.
    pub a: f64,
    /// Final time `T > 0`.
    pub t_end: f64,
    /// Steps on the coarsest level (≥ 1); level `l` uses `initial_steps · 2^l`.
    pub initial_steps: usize,
    /// Number of levels (2..=30).
    pub levels: usize,
}

/// Errors at `T` under step halving and the observed orders.
#[derive(Debug, Clone, Serialize)]
pub struct ConvergenceResult {
    /// Method.
    pub method: Method,
    /// Classical order.
    pub expected_order: u32,
    /// `dt_l = T / (initial_steps · 2^l)`.
    pub dts: Vec<f64>,
    /// `|y_N - e^{-aT}|` for `y(0) = 1`.
    pub errors: Vec<f64>,
    /// `log2(e_l / e_{l+1})`.
    pub observed_orders: Vec<f64>,
}

/// Observed order of convergence of `method` on `y' = -a y`, `y(0) = 1`, from
/// successive step halving: `p_l = log2(e(dt_l) / e(dt_l / 2))`.
pub fn scalar_convergence(p: &ConvergenceParams) -> Result<ConvergenceResult, StiffError> {
    require_positive("a", p.a)?;
    require_positive("t_end", p.t_end)?;
    if p.initial_steps == 0 || !(2..=30).contains(&p.levels) {
        return Err(StiffError::invalid(
            "levels",
            "need initial_steps >= 1 and 2 <= levels <= 30",
        ));
    }
    let exact = (-p.a * p.t_end).exp();
    let mut dts = Vec::new();
    let mut errors = Vec::new();
    for l in 0..p.levels {
        let steps = p
            .initial_steps
            .checked_mul(1usize << l)
            .filter(|s| *s <= MAX_SCALAR_STEPS)
            .ok_or_else(|| StiffError::invalid("levels", "too many steps"))?;
        let dt = p.t_end / steps as f64;
        let tr = run_scalar(p.method, p.a, 1.0, dt, steps)?;
        dts.push(dt);
        errors.push((tr.values[steps] - exact).abs());
    }
    let observed_orders = errors.windows(2).map(|w| (w[0] / w[1]).log2()).collect();
    Ok(ConvergenceResult {
        method: p.method,
        expected_order: p.method.order(),
        dts,
        errors,
        observed_orders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fe_grows_just_above_two_over_a_and_decays_just_below() {
        let a = 10.0;
        let limit = 2.0 / a;
        let above =
            scalar_decay_trajectory(Method::ForwardEuler, a, 1.0, 1.01 * limit, 200.0 * limit)
                .unwrap();
        let below =
            scalar_decay_trajectory(Method::ForwardEuler, a, 1.0, 0.99 * limit, 200.0 * limit)
                .unwrap();
        assert!((above.amplification - (1.0 - a * 1.01 * limit)).abs() < 1e-14);
        assert!(
            above.abs_amplification > 1.0 && above.final_ratio > 10.0,
            "{}",
            above.final_ratio
        );
        assert!(
            below.abs_amplification < 1.0 && below.final_ratio < 0.1,
            "{}",
            below.final_ratio
        );
        // Growth is exactly |R|^n.
        let n = above.values.len() - 1;
        assert!((above.final_ratio / above.abs_amplification.powi(n as i32) - 1.0).abs() < 1e-10);
    }

    #[test]
    fn be_is_bounded_at_a_hundred_times_the_fe_limit() {
        let a = 10.0;
        let dt = 100.0 * 2.0 / a;
        let be = scalar_decay_trajectory(Method::BackwardEuler, a, 1.0, dt, 1000.0 * dt).unwrap();
        assert!(be.values.iter().all(|v| v.abs() <= 1.0));
        assert!((be.amplification - 1.0 / (1.0 + a * dt)).abs() < 1e-15);
        let fe = scalar_decay_trajectory(Method::ForwardEuler, a, 1.0, dt, 10.0 * dt).unwrap();
        assert!(fe.final_ratio > 1e10);
    }

    #[test]
    fn study_bisection_reproduces_two_over_a_and_finds_no_be_limit() {
        let p = ScalarDecayParams {
            methods: vec![
                Method::ForwardEuler,
                Method::BackwardEuler,
                Method::Rk4,
                Method::CrankNicolson,
            ],
            ..ScalarDecayParams::default()
        };
        let r = scalar_decay_study(&p).unwrap();
        let fe = &r.limits[0];
        assert_eq!(fe.analytic, Some(0.2));
        assert!(fe.relative_error.unwrap() < 1e-3, "{fe:?}");
        // The limit itself is bounded: it lies at or below the upper bracket end.
        assert!(fe.empirical.hi.unwrap() > 0.2);
        assert_eq!(r.limits[1].empirical.hi, None);
        assert_eq!(r.limits[3].empirical.hi, None);
        assert!(
            r.limits[2].relative_error.unwrap() < 1e-3,
            "{:?}",
            r.limits[2]
        );
        assert_eq!(r.trajectories.len(), 16);
    }

    #[test]
    fn observed_orders_on_linear_decay_are_1_1_2_4_within_0_1() {
        for m in Method::ALL {
            let r = scalar_convergence(&ConvergenceParams {
                method: m,
                a: 1.0,
                t_end: 1.0,
                initial_steps: 10,
                levels: 4,
            })
            .unwrap();
            for p in &r.observed_orders {
                assert!(
                    (p - f64::from(m.order())).abs() < 0.1,
                    "{m:?} {:?}",
                    r.observed_orders
                );
            }
        }
    }

    #[test]
    fn bad_scalar_parameters_are_errors() {
        assert!(scalar_decay_trajectory(Method::ForwardEuler, 1.0, 1.0, 0.0, 1.0).is_err());
        assert!(scalar_decay_trajectory(Method::ForwardEuler, 1.0, 1.0, -0.1, 1.0).is_err());
        assert!(scalar_decay_trajectory(Method::ForwardEuler, -1.0, 1.0, 0.1, 1.0).is_err());
        assert!(scalar_decay_trajectory(Method::ForwardEuler, 1.0, 0.0, 0.1, 1.0).is_err());
        assert!(scalar_decay_trajectory(Method::ForwardEuler, 1.0, 1.0, 1e-12, 1e3).is_err());
        let bad = ScalarDecayParams {
            dt_factors: vec![-1.0],
            ..ScalarDecayParams::default()
        };
        assert!(scalar_decay_study(&bad).is_err());
    }
}
