//! Dense column-major matrices and the faer GEMM / symmetric-eigenvalue calls the engine uses, arranged so results never depend on the thread pool.
//!
//! GEMMs run with `Par::Seq`; parallel work is split by the caller into a fixed
//! partition (output column blocks) whose every entry is computed by exactly one task,
//! so the bits are the same for any rayon thread count. The eigensolver is called with
//! `Par::rayon(EIGEN_SPLITS)`: faer partitions its tridiagonalisation by that fixed count
//! (not by the pool size) and sums the parts in a fixed order, so a fixed count gives the
//! same eigenvalues in a 1-thread and a 2-thread pool.

use super::error::PinnError;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{self_adjoint_evd, self_adjoint_evd_scratch, ComputeEigenvectors};
use faer::{Accum, MatMut, MatRef, Par};
use rayon::prelude::*;
use serde::Serialize;

/// Number of parts faer's parallel eigen-kernels split their work into (fixed, see module docs).
pub const EIGEN_SPLITS: usize = 2;

/// A dense matrix stored column-major in one `Vec` (entry `(i, j)` at `data[j * nrows + i]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DenseMatrix {
    pub nrows: usize,
    pub ncols: usize,
    pub data: Vec<f64>,
}

impl DenseMatrix {
    /// The zero matrix.
    pub fn zeros(nrows: usize, ncols: usize) -> Self {
        DenseMatrix {
            nrows,
            ncols,
            data: vec![0.0; nrows * ncols],
        }
    }

    /// Entry `(i, j)`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[j * self.nrows + i]
    }

    /// Column `j` as a slice.
    pub fn col(&self, j: usize) -> &[f64] {
        &self.data[j * self.nrows..(j + 1) * self.nrows]
    }

    /// A faer view of the matrix.
    pub fn as_faer(&self) -> MatRef<'_, f64> {
        MatRef::from_column_major_slice(&self.data, self.nrows, self.ncols)
    }

    /// `max |A_ij - A_ji|` (0 for an exactly symmetric matrix).
    pub fn max_asymmetry(&self) -> f64 {
        let n = self.nrows.min(self.ncols);
        let mut worst = 0.0f64;
        for j in 0..n {
            for i in j + 1..n {
                worst = worst.max((self.get(i, j) - self.get(j, i)).abs());
            }
        }
        worst
    }

    /// `max |A_ij|`.
    pub fn max_abs(&self) -> f64 {
        self.data.iter().fold(0.0f64, |m, x| m.max(x.abs()))
    }

    /// `A v`.
    pub fn matvec(&self, v: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.nrows];
        for (j, &vj) in v.iter().enumerate().take(self.ncols) {
            for (o, a) in out.iter_mut().zip(self.col(j)) {
                *o += a * vj;
            }
        }
        out
    }

    /// `self + alpha * other` (same shape).
    pub fn add_scaled(&self, other: &DenseMatrix, alpha: f64) -> DenseMatrix {
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(a, b)| a + alpha * b)
            .collect();
        DenseMatrix {
            nrows: self.nrows,
            ncols: self.ncols,
            data,
        }
    }

    /// Copies the strict lower triangle onto the strict upper one.
    pub(crate) fn mirror_lower(&mut self) {
        let n = self.nrows;
        const B: usize = 64;
        for jb in (0..n).step_by(B) {
            for ib in (jb..n).step_by(B) {
                for j in jb..(jb + B).min(n) {
                    for i in ib.max(j + 1)..(ib + B).min(n) {
                        self.data[i * n + j] = self.data[j * n + i];
                    }
                }
            }
        }
    }
}

/// `dst (+)= alpha * lhs * rhs`, sequential faer GEMM.
pub(crate) fn gemm(
    dst: MatMut<'_, f64>,
    accumulate: bool,
    lhs: MatRef<'_, f64>,
    rhs: MatRef<'_, f64>,
    alpha: f64,
) {
    let accum = if accumulate {
        Accum::Add
    } else {
        Accum::Replace
    };
    faer::linalg::matmul::matmul(dst, accum, lhs, rhs, alpha, Par::Seq);
}

/// `alpha * X Xᵀ` for `X` given column-major `n × k` (`x[j * n + i]`), computed as
/// column blocks of the lower triangle in parallel (fixed partition), then mirrored.
pub(crate) fn scaled_gram_lower(x: &[f64], n: usize, k: usize, alpha: f64) -> DenseMatrix {
    let mut out = DenseMatrix::zeros(n, n);
    if n == 0 {
        return out;
    }
    const BLOCK: usize = 128;
    let xm = MatRef::from_column_major_slice(x, n, k);
    out.data
        .par_chunks_mut(BLOCK * n)
        .enumerate()
        .for_each(|(b, cols)| {
            let j0 = b * BLOCK;
            let nc = cols.len() / n;
            let dst = MatMut::from_column_major_slice_mut(cols, n, nc);
            let dst = dst.subrows_mut(j0, n - j0);
            let lhs = xm.subrows(j0, n - j0);
            let rhs = xm.subrows(j0, nc).transpose();
            gemm(dst, false, lhs, rhs, alpha);
        });
    out.mirror_lower();
    out
}

/// All eigenvalues (ascending) of the symmetric matrix whose lower triangle is `a`,
/// by faer's self-adjoint eigensolver on its eigenvalues-only path.
pub fn symmetric_eigenvalues(a: MatRef<'_, f64>) -> Result<Vec<f64>, PinnError> {
    let n = a.nrows();
    if n != a.ncols() {
        return Err(PinnError::DimensionMismatch {
            what: "square matrix columns",
            expected: n,
            found: a.ncols(),
        });
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    let par = Par::rayon(EIGEN_SPLITS);
    let mut s = faer::diag::Diag::<f64>::zeros(n);
    let scratch =
        self_adjoint_evd_scratch::<f64>(n, ComputeEigenvectors::No, par, Default::default());
    let mut buf = MemBuffer::new(scratch);
    self_adjoint_evd(
        a,
        s.as_mut(),
        None,
        par,
        MemStack::new(&mut buf),
        Default::default(),
    )
    .map_err(|e| PinnError::Eigen(format!("{e:?}")))?;
    let mut vals: Vec<f64> = s.column_vector().iter().copied().collect();
    if vals.iter().any(|v| !v.is_finite()) {
        return Err(PinnError::NonFinite("eigenvalue".into()));
    }
    vals.sort_by(f64::total_cmp);
    Ok(vals)
}

/// Eigenvalues (ascending) and eigenvectors (columns) of a small symmetric matrix
/// (lower triangle read), sequential faer self-adjoint eigensolver.
pub(crate) fn small_symmetric_eigen(a: &DenseMatrix) -> Result<(Vec<f64>, DenseMatrix), PinnError> {
    let n = a.nrows;
    let mut vecs = DenseMatrix::zeros(n, n);
    if n == 0 {
        return Ok((Vec::new(), vecs));
    }
    let par = Par::Seq;
    let mut s = faer::diag::Diag::<f64>::zeros(n);
    let scratch =
        self_adjoint_evd_scratch::<f64>(n, ComputeEigenvectors::Yes, par, Default::default());
    let mut buf = MemBuffer::new(scratch);
    self_adjoint_evd(
        a.as_faer(),
        s.as_mut(),
        Some(MatMut::from_column_major_slice_mut(&mut vecs.data, n, n)),
        par,
        MemStack::new(&mut buf),
        Default::default(),
    )
    .map_err(|e| PinnError::Eigen(format!("{e:?}")))?;
    let vals: Vec<f64> = s.column_vector().iter().copied().collect();
    Ok((vals, vecs))
}

/// Dot product with a fixed summation order.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean norm.
pub(crate) fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}
