//! Tokenizer for claim expressions (numbers, dotted names, operators), with byte spans.
//!
//! Name rule: a name segment starts with a letter or `_` (segments after a `.` may also
//! start with a digit) and continues with letters, digits and `_`. A `-` belongs to the
//! name only when it sits directly between two name characters, so `stiff-ode.dt` and
//! `a.b-2` are single references, while `a.b - 2`, `a.b -2` and `a.b- 2` subtract.

use super::ast::{Ident, NumberLit, Span};
use super::error::ParseError;

/// Token kinds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Number(NumberLit),
    Path(Vec<Ident>),
    True,
    False,
    And,
    Or,
    Not,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    PlusMinus,
    Percent,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
    Approx,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Eof,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

impl Tok {
    /// Human description for error messages.
    pub fn describe(&self, text: &str) -> String {
        match self {
            Tok::Number(_) => format!("number '{text}'"),
            Tok::Path(_) => format!("name '{text}'"),
            Tok::Eof => "end of input".to_string(),
            _ => format!("'{text}'"),
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Splits `src` into tokens; the last token is always `Eof`.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, ParseError> {
    let mut lx = Lexer { src, pos: 0 };
    let mut out = Vec::new();
    loop {
        let t = lx.next_token()?;
        let end = t.tok == Tok::Eof;
        out.push(t);
        if end {
            return Ok(out);
        }
    }
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, byte_offset: usize) -> Option<char> {
        self.src.get(self.pos + byte_offset..)?.chars().next()
    }

    fn next_token(&mut self) -> Result<Token, ParseError> {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Token {
                tok: Tok::Eof,
                span: Span::new(start, start),
            });
        };
        if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) {
            return self.number();
        }
        if is_name_start(c) {
            return Ok(self.path());
        }
        let next = self.peek_at(c.len_utf8());
        let (tok, len) = match (c, next) {
            ('+', Some('-')) => (Tok::PlusMinus, 2),
            ('±', _) => (Tok::PlusMinus, c.len_utf8()),
            ('+', _) => (Tok::Plus, 1),
            ('-' | '\u{2212}', _) => (Tok::Minus, c.len_utf8()),
            ('*', Some('*')) => (Tok::Caret, 2),
            ('*', _) => (Tok::Star, 1),
            ('/', _) => (Tok::Slash, 1),
            ('^', _) => (Tok::Caret, 1),
            ('%', _) => (Tok::Percent, 1),
            ('<', Some('=')) => (Tok::Le, 2),
            ('<', _) => (Tok::Lt, 1),
            ('>', Some('=')) => (Tok::Ge, 2),
            ('>', _) => (Tok::Gt, 1),
            ('≤', _) => (Tok::Le, c.len_utf8()),
            ('≥', _) => (Tok::Ge, c.len_utf8()),
            ('≠', _) => (Tok::Ne, c.len_utf8()),
            ('=', Some('=')) => (Tok::EqEq, 2),
            ('!', Some('=')) => (Tok::Ne, 2),
            ('!', _) => (Tok::Not, 1),
            ('~', Some('=')) => (Tok::Approx, 2),
            ('≈', _) => (Tok::Approx, c.len_utf8()),
            ('&', Some('&')) => (Tok::And, 2),
            ('|', Some('|')) => (Tok::Or, 2),
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            (',', _) => (Tok::Comma, 1),
            _ => {
                let hint = match c {
                    '=' => "; use '==' to compare or '~=' for approximate equality",
                    '~' => "; did you mean '~='?",
                    '&' => "; use '&&' or 'and'",
                    '|' => "; use '||' or 'or'",
                    ':' => "; a format spec after ':' is only allowed in inline values",
                    _ => "",
                };
                return Err(ParseError::UnexpectedChar {
                    ch: c,
                    hint: hint.to_string(),
                    span: Span::new(start, start + c.len_utf8()),
                });
            }
        };
        self.pos += len;
        Ok(Token {
            tok,
            span: Span::new(start, self.pos),
        })
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            n += 1;
        }
        n
    }

    fn number(&mut self) -> Result<Token, ParseError> {
        let start = self.pos;
        self.digits();
        let mut decimals = 0i64;
        let mut bad = false;
        if self.peek() == Some('.') {
            self.pos += 1;
            decimals = self.digits() as i64;
            bad |= decimals == 0;
        }
        let mut exponent = 0i64;
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            let exp_start = self.pos;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                bad = true;
            } else {
                exponent = self.src[exp_start..self.pos].parse().unwrap_or(i64::MAX);
            }
        }
        // A number glued to a name or another dot is malformed: `3x`, `1.2.3`.
        while self.peek().is_some_and(|c| is_name_char(c) || c == '.') {
            bad = true;
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        let span = Span::new(start, self.pos);
        let text = &self.src[start..self.pos];
        let invalid = || ParseError::InvalidNumber {
            text: text.to_string(),
            span,
        };
        if bad || exponent.abs() > 10_000 {
            return Err(invalid());
        }
        let value: f64 = text.parse().map_err(|_| invalid())?;
        if !value.is_finite() {
            return Err(invalid());
        }
        // Half a unit in the last written digit, parsed (not computed) for exactness.
        let half_unit: f64 = format!("5e{}", exponent - decimals - 1)
            .parse()
            .map_err(|_| invalid())?;
        Ok(Token {
            tok: Tok::Number(NumberLit {
                value,
                text: text.to_string(),
                half_unit,
            }),
            span,
        })
    }

    fn segment(&mut self) -> Ident {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_name_char(c) {
                self.pos += c.len_utf8();
            } else if c == '-' && self.pos > start && self.peek_at(1).is_some_and(is_name_char) {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ident {
            name: self.src[start..self.pos].to_string(),
            span: Span::new(start, self.pos),
        }
    }

    fn path(&mut self) -> Token {
        let start = self.pos;
        let mut segs = vec![self.segment()];
        while self.peek() == Some('.') && self.peek_at(1).is_some_and(is_name_char) {
            self.pos += 1;
            segs.push(self.segment());
        }
        let span = Span::new(start, self.pos);
        let tok = if segs.len() == 1 {
            match segs[0].name.as_str() {
                "true" => Tok::True,
                "false" => Tok::False,
                "and" => Tok::And,
                "or" => Tok::Or,
                "not" => Tok::Not,
                _ => Tok::Path(segs),
            }
        } else {
            Tok::Path(segs)
        };
        Token { tok, span }
    }
}
