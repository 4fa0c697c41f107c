//! Tests of `Bibliography` on the seed tutorial's `references.bib`.

use super::{BibError, Bibliography, CiteForm, StyleChoice, UnknownKey};

/// /work/shared/seed/references.bib, verbatim.
const REFERENCES_BIB: &str = r#"@article{wang2021understanding,
  title={Understanding and mitigating gradient flow pathologies in physics-informed neural networks},
  author={Wang, Sifan and Teng, Yujun and Perdikaris, Paris},
  journal={SIAM Journal on Scientific Computing},
  volume={43},
  number={5},
  pages={A3055--A3081},
  year={2021},
  publisher={SIAM}
}

@article{wang2022and,
  title={When and why PINNs fail to train: A neural tangent kernel perspective},
  author={Wang, Sifan and Yu, Xinling and Perdikaris, Paris},
  journal={Journal of Computational Physics},
  volume={449},
  pages={110768},
  year={2022},
  publisher={Elsevier}
}

@inproceedings{krishnapriyan2021characterizing,
 author = {Krishnapriyan, Aditi and Gholami, Amir and Zhe, Shandian and Kirby, Robert and Mahoney, Michael W},
 booktitle = {Advances in Neural Information Processing Systems},
 editor = {M. Ranzato and A. Beygelzimer and Y. Dauphin and P.S. Liang and J. Wortman Vaughan},
 pages = {26548--26560},
 publisher = {Curran Associates, Inc.},
 title = {Characterizing possible failure modes in physics-informed neural networks},
 url = {https://proceedings.neurips.cc/paper_files/paper/2021/file/df438e5206f31600e6ae4af72f2725f1-Paper.pdf},
 volume = {34},
 year = {2021}
}

@article{jacot2018neural,
  title={Neural tangent kernel: Convergence and generalization in neural networks},
  author={Jacot, Arthur and Gabriel, Franck and Hongler, Cl{\'e}ment},
  journal={Advances in neural information processing systems},
  volume={31},
  year={2018}
}

@article{lee2017deep,
  title={Deep neural networks as gaussian processes},
  author={Lee, Jaehoon and Bahri, Yasaman and Novak, Roman and Schoenholz, Samuel S and Pennington, Jeffrey and Sohl-Dickstein, Jascha},
  journal={arXiv preprint arXiv:1711.00165},
  year={2017}
}
"#;

const KEYS: [&str; 5] = [
    "wang2021understanding",
    "wang2022and",
    "krishnapriyan2021characterizing",
    "jacot2018neural",
    "lee2017deep",
];

fn apa() -> Bibliography {
    Bibliography::from_bibtex(REFERENCES_BIB, &StyleChoice::default()).unwrap()
}

fn broken(bib: &str) -> BibError {
    match Bibliography::from_bibtex(bib, &StyleChoice::default()) {
        Ok(_) => panic!("accepted a broken .bib"),
        Err(e) => e,
    }
}

#[test]
fn all_entries_parse() {
    let bib = apa();
    assert_eq!(bib.len(), 5);
    assert_eq!(bib.style_name(), "apa");
    for key in KEYS {
        assert!(bib.has(key), "{key}");
    }
    assert!(!bib.has("nope"));
}

#[test]
fn parenthetical_citation_is_author_year_and_links() {
    let bib = apa();
    assert_eq!(
        bib.cite(&["wang2021understanding"], CiteForm::Parenthetical)
            .unwrap(),
        "(<a href=\"#ref-wang2021understanding\">Wang et al., 2021</a>)"
    );
    // Several keys: APA sorts them and joins with "; ".
    assert_eq!(
        bib.cite(
            &["wang2022and", "jacot2018neural", "wang2022and"],
            CiteForm::Parenthetical
        )
        .unwrap(),
        "(<a href=\"#ref-jacot2018neural\">Jacot et al., 2018</a>; \
         <a href=\"#ref-wang2022and\">Wang et al., 2022</a>)"
    );
    assert_eq!(bib.cite(&[], CiteForm::Parenthetical).unwrap(), "");
}

#[test]
fn textual_citation() {
    let bib = apa();
    assert_eq!(
        bib.cite(&["wang2021understanding"], CiteForm::Textual)
            .unwrap(),
        "<a href=\"#ref-wang2021understanding\">Wang et al. (2021)</a>"
    );
    assert_eq!(
        bib.cite(&["lee2017deep", "jacot2018neural"], CiteForm::Textual)
            .unwrap(),
        "<a href=\"#ref-lee2017deep\">Lee et al. (2017)</a>; \
         <a href=\"#ref-jacot2018neural\">Jacot et al. (2018)</a>"
    );
}

#[test]
fn unknown_key_is_an_error() {
    let bib = apa();
    assert_eq!(
        bib.cite(&["wang2021understanding", "smith2020"], CiteForm::Textual),
        Err(UnknownKey("smith2020".into()))
    );
    assert_eq!(
        UnknownKey("x".into()).to_string(),
        "unknown citation key `x`"
    );
}

#[test]
fn references_in_style_order_with_html_formatting() {
    let bib = apa();
    let refs = bib.references(&KEYS);
    let keys: Vec<&str> = refs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "jacot2018neural",
            "krishnapriyan2021characterizing",
            "lee2017deep",
            "wang2021understanding",
            "wang2022and"
        ]
    );
    let wang = &refs[3].1;
    assert_eq!(
        wang,
        "Wang, S., Teng, Y., &amp; Perdikaris, P. (2021). Understanding and mitigating \
         gradient flow pathologies in physics-informed neural networks. <i>SIAM Journal on \
         Scientific Computing</i>, <i>43</i>(5), A3055–A3081."
    );
    let krishna = &refs[1].1;
    assert!(
        krishna.contains("<a href=\"https://proceedings.neurips.cc/paper_files/paper/2021/"),
        "{krishna}"
    );
    // Only the requested keys, still in style order; deterministic.
    let some = bib.references(&["wang2022and", "jacot2018neural", "unknown"]);
    let keys: Vec<&str> = some.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["jacot2018neural", "wang2022and"]);
    assert_eq!(apa().references(&KEYS), refs);
}

#[test]
fn tex_accents_become_unicode() {
    let bib = Bibliography::from_bibtex(REFERENCES_BIB, &StyleChoice::named("chicago-author-date"))
        .unwrap();
    let refs = bib.references(&["jacot2018neural"]);
    assert!(refs[0].1.contains("Clément Hongler"), "{}", refs[0].1);
    assert!(!refs[0].1.contains('\\'));
}

#[test]
fn missing_closing_brace_names_the_entry_and_line() {
    // Drop the `}` closing the first entry (line 10 of the file): reported
    // just after the entry's last field, on line 9.
    let bib = REFERENCES_BIB.replacen("publisher={SIAM}\n}", "publisher={SIAM}\n", 1);
    match broken(&bib) {
        BibError::Syntax {
            key, line, message, ..
        } => {
            assert_eq!(key.as_deref(), Some("wang2021understanding"));
            assert_eq!(line, 9, "{message}");
            assert!(message.contains("not closed"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // The last entry, at the end of the file: after its last field.
    let bib = REFERENCES_BIB.trim_end().trim_end_matches('}');
    match broken(bib) {
        BibError::Syntax { key, line, .. } => {
            assert_eq!(key.as_deref(), Some("lee2017deep"));
            assert_eq!(line, 46);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors_inside_an_entry() {
    let bib = REFERENCES_BIB.replacen("volume={449},", "volume {449},", 1);
    let err = broken(&bib);
    match &err {
        BibError::Syntax {
            key, line, column, ..
        } => {
            assert_eq!(key.as_deref(), Some("wang2022and"));
            assert_eq!((*line, *column), (16, 10));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("entry `wang2022and`, line 16, column 10: "),
        "{err}"
    );
    let dup = format!("{REFERENCES_BIB}\n@misc{{lee2017deep, title={{x}}}}\n");
    match broken(&dup) {
        BibError::Syntax {
            key, line, message, ..
        } => {
            assert_eq!(key.as_deref(), Some("lee2017deep"));
            assert_eq!(line, 49);
            assert!(message.contains("duplicate"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_fields_name_the_entry_field_and_line() {
    let cases = [
        ("year={2022}", "year={20x2}", "year", 18, "wang2022and"),
        (
            "year={2022}",
            "year={2022},\n  month={13}",
            "month",
            19,
            "wang2022and",
        ),
        (
            "year={2022}",
            "date={2022-13-01}",
            "date",
            18,
            "wang2022and",
        ),
        (
            "url = {https:",
            "url = {htps//",
            "url",
            29,
            "krishnapriyan2021characterizing",
        ),
        (
            "Cl{\\'e}ment",
            "Cl{\\'}ment",
            "author",
            36,
            "jacot2018neural",
        ),
    ];
    for (from, to, want_field, want_line, want_key) in cases {
        let bib = REFERENCES_BIB.replacen(from, to, 1);
        match broken(&bib) {
            BibError::Field {
                key,
                field,
                line,
                offset,
                message,
                ..
            } => {
                assert_eq!(
                    (key.as_str(), field.as_str(), line),
                    (want_key, want_field, want_line),
                    "{to}: {message}"
                );
                assert!(bib[offset..].starts_with(['{', '\\']), "{to}: {offset}");
            }
            other => panic!("{to}: {other:?}"),
        }
    }
}

#[test]
fn styles_are_configurable() {
    let chicago =
        Bibliography::from_bibtex(REFERENCES_BIB, &StyleChoice::named("chicago-author-date"))
            .unwrap();
    assert_eq!(
        chicago
            .cite(&["wang2021understanding"], CiteForm::Parenthetical)
            .unwrap(),
        "(<a href=\"#ref-wang2021understanding\">Wang et al. 2021</a>)"
    );
    let ieee = Bibliography::from_bibtex(REFERENCES_BIB, &StyleChoice::named("ieee")).unwrap();
    let cite = ieee
        .cite(&["wang2021understanding"], CiteForm::Parenthetical)
        .unwrap();
    assert_eq!(cite, "<a href=\"#ref-wang2021understanding\">[1]</a>");
    match Bibliography::from_bibtex(REFERENCES_BIB, &StyleChoice::named("harvardd")) {
        Err(BibError::UnknownStyle { name, valid }) => {
            assert_eq!(name, "harvardd");
            assert!(valid.iter().any(|v| v == "apa"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "@",
        "@article",
        "@article{",
        "@article{x,",
        "@article{x, title={",
        "@article{x, title=\"a",
        "}}}",
        "@string{",
        "@artícle{ké, tïtle = {é}, year = {٢٠٢١}}",
        "@article{x, year = }",
        "@article{x, author = {and and}, year={2020}}",
        "@article{x, title = {\\}, year={2020}}",
        "@misc{x, date = {2020/}}",
        "@misc{x, pages = {--}, month = jan}",
        "@misc{x, crossref = {y}}",
        "@comment{anything}\n@preamble{\"\\newcommand\"}",
        "\u{feff}@misc{x, title={t}}",
    ];
    for src in inputs {
        if let Ok(bib) = Bibliography::from_bibtex(src, &StyleChoice::default()) {
            for key in ["x", "ké"] {
                if bib.has(key) {
                    assert!(bib.cite(&[key], CiteForm::Parenthetical).is_ok());
                    assert_eq!(bib.references(&[key]).len(), 1, "{src:?}");
                }
            }
        }
    }
}
