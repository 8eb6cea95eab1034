//! What a secret looks like, in one place: the names that say a value is a credential
//! (`DB_PASSWORD`, `apiKey`, `STRIPE_SECRET`) rather than something about one (`SECRET_ARN`,
//! `TOKEN_TTL`), and the formats of well-known credentials (AWS keys, GitHub and Slack tokens,
//! private keys, JWTs, passwords in URLs).
//!
//! Rules read the same lists through `policies/lib/secrets.rego` (`data.rampart.lib.secrets`),
//! which a test holds to these constants word for word and name for name; the cloud adapters
//! and the masking of printed values use them from here.

use std::sync::LazyLock;

use regex::Regex;

/// Words that make a name a secret's (compared with the name's lower-case words).
pub const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "apikey",
    "credential",
    "credentials",
    "privatekey",
    "accesskey",
    "secretkey",
    "authkey",
];

/// Words that, followed by `key`, make a name a secret's (`API_KEY`, `signingKey`).
pub const KEY_WORDS: &[&str] = &["api", "private", "secret", "access", "auth", "signing", "encryption", "master"];

/// Last words that say a name is about a secret, not the secret (`SECRET_ARN`, `TOKEN_TTL`).
pub const DESCRIPTIVE: &[&str] = &[
    "age",
    "algo",
    "algorithm",
    "alias",
    "arn",
    "arns",
    "audience",
    "backend",
    "bucket",
    "complexity",
    "count",
    "days",
    "dir",
    "disabled",
    "enable",
    "enabled",
    "endpoint",
    "expiration",
    "expires",
    "expiry",
    "field",
    "file",
    "format",
    "header",
    "hint",
    "host",
    "id",
    "ids",
    "interval",
    "issuer",
    "keyid",
    "keyref",
    "kms",
    "len",
    "length",
    "limit",
    "location",
    "max",
    "method",
    "min",
    "mode",
    "name",
    "names",
    "param",
    "parameter",
    "path",
    "period",
    "policy",
    "port",
    "prefix",
    "prevention",
    "provider",
    "ref",
    "region",
    "required",
    "reuse",
    "rotate",
    "rotation",
    "schedule",
    "scope",
    "scopes",
    "seconds",
    "size",
    "ssm",
    "store",
    "strategy",
    "strength",
    "suffix",
    "timeout",
    "ttl",
    "type",
    "uri",
    "url",
    "user",
    "username",
    "version",
];

/// Regex alternatives, one per well-known credential format.
pub const TOKEN_FORMATS: &[&str] = &[
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
    r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b",
    r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b",
    r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
    r"\bglpat-[A-Za-z0-9_\-]{20,}\b",
    r"\bxox[abposr]-[A-Za-z0-9\-]{10,}\b",
    r"\bsk_live_[A-Za-z0-9]{16,}\b",
    r"\bAIza[A-Za-z0-9_\-]{35}\b",
    r"hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+",
    r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
    r"(?i:\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?|https?|ftp)://[^\s:/@]+:)[^\s@/]+@",
];

/// Any of [`TOKEN_FORMATS`].
pub static TOKENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&TOKEN_FORMATS.join("|")).expect("valid token formats"));

/// Whether `value` holds a well-known credential.
pub fn has_credential(value: &str) -> bool {
    TOKENS.is_match(value)
}

/// The path of every string under `value` that holds a credential (keys and list indices),
/// for the `__credentials` of a raw document.
pub fn credential_paths(value: &serde_json::Value) -> Vec<Vec<serde_json::Value>> {
    fn visit(value: &serde_json::Value, path: &mut Vec<serde_json::Value>, out: &mut Vec<Vec<serde_json::Value>>) {
        match value {
            serde_json::Value::String(s) if has_credential(s) => out.push(path.clone()),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.into());
                    visit(item, path, out);
                    path.pop();
                }
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    path.push(k.clone().into());
                    visit(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(value, &mut Vec::new(), &mut out);
    out
}

/// The lower-case words of a name, acronyms and camelCase split: `DBPasswordArn` → `db`,
/// `password`, `arn`.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        // A new word starts at `aB` (camelCase) and at the last capital of `ABc` (an acronym
        // followed by a word: `DBPassword`).
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Words that, anywhere in a name, say it names a key kept elsewhere rather than holds a secret:
/// a KMS key is referenced by ID, ARN or alias (`LoggingBucketKMSKey`).
pub const KEY_REFERENCES: &[&str] = &["kms"];

/// The name refers to a key: a [`KEY_REFERENCES`] word, or `key` followed by `id`, `arn` or
/// `alias` anywhere (`KmsMasterKeyIdForSqs`, `signingKeyArnParam`).
fn names_a_key(words: &[String]) -> bool {
    words.iter().any(|w| KEY_REFERENCES.contains(&w.as_str()))
        || words.windows(2).any(|p| p[0] == "key" && matches!(p[1].as_str(), "id" | "arn" | "alias"))
}

/// Whether a name says its value is a secret: one of its words is a secret word (or ends with
/// one of five letters or more: `dbpassword`), or is a key word followed by `key`; and its last
/// word does not say it is about a secret, nor does any word say it names a key kept elsewhere.
pub fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    if words.last().is_none_or(|w| DESCRIPTIVE.contains(&w.as_str())) || names_a_key(&words) {
        return false;
    }
    let secret_word = |w: &str| SECRET_WORDS.iter().any(|s| w == *s || (s.len() >= 5 && w.ends_with(s)));
    words.iter().any(|w| secret_word(w))
        || words.windows(2).any(|pair| KEY_WORDS.contains(&pair[0].as_str()) && pair[1] == "key")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names and whether they are secrets': the table the Rego library is also held to.
    pub const NAMES: &[(&str, bool)] = &[
        ("DB_PASSWORD", true),
        ("dbPassword", true),
        ("DBPASSWORD", true),
        ("MYSQL_ROOT_PASSWORD", true),
        ("apiKey", true),
        ("API_KEY", true),
        ("STRIPE_SECRET", true),
        ("GITHUB_TOKEN", true),
        ("authToken", true),
        ("PRIVATE_KEY", true),
        ("db_pass", true),
        ("AuthKey", true),
        ("AWS_SECRET_ACCESS_KEY", true),
        ("DbPasswordParameter", false),
        ("SECRET_ARN", false),
        ("TOKEN_TTL", false),
        ("PASSWORD_MIN_LENGTH", false),
        ("PASSWORD_FILE", false),
        ("KMS_KEY_ID", false),
        ("KmsMasterKeyIdForSqs", false),
        ("SecretsManagerDomainCredentialsSecretsKMSKey", false),
        ("signingKeyArnParam", false),
        ("SIGNING_KEY", true),
        ("DB_HOST", false),
        ("KEY", false),
        ("LOG_LEVEL", false),
        ("compass", false),
        ("passport", false),
        ("bypass_cache", false),
        ("", false),
    ];

    #[test]
    fn names() {
        for (name, secret) in NAMES {
            assert_eq!(is_secret_name(name), *secret, "{name}: {:?}", words(name));
        }
        assert_eq!(words("DBPasswordArn"), ["db", "password", "arn"]);
        assert_eq!(words("aws_secret-access.KEY"), ["aws", "secret", "access", "key"]);
    }

    /// The Rego library has the same lists and gives the same answers.
    #[test]
    fn the_rego_library_agrees() {
        let source = crate::policy::builtin_sources()
            .into_iter()
            .find(|s| s.rel == "lib/secrets.rego")
            .expect("policies/lib/secrets.rego is built in");
        let mut engine = regorus::Engine::new();
        engine.add_policy("secrets.rego".into(), source.text.to_string()).unwrap();
        let mut eval = |query: &str| -> serde_json::Value {
            let results = engine.eval_query(query.to_string(), false).unwrap();
            let value = results.result.first().and_then(|r| r.expressions.first()).map(|e| e.value.clone());
            value.map_or(serde_json::Value::Null, |v| serde_json::to_value(v).unwrap())
        };
        for (name, list) in [
            ("secret_words", SECRET_WORDS),
            ("key_words", KEY_WORDS),
            ("descriptive", DESCRIPTIVE),
            ("key_references", KEY_REFERENCES),
        ] {
            let mut rego: Vec<String> =
                serde_json::from_value(eval(&format!("data.rampart.lib.secrets.{name}"))).unwrap();
            let mut rust: Vec<String> = list.iter().map(|w| w.to_string()).collect();
            rego.sort();
            rust.sort();
            assert_eq!(rego, rust, "{name} differs between policies/lib/secrets.rego and secrets.rs");
        }
        let rego_formats: Vec<String> = serde_json::from_value(eval("data.rampart.lib.secrets.token_formats")).unwrap();
        let rust_formats: Vec<String> = TOKEN_FORMATS.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            rego_formats, rust_formats,
            "token_formats differs between policies/lib/secrets.rego and secrets.rs"
        );
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_0123456789abcdefghijABCDEFGHIJ012345",
            "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----",
            "postgres://app:hunter2@db:5432/app",
            "https://auth.example.com",
            "hunter2",
        ] {
            let rego =
                eval(&format!("data.rampart.lib.secrets.credential({value:?})")) == serde_json::Value::Bool(true);
            assert_eq!(rego, has_credential(value), "credential({value:?})");
        }
        for (name, secret) in NAMES {
            let rego =
                eval(&format!("data.rampart.lib.secrets.secret_name({name:?})")) == serde_json::Value::Bool(true);
            assert_eq!(rego, *secret, "Rego on {name}");
            let words: Vec<String> =
                serde_json::from_value(eval(&format!("data.rampart.lib.secrets.words({name:?})"))).unwrap();
            assert_eq!(words, super::words(name), "words of {name}");
        }
    }

    #[test]
    fn credentials() {
        assert!(has_credential("key AKIAIOSFODNN7EXAMPLE here"));
        assert!(has_credential("https://hooks.slack.com/services/T000/B000/XXXXXXXX"));
        assert!(has_credential("postgres://app:hunter2@db:5432/app"));
        assert!(!has_credential("https://auth.example.com"));
    }
}
