//! `stability-region`: the absolute-stability regions `{z : |R(z)| ≤ 1}` of FE, BE, CN and RK4.
//!
//! Applied to the Dahlquist test equation `y' = λy`, a one-step method gives
//! `y^{n+1} = R(z) y^n` with `z = λΔt`: FE `R = 1 + z` (the unit disc centred at −1),
//! BE `R = 1/(1 − z)` (outside the unit disc centred at +1), CN
//! `R = (1 + z/2)/(1 − z/2)` (exactly the left half-plane), RK4 the degree-4 Taylor
//! polynomial of `e^z` (Hairer & Wanner, *Solving Ordinary Differential Equations
//! II*, 2nd ed. 1996, §IV.2–IV.3; LeVeque, *Finite Difference Methods for ODEs and
//! PDEs*, SIAM 2007, §7.6). A method is A-stable when the region contains the left
//! half-plane (BE, CN); on the negative real axis FE is stable down to `z = −2`,
//! RK4 to `z ≈ −2.785`.
//!
//! Outputs per method (suffix `fe`, `be`, `cn`, `rk4`): the left end of the real
//! stability interval, the stable fraction of the sampled rectangle, and whether
//! every sampled point with `Re z ≤ 0` is stable. Figure: the regions, overlaid or
//! as small multiples (`kind: overlay` or `kind: panels`).

use super::common::{self, flag, output_docs, param_docs, MethodName};
use crate::experiment::outputs::Outputs;
use crate::experiment::solver::{
    Figure, FigureOptions, OutputDoc, ParamDoc, ParamError, TypedSolver,
};
use crate::figures::{
    stability_plot, RegionData, StabilityLayout, StabilityPlot, StabilityRegion as Region,
};
use crate::numerics::stiff::{
    stability_region, StabilityRegion, StabilityRegionParams, MAX_REGION_SAMPLES,
};
use serde::{Deserialize, Serialize};

/// `|R| ≤ 1 + TOL` counts as stable in the left-half-plane test (CN has `|R| = 1`
/// on the imaginary axis, which rounding may push just above 1).
const TOL: f64 = 1e-12;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub methods: Vec<MethodName>,
    pub re_min: f64,
    pub re_max: f64,
    pub im_min: f64,
    pub im_max: f64,
    pub n_re: usize,
    pub n_im: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            methods: vec![
                MethodName::Fe,
                MethodName::Be,
                MethodName::Cn,
                MethodName::Rk4,
            ],
            re_min: -4.0,
            re_max: 2.0,
            im_min: -3.0,
            im_max: 3.0,
            n_re: 121,
            n_im: 121,
        }
    }
}

pub struct StabilityRegions;

fn regions(p: &Params) -> Result<Vec<(MethodName, StabilityRegion)>, String> {
    p.methods
        .iter()
        .map(|&m| {
            stability_region(&StabilityRegionParams {
                method: m.method(),
                re_range: (p.re_min, p.re_max),
                im_range: (p.im_min, p.im_max),
                n_re: p.n_re,
                n_im: p.n_im,
            })
            .map(|r| (m, r))
            .map_err(|e| e.to_string())
        })
        .collect()
}

impl TypedSolver for StabilityRegions {
    type Params = Params;
    const NAME: &'static str = "stability-region";
    const SUMMARY: &'static str =
        "Absolute-stability regions |R(λΔt)| ≤ 1 of FE, BE, CN and RK4 on a grid, with their real-axis stability intervals.";
    const PARAMS: &'static [ParamDoc] = param_docs! {
        methods: "list of fe | be | cn | rk4" => "methods to sample (no repeats)";
        re_min: "number" => "left edge of the sampled rectangle in the z = λΔt plane";
        re_max: "number > re_min" => "right edge";
        im_min: "number" => "bottom edge";
        im_max: "number > im_min" => "top edge";
        n_re: "integer 2..=1024" => "samples along the real axis";
        n_im: "integer 2..=1024" => "samples along the imaginary axis";
    };
    const OUTPUTS: &'static [OutputDoc] = output_docs! {
        Scalar "real_boundary_*" => "real_boundary_<m>: left end x* of the stable interval [x*, 0] on the real axis (FE -2, RK4 -2.785…; -inf when the whole negative axis is stable)";
        Scalar "stable_fraction_*" => "stable_fraction_<m>: share of grid points with |R| <= 1";
        Scalar "left_half_plane_stable_*" => "left_half_plane_stable_<m>: 1 if every grid point with Re z <= 0 has |R| <= 1 (A-stability on the window)";
    };
    const SOURCES: &'static [&'static str] = &[
        include_str!("stability_region.rs"),
        include_str!("common.rs"),
        include_str!("../../numerics/stiff/method.rs"),
    ];

    fn check(p: &Params) -> Result<(), ParamError> {
        if p.methods.is_empty() {
            return Err(ParamError::new("methods", "must not be empty"));
        }
        if let Some((i, m)) = p
            .methods
            .iter()
            .enumerate()
            .find(|(i, m)| p.methods[..*i].contains(m))
        {
            return Err(ParamError::new(
                "methods",
                format!("`{}` is listed twice (entry {})", m.key(), i + 1),
            ));
        }
        for (name, lo, hi) in [
            ("re_max", p.re_min, p.re_max),
            ("im_max", p.im_min, p.im_max),
        ] {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(ParamError::new(
                    name,
                    format!("need finite bounds with min < max, got [{lo}, {hi}]"),
                ));
            }
        }
        let max = MAX_REGION_SAMPLES.min(1024);
        common::count("n_re", p.n_re, 2, max)?;
        common::count("n_im", p.n_im, 2, max)
    }

    fn run(p: &Params) -> Result<Outputs, String> {
        let mut o = Outputs::default();
        for (m, r) in regions(p)? {
            let left_stable = r.abs_r.iter().all(|row| {
                row.iter()
                    .zip(&r.re)
                    .all(|(a, x)| *x > 0.0 || *a <= 1.0 + TOL)
            });
            o.scalar(
                &format!("real_boundary_{}", m.key()),
                r.real_axis_boundary.unwrap_or(f64::NEG_INFINITY),
            )
            .scalar(&format!("stable_fraction_{}", m.key()), r.stable_fraction)
            .scalar(
                &format!("left_half_plane_stable_{}", m.key()),
                flag(left_stable),
            );
        }
        Ok(o)
    }

    fn figures(p: &Params, _out: &Outputs, opts: &FigureOptions) -> Result<Vec<Figure>, String> {
        let kinds = common::kinds(opts, &["overlay", "panels"], &["overlay"])?;
        let regions = regions(p)?;
        let mut csv = String::from("re,im");
        for (m, _) in &regions {
            csv.push_str(&format!(",abs_r_{}", m.key()));
        }
        csv.push('\n');
        let (re, im) = (&regions[0].1.re, &regions[0].1.im);
        for (j, y) in im.iter().enumerate() {
            for (i, x) in re.iter().enumerate() {
                csv.push_str(&format!("{x},{y}"));
                for (_, r) in &regions {
                    csv.push_str(&format!(",{}", r.abs_r[j][i]));
                }
                csv.push('\n');
            }
        }
        let names: Vec<&str> = regions.iter().map(|(m, _)| m.key()).collect();
        kinds
            .into_iter()
            .enumerate()
            .map(|(k, kind)| {
                let panels = kind == "panels";
                let (title, description) = common::texts(
                    opts,
                    k == 0,
                    "안정 영역 |R(z)| ≤ 1, z = λΔt".into(),
                    format!(
                        "복소평면 z = λΔt에서 {}의 절대 안정 영역 |R(z)| ≤ 1을 {} 그림.",
                        names.join(", ").to_uppercase(),
                        if panels {
                            "방법별로 나누어 그린"
                        } else {
                            "겹쳐 그린"
                        }
                    ),
                );
                let (width, height) =
                    common::size(opts, if panels { (720, 640) } else { (640, 520) });
                let plot = StabilityPlot {
                    title,
                    description: description.clone(),
                    re: re.clone(),
                    im: im.clone(),
                    regions: regions
                        .iter()
                        .map(|(m, r)| Region {
                            label: m.label().into(),
                            data: RegionData::Modulus(r.abs_r.iter().flatten().copied().collect()),
                        })
                        .collect(),
                    layout: if panels {
                        StabilityLayout::SmallMultiples { columns: 2 }
                    } else {
                        StabilityLayout::Overlay
                    },
                    width,
                    height,
                };
                let svg = stability_plot(&plot).map_err(|e| e.to_string())?;
                Ok(Figure {
                    svg,
                    description,
                    csv: csv.clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{assert_declared, assert_figures, assert_rejects};
    use super::*;

    #[test]
    fn check_rejects_out_of_range_parameters() {
        let ok = Params::default();
        assert!(StabilityRegions::check(&ok).is_ok());
        let bad = assert_rejects::<StabilityRegions>;
        bad(|p| p.methods = vec![], "methods");
        bad(
            |p| p.methods = vec![MethodName::Fe, MethodName::Fe],
            "methods",
        );
        bad(|p| p.re_min = 2.0, "re_max");
        bad(|p| p.im_max = f64::NAN, "im_max");
        bad(|p| p.n_re = 1, "n_re");
        bad(|p| p.n_im = 5000, "n_im");
        let yaml: Result<Params, _> = serde_json::from_str(r#"{"methods": ["fe", "euler"]}"#);
        assert!(yaml.is_err());
    }

    #[test]
    fn defaults_give_the_textbook_boundaries_and_figures() {
        let p = Params::default();
        let o = StabilityRegions::run(&p).unwrap();
        assert_declared::<StabilityRegions>(&o);
        let s = |n: &str| o.scalars[n];
        assert!((s("real_boundary_fe") + 2.0).abs() < 1e-12);
        assert!((s("real_boundary_rk4") + 2.785_293_563_405_282).abs() < 1e-9);
        assert_eq!(s("real_boundary_be"), f64::NEG_INFINITY);
        assert_eq!(s("real_boundary_cn"), f64::NEG_INFINITY);
        assert_eq!(s("left_half_plane_stable_be"), 1.0);
        assert_eq!(s("left_half_plane_stable_cn"), 1.0);
        assert_eq!(s("left_half_plane_stable_fe"), 0.0);
        assert_eq!(s("left_half_plane_stable_rk4"), 0.0);
        // FE: the unit disc centred at -1, area π of the 6 × 6 window.
        assert!((s("stable_fraction_fe") - std::f64::consts::PI / 36.0).abs() < 0.01);
        let svgs = assert_figures::<StabilityRegions>(&p, &o, &FigureOptions::default(), 1);
        assert!(svgs[0].contains("RK4"));
        let both = FigureOptions {
            kind: Some("overlay,panels".into()),
            ..FigureOptions::default()
        };
        assert_figures::<StabilityRegions>(&p, &o, &both, 2);
    }
}
