//! The solvers: each file wraps one numerical study as an experiment kind.

mod common;
pub mod gd_quadratic;
pub mod heat_limit;
pub mod heat_space_time;
pub mod pinn_annealing;
pub mod pinn_frequency;
pub mod pinn_gd_stability;
mod pinn_setup;
pub mod pinn_spectra;
pub mod probe;
pub mod scalar_decay;
pub mod spd_system;
pub mod stability_region;
