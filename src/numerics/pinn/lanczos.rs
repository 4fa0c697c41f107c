//! Matrix-free spectra from Hessian-vector products: power iteration for the dominant eigenvalue, Lanczos extremes, and stochastic Lanczos quadrature (SLQ) for the spectral density.
//!
//! * Power iteration: `v ← Hv/‖Hv‖`, estimate `λ = vᵀHv` (Rayleigh quotient), stopped
//!   when `|λ_k - λ_{k-1}| ≤ tol |λ_k|`; it converges to the eigenvalue of largest
//!   modulus, which is `λ_max` whenever `λ_max > |λ_min|` (the usual case for PINN
//!   Hessians). Used matrix-free as in Yao et al., "PyHessian", IEEE BigData 2020.
//! * Lanczos with full reorthogonalisation: `β_j v_{j+1} = H v_j - α_j v_j - β_{j-1} v_{j-1}`,
//!   `α_j = v_jᵀ H v_j`, every new vector re-orthogonalised twice against all previous
//!   ones (classical Gram–Schmidt, "twice is enough").
//! * SLQ (Golub & Meurant, "Matrices, Moments and Quadrature with Applications", 2010;
//!   Ghorbani, Krishnan & Xiao, ICML 2019; Yao et al. 2020): for Rademacher probes `v`
//!   (entries ±1 from [`Rng`], normalised), `m` Lanczos steps give the tridiagonal
//!   `T = Y diag(θ) Yᵀ`; the Gauss quadrature nodes `θ_k` with weights `τ_k = Y_{1k}²`
//!   reproduce `vᵀ H^j v` exactly for `j ≤ 2m - 1`. Averaging over `n_v` probes,
//!   `φ(t) = (1/n_v) Σ_l Σ_k τ_k^{(l)} δ(t - θ_k^{(l)})` estimates the spectral density
//!   `(1/p) Σ_i δ(t - λ_i)`, and `Σ τ θ^j` estimates `tr(H^j)/p`.

use super::error::PinnError;
use super::linalg::{dot, norm, small_symmetric_eigen, DenseMatrix};
use super::spectrum::SignedLogHistogram;
use crate::numerics::rng::Rng;
use serde::{Deserialize, Serialize};

/// A symmetric linear operator given by its matrix-vector product.
type LinearOperator<'a> = dyn FnMut(&[f64]) -> Result<Vec<f64>, PinnError> + 'a;

fn check_len(expected: usize, found: usize) -> Result<(), PinnError> {
    if expected == found {
        Ok(())
    } else {
        Err(PinnError::DimensionMismatch {
            what: "operator output length",
            expected,
            found,
        })
    }
}

/// Result of a power iteration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerIteration {
    pub eigenvalue: f64,
    pub iterations: usize,
    pub converged: bool,
    /// `‖Hv - λv‖ / |λ|` at the last iterate.
    pub residual: f64,
}

/// Dominant eigenvalue of the symmetric operator `op` on `R^dim` (see module docs);
/// Gaussian start vector from `Rng::seeded(seed)`.
pub fn power_iteration(
    dim: usize,
    mut op: impl FnMut(&[f64]) -> Result<Vec<f64>, PinnError>,
    seed: u64,
    max_iter: usize,
    tol: f64,
) -> Result<PowerIteration, PinnError> {
    if dim == 0 || max_iter == 0 {
        return Err(PinnError::InvalidParameter(
            "power iteration needs dim > 0 and max_iter > 0".into(),
        ));
    }
    let mut rng = Rng::seeded(seed);
    let mut v: Vec<f64> = (0..dim).map(|_| rng.normal()).collect();
    let nv = norm(&v);
    v.iter_mut().for_each(|x| *x /= nv);
    let mut lambda = f64::NAN;
    for it in 1..=max_iter {
        let hv = op(&v)?;
        check_len(dim, hv.len())?;
        let new = dot(&v, &hv);
        let res: f64 = hv
            .iter()
            .zip(&v)
            .map(|(h, x)| (h - new * x).powi(2))
            .sum::<f64>()
            .sqrt();
        let nh = norm(&hv);
        if !nh.is_finite() {
            return Err(PinnError::NonFinite("power iteration".into()));
        }
        let converged = (new - lambda).abs() <= tol * new.abs();
        lambda = new;
        if converged || nh == 0.0 || it == max_iter {
            return Ok(PowerIteration {
                eigenvalue: lambda,
                iterations: it,
                converged: converged || nh == 0.0,
                residual: if lambda != 0.0 {
                    res / lambda.abs()
                } else {
                    res
                },
            });
        }
        v = hv.iter().map(|h| h / nh).collect();
    }
    unreachable!("loop returns at it == max_iter")
}

/// Lanczos tridiagonalisation from `start` with full reorthogonalisation; returns
/// `(α, β)` (`β` one shorter than `α`). Stops early on an invariant subspace.
fn lanczos(
    dim: usize,
    op: &mut LinearOperator<'_>,
    start: &[f64],
    steps: usize,
) -> Result<(Vec<f64>, Vec<f64>), PinnError> {
    let steps = steps.min(dim);
    let n0 = norm(start);
    let mut basis: Vec<Vec<f64>> = vec![start.iter().map(|x| x / n0).collect()];
    let (mut alpha, mut beta) = (Vec::new(), Vec::new());
    let mut scale = 0.0f64;
    for j in 0..steps {
        let mut w = op(&basis[j])?;
        check_len(dim, w.len())?;
        if w.iter().any(|x| !x.is_finite()) {
            return Err(PinnError::NonFinite("Lanczos".into()));
        }
        let a = dot(&w, &basis[j]);
        alpha.push(a);
        for _ in 0..2 {
            for b in &basis {
                let c = dot(&w, b);
                w.iter_mut().zip(b).for_each(|(x, y)| *x -= c * y);
            }
        }
        let bn = norm(&w);
        scale = scale.max(a.abs()).max(bn);
        if j + 1 == steps || bn <= 1e-12 * scale {
            break;
        }
        beta.push(bn);
        basis.push(w.iter().map(|x| x / bn).collect());
    }
    Ok((alpha, beta))
}

/// Ritz values and first-component weights of the tridiagonal `(α, β)`.
fn tridiagonal_ritz(alpha: &[f64], beta: &[f64]) -> Result<(Vec<f64>, Vec<f64>), PinnError> {
    let m = alpha.len();
    let mut t = DenseMatrix::zeros(m, m);
    for i in 0..m {
        t.data[i * m + i] = alpha[i];
        if i + 1 < m {
            t.data[i * m + i + 1] = beta[i];
            t.data[(i + 1) * m + i] = beta[i];
        }
    }
    let (vals, vecs) = small_symmetric_eigen(&t)?;
    let weights = (0..m).map(|k| vecs.get(0, k).powi(2)).collect();
    Ok((vals, weights))
}

/// Smallest and largest Ritz values after `steps` Lanczos steps from a Gaussian start.
pub fn lanczos_extremes(
    dim: usize,
    mut op: impl FnMut(&[f64]) -> Result<Vec<f64>, PinnError>,
    steps: usize,
    seed: u64,
) -> Result<(f64, f64), PinnError> {
    if dim == 0 || steps == 0 {
        return Err(PinnError::InvalidParameter(
            "Lanczos needs dim > 0 and steps > 0".into(),
        ));
    }
    let mut rng = Rng::seeded(seed);
    let start: Vec<f64> = (0..dim).map(|_| rng.normal()).collect();
    let (a, b) = lanczos(dim, &mut op, &start, steps)?;
    let (vals, _) = tridiagonal_ritz(&a, &b)?;
    Ok((vals[0], vals[vals.len() - 1]))
}

/// SLQ settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlqSpec {
    /// Number of Rademacher probes `n_v`.
    pub probes: usize,
    /// Lanczos steps `m` per probe.
    pub steps: usize,
    pub seed: u64,
}

/// The SLQ spectral-density estimate: nodes and weights (weights sum to 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlqDensity {
    pub dim: usize,
    pub probes: usize,
    pub steps: usize,
    pub nodes: Vec<f64>,
    pub weights: Vec<f64>,
}

impl SlqDensity {
    /// `Σ τ θ^j`, an estimate of `tr(H^j)/p`.
    pub fn moment(&self, j: i32) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(t, w)| w * t.powi(j))
            .sum()
    }

    /// Estimated fraction of eigenvalues `≤ t`.
    pub fn cdf(&self, t: f64) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .filter(|(n, _)| **n <= t)
            .map(|(_, w)| w)
            .sum()
    }

    /// The density binned like an exact spectrum ([`SignedLogHistogram::with_edges`]).
    pub fn histogram(&self, floor: f64, edges: &[f64]) -> SignedLogHistogram {
        SignedLogHistogram::with_edges(&self.nodes, &self.weights, floor, edges)
    }

    /// Largest node (a lower bound on `λ_max`, usually very close).
    pub fn max_node(&self) -> f64 {
        self.nodes.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Stochastic Lanczos quadrature (see module docs).
pub fn stochastic_lanczos_quadrature(
    dim: usize,
    mut op: impl FnMut(&[f64]) -> Result<Vec<f64>, PinnError>,
    spec: &SlqSpec,
) -> Result<SlqDensity, PinnError> {
    if dim == 0 || spec.probes == 0 || spec.steps == 0 {
        return Err(PinnError::InvalidParameter(
            "SLQ needs dim, probes and steps > 0".into(),
        ));
    }
    let mut rng = Rng::seeded(spec.seed);
    let (mut nodes, mut weights) = (Vec::new(), Vec::new());
    for _ in 0..spec.probes {
        let v: Vec<f64> = (0..dim)
            .map(|_| if rng.uniform() < 0.5 { -1.0 } else { 1.0 })
            .collect();
        let (a, b) = lanczos(dim, &mut op, &v, spec.steps)?;
        let (th, tau) = tridiagonal_ritz(&a, &b)?;
        nodes.extend(th);
        weights.extend(tau.iter().map(|t| t / spec.probes as f64));
    }
    Ok(SlqDensity {
        dim,
        probes: spec.probes,
        steps: spec.steps,
        nodes,
        weights,
    })
}
