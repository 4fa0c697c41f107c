//! Spectrum summaries of symmetric matrices: extremes, counts above a relative threshold, signed log-binned spectral densities, and Gauss–Newton spectra through the small Gram matrix.

use super::error::PinnError;
use super::linalg::{scaled_gram_lower, symmetric_eigenvalues, DenseMatrix};
use serde::{Deserialize, Serialize};

/// Default number of logarithmic bins per sign.
pub const DEFAULT_HISTOGRAM_BINS: usize = 50;

/// How spectra are summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpectrumOptions {
    /// Eigenvalues `λ > rel_threshold · λ_max` are counted as "large".
    pub rel_threshold: f64,
    /// Logarithmic bins per sign.
    pub histogram_bins: usize,
    /// `|λ| ≤ histogram_floor · max|λ|` counts as (numerically) zero.
    pub histogram_floor: f64,
}

impl Default for SpectrumOptions {
    fn default() -> Self {
        SpectrumOptions {
            rel_threshold: 1e-3,
            histogram_bins: DEFAULT_HISTOGRAM_BINS,
            histogram_floor: 1e-10,
        }
    }
}

/// A signed, log-binned spectral density.
///
/// With `a = floor`: eigenvalues with `|λ| ≤ a` go to `near_zero`; the others are binned
/// by `|λ|` into `bins` logarithmically spaced bins with edges
/// `edges[b] = a (M/a)^{b/bins}` (`M` = largest `|λ|`, the top edge widened by `1e-12`
/// relative so `M` falls inside), into `positive` or `negative` by sign. Entries are
/// mass fractions (count / n for an exact spectrum, quadrature weights for SLQ), so
/// `near_zero + Σ positive + Σ negative = 1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedLogHistogram {
    pub floor: f64,
    pub edges: Vec<f64>,
    pub positive: Vec<f64>,
    pub negative: Vec<f64>,
    pub near_zero: f64,
}

impl SignedLogHistogram {
    /// Edges for `bins` log bins over `[floor, max_abs]`.
    pub fn log_edges(floor: f64, max_abs: f64, bins: usize) -> Vec<f64> {
        let top = max_abs * (1.0 + 1e-12);
        if !(floor > 0.0 && top > floor) || bins == 0 {
            return Vec::new();
        }
        let ratio = top / floor;
        (0..=bins)
            .map(|b| floor * ratio.powf(b as f64 / bins as f64))
            .collect()
    }

    /// Histogram of weighted values on the given edges (values above the last edge land
    /// in the last bin).
    pub fn with_edges(values: &[f64], weights: &[f64], floor: f64, edges: &[f64]) -> Self {
        let bins = edges.len().saturating_sub(1);
        let mut positive = vec![0.0; bins];
        let mut negative = vec![0.0; bins];
        let mut near_zero = 0.0;
        for (&v, &wgt) in values.iter().zip(weights) {
            let a = v.abs();
            if bins == 0 || a <= floor {
                near_zero += wgt;
                continue;
            }
            let b = edges[1..].partition_point(|&e| e < a).min(bins - 1);
            if v > 0.0 {
                positive[b] += wgt;
            } else {
                negative[b] += wgt;
            }
        }
        SignedLogHistogram {
            floor,
            edges: edges.to_vec(),
            positive,
            negative,
            near_zero,
        }
    }
}

/// Summary of a symmetric matrix's spectrum (the eigenvalues themselves travel in exports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spectrum {
    pub dim: usize,
    pub lambda_max: f64,
    pub lambda_min: f64,
    pub trace: f64,
    pub n_negative: usize,
    pub rel_threshold: f64,
    /// Number of eigenvalues `λ > rel_threshold · λ_max`.
    pub count_above: usize,
    pub histogram: SignedLogHistogram,
}

impl Spectrum {
    /// Summary of ascending eigenvalues.
    pub fn from_eigenvalues(vals: &[f64], opts: &SpectrumOptions) -> Result<Self, PinnError> {
        if vals.is_empty() {
            return Err(PinnError::InvalidParameter("empty spectrum".into()));
        }
        if vals.iter().any(|v| !v.is_finite()) {
            return Err(PinnError::NonFinite("eigenvalue".into()));
        }
        let lambda_max = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lambda_min = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let max_abs = lambda_max.abs().max(lambda_min.abs());
        let floor = opts.histogram_floor * max_abs;
        let edges = SignedLogHistogram::log_edges(floor, max_abs, opts.histogram_bins);
        let w = vec![1.0 / vals.len() as f64; vals.len()];
        Ok(Spectrum {
            dim: vals.len(),
            lambda_max,
            lambda_min,
            trace: vals.iter().sum(),
            n_negative: vals.iter().filter(|&&v| v < 0.0).count(),
            rel_threshold: opts.rel_threshold,
            count_above: vals
                .iter()
                .filter(|&&v| v > opts.rel_threshold * lambda_max)
                .count(),
            histogram: SignedLogHistogram::with_edges(vals, &w, floor, &edges),
        })
    }
}

/// Ascending eigenvalues of `G = scale · JᵀJ` given `Jᵀ` (`p × N`): when `N < p`, the
/// `N` eigenvalues of the Gram matrix `scale · J Jᵀ` (`JᵀJ` and `JJᵀ` share their nonzero
/// eigenvalues, the squared singular values of `J`) padded with `p - N` exact zeros;
/// otherwise the dense `p × p` matrix.
pub fn gram_spectrum(jacobian_t: &DenseMatrix, scale: f64) -> Result<Vec<f64>, PinnError> {
    let (p, n) = (jacobian_t.nrows, jacobian_t.ncols);
    let mut vals = if n < p {
        let mut j = vec![0.0; n * p];
        for i in 0..n {
            for (k, v) in jacobian_t.col(i).iter().enumerate() {
                j[k * n + i] = *v;
            }
        }
        let gram = scaled_gram_lower(&j, n, p, scale);
        let mut v = symmetric_eigenvalues(gram.as_faer())?;
        v.extend(std::iter::repeat_n(0.0, p - n));
        v
    } else {
        let g = scaled_gram_lower(&jacobian_t.data, p, n, scale);
        symmetric_eigenvalues(g.as_faer())?
    };
    vals.sort_by(f64::total_cmp);
    Ok(vals)
}
