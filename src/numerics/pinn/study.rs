//! Entry point for Hessian spectra at initialisation and during training, plus the per-step snapshot (Hessians, spectra, errors, export) it is built from.

use super::error::PinnError;
use super::export::{
    EigenvaluesExport, NetworkExport, PinnExport, ProblemExport, ResultsExport, CONVENTIONS,
};
use super::hessian::term_hessian;
use super::linalg::norm;
use super::loss::PinnLoss;
use super::lowrank::{eigenvalues_with_rank_bound, network_term_rank_bound};
use super::model::{Model, Operator};
use super::network::{Network, NetworkSpec};
use super::problem::Problem;
use super::spectrum::{gram_spectrum, Spectrum, SpectrumOptions};
use super::train::{train, LambdaMode, TrainHistory, TrainSpec};
use serde::{Deserialize, Serialize};

/// Options of [`hessian_spectra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpectraOptions {
    pub spectrum: SpectrumOptions,
    /// λ of `L = L_PDE + λ L_BC` when not training (training uses its own λ).
    pub lambda: f64,
    /// Also compute the spectrum of `H_PDE + λ H_BC` (one more dense eigenproblem).
    pub include_total: bool,
}

impl Default for SpectraOptions {
    fn default() -> Self {
        SpectraOptions {
            spectrum: SpectrumOptions::default(),
            lambda: 1.0,
            include_total: false,
        }
    }
}

/// Spectra and export at one parameter vector.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub step: usize,
    pub lambda: f64,
    pub h_pde: Spectrum,
    pub h_bc: Spectrum,
    pub gn_pde: Spectrum,
    pub gn_bc: Spectrum,
    pub h_total: Option<Spectrum>,
    /// Full data including the sorted eigenvalues.
    pub export: PinnExport,
}

/// Result of [`hessian_spectra`].
#[derive(Debug, Clone, Serialize)]
pub struct SpectraStudy {
    pub problem: ProblemExport,
    pub network: NetworkSpec,
    pub seed: u64,
    /// At step 0, at each training checkpoint, and after the last step.
    pub snapshots: Vec<Snapshot>,
    pub history: Option<TrainHistory>,
}

/// `‖u_θ - u‖₂ / ‖u‖₂` on the problem's test points.
pub fn relative_l2_error<M: Model + ?Sized, P: Problem + ?Sized>(model: &M, problem: &P) -> f64 {
    let pts = problem.test_points();
    let u = model.operator_values(&pts, Operator::VALUE);
    let (mut num, mut den) = (0.0, 0.0);
    for (i, ui) in u.iter().enumerate() {
        let e = problem.exact(pts.point(i));
        num += (ui - e) * (ui - e);
        den += e * e;
    }
    if den > 0.0 {
        (num / den).sqrt()
    } else {
        num.sqrt()
    }
}

/// Exact Hessians, their spectra and the export of `net` at one step.
///
/// Spectra of `H_PDE`, `H_BC` (and optionally `H_PDE + λ H_BC`) come from the dense
/// eigensolver, or from the exact low-rank route of `lowrank` when the term's rank bound
/// is below `p/2` (typically `H_BC` with two boundary points); Gauss–Newton spectra come
/// from the `N × N` Gram matrix ([`gram_spectrum`]).
pub fn snapshot<P: Problem + ?Sized>(
    net: &Network,
    problem: &P,
    loss: &PinnLoss,
    lambda: f64,
    step: usize,
    seed: u64,
    opts: &SpectraOptions,
) -> Result<Snapshot, PinnError> {
    let so = &opts.spectrum;
    let bound = |term: &super::loss::LossTerm| {
        network_term_rank_bound(net, term.len(), term.op.streams(term.points.dim).0)
    };
    let (bound_pde, bound_bc) = (bound(&loss.pde), bound(&loss.bc));
    // PDE term first; its matrices are freed (unless the total is wanted) before the BC term.
    let (h_pde, gn_pde, loss_pde, grad_pde, pde_total) = {
        let hp = term_hessian(net, &loss.pde)?;
        let h_pde = eigenvalues_with_rank_bound(&hp.total, bound_pde)?;
        let gn_pde = gram_spectrum(&hp.jacobian_t, 2.0 / loss.pde.len() as f64)?;
        let total = opts.include_total.then_some(hp.total);
        (h_pde, gn_pde, hp.loss, hp.gradient, total)
    };
    let hb = term_hessian(net, &loss.bc)?;
    let h_bc = eigenvalues_with_rank_bound(&hb.total, bound_bc)?;
    let gn_bc = gram_spectrum(&hb.jacobian_t, 2.0 / loss.bc.len() as f64)?;
    let h_total = match pde_total {
        Some(t) => Some(eigenvalues_with_rank_bound(
            &t.add_scaled(&hb.total, lambda),
            bound_pde.saturating_add(bound_bc),
        )?),
        None => None,
    };
    let total_grad: Vec<f64> = grad_pde
        .iter()
        .zip(&hb.gradient)
        .map(|(a, b)| a + lambda * b)
        .collect();
    let results = ResultsExport {
        step,
        loss: loss_pde + lambda * hb.loss,
        loss_pde,
        loss_bc: hb.loss,
        grad_norm_pde: norm(&grad_pde),
        grad_norm_bc: norm(&hb.gradient),
        grad_norm_total: norm(&total_grad),
        rel_l2_error: relative_l2_error(net, problem),
        eigenvalues: EigenvaluesExport {
            h_pde,
            h_bc,
            gn_pde,
            gn_bc,
            h_total,
        },
    };
    let ev = &results.eigenvalues;
    Ok(Snapshot {
        step,
        lambda,
        h_pde: Spectrum::from_eigenvalues(&ev.h_pde, so)?,
        h_bc: Spectrum::from_eigenvalues(&ev.h_bc, so)?,
        gn_pde: Spectrum::from_eigenvalues(&ev.gn_pde, so)?,
        gn_bc: Spectrum::from_eigenvalues(&ev.gn_bc, so)?,
        h_total: ev
            .h_total
            .as_deref()
            .map(|v| Spectrum::from_eigenvalues(v, so))
            .transpose()?,
        export: make_export(net, problem, loss, lambda, seed, results),
    })
}

fn make_export<P: Problem + ?Sized>(
    net: &Network,
    problem: &P,
    loss: &PinnLoss,
    lambda: f64,
    seed: u64,
    results: ResultsExport,
) -> PinnExport {
    PinnExport {
        conventions: CONVENTIONS.into(),
        problem: problem.describe(),
        collocation_points: loss.pde.points.rows(),
        boundary_points: loss.bc.points.rows(),
        boundary_values: loss.bc.targets.clone(),
        lambda,
        seed,
        network: NetworkExport::from_network(net),
        results,
    }
}

pub(crate) fn checked_setup<P: Problem + ?Sized>(
    problem: &P,
    spec: &NetworkSpec,
    seed: u64,
) -> Result<(PinnLoss, Network), PinnError> {
    spec.validate()?;
    if spec.widths[0] != problem.dim() {
        return Err(PinnError::DimensionMismatch {
            what: "network input width vs problem dimension",
            expected: problem.dim(),
            found: spec.widths[0],
        });
    }
    Ok((problem.loss()?, Network::glorot(spec, seed)?))
}

/// Hessian spectra of `L_PDE`, `L_BC` and their Gauss–Newton parts for a Glorot-initialised
/// network (`seed`): at initialisation and, with `train`, at each checkpoint and after the
/// last step (skipped when training diverged; the history then says so).
pub fn hessian_spectra<P: Problem + ?Sized>(
    problem: &P,
    spec: &NetworkSpec,
    seed: u64,
    train_spec: Option<&TrainSpec>,
    opts: &SpectraOptions,
) -> Result<SpectraStudy, PinnError> {
    let (loss, mut net) = checked_setup(problem, spec, seed)?;
    let lambda0 = match train_spec.map(|t| &t.lambda) {
        Some(LambdaMode::Fixed(l)) => *l,
        Some(LambdaMode::Annealed { initial, .. }) => *initial,
        None => opts.lambda,
    };
    let mut snapshots = vec![snapshot(&net, problem, &loss, lambda0, 0, seed, opts)?];
    let mut history = None;
    if let Some(ts) = train_spec {
        let mut cb = |c: super::train::Checkpoint<'_, Network>| -> Result<(), PinnError> {
            if c.step > 0 && c.step < ts.steps {
                snapshots.push(snapshot(
                    c.model, problem, &loss, c.lambda, c.step, seed, opts,
                )?);
            }
            Ok(())
        };
        let h = train(&mut net, &loss, ts, &mut cb)?;
        if !h.diverged {
            let last = snapshot(&net, problem, &loss, h.final_lambda, ts.steps, seed, opts)?;
            snapshots.push(last);
        }
        history = Some(h);
    }
    Ok(SpectraStudy {
        problem: problem.describe(),
        network: spec.clone(),
        seed,
        snapshots,
        history,
    })
}
