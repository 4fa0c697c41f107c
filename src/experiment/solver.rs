//! What a solver is: a name, a source-derived version, typed parameters with defaults,
//! declared outputs, and how to run it and draw its figures.

use super::outputs::Outputs;
use crate::diag::{Diagnostic, Severity, SourceFile};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::marker::PhantomData;
use std::ops::Range;

/// One documented parameter of a solver.
#[derive(Debug, Clone, Copy)]
pub struct ParamDoc {
    pub name: &'static str,
    pub ty: &'static str,
    pub meaning: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OutputKind {
    Scalar,
    Series,
    Matrix,
}

/// One declared output of a solver.
#[derive(Debug, Clone, Copy)]
pub struct OutputDoc {
    pub name: &'static str,
    pub kind: OutputKind,
    pub meaning: &'static str,
}

/// Options for an experiment's figure, from the `figure:` key of its block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureOptions {
    /// Caption under the figure (Markdown inline syntax).
    pub caption: Option<String>,
    /// Title drawn inside the plot.
    pub title: Option<String>,
    /// Long description for screen readers (`<desc>`); defaults to the caption.
    pub description: Option<String>,
    /// Solver-specific figure variant.
    pub kind: Option<String>,
    /// `linear`, `log` or `symlog`.
    pub x_scale: Option<String>,
    pub y_scale: Option<String>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    /// Plot width and height in pixels.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Set to `false` for an experiment that only feeds numbers to the text.
    pub show: Option<bool>,
}

/// A drawn figure and the data it plots.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub svg: String,
    /// What the figure shows, in words (the `<img alt>` text).
    pub description: String,
    /// The plotted series as CSV (header row, then rows).
    pub csv: String,
}

/// A parameter value outside its valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

impl ParamError {
    pub fn new(param: &'static str, message: impl Into<String>) -> Self {
        ParamError {
            param,
            message: message.into(),
        }
    }
}

/// A solver with concrete parameter types. Implement this; the registry wraps it.
pub trait TypedSolver: Send + Sync + 'static {
    type Params: DeserializeOwned + Serialize + Default + Send + Sync;
    const NAME: &'static str;
    const SUMMARY: &'static str;
    const PARAMS: &'static [ParamDoc];
    const OUTPUTS: &'static [OutputDoc];
    /// Texts of every source file the results depend on (via `include_str!`),
    /// hashed into the cache version so that editing the code re-runs the experiments.
    const SOURCES: &'static [&'static str];
    /// Source texts shared with other solvers (a common engine), hashed like `SOURCES`.
    const SHARED_SOURCES: &'static [&'static str] = &[];
    fn check(p: &Self::Params) -> Result<(), ParamError>;
    fn run(p: &Self::Params) -> Result<Outputs, String>;
    fn figures(
        p: &Self::Params,
        out: &Outputs,
        opts: &FigureOptions,
    ) -> Result<Vec<Figure>, String>;
}

/// The object-safe face of a solver, used by the registry and the runner.
pub trait Solver: Send + Sync {
    fn name(&self) -> &'static str;
    fn summary(&self) -> &'static str;
    fn params(&self) -> &'static [ParamDoc];
    fn outputs(&self) -> &'static [OutputDoc];
    /// Hex digest of the solver's name and sources.
    fn version(&self) -> String;
    /// Parameters after defaults, as canonical JSON.
    fn defaults(&self) -> serde_json::Value;
    /// Decode and validate an experiment body (YAML at `range` of `file`).
    fn prepare(&self, file: &SourceFile, range: Range<usize>) -> Result<Prepared, Diagnostic>;
    fn run(&self, params: &serde_json::Value) -> Result<Outputs, String>;
    fn figures(
        &self,
        params: &serde_json::Value,
        out: &Outputs,
        opts: &FigureOptions,
    ) -> Result<Vec<Figure>, String>;
}

/// A validated experiment body.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Parameters after defaults, canonical JSON (object keys sorted).
    pub params: serde_json::Value,
    pub figure: FigureOptions,
}

/// The YAML layout of an experiment body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body<P> {
    #[allow(dead_code)]
    solver: String,
    #[serde(default)]
    params: P,
    #[serde(default)]
    figure: FigureOptions,
}

/// Wraps a [`TypedSolver`] as a [`Solver`].
pub struct Adapter<T>(PhantomData<T>);

impl<T> Adapter<T> {
    pub const fn new() -> Self {
        Adapter(PhantomData)
    }
}

impl<T> Default for Adapter<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn decode_params<P: DeserializeOwned>(v: &serde_json::Value) -> Result<P, String> {
    serde_json::from_value(v.clone())
        .map_err(|e| format!("internal: stored parameters do not decode: {e}"))
}

impl<T: TypedSolver> Solver for Adapter<T> {
    fn name(&self) -> &'static str {
        T::NAME
    }
    fn summary(&self) -> &'static str {
        T::SUMMARY
    }
    fn params(&self) -> &'static [ParamDoc] {
        T::PARAMS
    }
    fn outputs(&self) -> &'static [OutputDoc] {
        T::OUTPUTS
    }
    fn version(&self) -> String {
        let mut h = Sha256::new();
        h.update(T::NAME.as_bytes());
        for s in T::SOURCES.iter().chain(T::SHARED_SOURCES) {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        hex(&h.finalize()[..12])
    }
    fn defaults(&self) -> serde_json::Value {
        canonical(&T::Params::default())
    }
    fn prepare(&self, file: &SourceFile, range: Range<usize>) -> Result<Prepared, Diagnostic> {
        let body: Body<T::Params> = crate::yaml::decode(file, range.clone())?;
        if let Err(e) = T::check(&body.params) {
            let at = locate_param(&file.text[range.clone()], e.param)
                .map_or(range.start..range.start + 1, |r| {
                    range.start + r.start..range.start + r.end
                });
            return Err(Diagnostic::at(
                Severity::Error,
                file,
                at,
                format!(
                    "parameter `{}` of solver `{}`: {}",
                    e.param,
                    T::NAME,
                    e.message
                ),
            ));
        }
        Ok(Prepared {
            params: canonical(&body.params),
            figure: body.figure,
        })
    }
    fn run(&self, params: &serde_json::Value) -> Result<Outputs, String> {
        T::run(&decode_params::<T::Params>(params)?)
    }
    fn figures(
        &self,
        params: &serde_json::Value,
        out: &Outputs,
        opts: &FigureOptions,
    ) -> Result<Vec<Figure>, String> {
        T::figures(&decode_params::<T::Params>(params)?, out, opts)
    }
}

/// JSON of a value with object keys sorted (serde_json's map is ordered by key).
fn canonical<P: Serialize>(p: &P) -> serde_json::Value {
    serde_json::to_value(p).unwrap_or(serde_json::Value::Null)
}

/// Byte range of `name:` in a YAML body, for pointing at a parameter.
fn locate_param(body: &str, name: &str) -> Option<Range<usize>> {
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(name)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            let start = pos + (line.len() - t.len());
            return Some(start..start + name.len());
        }
        pos += line.len();
    }
    None
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
