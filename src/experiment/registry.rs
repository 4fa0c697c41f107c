//! The registry: the only list of solver names.

use super::solver::{Adapter, Solver};
use super::solvers;

static SOLVERS: &[&dyn Solver] = &[
    &Adapter::<solvers::pinn_spectra::PinnSpectra>::new(),
    &Adapter::<solvers::pinn_frequency::PinnFrequency>::new(),
    &Adapter::<solvers::pinn_gd_stability::PinnGdStability>::new(),
    &Adapter::<solvers::pinn_annealing::PinnAnnealing>::new(),
    &Adapter::<solvers::probe::Probe>::new(),
    &Adapter::<solvers::scalar_decay::ScalarDecay>::new(),
    &Adapter::<solvers::spd_system::SpdSystem>::new(),
    &Adapter::<solvers::stability_region::StabilityRegions>::new(),
    &Adapter::<solvers::heat_limit::HeatLimit>::new(),
    &Adapter::<solvers::heat_space_time::HeatSpaceTime>::new(),
    &Adapter::<solvers::gd_quadratic::GdQuadratic>::new(),
];

/// Every solver, in listing order.
pub fn all() -> &'static [&'static dyn Solver] {
    SOLVERS
}

/// The solver called `name`.
pub fn find(name: &str) -> Option<&'static dyn Solver> {
    SOLVERS.iter().copied().find(|s| s.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_docs_match_the_parameter_structs() {
        let mut names: Vec<&str> = all().iter().map(|s| s.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all().len(), "duplicate solver name");
        for s in all() {
            // The documented parameters are exactly the fields of the defaults.
            let defaults = s.defaults();
            let mut fields: Vec<&str> = defaults
                .as_object()
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            fields.sort();
            let mut documented: Vec<&str> = s.params().iter().map(|p| p.name).collect();
            documented.sort();
            assert_eq!(
                fields,
                documented,
                "solver `{}` documents other parameters than it has",
                s.name()
            );
            assert!(
                !s.outputs().is_empty(),
                "solver `{}` declares no outputs",
                s.name()
            );
        }
    }
}
