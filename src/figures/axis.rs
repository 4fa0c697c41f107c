//! Axis scales: data↔plot transforms, padded ranges and tick positions with labels.
//!
//! All figures draw in *transformed* coordinates on a plain linear plotters axis
//! (`log10(v)` for Log10, `sign(v)·log10(1+|v|/c)` for SymLog), and label ticks with
//! the original data values.

use super::text::{fmt_num, superscript};
use super::{FigureError, Scale};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

impl Scale {
    /// Data value → plot coordinate; `None` if not drawable (non-finite, ≤ 0 on log).
    pub(crate) fn forward(self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            return None;
        }
        match self {
            Scale::Linear => Some(v),
            Scale::Log10 => (v > 0.0).then(|| v.log10()),
            Scale::SymLog { linthresh } => {
                let r = v.abs() / linthresh;
                // For huge ratios log10(1 + r) = log10|v| - log10(c) to double precision.
                let mag = if r.is_finite() {
                    r.ln_1p() / std::f64::consts::LN_10
                } else {
                    v.abs().log10() - linthresh.log10()
                };
                Some(v.signum() * mag)
            }
        }
    }

    /// Plot coordinate → data value.
    pub(crate) fn inverse(self, t: f64) -> f64 {
        match self {
            Scale::Linear => t,
            Scale::Log10 => 10f64.powf(t),
            Scale::SymLog { linthresh } => {
                t.signum() * linthresh * (t.abs() * std::f64::consts::LN_10).exp_m1()
            }
        }
    }

    pub(crate) fn validate(self, name: &str) -> Result<(), FigureError> {
        match self {
            Scale::SymLog { linthresh } if !(linthresh.is_finite() && linthresh > 0.0) => {
                Err(FigureError::InvalidParameter {
                    name: format!("{name} symlog linthresh"),
                    reason: format!("must be a positive finite number, got {linthresh}"),
                })
            }
            _ => Ok(()),
        }
    }
}

/// A finished axis: range in plot coordinates and labelled ticks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub scale: Scale,
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
}

/// Running min/max of plot coordinates.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bounds(pub Option<(f64, f64)>);

impl Bounds {
    pub fn add(&mut self, t: f64) {
        if t.is_finite() {
            self.0 = Some(match self.0 {
                None => (t, t),
                Some((a, b)) => (a.min(t), b.max(t)),
            });
        }
    }
}

impl Axis {
    /// Axis over the data bounds (plot coordinates) with 5 % padding, or over an
    /// explicit data-unit `range`. Constant data gets a sensible window, no data [0, 1].
    pub fn auto(
        scale: Scale,
        bounds: Bounds,
        range: Option<(f64, f64)>,
        name: &str,
    ) -> Result<Axis, FigureError> {
        if let Some((a, b)) = range {
            let (Some(lo), Some(hi)) = (scale.forward(a), scale.forward(b)) else {
                return Err(FigureError::InvalidParameter {
                    name: format!("{name} range"),
                    reason: format!("({a}, {b}) is not drawable on this scale"),
                });
            };
            if lo >= hi {
                return Err(FigureError::InvalidParameter {
                    name: format!("{name} range"),
                    reason: format!("lower end {a} must be below upper end {b}"),
                });
            }
            return Ok(Axis::with_range(scale, lo, hi));
        }
        let (lo, hi) = match bounds.0 {
            None => (0.0, 1.0),
            Some((lo, hi)) => {
                let span = hi - lo;
                if !span.is_finite() {
                    // Data near ±f64::MAX: no room for padding.
                    (lo, hi)
                } else if span <= 1e-12 * lo.abs().max(hi.abs()) || span == 0.0 {
                    let pad = match scale {
                        Scale::Linear if lo != 0.0 => 0.1 * lo.abs(),
                        Scale::Linear => 1.0,
                        _ => 0.5,
                    };
                    (lo - pad, hi + pad)
                } else {
                    (lo - 0.05 * span, hi + 0.05 * span)
                }
            }
        };
        Ok(Axis::with_range(scale, lo, hi))
    }

    /// Axis over `[lo, hi]` in plot coordinates (`lo < hi`).
    pub fn with_range(scale: Scale, lo: f64, hi: f64) -> Axis {
        let ticks = match scale {
            Scale::Linear => linear_ticks(lo, hi),
            Scale::Log10 => log_ticks(lo, hi),
            Scale::SymLog { linthresh } => symlog_ticks(lo, hi, linthresh),
        };
        Axis {
            scale,
            lo,
            hi,
            ticks,
        }
    }

    /// Whether a plot coordinate lies in the axis range.
    pub fn contains(&self, t: f64) -> bool {
        t >= self.lo && t <= self.hi
    }

    /// The label of the tick at plot coordinate `t` (used by the mesh formatter).
    pub fn label_for(&self, t: f64) -> String {
        let tol = (self.hi * 0.5 - self.lo * 0.5).abs() * 2e-9;
        self.ticks
            .iter()
            .find(|(p, _)| (p - t).abs() <= tol)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }
}

/// The axis is its own plotters coordinate: linear in plot coordinates, with our ticks
/// as the only (bold) key points and no light grid lines.
impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        // Halves keep `hi - lo` finite even for data near ±f64::MAX.
        let span = self.hi * 0.5 - self.lo * 0.5;
        let r = if span > 0.0 {
            ((value * 0.5 - self.lo * 0.5) / span).clamp(-4.0, 5.0)
        } else {
            0.5
        };
        limit.0 + (r * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.iter().map(|(p, _)| *p).collect()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

fn nice_step(span: f64, target: f64) -> f64 {
    let raw = span / target;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let f = if norm < 1.5 {
        1.0
    } else if norm < 2.25 {
        2.0
    } else if norm < 3.5 {
        2.5
    } else if norm < 7.5 {
        5.0
    } else {
        10.0
    };
    f * mag
}

/// Nice linear ticks inside `[lo, hi]`, labelled in a common notation.
pub(crate) fn linear_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 {
        return vec![(lo, fmt_num(lo, 3))];
    }
    if !span.is_finite() {
        let ends = [lo, 0.0, hi]
            .into_iter()
            .filter(|v| v.is_finite() && *v >= lo && *v <= hi);
        return ends.map(|v| (v, fmt_num(v, 3))).collect();
    }
    let step = nice_step(span, 5.0);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let values: Vec<f64> = (first..=last.min(first + 40))
        .map(|k| {
            let v = k as f64 * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    let big = lo.abs().max(hi.abs());
    let exp = big.log10().floor() as i64;
    let step_exp = step.log10().floor() as i64;
    let extra = i64::from((step / 10f64.powi(step_exp as i32) - 2.5).abs() < 1e-9);
    values
        .into_iter()
        .map(|v| {
            let label = if (-3..5).contains(&exp) {
                let decimals = (extra - step_exp).max(0) as usize;
                format!("{v:.decimals$}")
            } else if v == 0.0 {
                "0".to_string()
            } else {
                let decimals = (exp - step_exp + extra).max(0) as usize;
                let m = format!("{:.decimals$}", v / 10f64.powi(exp as i32));
                format!("{m}×10{}", superscript(exp))
            };
            (v, label)
        })
        .collect()
}

fn log_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let kmin = lo.ceil() as i64;
    let kmax = hi.floor() as i64;
    if kmax - kmin >= 1 {
        let step = ((kmax - kmin + 1) as f64 / 8.0).ceil().max(1.0) as i64;
        return (kmin..=kmax)
            .filter(|k| k.rem_euclid(step) == 0)
            .map(|k| (k as f64, format!("10{}", superscript(k))))
            .collect();
    }
    for mantissas in [
        &[1.0, 2.0, 5.0][..],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0][..],
    ] {
        let mut ticks = Vec::new();
        for k in (lo.floor() as i64)..=(hi.ceil() as i64) {
            for m in mantissas {
                let v = m * 10f64.powi(k as i32);
                let t = v.log10();
                if t >= lo && t <= hi {
                    ticks.push((t, fmt_num(v, 3)));
                }
            }
        }
        if ticks.len() >= 3 {
            return ticks;
        }
    }
    // Less than a factor 2 of range: linear ticks in data units.
    let (a, b) = (10f64.powf(lo), 10f64.powf(hi));
    linear_ticks(a, b)
        .into_iter()
        .filter(|(v, _)| *v > 0.0)
        .map(|(v, l)| (v.log10(), l))
        .collect()
}

fn symlog_ticks(lo: f64, hi: f64, c: f64) -> Vec<(f64, String)> {
    let scale = Scale::SymLog { linthresh: c };
    let k0 = c.log10().floor() as i64;
    let mut cands: Vec<(i64, f64, String)> = vec![(0, 0.0, "0".to_string())];
    for k in k0..=308 {
        let v = 10f64.powi(k as i32);
        if !v.is_finite() {
            break;
        }
        let t = scale.forward(v).unwrap_or(f64::INFINITY);
        if t > hi.abs().max(lo.abs()) {
            break;
        }
        let l = format!("10{}", superscript(k));
        cands.push((k - k0 + 1, t, l.clone()));
        cands.push((k - k0 + 1, -t, format!("-{l}")));
    }
    let inside: Vec<_> = cands
        .into_iter()
        .filter(|(_, t, _)| *t >= lo && *t <= hi)
        .collect();
    let mut step = 1;
    while inside.iter().filter(|(r, _, _)| r % step == 0).count() > 9 {
        step += 1;
    }
    let mut ticks: Vec<(f64, String)> = inside
        .into_iter()
        .filter(|(r, _, _)| r % step == 0)
        .map(|(_, t, l)| (t, l))
        .collect();
    ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    if ticks.len() >= 2 {
        return ticks;
    }
    let (a, b) = (scale.inverse(lo), scale.inverse(hi));
    linear_ticks(a, b)
        .into_iter()
        .filter_map(|(v, l)| scale.forward(v).map(|t| (t, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_round_trip() {
        for s in [
            Scale::Linear,
            Scale::Log10,
            Scale::SymLog { linthresh: 1e-3 },
        ] {
            for v in [1e-5, 0.3, 2.0, 1234.5] {
                let t = s.forward(v).unwrap();
                assert!((s.inverse(t) - v).abs() <= 1e-9 * v, "{s:?} {v}");
            }
        }
        assert_eq!(Scale::Log10.forward(0.0), None);
        assert_eq!(Scale::Log10.forward(-1.0), None);
        assert_eq!(Scale::Linear.forward(f64::NAN), None);
        assert_eq!(Scale::SymLog { linthresh: 1.0 }.forward(-9.0), Some(-1.0));
    }

    #[test]
    fn ticks_are_sensible() {
        let labels =
            |ticks: Vec<(f64, String)>| ticks.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        assert_eq!(
            labels(linear_ticks(-0.05, 1.05)),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
        assert_eq!(
            labels(linear_ticks(0.0, 2.5e-4)),
            [
                "0",
                "0.5×10⁻⁴",
                "1.0×10⁻⁴",
                "1.5×10⁻⁴",
                "2.0×10⁻⁴",
                "2.5×10⁻⁴"
            ]
        );
        assert_eq!(
            labels(log_ticks(-3.2, 0.1)),
            ["10⁻³", "10⁻²", "10⁻¹", "10⁰"]
        );
        assert_eq!(labels(log_ticks(0.0, 0.7)), ["1", "2", "5"]);
        let sym = symlog_ticks(-1.0, 3.0, 1.0);
        assert!(sym.iter().any(|(t, l)| *t == 0.0 && l == "0"));
        assert!(sym.iter().any(|(_, l)| l == "10²"));
        assert!(sym.iter().any(|(_, l)| l == "-10⁰"));
        let a = Axis::auto(Scale::Linear, Bounds(Some((3.0, 3.0))), None, "x").unwrap();
        assert!(a.lo < 3.0 && a.hi > 3.0 && !a.ticks.is_empty());
        let a = Axis::auto(Scale::Linear, Bounds(None), None, "x").unwrap();
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        assert!(Axis::auto(Scale::Log10, Bounds(None), Some((0.0, 1.0)), "x").is_err());
        assert!(Axis::auto(Scale::Linear, Bounds(None), Some((2.0, 1.0)), "x").is_err());
    }
}
