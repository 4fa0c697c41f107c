//! The heat equation `u_t = u_xx` on two grids: operators, initial states and space–time samples.
//!
//! * **Fourier, periodic** on `[0, 2π)` with `N` (even) points `x_j = 2πj/N`. The
//!   semi-discrete equation is diagonal in Fourier space with symbol `-ξ²`,
//!   `ξ = -N/2, …, N/2 - 1` (Trefethen, *Spectral Methods in MATLAB*, 2000, ch. 3;
//!   LeVeque 2007, §E.3). The state is the vector of the `N` real coefficients
//!   `c_ξ` of `u(x) = Σ_ξ c_ξ φ_ξ(x)` in the real trigonometric basis
//!   `φ_0 = 1`, `φ_ξ = cos(ξx)` and `φ_{-ξ} = sin(ξx)` for `0 < ξ < N/2`,
//!   `φ_{-N/2} = cos(N x/2)`; each `φ_ξ` satisfies `φ'' = -ξ² φ`, so
//!   `y' = -A y` with `A = diag(ξ²)` stored at index `ξ + N/2`. No FFT is
//!   needed: time stepping is elementwise and the (coarse) space–time sample is
//!   evaluated by direct `O(N²)` sums. `λ_max = N²/4`, so FE needs `dt ≤ 8/N²`.
//! * **Finite differences, Dirichlet** on `[0, 1]`, `N` interior points,
//!   `h = 1/(N+1)`: see [`DirichletLaplacian`]; FE needs
//!   `dt ≤ h² / (2 cos²(πh/2)) ≈ h²/2`.

use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

use super::error::StiffError;
use super::linear::{DiagonalOperator, DiagonalShifted, LinearOperator, ShiftedSolve};
use super::tridiag::{DirichletLaplacian, TridiagonalLu};

/// Which spatial discretisation of `u_t = u_xx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeatGrid {
    /// Fourier (spectral) on a 2π-periodic grid of `N` points (`N` even, ≥ 2).
    FourierPeriodic,
    /// Second-order finite differences, `N ≥ 2` interior points on `[0, 1]`, `u = 0` at the walls.
    DirichletFd,
}

/// `u_t = u_xx` discretised on either grid, as a [`LinearOperator`] `A` (`y' = -A y`).
#[derive(Debug, Clone, PartialEq)]
pub enum HeatOperator {
    /// `A = diag(ξ²)` on Fourier coefficients.
    Fourier(DiagonalOperator),
    /// `A = -D²` on interior grid values.
    Dirichlet(DirichletLaplacian),
}

/// Factorised `I + cA` for either grid (reciprocals or tridiagonal LU).
#[derive(Debug, Clone)]
pub enum HeatShifted {
    /// Fourier grid: elementwise division.
    Fourier(DiagonalShifted),
    /// Dirichlet grid: Thomas algorithm.
    Dirichlet(TridiagonalLu),
}

impl ShiftedSolve for HeatShifted {
    fn solve_in_place(&self, b: &mut [f64]) {
        match self {
            HeatShifted::Fourier(s) => s.solve_in_place(b),
            HeatShifted::Dirichlet(s) => s.solve_in_place(b),
        }
    }
}

impl LinearOperator for HeatOperator {
    type Shifted = HeatShifted;

    fn dim(&self) -> usize {
        match self {
            HeatOperator::Fourier(d) => d.dim(),
            HeatOperator::Dirichlet(l) => l.dim(),
        }
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        match self {
            HeatOperator::Fourier(d) => d.apply(x, out),
            HeatOperator::Dirichlet(l) => l.apply(x, out),
        }
    }

    fn factor_shifted(&self, c: f64) -> Result<HeatShifted, StiffError> {
        Ok(match self {
            HeatOperator::Fourier(d) => HeatShifted::Fourier(d.factor_shifted(c)?),
            HeatOperator::Dirichlet(l) => HeatShifted::Dirichlet(l.factor_shifted(c)?),
        })
    }
}

/// Wavenumbers `ξ = -N/2, …, N/2 - 1` in storage order.
pub fn fourier_wavenumbers(n: usize) -> Vec<i64> {
    let half = (n / 2) as i64;
    (0..n as i64).map(|i| i - half).collect()
}

pub(super) fn check_grid(grid: HeatGrid, n: usize) -> Result<(), StiffError> {
    if n < 2 {
        return Err(StiffError::TooFewGridPoints { n, min: 2 });
    }
    if grid == HeatGrid::FourierPeriodic && n % 2 == 1 {
        return Err(StiffError::invalid(
            "n",
            format!("Fourier grid needs even N, got {n}"),
        ));
    }
    Ok(())
}

impl HeatOperator {
    /// The operator for `grid` with `n` points. Errors if `n < 2`, or `n` odd on the
    /// Fourier grid.
    pub fn new(grid: HeatGrid, n: usize) -> Result<Self, StiffError> {
        check_grid(grid, n)?;
        Ok(match grid {
            HeatGrid::FourierPeriodic => {
                let diag = fourier_wavenumbers(n)
                    .iter()
                    .map(|&k| (k * k) as f64)
                    .collect();
                HeatOperator::Fourier(DiagonalOperator::new(diag)?)
            }
            HeatGrid::DirichletFd => HeatOperator::Dirichlet(DirichletLaplacian::new(n)?),
        })
    }

    /// Largest eigenvalue of `A`: `N²/4` (Fourier) or `(4/h²) cos²(πh/2)` (FD).
    pub fn lambda_max(&self) -> f64 {
        match self {
            HeatOperator::Fourier(d) => {
                let n = d.dim() as f64;
                n * n / 4.0
            }
            HeatOperator::Dirichlet(l) => l.eigenvalue(l.dim()),
        }
    }
}

/// Analytic forward-Euler limit `2/λ_max`: `8/N²` on the Fourier grid,
/// `h²/(2 cos²(πh/2))` with `h = 1/(N+1)` on the Dirichlet grid.
pub fn heat_explicit_limit(grid: HeatGrid, n: usize) -> Result<f64, StiffError> {
    check_grid(grid, n)?;
    Ok(match grid {
        HeatGrid::FourierPeriodic => 8.0 / (n as f64 * n as f64),
        HeatGrid::DirichletFd => DirichletLaplacian::new(n)?.explicit_limit(),
    })
}

/// Grid spacing: `2π/N` (Fourier) or `1/(N+1)` (Dirichlet).
pub fn heat_spacing(grid: HeatGrid, n: usize) -> f64 {
    match grid {
        HeatGrid::FourierPeriodic => 2.0 * PI / n as f64,
        HeatGrid::DirichletFd => 1.0 / (n as f64 + 1.0),
    }
}

/// Initial condition for the heat solvers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HeatInitial {
    /// Unit-norm state with equal weight `1/√N` on every eigenmode (every Fourier
    /// coefficient; every sine mode `sin(kπx)` for FD). Used by the limit search.
    EqualModes,
    /// Tent of height 1 in the middle half of the domain:
    /// `max(0, 1 - 4|x - 1/2|)` (FD) or `max(0, 1 - (2/π)|x - π|)` (Fourier).
    Hat,
    /// Values at the `N` grid points (FD: interior points; Fourier: `x_j = 2πj/N`).
    GridValues(Vec<f64>),
}

/// Real trigonometric coefficients (storage order of [`fourier_wavenumbers`]) of the
/// grid function `u_j = u(2πj/N)`, by direct `O(N²)` discrete transforms.
pub fn fourier_coefficients(u: &[f64]) -> Vec<f64> {
    let n = u.len();
    let half = n / 2;
    let mut c = vec![0.0; n];
    for (i, k) in fourier_wavenumbers(n).into_iter().enumerate() {
        let m = k.unsigned_abs() as f64;
        let (sum, weight) = if k == 0 || k == -(half as i64) {
            let s: f64 = u
                .iter()
                .enumerate()
                .map(|(j, v)| v * (m * x_fourier(j, n)).cos())
                .sum();
            (s, 1.0 / n as f64)
        } else if k > 0 {
            let s: f64 = u
                .iter()
                .enumerate()
                .map(|(j, v)| v * (m * x_fourier(j, n)).cos())
                .sum();
            (s, 2.0 / n as f64)
        } else {
            let s: f64 = u
                .iter()
                .enumerate()
                .map(|(j, v)| v * (m * x_fourier(j, n)).sin())
                .sum();
            (s, 2.0 / n as f64)
        };
        c[i] = weight * sum;
    }
    c
}

fn x_fourier(j: usize, n: usize) -> f64 {
    2.0 * PI * j as f64 / n as f64
}

/// `u(x) = Σ_ξ c_ξ φ_ξ(x)` in the real basis described in the module docs.
pub fn fourier_evaluate(c: &[f64], x: f64) -> f64 {
    let n = c.len();
    let half = (n / 2) as i64;
    fourier_wavenumbers(n)
        .into_iter()
        .zip(c)
        .map(|(k, ck)| {
            let m = k.unsigned_abs() as f64;
            if k >= 0 || k == -half {
                ck * (m * x).cos()
            } else {
                ck * (m * x).sin()
            }
        })
        .sum()
}

/// The state vector (Fourier coefficients or interior values) for an initial condition.
/// Errors on an invalid grid or a `GridValues` vector of the wrong length / non-finite.
pub fn heat_initial_state(
    grid: HeatGrid,
    n: usize,
    init: &HeatInitial,
) -> Result<Vec<f64>, StiffError> {
    check_grid(grid, n)?;
    let hat = |x: f64| match grid {
        HeatGrid::FourierPeriodic => (1.0 - (2.0 / PI) * (x - PI).abs()).max(0.0),
        HeatGrid::DirichletFd => (1.0 - 4.0 * (x - 0.5).abs()).max(0.0),
    };
    let values: Vec<f64> = match init {
        HeatInitial::EqualModes => return Ok(equal_modes(grid, n)),
        HeatInitial::Hat => grid_points(grid, n).into_iter().map(hat).collect(),
        HeatInitial::GridValues(v) => {
            if v.len() != n {
                return Err(StiffError::DimensionMismatch {
                    expected: n,
                    found: v.len(),
                });
            }
            if v.iter().any(|x| !x.is_finite()) {
                return Err(StiffError::invalid("GridValues", "must be finite"));
            }
            v.clone()
        }
    };
    Ok(match grid {
        HeatGrid::FourierPeriodic => fourier_coefficients(&values),
        HeatGrid::DirichletFd => values,
    })
}

/// Grid points carrying state: `2πj/N`, `j = 0..N-1` (Fourier) or `jh`, `j = 1..=N` (FD).
pub fn grid_points(grid: HeatGrid, n: usize) -> Vec<f64> {
    let h = heat_spacing(grid, n);
    match grid {
        HeatGrid::FourierPeriodic => (0..n).map(|j| j as f64 * h).collect(),
        HeatGrid::DirichletFd => (1..=n).map(|j| j as f64 * h).collect(),
    }
}

/// Equal-weight state. FD: `y_j = √(2/(N+1)) / √N · Σ_{k=1}^N sin(kπ j h)`, summed in
/// closed form `Σ_k sin(kθ) = sin(Nθ/2) sin((N+1)θ/2) / sin(θ/2)` with `θ = πjh`.
fn equal_modes(grid: HeatGrid, n: usize) -> Vec<f64> {
    let w = 1.0 / (n as f64).sqrt();
    match grid {
        HeatGrid::FourierPeriodic => vec![w; n],
        HeatGrid::DirichletFd => {
            let h = 1.0 / (n as f64 + 1.0);
            let scale = (2.0 * h).sqrt() * w;
            (1..=n)
                .map(|j| {
                    let theta = PI * j as f64 * h;
                    let s = (n as f64 * theta / 2.0).sin() * (PI * j as f64 / 2.0).sin()
                        / (theta / 2.0).sin();
                    scale * s
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_limits_are_8_over_n2_and_the_fd_cosine_formula() {
        for n in [16usize, 100, 512] {
            let f = HeatOperator::new(HeatGrid::FourierPeriodic, n).unwrap();
            assert_eq!(
                heat_explicit_limit(HeatGrid::FourierPeriodic, n).unwrap(),
                8.0 / (n * n) as f64
            );
            assert!((2.0 / f.lambda_max() - 8.0 / (n * n) as f64).abs() < 1e-18);
            let d = HeatOperator::new(HeatGrid::DirichletFd, n).unwrap();
            let h = 1.0 / (n as f64 + 1.0);
            let formula = h * h / (2.0 * (PI * h / 2.0).cos().powi(2));
            let lim = heat_explicit_limit(HeatGrid::DirichletFd, n).unwrap();
            assert!((lim - formula).abs() < 1e-15 * formula);
            assert!((2.0 / d.lambda_max() - formula).abs() < 1e-12 * formula);
        }
        assert!(HeatOperator::new(HeatGrid::DirichletFd, 1).is_err());
        assert!(HeatOperator::new(HeatGrid::FourierPeriodic, 7).is_err());
        assert!(heat_explicit_limit(HeatGrid::FourierPeriodic, 0).is_err());
    }

    #[test]
    fn fourier_transform_round_trips_and_basis_functions_are_eigenfunctions() {
        let n = 16;
        let u: Vec<f64> = (0..n).map(|j| ((j * j) % 7) as f64 - 3.0).collect();
        let c = fourier_coefficients(&u);
        for (j, uj) in u.iter().enumerate() {
            assert!((fourier_evaluate(&c, x_fourier(j, n)) - uj).abs() < 1e-12);
        }
        // d²/dx² of φ_ξ is -ξ² φ_ξ: check by central differences at an off-grid point.
        let op = HeatOperator::new(HeatGrid::FourierPeriodic, n).unwrap();
        let mut e = vec![0.0; n];
        for i in 0..n {
            e.iter_mut().for_each(|v| *v = 0.0);
            e[i] = 1.0;
            let (x, d) = (0.37, 1e-4);
            let uxx = (fourier_evaluate(&e, x + d) - 2.0 * fourier_evaluate(&e, x)
                + fourier_evaluate(&e, x - d))
                / (d * d);
            let mut ae = vec![0.0; n];
            op.apply(&e, &mut ae);
            assert!(
                (uxx + ae[i] * fourier_evaluate(&e, x)).abs() < 1e-4 * (1.0 + ae[i]),
                "mode {i}"
            );
        }
    }

    #[test]
    fn fd_equal_modes_state_has_equal_sine_coefficients() {
        let n = 12;
        let y = heat_initial_state(HeatGrid::DirichletFd, n, &HeatInitial::EqualModes).unwrap();
        let h = 1.0 / (n as f64 + 1.0);
        for k in 1..=n {
            // Coefficient on the normalised mode √(2h) sin(kπx_j).
            let ck: f64 = (1..=n)
                .map(|j| (2.0 * h).sqrt() * (k as f64 * PI * j as f64 * h).sin() * y[j - 1])
                .sum();
            assert!(
                (ck - 1.0 / (n as f64).sqrt()).abs() < 1e-12,
                "k = {k}: {ck}"
            );
        }
    }
}
