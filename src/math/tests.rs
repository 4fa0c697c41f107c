//! Tests of `render`: common commands, pulldown-latex gaps, located errors.

use super::{render, DisplayMode, Macros, MathError, RenderedMath, MATH_CSS, MATH_FONT};

fn block(tex: &str) -> RenderedMath {
    render(tex, DisplayMode::Block, &Macros::new())
        .unwrap_or_else(|e| panic!("{tex:?} failed at {}+{}: {e}", e.offset, e.len))
}

/// The MathML without the annotation (which repeats the TeX source).
fn body(tex: &str) -> String {
    let m = block(tex).mathml;
    m[..m.find("<annotation").expect("annotation")].to_owned()
}

fn err(tex: &str) -> MathError {
    err_with(tex, &Macros::new())
}

fn err_with(tex: &str, macros: &Macros) -> MathError {
    match render(tex, DisplayMode::Block, macros) {
        Ok(out) => panic!("{tex:?} rendered: {}", out.mathml),
        Err(e) => e,
    }
}

/// `(offset, len)` of an error and the text it points at.
fn at<'a>(tex: &'a str, e: &MathError) -> &'a str {
    &tex[e.offset..e.offset + e.len]
}

#[test]
fn common_commands_render_as_expected() {
    let cases: &[(&str, &str)] = &[
        (r"\frac{a}{b}", "<mfrac>"),
        (r"\partial_t u", "<mi>∂</mi>"),
        (r"\nabla_\theta L", "<mi>∇</mi>"),
        (
            r"\hat{u}",
            "<mover accent=\"true\"><mrow><mi>u</mi></mrow><mi>^</mi></mover>",
        ),
        (
            r"\left| x \right|",
            "<mo stretchy=\"true\">|</mo><mi>x</mi>",
        ),
        (r"a \quad b", "<mspace width=\"1em\" />"),
        (r"\infty", "<mi>∞</mi>"),
        (r"a \rightarrow b", "<mo>→</mo>"),
        (r"h \mapsto A h", "<mo>↦</mo>"),
        (
            r"a \le b \ge c \gg 1",
            "<mo>≤</mo><mi>b</mi><mo>≥</mo><mi>c</mi><mo>≫</mo>",
        ),
        (
            r"\max_i \lambda_i",
            "<munder><mi>max</mi><mi>i</mi></munder>",
        ),
        (r"\{ y \}", ">{</mo><mi>y</mi><mo"),
        (r"\lim_{h \to 0} f", "<munder><mi>lim</mi>"),
        (r"\text{if } x", "<mtext>if&#160;</mtext>"),
        (r"\mathrm{d}x", "<mi mathvariant=\"normal\">d</mi>"),
        (r"\mathbb{R}^n", "<mi>ℝ</mi>"),
        (r"\text{경사 흐름}", "<mtext>경사 흐름</mtext>"),
        (r"a < b", "<mo>&lt;</mo>"),
        (
            r"\left( x \middle| y \right)",
            "stretchy=\"true\" minsize=\"1.2em\"",
        ),
        (r"\sum_{i=1}^n x_i", "<munderover>"),
        (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", "<mtable"),
        (
            r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
            "<mtable",
        ),
    ];
    for (tex, expected) in cases {
        let out = body(tex);
        assert!(
            out.contains(expected),
            "{tex:?}: want {expected:?} in {out}"
        );
    }
}

#[test]
fn operatorname_variants_are_rewritten() {
    let star = body(r"\operatorname*{arg\,min}_x f(x)");
    assert!(
        star.contains("<munder><mi>arg\u{2009}min</mi><mi>x</mi></munder>"),
        "{star}"
    );
    let plain = body(r"\operatorname{Tr}_x A");
    assert!(
        plain.contains("<msub><mi>Tr</mi><mi>x</mi></msub>"),
        "{plain}"
    );
    let unbraced = body(r"\operatorname f(x)");
    assert!(
        unbraced.contains("<mi mathvariant=\"normal\">f</mi>") && !unbraced.contains("f(x)</mi>"),
        "{unbraced}"
    );
    let tex = r"x + \operatorname{a<b}";
    let e = err(tex);
    assert_eq!(at(tex, &e), "<");
}

#[test]
fn definitions_inside_formulas_are_rejected() {
    for tex in [
        r"\DeclareMathOperator{\Tr}{Tr} \Tr A",
        r"\newcommand{\R}{\mathbb{R}} \R",
        r"\def\x{y} \x",
    ] {
        let e = err(tex);
        assert_eq!(e.offset, 0, "{tex}");
        assert!(e.message.contains("front matter"), "{e}");
    }
}

#[test]
fn numbered_environments_become_unnumbered() {
    for tex in [
        r"\begin{align} a &= b \\ c &= d \end{align}",
        r"\begin{align*} a &= b \end{align*}",
        r"\begin{gather} a \\ b \end{gather}",
        r"\begin{equation} a = b \end{equation}",
    ] {
        let out = body(tex);
        assert!(!out.contains("menv-with-eqn"), "{tex}: {out}");
    }
    assert!(body(r"\begin{align} a &= b \end{align}").contains("<mtable"));
}

#[test]
fn label_and_tag_are_returned() {
    let out = block(r"\begin{aligned} a &= b \end{aligned} \label{eq:ab} \tag{2.1}");
    assert_eq!(out.label.as_deref(), Some("eq:ab"));
    assert_eq!(out.tag.as_deref(), Some("2.1"));
    assert!(!out.notag);
    assert!(!out.mathml[..out.mathml.find("<annotation").unwrap()].contains("eq:ab"));
    assert!(block(r"x \nonumber").notag);
    let e = render(r"x \label{a}", DisplayMode::Inline, &Macros::new()).unwrap_err();
    assert_eq!((e.offset, e.len), (2, 6));
}

#[test]
fn tilde_and_control_space_are_real_spaces() {
    for tex in [r"a~b", r"a\ b", r"\text{a~b}"] {
        let out = body(tex);
        assert!(
            !out.contains("&amp;nbsp;") && !out.contains('~'),
            "{tex}: {out}"
        );
    }
    let text = body(r"\text x + y");
    assert!(
        text.contains("<mtext>x</mtext><mo>+</mo><mi>y</mi>"),
        "{text}"
    );
}

#[test]
fn text_arguments_are_not_shown_verbatim() {
    let out = body(r"\text{a \& b, 50\% {c}}");
    assert!(
        out.contains("<mtext>a &amp; b, 50</mtext><mi>%</mi>"),
        "{out}"
    );
    assert!(out.contains("<mi>%</mi><mtext>&#160;c</mtext>"), "{out}");
    let tex = r"x + \text{for $y$}";
    assert_eq!(at(tex, &err(tex)), "$");
    let tex = r"\text{\alpha}";
    assert_eq!(at(tex, &err(tex)), r"\alpha");
}

#[test]
fn no_supported_command_is_shown_verbatim() {
    let texts = [
        r"\mathcal{L} \mathfrak{g} \mathbf{x}^\intercal \mathsf{T} \boldsymbol{\alpha}",
        r"\not= \neq \Bigg| \cdot \times \prod \oint \cdots \vdots \ddots \pm \div",
        r"\ell \hbar \Re \Im \aleph \dagger \star \ast \mp \circ \bullet",
        r"\overset{!}{=} \underset{x}{\arg\max} \xrightarrow[b]{a} \substack{i \\ j}",
        r"\lvert x \rvert \lVert x \rVert \lfloor x \rfloor \lceil x \rceil \langle x \rangle",
        r"\dfrac{1}{2} \tfrac12 \binom{n}{k} \sqrt[3]{x} \left\{ x \right. \vec v \bar x \dot x",
        r"\sin \cos \exp \log \ln \det \sup \inf \liminf \limsup \min \gcd \Pr",
        r"\alpha \beta \gamma \Gamma \varepsilon \vartheta \varphi \Omega \top \bot",
        r"\forall \exists \in \notin \subset \subseteq \cup \cap \emptyset \setminus",
        r"\implies \iff \to \gets \Rightarrow \Leftarrow \leftrightarrow \approx \sim \simeq",
        r"\equiv \propto \perp \parallel \mid \nmid \ll \prec \succ \coloneqq \triangleq",
        r"\sum\limits_{i} \int\nolimits_0^1 \iint \oplus \otimes \odot \wedge \vee",
    ];
    for tex in texts {
        let out = body(tex);
        assert!(!out.contains('\\'), "{tex}: {out}");
    }
}

#[test]
fn parser_errors_are_located_in_the_source() {
    let tex = r"a + \foo + b";
    let e = err(tex);
    assert_eq!(at(tex, &e), r"\foo");
    assert_eq!(e.message, r"unknown command `\foo`");

    let tex = "\\text{경사 흐름} + \\alpha^{2} \\undefined";
    assert_eq!(at(tex, &err(tex)), r"\undefined");

    let tex = r"\frac{a}{b} + \frac{a}{b} + \frac{a}{b} + \bad + \frac{a}{b}";
    let e = err(tex);
    assert_eq!(e.offset, tex.find(r"\bad").unwrap());

    let tex = r"x \\ y";
    let e = err(tex);
    assert_eq!(at(tex, &e), r"\\");
    assert!(e.message.contains("aligned"), "{e}");

    let tex = r"a & b";
    assert_eq!(err(tex).offset, 3);

    let tex = r"\begin{foo} x \end{foo}";
    let e = err(tex);
    assert!(e.message.contains("environment"), "{e}");
    assert_eq!(e.offset, 0);

    let tex = r"\frac{a}{b";
    let e = err(tex);
    assert!(e.message.contains("unbalanced"), "{e}");
    assert!(e.offset <= tex.len());
}

#[test]
fn macros_expand_and_errors_map_back() {
    let macros = Macros::from_pairs([
        (r"\R", r"\mathbb{R}"),
        (r"\norm", r"\left\| #1 \right\|"),
        (r"\bad", r"\oops"),
    ])
    .unwrap();
    let out = render(r"x \in \R^n, \norm{x}", DisplayMode::Inline, &macros).unwrap();
    assert!(out.mathml.contains("<mi>ℝ</mi>"), "{}", out.mathml);
    assert!(out.mathml.contains(r"x \in \R^n, \norm{x}</annotation>"));

    // An error after an expansion maps to the original position.
    let tex = r"\R + \norm{y} + \foo";
    assert_eq!(at(tex, &err_with(tex, &macros)), r"\foo");
    // An error inside an expansion points at the macro use.
    let tex = r"y + \bad + z";
    assert_eq!(at(tex, &err_with(tex, &macros)), r"\bad");
    // A missing argument points at the macro name.
    let tex = r"y + \norm";
    assert_eq!(at(tex, &err_with(tex, &macros)), r"\norm");
}

#[test]
fn annotation_is_escaped() {
    let out = block(r"a < b \& c").mathml;
    assert!(
        out.contains("<annotation encoding=\"application/x-tex\">a &lt; b \\&amp; c</annotation>"),
        "{out}"
    );
    assert!(out.contains("<mi>&amp;</mi>"), "{out}");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        " ",
        "\\",
        "x^\\",
        "%",
        "{",
        "}",
        "^",
        "_",
        "x^",
        "x^_",
        "\\left(",
        "\\right)",
        "\\begin{aligned}",
        "\\end{aligned}",
        "\\sqrt[",
        "#",
        "$",
        "&",
        "\\\\",
        "\\text{",
        "\\operatorname",
        "\\operatorname*",
        "\\label",
        "\\tag{",
        "a\r\nb",
        "\u{0}",
        "\\begin{array}{} a \\end{array}",
        "\\hspace{x}",
        "\\color{",
        "\\frac",
        "'''",
        "\\mathrm\\frac12",
        "\\char\"41",
        "\\begin",
        "\\end{",
        "\\left\\middle",
        "é\\",
    ];
    for tex in inputs {
        for mode in [DisplayMode::Inline, DisplayMode::Block] {
            match render(tex, mode, &Macros::new()) {
                Ok(out) => assert!(!out.mathml.contains("merror"), "{tex:?}"),
                Err(e) => assert!(e.offset + e.len <= tex.len(), "{tex:?}: {e:?}"),
            }
        }
    }
}

#[test]
fn assets_are_embedded() {
    assert!(MATH_CSS.contains("url('latinmodern-math.woff2')"));
    assert!(!MATH_CSS.contains("counter("));
    assert_eq!(&MATH_FONT[..4], b"wOF2");
}
