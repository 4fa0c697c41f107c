//! Experiments: the solver interface, the registry of solvers, the result cache and the runner.

pub mod cache;
pub mod docs;
pub mod outputs;
pub mod registry;
pub mod run;
pub mod solver;
pub mod solvers;
pub mod standalone;
