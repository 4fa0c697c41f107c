//! `pinn-annealing`: the learning-rate annealing of Wang, Teng & Perdikaris (2021,
//! Algorithm 1) against a fixed weight λ, from the same initialisation.
//!
//! Every `every` steps the weight is updated as `λ̂ = max|∇_θ L_PDE| / mean|∇_θ L_BC|`,
//! `λ ← (1 − α) λ + α λ̂` (paper: α = 0.9, every 10 steps), then Adam minimises
//! `L_PDE + λ L_BC`. Reported: final losses, λ, and the relative L² error of each run
//! against the exact solution.

use super::common::{finish_line, kinds, num, output_docs, param_docs};
use super::pinn_setup::{check_lambda, NetworkParams, ProblemParams, TrainParams, PINN_SOURCES};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, Scale, Series, SeriesStyle};
use crate::numerics::pinn::{
    annealing_study, AnnealingSpec, RunSummary, ANNEALING_ALPHA, ANNEALING_EVERY,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub problem: ProblemParams,
    pub network: NetworkParams,
    /// Adam settings shared by both runs (`steps` must be > 0).
    pub train: TrainParams,
    /// λ of the fixed run and the starting λ of the annealed run.
    pub lambda: f64,
    /// Moving-average weight α of the annealing (paper: 0.9).
    pub alpha: f64,
    /// Steps between λ updates (paper: 10).
    pub every: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            problem: ProblemParams::default(),
            network: NetworkParams::default(),
            train: TrainParams {
                steps: 2000,
                ..TrainParams::default()
            },
            lambda: 1.0,
            alpha: ANNEALING_ALPHA,
            every: ANNEALING_EVERY,
        }
    }
}

pub struct PinnAnnealing;

fn put(o: &mut Outputs, run: &RunSummary, which: &str) {
    o.scalar(&format!("loss_{which}"), run.final_loss)
        .scalar(&format!("loss_pde_{which}"), run.final_loss_pde)
        .scalar(&format!("loss_bc_{which}"), run.final_loss_bc)
        .scalar(&format!("error_{which}"), run.rel_l2_error)
        .series(&format!("history_loss_{which}"), run.history.loss.clone())
        .series(
            &format!("history_loss_bc_{which}"),
            run.history.loss_bc.clone(),
        );
}

impl TypedSolver for PinnAnnealing {
    type Params = Params;
    const NAME: &'static str = "pinn-annealing";
    const SUMMARY: &'static str = "Adam on a PINN loss with a fixed λ and with the learning-rate annealing of λ (Wang et al. 2021).";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        problem: "{kind, k, kappa, a1, a2, n_collocation, n_boundary}" => "the PDE and its points";
        network: "{hidden: [widths], seed}" => "tanh MLP hidden widths and Glorot seed (shared by both runs)";
        train: "{steps, learning_rate, decay}" => "Adam settings of both runs";
        lambda: "number >= 0" => "λ of the fixed run; initial λ of the annealed run";
        alpha: "number in (0, 1]" => "moving-average weight α of λ ← (1−α)λ + αλ̂";
        every: "integer >= 1" => "steps between λ updates";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "loss_*" => "final L of the fixed / annealed run (loss_pde_*, loss_bc_* its parts)";
        Scalar "error_*" => "relative L² error against the exact solution, fixed / annealed";
        Scalar "error_ratio" => "error_annealed / error_fixed (< 1: annealing helped)";
        Scalar "final_lambda" => "λ at the end of the annealed run";
        Series "history_step" => "recorded steps";
        Series "history_loss_*" => "L at the recorded steps (history_loss_bc_*: L_BC)";
        Series "history_lambda" => "λ of the annealed run at the recorded steps";
    };
    const SOURCES: &'static [&'static str] =
        &[include_str!("pinn_annealing.rs"), include_str!("common.rs")];
    const SHARED_SOURCES: &'static [&'static str] = PINN_SOURCES;

    fn check(p: &Params) -> Result<(), ParamError> {
        p.problem.check()?;
        p.network.check()?;
        p.train.check()?;
        if p.train.steps == 0 {
            return Err(ParamError::new("train", "steps must be at least 1"));
        }
        check_lambda(p.lambda)?;
        if !(p.alpha > 0.0 && p.alpha <= 1.0) {
            return Err(ParamError::new(
                "alpha",
                format!("must lie in (0, 1], got {}", p.alpha),
            ));
        }
        if p.every == 0 {
            return Err(ParamError::new("every", "must be at least 1"));
        }
        Ok(())
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let spec = AnnealingSpec {
            optimizer: p.train.optimizer(),
            steps: p.train.steps,
            record_every: (p.train.steps / 200).max(1),
            fixed_lambda: p.lambda,
            alpha: p.alpha,
            every: p.every,
        };
        let problem = p.problem.build();
        let s = annealing_study(
            problem.as_ref(),
            &p.network.spec(p.problem.input_dim()),
            p.network.seed,
            &spec,
        )
        .map_err(|e| e.to_string())?;
        let mut o = Outputs::default();
        put(&mut o, &s.fixed, "fixed");
        put(&mut o, &s.annealed, "annealed");
        o.scalar(
            "error_ratio",
            s.annealed.rel_l2_error / s.fixed.rel_l2_error,
        )
        .scalar("final_lambda", s.annealed.final_lambda)
        .series(
            "history_step",
            s.fixed.history.step.iter().map(|&v| v as f64).collect(),
        )
        .series("history_lambda", s.annealed.history.lambda.clone());
        o.export = Some(serde_json::to_value(&s).map_err(|e| e.to_string())?);
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        let chosen = kinds(opts, &["loss", "lambda"], &["loss", "lambda"])?;
        let get = |n: &str| out.series.get(n).cloned().unwrap_or_default();
        let x = get("history_step");
        let line = |label: &str, y: Vec<f64>, colour: usize, dashed: bool| Series {
            label: label.into(),
            x: x.clone(),
            y,
            style: SeriesStyle {
                colour: Some(colour),
                dashed,
                ..SeriesStyle::default()
            },
            diverged_above: None,
            fit_slope: false,
        };
        let mut figs = Vec::new();
        for (i, kind) in chosen.iter().enumerate() {
            let plot = if *kind == "loss" {
                LinePlot {
                    title: format!("{}: λ 고정 대 λ annealing", p.problem.title()),
                    description: format!(
                        "Training loss with fixed λ = {} and with annealed λ; relative L2 error {} (fixed) and {} (annealed).",
                        p.lambda,
                        num(out.scalars.get("error_fixed").copied().unwrap_or(f64::NAN)),
                        num(out.scalars.get("error_annealed").copied().unwrap_or(f64::NAN))
                    ),
                    x_label: "Adam step".into(),
                    y_label: "loss".into(),
                    x_symbol: "step".into(),
                    y_scale: Scale::Log10,
                    series: vec![
                        line("L, λ 고정 (fixed)", get("history_loss_fixed"), 0, false),
                        line("L, annealing", get("history_loss_annealed"), 1, false),
                        line("L_BC, λ 고정", get("history_loss_bc_fixed"), 0, true),
                        line("L_BC, annealing", get("history_loss_bc_annealed"), 1, true),
                    ],
                    width: 640,
                    height: 420,
                    ..LinePlot::default()
                }
            } else {
                LinePlot {
                    title: "annealing 중 λ의 변화".into(),
                    description: format!(
                        "The weight λ during annealed training; final λ = {}.",
                        num(out.scalars.get("final_lambda").copied().unwrap_or(f64::NAN))
                    ),
                    x_label: "Adam step".into(),
                    y_label: "λ".into(),
                    x_symbol: "step".into(),
                    y_scale: Scale::Log10,
                    series: vec![line("λ (annealing)", get("history_lambda"), 1, false)],
                    width: 640,
                    height: 320,
                    ..LinePlot::default()
                }
            };
            figs.push(finish_line(plot, opts, i == 0)?);
        }
        Ok(figs)
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures};
    use super::*;

    #[test]
    fn both_runs_start_equal_and_annealing_moves_lambda() {
        let p = Params {
            problem: ProblemParams {
                k: 2.0,
                n_collocation: 16,
                ..ProblemParams::default()
            },
            network: NetworkParams {
                hidden: vec![6, 6],
                seed: 4,
            },
            train: TrainParams {
                steps: 60,
                ..TrainParams::default()
            },
            ..Params::default()
        };
        PinnAnnealing::check(&p).unwrap();
        let o = PinnAnnealing::run(&p).unwrap();
        assert_declared::<PinnAnnealing>(&o);
        // Same initialisation: identical boundary loss at step 0 (L itself differs once
        // the annealed λ has been updated before the first step).
        assert_eq!(
            o.series["history_loss_bc_fixed"][0],
            o.series["history_loss_bc_annealed"][0]
        );
        assert!(o.scalars["final_lambda"] != p.lambda, "annealing changed λ");
        assert!(
            (o.scalars["error_ratio"] - o.scalars["error_annealed"] / o.scalars["error_fixed"])
                .abs()
                < 1e-15
        );
        assert_figures::<PinnAnnealing>(&p, &o, &FigureOptions::default(), 2);
        let bad = Params {
            alpha: 0.0,
            ..Params::default()
        };
        assert_eq!(PinnAnnealing::check(&bad).unwrap_err().param, "alpha");
    }
}
