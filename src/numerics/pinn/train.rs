//! Full-batch training of a model on `L = L_PDE + λ L_BC`: gradient descent, Adam with exponential learning-rate decay, and learning-rate annealing of λ.
//!
//! * GD: `θ ← θ - η ∇L`.
//! * Adam (Kingma & Ba, ICLR 2015): `m ← β₁m + (1-β₁)g`, `v ← β₂v + (1-β₂)g²`,
//!   `θ ← θ - lr_t m̂/(√v̂ + ε)` with `m̂ = m/(1-β₁^t)`, `v̂ = v/(1-β₂^t)`, `t = step + 1`.
//!   With `decay`, `lr_t = lr₀ · 0.9^(step/1000)` — the continuous (non-staircase)
//!   exponential decay used by Wang, Teng & Perdikaris (2021).
//! * Learning-rate annealing (Wang, Teng & Perdikaris 2021, Algorithm 2.1): every
//!   `every` steps (including step 0), `λ̂ = max_k |∂_k L_PDE| / mean_k |∂_k L_BC|` over all
//!   parameters (weights and biases; the authors' code uses the weights only) and
//!   `λ ← (1-α)λ + αλ̂`, with the paper's `α = 0.9` ([`ANNEALING_ALPHA`]) and
//!   `every = 10` ([`ANNEALING_EVERY`]); λ is updated before the step's gradient is formed.

use super::error::{invalid, PinnError};
use super::loss::{loss_gradients, PinnLoss};
use super::model::Model;
use serde::{Deserialize, Serialize};

/// Adam's decay factor per [`ADAM_DECAY_STEPS`] steps.
pub const ADAM_DECAY_RATE: f64 = 0.9;
/// Steps over which the learning rate decays by [`ADAM_DECAY_RATE`].
pub const ADAM_DECAY_STEPS: f64 = 1000.0;
/// The paper's moving-average weight `α` for λ annealing.
pub const ANNEALING_ALPHA: f64 = 0.9;
/// The paper's annealing interval (steps).
pub const ANNEALING_EVERY: usize = 10;

/// Optimiser settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Optimizer {
    /// Gradient descent with a constant step.
    Gd { lr: f64 },
    /// Adam; `decay` enables `lr₀ · 0.9^(step/1000)`.
    Adam {
        lr: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        decay: bool,
    },
}

impl Optimizer {
    /// Adam with `β₁ = 0.9, β₂ = 0.999, ε = 1e-8` and the paper's decay.
    pub fn adam(lr: f64) -> Self {
        Optimizer::Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            decay: true,
        }
    }
}

/// How λ evolves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LambdaMode {
    Fixed(f64),
    Annealed {
        initial: f64,
        alpha: f64,
        every: usize,
    },
}

impl LambdaMode {
    /// The paper's annealing from λ = 1.
    pub fn paper_annealing() -> Self {
        LambdaMode::Annealed {
            initial: 1.0,
            alpha: ANNEALING_ALPHA,
            every: ANNEALING_EVERY,
        }
    }
}

/// Training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainSpec {
    pub optimizer: Optimizer,
    pub steps: usize,
    /// Losses are recorded at every step divisible by this and at the end.
    pub record_every: usize,
    pub lambda: LambdaMode,
    /// Steps (≤ `steps`) at which the checkpoint callback runs (before that step's update).
    pub checkpoints: Vec<usize>,
}

/// Loss history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainHistory {
    pub step: Vec<usize>,
    pub loss: Vec<f64>,
    pub loss_pde: Vec<f64>,
    pub loss_bc: Vec<f64>,
    pub lambda: Vec<f64>,
    pub learning_rate: Vec<f64>,
    /// True when a loss or gradient became non-finite (training then stops).
    pub diverged: bool,
    pub final_lambda: f64,
}

/// What a checkpoint callback sees.
pub struct Checkpoint<'a, M> {
    pub step: usize,
    pub model: &'a M,
    pub lambda: f64,
}

impl TrainSpec {
    fn validate(&self) -> Result<(), PinnError> {
        if self.record_every == 0 {
            return invalid("record_every must be positive");
        }
        match &self.optimizer {
            Optimizer::Gd { lr } if !(lr.is_finite() && *lr > 0.0) => {
                return invalid("GD learning rate must be positive")
            }
            Optimizer::Adam {
                lr,
                beta1,
                beta2,
                eps,
                ..
            } if !(lr.is_finite()
                && *lr > 0.0
                && (0.0..1.0).contains(beta1)
                && (0.0..1.0).contains(beta2)
                && *eps > 0.0) =>
            {
                return invalid("Adam needs lr > 0, β in [0,1), ε > 0")
            }
            _ => {}
        }
        match &self.lambda {
            LambdaMode::Fixed(l) if !l.is_finite() => invalid("λ must be finite"),
            LambdaMode::Annealed {
                initial,
                alpha,
                every,
            } if !initial.is_finite() || !(0.0..=1.0).contains(alpha) || *every == 0 => {
                invalid("annealing needs finite λ₀, α in [0,1], every > 0")
            }
            _ => Ok(()),
        }
    }
}

/// Trains `model` in place; `on_checkpoint` runs at the listed steps.
pub fn train<M: Model>(
    model: &mut M,
    loss: &PinnLoss,
    spec: &TrainSpec,
    on_checkpoint: &mut dyn FnMut(Checkpoint<'_, M>) -> Result<(), PinnError>,
) -> Result<TrainHistory, PinnError> {
    spec.validate()?;
    let p = model.n_params();
    let mut lambda = match spec.lambda {
        LambdaMode::Fixed(l) => l,
        LambdaMode::Annealed { initial, .. } => initial,
    };
    let mut hist = TrainHistory {
        step: Vec::new(),
        loss: Vec::new(),
        loss_pde: Vec::new(),
        loss_bc: Vec::new(),
        lambda: Vec::new(),
        learning_rate: Vec::new(),
        diverged: false,
        final_lambda: lambda,
    };
    let (mut m1, mut m2) = (vec![0.0; p], vec![0.0; p]);
    for step in 0..=spec.steps {
        let lg = loss_gradients(&*model, loss)?;
        if let LambdaMode::Annealed { alpha, every, .. } = spec.lambda {
            if step % every == 0 && step < spec.steps {
                let max_pde = lg.grad_pde.iter().fold(0.0f64, |m, g| m.max(g.abs()));
                let mean_bc = lg.grad_bc.iter().map(|g| g.abs()).sum::<f64>() / p as f64;
                if mean_bc > 0.0 && max_pde.is_finite() {
                    lambda = (1.0 - alpha) * lambda + alpha * max_pde / mean_bc;
                }
            }
        }
        let lr = match spec.optimizer {
            Optimizer::Gd { lr } => lr,
            Optimizer::Adam { lr, decay, .. } => {
                if decay {
                    lr * ADAM_DECAY_RATE.powf(step as f64 / ADAM_DECAY_STEPS)
                } else {
                    lr
                }
            }
        };
        let total = lg.loss(lambda);
        let g = lg.grad(lambda);
        let finite = total.is_finite() && g.iter().all(|x| x.is_finite());
        if step % spec.record_every == 0 || step == spec.steps || !finite {
            hist.step.push(step);
            hist.loss.push(total);
            hist.loss_pde.push(lg.loss_pde);
            hist.loss_bc.push(lg.loss_bc);
            hist.lambda.push(lambda);
            hist.learning_rate.push(lr);
        }
        if !finite {
            hist.diverged = true;
            break;
        }
        if spec.checkpoints.contains(&step) {
            on_checkpoint(Checkpoint {
                step,
                model: &*model,
                lambda,
            })?;
        }
        if step == spec.steps {
            break;
        }
        let theta = model.params_mut();
        match spec.optimizer {
            Optimizer::Gd { .. } => {
                for (t, gi) in theta.iter_mut().zip(&g) {
                    *t -= lr * gi;
                }
            }
            Optimizer::Adam {
                beta1, beta2, eps, ..
            } => {
                let t = (step + 1) as i32;
                let (c1, c2) = (1.0 - beta1.powi(t), 1.0 - beta2.powi(t));
                for k in 0..p {
                    m1[k] = beta1 * m1[k] + (1.0 - beta1) * g[k];
                    m2[k] = beta2 * m2[k] + (1.0 - beta2) * g[k] * g[k];
                    theta[k] -= lr * (m1[k] / c1) / ((m2[k] / c2).sqrt() + eps);
                }
            }
        }
    }
    hist.final_lambda = lambda;
    Ok(hist)
}
