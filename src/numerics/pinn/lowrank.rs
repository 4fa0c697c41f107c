//! Exact spectra of symmetric matrices of known low rank (the boundary-loss Hessian with few boundary points) by randomized Rayleigh–Ritz, with an a-posteriori range check and a dense fallback.
//!
//! If `rank(H) ≤ r` and `Ω` is a `p × k` Gaussian matrix with `k > r`, then
//! `range(HΩ) = range(H)` with probability one (Halko, Martinsson & Tropp, SIAM Rev.
//! 53(2) 217–288, 2011). With `HΩ = QR` (Householder QR, orthonormal `Q`), `H = Q B Qᵀ`
//! for `B = Qᵀ H Q`, so the nonzero eigenvalues of `H` are those of the `k × k` matrix `B`
//! and the other `p - k` eigenvalues are exactly zero. The check
//! `‖(I - QQᵀ) H g‖ ≤ 1e-12 ‖H‖_F ‖g‖` for two Gaussian probes `g` guards the rank bound;
//! if it fails, the dense eigensolver is used.
//!
//! Rank bound for one loss term of the tanh network: the rows of `∇²_θ ℓ_i` lie in the
//! span of the `s` streams of `Ż̄^l[r, ·]` (all units `r` of all layers) and `Ȧ^{l-1}[c, ·]`
//! (all hidden units `c`), so `rank ≤ N·s·(Σ_{l=1}^{L} w_l + Σ_{l=1}^{L-1} w_l)`, plus
//! `N` for the Gauss–Newton part.

use super::error::PinnError;
use super::linalg::{dot, gemm, symmetric_eigenvalues, DenseMatrix};
use super::network::Network;
use crate::numerics::rng::Rng;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::householder::{
    apply_block_householder_sequence_on_the_left_in_place_scratch,
    apply_block_householder_sequence_on_the_left_in_place_with_conj,
};
use faer::linalg::qr::no_pivoting::factor::{
    qr_in_place, qr_in_place_scratch, recommended_block_size,
};
use faer::{Conj, MatMut, MatRef, Par};
use rayon::prelude::*;

/// Seed of the Gaussian test matrices (fixed so spectra are reproducible).
const SKETCH_SEED: u64 = 0x5eed_1a2c;
/// Oversampling beyond the rank bound.
const OVERSAMPLE: usize = 10;

/// Upper bound on the rank of the Hessian of a loss term with `n` points and `s` streams
/// (see module docs).
pub fn network_term_rank_bound(net: &Network, n: usize, s: usize) -> usize {
    let w = net.widths();
    let big_l = net.n_layers();
    let per_point: usize = w[1..=big_l].iter().sum::<usize>() + w[1..big_l].iter().sum::<usize>();
    n.saturating_mul(s)
        .saturating_mul(per_point)
        .saturating_add(n)
}

/// `H X` for column-major `X` (`p × k`), column blocks in parallel (fixed partition).
fn sym_times(h: &DenseMatrix, x: &[f64], k: usize) -> Vec<f64> {
    let p = h.nrows;
    let mut out = vec![0.0; p * k];
    const BLOCK: usize = 32;
    out.par_chunks_mut(BLOCK * p)
        .enumerate()
        .for_each(|(b, cols)| {
            let nc = cols.len() / p;
            let rhs =
                MatRef::from_column_major_slice(&x[b * BLOCK * p..(b * BLOCK + nc) * p], p, nc);
            gemm(
                MatMut::from_column_major_slice_mut(cols, p, nc),
                false,
                h.as_faer(),
                rhs,
                1.0,
            );
        });
    out
}

/// Ascending eigenvalues of the symmetric `h`, using the low-rank route when
/// `rank(h) ≤ rank_bound` makes it cheaper (`2(rank_bound + 10) ≤ p`), else dense.
pub fn eigenvalues_with_rank_bound(
    h: &DenseMatrix,
    rank_bound: usize,
) -> Result<Vec<f64>, PinnError> {
    let p = h.nrows;
    let k = rank_bound.saturating_add(OVERSAMPLE);
    if k.saturating_mul(2) > p {
        return symmetric_eigenvalues(h.as_faer());
    }
    match low_rank_eigenvalues(h, k)? {
        Some(v) => Ok(v),
        None => symmetric_eigenvalues(h.as_faer()),
    }
}

/// Randomized Rayleigh–Ritz with `k` samples; `None` when the range check fails.
pub(crate) fn low_rank_eigenvalues(
    h: &DenseMatrix,
    k: usize,
) -> Result<Option<Vec<f64>>, PinnError> {
    let p = h.nrows;
    let mut rng = Rng::seeded(SKETCH_SEED);
    let omega: Vec<f64> = (0..p * k).map(|_| rng.normal()).collect();
    let mut y = sym_times(h, &omega, k);
    // Householder QR of Y, then Q = H_1 ⋯ H_k [I; 0].
    let bs = recommended_block_size::<f64>(p, k).max(1);
    let mut coeff = vec![0.0; bs * k];
    {
        let scratch = qr_in_place_scratch::<f64>(p, k, bs, Par::Seq, Default::default());
        let mut buf = MemBuffer::new(scratch);
        qr_in_place(
            MatMut::from_column_major_slice_mut(&mut y, p, k),
            MatMut::from_column_major_slice_mut(&mut coeff, bs, k),
            Par::Seq,
            MemStack::new(&mut buf),
            Default::default(),
        );
    }
    let mut q = vec![0.0; p * k];
    for j in 0..k {
        q[j * p + j] = 1.0;
    }
    {
        let scratch =
            apply_block_householder_sequence_on_the_left_in_place_scratch::<f64>(p, bs, k);
        let mut buf = MemBuffer::new(scratch);
        apply_block_householder_sequence_on_the_left_in_place_with_conj(
            MatRef::from_column_major_slice(&y, p, k),
            MatRef::from_column_major_slice(&coeff, bs, k),
            Conj::No,
            MatMut::from_column_major_slice_mut(&mut q, p, k),
            Par::Seq,
            MemStack::new(&mut buf),
        );
    }
    drop(y);
    let hq = sym_times(h, &q, k);
    let mut b = DenseMatrix::zeros(k, k);
    gemm(
        MatMut::from_column_major_slice_mut(&mut b.data, k, k),
        false,
        MatRef::from_column_major_slice(&q, p, k).transpose(),
        MatRef::from_column_major_slice(&hq, p, k),
        1.0,
    );
    for j in 0..k {
        for i in j + 1..k {
            let v = 0.5 * (b.data[j * k + i] + b.data[i * k + j]);
            b.data[j * k + i] = v;
            b.data[i * k + j] = v;
        }
    }
    // Range check with two fresh probes.
    let h_fro = dot(&h.data, &h.data).sqrt();
    for _ in 0..2 {
        let g: Vec<f64> = (0..p).map(|_| rng.normal()).collect();
        let hg = h.matvec(&g);
        let coef: Vec<f64> = (0..k).map(|j| dot(&q[j * p..(j + 1) * p], &hg)).collect();
        let mut resid = hg;
        for (j, c) in coef.iter().enumerate() {
            resid
                .iter_mut()
                .zip(&q[j * p..(j + 1) * p])
                .for_each(|(r, qv)| *r -= c * qv);
        }
        if dot(&resid, &resid).sqrt() > 1e-12 * h_fro * dot(&g, &g).sqrt() {
            return Ok(None);
        }
    }
    let mut vals = symmetric_eigenvalues(b.as_faer())?;
    vals.extend(std::iter::repeat_n(0.0, p - k));
    vals.sort_by(f64::total_cmp);
    Ok(Some(vals))
}
