//! Exact dense loss Hessians split into Gauss–Newton and residual-curvature parts, with the blocked parallel assembly for the tanh network.
//!
//! For `L = (1/N) Σ r_i²`: `∇²L = G + C` with the Gauss–Newton part `G = (2/N) JᵀJ`
//! (one GEMM on the `p × N` matrix `Jᵀ` of per-point gradients) and the curvature part
//! `C = (2/N) Σ r_i ∇²r_i`, the Hessian of the single scalar `ψ(θ) = Σ_i c_i ℓ_i(θ)`
//! with frozen `c_i = (2/N) r_i` (the standard least-squares Hessian split; Nocedal &
//! Wright, "Numerical Optimization", 2nd ed., Springer 2006, Ch. 10). For the network, `C` is assembled column block by
//! column block: the unit directions of one layer `m` go through one forward-over-reverse
//! pass ([`super::tangent`]) that yields the rows of layers `≥ m`; blocks run in parallel
//! with rayon and each writes only its own columns, so the result does not depend on
//! the thread count. Diagonal blocks are symmetrised by averaging, the block upper
//! triangle is copied from the block lower one.
//!
//! Cost (dominant terms, `K = N·s` stream columns): `G`: `N p²` flops (lower triangle);
//! `C`: about `2 K p²` for the gradient-tangent GEMMs plus `4 w² K` per direction and
//! layer above it for the forward/adjoint tangent GEMMs.

use super::blocks::{block_columns, Coeffs, Context, Workspace};
use super::error::PinnError;
use super::linalg::{scaled_gram_lower, DenseMatrix};
use super::loss::{LossTerm, PinnLoss};
use super::model::{Model, Operator};
use super::network::Network;
use super::passes;
use super::problem::Points;
use rayon::prelude::*;
use serde::Serialize;

/// Target number of doubles of tangent storage per column block.
const BLOCK_DOUBLES: usize = 8 << 20;
/// Largest number of directions per column block.
const MAX_BLOCK: usize = 64;

/// Exact Hessian of `Σ_i c_i ℓ_i` for the network (see module docs). With
/// `symmetrise = false` the diagonal blocks are left as computed (tests use this to
/// check symmetry to rounding).
pub(crate) fn network_weighted_hessian(
    net: &Network,
    points: &Points,
    op: Operator,
    c: &[f64],
    symmetrise: bool,
) -> DenseMatrix {
    let (s, m) = op.streams(points.dim);
    let primal = passes::forward(net, points, s);
    let adj = passes::reverse(net, &primal, &m, c);
    let coeffs = Coeffs::new(net, &primal, &adj);
    let ctx = Context {
        net,
        primal: &primal,
        adj: &adj,
        coeffs: &coeffs,
    };
    let p = net.params().len();
    let big_l = net.n_layers();
    let w_max = *net.widths().iter().max().unwrap_or(&1);
    let mut tasks = Vec::new();
    for l in 1..=big_l {
        let per_dir = (2 * (big_l - l) + 3) * w_max * primal.k;
        let q_max = (BLOCK_DOUBLES / per_dir.max(1)).clamp(1, MAX_BLOCK);
        let len = net.layer_len(l);
        let mut start = 0;
        while start < len {
            let count = q_max.min(len - start);
            tasks.push((l, start, count));
            start += count;
        }
    }
    let mut h = DenseMatrix::zeros(p, p);
    let mut slices = Vec::with_capacity(tasks.len());
    let mut rest: &mut [f64] = &mut h.data;
    for &(_, _, count) in &tasks {
        let (head, tail) = rest.split_at_mut(count * p);
        slices.push(head);
        rest = tail;
    }
    tasks.into_par_iter().zip(slices).for_each_init(
        Workspace::default,
        |ws, ((layer, start, count), out)| {
            block_columns(&ctx, layer, start, count, out, ws);
        },
    );
    let bounds: Vec<usize> = (1..=big_l + 1).map(|l| net.layer_offset(l)).collect();
    symmetrise_blocks(&mut h, &bounds, symmetrise);
    h
}

/// Fills the block upper triangle from the block lower one; averages diagonal blocks
/// when `average` is set. `ends[b]` is the end of layer block `b`.
fn symmetrise_blocks(h: &mut DenseMatrix, ends: &[usize], average: bool) {
    let n = h.nrows;
    let block_of = |i: usize| ends.iter().position(|&e| i < e).unwrap_or(ends.len());
    let layer: Vec<usize> = (0..n).map(block_of).collect();
    const B: usize = 64;
    for jb in (0..n).step_by(B) {
        for ib in (0..=jb).step_by(B) {
            for j in jb..(jb + B).min(n) {
                for i in ib..(ib + B).min(j) {
                    let lower = h.data[i * n + j];
                    if layer[i] == layer[j] {
                        if average {
                            let v = 0.5 * (h.data[j * n + i] + lower);
                            h.data[j * n + i] = v;
                            h.data[i * n + j] = v;
                        }
                    } else {
                        h.data[j * n + i] = lower;
                    }
                }
            }
        }
    }
}

/// `∇²L = G + C` of one loss term.
#[derive(Debug, Clone, Serialize)]
pub struct HessianParts {
    /// `(2/N) JᵀJ`.
    pub gauss_newton: DenseMatrix,
    /// `(2/N) Σ r_i ∇²r_i`.
    pub curvature: DenseMatrix,
    /// `G + C`.
    pub total: DenseMatrix,
    /// `Jᵀ` (`p × N`), kept for the Gauss–Newton spectrum.
    pub jacobian_t: DenseMatrix,
    /// `L` at the point of evaluation.
    pub loss: f64,
    /// `∇L`.
    pub gradient: Vec<f64>,
}

/// Exact Hessian of one term, split into its Gauss–Newton and curvature parts.
pub fn term_hessian<M: Model + ?Sized>(
    model: &M,
    term: &LossTerm,
) -> Result<HessianParts, PinnError> {
    term.check(model)?;
    let n = term.len();
    let scale = 2.0 / n as f64;
    let (values, jacobian_t) = model.operator_jacobian_t(&term.points, term.op);
    let r = term.residuals(&values);
    let c: Vec<f64> = r.iter().map(|x| scale * x).collect();
    let gradient = jacobian_t.matvec(&c);
    let loss = r.iter().map(|x| x * x).sum::<f64>() / n as f64;
    let gauss_newton = scaled_gram_lower(&jacobian_t.data, jacobian_t.nrows, n, scale);
    let curvature = model.operator_weighted_hessian(&term.points, term.op, &c);
    let total = gauss_newton.add_scaled(&curvature, 1.0);
    if total.data.iter().any(|x| !x.is_finite()) {
        return Err(PinnError::NonFinite("Hessian entry".into()));
    }
    Ok(HessianParts {
        gauss_newton,
        curvature,
        total,
        jacobian_t,
        loss,
        gradient,
    })
}

/// Hessians of both terms of `L = L_PDE + λ L_BC`.
#[derive(Debug, Clone, Serialize)]
pub struct LossHessians {
    pub pde: HessianParts,
    pub bc: HessianParts,
    pub lambda: f64,
}

impl LossHessians {
    /// `∇²L = H_PDE + λ H_BC`.
    pub fn total(&self) -> DenseMatrix {
        self.pde.total.add_scaled(&self.bc.total, self.lambda)
    }
}

/// Exact Hessians of `L_PDE` and `L_BC`.
pub fn loss_hessians<M: Model + ?Sized>(
    model: &M,
    loss: &PinnLoss,
    lambda: f64,
) -> Result<LossHessians, PinnError> {
    Ok(LossHessians {
        pde: term_hessian(model, &loss.pde)?,
        bc: term_hessian(model, &loss.bc)?,
        lambda,
    })
}
