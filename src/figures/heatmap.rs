//! Space–time heat maps: coloured cells over an (x, t) grid with a colour bar.

use super::axis::{linear_ticks, Axis};
use super::canvas::{
    anchored, build_chart, centre_message, layout_frame, plot_rect, render, AxesSpec, Frame,
    LegendEntry, Swatch, LABEL_PX, MUTED, TICK_PX,
};
use super::contour::{cell_edges, runs};
use super::text::{fit_text, text_width};
use super::{FigureError, Scale};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontTransform;

/// A heat map of `values` over the grid `x × t`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Title and SVG `<title>`.
    pub title: String,
    /// SVG `<desc>`.
    pub description: String,
    /// Horizontal axis label (space).
    pub x_label: String,
    /// Vertical axis label (time).
    pub t_label: String,
    /// Colour-bar label (the quantity).
    pub value_label: String,
    /// Space grid (finite, strictly increasing); cells are centred on the nodes.
    pub x: Vec<f64>,
    /// Time grid (finite, strictly increasing), drawn upwards.
    pub t: Vec<f64>,
    /// Row-major values: `values[k * x.len() + i]` at `(x[i], t[k])`.
    pub values: Vec<f64>,
    /// Colour range; values outside it get the end colours. Default: finite min/max.
    pub value_range: Option<(f64, f64)>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Default for HeatMap {
    fn default() -> Self {
        HeatMap {
            title: String::new(),
            description: String::new(),
            x_label: "x".to_string(),
            t_label: "t".to_string(),
            value_label: String::new(),
            x: Vec::new(),
            t: Vec::new(),
            values: Vec::new(),
            value_range: None,
            width: 640,
            height: 420,
        }
    }
}

/// Colour of non-finite cells.
const NON_FINITE: RGBColor = RGBColor(0xBD, 0xBD, 0xBD);

/// Viridis, sampled at nine equally spaced points.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x91, 0x8C),
    (0x28, 0xAE, 0x80),
    (0x5E, 0xC9, 0x62),
    (0xAD, 0xDC, 0x30),
    (0xFD, 0xE7, 0x25),
];

/// Number of distinct colours (values are quantised so equal neighbours merge).
const LEVELS: u16 = 256;

/// The colour map at `s ∈ [0, 1]`.
fn viridis(s: f64) -> RGBColor {
    let x = s.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn level_colour(q: u16) -> RGBColor {
    if q >= LEVELS {
        NON_FINITE
    } else {
        viridis(f64::from(q) / f64::from(LEVELS - 1))
    }
}

/// Draws the heat map.
pub fn heat_map(h: &HeatMap) -> Result<String, FigureError> {
    let xe = cell_edges(&h.x, "x grid")?;
    let te = cell_edges(&h.t, "t grid")?;
    let (nx, nt) = (h.x.len(), h.t.len());
    if h.values.len() != nx * nt {
        return Err(FigureError::LengthMismatch {
            what: "heat-map values".to_string(),
            expected: nx * nt,
            found: h.values.len(),
        });
    }
    let finite = || h.values.iter().copied().filter(|v| v.is_finite());
    let (vmin, vmax) = match h.value_range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a < b => (a, b),
        Some((a, b)) => {
            return Err(FigureError::InvalidParameter {
                name: "value range".to_string(),
                reason: format!("({a}, {b}) must be finite with low < high"),
            })
        }
        None => {
            let lo = finite().fold(f64::INFINITY, f64::min);
            let hi = finite().fold(f64::NEG_INFINITY, f64::max);
            match (lo.is_finite(), hi > lo) {
                (false, _) => (0.0, 1.0),
                (true, true) => (lo, hi),
                (true, false) => (lo - 0.5 * lo.abs().max(1.0), hi + 0.5 * hi.abs().max(1.0)),
            }
        }
    };
    let quantise = |v: f64| -> u16 {
        if !v.is_finite() {
            return LEVELS;
        }
        (((v - vmin) / (vmax - vmin)).clamp(0.0, 1.0) * f64::from(LEVELS - 1)).round() as u16
    };
    let x = Axis::with_range(Scale::Linear, xe[0], xe[nx]);
    let t = Axis::with_range(Scale::Linear, te[0], te[nt]);
    let bar_ticks = linear_ticks(vmin, vmax);
    let tick_w = bar_ticks
        .iter()
        .map(|(_, l)| text_width(l, TICK_PX))
        .fold(0.0, f64::max);
    let label_w = if h.value_label.is_empty() {
        0.0
    } else {
        LABEL_PX * 1.3 + 4.0
    };
    let right = (14.0 + 14.0 + 8.0 + tick_w + 6.0 + label_w).ceil() as u32;
    let non_finite = h.values.iter().filter(|v| !v.is_finite()).count();
    let mut frame = Frame {
        title: h.title.clone(),
        ..Frame::default()
    };
    if non_finite > 0 {
        frame.legend.push(LegendEntry {
            label: format!("non-finite ({non_finite} cells)"),
            swatch: Swatch::Fill {
                colour: NON_FINITE,
                opacity: 1.0,
            },
        });
    }
    render(h.width, h.height, &h.title, &h.description, |root| {
        let area = layout_frame(root, &frame)?;
        let spec = AxesSpec {
            x: &x,
            y: &t,
            x_label: &h.x_label,
            y_label: &h.t_label,
            right_margin: right,
        };
        let mut chart = build_chart(&area, &spec)?;
        for k in 0..nt {
            let row = &h.values[k * nx..(k + 1) * nx];
            let cells = runs(row.iter().map(|v| Some(quantise(*v))));
            chart.draw_series(cells.into_iter().map(|(s, e, q)| {
                Rectangle::new(
                    [(xe[s], te[k]), (xe[e], te[k + 1])],
                    level_colour(q).filled(),
                )
            }))?;
        }
        if finite().next().is_none() {
            centre_message(&chart, &area, "no finite data to plot")?;
        }
        // Colour bar right of the plot, maximum at the top.
        let (px, py) = plot_rect(&chart, &area);
        let (x0, x1) = (px.1 + 14, px.1 + 28);
        let span = f64::from(py.1 - py.0);
        let steps = 64;
        for s in 0..steps {
            let ya = py.1 - (span * f64::from(s + 1) / f64::from(steps)).round() as i32;
            let yb = py.1 - (span * f64::from(s) / f64::from(steps)).round() as i32;
            let c = viridis((f64::from(s) + 0.5) / f64::from(steps));
            area.draw(&Rectangle::new([(x0, ya), (x1, yb)], c.filled()))?;
        }
        area.draw(&Rectangle::new(
            [(x0, py.0), (x1, py.1)],
            MUTED.stroke_width(1),
        ))?;
        for (v, label) in &bar_ticks {
            let yy = py.1 - (span * (v - vmin) / (vmax - vmin)).round() as i32;
            area.draw(&PathElement::new(
                vec![(x1, yy), (x1 + 4, yy)],
                MUTED.stroke_width(1),
            ))?;
            area.draw_text(
                label,
                &anchored(TICK_PX, HPos::Left, VPos::Center).color(&MUTED),
                (x1 + 6, yy),
            )?;
        }
        if !h.value_label.is_empty() {
            let (label, size) = fit_text(&h.value_label, span, LABEL_PX, 9.0);
            let lx = f64::from(x1) + 8.0 + tick_w + 4.0 + size * 0.7;
            let style =
                anchored(size, HPos::Center, VPos::Center).transform(FontTransform::Rotate270);
            area.draw_text(&label, &style, (lx as i32, (py.0 + py.1) / 2))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_map_ends_and_quantisation() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(level_colour(LEVELS), NON_FINITE);
    }
}
