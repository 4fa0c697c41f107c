//! `heat-limit`: the explicit heat-equation step limit shrinks like `N⁻²` on both grids.
//!
//! Semi-discretising `u_t = u_xx` gives `y' = -A y` with `λ_max(A)` growing like
//! `N²`, so forward Euler needs `Δt ≤ 2/λ_max`: on the 2π-periodic Fourier grid
//! `λ_max = N²/4` and the limit is `8/N²`; with second-order finite differences on
//! `[0, 1]` (`N` interior points, `h = 1/(N+1)`, Dirichlet walls)
//! `λ_max = (4/h²) cos²(πh/2)` and the limit is `h²/(2 cos²(πh/2))` (LeVeque, *Finite
//! Difference Methods for ODEs and PDEs*, SIAM 2007, §9.2–9.4; Trefethen, *Spectral
//! Methods in MATLAB*, SIAM 2000, ch. 10). BE and CN are A-stable and have no limit.
//!
//! For each `N` the FE limit is bisected (bounded = `‖y_k‖ ≤ 2‖y_0‖` for
//! `k ≤ limit_steps`, from equal weight on every eigenmode) and a least-squares line
//! is fitted to `ln(limit)` against `ln N`; BE and CN are run at multiples of the
//! explicit limit. Figure: limit against `N` on log–log axes, both grids.

use super::common::{self, flag, or_nan, output_docs, param_docs};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{LinePlot, Scale, Series, SeriesStyle};
use crate::numerics::stiff::{
    heat_limit_study, BoundednessCriterion, HeatGrid, HeatGridStudy, HeatLimitParams, LimitSearch,
    Method,
};
use serde::{Deserialize, Serialize};

/// Largest grid accepted.
const MAX_N: usize = 4096;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub ns: Vec<usize>,
    pub limit_steps: usize,
    pub implicit_factors: Vec<f64>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            ns: vec![16, 32, 64, 128, 256, 512],
            limit_steps: 10_000,
            implicit_factors: vec![10.0, 1000.0],
        }
    }
}

pub struct HeatLimit;

impl TypedSolver for HeatLimit {
    type Params = Params;
    const NAME: &'static str = "heat-limit";
    const SUMMARY: &'static str =
        "Forward-Euler step limit of the heat equation against N on the Fourier and finite-difference grids (slope -2), and BE/CN boundedness beyond it.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        ns: "list of even integers 2..=4096" => "grid sizes N (at least two distinct, for the fit)";
        limit_steps: "integer 1..=1000000" => "horizon of the boundedness test behind the bisected limits and the BE/CN checks";
        implicit_factors: "list of numbers > 0" => "BE and CN are run at these multiples of the explicit limit";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Series "n" => "grid sizes N";
        Series "limit_fourier" => "bisected FE limit on the Fourier grid";
        Series "limit_fourier_analytic" => "8/N²";
        Series "limit_fd" => "bisected FE limit on the finite-difference grid";
        Series "limit_fd_analytic" => "h²/(2cos²(πh/2)), h = 1/(N+1)";
        Series "rel_err_fourier" => "|bisected - analytic| / analytic, Fourier";
        Series "rel_err_fd" => "|bisected - analytic| / analytic, FD";
        Scalar "max_rel_err_fourier" => "max of rel_err_fourier";
        Scalar "max_rel_err_fd" => "max of rel_err_fd";
        Scalar "slope_fourier" => "least-squares slope of ln(limit_fourier) against ln N";
        Scalar "slope_fd" => "least-squares slope of ln(limit_fd) against ln N";
        Scalar "slope_fourier_analytic" => "the same fit of the analytic limits (exactly -2)";
        Scalar "slope_fd_analytic" => "the same fit of the analytic FD limits";
        Scalar "r_squared_fourier" => "R² of the Fourier fit";
        Scalar "r_squared_fd" => "R² of the FD fit";
        Scalar "be_bounded" => "1 if BE stayed bounded at every N, factor and grid";
        Scalar "cn_bounded" => "1 if CN stayed bounded at every N, factor and grid";
        Scalar "be_max_growth" => "largest ‖y_k‖/‖y_0‖ over the BE checks";
        Scalar "cn_max_growth" => "largest ‖y_k‖/‖y_0‖ over the CN checks";
        Scalar "implicit_max_factor" => "largest dt/(explicit limit) at which BE/CN were checked";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("heat_limit.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/heat_study.rs"),
        include_str!("../../numerics/stiff/heat.rs"),
        include_str!("../../numerics/stiff/tridiag.rs"),
        include_str!("../../numerics/stiff/limit.rs"),
        include_str!("../../numerics/stiff/linear.rs"),
        include_str!("../../numerics/stiff/method.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        if p.ns.is_empty() {
            return Err(ParamError::new("ns", "must not be empty"));
        }
        if let Some(n) =
            p.ns.iter()
                .find(|n| !(2..=MAX_N).contains(*n) || **n % 2 == 1)
        {
            return Err(ParamError::new(
                "ns",
                format!("every N must be even and between 2 and {MAX_N} (Fourier grid), got {n}"),
            ));
        }
        if p.ns.iter().all(|n| *n == p.ns[0]) {
            return Err(ParamError::new(
                "ns",
                "need at least two distinct grid sizes to fit a slope",
            ));
        }
        common::count("limit_steps", p.limit_steps, 1, 1_000_000)?;
        common::positive_list("implicit_factors", &p.implicit_factors)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let r = heat_limit_study(&HeatLimitParams {
            ns: p.ns.clone(),
            grids: vec![HeatGrid::FourierPeriodic, HeatGrid::DirichletFd],
            explicit_method: Method::ForwardEuler,
            criterion: BoundednessCriterion {
                steps: p.limit_steps,
                growth_bound: 2.0,
            },
            search: LimitSearch::default(),
            implicit_methods: vec![Method::BackwardEuler, Method::CrankNicolson],
            implicit_dt_factors: p.implicit_factors.clone(),
        })
        .map_err(|e| e.to_string())?;
        let mut o = Outputs::default();
        o.series("n", p.ns.iter().map(|n| *n as f64).collect());
        for (g, key) in r.grids.iter().zip(["fourier", "fd"]) {
            let pick = |f: fn(&crate::numerics::stiff::HeatLimitRow) -> Option<f64>| -> Vec<f64> {
                g.rows.iter().map(|row| or_nan(f(row))).collect()
            };
            let rel = pick(|r| r.limit.relative_error);
            let max_rel = rel.iter().fold(
                0.0,
                |m: f64, e| if e.is_nan() { f64::NAN } else { m.max(*e) },
            );
            o.series(
                &format!("limit_{key}"),
                pick(|r| r.limit.empirical.estimate),
            )
            .series(&format!("limit_{key}_analytic"), pick(|r| r.limit.analytic))
            .series(&format!("rel_err_{key}"), rel)
            .scalar(&format!("max_rel_err_{key}"), max_rel)
            .scalar(
                &format!("slope_{key}"),
                or_nan(g.empirical_fit.map(|f| f.slope)),
            )
            .scalar(
                &format!("slope_{key}_analytic"),
                or_nan(g.analytic_fit.map(|f| f.slope)),
            )
            .scalar(
                &format!("r_squared_{key}"),
                or_nan(g.empirical_fit.map(|f| f.r_squared)),
            );
        }
        for (m, key) in [(Method::BackwardEuler, "be"), (Method::CrankNicolson, "cn")] {
            let checks = || {
                r.grids
                    .iter()
                    .flat_map(|g: &HeatGridStudy| &g.implicit_checks)
                    .filter(|c| c.method == m)
            };
            o.scalar(
                &format!("{key}_bounded"),
                flag(checks().all(|c| c.run.bounded)),
            )
            .scalar(
                &format!("{key}_max_growth"),
                checks().map(|c| c.run.max_growth).fold(0.0, |a: f64, b| {
                    if b.is_nan() {
                        f64::NAN
                    } else {
                        a.max(b)
                    }
                }),
            );
        }
        o.scalar(
            "implicit_max_factor",
            p.implicit_factors.iter().copied().fold(0.0, f64::max),
        );
        Ok(o)
    }

    fn figures(_p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        common::kinds(opts, &["limits"], &["limits"])?;
        let (x_scale, y_scale) =
            common::scales(opts, true, Scale::Log10, Scale::Log10, (1.0, 1e-6))?;
        let n = common::series(out, "n")?.to_vec();
        // Measured limits as markers (the legend gives the fitted slope), analytic dashed.
        let series =
            |label: &str, key: &str, colour: usize, measured: bool| -> Result<Series, String> {
                let (label, y) = if measured {
                    let slope = common::scalar(out, &format!("slope_{key}"))?;
                    (
                        format!("{label}, 기울기 {slope:.2}"),
                        format!("limit_{key}"),
                    )
                } else {
                    (label.to_string(), format!("limit_{key}_analytic"))
                };
                Ok(Series {
                    label,
                    x: n.clone(),
                    y: common::series(out, &y)?.to_vec(),
                    style: SeriesStyle {
                        line: !measured,
                        markers: measured,
                        dashed: !measured,
                        colour: Some(colour),
                    },
                    ..Series::default()
                })
            };
        let plot = LinePlot {
            title: "전진 오일러 안정 한계 Δt_max 대 N".into(),
            description: format!(
                "열 방정식의 전진 오일러 안정 한계를 격자 크기 N = {}에 대해 로그–로그 축에 그린 그림: 푸리에 격자와 유한차분 격자 모두 기울기 약 −2(Δt_max ∝ N⁻²)이며 점선은 해석값 8/N²와 h²/(2cos²(πh/2))이다.",
                n.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
            ),
            x_label: "격자 점 수 N".into(),
            y_label: "Δt_max".into(),
            x_symbol: "N".into(),
            x_scale,
            y_scale,
            series: vec![
                series("푸리에: 측정", "fourier", 0, true)?,
                series("푸리에: 8/N²", "fourier", 0, false)?,
                series("유한차분: 측정", "fd", 1, true)?,
                series("유한차분: h²/(2cos²(πh/2))", "fd", 1, false)?,
            ],
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
        assert!(HeatLimit::check(&ok).is_ok());
        let bad = assert_rejects::<HeatLimit>;
        bad(|p| p.ns = vec![], "ns");
        bad(|p| p.ns = vec![16, 33], "ns");
        bad(|p| p.ns = vec![0, 16], "ns");
        bad(|p| p.ns = vec![16, 16], "ns");
        bad(|p| p.ns = vec![16, 8192], "ns");
        bad(|p| p.limit_steps = 0, "limit_steps");
        bad(|p| p.implicit_factors = vec![], "implicit_factors");
        bad(|p| p.implicit_factors = vec![-1.0], "implicit_factors");
    }

    #[test]
    fn limits_match_analytic_values_slopes_are_minus_two_and_implicit_is_bounded() {
        let p = Params::default();
        let o = HeatLimit::run(&p).unwrap();
        assert_declared::<HeatLimit>(&o);
        let s = |n: &str| o.scalars[n];
        for key in ["fourier", "fd"] {
            assert!(s(&format!("max_rel_err_{key}")) < 1e-3, "{key}");
            assert!(
                (s(&format!("slope_{key}")) + 2.0).abs() < 0.05,
                "{key}: {}",
                s(&format!("slope_{key}"))
            );
        }
        assert!((s("slope_fourier_analytic") + 2.0).abs() < 1e-12);
        let fourier = &o.series["limit_fourier_analytic"];
        for (n, l) in o.series["n"].iter().zip(fourier) {
            assert!((l - 8.0 / (n * n)).abs() < 1e-15);
        }
        assert_eq!((s("be_bounded"), s("cn_bounded")), (1.0, 1.0));
        assert!(s("be_max_growth") <= 1.0 + 1e-12);
        let svgs = assert_figures::<HeatLimit>(&p, &o, &FigureOptions::default(), 1);
        assert!(
            svgs[0].contains("측정, 기울기 -2.00"),
            "fitted slope is labelled"
        );
        assert_eq!(HeatLimit::run(&p).unwrap(), o);
    }
}
