//! Visiting every block and inline of a document in reading order.

use crate::document::ast::{Block, Directive, Inline};

/// Callbacks for a read-only walk over a document tree.
pub trait Visitor {
    fn block(&mut self, _b: &Block) {}
    fn directive(&mut self, _d: &Directive) {}
    fn inline(&mut self, _i: &Inline) {}
}

pub fn walk_blocks(v: &mut dyn Visitor, blocks: &[Block]) {
    for b in blocks {
        v.block(b);
        match b {
            Block::Heading { inlines, .. } | Block::Paragraph { inlines, .. } => {
                walk_inlines(v, inlines)
            }
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(v, &item.blocks);
                }
            }
            Block::Quote { blocks, .. } | Block::FootnoteDefinition { blocks, .. } => {
                walk_blocks(v, blocks)
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    walk_inlines(v, cell);
                }
            }
            Block::Directive(d) => {
                v.directive(d);
                walk_blocks(v, &d.children);
            }
            Block::Code { .. } | Block::Rule { .. } | Block::Html { .. } | Block::Target { .. } => {
            }
        }
    }
}

pub fn walk_inlines(v: &mut dyn Visitor, inlines: &[Inline]) {
    for i in inlines {
        v.inline(i);
        match i {
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                walk_inlines(v, c)
            }
            Inline::Link { children, .. } => walk_inlines(v, children),
            Inline::Image { alt, .. } => walk_inlines(v, alt),
            _ => {}
        }
    }
}
