//! `reprobook run spec.yml`: one experiment outside a book, its result as JSON.

use super::registry;
use crate::diag::{Diagnostic, Location, Severity, SourceFile};
use crate::Failure;
use std::path::Path;

#[derive(serde::Deserialize)]
struct SolverOnly {
    solver: String,
}

/// Run the spec in `path`; write the JSON result to `out` or stdout.
pub fn run_file(path: &Path, out: Option<&Path>) -> Result<(), Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    let file = SourceFile::new(path, text);
    let whole = 0..file.text.len();
    let content = |d: Diagnostic| Failure::Content(d.into());
    let name = crate::yaml::decode::<SolverOnly>(&file, whole.clone())
        .map_err(content)?
        .solver;
    let solver = registry::find(&name).ok_or_else(|| {
        let at = file.text.find(&name).map_or(0..1, |i| i..i + name.len());
        content(
            Diagnostic::at(
                Severity::Error,
                &file,
                at,
                format!("unknown solver `{name}`"),
            )
            .with_note("`reprobook solvers` lists them"),
        )
    })?;
    let prepared = solver.prepare(&file, whole).map_err(content)?;
    let outputs = solver.run(&prepared.params).map_err(|m| {
        content(Diagnostic::error(
            format!("solver `{name}` failed: {m}"),
            Location::Path(path.to_path_buf()),
        ))
    })?;
    let json = serde_json::json!({
        "solver": solver.name(),
        "solver_version": solver.version(),
        "params": prepared.params,
        "outputs": outputs,
    });
    let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    match out {
        Some(p) => std::fs::write(p, text)
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", p.display()))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
