//! The GD stability check: gradient descent on the PINN loss with step sizes just below and just above 2/λ_max of the exact Hessian.

use super::error::{invalid, PinnError};
use super::hessian::loss_hessians;
use super::linalg::symmetric_eigenvalues;
use super::loss::PinnLoss;
use super::model::Model;
use super::network::NetworkSpec;
use super::problem::Problem;
use super::study::checked_setup;
use super::train::{train, LambdaMode, Optimizer, TrainHistory, TrainSpec};
use serde::{Deserialize, Serialize};

/// Settings of the GD stability check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StabilitySpec {
    pub lambda: f64,
    /// `η = below · 2/λ_max` should train.
    pub below: f64,
    /// `η = above · 2/λ_max` should diverge.
    pub above: f64,
    pub steps: usize,
    pub record_every: usize,
    /// "Diverged" = non-finite, or some recorded loss above `divergence_factor ×` the
    /// initial loss (tanh networks saturate and often catapult back, so the peak counts).
    pub divergence_factor: f64,
    /// Training before the check (from the Glorot initialisation), so the check runs near
    /// a minimum where the quadratic model behind `2/λ_max` holds; `None` checks at the
    /// initialisation itself.
    pub warmup: Option<TrainSpec>,
}

impl Default for StabilitySpec {
    /// `η = 0.9·2/λ_max` and `1.1·2/λ_max`, 400 GD steps, factor 10, after 3000 Adam
    /// steps (lr 1e-2 with the paper's decay).
    fn default() -> Self {
        StabilitySpec {
            lambda: 1.0,
            below: 0.9,
            above: 1.1,
            steps: 400,
            record_every: 1,
            divergence_factor: 10.0,
            warmup: Some(TrainSpec {
                optimizer: Optimizer::adam(1e-2),
                steps: 3000,
                record_every: 3000,
                lambda: LambdaMode::Fixed(1.0),
                checkpoints: Vec::new(),
            }),
        }
    }
}

/// Outcome of the GD stability check.
#[derive(Debug, Clone, Serialize)]
pub struct StabilityCheck {
    /// Loss `L` at the start of the check (after any warm-up).
    pub start_loss: f64,
    /// `λ_max` of the exact `∇²L` at the start of the check.
    pub lambda_max: f64,
    /// `2/λ_max`.
    pub critical_lr: f64,
    pub lr_below: f64,
    pub lr_above: f64,
    pub below: TrainHistory,
    pub above: TrainHistory,
    /// Largest recorded loss of the run above the threshold.
    pub peak_loss_above: f64,
    /// Finite and final loss below the start loss.
    pub trained_below: bool,
    pub diverged_above: bool,
    /// `trained_below && diverged_above`.
    pub consistent: bool,
}

/// GD on `L = L_PDE + λ L_BC` from the same parameters with `η` just below and just above
/// `2/λ_max(∇²L)`: on the quadratic model the error along the top eigenvector is
/// multiplied by `|1 - ηλ_max|` per step, so GD is stable iff `η < 2/λ_max`;
/// Wang, Teng & Perdikaris (2021) relate this bound to the stiffness of PINN training. Runs from `model` as
/// given (no warm-up; see [`gd_stability_check`]).
pub fn gd_stability_check_model<M: Model + Clone>(
    model: &M,
    loss: &PinnLoss,
    s: &StabilitySpec,
) -> Result<StabilityCheck, PinnError> {
    if !(s.below > 0.0
        && s.below < 1.0
        && s.above > 1.0
        && s.steps > 0
        && s.divergence_factor > 1.0)
    {
        return invalid(
            "stability check needs 0 < below < 1 < above, steps > 0, divergence_factor > 1",
        );
    }
    let h = loss_hessians(model, loss, s.lambda)?.total();
    let lambda_max = *symmetric_eigenvalues(h.as_faer())?.last().unwrap_or(&0.0);
    if lambda_max <= 0.0 {
        return invalid("λ_max(∇²L) is not positive");
    }
    let critical_lr = 2.0 / lambda_max;
    let run = |lr: f64| -> Result<TrainHistory, PinnError> {
        let mut m = model.clone();
        let spec = TrainSpec {
            optimizer: Optimizer::Gd { lr },
            steps: s.steps,
            record_every: s.record_every.max(1),
            lambda: LambdaMode::Fixed(s.lambda),
            checkpoints: Vec::new(),
        };
        train(&mut m, loss, &spec, &mut |_| Ok(()))
    };
    let (lr_below, lr_above) = (s.below * critical_lr, s.above * critical_lr);
    let below = run(lr_below)?;
    let above = run(lr_above)?;
    let start_loss = below.loss[0];
    let peak_loss_above = above.loss.iter().copied().fold(f64::NEG_INFINITY, |m, x| {
        if x.is_nan() {
            f64::INFINITY
        } else {
            m.max(x)
        }
    });
    let last_below = *below.loss.last().unwrap_or(&f64::NAN);
    let trained_below = !below.diverged && last_below < start_loss;
    let diverged_above = above.diverged
        || !peak_loss_above.is_finite()
        || peak_loss_above > s.divergence_factor * start_loss;
    Ok(StabilityCheck {
        start_loss,
        lambda_max,
        critical_lr,
        lr_below,
        lr_above,
        below,
        above,
        peak_loss_above,
        trained_below,
        diverged_above,
        consistent: trained_below && diverged_above,
    })
}

/// [`gd_stability_check_model`] for a Glorot-initialised network on a problem, after the
/// optional warm-up training of `s.warmup`.
pub fn gd_stability_check<P: Problem + ?Sized>(
    problem: &P,
    spec: &NetworkSpec,
    seed: u64,
    s: &StabilitySpec,
) -> Result<StabilityCheck, PinnError> {
    let (loss, mut net) = checked_setup(problem, spec, seed)?;
    if let Some(w) = &s.warmup {
        let h = train(&mut net, &loss, w, &mut |_| Ok(()))?;
        if h.diverged {
            return Err(PinnError::NonFinite("warm-up training diverged".into()));
        }
    }
    gd_stability_check_model(&net, &loss, s)
}
