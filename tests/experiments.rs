//! Experiments, inline values and claims end to end: verdicts, `check` exit codes and
//! lines, the cache, isolation of failures, JUnit, the report page, bad input.

mod common;
use common::*;
use std::path::Path;

fn append(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    let mut s = std::fs::read_to_string(&p).unwrap();
    s.push_str(text);
    std::fs::write(p, s).unwrap();
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{from:?} not in {rel}");
    std::fs::write(p, s.replacen(from, to, 1)).unwrap();
}

const CH: &str = "chapters/01-probe.md";

#[test]
fn values_claims_figure_numbers_data_and_report_are_rendered() {
    let book = fixture("experiments");
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/01-probe.html");
    // 1 - a dt = 0.5, four steps: 0.0625; limit 2/a = 1.
    assert!(page.contains(">0.0625</span>"), "{page}");
    assert!(page.contains(">1</span>"));
    assert!(page.contains("<span class=\"claim pass\""));
    assert!(!page.contains("claim fail"));
    assert!(page.contains("<figure class=\"experiment\" id=\"small\">"));
    assert!(page.contains("<a class=\"xref\" href=\"#other\">Figure 2</a>"));
    let data = read(book.path(), "output/data/small.json");
    assert!(
        data.contains("\"solver\": \"probe\"") && data.contains("\"final\": 0.0625"),
        "{data}"
    );
    let report = read(book.path(), "output/report.html");
    assert!(report.contains("<code>small.final ~= small.exact_final</code>"));
}

#[test]
fn check_reports_exactly_the_failing_claims_with_lines_and_exits_1_then_0_when_fixed() {
    let book = fixture("experiments");
    append(
        book.path(),
        CH,
        "\nWrong: {claim}`small.final ~= 0.07`.\nRight: {claim}`small.final > 0`.\n\n```{claim}\nsmall.limit < 0.5\n```\n",
    );
    let r = run(&["check", "--junit", "junit.xml"], book.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let failures: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": error: claim does not hold"))
        .collect();
    assert_eq!(failures.len(), 2, "{}", r.stderr);
    assert!(
        failures[0].starts_with("chapters/01-probe.md:30:16: error: claim does not hold"),
        "{}",
        failures[0]
    );
    assert!(
        failures[1].starts_with("chapters/01-probe.md:34:1: error: claim does not hold"),
        "{}",
        failures[1]
    );
    assert!(
        r.stderr.contains("FAIL  small.final ~= 0.07"),
        "table: {}",
        r.stderr
    );
    assert!(!book.path().join("output").exists(), "check writes no site");
    let junit = read(book.path(), "junit.xml");
    assert!(
        junit.contains("<testsuite name=\"claims\" tests=\"9\" failures=\"2\">"),
        "{junit}"
    );
    // Fix the two claims: exit 0.
    replace(
        book.path(),
        CH,
        "small.final ~= 0.07",
        "small.final ~= 0.06 +- 0.01",
    );
    replace(book.path(), CH, "small.limit < 0.5", "small.limit > 0.5");
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn build_renders_failed_claims_visibly_and_exits_1() {
    let book = fixture("experiments");
    append(book.path(), CH, "\n{claim}`small.limit ~= 1.5`\n");
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let page = read(book.path(), "output/01-probe.html");
    assert!(
        page.contains("<span class=\"claim fail\""),
        "failure visible"
    );
}

fn statuses(stderr: &str) -> Vec<String> {
    let mut v: Vec<String> = stderr
        .lines()
        .filter(|l| l.starts_with("experiment "))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn cache_prose_edits_rerun_nothing_param_edits_rerun_one_and_damage_is_recomputed() {
    let book = fixture("experiments");
    let r = run(&["build"], book.path());
    assert_eq!(
        statuses(&r.stderr),
        ["experiment other: ran", "experiment small: ran"]
    );
    // Prose-only edit: everything from the cache.
    append(book.path(), CH, "\nMore prose.\n");
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        statuses(&r.stderr),
        ["experiment other: cached", "experiment small: cached"]
    );
    // A parameter change re-runs that experiment only.
    replace(book.path(), CH, "  dt: 0.1\n", "  dt: 0.05\n");
    let r = run(&["build"], book.path());
    assert_eq!(
        statuses(&r.stderr),
        ["experiment other: ran", "experiment small: cached"]
    );
    // Writing a default explicitly does not change the key.
    replace(
        book.path(),
        CH,
        "  steps: 4\n",
        "  steps: 4\n  panic: false\n",
    );
    let r = run(&["build"], book.path());
    assert_eq!(
        statuses(&r.stderr),
        ["experiment other: cached", "experiment small: cached"]
    );
    // Truncate every cache entry: recomputed with a warning, never trusted.
    for e in std::fs::read_dir(book.path().join(".reprobook/cache")).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() / 3]).unwrap();
    }
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: cache entry of experiment `small` was damaged and is recomputed"),
        "{}",
        r.stderr
    );
    assert!(read(book.path(), "output/01-probe.html").contains(">0.0625</span>"));
    // --no-cache runs everything.
    let r = run(&["build", "--no-cache"], book.path());
    assert_eq!(
        statuses(&r.stderr),
        ["experiment other: ran", "experiment small: ran"]
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let book = fixture("experiments");
    assert_eq!(
        run(&["build", "--no-cache", "--jobs", "1"], book.path()).code,
        0
    );
    let one = tree(&book.path().join("output"));
    assert_eq!(
        run(&["build", "--no-cache", "--jobs", "2"], book.path()).code,
        0
    );
    assert_eq!(one, tree(&book.path().join("output")));
}

#[test]
fn a_panicking_solver_is_isolated_and_located() {
    let book = fixture("experiments");
    replace(
        book.path(),
        CH,
        "  steps: 4\n",
        "  steps: 4\n  panic: true\n",
    );
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("chapters/01-probe.md:3:1: error: experiment `small` (solver `probe`) failed: the solver panicked"), "{}", r.stderr);
    // The other experiment still ran and its claim passed.
    assert!(r.stderr.contains("pass  other.final ~= 0"), "{}", r.stderr);
    // Claims on the failed experiment are errors, never silent passes.
    assert!(
        r.stderr
            .contains("experiment `small` failed, so this cannot be evaluated"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_solver_made_to_return_a_wrong_number_fails_check() {
    let book = fixture("experiments");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reprobook"))
        .args(["check", "--root", book.path().to_str().unwrap()])
        .env("REPROBOOK_PERTURB", "probe")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: claim does not hold"), "{stderr}");
}

/// Put `yaml` as the body of experiment `small` and check; returns stderr (exit must be 1).
fn bad_spec(body: &str) -> String {
    let book = fixture("experiments");
    replace(
        book.path(),
        CH,
        "solver: probe\nparams:\n  a: 2.0\n  dt: 0.25\n  steps: 4\n",
        body,
    );
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        !r.stderr.contains("experiment small: ran"),
        "nothing runs before errors are fixed"
    );
    r.stderr
}

#[test]
fn unknown_solver_suggests_the_nearest() {
    let e = bad_spec("solver: prob\n");
    assert!(
        e.contains(
            "chapters/01-probe.md:4:9: error: unknown solver `prob` (did you mean `probe`?)"
        ),
        "{e}"
    );
}

#[test]
fn unknown_parameter_lists_the_valid_ones() {
    let e = bad_spec("solver: probe\nparams:\n  dtt: 0.1\n");
    assert!(e.contains("chapters/01-probe.md:6:3: error: invalid YAML: params: unknown field `dtt`, expected one of `a`, `dt`, `steps`, `panic`"), "{e}");
}

#[test]
fn wrong_type_and_out_of_range_values() {
    let e = bad_spec("solver: probe\nparams:\n  steps: many\n");
    assert!(
        e.contains("chapters/01-probe.md:6:10: error: invalid YAML: params.steps: invalid type"),
        "{e}"
    );
    let e = bad_spec("solver: probe\nparams:\n  dt: -0.5\n");
    assert!(e.contains("chapters/01-probe.md:6:3: error: parameter `dt` of solver `probe`: must be a finite number > 0, got -0.5"), "{e}");
}

#[test]
fn duplicate_experiment_id() {
    let book = fixture("experiments");
    replace(
        book.path(),
        CH,
        "```{experiment} other",
        "```{experiment} small",
    );
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/01-probe.md:21:1: error: duplicate label `small`"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_claim_has_a_caret_at_the_column() {
    let book = fixture("experiments");
    append(book.path(), CH, "\nBad: {claim}`small.final ~= * 2`\n");
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/01-probe.md:30:29: error: malformed claim"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("30 | Bad: {claim}`small.final ~= * 2`\n   |                             ^"),
        "{}",
        r.stderr
    );
}

#[test]
fn references_to_unknown_experiments_or_outputs() {
    let book = fixture("experiments");
    append(
        book.path(),
        CH,
        "\n{eval}`smal.final` {eval}`small.finale` {claim}`small.params.b > 0`\n",
    );
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("30:8: error: unknown experiment `smal` (did you mean `small`?)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("30:27: error: solver `probe` has no output `finale` (did you mean `final`? outputs: final, exact_final, limit, y)"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: solver `probe` has no numeric parameter `b` (parameters: a, dt, steps, panic)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn solvers_listing_and_standalone_run() {
    let r = run_in(&["solvers"], Path::new("."));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("probe (version "), "{}", r.stdout);
    assert!(
        r.stdout.contains("dt ") && r.stdout.contains("default 0.1"),
        "{}",
        r.stdout
    );
    let dir = book_from(&[(
        "spec.yml",
        b"solver: probe\nparams:\n  a: 4\n  dt: 0.125\n  steps: 2\n",
    )]);
    let r = run_in(&["run", "spec.yml", "--out", "result.json"], dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&read(dir.path(), "result.json")).unwrap();
    assert_eq!(json["outputs"]["scalars"]["final"], 0.25);
    assert_eq!(json["params"]["panic"], false);
}

#[test]
fn timings_put_durations_and_cache_status_on_the_report_page() {
    let book = fixture("experiments");
    assert_eq!(run(&["build"], book.path()).code, 0);
    let plain = read(book.path(), "output/report.html");
    assert!(
        !plain.contains("<th>cache</th>"),
        "no volatile columns by default"
    );
    assert_eq!(run(&["build", "--timings"], book.path()).code, 0);
    let timed = read(book.path(), "output/report.html");
    assert!(timed.contains("<th>time</th><th>cache</th>"));
    assert!(timed.contains("<td>hit</td>"), "{timed}");
}

#[test]
fn crlf_chapters_read_experiment_parameters_exactly() {
    let text = "# T\r\n\r\n```{experiment} d\r\nsolver: probe\r\nparams:\r\n  a: 4\r\n  dt: 0.125\r\n  steps: 2\r\n```\r\n\r\nv={eval}`d.params.a:.3g` f={eval}`d.final` {claim}`d.nonexistent > 0`\r\n";
    let book = book_from(&[("chapters/c.md", text.as_bytes())]);
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    // The caret column is right although every line ends in CRLF.
    assert!(
        r.stderr
            .contains("chapters/c.md:11:52: error: solver `probe` has no output `nonexistent`"),
        "{}",
        r.stderr
    );
    let fixed = text.replace(" {claim}`d.nonexistent > 0`", "");
    std::fs::write(book.path().join("chapters/c.md"), fixed).unwrap();
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/c.html");
    assert!(
        page.contains(">4</span>") && page.contains(">0.25</span>"),
        "{page}"
    );
}

#[test]
fn experiment_blocks_inside_lists_are_rejected_and_duplicate_ids_are_errors() {
    let book = book_from(&[(
        "chapters/c.md",
        b"# T\n\n- item\n\n  ```{experiment} d\n  solver: probe\n  ```\n\n```{experiment} e\n:label: fig-e\nsolver: probe\n```\n\n```{experiment} e\n:label: fig-e2\nsolver: probe\n```\n",
    )]);
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "chapters/c.md:5:7: error: a `{experiment}` block cannot stand inside a list item"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("chapters/c.md:14:17: error: duplicate experiment id `e`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_labelled_experiment_is_reachable_by_label_and_by_id() {
    let book = fixture("experiments");
    replace(
        book.path(),
        CH,
        "```{experiment} other\n",
        "```{experiment} other\n:label: fig-other\n",
    );
    replace(book.path(), CH, "{numref}`other`", "{numref}`fig-other`");
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/01-probe.html");
    assert!(
        page.contains("<span id=\"other\"></span>\n<figure class=\"experiment\" id=\"fig-other\">"),
        "{page}"
    );
    assert!(page.contains("<a class=\"xref\" href=\"#fig-other\">Figure 2</a>"));
}
