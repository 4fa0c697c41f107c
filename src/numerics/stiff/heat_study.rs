//! Claim 3: the explicit heat-equation limit shrinks like N⁻² on both grids while BE/CN have none.
//!
//! For each `N` the empirical FE limit is bisected (see [`BoundednessCriterion`])
//! from the equal-mode initial state, compared with the analytic `2/λ_max`, and a
//! least-squares line is fitted to `ln(limit)` against `ln(N)`; the implicit
//! methods are run at multiples of the explicit limit to show they stay bounded.

use serde::{Deserialize, Serialize};

use super::error::{require_positive, StiffError};
use super::heat::{heat_initial_state, heat_spacing, HeatGrid, HeatInitial, HeatOperator};
use super::limit::{
    linear_boundedness, method_limit, BoundednessCriterion, BoundednessRun, LimitSearch,
    MethodLimit,
};
use super::method::Method;

/// Least-squares line `ln y = intercept + slope · ln x`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SlopeFit {
    /// Fitted exponent.
    pub slope: f64,
    /// Fitted `ln` of the prefactor.
    pub intercept: f64,
    /// Coefficient of determination of the fit in log–log space.
    pub r_squared: f64,
    /// Number of points used.
    pub points: usize,
}

/// Ordinary least squares on `(ln x_i, ln y_i)`:
/// `slope = Σ(X - X̄)(Y - Ȳ) / Σ(X - X̄)²`, `intercept = Ȳ - slope · X̄`.
/// Errors on mismatched lengths, fewer than 2 points, non-positive values, or all
/// `x` equal.
pub fn fit_loglog(x: &[f64], y: &[f64]) -> Result<SlopeFit, StiffError> {
    if x.len() != y.len() {
        return Err(StiffError::DimensionMismatch {
            expected: x.len(),
            found: y.len(),
        });
    }
    if x.len() < 2 {
        return Err(StiffError::invalid("x", "need at least 2 points"));
    }
    for v in x.iter().chain(y) {
        require_positive("x/y", *v)?;
    }
    let lx: Vec<f64> = x.iter().map(|v| v.ln()).collect();
    let ly: Vec<f64> = y.iter().map(|v| v.ln()).collect();
    let m = lx.len() as f64;
    let mx = lx.iter().sum::<f64>() / m;
    let my = ly.iter().sum::<f64>() / m;
    let sxx: f64 = lx.iter().map(|a| (a - mx).powi(2)).sum();
    let sxy: f64 = lx.iter().zip(&ly).map(|(a, b)| (a - mx) * (b - my)).sum();
    let syy: f64 = ly.iter().map(|b| (b - my).powi(2)).sum();
    if sxx <= 0.0 {
        return Err(StiffError::invalid("x", "all x values are equal"));
    }
    let slope = sxy / sxx;
    let r_squared = if syy > 0.0 {
        sxy * sxy / (sxx * syy)
    } else {
        1.0
    };
    Ok(SlopeFit {
        slope,
        intercept: my - slope * mx,
        r_squared,
        points: lx.len(),
    })
}

/// Inputs of [`heat_limit_study`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatLimitParams {
    /// Grid sizes (each ≥ 2; even for the Fourier grid); at least two distinct for the fit.
    pub ns: Vec<usize>,
    /// Grids to study.
    pub grids: Vec<HeatGrid>,
    /// Explicit method whose limit is measured (FE for the claim; RK4 also works).
    pub explicit_method: Method,
    /// Boundedness test (horizon, growth bound).
    pub criterion: BoundednessCriterion,
    /// Bisection settings.
    pub search: LimitSearch,
    /// Implicit methods checked for boundedness beyond the explicit limit.
    pub implicit_methods: Vec<Method>,
    /// `dt` multiples of the analytic explicit limit at which they are checked.
    pub implicit_dt_factors: Vec<f64>,
}

impl Default for HeatLimitParams {
    fn default() -> Self {
        HeatLimitParams {
            ns: vec![16, 32, 64, 128, 256, 512],
            grids: vec![HeatGrid::FourierPeriodic, HeatGrid::DirichletFd],
            explicit_method: Method::ForwardEuler,
            criterion: BoundednessCriterion::default(),
            search: LimitSearch::default(),
            implicit_methods: vec![Method::BackwardEuler, Method::CrankNicolson],
            implicit_dt_factors: vec![10.0, 1000.0],
        }
    }
}

/// Limit for one `N`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeatLimitRow {
    /// Number of grid points.
    pub n: usize,
    /// Grid spacing.
    pub h: f64,
    /// Largest eigenvalue of `A`.
    pub lambda_max: f64,
    /// Analytic (`2/λ_max` for FE) and bisected limit.
    pub limit: MethodLimit,
}

/// An implicit run at a multiple of the explicit limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ImplicitCheck {
    /// Implicit method.
    pub method: Method,
    /// Grid size.
    pub n: usize,
    /// `dt / (2/λ_max)`.
    pub dt_factor: f64,
    /// Step size.
    pub dt: f64,
    /// Boundedness over the criterion's horizon.
    pub run: BoundednessRun,
}

/// Results for one grid.
#[derive(Debug, Clone, Serialize)]
pub struct HeatGridStudy {
    /// Grid type.
    pub grid: HeatGrid,
    /// One row per `N`, in input order.
    pub rows: Vec<HeatLimitRow>,
    /// Fit of the bisected limits (`None` if fewer than two were found).
    pub empirical_fit: Option<SlopeFit>,
    /// Fit of the analytic limits (`None` if the method has no analytic limit).
    pub analytic_fit: Option<SlopeFit>,
    /// Implicit boundedness checks, methods outermost, then `N`, then factor.
    pub implicit_checks: Vec<ImplicitCheck>,
}

/// Output of [`heat_limit_study`].
#[derive(Debug, Clone, Serialize)]
pub struct HeatLimitResult {
    /// One entry per requested grid.
    pub grids: Vec<HeatGridStudy>,
}

fn fit_rows(rows: &[HeatLimitRow], pick: impl Fn(&MethodLimit) -> Option<f64>) -> Option<SlopeFit> {
    let (x, y): (Vec<f64>, Vec<f64>) = rows
        .iter()
        .filter_map(|r| pick(&r.limit).map(|v| (r.n as f64, v)))
        .unzip();
    fit_loglog(&x, &y).ok()
}

fn study_grid(grid: HeatGrid, p: &HeatLimitParams) -> Result<HeatGridStudy, StiffError> {
    let mut rows = Vec::with_capacity(p.ns.len());
    let mut implicit_checks = Vec::new();
    let mut states = Vec::with_capacity(p.ns.len());
    for &n in &p.ns {
        let op = HeatOperator::new(grid, n)?;
        let y0 = heat_initial_state(grid, n, &HeatInitial::EqualModes)?;
        let lambda_max = op.lambda_max();
        let limit = method_limit(
            p.explicit_method,
            &op,
            lambda_max,
            &y0,
            &p.criterion,
            &p.search,
        )?;
        rows.push(HeatLimitRow {
            n,
            h: heat_spacing(grid, n),
            lambda_max,
            limit,
        });
        states.push((op, y0));
    }
    for &m in &p.implicit_methods {
        for (row, (op, y0)) in rows.iter().zip(&states) {
            for &f in &p.implicit_dt_factors {
                let dt = f * 2.0 / row.lambda_max;
                implicit_checks.push(ImplicitCheck {
                    method: m,
                    n: row.n,
                    dt_factor: f,
                    dt,
                    run: linear_boundedness(m, op, y0, dt, &p.criterion)?,
                });
            }
        }
    }
    Ok(HeatGridStudy {
        grid,
        empirical_fit: fit_rows(&rows, |l| l.empirical.estimate),
        analytic_fit: fit_rows(&rows, |l| l.analytic),
        rows,
        implicit_checks,
    })
}

/// Claim 3: on both grids the explicit limit shrinks like `N⁻²` (Fourier `8/N²`,
/// FD `h²/(2cos²(πh/2))`), while BE and CN stay bounded far beyond it.
///
/// Input: [`HeatLimitParams`] (grid sizes, grids, criterion, search, implicit checks).
/// Output: per grid, the analytic and bisected limit for every `N`, log–log slope
/// fits of both against `N` (expect ≈ -2), and the implicit boundedness checks.
/// Errors on an invalid grid size, an empty `ns`/`grids` list, or bad factors.
pub fn heat_limit_study(p: &HeatLimitParams) -> Result<HeatLimitResult, StiffError> {
    if p.ns.is_empty() || p.grids.is_empty() {
        return Err(StiffError::invalid("ns/grids", "must not be empty"));
    }
    for f in &p.implicit_dt_factors {
        require_positive("implicit_dt_factors", *f)?;
    }
    p.criterion.validate()?;
    p.search.validate()?;
    let grids = p
        .grids
        .iter()
        .map(|&g| study_grid(g, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HeatLimitResult { grids })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loglog_fit_recovers_a_power_law_and_rejects_degenerate_input() {
        let x = [2.0, 4.0, 8.0, 16.0];
        let y: Vec<f64> = x.iter().map(|v: &f64| 3.0 * v.powf(-1.5)).collect();
        let f = fit_loglog(&x, &y).unwrap();
        assert!((f.slope + 1.5).abs() < 1e-12 && (f.intercept - 3f64.ln()).abs() < 1e-12);
        assert!((f.r_squared - 1.0).abs() < 1e-12);
        assert!(fit_loglog(&[1.0], &[1.0]).is_err());
        assert!(fit_loglog(&[1.0, 1.0], &[1.0, 2.0]).is_err());
        assert!(fit_loglog(&[1.0, 2.0], &[0.0, 2.0]).is_err());
    }

    /// Runs the full default sweep (N = 16…512, both grids) once and checks:
    /// every bisected FE limit within relative 1e-3 of the analytic one (and the
    /// analytic limit not above the bracket's upper end), both log–log slopes within
    /// 0.05 of -2, and BE/CN bounded at 10× and 1000× the explicit limit.
    #[test]
    fn heat_limits_match_analytic_values_slope_is_minus_two_and_implicit_is_bounded() {
        let r = heat_limit_study(&HeatLimitParams::default()).unwrap();
        assert_eq!(r.grids.len(), 2);
        for g in &r.grids {
            for row in &g.rows {
                let l = &row.limit;
                assert!(
                    l.relative_error.unwrap() < 1e-3,
                    "{:?} N={} {l:?}",
                    g.grid,
                    row.n
                );
                assert!(
                    l.empirical.hi.unwrap() >= l.analytic.unwrap(),
                    "{:?} {l:?}",
                    g.grid
                );
            }
            let fit = g.empirical_fit.unwrap();
            assert!(
                (fit.slope + 2.0).abs() < 0.05,
                "{:?} slope {}",
                g.grid,
                fit.slope
            );
            assert!(g.implicit_checks.len() == 2 * 6 * 2);
            for c in &g.implicit_checks {
                assert!(c.run.bounded && c.run.max_growth <= 1.0 + 1e-12, "{c:?}");
            }
        }
        let fourier = &r.grids[0];
        assert!((fourier.analytic_fit.unwrap().slope + 2.0).abs() < 1e-12);
        assert!(heat_limit_study(&HeatLimitParams {
            ns: vec![1],
            ..HeatLimitParams::default()
        })
        .is_err());
        assert!(heat_limit_study(&HeatLimitParams {
            ns: vec![],
            ..HeatLimitParams::default()
        })
        .is_err());
    }
}
