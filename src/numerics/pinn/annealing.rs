//! Fixed-λ versus annealed-λ training (Wang, Teng & Perdikaris 2021, Algorithm 2.1) from the same initialisation, with final losses and errors against the exact solution.

use super::error::PinnError;
use super::export::{NetworkExport, ProblemExport};
use super::loss::loss_gradients;
use super::network::NetworkSpec;
use super::problem::Problem;
use super::study::{checked_setup, relative_l2_error};
use super::train::{train, LambdaMode, Optimizer, TrainHistory, TrainSpec};
use serde::{Deserialize, Serialize};

/// Settings of [`annealing_study`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnealingSpec {
    pub optimizer: Optimizer,
    pub steps: usize,
    pub record_every: usize,
    /// λ of the fixed run.
    pub fixed_lambda: f64,
    /// Annealing weight α (paper: 0.9) and interval (paper: 10); starts from `fixed_lambda`.
    pub alpha: f64,
    pub every: usize,
}

/// Final state of one training run.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub lambda_mode: LambdaMode,
    pub history: TrainHistory,
    pub final_loss: f64,
    pub final_loss_pde: f64,
    pub final_loss_bc: f64,
    pub final_lambda: f64,
    pub rel_l2_error: f64,
    pub network: NetworkExport,
}

/// Fixed λ versus annealed λ from the same initialisation.
#[derive(Debug, Clone, Serialize)]
pub struct AnnealingStudy {
    pub problem: ProblemExport,
    pub fixed: RunSummary,
    pub annealed: RunSummary,
}

/// Trains the same initial network with fixed λ and with the paper's λ annealing.
pub fn annealing_study<P: Problem + ?Sized>(
    problem: &P,
    spec: &NetworkSpec,
    seed: u64,
    a: &AnnealingSpec,
) -> Result<AnnealingStudy, PinnError> {
    let (loss, net0) = checked_setup(problem, spec, seed)?;
    let run = |mode: LambdaMode| -> Result<RunSummary, PinnError> {
        let mut net = net0.clone();
        let ts = TrainSpec {
            optimizer: a.optimizer.clone(),
            steps: a.steps,
            record_every: a.record_every,
            lambda: mode.clone(),
            checkpoints: Vec::new(),
        };
        let history = train(&mut net, &loss, &ts, &mut |_| Ok(()))?;
        let lg = loss_gradients(&net, &loss)?;
        Ok(RunSummary {
            lambda_mode: mode,
            final_loss: lg.loss(history.final_lambda),
            final_loss_pde: lg.loss_pde,
            final_loss_bc: lg.loss_bc,
            final_lambda: history.final_lambda,
            rel_l2_error: relative_l2_error(&net, problem),
            network: NetworkExport::from_network(&net),
            history,
        })
    };
    Ok(AnnealingStudy {
        problem: problem.describe(),
        fixed: run(LambdaMode::Fixed(a.fixed_lambda))?,
        annealed: run(LambdaMode::Annealed {
            initial: a.fixed_lambda,
            alpha: a.alpha,
            every: a.every,
        })?,
    })
}
