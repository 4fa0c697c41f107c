//! Parameters shared by the PINN solvers: the problem, the network and Adam training,
//! as nested YAML blocks (`problem:`, `network:`, `train:`), and their conversion.

use crate::experiment::solver::ParamError;
use crate::numerics::pinn::{
    hessian_spectra, HelmholtzProblem, LambdaMode, NetworkSpec, Optimizer, PoissonProblem, Problem,
    SpectraOptions, SpectraStudy, TrainSpec,
};
use serde::{Deserialize, Serialize};

/// Which PDE, with its data (Wang, Teng & Perdikaris 2021, §2 and §3.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProblemParams {
    /// `poisson` (1-D, `u'' = f`, exact `sin(kπx)`) or `helmholtz` (2-D, `Δu + κ²u = q`,
    /// exact `sin(a₁πx) sin(a₂πy)`).
    pub kind: ProblemKind,
    /// Poisson frequency `k`.
    pub k: f64,
    /// Helmholtz `κ`, `a₁`, `a₂` (paper: 1, 1, 4).
    pub kappa: f64,
    pub a1: f64,
    pub a2: f64,
    /// Poisson: number of interior collocation points; Helmholtz: points per axis of
    /// the interior tensor grid.
    pub n_collocation: usize,
    /// Helmholtz: boundary points per edge (Poisson always uses `x = ±1`).
    pub n_boundary: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    Poisson,
    Helmholtz,
}

impl Default for ProblemParams {
    fn default() -> Self {
        ProblemParams {
            kind: ProblemKind::Poisson,
            k: 1.0,
            kappa: 1.0,
            a1: 1.0,
            a2: 4.0,
            n_collocation: 64,
            n_boundary: 16,
        }
    }
}

/// The network: hidden widths and the initialisation seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NetworkParams {
    /// Hidden layer widths (tanh); input and output widths follow from the problem.
    pub hidden: Vec<usize>,
    /// Seed of the Glorot-normal initialisation.
    pub seed: u64,
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            hidden: vec![30, 30],
            seed: 1,
        }
    }
}

/// Full-batch Adam training (Kingma & Ba 2015) with the paper's decay
/// `lr = lr₀ · 0.9^(step/1000)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainParams {
    /// Number of Adam steps (0: no training).
    pub steps: usize,
    pub learning_rate: f64,
    /// Apply the exponential decay of the learning rate.
    pub decay: bool,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            steps: 0,
            learning_rate: 1e-3,
            decay: true,
        }
    }
}

impl TrainParams {
    pub fn optimizer(&self) -> Optimizer {
        let mut o = Optimizer::adam(self.learning_rate);
        if let Optimizer::Adam { decay, .. } = &mut o {
            *decay = self.decay;
        }
        o
    }

    pub fn check(&self) -> Result<(), ParamError> {
        if self.steps > 200_000 {
            return Err(ParamError::new(
                "train",
                format!("steps must be at most 200000, got {}", self.steps),
            ));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(ParamError::new(
                "train",
                format!(
                    "learning_rate must be a finite number > 0, got {}",
                    self.learning_rate
                ),
            ));
        }
        Ok(())
    }
}

impl ProblemParams {
    pub fn check(&self) -> Result<(), ParamError> {
        let finite = [self.k, self.kappa, self.a1, self.a2]
            .iter()
            .all(|v| v.is_finite());
        if !finite {
            return Err(ParamError::new(
                "problem",
                "k, kappa, a1 and a2 must be finite numbers",
            ));
        }
        let limit = match self.kind {
            ProblemKind::Poisson => 4096,
            ProblemKind::Helmholtz => 64,
        };
        if self.n_collocation < 2 || self.n_collocation > limit {
            return Err(ParamError::new(
                "problem",
                format!(
                    "n_collocation must be between 2 and {limit}, got {}",
                    self.n_collocation
                ),
            ));
        }
        if self.kind == ProblemKind::Helmholtz && !(1..=256).contains(&self.n_boundary) {
            return Err(ParamError::new(
                "problem",
                format!(
                    "n_boundary must be between 1 and 256, got {}",
                    self.n_boundary
                ),
            ));
        }
        Ok(())
    }

    /// The numerics' problem.
    pub fn build(&self) -> Box<dyn Problem + Send + Sync> {
        match self.kind {
            ProblemKind::Poisson => Box::new(PoissonProblem::new(self.k, self.n_collocation)),
            ProblemKind::Helmholtz => {
                let mut h = HelmholtzProblem::paper(self.n_collocation, self.n_boundary);
                h.kappa = self.kappa;
                h.a1 = self.a1;
                h.a2 = self.a2;
                Box::new(h)
            }
        }
    }

    pub fn input_dim(&self) -> usize {
        match self.kind {
            ProblemKind::Poisson => 1,
            ProblemKind::Helmholtz => 2,
        }
    }

    /// A short name for titles: "Poisson k = 2" or "Helmholtz (1, 4)".
    pub fn title(&self) -> String {
        match self.kind {
            ProblemKind::Poisson => format!("Poisson, k = {}", self.k),
            ProblemKind::Helmholtz => format!("Helmholtz, a₁ = {}, a₂ = {}", self.a1, self.a2),
        }
    }
}

impl NetworkParams {
    pub fn check(&self) -> Result<(), ParamError> {
        if self.hidden.is_empty()
            || self.hidden.iter().any(|&w| w == 0 || w > 256)
            || self.hidden.len() > 6
        {
            return Err(ParamError::new(
                "network",
                format!(
                    "hidden must list 1 to 6 widths between 1 and 256, got {:?}",
                    self.hidden
                ),
            ));
        }
        Ok(())
    }

    pub fn spec(&self, input_dim: usize) -> NetworkSpec {
        NetworkSpec::new(input_dim, &self.hidden)
    }
}

/// λ of `L = L_PDE + λ L_BC` must be a finite number ≥ 0.
pub fn check_lambda(lambda: f64) -> Result<(), ParamError> {
    if lambda.is_finite() && lambda >= 0.0 {
        Ok(())
    } else {
        Err(ParamError::new(
            "lambda",
            format!("must be a finite number >= 0, got {lambda}"),
        ))
    }
}

/// Exact Hessian spectra of `problem` for the network at initialisation and, when
/// `train.steps > 0`, after Adam training with fixed `lambda` (about `records` loss
/// values are kept).
pub fn spectra_study(
    problem: &ProblemParams,
    network: &NetworkParams,
    train: &TrainParams,
    lambda: f64,
    records: usize,
) -> Result<SpectraStudy, String> {
    let pde = problem.build();
    let spec = network.spec(problem.input_dim());
    let schedule = (train.steps > 0).then(|| TrainSpec {
        optimizer: train.optimizer(),
        steps: train.steps,
        record_every: (train.steps / records.max(1)).max(1),
        lambda: LambdaMode::Fixed(lambda),
        checkpoints: Vec::new(),
    });
    let opts = SpectraOptions {
        lambda,
        ..SpectraOptions::default()
    };
    hessian_spectra(pde.as_ref(), &spec, network.seed, schedule.as_ref(), &opts)
        .map_err(|e| e.to_string())
}

/// What every PINN result depends on, for the cache version: this file, the random
/// number generator, and a fingerprint of every file of the PINN engine (computed by
/// `build.rs`, so a new or edited engine file always changes it).
pub const PINN_SOURCES: &[&str] = &[
    include_str!("pinn_setup.rs"),
    include_str!("../../numerics/rng.rs"),
    env!("REPROBOOK_PINN_ENGINE_HASH"),
];
