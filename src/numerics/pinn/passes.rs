//! Batched primal passes of the tanh network over all points at once: forward with input-derivative streams, adjoint pass, weighted gradients and per-point Jacobians.
//!
//! Every layer quantity is a `w × K` row-major matrix whose column `k = i·s + σ` is
//! stream `σ` of point `i` (`K = N·s`). The input streams are `x_i` (value), the unit
//! vectors `e_j` (first derivatives) and `0` (Laplacian); see [`super::act`]. The layer
//! maps are GEMMs `Z^l = W^l A^{l-1}` plus the bias on the value stream. The output
//! functional is `ℓ_i = Σ_σ m_σ Z^L[0, i·s+σ]`; the adjoint pass seeds
//! `Z̄^L[0, i·s+σ] = c_i m_σ` and returns `Σ_i c_i ∇_θ ℓ_i` by `∇W^l = Z̄^l (A^{l-1})ᵀ`,
//! `∇b^l = Σ_i Z̄^l[·, i·s]` (reverse-mode differentiation; Griewank & Walther,
//! "Evaluating Derivatives", 2nd ed., SIAM 2008). The input-derivative streams are
//! forward-mode Taylor propagation of `∂_j` and `Δ` through each layer.

use super::act;
use super::linalg::{gemm, DenseMatrix};
use super::network::Network;
use super::problem::Points;
use faer::{MatMut, MatRef};
use rayon::prelude::*;

/// Primal quantities of one batched forward pass.
pub(crate) struct Primal {
    /// Streams per point.
    pub s: usize,
    /// Number of points.
    pub n: usize,
    /// `K = n·s`.
    pub k: usize,
    /// `a[l]` = activations `A^l` for `l = 0..L` (`a[0]` = input streams, `a[L]` = output).
    pub a: Vec<Vec<f64>>,
    /// `z[l]` = pre-activations `Z^l` for `l = 1..=L` (`z[0]` empty).
    pub z: Vec<Vec<f64>>,
}

/// Adjoint quantities of one batched reverse pass.
pub(crate) struct Adjoint {
    /// `zbar[l]` = `Z̄^l` for `l = 1..=L`.
    pub zbar: Vec<Vec<f64>>,
    /// `abar[l]` = `Ā^l = (W^{l+1})ᵀ Z̄^{l+1}` for `l = 1..L-1`.
    pub abar: Vec<Vec<f64>>,
}

/// Row-major view of a `rows × cols` matrix in `data`.
pub(crate) fn rm(data: &[f64], rows: usize, cols: usize) -> MatRef<'_, f64> {
    MatRef::from_row_major_slice(data, rows, cols)
}

/// Mutable row-major view.
pub(crate) fn rm_mut(data: &mut [f64], rows: usize, cols: usize) -> MatMut<'_, f64> {
    MatMut::from_row_major_slice_mut(data, rows, cols)
}

/// Input streams `A^0` (`d × K`).
fn input_streams(points: &Points, s: usize) -> Vec<f64> {
    let (d, n) = (points.dim, points.len());
    let k = n * s;
    let mut a0 = vec![0.0; d * k];
    for i in 0..n {
        let x = points.point(i);
        for j in 0..d {
            a0[j * k + i * s] = x[j];
            if s > 1 {
                a0[j * k + i * s + 1 + j] = 1.0;
            }
        }
    }
    a0
}

/// Forward pass with `s` streams (`s = 1` or `s = d + 2`).
pub(crate) fn forward(net: &Network, points: &Points, s: usize) -> Primal {
    let w = net.widths();
    let big_l = net.n_layers();
    let n = points.len();
    let k = n * s;
    let mut a = Vec::with_capacity(big_l + 1);
    let mut z = Vec::with_capacity(big_l + 1);
    a.push(input_streams(points, s));
    z.push(Vec::new());
    for l in 1..=big_l {
        let mut zl = vec![0.0; w[l] * k];
        gemm(
            rm_mut(&mut zl, w[l], k),
            false,
            rm(net.weight(l), w[l], w[l - 1]),
            rm(&a[l - 1], w[l - 1], k),
            1.0,
        );
        for (r, &b) in net.bias(l).iter().enumerate() {
            for i in 0..n {
                zl[r * k + i * s] += b;
            }
        }
        let al = if l < big_l {
            let mut al = vec![0.0; w[l] * k];
            for (zc, ac) in zl.chunks_exact(s).zip(al.chunks_exact_mut(s)) {
                act::forward(zc, ac);
            }
            al
        } else {
            zl.clone()
        };
        z.push(zl);
        a.push(al);
    }
    Primal { s, n, k, a, z }
}

/// `ℓ_i = Σ_σ m_σ Z^L[0, i·s+σ]`.
pub(crate) fn outputs(primal: &Primal, m: &[f64]) -> Vec<f64> {
    let out = &primal.z[primal.z.len() - 1];
    out.chunks_exact(primal.s)
        .map(|c| c.iter().zip(m).map(|(x, y)| x * y).sum())
        .collect()
}

/// Reverse pass seeded with `Z̄^L[0, i·s+σ] = c_i m_σ`.
pub(crate) fn reverse(net: &Network, primal: &Primal, m: &[f64], c: &[f64]) -> Adjoint {
    let w = net.widths();
    let big_l = net.n_layers();
    let (s, k) = (primal.s, primal.k);
    let mut zbar = vec![Vec::new(); big_l + 1];
    let mut abar = vec![Vec::new(); big_l];
    let mut seed = vec![0.0; k];
    for (i, &ci) in c.iter().enumerate() {
        for (sig, &ms) in m.iter().enumerate() {
            seed[i * s + sig] = ci * ms;
        }
    }
    zbar[big_l] = seed;
    for l in (1..=big_l).rev() {
        if l < big_l {
            let mut zb = vec![0.0; w[l] * k];
            let (zl, al, ab) = (&primal.z[l], &primal.a[l], &abar[l]);
            for col in (0..w[l] * k).step_by(s) {
                act::reverse(
                    &zl[col..col + s],
                    al[col],
                    &ab[col..col + s],
                    &mut zb[col..col + s],
                );
            }
            zbar[l] = zb;
        }
        if l >= 2 {
            let mut ab = vec![0.0; w[l - 1] * k];
            gemm(
                rm_mut(&mut ab, w[l - 1], k),
                false,
                rm(net.weight(l), w[l], w[l - 1]).transpose(),
                rm(&zbar[l], w[l], k),
                1.0,
            );
            abar[l - 1] = ab;
        }
    }
    Adjoint { zbar, abar }
}

/// `Σ_i c_i ∇_θ ℓ_i` from an adjoint pass seeded with `c`.
pub(crate) fn gradient(net: &Network, primal: &Primal, adj: &Adjoint) -> Vec<f64> {
    let w = net.widths();
    let (s, k, n) = (primal.s, primal.k, primal.n);
    let mut g = vec![0.0; net.params().len()];
    for l in 1..=net.n_layers() {
        let off = net.layer_offset(l);
        let nw = w[l] * w[l - 1];
        gemm(
            rm_mut(&mut g[off..off + nw], w[l], w[l - 1]),
            false,
            rm(&adj.zbar[l], w[l], k),
            rm(&primal.a[l - 1], w[l - 1], k).transpose(),
            1.0,
        );
        for r in 0..w[l] {
            let row = &adj.zbar[l][r * k..(r + 1) * k];
            g[off + nw + r] = (0..n).map(|i| row[i * s]).sum();
        }
    }
    g
}

/// `Jᵀ` (`p × N`, column `i` = `∇_θ ℓ_i`) from an adjoint pass seeded with `c_i = 1`.
pub(crate) fn jacobian_t(net: &Network, primal: &Primal, adj: &Adjoint) -> DenseMatrix {
    let w = net.widths();
    let p = net.params().len();
    let (s, k, n) = (primal.s, primal.k, primal.n);
    let mut jt = DenseMatrix::zeros(p, n);
    jt.data
        .par_chunks_mut(p.max(1))
        .enumerate()
        .for_each(|(i, col)| {
            for l in 1..=net.n_layers() {
                let off = net.layer_offset(l);
                let nw = w[l] * w[l - 1];
                let (zb, ap) = (&adj.zbar[l], &primal.a[l - 1]);
                for r in 0..w[l] {
                    let zr = &zb[r * k + i * s..r * k + i * s + s];
                    for c in 0..w[l - 1] {
                        let ac = &ap[c * k + i * s..c * k + i * s + s];
                        col[off + r * w[l - 1] + c] = zr.iter().zip(ac).map(|(x, y)| x * y).sum();
                    }
                    col[off + nw + r] = zr[0];
                }
            }
        });
    jt
}

/// Mutable row-major view with row stride `row_stride` (built through the column-major
/// constructor: faer 0.24's `from_row_major_slice_with_stride_mut` swaps the strides).
pub(crate) fn rm_strided_mut(
    data: &mut [f64],
    rows: usize,
    cols: usize,
    row_stride: usize,
) -> MatMut<'_, f64> {
    MatMut::from_column_major_slice_with_stride_mut(data, cols, rows, row_stride).transpose_mut()
}
