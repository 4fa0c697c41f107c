//! SVG figures drawn with plotters: data in, deterministic accessible SVG string out.
//!
//! Entry points: [`line_plot`] (linear/log/symlog axes, reference lines, divergence
//! marks, least-squares slope), [`spectra_plot`] (sorted spectra on a symlog axis),
//! [`histogram`], [`stability_plot`] (|R(z)| ≤ 1 regions) and [`heat_map`].
//!
//! Conventions shared by every figure:
//! * **Dark mode.** Every figure paints a white background rectangle and uses dark text
//!   and the Okabe–Ito palette, so it reads as a light "card" on dark pages too; the
//!   HTML layer may round its corners. Colours are never inverted.
//! * **Non-finite data.** plotters would clamp NaN/±inf/out-of-range coordinates onto the
//!   frame. We never pass such points: lines break at gaps (NaN, points outside a log
//!   axis' domain, points outside an explicit range — segments are clipped at the
//!   frame), and a run that ends non-finite, hits ±inf, or exceeds
//!   [`Series::diverged_above`] stops with a × mark and a text `diverged at t = …`.
//!   Axis ranges come from finite, drawable data only; points dropped for other reasons
//!   than an explicit range are counted in a footnote.
//! * **Text.** Font sizes are explicit; layout uses our own width estimate (CJK and
//!   Hangul ≈ 1 em, Latin ≈ 0.55 em) so Korean titles, labels and legends fit; text that
//!   would not fit shrinks, then is shortened with "…" (the full text stays in `<desc>`
//!   only if the caller puts it there).
//! * **Output.** The root `<svg>` has a `viewBox`, `role="img"`, and `<title>` then
//!   `<desc>` as its first children. Coordinates are integer pixels and font sizes have
//!   at most two decimals, so the same input yields byte-identical SVG.

mod axis;
mod canvas;
mod contour;
mod geom;
mod heatmap;
mod histogram;
mod line;
mod spectra;
mod stability;
mod svg;
mod text;

#[cfg(test)]
mod tests_grid;
#[cfg(test)]
mod tests_line;
#[cfg(test)]
mod tests_output;

pub use heatmap::{heat_map, HeatMap};
pub use histogram::{histogram, Bins, Histogram, HistogramData};
pub use line::{fit_slope, line_plot, LineFit};
pub use spectra::{spectra_plot, SpectraPlot, Spectrum};
pub use stability::{stability_plot, RegionData, StabilityLayout, StabilityPlot, StabilityRegion};

use thiserror::Error;

/// Errors of figure construction. Bad data (NaN, empty series after filtering) is not
/// an error; it is drawn honestly. These are errors of the request itself.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FigureError {
    /// A figure was requested with nothing to draw (e.g. no series at all).
    #[error("figure '{figure}' has no {what} to draw")]
    NothingToDraw {
        /// Figure title.
        figure: String,
        /// What is missing ("series", "data sets", "regions").
        what: &'static str,
    },
    /// Two inputs that must have matching lengths do not.
    #[error("{what}: expected {expected} values, got {found}")]
    LengthMismatch {
        /// Which input.
        what: String,
        /// Required length.
        expected: usize,
        /// Actual length.
        found: usize,
    },
    /// A parameter is out of its valid range (size, grid, linthresh, explicit range...).
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A least-squares slope was requested but fewer than two usable points exist.
    #[error("cannot fit a slope to series '{series}': {reason}")]
    Fit {
        /// Series label.
        series: String,
        /// Why.
        reason: String,
    },
    /// plotters reported a drawing error.
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for FigureError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        FigureError::Draw(e.to_string())
    }
}

/// How an axis maps data values to positions.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Scale {
    /// Linear.
    #[default]
    Linear,
    /// Base-10 logarithmic; values ≤ 0 cannot be drawn and break lines.
    Log10,
    /// Symmetric log: `sign(v)·log10(1 + |v|/linthresh)`, nearly linear for
    /// `|v| ≪ linthresh` and logarithmic beyond. `linthresh` must be positive.
    SymLog {
        /// Scale of the linear region around zero.
        linthresh: f64,
    },
}

/// Appearance of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesStyle {
    /// Connect points with a line.
    pub line: bool,
    /// Draw a dot at every point.
    pub markers: bool,
    /// Dashed instead of solid line.
    pub dashed: bool,
    /// Palette index; `None` uses the series' position in the plot.
    pub colour: Option<usize>,
}

impl Default for SeriesStyle {
    fn default() -> Self {
        SeriesStyle {
            line: true,
            markers: false,
            dashed: false,
            colour: None,
        }
    }
}

/// One data series of a [`LinePlot`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Legend label (empty: not in the legend).
    pub label: String,
    /// x values.
    pub x: Vec<f64>,
    /// y values (same length as `x`).
    pub y: Vec<f64>,
    /// Appearance.
    pub style: SeriesStyle,
    /// Treat `|y| >` this value as divergence: the line stops there and is marked.
    pub diverged_above: Option<f64>,
    /// Also draw the least-squares line through the drawn points, in the plot's axis
    /// coordinates (on log–log axes the slope is the power-law exponent), labelled
    /// `slope = -2.00` in the legend.
    pub fit_slope: bool,
}

/// A labelled vertical or horizontal reference line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RefLine {
    /// Position in data units.
    pub value: f64,
    /// Text drawn next to the line (may be empty).
    pub label: String,
}

/// A 2-D line/scatter plot.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePlot {
    /// Drawn on top and used as the SVG `<title>`.
    pub title: String,
    /// SVG `<desc>` (long description for screen readers).
    pub description: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label.
    pub y_label: String,
    /// Symbol of the x variable in annotations (`diverged at t = 0.31`); empty → `x`.
    pub x_symbol: String,
    /// x-axis scale.
    pub x_scale: Scale,
    /// y-axis scale.
    pub y_scale: Scale,
    /// Fixed x range in data units (default: from the data).
    pub x_range: Option<(f64, f64)>,
    /// Fixed y range in data units (default: from the data).
    pub y_range: Option<(f64, f64)>,
    /// The series.
    pub series: Vec<Series>,
    /// Vertical reference lines at x values.
    pub vlines: Vec<RefLine>,
    /// Horizontal reference lines at y values.
    pub hlines: Vec<RefLine>,
    /// Width in pixels (200–4000).
    pub width: u32,
    /// Height in pixels (150–4000).
    pub height: u32,
}

impl Default for LinePlot {
    fn default() -> Self {
        LinePlot {
            title: String::new(),
            description: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            x_symbol: String::new(),
            x_scale: Scale::Linear,
            y_scale: Scale::Linear,
            x_range: None,
            y_range: None,
            series: Vec::new(),
            vlines: Vec::new(),
            hlines: Vec::new(),
            width: 640,
            height: 420,
        }
    }
}
