//! Go's `text/template` language, parsed: text, actions and the control structures, with the
//! line of every node so that what a template writes can be traced back to where it was
//! written. Errors name the line and what was expected, as Go's parser words them.

use std::collections::HashMap;
use std::rc::Rc;

/// A parsed template body.
pub type List = Vec<Node>;

#[derive(Debug)]
pub enum Node {
    Text { text: Rc<str>, line: u32 },
    Action { pipe: Pipe, line: u32 },
    If { pipe: Pipe, body: List, otherwise: Option<List>, line: u32 },
    Range { pipe: Pipe, body: List, otherwise: Option<List>, line: u32 },
    With { pipe: Pipe, body: List, otherwise: Option<List>, line: u32 },
    Template { name: Rc<str>, pipe: Option<Pipe>, line: u32 },
    Break,
    Continue,
}

/// `$a, $b := cmd | cmd arg`.
#[derive(Debug, Default)]
pub struct Pipe {
    pub decl: Vec<Rc<str>>,
    /// `=` rather than `:=`: the variables exist already.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug)]
pub struct Cmd {
    pub args: Vec<Arg>,
}

#[derive(Debug)]
pub enum Arg {
    Dot,
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    /// `.A.B`
    Field(Vec<Rc<str>>),
    /// `$x.A.B` (`$` alone is the root)
    Var(Rc<str>, Vec<Rc<str>>),
    /// A function name.
    Ident(Rc<str>),
    /// `(pipe).A.B`
    Pipe(Box<Pipe>, Vec<Rc<str>>),
}

/// A file's templates: its body and the ones it `define`s.
#[derive(Debug, Default)]
pub struct Parsed {
    pub body: List,
    pub defines: HashMap<Rc<str>, Rc<List>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

/// How deep control structures and parentheses may nest: a hostile template stops here.
const MAX_NESTING: usize = 100;

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let tokens = lex(text)?;
    let mut p = Parser { tokens, pos: 0, defines: HashMap::new(), depth: 0 };
    let (body, end) = p.list()?;
    if let Some(end) = end {
        return Err(ParseError { line: end.line, message: format!("unexpected {{{{{}}}}}", end.word) });
    }
    Ok(Parsed { body, defines: p.defines })
}

// ---------------------------------------------------------------------------------------------
// Lexing

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Text(String),
    Open,
    Close,
    Ident(String),
    Keyword(&'static str),
    Field(String),
    /// A field written right after `)`: a field of the parenthesized value.
    Chain(String),
    Var(String),
    Dot,
    Str(String),
    Number(String),
    Bool(bool),
    Nil,
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: u32,
}

const KEYWORDS: &[&str] = &["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"];

fn lex(text: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    // A `-}}` trims the whitespace that starts the next text.
    let mut trim_next = false;
    while i < bytes.len() {
        let start = i;
        let open = text[i..].find("{{").map_or(bytes.len(), |o| i + o);
        let raw = &text[start..open];
        let mut chunk = raw;
        let mut chunk_line = line;
        if trim_next {
            chunk = raw.trim_start_matches([' ', '\t', '\r', '\n']);
            chunk_line = line + count_lines(&raw[..raw.len() - chunk.len()]);
        }
        trim_next = false;
        // `{{- ` trims the whitespace that ends this text.
        let trim_left = open + 3 <= bytes.len()
            && bytes[open..].starts_with(b"{{-")
            && bytes.get(open + 3).is_some_and(|b| b" \t\r\n".contains(b));
        if trim_left {
            chunk = chunk.trim_end_matches([' ', '\t', '\r', '\n']);
        }
        if !chunk.is_empty() {
            tokens.push(Token { tok: Tok::Text(chunk.to_string()), line: chunk_line });
        }
        line += count_lines(&text[start..open]);
        if open >= bytes.len() {
            break;
        }
        i = open + if trim_left { 3 } else { 2 };
        // A comment is a whole action: `{{/* … */}}`, with optional trim markers.
        let after_space = i + text[i..].len() - text[i..].trim_start_matches([' ', '\t', '\r', '\n']).len();
        if text[after_space..].starts_with("/*") && (after_space == i || trim_left) {
            let Some(end) = text[after_space + 2..].find("*/") else {
                return Err(ParseError { line, message: "unclosed comment".into() });
            };
            let close = after_space + 2 + end + 2;
            line += count_lines(&text[i..close]);
            let rest = &text[close..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
            if rest[ws..].starts_with("-}}") && ws > 0 {
                line += count_lines(&rest[..ws]);
                i = close + ws + 3;
                trim_next = true;
            } else if rest.starts_with("}}") {
                i = close + 2;
            } else {
                return Err(ParseError { line, message: "comment ends before closing delimiter".into() });
            }
            continue;
        }
        tokens.push(Token { tok: Tok::Open, line });
        i = lex_action(text, i, &mut line, &mut tokens, &mut trim_next)?;
    }
    Ok(tokens)
}

fn count_lines(s: &str) -> u32 {
    s.bytes().filter(|b| *b == b'\n').count() as u32
}

/// Lex one action from `i` (after `{{`) through its `}}`; returns the index after it.
fn lex_action(
    text: &str,
    mut i: usize,
    line: &mut u32,
    tokens: &mut Vec<Token>,
    trim_next: &mut bool,
) -> Result<usize, ParseError> {
    let bytes = text.as_bytes();
    let mut parens = 0usize;
    loop {
        let Some(&c) = bytes.get(i) else {
            return Err(ParseError { line: *line, message: "unclosed action".into() });
        };
        let at = *line;
        let push = |tokens: &mut Vec<Token>, tok: Tok| tokens.push(Token { tok, line: at });
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                if c == b'\n' {
                    *line += 1;
                }
                // ` -}}`: the space is part of the marker.
                if bytes[i + 1..].starts_with(b"-}}") {
                    if parens > 0 {
                        return Err(ParseError { line: at, message: "unclosed left paren".into() });
                    }
                    push(tokens, Tok::Close);
                    *trim_next = true;
                    return Ok(i + 4);
                }
                i += 1;
            }
            b'}' if bytes[i..].starts_with(b"}}") => {
                if parens > 0 {
                    return Err(ParseError { line: at, message: "unclosed left paren".into() });
                }
                push(tokens, Tok::Close);
                return Ok(i + 2);
            }
            b'|' => {
                push(tokens, Tok::Pipe);
                i += 1;
            }
            b'(' => {
                parens += 1;
                push(tokens, Tok::LParen);
                i += 1;
            }
            b')' => {
                if parens == 0 {
                    return Err(ParseError { line: at, message: "unexpected right paren".into() });
                }
                parens -= 1;
                push(tokens, Tok::RParen);
                i += 1;
            }
            b',' => {
                push(tokens, Tok::Comma);
                i += 1;
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                push(tokens, Tok::Declare);
                i += 2;
            }
            b'=' => {
                push(tokens, Tok::Assign);
                i += 1;
            }
            b'"' => {
                let (s, end) = quoted(text, i, at)?;
                push(tokens, Tok::Str(s));
                i = end;
            }
            b'`' => {
                let Some(end) = text[i + 1..].find('`') else {
                    return Err(ParseError { line: at, message: "unterminated raw quoted string".into() });
                };
                let s = &text[i + 1..i + 1 + end];
                *line += count_lines(s);
                push(tokens, Tok::Str(s.to_string()));
                i += end + 2;
            }
            b'\'' => {
                let (s, end) = quoted(text, i, at)?;
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), None) => push(tokens, Tok::Number((ch as u32).to_string())),
                    _ => return Err(ParseError { line: at, message: format!("malformed character constant: {s}") }),
                }
                i = end;
            }
            b'.' if !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let end = chain_end(bytes, word_end(bytes, i + 1));
                if end == i + 1 {
                    push(tokens, Tok::Dot);
                } else if i > 0 && bytes[i - 1] == b')' {
                    push(tokens, Tok::Chain(text[i + 1..end].to_string()));
                } else {
                    push(tokens, Tok::Field(text[i + 1..end].to_string()));
                }
                i = end;
            }
            b'$' => {
                let end = chain_end(bytes, word_end(bytes, i + 1));
                push(tokens, Tok::Var(text[i..end].to_string()));
                i = end;
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let end = number_end(bytes, i);
                if end == i || (end == i + 1 && !bytes[i].is_ascii_digit()) {
                    return Err(ParseError { line: at, message: format!("unexpected {:?} in command", c as char) });
                }
                push(tokens, Tok::Number(text[i..end].to_string()));
                i = end;
            }
            c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let end = word_end(bytes, i);
                let word = &text[i..end];
                let tok = match word {
                    "true" => Tok::Bool(true),
                    "false" => Tok::Bool(false),
                    "nil" => Tok::Nil,
                    w => match KEYWORDS.iter().find(|k| **k == w) {
                        Some(k) => Tok::Keyword(k),
                        None => Tok::Ident(w.to_string()),
                    },
                };
                push(tokens, tok);
                i = end;
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(ParseError { line: at, message: format!("unexpected {ch:?} in command") });
            }
        }
    }
}

fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80) {
        i += 1;
    }
    i
}

/// Past `.b.c` after a word: `.a.b` and `$x.a` are one operand.
fn chain_end(bytes: &[u8], mut end: usize) -> usize {
    while bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(|b| *b == b'_' || b.is_ascii_alphabetic()) {
        end = word_end(bytes, end + 1);
    }
    end
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    if matches!(bytes.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'_'))
        || (i > 0 && matches!(bytes.get(i), Some(b'-' | b'+')) && matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P'))
    {
        i += 1;
    }
    i
}

/// A Go interpreted string (or character) literal from `i` (the quote): its value and the
/// index after the closing quote.
fn quoted(text: &str, i: usize, line: u32) -> Result<(String, usize), ParseError> {
    let quote = text.as_bytes()[i] as char;
    let mut out = String::new();
    let mut chars = text[i + 1..].char_indices();
    let err = |m: &str| ParseError { line, message: m.to_string() };
    while let Some((at, c)) = chars.next() {
        match c {
            '\n' => return Err(err("unterminated quoted string")),
            c if c == quote => return Ok((out, i + 1 + at + 1)),
            '\\' => {
                let (_, e) = chars.next().ok_or_else(|| err("unterminated quoted string"))?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\x07'),
                    'b' => out.push('\x08'),
                    'f' => out.push('\x0c'),
                    'v' => out.push('\x0b'),
                    '\\' | '"' | '\'' => out.push(e),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..n).filter_map(|_| chars.next().map(|(_, c)| c)).collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|_| err("invalid escape in quoted string"))?;
                        out.push(char::from_u32(code).ok_or_else(|| err("invalid escape in quoted string"))?);
                    }
                    '0'..='7' => {
                        let rest: String = (0..2).filter_map(|_| chars.next().map(|(_, c)| c)).collect();
                        let code = u32::from_str_radix(&format!("{e}{rest}"), 8)
                            .map_err(|_| err("invalid escape in quoted string"))?;
                        out.push(char::from_u32(code).ok_or_else(|| err("invalid escape in quoted string"))?);
                    }
                    _ => return Err(err("invalid escape in quoted string")),
                }
            }
            c => out.push(c),
        }
    }
    Err(err("unterminated quoted string"))
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// The keyword that ended a list (`{{else}}`, `{{end}}`), with what follows `else`.
struct End {
    word: &'static str,
    line: u32,
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    defines: HashMap<Rc<str>, Rc<List>>,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn line(&self) -> u32 {
        self.tokens.get(self.pos).or(self.tokens.last()).map_or(1, |t| t.line)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError { line: self.line(), message: message.into() })
    }

    fn expect(&mut self, tok: Tok, context: &str) -> Result<(), ParseError> {
        match self.next() {
            Some(t) if t.tok == tok => Ok(()),
            Some(t) => {
                Err(ParseError { line: t.line, message: format!("unexpected {} in {context}", describe(&t.tok)) })
            }
            None => Err(ParseError { line: self.line(), message: format!("unexpected EOF in {context}") }),
        }
    }

    /// Nodes up to `{{end}}`/`{{else}}` (returned, consumed up to the keyword) or the end.
    fn list(&mut self) -> Result<(List, Option<End>), ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.error("template nests too deeply");
        }
        let mut list = List::new();
        let result = loop {
            let Some(token) = self.next() else { break (list, None) };
            match token.tok {
                Tok::Text(t) => list.push(Node::Text { text: Rc::from(t), line: token.line }),
                Tok::Open => {
                    let line = token.line;
                    match self.peek() {
                        Some(Tok::Keyword(k)) => {
                            let k = *k;
                            self.pos += 1;
                            match k {
                                "end" | "else" => break (list, Some(End { word: k, line })),
                                _ => {
                                    if let Some(node) = self.control(k, line)? {
                                        list.push(node);
                                    }
                                }
                            }
                        }
                        _ => {
                            let pipe = self.pipeline("command", true)?;
                            list.push(Node::Action { pipe, line });
                        }
                    }
                }
                other => {
                    return Err(ParseError { line: token.line, message: format!("unexpected {}", describe(&other)) })
                }
            }
        };
        self.depth -= 1;
        Ok(result)
    }

    fn control(&mut self, keyword: &'static str, line: u32) -> Result<Option<Node>, ParseError> {
        match keyword {
            "if" | "range" | "with" => {
                let pipe = self.pipeline(keyword, true)?;
                let (body, end) = self.list()?;
                let otherwise = self.branch_end(keyword, end, line)?;
                Ok(Some(match keyword {
                    "if" => Node::If { pipe, body, otherwise, line },
                    "range" => Node::Range { pipe, body, otherwise, line },
                    _ => Node::With { pipe, body, otherwise, line },
                }))
            }
            "break" | "continue" => {
                self.expect(Tok::Close, keyword)?;
                Ok(Some(if keyword == "break" { Node::Break } else { Node::Continue }))
            }
            "template" | "block" => {
                let name = match self.next().map(|t| t.tok) {
                    Some(Tok::Str(s)) => Rc::<str>::from(s),
                    _ => return self.error(format!("expected string literal for {keyword} name")),
                };
                let pipe = if self.peek() == Some(&Tok::Close) {
                    self.pos += 1;
                    None
                } else {
                    Some(self.pipeline(keyword, true)?)
                };
                if keyword == "block" {
                    let (body, end) = self.list()?;
                    match end {
                        Some(End { word: "end", .. }) => self.expect(Tok::Close, "end")?,
                        _ => return self.error("expected {{end}} for block"),
                    }
                    self.defines.insert(name.clone(), Rc::new(body));
                }
                Ok(Some(Node::Template { name, pipe, line }))
            }
            "define" => {
                let name = match self.next().map(|t| t.tok) {
                    Some(Tok::Str(s)) => Rc::<str>::from(s),
                    _ => return self.error("expected string literal for define name"),
                };
                self.expect(Tok::Close, "define")?;
                let (body, end) = self.list()?;
                match end {
                    Some(End { word: "end", .. }) => self.expect(Tok::Close, "end")?,
                    _ => return self.error(format!("unexpected EOF in define {name:?}: expected {{{{end}}}}")),
                }
                self.defines.insert(name, Rc::new(body));
                Ok(None)
            }
            _ => self.error(format!("unexpected {keyword}")),
        }
    }

    /// After an `if`/`range`/`with` body: `{{end}}`, or `{{else}} … {{end}}`, or
    /// `{{else if …}}` / `{{else with …}}`, which nest.
    /// `line` is the keyword's, which an unclosed structure is reported at.
    fn branch_end(&mut self, keyword: &'static str, end: Option<End>, line: u32) -> Result<Option<List>, ParseError> {
        match end {
            Some(End { word: "end", .. }) => {
                self.expect(Tok::Close, "end")?;
                Ok(None)
            }
            Some(End { word: "else", line: else_line }) => match self.peek() {
                Some(Tok::Keyword(k @ ("if" | "with"))) if *k == keyword || keyword != "range" => {
                    let k = *k;
                    self.pos += 1;
                    // `else if` is `else` + a nested `if` that shares this `end`.
                    let node = self.control(k, else_line)?;
                    Ok(Some(node.into_iter().collect()))
                }
                _ => {
                    self.expect(Tok::Close, "else")?;
                    let (body, end) = self.list()?;
                    match end {
                        Some(End { word: "end", .. }) => self.expect(Tok::Close, "end")?,
                        Some(End { line, .. }) => {
                            return Err(ParseError { line, message: "expected end; found {{else}}".to_string() })
                        }
                        None => {
                            return Err(ParseError {
                                line,
                                message: format!("unexpected EOF: {{{{{keyword}}}}} without {{{{end}}}}"),
                            })
                        }
                    }
                    Ok(Some(body))
                }
            },
            _ => Err(ParseError { line, message: format!("unexpected EOF: {{{{{keyword}}}}} without {{{{end}}}}") }),
        }
    }

    /// A pipeline up to `}}` (consumed when `until_close`) or `)`.
    fn pipeline(&mut self, context: &str, until_close: bool) -> Result<Pipe, ParseError> {
        let mut pipe = Pipe::default();
        // Declarations: `$x :=`, `$x =`, `$i, $v :=`.
        let save = self.pos;
        let mut vars = Vec::new();
        while let Some(Tok::Var(v)) = self.peek() {
            vars.push(Rc::<str>::from(v.as_str()));
            self.pos += 1;
            match self.peek() {
                Some(Tok::Comma) if context == "range" && vars.len() < 2 => self.pos += 1,
                Some(Tok::Declare) => {
                    self.pos += 1;
                    pipe.decl = std::mem::take(&mut vars);
                    break;
                }
                Some(Tok::Assign) => {
                    self.pos += 1;
                    pipe.decl = std::mem::take(&mut vars);
                    pipe.assign = true;
                    break;
                }
                _ => {
                    self.pos = save;
                    vars.clear();
                    break;
                }
            }
        }
        loop {
            let cmd = self.command()?;
            pipe.cmds.push(cmd);
            match self.next().map(|t| t.tok) {
                Some(Tok::Pipe) => continue,
                Some(Tok::Close) if until_close => break,
                Some(Tok::RParen) if !until_close => break,
                Some(other) => {
                    self.pos -= 1;
                    return self.error(format!("unexpected {} in {context}", describe(&other)));
                }
                None => return self.error(format!("unexpected EOF in {context}")),
            }
        }
        if pipe.cmds.iter().any(|c| c.args.is_empty()) {
            return self.error(format!("missing value for {context}"));
        }
        Ok(pipe)
    }

    fn command(&mut self) -> Result<Cmd, ParseError> {
        let mut args = Vec::new();
        while let Some(tok) = self.peek().cloned() {
            let arg = match tok {
                Tok::Pipe | Tok::Close | Tok::RParen => break,
                Tok::Dot => Arg::Dot,
                Tok::Nil => Arg::Nil,
                Tok::Bool(b) => Arg::Bool(b),
                Tok::Str(s) => Arg::Str(Rc::from(s)),
                Tok::Number(n) => number(&n).ok_or_else(|| ParseError {
                    line: self.line(),
                    message: format!("illegal number syntax: {n:?}"),
                })?,
                Tok::Field(f) | Tok::Chain(f) => Arg::Field(split_fields(&f)),
                Tok::Var(v) => {
                    let mut parts = v.splitn(2, '.');
                    let name = parts.next().unwrap_or_default();
                    Arg::Var(Rc::from(name), parts.next().map(split_fields).unwrap_or_default())
                }
                Tok::Ident(name) => Arg::Ident(Rc::from(name)),
                Tok::LParen => {
                    self.pos += 1;
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return self.error("template nests too deeply");
                    }
                    let inner = self.pipeline("parenthesized pipeline", false)?;
                    self.depth -= 1;
                    let fields = self.trailing_fields();
                    args.push(Arg::Pipe(Box::new(inner), fields));
                    continue;
                }
                other => return self.error(format!("unexpected {} in operand", describe(&other))),
            };
            self.pos += 1;
            // `$x.a` is lexed as one token; `.a.b` too; a field after `)` or a literal is not.
            args.push(arg);
        }
        Ok(Cmd { args })
    }

    /// `.A.B` right after a `)`: fields of the parenthesized value.
    fn trailing_fields(&mut self) -> Vec<Rc<str>> {
        match self.peek() {
            Some(Tok::Chain(f)) => {
                let fields = split_fields(f);
                self.pos += 1;
                fields
            }
            _ => Vec::new(),
        }
    }
}

fn split_fields(s: &str) -> Vec<Rc<str>> {
    s.split('.').filter(|p| !p.is_empty()).map(Rc::from).collect()
}

fn number(n: &str) -> Option<Arg> {
    let clean = n.replace('_', "");
    let (neg, digits) = match clean.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let int = if let Some(h) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = digits.strip_prefix("0o").or(digits.strip_prefix("0O")) {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = digits.strip_prefix("0b").or(digits.strip_prefix("0B")) {
        i64::from_str_radix(b, 2).ok()
    } else if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&digits[1..], 8).ok()
    } else {
        digits.parse::<i64>().ok()
    };
    if let Some(i) = int {
        return Some(Arg::Int(if neg { -i } else { i }));
    }
    let f: f64 = digits.parse().ok()?;
    // A float literal that is a whole number is still an integer constant to Go (`1e3`).
    Some(Arg::Float(if neg { -f } else { f }))
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Text(_) => "text".into(),
        Tok::Open => "\"{{\"".into(),
        Tok::Close => "\"}}\"".into(),
        Tok::Ident(s) => format!("identifier {s:?}"),
        Tok::Keyword(k) => format!("keyword {k:?}"),
        Tok::Field(f) | Tok::Chain(f) => format!("field .{f}"),
        Tok::Var(v) => format!("variable {v}"),
        Tok::Dot => "\".\"".into(),
        Tok::Str(s) => format!("string {s:?}"),
        Tok::Number(n) => format!("number {n}"),
        Tok::Bool(b) => format!("{b}"),
        Tok::Nil => "nil".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::LParen => "\"(\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Comma => "\",\"".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lines() {
        let p = parse("a: 1\n{{- if .x }}\nb: {{ .y | quote }}\n{{- end }}\nc: 3\n").unwrap();
        match &p.body[..] {
            [Node::Text { text, line: 1 }, Node::If { body: then, line: 2, .. }, Node::Text { text: c, line: 4 }] => {
                assert_eq!(&**text, "a: 1");
                assert_eq!(&**c, "\nc: 3\n");
                match &then[..] {
                    [Node::Text { text, line: 2 }, Node::Action { line: 3, pipe }] => {
                        assert_eq!(&**text, "\nb: ");
                        assert_eq!(pipe.cmds.len(), 2);
                    }
                    other => panic!("{other:?}"),
                }
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defines_comments_and_else_if() {
        let p = parse(
            "{{/* a\ncomment */}}\n{{- define \"x\" -}}\nX\n{{- end -}}\n{{ if eq .a 1 }}one{{ else if .b }}b{{ else }}other{{ end }}",
        )
        .unwrap();
        assert!(p.defines.contains_key("x"));
        assert!(
            matches!(&p.body[..], [Node::If { otherwise: Some(o), line: 6, .. }] if matches!(&o[..], [Node::If { .. }]))
        );
    }

    #[test]
    fn located_errors() {
        let e = parse("a\n{{ if .x }}\nb").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "unexpected EOF: {{if}} without {{end}}"));
        assert_eq!(parse("a\n{{ .x \n").unwrap_err().message, "unclosed action");
        assert!(parse("{{ end }}").is_err());
        assert!(parse("{{ $x := (1 }}").is_err());
    }

    #[test]
    fn a_field_after_a_parenthesis_is_its_field_only_when_attached() {
        let p = parse("{{ default (include \"x\" .) .Values.name }}{{ (index .a 0).b }}").unwrap();
        match &p.body[..] {
            [Node::Action { pipe: a, .. }, Node::Action { pipe: b, .. }] => {
                assert!(matches!(&a.cmds[0].args[..], [Arg::Ident(_), Arg::Pipe(_, f), Arg::Field(_)] if f.is_empty()));
                assert!(matches!(&b.cmds[0].args[..], [Arg::Pipe(_, f)] if f.len() == 1));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn operands() {
        let p = parse("{{ $v := index .Values \"a-b\" 0 | default (printf \"%d\" -1) }}{{ range $i, $e := $.list }}{{ $e.name }}{{ end }}").unwrap();
        assert!(matches!(&p.body[0], Node::Action { pipe, .. } if pipe.decl.len() == 1 && pipe.cmds.len() == 2));
        assert!(matches!(&p.body[1], Node::Range { pipe, .. } if pipe.decl.len() == 2));
    }
}
