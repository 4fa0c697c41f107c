//! The typed document tree: blocks and inlines, each carrying its byte span in the chapter file.

use std::collections::BTreeMap;
use std::ops::Range;

pub type Span = Range<usize>;

/// A block-level element of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        inlines: Vec<Inline>,
        /// Explicit `(label)=` target placed before the heading.
        label: Option<String>,
        span: Span,
    },
    Paragraph {
        inlines: Vec<Inline>,
        span: Span,
    },
    Code {
        lang: Option<String>,
        code: String,
        span: Span,
    },
    List {
        /// `Some(n)` for an ordered list starting at `n`.
        start: Option<u64>,
        items: Vec<ListItem>,
        span: Span,
    },
    Quote {
        blocks: Vec<Block>,
        span: Span,
    },
    Table {
        alignments: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        span: Span,
    },
    Rule {
        span: Span,
    },
    Html {
        html: String,
        span: Span,
    },
    FootnoteDefinition {
        label: String,
        blocks: Vec<Block>,
        span: Span,
    },
    /// A MyST `(label)=` target; attached to the following block by the parser
    /// when that block can carry a label, otherwise kept as an anchor.
    Target {
        label: String,
        span: Span,
    },
    /// A MyST directive, from a backtick fence ```` ```{name} ```` or a colon fence `:::{name}`.
    Directive(Directive),
}

impl Block {
    pub fn span(&self) -> Span {
        match self {
            Block::Heading { span, .. }
            | Block::Paragraph { span, .. }
            | Block::Code { span, .. }
            | Block::List { span, .. }
            | Block::Quote { span, .. }
            | Block::Table { span, .. }
            | Block::Rule { span }
            | Block::Html { span, .. }
            | Block::FootnoteDefinition { span, .. }
            | Block::Target { span, .. } => span.clone(),
            Block::Directive(d) => d.span.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A MyST directive with its parsed header, options and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub name: String,
    pub name_span: Span,
    /// Text after `{name}` on the opening line.
    pub argument: String,
    pub argument_span: Span,
    /// `:key: value` lines or the `---` YAML block; `:name:` is stored as `label`.
    pub options: BTreeMap<String, DirectiveOption>,
    /// Raw body text (after the options) and where it starts in the file.
    pub body: String,
    pub body_span: Span,
    /// The body parsed as Markdown, for directives whose body is content.
    pub children: Vec<Block>,
    /// A `(label)=` target placed before the directive.
    pub target: Option<String>,
    /// The body is the file's text at `body_span` byte for byte (false for fences
    /// inside lists and quotes, whose indentation is stripped).
    pub verbatim: bool,
    pub span: Span,
}

impl Directive {
    /// The label from `:label:`/`:name:` or a preceding target.
    pub fn label(&self) -> Option<&str> {
        self.options
            .get("label")
            .map(|o| o.value.as_str())
            .or(self.target.as_deref())
    }
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.get(key).map(|o| o.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveOption {
    pub value: String,
    pub span: Span,
}

/// Inline content of paragraphs, headings and table cells.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Link {
        dest: String,
        title: String,
        children: Vec<Inline>,
        span: Span,
    },
    Image {
        dest: String,
        title: String,
        alt: Vec<Inline>,
        span: Span,
    },
    /// `$…$` (inline) or `$$…$$` (display); `label` from `$$ … $$ (label)`.
    Math {
        tex: String,
        display: bool,
        label: Option<String>,
        /// Span of the TeX source itself (inside the dollars).
        tex_span: Span,
        span: Span,
    },
    /// A MyST role ``{name}`content` ``.
    Role {
        name: String,
        content: String,
        content_span: Span,
        span: Span,
    },
    /// `[@a; @b]` (parenthetical) or `@a` in running text (textual).
    Citation {
        keys: Vec<String>,
        textual: bool,
        /// `@key` in running text (not bracketed, not a role): only a citation
        /// when the key is in the bibliography.
        bare: bool,
        span: Span,
    },
    FootnoteReference(String),
    SoftBreak,
    HardBreak,
    Html(String),
}

/// Plain text of inlines (for titles, slugs and `alt` attributes).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                out.push_str(&plain_text(c))
            }
            Inline::Link { children, .. } => out.push_str(&plain_text(children)),
            Inline::Image { alt, .. } => out.push_str(&plain_text(alt)),
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::Role { content, .. } => out.push_str(content),
            Inline::Citation { keys, .. } => out.push_str(&keys.join("; ")),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::FootnoteReference(_) | Inline::Html(_) => {}
        }
    }
    out
}
