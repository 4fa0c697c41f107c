//! SPD matrices with a prescribed spectrum (`A = Q diag(λ) Qᵀ`) and modal decomposition.
//!
//! For `y' = -A y` with `A = Q Λ Qᵀ` the modal coordinates `z = Qᵀ y` obey the
//! decoupled equations `z_i' = -λ_i z_i`, and every method in this module maps
//! `z_i ← R(-λ_i dt) z_i`; forward Euler is therefore stable iff
//! `dt ≤ 2/λ_max` (Hairer & Wanner II, §IV.2; LeVeque 2007, §7.4).

use nalgebra::{linalg::Cholesky, DMatrix, DVectorView, DVectorViewMut, Dyn};

use super::error::{require_positive, StiffError};
use super::linear::{LinearOperator, ShiftedSolve};
use crate::numerics::rng::Rng;

/// A symmetric positive definite matrix `A = Q diag(λ) Qᵀ` with known eigenpairs.
#[derive(Debug, Clone, PartialEq)]
pub struct SpdMatrix {
    a: DMatrix<f64>,
    q: DMatrix<f64>,
    eigenvalues: Vec<f64>,
}

impl SpdMatrix {
    /// Builds `A = Q diag(λ) Qᵀ` where `Q` is the orthogonal factor of the QR
    /// decomposition of an `n × n` matrix of standard normal deviates drawn
    /// row by row from `Rng::seeded(seed)`, with column signs fixed so that
    /// `diag(R) > 0` (this makes `Q` Haar-distributed; Mezzadri, Notices AMS 54, 2007).
    /// `A` is symmetrised as `(A + Aᵀ)/2` to remove rounding asymmetry.
    /// The same seed gives the same matrix bit for bit.
    ///
    /// Errors ([`StiffError::NotSpd`]) if the spectrum is empty or has an entry that
    /// is not finite and strictly positive.
    pub fn with_spectrum(eigenvalues: &[f64], seed: u64) -> Result<Self, StiffError> {
        if eigenvalues.is_empty() {
            return Err(StiffError::NotSpd("empty spectrum".into()));
        }
        if let Some(bad) = eigenvalues.iter().find(|l| !(l.is_finite() && **l > 0.0)) {
            return Err(StiffError::NotSpd(format!(
                "eigenvalue {bad} is not finite and positive"
            )));
        }
        let n = eigenvalues.len();
        let mut rng = Rng::seeded(seed);
        let mut g = DMatrix::<f64>::zeros(n, n);
        for i in 0..n {
            for j in 0..n {
                g[(i, j)] = rng.normal();
            }
        }
        let qr = g.qr();
        let r = qr.r();
        let mut q = qr.q();
        for j in 0..n {
            if r[(j, j)] < 0.0 {
                q.column_mut(j).neg_mut();
            }
        }
        let mut ql = q.clone();
        for (j, lam) in eigenvalues.iter().enumerate() {
            ql.column_mut(j).scale_mut(*lam);
        }
        let a0 = &ql * q.transpose();
        let a = (&a0 + a0.transpose()) * 0.5;
        Ok(SpdMatrix {
            a,
            q,
            eigenvalues: eigenvalues.to_vec(),
        })
    }

    /// The matrix `A`.
    pub fn matrix(&self) -> &DMatrix<f64> {
        &self.a
    }

    /// The orthogonal eigenvector matrix `Q` (column `i` belongs to `λ_i`).
    pub fn eigenvectors(&self) -> &DMatrix<f64> {
        &self.q
    }

    /// The prescribed eigenvalues, in the order given.
    pub fn eigenvalues(&self) -> &[f64] {
        &self.eigenvalues
    }

    /// Largest eigenvalue.
    pub fn lambda_max(&self) -> f64 {
        self.eigenvalues.iter().copied().fold(f64::MIN, f64::max)
    }

    /// Smallest eigenvalue.
    pub fn lambda_min(&self) -> f64 {
        self.eigenvalues.iter().copied().fold(f64::MAX, f64::min)
    }

    /// Modal coordinates `z = Qᵀ y`. Errors if `y` has the wrong length.
    pub fn modal(&self, y: &[f64]) -> Result<Vec<f64>, StiffError> {
        let n = self.dim();
        if y.len() != n {
            return Err(StiffError::DimensionMismatch {
                expected: n,
                found: y.len(),
            });
        }
        let yv = DVectorView::from_slice(y, n);
        Ok((self.q.tr_mul(&yv)).as_slice().to_vec())
    }

    /// `y = Q z` (inverse of [`SpdMatrix::modal`]).
    pub fn from_modal(&self, z: &[f64]) -> Result<Vec<f64>, StiffError> {
        let n = self.dim();
        if z.len() != n {
            return Err(StiffError::DimensionMismatch {
                expected: n,
                found: z.len(),
            });
        }
        let zv = DVectorView::from_slice(z, n);
        Ok((&self.q * zv).as_slice().to_vec())
    }

    /// Modal decomposition of a trajectory: `result[i][k] = (Qᵀ y_k)_i`, one
    /// series per mode.
    pub fn modal_trajectory(&self, states: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, StiffError> {
        let mut modes = vec![Vec::with_capacity(states.len()); self.dim()];
        for y in states {
            for (series, zi) in modes.iter_mut().zip(self.modal(y)?) {
                series.push(zi);
            }
        }
        Ok(modes)
    }

    /// Unit vector with equal weight `1/√n` on every eigenmode: `Q (1, …, 1)ᵀ / √n`.
    pub fn equal_mode_vector(&self) -> Vec<f64> {
        let n = self.dim();
        let w = vec![1.0 / (n as f64).sqrt(); n];
        self.from_modal(&w).expect("length matches by construction")
    }
}

/// Cholesky factor of `I + cA` (SPD for `c > 0`).
#[derive(Debug, Clone)]
pub struct CholeskyShifted(Cholesky<f64, Dyn>);

impl ShiftedSolve for CholeskyShifted {
    fn solve_in_place(&self, b: &mut [f64]) {
        let n = b.len();
        self.0.solve_mut(&mut DVectorViewMut::from_slice(b, n));
    }
}

impl LinearOperator for SpdMatrix {
    type Shifted = CholeskyShifted;

    fn dim(&self) -> usize {
        self.eigenvalues.len()
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n = self.dim();
        let xv = DVectorView::from_slice(x, n);
        DVectorViewMut::from_slice(out, n).gemv(1.0, &self.a, &xv, 0.0);
    }

    fn factor_shifted(&self, c: f64) -> Result<CholeskyShifted, StiffError> {
        require_positive("c", c)?;
        let n = self.dim();
        let m = DMatrix::identity(n, n) + &self.a * c;
        Cholesky::new(m)
            .map(CholeskyShifted)
            .ok_or_else(|| StiffError::NotSpd("I + cA failed Cholesky".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_the_same_matrix_bit_for_bit() {
        let spec = [1.0, 2.0, 5.0, 7.5, 11.0, 40.0];
        let a = SpdMatrix::with_spectrum(&spec, 7).unwrap();
        let b = SpdMatrix::with_spectrum(&spec, 7).unwrap();
        let c = SpdMatrix::with_spectrum(&spec, 8).unwrap();
        let bits = |m: &SpdMatrix| m.matrix().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b));
        assert_ne!(bits(&a), bits(&c));
    }

    #[test]
    fn matrix_is_symmetric_with_the_prescribed_eigenpairs() {
        let spec = [0.5, 2.0, 9.0, 100.0];
        let s = SpdMatrix::with_spectrum(&spec, 3).unwrap();
        let a = s.matrix();
        assert_eq!(a, &a.transpose());
        let q = s.eigenvectors();
        let qtq = q.transpose() * q;
        assert!((qtq - DMatrix::identity(4, 4)).amax() < 1e-13);
        for (i, l) in spec.iter().enumerate() {
            let r = a * q.column(i) - q.column(i) * *l;
            assert!(r.amax() < 1e-12 * 100.0, "mode {i}");
        }
        let y = [0.3, -1.0, 2.0, 0.7];
        let back = s.from_modal(&s.modal(&y).unwrap()).unwrap();
        assert!(back.iter().zip(&y).all(|(a, b)| (a - b).abs() < 1e-14));
    }

    #[test]
    fn non_spd_spectra_are_rejected() {
        assert!(matches!(
            SpdMatrix::with_spectrum(&[], 1),
            Err(StiffError::NotSpd(_))
        ));
        assert!(matches!(
            SpdMatrix::with_spectrum(&[1.0, 0.0], 1),
            Err(StiffError::NotSpd(_))
        ));
        assert!(matches!(
            SpdMatrix::with_spectrum(&[1.0, -2.0], 1),
            Err(StiffError::NotSpd(_))
        ));
        assert!(SpdMatrix::with_spectrum(&[1.0, f64::NAN], 1).is_err());
    }
}
