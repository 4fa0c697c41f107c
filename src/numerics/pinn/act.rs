//! Stream-wise tanh kernels: forward map, adjoint, and their tangents on the (value, input-gradient, Laplacian) streams of one unit at one point.
//!
//! A unit at one point carries `s` streams: `s = 1` holds only the pre-activation `z`;
//! `s = D + 2` holds `(z, ∂_1 z, …, ∂_D z, Δz)` for a `D`-dimensional input. With
//! `t = tanh(z)` and `σ' = 1 - t²`, `σ'' = -2tσ'`, `σ''' = σ'(6t² - 2)`,
//! `σ'''' = 8tσ'(2 - 3t²)`, the activation maps the streams as
//!
//! `h = t`, `∂_j h = σ' ∂_j z`, `Δh = σ' Δz + σ'' Σ_j (∂_j z)²`.
//!
//! [`reverse`] is its adjoint (transpose Jacobian), [`forward_tangent`] its directional
//! derivative, and [`reverse_tangent`] the directional derivative of [`reverse`] (the
//! forward-over-reverse step of Pearlmutter, Neural Comput. 6(1) 147–160, 1994).

/// `σ'…σ''''` of tanh expressed through `t = tanh(z)`.
#[derive(Clone, Copy)]
struct Derivs {
    d1: f64,
    d2: f64,
    d3: f64,
    d4: f64,
}

impl Derivs {
    #[inline]
    fn at(t: f64) -> Self {
        let t2 = t * t;
        let d1 = 1.0 - t2;
        Derivs {
            d1,
            d2: -2.0 * t * d1,
            d3: d1 * (6.0 * t2 - 2.0),
            d4: 8.0 * t * d1 * (2.0 - 3.0 * t2),
        }
    }
}

/// `tanh`, from `libm` so results do not depend on the platform's C library.
#[inline]
pub(crate) fn tanh(z: f64) -> f64 {
    libm::tanh(z)
}

/// Streams `z` → `h` (see module docs).
#[inline]
pub(crate) fn forward(z: &[f64], h: &mut [f64]) {
    let t = tanh(z[0]);
    h[0] = t;
    let s = z.len();
    if s == 1 {
        return;
    }
    let d1 = 1.0 - t * t;
    let d2 = -2.0 * t * d1;
    let last = s - 1;
    let mut q = 0.0;
    for j in 1..last {
        h[j] = d1 * z[j];
        q += z[j] * z[j];
    }
    h[last] = d1 * z[last] + d2 * q;
}

/// Adjoint: `zbar = (∂h/∂z)ᵀ hbar`, with `t = tanh(z[0])` passed in.
#[inline]
pub(crate) fn reverse(z: &[f64], t: f64, hbar: &[f64], zbar: &mut [f64]) {
    let d = Derivs::at(t);
    let s = z.len();
    if s == 1 {
        zbar[0] = d.d1 * hbar[0];
        return;
    }
    let last = s - 1;
    let hl = hbar[last];
    let mut q = 0.0;
    let mut cross = 0.0;
    for j in 1..last {
        q += z[j] * z[j];
        cross += z[j] * hbar[j];
        zbar[j] = d.d1 * hbar[j] + 2.0 * d.d2 * z[j] * hl;
    }
    zbar[0] = d.d1 * hbar[0] + d.d2 * cross + (d.d2 * z[last] + d.d3 * q) * hl;
    zbar[last] = d.d1 * hl;
}

/// Tangent of [`forward`]: `hd = (∂h/∂z) zd`.
#[inline]
pub(crate) fn forward_tangent(z: &[f64], t: f64, zd: &[f64], hd: &mut [f64]) {
    let d = Derivs::at(t);
    let s = z.len();
    let z0d = zd[0];
    hd[0] = d.d1 * z0d;
    if s == 1 {
        return;
    }
    let last = s - 1;
    let mut q = 0.0;
    let mut qd = 0.0;
    for j in 1..last {
        hd[j] = d.d2 * z0d * z[j] + d.d1 * zd[j];
        q += z[j] * z[j];
        qd += z[j] * zd[j];
    }
    hd[last] = d.d2 * z0d * z[last] + d.d1 * zd[last] + d.d3 * z0d * q + 2.0 * d.d2 * qd;
}

/// Tangent of [`reverse`] along `(zd, hbard)`; `zd = None` means a zero input tangent.
#[inline]
pub(crate) fn reverse_tangent(
    z: &[f64],
    t: f64,
    hbar: &[f64],
    zd: Option<&[f64]>,
    hbard: &[f64],
    zbard: &mut [f64],
) {
    let d = Derivs::at(t);
    let s = z.len();
    let Some(zd) = zd else {
        reverse(z, t, hbard, zbard);
        return;
    };
    let z0d = zd[0];
    if s == 1 {
        zbard[0] = d.d2 * z0d * hbar[0] + d.d1 * hbard[0];
        return;
    }
    let last = s - 1;
    let (zl, hl, hld) = (z[last], hbar[last], hbard[last]);
    let mut q = 0.0;
    let mut qd = 0.0;
    let mut acc = 0.0;
    for j in 1..last {
        let (zj, zjd) = (z[j], zd[j]);
        q += zj * zj;
        qd += zj * zjd;
        acc += d.d3 * z0d * zj * hbar[j] + d.d2 * zjd * hbar[j] + d.d2 * zj * hbard[j];
        zbard[j] = d.d2 * z0d * hbar[j]
            + d.d1 * hbard[j]
            + 2.0 * (d.d3 * z0d * zj + d.d2 * zjd) * hl
            + 2.0 * d.d2 * zj * hld;
    }
    zbard[0] = d.d2 * z0d * hbar[0]
        + d.d1 * hbard[0]
        + acc
        + (d.d3 * z0d * zl + d.d2 * zd[last] + d.d4 * z0d * q + 2.0 * d.d3 * qd) * hl
        + (d.d2 * zl + d.d3 * q) * hld;
    zbard[last] = d.d2 * z0d * hl + d.d1 * hld;
}

/// Linearisation of one unit at one point: `m = ∂h/∂z` and `hess = ∇²_z (hbar · h(z))`,
/// both row-major `s × s` (`hess` symmetric). The tangent maps are then
/// `ḣ = m ż` and `ż̄ = hess ż + mᵀ ḣ̄`, which is what [`forward_tangent`] and
/// [`reverse_tangent`] evaluate.
pub(crate) fn jacobians(z: &[f64], t: f64, hbar: &[f64], m: &mut [f64], hess: &mut [f64]) {
    let d = Derivs::at(t);
    let s = z.len();
    m.iter_mut().for_each(|x| *x = 0.0);
    hess.iter_mut().for_each(|x| *x = 0.0);
    m[0] = d.d1;
    if s == 1 {
        hess[0] = hbar[0] * d.d2;
        return;
    }
    let last = s - 1;
    let (zl, hl) = (z[last], hbar[last]);
    let q: f64 = z[1..last].iter().map(|x| x * x).sum();
    let mut h00 = hbar[0] * d.d2 + hl * (d.d3 * zl + d.d4 * q);
    for j in 1..last {
        let zj = z[j];
        m[j * s] = d.d2 * zj;
        m[j * s + j] = d.d1;
        m[last * s + j] = 2.0 * d.d2 * zj;
        h00 += hbar[j] * d.d3 * zj;
        let h0j = hbar[j] * d.d2 + 2.0 * hl * d.d3 * zj;
        hess[j] = h0j;
        hess[j * s] = h0j;
        hess[j * s + j] = 2.0 * hl * d.d2;
    }
    m[last * s] = d.d2 * zl + d.d3 * q;
    m[last * s + last] = d.d1;
    hess[0] = h00;
    hess[last] = hl * d.d2;
    hess[last * s] = hl * d.d2;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobians_reproduce_the_tangent_kernels() {
        for s in [1usize, 3, 4] {
            let z: Vec<f64> = (0..s).map(|i| 0.3 - 0.41 * i as f64).collect();
            let hbar: Vec<f64> = (0..s).map(|i| 0.7 + 0.23 * i as f64).collect();
            let zd: Vec<f64> = (0..s).map(|i| -0.5 + 0.37 * i as f64).collect();
            let hbd: Vec<f64> = (0..s).map(|i| 0.9 - 0.61 * i as f64).collect();
            let t = tanh(z[0]);
            let (mut m, mut h) = (vec![0.0; s * s], vec![0.0; s * s]);
            jacobians(&z, t, &hbar, &mut m, &mut h);
            let mut hd = vec![0.0; s];
            forward_tangent(&z, t, &zd, &mut hd);
            let mut zbd = vec![0.0; s];
            reverse_tangent(&z, t, &hbar, Some(&zd), &hbd, &mut zbd);
            for a in 0..s {
                let fwd: f64 = (0..s).map(|b| m[a * s + b] * zd[b]).sum();
                let rev: f64 = (0..s)
                    .map(|b| h[a * s + b] * zd[b] + m[b * s + a] * hbd[b])
                    .sum();
                assert!((fwd - hd[a]).abs() < 1e-15, "s={s} fwd {a}");
                assert!((rev - zbd[a]).abs() < 1e-14, "s={s} rev {a}");
                for b in 0..s {
                    assert_eq!(h[a * s + b], h[b * s + a]);
                }
            }
        }
    }
}
