//! Markdown to the typed tree: pulldown-cmark events become blocks and inlines with spans,
//! with the MyST inline forms (roles, citations, labelled display math) recognised.

use super::ast::{Align, Block, Inline, ListItem, Span};
use super::inline_myst::finish_inlines;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Markdown extensions reprobook turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

/// A fenced code block whose info string is `{name} …`: a backtick directive, left
/// for the caller to interpret.
#[derive(Debug, Clone)]
pub struct RawDirective {
    pub info: String,
    pub info_start: usize,
    pub body: String,
    pub body_start: usize,
    pub span: Span,
}

/// Blocks as produced from Markdown, with backtick directives still raw.
#[derive(Debug, Clone)]
pub enum RawBlock {
    Block(Block),
    Directive(RawDirective),
}

/// Parse `text`, located at `base` in `source`, into raw blocks.
pub fn parse_markdown(source: &str, text: &str, base: usize) -> Vec<RawBlock> {
    let events: Vec<(Event<'_>, Span)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .map(|(e, r)| (e, base + r.start..base + r.end))
        .collect();
    let mut cursor = Cursor {
        events,
        pos: 0,
        source,
    };
    cursor.blocks(None)
}

struct Cursor<'a> {
    events: Vec<(Event<'a>, Span)>,
    pos: usize,
    source: &'a str,
}

impl<'a> Cursor<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        let e = self.events.get(self.pos).cloned();
        self.pos += 1;
        e
    }

    /// Blocks until the end tag `until` (or the end of input).
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<RawBlock> {
        let mut out = Vec::new();
        while let Some((event, span)) = self.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::Start(tag) => out.push(self.block(tag, span)),
                Event::Rule => out.push(RawBlock::Block(Block::Rule { span })),
                Event::Html(h) => out.push(RawBlock::Block(Block::Html {
                    html: h.to_string(),
                    span,
                })),
                // Loose inline content at block level (e.g. in tight list items).
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::InlineHtml(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_) => {
                    self.pos -= 1;
                    let start = span.start;
                    let inlines = self.inlines_until_block_end();
                    let end = self
                        .events
                        .get(self.pos.saturating_sub(1))
                        .map_or(start, |e| e.1.end);
                    out.push(RawBlock::Block(Block::Paragraph {
                        inlines,
                        span: start..end.max(start),
                    }));
                }
                _ => {}
            }
        }
        out
    }

    fn block(&mut self, tag: Tag<'a>, span: Span) -> RawBlock {
        let block = match tag {
            Tag::Paragraph => Block::Paragraph {
                inlines: self.inlines(TagEnd::Paragraph),
                span,
            },
            Tag::Heading { level, .. } => Block::Heading {
                level: level as u8,
                inlines: self.inlines(TagEnd::Heading(level)),
                label: None,
                span,
            },
            Tag::CodeBlock(kind) => {
                let code = self.text_until(TagEnd::CodeBlock);
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                if info.trim_start().starts_with('{') {
                    let raw = &self.source[span.clone()];
                    let first_nl = raw.find('\n').map_or(raw.len(), |i| i + 1);
                    let info_start = span.start + raw.find('{').unwrap_or(0);
                    let body_start = span.start + first_nl;
                    return RawBlock::Directive(RawDirective {
                        info,
                        info_start,
                        body: verbatim_body(self.source, body_start..span.end, code),
                        body_start,
                        span,
                    });
                }
                let lang = info.split_whitespace().next().map(str::to_string);
                Block::Code { lang, code, span }
            }
            Tag::BlockQuote(_) => Block::Quote {
                blocks: self.nested(TagEnd::BlockQuote(None)),
                span,
            },
            Tag::List(start) => {
                let ordered = start.is_some();
                let mut items = Vec::new();
                while let Some((event, item_span)) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            let task = match self.events.get(self.pos) {
                                Some((Event::TaskListMarker(c), _)) => {
                                    let c = *c;
                                    self.pos += 1;
                                    Some(c)
                                }
                                _ => None,
                            };
                            let _ = item_span;
                            items.push(ListItem {
                                task,
                                blocks: self.nested(TagEnd::Item),
                            });
                        }
                        Event::End(TagEnd::List(o)) if o == ordered => break,
                        _ => {}
                    }
                }
                Block::List { start, items, span }
            }
            Tag::FootnoteDefinition(label) => Block::FootnoteDefinition {
                label: label.to_string(),
                blocks: self.nested(TagEnd::FootnoteDefinition),
                span,
            },
            Tag::Table(aligns) => self.table(aligns, span),
            Tag::HtmlBlock => {
                let html = self.text_until(TagEnd::HtmlBlock);
                Block::Html { html, span }
            }
            other => {
                // Constructs not enabled (definition lists, metadata blocks): keep their text.
                let end = other.to_end();
                let text = self.text_until(end);
                Block::Paragraph {
                    inlines: vec![Inline::Text(text)],
                    span,
                }
            }
        };
        RawBlock::Block(block)
    }

    /// Nested blocks; directives inside lists and quotes are kept raw for the caller.
    fn nested(&mut self, until: TagEnd) -> Vec<Block> {
        self.blocks(Some(until))
            .into_iter()
            .map(|b| match b {
                RawBlock::Block(b) => b,
                RawBlock::Directive(d) => super::directive_from_raw_nested(self.source, d),
            })
            .collect()
    }

    fn table(&mut self, aligns: Vec<pulldown_cmark::Alignment>, span: Span) -> Block {
        use pulldown_cmark::Alignment as A;
        let alignments = aligns
            .iter()
            .map(|a| match a {
                A::None => Align::None,
                A::Left => Align::Left,
                A::Center => Align::Center,
                A::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut in_head = false;
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    head = std::mem::take(&mut row);
                }
                Event::Start(Tag::TableRow) => row.clear(),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::Start(Tag::TableCell) => row.push(self.inlines(TagEnd::TableCell)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let _ = in_head;
        Block::Table {
            alignments,
            head,
            rows,
            span,
        }
    }

    /// Concatenated text up to an end tag (code blocks, HTML blocks).
    fn text_until(&mut self, end: TagEnd) -> String {
        let mut out = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Text(t) | Event::Html(t) | Event::Code(t) => out.push_str(&t),
                Event::SoftBreak | Event::HardBreak => out.push('\n'),
                _ => {}
            }
        }
        out
    }

    /// Inline content of a tight list item, up to the next block-level event.
    fn inlines_until_block_end(&mut self) -> Vec<Inline> {
        let mut raw = Vec::new();
        loop {
            match self.events.get(self.pos) {
                Some((Event::Start(tag), _)) if is_inline_tag(tag) => {}
                Some((Event::Start(_), _)) | Some((Event::End(_), _)) | None => break,
                _ => {}
            }
            match self.next() {
                Some(ev) => self.inline(ev, &mut raw),
                None => break,
            }
        }
        finish_inlines(self.source, raw)
    }

    fn inlines(&mut self, until: TagEnd) -> Vec<Inline> {
        let raw = self.raw_inlines(until);
        finish_inlines(self.source, raw)
    }

    fn raw_inlines(&mut self, until: TagEnd) -> Vec<(Inline, Span)> {
        let mut raw = Vec::new();
        while let Some(ev) = self.next() {
            if matches!(&ev.0, Event::End(e) if *e == until) {
                break;
            }
            self.inline(ev, &mut raw);
        }
        raw
    }

    fn inline(&mut self, (event, span): (Event<'a>, Span), raw: &mut Vec<(Inline, Span)>) {
        let item = match event {
            Event::Text(t) => Inline::Text(t.to_string()),
            Event::Code(c) => Inline::Code(c.to_string()),
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                let display = self.source[span.clone()].starts_with("$$");
                let d = if display { 2 } else { 1 };
                let tex_span =
                    (span.start + d).min(span.end)..span.end.saturating_sub(d).max(span.start);
                Inline::Math {
                    tex: m.to_string(),
                    display,
                    label: None,
                    tex_span,
                    span: span.clone(),
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => Inline::Html(h.to_string()),
            Event::SoftBreak => Inline::SoftBreak,
            Event::HardBreak => Inline::HardBreak,
            Event::FootnoteReference(l) => Inline::FootnoteReference(l.to_string()),
            Event::TaskListMarker(_) | Event::Rule | Event::End(_) => return,
            Event::Start(tag) => match tag {
                Tag::Emphasis => Inline::Emphasis(self.inlines(TagEnd::Emphasis)),
                Tag::Strong => Inline::Strong(self.inlines(TagEnd::Strong)),
                Tag::Strikethrough => Inline::Strikethrough(self.inlines(TagEnd::Strikethrough)),
                Tag::Superscript | Tag::Subscript => {
                    let end = tag.to_end();
                    Inline::Emphasis(self.inlines(end))
                }
                Tag::Link {
                    dest_url, title, ..
                } => Inline::Link {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    children: self.inlines(TagEnd::Link),
                    span: span.clone(),
                },
                Tag::Image {
                    dest_url, title, ..
                } => Inline::Image {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: self.inlines(TagEnd::Image),
                    span: span.clone(),
                },
                other => {
                    let end = other.to_end();
                    let mut inner = self.raw_inlines(end);
                    raw.append(&mut inner);
                    return;
                }
            },
        };
        raw.push((item, span));
    }
}

/// The body of a fenced block exactly as it stands in the file (CRLF kept) when that
/// text, with line endings normalised, is what pulldown-cmark reports; otherwise (a
/// fence inside a list or quote, whose indentation pulldown strips) pulldown's text.
fn verbatim_body(source: &str, range: Span, code: String) -> String {
    let Some(raw) = source.get(range) else {
        return code;
    };
    // Drop the closing fence line, if the block has one.
    let trimmed = raw.trim_end_matches(['\n', '\r']);
    let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = trimmed[last_line_start..].trim();
    let body = if last.starts_with("```") || last.starts_with("~~~") {
        &raw[..last_line_start]
    } else {
        raw
    };
    if body.replace("\r\n", "\n") == code {
        body.to_string()
    } else {
        code
    }
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}
