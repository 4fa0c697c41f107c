//! `pinn-spectra`: exact Hessian spectra of `L_PDE` and `L_BC` for a PINN, at
//! initialisation and after Adam training (Wang, Teng & Perdikaris, SIAM J. Sci. Comput.
//! 43(5), 2021, §2.3: the eigenvalues of `∇²L_PDE` dwarf those of `∇²L_BC`).
//!
//! Both Hessians are exact and dense: `H = (2/N) JᵀJ + (2/N) Σ rᵢ ∇²rᵢ`, with the
//! Gauss–Newton part `(2/N) JᵀJ` reported separately. Eigenvalues come from faer's
//! symmetric eigensolver.

use super::common::{csv_field, kinds, num, output_docs, param_docs, size, texts};
use super::pinn_setup::{
    check_lambda, spectra_study, NetworkParams, ProblemParams, TrainParams, PINN_SOURCES,
};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{spectra_plot, SpectraPlot, Spectrum};
use crate::numerics::pinn::Snapshot;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub problem: ProblemParams,
    pub network: NetworkParams,
    pub train: TrainParams,
    /// λ of `L = L_PDE + λ L_BC` (training and the total loss).
    pub lambda: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            problem: ProblemParams::default(),
            network: NetworkParams::default(),
            train: TrainParams::default(),
            lambda: 1.0,
        }
    }
}

pub struct PinnSpectra;

const STAGES: [&str; 2] = ["init", "trained"];

/// Scalar summaries of one snapshot, named `<what>_<stage>`.
fn summarise(o: &mut Outputs, s: Option<&Snapshot>, stage: &str) {
    let get = |f: fn(&Snapshot) -> f64| s.map_or(f64::NAN, f);
    let put = |o: &mut Outputs, name: &str, v: f64| {
        o.scalar(&format!("{name}_{stage}"), v);
    };
    put(o, "pde_max", get(|s| s.h_pde.lambda_max));
    put(o, "pde_min", get(|s| s.h_pde.lambda_min));
    put(o, "bc_max", get(|s| s.h_bc.lambda_max));
    put(o, "bc_min", get(|s| s.h_bc.lambda_min));
    put(o, "ratio", get(|s| s.h_pde.lambda_max / s.h_bc.lambda_max));
    put(o, "gn_pde_max", get(|s| s.gn_pde.lambda_max));
    put(o, "gn_bc_max", get(|s| s.gn_bc.lambda_max));
    put(o, "pde_count_above", get(|s| s.h_pde.count_above as f64));
    put(o, "bc_count_above", get(|s| s.h_bc.count_above as f64));
    put(o, "loss", get(|s| s.export.results.loss));
    put(o, "loss_pde", get(|s| s.export.results.loss_pde));
    put(o, "loss_bc", get(|s| s.export.results.loss_bc));
    put(o, "rel_l2_error", get(|s| s.export.results.rel_l2_error));
    let desc = |v: &[f64]| v.iter().rev().copied().collect::<Vec<_>>();
    o.series(
        &format!("pde_eigs_{stage}"),
        s.map_or_else(Vec::new, |s| desc(&s.export.results.eigenvalues.h_pde)),
    );
    o.series(
        &format!("bc_eigs_{stage}"),
        s.map_or_else(Vec::new, |s| desc(&s.export.results.eigenvalues.h_bc)),
    );
}

impl TypedSolver for PinnSpectra {
    type Params = Params;
    const NAME: &'static str = "pinn-spectra";
    const SUMMARY: &'static str = "Exact Hessian spectra of L_PDE and L_BC of a PINN at initialisation and after Adam training.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        problem: "{kind, k, kappa, a1, a2, n_collocation, n_boundary}" => "the PDE: poisson (k) or helmholtz (kappa, a1, a2) and its points";
        network: "{hidden: [widths], seed}" => "tanh MLP hidden widths and Glorot seed";
        train: "{steps, learning_rate, decay}" => "Adam steps before the second spectrum (0: initialisation only)";
        lambda: "number >= 0" => "weight λ of L_BC in L = L_PDE + λ L_BC";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "n_params" => "number of network parameters p (Hessians are p × p)";
        Scalar "pde_max_*" => "λ_max(H_PDE) at init / trained";
        Scalar "pde_min_*" => "λ_min(H_PDE)";
        Scalar "bc_max_*" => "λ_max(H_BC)";
        Scalar "bc_min_*" => "λ_min(H_BC)";
        Scalar "ratio_*" => "λ_max(H_PDE) / λ_max(H_BC)";
        Scalar "gn_pde_max_*" => "λ_max of the Gauss–Newton part (2/N) JᵀJ of H_PDE";
        Scalar "gn_bc_max_*" => "λ_max of the Gauss–Newton part of H_BC";
        Scalar "pde_count_above_*" => "eigenvalues of H_PDE above 1e-3 λ_max";
        Scalar "bc_count_above_*" => "eigenvalues of H_BC above 1e-3 λ_max";
        Scalar "loss_*" => "L, and loss_pde_* / loss_bc_* its parts";
        Scalar "rel_l2_error_*" => "‖u_θ − u‖₂/‖u‖₂ on test points";
        Series "pde_eigs_*" => "eigenvalues of H_PDE, descending";
        Series "bc_eigs_*" => "eigenvalues of H_BC, descending";
        Series "history_step" => "recorded training steps";
        Series "history_loss" => "L at the recorded steps";
    };
    const SOURCES: &'static [&'static str] =
        &[include_str!("pinn_spectra.rs"), include_str!("common.rs")];
    const SHARED_SOURCES: &'static [&'static str] = PINN_SOURCES;

    fn check(p: &Params) -> Result<(), ParamError> {
        p.problem.check()?;
        p.network.check()?;
        p.train.check()?;
        check_lambda(p.lambda)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let study = spectra_study(&p.problem, &p.network, &p.train, p.lambda, 200)?;
        let spec = p.network.spec(p.problem.input_dim());
        let init = study.snapshots.first();
        let trained = (p.train.steps > 0)
            .then(|| study.snapshots.last())
            .flatten();
        let mut o = Outputs::default();
        o.scalar("n_params", spec.n_params() as f64);
        summarise(&mut o, init, STAGES[0]);
        summarise(&mut o, trained, STAGES[1]);
        let (steps, losses) = study
            .history
            .as_ref()
            .map(|h| (h.step.iter().map(|&s| s as f64).collect(), h.loss.clone()))
            .unwrap_or_default();
        o.series("history_step", steps)
            .series("history_loss", losses);
        let exports: Vec<_> = study.snapshots.iter().map(|s| &s.export).collect();
        o.export = Some(serde_json::json!({ "snapshots": exports, "history": study.history }));
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        let available: Vec<&'static str> = if p.train.steps > 0 {
            STAGES.to_vec()
        } else {
            vec!["init"]
        };
        let chosen = kinds(opts, &STAGES, &available)?;
        let mut figs = Vec::new();
        for (i, stage) in chosen.iter().enumerate() {
            let get = |name: &str| {
                out.series
                    .get(&format!("{name}_{stage}"))
                    .cloned()
                    .unwrap_or_default()
            };
            let (pde, bc) = (get("pde_eigs"), get("bc_eigs"));
            if pde.is_empty() {
                return Err(format!(
                    "no `{stage}` spectrum: set train.steps > 0 to draw it"
                ));
            }
            let when = if *stage == "init" {
                "초기화 직후 (at initialisation)".to_string()
            } else {
                format!("Adam {} step 후 (after training)", p.train.steps)
            };
            let ratio = out
                .scalars
                .get(&format!("ratio_{stage}"))
                .copied()
                .unwrap_or(f64::NAN);
            let title = format!("{}: H_PDE와 H_BC의 고유값, {when}", p.problem.title());
            let description = format!(
                "Sorted eigenvalues of the exact Hessians of L_PDE and L_BC ({}, p = {}), {when}; λ_max(H_PDE)/λ_max(H_BC) = {}.",
                p.problem.title(),
                pde.len(),
                num(ratio)
            );
            let (title, description) = texts(opts, i == 0, title, description);
            let max_abs = pde.iter().chain(&bc).fold(0.0f64, |m, v| m.max(v.abs()));
            let (width, height) = size(opts, (760, 440));
            let plot = SpectraPlot {
                title,
                description: description.clone(),
                x_label: opts
                    .x_label
                    .clone()
                    .unwrap_or_else(|| "고유값 순위 (index, ascending)".into()),
                y_label: opts
                    .y_label
                    .clone()
                    .unwrap_or_else(|| "고유값 λ (symlog)".into()),
                spectra: vec![
                    Spectrum {
                        label: "H_PDE".into(),
                        eigenvalues: pde.clone(),
                    },
                    Spectrum {
                        label: "H_BC".into(),
                        eigenvalues: bc.clone(),
                    },
                ],
                linthresh: (max_abs * 1e-8).max(1e-12),
                width,
                height,
            };
            let svg = spectra_plot(&plot).map_err(|e| e.to_string())?;
            let mut csv = String::from("series,index,eigenvalue\n");
            for (label, v) in [("H_PDE", &pde), ("H_BC", &bc)] {
                for (j, x) in v.iter().enumerate() {
                    csv.push_str(&format!("{},{j},{x}\n", csv_field(label)));
                }
            }
            figs.push(Figure {
                svg,
                description,
                csv,
            });
        }
        Ok(figs)
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures};
    use super::*;

    fn small() -> Params {
        Params {
            problem: ProblemParams {
                k: 2.0,
                n_collocation: 16,
                ..ProblemParams::default()
            },
            network: NetworkParams {
                hidden: vec![6, 6],
                seed: 3,
            },
            train: TrainParams {
                steps: 20,
                ..TrainParams::default()
            },
            lambda: 1.0,
        }
    }

    #[test]
    fn spectra_are_consistent_with_their_summaries() {
        let p = small();
        PinnSpectra::check(&p).unwrap();
        let o = PinnSpectra::run(&p).unwrap();
        assert_declared::<PinnSpectra>(&o);
        let n = o.scalars["n_params"] as usize;
        assert_eq!(n, 6 + 6 + 36 + 6 + 6 + 1);
        for stage in STAGES {
            let pde = &o.series[&format!("pde_eigs_{stage}")];
            assert_eq!(pde.len(), n);
            assert_eq!(pde[0], o.scalars[&format!("pde_max_{stage}")]);
            assert!(pde.windows(2).all(|w| w[0] >= w[1]), "descending");
            let ratio = o.scalars[&format!("ratio_{stage}")];
            assert!(
                (ratio
                    - o.scalars[&format!("pde_max_{stage}")]
                        / o.scalars[&format!("bc_max_{stage}")])
                    .abs()
                    <= 1e-12 * ratio.abs()
            );
            // The Gauss–Newton part is positive semi-definite.
            assert!(o.scalars[&format!("gn_bc_max_{stage}")] >= 0.0);
        }
        // H_BC has rank at most N_b = 2 in its Gauss–Newton part; the count above the
        // relative threshold is small.
        assert!(o.scalars["bc_count_above_init"] < n as f64);
        assert_figures::<PinnSpectra>(&p, &o, &FigureOptions::default(), 2);
    }

    #[test]
    fn bad_parameters_are_rejected() {
        let mut p = small();
        p.network.hidden = vec![];
        assert_eq!(PinnSpectra::check(&p).unwrap_err().param, "network");
        let mut p = small();
        p.problem.n_collocation = 1;
        assert_eq!(PinnSpectra::check(&p).unwrap_err().param, "problem");
        let mut p = small();
        p.lambda = -1.0;
        assert_eq!(PinnSpectra::check(&p).unwrap_err().param, "lambda");
    }
}
