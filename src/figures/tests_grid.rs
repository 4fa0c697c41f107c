//! Tests of grid figures: stability regions, heat maps and histograms.

use super::tests_line::{check_svg_shell, polylines};
use super::*;

fn grid(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .collect()
}

/// |R(z)| of forward Euler (`1 + z`) and backward Euler (`1 / (1 - z)`) on a grid.
fn euler_regions(re: &[f64], im: &[f64]) -> Vec<StabilityRegion> {
    let mut fe = Vec::new();
    let mut be = Vec::new();
    for y in im {
        for x in re {
            fe.push(((1.0 + x).powi(2) + y * y).sqrt());
            be.push(1.0 / ((1.0 - x).powi(2) + y * y).sqrt());
        }
    }
    vec![
        StabilityRegion {
            label: "전진 오일러 (forward Euler)".into(),
            data: RegionData::Modulus(fe),
        },
        StabilityRegion {
            label: "후진 오일러 (backward Euler)".into(),
            data: RegionData::Modulus(be),
        },
    ]
}

fn count_rects(svg: &str, fill: &str, opacity: &str) -> usize {
    svg.split("<rect ")
        .skip(1)
        .filter(|r| {
            r.contains(&format!("fill=\"{fill}\"")) && r.contains(&format!("opacity=\"{opacity}\""))
        })
        .count()
}

#[test]
fn stability_overlay() {
    let (re, im) = (grid(-3.0, 3.0, 61), grid(-2.0, 2.0, 41));
    let plot = StabilityPlot {
        title: "안정 영역 & regions".into(),
        regions: euler_regions(&re, &im),
        re,
        im,
        ..StabilityPlot::default()
    };
    let svg = stability_plot(&plot).unwrap();
    check_svg_shell(&svg, "안정 영역 &amp; regions");
    assert!(svg.contains("Re z") && svg.contains("Im z"));
    assert!(svg.contains("전진 오일러 (forward Euler)"));
    // Stable cells are merged into one rectangle per row run.
    let fe_rects = count_rects(&svg, "#0072B2", "0.28");
    assert!((15..=41).contains(&fe_rects), "{fe_rects}");
    assert!(count_rects(&svg, "#D55E00", "0.28") > 41);
    // The |1 + z| = 1 boundary is one closed polyline (plus the legend swatch).
    let lines = polylines(&svg, "#0072B2");
    let boundary = lines.iter().max_by_key(|l| l.len()).unwrap();
    assert!(boundary.len() > 20);
    assert_eq!(boundary.first(), boundary.last());
    assert_eq!(stability_plot(&plot).unwrap(), svg, "deterministic");
}

#[test]
fn stability_small_multiples_and_masks() {
    let (re, im) = (grid(-3.0, 1.0, 21), grid(-2.0, 2.0, 21));
    let mask: Vec<bool> = im
        .iter()
        .flat_map(|y| re.iter().map(move |x| x * x + y * y <= 1.0))
        .collect();
    let mut regions = euler_regions(&re, &im);
    regions.push(StabilityRegion {
        label: "mask".into(),
        data: RegionData::Mask(mask),
    });
    let plot = StabilityPlot {
        regions,
        re: re.clone(),
        im: im.clone(),
        layout: StabilityLayout::SmallMultiples { columns: 2 },
        width: 700,
        height: 600,
        ..StabilityPlot::default()
    };
    let svg = stability_plot(&plot).unwrap();
    for label in [
        "전진 오일러 (forward Euler)",
        "후진 오일러 (backward Euler)",
        "mask",
    ] {
        assert!(svg.contains(&format!("{label}\n</text>")), "{label}");
    }
    assert_eq!(svg.matches(">\nRe z\n</text>").count(), 3);
    assert!(count_rects(&svg, "#009E73", "0.45") > 0);
    let bad = StabilityPlot {
        re: vec![0.0, 0.0],
        im: im.clone(),
        regions: euler_regions(&re, &im),
        ..StabilityPlot::default()
    };
    assert!(matches!(
        stability_plot(&bad),
        Err(FigureError::InvalidParameter { .. })
    ));
    let short = StabilityPlot {
        re,
        im,
        regions: vec![StabilityRegion {
            label: "x".into(),
            data: RegionData::Mask(vec![true]),
        }],
        ..StabilityPlot::default()
    };
    assert!(matches!(
        stability_plot(&short),
        Err(FigureError::LengthMismatch { .. })
    ));
    assert!(stability_plot(&StabilityPlot::default()).is_err());
}

#[test]
fn heat_map_cells_colour_bar_and_non_finite() {
    let x = grid(0.0, 1.0, 40);
    let t = grid(0.0, 0.5, 20);
    let mut values: Vec<f64> = t
        .iter()
        .flat_map(|tt| {
            x.iter()
                .map(move |xx| (-tt * 10.0).exp() * (std::f64::consts::PI * xx).sin())
        })
        .collect();
    values[5] = f64::NAN;
    let hm = HeatMap {
        title: "열 방정식 (heat equation)".into(),
        value_label: "온도 u".into(),
        x: x.clone(),
        t: t.clone(),
        values: values.clone(),
        ..HeatMap::default()
    };
    let svg = heat_map(&hm).unwrap();
    check_svg_shell(&svg, "열 방정식 (heat equation)");
    assert!(svg.contains("non-finite (1 cells)"));
    assert!(svg.contains("fill=\"#BDBDBD\""));
    assert!(svg.contains("온도 u\n</text>"));
    assert!(svg.contains("fill=\"#440154\"") || svg.contains("fill=\"#FDE725\""));
    assert_eq!(heat_map(&hm).unwrap(), svg);
    let bad = HeatMap {
        values: vec![1.0; 3],
        x: x.clone(),
        t: t.clone(),
        ..HeatMap::default()
    };
    assert!(matches!(
        heat_map(&bad),
        Err(FigureError::LengthMismatch { .. })
    ));
    let nan = HeatMap {
        values: vec![f64::NAN; 800],
        x,
        t,
        ..HeatMap::default()
    };
    assert!(heat_map(&nan).unwrap().contains("no finite data to plot"));
    let one = HeatMap {
        values: vec![2.0],
        x: vec![0.0],
        t: vec![0.0],
        ..HeatMap::default()
    };
    assert!(heat_map(&one).is_ok());
}

#[test]
fn histogram_counts_and_log_axis() {
    let h = Histogram {
        title: "hist".into(),
        data: vec![HistogramData {
            label: "a".into(),
            samples: vec![1.0, 2.0, 2.0, 3.0, 3.0, 3.0, f64::NAN, 10.0],
        }],
        bins: Bins::Edges(vec![0.5, 1.5, 2.5, 3.5]),
        ..Histogram::default()
    };
    let svg = histogram(&h).unwrap();
    check_svg_shell(&svg, "hist");
    assert_eq!(
        count_rects(&svg, "#0072B2", "0.55"),
        3 + 1,
        "three bars and the legend swatch"
    );
    assert!(svg.contains("1 sample(s) left out: non-finite"));
    assert!(svg.contains("1 sample(s) outside the bin edges"));
    let mut heights: Vec<i32> = svg
        .split("<rect ")
        .filter(|r| r.contains("fill=\"#0072B2\"") && r.contains("opacity=\"0.55\""))
        .map(|r| {
            r.split("height=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    heights.sort();
    assert!(
        heights[1] * 2 - heights[2] <= 2 && heights[3] * 2 - 3 * heights[2] <= 3,
        "{heights:?}"
    );
    let spectral = Histogram {
        data: vec![
            HistogramData {
                label: "H₁".into(),
                samples: (1..200).map(|i| f64::from(i).powi(2) * 1e-3).collect(),
            },
            HistogramData {
                label: "H₂".into(),
                samples: vec![-1.0, 0.0, 0.5, 5.0, 50.0],
            },
        ],
        log_x: true,
        log_y: true,
        density: true,
        ..Histogram::default()
    };
    let svg = histogram(&spectral).unwrap();
    assert!(svg.contains("2 sample(s) left out: non-finite or ≤ 0 on the log axis"));
    assert!(
        !svg.contains("outside the bin edges"),
        "automatic bins cover every sample"
    );
    assert!(svg.contains("density"));
    assert!(count_rects(&svg, "#D55E00", "0.35") >= 3);
    assert!(matches!(
        histogram(&Histogram::default()),
        Err(FigureError::NothingToDraw { .. })
    ));
    let empty = Histogram {
        data: vec![HistogramData::default()],
        ..Histogram::default()
    };
    assert!(histogram(&empty)
        .unwrap()
        .contains("no finite data to plot"));
    let bad = Histogram {
        data: vec![HistogramData::default()],
        bins: Bins::Count(0),
        ..Histogram::default()
    };
    assert!(histogram(&bad).is_err());
}
