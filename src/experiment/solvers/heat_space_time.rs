//! `heat-space-time`: `u(x, t)` of the heat equation under one time stepper, for a heat map.
//!
//! `u_t = u_xx` on the Fourier grid (2π-periodic, `N` even) or with second-order
//! finite differences on `[0, 1]` (`N` interior points, `u = 0` at the walls) is
//! the linear system `y' = -A y`; forward Euler is bounded iff `Δt ≤ 2/λ_max(A)`
//! (`8/N²` Fourier, `h²/(2cos²(πh/2))` FD), BE and CN for every `Δt` (LeVeque,
//! *Finite Difference Methods for ODEs and PDEs*, SIAM 2007, §9.2–9.4). Above the
//! limit the highest-frequency mode grows by `|1 − λ_max Δt| > 1` per step, which
//! shows as a growing sawtooth in `x`.
//!
//! The step is `dt` if given, else `dt_factor · 2/λ_max`. A run counts as diverged
//! when `max |u|` over the recorded times exceeds `diverge_threshold · max |u(·, 0)|`
//! or is not finite. Figures: the heat map (`kind: map`, default) and `max_x |u|`
//! against `t` on a log axis (`kind: max`).

use super::common::{self, flag, max_abs, num, output_docs, param_docs, MethodName};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{heat_map, HeatMap, LinePlot, Scale, Series};
use crate::numerics::stiff::{
    heat_explicit_limit, heat_space_time, HeatGrid, HeatInitial, HeatSampleParams,
};
use serde::{Deserialize, Serialize};

/// Largest grid accepted (the output is a dense `n_times × N` table).
const MAX_N: usize = 1024;
/// Largest number of recorded times.
const MAX_TIMES: usize = 1001;

/// Spatial grid as written in YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grid {
    /// 2π-periodic Fourier grid.
    Fourier,
    /// Finite differences on [0, 1] with Dirichlet walls.
    Fd,
}

impl Grid {
    fn heat(self) -> HeatGrid {
        match self {
            Grid::Fourier => HeatGrid::FourierPeriodic,
            Grid::Fd => HeatGrid::DirichletFd,
        }
    }
}

/// Initial condition as written in YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Initial {
    /// Tent of height 1 in the middle half of the domain.
    Hat,
    /// Equal weight on every eigenmode.
    EqualModes,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub grid: Grid,
    pub n: usize,
    pub method: MethodName,
    pub dt: Option<f64>,
    pub dt_factor: f64,
    pub steps: usize,
    pub n_times: usize,
    pub initial: Initial,
    pub diverge_threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            grid: Grid::Fd,
            n: 32,
            method: MethodName::Fe,
            dt: None,
            dt_factor: 1.1,
            steps: 200,
            n_times: 41,
            initial: Initial::Hat,
            diverge_threshold: 10.0,
        }
    }
}

pub struct HeatSpaceTime;

impl TypedSolver for HeatSpaceTime {
    type Params = Params;
    const NAME: &'static str = "heat-space-time";
    const SUMMARY: &'static str =
        "u(x, t) of the heat equation under FE/BE/CN/RK4 on the Fourier or finite-difference grid, as a heat map; FE above 2/λ_max blows up.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        grid: "fd | fourier" => "finite differences on [0, 1] (Dirichlet) or 2π-periodic Fourier";
        n: "integer 2..=1024" => "grid points N (interior points for fd; even for fourier)";
        method: "fe | be | cn | rk4" => "time stepper";
        dt: "number > 0 or null" => "step size; null: dt_factor · 2/λ_max";
        dt_factor: "number > 0" => "step as a multiple of the FE limit 2/λ_max (when dt is null)";
        steps: "integer 1..=100000" => "number of steps";
        n_times: "integer 2..=min(steps+1, 1001)" => "recorded times (evenly spaced steps, first and last included)";
        initial: "hat | equal-modes" => "initial condition: tent of height 1, or equal weight on every eigenmode";
        diverge_threshold: "number > 1" => "diverged = max |u| exceeds this multiple of max |u(·,0)|";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "dt" => "step size used";
        Scalar "explicit_limit" => "FE limit 2/λ_max of this grid";
        Scalar "dt_over_limit" => "dt / explicit_limit";
        Scalar "t_end" => "steps · dt";
        Scalar "initial_max_abs" => "max_x |u(x, 0)|";
        Scalar "max_abs" => "max |u| over all recorded times (NaN if any value is NaN)";
        Scalar "final_max_abs" => "max_x |u(x, t_end)|";
        Scalar "growth" => "max_abs / initial_max_abs";
        Scalar "diverged" => "1 if growth > diverge_threshold or not finite";
        Series "x" => "grid points (fd: walls included)";
        Series "t" => "recorded times";
        Series "max_abs_t" => "max_x |u(x, t)| at each recorded time";
        Series "u_final" => "u(x, t_end)";
        Matrix "u" => "u(x_j, t_k): row k is time t_k, column j is x_j";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("heat_space_time.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/heat_sample.rs"),
        include_str!("../../numerics/stiff/heat.rs"),
        include_str!("../../numerics/stiff/tridiag.rs"),
        include_str!("../../numerics/stiff/linear.rs"),
        include_str!("../../numerics/stiff/method.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        common::count("n", p.n, 2, MAX_N)?;
        if p.grid == Grid::Fourier && p.n % 2 == 1 {
            return Err(ParamError::new(
                "n",
                format!("must be even on the Fourier grid, got {}", p.n),
            ));
        }
        if let Some(dt) = p.dt {
            common::positive("dt", dt)?;
        }
        common::positive("dt_factor", p.dt_factor)?;
        common::count("steps", p.steps, 1, 100_000)?;
        common::count("n_times", p.n_times, 2, (p.steps + 1).min(MAX_TIMES))?;
        common::above_one("diverge_threshold", p.diverge_threshold)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let grid = p.grid.heat();
        let limit = heat_explicit_limit(grid, p.n).map_err(|e| e.to_string())?;
        let dt = p.dt.unwrap_or(p.dt_factor * limit);
        let s = heat_space_time(&HeatSampleParams {
            grid,
            n: p.n,
            method: p.method.method(),
            dt,
            steps: p.steps,
            n_times: p.n_times,
            initial: match p.initial {
                Initial::Hat => HeatInitial::Hat,
                Initial::EqualModes => HeatInitial::EqualModes,
            },
        })
        .map_err(|e| e.to_string())?;
        let per_time: Vec<f64> = s.u.iter().map(|row| max_abs(row)).collect();
        let all = per_time.iter().fold(
            0.0,
            |m: f64, v| if v.is_nan() { f64::NAN } else { m.max(*v) },
        );
        let initial = per_time[0];
        let growth = all / initial;
        let width = s.x.len();
        let mut o = Outputs::default();
        o.scalar("dt", dt)
            .scalar("explicit_limit", s.explicit_limit)
            .scalar("dt_over_limit", s.dt_over_limit)
            .scalar("t_end", p.steps as f64 * dt)
            .scalar("initial_max_abs", initial)
            .scalar("max_abs", all)
            .scalar("final_max_abs", s.final_max_abs)
            .scalar("growth", growth)
            .scalar(
                "diverged",
                flag(common::exceeds(growth, p.diverge_threshold)),
            )
            .series("u_final", s.u.last().cloned().unwrap_or_default())
            .series("max_abs_t", per_time)
            .matrix("u", s.u.len(), width, s.u.concat())
            .series("x", s.x)
            .series("t", s.t);
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        common::kinds(opts, &["map", "max"], &["map"])?
            .into_iter()
            .enumerate()
            .map(|(i, kind)| match kind {
                "max" => max_figure(p, out, opts, i == 0),
                _ => map_figure(p, out, opts, i == 0),
            })
            .collect()
    }
}

fn setting(p: &Params, out: &Outputs) -> Result<String, String> {
    let grid = match p.grid {
        Grid::Fourier => "푸리에 격자",
        Grid::Fd => "유한차분 격자",
    };
    Ok(format!(
        "{grid} N = {}, {}, Δt = {}·2/λ_max",
        p.n,
        p.method.label(),
        num(common::scalar(out, "dt_over_limit")?)
    ))
}

fn map_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
) -> Result<Figure, String> {
    let u = out
        .matrices
        .get("u")
        .ok_or("output matrix `u` is missing")?;
    let x = common::series(out, "x")?.to_vec();
    let t = common::series(out, "t")?.to_vec();
    let first = &u.data[..u.cols];
    let (lo, hi) = first
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let diverged = common::scalar(out, "diverged")? == 1.0;
    let (title, description) = common::texts(
        opts,
        main,
        format!("u(x, t): {}", setting(p, out)?),
        format!(
            "열 방정식 해 u(x, t)의 시공간 색 지도({}). 색 범위는 초기값 범위로 고정했고, {}",
            setting(p, out)?,
            if diverged {
                "해가 발산해 범위를 벗어난 값이 양 끝 색으로 칠해진다."
            } else {
                "해는 유계로 남는다."
            }
        ),
    );
    let (width, height) = common::size(opts, (640, 420));
    let map = HeatMap {
        title,
        description: description.clone(),
        x_label: opts
            .x_label
            .clone()
            .filter(|_| main)
            .unwrap_or_else(|| "x".into()),
        t_label: opts
            .y_label
            .clone()
            .filter(|_| main)
            .unwrap_or_else(|| "t".into()),
        value_label: "u".into(),
        x: x.clone(),
        t: t.clone(),
        values: u.data.clone(),
        value_range: (lo < hi).then_some((lo, hi)),
        width,
        height,
    };
    let svg = heat_map(&map).map_err(|e| e.to_string())?;
    let mut csv = String::from("t,x,u\n");
    for (k, tk) in t.iter().enumerate() {
        for (j, xj) in x.iter().enumerate() {
            csv.push_str(&format!("{tk},{xj},{}\n", u.data[k * u.cols + j]));
        }
    }
    Ok(Figure {
        svg,
        description,
        csv,
    })
}

fn max_figure(
    p: &Params,
    out: &Outputs,
    opts: &FigureOptions,
    main: bool,
) -> Result<Figure, String> {
    let (x_scale, y_scale) = common::scales(opts, main, Scale::Linear, Scale::Log10, (1.0, 1e-3))?;
    let u0 = common::scalar(out, "initial_max_abs")?;
    let plot = LinePlot {
        title: format!("max |u(·, t)|: {}", setting(p, out)?),
        description: format!(
            "열 방정식 해의 최대 크기 max_x |u(x, t)|를 시간에 따라 그린 그림({}).",
            setting(p, out)?
        ),
        x_label: "t".into(),
        y_label: "max_x |u(x, t)|".into(),
        x_symbol: "t".into(),
        x_scale,
        y_scale,
        series: vec![Series {
            label: p.method.label().into(),
            x: common::series(out, "t")?.to_vec(),
            y: common::series(out, "max_abs_t")?.to_vec(),
            diverged_above: Some(p.diverge_threshold * u0),
            ..Series::default()
        }],
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
        assert!(HeatSpaceTime::check(&ok).is_ok());
        let bad = assert_rejects::<HeatSpaceTime>;
        bad(|p| p.n = 1, "n");
        bad(
            |p| {
                p.grid = Grid::Fourier;
                p.n = 31
            },
            "n",
        );
        bad(|p| p.dt = Some(0.0), "dt");
        bad(|p| p.dt_factor = -1.0, "dt_factor");
        bad(|p| p.steps = 0, "steps");
        bad(
            |p| {
                p.steps = 10;
                p.n_times = 12
            },
            "n_times",
        );
        bad(|p| p.n_times = 1, "n_times");
        bad(|p| p.diverge_threshold = 1.0, "diverge_threshold");
    }

    #[test]
    fn fe_above_the_limit_blows_up_and_be_stays_bounded() {
        let p = Params::default();
        let o = HeatSpaceTime::run(&p).unwrap();
        assert_declared::<HeatSpaceTime>(&o);
        let s = |n: &str| o.scalars[n];
        assert!((s("dt_over_limit") - 1.1).abs() < 1e-12);
        assert_eq!(s("diverged"), 1.0, "growth {}", s("growth"));
        assert!(common::exceeds(s("max_abs"), 1e3));
        let u = &o.matrices["u"];
        assert_eq!((u.rows, u.cols), (41, 34));
        assert_figures::<HeatSpaceTime>(&p, &o, &FigureOptions::default(), 1);
        let both = FigureOptions {
            kind: Some("map,max".into()),
            ..FigureOptions::default()
        };
        let svgs = assert_figures::<HeatSpaceTime>(&p, &o, &both, 2);
        assert!(svgs[1].contains("diverged at t = "));

        for grid in [Grid::Fd, Grid::Fourier] {
            let be = Params {
                grid,
                method: MethodName::Be,
                dt_factor: 50.0,
                ..Params::default()
            };
            let o = HeatSpaceTime::run(&be).unwrap();
            assert_eq!(o.scalars["diverged"], 0.0, "{grid:?}");
            assert!(o.scalars["final_max_abs"] < o.scalars["initial_max_abs"]);
            assert_figures::<HeatSpaceTime>(&be, &o, &FigureOptions::default(), 1);
        }
        let explicit = Params {
            dt: Some(1e-4),
            ..Params::default()
        };
        let o = HeatSpaceTime::run(&explicit).unwrap();
        assert_eq!(o.scalars["dt"], 1e-4);
        assert_eq!(o.scalars["diverged"], 0.0);
    }
}
