//! `pinn-frequency`: how the spectral gap between `H_PDE` and `H_BC` grows with the
//! frequency `k` of the 1-D Poisson solution `sin(kπx)`.
//!
//! For each `k` the exact Hessians at a fixed Glorot initialisation (and optionally after
//! Adam training) give `ρ(k) = λ_max(H_PDE) / λ_max(H_BC)`. The PDE residual carries the
//! second derivative, whose scale grows like `(kπ)²` in the forcing, so `ρ` is expected
//! to grow with `k` (Wang, Teng & Perdikaris 2021, §2.3); the log–log slope of `ρ`
//! against `k` is fitted by least squares.

use super::common::{finish_line, kinds, num, output_docs, param_docs};
use super::pinn_setup::{
    check_lambda, spectra_study, NetworkParams, ProblemKind, ProblemParams, TrainParams,
    PINN_SOURCES,
};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{fit_slope, LinePlot, Scale, Series, SeriesStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Frequencies `k` of the exact solution `sin(kπx)`.
    pub ks: Vec<f64>,
    /// Collocation points (the problem kind is always Poisson; `k` comes from `ks`).
    pub n_collocation: usize,
    pub network: NetworkParams,
    pub train: TrainParams,
    pub lambda: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            ks: vec![1.0, 2.0, 4.0, 8.0],
            n_collocation: 64,
            network: NetworkParams::default(),
            train: TrainParams::default(),
            lambda: 1.0,
        }
    }
}

pub struct PinnFrequency;

impl Params {
    fn problem(&self, k: f64) -> ProblemParams {
        ProblemParams {
            kind: ProblemKind::Poisson,
            k,
            n_collocation: self.n_collocation,
            ..ProblemParams::default()
        }
    }
}

/// `(ρ at init, ρ trained, λ_max(H_PDE) init, λ_max(H_BC) init)` for one `k`.
/// Also returns the exports of every analysed network (for `data/<id>.json`).
fn ratios(p: &Params, k: f64) -> Result<([f64; 4], serde_json::Value), String> {
    let study = spectra_study(&p.problem(k), &p.network, &p.train, p.lambda, 1)
        .map_err(|e| format!("k = {k}: {e}"))?;
    let first = study.snapshots.first().ok_or("no snapshot")?;
    let ratio = |s: &crate::numerics::pinn::Snapshot| s.h_pde.lambda_max / s.h_bc.lambda_max;
    let trained = match study.snapshots.last() {
        Some(s) if p.train.steps > 0 => ratio(s),
        _ => f64::NAN,
    };
    let exports: Vec<_> = study.snapshots.iter().map(|s| &s.export).collect();
    let export = serde_json::json!({ "k": k, "snapshots": exports });
    Ok((
        [
            ratio(first),
            trained,
            first.h_pde.lambda_max,
            first.h_bc.lambda_max,
        ],
        export,
    ))
}

impl TypedSolver for PinnFrequency {
    type Params = Params;
    const NAME: &'static str = "pinn-frequency";
    const SUMMARY: &'static str =
        "λ_max(H_PDE)/λ_max(H_BC) of a PINN for 1-D Poisson against the solution frequency k.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        ks: "list of numbers > 0" => "frequencies k of the exact solution sin(kπx)";
        n_collocation: "integer 2..=4096" => "interior collocation points";
        network: "{hidden: [widths], seed}" => "tanh MLP hidden widths and Glorot seed (the same initialisation for every k)";
        train: "{steps, learning_rate, decay}" => "Adam steps before the trained ratio (0: initialisation only)";
        lambda: "number >= 0" => "weight λ of L_BC during training";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Series "k" => "the frequencies";
        Series "ratio_init" => "λ_max(H_PDE)/λ_max(H_BC) at initialisation, per k";
        Series "ratio_trained" => "the same after training (NaN without training)";
        Series "pde_max_init" => "λ_max(H_PDE) at initialisation, per k";
        Series "bc_max_init" => "λ_max(H_BC) at initialisation, per k";
        Scalar "slope_init" => "least-squares slope of log ρ against log k (initialisation)";
        Scalar "slope_trained" => "the same after training (NaN without training)";
        Scalar "increasing_init" => "1 if ρ increases strictly with k at initialisation";
    };
    const SOURCES: &'static [&'static str] =
        &[include_str!("pinn_frequency.rs"), include_str!("common.rs")];
    const SHARED_SOURCES: &'static [&'static str] = PINN_SOURCES;

    fn check(p: &Params) -> Result<(), ParamError> {
        if p.ks.len() < 2 || p.ks.iter().any(|k| !(k.is_finite() && *k > 0.0)) {
            return Err(ParamError::new(
                "ks",
                format!("needs at least two finite frequencies > 0, got {:?}", p.ks),
            ));
        }
        if !(2..=4096).contains(&p.n_collocation) {
            return Err(ParamError::new(
                "n_collocation",
                format!("must be between 2 and 4096, got {}", p.n_collocation),
            ));
        }
        p.network.check()?;
        p.train.check()?;
        check_lambda(p.lambda)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        // Each k is independent; collecting in order keeps the result thread-count invariant.
        let results: Vec<([f64; 4], serde_json::Value)> =
            p.ks.par_iter()
                .map(|&k| ratios(p, k))
                .collect::<Result<_, _>>()?;
        let (rows, exports): (Vec<[f64; 4]>, Vec<serde_json::Value>) = results.into_iter().unzip();
        let col = |j: usize| rows.iter().map(|r| r[j]).collect::<Vec<f64>>();
        let slope = |y: &[f64]| {
            fit_slope(&p.ks, y, Scale::Log10, Scale::Log10).map_or(f64::NAN, |f| f.slope)
        };
        let (init, trained) = (col(0), col(1));
        let mut o = Outputs::default();
        o.scalar("slope_init", slope(&init))
            .scalar(
                "slope_trained",
                if p.train.steps > 0 {
                    slope(&trained)
                } else {
                    f64::NAN
                },
            )
            .scalar(
                "increasing_init",
                if init.windows(2).all(|w| w[1] > w[0]) {
                    1.0
                } else {
                    0.0
                },
            )
            .series("k", p.ks.clone())
            .series("ratio_init", init)
            .series("ratio_trained", trained)
            .series("pde_max_init", col(2))
            .series("bc_max_init", col(3));
        o.export = Some(serde_json::Value::Array(exports));
        Ok(o)
    }

    fn figures(p: &Params, out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        kinds(opts, &["ratio"], &["ratio"])?;
        let k = out.series.get("k").cloned().unwrap_or_default();
        let mut series = vec![Series {
            label: "초기화 (init)".into(),
            x: k.clone(),
            y: out.series.get("ratio_init").cloned().unwrap_or_default(),
            style: SeriesStyle {
                markers: true,
                ..SeriesStyle::default()
            },
            diverged_above: None,
            fit_slope: true,
        }];
        if p.train.steps > 0 {
            series.push(Series {
                label: format!("Adam {} step 후 (trained)", p.train.steps),
                x: k,
                y: out.series.get("ratio_trained").cloned().unwrap_or_default(),
                style: SeriesStyle {
                    markers: true,
                    dashed: true,
                    ..SeriesStyle::default()
                },
                diverged_above: None,
                fit_slope: true,
            });
        }
        let slope = out.scalars.get("slope_init").copied().unwrap_or(f64::NAN);
        let plot = LinePlot {
            title: "λ_max(H_PDE) / λ_max(H_BC) 대 주파수 k".into(),
            description: format!("Log–log plot of the ratio of the largest Hessian eigenvalues of L_PDE and L_BC against k for 1-D Poisson; fitted slope {} at initialisation.", num(slope)),
            x_label: "k (u = sin(kπx))".into(),
            y_label: "λ_max(H_PDE) / λ_max(H_BC)".into(),
            x_symbol: "k".into(),
            x_scale: Scale::Log10,
            y_scale: Scale::Log10,
            series,
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
    fn ratios_per_frequency_and_their_slope() {
        let p = Params {
            ks: vec![1.0, 2.0, 4.0],
            n_collocation: 16,
            network: NetworkParams {
                hidden: vec![6, 6],
                seed: 2,
            },
            ..Params::default()
        };
        PinnFrequency::check(&p).unwrap();
        let o = PinnFrequency::run(&p).unwrap();
        assert_declared::<PinnFrequency>(&o);
        let r = &o.series["ratio_init"];
        assert_eq!(r.len(), 3);
        for (i, ri) in r.iter().enumerate() {
            let expected = o.series["pde_max_init"][i] / o.series["bc_max_init"][i];
            assert!((ri - expected).abs() <= 1e-12 * ri.abs());
        }
        assert!(o.series["ratio_trained"].iter().all(|v| v.is_nan()));
        // Slope by hand from the first and last points bounds the least-squares slope's sign.
        let two_point = (r[2] / r[0]).ln() / 4f64.ln();
        assert_eq!(o.scalars["slope_init"].signum(), two_point.signum());
        assert_figures::<PinnFrequency>(&p, &o, &FigureOptions::default(), 1);
        let bad = Params {
            ks: vec![1.0],
            ..Params::default()
        };
        assert_eq!(PinnFrequency::check(&bad).unwrap_err().param, "ks");
    }
}
