//! MyST constructs end to end: math, labels, references, anchors, figures, admonitions,
//! citations, and every error case with its message, line and exit code.

mod common;
use common::*;

fn built(name: &str) -> (tempfile::TempDir, Run) {
    let book = fixture(name);
    let r = run(&["build"], book.path());
    (book, r)
}

#[test]
fn the_unmodified_seed_reports_exactly_its_two_dangling_equation_references() {
    let book = fixture("seed-unmodified");
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        vec![
            "chapters/gradient-flow-pathologies.md:62:10: error: unknown label `ode-p`",
            "chapters/gradient-flow-pathologies.md:85:28: error: unknown label `heat`",
        ],
        "{}",
        r.stderr
    );
}

#[test]
fn math_is_mathml_with_numbers_labels_and_tex_annotation() {
    let (book, r) = built("myst");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/01-math.html");
    assert!(!page.contains("<script"), "no JavaScript");
    assert!(page.contains("<annotation encoding=\"application/x-tex\">a^2 + b^2</annotation>"));
    assert!(
        page.contains("<mi>ℝ</mi>"),
        "front-matter macro \\R expanded"
    );
    for (id, n) in [
        ("decay", "1"),
        ("heat", "2"),
        ("directive-eq", "3"),
        ("tex-label", "4"),
    ] {
        assert!(
            page.contains(&format!(
                "<span class=\"equation\" id=\"{id}\"><math display=\"block\">"
            )),
            "{id}"
        );
        assert!(
            page.contains(&format!("<a class=\"xref\" href=\"#{id}\">({n})</a>"))
                || page.contains(&format!("<a href=\"#{id}\">({n})</a>")),
            "{id} referenced as ({n})"
        );
    }
    assert!(
        page.contains("<span class=\"eq-number\">(A)</span>"),
        "\\tag gives its own number"
    );
    // Cross-chapter equation reference.
    let more = read(book.path(), "output/02-more.html");
    assert!(
        more.contains("<a class=\"xref\" href=\"01-math.html#decay\">(1)</a>"),
        "{more}"
    );
    // numbering: false turns numbers off.
    assert!(!more.contains("eq-number"));
    assert!(more.contains("id=\"unnumbered\""));
}

#[test]
fn anchors_targets_references_and_figures() {
    let (book, r) = built("myst");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/01-math.html");
    assert!(page.contains("<h2 id=\"경사-흐름-gradient-flow\">"));
    assert!(page.contains("<span id=\"sec-target\"></span>"));
    assert!(page.contains("<a class=\"xref\" href=\"#sec-target\">경사 흐름 (Gradient Flow)</a>"));
    assert!(page.contains("<a class=\"xref\" href=\"#fig-one\">Figure 1</a>"));
    assert!(page.contains("<a class=\"xref\" href=\"#fig-one\">Fig. 1</a>"));
    assert!(
        page.contains("<a href=\"02-more.html\">More</a>"),
        "doc role"
    );
    assert!(
        page.contains("<a href=\"#fig-one\">Figure 1</a>"),
        "[](#fig-one)"
    );
    assert!(
        page.contains("<a href=\"02-more.html#other-part\">next</a>"),
        "other.md#anchor rewritten"
    );
    assert!(page.contains("<figure id=\"fig-one\">"));
    assert!(page.contains("alt=\"A picture\" style=\"width:50%\""));
    assert!(page.contains(
        "<span class=\"fig-number\">Figure 1:</span> The <em>caption</em> of the figure."
    ));
}

#[test]
fn admonitions_dropdowns_nesting_and_unknown_directives() {
    let (book, r) = built("myst");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("chapters/02-more.md:24:5: warning: unknown directive `{prf:definition}`"),
        "{}",
        r.stderr
    );
    let more = read(book.path(), "output/02-more.html");
    assert!(more.contains("<aside class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n<p>A note with <strong>bold</strong>.</p>"));
    assert!(more
        .contains("<details class=\"admonition warning dropdown\">\n<summary>Careful</summary>"));
    assert!(more.contains("<aside class=\"admonition\">\n<p class=\"admonition-title\">Custom title</p>\n<aside class=\"admonition tip\">"), "nested colon fences");
    assert!(more.contains("<p class=\"admonition-title\">prf:definition Gradient flow</p>\n<p>Body of an unknown directive.</p>"));
    // --strict turns the warning into an error and writes nothing.
    let book2 = fixture("myst");
    let r = run(&["build", "--strict"], book2.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/02-more.md:24:5: error: unknown directive"),
        "{}",
        r.stderr
    );
    assert!(!book2.path().join("output").exists());
}

#[test]
fn citations_and_reference_lists() {
    let (book, r) = built("myst");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/01-math.html");
    assert!(page.contains("Wang"), "author in citation");
    assert!(
        page.contains("href=\"#ref-wang2021understanding\""),
        "citation links to its entry"
    );
    for key in [
        "wang2021understanding",
        "jacot2018neural",
        "lee2017deep",
        "wang2022and",
        "krishnapriyan2021characterizing",
    ] {
        assert!(
            page.contains(&format!("<li id=\"ref-{key}\">")),
            "{key} in reference list"
        );
    }
    assert!(page.contains("Understanding and mitigating gradient flow pathologies"));
    let bib = read(book.path(), "output/bibliography.html");
    for key in [
        "wang2021understanding",
        "wang2022and",
        "krishnapriyan2021characterizing",
        "jacot2018neural",
        "lee2017deep",
    ] {
        assert!(
            bib.contains(&format!("<li id=\"ref-{key}\">")),
            "{key} on the bibliography page"
        );
    }
    assert!(
        !bib.contains("{\\'e}") && !bib.contains("\\'"),
        "TeX accents decoded"
    );
}

/// A one-chapter book whose chapter is `text`, built; returns the run.
fn build_chapter(text: &str, bib: Option<&str>) -> Run {
    let mut files: Vec<(&str, &[u8])> = vec![("chapters/c.md", text.as_bytes())];
    let cfg;
    if let Some(b) = bib {
        files.push(("refs.bib", b.as_bytes()));
        cfg = "bibliography: refs.bib\n".to_string();
        files.push(("book.yml", cfg.as_bytes()));
    }
    let book = book_from(&files);
    let r = run(&["build"], book.path());
    assert!(!book.path().join("output").exists() || r.code == 0);
    r
}

#[test]
fn unknown_label_is_located() {
    let r = build_chapter("# T\n\nSee {eq}`nope` here.\n", None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/c.md:3:10: error: unknown label `nope`"),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_label_names_both_places() {
    let r = build_chapter("# T\n\n$$ a $$ (x)\n\n$$ b $$ (x)\n", None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/c.md:5:3: error: duplicate label `x`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("first defined at chapters/c.md:3"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_citation_key_is_located() {
    let r = build_chapter(
        "# T\n\nAs shown [@nobody2020].\n",
        Some("@article{a, title={T}, author={A, B}, year={2020}}\n"),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters/c.md:3:10: error: unknown citation key `nobody2020`"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_bib_names_entry_and_line() {
    let r = build_chapter("# T\n", Some("@article{good, title={T}, year={2020}}\n\n@article{broken, title={Unclosed, year={2020}\n"));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("refs.bib:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("broken"), "{}", r.stderr);
}

#[test]
fn latex_error_points_inside_the_formula() {
    let r = build_chapter("# T\n\nText $x + \\fraq{1}{2}$ end.\n", None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("chapters/c.md:3:11: error: LaTeX error"),
        "{}",
        r.stderr
    );
}

#[test]
fn broken_in_book_link_is_a_warning_and_an_error_when_strict() {
    let book = book_from(&[(
        "chapters/c.md",
        b"# T\n\n[gone](#nowhere) and [page](missing.md)\n",
    )]);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("chapters/c.md:3:1: warning: broken link `#nowhere`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("warning: broken link `missing.md`: no chapter `missing.md` in the book"),
        "{}",
        r.stderr
    );
    let r = run(&["check", "--strict"], book.path());
    assert_eq!(r.code, 1);
}

#[test]
fn local_images_are_copied_and_a_missing_one_is_a_located_warning() {
    let (book, r) = built("myst");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(book.path().join("output/picture.svg")).unwrap(),
        std::fs::read(book.path().join("chapters/picture.svg")).unwrap()
    );
    let book = book_from(&[("chapters/c.md", b"# T\n\n![alt](gone.png)\n")]);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("chapters/c.md:3:1: warning: image `gone.png` not found (looked for `chapters/gone.png`)"),
        "{}",
        r.stderr
    );
    assert_eq!(run(&["check", "--strict"], book.path()).code, 1);
}

#[test]
fn directives_in_list_items_keep_their_own_content() {
    let book = book_from(&[(
        "chapters/c.md",
        b"# T\n\n- one\n\n  ```{note}\n  first $a+1$\n  ```\n\n- two\n\n  ```{note}\n  second $b+2$\n  ```\n",
    )]);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/c.html");
    assert!(
        page.contains("a+1</annotation>") && page.contains("b+2</annotation>"),
        "{page}"
    );
}

#[test]
fn text_after_one_line_display_math_is_kept_and_a_bom_is_ignored() {
    let book = book_from(&[(
        "chapters/c.md",
        "\u{feff}---\ntitle: Real Title\n---\n# H\n\n$$ x^2 $$ is the square.\n".as_bytes(),
    )]);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(book.path(), "output/c.html");
    assert!(page.contains("<title>Real Title</title>"), "{page}");
    assert!(page.contains("is the square."), "{page}");
}

#[test]
fn chapters_that_would_share_an_output_page_are_errors() {
    let book = book_from(&[
        ("chapters/a-b.md", b"# A\n"),
        ("chapters/a/b.md", b"# B\n"),
        ("chapters/index.md", b"# I\n"),
    ]);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error: chapters `a/b.md` and `a-b.md` would both be written to `a-b.html`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("error: chapter `index.md` would be written to `index.html`"),
        "{}",
        r.stderr
    );
}
