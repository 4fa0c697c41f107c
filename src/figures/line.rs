//! Line plots with gap handling, divergence marks, reference lines and fitted slopes.

use super::axis::{Axis, Bounds};
use super::canvas::{
    anchored, build_chart, centre_message, colour, layout_frame, plot_rect, render, to_px,
    AxesSpec, Chart, Frame, LegendEntry, Swatch, MUTED, TEXT, TICK_PX,
};
use super::geom::{clip_run, prepare, Prepared, Pt};
use super::text::fmt_num;
use super::{FigureError, LinePlot, Scale, Series, SeriesStyle};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A least-squares line `v = slope·u + intercept` in plot coordinates
/// (`u = log10 x`, `v = log10 y` on log–log axes, so `slope` is the power-law exponent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    /// Fitted slope.
    pub slope: f64,
    /// Fitted intercept.
    pub intercept: f64,
    /// Number of points used.
    pub points: usize,
}

fn fit_points(points: &[Pt], series: &str) -> Result<LineFit, FigureError> {
    let n = points.len();
    let err = |reason: &str| FigureError::Fit {
        series: series.to_string(),
        reason: reason.to_string(),
    };
    if n < 2 {
        return Err(err("fewer than two drawable points"));
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx.is_nan() || sxx <= 0.0 {
        return Err(err("all x values are equal"));
    }
    let slope = sxy / sxx;
    Ok(LineFit {
        slope,
        intercept: my - slope * mx,
        points: n,
    })
}

/// Least-squares fit through the drawable points of `(x, y)` in the coordinates of the
/// given scales (non-finite points and points outside a log axis' domain are skipped).
pub fn fit_slope(
    x: &[f64],
    y: &[f64],
    x_scale: Scale,
    y_scale: Scale,
) -> Result<LineFit, FigureError> {
    if x.len() != y.len() {
        return Err(FigureError::LengthMismatch {
            what: "fit y".to_string(),
            expected: x.len(),
            found: y.len(),
        });
    }
    let pts: Vec<Pt> = x
        .iter()
        .zip(y)
        .filter_map(|(a, b)| Some((x_scale.forward(*a)?, y_scale.forward(*b)?)))
        .collect();
    fit_points(&pts, "")
}

/// Draws a line plot. See the module docs of [`crate::figures`] for the handling of
/// NaN, infinities, log-axis domains and divergence.
pub fn line_plot(p: &LinePlot) -> Result<String, FigureError> {
    line_plot_with_notes(p, Vec::new())
}

struct Fitted {
    fit: LineFit,
    from: f64,
    to: f64,
    colour: RGBColor,
}

fn series_colour(s: &Series, i: usize) -> RGBColor {
    colour(s.style.colour.unwrap_or(i))
}

pub(super) fn line_plot_with_notes(
    p: &LinePlot,
    mut notes: Vec<String>,
) -> Result<String, FigureError> {
    if p.series.is_empty() {
        return Err(FigureError::NothingToDraw {
            figure: p.title.clone(),
            what: "series",
        });
    }
    p.x_scale.validate("x")?;
    p.y_scale.validate("y")?;
    let mut prepared = Vec::with_capacity(p.series.len());
    for s in &p.series {
        if s.x.len() != s.y.len() {
            return Err(FigureError::LengthMismatch {
                what: format!("y of series '{}'", s.label),
                expected: s.x.len(),
                found: s.y.len(),
            });
        }
        prepared.push(prepare(&s.x, &s.y, p.x_scale, p.y_scale, s.diverged_above));
    }
    let (mut bx, mut by) = (Bounds::default(), Bounds::default());
    for prep in &prepared {
        prep.extend_bounds(&mut bx, &mut by, p.x_scale);
    }
    let ref_pos = |lines: &[super::RefLine],
                   scale: Scale,
                   axis: &str|
     -> Result<Vec<(f64, String)>, FigureError> {
        lines
            .iter()
            .map(|l| {
                scale
                    .forward(l.value)
                    .map(|t| (t, l.label.clone()))
                    .ok_or_else(|| FigureError::InvalidParameter {
                        name: format!("{axis} reference line '{}'", l.label),
                        reason: format!("{} cannot be drawn on this axis", l.value),
                    })
            })
            .collect()
    };
    let vlines = ref_pos(&p.vlines, p.x_scale, "vertical")?;
    let hlines = ref_pos(&p.hlines, p.y_scale, "horizontal")?;
    vlines.iter().for_each(|(t, _)| bx.add(*t));
    hlines.iter().for_each(|(t, _)| by.add(*t));
    let x = Axis::auto(p.x_scale, bx, p.x_range, "x")?;
    let y = Axis::auto(p.y_scale, by, p.y_range, "y")?;

    let mut frame = Frame {
        title: p.title.clone(),
        ..Frame::default()
    };
    let mut fits = Vec::new();
    for (i, (s, prep)) in p.series.iter().zip(&prepared).enumerate() {
        let c = series_colour(s, i);
        if !s.label.is_empty() {
            let swatch = match (s.style.line, s.style.markers) {
                (true, m) => Swatch::Line {
                    colour: c,
                    dashed: s.style.dashed,
                    marker: m,
                },
                (false, _) => Swatch::Marker { colour: c },
            };
            frame.legend.push(LegendEntry {
                label: s.label.clone(),
                swatch,
            });
        }
        if s.fit_slope {
            let pts: Vec<Pt> = prep.runs.iter().flatten().copied().collect();
            let fit = fit_points(&pts, &s.label)?;
            let from = pts.iter().map(|q| q.0).fold(f64::INFINITY, f64::min);
            let to = pts.iter().map(|q| q.0).fold(f64::NEG_INFINITY, f64::max);
            frame.legend.push(LegendEntry {
                label: format!("slope = {:.2}", fit.slope),
                swatch: Swatch::Line {
                    colour: c,
                    dashed: true,
                    marker: false,
                },
            });
            fits.push(Fitted {
                fit,
                from,
                to,
                colour: c,
            });
        }
    }
    let dropped: usize = prepared.iter().map(|q| q.dropped).sum();
    if dropped > 0 {
        notes.insert(
            0,
            format!("{dropped} point(s) not drawn: NaN or outside the axis domain (e.g. ≤ 0 on a log axis)"),
        );
    }
    frame.notes = notes;

    render(p.width, p.height, &p.title, &p.description, |root| {
        let area = layout_frame(root, &frame)?;
        let spec = AxesSpec {
            x: &x,
            y: &y,
            x_label: &p.x_label,
            y_label: &p.y_label,
            right_margin: 16,
        };
        let mut chart = build_chart(&area, &spec)?;
        let bx = (x.lo, x.hi);
        let by = (y.lo, y.hi);
        for (t, label) in &vlines {
            draw_ref(
                &mut chart,
                &area,
                &[(*t, y.lo), (*t, y.hi)],
                label,
                true,
                bx,
                by,
            )?;
        }
        for (t, label) in &hlines {
            draw_ref(
                &mut chart,
                &area,
                &[(x.lo, *t), (x.hi, *t)],
                label,
                false,
                bx,
                by,
            )?;
        }
        for (i, (s, prep)) in p.series.iter().zip(&prepared).enumerate() {
            draw_series(&mut chart, prep, &s.style, series_colour(s, i), bx, by)?;
        }
        for f in &fits {
            let pts = [
                (f.from, f.fit.slope * f.from + f.fit.intercept),
                (f.to, f.fit.slope * f.to + f.fit.intercept),
            ];
            for piece in clip_run(&pts, bx, by) {
                chart.draw_series(DashedLineSeries::new(piece, 7, 5, f.colour.stroke_width(2)))?;
            }
        }
        let diverged: Vec<_> = p
            .series
            .iter()
            .zip(&prepared)
            .enumerate()
            .filter(|(_, (_, q))| q.divergence.is_some())
            .collect();
        let many = diverged.len() > 1;
        for (k, (i, (s, prep))) in diverged.into_iter().enumerate() {
            let who = if many && !s.label.is_empty() {
                format!("{} ", s.label)
            } else {
                String::new()
            };
            draw_divergence(
                &mut chart,
                &area,
                p,
                prep,
                series_colour(s, i),
                &who,
                k,
                (&x, &y),
            )?;
        }
        if prepared
            .iter()
            .all(|q| q.runs.is_empty() && q.divergence.is_none())
        {
            centre_message(&chart, &area, "no finite data to plot")?;
        }
        Ok(())
    })
}

fn draw_series(
    chart: &mut Chart<'_, '_>,
    prep: &Prepared,
    style: &SeriesStyle,
    c: RGBColor,
    bx: (f64, f64),
    by: (f64, f64),
) -> Result<(), FigureError> {
    let markers = style.markers || !style.line;
    for run in &prep.runs {
        for piece in clip_run(run, bx, by) {
            if style.line && piece.len() >= 2 {
                if style.dashed {
                    chart.draw_series(DashedLineSeries::new(
                        piece.clone(),
                        6,
                        4,
                        c.stroke_width(2),
                    ))?;
                } else {
                    chart.draw_series(LineSeries::new(piece.clone(), c.stroke_width(2)))?;
                }
            }
            if markers || piece.len() == 1 {
                let r = if markers { 3 } else { 2 };
                chart.draw_series(piece.iter().map(|q| Circle::new(*q, r, c.filled())))?;
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_ref(
    chart: &mut Chart<'_, '_>,
    area: &super::canvas::Area<'_>,
    line: &[Pt; 2],
    label: &str,
    vertical: bool,
    bx: (f64, f64),
    by: (f64, f64),
) -> Result<(), FigureError> {
    let inside = |q: &Pt| q.0 >= bx.0 && q.0 <= bx.1 && q.1 >= by.0 && q.1 <= by.1;
    if !inside(&line[0]) || !inside(&line[1]) {
        return Ok(());
    }
    chart.draw_series(DashedLineSeries::new(
        line.to_vec(),
        5,
        4,
        MUTED.stroke_width(1),
    ))?;
    if label.is_empty() {
        return Ok(());
    }
    let (px, _) = plot_rect(chart, area);
    let end = to_px(chart, area, line[1]);
    if vertical {
        let (h, dx) = if end.0 > (px.0 + px.1) / 2 {
            (HPos::Right, -4)
        } else {
            (HPos::Left, 4)
        };
        area.draw_text(
            label,
            &anchored(TICK_PX, h, VPos::Top).color(&MUTED),
            (end.0 + dx, end.1 + 4),
        )?;
    } else {
        let style = anchored(TICK_PX, HPos::Right, VPos::Bottom).color(&MUTED);
        area.draw_text(label, &style, (end.0 - 4, end.1 - 3))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_divergence(
    chart: &mut Chart<'_, '_>,
    area: &super::canvas::Area<'_>,
    p: &LinePlot,
    prep: &Prepared,
    c: RGBColor,
    who: &str,
    k: usize,
    (x, y): (&Axis, &Axis),
) -> Result<(), FigureError> {
    let Some(d) = &prep.divergence else {
        return Ok(());
    };
    let tx =
        d.x.and_then(|v| p.x_scale.forward(v))
            .or(d.last.map(|l| l.0))
            .unwrap_or(x.lo);
    let ty = d.last.map_or(y.hi - 0.05 * (y.hi - y.lo), |l| l.1);
    let clamp = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi);
    let at = (clamp(tx, x.lo, x.hi), clamp(ty, y.lo, y.hi));
    chart.draw_series(std::iter::once(Cross::new(at, 5, c.stroke_width(2))))?;
    let sym = if p.x_symbol.is_empty() {
        "x"
    } else {
        p.x_symbol.as_str()
    };
    let text = match d.x {
        Some(v) => format!("{who}diverged at {sym} = {}", fmt_num(v, 3)),
        None => format!("{who}diverged (no finite values)"),
    };
    let (px, py) = plot_rect(chart, area);
    let (mx, _) = to_px(chart, area, at);
    // Divergence labels are stacked from the top of the plot, 15 px apart, one row per
    // series, so several of them never overlap (the × marks the point itself).
    let ty = (py.0 + 10 + 15 * k as i32).min(py.1 - 8);
    let (h, tx) = if mx > (px.0 + px.1) / 2 {
        (HPos::Right, mx - 8)
    } else {
        (HPos::Left, mx + 8)
    };
    area.draw_text(
        &text,
        &anchored(TICK_PX, h, VPos::Center).color(&TEXT),
        (tx, ty),
    )?;
    Ok(())
}
