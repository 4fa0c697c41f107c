//! `gd-quadratic`: gradient descent on `½θᵀHθ` is forward Euler on `θ' = -Hθ`.
//!
//! The iteration `θ_{k+1} = (I − ηH) θ_k` is FE with step `η`, so it diverges iff
//! `η > 2/λ_max(H)`. With the best fixed step `η* = 2/(λ_max + λ_min)` every mode
//! contracts at least by `(κ − 1)/(κ + 1)`, `κ = λ_max/λ_min`, and reaching
//! `‖θ_k‖ ≤ tol‖θ_0‖` takes about `ln(1/tol)/ln((κ+1)/(κ−1)) ≈ (κ/2) ln(1/tol)`
//! iterations: proportional to `κ` (Nocedal & Wright, *Numerical Optimization*,
//! 2nd ed. 2006, §3.3; Boyd & Vandenberghe, *Convex Optimization*, 2004, §9.3).
//!
//! For each `κ` the Hessian has `dim` eigenvalues spaced geometrically on
//! `[λ_min, κλ_min]` and seeded random eigenvectors; `θ_0` has equal weight on every
//! mode. The solver bisects the divergence threshold, counts iterations with `η*`,
//! fits `ln(iterations)` against `ln κ`, and records loss curves at
//! `η = f · 2/λ_max` for each `f` in `curve_eta_factors` (with `κ = curve_kappa`).
//! Figures: iterations against `κ` (log–log, `kind: iterations`) and the loss
//! curves (`kind: loss`).

use super::common::{self, flag, max_abs, num, or_nan, output_docs, param_docs};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, RefLine, Scale, Series, SeriesStyle};
use crate::numerics::stiff::{
    fit_loglog, gd_quadratic_study, geometric_spectrum, gradient_descent, method_limit,
    BoundednessCriterion, GdQuadraticParams, LimitSearch, Method, SpdMatrix,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub kappas: Vec<f64>,
    pub dim: usize,
    pub lambda_min: f64,
    pub tol: f64,
    pub seed: u64,
    pub max_iter: usize,
    pub limit_steps: usize,
    pub curve_kappa: f64,
    pub curve_eta_factors: Vec<f64>,
    pub curve_iterations: usize,
    pub diverge_threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            kappas: vec![10.0, 100.0, 1_000.0, 10_000.0],
            dim: 16,
            lambda_min: 1.0,
            tol: 1e-6,
            seed: 2024,
            max_iter: 1_000_000,
            limit_steps: 10_000,
            curve_kappa: 100.0,
            curve_eta_factors: vec![0.99, 1.01],
            curve_iterations: 1000,
            diverge_threshold: 1e6,
        }
    }
}

pub struct GdQuadratic;

impl TypedSolver for GdQuadratic {
    type Params = Params;
    const NAME: &'static str = "gd-quadratic";
    const SUMMARY: &'static str =
        "Gradient descent on quadratics as forward Euler: divergence threshold 2/λ_max, and iterations to a tolerance growing like κ.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        kappas: "list of numbers > 1" => "condition numbers κ = λ_max/λ_min to study";
        dim: "integer 2..=256" => "dimension of θ";
        lambda_min: "number > 0" => "smallest Hessian eigenvalue";
        tol: "number in (0, 1)" => "stop when ‖θ_k‖ <= tol ‖θ_0‖";
        seed: "integer" => "seed of the Hessian's eigenvectors";
        max_iter: "integer 1..=10000000" => "iteration cap of the tolerance runs";
        limit_steps: "integer 1..=1000000" => "horizon of the boundedness test behind the bisected thresholds";
        curve_kappa: "number > 1" => "κ of the loss curves and of the scalar threshold outputs";
        curve_eta_factors: "list of numbers > 0" => "loss curves at η = factor · 2/λ_max";
        curve_iterations: "integer 1..=100000" => "iterations of each loss curve";
        diverge_threshold: "number > 1" => "a loss curve diverged when L_k / L_0 exceeds this";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "threshold" => "bisected divergence threshold of η at κ = curve_kappa";
        Scalar "threshold_analytic" => "2/λ_max at κ = curve_kappa";
        Scalar "threshold_rel_err" => "|threshold - 2/λ_max| / (2/λ_max) at κ = curve_kappa";
        Scalar "max_threshold_rel_err" => "largest relative threshold error over kappas";
        Scalar "iterations_per_kappa_spread" => "max/min - 1 of iterations/κ over kappas (0 = exact proportionality)";
        Scalar "loglog_slope" => "least-squares slope of ln(iterations) against ln κ (≈ 1)";
        Scalar "loglog_r_squared" => "R² of that fit";
        Scalar "all_converged" => "1 if every run reached tol within max_iter";
        Series "kappa" => "the condition numbers";
        Series "lambda_max" => "κ λ_min per κ";
        Series "threshold_per_kappa" => "bisected threshold per κ";
        Series "threshold_analytic_per_kappa" => "2/λ_max per κ";
        Series "eta_best" => "η* = 2/(λ_max + λ_min) per κ";
        Series "iterations" => "iterations to tol with η* (NaN if over max_iter)";
        Series "iterations_per_kappa" => "iterations / κ";
        Series "predicted_iterations" => "ln(1/tol) / ln((κ+1)/(κ-1))";
        Series "asymptotic_iterations" => "(κ/2) ln(1/tol)";
        Series "curve_eta" => "η of each loss curve";
        Series "curve_k" => "iteration numbers 0..curve_iterations";
        Series "curve_loss_*" => "curve_loss_i: L(θ_k)/L(θ_0) with η = curve_eta[i]";
        Series "curve_final_loss" => "last value of each loss curve";
        Series "curve_diverged" => "1 if the curve's max L_k/L_0 exceeds diverge_threshold";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("gd_quadratic.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/gd.rs"),
        include_str!("../../numerics/stiff/heat_study.rs"),
        include_str!("../../numerics/stiff/spd.rs"),
        include_str!("../../numerics/stiff/limit.rs"),
        include_str!("../../numerics/stiff/linear.rs"),
        include_str!("../../numerics/stiff/method.rs"),
        include_str!("../../numerics/rng.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        common::positive_list("kappas", &p.kappas)?;
        if let Some(k) = p.kappas.iter().find(|k| **k <= 1.0) {
            return Err(ParamError::new(
                "kappas",
                format!("every κ must be > 1, got {k}"),
            ));
        }
        common::count("dim", p.dim, 2, 256)?;
        common::positive("lambda_min", p.lambda_min)?;
        if !(p.tol > 0.0 && p.tol < 1.0) {
            return Err(ParamError::new(
                "tol",
                format!("must lie strictly between 0 and 1, got {}", p.tol),
            ));
        }
        common::count("max_iter", p.max_iter, 1, 10_000_000)?;
        common::count("limit_steps", p.limit_steps, 1, 1_000_000)?;
        common::above_one("curve_kappa", p.curve_kappa)?;
        common::positive_list("curve_eta_factors", &p.curve_eta_factors)?;
        common::count("curve_iterations", p.curve_iterations, 1, 100_000)?;
        common::above_one("diverge_threshold", p.diverge_threshold)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let err = |e: crate::numerics::stiff::StiffError| e.to_string();
        let criterion = BoundednessCriterion {
            steps: p.limit_steps,
            growth_bound: 2.0,
        };
        let r = gd_quadratic_study(&GdQuadraticParams {
            dim: p.dim,
            lambda_min: p.lambda_min,
            kappas: p.kappas.clone(),
            tol: p.tol,
            seed: p.seed,
            max_iter: p.max_iter,
            trace_points: 2,
            criterion,
            search: LimitSearch::default(),
        })
        .map_err(err)?;
        let col = |f: &dyn Fn(&crate::numerics::stiff::GdRow) -> f64| -> Vec<f64> {
            r.rows.iter().map(f).collect()
        };
        let iterations = col(&|row| row.iterations.map_or(f64::NAN, |k| k as f64));
        let fit = fit_loglog(&p.kappas, &iterations).ok();
        let rel_errs = col(&|row| or_nan(row.threshold.relative_error));

        // The curve Hessian: the same construction as the study's, at κ = curve_kappa.
        let spectrum = geometric_spectrum(p.dim, p.lambda_min, p.curve_kappa).map_err(err)?;
        let h = SpdMatrix::with_spectrum(&spectrum, p.seed).map_err(err)?;
        let theta0 = h.equal_mode_vector();
        let lambda_max = h.lambda_max();
        let limit = method_limit(
            Method::ForwardEuler,
            &h,
            lambda_max,
            &theta0,
            &criterion,
            &LimitSearch::default(),
        )
        .map_err(err)?;
        let mut o = Outputs::default();
        o.scalar("threshold", or_nan(limit.empirical.estimate))
            .scalar("threshold_analytic", 2.0 / lambda_max)
            .scalar("threshold_rel_err", or_nan(limit.relative_error))
            .scalar("max_threshold_rel_err", max_abs(&rel_errs))
            .scalar(
                "iterations_per_kappa_spread",
                or_nan(r.proportionality_spread),
            )
            .scalar("loglog_slope", or_nan(fit.map(|f| f.slope)))
            .scalar("loglog_r_squared", or_nan(fit.map(|f| f.r_squared)))
            .scalar(
                "all_converged",
                flag(r.rows.iter().all(|row| row.iterations.is_some())),
            )
            .series("kappa", p.kappas.clone())
            .series("lambda_max", col(&|row| row.lambda_max))
            .series(
                "threshold_per_kappa",
                col(&|row| or_nan(row.threshold.empirical.estimate)),
            )
            .series(
                "threshold_analytic_per_kappa",
                col(&|row| or_nan(row.threshold.analytic)),
            )
            .series("eta_best", col(&|row| row.eta_best))
            .series(
                "iterations_per_kappa",
                col(&|row| or_nan(row.iterations_over_kappa)),
            )
            .series("predicted_iterations", col(&|row| row.predicted_iterations))
            .series(
                "asymptotic_iterations",
                col(&|row| row.asymptotic_iterations),
            )
            .series("iterations", iterations);

        let (mut etas, mut finals, mut diverged) = (Vec::new(), Vec::new(), Vec::new());
        for (i, f) in p.curve_eta_factors.iter().enumerate() {
            let eta = f * 2.0 / lambda_max;
            let trace = gradient_descent(&h, &theta0, eta, p.curve_iterations).map_err(err)?;
            let rel: Vec<f64> = trace.losses.iter().map(|l| l / trace.losses[0]).collect();
            etas.push(eta);
            finals.push(rel.last().copied().unwrap_or(f64::NAN));
            diverged.push(flag(common::exceeds(max_abs(&rel), p.diverge_threshold)));
            o.series(&format!("curve_loss_{i}"), rel);
        }
        o.series("curve_eta", etas)
            .series("curve_final_loss", finals)
            .series("curve_diverged", diverged)
            .series(
                "curve_k",
                (0..=p.curve_iterations).map(|k| k as f64).collect(),
            );
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        common::kinds(opts, &["iterations", "loss"], &["iterations", "loss"])?
            .into_iter()
            .enumerate()
            .map(|(i, kind)| match kind {
                "loss" => loss_figure(p, out, opts, i == 0),
                _ => iterations_figure(p, out, opts, i == 0),
            })
            .collect()
    }
}

fn iterations_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
) -> Result<Figure, String> {
    let (x_scale, y_scale) = common::scales(opts, main, Scale::Log10, Scale::Log10, (1.0, 1.0))?;
    let kappa = common::series(out, "kappa")?.to_vec();
    let plot = LinePlot {
        title: "경사 하강법 반복 수 대 조건수 κ".into(),
        description: format!(
            "이차 손실에서 η* = 2/(λ_max + λ_min)인 경사 하강법이 ‖θ‖를 {}배로 줄이는 데 필요한 반복 수를 κ에 대해 로그–로그 축에 그린 그림: 기울기 약 1(반복 수 ∝ κ), 점선은 예측 ln(1/tol)/ln((κ+1)/(κ−1))이다.",
            num(p.tol)
        ),
        x_label: "조건수 κ = λ_max/λ_min".into(),
        y_label: "반복 수".into(),
        x_symbol: "κ".into(),
        x_scale,
        y_scale,
        series: vec![
            Series {
                label: "측정".into(),
                x: kappa.clone(),
                y: common::series(out, "iterations")?.to_vec(),
                style: SeriesStyle { line: false, markers: true, colour: Some(0), ..SeriesStyle::default() },
                fit_slope: true,
                ..Series::default()
            },
            Series {
                label: "예측 ln(1/tol)/ln((κ+1)/(κ−1))".into(),
                x: kappa,
                y: common::series(out, "predicted_iterations")?.to_vec(),
                style: SeriesStyle { dashed: true, colour: Some(1), ..SeriesStyle::default() },
                ..Series::default()
            },
        ],
        ..LinePlot::default()
    };
    common::finish_line(plot, opts, main)
}

fn loss_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
) -> Result<Figure, String> {
    let (x_scale, y_scale) = common::scales(opts, main, Scale::Linear, Scale::Log10, (1.0, 1e-6))?;
    let k = common::series(out, "curve_k")?;
    let series = p
        .curve_eta_factors
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(Series {
                label: format!("η = {}·2/λ_max", num(*f)),
                x: k.to_vec(),
                y: common::series(out, &format!("curve_loss_{i}"))?.to_vec(),
                diverged_above: Some(p.diverge_threshold),
                ..Series::default()
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let plot = LinePlot {
        title: format!("손실 곡선, κ = {}", num(p.curve_kappa)),
        description: format!(
            "κ = {}인 이차 손실에서 학습률 η = ({})·2/λ_max로 경사 하강법을 돌린 상대 손실 L_k/L_0(로그 축): 2/λ_max를 넘는 η에서는 손실이 발산한다.",
            num(p.curve_kappa),
            p.curve_eta_factors.iter().map(|f| num(*f)).collect::<Vec<_>>().join(", ")
        ),
        x_label: "반복 k".into(),
        y_label: "L(θ_k) / L(θ_0)".into(),
        x_symbol: "k".into(),
        x_scale,
        y_scale,
        series,
        hlines: vec![RefLine { value: 1.0, label: "L_0".into() }],
        ..LinePlot::default()
    };
    common::finish_line(plot, opts, main)
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures, assert_rejects};
    use super::*;

    #[test]
    fn check_rejects_out_of_range_parameters() {
        let ok = Params::default();
        assert!(GdQuadratic::check(&ok).is_ok());
        let bad = assert_rejects::<GdQuadratic>;
        bad(|p| p.kappas = vec![], "kappas");
        bad(|p| p.kappas = vec![10.0, 1.0], "kappas");
        bad(|p| p.dim = 1, "dim");
        bad(|p| p.lambda_min = 0.0, "lambda_min");
        bad(|p| p.tol = 1.0, "tol");
        bad(|p| p.max_iter = 0, "max_iter");
        bad(|p| p.curve_kappa = 1.0, "curve_kappa");
        bad(|p| p.curve_eta_factors = vec![], "curve_eta_factors");
        bad(|p| p.curve_iterations = 0, "curve_iterations");
        bad(|p| p.diverge_threshold = f64::INFINITY, "diverge_threshold");
    }

    #[test]
    fn threshold_is_two_over_lambda_max_and_iterations_grow_like_kappa() {
        let p = Params::default();
        let o = GdQuadratic::run(&p).unwrap();
        assert_declared::<GdQuadratic>(&o);
        let s = |n: &str| o.scalars[n];
        assert_eq!(s("threshold_analytic"), 0.02);
        assert!(s("threshold_rel_err") < 1e-3 && s("max_threshold_rel_err") < 1e-3);
        assert!((s("threshold") - 0.02).abs() / 0.02 < 1e-3);
        assert!(
            s("iterations_per_kappa_spread") < 0.10,
            "{}",
            s("iterations_per_kappa_spread")
        );
        assert!(
            (s("loglog_slope") - 1.0).abs() < 0.05,
            "{}",
            s("loglog_slope")
        );
        assert_eq!(s("all_converged"), 1.0);
        assert_eq!(o.series["curve_diverged"], vec![0.0, 1.0]);
        assert!(o.series["curve_final_loss"][0] < 1e-6);
        let svgs = assert_figures::<GdQuadratic>(&p, &o, &FigureOptions::default(), 2);
        assert!(svgs[0].contains("slope = 1.0") || svgs[0].contains("slope = 0.9"));
        assert!(svgs[1].contains("diverged at k = "));
        assert_eq!(GdQuadratic::run(&p).unwrap(), o);
    }
}
