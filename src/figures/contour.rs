//! Grid helpers: cell edges from node coordinates, row runs, marching-squares level lines.

use super::geom::Pt;
use super::FigureError;
use std::collections::BTreeMap;

/// Cell edges for cells centred on the grid nodes (`len + 1` values).
/// The grid must be finite and strictly increasing.
pub(crate) fn cell_edges(g: &[f64], name: &str) -> Result<Vec<f64>, FigureError> {
    let bad = |reason: &str| FigureError::InvalidParameter {
        name: name.to_string(),
        reason: reason.to_string(),
    };
    if g.is_empty() {
        return Err(bad("the grid is empty"));
    }
    if g.iter().any(|v| !v.is_finite()) || g.windows(2).any(|w| w[0] >= w[1]) {
        return Err(bad("grid values must be finite and strictly increasing"));
    }
    let n = g.len();
    if n == 1 {
        return Ok(vec![g[0] - 0.5, g[0] + 0.5]);
    }
    let mut e = Vec::with_capacity(n + 1);
    e.push(g[0] - (g[1] - g[0]) / 2.0);
    e.extend(g.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    e.push(g[n - 1] + (g[n - 1] - g[n - 2]) / 2.0);
    Ok(e)
}

/// Merges consecutive equal keys: `(first index, last index + 1, key)`; `None` is skipped.
pub(crate) fn runs<K: PartialEq + Copy>(
    keys: impl IntoIterator<Item = Option<K>>,
) -> Vec<(usize, usize, K)> {
    let mut out: Vec<(usize, usize, K)> = Vec::new();
    for (i, k) in keys.into_iter().enumerate() {
        let Some(k) = k else { continue };
        match out.last_mut() {
            Some(last) if last.1 == i && last.2 == k => last.1 = i + 1,
            _ => out.push((i, i + 1, k)),
        }
    }
    out
}

/// Level lines `v = level` of node values `v[j * nx + i]` at `(xs[i], ys[j])`, where the
/// region `v <= level` is "inside". Non-finite values count as outside. Segments are
/// joined into polylines; the result is deterministic.
pub(crate) fn level_lines(xs: &[f64], ys: &[f64], v: &[f64], level: f64) -> Vec<Vec<Pt>> {
    let (nx, ny) = (xs.len(), ys.len());
    if nx < 2 || ny < 2 || v.len() != nx * ny {
        return Vec::new();
    }
    let val = |i: usize, j: usize| {
        let x = v[j * nx + i];
        if x.is_finite() {
            x
        } else {
            level + 1e6
        }
    };
    let cross = |p: Pt, q: Pt, a: f64, b: f64| {
        let t = if a == b {
            0.5
        } else {
            ((level - a) / (b - a)).clamp(0.0, 1.0)
        };
        match t {
            0.0 => p,
            1.0 => q,
            _ => (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)),
        }
    };
    let mut segs: Vec<(Pt, Pt)> = Vec::new();
    for j in 0..ny - 1 {
        for i in 0..nx - 1 {
            // Corners a, b, c, d counter-clockwise from bottom-left.
            let pts = [
                (xs[i], ys[j]),
                (xs[i + 1], ys[j]),
                (xs[i + 1], ys[j + 1]),
                (xs[i], ys[j + 1]),
            ];
            let vals = [val(i, j), val(i + 1, j), val(i + 1, j + 1), val(i, j + 1)];
            let inside = vals.map(|x| x <= level);
            // Edges bottom (a→b), right (b→c), top (d→c), left (a→d): same orientation as
            // in the neighbouring cell, so shared crossing points are bit-identical.
            let edge_ends = [(0, 1), (1, 2), (3, 2), (0, 3)];
            let mut hit: [Option<Pt>; 4] = [None; 4];
            for (k, (p, q)) in edge_ends.iter().enumerate() {
                if inside[*p] != inside[*q] {
                    hit[k] = Some(cross(pts[*p], pts[*q], vals[*p], vals[*q]));
                }
            }
            let found: Vec<usize> = (0..4).filter(|k| hit[*k].is_some()).collect();
            let pairs: Vec<(usize, usize)> = match found.len() {
                2 => vec![(found[0], found[1])],
                4 => {
                    let centre = vals.iter().sum::<f64>() / 4.0 <= level;
                    // Cut off the corners whose state differs from the centre's.
                    let cut_a_c = inside[0] != centre;
                    if cut_a_c {
                        vec![(0, 3), (1, 2)]
                    } else {
                        vec![(0, 1), (2, 3)]
                    }
                }
                _ => Vec::new(),
            };
            for (p, q) in pairs {
                if let (Some(a), Some(b)) = (hit[p], hit[q]) {
                    if key(a) != key(b) {
                        segs.push((a, b));
                    }
                }
            }
        }
    }
    join(&segs)
}

fn key(p: Pt) -> (u64, u64) {
    (p.0.to_bits(), p.1.to_bits())
}

/// Chains segments sharing endpoints into polylines.
fn join(segs: &[(Pt, Pt)]) -> Vec<Vec<Pt>> {
    let mut at: BTreeMap<(u64, u64), Vec<usize>> = BTreeMap::new();
    for (i, (a, b)) in segs.iter().enumerate() {
        at.entry(key(*a)).or_default().push(i);
        at.entry(key(*b)).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut lines = Vec::new();
    for start in 0..segs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line = vec![segs[start].0, segs[start].1];
        for forward in [true, false] {
            loop {
                let end = if forward {
                    line[line.len() - 1]
                } else {
                    line[0]
                };
                let next = at
                    .get(&key(end))
                    .and_then(|ids| ids.iter().copied().find(|id| !used[*id]));
                let Some(id) = next else { break };
                used[id] = true;
                let (a, b) = segs[id];
                let other = if key(a) == key(end) { b } else { a };
                if forward {
                    line.push(other);
                } else {
                    line.insert(0, other);
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_and_runs() {
        assert_eq!(
            cell_edges(&[0.0, 1.0, 3.0], "g").unwrap(),
            vec![-0.5, 0.5, 2.0, 4.0]
        );
        assert!(cell_edges(&[0.0, 0.0], "g").is_err());
        assert!(cell_edges(&[], "g").is_err());
        assert_eq!(
            runs([Some(1), Some(1), None, Some(2), Some(2), Some(1)]),
            vec![(0, 2, 1), (3, 5, 2), (5, 6, 1)]
        );
    }

    #[test]
    fn circle_level_line_is_one_closed_loop() {
        let g: Vec<f64> = (0..21).map(|i| -2.0 + 0.2 * i as f64).collect();
        let v: Vec<f64> = g
            .iter()
            .flat_map(|y| g.iter().map(move |x| (x * x + y * y).sqrt()))
            .collect();
        let lines = level_lines(&g, &g, &v, 1.0);
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!(l.first(), l.last());
        assert!(l
            .iter()
            .all(|(x, y)| ((x * x + y * y).sqrt() - 1.0).abs() < 0.05));
    }
}
