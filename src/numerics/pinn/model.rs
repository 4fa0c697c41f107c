//! The model abstraction the loss machinery works on (value, input derivatives, parameter derivatives), with the tanh network and the linear sine series as models.

use super::error::PinnError;
use super::linalg::DenseMatrix;
use super::network::Network;
use super::passes;
use super::problem::Points;
use super::tangent::{second_order_pass, Directions};
use serde::{Deserialize, Serialize};

/// The linear differential functional `ℓ = value·u + laplacian·Δu` evaluated at a point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Operator {
    pub value: f64,
    pub laplacian: f64,
}

impl Operator {
    /// `ℓ = u` (boundary terms).
    pub const VALUE: Operator = Operator {
        value: 1.0,
        laplacian: 0.0,
    };

    /// Number of derivative streams the operator needs per point: `1` (value only) or
    /// `dim + 2` (value, gradient, Laplacian).
    pub fn streams_len(&self, dim: usize) -> usize {
        if self.laplacian == 0.0 {
            1
        } else {
            dim + 2
        }
    }

    /// Streams needed and the output weights `m_σ` over them (see `passes`).
    pub(crate) fn streams(&self, dim: usize) -> (usize, Vec<f64>) {
        if self.laplacian == 0.0 {
            (1, vec![self.value])
        } else {
            let mut m = vec![0.0; dim + 2];
            m[0] = self.value;
            m[dim + 1] = self.laplacian;
            (dim + 2, m)
        }
    }
}

/// `u`, `∇_x u` and `Δ_x u` at one point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDerivatives {
    pub u: f64,
    pub grad: Vec<f64>,
    pub laplacian: f64,
}

/// A model `u_θ(x)` with exact input and parameter derivatives.
///
/// All parameter derivatives concern `ℓ_i(θ) = Operator(u_θ)(x_i)` at a set of points.
pub trait Model: Sync {
    /// Number of parameters `p`.
    fn n_params(&self) -> usize;
    /// Input dimension.
    fn input_dim(&self) -> usize;
    /// The parameters θ.
    fn params(&self) -> &[f64];
    /// Mutable parameters.
    fn params_mut(&mut self) -> &mut [f64];
    /// `u, ∇u, Δu` at each point.
    fn input_derivatives(&self, points: &Points) -> Vec<InputDerivatives>;
    /// `ℓ_i(θ)`.
    fn operator_values(&self, points: &Points, op: Operator) -> Vec<f64>;
    /// `ℓ` and `Σ_i c_i ∇_θ ℓ_i` with `c = seed(ℓ)` (one forward and one reverse pass).
    fn operator_vjp(
        &self,
        points: &Points,
        op: Operator,
        seed: &dyn Fn(&[f64]) -> Vec<f64>,
    ) -> (Vec<f64>, Vec<f64>);
    /// `ℓ` and `Jᵀ` (`p × N`, column `i` = `∇_θ ℓ_i`).
    fn operator_jacobian_t(&self, points: &Points, op: Operator) -> (Vec<f64>, DenseMatrix);
    /// `γ JᵀJ v + Σ_i c_i ∇²_θ ℓ_i v` (forward-over-reverse).
    fn operator_hvp(
        &self,
        points: &Points,
        op: Operator,
        c: &[f64],
        gamma: f64,
        v: &[f64],
    ) -> Vec<f64>;
    /// The exact Hessian of `Σ_i c_i ℓ_i(θ)`; by default `p` Hessian-vector products.
    fn operator_weighted_hessian(&self, points: &Points, op: Operator, c: &[f64]) -> DenseMatrix {
        let p = self.n_params();
        let mut h = DenseMatrix::zeros(p, p);
        let mut e = vec![0.0; p];
        for j in 0..p {
            e[j] = 1.0;
            let col = self.operator_hvp(points, op, c, 0.0, &e);
            h.data[j * p..(j + 1) * p].copy_from_slice(&col);
            e[j] = 0.0;
        }
        h
    }
}

impl Model for Network {
    fn n_params(&self) -> usize {
        self.params().len()
    }

    fn input_dim(&self) -> usize {
        Network::input_dim(self)
    }

    fn params(&self) -> &[f64] {
        Network::params(self)
    }

    fn params_mut(&mut self) -> &mut [f64] {
        Network::params_mut(self)
    }

    fn input_derivatives(&self, points: &Points) -> Vec<InputDerivatives> {
        let d = points.dim;
        let s = d + 2;
        let primal = passes::forward(self, points, s);
        let out = &primal.z[self.n_layers()];
        out.chunks_exact(s)
            .map(|c| InputDerivatives {
                u: c[0],
                grad: c[1..=d].to_vec(),
                laplacian: c[d + 1],
            })
            .collect()
    }

    fn operator_values(&self, points: &Points, op: Operator) -> Vec<f64> {
        let (s, m) = op.streams(points.dim);
        passes::outputs(&passes::forward(self, points, s), &m)
    }

    fn operator_vjp(
        &self,
        points: &Points,
        op: Operator,
        seed: &dyn Fn(&[f64]) -> Vec<f64>,
    ) -> (Vec<f64>, Vec<f64>) {
        let (s, m) = op.streams(points.dim);
        let primal = passes::forward(self, points, s);
        let values = passes::outputs(&primal, &m);
        let c = seed(&values);
        let adj = passes::reverse(self, &primal, &m, &c);
        (values, passes::gradient(self, &primal, &adj))
    }

    fn operator_jacobian_t(&self, points: &Points, op: Operator) -> (Vec<f64>, DenseMatrix) {
        let (s, m) = op.streams(points.dim);
        let primal = passes::forward(self, points, s);
        let values = passes::outputs(&primal, &m);
        let adj = passes::reverse(self, &primal, &m, &vec![1.0; points.len()]);
        (values, passes::jacobian_t(self, &primal, &adj))
    }

    fn operator_hvp(
        &self,
        points: &Points,
        op: Operator,
        c: &[f64],
        gamma: f64,
        v: &[f64],
    ) -> Vec<f64> {
        let (s, m) = op.streams(points.dim);
        let primal = passes::forward(self, points, s);
        let adj = passes::reverse(self, &primal, &m, c);
        let mut out = vec![0.0; self.n_params()];
        let dirs = [v];
        second_order_pass(self, &primal, &adj, &m, gamma, &Directions(&dirs), &mut out);
        out
    }

    fn operator_weighted_hessian(&self, points: &Points, op: Operator, c: &[f64]) -> DenseMatrix {
        super::hessian::network_weighted_hessian(self, points, op, c, true)
    }
}

/// The linear model `u(x) = Σ_{k=1..m} θ_k sin(kπx)` on `[-1, 1]` (1-D only).
///
/// `ℓ = a·u + b·u''` is linear in θ with `∂ℓ/∂θ_k = (a - b(kπ)²) sin(kπx)`, so every
/// curvature term vanishes and the PDE Hessian is `(2/N) Σ_i φ(x_i) φ(x_i)ᵀ`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SineSeries {
    pub theta: Vec<f64>,
}

impl SineSeries {
    /// A series with the given coefficients.
    pub fn new(theta: Vec<f64>) -> Result<Self, PinnError> {
        if theta.is_empty() {
            return Err(PinnError::InvalidParameter(
                "sine series needs at least one term".into(),
            ));
        }
        Ok(SineSeries { theta })
    }

    fn features(&self, x: f64, op: Operator) -> impl Iterator<Item = f64> + '_ {
        (1..=self.theta.len()).map(move |k| {
            let w = k as f64 * std::f64::consts::PI;
            (op.value - op.laplacian * w * w) * libm::sin(w * x)
        })
    }
}

impl Model for SineSeries {
    fn n_params(&self) -> usize {
        self.theta.len()
    }

    fn input_dim(&self) -> usize {
        1
    }

    fn params(&self) -> &[f64] {
        &self.theta
    }

    fn params_mut(&mut self) -> &mut [f64] {
        &mut self.theta
    }

    fn input_derivatives(&self, points: &Points) -> Vec<InputDerivatives> {
        (0..points.len())
            .map(|i| {
                let x = points.point(i)[0];
                let (mut u, mut ux, mut uxx) = (0.0, 0.0, 0.0);
                for (k, th) in self.theta.iter().enumerate() {
                    let w = (k + 1) as f64 * std::f64::consts::PI;
                    u += th * libm::sin(w * x);
                    ux += th * w * libm::cos(w * x);
                    uxx -= th * w * w * libm::sin(w * x);
                }
                InputDerivatives {
                    u,
                    grad: vec![ux],
                    laplacian: uxx,
                }
            })
            .collect()
    }

    fn operator_values(&self, points: &Points, op: Operator) -> Vec<f64> {
        (0..points.len())
            .map(|i| {
                self.features(points.point(i)[0], op)
                    .zip(&self.theta)
                    .map(|(f, t)| f * t)
                    .sum()
            })
            .collect()
    }

    fn operator_vjp(
        &self,
        points: &Points,
        op: Operator,
        seed: &dyn Fn(&[f64]) -> Vec<f64>,
    ) -> (Vec<f64>, Vec<f64>) {
        let (values, jt) = self.operator_jacobian_t(points, op);
        let c = seed(&values);
        (values, jt.matvec(&c))
    }

    fn operator_jacobian_t(&self, points: &Points, op: Operator) -> (Vec<f64>, DenseMatrix) {
        let (n, p) = (points.len(), self.theta.len());
        let mut jt = DenseMatrix::zeros(p, n);
        for i in 0..n {
            for (k, f) in self.features(points.point(i)[0], op).enumerate() {
                jt.data[i * p + k] = f;
            }
        }
        (self.operator_values(points, op), jt)
    }

    fn operator_hvp(
        &self,
        points: &Points,
        op: Operator,
        _c: &[f64],
        gamma: f64,
        v: &[f64],
    ) -> Vec<f64> {
        let (_, jt) = self.operator_jacobian_t(points, op);
        let n = points.len();
        let jv: Vec<f64> = (0..n)
            .map(|i| jt.col(i).iter().zip(v).map(|(a, b)| a * b).sum::<f64>() * gamma)
            .collect();
        jt.matvec(&jv)
    }

    fn operator_weighted_hessian(
        &self,
        _points: &Points,
        _op: Operator,
        _c: &[f64],
    ) -> DenseMatrix {
        DenseMatrix::zeros(self.theta.len(), self.theta.len())
    }
}
