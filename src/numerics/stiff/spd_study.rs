//! Claim 2: the SPD-system study — modal decoupling of `y' = -Ay` and the FE limit `2/λ_max`.

use serde::{Deserialize, Serialize};

use super::error::{require_positive, StiffError};
use super::limit::{method_limit, BoundednessCriterion, LimitSearch, MethodLimit};
use super::linear::{norm2, LinearStepper};
use super::method::Method;
use super::spd::SpdMatrix;

/// Inputs of [`spd_system_study`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpdSystemParams {
    /// Spectrum of `A` (all finite and > 0).
    pub eigenvalues: Vec<f64>,
    /// Seed for the random orthogonal `Q`.
    pub seed: u64,
    /// Methods to run and whose limits to measure.
    pub methods: Vec<Method>,
    /// Step sizes as multiples of the FE limit `2/λ_max` (each finite and > 0).
    pub dt_factors: Vec<f64>,
    /// Steps per trajectory (≥ 1).
    pub steps: usize,
    /// Record every `record_every`-th state (≥ 1); step 0 and the last are always kept.
    pub record_every: usize,
    /// Boundedness test used by the limit search.
    pub criterion: BoundednessCriterion,
    /// Bisection settings.
    pub search: LimitSearch,
}

impl Default for SpdSystemParams {
    fn default() -> Self {
        SpdSystemParams {
            eigenvalues: vec![1.0, 3.0, 10.0, 30.0, 100.0],
            seed: 42,
            methods: vec![Method::ForwardEuler, Method::BackwardEuler],
            dt_factors: vec![0.5, 0.99, 1.01],
            steps: 400,
            record_every: 1,
            criterion: BoundednessCriterion::default(),
            search: LimitSearch::default(),
        }
    }
}

/// One trajectory of `y' = -A y`, in modal coordinates.
#[derive(Debug, Clone, Serialize)]
pub struct SpdRun {
    /// Method used.
    pub method: Method,
    /// Step size.
    pub dt: f64,
    /// `dt / (2/λ_max)`.
    pub dt_factor: f64,
    /// Recorded times.
    pub times: Vec<f64>,
    /// `modes[i][k] = z_i(t_k) = (Qᵀ y(t_k))_i`, from the simulation in the original basis.
    pub modes: Vec<Vec<f64>>,
    /// `z_i(0) R(-λ_i dt)^k`: what decoupling predicts for each mode.
    pub predicted_modes: Vec<Vec<f64>>,
    /// `z_i(0) e^{-λ_i t_k}`: the exact ODE solution.
    pub exact_modes: Vec<Vec<f64>>,
    /// `|R(-λ_i dt)|` per mode.
    pub mode_amplification: Vec<f64>,
    /// `max_{i,k} |modes - predicted_modes| / max_{i,k} |predicted_modes|`
    /// (rounding-level if the modes decouple).
    pub decoupling_error: f64,
    /// `‖y_end‖ / ‖y_0‖`.
    pub final_growth: f64,
}

/// Output of [`spd_system_study`].
#[derive(Debug, Clone, Serialize)]
pub struct SpdSystemResult {
    /// Spectrum used.
    pub eigenvalues: Vec<f64>,
    /// Largest eigenvalue.
    pub lambda_max: f64,
    /// `2/λ_max`.
    pub fe_limit_analytic: f64,
    /// Analytic and empirical limit per requested method.
    pub limits: Vec<MethodLimit>,
    /// One run per (method, dt factor), methods outermost.
    pub runs: Vec<SpdRun>,
}

fn check_steps(steps: usize, record_every: usize) -> Result<(), StiffError> {
    if steps == 0 {
        return Err(StiffError::invalid("steps", "must be >= 1"));
    }
    if record_every == 0 {
        return Err(StiffError::invalid("record_every", "must be >= 1"));
    }
    Ok(())
}

fn spd_run(
    spd: &SpdMatrix,
    method: Method,
    dt_factor: f64,
    p: &SpdSystemParams,
) -> Result<SpdRun, StiffError> {
    let dt = dt_factor * 2.0 / spd.lambda_max();
    let mut stepper = LinearStepper::new(method, spd, dt)?;
    let mut y = spd.equal_mode_vector();
    let z0 = spd.modal(&y)?;
    let mut states = vec![y.clone()];
    let mut ks = vec![0usize];
    for k in 1..=p.steps {
        stepper.step(&mut y)?;
        if k % p.record_every == 0 || k == p.steps {
            states.push(y.clone());
            ks.push(k);
        }
    }
    let modes = spd.modal_trajectory(&states)?;
    let lambdas = spd.eigenvalues();
    let amp: Vec<f64> = lambdas
        .iter()
        .map(|l| method.amplification_real(-l * dt))
        .collect();
    let predicted_modes: Vec<Vec<f64>> = (0..lambdas.len())
        .map(|i| ks.iter().map(|&k| z0[i] * amp[i].powi(k as i32)).collect())
        .collect();
    let times: Vec<f64> = ks.iter().map(|&k| k as f64 * dt).collect();
    let exact_modes = lambdas
        .iter()
        .zip(&z0)
        .map(|(l, z)| times.iter().map(|t| z * (-l * t).exp()).collect())
        .collect();
    let scale = predicted_modes
        .iter()
        .flatten()
        .fold(0.0f64, |m, z| m.max(z.abs()));
    let decoupling_error = modes
        .iter()
        .flatten()
        .zip(predicted_modes.iter().flatten())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
        / scale;
    let n0 = norm2(&states[0]);
    Ok(SpdRun {
        method,
        dt,
        dt_factor,
        times,
        modes,
        predicted_modes,
        exact_modes,
        mode_amplification: amp.iter().map(|r| r.abs()).collect(),
        decoupling_error,
        final_growth: norm2(&y) / n0,
    })
}

/// Claim 2: `y' = -A y` with SPD `A = QΛQᵀ` decouples into modes `z_i' = -λ_i z_i`,
/// and FE needs `dt < 2/λ_max`.
///
/// Input: spectrum, seed, methods, step sizes as multiples of `2/λ_max`, horizon
/// (see [`SpdSystemParams`]); the initial state is `Q (1,…,1)ᵀ/√n`. Output: for
/// each method its analytic and bisected limit, and for each (method, dt) the modal
/// trajectory next to the decoupled prediction `z_i(0) R(-λ_i dt)^k` and the exact
/// `z_i(0) e^{-λ_i t}`. Errors on a non-SPD spectrum or invalid steps/factors.
pub fn spd_system_study(p: &SpdSystemParams) -> Result<SpdSystemResult, StiffError> {
    check_steps(p.steps, p.record_every)?;
    for f in &p.dt_factors {
        require_positive("dt_factors", *f)?;
    }
    let spd = SpdMatrix::with_spectrum(&p.eigenvalues, p.seed)?;
    let lambda_max = spd.lambda_max();
    let y0 = spd.equal_mode_vector();
    let limits = p
        .methods
        .iter()
        .map(|&m| method_limit(m, &spd, lambda_max, &y0, &p.criterion, &p.search))
        .collect::<Result<Vec<_>, _>>()?;
    let mut runs = Vec::new();
    for &m in &p.methods {
        for &f in &p.dt_factors {
            runs.push(spd_run(&spd, m, f, p)?);
        }
    }
    Ok(SpdSystemResult {
        eigenvalues: p.eigenvalues.clone(),
        lambda_max,
        fe_limit_analytic: 2.0 / lambda_max,
        limits,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spd_study_reproduces_two_over_lambda_max_and_modes_decouple() {
        let p = SpdSystemParams {
            methods: vec![Method::ForwardEuler, Method::BackwardEuler, Method::Rk4],
            ..SpdSystemParams::default()
        };
        let r = spd_system_study(&p).unwrap();
        assert_eq!(r.fe_limit_analytic, 2.0 / 100.0);
        let fe = &r.limits[0];
        assert!(fe.relative_error.unwrap() < 1e-3, "{fe:?}");
        let lo = fe.empirical.lo.unwrap();
        assert!(lo >= 0.02 * (1.0 - 1e-6), "{fe:?}");
        assert!(
            r.limits[2].relative_error.unwrap() < 1e-3,
            "{:?}",
            r.limits[2]
        );
        assert_eq!(r.limits[1].empirical.hi, None, "BE has no limit");
        for run in &r.runs {
            assert!(
                run.decoupling_error < 1e-9,
                "{:?} {}",
                run.method,
                run.decoupling_error
            );
        }
        let fe_runs: Vec<_> = r
            .runs
            .iter()
            .filter(|x| x.method == Method::ForwardEuler)
            .collect();
        assert!(fe_runs[0].final_growth < 0.05);
        assert!(fe_runs[1].final_growth < 1.0);
        assert!(fe_runs[2].final_growth > 1.0);
        assert!(spd_system_study(&SpdSystemParams {
            eigenvalues: vec![1.0, -1.0],
            ..SpdSystemParams::default()
        })
        .is_err());
        assert!(spd_system_study(&SpdSystemParams {
            dt_factors: vec![0.0],
            ..SpdSystemParams::default()
        })
        .is_err());
    }
}
