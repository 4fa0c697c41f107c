//! `reprobook solvers`: the solver reference, generated from the registry so it cannot drift.

use super::registry;
use super::solver::OutputKind;
use std::fmt::Write as _;

/// Every solver with its parameters (type, default, meaning) and outputs.
pub fn listing() -> String {
    let mut out = String::new();
    for s in registry::all() {
        let _ = writeln!(
            out,
            "{} (version {})\n  {}",
            s.name(),
            s.version(),
            s.summary()
        );
        let defaults = s.defaults();
        let _ = writeln!(out, "  parameters:");
        for p in s.params() {
            let default = defaults
                .get(p.name)
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "    {:<18} {:<22} default {:<14} {}",
                p.name, p.ty, default, p.meaning
            );
        }
        let _ = writeln!(out, "  outputs:");
        for o in s.outputs() {
            let kind = match o.kind {
                OutputKind::Scalar => "scalar",
                OutputKind::Series => "series",
                OutputKind::Matrix => "matrix",
            };
            let _ = writeln!(out, "    {:<18} {:<8} {}", o.name, kind, o.meaning);
        }
        out.push('\n');
    }
    out
}
