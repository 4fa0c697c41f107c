//! `spd-system`: forward Euler on `y' = -A y`, `A` SPD: modes decouple, the fastest sets the limit.
//!
//! With `A = QΛQᵀ` the modal coordinates `z = Qᵀy` obey `z_i' = -λ_i z_i`, and every
//! one-step method maps `z_i ← R(-λ_i Δt) z_i`. Forward Euler is therefore bounded
//! iff `|1 - λ_i Δt| ≤ 1` for all `i`, i.e. `Δt ≤ 2/λ_max`: the fastest (stiffest) mode
//! alone sets the limit, however slowly the others decay (Hairer & Wanner, *Solving
//! Ordinary Differential Equations II*, 2nd ed. 1996, §IV.2; LeVeque, *Finite
//! Difference Methods for ODEs and PDEs*, SIAM 2007, §7.4).
//!
//! The solver builds `A` with the given spectrum and a seeded random orthogonal `Q`,
//! starts from equal weight on every mode, runs FE and BE at `Δt = dt_factor · 2/λ_max`
//! in the original basis and projects back onto the modes; it also bisects the FE
//! limit. Figure: `|z_i(t)|` per mode on a log axis.
//!
//! The modes are measured as `Qᵀy` in floating point, so each carries a rounding
//! error of about `ε‖y‖`: once the fastest mode has grown by `g`, the decayed modes
//! bottom out near `ε g |z(0)|` instead of continuing to fall. The default horizon
//! (120 steps, `g ≈ 10⁵`) keeps that floor far below the plotted range.

use super::common::{self, flag, num, or_nan, output_docs, param_docs};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, Scale, Series, SeriesStyle};
use crate::numerics::stiff::{
    geometric_spectrum, spd_system_study, BoundednessCriterion, LimitSearch, Method,
    SpdSystemParams,
};
use serde::{Deserialize, Serialize};

/// Largest dimension accepted (dense matrices, one factorisation per step size).
const MAX_DIM: usize = 64;
/// Lower end of the log `|z|` axis, relative to `|z_i(0)|`.
const LOG_FLOOR: f64 = 1e-8;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub eigenvalues: Option<Vec<f64>>,
    pub lambda_min: f64,
    pub lambda_max: f64,
    pub dim: usize,
    pub seed: u64,
    pub dt_factor: f64,
    pub steps: usize,
    pub limit_steps: usize,
    pub diverge_threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            eigenvalues: None,
            lambda_min: 1.0,
            lambda_max: 100.0,
            dim: 5,
            seed: 42,
            dt_factor: 1.05,
            steps: 120,
            limit_steps: 10_000,
            diverge_threshold: 1e3,
        }
    }
}

impl Params {
    /// The spectrum: `eigenvalues` if given, else `dim` values spaced geometrically
    /// from `lambda_min` to `lambda_max`.
    fn spectrum(&self) -> Result<Vec<f64>, String> {
        match &self.eigenvalues {
            Some(v) => Ok(v.clone()),
            None => {
                geometric_spectrum(self.dim, self.lambda_min, self.lambda_max / self.lambda_min)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

pub struct SpdSystem;

impl TypedSolver for SpdSystem {
    type Params = Params;
    const NAME: &'static str = "spd-system";
    const SUMMARY: &'static str =
        "Forward/backward Euler on y' = -A y with SPD A: modal trajectories, decoupling, and the FE limit 2/λ_max.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        eigenvalues: "list of numbers > 0 or null" => "spectrum of A; null: geometric from lambda_min to lambda_max";
        lambda_min: "number > 0" => "smallest eigenvalue (when eigenvalues is null)";
        lambda_max: "number >= lambda_min" => "largest eigenvalue (when eigenvalues is null)";
        dim: "integer 2..=64" => "number of eigenvalues (when eigenvalues is null)";
        seed: "integer" => "seed of the random orthogonal eigenvector matrix Q";
        dt_factor: "number > 0" => "dt of the trajectories as a multiple of 2/λ_max";
        steps: "integer 1..=100000" => "steps of the trajectories";
        limit_steps: "integer 1..=1000000" => "horizon of the boundedness test behind the bisected limit";
        diverge_threshold: "number > 1" => "|z_i| / |z_i(0)| above this is drawn as divergence (figure only)";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "limit" => "bisected FE limit (midpoint of the final bracket)";
        Scalar "limit_analytic" => "2/λ_max";
        Scalar "limit_lo" => "largest dt found bounded";
        Scalar "limit_hi" => "smallest dt found unbounded";
        Scalar "limit_rel_err" => "|limit - 2/λ_max| / (2/λ_max)";
        Scalar "lambda_min" => "smallest eigenvalue";
        Scalar "lambda_max" => "largest eigenvalue";
        Scalar "stiffness_ratio" => "λ_max / λ_min";
        Scalar "dt" => "step of the trajectories, dt_factor · 2/λ_max";
        Scalar "fastest_mode" => "index i of λ_max (first if repeated)";
        Scalar "slowest_mode" => "index i of λ_min (first if repeated)";
        Scalar "fastest_mode_amp" => "|1 - λ_max dt|";
        Scalar "fastest_mode_growth" => "|z_fast(T)| / |z_fast(0)| under FE";
        Scalar "slowest_mode_decay" => "|z_slow(T)| / |z_slow(0)| under FE";
        Scalar "growing_modes" => "number of modes with |1 - λ_i dt| > 1";
        Scalar "fastest_mode_diverged" => "1 if fastest_mode_growth > diverge_threshold";
        Scalar "decoupling_error" => "max |z_i - z_i(0) R_i^k| / max |z_i(0) R_i^k| of the FE run";
        Scalar "final_growth" => "‖y(T)‖ / ‖y(0)‖ under FE";
        Scalar "be_final_growth" => "‖y(T)‖ / ‖y(0)‖ under BE at the same dt";
        Scalar "be_bounded" => "1 if be_final_growth <= 1";
        Scalar "be_decoupling_error" => "decoupling_error of the BE run";
        Series "eigenvalues" => "λ_i, in mode order";
        Series "mode_amp" => "|1 - λ_i dt| per mode";
        Series "t" => "times k·dt, k = 0..steps";
        Series "z_*" => "z_i: FE modal coordinate (Qᵀy)_i at t";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("spd_system.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/spd_study.rs"),
        include_str!("../../numerics/stiff/spd.rs"),
        include_str!("../../numerics/stiff/gd.rs"),
        include_str!("../../numerics/stiff/limit.rs"),
        include_str!("../../numerics/stiff/linear.rs"),
        include_str!("../../numerics/stiff/method.rs"),
        include_str!("../../numerics/rng.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        match &p.eigenvalues {
            Some(v) => {
                common::positive_list("eigenvalues", v)?;
                common::count("eigenvalues", v.len(), 1, MAX_DIM).map_err(|_| {
                    ParamError::new(
                        "eigenvalues",
                        format!("at most {MAX_DIM} eigenvalues, got {}", v.len()),
                    )
                })?;
            }
            None => {
                common::positive("lambda_min", p.lambda_min)?;
                common::positive("lambda_max", p.lambda_max)?;
                if p.lambda_max < p.lambda_min {
                    return Err(ParamError::new(
                        "lambda_max",
                        format!(
                            "must be >= lambda_min = {}, got {}",
                            p.lambda_min, p.lambda_max
                        ),
                    ));
                }
                common::count("dim", p.dim, 2, MAX_DIM)?;
            }
        }
        common::positive("dt_factor", p.dt_factor)?;
        common::count("steps", p.steps, 1, 100_000)?;
        common::count("limit_steps", p.limit_steps, 1, 1_000_000)?;
        common::above_one("diverge_threshold", p.diverge_threshold)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let eigenvalues = p.spectrum()?;
        let r = spd_system_study(&SpdSystemParams {
            eigenvalues: eigenvalues.clone(),
            seed: p.seed,
            methods: vec![Method::ForwardEuler, Method::BackwardEuler],
            dt_factors: vec![p.dt_factor],
            steps: p.steps,
            record_every: 1,
            criterion: BoundednessCriterion {
                steps: p.limit_steps,
                growth_bound: 2.0,
            },
            search: LimitSearch::default(),
        })
        .map_err(|e| e.to_string())?;
        let (fe, be) = (&r.runs[0], &r.runs[1]);
        let lim = &r.limits[0];
        let index_of = |pick: fn(f64, f64) -> bool| {
            (1..eigenvalues.len()).fold(0, |best, i| {
                if pick(eigenvalues[i], eigenvalues[best]) {
                    i
                } else {
                    best
                }
            })
        };
        let (fast, slow) = (index_of(|a, b| a > b), index_of(|a, b| a < b));
        let ratio = |i: usize| {
            fe.modes[i]
                .last()
                .map_or(f64::NAN, |z| (z / fe.modes[i][0]).abs())
        };
        let lambda_min = eigenvalues.iter().copied().fold(f64::INFINITY, f64::min);
        let mut o = Outputs::default();
        o.scalar("limit", or_nan(lim.empirical.estimate))
            .scalar("limit_analytic", r.fe_limit_analytic)
            .scalar("limit_lo", or_nan(lim.empirical.lo))
            .scalar("limit_hi", or_nan(lim.empirical.hi))
            .scalar("limit_rel_err", or_nan(lim.relative_error))
            .scalar("lambda_min", lambda_min)
            .scalar("lambda_max", r.lambda_max)
            .scalar("stiffness_ratio", r.lambda_max / lambda_min)
            .scalar("dt", fe.dt)
            .scalar("fastest_mode", fast as f64)
            .scalar("slowest_mode", slow as f64)
            .scalar("fastest_mode_amp", fe.mode_amplification[fast])
            .scalar("fastest_mode_growth", ratio(fast))
            .scalar("slowest_mode_decay", ratio(slow))
            .scalar(
                "growing_modes",
                fe.mode_amplification.iter().filter(|a| **a > 1.0).count() as f64,
            )
            .scalar(
                "fastest_mode_diverged",
                flag(common::exceeds(ratio(fast), p.diverge_threshold)),
            )
            .scalar("decoupling_error", fe.decoupling_error)
            .scalar("final_growth", fe.final_growth)
            .scalar("be_final_growth", be.final_growth)
            .scalar("be_bounded", flag(be.final_growth <= 1.0))
            .scalar("be_decoupling_error", be.decoupling_error)
            .series("eigenvalues", eigenvalues)
            .series("mode_amp", fe.mode_amplification.clone())
            .series("t", fe.times.clone());
        for (i, z) in fe.modes.iter().enumerate() {
            o.series(&format!("z_{i}"), z.clone());
        }
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        common::kinds(opts, &["modes"], &["modes"])?;
        let (x_scale, y_scale) =
            common::scales(opts, true, Scale::Linear, Scale::Log10, (1.0, 1e-6))?;
        let log = y_scale == Scale::Log10;
        let t = common::series(out, "t")?;
        let lambdas = common::series(out, "eigenvalues")?;
        let amps = common::series(out, "mode_amp")?;
        let fast = common::scalar(out, "fastest_mode")? as usize;
        // Fastest mode first, so that its divergence note is drawn on top.
        let mut order: Vec<usize> = (0..lambdas.len()).collect();
        order.sort_by(|a, b| lambdas[*b].total_cmp(&lambdas[*a]).then(a.cmp(b)));
        let mut z0 = 0.0f64;
        let mut series = Vec::new();
        for (rank, &i) in order.iter().enumerate() {
            let z = common::series(out, &format!("z_{i}"))?;
            z0 = z0.max(z[0].abs());
            series.push(Series {
                label: format!("λ = {} (|R| = {})", num(lambdas[i]), num(amps[i])),
                x: t.to_vec(),
                y: if log {
                    z.iter().map(|v| v.abs()).collect()
                } else {
                    z.to_vec()
                },
                style: SeriesStyle {
                    colour: Some(rank),
                    ..SeriesStyle::default()
                },
                diverged_above: Some(p.diverge_threshold * z[0].abs()),
                ..Series::default()
            });
        }
        let dt = common::scalar(out, "dt")?;
        let plot = LinePlot {
            title: format!("모드별 |z_i(t)|, Δt = {}·2/λ_max", num(p.dt_factor)),
            description: format!(
                "y′ = −Ay를 전진 오일러로 Δt = {}·2/λ_max = {}에서 풀 때 각 고유모드 z_i의 크기(로그 축). λ_max = {}인 모드 {}의 |R| = {}이다.",
                num(p.dt_factor),
                num(dt),
                num(lambdas[fast]),
                fast,
                num(amps[fast])
            ),
            x_label: "t".into(),
            y_label: if log { "|z_i(t)|".into() } else { "z_i(t)".into() },
            x_symbol: "t".into(),
            x_scale,
            y_scale,
            y_range: log.then_some((LOG_FLOOR * z0, 10.0 * p.diverge_threshold * z0)),
            series,
            ..LinePlot::default()
        };
        Ok(vec![common::finish_line(plot, opts, true)?])
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures, assert_rejects};
    use super::*;

    #[test]
    fn check_rejects_out_of_range_parameters() {
        let ok = Params::default();
        assert!(SpdSystem::check(&ok).is_ok());
        let bad = assert_rejects::<SpdSystem>;
        bad(|p| p.eigenvalues = Some(vec![]), "eigenvalues");
        bad(|p| p.eigenvalues = Some(vec![1.0, -2.0]), "eigenvalues");
        bad(|p| p.eigenvalues = Some(vec![1.0; 65]), "eigenvalues");
        bad(|p| p.lambda_min = 0.0, "lambda_min");
        bad(|p| p.lambda_max = 0.5, "lambda_max");
        bad(|p| p.dim = 1, "dim");
        bad(|p| p.dt_factor = 0.0, "dt_factor");
        bad(|p| p.steps = 0, "steps");
        bad(|p| p.diverge_threshold = 0.5, "diverge_threshold");
        // An explicit spectrum makes the range parameters irrelevant.
        assert!(SpdSystem::check(&Params {
            eigenvalues: Some(vec![2.0]),
            dim: 0,
            ..ok
        })
        .is_ok());
    }

    #[test]
    fn defaults_reproduce_two_over_lambda_max_and_only_the_fastest_mode_grows() {
        let p = Params::default();
        let o = SpdSystem::run(&p).unwrap();
        assert_declared::<SpdSystem>(&o);
        let s = |n: &str| o.scalars[n];
        assert_eq!(s("limit_analytic"), 0.02);
        assert!((s("limit") - 0.02).abs() / 0.02 < 1e-3, "{}", s("limit"));
        assert!(s("limit_lo") >= 0.02 * (1.0 - 1e-6));
        assert_eq!((s("fastest_mode"), s("slowest_mode")), (4.0, 0.0));
        assert!((s("fastest_mode_amp") - 1.1).abs() < 1e-12);
        assert!(s("fastest_mode_growth") > 1e4, "1.1^120");
        assert!(s("slowest_mode_decay") < 0.1);
        assert_eq!(s("growing_modes"), 1.0);
        assert_eq!(s("fastest_mode_diverged"), 1.0);
        assert!(s("decoupling_error") < 1e-9);
        assert_eq!(s("be_bounded"), 1.0);
        assert_eq!(o.series["z_0"].len(), 121);
        let svgs = assert_figures::<SpdSystem>(&p, &o, &FigureOptions::default(), 1);
        assert!(svgs[0].contains("diverged at t = "));
        assert_eq!(SpdSystem::run(&p).unwrap(), o);
    }

    #[test]
    fn explicit_spectrum_below_the_limit_decays() {
        let p = Params {
            eigenvalues: Some(vec![50.0, 2.0, 50.0]),
            dt_factor: 0.9,
            limit_steps: 500,
            ..Params::default()
        };
        let o = SpdSystem::run(&p).unwrap();
        assert_eq!(o.scalars["fastest_mode"], 0.0);
        assert_eq!(o.scalars["growing_modes"], 0.0);
        assert_eq!(o.scalars["fastest_mode_diverged"], 0.0);
        assert!(o.scalars["final_growth"] < 1.0);
        let svgs = assert_figures::<SpdSystem>(
            &p,
            &o,
            &FigureOptions {
                y_scale: Some("symlog".into()),
                ..FigureOptions::default()
            },
            1,
        );
        assert!(!svgs[0].contains("diverged"));
    }
}
