//! Hessian rows of one layer in a unit-direction block pass: the tangent of the layer's gradient `Z̄^l (A^{l-1})ᵀ`, written into the block's columns.

use super::blocks::{sized, Context};
use super::linalg::gemm;
use super::passes::{rm, rm_mut};
use faer::{MatMut, MatRef};

/// Rows of hidden layer `l`: `Ẇ^l = Ż̄^l (A^{l-1})ᵀ + Z̄^l (Ȧ^{l-1})ᵀ`, `ḃ^l = Σ_i Ż̄^l[·, i·s]`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn assemble(
    ctx: &Context<'_>,
    l: usize,
    m: usize,
    dirs: &[(usize, Option<usize>)],
    single: bool,
    zbd: &[f64],
    as_: &[f64],
    ad: &[Vec<f64>],
    tmp: &mut Vec<f64>,
    nq: usize,
    out: &mut [f64],
) {
    let net = ctx.net;
    let w = net.widths();
    let (wl, wp) = (w[l], w[l - 1]);
    let (s, n, k) = (ctx.primal.s, ctx.primal.n, ctx.primal.k);
    let kq = k * nq;
    let p = net.params().len();
    let off = net.layer_offset(l);
    let nw = wl * wp;
    let a_prev = rm(&ctx.primal.a[l - 1], wp, k);
    if single {
        let t = sized(tmp, wp * nq);
        gemm(rm_mut(t, wp, nq), false, a_prev, rm(zbd, k, nq), 1.0);
        for (q, &(r, _)) in dirs.iter().enumerate() {
            for c in 0..wp {
                out[q * p + off + r * wp + c] = t[c * nq + q];
            }
            out[q * p + off + nw + r] = (0..n).map(|i| zbd[i * s * nq + q]).sum();
        }
    } else {
        for r in 0..wl {
            let dst = MatMut::from_column_major_slice_with_stride_mut(
                &mut out[off + r * wp..],
                wp,
                nq,
                p,
            );
            gemm(
                dst,
                false,
                a_prev,
                rm(&zbd[r * kq..(r + 1) * kq], k, nq),
                1.0,
            );
            for q in 0..nq {
                out[q * p + off + nw + r] = (0..n).map(|i| zbd[r * kq + i * s * nq + q]).sum();
            }
        }
    }
    if l == m {
        return;
    }
    let zbar = rm(&ctx.adj.zbar[l], wl, k);
    if l - 1 == m {
        let t = sized(tmp, wl * nq);
        gemm(rm_mut(t, wl, nq), false, zbar, rm(as_, k, nq), 1.0);
        for (q, &(rq, _)) in dirs.iter().enumerate() {
            for r in 0..wl {
                out[q * p + off + r * wp + rq] += t[r * nq + q];
            }
        }
    } else {
        let t = sized(tmp, wl * nq);
        for c in 0..wp {
            gemm(
                rm_mut(t, wl, nq),
                false,
                zbar,
                MatRef::from_row_major_slice(&ad[l - 1][c * kq..(c + 1) * kq], k, nq),
                1.0,
            );
            for r in 0..wl {
                for q in 0..nq {
                    out[q * p + off + r * wp + c] += t[r * nq + q];
                }
            }
        }
    }
}
