//! `probe`: a tiny solver with exactly known outputs, for testing the experiment machinery.
//!
//! It integrates `y' = -a y`, `y(0) = 1` with forward Euler for `steps` steps of
//! size `dt` and reports the final value next to the exact `(1 - a dt)^steps`.

use super::common::{output_docs, param_docs};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub a: f64,
    pub dt: f64,
    pub steps: usize,
    /// Panic on purpose (tests that a panicking solver is isolated).
    pub panic: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            a: 1.0,
            dt: 0.1,
            steps: 10,
            panic: false,
        }
    }
}

pub struct Probe;

impl TypedSolver for Probe {
    type Params = Params;
    const NAME: &'static str = "probe";
    const SUMMARY: &'static str =
        "Forward Euler on y' = -a y with a closed-form answer; for tests and examples.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        a: "number > 0" => "decay rate";
        dt: "number > 0" => "step size";
        steps: "integer >= 1" => "number of steps";
        panic: "bool" => "panic instead of computing (for tests)";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "final" => "y after the last step";
        Scalar "exact_final" => "(1 - a dt)^steps";
        Scalar "limit" => "the stability limit 2/a";
        Series "y" => "the iterates y^0 … y^steps";
    };
    const SOURCES: &'static [&'static str] = &[include_str!("probe.rs")];

    fn check(p: &Params) -> Result<(), ParamError> {
        if !(p.a > 0.0 && p.a.is_finite()) {
            return Err(ParamError::new(
                "a",
                format!("must be a finite number > 0, got {}", p.a),
            ));
        }
        if !(p.dt > 0.0 && p.dt.is_finite()) {
            return Err(ParamError::new(
                "dt",
                format!("must be a finite number > 0, got {}", p.dt),
            ));
        }
        if p.steps == 0 {
            return Err(ParamError::new("steps", "must be at least 1"));
        }
        Ok(())
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        assert!(!p.panic, "probe asked to panic");
        let mut y = vec![1.0];
        for _ in 0..p.steps {
            let last = *y.last().unwrap_or(&1.0);
            y.push((1.0 - p.a * p.dt) * last);
        }
        let mut o = Outputs::default();
        o.scalar("final", *y.last().unwrap_or(&1.0))
            .scalar("exact_final", (1.0 - p.a * p.dt).powi(p.steps as i32))
            .scalar("limit", 2.0 / p.a)
            .series("y", y);
        Ok(o)
    }

    fn figures(_p: &Params, _out: &Outputs, _opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        Ok(Vec::new())
    }
}
