//! The four time-stepping methods as a value, their amplification factors R(z) and stability regions.
//!
//! Applied to the Dahlquist test equation `y' = λ y` with step `dt`, every method
//! here produces `y^{n+1} = R(z) y^n` with `z = λ dt`; the method is absolutely
//! stable at `z` iff `|R(z)| ≤ 1` (Hairer & Wanner, *Solving Ordinary
//! Differential Equations II*, 2nd ed., 1996, §IV.2; LeVeque, *Finite Difference
//! Methods for Ordinary and Partial Differential Equations*, 2007, §7.6).

use nalgebra::Complex;
use serde::{Deserialize, Serialize};

use super::error::{require_finite, StiffError};

/// One of the four one-step methods implemented in this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// Forward (explicit) Euler, order 1: `R(z) = 1 + z`.
    ForwardEuler,
    /// Backward (implicit) Euler, order 1: `R(z) = 1 / (1 - z)`.
    BackwardEuler,
    /// Trapezoidal rule / Crank–Nicolson, order 2: `R(z) = (1 + z/2) / (1 - z/2)`.
    CrankNicolson,
    /// Classical fourth-order Runge–Kutta: `R(z) = 1 + z + z²/2 + z³/6 + z⁴/24`.
    Rk4,
}

impl Method {
    /// All four methods, in a fixed order.
    pub const ALL: [Method; 4] = [
        Method::ForwardEuler,
        Method::BackwardEuler,
        Method::CrankNicolson,
        Method::Rk4,
    ];

    /// Classical order of accuracy (global error `O(dt^p)`).
    pub fn order(self) -> u32 {
        match self {
            Method::ForwardEuler | Method::BackwardEuler => 1,
            Method::CrankNicolson => 2,
            Method::Rk4 => 4,
        }
    }

    /// Whether a step needs a linear (or nonlinear) solve.
    pub fn is_implicit(self) -> bool {
        matches!(self, Method::BackwardEuler | Method::CrankNicolson)
    }

    /// Short display name.
    pub fn name(self) -> &'static str {
        match self {
            Method::ForwardEuler => "forward Euler",
            Method::BackwardEuler => "backward Euler",
            Method::CrankNicolson => "Crank–Nicolson",
            Method::Rk4 => "RK4",
        }
    }

    /// Amplification factor (stability function) `R(z)`, `z = λ dt`:
    /// FE `1 + z`; BE `1/(1 - z)`; CN `(1 + z/2)/(1 - z/2)`;
    /// RK4 `1 + z + z²/2 + z³/6 + z⁴/24` (Hairer & Wanner II, §IV.2).
    /// At the poles of BE (`z = 1`) and CN (`z = 2`) the result is infinite.
    pub fn amplification(self, z: Complex<f64>) -> Complex<f64> {
        let one = Complex::new(1.0, 0.0);
        match self {
            Method::ForwardEuler => one + z,
            Method::BackwardEuler => one / (one - z),
            Method::CrankNicolson => (one + z * 0.5) / (one - z * 0.5),
            // Horner form of the degree-4 Taylor polynomial of e^z.
            Method::Rk4 => one + z * (one + z * (one * 0.5 + z * (one / 6.0 + z / 24.0))),
        }
    }

    /// `R(x)` for real `x` (the amplification of one step of `y' = -a y` is `R(-a dt)`).
    pub fn amplification_real(self, x: f64) -> f64 {
        match self {
            Method::ForwardEuler => 1.0 + x,
            Method::BackwardEuler => 1.0 / (1.0 - x),
            Method::CrankNicolson => (1.0 + 0.5 * x) / (1.0 - 0.5 * x),
            Method::Rk4 => 1.0 + x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x / 24.0))),
        }
    }

    /// Left end `x* < 0` of the stability interval on the negative real axis,
    /// i.e. `|R(x)| ≤ 1` for `x ∈ [x*, 0]`; `None` if the whole negative axis is
    /// stable (BE and CN are A-stable). FE gives `-2`, RK4 `≈ -2.785293563`.
    ///
    /// Found by scanning `x = 0, -h, -2h, …` down to `-100` (step `h = 1/64`)
    /// and bisecting the first sign change of `|R(x)| - 1` to machine precision.
    pub fn real_stability_boundary(self) -> Option<f64> {
        let excess = |x: f64| self.amplification_real(x).abs() - 1.0;
        let h = 1.0 / 64.0;
        let mut prev = 0.0;
        while prev > -100.0 {
            let x = prev - h;
            if excess(x) > 0.0 {
                let (mut inside, mut outside) = (prev, x);
                for _ in 0..200 {
                    let mid = 0.5 * (inside + outside);
                    if mid == inside || mid == outside {
                        break;
                    }
                    if excess(mid) > 0.0 {
                        outside = mid;
                    } else {
                        inside = mid;
                    }
                }
                return Some(inside);
            }
            prev = x;
        }
        None
    }
}

/// Rectangle and resolution of a stability-region plot in the complex `z = λ dt` plane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StabilityRegionParams {
    /// Method whose `|R(z)|` is sampled.
    pub method: Method,
    /// Real-axis range `[min, max]` (`min < max`).
    pub re_range: (f64, f64),
    /// Imaginary-axis range `[min, max]` (`min < max`).
    pub im_range: (f64, f64),
    /// Number of real-axis samples (≥ 2).
    pub n_re: usize,
    /// Number of imaginary-axis samples (≥ 2).
    pub n_im: usize,
}

impl StabilityRegionParams {
    /// The square `[-4, 2] × [-3, 3]` at 121 × 121 points, which holds the FE, RK4 and
    /// CN boundaries.
    pub fn standard(method: Method) -> Self {
        StabilityRegionParams {
            method,
            re_range: (-4.0, 2.0),
            im_range: (-3.0, 3.0),
            n_re: 121,
            n_im: 121,
        }
    }
}

/// `|R(z)|` on a uniform grid, for a stability-region figure.
#[derive(Debug, Clone, Serialize)]
pub struct StabilityRegion {
    /// The method sampled.
    pub method: Method,
    /// Real-axis sample points (length `n_re`, increasing, endpoints included).
    pub re: Vec<f64>,
    /// Imaginary-axis sample points (length `n_im`, increasing, endpoints included).
    pub im: Vec<f64>,
    /// `abs_r[j][i] = |R(re[i] + i·im[j])|` (row `j` is one imaginary value).
    /// Infinite at the poles of BE/CN if a grid point lands exactly on one.
    pub abs_r: Vec<Vec<f64>>,
    /// `stable[j][i] = abs_r[j][i] <= 1`.
    pub stable: Vec<Vec<bool>>,
    /// Fraction of grid points that are stable.
    pub stable_fraction: f64,
    /// See [`Method::real_stability_boundary`]: `Some(-2)` for FE, `None` for BE/CN.
    pub real_axis_boundary: Option<f64>,
}

/// Largest grid accepted by [`stability_region`] along either axis.
pub const MAX_REGION_SAMPLES: usize = 4096;

fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let step = (hi - lo) / (n - 1) as f64;
    (0..n)
        .map(|i| if i + 1 == n { hi } else { lo + step * i as f64 })
        .collect()
}

fn check_range(name: &'static str, (lo, hi): (f64, f64)) -> Result<(), StiffError> {
    require_finite(name, lo)?;
    require_finite(name, hi)?;
    if lo < hi {
        Ok(())
    } else {
        Err(StiffError::invalid(
            name,
            format!("need min < max, got ({lo}, {hi})"),
        ))
    }
}

fn check_samples(name: &'static str, n: usize) -> Result<(), StiffError> {
    if (2..=MAX_REGION_SAMPLES).contains(&n) {
        Ok(())
    } else {
        Err(StiffError::invalid(
            name,
            format!("need 2..={MAX_REGION_SAMPLES} samples, got {n}"),
        ))
    }
}

/// Samples the stability region `{z : |R(z)| ≤ 1}` of a method on a grid.
///
/// Input: the method, the rectangle and the number of samples per axis
/// (see [`StabilityRegionParams`]). Output: the axes, `|R|` on the grid, the boolean
/// mask `|R| ≤ 1`, and the left end of the real-axis stability interval.
/// Errors on empty/non-finite ranges or fewer than 2 (more than
/// [`MAX_REGION_SAMPLES`]) samples per axis.
pub fn stability_region(params: &StabilityRegionParams) -> Result<StabilityRegion, StiffError> {
    check_range("re_range", params.re_range)?;
    check_range("im_range", params.im_range)?;
    check_samples("n_re", params.n_re)?;
    check_samples("n_im", params.n_im)?;
    let re = linspace(params.re_range.0, params.re_range.1, params.n_re);
    let im = linspace(params.im_range.0, params.im_range.1, params.n_im);
    let abs_r: Vec<Vec<f64>> = im
        .iter()
        .map(|&y| {
            re.iter()
                .map(|&x| params.method.amplification(Complex::new(x, y)).norm())
                .collect()
        })
        .collect();
    let stable: Vec<Vec<bool>> = abs_r
        .iter()
        .map(|row| row.iter().map(|&r| r <= 1.0).collect())
        .collect();
    let count = stable.iter().flatten().filter(|&&s| s).count();
    Ok(StabilityRegion {
        method: params.method,
        stable_fraction: count as f64 / (params.n_re * params.n_im) as f64,
        re,
        im,
        abs_r,
        stable,
        real_axis_boundary: params.method.real_stability_boundary(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amplification_factors_match_their_formulas() {
        let z = Complex::new(-0.7, 0.4);
        let one = Complex::new(1.0, 0.0);
        let close = |a: Complex<f64>, b: Complex<f64>| (a - b).norm() < 1e-14;
        assert!(close(Method::ForwardEuler.amplification(z), one + z));
        assert!(close(
            Method::BackwardEuler.amplification(z),
            one / (one - z)
        ));
        assert!(close(
            Method::CrankNicolson.amplification(z),
            (one + z / 2.0) / (one - z / 2.0)
        ));
        let taylor = one + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0;
        assert!(close(Method::Rk4.amplification(z), taylor));
        for m in Method::ALL {
            let x = -1.3;
            assert!(
                (m.amplification(Complex::new(x, 0.0)).re - m.amplification_real(x)).abs() < 1e-14
            );
        }
    }

    #[test]
    fn real_axis_boundaries_are_fe_minus_two_rk4_2_785_and_none_for_implicit() {
        let fe = Method::ForwardEuler.real_stability_boundary().unwrap();
        assert!((fe + 2.0).abs() < 1e-12, "{fe}");
        let rk4 = Method::Rk4.real_stability_boundary().unwrap();
        assert!((rk4 + 2.785_293_563_405_282).abs() < 1e-9, "{rk4}");
        assert_eq!(Method::BackwardEuler.real_stability_boundary(), None);
        assert_eq!(Method::CrankNicolson.real_stability_boundary(), None);
    }

    #[test]
    fn region_grid_has_the_requested_shape_and_correct_mask() {
        let mut p = StabilityRegionParams::standard(Method::ForwardEuler);
        p.n_re = 61;
        p.n_im = 41;
        let r = stability_region(&p).unwrap();
        assert_eq!(r.re.len(), 61);
        assert_eq!(r.im.len(), 41);
        assert_eq!(r.abs_r.len(), 41);
        assert!(r.abs_r.iter().all(|row| row.len() == 61));
        assert_eq!(r.re[0], -4.0);
        assert_eq!(r.re[60], 2.0);
        // FE region is the unit disc centred at -1: area π out of 6 × 6 = 36.
        assert!((r.stable_fraction - std::f64::consts::PI / 36.0).abs() < 0.01);
        for (j, &y) in r.im.iter().enumerate() {
            for (i, &x) in r.re.iter().enumerate() {
                let inside = (x + 1.0).powi(2) + y * y <= 1.0;
                let on_edge = ((x + 1.0).powi(2) + y * y - 1.0).abs() < 1e-9;
                if !on_edge {
                    assert_eq!(r.stable[j][i], inside, "at ({x}, {y})");
                }
            }
        }
        // BE is stable on the whole left half-plane.
        let be = stability_region(&StabilityRegionParams::standard(Method::BackwardEuler)).unwrap();
        for (j, _) in be.im.iter().enumerate() {
            for (i, &x) in be.re.iter().enumerate() {
                if x <= 0.0 {
                    assert!(be.stable[j][i]);
                }
            }
        }
    }

    #[test]
    fn region_rejects_bad_parameters() {
        let mut p = StabilityRegionParams::standard(Method::Rk4);
        p.n_re = 1;
        assert!(stability_region(&p).is_err());
        let mut p = StabilityRegionParams::standard(Method::Rk4);
        p.re_range = (1.0, 1.0);
        assert!(stability_region(&p).is_err());
        let mut p = StabilityRegionParams::standard(Method::Rk4);
        p.im_range = (f64::NAN, 1.0);
        assert!(stability_region(&p).is_err());
    }
}
