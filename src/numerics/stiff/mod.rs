//! Stiffness numerics: explicit vs implicit time stepping, stability limits, heat equation and GD.
//!
//! Pure numerics on `nalgebra`; every public result type derives `Serialize` so an
//! experiment layer can export it. The four claims of the stiffness tutorial each
//! have one entry point:
//!
//! 1. [`scalar_decay_study`] — FE on `y' = -a y` is bounded iff `dt ≤ 2/a`; BE always.
//! 2. [`spd_system_study`] — `y' = -Ay`, `A = QΛQᵀ` SPD, decouples into modes; FE needs
//!    `dt < 2/λ_max`.
//! 3. [`heat_limit_study`] — the explicit heat limit shrinks like `N⁻²` (Fourier `8/N²`,
//!    FD `h²/(2cos²(πh/2))`); BE and CN have none.
//! 4. [`gd_quadratic_study`] — GD diverges iff `η > 2/λ_max`; with `η = 2/(λ_max+λ_min)`
//!    the iterations to a tolerance grow like `κ`.
//!
//! Figures: [`stability_region`] (|R(z)| on a grid), [`scalar_decay_trajectory`],
//! [`heat_space_time`], [`gradient_descent`]. Building blocks: the [`Method`] value
//! and the [`Integrator`] types ([`ForwardEuler`], [`BackwardEuler`], [`Trapezoidal`],
//! [`Rk4`]) for `y' = f(t, y)`, [`LinearStepper`] for `y' = -Ay` (one factorisation
//! per `dt`), [`SpdMatrix`], [`DirichletLaplacian`] with [`TridiagonalLu`], and the
//! generic limit search [`find_stability_limit`] with its [`BoundednessCriterion`].

mod error;
mod gd;
mod heat;
mod heat_sample;
mod heat_study;
mod integrators;
mod limit;
mod linear;
mod method;
mod scalar;
mod spd;
mod spd_study;
mod tridiag;

pub use error::StiffError;
pub use gd::{
    gd_quadratic_study, geometric_spectrum, gradient_descent, quadratic_loss, GdQuadraticParams,
    GdQuadraticResult, GdRow, GdTrace,
};
pub use heat::{
    fourier_coefficients, fourier_evaluate, fourier_wavenumbers, grid_points, heat_explicit_limit,
    heat_initial_state, heat_spacing, HeatGrid, HeatInitial, HeatOperator, HeatShifted,
};
pub use heat_sample::{heat_space_time, HeatSample, HeatSampleParams, MAX_SAMPLE_POINTS};
pub use heat_study::{
    fit_loglog, heat_limit_study, HeatGridStudy, HeatLimitParams, HeatLimitResult, HeatLimitRow,
    ImplicitCheck, SlopeFit,
};
pub use integrators::{
    integrate, BackwardEuler, ForwardEuler, Integrator, NewtonOptions, OdeTrajectory, Rk4,
    Trapezoidal,
};
pub use limit::{
    find_stability_limit, linear_boundedness, linear_stability_limit, method_limit,
    BoundednessCriterion, BoundednessRun, LimitSearch, MethodLimit, StabilityLimit,
};
pub use linear::{
    norm2, DiagonalOperator, DiagonalShifted, LinearOperator, LinearStepper, ShiftedSolve,
};
pub use method::{
    stability_region, Method, StabilityRegion, StabilityRegionParams, MAX_REGION_SAMPLES,
};
pub use scalar::{
    scalar_convergence, scalar_decay_study, scalar_decay_trajectory, ConvergenceParams,
    ConvergenceResult, ScalarDecayParams, ScalarDecayResult, ScalarTrajectory, MAX_SCALAR_STEPS,
};
pub use spd::{CholeskyShifted, SpdMatrix};
pub use spd_study::{spd_system_study, SpdRun, SpdSystemParams, SpdSystemResult};
pub use tridiag::{DirichletLaplacian, TridiagonalLu};
