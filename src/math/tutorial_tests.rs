//! Test: every formula of the seed tutorial chapter renders cleanly.

use super::{render, DisplayMode, Macros};

/// Every `$$…$$` block of gradient-flow-pathologies.md, verbatim.
const TUTORIAL_DISPLAY: &[&str] = &[
    r"
    \frac{d}{dt}y(t) = f(t, y(t)), \quad y(0) = y_0.
",
    r"
    \frac{y^{n+1} - y^n}{\Delta t} = f(t^n, y^n).
",
    r"
    y'(t) = -a y(t), \quad a > 0, \quad t \ge 0, \quad y(0) = y_0.
",
    r"
    y^{n+1} = (1 - a \Delta t)y^n.
",
    r"
    \Delta t < \frac{2}{a}
",
    r"
    y'(t) = - A y(t),
",
    r"
    \frac{d}{dt}Q^* y(t) = -\Lambda Q^* y(t).
",
    r"
    z_i'(t) = -\lambda_i z_i(t)
",
    r"
    \partial_t u = \partial_x^2 u.
",
    r"
\partial_t \hat{u}(\xi) = (i\xi)^2 \hat{u}(\xi).
",
    r"
\frac{d\theta(t)}{dt} = - \nabla_\theta L_\mathrm{PINN}(\theta(t)).
",
    r"
f(x + h) = f(x) + A_x h + o(|h|)
",
    r"
\frac{\partial \left( \nabla_\theta L\right)_i}{\partial \theta_j} = \frac{\partial^2 L}{\partial \theta_i \partial \theta_j},
",
    r"
\frac{d \theta(t)}{dt} = 
- \left( \nabla_\theta L(\theta(t_0)) + H(\theta(t_0))\left(\theta(t) - \theta(t_0)\right) \right)
+ o(|\theta(t) - \theta(t_0)|)
",
    r"
\frac{d \theta(t)}{dt} =
- H(\theta(t_0))\theta(t) - \left( \nabla_\theta L(\theta(t_0)) - H(\theta(t_0)) \theta(t_0)\right)
+ o(|\theta(t) - \theta(t_0)|)
",
    r"
|\frac{\lambda_\mathrm{max}}{\lambda_\mathrm{min}}| \gg 1
",
    r"
L_\mathrm{PINN}(\theta) = L_\mathrm{PDE}(\theta) + \lambda L_\mathrm{BC}(\theta)
",
];

/// Every distinct `$…$` and {math}`…` formula of the same chapter.
const TUTORIAL_INLINE: &[&str] = &[
    r"\{ y^n \}",
    r"y^{n+1}",
    r"y^n",
    r"y(t) = y_0 e^{-at}",
    r"|1 - a \Delta t| \ge 1",
    r"|1 - a \Delta t | < 1",
    r"a>0",
    r"\Delta t",
    r"y: [0, \infty) \rightarrow \mathbb{R}^p",
    r"A",
    r"A = Q \Lambda Q^*",
    r"Q",
    r"Q^* = Q^{-1}",
    r"z(t) = Q^* y(t)",
    r"p",
    r"\Delta t < 2 / \max_i \{\lambda_i\}",
    r"\Delta t < 2 / \xi^2",
    r"x",
    r"\xi",
    r"N",
    r"\max \xi = N/2",
    r"t",
    r"\Delta t = O(N^{-2})",
    r"\theta",
    r"\theta(t)",
    r"f: \mathbb{R}^n \rightarrow \mathbb{R}^m",
    r"x \in \mathbb{R}^n",
    r"f",
    r"A_x \in \mathbb{R}^{m \times n}",
    r"o(|h|)",
    r"\lim_{|h|\rightarrow 0} o(|h|) / |h| = 0",
    r"|h|",
    r"0",
    r"A_x",
    r"f(x+h) = f(x) + A_x h",
    r"h \mapsto A_x h",
    r"A_x = J_f(x)",
    r"\nabla_\theta L : \mathbb{R}^p \rightarrow \mathbb{R}^p",
    r"L",
    r"t_0 \le t",
    r"t_0",
    r"o(|\theta(t) - \theta(t_0)|)",
    r"H(\theta(t_0))",
    r"\lambda_i",
    r"\Delta t < 2 / \lambda_\mathrm{max}",
    r"H_\mathrm{PDE}",
    r"H_\mathrm{BC}",
];

fn assert_clean(tex: &str, display: DisplayMode) -> String {
    let out = render(tex, display, &Macros::new())
        .unwrap_or_else(|e| panic!("{tex:?} failed at {}: {e}", e.offset));
    let m = &out.mathml;
    let open = match display {
        DisplayMode::Inline => "<math display=\"inline\">",
        DisplayMode::Block => "<math display=\"block\">",
    };
    assert!(m.starts_with(open), "{m}");
    assert!(m.ends_with("</annotation></semantics></math>"), "{m}");
    assert!(
        m.contains("<annotation encoding=\"application/x-tex\">"),
        "{m}"
    );
    let body = &m[..m.find("<annotation").expect("annotation")];
    for marker in ["merror", "parsing error", "&amp;nbsp;", "\\"] {
        assert!(!body.contains(marker), "{tex:?} gave {marker:?} in {m}");
    }
    assert_eq!(out.label, None);
    out.mathml
}

#[test]
fn every_display_formula_renders() {
    assert_eq!(TUTORIAL_DISPLAY.len(), 17);
    for tex in TUTORIAL_DISPLAY {
        assert_clean(tex, DisplayMode::Block);
    }
}

#[test]
fn every_inline_formula_renders() {
    for tex in TUTORIAL_INLINE {
        assert_clean(tex, DisplayMode::Inline);
    }
}

#[test]
fn tutorial_specifics() {
    let hat = assert_clean(TUTORIAL_DISPLAY[9], DisplayMode::Block);
    assert!(hat.contains("<mover accent=\"true\">"), "{hat}");
    let gt = assert_clean("a>0", DisplayMode::Inline);
    assert!(gt.contains("<mo>&gt;</mo>"), "{gt}");
    let set = assert_clean(r"\{ y^n \}", DisplayMode::Inline);
    assert!(set.contains(">{</mo>") && set.contains(">}</mo>"), "{set}");
    let pinn = assert_clean(TUTORIAL_DISPLAY[10], DisplayMode::Block);
    assert!(pinn.contains("<mi mathvariant=\"normal\">P</mi>"), "{pinn}");
    assert!(pinn.contains('∇'), "{pinn}");
}
