//! The site: every page rendered through the templates, plus stylesheets and fonts.

pub mod experiments;
pub mod html;
pub mod page;
pub mod templates;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Site;
use crate::plan::{PageKind, Plan};
use page::{words, PageView};
use serde::Serialize;
use templates::Templates;

#[derive(Serialize)]
struct BookInfo<'a> {
    title: &'a str,
    authors: &'a [String],
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct NavEntry {
    title: String,
    href: String,
    description: Option<String>,
    current: bool,
}

#[derive(Serialize)]
struct Reference {
    key: String,
    html: String,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    authors: &'a [String],
    date: Option<&'a str>,
    content: String,
    toc: &'a [crate::plan::labels::TocEntry],
    prev: Option<NavEntry>,
    next: Option<NavEntry>,
    references: Vec<Reference>,
}

/// Title of the book: `book.yml`, else the first chapter's title.
pub fn book_title(plan: &Plan) -> String {
    plan.book
        .config
        .title
        .clone()
        .or_else(|| plan.chapters().next().map(|(_, p)| p.doc.title.clone()))
        .unwrap_or_else(|| "reprobook".into())
}

/// Render every page of the plan into an in-memory site.
pub fn site(plan: &Plan, eval: &crate::Evaluation) -> Result<Site, Diagnostics> {
    let templates = Templates::load(&plan.book.root).map_err(Diagnostics::from)?;
    let title = book_title(plan);
    let book = BookInfo {
        title: &title,
        authors: &plan.book.config.authors,
        description: plan.book.config.description.as_deref(),
    };
    let chapter_ids: Vec<usize> = plan.chapters().map(|(i, _)| i).collect();
    let nav = |i: usize, current: Option<usize>| NavEntry {
        title: plan.pages[i].doc.title.clone(),
        href: plan.pages[i].href.clone(),
        description: plan.pages[i].doc.front.description.clone(),
        current: Some(i) == current,
    };
    let mut site = Site::default();
    let mut problems = Diagnostics::new();
    let files = experiments::write(plan, eval, &mut site, &mut problems);
    let index_page = plan.pages.iter().position(|p| p.kind == PageKind::Index);
    let pages: Vec<Option<usize>> = std::iter::once(index_page)
        .chain(chapter_ids.iter().map(|&i| Some(i)))
        .collect();
    for (pos, page) in pages.iter().enumerate() {
        let is_index = pos == 0;
        let (content, doc_title, language, front, toc) = match page {
            Some(i) => {
                let p = &plan.pages[*i];
                let view = PageView {
                    plan,
                    page: *i,
                    eval,
                    files: &files,
                };
                let content = html::blocks(&view, &p.doc.blocks);
                (
                    content,
                    p.doc.title.clone(),
                    p.language.clone(),
                    Some(&p.doc.front),
                    p.labels.toc.as_slice(),
                )
            }
            None => (
                String::new(),
                title.clone(),
                plan.book.config.language().to_string(),
                None,
                &[][..],
            ),
        };
        let references = page
            .map(|i| page::references(plan, i))
            .unwrap_or_default()
            .into_iter()
            .map(|(key, html)| Reference { key, html })
            .collect();
        let prev = if is_index {
            None
        } else {
            pages[pos - 1].map(|i| nav(i, None)).or(Some(NavEntry {
                title: title.clone(),
                href: "index.html".into(),
                description: None,
                current: false,
            }))
        };
        let next = pages.get(pos + 1).and_then(|p| p.map(|i| nav(i, None)));
        let href = if is_index {
            "index.html".to_string()
        } else {
            plan.pages[page.unwrap_or(0)].href.clone()
        };
        let info = PageInfo {
            title: if is_index { &title } else { &doc_title },
            language: &language,
            description: front
                .and_then(|f| f.description.as_deref())
                .or(book.description),
            authors: front.map(|f| f.authors.as_slice()).unwrap_or(&[]),
            date: front.and_then(|f| f.date.as_deref()),
            content,
            toc,
            prev,
            next,
            references,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("book", &book);
        ctx.insert("page", &info);
        ctx.insert("ui", &words(&language));
        ctx.insert(
            "chapters",
            &chapter_ids
                .iter()
                .map(|&i| nav(i, *page))
                .collect::<Vec<_>>(),
        );
        ctx.insert("extra_pages", &extra_entries(plan, &href));
        let template = if is_index {
            "index.html"
        } else {
            "chapter.html"
        };
        match templates.render(template, &ctx) {
            Ok(html) => site.add(href, html),
            Err(d) => problems.push(d),
        }
    }
    if let Some(bib) = &plan.bibliography {
        match bibliography_page(plan, bib, &templates, &book, &chapter_ids) {
            Ok(html) => site.add("bibliography.html", html),
            Err(d) => problems.push(d),
        }
    }
    if !plan.experiments.is_empty() {
        let report = crate::report::Report::new(plan, eval);
        match extra_page(
            plan,
            &templates,
            &book,
            &chapter_ids,
            "report.html",
            words(plan.book.config.language()).report,
            report.html(eval.timings),
        ) {
            Ok(html) => site.add("report.html", html),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (rel, source) in &plan.assets {
        match std::fs::read(source) {
            Ok(bytes) => site.add(rel, bytes),
            Err(e) => problems.push(Diagnostic::error(
                format!("cannot read image: {e}"),
                crate::diag::Location::Path(source.clone()),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    site.add("static/style.css", templates.stylesheet.clone());
    site.add(
        format!("static/{}", crate::math::MATH_CSS_FILE),
        crate::math::MATH_CSS,
    );
    site.add(
        format!("static/{}", crate::math::MATH_FONT_FILE),
        crate::math::MATH_FONT,
    );
    Ok(site)
}

fn bibliography_page(
    plan: &Plan,
    bib: &crate::cite::Bibliography,
    templates: &Templates,
    book: &BookInfo<'_>,
    chapter_ids: &[usize],
) -> Result<String, Diagnostic> {
    let w = words(plan.book.config.language());
    let mut content = String::from("<ol class=\"bibliography\">\n");
    for (key, entry) in bib.references(&bib.keys()) {
        content.push_str(&format!(
            "<li id=\"ref-{}\">{entry}</li>\n",
            html::escape(&key)
        ));
    }
    content.push_str("</ol>\n");
    extra_page(
        plan,
        templates,
        book,
        chapter_ids,
        "bibliography.html",
        w.references,
        content,
    )
}

/// A page outside the chapter sequence (bibliography, report), through `page.html`.
fn extra_page(
    plan: &Plan,
    templates: &Templates,
    book: &BookInfo<'_>,
    chapter_ids: &[usize],
    href: &str,
    title: &str,
    content: String,
) -> Result<String, Diagnostic> {
    let info = PageInfo {
        title,
        language: plan.book.config.language(),
        description: None,
        authors: &[],
        date: None,
        content,
        toc: &[],
        prev: None,
        next: None,
        references: Vec::new(),
    };
    let mut ctx = tera::Context::new();
    ctx.insert("book", book);
    ctx.insert("page", &info);
    ctx.insert("ui", &words(plan.book.config.language()));
    let chapters: Vec<NavEntry> = chapter_ids
        .iter()
        .map(|&i| NavEntry {
            title: plan.pages[i].doc.title.clone(),
            href: plan.pages[i].href.clone(),
            description: None,
            current: false,
        })
        .collect();
    ctx.insert("chapters", &chapters);
    ctx.insert("extra_pages", &extra_entries(plan, href));
    templates.render("page.html", &ctx)
}

/// Sidebar entries after the chapters: bibliography and report pages, when present.
fn extra_entries(plan: &Plan, current: &str) -> Vec<NavEntry> {
    let w = words(plan.book.config.language());
    let mut v = Vec::new();
    let mut add = |title: &str, href: &str| {
        v.push(NavEntry {
            title: title.into(),
            href: href.into(),
            description: None,
            current: current == href,
        })
    };
    if plan.bibliography.is_some() {
        add(w.references, "bibliography.html");
    }
    if !plan.experiments.is_empty() {
        add(words(plan.book.config.language()).report, "report.html");
    }
    v
}
