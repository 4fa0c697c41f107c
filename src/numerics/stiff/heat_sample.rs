//! Space–time samples `u(x, t)` of the heat equation on either grid, for a heat-map figure.

use serde::{Deserialize, Serialize};

use super::error::{require_positive, StiffError};
use super::heat::{
    check_grid, fourier_evaluate, grid_points, heat_initial_state, HeatGrid, HeatInitial,
    HeatOperator,
};
use super::linear::LinearStepper;
use super::method::Method;

/// Inputs of [`heat_space_time`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatSampleParams {
    /// Grid type.
    pub grid: HeatGrid,
    /// Number of points (`2..=MAX_SAMPLE_POINTS`; even on the Fourier grid).
    pub n: usize,
    /// Time stepper.
    pub method: Method,
    /// Step size (> 0).
    pub dt: f64,
    /// Number of steps (≥ 1).
    pub steps: usize,
    /// Number of recorded times, including `t = 0` and the last step (`2..=steps+1`).
    pub n_times: usize,
    /// Initial condition.
    pub initial: HeatInitial,
}

/// Largest `N` accepted by [`heat_space_time`] (the output is a dense `n_times × N` table).
pub const MAX_SAMPLE_POINTS: usize = 4096;

/// `u(x, t)` on a coarse space–time grid, for a heat-map figure.
#[derive(Debug, Clone, Serialize)]
pub struct HeatSample {
    /// Grid type.
    pub grid: HeatGrid,
    /// Method.
    pub method: Method,
    /// Step size.
    pub dt: f64,
    /// FE limit for this grid (`2/λ_max`).
    pub explicit_limit: f64,
    /// `dt / explicit_limit`.
    pub dt_over_limit: f64,
    /// Spatial points: `[0, h, …, Nh, 1]` (walls included, `u = 0` there) for FD;
    /// `2πj/N`, `j = 0..N-1` for Fourier.
    pub x: Vec<f64>,
    /// Recorded times.
    pub t: Vec<f64>,
    /// `u[k][j] = u(x_j, t_k)` (may be ±inf/NaN for a blown-up explicit run).
    pub u: Vec<Vec<f64>>,
    /// `max_j |u(x_j, t_last)|`.
    pub final_max_abs: f64,
}

/// Solves the heat equation with `method` and returns `u(x, t)` at `n_times`
/// evenly spaced step indices. The Fourier grid evaluates `u(x_j)` from the
/// coefficients by direct sums (`O(N²)` per recorded time).
pub fn heat_space_time(p: &HeatSampleParams) -> Result<HeatSample, StiffError> {
    check_grid(p.grid, p.n)?;
    if p.n > MAX_SAMPLE_POINTS {
        return Err(StiffError::invalid(
            "n",
            format!("at most {MAX_SAMPLE_POINTS} points"),
        ));
    }
    require_positive("dt", p.dt)?;
    if p.steps == 0 || p.n_times < 2 || p.n_times > p.steps + 1 {
        return Err(StiffError::invalid(
            "n_times",
            "need steps >= 1 and 2 <= n_times <= steps + 1",
        ));
    }
    let op = HeatOperator::new(p.grid, p.n)?;
    let mut y = heat_initial_state(p.grid, p.n, &p.initial)?;
    let mut stepper = LinearStepper::new(p.method, &op, p.dt)?;
    let record: Vec<usize> = (0..p.n_times)
        .map(|l| (l as f64 * p.steps as f64 / (p.n_times - 1) as f64).round() as usize)
        .collect();
    let pts = grid_points(p.grid, p.n);
    let to_physical = |y: &[f64]| -> Vec<f64> {
        match p.grid {
            HeatGrid::FourierPeriodic => pts.iter().map(|&x| fourier_evaluate(y, x)).collect(),
            HeatGrid::DirichletFd => {
                let mut v = Vec::with_capacity(y.len() + 2);
                v.push(0.0);
                v.extend_from_slice(y);
                v.push(0.0);
                v
            }
        }
    };
    let mut u = vec![to_physical(&y)];
    let mut k = 0;
    for &target in &record[1..] {
        while k < target {
            stepper.step(&mut y)?;
            k += 1;
        }
        u.push(to_physical(&y));
    }
    let x = match p.grid {
        HeatGrid::FourierPeriodic => pts,
        HeatGrid::DirichletFd => (0..p.n + 2)
            .map(|j| j as f64 / (p.n as f64 + 1.0))
            .collect(),
    };
    let limit = 2.0 / op.lambda_max();
    let final_max_abs = u
        .last()
        .map(|row| row.iter().fold(0.0f64, |m, v| m.max(v.abs())))
        .unwrap_or(0.0);
    Ok(HeatSample {
        grid: p.grid,
        method: p.method,
        dt: p.dt,
        explicit_limit: limit,
        dt_over_limit: p.dt / limit,
        x,
        t: record.iter().map(|&k| k as f64 * p.dt).collect(),
        u,
        final_max_abs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::stiff::heat::heat_explicit_limit;

    #[test]
    fn space_time_sample_has_the_requested_shape_and_smooths_the_hat() {
        for grid in [HeatGrid::FourierPeriodic, HeatGrid::DirichletFd] {
            let lim = heat_explicit_limit(grid, 32).unwrap();
            let p = HeatSampleParams {
                grid,
                n: 32,
                method: Method::CrankNicolson,
                dt: 50.0 * lim,
                steps: 40,
                n_times: 5,
                initial: HeatInitial::Hat,
            };
            let s = heat_space_time(&p).unwrap();
            assert_eq!(s.t.len(), 5);
            assert_eq!(s.u.len(), 5);
            let width = if grid == HeatGrid::DirichletFd {
                34
            } else {
                32
            };
            assert_eq!(s.x.len(), width);
            assert!(s.u.iter().all(|row| row.len() == width));
            assert_eq!(s.t[4], 40.0 * p.dt);
            assert!((s.u[0].iter().cloned().fold(f64::MIN, f64::max) - 1.0).abs() < 0.1);
            assert!(s.final_max_abs < 0.9, "{grid:?} {}", s.final_max_abs);
            // FE far above the limit blows up.
            let fe = heat_space_time(&HeatSampleParams {
                method: Method::ForwardEuler,
                ..p.clone()
            })
            .unwrap();
            assert!(
                fe.final_max_abs.is_nan() || fe.final_max_abs >= 1e3,
                "{grid:?} {}",
                fe.final_max_abs
            );
        }
        let bad = HeatSampleParams {
            grid: HeatGrid::DirichletFd,
            n: 1,
            method: Method::BackwardEuler,
            dt: 0.1,
            steps: 10,
            n_times: 3,
            initial: HeatInitial::Hat,
        };
        assert!(heat_space_time(&bad).is_err());
        assert!(heat_space_time(&HeatSampleParams {
            n: 8,
            dt: 0.0,
            ..bad.clone()
        })
        .is_err());
        assert!(heat_space_time(&HeatSampleParams {
            n: 8,
            n_times: 12,
            ..bad.clone()
        })
        .is_err());
        assert!(heat_space_time(&HeatSampleParams {
            n: 8,
            initial: HeatInitial::GridValues(vec![1.0; 7]),
            ..bad
        })
        .is_err());
    }
}
