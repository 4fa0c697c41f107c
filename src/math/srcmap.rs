//! Rewritten text that remembers where each of its bytes came from, so that
//! an error found after a rewrite can be reported at the original offset.

use std::ops::Range;

/// A piece of the output text and the source span it came from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Start of the piece in the output.
    out: usize,
    /// Start of the originating span in the source.
    src: usize,
    /// Length of the originating span in the source.
    src_len: usize,
    /// Copied byte for byte (so offsets inside map exactly) rather than
    /// replaced (every offset inside maps to the whole source span).
    verbatim: bool,
}

/// The output of one rewriting pass together with its offset map.
#[derive(Debug, Clone)]
pub(crate) struct Mapped {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Mapped {
    /// Maps a byte range of [`Mapped::text`] back to the source of this pass.
    pub fn to_src(&self, r: Range<usize>) -> Range<usize> {
        if self.pieces.is_empty() {
            return 0..0;
        }
        let start = self.map_point(r.start, false);
        let end = self.map_point(r.end.max(r.start), r.end > r.start);
        start.start..end.end.max(start.start)
    }

    /// The source span of the output byte `at`. With `is_end`, `at` is an
    /// exclusive end, so it is looked up as the byte before it.
    fn map_point(&self, at: usize, is_end: bool) -> Range<usize> {
        let probe = if is_end { at.saturating_sub(1) } else { at };
        let idx = match self.pieces.binary_search_by(|p| p.out.cmp(&probe)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let p = self.pieces[idx];
        if p.verbatim {
            let off = (at - p.out.min(at)).min(p.src_len);
            let point = p.src + off;
            point..point
        } else {
            p.src..p.src + p.src_len
        }
    }
}

/// Maps `r`, a range in the text of the last pass, back through every pass
/// (given first to last) to the original source.
pub(crate) fn to_original(passes: &[&Mapped], mut r: Range<usize>) -> Range<usize> {
    for pass in passes.iter().rev() {
        r = pass.to_src(r);
    }
    r
}

/// Builds a [`Mapped`] from a source string piece by piece.
pub(crate) struct Builder<'s> {
    src: &'s str,
    text: String,
    pieces: Vec<Piece>,
}

impl<'s> Builder<'s> {
    pub fn new(src: &'s str) -> Self {
        Self {
            src,
            text: String::with_capacity(src.len() + 16),
            pieces: Vec::new(),
        }
    }

    /// Copies `src[r]` unchanged.
    pub fn copy(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        let out = self.text.len();
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim && last.src + last.src_len == r.start && last.out + last.src_len == out
            {
                last.src_len += r.len();
                self.text.push_str(&self.src[r]);
                return;
            }
        }
        self.pieces.push(Piece {
            out,
            src: r.start,
            src_len: r.len(),
            verbatim: true,
        });
        self.text.push_str(&self.src[r]);
    }

    /// Replaces `src[r]` by `with`; errors inside `with` map to all of `r`.
    pub fn replace(&mut self, r: Range<usize>, with: &str) {
        self.pieces.push(Piece {
            out: self.text.len(),
            src: r.start,
            src_len: r.len(),
            verbatim: false,
        });
        self.text.push_str(with);
    }

    pub fn finish(mut self) -> Mapped {
        if self.pieces.is_empty() {
            self.pieces.push(Piece {
                out: 0,
                src: 0,
                src_len: 0,
                verbatim: true,
            });
        }
        Mapped {
            text: self.text,
            pieces: self.pieces,
        }
    }
}

/// The identity map of `s`.
#[cfg(test)]
pub(crate) fn identity(s: &str) -> Mapped {
    let mut b = Builder::new(s);
    b.copy(0..s.len());
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_and_replaced_pieces_map_back() {
        let src = r"a \R b \R";
        let mut b = Builder::new(src);
        b.copy(0..2);
        b.replace(2..4, r"\mathbb{R}");
        b.copy(4..7);
        b.replace(7..9, r"\mathbb{R}");
        let m = b.finish();
        assert_eq!(m.text, r"a \mathbb{R} b \mathbb{R}");
        // "a" maps exactly.
        assert_eq!(m.to_src(0..1), 0..1);
        // Anything inside the expansion maps to the macro use.
        assert_eq!(m.to_src(5..8), 2..4);
        // " b " maps exactly.
        let b_at = m.text.find(" b").unwrap() + 1;
        assert_eq!(m.to_src(b_at..b_at + 1), 5..6);
        // End of text.
        assert_eq!(m.to_src(m.text.len()..m.text.len()), 7..9);
    }

    #[test]
    fn passes_compose() {
        let src = "xyz";
        let mut b1 = Builder::new(src);
        b1.copy(0..1);
        b1.replace(1..2, "YY");
        b1.copy(2..3);
        let m1 = b1.finish();
        let m2 = identity(&m1.text);
        assert_eq!(to_original(&[&m1, &m2], 3..4), 2..3);
        assert_eq!(to_original(&[&m1, &m2], 1..3), 1..2);
    }
}
