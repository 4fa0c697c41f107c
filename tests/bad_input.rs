//! Every kind of bad input gives a located error, exit code 1, and leaves `output/` untouched.

mod common;
use common::*;

/// Build a book from `files`, with a previous `output/` in place; the build must fail
/// with `expected` (a `path:line:col: error: …` prefix or message part) in stderr,
/// exit code 1, and leave the previous output byte for byte.
fn fails_and_keeps_output(files: &[(&str, &[u8])], expected: &[&str]) -> String {
    let book = book_from(files);
    let out = book.path().join("output");
    std::fs::create_dir_all(out.join("static")).unwrap();
    std::fs::write(out.join("index.html"), "previous site").unwrap();
    std::fs::write(out.join("static/style.css"), "old css").unwrap();
    let before = tree(&out);
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    for e in expected {
        assert!(
            r.stderr.contains(e),
            "expected {e:?} in stderr:\n{}",
            r.stderr
        );
    }
    assert_eq!(tree(&out), before, "output/ changed");
    let leftovers: Vec<_> = std::fs::read_dir(book.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("output."))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    r.stderr
}

#[test]
fn malformed_front_matter() {
    let stderr = fails_and_keeps_output(
        &[(
            "chapters/a.md",
            b"---\ntitle: ok\ndescription: 'unclosed\n---\n# A\n",
        )],
        &[
            "chapters/a.md:4:1: error: invalid YAML: found unexpected end of stream",
            "quoted scalar at line 3 column 14",
        ],
    );
    assert!(stderr.contains("^"), "caret shown: {stderr}");
}

#[test]
fn unknown_front_matter_key() {
    fails_and_keeps_output(
        &[("chapters/a.md", b"---\ntitle: A\ntitel: B\n---\n# A\n")],
        &["chapters/a.md:3:1: error: invalid YAML: unknown field `titel`"],
    );
}

#[test]
fn unknown_key_in_book_yml() {
    fails_and_keeps_output(
        &[
            ("book.yml", b"title: T\nauthor: me\n"),
            ("chapters/a.md", b"# A\n"),
        ],
        &["book.yml:2:1: error: invalid YAML: unknown field `author`"],
    );
}

#[test]
fn listed_chapter_missing() {
    fails_and_keeps_output(
        &[
            ("book.yml", b"chapters:\n  - a.md\n  - gone.md\n"),
            ("chapters/a.md", b"# A\n"),
        ],
        &["book.yml:3:5: error: chapter `gone.md` listed in book.yml does not exist"],
    );
}

#[test]
fn non_utf8_chapter_names_byte_offset() {
    fails_and_keeps_output(
        &[("chapters/a.md", b"# A\n\nok \xff bad\n")],
        &["chapters/a.md:3:4: error: file is not valid UTF-8: invalid byte 0xFF at byte offset 8"],
    );
}

#[test]
fn empty_chapters_folder() {
    let book = book_from(&[("book.yml", b"title: T\n")]);
    std::fs::create_dir_all(book.path().join("chapters")).unwrap();
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("chapters: error: the book has no chapters"),
        "{}",
        r.stderr
    );
    assert!(!book.path().join("output").exists());
}

#[test]
fn template_that_fails_to_render_names_template_and_line() {
    fails_and_keeps_output(
        &[
            ("chapters/a.md", b"# A\n"),
            (
                "templates/chapter.html",
                b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope.deeper }}\n{% endblock content %}\n",
            ),
        ],
        &["templates/chapter.html:3:", "error: template `chapter.html` failed to render"],
    );
}

#[test]
fn template_with_syntax_error() {
    fails_and_keeps_output(
        &[
            ("chapters/a.md", b"# A\n"),
            ("templates/index.html", b"<p>\n{% if %}\n"),
        ],
        &["templates/index.html:2:", "error: cannot load template"],
    );
}

#[test]
fn unwritable_output_folder() {
    let book = book_from(&[("chapters/a.md", b"# A\n")]);
    // A file where the output folder must go cannot be replaced by a build.
    std::fs::write(book.path().join("output"), "not a folder").unwrap();
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("output: error: the output path exists but is not a folder"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(book.path().join("output")).unwrap(),
        "not a folder"
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let stderr = fails_and_keeps_output(
        &[
            ("chapters/a.md", b"---\ntitel: x\n---\n"),
            ("chapters/b.md", b"---\nauthors: 3\n---\n"),
        ],
        &["chapters/a.md:2:1: error", "chapters/b.md:2:"],
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}
