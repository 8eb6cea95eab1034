//! Dockerfiles: a small line-based parser of our own.
//!
//! The crates that exist either lose line numbers or fail on BuildKit heredocs (`RUN <<EOF`),
//! both of which real Dockerfiles need. This parser follows the Dockerfile reference: parser
//! directives, the escape character, line continuations (with comment lines inside them),
//! heredocs, exec and shell forms, and `ARG` substitution in `FROM`. It never fails on a bad
//! line: it reports it with its line and goes on.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde_json::{json, Value as Json};

use super::{Input, Output};
use crate::diagnostic::Diagnostic;
use crate::document::{Aliases, Document, Model, SourceMap, Span, SpanMap};
use crate::ignores::InlineIgnores;

const KNOWN: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];
const FLAGGED: &[&str] = &["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"];
const EXEC_CAPABLE: &[&str] = &["RUN", "CMD", "ENTRYPOINT", "SHELL", "VOLUME", "COPY", "ADD"];

static DIRECTIVE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$").expect("valid regex"));
static HEREDOC_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)["']?"#).expect("valid regex"));
static VAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)").expect("valid regex")
});

/// A parse problem: 1-based line and what was expected.
pub type Problem = (u32, String);

#[derive(Debug)]
pub struct Parsed {
    pub input: Json,
    pub spans: SpanMap,
    /// Stable names: a stage by its `AS` name, an instruction by its text (and occurrence).
    pub aliases: Aliases,
    pub problems: Vec<Problem>,
}

struct Instruction {
    cmd: String,
    rest: String,
    original: String,
    heredocs: Vec<(String, String)>,
    start: u32,
    end: u32,
}

/// Parse a Dockerfile. `Err` only when there is nothing to evaluate (no `FROM`).
pub fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut problems = Vec::new();

    let mut directives = serde_json::Map::new();
    for line in &lines {
        let Some(caps) = DIRECTIVE_RE.captures(line.trim()) else { break };
        let name = caps[1].to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") || directives.contains_key(&name) {
            break;
        }
        directives.insert(name, Json::String(caps[2].to_string()));
    }
    let escape = match directives.get("escape").and_then(Json::as_str) {
        Some("`") => '`',
        Some("\\") | None => '\\',
        Some(other) => {
            problems.push((1, format!("invalid escape directive {other:?}: expected \\ or `")));
            '\\'
        }
    };

    let instructions = split_instructions(&lines, escape, &mut problems);

    let mut global_args: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut stages: Vec<Json> = Vec::new();
    let mut stage_names: Vec<String> = Vec::new();
    let mut spans = SpanMap::default();
    let mut aliases = Aliases::new();
    let mut seen_in_stage: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let last_line = lines.len().max(1) as u32;
    spans.insert(String::new(), Span::new(1, last_line));

    for ins in instructions {
        if !KNOWN.contains(&ins.cmd.as_str()) {
            problems
                .push((ins.start, format!("unknown instruction {:?}: expected one of {}", ins.cmd, KNOWN.join(", "))));
            continue;
        }
        if ins.cmd == "FROM" {
            let index = stages.len();
            let (flags, rest) = take_flags(&ins.rest);
            let tokens: Vec<&str> = rest.split_whitespace().collect();
            let (image_text, name) = match tokens.as_slice() {
                [image] => (image.to_string(), None),
                [image, as_kw, name] if as_kw.eq_ignore_ascii_case("as") => (image.to_string(), Some(name.to_string())),
                _ => {
                    problems.push((ins.start, "malformed FROM: expected `FROM [--platform=…] IMAGE [AS NAME]`".into()));
                    (tokens.first().map(|s| s.to_string()).unwrap_or_default(), None)
                }
            };
            let platform = flags.iter().find_map(|f| f.strip_prefix("--platform=")).map(str::to_string);
            let from = from_json(&ins, &image_text, platform, &global_args, &stage_names);
            stage_names.push(name.clone().unwrap_or_default().to_ascii_lowercase());
            if let Some(name) = &name {
                aliases.insert(format!("/stages/{index}"), format!("stage={}", name.to_ascii_lowercase()));
            }
            seen_in_stage.clear();
            spans.insert(format!("/stages/{index}"), Span::new(ins.start, ins.end));
            spans.insert(format!("/stages/{index}/from"), Span::new(ins.start, ins.end));
            stages.push(json!({"index": index, "name": name, "from": from, "instructions": []}));
            continue;
        }
        let index = stages.len().wrapping_sub(1);
        let Some(stage) = stages.last_mut() else {
            if ins.cmd == "ARG" {
                for (k, v) in parse_pairs(&ins.rest, false) {
                    let mut pointer = String::from("/args/");
                    crate::document::escape_pointer_segment(&k, &mut pointer);
                    spans.insert(pointer, Span::new(ins.start, ins.end));
                    global_args.insert(k, v);
                }
            } else {
                problems.push((ins.start, format!("{} before the first FROM: only ARG may come first", ins.cmd)));
            }
            continue;
        };
        let list = stage["instructions"].as_array_mut().expect("instructions is an array");
        let j = list.len();
        spans.insert(format!("/stages/{index}/instructions/{j}"), Span::new(ins.start, ins.end));
        let n = seen_in_stage.entry(ins.original.clone()).or_default();
        *n += 1;
        aliases.insert(format!("/stages/{index}/instructions/{j}"), format!("{}#{n}", ins.original));
        if let Some(span) = spans.get_mut(&format!("/stages/{index}")) {
            span.end = span.end.max(ins.end);
        }
        list.push(instruction_json(&ins));
    }

    if stages.is_empty() {
        problems.push((1, "no FROM instruction: not a Dockerfile, or an empty one".into()));
        return Err(problems);
    }
    let args: serde_json::Map<String, Json> =
        global_args.into_iter().map(|(k, v)| (k, v.map(Json::String).unwrap_or(Json::Null))).collect();
    Ok(Parsed { input: json!({"args": args, "directives": directives, "stages": stages}), spans, aliases, problems })
}

/// Join continuation lines, drop comments, read heredoc bodies.
fn split_instructions(lines: &[&str], escape: char, problems: &mut Vec<Problem>) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = lines.len();
    while i < n {
        let trimmed = lines[i].trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i as u32 + 1;
        let mut logical = String::new();
        let mut end;
        loop {
            let cur = lines[i].trim_end();
            end = i as u32 + 1;
            i += 1;
            if let Some(body) = cur.strip_suffix(escape) {
                logical.push_str(body);
                // Comment and blank lines inside a continuation are skipped, as Docker does.
                while i < n && (lines[i].trim().is_empty() || lines[i].trim_start().starts_with('#')) {
                    i += 1;
                }
                if i >= n {
                    break;
                }
            } else {
                logical.push_str(cur);
                break;
            }
        }
        let logical = logical.trim().to_string();
        let (cmd, rest) = match logical.split_once(char::is_whitespace) {
            Some((cmd, rest)) => (cmd.to_ascii_uppercase(), rest.trim_start().to_string()),
            None => (logical.to_ascii_uppercase(), String::new()),
        };
        let mut heredocs = Vec::new();
        if matches!(cmd.as_str(), "RUN" | "COPY" | "ADD") {
            for (strip_tabs, name) in heredoc_markers(&rest) {
                let mut body = Vec::new();
                let mut closed = false;
                while i < n {
                    let line = lines[i];
                    i += 1;
                    let candidate = if strip_tabs { line.trim_start_matches('\t') } else { line };
                    if candidate.trim_end() == name {
                        closed = true;
                        break;
                    }
                    body.push(candidate);
                }
                end = i as u32;
                if !closed {
                    problems.push((start, format!("heredoc <<{name} is never closed: expected a line `{name}`")));
                }
                heredocs.push((name, body.join("\n")));
            }
        }
        out.push(Instruction { original: logical.clone(), cmd, rest, heredocs, start, end });
    }
    out
}

fn heredoc_markers(rest: &str) -> Vec<(bool, String)> {
    let bytes = rest.as_bytes();
    HEREDOC_RE
        .captures_iter(rest)
        .filter(|c| {
            let m = c.get(0).expect("whole match");
            // `<<<` is a here-string, not a heredoc.
            let before = m.start().checked_sub(1).map(|p| bytes[p]);
            before != Some(b'<') && bytes.get(m.start() + 2) != Some(&b'<')
        })
        .map(|c| (&c[1] == "-", c[3].to_string()))
        .collect()
}

fn take_flags(rest: &str) -> (Vec<String>, String) {
    let mut flags = Vec::new();
    let mut rest = rest.trim_start();
    while rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        flags.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    (flags, rest.to_string())
}

fn instruction_json(ins: &Instruction) -> Json {
    let (flags, rest) =
        if FLAGGED.contains(&ins.cmd.as_str()) { take_flags(&ins.rest) } else { (Vec::new(), ins.rest.clone()) };
    let exec_args = if EXEC_CAPABLE.contains(&ins.cmd.as_str()) && rest.starts_with('[') {
        serde_json::from_str::<Vec<String>>(&rest).ok()
    } else {
        None
    };
    let exec = exec_args.is_some();
    let (mut value, args) = match exec_args {
        Some(args) => (args.join(" "), args),
        None => (rest.clone(), rest.split_whitespace().map(str::to_string).collect()),
    };
    for (_, body) in &ins.heredocs {
        value.push('\n');
        value.push_str(body);
    }
    let pairs: Vec<Json> = match ins.cmd.as_str() {
        "ENV" | "LABEL" => parse_pairs(&rest, ins.cmd == "ENV"),
        "ARG" => parse_pairs(&rest, false),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|(k, v)| json!({"key": k, "value": v}))
    .collect();
    let heredocs: Vec<Json> = ins.heredocs.iter().map(|(n, b)| json!({"name": n, "body": b})).collect();
    json!({
        "cmd": ins.cmd,
        "flags": flags,
        "value": value,
        "exec": exec,
        "args": args,
        "pairs": pairs,
        "heredocs": heredocs,
        "original": ins.original,
    })
}

/// `KEY=value "K 2"="v 2"`, or the legacy `ENV KEY value with spaces`.
fn parse_pairs(rest: &str, legacy_env: bool) -> Vec<(String, Option<String>)> {
    let tokens = shell_words(rest);
    if legacy_env && tokens.first().is_some_and(|t| !t.contains('=')) {
        let (key, value) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
        return vec![(key.to_string(), Some(unquote(value.trim())))];
    }
    tokens
        .into_iter()
        .map(|t| match t.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (t, None),
        })
        .collect()
}

fn unquote(s: &str) -> String {
    shell_words(s).join(" ")
}

/// Split on white space outside quotes, removing the quotes.
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                if let Some(next) = chars.next() {
                    cur.push(next);
                }
                in_word = true;
            }
            (_, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

fn from_json(
    ins: &Instruction,
    image_text: &str,
    platform: Option<String>,
    args: &BTreeMap<String, Option<String>>,
    stage_names: &[String],
) -> Json {
    let raw = ins.rest.clone();
    let Some(resolved) = substitute(image_text, args) else {
        return json!({"raw": raw, "image": null, "tag": null, "digest": null, "platform": platform,
                      "stage": false, "scratch": false, "resolved": false});
    };
    let (name, digest) = match resolved.split_once('@') {
        Some((n, d)) => (n.to_string(), Some(d.to_string())),
        None => (resolved.clone(), None),
    };
    let slash = name.rfind('/').map(|p| p + 1).unwrap_or(0);
    let (image, tag) = match name[slash..].rfind(':') {
        Some(p) => (name[..slash + p].to_string(), Some(name[slash + p + 1..].to_string())),
        None => (name.clone(), None),
    };
    let lower = image.to_ascii_lowercase();
    let is_stage = tag.is_none() && digest.is_none() && stage_names.iter().any(|s| !s.is_empty() && *s == lower);
    json!({
        "raw": raw,
        "image": image,
        "tag": tag,
        "digest": digest,
        "platform": platform,
        "stage": is_stage,
        "scratch": lower == "scratch",
        "resolved": true,
    })
}

/// Replace `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with global ARG values;
/// `None` when a variable has no value.
fn substitute(text: &str, args: &BTreeMap<String, Option<String>>) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for caps in VAR_RE.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        out.push_str(&text[last..m.start()]);
        last = m.end();
        let name = caps.get(1).or(caps.get(4)).expect("a variable name").as_str();
        let value = args.get(name).cloned().flatten().filter(|v| !v.is_empty());
        let replaced = match (caps.get(2).map(|m| m.as_str()), caps.get(3).map(|m| m.as_str())) {
            (Some(":-" | "-"), Some(default)) => Some(value.unwrap_or_else(|| default.to_string())),
            (Some(":+" | "+"), Some(alt)) => Some(if value.is_some() { alt.to_string() } else { String::new() }),
            _ => value,
        };
        out.push_str(&replaced?);
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// A Dockerfile's document, and its problems as located errors.
pub fn read(input: &Input) -> Output {
    let (doc, problems) = collect(input.rel, input.text, input.ignores);
    Output {
        docs: doc.into_iter().collect(),
        diagnostics: problems.into_iter().map(|(line, msg)| Diagnostic::error(input.rel, Some(line), msg)).collect(),
        ..Default::default()
    }
}

/// Build the document for one Dockerfile, or report why there is none.
pub fn collect(file: &Arc<str>, text: &str, ignores: &Arc<InlineIgnores>) -> (Option<Document>, Vec<Problem>) {
    match parse(text) {
        Ok(parsed) => {
            let root_ref = "Dockerfile".to_string();
            let mut source_map = SourceMap::default();
            source_map.insert_entity_with_aliases(root_ref.clone(), file.clone(), parsed.spans, parsed.aliases);
            let doc = Document {
                model: Model::Dockerfile,
                file: file.clone(),
                kind: None,
                root_ref,
                input: parsed.input,
                source_map,
                ignores: ignores.clone(),
                other_ignores: Default::default(),
                annotation_ignores: Default::default(),
                context: None,
            };
            (Some(doc), parsed.problems)
        }
        Err(problems) => (None, problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_instructions_and_spans() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=golang:1.22\nFROM ${BASE} AS build\nRUN --mount=type=cache,target=/c \\\n    # a comment\n    go build \\\n    -o /app\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532\nENTRYPOINT [\"/app\", \"serve\"]\n";
        let p = parse(text).unwrap();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let s0 = &p.input["stages"][0];
        assert_eq!(s0["name"], "build");
        assert_eq!(s0["from"]["image"], "golang");
        assert_eq!(s0["from"]["tag"], "1.22");
        let run = &s0["instructions"][0];
        assert_eq!(run["flags"][0], "--mount=type=cache,target=/c");
        assert_eq!(run["value"], "go build     -o /app");
        assert_eq!(p.spans["/stages/0/instructions/0"], Span::new(4, 7));
        assert_eq!(p.spans["/stages/0"], Span::new(3, 7));
        let s1 = &p.input["stages"][1];
        assert_eq!(s1["from"]["scratch"], true);
        assert_eq!(s1["instructions"][2]["exec"], true);
        assert_eq!(s1["instructions"][2]["args"][1], "serve");
        assert_eq!(p.input["directives"]["syntax"], "docker/dockerfile:1");
        assert_eq!(p.input["args"]["BASE"], "golang:1.22");
        assert_eq!(p.spans["/args/BASE"], Span::new(2, 2));
    }

    #[test]
    fn heredocs_and_here_strings() {
        let text =
            "FROM alpine:3.20\nRUN <<EOF\napk add curl\ncurl https://x | sh\nEOF\nRUN cat <<< \"hi\"\nUSER app\n";
        let p = parse(text).unwrap();
        let ins = &p.input["stages"][0]["instructions"];
        assert_eq!(ins[0]["heredocs"][0]["name"], "EOF");
        assert!(ins[0]["value"].as_str().unwrap().contains("curl https://x | sh"));
        assert_eq!(p.spans["/stages/0/instructions/0"], Span::new(2, 5));
        assert_eq!(ins[1]["heredocs"].as_array().unwrap().len(), 0);
        assert_eq!(ins[2]["cmd"], "USER");
        assert_eq!(p.spans["/stages/0/instructions/2"], Span::new(7, 7));
    }

    #[test]
    fn env_pairs_and_stage_references() {
        let text = "FROM node:20 AS deps\nENV A=1 B=\"two words\"\nENV LEGACY some value\nARG TOKEN\nFROM deps\n";
        let p = parse(text).unwrap();
        let ins = &p.input["stages"][0]["instructions"];
        assert_eq!(ins[0]["pairs"][1], json!({"key": "B", "value": "two words"}));
        assert_eq!(ins[1]["pairs"][0], json!({"key": "LEGACY", "value": "some value"}));
        assert_eq!(ins[2]["pairs"][0], json!({"key": "TOKEN", "value": null}));
        assert_eq!(p.input["stages"][1]["from"]["stage"], true);
    }

    #[test]
    fn unresolved_args_and_registry_ports() {
        let p = parse("ARG IMG\nFROM ${IMG}\nFROM registry:5000/team/app@sha256:abc\n").unwrap();
        assert_eq!(p.input["stages"][0]["from"]["resolved"], false);
        let f = &p.input["stages"][1]["from"];
        assert_eq!(f["image"], "registry:5000/team/app");
        assert_eq!(f["tag"], Json::Null);
        assert_eq!(f["digest"], "sha256:abc");
    }

    #[test]
    fn escape_directive_and_errors_are_located() {
        let p = parse("# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  c:\\\nBOGUS x\n").unwrap();
        assert_eq!(p.input["stages"][0]["instructions"][0]["value"], "dir   c:\\");
        assert_eq!(p.problems[0].0, 5);
        assert!(parse("").is_err());
        assert!(parse("RUN x\n").unwrap_err()[0].1.contains("before the first FROM"));
    }
}
