//! Tests of figure output: Korean text layout and escaping, determinism, spectra plots.

use super::tests_line::{check_svg_shell, polylines, series, BLUE};
use super::text::text_width;
use super::*;

#[test]
fn korean_text_is_escaped_placed_and_fits() {
    let title = "전진 오일러 (forward Euler) <안정성> & 오차";
    let label = "전진 오일러 (forward Euler)";
    let s = Series {
        label: label.into(),
        ..series(vec![0.0, 1.0, 2.0], vec![1.0, 0.5, 0.25])
    };
    let s2 = Series {
        label: "후진 오일러 (backward Euler)".into(),
        ..series(vec![0.0, 1.0, 2.0], vec![1.0, 0.7, 0.5])
    };
    let plot = LinePlot {
        title: title.into(),
        description: "오차 & 시간".into(),
        x_label: "시간 t".into(),
        y_label: "오차 |e|".into(),
        series: vec![s, s2],
        vlines: vec![RefLine {
            value: 1.0,
            label: "안정 한계".into(),
        }],
        width: 420,
        height: 300,
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    check_svg_shell(
        &svg,
        "전진 오일러 (forward Euler) &lt;안정성&gt; &amp; 오차",
    );
    assert!(svg.contains("<desc>오차 &amp; 시간</desc>"));
    for text in [
        "전진 오일러 (forward Euler) &lt;안정성&gt; &amp; 오차",
        label,
        "후진 오일러 (backward Euler)",
        "시간 t",
        "안정 한계",
    ] {
        assert!(svg.contains(&format!("{text}\n</text>")), "missing {text}");
    }
    // Every left-anchored text fits inside the figure by our width estimate.
    for chunk in svg.split("<text ").skip(1) {
        let attr = |name: &str| {
            chunk
                .split(&format!(" {name}=\""))
                .nth(1)
                .map(|r| r[..r.find('"').unwrap()].to_string())
        };
        let body = &chunk[chunk.find(">\n").unwrap() + 2..chunk.find("\n</text>").unwrap()];
        let x: f64 = chunk
            .strip_prefix("x=\"")
            .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
            .unwrap();
        let size: f64 = attr("font-size").unwrap().parse().unwrap();
        let w = text_width(
            &body
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
            size,
        );
        match attr("text-anchor").as_deref() {
            Some("start") if attr("transform").is_none() => {
                assert!(x + w <= 420.0, "{body} overflows: {x} + {w}")
            }
            Some("middle") if attr("transform").is_none() => {
                assert!(x - w / 2.0 >= 0.0 && x + w / 2.0 <= 420.0, "{body}")
            }
            _ => {}
        }
    }
}

#[test]
fn long_korean_title_shrinks_or_is_shortened() {
    let title =
        "아주 긴 제목: 강성 미분방정식에 대한 전진 오일러 방법과 후진 오일러 방법의 안정성 비교";
    let plot = LinePlot {
        title: title.into(),
        series: vec![series(vec![0.0, 1.0], vec![0.0, 1.0])],
        width: 320,
        height: 240,
        ..LinePlot::default()
    };
    let svg = line_plot(&plot).unwrap();
    assert!(svg.contains(&format!("<title>{title}</title>")));
    let drawn = svg.split("font-weight=\"bold\"").count() - 1;
    assert_eq!(drawn, 1);
    let tag = svg
        .split("<text ")
        .find(|t| t.contains("font-weight=\"bold\""))
        .unwrap();
    let size: f64 = tag
        .split("font-size=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(size < 15.0);
}

#[test]
fn output_is_deterministic() {
    let mk = || {
        let x: Vec<f64> = (0..50).map(|i| f64::from(i) / 7.0).collect();
        let y: Vec<f64> = x.iter().map(|v| (v * 1.3).sin() / (1.0 + v)).collect();
        LinePlot {
            title: "det".into(),
            series: vec![Series {
                label: "a".into(),
                style: SeriesStyle {
                    markers: true,
                    dashed: true,
                    ..SeriesStyle::default()
                },
                ..series(x, y)
            }],
            hlines: vec![RefLine {
                value: 0.0,
                label: "zero".into(),
            }],
            ..LinePlot::default()
        }
    };
    assert_eq!(line_plot(&mk()).unwrap(), line_plot(&mk()).unwrap());
}

#[test]
fn spectra_on_symlog_axis() {
    let a = Spectrum {
        label: "H(x*)".into(),
        eigenvalues: vec![3.0, -0.5, 1e4, 0.0, 2e-4, f64::NAN],
    };
    let b = Spectrum {
        label: "H(x0)".into(),
        eigenvalues: vec![-200.0, 5.0, 50.0, 1e-3, 7.0],
    };
    let svg = spectra_plot(&SpectraPlot {
        title: "spectra".into(),
        spectra: vec![a, b],
        linthresh: 1e-2,
        ..SpectraPlot::default()
    })
    .unwrap();
    assert!(svg.contains("1 non-finite eigenvalue(s) left out"));
    let blue = polylines(&svg, BLUE);
    let orange = polylines(&svg, "#D55E00");
    assert_eq!(blue.iter().map(Vec::len).max(), Some(5));
    assert_eq!(orange.iter().map(Vec::len).max(), Some(5));
    // Sorted ascending: pixel y decreases along the line.
    let longest = blue.iter().find(|l| l.len() == 5).unwrap();
    assert!(longest.windows(2).all(|w| w[1].1 <= w[0].1), "{longest:?}");
    assert!(
        svg.contains(">\n0\n</text>")
            && svg.contains(">\n10³\n</text>")
            && svg.contains(">\n-10⁻¹\n</text>")
    );
}

#[test]
fn extreme_values_and_tiny_figures_do_not_panic() {
    let cases: Vec<(Scale, Vec<f64>, Vec<f64>)> = vec![
        (
            Scale::Linear,
            vec![0.0, 1.0, 2.0],
            vec![f64::MAX, -f64::MAX, 1.0],
        ),
        (Scale::Linear, vec![0.0, 1.0], vec![1e-320, 2e-320]),
        (
            Scale::Linear,
            vec![3.0, 1.0, 2.0],
            vec![1e300, 1e300, 1e300],
        ),
        (Scale::Log10, vec![1.0, 2.0, 3.0], vec![1e-300, 1.0, 1e300]),
        (Scale::Log10, vec![1.0, 2.0], vec![5.0, 5.0]),
        (
            Scale::SymLog { linthresh: 1e-300 },
            vec![1.0, 2.0, 3.0],
            vec![-1e300, 0.0, 1e300],
        ),
        (
            Scale::SymLog { linthresh: 1e300 },
            vec![1.0, 2.0],
            vec![-1.0, 1.0],
        ),
    ];
    for (scale, x, y) in cases {
        let plot = LinePlot {
            y_scale: scale,
            series: vec![series(x.clone(), y.clone())],
            ..LinePlot::default()
        };
        let svg = line_plot(&plot).unwrap_or_else(|e| panic!("{scale:?} {y:?}: {e}"));
        assert!(svg.starts_with("<svg"));
    }
    // Huge symlog ratios stay finite: all three points are drawn, no line to the border.
    let plot = LinePlot {
        y_scale: Scale::SymLog { linthresh: 1e-300 },
        series: vec![series(vec![1.0, 2.0, 3.0], vec![-1e300, 0.0, 1e300])],
        ..LinePlot::default()
    };
    let lines = polylines(&line_plot(&plot).unwrap(), BLUE);
    assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), vec![3]);
    let labels: Vec<Series> = (0..6)
        .map(|i| Series {
            label: format!("아주 긴 범례 항목 번호 {i} (a rather long legend entry)"),
            ..series(vec![0.0, 1.0], vec![0.0, f64::from(i)])
        })
        .collect();
    let tiny = LinePlot {
        title: "작은 그림 (tiny figure) with a long title".into(),
        x_label: "가로축 x-axis label".into(),
        y_label: "세로축 y-axis label".into(),
        series: labels,
        width: 200,
        height: 150,
        ..LinePlot::default()
    };
    match line_plot(&tiny) {
        Ok(svg) => assert!(svg.contains("<title>")),
        Err(e) => assert!(matches!(e, FigureError::Draw(_)), "{e}"),
    }
    let hm = HeatMap {
        x: vec![0.0, 1.0],
        t: vec![0.0, 1.0],
        values: vec![f64::MAX, -f64::MAX, 0.0, f64::INFINITY],
        width: 200,
        height: 150,
        ..HeatMap::default()
    };
    assert!(heat_map(&hm).is_ok());
}
