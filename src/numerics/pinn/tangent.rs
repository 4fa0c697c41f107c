//! Forward-over-reverse passes along dense directions: exact Hessian-vector products of `Σ_i c_i ℓ_i(θ)` (with a Gauss–Newton seed tangent) for the tanh network.
//!
//! For directions `v_q` (`q = 1..Q`) the pass returns
//! `d/dε Σ_i (c_i + ε γ (J v_q)_i) ∇_θ ℓ_i(θ + ε v_q) = γ JᵀJ v_q + Σ_i c_i ∇²ℓ_i v_q`
//! (Pearlmutter, "Fast exact multiplication by the Hessian", Neural Comput. 6(1)
//! 147–160, 1994): the forward tangents `Ż^l = W^l Ȧ^{l-1} + V^l A^{l-1} + v_b^l`,
//! `Ȧ^l = act'(Z^l)[Ż^l]`, then the tangents of the adjoint pass
//! `Ā̇^{l-1} = (W^l)ᵀ Ż̄^l + (V^l)ᵀ Z̄^l`, `Ż̄^{l-1} = d/dε act_adjoint`, and the tangent of
//! the gradient `∇W^l = Z̄^l (A^{l-1})ᵀ`, i.e. `Ż̄^l (A^{l-1})ᵀ + Z̄^l (Ȧ^{l-1})ᵀ`.
//! Tangents are stored `[unit][q][k]`, so every layer step is one GEMM over all
//! directions and points (`w × w` times `w × Q·K`), and the gradient tangent is one GEMM
//! with inner dimension `K = N·s`.
//! This general pass serves Hessian-vector products; dense Hessians use the structured
//! unit-direction pass of [`super::blocks`].

use super::act;
use super::linalg::gemm;
use super::network::Network;
use super::passes::{rm, rm_mut, rm_strided_mut, Adjoint, Primal};
use faer::{MatMut, MatRef};

/// Dense directions `v_q`, each of length `p`.
pub(crate) struct Directions<'a>(pub &'a [&'a [f64]]);

impl Directions<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    /// `Ż^l += V^l A^{l-1} + v_b^l` (value stream) for every direction.
    fn add_forward_direct(
        &self,
        net: &Network,
        l: usize,
        a_prev: &[f64],
        s: usize,
        zd: &mut [f64],
    ) {
        let w = net.widths();
        let (wl, wp) = (w[l], w[l - 1]);
        let nq = self.count();
        let k = a_prev.len() / wp;
        let n = k / s;
        let nw = wl * wp;
        let off = net.layer_offset(l);
        for (q, v) in self.0.iter().enumerate() {
            let dst = rm_strided_mut(&mut zd[q * k..], wl, k, nq * k);
            gemm(
                dst,
                true,
                rm(&v[off..off + nw], wl, wp),
                rm(a_prev, wp, k),
                1.0,
            );
            for r in 0..wl {
                let b = v[off + nw + r];
                for i in 0..n {
                    zd[(r * nq + q) * k + i * s] += b;
                }
            }
        }
    }

    /// `Ā̇^{l-1} += (V^l)ᵀ Z̄^l`.
    fn add_reverse_direct(&self, net: &Network, l: usize, zbar: &[f64], abd: &mut [f64]) {
        let w = net.widths();
        let (wl, wp) = (w[l], w[l - 1]);
        let k = zbar.len() / wl;
        let nq = self.count();
        let off = net.layer_offset(l);
        for (q, v) in self.0.iter().enumerate() {
            let dst = rm_strided_mut(&mut abd[q * k..], wp, k, nq * k);
            gemm(
                dst,
                true,
                rm(&v[off..off + wl * wp], wl, wp).transpose(),
                rm(zbar, wl, k),
                1.0,
            );
        }
    }
}

/// Forward-over-reverse pass (see module docs); `out` is column-major `p × Q`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn second_order_pass(
    net: &Network,
    primal: &Primal,
    adj: &Adjoint,
    m: &[f64],
    gamma: f64,
    dirs: &Directions<'_>,
    out: &mut [f64],
) {
    let w = net.widths();
    let big_l = net.n_layers();
    let (s, k, n) = (primal.s, primal.k, primal.n);
    let nq = dirs.count();
    let qk = nq * k;
    let first = 1;
    let mut zd: Vec<Option<Vec<f64>>> = vec![None; big_l + 1];
    let mut ad: Vec<Option<Vec<f64>>> = vec![None; big_l + 1];
    for l in first..=big_l {
        let mut zl = vec![0.0; w[l] * qk];
        if let Some(a_prev) = &ad[l - 1] {
            gemm(
                rm_mut(&mut zl, w[l], qk),
                false,
                rm(net.weight(l), w[l], w[l - 1]),
                rm(a_prev, w[l - 1], qk),
                1.0,
            );
        }
        dirs.add_forward_direct(net, l, &primal.a[l - 1], s, &mut zl);
        if l < big_l {
            let mut al = vec![0.0; w[l] * qk];
            let (zp, ap) = (&primal.z[l], &primal.a[l]);
            for r in 0..w[l] {
                for q in 0..nq {
                    for i in 0..n {
                        let pc = r * k + i * s;
                        let tc = (r * nq + q) * k + i * s;
                        act::forward_tangent(
                            &zp[pc..pc + s],
                            ap[pc],
                            &zl[tc..tc + s],
                            &mut al[tc..tc + s],
                        );
                    }
                }
            }
            ad[l] = Some(al);
        }
        zd[l] = Some(zl);
    }
    // Seed tangent at the (linear, width-1) output: Ż̄^L = γ (J v) m.
    let mut zbd = vec![0.0; qk];
    if gamma != 0.0 {
        if let Some(zl) = &zd[big_l] {
            for (src, dst) in zl.chunks_exact(s).zip(zbd.chunks_exact_mut(s)) {
                let jv: f64 = src.iter().zip(m).map(|(x, y)| x * y).sum();
                for (d, &ms) in dst.iter_mut().zip(m) {
                    *d = gamma * jv * ms;
                }
            }
        }
    }
    for l in (first..=big_l).rev() {
        assemble_rows(net, l, primal, adj, ad[l - 1].as_deref(), &zbd, nq, out);
        if l == first {
            break;
        }
        let (wl, wp) = (w[l], w[l - 1]);
        let mut abd = vec![0.0; wp * qk];
        gemm(
            rm_mut(&mut abd, wp, qk),
            false,
            rm(net.weight(l), wl, wp).transpose(),
            rm(&zbd, wl, qk),
            1.0,
        );
        dirs.add_reverse_direct(net, l, &adj.zbar[l], &mut abd);
        let mut prev = vec![0.0; wp * qk];
        let (zp, ap, abar) = (&primal.z[l - 1], &primal.a[l - 1], &adj.abar[l - 1]);
        let zdp = zd[l - 1].as_deref();
        for r in 0..wp {
            for q in 0..nq {
                for i in 0..n {
                    let pc = r * k + i * s;
                    let tc = (r * nq + q) * k + i * s;
                    act::reverse_tangent(
                        &zp[pc..pc + s],
                        ap[pc],
                        &abar[pc..pc + s],
                        zdp.map(|v| &v[tc..tc + s]),
                        &abd[tc..tc + s],
                        &mut prev[tc..tc + s],
                    );
                }
            }
        }
        zbd = prev;
    }
}

/// Rows of layer `l` of the gradient tangent:
/// `Ẇ^l[r,c] = Σ_k A^{l-1}[c,k] Ż̄^l[r,q,k] + Σ_k Z̄^l[r,k] Ȧ^{l-1}[c,q,k]`,
/// `ḃ^l[r] = Σ_i Ż̄^l[r,q,i·s]`.
#[allow(clippy::too_many_arguments)]
fn assemble_rows(
    net: &Network,
    l: usize,
    primal: &Primal,
    adj: &Adjoint,
    ad_prev: Option<&[f64]>,
    zbd: &[f64],
    nq: usize,
    out: &mut [f64],
) {
    let w = net.widths();
    let p = net.params().len();
    let (wl, wp) = (w[l], w[l - 1]);
    let (s, k, n) = (primal.s, primal.k, primal.n);
    let off = net.layer_offset(l);
    let nw = wl * wp;
    let mut r1 = vec![0.0; wp * wl * nq];
    gemm(
        MatMut::from_column_major_slice_mut(&mut r1, wp, wl * nq),
        false,
        rm(&primal.a[l - 1], wp, k),
        MatRef::from_column_major_slice(zbd, k, wl * nq),
        1.0,
    );
    for r in 0..wl {
        for q in 0..nq {
            let src = &r1[(r * nq + q) * wp..(r * nq + q + 1) * wp];
            out[q * p + off + r * wp..q * p + off + (r + 1) * wp].copy_from_slice(src);
        }
    }
    if let Some(adp) = ad_prev {
        let mut r2 = vec![0.0; wl * wp * nq];
        gemm(
            rm_mut(&mut r2, wl, wp * nq),
            false,
            rm(&adj.zbar[l], wl, k),
            MatRef::from_column_major_slice(adp, k, wp * nq),
            1.0,
        );
        for r in 0..wl {
            for c in 0..wp {
                let src = &r2[r * wp * nq + c * nq..r * wp * nq + (c + 1) * nq];
                for (q, v) in src.iter().enumerate() {
                    out[q * p + off + r * wp + c] += v;
                }
            }
        }
    }
    for r in 0..wl {
        for q in 0..nq {
            let row = &zbd[(r * nq + q) * k..(r * nq + q + 1) * k];
            out[q * p + off + nw + r] = (0..n).map(|i| row[i * s]).sum();
        }
    }
}
