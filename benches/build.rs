//! Build-time benchmark of the shipped book: one cold build (empty cache), then warm
//! rebuilds after prose-only edits. Prints each figure and the median of the warm runs.
//!
//! Run with `cargo bench --bench build` (release profile).

use std::path::Path;
use std::time::Instant;

fn copy_book(from: &Path, to: &Path) {
    for name in ["book.yml", "index.md", "references.bib"] {
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).expect("copy");
        }
    }
    for dir in ["chapters", "templates"] {
        let src = from.join(dir);
        if !src.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk");
            let target = to
                .join(dir)
                .join(entry.path().strip_prefix(&src).expect("prefix"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    copy_book(repo, dir.path());
    let opts = reprobook::Options {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let silent = reprobook::experiment::run::Silent;
    let t = Instant::now();
    let cold = reprobook::build(&opts, &silent).unwrap_or_else(|_| panic!("cold build failed"));
    let cold_s = t.elapsed().as_secs_f64();
    println!(
        "cold build (empty cache): {cold_s:.2} s, {} experiments",
        cold.report.experiments.len()
    );
    let chapter = walkdir::WalkDir::new(dir.path().join("chapters"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a chapter")
        .into_path();
    let mut warm = Vec::new();
    for i in 0..7 {
        let mut text = std::fs::read_to_string(&chapter).expect("read");
        text.push_str(&format!("\n\nProse edit {i}.\n"));
        std::fs::write(&chapter, text).expect("write");
        let t = Instant::now();
        reprobook::build(&opts, &silent).unwrap_or_else(|_| panic!("warm build failed"));
        warm.push(t.elapsed().as_secs_f64());
    }
    let m = median(warm.clone());
    println!(
        "warm rebuild after a prose edit: median {m:.3} s over {} runs ({warm:.3?})",
        warm.len()
    );
    println!("ratio warm/cold: {:.4}", m / cold_s);
}
