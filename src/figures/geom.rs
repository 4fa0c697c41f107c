//! Series geometry: split at gaps, detect divergence, clip polylines to the frame.
//!
//! Divergence rule: a series diverges at the first point whose y is ±inf, or whose
//! |y| exceeds `diverged_above`, or which starts a run of non-finite y values lasting to
//! the end of the series. A NaN followed later by finite values is a gap, not a
//! divergence. Nothing from the divergence point on is drawn.

use super::axis::Bounds;
use super::Scale;

/// A point in plot (transformed) coordinates.
pub(crate) type Pt = (f64, f64);

/// Where a series stopped being drawable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Divergence {
    /// x of the divergent point in data units (`None` if that x is not usable either).
    pub x: Option<f64>,
    /// Last drawable point before it, in plot coordinates.
    pub last: Option<Pt>,
}

/// A series reduced to drawable pieces.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Prepared {
    /// Runs of consecutive drawable points (plot coordinates), not yet clipped.
    pub runs: Vec<Vec<Pt>>,
    /// Set when the series diverged.
    pub divergence: Option<Divergence>,
    /// Points before the divergence that could not be drawn (NaN, ≤ 0 on a log axis).
    pub dropped: usize,
}

impl Prepared {
    /// Adds every drawable point (and the divergence x) to the axis bounds.
    pub fn extend_bounds(&self, bx: &mut Bounds, by: &mut Bounds, x_scale: Scale) {
        for &(x, y) in self.runs.iter().flatten() {
            bx.add(x);
            by.add(y);
        }
        if let Some(d) = &self.divergence {
            if let Some(t) = d.x.and_then(|x| x_scale.forward(x)) {
                bx.add(t);
            }
        }
    }
}

/// Index of the first divergent point, if any.
fn divergence_index(y: &[f64], diverged_above: Option<f64>) -> Option<usize> {
    let blowup = y.iter().position(|v| {
        v.is_infinite() || diverged_above.is_some_and(|th| v.is_finite() && v.abs() > th)
    });
    let trailing = match y.iter().rposition(|v| v.is_finite()) {
        Some(i) if i + 1 < y.len() => Some(i + 1),
        Some(_) => None,
        None if y.is_empty() => None,
        None => Some(0),
    };
    match (blowup, trailing) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Splits a series into drawable runs (caller guarantees `x.len() == y.len()`).
pub(crate) fn prepare(
    x: &[f64],
    y: &[f64],
    xs: Scale,
    ys: Scale,
    diverged_above: Option<f64>,
) -> Prepared {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let cut = divergence_index(y, diverged_above);
    let end = cut.unwrap_or(n);
    let mut out = Prepared::default();
    let mut run: Vec<Pt> = Vec::new();
    for i in 0..end {
        match (xs.forward(x[i]), ys.forward(y[i])) {
            (Some(px), Some(py)) => run.push((px, py)),
            _ => {
                out.dropped += 1;
                if !run.is_empty() {
                    out.runs.push(std::mem::take(&mut run));
                }
            }
        }
    }
    if !run.is_empty() {
        out.runs.push(run);
    }
    if let Some(c) = cut {
        let x_at = (0..=c)
            .rev()
            .map(|i| x[i])
            .find(|v| xs.forward(*v).is_some());
        out.divergence = Some(Divergence {
            x: x_at,
            last: out.runs.last().and_then(|r| r.last().copied()),
        });
    }
    out
}

/// Clips segment `p→q` to the box (Liang–Barsky); unclipped ends are returned exactly.
fn clip_segment(p: Pt, q: Pt, bx: (f64, f64), by: (f64, f64)) -> Option<(Pt, Pt)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (pk, qk) in [
        (-dx, p.0 - bx.0),
        (dx, bx.1 - p.0),
        (-dy, p.1 - by.0),
        (dy, by.1 - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (p.0 + t * dx, p.1 + t * dy);
    let a = if t0 == 0.0 { p } else { at(t0) };
    let b = if t1 == 1.0 { q } else { at(t1) };
    Some((a, b))
}

/// Clips a polyline to the box, splitting it where it leaves and re-enters.
/// A single-point run is kept when inside.
pub(crate) fn clip_run(run: &[Pt], bx: (f64, f64), by: (f64, f64)) -> Vec<Vec<Pt>> {
    let inside = |p: &Pt| p.0 >= bx.0 && p.0 <= bx.1 && p.1 >= by.0 && p.1 <= by.1;
    if run.len() == 1 {
        return if inside(&run[0]) {
            vec![run.to_vec()]
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut cur: Vec<Pt> = Vec::new();
    for w in run.windows(2) {
        match clip_segment(w[0], w[1], bx, by) {
            Some((a, b)) => {
                if cur.last() != Some(&a) {
                    if cur.len() > 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    cur.push(a);
                }
                cur.push(b);
            }
            None => {
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_split_runs() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [1.0, f64::NAN, 2.0, 3.0, 4.0];
        let p = prepare(&x, &y, Scale::Linear, Scale::Linear, None);
        assert_eq!(
            p.runs,
            vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0), (4.0, 4.0)]]
        );
        assert_eq!(p.divergence, None);
        assert_eq!(p.dropped, 1);
    }

    #[test]
    fn divergence_rules() {
        let x = [0.0, 0.1, 0.2, 0.3, 0.4];
        let p = prepare(
            &x,
            &[1.0, 2.0, 1e9, f64::NAN, f64::NAN],
            Scale::Linear,
            Scale::Linear,
            Some(1e3),
        );
        assert_eq!(
            p.divergence,
            Some(Divergence {
                x: Some(0.2),
                last: Some((0.1, 2.0))
            })
        );
        assert_eq!(p.runs.len(), 1);
        let p = prepare(
            &x,
            &[1.0, 2.0, 3.0, f64::INFINITY, 5.0],
            Scale::Linear,
            Scale::Linear,
            None,
        );
        assert_eq!(p.divergence.unwrap().x, Some(0.3));
        let p = prepare(
            &x,
            &[1.0, 2.0, 3.0, f64::NAN, f64::NAN],
            Scale::Linear,
            Scale::Linear,
            None,
        );
        assert_eq!(p.divergence.unwrap().x, Some(0.3));
        let p = prepare(&x, &[f64::NAN; 5], Scale::Linear, Scale::Linear, None);
        assert_eq!(
            p.divergence,
            Some(Divergence {
                x: Some(0.0),
                last: None
            })
        );
        assert!(p.runs.is_empty());
    }

    #[test]
    fn log_axis_drops_non_positive() {
        let p = prepare(
            &[1.0, 2.0, 3.0, 4.0],
            &[1.0, 0.0, -1.0, 10.0],
            Scale::Linear,
            Scale::Log10,
            None,
        );
        assert_eq!(p.runs, vec![vec![(1.0, 0.0)], vec![(4.0, 1.0)]]);
        assert_eq!(p.dropped, 2);
    }

    #[test]
    fn clipping_splits_at_frame() {
        let run = [(0.0, 0.0), (1.0, 2.0), (2.0, 0.0), (3.0, 0.5)];
        let parts = clip_run(&run, (0.0, 3.0), (0.0, 1.0));
        assert_eq!(
            parts,
            vec![
                vec![(0.0, 0.0), (0.5, 1.0)],
                vec![(1.5, 1.0), (2.0, 0.0), (3.0, 0.5)]
            ]
        );
        assert!(clip_run(&[(5.0, 5.0), (6.0, 6.0)], (0.0, 1.0), (0.0, 1.0)).is_empty());
        assert_eq!(clip_run(&[(0.5, 0.5)], (0.0, 1.0), (0.0, 1.0)).len(), 1);
    }
}
