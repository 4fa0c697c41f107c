//! Numerical methods, independent of documents: random numbers, stiffness studies, PINN Hessians.

pub mod pinn;
pub mod rng;
pub mod stiff;
