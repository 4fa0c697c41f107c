//! `pinn-gd-stability`: gradient descent on a PINN loss is forward Euler on its gradient
//! flow, so it is stable only for `η < 2/λ_max(∇²L)`.
//!
//! From one Glorot initialisation, full-batch GD runs with `η = below · 2/λ_max` and
//! `η = above · 2/λ_max`, where `λ_max` is the largest eigenvalue of the exact Hessian of
//! `L = L_PDE + λ L_BC` at the start. Along the top eigenvector the error is multiplied by
//! `|1 − ηλ_max|` per step (linearised gradient flow), which exceeds 1 exactly when
//! `η > 2/λ_max` (Wang, Teng & Perdikaris 2021, §2.3; Nocedal & Wright, Numerical
//! Optimization, 2nd ed., §3.3).

use super::common::{finish_line, flag, kinds, num};
use super::pinn_setup::{check_lambda, NetworkParams, ProblemParams, PINN_SOURCES};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, OutputKind, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, Scale, Series, SeriesStyle};
use crate::numerics::pinn::{gd_stability_check, StabilitySpec};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub problem: ProblemParams,
    pub network: NetworkParams,
    pub lambda: f64,
    /// `η = below · 2/λ_max` (should train).
    pub below: f64,
    /// `η = above · 2/λ_max` (should diverge).
    pub above: f64,
    pub steps: usize,
    /// "Diverged": non-finite, or final loss above this factor times the initial loss.
    pub divergence_factor: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            problem: ProblemParams::default(),
            network: NetworkParams::default(),
            lambda: 1.0,
            below: 0.9,
            above: 1.1,
            steps: 300,
            divergence_factor: 10.0,
        }
    }
}

pub struct PinnGdStability;

fn history(h: &crate::numerics::pinn::TrainHistory) -> (Vec<f64>, Vec<f64>) {
    (h.step.iter().map(|&s| s as f64).collect(), h.loss.clone())
}

impl TypedSolver for PinnGdStability {
    type Params = Params;
    const NAME: &'static str = "pinn-gd-stability";
    const SUMMARY: &'static str = "Gradient descent on a PINN loss with η just below and just above 2/λ_max of the exact Hessian.";
    const PARAMS: &'static [ParamDoc] = &[
        ParamDoc {
            name: "problem",
            ty: "{kind, k, kappa, a1, a2, n_collocation, n_boundary}",
            meaning: "the PDE and its points",
        },
        ParamDoc {
            name: "network",
            ty: "{hidden: [widths], seed}",
            meaning: "tanh MLP hidden widths and Glorot seed",
        },
        ParamDoc {
            name: "lambda",
            ty: "number >= 0",
            meaning: "weight λ of L_BC",
        },
        ParamDoc {
            name: "below",
            ty: "number in (0, 1)",
            meaning: "η = below · 2/λ_max for the run that should train",
        },
        ParamDoc {
            name: "above",
            ty: "number > 1",
            meaning: "η = above · 2/λ_max for the run that should diverge",
        },
        ParamDoc {
            name: "steps",
            ty: "integer 1..=100000",
            meaning: "GD steps of each run",
        },
        ParamDoc {
            name: "divergence_factor",
            ty: "number > 1",
            meaning: "final loss above this × initial loss counts as divergence",
        },
    ];
    const OUTPUTS: &'static [OutputDoc] = &[
        OutputDoc {
            name: "lambda_max",
            kind: OutputKind::Scalar,
            meaning: "λ_max of ∇²L at the initial parameters",
        },
        OutputDoc {
            name: "critical_lr",
            kind: OutputKind::Scalar,
            meaning: "2/λ_max",
        },
        OutputDoc {
            name: "lr_below",
            kind: OutputKind::Scalar,
            meaning: "η of the stable run",
        },
        OutputDoc {
            name: "lr_above",
            kind: OutputKind::Scalar,
            meaning: "η of the unstable run",
        },
        OutputDoc {
            name: "trained_below",
            kind: OutputKind::Scalar,
            meaning: "1 if the run below ends finite with a lower loss",
        },
        OutputDoc {
            name: "diverged_above",
            kind: OutputKind::Scalar,
            meaning: "1 if the run above diverged",
        },
        OutputDoc {
            name: "loss_ratio_below",
            kind: OutputKind::Scalar,
            meaning: "final / initial loss, run below",
        },
        OutputDoc {
            name: "loss_ratio_above",
            kind: OutputKind::Scalar,
            meaning: "final / initial loss, run above (inf if it blew up)",
        },
        OutputDoc {
            name: "step_below",
            kind: OutputKind::Series,
            meaning: "recorded steps, run below",
        },
        OutputDoc {
            name: "loss_below",
            kind: OutputKind::Series,
            meaning: "L at those steps, run below",
        },
        OutputDoc {
            name: "step_above",
            kind: OutputKind::Series,
            meaning: "recorded steps, run above",
        },
        OutputDoc {
            name: "loss_above",
            kind: OutputKind::Series,
            meaning: "L at those steps, run above",
        },
    ];
    const SOURCES: &'static [&'static str] = &[
        include_str!("pinn_gd_stability.rs"),
        include_str!("common.rs"),
    ];
    const SHARED_SOURCES: &'static [&'static str] = PINN_SOURCES;

    fn check(p: &Params) -> Result<(), ParamError> {
        p.problem.check()?;
        p.network.check()?;
        check_lambda(p.lambda)?;
        if !(p.below > 0.0 && p.below < 1.0) {
            return Err(ParamError::new(
                "below",
                format!("must lie in (0, 1), got {}", p.below),
            ));
        }
        if !(p.above > 1.0 && p.above.is_finite()) {
            return Err(ParamError::new(
                "above",
                format!("must be a finite number > 1, got {}", p.above),
            ));
        }
        if !(1..=100_000).contains(&p.steps) {
            return Err(ParamError::new(
                "steps",
                format!("must be between 1 and 100000, got {}", p.steps),
            ));
        }
        if !(p.divergence_factor > 1.0 && p.divergence_factor.is_finite()) {
            return Err(ParamError::new(
                "divergence_factor",
                "must be a finite number > 1",
            ));
        }
        Ok(())
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let spec = StabilitySpec {
            lambda: p.lambda,
            below: p.below,
            above: p.above,
            steps: p.steps,
            record_every: (p.steps / 200).max(1),
            divergence_factor: p.divergence_factor,
        };
        let problem = p.problem.build();
        let c = gd_stability_check(
            problem.as_ref(),
            &p.network.spec(p.problem.input_dim()),
            p.network.seed,
            &spec,
        )
        .map_err(|e| e.to_string())?;
        let ratio = |l: &[f64]| match (l.first(), l.last()) {
            (Some(a), Some(b)) if b.is_finite() => b / a,
            _ => f64::INFINITY,
        };
        let (sb, lb) = history(&c.below);
        let (sa, la) = history(&c.above);
        let mut o = Outputs::default();
        o.scalar("lambda_max", c.lambda_max)
            .scalar("critical_lr", c.critical_lr)
            .scalar("lr_below", c.lr_below)
            .scalar("lr_above", c.lr_above)
            .scalar("trained_below", flag(c.trained_below))
            .scalar("diverged_above", flag(c.diverged_above))
            .scalar("loss_ratio_below", ratio(&lb))
            .scalar(
                "loss_ratio_above",
                if c.above.diverged {
                    f64::INFINITY
                } else {
                    ratio(&la)
                },
            )
            .series("step_below", sb)
            .series("loss_below", lb)
            .series("step_above", sa)
            .series("loss_above", la);
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        kinds(opts, &["loss"], &["loss"])?;
        let get = |n: &str| out.series.get(n).cloned().unwrap_or_default();
        let l0 = get("loss_below").first().copied().unwrap_or(1.0);
        let run = |label: String, x: Vec<f64>, y: Vec<f64>, colour: usize| Series {
            label,
            x,
            y,
            style: SeriesStyle {
                colour: Some(colour),
                ..SeriesStyle::default()
            },
            diverged_above: Some(l0 * p.divergence_factor),
            fit_slope: false,
        };
        let plot = LinePlot {
            title: format!("{}: 경사하강법, η = {}·(2/λ_max) 와 {}·(2/λ_max)", p.problem.title(), p.below, p.above),
            description: format!(
                "Loss of full-batch gradient descent on the PINN loss for step sizes {} and {} times 2/λ_max = {}; the larger one diverges.",
                p.below,
                p.above,
                num(out.scalars.get("critical_lr").copied().unwrap_or(f64::NAN))
            ),
            x_label: "step".into(),
            y_label: "L = L_PDE + λ L_BC".into(),
            x_symbol: "step".into(),
            y_scale: Scale::Log10,
            series: vec![
                run(format!("η = {}·2/λ_max", p.below), get("step_below"), get("loss_below"), 0),
                run(format!("η = {}·2/λ_max", p.above), get("step_above"), get("loss_above"), 1),
            ],
            width: 640,
            height: 420,
            ..LinePlot::default()
        };
        Ok(vec![finish_line(plot, opts, true)?])
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures};
    use super::*;

    #[test]
    fn gd_trains_below_and_diverges_above_the_stability_limit() {
        let p = Params {
            problem: ProblemParams {
                k: 1.0,
                n_collocation: 16,
                ..ProblemParams::default()
            },
            network: NetworkParams {
                hidden: vec![8, 8],
                seed: 1,
            },
            steps: 200,
            ..Params::default()
        };
        PinnGdStability::check(&p).unwrap();
        let o = PinnGdStability::run(&p).unwrap();
        assert_declared::<PinnGdStability>(&o);
        assert!((o.scalars["critical_lr"] * o.scalars["lambda_max"] - 2.0).abs() < 1e-12);
        assert_eq!(o.scalars["trained_below"], 1.0);
        assert_eq!(o.scalars["diverged_above"], 1.0);
        assert!(o.scalars["loss_ratio_below"] < 1.0);
        assert_figures::<PinnGdStability>(&p, &o, &FigureOptions::default(), 1);
        let bad = Params {
            below: 1.2,
            ..Params::default()
        };
        assert_eq!(PinnGdStability::check(&bad).unwrap_err().param, "below");
    }
}
