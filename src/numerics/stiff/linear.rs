//! Linear test problems `y' = -A y`: the operator trait, a diagonal operator and the per-`dt` stepper.
//!
//! A [`LinearStepper`] prepares everything a method needs for a fixed `dt` once
//! (for the implicit methods: one factorisation of `I + θ dt A`, never an inverse)
//! and then advances the state in place without allocating.

use super::error::{require_positive, StiffError};
use super::method::Method;

/// A linear operator `A` for the system `y' = -A y`, plus the shifted solves the
/// implicit methods need.
pub trait LinearOperator {
    /// A factorisation of `I + c A` that can solve repeatedly.
    type Shifted: ShiftedSolve;

    /// Dimension of the state.
    fn dim(&self) -> usize;

    /// `out = A x`. Both slices have length [`LinearOperator::dim`].
    fn apply(&self, x: &[f64], out: &mut [f64]);

    /// Factorises `I + c A` for `c > 0` (done once per `dt`).
    fn factor_shifted(&self, c: f64) -> Result<Self::Shifted, StiffError>;
}

/// A factorised matrix `M` that overwrites `b` with `M⁻¹ b`.
pub trait ShiftedSolve {
    /// Solves `M x = b` in place (`b` has the factorised dimension).
    fn solve_in_place(&self, b: &mut [f64]);
}

/// `A = diag(d)`: decoupled scalar decays `y_i' = -d_i y_i`. Used for the scalar
/// problem (`d = [a]`) and for the heat equation in Fourier space (`d_ξ = ξ²`).
#[derive(Debug, Clone, PartialEq)]
pub struct DiagonalOperator {
    diag: Vec<f64>,
}

impl DiagonalOperator {
    /// Builds `diag(d)`; errors if `d` is empty or has a non-finite entry.
    pub fn new(diag: Vec<f64>) -> Result<Self, StiffError> {
        if diag.is_empty() {
            return Err(StiffError::invalid("diag", "must not be empty"));
        }
        if let Some(bad) = diag.iter().find(|d| !d.is_finite()) {
            return Err(StiffError::invalid(
                "diag",
                format!("non-finite entry {bad}"),
            ));
        }
        Ok(DiagonalOperator { diag })
    }

    /// The diagonal entries.
    pub fn diag(&self) -> &[f64] {
        &self.diag
    }
}

/// Factorised `I + c diag(d)`: the reciprocals `1 / (1 + c d_i)`.
#[derive(Debug, Clone)]
pub struct DiagonalShifted {
    inv: Vec<f64>,
}

impl ShiftedSolve for DiagonalShifted {
    fn solve_in_place(&self, b: &mut [f64]) {
        for (bi, inv) in b.iter_mut().zip(&self.inv) {
            *bi *= inv;
        }
    }
}

impl LinearOperator for DiagonalOperator {
    type Shifted = DiagonalShifted;

    fn dim(&self) -> usize {
        self.diag.len()
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        for ((o, xi), d) in out.iter_mut().zip(x).zip(&self.diag) {
            *o = d * xi;
        }
    }

    fn factor_shifted(&self, c: f64) -> Result<DiagonalShifted, StiffError> {
        let mut inv = Vec::with_capacity(self.diag.len());
        for (row, d) in self.diag.iter().enumerate() {
            let pivot = 1.0 + c * d;
            if !pivot.is_finite() || pivot.abs() <= f64::EPSILON {
                return Err(StiffError::Singular { row });
            }
            inv.push(1.0 / pivot);
        }
        Ok(DiagonalShifted { inv })
    }
}

/// What a [`LinearStepper`] precomputed for its method.
#[derive(Debug, Clone)]
enum Prepared<S> {
    /// FE and RK4 need only products with `A`.
    Explicit,
    /// BE (`θ = 1`) and CN (`θ = 1/2`) hold a factorisation of `I + θ dt A`.
    Implicit { solver: S, theta: f64 },
}

/// Advances `y' = -A y` by one step of a fixed method and `dt`, in place.
///
/// The four schemes on the linear system (Hairer & Wanner II, §IV.2; LeVeque 2007, ch. 7):
/// * FE: `y ← (I - dt A) y`
/// * BE: `(I + dt A) y^{n+1} = y^n`
/// * CN: `(I + dt/2 A) y^{n+1} = (I - dt/2 A) y^n`
/// * RK4: `k1 = -A y, k2 = -A(y + dt/2 k1), k3 = -A(y + dt/2 k2), k4 = -A(y + dt k3)`,
///   `y ← y + dt/6 (k1 + 2k2 + 2k3 + k4)`, i.e. `y ← R(-dt A) y` with the RK4 polynomial.
///
/// Construction factorises `I + θ dt A` once for BE/CN; each step then costs one
/// product with `A` (FE, CN), one solve (BE, CN) or four products (RK4).
pub struct LinearStepper<'a, Op: LinearOperator> {
    op: &'a Op,
    method: Method,
    dt: f64,
    prepared: Prepared<Op::Shifted>,
    work: Vec<f64>,
    stage: Vec<f64>,
    acc: Vec<f64>,
}

impl<'a, Op: LinearOperator> LinearStepper<'a, Op> {
    /// Prepares `method` with step `dt` for `y' = -A y`. Errors if `dt` is not finite
    /// and positive or if `I + θ dt A` cannot be factorised.
    pub fn new(method: Method, op: &'a Op, dt: f64) -> Result<Self, StiffError> {
        require_positive("dt", dt)?;
        let n = op.dim();
        let prepared = match method {
            Method::ForwardEuler | Method::Rk4 => Prepared::Explicit,
            Method::BackwardEuler => Prepared::Implicit {
                solver: op.factor_shifted(dt)?,
                theta: 1.0,
            },
            Method::CrankNicolson => Prepared::Implicit {
                solver: op.factor_shifted(0.5 * dt)?,
                theta: 0.5,
            },
        };
        let scratch = |needed: bool| if needed { vec![0.0; n] } else { Vec::new() };
        Ok(LinearStepper {
            op,
            method,
            dt,
            prepared,
            work: scratch(method != Method::BackwardEuler),
            stage: scratch(method == Method::Rk4),
            acc: scratch(method == Method::Rk4),
        })
    }

    /// The method this stepper applies.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The fixed step size.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// Advances `y` by one step. Errors if `y` has the wrong length.
    pub fn step(&mut self, y: &mut [f64]) -> Result<(), StiffError> {
        let n = self.op.dim();
        if y.len() != n {
            return Err(StiffError::DimensionMismatch {
                expected: n,
                found: y.len(),
            });
        }
        let dt = self.dt;
        match (&self.prepared, self.method) {
            (Prepared::Implicit { solver, theta }, _) => {
                if *theta < 1.0 {
                    let c = (1.0 - theta) * dt;
                    self.op.apply(y, &mut self.work);
                    for (yi, ai) in y.iter_mut().zip(&self.work) {
                        *yi -= c * ai;
                    }
                }
                solver.solve_in_place(y);
            }
            (Prepared::Explicit, Method::Rk4) => self.rk4_step(y),
            (Prepared::Explicit, _) => {
                self.op.apply(y, &mut self.work);
                for (yi, ai) in y.iter_mut().zip(&self.work) {
                    *yi -= dt * ai;
                }
            }
        }
        Ok(())
    }

    fn rk4_step(&mut self, y: &mut [f64]) {
        let dt = self.dt;
        // `stage` holds the argument of the next evaluation, `work` the current k
        // (stored as A·arg, i.e. -k), `acc` the weighted sum of the k's.
        self.stage.copy_from_slice(y);
        self.acc.iter_mut().for_each(|a| *a = 0.0);
        let weights = [1.0, 2.0, 2.0, 1.0];
        let next_offset = [0.5 * dt, 0.5 * dt, dt];
        for (s, w) in weights.iter().enumerate() {
            self.op.apply(&self.stage, &mut self.work);
            for (a, k) in self.acc.iter_mut().zip(&self.work) {
                *a += w * k;
            }
            if let Some(&c) = next_offset.get(s) {
                for ((st, yi), k) in self.stage.iter_mut().zip(y.iter()).zip(&self.work) {
                    *st = yi - c * k;
                }
            }
        }
        let c = dt / 6.0;
        for (yi, a) in y.iter_mut().zip(&self.acc) {
            *yi -= c * a;
        }
    }
}

/// Euclidean norm of a slice.
pub fn norm2(y: &[f64]) -> f64 {
    y.iter().map(|v| v * v).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_step_on_a_diagonal_operator_multiplies_each_mode_by_r_of_minus_lambda_dt() {
        let lambdas = vec![0.0, 0.5, 3.0, 40.0];
        let op = DiagonalOperator::new(lambdas.clone()).unwrap();
        let dt = 0.07;
        for m in Method::ALL {
            let mut s = LinearStepper::new(m, &op, dt).unwrap();
            let mut y = vec![1.0, -2.0, 0.5, 1.5];
            let y0 = y.clone();
            s.step(&mut y).unwrap();
            for i in 0..4 {
                let expect = m.amplification_real(-lambdas[i] * dt) * y0[i];
                assert!(
                    (y[i] - expect).abs() < 1e-14 * (1.0 + expect.abs()),
                    "{m:?} mode {i}"
                );
            }
        }
    }

    #[test]
    fn stepper_rejects_bad_dt_and_wrong_length() {
        let op = DiagonalOperator::new(vec![1.0, 2.0]).unwrap();
        assert!(LinearStepper::new(Method::ForwardEuler, &op, 0.0).is_err());
        assert!(LinearStepper::new(Method::BackwardEuler, &op, -1.0).is_err());
        assert!(LinearStepper::new(Method::Rk4, &op, f64::NAN).is_err());
        let mut s = LinearStepper::new(Method::CrankNicolson, &op, 0.1).unwrap();
        assert!(matches!(
            s.step(&mut [1.0]),
            Err(StiffError::DimensionMismatch {
                expected: 2,
                found: 1
            })
        ));
        assert!(DiagonalOperator::new(vec![]).is_err());
        assert!(DiagonalOperator::new(vec![f64::INFINITY]).is_err());
        // I + dt A singular: 1 + 1 * (-1) = 0.
        let neg = DiagonalOperator::new(vec![-1.0]).unwrap();
        assert!(matches!(
            LinearStepper::new(Method::BackwardEuler, &neg, 1.0),
            Err(StiffError::Singular { row: 0 })
        ));
    }
}
