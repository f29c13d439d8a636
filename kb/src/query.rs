//! The query language: free text, "quoted phrases", `field:value` filters,
//! `year:2019..2024` ranges, AND / OR / NOT (or `-term`) and parentheses.
//!
//! Adjacent terms are joined by AND, which binds tighter than OR.

use crate::KbError;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// An unquoted word: a literal, or a question when it is long.
    Term(String),
    /// A quoted phrase: always a literal.
    Phrase(String),
    /// `field:value` — an exact value, or a literal in a text field (`title:醉驾`).
    Field { name: String, value: String },
    /// `field:from..to`, either end may be empty.
    Range {
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// All must match.
    And(Vec<Expr>),
    /// Any may match.
    Or(Vec<Expr>),
    /// Must not match.
    Not(Box<Expr>),
}

/// Deeper nesting than this is refused, so a hostile query cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
    And,
    Or,
    Not,
}

fn lex(input: &str) -> Result<Vec<Token>, KbError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == '（' {
            chars.next();
            tokens.push(Token::Open);
        } else if c == ')' || c == '）' {
            chars.next();
            tokens.push(Token::Close);
        } else if let Some(close) = closing_quote(c) {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some(q) if q == close => break,
                    Some(other) => text.push(other),
                    None => return Err(KbError::Query(format!("unclosed quote {c}{text}"))),
                }
            }
            tokens.push(Token::Quoted(text));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || matches!(c, '(' | ')' | '（' | '）') {
                    break;
                }
                // A quote inside a word starts a quoted value: title:"醉酒 驾驶".
                if let Some(close) = closing_quote(c)
                    && word.ends_with(':')
                {
                    chars.next();
                    for q in chars.by_ref() {
                        if q == close {
                            break;
                        }
                        word.push(q);
                    }
                    continue;
                }
                word.push(c);
                chars.next();
            }
            tokens.push(match word.as_str() {
                "AND" | "&&" => Token::And,
                "OR" | "||" => Token::Or,
                "NOT" => Token::Not,
                _ => Token::Word(word),
            });
        }
    }
    Ok(tokens)
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        _ => None,
    }
}

/// Parses a query string; an empty query is an error.
pub fn parse(input: &str) -> Result<Expr, KbError> {
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err(KbError::Query("the query is empty".into()));
    }
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.or(0)?;
    if parser.pos < parser.tokens.len() {
        return Err(KbError::Query("unbalanced `)`".into()));
    }
    Ok(expr)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, KbError> {
        let mut items = vec![self.and(depth)?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, KbError> {
        let mut items = vec![self.unary(depth)?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.pos += 1;
                    items.push(self.unary(depth)?);
                }
                Some(Token::Or | Token::Close) | None => break,
                Some(_) => items.push(self.unary(depth)?),
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, KbError> {
        match self.peek() {
            Some(Token::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary(depth)?)))
            }
            _ => self.atom(depth),
        }
    }

    fn atom(&mut self, depth: usize) -> Result<Expr, KbError> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match token {
            Some(Token::Open) => {
                if depth >= MAX_DEPTH {
                    return Err(KbError::Query(format!(
                        "parentheses nested deeper than {MAX_DEPTH}"
                    )));
                }
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(KbError::Query("missing `)`".into()));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Quoted(text)) => Ok(Expr::Phrase(text)),
            Some(Token::Word(word)) => Ok(word_expr(&word)),
            Some(Token::Close) => Err(KbError::Query("unbalanced `)`".into())),
            Some(Token::And | Token::Or | Token::Not) | None => Err(KbError::Query(
                "AND, OR and NOT need a term on each side".into(),
            )),
        }
    }
}

fn word_expr(word: &str) -> Expr {
    if let Some(rest) = word.strip_prefix('-').filter(|r| !r.is_empty()) {
        return Expr::Not(Box::new(word_expr(rest)));
    }
    if let Some((name, value)) = word.split_once([':', '：']) {
        let is_field =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if is_field && !value.is_empty() {
            let name = name.to_ascii_lowercase();
            if let Some((from, to)) = value.split_once("..") {
                let bound = |s: &str| (!s.is_empty()).then(|| s.to_string());
                return Expr::Range {
                    name,
                    from: bound(from),
                    to: bound(to),
                };
            }
            return Expr::Field {
                name,
                value: value.to_string(),
            };
        }
    }
    Expr::Term(word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(s: &str) -> Expr {
        Expr::Term(s.into())
    }

    #[test]
    fn terms_phrases_and_fields() {
        assert_eq!(parse("醉驾").expect("ok"), term("醉驾"));
        assert_eq!(
            parse("醉驾 \"认罪 认罚\" type:case").expect("ok"),
            Expr::And(vec![
                term("醉驾"),
                Expr::Phrase("认罪 认罚".into()),
                Expr::Field {
                    name: "type".into(),
                    value: "case".into()
                },
            ])
        );
        assert_eq!(
            parse("year:2019..2024").expect("ok"),
            Expr::Range {
                name: "year".into(),
                from: Some("2019".into()),
                to: Some("2024".into())
            }
        );
        assert_eq!(
            parse("title:\"醉酒 驾驶\"").expect("ok"),
            Expr::Field {
                name: "title".into(),
                value: "醉酒 驾驶".into()
            }
        );
        assert_eq!(
            parse("“公益诉讼”").expect("ok"),
            Expr::Phrase("公益诉讼".into())
        );
    }

    #[test]
    fn boolean_precedence() {
        assert_eq!(
            parse("a b OR c NOT d").expect("ok"),
            Expr::Or(vec![
                Expr::And(vec![term("a"), term("b")]),
                Expr::And(vec![term("c"), Expr::Not(Box::new(term("d")))]),
            ])
        );
        assert_eq!(
            parse("-醉驾").expect("ok"),
            Expr::Not(Box::new(term("醉驾")))
        );
        assert_eq!(
            parse("(a OR b) c").expect("ok"),
            Expr::And(vec![Expr::Or(vec![term("a"), term("b")]), term("c")])
        );
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        for bad in [
            "",
            "   ",
            "(a",
            "a)",
            "\"open",
            "a OR",
            "NOT",
            &"(".repeat(10_000),
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
        // A colon in ordinary text is not a field.
        assert_eq!(parse("第133条:醉驾").expect("ok"), term("第133条:醉驾"));
    }
}
