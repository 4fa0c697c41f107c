//! `scalar-decay`: forward vs backward Euler on `y' = -a y`, and the FE limit `2/a` by bisection.
//!
//! One step of size `Δt` multiplies `y` by the amplification factor `R(-aΔt)`:
//! forward Euler `1 - aΔt`, whose modulus is at most 1 iff `Δt ≤ 2/a`; backward
//! Euler `1/(1 + aΔt)`, below 1 for every `Δt > 0` (LeVeque, *Finite Difference
//! Methods for Ordinary and Partial Differential Equations*, SIAM 2007, §7.1–7.3;
//! Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed. 1996, §IV.2).
//!
//! From `y(0) = 1` the solver integrates both methods up to `t_end` at each `Δt` in
//! `dts`, bisects the largest bounded FE step (see
//! [`crate::numerics::stiff::BoundednessCriterion`]: bounded = `|y_k| ≤ 2` for `k ≤
//! limit_steps`) to compare with `2/a`, runs both methods at `100 × 2/a`, and samples
//! `|R|` against `Δt`. Figures: FE trajectories, BE trajectories, `|R|` vs `Δt`.

use super::common::{self, flag, max_abs, num, or_nan, output_docs, param_docs};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, RefLine, Scale, Series, SeriesStyle};
use crate::numerics::stiff::{
    scalar_decay_study, scalar_decay_trajectory, BoundednessCriterion, LimitSearch, Method,
    ScalarDecayParams,
};
use serde::{Deserialize, Serialize};

/// Longest trajectory (steps) accepted for one `Δt`.
const MAX_STEPS: usize = 100_000;
/// The far step, as a multiple of `2/a`, at which BE is shown bounded.
const FAR_FACTOR: f64 = 100.0;
/// Steps taken at the far step.
const FAR_STEPS: usize = 100;
/// Points of the exact solution curve.
const EXACT_POINTS: usize = 401;
/// Lower end of the log `|y|` axis of the trajectory figures.
const LOG_FLOOR: f64 = 1e-8;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub a: f64,
    pub dts: Vec<f64>,
    pub t_end: f64,
    pub limit_steps: usize,
    pub amp_max_factor: f64,
    pub amp_points: usize,
    pub diverge_threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            a: 10.0,
            dts: vec![0.05, 0.19, 0.22],
            t_end: 10.0,
            limit_steps: 10_000,
            amp_max_factor: 2.0,
            amp_points: 200,
            diverge_threshold: 1e3,
        }
    }
}

pub struct ScalarDecay;

impl TypedSolver for ScalarDecay {
    type Params = Params;
    const NAME: &'static str = "scalar-decay";
    const SUMMARY: &'static str =
        "Forward vs backward Euler on y' = -a y: trajectories, the bisected FE limit against 2/a, and |R(-a dt)| against dt.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        a: "number > 0" => "decay rate; the FE limit is 2/a";
        dts: "list of numbers > 0" => "step sizes of the trajectories (absolute, not factors)";
        t_end: "number > 0" => "trajectories run to the first step at or after t_end";
        limit_steps: "integer 1..=1000000" => "horizon of the boundedness test behind the bisected limit";
        amp_max_factor: "number > 0" => "the |R| curve spans dt up to this multiple of 2/a";
        amp_points: "integer 2..=10000" => "samples of the |R| curve";
        diverge_threshold: "number > 1" => "|y| above this is drawn as divergence (figures only)";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "limit_fe" => "bisected FE limit (midpoint of the final bracket)";
        Scalar "limit_fe_analytic" => "2/a";
        Scalar "limit_fe_lo" => "largest dt found bounded";
        Scalar "limit_fe_hi" => "smallest dt found unbounded";
        Scalar "limit_fe_rel_err" => "|limit_fe - 2/a| / (2/a)";
        Scalar "limit_be_found" => "1 if bisection found any BE limit below dt = 1e6, else 0";
        Scalar "limit_be_lo" => "largest dt at which BE was found bounded";
        Scalar "be_max_abs_at_100x" => "max |y_k| of BE at dt = 100·2/a over 100 steps";
        Scalar "be_bounded_100x" => "1 if be_max_abs_at_100x <= 1";
        Scalar "fe_final_abs_at_100x" => "|y_100| of FE at dt = 100·2/a";
        Series "dts" => "the step sizes (as given)";
        Series "dt_over_limit" => "dt / (2/a) per step size";
        Series "abs_r_fe" => "|1 - a dt| per step size";
        Series "abs_r_be" => "1/(1 + a dt) per step size";
        Series "fe_final_abs" => "|y| at the end of each FE trajectory";
        Series "be_final_abs" => "|y| at the end of each BE trajectory";
        Series "fe_max_abs" => "max |y_k| of each FE trajectory";
        Series "be_max_abs" => "max |y_k| of each BE trajectory";
        Series "fe_bounded" => "1 if the FE trajectory stays within |y| <= 1";
        Series "be_bounded" => "1 if the BE trajectory stays within |y| <= 1";
        Series "t_*" => "t_i: times of trajectory i (dts[i])";
        Series "fe_y_*" => "fe_y_i: FE values at t_i";
        Series "be_y_*" => "be_y_i: BE values at t_i";
        Series "exact_t" => "401 times on [0, t_end]";
        Series "exact_y" => "e^(-a t) at exact_t";
        Series "amp_dt" => "dt samples (amp_max_factor·2/a)·k/amp_points, k = 1..amp_points";
        Series "amp_fe" => "|1 - a dt| at amp_dt";
        Series "amp_be" => "1/(1 + a dt) at amp_dt";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("scalar_decay.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/scalar.rs"),
        include_str!("../../numerics/stiff/limit.rs"),
        include_str!("../../numerics/stiff/linear.rs"),
        include_str!("../../numerics/stiff/method.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        common::positive("a", p.a)?;
        common::positive("t_end", p.t_end)?;
        common::positive_list("dts", &p.dts)?;
        if let Some(dt) = p.dts.iter().find(|dt| p.t_end / **dt > MAX_STEPS as f64) {
            return Err(ParamError::new(
                "dts",
                format!(
                    "dt = {dt} needs more than {MAX_STEPS} steps to reach t_end = {}",
                    p.t_end
                ),
            ));
        }
        common::count("limit_steps", p.limit_steps, 1, 1_000_000)?;
        common::positive("amp_max_factor", p.amp_max_factor)?;
        common::count("amp_points", p.amp_points, 2, 10_000)?;
        common::above_one("diverge_threshold", p.diverge_threshold)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let err = |e: crate::numerics::stiff::StiffError| e.to_string();
        let limit = 2.0 / p.a;
        let study = scalar_decay_study(&ScalarDecayParams {
            a: p.a,
            y0: 1.0,
            methods: vec![Method::ForwardEuler, Method::BackwardEuler],
            dt_factors: vec![FAR_FACTOR],
            horizon_steps: FAR_STEPS,
            criterion: BoundednessCriterion {
                steps: p.limit_steps,
                growth_bound: 2.0,
            },
            search: LimitSearch::default(),
        })
        .map_err(err)?;
        let (fe, be) = (&study.limits[0], &study.limits[1]);
        let be_far = max_abs(&study.trajectories[1].values);
        let mut o = Outputs::default();
        o.scalar("limit_fe", or_nan(fe.empirical.estimate))
            .scalar("limit_fe_analytic", limit)
            .scalar("limit_fe_lo", or_nan(fe.empirical.lo))
            .scalar("limit_fe_hi", or_nan(fe.empirical.hi))
            .scalar("limit_fe_rel_err", or_nan(fe.relative_error))
            .scalar("limit_be_found", flag(be.empirical.hi.is_some()))
            .scalar("limit_be_lo", or_nan(be.empirical.lo))
            .scalar("be_max_abs_at_100x", be_far)
            .scalar("be_bounded_100x", flag(be_far <= 1.0))
            .scalar("fe_final_abs_at_100x", study.trajectories[0].final_ratio);

        let mut per_dt: [Vec<f64>; 8] = Default::default();
        for (i, &dt) in p.dts.iter().enumerate() {
            let f = scalar_decay_trajectory(Method::ForwardEuler, p.a, 1.0, dt, p.t_end)
                .map_err(err)?;
            let b = scalar_decay_trajectory(Method::BackwardEuler, p.a, 1.0, dt, p.t_end)
                .map_err(err)?;
            let (fm, bm) = (max_abs(&f.values), max_abs(&b.values));
            for (v, x) in per_dt.iter_mut().zip([
                f.abs_amplification,
                b.abs_amplification,
                f.final_ratio,
                b.final_ratio,
                fm,
                bm,
                flag(fm <= 1.0),
                flag(bm <= 1.0),
            ]) {
                v.push(x);
            }
            o.series(&format!("t_{i}"), f.times)
                .series(&format!("fe_y_{i}"), f.values)
                .series(&format!("be_y_{i}"), b.values);
        }
        for (name, v) in [
            "abs_r_fe",
            "abs_r_be",
            "fe_final_abs",
            "be_final_abs",
            "fe_max_abs",
            "be_max_abs",
            "fe_bounded",
            "be_bounded",
        ]
        .into_iter()
        .zip(per_dt)
        {
            o.series(name, v);
        }
        o.series("dts", p.dts.clone())
            .series("dt_over_limit", p.dts.iter().map(|dt| dt / limit).collect());

        let exact_t: Vec<f64> = (0..EXACT_POINTS)
            .map(|k| p.t_end * k as f64 / (EXACT_POINTS - 1) as f64)
            .collect();
        o.series(
            "exact_y",
            exact_t.iter().map(|t| (-p.a * t).exp()).collect(),
        )
        .series("exact_t", exact_t);
        let amp_dt: Vec<f64> = (1..=p.amp_points)
            .map(|k| p.amp_max_factor * limit * k as f64 / p.amp_points as f64)
            .collect();
        let amp = |m: Method| {
            amp_dt
                .iter()
                .map(|dt| m.amplification_real(-p.a * dt).abs())
                .collect()
        };
        o.series("amp_fe", amp(Method::ForwardEuler))
            .series("amp_be", amp(Method::BackwardEuler))
            .series("amp_dt", amp_dt);
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        const KINDS: &[&str] = &["fe", "be", "amplification"];
        let draw = |(i, kind): (usize, &str)| match kind {
            "amplification" => amplification_figure(p, out, opts, i == 0),
            _ => trajectory_figure(p, out, opts, i == 0, kind == "fe"),
        };
        common::kinds(opts, KINDS, KINDS)?
            .into_iter()
            .enumerate()
            .map(draw)
            .collect()
    }
}

fn trajectory_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
    fe: bool,
) -> Result<Figure, String> {
    let (x_scale, y_scale) = common::scales(opts, main, Scale::Linear, Scale::Log10, (1.0, 1e-3))?;
    let log = y_scale == Scale::Log10;
    let shown = |v: &[f64]| {
        if log {
            v.iter().map(|y| y.abs()).collect()
        } else {
            v.to_vec()
        }
    };
    let limit = 2.0 / p.a;
    let (tag, name) = if fe {
        ("fe", "전진 오일러")
    } else {
        ("be", "후진 오일러")
    };
    let mut series = Vec::new();
    for (i, dt) in p.dts.iter().enumerate() {
        series.push(Series {
            label: format!("Δt = {} ({}·2/a)", num(*dt), num(dt / limit)),
            x: common::series(out, &format!("t_{i}"))?.to_vec(),
            y: shown(common::series(out, &format!("{tag}_y_{i}"))?),
            style: SeriesStyle {
                markers: p.t_end / dt <= 60.0,
                ..SeriesStyle::default()
            },
            diverged_above: Some(p.diverge_threshold),
            ..Series::default()
        });
    }
    series.push(Series {
        label: "정확해 e^(−at)".into(),
        x: common::series(out, "exact_t")?.to_vec(),
        y: common::series(out, "exact_y")?.to_vec(),
        style: SeriesStyle {
            dashed: true,
            colour: Some(6),
            ..SeriesStyle::default()
        },
        ..Series::default()
    });
    let dts: Vec<String> = p.dts.iter().map(|d| num(*d)).collect();
    let plot = LinePlot {
        title: format!("{name}: y′ = −a·y, a = {}", num(p.a)),
        description: format!(
            "a = {}일 때 Δt = {}에서 {name} 궤적{}을 정확해 e^(−at)(점선)와 비교한 그림. 안정 한계는 Δt = 2/a = {}이다.",
            num(p.a),
            dts.join(", "),
            if log { "의 크기 |y|" } else { "" },
            num(limit)
        ),
        x_label: "t".into(),
        y_label: if log { "|y(t)|".into() } else { "y(t)".into() },
        x_symbol: "t".into(),
        x_scale,
        y_scale,
        y_range: log.then_some((LOG_FLOOR, 10.0 * p.diverge_threshold)),
        series,
        ..LinePlot::default()
    };
    common::finish_line(plot, opts, main)
}

fn amplification_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
) -> Result<Figure, String> {
    let (x_scale, y_scale) =
        common::scales(opts, main, Scale::Linear, Scale::Linear, (2.0 / p.a, 1.0))?;
    let dt = common::series(out, "amp_dt")?.to_vec();
    let limit = 2.0 / p.a;
    let line = |label: &str, y: &str, colour: usize| -> Result<Series, String> {
        Ok(Series {
            label: label.into(),
            x: dt.clone(),
            y: common::series(out, y)?.to_vec(),
            style: SeriesStyle {
                colour: Some(colour),
                ..SeriesStyle::default()
            },
            ..Series::default()
        })
    };
    let marks = Series {
        label: "FE, 궤적의 Δt".into(),
        x: p.dts.clone(),
        y: common::series(out, "abs_r_fe")?.to_vec(),
        style: SeriesStyle {
            line: false,
            markers: true,
            colour: Some(0),
            ..SeriesStyle::default()
        },
        ..Series::default()
    };
    let plot = LinePlot {
        title: format!("증폭 인수 |R(−aΔt)|, a = {}", num(p.a)),
        description: format!(
            "a = {}일 때 Δt에 따른 증폭 인수: 전진 오일러 |1 − aΔt|는 Δt = 2/a = {}에서 1을 넘고, 후진 오일러 1/(1 + aΔt)는 항상 1보다 작다.",
            num(p.a),
            num(limit)
        ),
        x_label: "Δt".into(),
        y_label: "|R(−aΔt)|".into(),
        x_symbol: "Δt".into(),
        x_scale,
        y_scale,
        series: vec![line("전진 오일러 |1 − aΔt|", "amp_fe", 0)?, line("후진 오일러 1/(1 + aΔt)", "amp_be", 1)?, marks],
        vlines: vec![RefLine { value: limit, label: "Δt = 2/a".into() }],
        hlines: vec![RefLine { value: 1.0, label: "|R| = 1".into() }],
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
        assert!(ScalarDecay::check(&ok).is_ok());
        let bad = assert_rejects::<ScalarDecay>;
        bad(|p| p.a = 0.0, "a");
        bad(|p| p.a = f64::NAN, "a");
        bad(|p| p.dts = vec![], "dts");
        bad(|p| p.dts = vec![0.1, -0.1], "dts");
        bad(|p| p.dts = vec![1e-6], "dts");
        bad(|p| p.t_end = 0.0, "t_end");
        bad(|p| p.limit_steps = 0, "limit_steps");
        bad(|p| p.amp_points = 1, "amp_points");
        bad(|p| p.diverge_threshold = 1.0, "diverge_threshold");
    }

    #[test]
    fn defaults_reproduce_two_over_a_be_boundedness_and_figures() {
        let p = Params::default();
        let o = ScalarDecay::run(&p).unwrap();
        assert_declared::<ScalarDecay>(&o);
        let s = |n: &str| o.scalars[n];
        assert_eq!(s("limit_fe_analytic"), 0.2);
        assert!(
            (s("limit_fe") - 0.2).abs() / 0.2 < 1e-3,
            "{}",
            s("limit_fe")
        );
        assert!(s("limit_fe_lo") <= s("limit_fe_hi") && s("limit_fe_hi") >= 0.2);
        assert!(s("limit_fe_rel_err") < 1e-3);
        assert_eq!(s("limit_be_found"), 0.0);
        assert_eq!(s("be_bounded_100x"), 1.0);
        assert!(s("be_max_abs_at_100x") <= 1.0);
        assert!(s("fe_final_abs_at_100x") > 1e100);
        assert_eq!(o.series["fe_bounded"], vec![1.0, 1.0, 0.0]);
        assert_eq!(o.series["be_bounded"], vec![1.0, 1.0, 1.0]);
        assert!(o.series["fe_final_abs"][2] > p.diverge_threshold);
        assert!((o.series["abs_r_fe"][1] - 0.9).abs() < 1e-12);
        // |R_FE| crosses 1 at dt = 2/a on the sampled curve; |R_BE| never does.
        for ((dt, fe), be) in o.series["amp_dt"]
            .iter()
            .zip(&o.series["amp_fe"])
            .zip(&o.series["amp_be"])
        {
            assert_eq!(*fe > 1.0 + 1e-12, *dt > 0.2 + 1e-12, "dt = {dt}");
            assert!(*be < 1.0);
        }
        let svgs = assert_figures::<ScalarDecay>(&p, &o, &FigureOptions::default(), 3);
        assert!(
            svgs[0].contains("diverged at t = "),
            "FE run above 2/a is marked"
        );
        assert!(!svgs[1].contains("diverged"));
        assert_eq!(ScalarDecay::run(&p).unwrap(), o);
    }

    #[test]
    fn figure_options_select_and_restyle() {
        let p = Params {
            dts: vec![0.1, 0.3],
            t_end: 2.0,
            limit_steps: 100,
            ..Params::default()
        };
        let o = ScalarDecay::run(&p).unwrap();
        let opts = FigureOptions {
            kind: Some("amplification".into()),
            title: Some("증폭".into()),
            x_scale: Some("log".into()),
            ..FigureOptions::default()
        };
        let svgs = assert_figures::<ScalarDecay>(&p, &o, &opts, 1);
        assert!(svgs[0].contains("<title>증폭</title>"));
        let symlog = FigureOptions {
            kind: Some("fe".into()),
            y_scale: Some("symlog".into()),
            ..FigureOptions::default()
        };
        assert_figures::<ScalarDecay>(&p, &o, &symlog, 1);
        let bad = FigureOptions {
            kind: Some("phase".into()),
            ..FigureOptions::default()
        };
        assert!(ScalarDecay::figures(&p, &o, &bad).is_err());
    }
}
