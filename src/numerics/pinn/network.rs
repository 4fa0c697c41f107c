//! The fully connected tanh network: widths, parameter layout, Glorot-normal initialisation.

use super::error::PinnError;
use crate::numerics::rng::Rng;
use serde::{Deserialize, Serialize};

/// Architecture of a fully connected network: `widths = [d_in, w, …, w, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    pub widths: Vec<usize>,
}

impl NetworkSpec {
    /// `[d_in, hidden…, 1]`.
    pub fn new(d_in: usize, hidden: &[usize]) -> Self {
        let mut widths = vec![d_in];
        widths.extend_from_slice(hidden);
        widths.push(1);
        NetworkSpec { widths }
    }

    /// Checks the widths: at least input and output, no zero width, scalar output.
    pub fn validate(&self) -> Result<(), PinnError> {
        if self.widths.len() < 2 {
            return Err(PinnError::InvalidNetwork(
                "need at least an input and an output width".into(),
            ));
        }
        if self.widths.contains(&0) {
            return Err(PinnError::InvalidNetwork("zero width".into()));
        }
        if *self.widths.last().unwrap_or(&0) != 1 {
            return Err(PinnError::InvalidNetwork("output width must be 1".into()));
        }
        Ok(())
    }

    /// Number of parameters `Σ_l (w_l w_{l-1} + w_l)`.
    pub fn n_params(&self) -> usize {
        self.widths.windows(2).map(|w| w[1] * w[0] + w[1]).sum()
    }
}

/// A tanh network with its parameters.
///
/// Layer `l = 1..=L` maps `z^l = W^l h^{l-1} + b^l`; `h^l = tanh(z^l)` for `l < L`, and the
/// output `u = z^L` is linear. The parameter vector holds, per layer, `W^l` (out × in,
/// row-major) and then `b^l`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    widths: Vec<usize>,
    params: Vec<f64>,
}

impl Network {
    /// Glorot-normal weights (Glorot & Bengio, AISTATS 2010: `N(0, 2/(fan_in+fan_out))`, drawn layer by layer in
    /// parameter order) and zero biases, from `Rng::seeded(seed)`.
    pub fn glorot(spec: &NetworkSpec, seed: u64) -> Result<Self, PinnError> {
        spec.validate()?;
        let mut rng = Rng::seeded(seed);
        let mut params = Vec::with_capacity(spec.n_params());
        for w in spec.widths.windows(2) {
            let (fan_in, fan_out) = (w[0], w[1]);
            let std = (2.0 / (fan_in + fan_out) as f64).sqrt();
            for _ in 0..fan_in * fan_out {
                params.push(std * rng.normal());
            }
            params.extend(std::iter::repeat_n(0.0, fan_out));
        }
        Ok(Network {
            widths: spec.widths.clone(),
            params,
        })
    }

    /// A network with the given parameters (length must match the spec).
    pub fn from_params(spec: &NetworkSpec, params: Vec<f64>) -> Result<Self, PinnError> {
        spec.validate()?;
        if params.len() != spec.n_params() {
            return Err(PinnError::DimensionMismatch {
                what: "network parameters",
                expected: spec.n_params(),
                found: params.len(),
            });
        }
        Ok(Network {
            widths: spec.widths.clone(),
            params,
        })
    }

    /// The widths `[d_in, …, 1]`.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The architecture.
    pub fn spec(&self) -> NetworkSpec {
        NetworkSpec {
            widths: self.widths.clone(),
        }
    }

    /// Number of affine layers `L`.
    pub fn n_layers(&self) -> usize {
        self.widths.len() - 1
    }

    /// Input dimension.
    pub fn input_dim(&self) -> usize {
        self.widths[0]
    }

    /// All parameters in layout order.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// Mutable parameters.
    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Offset of layer `l`'s weight block (`l = 1..=L`).
    pub fn layer_offset(&self, l: usize) -> usize {
        self.widths[..l]
            .windows(2)
            .map(|w| w[1] * w[0] + w[1])
            .sum()
    }

    /// Number of parameters of layer `l` (weights and biases).
    pub fn layer_len(&self, l: usize) -> usize {
        self.widths[l] * self.widths[l - 1] + self.widths[l]
    }

    /// `W^l`, row-major `w_l × w_{l-1}`.
    pub fn weight(&self, l: usize) -> &[f64] {
        let o = self.layer_offset(l);
        &self.params[o..o + self.widths[l] * self.widths[l - 1]]
    }

    /// `b^l`.
    pub fn bias(&self, l: usize) -> &[f64] {
        let o = self.layer_offset(l) + self.widths[l] * self.widths[l - 1];
        &self.params[o..o + self.widths[l]]
    }
}
