//! Mean-squared residual losses `L = (1/N) Σ (ℓ_i(θ) - t_i)²` and their exact gradients and Hessian-vector products for any [`Model`].
//!
//! Gradient `∇L = (2/N) Jᵀ r` (one reverse pass); Hessian-vector product
//! `∇²L v = (2/N) JᵀJ v + (2/N) Σ r_i ∇²ℓ_i v` by one forward-over-reverse pass whose
//! output adjoint `c_i = (2/N) r_i` carries the tangent `(2/N)(J v)_i` (Pearlmutter 1994).

use super::error::PinnError;
use super::model::{Model, Operator};
use super::problem::Points;
use serde::{Deserialize, Serialize};

/// One loss term: points, the operator `ℓ`, and targets `t` (residual `r_i = ℓ_i - t_i`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossTerm {
    pub points: Points,
    pub op: Operator,
    pub targets: Vec<f64>,
}

impl LossTerm {
    /// A checked term: at least one point, one target per point, finite targets.
    pub fn new(points: Points, op: Operator, targets: Vec<f64>) -> Result<Self, PinnError> {
        if points.is_empty() {
            return Err(PinnError::NoPoints("loss-term"));
        }
        if targets.len() != points.len() {
            return Err(PinnError::DimensionMismatch {
                what: "loss targets",
                expected: points.len(),
                found: targets.len(),
            });
        }
        if targets.iter().any(|t| !t.is_finite())
            || !op.value.is_finite()
            || !op.laplacian.is_finite()
        {
            return Err(PinnError::NonFinite("loss target or operator".into()));
        }
        Ok(LossTerm {
            points,
            op,
            targets,
        })
    }

    /// Number of points `N`.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Always false for a checked term.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    pub(crate) fn check<M: Model + ?Sized>(&self, model: &M) -> Result<(), PinnError> {
        if self.points.dim != model.input_dim() {
            return Err(PinnError::DimensionMismatch {
                what: "point dimension vs model input",
                expected: model.input_dim(),
                found: self.points.dim,
            });
        }
        if self.points.is_empty() {
            return Err(PinnError::NoPoints("loss-term"));
        }
        Ok(())
    }

    pub(crate) fn residuals(&self, values: &[f64]) -> Vec<f64> {
        values
            .iter()
            .zip(&self.targets)
            .map(|(v, t)| v - t)
            .collect()
    }
}

/// The PINN loss terms: `L = L_PDE + λ L_BC`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinnLoss {
    pub pde: LossTerm,
    pub bc: LossTerm,
}

fn mean_square(r: &[f64]) -> f64 {
    r.iter().map(|x| x * x).sum::<f64>() / r.len() as f64
}

/// `L = (1/N) Σ r_i²` and the residuals.
pub fn term_loss<M: Model + ?Sized>(
    model: &M,
    term: &LossTerm,
) -> Result<(f64, Vec<f64>), PinnError> {
    term.check(model)?;
    let r = term.residuals(&model.operator_values(&term.points, term.op));
    Ok((mean_square(&r), r))
}

/// `L` and `∇_θ L = (2/N) Jᵀ r`.
pub fn term_gradient<M: Model + ?Sized>(
    model: &M,
    term: &LossTerm,
) -> Result<(f64, Vec<f64>), PinnError> {
    term.check(model)?;
    let scale = 2.0 / term.len() as f64;
    let seed = |v: &[f64]| -> Vec<f64> { term.residuals(v).iter().map(|r| scale * r).collect() };
    let (values, grad) = model.operator_vjp(&term.points, term.op, &seed);
    Ok((mean_square(&term.residuals(&values)), grad))
}

/// `∇²_θ L v` (exact, forward-over-reverse).
pub fn term_hvp<M: Model + ?Sized>(
    model: &M,
    term: &LossTerm,
    v: &[f64],
) -> Result<Vec<f64>, PinnError> {
    term.check(model)?;
    if v.len() != model.n_params() {
        return Err(PinnError::DimensionMismatch {
            what: "direction length",
            expected: model.n_params(),
            found: v.len(),
        });
    }
    let scale = 2.0 / term.len() as f64;
    let values = model.operator_values(&term.points, term.op);
    let c: Vec<f64> = term.residuals(&values).iter().map(|r| scale * r).collect();
    Ok(model.operator_hvp(&term.points, term.op, &c, scale, v))
}

/// Losses and gradients of both terms.
#[derive(Debug, Clone, Serialize)]
pub struct LossGradients {
    pub loss_pde: f64,
    pub loss_bc: f64,
    pub grad_pde: Vec<f64>,
    pub grad_bc: Vec<f64>,
}

impl LossGradients {
    /// `L = L_PDE + λ L_BC`.
    pub fn loss(&self, lambda: f64) -> f64 {
        self.loss_pde + lambda * self.loss_bc
    }

    /// `∇L = ∇L_PDE + λ ∇L_BC`.
    pub fn grad(&self, lambda: f64) -> Vec<f64> {
        self.grad_pde
            .iter()
            .zip(&self.grad_bc)
            .map(|(a, b)| a + lambda * b)
            .collect()
    }
}

/// Losses and exact gradients of `L_PDE` and `L_BC`.
pub fn loss_gradients<M: Model + ?Sized>(
    model: &M,
    loss: &PinnLoss,
) -> Result<LossGradients, PinnError> {
    let (loss_pde, grad_pde) = term_gradient(model, &loss.pde)?;
    let (loss_bc, grad_bc) = term_gradient(model, &loss.bc)?;
    Ok(LossGradients {
        loss_pde,
        loss_bc,
        grad_pde,
        grad_bc,
    })
}

/// `∇²L v = ∇²L_PDE v + λ ∇²L_BC v`.
pub fn loss_hvp<M: Model + ?Sized>(
    model: &M,
    loss: &PinnLoss,
    lambda: f64,
    v: &[f64],
) -> Result<Vec<f64>, PinnError> {
    let a = term_hvp(model, &loss.pde, v)?;
    let b = term_hvp(model, &loss.bc, v)?;
    Ok(a.iter().zip(&b).map(|(x, y)| x + lambda * y).collect())
}
