//! Build script: fingerprints of the numerical engines' source folders, so that solver
//! cache versions change whenever any file of an engine changes (no hand-kept file lists).

use std::path::Path;

/// FNV-1a, 64 bit: stable across platforms and compiler versions.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
}

/// Hash of every file under `dir` (sorted by path), names and contents.
fn folder_hash(dir: &Path) -> u64 {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut hash = 0xCBF2_9CE4_8422_2325;
    for f in files {
        let rel = f
            .strip_prefix(dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        fnv1a(&mut hash, rel.as_bytes());
        fnv1a(&mut hash, &std::fs::read(&f).unwrap_or_default());
    }
    hash
}

fn main() {
    for (var, dir) in [
        ("REPROBOOK_PINN_ENGINE_HASH", "src/numerics/pinn"),
        ("REPROBOOK_STIFF_ENGINE_HASH", "src/numerics/stiff"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        println!("cargo:rustc-env={var}={:016x}", folder_hash(Path::new(dir)));
    }
}
