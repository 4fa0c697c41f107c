//! Serde-serialisable exports of an analysis: the problem, points, λ, the network as layers, and the results (losses, gradient norms, sorted eigenvalues).

use super::error::PinnError;
use super::network::{Network, NetworkSpec};
use super::problem::ProblemSpec;
use serde::{Deserialize, Serialize};

/// Conventions stated in every export.
pub const CONVENTIONS: &str = "Losses are plain means without 1/2: L_PDE = (1/N_r) Σ r_i², L_BC = (1/N_b) Σ (u - g)², L = L_PDE + λ L_BC. \
Network: tanh hidden layers, linear output, layer weight is out × in (row-major rows), Glorot-normal init with zero biases. \
Hessians are exact; Gauss–Newton part (2/N) JᵀJ, curvature part (2/N) Σ r_i ∇²r_i. Eigenvalues ascending.";

/// A problem's description and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemExport {
    pub description: String,
    pub spec: ProblemSpec,
}

/// One affine layer: `weight[out][in]`, `bias[out]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerExport {
    pub weight: Vec<Vec<f64>>,
    pub bias: Vec<f64>,
}

/// The network as layers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkExport {
    pub widths: Vec<usize>,
    pub activation: String,
    pub layers: Vec<LayerExport>,
}

impl NetworkExport {
    /// Layers of a network.
    pub fn from_network(net: &Network) -> Self {
        let w = net.widths();
        let layers = (1..=net.n_layers())
            .map(|l| LayerExport {
                weight: net
                    .weight(l)
                    .chunks(w[l - 1])
                    .map(<[f64]>::to_vec)
                    .collect(),
                bias: net.bias(l).to_vec(),
            })
            .collect();
        NetworkExport {
            widths: w.to_vec(),
            activation: "tanh".into(),
            layers,
        }
    }

    /// The network back from its layers (checked shapes).
    pub fn to_network(&self) -> Result<Network, PinnError> {
        let spec = NetworkSpec {
            widths: self.widths.clone(),
        };
        spec.validate()?;
        if self.layers.len() + 1 != self.widths.len() {
            return Err(PinnError::DimensionMismatch {
                what: "exported layers",
                expected: self.widths.len() - 1,
                found: self.layers.len(),
            });
        }
        let mut params = Vec::with_capacity(spec.n_params());
        for (l, layer) in self.layers.iter().enumerate() {
            let (wi, wo) = (self.widths[l], self.widths[l + 1]);
            if layer.weight.len() != wo
                || layer.weight.iter().any(|r| r.len() != wi)
                || layer.bias.len() != wo
            {
                return Err(PinnError::InvalidNetwork(format!(
                    "layer {} has the wrong shape",
                    l + 1
                )));
            }
            layer
                .weight
                .iter()
                .for_each(|r| params.extend_from_slice(r));
            params.extend_from_slice(&layer.bias);
        }
        Network::from_params(&spec, params)
    }
}

/// Sorted (ascending) eigenvalues of each Hessian and Gauss–Newton part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EigenvaluesExport {
    pub h_pde: Vec<f64>,
    pub h_bc: Vec<f64>,
    pub gn_pde: Vec<f64>,
    pub gn_bc: Vec<f64>,
    /// `H_PDE + λ H_BC`, when requested.
    pub h_total: Option<Vec<f64>>,
}

/// Losses, gradient norms, errors and eigenvalues at one parameter vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsExport {
    pub step: usize,
    pub loss: f64,
    pub loss_pde: f64,
    pub loss_bc: f64,
    pub grad_norm_pde: f64,
    pub grad_norm_bc: f64,
    /// `‖∇L_PDE + λ ∇L_BC‖`.
    pub grad_norm_total: f64,
    /// `‖u_θ - u‖₂ / ‖u‖₂` on the problem's test points.
    pub rel_l2_error: f64,
    pub eigenvalues: EigenvaluesExport,
}

/// Everything needed to reproduce or re-read one analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinnExport {
    pub conventions: String,
    pub problem: ProblemExport,
    pub collocation_points: Vec<Vec<f64>>,
    pub boundary_points: Vec<Vec<f64>>,
    pub boundary_values: Vec<f64>,
    pub lambda: f64,
    pub seed: u64,
    pub network: NetworkExport,
    pub results: ResultsExport,
}
