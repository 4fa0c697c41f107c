//! Exact Hessian analysis of physics-informed neural network (PINN) losses: problems, networks, exact derivatives, spectra, training and exports.
//!
//! # Problems (Wang, Teng & Perdikaris, SIAM J. Sci. Comput. 43(5) A3055–A3081, 2021)
//!
//! * **1-D Poisson** on `[-1, 1]`: `u'' = f` with exact solution `u = sin(kπx)`, so
//!   `f = -(kπ)² sin(kπx)`; boundary points `x = ±1` with `g = u(±1)`
//!   ([`PoissonProblem`]).
//! * **2-D Helmholtz** on `(-1, 1)²`: `Δu + κ²u = q` with exact solution
//!   `u = sin(a₁πx) sin(a₂πy)`, so `q = (κ² - (a₁π)² - (a₂π)²) u`; the paper uses
//!   `κ = 1, a₁ = 1, a₂ = 4`. Boundary points lie on the four edges ([`HelmholtzProblem`]).
//!
//! # Conventions
//!
//! * Network ([`Network`]): fully connected, widths `[d_in, w, …, w, 1]`, `tanh` hidden
//!   layers, linear output. Glorot-normal weights (std `sqrt(2/(fan_in+fan_out))`) and
//!   zero biases drawn from [`crate::numerics::rng::Rng`]. Parameter vector order per
//!   layer: weight (out × in, row-major), then bias.
//! * Every residual is linear in `(u, Δu)`: `r_i = ℓ_i(θ) - t_i` with
//!   `ℓ = a·u + b·Δu` ([`Operator`]). Poisson: `ℓ = u''`, `t = f`; Helmholtz:
//!   `ℓ = Δu + κ²u`, `t = q`; boundary: `ℓ = u`, `t = g`.
//! * Losses are plain means without ½: `L_PDE = (1/N_r) Σ r_i²`, `L_BC = (1/N_b) Σ (u - g)²`,
//!   `L = L_PDE + λ L_BC`.
//! * Collocation points default to equally spaced interior points
//!   `x_i = -1 + 2i/(N_r+1)`, `i = 1..N_r` (2-D: the tensor grid of these), or are given.
//! * Hessians split as `H = (2/N) JᵀJ + (2/N) Σ r_i ∇²r_i` (Gauss–Newton + residual
//!   curvature); every derivative is exact (no finite differences).
//!
//! # Entry points (one call each, typed parameters, serialisable results)
//!
//! * [`hessian_spectra`]`(problem, &NetworkSpec, seed, Option<&TrainSpec>, &SpectraOptions)
//!   -> SpectraStudy`: exact `H_PDE`, `H_BC` and their Gauss–Newton parts with spectra and a
//!   [`PinnExport`] at initialisation, at training checkpoints and after training.
//! * [`gd_stability_check`]`(problem, &NetworkSpec, seed, &StabilitySpec) -> StabilityCheck`:
//!   GD with `η` just below / above `2/λ_max`, both loss histories and the verdict.
//! * [`annealing_study`]`(problem, &NetworkSpec, seed, &AnnealingSpec) -> AnnealingStudy`:
//!   fixed λ versus the paper's learning-rate annealing of λ.
//! * Building blocks: [`loss_gradients`], [`loss_hvp`], [`loss_hessians`], [`term_hessian`],
//!   [`symmetric_eigenvalues`], [`gram_spectrum`], [`power_iteration`],
//!   [`stochastic_lanczos_quadrature`], [`train`], [`snapshot`], and the [`Model`] trait
//!   (implemented by [`Network`] and the linear [`SineSeries`]).
//!
//! # Layout
//! `network` (parameters, initialisation), `problem` (PDE data), `model` (the model
//! trait and the linear sine model), `act`/`passes`/`tangent`/`blocks`/`block_rows` (exact
//! derivatives of the network), `loss` and `hessian` (loss derivatives), `spectrum`,
//! `lowrank` and `lanczos` (dense, low-rank and matrix-free spectra), `train`
//! (GD/Adam/annealing), `export`, `study`, `stability` and `annealing` (entry points).
//! Results are bit-for-bit independent of the rayon thread count.

mod act;
mod annealing;
mod block_rows;
mod blocks;
mod error;
mod export;
mod hessian;
mod lanczos;
mod linalg;
mod loss;
mod lowrank;
mod model;
mod network;
mod passes;
mod problem;
mod spectrum;
mod stability;
mod study;
mod tangent;
mod train;

#[cfg(test)]
mod tests_derivatives;
#[cfg(test)]
mod tests_dual;
#[cfg(test)]
mod tests_spectra;
#[cfg(test)]
mod tests_training;

pub use annealing::{annealing_study, AnnealingSpec, AnnealingStudy, RunSummary};
pub use error::PinnError;
pub use export::{LayerExport, NetworkExport, PinnExport, ProblemExport, ResultsExport};
pub use hessian::{loss_hessians, term_hessian, HessianParts, LossHessians};
pub use lanczos::{
    lanczos_extremes, power_iteration, stochastic_lanczos_quadrature, PowerIteration, SlqDensity,
    SlqSpec,
};
pub use linalg::{symmetric_eigenvalues, DenseMatrix, EIGEN_SPLITS};
pub use loss::{
    loss_gradients, loss_hvp, term_gradient, term_hvp, term_loss, LossGradients, LossTerm, PinnLoss,
};
pub use lowrank::{eigenvalues_with_rank_bound, network_term_rank_bound};
pub use model::{InputDerivatives, Model, Operator, SineSeries};
pub use network::{Network, NetworkSpec};
pub use problem::{HelmholtzProblem, Points, PoissonProblem, Problem, ProblemSpec};
pub use spectrum::{
    gram_spectrum, SignedLogHistogram, Spectrum, SpectrumOptions, DEFAULT_HISTOGRAM_BINS,
};
pub use stability::{gd_stability_check, gd_stability_check_model, StabilityCheck, StabilitySpec};
pub use study::{
    hessian_spectra, relative_l2_error, snapshot, Snapshot, SpectraOptions, SpectraStudy,
};
pub use train::{
    train, Checkpoint, LambdaMode, Optimizer, TrainHistory, TrainSpec, ADAM_DECAY_RATE,
    ADAM_DECAY_STEPS, ANNEALING_ALPHA, ANNEALING_EVERY,
};
