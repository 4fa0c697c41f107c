//! Shared figure scaffolding: backend setup, colours, fonts, title/legend/notes bands, axes.

use super::axis::Axis;
use super::svg::finalize;
use super::text::{fit_text, text_width};
use super::FigureError;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// A drawing area in pixel coordinates.
pub(crate) type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;
/// A chart whose axes are plot (transformed) coordinates.
pub(crate) type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>;

/// Body text colour (on the white card).
pub(crate) const TEXT: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
/// Secondary text, axes and reference lines.
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Card background.
pub(crate) const CARD: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Okabe–Ito colours (colour-blind safe), minus yellow which is too light on white.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
];

/// Palette colour `i` (cycling).
pub(crate) fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub(crate) const TICK_PX: f64 = 11.0;
pub(crate) const LABEL_PX: f64 = 12.5;
pub(crate) const LEGEND_PX: f64 = 12.0;
pub(crate) const NOTE_PX: f64 = 10.5;
const TITLE_PX: f64 = 15.0;

/// A sans-serif text style whose SVG `font-size` is `px` (plotters divides by 1.24).
pub(crate) fn font_px(px: f64) -> TextStyle<'static> {
    ("sans-serif", px * 1.24).into_font().color(&TEXT)
}

/// `font_px` anchored at `(h, v)`.
pub(crate) fn anchored(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    font_px(px).pos(Pos::new(h, v))
}

/// Draws a figure of `w × h` pixels on a white card and returns the finished SVG.
pub(crate) fn render(
    w: u32,
    h: u32,
    title: &str,
    desc: &str,
    draw: impl FnOnce(&Area<'_>) -> Result<(), FigureError>,
) -> Result<String, FigureError> {
    if !(200..=4000).contains(&w) || !(150..=4000).contains(&h) {
        return Err(FigureError::InvalidParameter {
            name: "figure size".to_string(),
            reason: format!("{w}×{h} px is outside 200–4000 × 150–4000"),
        });
    }
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&CARD)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(finalize(&buf, title, desc))
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// A line, optionally dashed, optionally with a marker dot.
    Line {
        colour: RGBColor,
        dashed: bool,
        marker: bool,
    },
    /// A marker dot only.
    Marker { colour: RGBColor },
    /// A filled box with an outline.
    Fill { colour: RGBColor, opacity: f64 },
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
}

/// Decorations around the chart area.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    pub title: String,
    pub legend: Vec<LegendEntry>,
    pub notes: Vec<String>,
}

const SWATCH_W: f64 = 22.0;
const SWATCH_GAP: f64 = 6.0;
const ENTRY_GAP: f64 = 18.0;
const ROW_H: f64 = 18.0;
const NOTE_H: f64 = 14.0;

/// Legend entries (label possibly shortened, its font size, width) laid out in rows.
fn legend_rows(entries: &[LegendEntry], max_w: f64) -> Vec<Vec<(String, f64, f64, Swatch)>> {
    let mut rows: Vec<Vec<(String, f64, f64, Swatch)>> = Vec::new();
    let mut row_w = 0.0;
    for e in entries {
        let (label, px) = fit_text(&e.label, max_w - SWATCH_W - SWATCH_GAP, LEGEND_PX, 9.0);
        let w = SWATCH_W + SWATCH_GAP + text_width(&label, px);
        let needs_new = rows.is_empty() || row_w + ENTRY_GAP + w > max_w;
        if needs_new {
            rows.push(Vec::new());
            row_w = w;
        } else {
            row_w += ENTRY_GAP + w;
        }
        if let Some(r) = rows.last_mut() {
            r.push((label, px, w, e.swatch));
        }
    }
    rows
}

fn draw_swatch(area: &Area<'_>, x: i32, cy: i32, s: Swatch) -> Result<(), FigureError> {
    let x1 = x + SWATCH_W as i32;
    match s {
        Swatch::Line {
            colour,
            dashed,
            marker,
        } => {
            if dashed {
                area.draw(&PathElement::new(
                    vec![(x, cy), (x + 8, cy)],
                    colour.stroke_width(2),
                ))?;
                area.draw(&PathElement::new(
                    vec![(x + 14, cy), (x1, cy)],
                    colour.stroke_width(2),
                ))?;
            } else {
                area.draw(&PathElement::new(
                    vec![(x, cy), (x1, cy)],
                    colour.stroke_width(2),
                ))?;
            }
            if marker {
                area.draw(&Circle::new((x + 11, cy), 3, colour.filled()))?;
            }
        }
        Swatch::Marker { colour } => area.draw(&Circle::new((x + 11, cy), 3, colour.filled()))?,
        Swatch::Fill { colour, opacity } => {
            area.draw(&Rectangle::new(
                [(x + 2, cy - 6), (x1 - 2, cy + 6)],
                colour.mix(opacity).filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(x + 2, cy - 6), (x1 - 2, cy + 6)],
                colour.stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// Draws title (top), legend and notes (bottom) and returns the area left for charts.
pub(crate) fn layout_frame<'b>(root: &Area<'b>, frame: &Frame) -> Result<Area<'b>, FigureError> {
    let (w, h) = root.dim_in_pixel();
    let (wf, hf) = (f64::from(w), f64::from(h));
    let mut top = 6.0;
    if !frame.title.is_empty() {
        // Bold text is about 8 % wider than the estimate.
        let (title, px) = fit_text(&frame.title, (wf - 24.0) / 1.08, TITLE_PX, 10.0);
        let style = ("sans-serif", px * 1.24)
            .into_font()
            .style(FontStyle::Bold)
            .color(&TEXT)
            .pos(Pos::new(HPos::Center, VPos::Top));
        root.draw_text(&title, &style, ((wf / 2.0) as i32, 8))?;
        top = 8.0 + px * 1.45 + 4.0;
    }
    // Legend and notes may take at most 40 % of the height left under the title;
    // notes come first, legend rows that do not fit are summarised in one more note.
    let budget = ((hf - top - 6.0) * 0.4).max(0.0);
    let mut notes: Vec<(String, f64)> = frame
        .notes
        .iter()
        .take((budget / NOTE_H) as usize)
        .map(|n| fit_text(n, wf - 24.0, NOTE_PX, 8.0))
        .collect();
    let mut rows = legend_rows(&frame.legend, wf - 24.0);
    let room = ((budget - notes.len() as f64 * NOTE_H - 6.0) / ROW_H).max(0.0) as usize;
    if rows.len() > room {
        let hidden: usize = rows[room.saturating_sub(1)..].iter().map(Vec::len).sum();
        rows.truncate(room.saturating_sub(1));
        notes.push(fit_text(
            &format!("+{hidden} legend entries not shown"),
            wf - 24.0,
            NOTE_PX,
            8.0,
        ));
    }
    let notes_h = notes.len() as f64 * NOTE_H;
    let legend_h = if rows.is_empty() {
        0.0
    } else {
        rows.len() as f64 * ROW_H + 6.0
    };
    let bottom = hf - 6.0 - notes_h - legend_h;
    for (r, row) in rows.iter().enumerate() {
        let row_w: f64 =
            row.iter().map(|e| e.2).sum::<f64>() + ENTRY_GAP * (row.len() as f64 - 1.0);
        let mut x = ((wf - row_w) / 2.0).max(12.0);
        let cy = (bottom + 6.0 + ROW_H * (r as f64 + 0.5)) as i32;
        for (label, px, ew, swatch) in row {
            draw_swatch(root, x as i32, cy, *swatch)?;
            let style = anchored(*px, HPos::Left, VPos::Center);
            root.draw_text(label, &style, ((x + SWATCH_W + SWATCH_GAP) as i32, cy))?;
            x += ew + ENTRY_GAP;
        }
    }
    for (i, (note, px)) in notes.iter().enumerate() {
        let style = anchored(*px, HPos::Left, VPos::Center).color(&MUTED);
        let cy = bottom + legend_h + NOTE_H * (i as f64 + 0.5);
        root.draw_text(note, &style, (12, cy as i32))?;
    }
    let top_px = top.round() as i32;
    let height = (bottom.round() as i32 - top_px).max(40);
    Ok(root.clone().shrink((0, top_px), (w, height as u32)))
}

/// Axis labels and extra space for a chart built by [`build_chart`].
pub(crate) struct AxesSpec<'s> {
    pub x: &'s Axis,
    pub y: &'s Axis,
    pub x_label: &'s str,
    pub y_label: &'s str,
    /// Minimum right margin in pixels (e.g. room for a colour bar).
    pub right_margin: u32,
}

/// Builds a chart in `area` with ticks, grid, frame and axis labels.
pub(crate) fn build_chart<'a, 'b>(
    area: &'a Area<'b>,
    spec: &AxesSpec<'_>,
) -> Result<Chart<'a, 'b>, FigureError> {
    let y_tick_w = spec
        .y
        .ticks
        .iter()
        .map(|(_, l)| text_width(l, TICK_PX))
        .fold(0.0, f64::max);
    let last_x_tick_w = spec
        .x
        .ticks
        .last()
        .map_or(0.0, |(_, l)| text_width(l, TICK_PX));
    let y_title_w = if spec.y_label.is_empty() {
        0.0
    } else {
        LABEL_PX * 1.2 + 8.0
    };
    let x_title_h = if spec.x_label.is_empty() {
        0.0
    } else {
        LABEL_PX * 1.3 + 6.0
    };
    let y_area = (y_tick_w + 12.0 + y_title_w + 4.0).ceil() as u32;
    let x_area = (TICK_PX * 1.3 + 10.0 + x_title_h).ceil() as u32;
    let right = spec
        .right_margin
        .max((last_x_tick_w / 2.0 + 8.0).ceil() as u32);
    let mut chart = ChartBuilder::on(area)
        .margin_top(10)
        .margin_right(right)
        .margin_left(4)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(spec.x.clone(), spec.y.clone())?;
    let xf = |v: &f64| spec.x.label_for(*v);
    let yf = |v: &f64| spec.y.label_for(*v);
    chart
        .configure_mesh()
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .label_style(font_px(TICK_PX).color(&MUTED))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(CARD.mix(0.0))
        .axis_style(MUTED.stroke_width(1))
        .set_all_tick_mark_size(4)
        .draw()?;
    let (px, py) = plot_rect(&chart, area);
    if !spec.x_label.is_empty() {
        let (label, size) = fit_text(spec.x_label, f64::from(px.1 - px.0), LABEL_PX, 9.0);
        let y = py.1 as f64 + TICK_PX * 1.3 + 10.0 + size * 0.7;
        let style = anchored(size, HPos::Center, VPos::Center);
        area.draw_text(&label, &style, ((px.0 + px.1) / 2, y as i32))?;
    }
    if !spec.y_label.is_empty() {
        let (label, size) = fit_text(spec.y_label, f64::from(py.1 - py.0), LABEL_PX, 9.0);
        let x = px.0 as f64 - y_tick_w - 12.0 - size * 0.75;
        let style = anchored(size, HPos::Center, VPos::Center).transform(FontTransform::Rotate270);
        area.draw_text(&label, &style, (x.max(size) as i32, (py.0 + py.1) / 2))?;
    }
    Ok(chart)
}

/// The plotting rectangle `((left, right), (top, bottom))` relative to `area`.
pub(crate) fn plot_rect(chart: &Chart<'_, '_>, area: &Area<'_>) -> ((i32, i32), (i32, i32)) {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    ((xr.start - bx, xr.end - bx), (yr.start - by, yr.end - by))
}

/// Plot coordinates → pixel position relative to `area`.
pub(crate) fn to_px(chart: &Chart<'_, '_>, area: &Area<'_>, p: (f64, f64)) -> (i32, i32) {
    let (x, y) = chart.backend_coord(&p);
    let (bx, by) = area.get_base_pixel();
    (x - bx, y - by)
}

/// Writes `msg` in the middle of the plotting rectangle (e.g. "no finite data").
pub(crate) fn centre_message(
    chart: &Chart<'_, '_>,
    area: &Area<'_>,
    msg: &str,
) -> Result<(), FigureError> {
    let (px, py) = plot_rect(chart, area);
    let (text, size) = fit_text(msg, f64::from(px.1 - px.0 - 8), LABEL_PX, 9.0);
    let style = anchored(size, HPos::Center, VPos::Center).color(&MUTED);
    area.draw_text(&text, &style, ((px.0 + px.1) / 2, (py.0 + py.1) / 2))?;
    Ok(())
}
