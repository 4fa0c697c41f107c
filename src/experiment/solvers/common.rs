//! Helpers shared by the stiffness solvers: parameter checks, method names, figure options, CSV.
//!
//! Figure options (`figure:` of an experiment block) are applied the same way by every
//! stiffness solver: `kind` picks figures by name (comma-separated; absent = the
//! solver's default set); `title`, `x_label`, `y_label`, `x_scale`, `y_scale` and
//! `description` apply to the first figure drawn; `width` and `height` to all of them.

use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{Figure, FigureOptions, ParamError};
use crate::figures::{line_plot, LinePlot, Scale};
use crate::numerics::stiff::Method;
use serde::{Deserialize, Serialize};

/// `&[ParamDoc]` from a table of `name: "type" => "meaning";` rows.
macro_rules! param_docs {
    ($($name:ident : $ty:literal => $meaning:literal;)*) => {
        &[$($crate::experiment::solver::ParamDoc { name: stringify!($name), ty: $ty, meaning: $meaning },)*]
    };
}

/// `&[OutputDoc]` from a table of `Scalar "name" => "meaning";` rows (kind `Scalar`,
/// `Series` or `Matrix`).
macro_rules! output_docs {
    ($($kind:ident $name:literal => $meaning:literal;)*) => {
        &[$($crate::experiment::solver::OutputDoc {
            name: $name,
            kind: $crate::experiment::solver::OutputKind::$kind,
            meaning: $meaning,
        },)*]
    };
}

pub(crate) use {output_docs, param_docs};

/// A time-stepping method as written in YAML: `fe`, `be`, `cn` or `rk4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MethodName {
    /// Forward Euler.
    Fe,
    /// Backward Euler.
    Be,
    /// Crank–Nicolson (trapezoidal rule).
    Cn,
    /// Classical fourth-order Runge–Kutta.
    Rk4,
}

impl MethodName {
    /// The numerics' method.
    pub fn method(self) -> Method {
        match self {
            MethodName::Fe => Method::ForwardEuler,
            MethodName::Be => Method::BackwardEuler,
            MethodName::Cn => Method::CrankNicolson,
            MethodName::Rk4 => Method::Rk4,
        }
    }

    /// The YAML spelling, also used as an output-name suffix.
    pub fn key(self) -> &'static str {
        match self {
            MethodName::Fe => "fe",
            MethodName::Be => "be",
            MethodName::Cn => "cn",
            MethodName::Rk4 => "rk4",
        }
    }

    /// Legend label.
    pub fn label(self) -> &'static str {
        match self {
            MethodName::Fe => "전진 오일러 (FE)",
            MethodName::Be => "후진 오일러 (BE)",
            MethodName::Cn => "크랭크–니콜슨 (CN)",
            MethodName::Rk4 => "RK4",
        }
    }
}

/// `Ok` if `v` is finite and `> 0`.
pub fn positive(name: &'static str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(ParamError::new(
            name,
            format!("must be a finite number > 0, got {v}"),
        ))
    }
}

/// `Ok` if `v` is non-empty and every entry is finite and `> 0`.
pub fn positive_list(name: &'static str, v: &[f64]) -> Result<(), ParamError> {
    if v.is_empty() {
        return Err(ParamError::new(name, "must not be empty"));
    }
    match v.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
        Some(bad) => Err(ParamError::new(
            name,
            format!("every entry must be a finite number > 0, got {bad}"),
        )),
        None => Ok(()),
    }
}

/// `Ok` if `lo <= v <= hi`.
pub fn count(name: &'static str, v: usize, lo: usize, hi: usize) -> Result<(), ParamError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ParamError::new(
            name,
            format!("must be between {lo} and {hi}, got {v}"),
        ))
    }
}

/// `Ok` if `v` is finite and `> 1` (a growth factor that counts as divergence).
pub fn above_one(name: &'static str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() && v > 1.0 {
        Ok(())
    } else {
        Err(ParamError::new(
            name,
            format!("must be a finite number > 1, got {v}"),
        ))
    }
}

/// A boolean as a scalar output.
pub fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// `v > limit`, counting NaN as exceeding (a blown-up run never looks bounded).
pub fn exceeds(v: f64, limit: f64) -> bool {
    v.is_nan() || v > limit
}

/// `max |v_i|`, NaN if any entry is NaN (so a blown-up run never looks bounded).
pub fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m: f64, x| {
        if m.is_nan() || x.is_nan() {
            f64::NAN
        } else {
            m.max(x.abs())
        }
    })
}

/// An `Option` from the numerics as a scalar output (`None` → NaN).
pub fn or_nan(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

/// The named series of `out`.
pub fn series<'o>(out: &'o Outputs, name: &str) -> Result<&'o [f64], String> {
    out.series
        .get(name)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("output series `{name}` is missing"))
}

/// The named scalar of `out`.
pub fn scalar(out: &Outputs, name: &str) -> Result<f64, String> {
    out.scalars
        .get(name)
        .copied()
        .ok_or_else(|| format!("output scalar `{name}` is missing"))
}

/// The figures to draw: the names in `opts.kind` (comma-separated), or `defaults`.
pub fn kinds(
    opts: &FigureOptions,
    all: &[&'static str],
    defaults: &[&'static str],
) -> Result<Vec<&'static str>, String> {
    let Some(kind) = opts.kind.as_deref() else {
        return Ok(defaults.to_vec());
    };
    kind.split(',')
        .map(str::trim)
        .map(|k| {
            all.iter().copied().find(|a| *a == k).ok_or_else(|| {
                format!(
                    "unknown figure kind `{k}`; expected one of: {}",
                    all.join(", ")
                )
            })
        })
        .collect()
}

/// The axis scale named by an option (`linear`, `log`, `symlog`), or `default`.
pub fn scale(opt: Option<&str>, default: Scale, linthresh: f64) -> Result<Scale, String> {
    match opt {
        None => Ok(default),
        Some("linear") => Ok(Scale::Linear),
        Some("log") | Some("log10") => Ok(Scale::Log10),
        Some("symlog") => Ok(Scale::SymLog { linthresh }),
        Some(other) => Err(format!(
            "unknown axis scale `{other}`; expected linear, log or symlog"
        )),
    }
}

/// The x and y scales of a figure: from `opts` for the main figure, else the defaults.
pub fn scales(
    opts: &FigureOptions,
    main: bool,
    x: Scale,
    y: Scale,
    linthresh: (f64, f64),
) -> Result<(Scale, Scale), String> {
    if !main {
        return Ok((x, y));
    }
    Ok((
        scale(opts.x_scale.as_deref(), x, linthresh.0)?,
        scale(opts.y_scale.as_deref(), y, linthresh.1)?,
    ))
}

/// Title and description after the options: the main figure takes `opts.title` and
/// `opts.description` when given.
pub fn texts(
    opts: &FigureOptions,
    main: bool,
    title: String,
    description: String,
) -> (String, String) {
    if !main {
        return (title, description);
    }
    (
        opts.title.clone().unwrap_or(title),
        opts.description.clone().unwrap_or(description),
    )
}

/// `(width, height)` after the options.
pub fn size(opts: &FigureOptions, default: (u32, u32)) -> (u32, u32) {
    (
        opts.width.unwrap_or(default.0),
        opts.height.unwrap_or(default.1),
    )
}

/// Applies the text and size options to `plot`, draws it, and returns the figure with
/// its data as CSV (`series,x,y`, one row per point).
pub fn finish_line(mut plot: LinePlot, opts: &FigureOptions, main: bool) -> Result<Figure, String> {
    let (title, description) = texts(opts, main, plot.title, plot.description);
    plot.title = title;
    plot.description = description;
    if main {
        if let Some(l) = &opts.x_label {
            plot.x_label = l.clone();
        }
        if let Some(l) = &opts.y_label {
            plot.y_label = l.clone();
        }
    }
    (plot.width, plot.height) = size(opts, (plot.width, plot.height));
    let svg = line_plot(&plot).map_err(|e| e.to_string())?;
    let mut csv = String::from("series,x,y\n");
    for s in &plot.series {
        for (x, y) in s.x.iter().zip(&s.y) {
            csv.push_str(&format!("{},{x},{y}\n", csv_field(&s.label)));
        }
    }
    Ok(Figure {
        svg,
        description: plot.description,
        csv,
    })
}

/// A CSV field, quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A short label for `v`: three significant digits, fixed notation for
/// `1e-3 ≤ |v| < 1e5`, else `1.5e6` style.
pub fn num(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return format!("{v}");
    }
    let e = format!("{v:.2e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-3..5).contains(&exp) {
        let decimals = (2 - exp).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}"))
    } else {
        format!("{}e{exp}", trim_zeros(mantissa))
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
pub mod testing {
    //! Assertions shared by the solver tests.

    use crate::experiment::outputs::Outputs;
    use crate::experiment::solver::{FigureOptions, TypedSolver};

    /// `check` rejects the default parameters after `edit`, naming parameter `name`.
    pub fn assert_rejects<T: TypedSolver>(edit: fn(&mut T::Params), name: &str) {
        let mut p = T::Params::default();
        edit(&mut p);
        assert_eq!(
            T::check(&p).unwrap_err().param,
            name,
            "{}: expected `{name}` to be rejected",
            T::NAME
        );
    }

    /// Every declared output is returned and every returned output is declared.
    pub fn assert_declared<T: TypedSolver>(out: &Outputs) {
        let declared = T::OUTPUTS;
        for name in out.names() {
            let ok = declared.iter().any(|d| match d.name.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix) && name.len() > prefix.len(),
                None => d.name == name,
            });
            assert!(ok, "{}: undeclared output `{name}`", T::NAME);
        }
        for d in declared {
            match d.name.strip_suffix('*') {
                Some(prefix) => assert!(
                    out.names().iter().any(|n| n.starts_with(prefix)),
                    "{}: no output of family `{}`",
                    T::NAME,
                    d.name
                ),
                None => assert!(
                    out.names().contains(&d.name),
                    "{}: missing output `{}`",
                    T::NAME,
                    d.name
                ),
            }
        }
    }

    /// Figures are non-empty SVG with a `<title>`, CSV with a header, and drawing
    /// twice gives the same bytes. Returns the SVGs.
    pub fn assert_figures<T: TypedSolver>(
        p: &T::Params,
        out: &Outputs,
        opts: &FigureOptions,
        expect: usize,
    ) -> Vec<String> {
        let figs = T::figures(p, out, opts).unwrap();
        assert_eq!(figs.len(), expect, "{}: number of figures", T::NAME);
        for f in &figs {
            assert!(
                f.svg.starts_with("<svg") && f.svg.contains("<title>"),
                "{}",
                T::NAME
            );
            assert!(!f.description.is_empty());
            assert!(f.csv.lines().count() >= 2, "{}: empty CSV", T::NAME);
        }
        let again = T::figures(p, out, opts).unwrap();
        assert_eq!(figs, again, "{}: figures are not deterministic", T::NAME);
        figs.into_iter().map(|f| f.svg).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_kinds_and_scales() {
        assert_eq!(num(0.2), "0.2");
        assert_eq!(num(0.19), "0.19");
        assert_eq!(num(3.1622776601683795), "3.16");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(1.5e6), "1.5e6");
        assert_eq!(num(2.0e-5), "2e-5");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        let opts = FigureOptions {
            kind: Some("be, fe".into()),
            ..FigureOptions::default()
        };
        assert_eq!(
            kinds(&opts, &["fe", "be"], &["fe"]).unwrap(),
            vec!["be", "fe"]
        );
        let bad = FigureOptions {
            kind: Some("xx".into()),
            ..FigureOptions::default()
        };
        assert!(kinds(&bad, &["fe"], &["fe"])
            .unwrap_err()
            .contains("unknown figure kind"));
        assert_eq!(
            scale(Some("symlog"), Scale::Linear, 0.5).unwrap(),
            Scale::SymLog { linthresh: 0.5 }
        );
        assert!(scale(Some("loglog"), Scale::Linear, 1.0).is_err());
        assert!(max_abs(&[1.0, f64::NAN]).is_nan());
        assert_eq!(max_abs(&[1.0, -3.0]), 3.0);
    }
}
