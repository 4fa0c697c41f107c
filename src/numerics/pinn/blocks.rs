//! Column blocks of the exact curvature Hessian `∇²_θ Σ_i c_i ℓ_i` for unit directions of one layer, by a forward-over-reverse pass that exploits the layer structure.
//!
//! For the unit directions `e_q` of layer `m` (weight `W^m[r_q, c_q]` or bias `b^m[r_q]`)
//! the forward tangents `Ż^m`, `Ȧ^m` live in the single unit row `r_q`, so
//! `Ż^{m+1} = W^{m+1}[:, r_q] Ȧ^m[r_q]` is a rank-one update instead of a GEMM; above
//! that `Ż^l = W^l Ȧ^{l-1}` and `Ȧ^l = M^l Ż^l` with the per-unit, per-point Jacobians
//! `M = ∂h/∂z` of [`super::act::jacobians`]. The adjoint tangents go down from
//! `Ż̄^L = 0` (the output is linear and `c` is frozen) by `Ā̇^{l-1} = (W^l)ᵀ Ż̄^l` and
//! `Ż̄^l = S^l Ż^l + (M^l)ᵀ Ā̇^l` (`S = ∇²_z(ā·h)`), and the Hessian rows of layer
//! `l ≥ m` are the gradient tangents `Ż̄^l (A^{l-1})ᵀ + Z̄^l (Ȧ^{l-1})ᵀ` (Pearlmutter 1994).
//! Rows of layers `< m` follow by symmetry (see [`super::hessian`]).
//!
//! Tangent arrays are laid out `[unit][k][q]` (`k = i·s + σ`, direction `q` fastest), so
//! every per-unit linear map is a short loop over contiguous directions and every
//! gradient-tangent row block is one GEMM `(w × K)(K × Q)`.

use super::act;
use super::block_rows::assemble;
use super::linalg::gemm;
use super::network::Network;
use super::passes::{rm, rm_mut, Adjoint, Primal};

/// Per hidden layer, per unit and point: `M = ∂h/∂z` and `S = ∇²_z(ā·h)` (`s × s` each).
pub(crate) struct Coeffs {
    /// `m[l][(r·N + i)·s² ..]`.
    pub(crate) m: Vec<Vec<f64>>,
    /// `h[l][(r·N + i)·s² ..]`.
    pub(crate) h: Vec<Vec<f64>>,
}

impl Coeffs {
    pub(crate) fn new(net: &Network, primal: &Primal, adj: &Adjoint) -> Self {
        let w = net.widths();
        let big_l = net.n_layers();
        let (s, n, k) = (primal.s, primal.n, primal.k);
        let s2 = s * s;
        let mut m = vec![Vec::new(); big_l];
        let mut h = vec![Vec::new(); big_l];
        for l in 1..big_l {
            let mut ml = vec![0.0; w[l] * n * s2];
            let mut hl = vec![0.0; w[l] * n * s2];
            for r in 0..w[l] {
                for i in 0..n {
                    let pc = r * k + i * s;
                    let cc = (r * n + i) * s2;
                    act::jacobians(
                        &primal.z[l][pc..pc + s],
                        primal.a[l][pc],
                        &adj.abar[l][pc..pc + s],
                        &mut ml[cc..cc + s2],
                        &mut hl[cc..cc + s2],
                    );
                }
            }
            m[l] = ml;
            h[l] = hl;
        }
        Coeffs { m, h }
    }
}

/// Reusable buffers of one worker.
#[derive(Default)]
pub(crate) struct Workspace {
    zd: Vec<Vec<f64>>,
    ad: Vec<Vec<f64>>,
    single_z: Vec<f64>,
    single_a: Vec<f64>,
    zbd: Vec<f64>,
    abd: Vec<f64>,
    tmp: Vec<f64>,
}

pub(crate) fn sized(v: &mut Vec<f64>, n: usize) -> &mut [f64] {
    if v.len() < n {
        v.resize(n, 0.0);
    }
    &mut v[..n]
}

/// `out[a][q] = Σ_b mat[a·s+b] x[b][q]` (or with `matᵀ`), plus `out` when `add`.
#[inline]
fn apply(mat: &[f64], s: usize, transpose: bool, x: &[f64], out: &mut [f64], nq: usize, add: bool) {
    for a in 0..s {
        let row = &mut out[a * nq..(a + 1) * nq];
        if !add {
            row.iter_mut().for_each(|v| *v = 0.0);
        }
        for b in 0..s {
            let c = if transpose {
                mat[b * s + a]
            } else {
                mat[a * s + b]
            };
            if c != 0.0 {
                for (o, xv) in row.iter_mut().zip(&x[b * nq..(b + 1) * nq]) {
                    *o += c * xv;
                }
            }
        }
    }
}

/// Everything a block pass reads.
pub(crate) struct Context<'a> {
    pub net: &'a Network,
    pub primal: &'a Primal,
    pub adj: &'a Adjoint,
    pub coeffs: &'a Coeffs,
}

/// Writes the rows of layers `≥ m` of the Hessian columns for the layer-local indices
/// `start..start+nq` of layer `m` into `out` (column-major `p × nq`, rows of lower
/// layers untouched).
pub(crate) fn block_columns(
    ctx: &Context<'_>,
    m: usize,
    start: usize,
    nq: usize,
    out: &mut [f64],
    ws: &mut Workspace,
) {
    let net = ctx.net;
    let w = net.widths();
    let big_l = net.n_layers();
    let (s, n, k) = (ctx.primal.s, ctx.primal.n, ctx.primal.k);
    let s2 = s * s;
    let p = net.params().len();
    let kq = k * nq;
    let base = net.layer_offset(m);
    for q in 0..nq {
        out[q * p + base..(q + 1) * p]
            .iter_mut()
            .for_each(|v| *v = 0.0);
    }
    if m == big_l {
        return; // the output layer enters linearly: no curvature
    }
    let nw_m = w[m] * w[m - 1];
    let dirs: Vec<(usize, Option<usize>)> = (start..start + nq)
        .map(|j| {
            if j < nw_m {
                (j / w[m - 1], Some(j % w[m - 1]))
            } else {
                (j - nw_m, None)
            }
        })
        .collect();
    // Layer m: single-row tangents Ż^m (row r_q) and Ȧ^m = M Ż^m.
    let zs = sized(&mut ws.single_z, kq);
    for (q, &(_, c)) in dirs.iter().enumerate() {
        match c {
            Some(c) => {
                for (kk, &a) in ctx.primal.a[m - 1][c * k..(c + 1) * k].iter().enumerate() {
                    zs[kk * nq + q] = a;
                }
            }
            None => {
                for kk in 0..k {
                    zs[kk * nq + q] = if kk % s == 0 { 1.0 } else { 0.0 };
                }
            }
        }
    }
    let as_ = sized(&mut ws.single_a, kq);
    for i in 0..n {
        for (q, &(r, _)) in dirs.iter().enumerate() {
            let mat = &ctx.coeffs.m[m][(r * n + i) * s2..(r * n + i + 1) * s2];
            for a in 0..s {
                as_[(i * s + a) * nq + q] = (0..s)
                    .map(|b| mat[a * s + b] * zs[(i * s + b) * nq + q])
                    .sum();
            }
        }
    }
    // Forward through the hidden layers above m (the output tangent is not needed).
    ws.zd.resize_with(big_l + 1, Vec::new);
    ws.ad.resize_with(big_l + 1, Vec::new);
    for l in m + 1..big_l {
        let mut zl = std::mem::take(&mut ws.zd[l]);
        let zlv = sized(&mut zl, w[l] * kq);
        if l == m + 1 {
            let wt = net.weight(l);
            for r in 0..w[l] {
                let dst = &mut zlv[r * kq..(r + 1) * kq];
                for kk in 0..k {
                    for (q, &(rq, _)) in dirs.iter().enumerate() {
                        dst[kk * nq + q] = wt[r * w[m] + rq] * as_[kk * nq + q];
                    }
                }
            }
        } else {
            gemm(
                rm_mut(zlv, w[l], kq),
                false,
                rm(net.weight(l), w[l], w[l - 1]),
                rm(&ws.ad[l - 1][..w[l - 1] * kq], w[l - 1], kq),
                1.0,
            );
        }
        let mut al = std::mem::take(&mut ws.ad[l]);
        let alv = sized(&mut al, w[l] * kq);
        for r in 0..w[l] {
            for i in 0..n {
                let mat = &ctx.coeffs.m[l][(r * n + i) * s2..(r * n + i + 1) * s2];
                let o = (r * k + i * s) * nq;
                apply(
                    mat,
                    s,
                    false,
                    &zlv[o..o + s * nq],
                    &mut alv[o..o + s * nq],
                    nq,
                    false,
                );
            }
        }
        ws.zd[l] = zl;
        ws.ad[l] = al;
    }
    // Output-layer rows: only Z̄^L (Ȧ^{L-1})ᵀ survives (Ż̄^L = 0).
    {
        let off = net.layer_offset(big_l);
        let wp = w[big_l - 1];
        let zbar = &ctx.adj.zbar[big_l];
        let tmp = sized(&mut ws.tmp, nq.max(wp * nq));
        if big_l - 1 == m {
            gemm(
                rm_mut(&mut tmp[..nq], 1, nq),
                false,
                rm(zbar, 1, k),
                rm(as_, k, nq),
                1.0,
            );
            for (q, &(rq, _)) in dirs.iter().enumerate() {
                out[q * p + off + rq] += tmp[q];
            }
        } else {
            let ad = &ws.ad[big_l - 1];
            for c in 0..wp {
                gemm(
                    rm_mut(&mut tmp[..nq], 1, nq),
                    false,
                    rm(zbar, 1, k),
                    rm(&ad[c * kq..(c + 1) * kq], k, nq),
                    1.0,
                );
                for q in 0..nq {
                    out[q * p + off + c] += tmp[q];
                }
            }
        }
    }
    // Down the hidden layers: Ż̄^l, then the rows of layer l, then Ā̇^{l-1}.
    let mut abd_zero = true; // Ā̇^{L-1} = (W^L)ᵀ Ż̄^L = 0
    for l in (m..big_l).rev() {
        let wl = w[l];
        let single = l == m && abd_zero;
        let zbd = sized(&mut ws.zbd, if single { kq } else { wl * kq });
        if single {
            for i in 0..n {
                for (q, &(r, _)) in dirs.iter().enumerate() {
                    let mat = &ctx.coeffs.h[l][(r * n + i) * s2..(r * n + i + 1) * s2];
                    for a in 0..s {
                        zbd[(i * s + a) * nq + q] = (0..s)
                            .map(|b| mat[a * s + b] * zs[(i * s + b) * nq + q])
                            .sum();
                    }
                }
            }
        } else {
            for r in 0..wl {
                for i in 0..n {
                    let cc = (r * n + i) * s2;
                    let o = (r * k + i * s) * nq;
                    let dst = &mut zbd[o..o + s * nq];
                    if abd_zero {
                        dst.iter_mut().for_each(|v| *v = 0.0);
                    } else {
                        apply(
                            &ctx.coeffs.m[l][cc..cc + s2],
                            s,
                            true,
                            &ws.abd[o..o + s * nq],
                            dst,
                            nq,
                            false,
                        );
                    }
                    if l > m {
                        apply(
                            &ctx.coeffs.h[l][cc..cc + s2],
                            s,
                            false,
                            &ws.zd[l][o..o + s * nq],
                            dst,
                            nq,
                            true,
                        );
                    }
                }
            }
            if l == m {
                for i in 0..n {
                    for (q, &(r, _)) in dirs.iter().enumerate() {
                        let mat = &ctx.coeffs.h[l][(r * n + i) * s2..(r * n + i + 1) * s2];
                        for a in 0..s {
                            let v: f64 = (0..s)
                                .map(|b| mat[a * s + b] * zs[(i * s + b) * nq + q])
                                .sum();
                            zbd[(r * k + i * s + a) * nq + q] += v;
                        }
                    }
                }
            }
        }
        let zbd: &[f64] = zbd;
        assemble(
            ctx,
            l,
            m,
            &dirs,
            single,
            zbd,
            as_,
            &ws.ad,
            &mut ws.tmp,
            nq,
            out,
        );
        if l > m {
            let abd = sized(&mut ws.abd, w[l - 1] * kq);
            gemm(
                rm_mut(abd, w[l - 1], kq),
                false,
                rm(net.weight(l), wl, w[l - 1]).transpose(),
                rm(zbd, wl, kq),
                1.0,
            );
            abd_zero = false;
        }
        if l == m {
            break;
        }
    }
}
