//! Stability regions {z : |R(z)| ≤ 1} in the complex plane, overlaid or as small multiples.

use super::axis::Axis;
use super::canvas::{
    anchored, build_chart, colour, layout_frame, render, Area, AxesSpec, Chart, Frame, LegendEntry,
    Swatch, LABEL_PX, MUTED,
};
use super::contour::{cell_edges, level_lines, runs};
use super::text::fit_text;
use super::{FigureError, Scale};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// What is known about a method on the grid, row-major: element `j * re.len() + i`
/// belongs to `(re[i], im[j])`.
#[derive(Debug, Clone, PartialEq)]
pub enum RegionData {
    /// |R(z)| at each node; stable where finite and ≤ 1. The boundary is the level line
    /// |R| = 1 (interpolated).
    Modulus(Vec<f64>),
    /// Stable nodes marked `true`.
    Mask(Vec<bool>),
}

/// One method's stability data.
#[derive(Debug, Clone, PartialEq)]
pub struct StabilityRegion {
    /// Method name (legend entry or panel title).
    pub label: String,
    /// Values on the grid.
    pub data: RegionData,
}

/// Arrangement of several methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StabilityLayout {
    /// All regions in one panel, translucent fills with solid boundaries.
    #[default]
    Overlay,
    /// One panel per method, `columns` per row.
    SmallMultiples {
        /// Panels per row (at least 1).
        columns: usize,
    },
}

/// A stability-region figure.
#[derive(Debug, Clone, PartialEq)]
pub struct StabilityPlot {
    /// Title and SVG `<title>`.
    pub title: String,
    /// SVG `<desc>`.
    pub description: String,
    /// Real-axis grid (finite, strictly increasing).
    pub re: Vec<f64>,
    /// Imaginary-axis grid (finite, strictly increasing).
    pub im: Vec<f64>,
    /// One entry per method.
    pub regions: Vec<StabilityRegion>,
    /// Overlay or small multiples.
    pub layout: StabilityLayout,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Default for StabilityPlot {
    fn default() -> Self {
        StabilityPlot {
            title: String::new(),
            description: String::new(),
            re: Vec::new(),
            im: Vec::new(),
            regions: Vec::new(),
            layout: StabilityLayout::Overlay,
            width: 640,
            height: 480,
        }
    }
}

/// Node values for contouring (level 1 for modulus, 0.5 for masks) and the inside test.
fn node_values(d: &RegionData) -> (Vec<f64>, f64) {
    match d {
        RegionData::Modulus(v) => (v.clone(), 1.0),
        RegionData::Mask(m) => (m.iter().map(|b| if *b { 0.0 } else { 1.0 }).collect(), 0.5),
    }
}

struct Grid<'g> {
    re: &'g [f64],
    im: &'g [f64],
    re_edges: Vec<f64>,
    im_edges: Vec<f64>,
}

fn draw_region(
    chart: &mut Chart<'_, '_>,
    g: &Grid<'_>,
    values: &[f64],
    level: f64,
    c: RGBColor,
    opacity: f64,
) -> Result<(), FigureError> {
    let nx = g.re.len();
    for j in 0..g.im.len() {
        let row = &values[j * nx..(j + 1) * nx];
        let cells = runs(
            row.iter()
                .map(|v| (v.is_finite() && *v <= level).then_some(())),
        );
        chart.draw_series(cells.into_iter().map(|(s, e, ())| {
            Rectangle::new(
                [
                    (g.re_edges[s], g.im_edges[j]),
                    (g.re_edges[e], g.im_edges[j + 1]),
                ],
                c.mix(opacity).filled(),
            )
        }))?;
    }
    for line in level_lines(g.re, g.im, values, level) {
        chart.draw_series(LineSeries::new(line, c.stroke_width(2)))?;
    }
    Ok(())
}

fn draw_axes_lines(chart: &mut Chart<'_, '_>, x: &Axis, y: &Axis) -> Result<(), FigureError> {
    if x.contains(0.0) {
        chart.draw_series(LineSeries::new(
            vec![(0.0, y.lo), (0.0, y.hi)],
            MUTED.stroke_width(1),
        ))?;
    }
    if y.contains(0.0) {
        chart.draw_series(LineSeries::new(
            vec![(x.lo, 0.0), (x.hi, 0.0)],
            MUTED.stroke_width(1),
        ))?;
    }
    Ok(())
}

/// Draws the stability regions.
pub fn stability_plot(p: &StabilityPlot) -> Result<String, FigureError> {
    if p.regions.is_empty() {
        return Err(FigureError::NothingToDraw {
            figure: p.title.clone(),
            what: "regions",
        });
    }
    let g = Grid {
        re: &p.re,
        im: &p.im,
        re_edges: cell_edges(&p.re, "re grid")?,
        im_edges: cell_edges(&p.im, "im grid")?,
    };
    let n = p.re.len() * p.im.len();
    let mut frame = Frame {
        title: p.title.clone(),
        ..Frame::default()
    };
    let mut data = Vec::new();
    for (k, r) in p.regions.iter().enumerate() {
        let (values, level) = node_values(&r.data);
        if values.len() != n {
            return Err(FigureError::LengthMismatch {
                what: format!("values of region '{}'", r.label),
                expected: n,
                found: values.len(),
            });
        }
        if !values.iter().any(|v| v.is_finite() && *v <= level) {
            frame.notes.push(format!(
                "{}: no stable grid point in the plotted window",
                r.label
            ));
        }
        if p.layout == StabilityLayout::Overlay && !r.label.is_empty() {
            frame.legend.push(LegendEntry {
                label: r.label.clone(),
                swatch: Swatch::Fill {
                    colour: colour(k),
                    opacity: 0.28,
                },
            });
        }
        data.push((values, level));
    }
    let x = Axis::with_range(Scale::Linear, g.re_edges[0], g.re_edges[p.re.len()]);
    let y = Axis::with_range(Scale::Linear, g.im_edges[0], g.im_edges[p.im.len()]);
    let spec = AxesSpec {
        x: &x,
        y: &y,
        x_label: "Re z",
        y_label: "Im z",
        right_margin: 16,
    };
    render(p.width, p.height, &p.title, &p.description, |root| {
        let area = layout_frame(root, &frame)?;
        match p.layout {
            StabilityLayout::Overlay => {
                let mut chart = build_chart(&area, &spec)?;
                for (k, (values, level)) in data.iter().enumerate() {
                    draw_region(&mut chart, &g, values, *level, colour(k), 0.28)?;
                }
                draw_axes_lines(&mut chart, &x, &y)
            }
            StabilityLayout::SmallMultiples { columns } => {
                let cols = columns.clamp(1, data.len());
                let rows = data.len().div_ceil(cols);
                let panels = area.split_evenly((rows, cols));
                for (k, ((values, level), panel)) in data.iter().zip(&panels).enumerate() {
                    let inner = panel_with_title(panel, &p.regions[k].label)?;
                    let mut chart = build_chart(&inner, &spec)?;
                    draw_region(&mut chart, &g, values, *level, colour(k), 0.45)?;
                    draw_axes_lines(&mut chart, &x, &y)?;
                }
                Ok(())
            }
        }
    })
}

/// Writes a panel caption and returns the area below it.
fn panel_with_title<'b>(panel: &Area<'b>, label: &str) -> Result<Area<'b>, FigureError> {
    let (w, h) = panel.dim_in_pixel();
    if label.is_empty() {
        return Ok(panel.clone());
    }
    let (text, px) = fit_text(label, f64::from(w) - 12.0, LABEL_PX, 9.0);
    panel.draw_text(
        &text,
        &anchored(px, HPos::Center, VPos::Top),
        ((w / 2) as i32, 4),
    )?;
    let top = (px * 1.4 + 6.0).ceil() as u32;
    Ok(panel
        .clone()
        .shrink((0, top), (w, h.saturating_sub(top).max(40))))
}
