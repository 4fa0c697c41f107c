//! The semantic side of writing one page: ids, numbers, math, references, citations, directives.

use super::html::{escape, PageContext};
use crate::document::ast::{Block, Directive, Span};
use crate::plan::labels::TargetKind;
use crate::plan::resolve::{link_target, role_label, LinkTarget};
use crate::plan::Plan;

/// Words that depend on the page language (also given to templates as `ui`).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Words {
    pub figure: &'static str,
    pub references: &'static str,
    pub contents: &'static str,
    pub skip: &'static str,
    pub pager: &'static str,
    pub report: &'static str,
}

pub fn words(language: &str) -> Words {
    if language.starts_with("ko") {
        Words {
            figure: "그림",
            references: "참고문헌",
            contents: "목차",
            skip: "본문으로 건너뛰기",
            pager: "이전/다음",
            report: "실행 보고서",
        }
    } else {
        Words {
            figure: "Figure",
            references: "References",
            contents: "Contents",
            skip: "Skip to content",
            pager: "Previous and next",
            report: "Execution report",
        }
    }
}

/// Renders page `page` of `plan`.
pub struct PageView<'a> {
    pub plan: &'a Plan,
    pub page: usize,
    pub eval: &'a crate::Evaluation,
    pub files: &'a std::collections::BTreeMap<String, super::experiments::ExperimentFiles>,
}

impl PageView<'_> {
    fn href_to(&self, page: usize, anchor: Option<&str>) -> String {
        let base = if page == self.page {
            String::new()
        } else {
            self.plan.pages[page].href.clone()
        };
        match anchor {
            Some(a) => format!("{base}#{a}"),
            None if base.is_empty() => "#".into(),
            None => base,
        }
    }

    /// Display text for a label: "(3)", "그림 2", a heading title, or the label.
    fn label_text(&self, label: &str, numref: bool) -> String {
        let Some(t) = self.plan.labels.get(label) else {
            return label.to_string();
        };
        let w = words(&self.plan.pages[self.page].language);
        match &t.kind {
            TargetKind::Equation { number: Some(n) } => format!("({n})"),
            TargetKind::Figure { number: Some(n) } => format!("{} {n}", w.figure),
            TargetKind::Heading { title } if !numref => title.clone(),
            _ => label.to_string(),
        }
    }

    fn label_link(&self, label: &str, text: &str) -> String {
        match self.plan.labels.get(label) {
            Some(t) => format!(
                "<a class=\"xref\" href=\"{}\">{}</a>",
                escape(&self.href_to(t.page, Some(&t.id))),
                escape(text)
            ),
            None => format!("<span class=\"xref missing\">{}</span>", escape(text)),
        }
    }

    fn figure(&self, d: &Directive, children: &dyn Fn(&[Block]) -> String) -> String {
        let w = words(&self.plan.pages[self.page].language);
        let number = self.plan.pages[self.page].labels.figures.get(&d.span.start);
        let id = d
            .label()
            .map(|l| format!(" id=\"{}\"", escape(l)))
            .unwrap_or_default();
        let alt = d.option("alt").unwrap_or("");
        let width = d
            .option("width")
            .map(|w| format!(" style=\"width:{}\"", escape(w)))
            .unwrap_or_default();
        let caption = children(&d.children);
        let caption = caption
            .trim()
            .strip_prefix("<p>")
            .and_then(|c| c.strip_suffix("</p>"))
            .unwrap_or(caption.trim());
        let number = number
            .map(|n| format!("<span class=\"fig-number\">{} {n}:</span> ", w.figure))
            .unwrap_or_default();
        format!(
            "<figure{id}>\n<div class=\"figure-body\"><img src=\"{}\" alt=\"{}\"{width}></div>\n<figcaption>{number}{caption}</figcaption>\n</figure>\n",
            escape(&d.argument),
            escape(alt)
        )
    }

    fn admonition(
        &self,
        d: &Directive,
        children: &dyn Fn(&[Block]) -> String,
        known: bool,
    ) -> String {
        // As in mystmd, an argument replaces the default title.
        let title = match d.name.as_str() {
            _ if !known => format!("{} {}", d.name, d.argument).trim().to_string(),
            name if d.argument.is_empty() => capitalise(name),
            _ => d.argument.clone(),
        };
        let kind = if known {
            d.name.as_str()
        } else {
            "unknown-directive"
        };
        let extra = d.option("class").unwrap_or("");
        let classes = std::iter::once("admonition")
            .chain((kind != "admonition").then_some(kind))
            .chain(extra.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        let id = d
            .label()
            .map(|l| format!(" id=\"{}\"", escape(l)))
            .unwrap_or_default();
        let body = children(&d.children);
        if extra.split_whitespace().any(|c| c == "dropdown") {
            format!(
                "<details class=\"{}\"{id}>\n<summary>{}</summary>\n{body}</details>\n",
                escape(&classes),
                escape(&title)
            )
        } else {
            format!(
                "<aside class=\"{}\"{id}>\n<p class=\"admonition-title\">{}</p>\n{body}</aside>\n",
                escape(&classes),
                escape(&title)
            )
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl PageContext for PageView<'_> {
    fn heading_id(&self, span: &Span) -> Option<String> {
        self.plan.pages[self.page]
            .labels
            .heading_ids
            .get(&span.start)
            .cloned()
    }

    fn math(&self, tex: &str, display: bool, _label: Option<&str>, span: &Span) -> String {
        let Some(eq) = self.plan.pages[self.page].labels.math.get(&span.start) else {
            return format!("<code class=\"tex\">{}</code>", escape(tex));
        };
        if !display {
            return eq.mathml.clone();
        }
        let id = eq
            .id
            .as_ref()
            .map(|i| format!(" id=\"{}\"", escape(i)))
            .unwrap_or_default();
        let number = eq
            .number
            .as_ref()
            .map(|n| format!("<span class=\"eq-number\">({})</span>", escape(n)))
            .unwrap_or_default();
        format!("<span class=\"equation\"{id}>{}{number}</span>", eq.mathml)
    }

    fn role(&self, name: &str, content: &str, span: &Span) -> String {
        match name {
            "math" => self.math(content, false, None, span),
            "eq" => {
                let label = role_label(content).1;
                self.label_link(label, &self.label_text(label, true))
            }
            "ref" | "numref" => {
                let (text, label) = role_label(content);
                let auto = self.label_text(label, name == "numref");
                let text = match text {
                    Some(t) if name == "numref" => {
                        let number = auto
                            .rsplit(' ')
                            .next()
                            .unwrap_or(&auto)
                            .trim_matches(['(', ')']);
                        t.replace("%s", number)
                    }
                    Some(t) => t.to_string(),
                    None => auto,
                };
                self.label_link(label, &text)
            }
            "doc" => {
                let (text, target) = role_label(content);
                let dest = if target.ends_with(".md") {
                    target.to_string()
                } else {
                    format!("{target}.md")
                };
                match link_target(&self.plan.pages, &self.plan.labels, self.page, &dest) {
                    LinkTarget::Page { page, .. } => format!(
                        "<a href=\"{}\">{}</a>",
                        escape(&self.plan.pages[page].href),
                        escape(text.unwrap_or(&self.plan.pages[page].doc.title))
                    ),
                    _ => escape(content),
                }
            }
            "cite" | "cite:p" | "cite:t" => {
                let keys: Vec<String> = content
                    .split([',', ';'])
                    .map(|k| k.trim().to_string())
                    .collect();
                self.citation(&keys, name == "cite:t", false, span)
            }
            "eval" | "claim" => {
                super::experiments::claim_html(self.eval, self.page, span.start, content, false)
            }
            _ => format!(
                "<code class=\"role-{}\">{}</code>",
                escape(name),
                escape(content)
            ),
        }
    }

    fn citation(&self, keys: &[String], textual: bool, bare: bool, _span: &Span) -> String {
        let known = self
            .plan
            .bibliography
            .as_ref()
            .filter(|b| keys.iter().all(|k| b.has(k)));
        match known {
            Some(bib) => {
                let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
                let form = if textual {
                    crate::cite::CiteForm::Textual
                } else {
                    crate::cite::CiteForm::Parenthetical
                };
                match bib.cite(&refs, form) {
                    Ok(html) => format!("<span class=\"citation\">{html}</span>"),
                    Err(_) => escape(&keys.join("; ")),
                }
            }
            None if bare => escape(&format!("@{}", keys.join("; @"))),
            None => escape(&format!("[@{}]", keys.join("; @"))),
        }
    }

    fn link_href(&self, dest: &str) -> String {
        match link_target(&self.plan.pages, &self.plan.labels, self.page, dest) {
            LinkTarget::Page { page, anchor } => self.href_to(page, anchor.as_deref()),
            _ => dest.to_string(),
        }
    }

    fn auto_link_text(&self, dest: &str) -> Option<String> {
        let anchor = dest.split_once('#').map(|(_, a)| a)?;
        if self.plan.labels.contains_key(anchor) {
            return Some(self.label_text(anchor, false));
        }
        match link_target(&self.plan.pages, &self.plan.labels, self.page, dest) {
            LinkTarget::Page {
                page,
                anchor: Some(a),
            } => self.plan.pages[page]
                .labels
                .toc
                .iter()
                .find(|t| t.id == a)
                .map(|t| t.title.clone()),
            _ => None,
        }
    }

    fn directive(&self, d: &Directive, children: &dyn Fn(&[Block]) -> String) -> String {
        match d.name.as_str() {
            "math" => self.math(&d.body, true, d.label(), &d.span),
            "figure" => self.figure(d, children),
            "experiment" => {
                let w = words(&self.plan.pages[self.page].language);
                super::experiments::experiment_html(
                    self.plan, self.eval, self.files, self.page, d, w.figure,
                )
            }
            "claim" => {
                let items: String = crate::plan::experiments::claim_lines(d)
                    .into_iter()
                    .map(|(start, text)| {
                        super::experiments::claim_html(self.eval, self.page, start, text, true)
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let title = if d.argument.is_empty() {
                    "검증된 주장 / Checked claims".to_string()
                } else {
                    escape(&d.argument)
                };
                format!("<aside class=\"admonition claims\">\n<p class=\"admonition-title\">{title}</p>\n<ul>\n{items}\n</ul>\n</aside>\n")
            }
            "code" | "code-block" | "sourcecode" => {
                let class = if d.argument.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"language-{}\"", escape(&d.argument))
                };
                format!("<pre><code{class}>{}</code></pre>\n", escape(&d.body))
            }
            name if crate::plan::KNOWN_DIRECTIVES.contains(&name) => {
                self.admonition(d, children, true)
            }
            _ => self.admonition(d, children, false),
        }
    }
}

/// The reference list entries cited on a page, as (key, HTML).
pub fn references(plan: &Plan, page: usize) -> Vec<(String, String)> {
    let keys: Vec<&str> = plan.pages[page].cited.iter().map(String::as_str).collect();
    match &plan.bibliography {
        Some(bib) if !keys.is_empty() => bib.references(&keys),
        _ => Vec::new(),
    }
}
