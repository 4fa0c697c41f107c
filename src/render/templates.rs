//! Page templates: built-in tera templates compiled into the binary, overridable by
//! files of the same name in the book's `templates/` folder.

use crate::diag::{Diagnostic, Location};
use std::path::{Path, PathBuf};

/// Built-in templates and stylesheet, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("chapter.html", include_str!("../../templates/chapter.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// The loaded templates and where each came from (for error messages).
pub struct Templates {
    tera: tera::Tera,
    origins: Vec<(String, PathBuf)>,
    pub stylesheet: String,
}

/// Text of template `name`: the book's override if present, else the built-in.
fn source_of(root: &Path, name: &str, builtin: &str) -> Result<(String, PathBuf), Diagnostic> {
    let path = root.join("templates").join(name);
    let shown = PathBuf::from("templates").join(name);
    if path.is_file() {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(
                format!("cannot read template: {e}"),
                Location::Path(shown.clone()),
            )
        })?;
        Ok((text, shown))
    } else {
        Ok((
            builtin.to_string(),
            PathBuf::from(format!("{} (built-in)", shown.display())),
        ))
    }
}

impl Templates {
    /// Load every template; syntax errors name the template file and line.
    pub fn load(root: &Path) -> Result<Templates, Diagnostic> {
        let mut tera = tera::Tera::new();
        let mut origins = Vec::new();
        let mut html = Vec::new();
        let mut stylesheet = String::new();
        for (name, builtin) in BUILTIN {
            let (text, origin) = source_of(root, name, builtin)?;
            origins.push((name.to_string(), origin));
            if name.ends_with(".css") {
                stylesheet = text;
            } else {
                html.push((name.to_string(), text));
            }
        }
        let templates = Templates {
            tera: tera::Tera::new(),
            origins,
            stylesheet,
        };
        tera.add_raw_templates(html)
            .map_err(|e| templates.diagnostic(&e, "cannot load template"))?;
        Ok(Templates { tera, ..templates })
    }

    /// Render `name` with `context`; a failure names the template and its line.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e, &format!("template `{name}` failed to render")))
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    fn diagnostic(&self, e: &tera::Error, what: &str) -> Diagnostic {
        use tera::ErrorKind;
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Diagnostic::error(
                format!("{what}: {}", r.message()),
                Location::LineCol {
                    path: self.origin(r.filename()),
                    line: r.span().start_line,
                    col: r.span().start_col + 1,
                },
            ),
            _ => Diagnostic::error(
                format!("{what}: {}", flatten(e)),
                Location::Path(PathBuf::from("templates")),
            ),
        }
    }
}

/// The message of an error and its sources, on one line.
fn flatten(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        cur = s.source();
    }
    msg
}
