//! Recursive-descent parser turning claim tokens into an [`Expr`] tree.
//!
//! Precedence, loosest first: `or`/`||`; `and`/`&&`; prefix `not`/`!`; comparisons
//! (`< <= > >= == !=` chain as in Python, `~=`/`≈` with an optional `+- tol[%]` does
//! not chain); `+ -`; `* /`; prefix `-`; `^`/`**` (right-associative, binds tighter than
//! prefix minus: `-2^2 = -4`, `2^-1 = 0.5`); postfix `[index]`; atoms.

use super::ast::{BinOp, CmpOp, Expr, ExprKind, Func, Span, Tolerance, UnaryOp};
use super::error::{suggest_function, ParseError};
use super::lexer::{tokenize, Tok, Token};

/// Parses a whole claim expression.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(src)?;
    let mut p = Parser {
        src,
        tokens,
        idx: 0,
    };
    if p.peek().tok == Tok::Eof {
        return Err(ParseError::Empty {
            span: p.peek().span,
        });
    }
    let e = p.expr()?;
    if p.peek().tok != Tok::Eof {
        return Err(p.unexpected("after a complete expression"));
    }
    Ok(e)
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    idx: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // `tokens` always ends with Eof and `idx` never moves past it.
        &self.tokens[self.idx.min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::Eof {
            self.idx += 1;
        }
        t
    }

    fn text(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// Error for the current token, which cannot appear here.
    fn unexpected(&self, context: &str) -> ParseError {
        let t = self.peek();
        let hint = match t.tok {
            Tok::PlusMinus => {
                "; a tolerance '+-' is only allowed after '~=' (write 'a + -b' to add a negative)"
            }
            Tok::Percent => "; '%' is only allowed after a tolerance, as in 'a ~= b +- 1%'",
            Tok::RParen => "; no matching '('",
            Tok::RBracket => "; no matching '['",
            Tok::Number(_) | Tok::Path(_) | Tok::LParen | Tok::True | Tok::False | Tok::Not => {
                "; missing operator?"
            }
            _ => "",
        };
        ParseError::Unexpected {
            found: format!("{} {context}", t.tok.describe(self.text(t.span))),
            hint: hint.to_string(),
            span: t.span,
        }
    }

    fn expect_close(&mut self, close: Tok, open: &Token) -> Result<Span, ParseError> {
        let t = self.peek().clone();
        if t.tok == close {
            self.bump();
            return Ok(t.span);
        }
        let (what, sym) = if close == Tok::RParen {
            ("parenthesis", "')'")
        } else {
            ("bracket", "']'")
        };
        if t.tok == Tok::Eof {
            return Err(ParseError::Unclosed {
                what,
                span: open.span,
            });
        }
        let found = self.unexpected("");
        let (found, hint) = match found {
            ParseError::Unexpected { found, hint, .. } => (found, hint),
            _ => (String::new(), String::new()),
        };
        Err(ParseError::Expected {
            expected: format!("{sym} to close the {what} at byte {}", open.span.start),
            found: format!("{}{hint}", found.trim_end()),
            span: t.span,
        })
    }

    fn expr(&mut self) -> Result<Expr, ParseError> {
        self.or()
    }

    fn binary_loop(
        &mut self,
        ops: &[(Tok, BinOp)],
        next: fn(&mut Self) -> Result<Expr, ParseError>,
    ) -> Result<Expr, ParseError> {
        let mut lhs = next(self)?;
        while let Some(op) = ops.iter().find(|(t, _)| *t == self.peek().tok).map(|p| p.1) {
            let op_tok = self.bump();
            let rhs = next(self)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    op_span: op_tok.span,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        Ok(lhs)
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        self.binary_loop(&[(Tok::Or, BinOp::Or)], Self::and)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        self.binary_loop(&[(Tok::And, BinOp::And)], Self::not)
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        if self.peek().tok == Tok::Not {
            let op = self.bump();
            let operand = self.not()?;
            let span = op.span.to(operand.span);
            return Ok(Expr {
                kind: ExprKind::Unary {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
                span,
            });
        }
        self.comparison()
    }

    fn cmp_op(tok: &Tok) -> Option<CmpOp> {
        Some(match tok {
            Tok::Lt => CmpOp::Lt,
            Tok::Le => CmpOp::Le,
            Tok::Gt => CmpOp::Gt,
            Tok::Ge => CmpOp::Ge,
            Tok::EqEq => CmpOp::Eq,
            Tok::Ne => CmpOp::Ne,
            _ => return None,
        })
    }

    fn comparison(&mut self) -> Result<Expr, ParseError> {
        let first = self.additive()?;
        if self.peek().tok == Tok::Approx {
            let op = self.bump();
            let rhs = self.additive()?;
            let mut tolerance = None;
            if self.peek().tok == Tok::PlusMinus {
                let pm = self.bump();
                let value = self.additive()?;
                let mut end = value.span;
                let relative = self.peek().tok == Tok::Percent;
                if relative {
                    end = self.bump().span;
                }
                tolerance = Some(Tolerance {
                    value: Box::new(value),
                    relative,
                    span: pm.span.to(end),
                });
            }
            let t = self.peek();
            if t.tok == Tok::Approx || Self::cmp_op(&t.tok).is_some() {
                return Err(ParseError::Unexpected {
                    found: format!("'{}'", self.text(t.span)),
                    hint:
                        "; an approximate comparison '~=' cannot be chained, join claims with 'and'"
                            .to_string(),
                    span: t.span,
                });
            }
            let span = first
                .span
                .to(tolerance.as_ref().map_or(rhs.span, |t| t.span));
            return Ok(Expr {
                kind: ExprKind::Approx {
                    lhs: Box::new(first),
                    rhs: Box::new(rhs),
                    op_span: op.span,
                    tolerance,
                },
                span,
            });
        }
        let mut rest = Vec::new();
        while let Some(op) = Self::cmp_op(&self.peek().tok) {
            let op_tok = self.bump();
            let rhs = self.additive()?;
            rest.push((op, op_tok.span, rhs));
            if self.peek().tok == Tok::Approx {
                let t = self.peek();
                return Err(ParseError::Unexpected {
                    found: "'~='".to_string(),
                    hint: "; an approximate comparison cannot be chained, join claims with 'and'"
                        .to_string(),
                    span: t.span,
                });
            }
        }
        if rest.is_empty() {
            return Ok(first);
        }
        let span = first.span.to(rest[rest.len() - 1].2.span);
        Ok(Expr {
            kind: ExprKind::Compare {
                first: Box::new(first),
                rest,
            },
            span,
        })
    }

    fn additive(&mut self) -> Result<Expr, ParseError> {
        self.binary_loop(
            &[(Tok::Plus, BinOp::Add), (Tok::Minus, BinOp::Sub)],
            Self::multiplicative,
        )
    }

    fn multiplicative(&mut self) -> Result<Expr, ParseError> {
        self.binary_loop(
            &[(Tok::Star, BinOp::Mul), (Tok::Slash, BinOp::Div)],
            Self::unary,
        )
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.peek().tok == Tok::Minus {
            let op = self.bump();
            let operand = self.unary()?;
            let span = op.span.to(operand.span);
            return Ok(Expr {
                kind: ExprKind::Unary {
                    op: UnaryOp::Neg,
                    operand: Box::new(operand),
                },
                span,
            });
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, ParseError> {
        let base = self.postfix()?;
        if self.peek().tok != Tok::Caret {
            return Ok(base);
        }
        let op = self.bump();
        let exponent = self.unary()?;
        let span = base.span.to(exponent.span);
        Ok(Expr {
            kind: ExprKind::Binary {
                op: BinOp::Pow,
                op_span: op.span,
                lhs: Box::new(base),
                rhs: Box::new(exponent),
            },
            span,
        })
    }

    fn postfix(&mut self) -> Result<Expr, ParseError> {
        let mut e = self.primary()?;
        while self.peek().tok == Tok::LBracket {
            let open = self.bump();
            let index = self.expr()?;
            let close = self.expect_close(Tok::RBracket, &open)?;
            let span = e.span.to(close);
            e = Expr {
                kind: ExprKind::Index {
                    target: Box::new(e),
                    index: Box::new(index),
                },
                span,
            };
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let t = self.peek().clone();
        let kind = match t.tok {
            Tok::Number(lit) => ExprKind::Number(lit),
            Tok::True => ExprKind::Bool(true),
            Tok::False => ExprKind::Bool(false),
            Tok::Path(segs) => {
                let next_is_paren =
                    self.tokens.get(self.idx + 1).map(|n| &n.tok) == Some(&Tok::LParen);
                if next_is_paren && segs.len() == 1 {
                    self.bump();
                    return self.call(&segs[0].name, t.span);
                }
                ExprKind::Ref(segs)
            }
            Tok::LParen => {
                let open = self.bump();
                let inner = self.expr()?;
                let close = self.expect_close(Tok::RParen, &open)?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: open.span.to(close),
                });
            }
            _ => {
                let after = self
                    .idx
                    .checked_sub(1)
                    .map(|i| self.text(self.tokens[i].span).to_string());
                return Err(ParseError::ExpectedExpression {
                    after,
                    span: t.span,
                });
            }
        };
        self.bump();
        Ok(Expr { kind, span: t.span })
    }

    fn call(&mut self, name: &str, name_span: Span) -> Result<Expr, ParseError> {
        let func = Func::from_name(name).ok_or_else(|| ParseError::UnknownFunction {
            name: name.to_string(),
            suggestion: suggest_function(name),
            span: name_span,
        })?;
        let open = self.bump();
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.expr()?);
                if self.peek().tok == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        let close = self.expect_close(Tok::RParen, &open)?;
        let span = name_span.to(close);
        let (min, max) = func.arity();
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            return Err(ParseError::Arity {
                name: func.name(),
                expected: if max.is_some() {
                    "1 argument"
                } else {
                    "one series or two or more scalars"
                },
                found: args.len(),
                span,
            });
        }
        Ok(Expr {
            kind: ExprKind::Call {
                func,
                name_span,
                args,
            },
            span,
        })
    }
}
