//! Sorted spectra (e.g. of two Hessians) on one symlog value axis.

use super::line::line_plot_with_notes;
use super::{FigureError, LinePlot, Scale, Series, SeriesStyle};

/// One spectrum (e.g. Hessian eigenvalues) for [`spectra_plot`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spectrum {
    /// Legend label.
    pub label: String,
    /// Eigenvalues in any order.
    pub eigenvalues: Vec<f64>,
}

/// Sorted spectra on one symlog value axis (index vs eigenvalue).
#[derive(Debug, Clone, PartialEq)]
pub struct SpectraPlot {
    /// Title and SVG `<title>`.
    pub title: String,
    /// SVG `<desc>`.
    pub description: String,
    /// x-axis label (default "index").
    pub x_label: String,
    /// y-axis label (default "eigenvalue").
    pub y_label: String,
    /// The spectra.
    pub spectra: Vec<Spectrum>,
    /// Linear threshold of the symlog axis (> 0).
    pub linthresh: f64,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Default for SpectraPlot {
    fn default() -> Self {
        SpectraPlot {
            title: String::new(),
            description: String::new(),
            x_label: "index".to_string(),
            y_label: "eigenvalue".to_string(),
            spectra: Vec::new(),
            linthresh: 1e-3,
            width: 640,
            height: 420,
        }
    }
}

/// Draws each spectrum sorted ascending against its index on a symlog y axis.
/// Non-finite eigenvalues are left out and counted in a footnote.
pub fn spectra_plot(p: &SpectraPlot) -> Result<String, FigureError> {
    let mut notes = Vec::new();
    let series = p
        .spectra
        .iter()
        .map(|s| {
            let mut v: Vec<f64> = s
                .eigenvalues
                .iter()
                .copied()
                .filter(|e| e.is_finite())
                .collect();
            let skipped = s.eigenvalues.len() - v.len();
            if skipped > 0 {
                notes.push(format!(
                    "{}: {skipped} non-finite eigenvalue(s) left out",
                    s.label
                ));
            }
            v.sort_by(f64::total_cmp);
            Series {
                label: s.label.clone(),
                x: (0..v.len()).map(|i| i as f64).collect(),
                style: SeriesStyle {
                    markers: v.len() <= 200,
                    ..SeriesStyle::default()
                },
                y: v,
                ..Series::default()
            }
        })
        .collect();
    let plot = LinePlot {
        title: p.title.clone(),
        description: p.description.clone(),
        x_label: p.x_label.clone(),
        y_label: p.y_label.clone(),
        y_scale: Scale::SymLog {
            linthresh: p.linthresh,
        },
        series,
        width: p.width,
        height: p.height,
        ..LinePlot::default()
    };
    line_plot_with_notes(&plot, notes)
}
