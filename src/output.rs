//! Atomic site output: write everything into a staging folder, then swap it in.
//!
//! A failed build never touches the previous `output/`: the new site is written
//! to `output.staging-<pid>` beside it and renamed into place only when complete.

use crate::diag::{Diagnostic, Location};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The files of a site, keyed by path relative to the output folder. A `BTreeMap`
/// so that writing order, and anything derived from it, is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Site {
    pub fn add(&mut self, rel: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(rel.into(), bytes.into());
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}: {e}"), Location::Path(path.to_path_buf()))
}

/// Write `site` to `out_dir`, replacing its previous content only on success.
pub fn publish(site: &Site, out_dir: &Path) -> Result<(), Diagnostic> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Diagnostic::error(
            "the output path exists but is not a folder; remove it or choose another root",
            Location::Path(out_dir.to_path_buf()),
        ));
    }
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let staging = parent.join(format!("{name}.staging-{}", std::process::id()));
    let backup = parent.join(format!("{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(e) = write_all(site, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out_dir.exists();
    if had_old {
        fs::rename(out_dir, &backup).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            io_error(out_dir, "cannot move the previous output aside", e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, out_dir) {
        // Put the previous site back so nothing is lost.
        if had_old {
            let _ = fs::rename(&backup, out_dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(out_dir, "cannot move the new site into place", e));
    }
    if had_old {
        let _ = fs::remove_dir_all(&backup);
    }
    Ok(())
}

fn write_all(site: &Site, staging: &Path) -> Result<(), Diagnostic> {
    fs::create_dir_all(staging)
        .map_err(|e| io_error(staging, "cannot create the staging folder", e))?;
    for (rel, bytes) in &site.files {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "cannot create folder", e))?;
        }
        fs::write(&path, bytes).map_err(|e| io_error(&path, "cannot write file", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_and_failure_keeps_previous() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let mut a = Site::default();
        a.add("index.html", "A");
        publish(&a, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "A");
        // A file in place of a needed folder makes the write fail.
        let mut bad = Site::default();
        bad.add("x", "file");
        bad.add("x/y.html", "cannot exist under a file");
        assert!(publish(&bad, &out).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "A");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }
}
