//! `pinn-gd-stability`: gradient descent on a PINN loss is forward Euler on its gradient
//! flow, stable for the linearised flow only when `η < 2/λ_max(∇²L)`.
//!
//! From one Glorot initialisation, full-batch GD runs with `η = f · 2/λ_max` for each
//! factor `f`, where `λ_max` is the largest eigenvalue of the exact Hessian of
//! `L = L_PDE + λ L_BC` at the start. Along the top eigenvector the linearised error is
//! multiplied by `|1 − ηλ_max|` per step, which exceeds 1 exactly when `f > 1`
//! (Wang, Teng & Perdikaris 2021, §2.3; Nocedal & Wright, Numerical Optimization, 2nd ed.,
//! §3.3). The loss is not quadratic, so after each run the sharpness `λ_max(∇²L)` at the
//! final parameters is measured again: `η·λ_max,end/2 < 1` means the run ended where GD
//! is stable, for example after the curvature dropped (the "edge of stability" of
//! Cohen et al., ICLR 2021).

use super::common::{finish_line, flag, kinds, num, output_docs, param_docs};
use super::pinn_setup::{check_lambda, NetworkParams, ProblemParams, PINN_SOURCES};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, Scale, Series, SeriesStyle};
use crate::numerics::pinn::{
    loss_hessians, snapshot, symmetric_eigenvalues, train, LambdaMode, Network, Optimizer,
    PinnLoss, SpectraOptions, TrainHistory, TrainSpec,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub problem: ProblemParams,
    pub network: NetworkParams,
    pub lambda: f64,
    /// Step sizes as multiples of `2/λ_max` at the start.
    pub factors: Vec<f64>,
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
            factors: vec![0.5, 0.9, 1.1, 2.0, 4.0],
            steps: 300,
            divergence_factor: 10.0,
        }
    }
}

pub struct PinnGdStability;

fn sharpness(net: &Network, loss: &PinnLoss, lambda: f64) -> Result<f64, String> {
    let h = loss_hessians(net, loss, lambda)
        .map_err(|e| e.to_string())?
        .total();
    let eig = symmetric_eigenvalues(h.as_faer()).map_err(|e| e.to_string())?;
    eig.last()
        .copied()
        .ok_or_else(|| "empty Hessian".to_string())
}

/// One GD run: its history and the sharpness at its end (NaN if it blew up).
fn gd_run(
    net0: &Network,
    loss: &PinnLoss,
    p: &Params,
    lr: f64,
) -> Result<(TrainHistory, f64), String> {
    let mut net = net0.clone();
    let spec = TrainSpec {
        optimizer: Optimizer::Gd { lr },
        steps: p.steps,
        record_every: (p.steps / 150).max(1),
        lambda: LambdaMode::Fixed(p.lambda),
        checkpoints: Vec::new(),
    };
    let h = train(&mut net, loss, &spec, &mut |_| Ok(())).map_err(|e| e.to_string())?;
    let end = if h.diverged {
        f64::NAN
    } else {
        sharpness(&net, loss, p.lambda).unwrap_or(f64::NAN)
    };
    Ok((h, end))
}

impl TypedSolver for PinnGdStability {
    type Params = Params;
    const NAME: &'static str = "pinn-gd-stability";
    const SUMMARY: &'static str =
        "Gradient descent on a PINN loss at step sizes around 2/λ_max of the exact Hessian.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        problem: "{kind, k, kappa, a1, a2, n_collocation, n_boundary}" => "the PDE and its points";
        network: "{hidden: [widths], seed}" => "tanh MLP hidden widths and Glorot seed";
        lambda: "number >= 0" => "weight λ of L_BC";
        factors: "list of numbers > 0" => "step sizes η = factor · 2/λ_max(∇²L(θ₀))";
        steps: "integer 1..=100000" => "GD steps of each run";
        divergence_factor: "number > 1" => "final loss above this × initial loss counts as divergence";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "lambda_max" => "λ_max of ∇²L at the initial parameters";
        Scalar "critical_lr" => "2/λ_max";
        Series "factor" => "the factors";
        Series "lr" => "η per factor";
        Series "loss_ratio" => "final / initial loss per factor (inf if non-finite)";
        Series "diverged" => "1 if the run diverged";
        Series "edge_end" => "η · λ_max(∇²L(θ_end)) / 2 per factor (< 1: ended in the stable region)";
        Series "step" => "recorded steps (shared by all runs)";
        Series "loss_*" => "loss_i: L of run i at the recorded steps";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("pinn_gd_stability.rs"),
        include_str!("common.rs"),
    ];
    const SHARED_SOURCES: &'static [&'static str] = PINN_SOURCES;

    fn check(p: &Params) -> Result<(), ParamError> {
        p.problem.check()?;
        p.network.check()?;
        check_lambda(p.lambda)?;
        if p.factors.is_empty() || p.factors.iter().any(|f| !(f.is_finite() && *f > 0.0)) {
            return Err(ParamError::new(
                "factors",
                format!(
                    "must be a non-empty list of finite numbers > 0, got {:?}",
                    p.factors
                ),
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
        let problem = p.problem.build();
        let loss = problem.loss().map_err(|e| e.to_string())?;
        let net0 = Network::glorot(&p.network.spec(p.problem.input_dim()), p.network.seed)
            .map_err(|e| e.to_string())?;
        let opts = SpectraOptions {
            lambda: p.lambda,
            include_total: true,
            ..SpectraOptions::default()
        };
        let start = snapshot(
            &net0,
            problem.as_ref(),
            &loss,
            p.lambda,
            0,
            p.network.seed,
            &opts,
        )
        .map_err(|e| e.to_string())?;
        // The snapshot already holds the spectrum of ∇²L = H_PDE + λ H_BC (ascending).
        let lambda_max = start
            .export
            .results
            .eigenvalues
            .h_total
            .as_ref()
            .and_then(|e| e.last().copied())
            .ok_or("the initial snapshot has no spectrum of the total Hessian")?;
        if lambda_max <= 0.0 {
            return Err(format!(
                "λ_max(∇²L) = {lambda_max} is not positive at the initial parameters"
            ));
        }
        let critical = 2.0 / lambda_max;
        let runs: Vec<(TrainHistory, f64)> = p
            .factors
            .par_iter()
            .map(|f| gd_run(&net0, &loss, p, f * critical))
            .collect::<Result<_, _>>()?;
        let mut o = Outputs::default();
        o.scalar("lambda_max", lambda_max)
            .scalar("critical_lr", critical);
        let lrs: Vec<f64> = p.factors.iter().map(|f| f * critical).collect();
        let mut ratio = Vec::new();
        let mut diverged = Vec::new();
        for (h, _) in &runs {
            let (first, last) = (h.loss[0], *h.loss.last().unwrap_or(&f64::NAN));
            let r = if h.diverged || !last.is_finite() {
                f64::INFINITY
            } else {
                last / first
            };
            ratio.push(r);
            diverged.push(flag(h.diverged || r > p.divergence_factor));
        }
        let edge: Vec<f64> = runs
            .iter()
            .zip(&lrs)
            .map(|((_, s), lr)| lr * s / 2.0)
            .collect();
        o.series("factor", p.factors.clone())
            .series("loss_ratio", ratio)
            .series("diverged", diverged)
            .series("edge_end", edge)
            .series("lr", lrs);
        let longest = runs.iter().map(|(h, _)| h.step.len()).max().unwrap_or(0);
        let steps = runs
            .iter()
            .find(|(h, _)| h.step.len() == longest)
            .map(|(h, _)| h.step.clone())
            .unwrap_or_default();
        o.series("step", steps.iter().map(|&s| s as f64).collect());
        for (i, (h, _)) in runs.iter().enumerate() {
            // Pad a run that stopped early (non-finite) with NaN so every series lines up.
            let mut l = h.loss.clone();
            l.resize(steps.len(), f64::NAN);
            o.series(&format!("loss_{i}"), l);
        }
        let histories: Vec<&TrainHistory> = runs.iter().map(|(h, _)| h).collect();
        o.export = Some(serde_json::json!({ "initial": start.export, "runs": histories }));
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        kinds(opts, &["loss"], &["loss"])?;
        let x = out.series.get("step").cloned().unwrap_or_default();
        let l0 = out
            .series
            .get("loss_0")
            .and_then(|l| l.first().copied())
            .unwrap_or(1.0);
        let series = p
            .factors
            .iter()
            .enumerate()
            .map(|(i, f)| Series {
                label: format!("η = {}·2/λ_max", num(*f)),
                x: x.clone(),
                y: out
                    .series
                    .get(&format!("loss_{i}"))
                    .cloned()
                    .unwrap_or_default(),
                style: SeriesStyle {
                    colour: Some(i),
                    dashed: *f > 1.0,
                    ..SeriesStyle::default()
                },
                diverged_above: Some(l0 * p.divergence_factor),
                fit_slope: false,
            })
            .collect();
        let plot = LinePlot {
            title: format!("{}: 경사하강법의 손실, η = f·(2/λ_max)", p.problem.title()),
            description: format!(
                "Loss of full-batch gradient descent on the PINN loss for step sizes {:?} times 2/λ_max = {}; dashed runs are above the linear stability limit.",
                p.factors,
                num(out.scalars.get("critical_lr").copied().unwrap_or(f64::NAN))
            ),
            x_label: "GD step".into(),
            y_label: "L = L_PDE + λ L_BC".into(),
            x_symbol: "step".into(),
            y_scale: Scale::Log10,
            series,
            width: 680,
            height: 440,
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
    fn the_linear_limit_is_measured_and_every_run_is_reported() {
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
            factors: vec![0.3, 20.0],
            steps: 100,
            ..Params::default()
        };
        PinnGdStability::check(&p).unwrap();
        let o = PinnGdStability::run(&p).unwrap();
        assert_declared::<PinnGdStability>(&o);
        assert!((o.scalars["critical_lr"] * o.scalars["lambda_max"] - 2.0).abs() < 1e-12);
        // Far below the limit GD decreases the loss; twenty times above it blows up.
        assert!(
            o.series["loss_ratio"][0] < 1.0,
            "{:?}",
            o.series["loss_ratio"]
        );
        assert_eq!(o.series["diverged"], vec![0.0, 1.0]);
        assert_figures::<PinnGdStability>(&p, &o, &FigureOptions::default(), 1);
        let bad = Params {
            factors: vec![],
            ..Params::default()
        };
        assert_eq!(PinnGdStability::check(&bad).unwrap_err().param, "factors");
    }
}
