//! Tests of line plots: gaps, divergence, log domains, clipping, text, determinism, errors.

use super::*;

/// Point lists of every `<polyline>` stroked with `colour`.
pub(super) fn polylines(svg: &str, colour: &str) -> Vec<Vec<(i32, i32)>> {
    svg.split("<polyline")
        .skip(1)
        .map(|s| &s[..s.find("/>").unwrap()])
        .filter(|tag| tag.contains(&format!("stroke=\"{colour}\"")))
        .map(|tag| {
            let pts = tag.split("points=\"").nth(1).unwrap();
            let pts = &pts[..pts.find('"').unwrap()];
            pts.split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

pub(super) fn check_svg_shell(svg: &str, title_escaped: &str) {
    assert!(svg.starts_with("<svg "), "{}", &svg[..80]);
    let root_end = svg.find('>').unwrap();
    assert!(svg[..root_end].contains("viewBox=\"0 0 "));
    assert!(svg[..root_end].contains("role=\"img\""));
    let after = &svg[root_end + 1..];
    assert!(
        after.starts_with(&format!("\n<title>{title_escaped}</title>\n<desc>")),
        "{}",
        &after[..120.min(after.len())]
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    // Font sizes are printed with at most two decimals.
    for fs in svg.split("font-size=\"").skip(1) {
        let v = &fs[..fs.find('"').unwrap()];
        assert!(
            v.split('.').nth(1).is_none_or(|d| d.len() <= 2),
            "font-size {v}"
        );
    }
}

pub(super) fn series(x: Vec<f64>, y: Vec<f64>) -> Series {
    Series {
        x,
        y,
        ..Series::default()
    }
}

pub(super) const BLUE: &str = "#0072B2";

#[test]
fn nan_gap_breaks_the_line() {
    let x: Vec<f64> = (0..10).map(f64::from).collect();
    let mut y: Vec<f64> = x.iter().map(|v| v * v).collect();
    y[4] = f64::NAN;
    let svg = line_plot(&LinePlot {
        title: "gap".into(),
        series: vec![series(x, y)],
        ..LinePlot::default()
    })
    .unwrap();
    check_svg_shell(&svg, "gap");
    let lines = polylines(&svg, BLUE);
    assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 5]);
    assert!(svg.contains("1 point(s) not drawn"));
    assert!(!svg.contains("diverged"));
}

#[test]
fn divergence_is_marked_not_drawn_along_the_border() {
    let t: Vec<f64> = (0..8).map(|i| 0.1 * f64::from(i) + 0.01).collect();
    let y = vec![1.0, 0.5, 2.0, 1e5, 1e30, f64::INFINITY, f64::NAN, f64::NAN];
    let s = Series {
        diverged_above: Some(1e3),
        ..series(t, y)
    };
    let plot = LinePlot {
        title: "blow-up".into(),
        x_symbol: "t".into(),
        series: vec![s],
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    assert!(svg.contains("diverged at t = 0.31"), "{svg}");
    let lines = polylines(&svg, BLUE);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].len(),
        3,
        "only the points before the divergence are drawn"
    );
    // The y range comes from drawn data only: the last point is well inside the frame.
    let top = lines[0].iter().map(|p| p.1).min().unwrap();
    assert!(top > 20, "line touches the top border: {lines:?}");
    // Without a threshold, the trailing inf/NaN run is still a divergence.
    let plot = LinePlot {
        series: vec![series(
            vec![0.0, 1.0, 2.0, 3.0],
            vec![1.0, 2.0, f64::INFINITY, f64::NAN],
        )],
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    assert!(svg.contains("diverged at x = 2"));
    assert_eq!(
        polylines(&svg, BLUE)
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>(),
        vec![2]
    );
}

#[test]
fn log_axis_drops_non_positive_values() {
    let s = series(
        vec![1.0, 2.0, 3.0, 4.0, 5.0],
        vec![1.0, 0.0, -1.0, 10.0, 100.0],
    );
    let plot = LinePlot {
        y_scale: Scale::Log10,
        series: vec![s],
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    let lines = polylines(&svg, BLUE);
    assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), vec![2]);
    // The isolated first point is drawn as a dot, not as a line to the frame.
    assert_eq!(svg.matches(&format!("fill=\"{BLUE}\"")).count(), 1);
    assert!(svg.contains("2 point(s) not drawn"));
    assert!(svg.contains("10²") && svg.contains("10⁰"));
}

#[test]
fn explicit_range_clips_at_the_frame() {
    let s = series(vec![0.0, 1.0, 2.0, 3.0], vec![0.0, 2.0, 0.0, 0.5]);
    let plot = LinePlot {
        y_range: Some((0.0, 1.0)),
        series: vec![s],
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    assert_eq!(
        polylines(&svg, BLUE)
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>(),
        vec![2, 3]
    );
    let bad = LinePlot {
        y_range: Some((1.0, 0.0)),
        series: vec![series(vec![0.0], vec![0.0])],
        ..LinePlot::default()
    };
    assert!(matches!(
        line_plot(&bad),
        Err(FigureError::InvalidParameter { .. })
    ));
}

#[test]
fn fitted_slope_is_labelled() {
    let x = vec![0.1, 0.05, 0.025, 0.0125];
    let y: Vec<f64> = x.iter().map(|h: &f64| 3.0 * h * h).collect();
    let fit = fit_slope(&x, &y, Scale::Log10, Scale::Log10).unwrap();
    assert!((fit.slope - 2.0).abs() < 1e-12);
    let inv: Vec<f64> = x.iter().map(|h| 1.0 / (h * h)).collect();
    let s = Series {
        label: "error".into(),
        fit_slope: true,
        ..series(x.clone(), inv)
    };
    let plot = LinePlot {
        x_scale: Scale::Log10,
        y_scale: Scale::Log10,
        series: vec![s],
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    assert!(svg.contains("slope = -2.00"), "{svg}");
    assert!(matches!(
        fit_slope(&[1.0], &[1.0], Scale::Linear, Scale::Linear),
        Err(FigureError::Fit { .. })
    ));
    let flat = Series {
        fit_slope: true,
        ..series(vec![2.0, 2.0], vec![1.0, 3.0])
    };
    assert!(line_plot(&LinePlot {
        series: vec![flat],
        ..LinePlot::default()
    })
    .is_err());
}

#[test]
fn empty_and_invalid_inputs_do_not_panic() {
    assert!(matches!(
        line_plot(&LinePlot::default()),
        Err(FigureError::NothingToDraw { .. })
    ));
    let svg = line_plot(&LinePlot {
        series: vec![series(vec![], vec![])],
        ..LinePlot::default()
    })
    .unwrap();
    assert!(svg.contains("no finite data to plot"));
    let svg = line_plot(&LinePlot {
        series: vec![series(vec![1.0], vec![2.0])],
        ..LinePlot::default()
    })
    .unwrap();
    assert_eq!(
        svg.matches(&format!("fill=\"{BLUE}\"")).count(),
        1,
        "a single point is a dot"
    );
    let svg = line_plot(&LinePlot {
        series: vec![series(vec![1.0, 2.0, 3.0], vec![5.0; 3])],
        ..LinePlot::default()
    })
    .unwrap();
    assert_eq!(polylines(&svg, BLUE).len(), 1);
    let bad = LinePlot {
        series: vec![series(vec![1.0, 2.0], vec![1.0])],
        ..LinePlot::default()
    };
    assert!(matches!(
        line_plot(&bad),
        Err(FigureError::LengthMismatch { .. })
    ));
    let bad = LinePlot {
        y_scale: Scale::SymLog { linthresh: 0.0 },
        series: vec![series(vec![1.0], vec![1.0])],
        ..LinePlot::default()
    };
    assert!(matches!(
        line_plot(&bad),
        Err(FigureError::InvalidParameter { .. })
    ));
    let bad = LinePlot {
        width: 10,
        series: vec![series(vec![1.0], vec![1.0])],
        ..LinePlot::default()
    };
    assert!(line_plot(&bad).is_err());
    let bad = LinePlot {
        y_scale: Scale::Log10,
        hlines: vec![RefLine {
            value: 0.0,
            label: "zero".into(),
        }],
        series: vec![series(vec![1.0], vec![1.0])],
        ..LinePlot::default()
    };
    assert!(line_plot(&bad).is_err());
}
