//! The solvers: each file wraps one numerical study as an experiment kind.

pub mod probe;
