//! The PDE problems (1-D Poisson, 2-D Helmholtz of Wang, Teng & Perdikaris 2021): exact solutions, collocation and boundary points, loss terms.

use super::error::{invalid, PinnError};
use super::export::ProblemExport;
use super::loss::{LossTerm, PinnLoss};
use super::model::Operator;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// `N` points in `dim` dimensions, row-major (`coords[i·dim + j]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Points {
    pub dim: usize,
    pub coords: Vec<f64>,
}

impl Points {
    /// Points from row-major coordinates.
    pub fn new(dim: usize, coords: Vec<f64>) -> Result<Self, PinnError> {
        if coords.len().checked_rem(dim) != Some(0) {
            return invalid(format!(
                "{} coordinates do not split into points of dimension {dim}",
                coords.len()
            ));
        }
        if coords.iter().any(|c| !c.is_finite()) {
            return Err(PinnError::NonFinite("point coordinate".into()));
        }
        Ok(Points { dim, coords })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.coords.len().checked_div(self.dim).unwrap_or(0)
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }

    /// Point `i`.
    pub fn point(&self, i: usize) -> &[f64] {
        &self.coords[i * self.dim..(i + 1) * self.dim]
    }

    /// The points as rows.
    pub fn rows(&self) -> Vec<Vec<f64>> {
        self.coords
            .chunks(self.dim.max(1))
            .map(<[f64]>::to_vec)
            .collect()
    }
}

/// `n` equally spaced interior points `-1 + 2i/(n+1)`, `i = 1..n`.
pub(crate) fn interior_grid(n: usize) -> Vec<f64> {
    (1..=n)
        .map(|i| -1.0 + 2.0 * i as f64 / (n + 1) as f64)
        .collect()
}

/// `n` equally spaced points on `[-1, 1]` including both ends.
fn closed_grid(n: usize) -> Vec<f64> {
    if n == 1 {
        return vec![0.0];
    }
    (0..n)
        .map(|i| -1.0 + 2.0 * i as f64 / (n - 1) as f64)
        .collect()
}

/// A PDE problem with an exact solution.
pub trait Problem {
    /// Spatial dimension.
    fn dim(&self) -> usize;
    /// The PDE and boundary loss terms (`L_PDE`, `L_BC`).
    fn loss(&self) -> Result<PinnLoss, PinnError>;
    /// Exact solution `u(x)`.
    fn exact(&self, x: &[f64]) -> f64;
    /// Points on which errors against the exact solution are measured.
    fn test_points(&self) -> Points;
    /// Description and parameters for exports.
    fn describe(&self) -> ProblemExport;
}

/// 1-D Poisson `u'' = f` on `[-1, 1]`, exact `u = sin(kπx)`, `f = -(kπ)² sin(kπx)`,
/// boundary points `x = ±1` with `g = u(±1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoissonProblem {
    /// Frequency `k`.
    pub k: f64,
    /// Number of equally spaced interior collocation points (ignored if `collocation` is set).
    pub n_collocation: usize,
    /// Explicit collocation points.
    pub collocation: Option<Vec<f64>>,
    /// Number of equally spaced test points on `[-1, 1]` for the L2 error.
    pub n_test: usize,
}

impl PoissonProblem {
    /// `k` and `N_r` equally spaced interior points; 1001 test points.
    pub fn new(k: f64, n_collocation: usize) -> Self {
        PoissonProblem {
            k,
            n_collocation,
            collocation: None,
            n_test: 1001,
        }
    }
}

impl Problem for PoissonProblem {
    fn dim(&self) -> usize {
        1
    }

    fn loss(&self) -> Result<PinnLoss, PinnError> {
        if !self.k.is_finite() {
            return Err(PinnError::NonFinite("Poisson frequency k".into()));
        }
        let xs = match &self.collocation {
            Some(x) => x.clone(),
            None => interior_grid(self.n_collocation),
        };
        if xs.is_empty() {
            return Err(PinnError::NoPoints("collocation"));
        }
        let w = self.k * PI;
        let f: Vec<f64> = xs.iter().map(|&x| -w * w * libm::sin(w * x)).collect();
        let xb = vec![-1.0, 1.0];
        let g: Vec<f64> = xb.iter().map(|&x| libm::sin(w * x)).collect();
        Ok(PinnLoss {
            pde: LossTerm::new(
                Points::new(1, xs)?,
                Operator {
                    value: 0.0,
                    laplacian: 1.0,
                },
                f,
            )?,
            bc: LossTerm::new(Points::new(1, xb)?, Operator::VALUE, g)?,
        })
    }

    fn exact(&self, x: &[f64]) -> f64 {
        libm::sin(self.k * PI * x[0])
    }

    fn test_points(&self) -> Points {
        Points {
            dim: 1,
            coords: closed_grid(self.n_test.max(2)),
        }
    }

    fn describe(&self) -> ProblemExport {
        ProblemExport {
            description: format!(
                "1-D Poisson u'' = f on [-1,1], exact u = sin({}πx), f = -({}π)² sin({}πx), boundary x = ±1 with g = u(±1)",
                self.k, self.k, self.k
            ),
            spec: ProblemSpec::Poisson(self.clone()),
        }
    }
}

/// 2-D Helmholtz `Δu + κ²u = q` on `(-1, 1)²`, exact `u = sin(a₁πx) sin(a₂πy)`,
/// `q = (κ² - (a₁π)² - (a₂π)²) u`; boundary points walk the perimeter, `n_boundary` per
/// edge starting at a corner (`4·n_boundary` points, each corner once), with `g = u`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelmholtzProblem {
    pub kappa: f64,
    pub a1: f64,
    pub a2: f64,
    /// Interior tensor grid `n × n` of points `-1 + 2i/(n+1)` (ignored if `collocation` is set).
    pub n_interior: usize,
    /// Boundary points per edge.
    pub n_boundary: usize,
    /// Explicit collocation points `[x, y]`.
    pub collocation: Option<Vec<[f64; 2]>>,
    /// Test grid `n_test × n_test` on `[-1, 1]²` (ends included).
    pub n_test: usize,
}

impl HelmholtzProblem {
    /// The paper's parameters `κ = 1, a₁ = 1, a₂ = 4`, a 101 × 101 test grid.
    pub fn paper(n_interior: usize, n_boundary: usize) -> Self {
        HelmholtzProblem {
            kappa: 1.0,
            a1: 1.0,
            a2: 4.0,
            n_interior,
            n_boundary,
            collocation: None,
            n_test: 101,
        }
    }

    fn forcing_factor(&self) -> f64 {
        let (w1, w2) = (self.a1 * PI, self.a2 * PI);
        self.kappa * self.kappa - w1 * w1 - w2 * w2
    }
}

impl Problem for HelmholtzProblem {
    fn dim(&self) -> usize {
        2
    }

    fn loss(&self) -> Result<PinnLoss, PinnError> {
        if ![self.kappa, self.a1, self.a2].iter().all(|v| v.is_finite()) {
            return Err(PinnError::NonFinite("Helmholtz parameter".into()));
        }
        let coords: Vec<f64> = match &self.collocation {
            Some(pts) => pts.iter().flat_map(|p| [p[0], p[1]]).collect(),
            None => {
                let g = interior_grid(self.n_interior);
                g.iter()
                    .flat_map(|&x| g.iter().flat_map(move |&y| [x, y]))
                    .collect()
            }
        };
        if coords.is_empty() {
            return Err(PinnError::NoPoints("collocation"));
        }
        if self.n_boundary == 0 {
            return Err(PinnError::NoPoints("boundary"));
        }
        let pde_pts = Points::new(2, coords)?;
        let factor = self.forcing_factor();
        let q = (0..pde_pts.len())
            .map(|i| factor * self.exact(pde_pts.point(i)))
            .collect();
        let nb = self.n_boundary;
        let mut bc = Vec::with_capacity(8 * nb);
        for edge in 0..4 {
            for j in 0..nb {
                let t = -1.0 + 2.0 * j as f64 / nb as f64;
                let p = match edge {
                    0 => [t, -1.0],
                    1 => [1.0, t],
                    2 => [-t, 1.0],
                    _ => [-1.0, -t],
                };
                bc.extend_from_slice(&p);
            }
        }
        let bc_pts = Points::new(2, bc)?;
        let g = (0..bc_pts.len())
            .map(|i| self.exact(bc_pts.point(i)))
            .collect();
        let op = Operator {
            value: self.kappa * self.kappa,
            laplacian: 1.0,
        };
        Ok(PinnLoss {
            pde: LossTerm::new(pde_pts, op, q)?,
            bc: LossTerm::new(bc_pts, Operator::VALUE, g)?,
        })
    }

    fn exact(&self, x: &[f64]) -> f64 {
        libm::sin(self.a1 * PI * x[0]) * libm::sin(self.a2 * PI * x[1])
    }

    fn test_points(&self) -> Points {
        let g = closed_grid(self.n_test.max(2));
        Points {
            dim: 2,
            coords: g
                .iter()
                .flat_map(|&x| g.iter().flat_map(move |&y| [x, y]))
                .collect(),
        }
    }

    fn describe(&self) -> ProblemExport {
        ProblemExport {
            description: format!(
                "2-D Helmholtz Δu + κ²u = q on (-1,1)², κ = {}, exact u = sin({}πx) sin({}πy), q from the exact u; boundary points on the four edges with g = u",
                self.kappa, self.a1, self.a2
            ),
            spec: ProblemSpec::Helmholtz(self.clone()),
        }
    }
}

/// Either problem, as a serialisable value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum ProblemSpec {
    Poisson(PoissonProblem),
    Helmholtz(HelmholtzProblem),
}

impl ProblemSpec {
    fn inner(&self) -> &dyn Problem {
        match self {
            ProblemSpec::Poisson(p) => p,
            ProblemSpec::Helmholtz(h) => h,
        }
    }
}

impl Problem for ProblemSpec {
    fn dim(&self) -> usize {
        self.inner().dim()
    }
    fn loss(&self) -> Result<PinnLoss, PinnError> {
        self.inner().loss()
    }
    fn exact(&self, x: &[f64]) -> f64 {
        self.inner().exact(x)
    }
    fn test_points(&self) -> Points {
        self.inner().test_points()
    }
    fn describe(&self) -> ProblemExport {
        self.inner().describe()
    }
}
