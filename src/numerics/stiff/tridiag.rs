//! Tridiagonal LU (Thomas algorithm) and the 1-D Dirichlet finite-difference Laplacian.
//!
//! The Thomas algorithm is Gaussian elimination without pivoting specialised to
//! tridiagonal matrices: `O(n)` time and memory (LeVeque 2007, §2.3 and
//! Appendix; Golub & Van Loan, *Matrix Computations*, 4th ed., §4.3.6). It is
//! stable for diagonally dominant matrices, which covers every `I + c A` with
//! `c > 0` and `A` the Laplacian below.

use super::error::{require_positive, StiffError};
use super::linear::{LinearOperator, ShiftedSolve};

/// LU factors of a tridiagonal matrix with sub-diagonal `a`, diagonal `b`,
/// super-diagonal `c`, in Thomas form.
///
/// Forward sweep: `c'_0 = c_0 / b_0`, `c'_i = c_i / (b_i - a_i c'_{i-1})`;
/// `d'_0 = d_0 / b_0`, `d'_i = (d_i - a_i d'_{i-1}) / (b_i - a_i c'_{i-1})`.
/// Back substitution: `x_{n-1} = d'_{n-1}`, `x_i = d'_i - c'_i x_{i+1}`.
/// The factorisation stores `a_i`, `c'_i` and `1 / (b_i - a_i c'_{i-1})`.
#[derive(Debug, Clone)]
pub struct TridiagonalLu {
    sub: Vec<f64>,
    c_prime: Vec<f64>,
    inv_pivot: Vec<f64>,
}

impl TridiagonalLu {
    /// Factorises the matrix with sub-diagonal `sub` (`sub[i]` is row `i + 1`),
    /// diagonal `diag` and super-diagonal `sup` (`sup[i]` is row `i`).
    /// Errors on mismatched lengths, an empty matrix or a (numerically) zero pivot.
    pub fn factor(sub: &[f64], diag: &[f64], sup: &[f64]) -> Result<Self, StiffError> {
        let n = diag.len();
        if n == 0 {
            return Err(StiffError::invalid("diag", "must not be empty"));
        }
        for len in [sub.len(), sup.len()] {
            if len + 1 != n {
                return Err(StiffError::DimensionMismatch {
                    expected: n - 1,
                    found: len,
                });
            }
        }
        Self::factor_with(n, |i| sub[i - 1], |i| diag[i], |i| sup[i])
    }

    /// Factorises the constant-coefficient (Toeplitz) tridiagonal matrix of size `n`.
    pub fn factor_toeplitz(n: usize, sub: f64, diag: f64, sup: f64) -> Result<Self, StiffError> {
        if n == 0 {
            return Err(StiffError::invalid("n", "must be >= 1"));
        }
        Self::factor_with(n, |_| sub, |_| diag, |_| sup)
    }

    fn factor_with(
        n: usize,
        sub: impl Fn(usize) -> f64,
        diag: impl Fn(usize) -> f64,
        sup: impl Fn(usize) -> f64,
    ) -> Result<Self, StiffError> {
        let mut subs = Vec::with_capacity(n);
        let mut c_prime = Vec::with_capacity(n);
        let mut inv_pivot = Vec::with_capacity(n);
        let mut prev_c = 0.0;
        for i in 0..n {
            let a = if i == 0 { 0.0 } else { sub(i) };
            let pivot = diag(i) - a * prev_c;
            if !pivot.is_finite() || pivot.abs() <= f64::MIN_POSITIVE {
                return Err(StiffError::Singular { row: i });
            }
            let inv = 1.0 / pivot;
            let c = if i + 1 < n { sup(i) * inv } else { 0.0 };
            subs.push(a);
            c_prime.push(c);
            inv_pivot.push(inv);
            prev_c = c;
        }
        Ok(TridiagonalLu {
            sub: subs,
            c_prime,
            inv_pivot,
        })
    }

    /// Dimension of the factorised matrix.
    pub fn dim(&self) -> usize {
        self.inv_pivot.len()
    }
}

impl ShiftedSolve for TridiagonalLu {
    fn solve_in_place(&self, d: &mut [f64]) {
        let mut prev = 0.0;
        for ((di, a), inv) in d.iter_mut().zip(&self.sub).zip(&self.inv_pivot) {
            *di = (*di - a * prev) * inv;
            prev = *di;
        }
        let mut next = 0.0;
        for (di, c) in d.iter_mut().zip(&self.c_prime).rev() {
            *di -= c * next;
            next = *di;
        }
    }
}

/// Minus the second-order finite-difference Laplacian on `[0, 1]` with homogeneous
/// Dirichlet walls: `n` interior points `x_j = j h`, `h = 1/(n+1)`, and
/// `(A u)_j = (2 u_j - u_{j-1} - u_{j+1}) / h²` with `u_0 = u_{n+1} = 0`
/// (LeVeque 2007, §2.4 and §9.2). `A` is SPD with eigenvalues
/// `λ_k = (4/h²) sin²(kπh/2)`, `k = 1..n`, and eigenvectors `sin(kπ x_j)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirichletLaplacian {
    n: usize,
    h: f64,
}

impl DirichletLaplacian {
    /// Smallest grid accepted.
    pub const MIN_POINTS: usize = 2;

    /// `n` interior points on `[0, 1]`; errors if `n < 2`.
    pub fn new(n: usize) -> Result<Self, StiffError> {
        if n < Self::MIN_POINTS {
            return Err(StiffError::TooFewGridPoints {
                n,
                min: Self::MIN_POINTS,
            });
        }
        Ok(DirichletLaplacian {
            n,
            h: 1.0 / (n as f64 + 1.0),
        })
    }

    /// Grid spacing `h = 1/(n+1)`.
    pub fn h(&self) -> f64 {
        self.h
    }

    /// Eigenvalue `λ_k = (4/h²) sin²(kπh/2)` for `k = 1..=n`.
    pub fn eigenvalue(&self, k: usize) -> f64 {
        let s = (k as f64 * std::f64::consts::PI * self.h / 2.0).sin();
        4.0 * s * s / (self.h * self.h)
    }

    /// Forward-Euler limit `2/λ_n = h² / (2 cos²(πh/2))`.
    pub fn explicit_limit(&self) -> f64 {
        let c = (std::f64::consts::PI * self.h / 2.0).cos();
        self.h * self.h / (2.0 * c * c)
    }
}

impl LinearOperator for DirichletLaplacian {
    type Shifted = TridiagonalLu;

    fn dim(&self) -> usize {
        self.n
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let s = 1.0 / (self.h * self.h);
        let n = self.n;
        out[0] = s * (2.0 * x[0] - x[1]);
        out[n - 1] = s * (2.0 * x[n - 1] - x[n - 2]);
        for (o, w) in out[1..n - 1].iter_mut().zip(x.windows(3)) {
            *o = s * (2.0 * w[1] - w[0] - w[2]);
        }
    }

    /// `I + cA` is tridiagonal with diagonal `1 + 2c/h²` and off-diagonals `-c/h²`.
    fn factor_shifted(&self, c: f64) -> Result<TridiagonalLu, StiffError> {
        require_positive("c", c)?;
        let s = c / (self.h * self.h);
        TridiagonalLu::factor_toeplitz(self.n, -s, 1.0 + 2.0 * s, -s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thomas_solves_a_general_tridiagonal_system() {
        let sub = [1.0, -2.0, 0.5];
        let diag = [4.0, 5.0, 6.0, 3.0];
        let sup = [-1.0, 2.0, 1.0];
        let lu = TridiagonalLu::factor(&sub, &diag, &sup).unwrap();
        let x = [1.0, -2.0, 3.0, 0.25];
        // b = T x
        let mut b = [0.0; 4];
        for i in 0..4 {
            b[i] = diag[i] * x[i];
            if i > 0 {
                b[i] += sub[i - 1] * x[i - 1];
            }
            if i < 3 {
                b[i] += sup[i] * x[i + 1];
            }
        }
        lu.solve_in_place(&mut b);
        for i in 0..4 {
            assert!((b[i] - x[i]).abs() < 1e-14, "{b:?}");
        }
        assert!(TridiagonalLu::factor(&sub, &diag[..3], &sup).is_err());
        assert!(matches!(
            TridiagonalLu::factor(&[1.0], &[0.0, 1.0], &[1.0]),
            Err(StiffError::Singular { row: 0 })
        ));
    }

    #[test]
    fn shifted_laplacian_solve_inverts_i_plus_c_a() {
        let lap = DirichletLaplacian::new(50).unwrap();
        let c = 0.3;
        let lu = lap.factor_shifted(c).unwrap();
        let x: Vec<f64> = (0..50).map(|j| ((j * 7 % 11) as f64 - 5.0) / 3.0).collect();
        let mut ax = vec![0.0; 50];
        lap.apply(&x, &mut ax);
        let mut b: Vec<f64> = x.iter().zip(&ax).map(|(xi, ai)| xi + c * ai).collect();
        lu.solve_in_place(&mut b);
        let err = x
            .iter()
            .zip(&b)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(err < 1e-11, "{err}");
    }

    #[test]
    fn laplacian_eigenpairs_and_explicit_limit_match_the_closed_form() {
        let n = 9;
        let lap = DirichletLaplacian::new(n).unwrap();
        for k in [1, 4, 9] {
            let v: Vec<f64> = (1..=n)
                .map(|j| (k as f64 * std::f64::consts::PI * j as f64 * lap.h()).sin())
                .collect();
            let mut av = vec![0.0; n];
            lap.apply(&v, &mut av);
            let lam = lap.eigenvalue(k);
            for j in 0..n {
                assert!((av[j] - lam * v[j]).abs() < 1e-10 * lam);
            }
        }
        assert!((lap.explicit_limit() - 2.0 / lap.eigenvalue(n)).abs() < 1e-15);
        assert!(matches!(
            DirichletLaplacian::new(1),
            Err(StiffError::TooFewGridPoints { n: 1, min: 2 })
        ));
    }
}
