//! Secret-looking values are masked in everything Rampart prints about scanned files.
//!
//! Reports travel further than the repository: SARIF is uploaded to code scanning, tables land
//! in CI logs that a fork's pull request can read. A rule that quotes a value (a custom policy's
//! `sprintf("%v", [value])`, a parser error that echoes its line) must not turn a committed
//! credential into a published one. So finding messages and diagnostics go through [`mask`]:
//! well-known token shapes are masked wherever they appear, and any value assigned to a
//! secret-sounding name (`password=…`, `"api_key": "…"`) is masked too. A masked value keeps
//! at most four leading characters, enough to recognise `AKIA…` or `ghp_…`, and never its
//! length.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::secrets::TOKENS;

/// `NAME = VALUE`, `NAME: VALUE`, `"NAME": "VALUE"` where NAME sounds like a secret.
static ASSIGNMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)(?P<name>\b[A-Za-z0-9_.\-]*(?:password|passwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key)s?(?:[_\-]?(?:key|value|string))?\b)"#,
        r#"(?P<sep>["']?\s*(?:=|:)\s*)"#,
        r#"(?P<value>"[^"\s]{4,}"|'[^'\s]{4,}'|[^\s"',;)\]}]{4,})"#,
    ))
    .expect("valid assignment pattern")
});

/// Whether [`ASSIGNMENTS`] can match `text`: a secret-sounding word, then more name
/// characters, an optional quote, blanks and `=` or `:` (`automountServiceAccountToken is
/// false` says "token" but assigns nothing). Unicode case folding matches `K` (Kelvin) for
/// `k`, so text that is not ASCII always goes to the regex.
fn may_assign_secret(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    NAME_MARKERS.iter().any(|marker| {
        lower.match_indices(marker).any(|(at, _)| {
            let mut i = at + marker.len();
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b"_.-".contains(&b[i])) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                i += 1;
            }
            // `\s`: the ASCII blanks, vertical tab included.
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == 0x0b) {
                i += 1;
            }
            i < b.len() && (b[i] == b'=' || b[i] == b':')
        })
    })
}

/// A literal every [`TOKENS`] alternative (`secrets::TOKEN_FORMATS`) contains.
const TOKEN_MARKERS: &[&str] = &[
    "-----BEGIN ",
    "AKIA",
    "ASIA",
    "AGPA",
    "AIDA",
    "AROA",
    "ANPA",
    "ANVA",
    "AIPA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xox",
    "sk_live_",
    "AIza",
    "eyJ",
    "://",
    "hooks.slack.com/",
];

/// The secret-sounding words one of which every [`ASSIGNMENTS`] name contains (lower case).
const NAME_MARKERS: &[&str] = &["passw", "secret", "token", "key"];

/// `text` with secret-looking values masked (borrowed when there is none, the usual case).
///
/// Most messages hold neither a token nor a secret-sounding name, and building the two
/// regexes costs more than evaluating a document (about 10 million instructions, a quarter of
/// a single-file scan): a literal check that no match can be missing from goes first.
pub fn mask(text: &str) -> Cow<'_, str> {
    mask_checked(text, true)
}

fn mask_checked(text: &str, precheck: bool) -> Cow<'_, str> {
    let tokens = if !precheck || TOKEN_MARKERS.iter().any(|m| text.contains(m)) {
        TOKENS.replace_all(text, |c: &Captures| mask_token(&c[0]))
    } else {
        Cow::Borrowed(text)
    };
    if precheck && !may_assign_secret(&tokens) {
        return tokens;
    }
    match ASSIGNMENTS.replace_all(&tokens, |c: &Captures| {
        let value = &c["value"];
        if looks_like_placeholder(value) {
            return c[0].to_string();
        }
        format!("{}{}{}", &c["name"], &c["sep"], mask_value(value))
    }) {
        Cow::Borrowed(_) => tokens,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// As [`mask`], for an owned string (no copy when nothing is masked).
pub fn mask_owned(text: String) -> String {
    match mask(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(masked) => masked,
    }
}

fn mask_token(token: &str) -> String {
    if token.starts_with("-----BEGIN") {
        return "-----BEGIN PRIVATE KEY-----****".to_string();
    }
    if let Some(scheme) = token.find("://") {
        // Keep the scheme and the user, mask the password: `postgres://app:****@`.
        let (head, rest) = token.split_at(scheme + 3);
        let user = rest.split(':').next().unwrap_or("");
        return format!("{head}{user}:****@");
    }
    keep_prefix(token)
}

fn mask_value(value: &str) -> String {
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
    match quote {
        Some(q) => format!("{q}{}{q}", keep_prefix(&value[1..value.len() - 1])),
        None => keep_prefix(value),
    }
}

/// At most four leading characters (none of a short value), then a fixed mask.
fn keep_prefix(value: &str) -> String {
    let keep = if value.chars().count() >= 12 { 4 } else { 0 };
    let prefix: String = value.chars().take(keep).collect();
    format!("{prefix}****")
}

/// References and placeholders are not secrets: `password = var.db_password`,
/// `token: ${GITHUB_TOKEN}`, `secret: <redacted>`, `password: true`.
fn looks_like_placeholder(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    let lower = v.to_ascii_lowercase();
    v.starts_with("${")
        || v.starts_with("$(")
        || v.starts_with('$')
        || v.starts_with("{{")
        || v.starts_with('<')
        || v.starts_with("!Ref")
        || v.starts_with("arn:")
        || v.contains("****")
        || ["var.", "local.", "data.", "module.", "aws_", "random_", "each.", "self."]
            .iter()
            .any(|p| lower.starts_with(p))
        || ["true", "false", "null", "none", "required", "optional", "changeme", "redacted", "example"]
            .contains(&lower.as_str())
        || lower.ends_with("secretkeyref")
        || lower.ends_with("secretref")
        || v.chars().all(|c| c.is_ascii_digit())
}

/// `text` on one line, with nothing that a terminal or a log reader interprets: control
/// characters (newlines and escape sequences included) and bidirectional-text controls (a
/// "Trojan Source" file name) become `?`.
pub fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() || is_bidi_control(c) { '?' } else { c }).collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn well_known_tokens_are_masked_anywhere() {
        let m = mask("key AKIAIOSFODNN7EXAMPLE in ENV and ghp_0123456789abcdefghijABCDEFGHIJ012345 too");
        assert_eq!(m, "key AKIA**** in ENV and ghp_**** too");
        let m = mask("url postgres://app:s3cr3t-pw@db.internal:5432/app");
        assert_eq!(m, "url postgres://app:****@db.internal:5432/app");
        let m = mask("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- rest");
        assert_eq!(m, "-----BEGIN PRIVATE KEY-----**** rest");
        let m =
            mask("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
        assert_eq!(m, "token eyJh****");
    }

    #[test]
    fn values_of_secret_names_are_masked() {
        assert_eq!(mask("ENV DB_PASSWORD=hunter2hunter2"), "ENV DB_PASSWORD=hunt****");
        assert_eq!(mask(r#"{"api_key": "abcd1234efgh5678"}"#), r#"{"api_key": "abcd****"}"#);
        assert_eq!(mask("secret: short1"), "secret: ****");
        assert_eq!(
            mask("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "aws_secret_access_key = wJal****"
        );
    }

    /// The literal pre-check must never hide a match: each alternative of the two patterns,
    /// in any case the pattern accepts, still gets masked.
    #[test]
    fn the_literal_check_lets_every_pattern_through() {
        for (text, masked) in [
            ("ASIAIOSFODNN7EXAMPLE", "ASIA****"),
            ("gho_0123456789abcdefghijABCDEFGHIJ012345", "gho_****"),
            ("github_pat_0123456789abcdefghijAB", "gith****"),
            ("glpat-0123456789abcdefghij", "glpa****"),
            ("xoxb-0123456789-abcdef", "xoxb****"),
            ("sk_live_0123456789abcdef", "sk_l****"),
            ("AIza0123456789abcdefghijABCDEFGHIJ01234", "AIza****"),
            ("MONGODB+SRV://app:pw@db", "MONGODB+SRV://app:****@db"),
            ("DB_PASSWD: hunter22", "DB_PASSWD: ****"),
            ("Api-Key = hunter22", "Api-Key = ****"),
            ("PRIVATEKEY: hunter22", "PRIVATEKEY: ****"),
            ("AccessKey: hunter22", "AccessKey: ****"),
            ("MY_TOKEN=hunter22", "MY_TOKEN=****"),
            ("client_SECRETS: hunter22", "client_SECRETS: ****"),
            ("API_\u{212A}EY: hunter22", "API_\u{212A}EY: ****"),
            ("\"db_password\"\x0b= \"hunter22\"", "\"db_password\"\x0b= \"****\""),
            ("x.my_secret_key='hunter22'", "x.my_secret_key='****'"),
        ] {
            assert_eq!(mask(text), masked, "{text}");
        }
    }

    /// On every line of the bundled samples, the rules-tests cases and the policies (messages,
    /// Dockerfiles with credentials, CloudFormation parameters), with and without the check.
    #[test]
    fn the_literal_check_changes_nothing_on_real_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = 0;
        let mut masked = 0;
        let mut stack = vec![root.join("fixtures"), root.join("rules-tests"), root.join("policies")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                for line in text.lines() {
                    let full = super::mask_checked(line, false);
                    assert_eq!(mask(line), full, "{}: {line}", path.display());
                    lines += 1;
                    masked += usize::from(full != line);
                }
            }
        }
        assert!(lines > 10_000 && masked > 10, "{lines} lines, {masked} masked");
    }

    #[test]
    fn references_and_prose_are_left_alone() {
        for text in [
            "password = var.db_password",
            "token: ${GITHUB_TOKEN}",
            "secret: {{resolve:secretsmanager:db}}",
            "environment variable DB_PASSWORD holds a literal secret; move it to Secrets Manager",
            "container \"app\" sets API_TOKEN as a literal value; reference a Secret",
            "password: true",
            "rule AWS-IAM-019 (builtin:aws/iam/root_access_keys.rego) on account 123456789012",
            "role app allows secretsmanager:GetSecretValue and kms:Decrypt on *",
            "auth_type: NONE, token_endpoint_auth_method: client_secret_basic",
            "Pod web: automountServiceAccountToken is not false; the token is mounted",
        ] {
            assert_eq!(mask(text), text);
        }
    }
}
