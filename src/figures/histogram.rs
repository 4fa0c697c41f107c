//! Histograms and spectral densities, optionally on log-x and/or log-y axes.

use super::axis::Axis;
use super::canvas::{
    build_chart, centre_message, colour, layout_frame, render, AxesSpec, Frame, LegendEntry, Swatch,
};
use super::geom::{clip_run, Pt};
use super::{FigureError, Scale};
use plotters::prelude::*;

/// How the bins are chosen.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Bins {
    /// Rice rule `⌈2·n^(1/3)⌉`, clamped to 5–80, equal width in plot coordinates.
    #[default]
    Auto,
    /// This many equal-width bins (1–10000) over the data range (log-spaced on log x).
    Count(usize),
    /// Explicit, strictly increasing edges in data units (positive on log x).
    Edges(Vec<f64>),
}

/// One sample set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistogramData {
    /// Legend label (empty: not in the legend).
    pub label: String,
    /// The samples (e.g. eigenvalues).
    pub samples: Vec<f64>,
}

/// A histogram of one or more sample sets sharing the same bins.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Title and SVG `<title>`.
    pub title: String,
    /// SVG `<desc>`.
    pub description: String,
    /// x-axis label.
    pub x_label: String,
    /// y-axis label (empty: "count" or "density").
    pub y_label: String,
    /// Sample sets, overlaid with translucent fills.
    pub data: Vec<HistogramData>,
    /// Binning.
    pub bins: Bins,
    /// Log-spaced bins on a log10 x axis (non-positive samples are left out and counted).
    pub log_x: bool,
    /// Log10 y axis (empty bins are not drawn).
    pub log_y: bool,
    /// Normalise to a density: count / (samples in bins × bin width), the width measured
    /// in plot coordinates (per decade on a log x axis), so the bar areas sum to 1.
    pub density: bool,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            title: String::new(),
            description: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            data: Vec::new(),
            bins: Bins::Auto,
            log_x: false,
            log_y: false,
            density: false,
            width: 640,
            height: 420,
        }
    }
}

fn bad(name: &str, reason: String) -> FigureError {
    FigureError::InvalidParameter {
        name: name.to_string(),
        reason,
    }
}

/// Bin edges in plot coordinates.
fn edges(bins: &Bins, xs: Scale, all: &[f64], largest: usize) -> Result<Vec<f64>, FigureError> {
    let n = match bins {
        Bins::Edges(e) => {
            let t: Vec<f64> = e
                .iter()
                .map(|v| {
                    xs.forward(*v).ok_or_else(|| {
                        bad("bin edges", format!("{v} is not drawable on this axis"))
                    })
                })
                .collect::<Result<_, _>>()?;
            if t.len() < 2 || t.windows(2).any(|w| w[0] >= w[1]) {
                return Err(bad(
                    "bin edges",
                    "need at least two strictly increasing edges".to_string(),
                ));
            }
            return Ok(t);
        }
        Bins::Count(n) if !(1..=10_000).contains(n) => {
            return Err(bad("bin count", format!("{n} is outside 1–10000")));
        }
        Bins::Count(n) => *n,
        Bins::Auto => ((2.0 * (largest.max(1) as f64).cbrt()).ceil() as usize).clamp(5, 80),
    };
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo <= 1e-12 * lo.abs().max(1e-300) {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    // The last edge is exactly `hi` so that the largest sample is never "outside".
    Ok((0..=n)
        .map(|i| {
            if i == n {
                hi
            } else {
                lo + (hi - lo) * i as f64 / n as f64
            }
        })
        .collect())
}

/// Draws the histogram.
pub fn histogram(h: &Histogram) -> Result<String, FigureError> {
    if h.data.is_empty() {
        return Err(FigureError::NothingToDraw {
            figure: h.title.clone(),
            what: "data sets",
        });
    }
    let xs = if h.log_x { Scale::Log10 } else { Scale::Linear };
    let ys = if h.log_y { Scale::Log10 } else { Scale::Linear };
    let mut dropped = 0;
    let valid: Vec<Vec<f64>> = h
        .data
        .iter()
        .map(|d| {
            let v: Vec<f64> = d.samples.iter().filter_map(|s| xs.forward(*s)).collect();
            dropped += d.samples.len() - v.len();
            v
        })
        .collect();
    let all: Vec<f64> = valid.iter().flatten().copied().collect();
    let largest = valid.iter().map(Vec::len).max().unwrap_or(0);
    let e = edges(&h.bins, xs, &all, largest)?;
    let nb = e.len() - 1;
    let mut outside = 0;
    let values: Vec<Vec<f64>> = valid
        .iter()
        .map(|v| {
            let mut counts = vec![0usize; nb];
            for &t in v {
                if t < e[0] || t > e[nb] {
                    outside += 1;
                } else {
                    let i = e
                        .partition_point(|edge| *edge <= t)
                        .saturating_sub(1)
                        .min(nb - 1);
                    counts[i] += 1;
                }
            }
            let total: usize = counts.iter().sum();
            counts
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    if h.density && total > 0 {
                        c as f64 / (total as f64 * (e[i + 1] - e[i]))
                    } else {
                        c as f64
                    }
                })
                .collect()
        })
        .collect();
    let vmax = values.iter().flatten().copied().fold(0.0, f64::max);
    let vmin_pos = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let y = match ys {
        Scale::Log10 if vmax > 0.0 => {
            Axis::with_range(ys, vmin_pos.log10() - 0.3, vmax.log10() + 0.2)
        }
        Scale::Log10 => Axis::with_range(ys, 0.0, 1.0),
        _ => Axis::with_range(ys, 0.0, if vmax > 0.0 { vmax * 1.05 } else { 1.0 }),
    };
    let pad = 0.02 * (e[nb] - e[0]);
    let x = Axis::with_range(xs, e[0] - pad, e[nb] + pad);
    let base = if h.log_y { y.lo } else { 0.0 };
    let opacity = if h.data.len() > 1 { 0.35 } else { 0.55 };
    let mut frame = Frame {
        title: h.title.clone(),
        ..Frame::default()
    };
    for (i, d) in h.data.iter().enumerate() {
        if !d.label.is_empty() {
            frame.legend.push(LegendEntry {
                label: d.label.clone(),
                swatch: Swatch::Fill {
                    colour: colour(i),
                    opacity,
                },
            });
        }
    }
    if dropped > 0 {
        let why = if h.log_x {
            "non-finite or ≤ 0 on the log axis"
        } else {
            "non-finite"
        };
        frame
            .notes
            .push(format!("{dropped} sample(s) left out: {why}"));
    }
    if outside > 0 {
        frame
            .notes
            .push(format!("{outside} sample(s) outside the bin edges"));
    }
    let y_label = match (h.y_label.is_empty(), h.density) {
        (false, _) => h.y_label.as_str(),
        (true, true) => "density",
        (true, false) => "count",
    };
    render(h.width, h.height, &h.title, &h.description, |root| {
        let area = layout_frame(root, &frame)?;
        let spec = AxesSpec {
            x: &x,
            y: &y,
            x_label: &h.x_label,
            y_label,
            right_margin: 16,
        };
        let mut chart = build_chart(&area, &spec)?;
        let (bx, by) = ((x.lo, x.hi), (y.lo, y.hi));
        for (k, vals) in values.iter().enumerate() {
            let c = colour(k);
            let tops: Vec<f64> = vals
                .iter()
                .map(|v| ys.forward(*v).map_or(base, |t| t.clamp(y.lo, y.hi)))
                .collect();
            let bars = tops
                .iter()
                .enumerate()
                .filter(|(_, t)| **t > base)
                .map(|(i, t)| {
                    Rectangle::new([(e[i], base), (e[i + 1], *t)], c.mix(opacity).filled())
                });
            chart.draw_series(bars)?;
            let mut outline: Vec<Pt> = vec![(e[0], base)];
            for (i, t) in tops.iter().enumerate() {
                outline.push((e[i], *t));
                outline.push((e[i + 1], *t));
            }
            outline.push((e[nb], base));
            for piece in clip_run(&outline, bx, by) {
                chart.draw_series(LineSeries::new(piece, c.stroke_width(1)))?;
            }
        }
        if all.is_empty() {
            centre_message(&chart, &area, "no finite data to plot")?;
        }
        Ok(())
    })
}
