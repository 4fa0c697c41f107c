//! End-to-end tests of the `reprobook` binary on fixture books: HTML, stderr, exit codes.

mod common;
use common::*;

#[test]
fn builds_fixture_book_with_pages_toc_and_navigation() {
    let book = fixture("basic");
    let r = run(&["build", "--strict"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = read(book.path(), "output/index.html");
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("<h1>Fixture Book</h1>"));
    assert!(index.contains("Ada Author, Bo Writer"));
    assert!(index.contains("<a href=\"01-intro.html\">Introduction</a>"));
    let intro = read(book.path(), "output/01-intro.html");
    assert_snapshot("basic-intro", &main_content(&intro));
    assert!(intro.contains("rel=\"next\" href=\"02-second.html\""));
    assert!(intro.contains(
        "<li class=\"toc-l2\"><a href=\"#a-list--a-table-1\">A List &amp; a Table</a></li>"
    ));
    let second = read(book.path(), "output/02-second.html");
    assert!(second.contains("rel=\"prev\" href=\"01-intro.html\""));
    assert!(book.path().join("output/static/style.css").is_file());
    // Nothing in a page loads from another host.
    for page in [&index, &intro, &second] {
        assert!(
            !page.contains("src=\"http") && !page.contains("href=\"http"),
            "external resource"
        );
    }
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let book = fixture("basic");
    assert_eq!(run(&["build"], book.path()).code, 0);
    let first = tree(&book.path().join("output"));
    assert_eq!(run(&["build"], book.path()).code, 0);
    let second = tree(&book.path().join("output"));
    assert_eq!(first, second);
    assert!(first.len() >= 4);
}

#[test]
fn check_writes_nothing_and_clean_removes_output() {
    let book = fixture("basic");
    let r = run(&["check"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!book.path().join("output").exists());
    assert_eq!(run(&["build"], book.path()).code, 0);
    assert!(book.path().join("output").exists());
    assert_eq!(run(&["clean"], book.path()).code, 0);
    assert!(!book.path().join("output").exists());
}

#[test]
fn help_and_usage_errors() {
    let r = run_in(&["build", "--help"], std::path::Path::new("."));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--strict") && r.stdout.contains("--root"));
    let r = run_in(&["frobnicate"], std::path::Path::new("."));
    assert_eq!(r.code, 2);
    let r = run_in(
        &["build", "--root", "/definitely/not/here"],
        std::path::Path::new("."),
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/definitely/not/here"), "{}", r.stderr);
}

#[test]
fn a_template_in_the_book_overrides_the_built_in_one() {
    let book = fixture("basic");
    std::fs::create_dir_all(book.path().join("templates")).unwrap();
    std::fs::write(
        book.path().join("templates/chapter.html"),
        "{% extends \"base.html\" %}{% block content %}<div class=\"custom\">{{ page.title }}</div>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        book.path().join("templates/style.css"),
        "body { color: teal; }",
    )
    .unwrap();
    let r = run(&["build"], book.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(book.path(), "output/01-intro.html")
        .contains("<div class=\"custom\">Introduction</div>"));
    assert_eq!(
        read(book.path(), "output/static/style.css"),
        "body { color: teal; }"
    );
    // The index still uses the built-in template.
    assert!(read(book.path(), "output/index.html").contains("<ol class=\"contents\">"));
}
