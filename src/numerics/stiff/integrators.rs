//! The four one-step integrators for general `y' = f(t, y)` (Newton solves for the implicit ones).
//!
//! Each integrator is a small type implementing [`Integrator`]; the same types give
//! the per-`dt` [`LinearStepper`] for `y' = -A y`, which factorises once instead of
//! running Newton.

use nalgebra::{Complex, DMatrix, DVector};
use serde::{Deserialize, Serialize};

use super::error::{require_positive, StiffError};
use super::linear::{LinearOperator, LinearStepper};
use super::method::Method;

/// A one-step method for `y' = f(t, y)`.
pub trait Integrator {
    /// The method as a value.
    const METHOD: Method;

    /// One step from `(t, y)` to `t + dt`. Errors on `dt ≤ 0`, on `f` returning a
    /// vector of the wrong length, or (implicit methods) on a failed Newton solve.
    fn step<F>(&self, f: &F, t: f64, y: &DVector<f64>, dt: f64) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>;

    /// Amplification factor `R(z)` (see [`Method::amplification`]).
    fn amplification(&self, z: Complex<f64>) -> Complex<f64> {
        Self::METHOD.amplification(z)
    }

    /// Classical order of accuracy.
    fn order(&self) -> u32 {
        Self::METHOD.order()
    }

    /// The stepper for the linear system `y' = -A y` at a fixed `dt` (one
    /// factorisation of `I + θ dt A` for the implicit methods).
    fn linear_stepper<'a, Op: LinearOperator>(
        &self,
        op: &'a Op,
        dt: f64,
    ) -> Result<LinearStepper<'a, Op>, StiffError> {
        LinearStepper::new(Self::METHOD, op, dt)
    }
}

/// Forward (explicit) Euler: `y^{n+1} = y^n + dt f(t_n, y^n)`; order 1,
/// `R(z) = 1 + z` (Hairer, Nørsett & Wanner, *Solving ODEs I*, §I.7; LeVeque 2007, §5.3).
#[derive(Debug, Clone, Copy, Default)]
pub struct ForwardEuler;

/// Backward (implicit) Euler: `y^{n+1} = y^n + dt f(t_{n+1}, y^{n+1})`; order 1,
/// `R(z) = 1/(1 - z)`, A- and L-stable (Hairer & Wanner II, §IV.3; LeVeque 2007, §5.3).
/// The implicit equation is solved by Newton's method (see [`NewtonOptions`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct BackwardEuler {
    /// Newton settings.
    pub newton: NewtonOptions,
}

/// Trapezoidal rule (Crank–Nicolson in time):
/// `y^{n+1} = y^n + dt/2 [f(t_n, y^n) + f(t_{n+1}, y^{n+1})]`; order 2,
/// `R(z) = (1 + z/2)/(1 - z/2)`, A-stable (Hairer & Wanner II, §IV.3; LeVeque 2007, §5.3).
/// The implicit equation is solved by Newton's method (see [`NewtonOptions`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Trapezoidal {
    /// Newton settings.
    pub newton: NewtonOptions,
}

/// Classical fourth-order Runge–Kutta:
/// `k1 = f(t, y)`, `k2 = f(t + dt/2, y + dt/2 k1)`, `k3 = f(t + dt/2, y + dt/2 k2)`,
/// `k4 = f(t + dt, y + dt k3)`, `y^{n+1} = y^n + dt/6 (k1 + 2k2 + 2k3 + k4)`;
/// `R(z) = 1 + z + z²/2 + z³/6 + z⁴/24` (Hairer, Nørsett & Wanner I, §II.1).
#[derive(Debug, Clone, Copy, Default)]
pub struct Rk4;

/// Newton's method for the implicit stage `G(Y) = Y - r - θ dt f(t_{n+1}, Y) = 0`
/// (`θ = 1` BE, `θ = 1/2` CN, `r` the explicit part). The Jacobian `I - θ dt ∂f/∂y`
/// is rebuilt every iteration by forward differences with increment
/// `√ε · max(1, |Y_j|)` and solved by dense LU; the iteration starts from `Y = y^n`
/// and stops when `‖ΔY‖∞ ≤ tol · (1 + ‖Y‖∞)` (Hairer & Wanner II, §IV.8).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NewtonOptions {
    /// Relative tolerance on the Newton correction (> 0).
    pub tol: f64,
    /// Maximum iterations (≥ 1).
    pub max_iter: usize,
}

impl Default for NewtonOptions {
    fn default() -> Self {
        NewtonOptions {
            tol: 1e-12,
            max_iter: 50,
        }
    }
}

fn eval<F>(f: &F, t: f64, y: &DVector<f64>) -> Result<DVector<f64>, StiffError>
where
    F: Fn(f64, &DVector<f64>) -> DVector<f64>,
{
    let v = f(t, y);
    if v.len() != y.len() {
        return Err(StiffError::DimensionMismatch {
            expected: y.len(),
            found: v.len(),
        });
    }
    Ok(v)
}

fn theta_step<F>(
    f: &F,
    t: f64,
    y: &DVector<f64>,
    dt: f64,
    theta: f64,
    opts: &NewtonOptions,
) -> Result<DVector<f64>, StiffError>
where
    F: Fn(f64, &DVector<f64>) -> DVector<f64>,
{
    require_positive("dt", dt)?;
    require_positive("newton.tol", opts.tol)?;
    if opts.max_iter == 0 {
        return Err(StiffError::invalid("newton.max_iter", "must be >= 1"));
    }
    let n = y.len();
    let mut rhs = y.clone();
    if theta < 1.0 {
        rhs.axpy((1.0 - theta) * dt, &eval(f, t, y)?, 1.0);
    }
    let c = theta * dt;
    let t1 = t + dt;
    let mut yn = y.clone();
    let mut last = f64::INFINITY;
    for _ in 0..opts.max_iter {
        let fy = eval(f, t1, &yn)?;
        let g = &yn - &rhs - &fy * c;
        let mut jac = DMatrix::<f64>::identity(n, n);
        for j in 0..n {
            let mut yp = yn.clone();
            yp[j] += f64::EPSILON.sqrt() * yn[j].abs().max(1.0);
            let h = yp[j] - yn[j];
            let df = (eval(f, t1, &yp)? - &fy) * (c / h);
            let mut col = jac.column_mut(j);
            col -= df;
        }
        let delta = jac.lu().solve(&g).ok_or(StiffError::Singular { row: 0 })?;
        yn -= &delta;
        last = delta.amax();
        if !last.is_finite() {
            break;
        }
        if last <= opts.tol * (1.0 + yn.amax()) {
            return Ok(yn);
        }
    }
    Err(StiffError::NewtonDidNotConverge {
        iterations: opts.max_iter,
        last_correction: last,
    })
}

impl Integrator for ForwardEuler {
    const METHOD: Method = Method::ForwardEuler;

    fn step<F>(&self, f: &F, t: f64, y: &DVector<f64>, dt: f64) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>,
    {
        require_positive("dt", dt)?;
        Ok(y + eval(f, t, y)? * dt)
    }
}

impl Integrator for BackwardEuler {
    const METHOD: Method = Method::BackwardEuler;

    fn step<F>(&self, f: &F, t: f64, y: &DVector<f64>, dt: f64) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>,
    {
        theta_step(f, t, y, dt, 1.0, &self.newton)
    }
}

impl Integrator for Trapezoidal {
    const METHOD: Method = Method::CrankNicolson;

    fn step<F>(&self, f: &F, t: f64, y: &DVector<f64>, dt: f64) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>,
    {
        theta_step(f, t, y, dt, 0.5, &self.newton)
    }
}

impl Integrator for Rk4 {
    const METHOD: Method = Method::Rk4;

    fn step<F>(&self, f: &F, t: f64, y: &DVector<f64>, dt: f64) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>,
    {
        require_positive("dt", dt)?;
        let h2 = 0.5 * dt;
        let k1 = eval(f, t, y)?;
        let k2 = eval(f, t + h2, &(y + &k1 * h2))?;
        let k3 = eval(f, t + h2, &(y + &k2 * h2))?;
        let k4 = eval(f, t + dt, &(y + &k3 * dt))?;
        Ok(y + (k1 + (k2 + k3) * 2.0 + k4) * (dt / 6.0))
    }
}

impl Method {
    /// One step of this method on `y' = f(t, y)` (implicit methods use the default
    /// [`NewtonOptions`]). See [`Integrator::step`].
    pub fn step<F>(
        self,
        f: &F,
        t: f64,
        y: &DVector<f64>,
        dt: f64,
    ) -> Result<DVector<f64>, StiffError>
    where
        F: Fn(f64, &DVector<f64>) -> DVector<f64>,
    {
        match self {
            Method::ForwardEuler => ForwardEuler.step(f, t, y, dt),
            Method::BackwardEuler => BackwardEuler::default().step(f, t, y, dt),
            Method::CrankNicolson => Trapezoidal::default().step(f, t, y, dt),
            Method::Rk4 => Rk4.step(f, t, y, dt),
        }
    }
}

/// A fixed-step trajectory of `y' = f(t, y)`.
#[derive(Debug, Clone, Serialize)]
pub struct OdeTrajectory {
    /// `t_k = t0 + k dt`, `k = 0..=steps`.
    pub times: Vec<f64>,
    /// `states[k]` approximates `y(t_k)`.
    pub states: Vec<Vec<f64>>,
}

/// Integrates `y' = f(t, y)` from `(t0, y0)` with `steps` fixed steps of size `dt`.
/// Errors on `dt ≤ 0`, non-finite `t0`, or any failed step.
pub fn integrate<F>(
    method: Method,
    f: &F,
    t0: f64,
    y0: &DVector<f64>,
    dt: f64,
    steps: usize,
) -> Result<OdeTrajectory, StiffError>
where
    F: Fn(f64, &DVector<f64>) -> DVector<f64>,
{
    require_positive("dt", dt)?;
    super::error::require_finite("t0", t0)?;
    let mut times = Vec::with_capacity(steps + 1);
    let mut states = Vec::with_capacity(steps + 1);
    let mut y = y0.clone();
    times.push(t0);
    states.push(y.as_slice().to_vec());
    for k in 1..=steps {
        y = method.step(f, t0 + (k - 1) as f64 * dt, &y, dt)?;
        times.push(t0 + k as f64 * dt);
        states.push(y.as_slice().to_vec());
    }
    Ok(OdeTrajectory { times, states })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `y' = -y²`, `y(0) = 1`: exact `y = 1/(1 + t)` (nonlinear, so Newton is exercised).
    fn riccati(_t: f64, y: &DVector<f64>) -> DVector<f64> {
        y.map(|v| -v * v)
    }

    /// Linear non-autonomous 2-D system `y1' = -2 y1 + y2`, `y2' = -y2 + cos t`
    /// checked against a reference computed with RK4 at a tiny step.
    fn forced(t: f64, y: &DVector<f64>) -> DVector<f64> {
        DVector::from_vec(vec![-2.0 * y[0] + y[1], -y[1] + t.cos()])
    }

    fn final_error(method: Method, dt: f64, t_end: f64) -> f64 {
        let steps = (t_end / dt).round() as usize;
        let y0 = DVector::from_vec(vec![1.0]);
        let tr = integrate(method, &riccati, 0.0, &y0, dt, steps).unwrap();
        (tr.states[steps][0] - 1.0 / (1.0 + t_end)).abs()
    }

    /// Observed orders `log2(e(dt)/e(dt/2))` for three halvings must all lie within
    /// 0.1 of the classical order.
    #[test]
    fn observed_orders_on_a_nonlinear_problem_are_1_1_2_4() {
        for (m, dt0) in [
            (Method::ForwardEuler, 0.02),
            (Method::BackwardEuler, 0.02),
            (Method::CrankNicolson, 0.05),
            (Method::Rk4, 0.1),
        ] {
            let errs: Vec<f64> = (0..4)
                .map(|i| final_error(m, dt0 / f64::from(1u32 << i), 2.0))
                .collect();
            for w in errs.windows(2) {
                let p = (w[0] / w[1]).log2();
                assert!(
                    (p - f64::from(m.order())).abs() < 0.1,
                    "{m:?}: p = {p}, {errs:?}"
                );
            }
        }
    }

    #[test]
    fn integrator_types_agree_with_method_dispatch_on_a_system() {
        let y0 = DVector::from_vec(vec![1.0, 0.0]);
        let (t, dt) = (0.3, 0.05);
        let pairs: [(Method, DVector<f64>); 4] = [
            (
                Method::ForwardEuler,
                ForwardEuler.step(&forced, t, &y0, dt).unwrap(),
            ),
            (
                Method::BackwardEuler,
                BackwardEuler::default().step(&forced, t, &y0, dt).unwrap(),
            ),
            (
                Method::CrankNicolson,
                Trapezoidal::default().step(&forced, t, &y0, dt).unwrap(),
            ),
            (Method::Rk4, Rk4.step(&forced, t, &y0, dt).unwrap()),
        ];
        for (m, y) in pairs {
            let z = m.step(&forced, t, &y0, dt).unwrap();
            assert!((y - z).amax() < 1e-15, "{m:?}");
        }
        assert_eq!(Rk4.order(), 4);
        assert_eq!(Trapezoidal::default().order(), 2);
    }

    #[test]
    fn implicit_steps_on_a_linear_system_match_the_closed_form() {
        // y' = -A y with A = [[3, 1], [1, 2]]: BE gives (I + dt A)^{-1} y.
        let a = DMatrix::from_row_slice(2, 2, &[3.0, 1.0, 1.0, 2.0]);
        let f = |_t: f64, y: &DVector<f64>| -(&a * y);
        let y0 = DVector::from_vec(vec![1.0, -1.0]);
        let dt = 0.4;
        let be = BackwardEuler::default().step(&f, 0.0, &y0, dt).unwrap();
        let m = DMatrix::identity(2, 2) + &a * dt;
        let expect = m.lu().solve(&y0).unwrap();
        assert!((be - expect).amax() < 1e-12);
        let cn = Trapezoidal::default().step(&f, 0.0, &y0, dt).unwrap();
        let rhs = (DMatrix::identity(2, 2) - &a * (dt / 2.0)) * &y0;
        let expect = (DMatrix::identity(2, 2) + &a * (dt / 2.0))
            .lu()
            .solve(&rhs)
            .unwrap();
        assert!((cn - expect).amax() < 1e-12);
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let y0 = DVector::from_vec(vec![1.0]);
        for m in Method::ALL {
            assert!(m.step(&riccati, 0.0, &y0, 0.0).is_err());
            assert!(m.step(&riccati, 0.0, &y0, -0.1).is_err());
        }
        let wrong = |_t: f64, _y: &DVector<f64>| DVector::from_vec(vec![1.0, 2.0]);
        assert!(matches!(
            ForwardEuler.step(&wrong, 0.0, &y0, 0.1),
            Err(StiffError::DimensionMismatch { .. })
        ));
        // y' = y^3 from y = 1 with a huge step: Newton on Y = 1 + 10 Y^3 started at
        // Y = 1 is far from the only real root (≈ -0.53) and cannot meet the
        // tolerance in 3 iterations.
        let blow = |_t: f64, y: &DVector<f64>| y.map(|v| v * v * v);
        let be = BackwardEuler {
            newton: NewtonOptions {
                tol: 1e-12,
                max_iter: 3,
            },
        };
        assert!(matches!(
            be.step(&blow, 0.0, &y0, 10.0),
            Err(StiffError::NewtonDidNotConverge { .. })
        ));
    }
}
