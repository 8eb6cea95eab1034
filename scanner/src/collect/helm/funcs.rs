//! The functions a Helm template calls: Go's template builtins, Sprig's library and Helm's own,
//! over [`Value`]s.
//!
//! A chart's output is mostly these functions' output (`toYaml`, `quote`, `default`, `printf`),
//! so a rendering is only as faithful as they are: each one follows what the Go code does,
//! quirks included (`merge` replaces a key whose value is empty, `toYaml` folds long strings
//! at 80 columns as yaml.v2 does, `printf "%d"` of a float prints `%!d(float64=1)`), because
//! the rendered manifest is what the rules judge.
//!
//! It departs from Helm only where Helm's result cannot be had, or should not be, at scan time:
//! nothing here reads the clock, the network, the environment or a random source, so a chart
//! renders the same bytes on every run. Those functions (`now`, `randAlphaNum`, `uuidv4`,
//! `genCA`, `lookup`, ...) return fixed values, each noted where it is defined. And a `nil` given
//! where Go wants a string or an int reads as `""` or `0` instead of failing the template: a
//! chart's default values often leave unset what every real install sets.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use regex::{Regex, RegexBuilder};
use sha1::Digest as _;

use super::value::{format_float, Map, Object, Value};

pub type Func = fn(&[Value]) -> Result<Value, String>;

type Res = Result<Value, String>;

/// Output no function may grow past (`repeat`, `indent`, padding): a template must not be able
/// to exhaust memory with one call.
const MAX_OUTPUT: usize = 10 << 20;
/// Items no generated list may exceed (`until`, `seq`).
const MAX_ITEMS: usize = 1_000_000;
/// What `now` returns: a fixed instant (2026-01-01T00:00:00Z, in Unix seconds), so that
/// rendering does not depend on the day it runs.
const NOW_UNIX: i64 = 1_767_225_600;

/// The function called `name` in a Helm template, if any.
///
/// The executor itself handles `and`, `or`, `include`, `tpl`, `template` and `call`; `env` and
/// `expandenv` are not here because Helm removes them from Sprig's map.
pub fn lookup(name: &str) -> Option<Func> {
    let f: Func = match name {
        // Go's text/template builtins.
        "not" => not,
        "len" => len,
        "index" => index,
        "print" => print,
        "printf" => printf,
        "println" => println,
        "html" => html,
        "js" => js,
        "urlquery" => urlquery,
        "eq" => eq,
        "ne" => ne,
        "lt" => lt,
        "le" => le,
        "gt" => gt,
        "ge" => ge,
        // Sprig: strings.
        "trim" => trim,
        "trimAll" | "trimall" => trim_all,
        "trimPrefix" => trim_prefix,
        "trimSuffix" => trim_suffix,
        "upper" => upper,
        "lower" => lower,
        "title" => title,
        "untitle" => untitle,
        "repeat" => repeat,
        "substr" => substr,
        "nospace" => nospace,
        "trunc" => trunc,
        "abbrev" => abbrev,
        "abbrevboth" => abbrevboth,
        "initials" => initials,
        "wrap" => wrap,
        "wrapWith" => wrap_with,
        "contains" => contains,
        "hasPrefix" => has_prefix,
        "hasSuffix" => has_suffix,
        "quote" => quote,
        "squote" => squote,
        "cat" => cat,
        "indent" => indent,
        "nindent" => nindent,
        "replace" => replace,
        "plural" => plural,
        "snakecase" => snakecase,
        "camelcase" => camelcase,
        "kebabcase" => kebabcase,
        "swapcase" => swapcase,
        "shuffle" => shuffle,
        "randAlphaNum" | "randAlpha" | "randAscii" => rand_alpha,
        "randNumeric" => rand_numeric,
        "hello" => |_| Ok(Value::str("Hello!")),
        // Sprig: regular expressions (the must* forms fail the same way: Sprig's plain forms panic).
        "regexMatch" | "mustRegexMatch" => regex_match,
        "regexFindAll" | "mustRegexFindAll" => regex_find_all,
        "regexFind" | "mustRegexFind" => regex_find,
        "regexReplaceAll" | "mustRegexReplaceAll" => regex_replace_all,
        "regexReplaceAllLiteral" | "mustRegexReplaceAllLiteral" => regex_replace_all_literal,
        "regexSplit" | "mustRegexSplit" => regex_split,
        "regexQuoteMeta" => regex_quote_meta,
        // Sprig: conversions and string lists.
        "toString" => to_string,
        "toStrings" => to_strings,
        "atoi" => atoi,
        "int" | "int64" => int,
        "float64" => float64,
        "toDecimal" => to_decimal,
        "split" => split,
        "splitList" => split_list,
        "splitn" => splitn,
        "join" => join,
        "sortAlpha" => sort_alpha,
        // Sprig: math.
        "add" => add,
        "add1" => add1,
        "sub" => sub,
        "div" => div,
        "mod" => modulo,
        "mul" => mul,
        "max" | "biggest" => max,
        "min" => min,
        "floor" => floor,
        "ceil" => ceil,
        "round" => round,
        "addf" => addf,
        "add1f" => add1f,
        "subf" => subf,
        "divf" => divf,
        "mulf" => mulf,
        "maxf" => maxf,
        "minf" => minf,
        "seq" => seq,
        "until" => until,
        "untilStep" => until_step,
        "randInt" => rand_int,
        // Sprig: lists.
        "list" | "tuple" => |a| Ok(Value::from(a.to_vec())),
        "first" | "mustFirst" => first,
        "rest" | "mustRest" => rest,
        "last" | "mustLast" => last,
        "initial" | "mustInitial" => initial,
        "append" | "push" | "mustAppend" | "mustPush" => append,
        "prepend" | "mustPrepend" => prepend,
        "concat" => concat,
        "reverse" | "mustReverse" => reverse,
        "uniq" | "mustUniq" => uniq,
        "without" | "mustWithout" => without,
        "has" | "mustHas" => has,
        "compact" | "mustCompact" => compact,
        // Sprig's `slice` replaces Go's builtin in Helm's function map.
        "slice" | "mustSlice" => slice,
        "chunk" | "mustChunk" => chunk,
        // Sprig: dicts.
        "dict" => dict,
        "get" => get,
        "set" => set,
        "unset" => unset,
        "hasKey" => has_key,
        "pluck" => pluck,
        "dig" => dig,
        "merge" | "mustMerge" => merge,
        "mergeOverwrite" | "mustMergeOverwrite" => merge_overwrite,
        "keys" => keys,
        "values" => values,
        "pick" => pick,
        "omit" => omit,
        "deepCopy" | "mustDeepCopy" => deep_copy,
        // Sprig: types and flow.
        "typeOf" => type_of,
        "kindOf" => kind_of,
        "typeIs" => type_is,
        "kindIs" => kind_is,
        "typeIsLike" => type_is_like,
        "deepEqual" => deep_equal_fn,
        "default" => default,
        "empty" => empty,
        "coalesce" => coalesce,
        "all" => all,
        "any" => any,
        "ternary" => ternary,
        "fail" => fail,
        // Helm.
        "required" => required,
        "lookup" => helm_lookup,
        // Encodings.
        "b64enc" => b64enc,
        "b64dec" => b64dec,
        "b32enc" => b32enc,
        "b32dec" => b32dec,
        "toJson" => to_json,
        "mustToJson" => must_to_json,
        "toPrettyJson" => to_pretty_json,
        "mustToPrettyJson" => must_to_pretty_json,
        "toRawJson" => to_raw_json,
        "mustToRawJson" => must_to_raw_json,
        "fromJson" => from_json,
        "fromJsonArray" => from_json_array,
        "mustFromJson" => must_from_json,
        "toYaml" => to_yaml_fn,
        "mustToYaml" => must_to_yaml,
        "toYamlPretty" => to_yaml_pretty,
        "fromYaml" => from_yaml,
        "fromYamlArray" => from_yaml_array,
        "toToml" => to_toml,
        // Hashes.
        "sha1sum" => sha1sum,
        "sha256sum" => sha256sum,
        "sha512sum" => sha512sum,
        "md5sum" => md5sum,
        "adler32sum" => adler32sum,
        // Secrets and randomness: fixed placeholders, so the rendering is reproducible.
        "htpasswd" => htpasswd,
        "bcrypt" => bcrypt,
        "genPrivateKey" => gen_private_key,
        "genCA"
        | "genCAWithKey"
        | "genSelfSignedCert"
        | "genSelfSignedCertWithKey"
        | "genSignedCert"
        | "genSignedCertWithKey" => gen_cert,
        "buildCustomCert" => build_custom_cert,
        "derivePassword" => derive_password,
        "encryptAES" => encrypt_aes,
        "decryptAES" => decrypt_aes,
        "uuidv4" => |_| Ok(Value::str("00000000-0000-4000-8000-000000000000")),
        "randBytes" => rand_bytes,
        "getHostByName" => |_| Ok(Value::str("127.0.0.1")),
        // Dates, against a fixed `now`.
        "now" => |_| Ok(time_value(NOW_UNIX, 0)),
        "date" => date,
        "dateInZone" | "date_in_zone" => date_in_zone,
        "htmlDate" => html_date,
        "htmlDateInZone" => html_date_in_zone,
        "unixEpoch" => unix_epoch,
        "dateModify" | "date_modify" | "mustDateModify" | "must_date_modify" => date_modify,
        "toDate" => to_date,
        "mustToDate" => must_to_date,
        "ago" => ago,
        "duration" => duration,
        "durationRound" => duration_round,
        // Versions.
        "semver" => semver,
        "semverCompare" => semver_compare,
        // URLs and paths.
        "urlParse" => url_parse,
        "urlJoin" => url_join,
        "base" | "osBase" => path_base,
        "dir" | "osDir" => path_dir,
        "ext" | "osExt" => path_ext,
        "clean" | "osClean" => path_clean,
        "isAbs" | "osIsAbs" => path_is_abs,
        _ => return None,
    };
    Some(f)
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// Exactly `N` arguments, as Go's template checks a function's arity.
fn args<'a, const N: usize>(name: &str, a: &'a [Value]) -> Result<&'a [Value; N], String> {
    a.try_into().map_err(|_| format!("wrong number of args for {name}: want {N} got {}", a.len()))
}

fn at_least(name: &str, a: &[Value], n: usize) -> Result<(), String> {
    if a.len() < n {
        return Err(format!("wrong number of args for {name}: want at least {n} got {}", a.len()));
    }
    Ok(())
}

fn between(name: &str, a: &[Value], min: usize, max: usize) -> Result<(), String> {
    if a.len() < min || a.len() > max {
        return Err(format!("wrong number of args for {name}: want {min} to {max} got {}", a.len()));
    }
    Ok(())
}

/// A Go `string` parameter (nil reads as "", see the module comment).
fn want_str(v: &Value) -> Result<&str, String> {
    match v {
        Value::Str(s) => Ok(s),
        Value::Nil => Ok(""),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// A Go `int` parameter. An integral float64 (every number in values.yaml) is accepted, which Go
/// refuses: charts pass `.Values.x` to `indent` and `trunc` and mean the number.
fn want_int(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
        Value::Nil => Ok(0),
        other => Err(format!("wrong type for value; expected int; got {}", other.type_name())),
    }
}

fn want_bool(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Nil => Ok(false),
        other => Err(format!("wrong type for value; expected bool; got {}", other.type_name())),
    }
}

fn want_map(v: &Value) -> Result<&Map, String> {
    match v {
        Value::Map(m) => Ok(m),
        other => Err(format!("wrong type for value; expected map[string]interface {{}}; got {}", other.type_name())),
    }
}

/// A list argument of a Sprig list function; `what` names the function for Sprig's message.
fn want_list<'a>(v: &'a Value, what: &str) -> Result<&'a [Value], String> {
    match v {
        Value::List(l) => Ok(l),
        other => Err(format!("Cannot {what} on type {}", go_kind_of(other))),
    }
}

fn go_kind_of(v: &Value) -> &'static str {
    match v {
        Value::Nil => "<nil>",
        other => other.kind_name(),
    }
}

/// Sprig's `strval`: `fmt.Sprintf("%v", v)` but strings as they are.
fn strval(v: &Value) -> String {
    v.to_go_string()
}

/// A non-negative count that bounds an allocation.
fn checked_len(what: &str, n: usize) -> Result<usize, String> {
    if n > MAX_OUTPUT {
        return Err(format!("{what}: result too large"));
    }
    Ok(n)
}

/// An `Object` (`.Files`, `.Capabilities.APIVersions`) as the plain map or list an encoder sees.
fn plain(v: &Value) -> Cow<'_, Value> {
    match v {
        Value::Object(o) => Cow::Owned(match &**o {
            Object::Files(files) => {
                Value::from(files.iter().map(|(k, v)| (k.clone(), Value::Str(v.clone()))).collect::<Map>())
            }
            Object::ApiVersions(versions) => Value::from(versions.iter().map(Value::str).collect::<Vec<_>>()),
        }),
        other => Cow::Borrowed(other),
    }
}

/// Sprig's `empty`: what `default` replaces.
fn is_empty(v: &Value) -> bool {
    !v.truthy()
}

/// Go's `reflect.DeepEqual` on these values: unlike `eq`, an int never equals a float64.
fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(_), Value::Float(_)) | (Value::Float(_), Value::Int(_)) => false,
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|((k1, v1), (k2, v2))| k1 == k2 && deep_equal(v1, v2))
        }
        _ => a == b,
    }
}

fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| format!("error parsing regexp: {}", e.to_string().lines().last().unwrap_or_default().trim()))
}

// ---------------------------------------------------------------------------------------------
// Go's builtins

fn not(a: &[Value]) -> Res {
    let [v] = args("not", a)?;
    Ok(Value::Bool(!v.truthy()))
}

fn len(a: &[Value]) -> Res {
    let [v] = args("len", a)?;
    let n = match v {
        Value::Str(s) => s.len(),
        Value::List(l) => l.len(),
        Value::Map(m) => m.len(),
        Value::Object(o) => match &**o {
            Object::Files(f) => f.len(),
            Object::ApiVersions(v) => v.len(),
        },
        Value::Nil => return Err("len of nil pointer".into()),
        other => return Err(format!("len of type {}", other.type_name())),
    };
    Ok(Value::Int(n as i64))
}

/// A list index; Go wants an integer, an integral float64 is accepted as in [`want_int`].
fn index_int(k: &Value) -> Result<i64, String> {
    match k {
        Value::Nil => Err("cannot index slice/array with nil".into()),
        Value::Int(_) | Value::Float(_) => {
            want_int(k).map_err(|_| format!("cannot index slice/array with type {}", k.type_name()))
        }
        other => Err(format!("cannot index slice/array with type {}", other.type_name())),
    }
}

fn index(a: &[Value]) -> Res {
    at_least("index", a, 1)?;
    let mut item = plain(&a[0]).into_owned();
    for key in &a[1..] {
        item = match (&item, key) {
            (Value::Nil, _) => return Err("index of untyped nil".into()),
            (Value::Map(m), Value::Str(k)) => m.get(&**k).cloned().unwrap_or_default(),
            (Value::Map(_), Value::Nil) => return Err("value is nil; should be of type string".into()),
            (Value::Map(_), k) => return Err(format!("value has type {}; should be string", k.type_name())),
            (Value::List(l), k) => {
                let i = index_int(k)?;
                match usize::try_from(i).ok().and_then(|i| l.get(i)) {
                    Some(v) => v.clone(),
                    None => return Err(format!("index out of range: {i}")),
                }
            }
            (Value::Str(s), k) => {
                let i = index_int(k)?;
                match usize::try_from(i).ok().and_then(|i| s.as_bytes().get(i)) {
                    Some(b) => Value::Int(i64::from(*b)),
                    None => return Err(format!("index out of range: {i}")),
                }
            }
            (other, _) => return Err(format!("can't index item of type {}", other.type_name())),
        };
        item = plain(&item).into_owned();
    }
    Ok(item)
}

/// `fmt.Sprint`: a space between operands when neither is a string.
fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in args.iter().enumerate() {
        if i > 0 && !matches!(v, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        v.write_go(&mut out);
    }
    out
}

fn print(a: &[Value]) -> Res {
    Ok(Value::str(sprint(a)))
}

fn println(a: &[Value]) -> Res {
    let mut out = String::new();
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        v.write_go(&mut out);
    }
    out.push('\n');
    Ok(Value::str(out))
}

fn printf(a: &[Value]) -> Res {
    at_least("printf", a, 1)?;
    let format = want_str(&a[0])?;
    Ok(Value::str(sprintf(format, &a[1..])))
}

/// The text `html`, `js` and `urlquery` escape: one string as it is, else `fmt.Sprint`.
fn escaper_arg(a: &[Value]) -> Cow<'_, str> {
    match a {
        [Value::Str(s)] => Cow::Borrowed(s),
        _ => Cow::Owned(sprint(a)),
    }
}

fn html(a: &[Value]) -> Res {
    let s = escaper_arg(a);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Ok(Value::str(out))
}

fn js(a: &[Value]) -> Res {
    let s = escaper_arg(a);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c if !c.is_ascii() && !is_go_print(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    Ok(Value::str(out))
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

fn urlquery(a: &[Value]) -> Res {
    Ok(Value::str(query_escape(&escaper_arg(a))))
}

/// Go's `eq` on two operands. An int equals a float64 of the same value here, which Go refuses
/// ("incompatible types"): values.yaml numbers are float64 and template literals are ints, so
/// `eq .Values.replicas 1` would otherwise fail. Lists and maps compare deeply where Go fails.
fn equal(x: &Value, y: &Value) -> Result<bool, String> {
    match (x, y) {
        (Value::Nil, _) | (_, Value::Nil) => Ok(matches!((x, y), (Value::Nil, Value::Nil))),
        (Value::Bool(_), Value::Bool(_))
        | (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_))
        | (Value::Str(_), Value::Str(_)) => Ok(x == y),
        (Value::List(_) | Value::Map(_) | Value::Object(_), Value::List(_) | Value::Map(_) | Value::Object(_)) => {
            Ok(x == y)
        }
        _ => Err("incompatible types for comparison".into()),
    }
}

fn eq(a: &[Value]) -> Res {
    if a.len() < 2 {
        return Err("missing argument for comparison".into());
    }
    for y in &a[1..] {
        if equal(&a[0], y)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn ne(a: &[Value]) -> Res {
    let [x, y] = args("ne", a)?;
    Ok(Value::Bool(!equal(x, y)?))
}

fn less(x: &Value, y: &Value) -> Result<bool, String> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => Ok(a < b),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => Ok(as_f64(x) < as_f64(y)),
        (Value::Str(a), Value::Str(b)) => Ok(a < b),
        (Value::Int(_) | Value::Float(_) | Value::Str(_), Value::Int(_) | Value::Float(_) | Value::Str(_)) => {
            Err("incompatible types for comparison".into())
        }
        _ => Err("invalid type for comparison".into()),
    }
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

fn lt(a: &[Value]) -> Res {
    let [x, y] = args("lt", a)?;
    Ok(Value::Bool(less(x, y)?))
}

fn le(a: &[Value]) -> Res {
    let [x, y] = args("le", a)?;
    Ok(Value::Bool(less(x, y)? || equal(x, y)?))
}

fn gt(a: &[Value]) -> Res {
    let [x, y] = args("gt", a)?;
    Ok(Value::Bool(!(less(x, y)? || equal(x, y)?)))
}

fn ge(a: &[Value]) -> Res {
    let [x, y] = args("ge", a)?;
    Ok(Value::Bool(!less(x, y)?))
}

// ---------------------------------------------------------------------------------------------
// fmt.Sprintf

#[derive(Default, Clone, Copy)]
struct Spec {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Width and precision above this are refused as Go refuses them (`%!(BADWIDTH)`), which also
/// keeps `%999999999d` from allocating a gigabyte.
const MAX_WIDTH: usize = 1_000_000;

/// Go's `fmt.Sprintf` for the verbs charts use, with Go's `%!verb(type=value)`,
/// `%!verb(MISSING)` and `%!(EXTRA ...)` for mismatched arguments.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let bytes = format.as_bytes();
    let mut argi = 0usize;
    let mut reordered = false;
    let mut i = 0;
    while i < bytes.len() {
        let next = format[i..].find('%').map_or(bytes.len(), |p| i + p);
        out.push_str(&format[i..next]);
        if next >= bytes.len() {
            break;
        }
        i = next + 1;
        let mut spec = Spec::default();
        while i < bytes.len() {
            match bytes[i] {
                b'#' => spec.sharp = true,
                b'0' => spec.zero = !spec.minus,
                b'+' => spec.plus = true,
                b'-' => {
                    spec.minus = true;
                    spec.zero = false;
                }
                b' ' => spec.space = true,
                _ => break,
            }
            i += 1;
        }
        // An explicit argument index, `%[2]d`.
        let mut bad_index = false;
        let mut arg_index = |i: &mut usize, argi: &mut usize| {
            if *i < bytes.len() && bytes[*i] == b'[' {
                reordered = true;
                let close = format[*i..].find(']').map(|p| *i + p);
                match close.and_then(|c| format[*i + 1..c].parse::<usize>().ok().map(|n| (c, n))) {
                    Some((c, n)) if n >= 1 && n <= args.len() => {
                        *argi = n - 1;
                        *i = c + 1;
                    }
                    _ => {
                        bad_index = true;
                        *i = close.map_or(bytes.len(), |c| c + 1);
                    }
                }
            }
        };
        arg_index(&mut i, &mut argi);
        if i < bytes.len() && bytes[i] == b'*' {
            i += 1;
            match args.get(argi) {
                Some(Value::Int(w)) if w.unsigned_abs() as usize <= MAX_WIDTH => {
                    spec.width = Some(w.unsigned_abs() as usize);
                    if *w < 0 {
                        spec.minus = true;
                        spec.zero = false;
                    }
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            argi += 1;
        } else {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i > start {
                match format[start..i].parse::<usize>() {
                    Ok(w) if w <= MAX_WIDTH => spec.width = Some(w),
                    _ => out.push_str("%!(BADWIDTH)"),
                }
            }
        }
        if i < bytes.len() && bytes[i] == b'.' {
            i += 1;
            arg_index(&mut i, &mut argi);
            if i < bytes.len() && bytes[i] == b'*' {
                i += 1;
                match args.get(argi) {
                    Some(Value::Int(p)) if *p >= 0 && (*p as usize) <= MAX_WIDTH => spec.prec = Some(*p as usize),
                    _ => out.push_str("%!(BADPREC)"),
                }
                argi += 1;
            } else {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                match format[start..i].parse::<usize>() {
                    Ok(p) if p <= MAX_WIDTH => spec.prec = Some(p),
                    Ok(_) => out.push_str("%!(BADPREC)"),
                    Err(_) => spec.prec = Some(0),
                }
            }
        }
        arg_index(&mut i, &mut argi);
        let Some(verb) = format[i..].chars().next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
            continue;
        }
        if bad_index {
            let _ = write!(out, "%!{verb}(BADINDEX)");
            continue;
        }
        match args.get(argi) {
            None => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
            Some(v) => {
                fmt_value(&mut out, v, verb, &spec);
                argi += 1;
            }
        }
        if out.len() > MAX_OUTPUT {
            break;
        }
    }
    if !reordered && argi < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, v) in args[argi..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if matches!(v, Value::Nil) {
                out.push_str("<nil>");
            } else {
                out.push_str(v.type_name());
                out.push('=');
                v.write_go(&mut out);
            }
        }
        out.push(')');
    }
    out
}

/// Pad `s` to the spec's width (in runes), with zeros when asked and not left-justified.
fn pad(out: &mut String, s: &str, spec: &Spec) {
    let n = s.chars().count();
    let width = spec.width.unwrap_or(0);
    if n >= width {
        out.push_str(s);
        return;
    }
    let fill = if spec.zero && !spec.minus { '0' } else { ' ' };
    if spec.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', width - n));
    } else {
        out.extend(std::iter::repeat_n(fill, width - n));
        out.push_str(s);
    }
}

fn bad_verb(out: &mut String, v: &Value, verb: char, spec: &Spec) {
    let _ = write!(out, "%!{verb}(");
    if matches!(v, Value::Nil) {
        out.push_str("<nil>");
    } else {
        out.push_str(v.type_name());
        out.push('=');
        fmt_value(out, v, 'v', spec);
    }
    out.push(')');
}

fn fmt_value(out: &mut String, v: &Value, verb: char, spec: &Spec) {
    if verb == 'T' {
        pad(out, v.type_name(), spec);
        return;
    }
    if verb == 'v' && spec.sharp {
        pad(out, &go_syntax(v), spec);
        return;
    }
    match v {
        Value::Nil => match verb {
            'v' => pad(out, "<nil>", spec),
            _ => bad_verb(out, v, verb, spec),
        },
        Value::Bool(b) => match verb {
            'v' | 't' => pad(out, if *b { "true" } else { "false" }, spec),
            _ => bad_verb(out, v, verb, spec),
        },
        Value::Int(n) => fmt_int(out, v, *n, verb, spec),
        Value::Float(f) => fmt_float(out, v, *f, verb, spec),
        Value::Str(s) => fmt_str(out, v, s, verb, spec),
        Value::List(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                fmt_value(out, item, verb, spec);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push_str("map[");
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                fmt_str(out, v, key, verb, spec);
                out.push(':');
                fmt_value(out, item, verb, spec);
            }
            out.push(']');
        }
        Value::Object(_) => match verb {
            'v' | 's' => pad(out, &v.to_go_string(), spec),
            _ => bad_verb(out, v, verb, spec),
        },
    }
}

/// `%#v`: Go syntax, for the shapes values take.
fn go_syntax(v: &Value) -> String {
    match v {
        Value::Nil => "interface {}(nil)".into(),
        Value::Str(s) => go_quote(s, false),
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(go_syntax).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        Value::Map(map) => {
            let inner: Vec<String> =
                map.iter().map(|(k, v)| format!("{}:{}", go_quote(k, false), go_syntax(v))).collect();
            format!("map[string]interface {{}}{{{}}}", inner.join(", "))
        }
        other => other.to_go_string(),
    }
}

fn fmt_int(out: &mut String, v: &Value, n: i64, verb: char, spec: &Spec) {
    let (base, upper) = match verb {
        'v' | 'd' => (10, false),
        'b' => (2, false),
        'o' | 'O' => (8, false),
        'x' => (16, false),
        'X' => (16, true),
        'c' => {
            let c = u32::try_from(n).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            pad(out, c.encode_utf8(&mut [0; 4]), spec);
            return;
        }
        'q' => {
            let c = u32::try_from(n).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            pad(out, &quote_rune(c), spec);
            return;
        }
        'U' => {
            let mut s = format!("U+{:04X}", n);
            if spec.sharp {
                if let Some(c) = u32::try_from(n).ok().and_then(char::from_u32).filter(|c| is_go_print(*c)) {
                    let _ = write!(s, " '{c}'");
                }
            }
            pad(out, &s, spec);
            return;
        }
        _ => {
            bad_verb(out, v, verb, spec);
            return;
        }
    };
    let u = n.unsigned_abs();
    let mut digits = match (base, upper) {
        (2, _) => format!("{u:b}"),
        (8, _) => format!("{u:o}"),
        (16, false) => format!("{u:x}"),
        (16, true) => format!("{u:X}"),
        _ => u.to_string(),
    };
    let sign_len = usize::from(n < 0 || spec.plus || spec.space);
    let min_digits = match spec.prec {
        Some(0) if u == 0 => {
            digits.clear();
            0
        }
        Some(p) => p,
        None if spec.zero && !spec.minus => spec.width.unwrap_or(0).saturating_sub(sign_len),
        None => 0,
    };
    if digits.len() < min_digits {
        digits = format!("{}{digits}", "0".repeat(min_digits - digits.len()));
    }
    let prefix = match base {
        8 if verb == 'O' => "0o",
        8 if spec.sharp && !digits.starts_with('0') => "0",
        16 if spec.sharp && upper => "0X",
        16 if spec.sharp => "0x",
        2 if spec.sharp => "0b",
        _ => "",
    };
    let sign = if n < 0 {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let s = format!("{sign}{prefix}{digits}");
    pad(out, &s, &Spec { zero: false, ..*spec });
}

fn fmt_float(out: &mut String, v: &Value, f: f64, verb: char, spec: &Spec) {
    let body = match verb {
        'v' => format_g(f.abs(), None, false),
        'g' | 'G' => format_g(f.abs(), spec.prec, verb == 'G'),
        'e' | 'E' => format_e(f.abs(), spec.prec.unwrap_or(6), verb == 'E'),
        'f' | 'F' => {
            if f.is_finite() {
                format!("{:.*}", spec.prec.unwrap_or(6), f.abs())
            } else {
                format_g(f.abs(), None, false)
            }
        }
        _ => {
            bad_verb(out, v, verb, spec);
            return;
        }
    };
    let negative = f.is_sign_negative() && !f.is_nan();
    let sign = if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    if !f.is_finite() {
        let s = if f.is_nan() {
            format!(
                "{}NaN",
                if spec.plus {
                    "+"
                } else if spec.space {
                    " "
                } else {
                    ""
                }
            )
        } else {
            format!("{sign}Inf")
        };
        pad(out, &s, &Spec { zero: false, ..*spec });
        return;
    }
    let width = spec.width.unwrap_or(0);
    let n = sign.len() + body.len();
    if spec.zero && !spec.minus && width > n {
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', width - n));
        out.push_str(&body);
    } else {
        pad(out, &format!("{sign}{body}"), &Spec { zero: false, ..*spec });
    }
}

/// The decimal digits of `f` (> 0) rounded to `sig` significant digits, or the shortest digits
/// that read back as `f`, and the exponent of the first digit.
fn decimal_digits(f: f64, sig: Option<usize>) -> (String, i32) {
    let sci = match sig {
        Some(p) => format!("{:.*e}", p.saturating_sub(1), f),
        None => format!("{f:e}"),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

fn exp_suffix(exp: i32, upper: bool) -> String {
    format!("{}{}{:02}", if upper { 'E' } else { 'e' }, if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
}

/// `%e` with `prec` digits after the point.
fn format_e(f: f64, prec: usize, upper: bool) -> String {
    if !f.is_finite() {
        return format_g(f, None, false);
    }
    let s = format!("{:.*e}", prec, f);
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{mantissa}{}", exp_suffix(exp.parse().unwrap_or(0), upper))
}

/// `%g`: shortest (or `prec` significant digits), in exponent form for small and large
/// exponents as strconv decides.
fn format_g(f: f64, prec: Option<usize>, upper: bool) -> String {
    let Some(p) = prec else {
        let s = format_float(f);
        return if upper { s.to_uppercase() } else { s };
    };
    if !f.is_finite() {
        return format_float(f);
    }
    let p = p.max(1);
    if f == 0.0 {
        return "0".into();
    }
    let (digits, exp) = decimal_digits(f, Some(p));
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let nd = digits.len() as i64;
    let dp = i64::from(exp) + 1;
    let mut eprec = p as i64;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    if i64::from(exp) < -4 || i64::from(exp) >= eprec {
        let mut s = digits[..1].to_string();
        if digits.len() > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push_str(&exp_suffix(exp, upper));
        return s;
    }
    let frac = if p as i64 > dp { nd } else { p as i64 } - dp;
    format!("{:.*}", frac.max(0) as usize, f)
}

fn fmt_str(out: &mut String, v: &Value, s: &str, verb: char, spec: &Spec) {
    let truncated = |s: &str| -> String {
        match spec.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        }
    };
    match verb {
        'v' | 's' => pad(out, &truncated(s), spec),
        'q' => {
            let s = truncated(s);
            let q = if spec.sharp && can_backquote(&s) { format!("`{s}`") } else { go_quote(&s, spec.plus) };
            pad(out, &q, spec);
        }
        'x' | 'X' => {
            let bytes = s.as_bytes();
            let bytes = &bytes[..spec.prec.unwrap_or(bytes.len()).min(bytes.len())];
            let mut h = String::with_capacity(bytes.len() * 3);
            for (k, b) in bytes.iter().enumerate() {
                if spec.space && k > 0 {
                    h.push(' ');
                }
                if spec.sharp && (spec.space || k == 0) {
                    h.push_str(if verb == 'X' { "0X" } else { "0x" });
                }
                if verb == 'X' {
                    let _ = write!(h, "{b:02X}");
                } else {
                    let _ = write!(h, "{b:02x}");
                }
            }
            pad(out, &h, spec);
        }
        _ => bad_verb(out, v, verb, spec),
    }
}

/// Go's `unicode.IsPrint`, near enough: what strconv.Quote leaves unescaped.
fn is_go_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF
        | 0xF0000..=0x10FFFF | 0xE0001 | 0xE0020..=0xE007F)
}

/// Go's `strconv.Quote` (`ascii`: `strconv.QuoteToASCII`, for `%+q`).
fn go_quote(s: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        quote_char(&mut out, c, '"', ascii);
    }
    out.push('"');
    out
}

fn quote_char(out: &mut String, c: char, quote: char, ascii: bool) {
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\u{7f}' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if is_go_print(c) && (!ascii || c.is_ascii()) => out.push(c),
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    quote_char(&mut out, c, '\'', false);
    out.push('\'');
    out
}

fn can_backquote(s: &str) -> bool {
    s.chars().all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c.is_control())))
}

// ---------------------------------------------------------------------------------------------
// Sprig: strings

fn str_fn(name: &str, a: &[Value], f: impl Fn(&str) -> String) -> Res {
    let [s] = args::<1>(name, a)?;
    Ok(Value::str(f(want_str(s)?)))
}

fn trim(a: &[Value]) -> Res {
    str_fn("trim", a, |s| s.trim().to_string())
}

fn trim_all(a: &[Value]) -> Res {
    let [cutset, s] = args("trimAll", a)?;
    let cutset = want_str(cutset)?;
    Ok(Value::str(want_str(s)?.trim_matches(|c| cutset.contains(c))))
}

fn trim_prefix(a: &[Value]) -> Res {
    let [prefix, s] = args("trimPrefix", a)?;
    let s = want_str(s)?;
    Ok(Value::str(s.strip_prefix(want_str(prefix)?).unwrap_or(s)))
}

fn trim_suffix(a: &[Value]) -> Res {
    let [suffix, s] = args("trimSuffix", a)?;
    let s = want_str(s)?;
    Ok(Value::str(s.strip_suffix(want_str(suffix)?).unwrap_or(s)))
}

fn upper(a: &[Value]) -> Res {
    str_fn("upper", a, str::to_uppercase)
}

fn lower(a: &[Value]) -> Res {
    str_fn("lower", a, str::to_lowercase)
}

/// Go's deprecated `strings.Title`: a letter after a separator is upper-cased.
fn title(a: &[Value]) -> Res {
    str_fn("title", a, |s| {
        let mut out = String::with_capacity(s.len());
        let mut prev_sep = true;
        for c in s.chars() {
            if prev_sep {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            prev_sep = if c.is_ascii() {
                !(c.is_ascii_alphanumeric() || c == '_')
            } else {
                !(c.is_alphanumeric()) && c.is_whitespace()
            };
        }
        out
    })
}

/// goutils' `Uncapitalize`: the first letter of each space-separated word lower-cased.
fn untitle(a: &[Value]) -> Res {
    str_fn("untitle", a, |s| {
        let mut out = String::with_capacity(s.len());
        let mut prev_space = true;
        for c in s.chars() {
            if prev_space {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
            prev_space = c.is_whitespace();
        }
        out
    })
}

fn swapcase(a: &[Value]) -> Res {
    str_fn("swapcase", a, |s| {
        s.chars()
            .flat_map(|c| -> Vec<char> {
                if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else if c.is_lowercase() {
                    c.to_uppercase().collect()
                } else {
                    vec![c]
                }
            })
            .collect()
    })
}

/// Sprig shuffles the characters randomly; rendering must be reproducible, so they stay put.
fn shuffle(a: &[Value]) -> Res {
    str_fn("shuffle", a, str::to_string)
}

fn repeat(a: &[Value]) -> Res {
    let [count, s] = args("repeat", a)?;
    let (count, s) = (want_int(count)?, want_str(s)?);
    let count = usize::try_from(count).map_err(|_| "strings: negative Repeat count".to_string())?;
    checked_len("repeat", s.len().saturating_mul(count))?;
    Ok(Value::str(s.repeat(count)))
}

/// The part of `s` between byte offsets, or an error where Go would panic (out of range or,
/// since a Rust string cannot hold half a character, inside one).
fn byte_slice(s: &str, start: usize, end: usize) -> Result<&str, String> {
    s.get(start..end).ok_or_else(|| format!("slice bounds out of range [{start}:{end}] with length {}", s.len()))
}

fn substr(a: &[Value]) -> Res {
    let [start, end, s] = args("substr", a)?;
    let (start, end, s) = (want_int(start)?, want_int(end)?, want_str(s)?);
    let r = if start < 0 {
        byte_slice(s, 0, usize::try_from(end).map_err(|_| format!("slice bounds out of range [:{end}]"))?)?
    } else if end < 0 || end as u64 > s.len() as u64 {
        byte_slice(s, start as usize, s.len())?
    } else {
        byte_slice(s, start as usize, end as usize)?
    };
    Ok(Value::str(r))
}

fn nospace(a: &[Value]) -> Res {
    str_fn("nospace", a, |s| s.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The largest char boundary at or before `i`: Go cuts strings at bytes, which could leave half
/// a character; the cut moves back to the character's start.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn trunc(a: &[Value]) -> Res {
    let [c, s] = args("trunc", a)?;
    let (c, s) = (want_int(c)?, want_str(s)?);
    let len = s.len() as i64;
    let r = if c < 0 && len + c > 0 {
        &s[ceil_boundary(s, (len + c) as usize)..]
    } else if c >= 0 && len > c {
        &s[..floor_boundary(s, c as usize)]
    } else {
        s
    };
    Ok(Value::str(r))
}

/// goutils' `AbbreviateFull`.
fn abbreviate(s: &str, offset: i64, max_width: i64) -> String {
    let len = s.len() as i64;
    if s.is_empty() || max_width < 4 || len <= max_width {
        return s.to_string();
    }
    // A negative offset abbreviates from the start, as Go's arithmetic ends up doing.
    let mut offset = offset.clamp(0, len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return format!("{}...", &s[..floor_boundary(s, (max_width - 3) as usize)]);
    }
    if max_width < 7 {
        return s.to_string();
    }
    if offset + max_width - 3 < len {
        let rest = &s[ceil_boundary(s, offset as usize)..];
        return format!("...{}", abbreviate(rest, 0, max_width - 3));
    }
    format!("...{}", &s[ceil_boundary(s, (len - (max_width - 3)) as usize)..])
}

fn abbrev(a: &[Value]) -> Res {
    let [width, s] = args("abbrev", a)?;
    let (width, s) = (want_int(width)?, want_str(s)?);
    Ok(Value::str(if width < 4 { s.to_string() } else { abbreviate(s, 0, width) }))
}

fn abbrevboth(a: &[Value]) -> Res {
    let [left, right, s] = args("abbrevboth", a)?;
    let (left, right, s) = (want_int(left)?, want_int(right)?, want_str(s)?);
    if right < 4 || left > 0 && right < 7 {
        return Ok(Value::str(s));
    }
    Ok(Value::str(abbreviate(s, left, right)))
}

fn initials(a: &[Value]) -> Res {
    str_fn("initials", a, |s| s.split_whitespace().filter_map(|w| w.chars().next()).collect())
}

/// goutils' `WrapCustom`, on bytes as Go's is.
fn wrap_custom(s: &str, width: i64, newline: &str, wrap_long: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::with_capacity(len + len / width * newline.len());
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ').map(|p| p + offset);
        if let Some(space) = space {
            out.extend_from_slice(&b[offset..space]);
            out.extend_from_slice(newline.as_bytes());
            offset = space + 1;
        } else if wrap_long {
            out.extend_from_slice(&b[offset..width + offset]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(p) => {
                    out.extend_from_slice(&b[offset..p + end]);
                    out.extend_from_slice(newline.as_bytes());
                    offset = p + end + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    String::from_utf8_lossy(&out).into_owned()
}

fn wrap(a: &[Value]) -> Res {
    let [width, s] = args("wrap", a)?;
    Ok(Value::str(wrap_custom(want_str(s)?, want_int(width)?, "\n", false)))
}

fn wrap_with(a: &[Value]) -> Res {
    let [width, sep, s] = args("wrapWith", a)?;
    let sep = want_str(sep)?;
    checked_len("wrapWith", want_str(s)?.len().saturating_mul(sep.len().max(1)))?;
    Ok(Value::str(wrap_custom(want_str(s)?, want_int(width)?, sep, true)))
}

fn contains(a: &[Value]) -> Res {
    let [needle, s] = args("contains", a)?;
    Ok(Value::Bool(want_str(s)?.contains(want_str(needle)?)))
}

fn has_prefix(a: &[Value]) -> Res {
    let [prefix, s] = args("hasPrefix", a)?;
    Ok(Value::Bool(want_str(s)?.starts_with(want_str(prefix)?)))
}

fn has_suffix(a: &[Value]) -> Res {
    let [suffix, s] = args("hasSuffix", a)?;
    Ok(Value::Bool(want_str(s)?.ends_with(want_str(suffix)?)))
}

/// Each non-nil argument as Go's `%q` of its string form, space-separated.
fn quote(a: &[Value]) -> Res {
    let quoted: Vec<String> =
        a.iter().filter(|v| !matches!(v, Value::Nil)).map(|v| go_quote(&strval(v), false)).collect();
    Ok(Value::str(quoted.join(" ")))
}

fn squote(a: &[Value]) -> Res {
    let quoted: Vec<String> =
        a.iter().filter(|v| !matches!(v, Value::Nil)).map(|v| format!("'{}'", strval(v))).collect();
    Ok(Value::str(quoted.join(" ")))
}

fn cat(a: &[Value]) -> Res {
    let parts: Vec<String> = a.iter().filter(|v| !matches!(v, Value::Nil)).map(strval).collect();
    Ok(Value::str(parts.join(" ")))
}

fn indent_str(name: &str, spaces: &Value, s: &Value) -> Result<String, String> {
    let n = usize::try_from(want_int(spaces)?).map_err(|_| "strings: negative Repeat count".to_string())?;
    let s = want_str(s)?;
    let lines = s.bytes().filter(|&b| b == b'\n').count() + 1;
    checked_len(name, lines.saturating_mul(n).saturating_add(s.len()))?;
    let pad = " ".repeat(n);
    Ok(format!("{pad}{}", s.replace('\n', &format!("\n{pad}"))))
}

fn indent(a: &[Value]) -> Res {
    let [n, s] = args("indent", a)?;
    Ok(Value::str(indent_str("indent", n, s)?))
}

fn nindent(a: &[Value]) -> Res {
    let [n, s] = args("nindent", a)?;
    Ok(Value::str(format!("\n{}", indent_str("nindent", n, s)?)))
}

fn replace(a: &[Value]) -> Res {
    let [old, new, s] = args("replace", a)?;
    let (old, new, s) = (want_str(old)?, want_str(new)?, want_str(s)?);
    let matches = if old.is_empty() { s.chars().count() + 1 } else { s.matches(old).count() };
    checked_len("replace", s.len().saturating_add(matches.saturating_mul(new.len())))?;
    Ok(Value::str(s.replace(old, new)))
}

fn plural(a: &[Value]) -> Res {
    let [one, many, count] = args("plural", a)?;
    let (one, many) = (want_str(one)?, want_str(many)?);
    Ok(Value::str(if want_int(count)? == 1 { one } else { many }))
}

/// The words of an identifier, as xstrings splits them for `snakecase` and `kebabcase`:
/// at separators, at a lower-to-upper change, before the last capital of an acronym
/// (`HTTPServer` → `HTTP`, `Server`); digits stay with the word before them.
fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn snakecase(a: &[Value]) -> Res {
    str_fn("snakecase", a, |s| words(s).join("_").to_lowercase())
}

fn kebabcase(a: &[Value]) -> Res {
    str_fn("kebabcase", a, |s| words(s).join("-").to_lowercase())
}

/// xstrings' `ToCamelCase`: `_`, `-` and spaces removed, the letter after them upper-cased,
/// and the first letter too; a doubled connector keeps one.
fn camelcase(a: &[Value]) -> Res {
    str_fn("camelcase", a, |s| {
        let is_connector = |c: char| c == '_' || c == '-' || c.is_whitespace();
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars();
        let mut r0 = None;
        for c in chars.by_ref() {
            if !is_connector(c) {
                r0 = Some(c.to_uppercase().next().unwrap_or(c));
                break;
            }
            out.push(c);
        }
        let Some(mut r0) = r0 else { return out };
        for c in chars {
            let r1 = r0;
            r0 = c;
            if is_connector(r0) && is_connector(r1) {
                out.push(r1);
                continue;
            }
            if is_connector(r1) {
                r0 = r0.to_uppercase().next().unwrap_or(r0);
            } else {
                out.push(r1);
            }
        }
        out.push(r0);
        out
    })
}

/// Sprig's random strings are fixed here: `a` (or `0`) repeated to the length asked for, so the
/// rendering is reproducible and has the shape the chart expects.
fn rand_str(name: &str, a: &[Value], c: char) -> Res {
    let [n] = args::<1>(name, a)?;
    let n = usize::try_from(want_int(n)?).unwrap_or(0);
    Ok(Value::str(std::iter::repeat_n(c, checked_len(name, n)?).collect::<String>()))
}

fn rand_alpha(a: &[Value]) -> Res {
    rand_str("randAlphaNum", a, 'a')
}

fn rand_numeric(a: &[Value]) -> Res {
    rand_str("randNumeric", a, '0')
}

// ---------------------------------------------------------------------------------------------
// Sprig: regular expressions (Go's RE2 syntax, which the regex crate shares)

fn regex_match(a: &[Value]) -> Res {
    let [re, s] = args("regexMatch", a)?;
    Ok(Value::Bool(compile_regex(want_str(re)?)?.is_match(want_str(s)?)))
}

/// Go's `n` for the FindAll family: negative means all, zero means none.
fn limit(n: i64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn regex_find_all(a: &[Value]) -> Res {
    let [re, s, n] = args("regexFindAll", a)?;
    let re = compile_regex(want_str(re)?)?;
    let found = re.find_iter(want_str(s)?).take(limit(want_int(n)?)).map(|m| Value::str(m.as_str()));
    Ok(Value::from(found.collect::<Vec<_>>()))
}

fn regex_find(a: &[Value]) -> Res {
    let [re, s] = args("regexFind", a)?;
    let re = compile_regex(want_str(re)?)?;
    Ok(Value::str(re.find(want_str(s)?).map_or("", |m| m.as_str())))
}

fn regex_replace_all(a: &[Value]) -> Res {
    let [re, s, repl] = args("regexReplaceAll", a)?;
    let re = compile_regex(want_str(re)?)?;
    Ok(Value::str(re.replace_all(want_str(s)?, want_str(repl)?)))
}

fn regex_replace_all_literal(a: &[Value]) -> Res {
    let [re, s, repl] = args("regexReplaceAllLiteral", a)?;
    let re = compile_regex(want_str(re)?)?;
    Ok(Value::str(re.replace_all(want_str(s)?, regex::NoExpand(want_str(repl)?))))
}

/// Go's `Regexp.Split`, which differs from Rust's at empty matches.
fn regex_split(a: &[Value]) -> Res {
    let [re, s, n] = args("regexSplit", a)?;
    let (pattern, s, n) = (want_str(re)?, want_str(s)?, want_int(n)?);
    let re = compile_regex(pattern)?;
    if n == 0 {
        return Ok(Value::from(Vec::new()));
    }
    if !pattern.is_empty() && s.is_empty() {
        return Ok(Value::from(vec![Value::str("")]));
    }
    let mut parts = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(s).take(limit(n)) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            parts.push(Value::str(&s[beg..end]));
        }
        beg = m.end();
    }
    if end != s.len() {
        parts.push(Value::str(&s[beg..]));
    }
    Ok(Value::from(parts))
}

fn regex_quote_meta(a: &[Value]) -> Res {
    str_fn("regexQuoteMeta", a, |s| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if "\\.+*?()|[]{}^$".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    })
}

// ---------------------------------------------------------------------------------------------
// Sprig: conversions and string lists

fn to_string(a: &[Value]) -> Res {
    let [v] = args("toString", a)?;
    Ok(Value::str(strval(v)))
}

/// Sprig's `strslice`: a list's non-nil items as strings; anything else as a one-item list.
fn strslice(v: &Value) -> Vec<String> {
    match &*plain(v) {
        Value::List(l) => l.iter().filter(|v| !matches!(v, Value::Nil)).map(strval).collect(),
        Value::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

fn to_strings(a: &[Value]) -> Res {
    let [v] = args("toStrings", a)?;
    Ok(Value::from(strslice(v).into_iter().map(Value::from).collect::<Vec<_>>()))
}

/// Go's `strconv.ParseInt(s, 0, 64)` and `ParseUint`: a sign, a `0x`/`0o`/`0b`/`0` base prefix,
/// underscores between digits. The sign and magnitude, when the text is such an integer.
fn parse_go_integer(s: &str) -> Option<(bool, u64)> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.ends_with('_') || digits.contains("__") || radix == 10 && digits.starts_with('_') {
        return None;
    }
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((neg, u64::from_str_radix(&digits, radix).ok()?))
}

fn parse_go_int(s: &str) -> Option<i64> {
    match parse_go_integer(s)? {
        (true, u) if u <= i64::MAX as u64 + 1 => Some((u as i64).wrapping_neg()),
        (false, u) => i64::try_from(u).ok(),
        _ => None,
    }
}

/// cast's `trimZeroDecimal`: `"8080.00"` reads as `"8080"`.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, b) in s.bytes().enumerate().rev() {
        match b {
            b'.' if found_zero => return &s[..i],
            b'.' => return s,
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// cast's `ToInt64`, which Sprig's math uses: strings parsed (0 when they are not integers),
/// floats truncated, booleans 0 or 1, anything else 0.
fn cast_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::Str(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// cast's `ToFloat64`.
fn cast_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Str(s) => parse_go_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `strconv.ParseFloat` for decimal input (Rust's parser also takes `inf` and `nan`).
fn parse_go_float(s: &str) -> Option<f64> {
    let t = s.trim_start_matches(['+', '-']);
    if t.eq_ignore_ascii_case("infinity") || t.eq_ignore_ascii_case("inf") || t.eq_ignore_ascii_case("nan") {
        return s.parse().ok();
    }
    if s.contains('_') || !s.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
        return None;
    }
    s.parse().ok().filter(|f: &f64| f.is_finite())
}

fn atoi(a: &[Value]) -> Res {
    let [s] = args("atoi", a)?;
    Ok(Value::Int(want_str(s)?.parse().unwrap_or(0)))
}

fn int(a: &[Value]) -> Res {
    let [v] = args("int", a)?;
    Ok(Value::Int(cast_i64(v)))
}

fn float64(a: &[Value]) -> Res {
    let [v] = args("float64", a)?;
    Ok(Value::Float(cast_f64(v)))
}

/// Sprig's `toDecimal` reads its argument as octal.
fn to_decimal(a: &[Value]) -> Res {
    let [v] = args("toDecimal", a)?;
    Ok(Value::Int(i64::from_str_radix(&strval(v), 8).unwrap_or(0)))
}

/// Go's `strings.Split`; an empty separator splits after each character.
fn go_split<'a>(s: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    if sep.is_empty() {
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if parts.len() + 1 == limit {
                parts.push(rest);
                return parts;
            }
            let w = rest.chars().next().map_or(1, char::len_utf8);
            parts.push(&rest[..w]);
            rest = &rest[w..];
        }
        return parts;
    }
    s.splitn(limit, sep).collect()
}

fn indexed_map(parts: Vec<&str>) -> Value {
    Value::from(parts.into_iter().enumerate().map(|(i, p)| (format!("_{i}"), Value::str(p))).collect::<Map>())
}

fn split(a: &[Value]) -> Res {
    let [sep, s] = args("split", a)?;
    Ok(indexed_map(go_split(want_str(s)?, want_str(sep)?, -1)))
}

fn split_list(a: &[Value]) -> Res {
    let [sep, s] = args("splitList", a)?;
    Ok(Value::from(go_split(want_str(s)?, want_str(sep)?, -1).into_iter().map(Value::str).collect::<Vec<_>>()))
}

fn splitn(a: &[Value]) -> Res {
    let [sep, n, s] = args("splitn", a)?;
    Ok(indexed_map(go_split(want_str(s)?, want_str(sep)?, want_int(n)?)))
}

fn join(a: &[Value]) -> Res {
    let [sep, list] = args("join", a)?;
    Ok(Value::str(strslice(list).join(want_str(sep)?)))
}

fn sort_alpha(a: &[Value]) -> Res {
    let [list] = args("sortAlpha", a)?;
    let mut items = match &*plain(list) {
        Value::List(_) => strslice(list),
        other => vec![strval(other)],
    };
    items.sort();
    Ok(Value::from(items.into_iter().map(Value::from).collect::<Vec<_>>()))
}

// ---------------------------------------------------------------------------------------------
// Sprig: math (arguments converted as cast converts them)

fn add(a: &[Value]) -> Res {
    Ok(Value::Int(a.iter().fold(0i64, |acc, v| acc.wrapping_add(cast_i64(v)))))
}

fn add1(a: &[Value]) -> Res {
    let [v] = args("add1", a)?;
    Ok(Value::Int(cast_i64(v).wrapping_add(1)))
}

fn sub(a: &[Value]) -> Res {
    let [x, y] = args("sub", a)?;
    Ok(Value::Int(cast_i64(x).wrapping_sub(cast_i64(y))))
}

fn div(a: &[Value]) -> Res {
    let [x, y] = args("div", a)?;
    match cast_i64(y) {
        0 => Err("runtime error: integer divide by zero".into()),
        y => Ok(Value::Int(cast_i64(x).wrapping_div(y))),
    }
}

fn modulo(a: &[Value]) -> Res {
    let [x, y] = args("mod", a)?;
    match cast_i64(y) {
        0 => Err("runtime error: integer divide by zero".into()),
        y => Ok(Value::Int(cast_i64(x).wrapping_rem(y))),
    }
}

fn mul(a: &[Value]) -> Res {
    at_least("mul", a, 1)?;
    Ok(Value::Int(a.iter().fold(1i64, |acc, v| acc.wrapping_mul(cast_i64(v)))))
}

fn max(a: &[Value]) -> Res {
    at_least("max", a, 1)?;
    Ok(Value::Int(a.iter().map(cast_i64).max().unwrap_or(0)))
}

fn min(a: &[Value]) -> Res {
    at_least("min", a, 1)?;
    Ok(Value::Int(a.iter().map(cast_i64).min().unwrap_or(0)))
}

fn maxf(a: &[Value]) -> Res {
    at_least("maxf", a, 1)?;
    Ok(Value::Float(a[1..].iter().map(cast_f64).fold(cast_f64(&a[0]), f64::max)))
}

fn minf(a: &[Value]) -> Res {
    at_least("minf", a, 1)?;
    Ok(Value::Float(a[1..].iter().map(cast_f64).fold(cast_f64(&a[0]), f64::min)))
}

fn floor(a: &[Value]) -> Res {
    let [v] = args("floor", a)?;
    Ok(Value::Float(cast_f64(v).floor()))
}

fn ceil(a: &[Value]) -> Res {
    let [v] = args("ceil", a)?;
    Ok(Value::Float(cast_f64(v).ceil()))
}

/// Sprig's `round x places [roundOn]`: up when the dropped part reaches `roundOn` (0.5).
fn round(a: &[Value]) -> Res {
    between("round", a, 2, 3)?;
    let round_on = a.get(2).map_or(0.5, cast_f64);
    let pow = 10f64.powf(want_int(&a[1])? as f64);
    let digit = pow * cast_f64(&a[0]);
    let r = if digit.fract() >= round_on { digit.ceil() } else { digit.floor() };
    Ok(Value::Float(r / pow))
}

/// A float as the shortest decimal that reads back as it (shopspring/decimal's `NewFromFloat`):
/// `mantissa × 10^exp`. The f-suffixed functions compute in decimal, so `addf 0.1 0.2` is 0.3.
fn to_decimal_parts(f: f64) -> Option<(i128, i32)> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some((0, 0));
    }
    let (digits, exp) = decimal_digits(f.abs(), None);
    let m: i128 = digits.parse().ok()?;
    Some((if f < 0.0 { -m } else { m }, exp - (digits.len() as i32 - 1)))
}

fn from_decimal_parts(m: i128, exp: i32) -> f64 {
    format!("{m}e{exp}").parse().unwrap_or(0.0)
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `x + y` in decimal, or None when it would overflow (the caller falls back to binary floats).
fn decimal_add(x: f64, y: f64) -> Option<f64> {
    let ((mx, ex), (my, ey)) = (to_decimal_parts(x)?, to_decimal_parts(y)?);
    let e = ex.min(ey);
    let mx = mx.checked_mul(pow10((ex - e) as u32)?)?;
    let my = my.checked_mul(pow10((ey - e) as u32)?)?;
    Some(from_decimal_parts(mx.checked_add(my)?, e))
}

fn decimal_mul(x: f64, y: f64) -> Option<f64> {
    let ((mx, ex), (my, ey)) = (to_decimal_parts(x)?, to_decimal_parts(y)?);
    Some(from_decimal_parts(mx.checked_mul(my)?, ex.checked_add(ey)?))
}

/// `x / y` rounded half away from zero to 16 decimal places, as decimal's `Div` does.
fn decimal_div(x: f64, y: f64) -> Option<f64> {
    let ((mx, ex), (my, ey)) = (to_decimal_parts(x)?, to_decimal_parts(y)?);
    let shift = ex - ey + 16;
    let (num, den) = if shift >= 0 {
        (mx.checked_mul(pow10(shift as u32)?)?, my)
    } else {
        (mx, my.checked_mul(pow10((-shift) as u32)?)?)
    };
    let (q, r) = (num / den, num % den);
    let q = if r.unsigned_abs().checked_mul(2)? >= den.unsigned_abs() { q + num.signum() * den.signum() } else { q };
    Some(from_decimal_parts(q, -16))
}

fn addf(a: &[Value]) -> Res {
    Ok(Value::Float(a.iter().map(cast_f64).fold(0.0, |acc, f| decimal_add(acc, f).unwrap_or(acc + f))))
}

fn add1f(a: &[Value]) -> Res {
    let [v] = args("add1f", a)?;
    let f = cast_f64(v);
    Ok(Value::Float(decimal_add(f, 1.0).unwrap_or(f + 1.0)))
}

fn subf(a: &[Value]) -> Res {
    at_least("subf", a, 1)?;
    let first = cast_f64(&a[0]);
    Ok(Value::Float(a[1..].iter().map(cast_f64).fold(first, |acc, f| decimal_add(acc, -f).unwrap_or(acc - f))))
}

fn mulf(a: &[Value]) -> Res {
    at_least("mulf", a, 1)?;
    let first = cast_f64(&a[0]);
    Ok(Value::Float(a[1..].iter().map(cast_f64).fold(first, |acc, f| decimal_mul(acc, f).unwrap_or(acc * f))))
}

fn divf(a: &[Value]) -> Res {
    at_least("divf", a, 1)?;
    let mut acc = cast_f64(&a[0]);
    for f in a[1..].iter().map(cast_f64) {
        if f == 0.0 {
            return Err("decimal division by 0".into());
        }
        acc = decimal_div(acc, f).unwrap_or(acc / f);
    }
    Ok(Value::Float(acc))
}

/// Sprig's `untilStep`, bounded to [`MAX_ITEMS`].
fn int_range(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, String> {
    let count = if step > 0 && stop > start {
        (stop as i128 - start as i128 + step as i128 - 1) / step as i128
    } else if step < 0 && stop < start {
        (start as i128 - stop as i128 + (-(step as i128)) - 1) / -(step as i128)
    } else {
        0
    };
    if count > MAX_ITEMS as i128 {
        return Err(format!("range of {count} items is too large"));
    }
    Ok((0..count as i64).map(|k| start + k * step).collect())
}

fn int_list(items: Vec<i64>) -> Value {
    Value::from(items.into_iter().map(Value::Int).collect::<Vec<_>>())
}

fn until(a: &[Value]) -> Res {
    let [n] = args("until", a)?;
    let n = want_int(n)?;
    Ok(int_list(int_range(0, n, if n < 0 { -1 } else { 1 })?))
}

fn until_step(a: &[Value]) -> Res {
    let [start, stop, step] = args("untilStep", a)?;
    Ok(int_list(int_range(want_int(start)?, want_int(stop)?, want_int(step)?)?))
}

/// Sprig's `seq`, like the shell's: `seq 3` is "1 2 3", `seq 5 2` counts down, `seq 0 2 6` steps.
fn seq(a: &[Value]) -> Res {
    let p: Vec<i64> = a.iter().map(want_int).collect::<Result<_, _>>()?;
    let items = match p[..] {
        [end] => {
            let inc = if end < 1 { -1 } else { 1 };
            int_range(1, end.saturating_add(inc), inc)?
        }
        [start, end] => {
            let inc = if end < start { -1 } else { 1 };
            int_range(start, end.saturating_add(inc), inc)?
        }
        [start, step, end] => {
            let inc = if end < start { -1 } else { 1 };
            if (end < start && step > 0) || (end >= start && step < 0) {
                Vec::new()
            } else {
                int_range(start, end.saturating_add(inc), step)?
            }
        }
        _ => Vec::new(),
    };
    Ok(Value::str(items.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")))
}

/// Sprig's `randInt min max` returns `min` here: rendering must be reproducible.
fn rand_int(a: &[Value]) -> Res {
    let [lo, _hi] = args("randInt", a)?;
    Ok(Value::Int(want_int(lo)?))
}

// ---------------------------------------------------------------------------------------------
// Sprig: lists. Values are shared (`Rc`), so every function returns a new list.

fn first(a: &[Value]) -> Res {
    let [l] = args("first", a)?;
    Ok(want_list(l, "find first")?.first().cloned().unwrap_or_default())
}

fn last(a: &[Value]) -> Res {
    let [l] = args("last", a)?;
    Ok(want_list(l, "find last")?.last().cloned().unwrap_or_default())
}

fn rest(a: &[Value]) -> Res {
    let [l] = args("rest", a)?;
    match want_list(l, "find rest")? {
        [] => Ok(Value::Nil),
        [_, tail @ ..] => Ok(Value::from(tail.to_vec())),
    }
}

fn initial(a: &[Value]) -> Res {
    let [l] = args("initial", a)?;
    match want_list(l, "find initial")? {
        [] => Ok(Value::Nil),
        [init @ .., _] => Ok(Value::from(init.to_vec())),
    }
}

fn append(a: &[Value]) -> Res {
    let [l, v] = args("append", a)?;
    let mut items = want_list(l, "push")?.to_vec();
    items.push(v.clone());
    Ok(Value::from(items))
}

fn prepend(a: &[Value]) -> Res {
    let [l, v] = args("prepend", a)?;
    let mut items = vec![v.clone()];
    items.extend_from_slice(want_list(l, "prepend")?);
    Ok(Value::from(items))
}

fn concat(a: &[Value]) -> Res {
    let mut items = Vec::new();
    for l in a {
        match l {
            Value::List(l) => items.extend_from_slice(l),
            other => return Err(format!("Cannot concat type {} as list", go_kind_of(other))),
        }
    }
    Ok(Value::from(items))
}

fn reverse(a: &[Value]) -> Res {
    let [l] = args("reverse", a)?;
    Ok(Value::from(want_list(l, "find reverse")?.iter().rev().cloned().collect::<Vec<_>>()))
}

fn uniq(a: &[Value]) -> Res {
    let [l] = args("uniq", a)?;
    let mut out: Vec<Value> = Vec::new();
    for v in want_list(l, "find uniq")? {
        if !out.iter().any(|o| deep_equal(o, v)) {
            out.push(v.clone());
        }
    }
    Ok(Value::from(out))
}

fn without(a: &[Value]) -> Res {
    at_least("without", a, 1)?;
    let omit = &a[1..];
    let kept = want_list(&a[0], "find without")?.iter().filter(|v| !omit.iter().any(|o| deep_equal(o, v)));
    Ok(Value::from(kept.cloned().collect::<Vec<_>>()))
}

fn has(a: &[Value]) -> Res {
    let [needle, list] = args("has", a)?;
    match list {
        Value::Nil => Ok(Value::Bool(false)),
        l => Ok(Value::Bool(want_list(l, "find has")?.iter().any(|v| deep_equal(v, needle)))),
    }
}

fn compact(a: &[Value]) -> Res {
    let [l] = args("compact", a)?;
    Ok(Value::from(want_list(l, "compact")?.iter().filter(|v| !is_empty(v)).cloned().collect::<Vec<_>>()))
}

/// Sprig's `slice list [start [end]]`; on a string it slices bytes as Go's builtin does.
fn slice(a: &[Value]) -> Res {
    between("slice", a, 1, 3)?;
    let bound = |i: usize, default: usize| a.get(i).map_or(default as i64, cast_i64);
    match &a[0] {
        Value::List(l) if l.is_empty() => Ok(Value::Nil),
        Value::List(l) => {
            let (start, end) = (bound(1, 0), bound(2, l.len()));
            match (usize::try_from(start), usize::try_from(end)) {
                (Ok(s), Ok(e)) if s <= e && e <= l.len() => Ok(Value::from(l[s..e].to_vec())),
                _ => Err(format!("slice bounds out of range [{start}:{end}] with capacity {}", l.len())),
            }
        }
        Value::Str(s) => {
            let (start, end) = (bound(1, 0), bound(2, s.len()));
            match (usize::try_from(start), usize::try_from(end)) {
                (Ok(st), Ok(e)) if st <= e => Ok(Value::str(byte_slice(s, st, e)?)),
                _ => Err(format!("slice bounds out of range [{start}:{end}]")),
            }
        }
        other => Err(format!("list should be type of slice or array but {}", go_kind_of(other))),
    }
}

fn chunk(a: &[Value]) -> Res {
    let [size, l] = args("chunk", a)?;
    let size = usize::try_from(want_int(size)?).ok().filter(|&s| s > 0).ok_or("chunk size must be positive")?;
    let chunks = want_list(l, "chunk")?.chunks(size).map(|c| Value::from(c.to_vec()));
    Ok(Value::from(chunks.collect::<Vec<_>>()))
}

// ---------------------------------------------------------------------------------------------
// Sprig: dicts. Sprig's `set`, `unset`, `merge` and `mergeOverwrite` change their map in place
// and return it; values here are shared and immutable, so they return a changed copy instead.
// A chart that uses the returned map (`$d := set $d "k" v`, `merge $a $b | toYaml`) renders the
// same; one that relies on the side effect alone (`{{ $_ := set $d "k" v }}` then reads `$d`)
// does not see the change — the executor can rebind the variable if it needs that.

fn dict(a: &[Value]) -> Res {
    let mut map = Map::new();
    for pair in a.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
        map.insert(strval(&pair[0]), value);
    }
    Ok(Value::from(map))
}

fn get(a: &[Value]) -> Res {
    let [d, k] = args("get", a)?;
    Ok(want_map(d)?.get(want_str(k)?).cloned().unwrap_or_else(|| Value::str("")))
}

fn set(a: &[Value]) -> Res {
    let [d, k, v] = args("set", a)?;
    let mut map = want_map(d)?.clone();
    map.insert(want_str(k)?.to_string(), v.clone());
    Ok(Value::from(map))
}

fn unset(a: &[Value]) -> Res {
    let [d, k] = args("unset", a)?;
    let mut map = want_map(d)?.clone();
    map.remove(want_str(k)?);
    Ok(Value::from(map))
}

fn has_key(a: &[Value]) -> Res {
    let [d, k] = args("hasKey", a)?;
    Ok(Value::Bool(want_map(d)?.contains_key(want_str(k)?)))
}

fn pluck(a: &[Value]) -> Res {
    at_least("pluck", a, 1)?;
    let key = want_str(&a[0])?;
    let mut out = Vec::new();
    for d in &a[1..] {
        if let Some(v) = want_map(d)?.get(key) {
            out.push(v.clone());
        }
    }
    Ok(Value::from(out))
}

/// `dig "a" "b" default dict`: the value at the key path, or the default where a key is missing.
fn dig(a: &[Value]) -> Res {
    at_least("dig", a, 3)?;
    let (keys, rest) = a.split_at(a.len() - 2);
    let default = &rest[0];
    let mut cur = want_map(&rest[1])?;
    for (i, k) in keys.iter().enumerate() {
        let Some(v) = cur.get(want_str(k)?) else { return Ok(default.clone()) };
        if i + 1 == keys.len() {
            return Ok(v.clone());
        }
        cur = match v {
            Value::Map(m) => m,
            other => {
                return Err(format!(
                    "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                    other.type_name()
                ))
            }
        };
    }
    Ok(default.clone())
}

/// mergo's `Merge` of `src` into `dst`, deep: a key `dst` lacks, or holds an empty value for
/// (mergo's `isEmptyValue`: false, 0, "", empty list or map), takes `src`'s value; two maps
/// merge. With `overwrite` (`mergeOverwrite`) `src` wins except where `dst` holds a non-empty
/// non-map and `src` a map, as mergo leaves that too.
fn merge_into(dst: &mut Map, src: &Map, overwrite: bool) {
    for (k, sv) in src {
        match dst.get_mut(k) {
            None => {
                if !matches!(sv, Value::Nil) || overwrite {
                    dst.insert(k.clone(), sv.clone());
                }
            }
            Some(dv) => match (&*dv, sv) {
                (Value::Map(dm), Value::Map(sm)) => {
                    let mut merged = (**dm).clone();
                    merge_into(&mut merged, sm, overwrite);
                    *dv = Value::from(merged);
                }
                (_, Value::Nil) => {
                    if overwrite {
                        *dv = Value::Nil;
                    }
                }
                (_, Value::List(_)) if overwrite => *dv = sv.clone(),
                (_, Value::Map(_) | Value::List(_)) if !is_empty(dv) => {}
                _ => {
                    if overwrite || is_empty(dv) {
                        *dv = sv.clone();
                    }
                }
            },
        }
    }
}

fn merge_maps(name: &str, a: &[Value], overwrite: bool) -> Res {
    at_least(name, a, 1)?;
    let mut dst = want_map(&a[0])?.clone();
    for src in &a[1..] {
        merge_into(&mut dst, want_map(src)?, overwrite);
    }
    Ok(Value::from(dst))
}

fn merge(a: &[Value]) -> Res {
    merge_maps("merge", a, false)
}

fn merge_overwrite(a: &[Value]) -> Res {
    merge_maps("mergeOverwrite", a, true)
}

/// All keys of all the dicts; Go's map order is random, these come sorted per dict.
fn keys(a: &[Value]) -> Res {
    let mut out = Vec::new();
    for d in a {
        out.extend(want_map(d)?.keys().map(Value::str));
    }
    Ok(Value::from(out))
}

fn values(a: &[Value]) -> Res {
    let [d] = args("values", a)?;
    Ok(Value::from(want_map(d)?.values().cloned().collect::<Vec<_>>()))
}

fn pick(a: &[Value]) -> Res {
    at_least("pick", a, 1)?;
    let map = want_map(&a[0])?;
    let mut out = Map::new();
    for k in &a[1..] {
        let k = want_str(k)?;
        if let Some(v) = map.get(k) {
            out.insert(k.to_string(), v.clone());
        }
    }
    Ok(Value::from(out))
}

fn omit(a: &[Value]) -> Res {
    at_least("omit", a, 1)?;
    let drop: Vec<&str> = a[1..].iter().map(want_str).collect::<Result<_, _>>()?;
    let kept = want_map(&a[0])?.iter().filter(|(k, _)| !drop.contains(&k.as_str()));
    Ok(Value::from(kept.map(|(k, v)| (k.clone(), v.clone())).collect::<Map>()))
}

fn deep_copy(a: &[Value]) -> Res {
    let [v] = args("deepCopy", a)?;
    Ok(v.clone())
}

// ---------------------------------------------------------------------------------------------
// Sprig: types and flow

fn type_of(a: &[Value]) -> Res {
    let [v] = args("typeOf", a)?;
    Ok(Value::str(v.type_name()))
}

fn kind_of(a: &[Value]) -> Res {
    let [v] = args("kindOf", a)?;
    Ok(Value::str(v.kind_name()))
}

fn type_is(a: &[Value]) -> Res {
    let [t, v] = args("typeIs", a)?;
    Ok(Value::Bool(want_str(t)? == v.type_name()))
}

fn kind_is(a: &[Value]) -> Res {
    let [k, v] = args("kindIs", a)?;
    Ok(Value::Bool(want_str(k)? == v.kind_name()))
}

fn type_is_like(a: &[Value]) -> Res {
    let [t, v] = args("typeIsLike", a)?;
    let t = want_str(t)?;
    Ok(Value::Bool(t == v.type_name() || t.strip_prefix('*') == Some(v.type_name())))
}

fn deep_equal_fn(a: &[Value]) -> Res {
    let [x, y] = args("deepEqual", a)?;
    Ok(Value::Bool(deep_equal(x, y)))
}

/// `default d x`: `x` unless it is empty (or missing), else `d`.
fn default(a: &[Value]) -> Res {
    at_least("default", a, 1)?;
    match a.get(1) {
        Some(v) if !is_empty(v) => Ok(v.clone()),
        _ => Ok(a[0].clone()),
    }
}

fn empty(a: &[Value]) -> Res {
    let [v] = args("empty", a)?;
    Ok(Value::Bool(is_empty(v)))
}

fn coalesce(a: &[Value]) -> Res {
    Ok(a.iter().find(|v| !is_empty(v)).cloned().unwrap_or_default())
}

fn all(a: &[Value]) -> Res {
    Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))
}

fn any(a: &[Value]) -> Res {
    Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))
}

fn ternary(a: &[Value]) -> Res {
    let [t, f, cond] = args("ternary", a)?;
    Ok(if want_bool(cond)? { t.clone() } else { f.clone() })
}

fn fail(a: &[Value]) -> Res {
    let [msg] = args("fail", a)?;
    Err(want_str(msg)?.to_string())
}

/// Helm's `required msg v`: fails with `msg` when `v` is nil or the empty string.
fn required(a: &[Value]) -> Res {
    let [msg, v] = args("required", a)?;
    match v {
        Value::Nil => Err(want_str(msg)?.to_string()),
        Value::Str(s) if s.is_empty() => Err(want_str(msg)?.to_string()),
        v => Ok(v.clone()),
    }
}

/// Helm's `lookup` asks the cluster; a scan has none, so it finds nothing, as `helm template`
/// finds nothing: an empty map.
fn helm_lookup(a: &[Value]) -> Res {
    let [..] = args::<4>("lookup", a)?;
    Ok(Value::from(Map::new()))
}

// ---------------------------------------------------------------------------------------------
// Encodings

fn b64enc(a: &[Value]) -> Res {
    let [s] = args("b64enc", a)?;
    Ok(Value::str(BASE64.encode(want_str(s)?)))
}

/// Sprig returns a decoding error as the result string rather than failing.
fn b64dec(a: &[Value]) -> Res {
    let [s] = args("b64dec", a)?;
    Ok(Value::str(match BASE64.decode(want_str(s)?) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => base64_error(&e),
    }))
}

fn base64_error(e: &base64::DecodeError) -> String {
    let at = match e {
        base64::DecodeError::InvalidByte(at, _) | base64::DecodeError::InvalidLastSymbol(at, _) => *at,
        base64::DecodeError::InvalidLength(at) => *at,
        base64::DecodeError::InvalidPadding => 0,
    };
    format!("illegal base64 data at input byte {at}")
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn b32enc(a: &[Value]) -> Res {
    let [s] = args("b32enc", a)?;
    let bytes = want_str(s)?.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = buf.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(BASE32[(n >> (35 - i * 5) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::str(out))
}

fn b32dec(a: &[Value]) -> Res {
    let [s] = args("b32dec", a)?;
    let s = want_str(s)?;
    let trimmed = s.trim_end_matches('=');
    let mut bits = 0u64;
    let mut nbits = 0;
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    for (i, c) in trimmed.bytes().enumerate() {
        let Some(v) = BASE32.iter().position(|&b| b == c) else {
            return Ok(Value::str(format!("illegal base32 data at input byte {i}")));
        };
        bits = bits << 5 | v as u64;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    if s.len() % 8 != 0 {
        return Ok(Value::str(format!("illegal base32 data at input byte {}", s.len() / 8 * 8)));
    }
    Ok(Value::str(String::from_utf8_lossy(&out)))
}

// JSON, as Go's encoding/json writes it: keys sorted, `<`, `>`, `&` escaped unless asked not to,
// integral numbers without a fraction, exponents only beyond 1e21.

struct JsonStyle {
    escape_html: bool,
    pretty: bool,
}

fn write_json(out: &mut String, v: &Value, style: &JsonStyle, depth: usize) -> Result<(), String> {
    let newline = |out: &mut String, depth: usize| {
        if style.pretty {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
    };
    match &*plain(v) {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&json_float(*f)?),
        Value::Str(s) => json_string(out, s, style.escape_html),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(out, item, style, depth + 1)?;
            }
            if !items.is_empty() {
                newline(out, depth);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_string(out, k, style.escape_html);
                out.push(':');
                if style.pretty {
                    out.push(' ');
                }
                write_json(out, item, style, depth + 1)?;
            }
            if !map.is_empty() {
                newline(out, depth);
            }
            out.push('}');
        }
        Value::Object(_) => out.push_str("null"),
    }
    Ok(())
}

fn json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!("json: unsupported value: {}", format_float(f)));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        return Ok(if exp < 0 { format!("{mantissa}e-{}", -exp) } else { format!("{mantissa}e+{exp:02}") });
    }
    Ok(format!("{f}"))
}

/// A string as Go's `encoding/json` quotes it (`escape_html`: `<`, `>`, `&` as `\u003c`…, as
/// `json.Marshal` does); Kustomize's name hashes use it too.
pub(crate) fn json_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_encode(v: &Value, escape_html: bool, pretty: bool) -> Result<String, String> {
    let mut out = String::new();
    write_json(&mut out, v, &JsonStyle { escape_html, pretty }, 0)?;
    Ok(out)
}

/// Helm's `toJson`: an unencodable value (NaN) gives "".
fn to_json(a: &[Value]) -> Res {
    let [v] = args("toJson", a)?;
    Ok(Value::str(json_encode(v, true, false).unwrap_or_default()))
}

fn must_to_json(a: &[Value]) -> Res {
    let [v] = args("mustToJson", a)?;
    Ok(Value::str(json_encode(v, true, false)?))
}

fn to_pretty_json(a: &[Value]) -> Res {
    let [v] = args("toPrettyJson", a)?;
    Ok(Value::str(json_encode(v, true, true).unwrap_or_default()))
}

fn must_to_pretty_json(a: &[Value]) -> Res {
    let [v] = args("mustToPrettyJson", a)?;
    Ok(Value::str(json_encode(v, true, true)?))
}

/// Sprig's `toRawJson` does not escape HTML characters; it panics where `toJson` gives "".
fn to_raw_json(a: &[Value]) -> Res {
    let [v] = args("toRawJson", a)?;
    Ok(Value::str(json_encode(v, false, false)?))
}

fn must_to_raw_json(a: &[Value]) -> Res {
    let [v] = args("mustToRawJson", a)?;
    Ok(Value::str(json_encode(v, false, false)?))
}

fn parse_json(s: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(s).map_err(|e| e.to_string())
}

/// Helm's `fromJson`: an error is returned as `{"Error": message}`, not a failure.
fn from_json(a: &[Value]) -> Res {
    let [s] = args("fromJson", a)?;
    decoded_as(parse_json(want_str(s)?).map(|j| Value::from_json(&j)), false, "")
}

/// Helm's `fromJsonArray`: an error is returned as a one-item list holding the message.
fn from_json_array(a: &[Value]) -> Res {
    let [s] = args("fromJsonArray", a)?;
    decoded_as(parse_json(want_str(s)?).map(|j| Value::from_json(&j)), true, "")
}

/// What Helm's `fromJson`/`fromYaml` (`want_list`: their `Array` forms) return for a decoded
/// document: it, when of the kind wanted (`null` is an empty one); otherwise the error as a
/// value, `{"Error": message}` or `[message]`, never a failure. `prefix` is what the YAML
/// forms put before Go's unmarshalling error.
fn decoded_as(decoded: Result<Value, String>, want_list: bool, prefix: &str) -> Res {
    let error = |msg: String| {
        Ok(if want_list {
            Value::from(vec![Value::str(msg)])
        } else {
            Value::from(Map::from([("Error".to_string(), Value::str(msg))]))
        })
    };
    let go_type = if want_list { "[]interface {}" } else { "map[string]interface {}" };
    match decoded {
        Ok(v @ Value::List(_)) if want_list => Ok(v),
        Ok(v @ Value::Map(_)) if !want_list => Ok(v),
        Ok(Value::Nil) if want_list => Ok(Value::from(Vec::new())),
        Ok(Value::Nil) => Ok(Value::from(Map::new())),
        Ok(v) => {
            error(format!("{prefix}json: cannot unmarshal {} into Go value of type {go_type}", json_kind_of_value(&v)))
        }
        Err(e) => error(e),
    }
}

fn must_from_json(a: &[Value]) -> Res {
    let [s] = args("mustFromJson", a)?;
    Ok(Value::from_json(&parse_json(want_str(s)?)?))
}

/// A YAML document read as Helm's `fromYaml` reads it (sigs.k8s.io/yaml: through JSON). A
/// repeated key keeps its last value, as yaml.v2's non-strict `Unmarshal` does.
fn parse_yaml_doc(s: &str) -> Result<Value, String> {
    let (docs, _) = crate::yaml::parse_with_warnings(s)
        .map_err(|e| format!("error converting YAML to JSON: yaml: line {}: {}", e.line, e.message))?;
    Ok(docs.first().map(Value::from_yaml).unwrap_or_default())
}

fn json_kind_of_value(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

fn from_yaml(a: &[Value]) -> Res {
    let [s] = args("fromYaml", a)?;
    decoded_as(parse_yaml_doc(want_str(s)?), false, YAML_UNMARSHAL)
}

fn from_yaml_array(a: &[Value]) -> Res {
    let [s] = args("fromYamlArray", a)?;
    decoded_as(parse_yaml_doc(want_str(s)?), true, YAML_UNMARSHAL)
}

/// What sigs.k8s.io/yaml puts before the JSON decoder's error.
const YAML_UNMARSHAL: &str = "error unmarshaling JSON: while decoding JSON: ";

fn to_yaml_fn(a: &[Value]) -> Res {
    let [v] = args("toYaml", a)?;
    Ok(Value::str(to_yaml(v)))
}

fn must_to_yaml(a: &[Value]) -> Res {
    let [v] = args("mustToYaml", a)?;
    if let Some(f) = non_finite(v) {
        return Err(format!("json: unsupported value: {}", format_float(f)));
    }
    Ok(Value::str(to_yaml(v)))
}

/// Helm's `toYamlPretty` (yaml.v3, indent 2): sequences indented under their key, no folding.
fn to_yaml_pretty(a: &[Value]) -> Res {
    let [v] = args("toYamlPretty", a)?;
    if non_finite(v).is_some() {
        return Ok(Value::str(""));
    }
    let mut e = YamlEmitter { out: String::new(), fold: false, indent_seq: true };
    e.document(v);
    Ok(Value::str(e.out.strip_suffix('\n').unwrap_or(&e.out)))
}

// ---------------------------------------------------------------------------------------------
// toYaml: what sigs.k8s.io/yaml writes. It encodes to JSON, reads that back with yaml.v2 and
// writes it with yaml.v2, so: numbers are JSON's (an integral float64 is an int), keys sort in
// yaml.v2's order (digit runs compared as numbers, non-letters before letters), sequences sit
// at their key's indent, and a string is quoted only when plain text would read back as
// something else, folded at spaces past column 80.

/// Helm's `toYaml` (sigs.k8s.io/yaml, yaml.v2 output), its final newline removed. A value JSON
/// cannot encode (NaN, ±Inf) gives "", as in Helm.
pub fn to_yaml(v: &Value) -> String {
    if non_finite(v).is_some() {
        return String::new();
    }
    let mut e = YamlEmitter { out: String::new(), fold: true, indent_seq: false };
    e.document(v);
    match e.out.strip_suffix('\n') {
        Some(s) => s.to_string(),
        None => e.out,
    }
}

fn non_finite(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) if !f.is_finite() => Some(*f),
        Value::List(l) => l.iter().find_map(non_finite),
        Value::Map(m) => m.values().find_map(non_finite),
        _ => None,
    }
}

/// yaml.v2's line width: plain and quoted strings break at a space past this column.
const YAML_WIDTH: usize = 80;

#[derive(Debug, PartialEq, Clone, Copy)]
enum YamlStyle {
    Plain,
    Single,
    Double,
    Literal,
}

struct YamlEmitter {
    out: String,
    /// Break long strings at spaces, as yaml.v2 does (yaml.v3, for `toYamlPretty`, does not).
    fold: bool,
    /// Indent a sequence under its key (yaml.v3) rather than at the key's column (yaml.v2).
    indent_seq: bool,
}

impl YamlEmitter {
    fn column(&self) -> usize {
        self.out.rsplit('\n').next().map_or(0, |line| line.chars().count())
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn end_line(&mut self) {
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn document(&mut self, v: &Value) {
        match &*plain(v) {
            Value::Map(m) if !m.is_empty() => self.map(m, 0, false),
            Value::List(l) if !l.is_empty() => self.list(l, 0, false),
            // A scalar at the root is indented as yaml.v2 indents one: by its best indent, 2.
            other => {
                self.scalar(other, 2);
                self.end_line();
            }
        }
    }

    /// A block mapping at `indent`; `inline`: its first key follows a sequence's "- ".
    fn map(&mut self, m: &Map, indent: usize, inline: bool) {
        let mut entries: Vec<(&String, &Value)> = m.iter().collect();
        entries.sort_by(|a, b| yaml_key_cmp(a.0, b.0));
        for (i, (k, v)) in entries.into_iter().enumerate() {
            if i > 0 || !inline {
                self.spaces(indent);
            }
            self.string(k, indent + 2, true);
            self.out.push(':');
            match &*plain(v) {
                Value::Map(m) if !m.is_empty() => {
                    self.out.push('\n');
                    self.map(m, indent + 2, false);
                }
                Value::List(l) if !l.is_empty() => {
                    self.out.push('\n');
                    self.list(l, if self.indent_seq { indent + 2 } else { indent }, false);
                }
                other => {
                    self.out.push(' ');
                    self.scalar(other, indent + 2);
                    self.end_line();
                }
            }
        }
    }

    fn list(&mut self, l: &[Value], indent: usize, inline: bool) {
        for (i, v) in l.iter().enumerate() {
            if i > 0 || !inline {
                self.spaces(indent);
            }
            self.out.push_str("- ");
            match &*plain(v) {
                Value::Map(m) if !m.is_empty() => self.map(m, indent + 2, true),
                Value::List(l) if !l.is_empty() => self.list(l, indent + 2, true),
                other => {
                    self.scalar(other, indent + 2);
                    self.end_line();
                }
            }
        }
    }

    /// A scalar (or empty collection); `indent` is where its continuation lines start.
    fn scalar(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Nil => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Float(f) => self.out.push_str(&yaml_number(*f)),
            Value::Str(s) => self.string(s, indent, false),
            Value::Map(_) | Value::Object(_) => self.out.push_str("{}"),
            Value::List(_) => self.out.push_str("[]"),
        }
    }

    fn string(&mut self, s: &str, indent: usize, key: bool) {
        let breaks = self.fold && !key;
        match yaml_style(s, key) {
            YamlStyle::Plain => self.plain_scalar(s, indent, breaks),
            YamlStyle::Single => self.single_quoted(s, indent, breaks),
            YamlStyle::Double => self.double_quoted(s, indent, breaks),
            YamlStyle::Literal => self.literal(s, indent),
        }
    }

    fn fold_line(&mut self, indent: usize) -> usize {
        self.out.push('\n');
        self.spaces(indent);
        indent
    }

    fn plain_scalar(&mut self, s: &str, indent: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut col = self.column();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if breaks && !spaces && col > YAML_WIDTH && chars.get(i + 1) != Some(&' ') {
                    col = self.fold_line(indent);
                } else {
                    self.out.push(' ');
                    col += 1;
                }
                spaces = true;
            } else {
                self.out.push(c);
                col += 1;
                spaces = false;
            }
        }
    }

    fn single_quoted(&mut self, s: &str, indent: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.out.push('\'');
        let mut col = self.column();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if breaks
                    && !spaces
                    && col > YAML_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    col = self.fold_line(indent);
                } else {
                    self.out.push(' ');
                    col += 1;
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.out.push('\'');
                    col += 1;
                }
                self.out.push(c);
                col += 1;
                spaces = false;
            }
        }
        self.out.push('\'');
    }

    fn double_quoted(&mut self, s: &str, indent: usize, breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.out.push('"');
        let mut col = self.column();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !yaml_printable(c) || is_yaml_break(c) || c == '"' || c == '\\' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".to_string(),
                    '\u{8}' => "\\b".to_string(),
                    '\t' => "\\t".to_string(),
                    '\n' => "\\n".to_string(),
                    '\u{b}' => "\\v".to_string(),
                    '\u{c}' => "\\f".to_string(),
                    '\r' => "\\r".to_string(),
                    '\u{1b}' => "\\e".to_string(),
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    '\u{85}' => "\\N".to_string(),
                    '\u{a0}' => "\\_".to_string(),
                    '\u{2028}' => "\\L".to_string(),
                    '\u{2029}' => "\\P".to_string(),
                    c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                col += esc.len();
                self.out.push_str(&esc);
                spaces = false;
            } else if c == ' ' {
                if breaks && !spaces && col > YAML_WIDTH && i != 0 && i + 1 != chars.len() {
                    col = self.fold_line(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                        col += 1;
                    }
                } else {
                    self.out.push(' ');
                    col += 1;
                }
                spaces = true;
            } else {
                self.out.push(c);
                col += 1;
                spaces = false;
            }
        }
        self.out.push('"');
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.out.push('|');
        if s.starts_with(|c: char| c == ' ' || is_yaml_break(c)) {
            self.out.push('2');
        }
        let mut rest = s.chars();
        let chomp = match rest.next_back() {
            Some(c) if is_yaml_break(c) => match rest.next_back() {
                None => "+",
                Some(c) if is_yaml_break(c) => "+",
                Some(_) => "",
            },
            _ => "-",
        };
        self.out.push_str(chomp);
        self.out.push('\n');
        let mut at_line_start = true;
        for c in s.chars() {
            if c == '\n' {
                self.out.push('\n');
                at_line_start = true;
            } else {
                if at_line_start {
                    self.spaces(indent);
                    at_line_start = false;
                }
                self.out.push(c);
            }
        }
    }
}

/// A float64 as it comes out of JSON and back through yaml.v2: integral values below 1e21 are
/// written by JSON as integers and read back as ints (or uints), everything else as Go's `%g`.
fn yaml_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if (i64::MIN as f64..-(i64::MIN as f64)).contains(&f) {
            return (f as i64).to_string();
        }
        if (0.0..u64::MAX as f64).contains(&f) {
            return (f as u64).to_string();
        }
    }
    match format_float(f).as_str() {
        "+Inf" => ".inf".into(),
        "-Inf" => "-.inf".into(),
        "NaN" => ".nan".into(),
        s => s.to_string(),
    }
}

/// yaml's `is_printable` (with unicode output): what may appear unescaped.
fn yaml_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_yaml_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The style yaml.v2 writes a string in: plain unless that would read back as another type or
/// the text has indicators, spaces or breaks where plain text cannot; multi-line text as a
/// literal block unless it has trailing spaces or unprintable characters.
fn yaml_style(s: &str, key: bool) -> YamlStyle {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) = (false, false, false, false);
    let (mut line_breaks, mut special) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&c| c == ' ' || c == '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    block_indicators = true
                }
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !yaml_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_yaml_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_yaml_break(c);
    }
    let mut plain_ok = !(leading_space || leading_break || trailing_space || trailing_break);
    let mut single_ok = true;
    let mut block_ok = n > 0 && !trailing_space;
    if break_space {
        plain_ok = false;
        single_ok = false;
    }
    if space_break || special {
        plain_ok = false;
        single_ok = false;
        block_ok = false;
    }
    if line_breaks || block_indicators {
        plain_ok = false;
    }
    if s.contains('\n') {
        return if block_ok && !key { YamlStyle::Literal } else { YamlStyle::Double };
    }
    if !resolves_to_str(s) {
        return YamlStyle::Double;
    }
    if !plain_ok {
        return if single_ok { YamlStyle::Single } else { YamlStyle::Double };
    }
    YamlStyle::Plain
}

fn cached_regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// Whether yaml.v2 reads `s`, written plain, back as a string (not null, a YAML 1.1 boolean, a
/// number, a timestamp or a base-60 number).
fn resolves_to_str(s: &str) -> bool {
    static FLOAT: OnceLock<Option<Regex>> = OnceLock::new();
    static BASE60: OnceLock<Option<Regex>> = OnceLock::new();
    static TIMESTAMP: OnceLock<Option<Regex>> = OnceLock::new();
    const RESERVED: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ];
    let Some(&first) = s.as_bytes().first() else { return false };
    if !matches!(
        first,
        b'+' | b'-' | b'0'..=b'9' | b'.' | b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~'
    ) {
        return true;
    }
    if RESERVED.contains(&s) {
        return false;
    }
    match first {
        b'.' => parse_go_float(s).is_none(),
        b'+' | b'-' | b'0'..=b'9' => {
            let timestamp = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[+-][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?)?$";
            if first.is_ascii_digit() && cached_regex(&TIMESTAMP, timestamp).is_some_and(|r| r.is_match(s)) {
                return false;
            }
            let plain = s.replace('_', "");
            if parse_go_integer(&plain).is_some_and(|(neg, u)| !neg || u <= i64::MAX as u64 + 1) {
                return false;
            }
            let float = r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$";
            if cached_regex(&FLOAT, float).is_some_and(|r| r.is_match(&plain))
                && plain.parse::<f64>().is_ok_and(f64::is_finite)
            {
                return false;
            }
            let base60 = r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$";
            !cached_regex(&BASE60, base60).is_some_and(|r| r.is_match(s))
        }
        _ => true,
    }
}

/// yaml.v2's key order: runs of digits compare as numbers, a non-letter sorts before a letter.
fn yaml_key_cmp(a: &str, b: &str) -> Ordering {
    if yaml_key_less(a, b) {
        Ordering::Less
    } else if yaml_key_less(b, a) {
        Ordering::Greater
    } else {
        a.cmp(b)
    }
}

fn yaml_key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

// toToml: BurntSushi/toml's encoder, for the maps charts pass it.

fn to_toml(a: &[Value]) -> Res {
    let [v] = args("toToml", a)?;
    let mut out = String::new();
    match &*plain(v) {
        Value::Map(m) => toml_table(&mut out, m, &[]),
        other => toml_value(&mut out, other),
    }
    Ok(Value::str(out))
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::List(l) if !l.is_empty() && l.iter().all(is_table))
}

fn toml_key(k: &str) -> String {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        k.to_string()
    } else {
        toml_string(k)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_value(out: &mut String, v: &Value) {
    match &*plain(v) {
        Value::Nil => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_nan() => out.push_str("nan"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "+inf" } else { "-inf" }),
        Value::Float(f) => {
            let s = format!("{f}");
            out.push_str(&s);
            if !s.contains('.') {
                out.push_str(".0");
            }
        }
        Value::Str(s) => out.push_str(&toml_string(s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().filter(|v| !matches!(v, Value::Nil)).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                toml_value(out, item);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().filter(|(_, v)| !matches!(v, Value::Nil)).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{} = ", toml_key(k));
                toml_value(out, item);
            }
            out.push('}');
        }
        Value::Object(_) => {}
    }
}

fn toml_table(out: &mut String, m: &Map, path: &[&str]) {
    let indent = "  ".repeat(path.len());
    let nested = |v: &Value| is_table(v) || is_table_array(v);
    for (k, v) in m.iter().filter(|(_, v)| !matches!(v, Value::Nil) && !nested(v)) {
        let _ = write!(out, "{indent}{} = ", toml_key(k));
        toml_value(out, v);
        out.push('\n');
    }
    for (k, v) in m.iter().filter(|(_, v)| nested(v)) {
        let mut sub: Vec<&str> = path.to_vec();
        sub.push(k);
        let header: Vec<String> = sub.iter().map(|k| toml_key(k)).collect();
        let sub_indent = "  ".repeat(sub.len() - 1);
        match v {
            Value::Map(t) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{sub_indent}[{}]", header.join("."));
                toml_table(out, t, &sub);
            }
            Value::List(tables) => {
                for t in tables.iter().filter_map(Value::as_map) {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    let _ = writeln!(out, "{sub_indent}[[{}]]", header.join("."));
                    toml_table(out, t, &sub);
                }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hashes

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn sha1sum(a: &[Value]) -> Res {
    let [s] = args("sha1sum", a)?;
    Ok(Value::str(hex(&sha1::Sha1::digest(want_str(s)?.as_bytes()))))
}

fn sha256sum(a: &[Value]) -> Res {
    let [s] = args("sha256sum", a)?;
    Ok(Value::str(hex(&sha2::Sha256::digest(want_str(s)?.as_bytes()))))
}

fn sha512sum(a: &[Value]) -> Res {
    let [s] = args("sha512sum", a)?;
    Ok(Value::str(hex(&sha2::Sha512::digest(want_str(s)?.as_bytes()))))
}

fn adler32sum(a: &[Value]) -> Res {
    let [s] = args("adler32sum", a)?;
    let (mut x, mut y) = (1u32, 0u32);
    for &b in want_str(s)?.as_bytes() {
        x = (x + u32::from(b)) % 65521;
        y = (y + x) % 65521;
    }
    Ok(Value::str((y << 16 | x).to_string()))
}

/// MD5 (RFC 1321), small enough to carry here rather than add a crate for one function.
fn md5(input: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    const K: [u32; 64] = [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
        0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
        0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
        0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
        0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
        0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
        0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391,
    ];
    let mut msg = input.to_vec();
    let bit_len = (input.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_le_bytes());
    let mut h: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for block in msg.chunks(64) {
        let m: Vec<u32> = block.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(K[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 16];
    for (i, w) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

fn md5sum(a: &[Value]) -> Res {
    let [s] = args("md5sum", a)?;
    Ok(Value::str(hex(&md5(want_str(s)?.as_bytes()))))
}

// ---------------------------------------------------------------------------------------------
// Secrets and randomness. Helm generates fresh keys, certificates, salts and passwords on every
// render; a scan must render the same bytes every time and has no use for real secrets, so
// these return fixed placeholders of the right shape (PEM blocks, `user:$2a$...` hashes).

const PLACEHOLDER_CERT: &str =
    "-----BEGIN CERTIFICATE-----\nUkFNUEFSVCBQTEFDRUhPTERFUiBDRVJUSUZJQ0FURQ==\n-----END CERTIFICATE-----\n";
const PLACEHOLDER_KEY: &str =
    "-----BEGIN RSA PRIVATE KEY-----\nUkFNUEFSVCBQTEFDRUhPTERFUiBLRVk=\n-----END RSA PRIVATE KEY-----\n";
const PLACEHOLDER_BCRYPT: &str = "$2a$10$AAAAAAAAAAAAAAAAAAAAAOAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn htpasswd(a: &[Value]) -> Res {
    between("htpasswd", a, 2, 3)?;
    let user = want_str(&a[0])?;
    if user.contains(':') {
        return Ok(Value::str(format!("invalid username: {user}")));
    }
    Ok(Value::str(format!("{user}:{PLACEHOLDER_BCRYPT}")))
}

fn bcrypt(a: &[Value]) -> Res {
    let [_] = args("bcrypt", a)?;
    Ok(Value::str(PLACEHOLDER_BCRYPT))
}

fn gen_private_key(a: &[Value]) -> Res {
    let [kind] = args("genPrivateKey", a)?;
    let label = match want_str(kind)? {
        "rsa" => "RSA PRIVATE KEY",
        "dsa" => "DSA PRIVATE KEY",
        "ecdsa" => "EC PRIVATE KEY",
        "ed25519" => "PRIVATE KEY",
        other => return Ok(Value::str(format!("Unknown type {other}"))),
    };
    Ok(Value::str(format!("-----BEGIN {label}-----\nUkFNUEFSVCBQTEFDRUhPTERFUiBLRVk=\n-----END {label}-----\n")))
}

fn cert_pair(cert: &str, key: &str) -> Value {
    Value::from(Map::from([("Cert".to_string(), Value::str(cert)), ("Key".to_string(), Value::str(key))]))
}

/// `genCA`, `genSelfSignedCert`, `genSignedCert` and their `WithKey` forms: `.Cert` and `.Key`.
fn gen_cert(a: &[Value]) -> Res {
    between("genCA", a, 2, 6)?;
    Ok(cert_pair(PLACEHOLDER_CERT, PLACEHOLDER_KEY))
}

fn build_custom_cert(a: &[Value]) -> Res {
    let [cert, key] = args("buildCustomCert", a)?;
    let decode = |v: &Value| -> Result<String, String> {
        let bytes =
            BASE64.decode(want_str(v)?).map_err(|e| format!("unable to decode base64: {}", base64_error(&e)))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    Ok(cert_pair(&decode(cert)?, &decode(key)?))
}

fn derive_password(a: &[Value]) -> Res {
    let [..] = args::<5>("derivePassword", a)?;
    Ok(Value::str("placeholder-derived-password"))
}

/// Encryption is stood in for by base64, so `decryptAES (encryptAES k s)` still gives `s`.
fn encrypt_aes(a: &[Value]) -> Res {
    let [_, s] = args("encryptAES", a)?;
    Ok(Value::str(BASE64.encode(want_str(s)?)))
}

fn decrypt_aes(a: &[Value]) -> Res {
    let [_, s] = args("decryptAES", a)?;
    let bytes = BASE64.decode(want_str(s)?).map_err(|e| base64_error(&e))?;
    Ok(Value::str(String::from_utf8_lossy(&bytes)))
}

fn rand_bytes(a: &[Value]) -> Res {
    let [n] = args("randBytes", a)?;
    let n = usize::try_from(want_int(n)?).unwrap_or(0);
    Ok(Value::str(BASE64.encode(vec![0u8; checked_len("randBytes", n)?])))
}

// ---------------------------------------------------------------------------------------------
// Dates. A Go `time.Time` is carried as the string Go prints for it
// ("2026-01-01 00:00:00 +0000 UTC"), which is what `{{ now }}` shows; the date functions read
// that form (or RFC 3339, or Unix seconds) back. `now` is fixed (see [`NOW_UNIX`]) and every
// zone is UTC, so nothing depends on when or where the scan runs.

#[derive(Clone, Copy, Debug, PartialEq)]
struct Time {
    secs: i64,
    nanos: u32,
}

const NOW: Time = Time { secs: NOW_UNIX, nanos: 0 };
const NANOS_PER_SEC: i128 = 1_000_000_000;

fn time_value(secs: i64, nanos: u32) -> Value {
    Value::str(go_time_format("2006-01-02 15:04:05.999999999 -0700 MST", Time { secs, nanos }))
}

fn time_to_value(t: Time) -> Value {
    time_value(t.secs, t.nanos)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// A token of Go's reference-time layout at the start of `s`, and its length.
fn layout_token(s: &str) -> Option<(&'static str, usize)> {
    const TOKENS: &[&str] = &[
        "January",
        "Jan",
        "Monday",
        "Mon",
        "MST",
        "2006",
        "002",
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "15",
        "__2",
        "_2",
        "1",
        "2",
        "3",
        "4",
        "5",
        "PM",
        "pm",
        "-07:00:00",
        "-070000",
        "-07:00",
        "-0700",
        "-07",
        "Z07:00:00",
        "Z070000",
        "Z07:00",
        "Z0700",
        "Z07",
    ];
    if let Some(t) = TOKENS.iter().find(|t| s.starts_with(**t)) {
        return Some((t, t.len()));
    }
    let b = s.as_bytes();
    if b.len() > 1 && (b[0] == b'.' || b[0] == b',') && (b[1] == b'0' || b[1] == b'9') {
        let run = b[1..].iter().take_while(|&&c| c == b[1]).count();
        if !b.get(1 + run).is_some_and(u8::is_ascii_digit) {
            return Some((if b[1] == b'0' { ".0" } else { ".9" }, 1 + run));
        }
    }
    None
}

/// Go's `Time.Format` in UTC.
fn go_time_format(layout: &str, t: Time) -> String {
    let days = t.secs.div_euclid(86_400);
    let sod = t.secs.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (sod / 3600, sod % 3600 / 60, sod % 60);
    let wd = (days + 4).rem_euclid(7) as usize;
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let month = MONTHS[(mo - 1).clamp(0, 11) as usize];
    let mut out = String::new();
    let mut i = 0;
    while i < layout.len() {
        let rest = &layout[i..];
        let Some((tok, len)) = layout_token(rest) else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        let _ = match tok {
            "January" => write!(out, "{month}"),
            "Jan" => write!(out, "{}", &month[..3]),
            "Monday" => write!(out, "{}", WEEKDAYS[wd]),
            "Mon" => write!(out, "{}", &WEEKDAYS[wd][..3]),
            "MST" => write!(out, "UTC"),
            "2006" => write!(out, "{y:04}"),
            "002" => write!(out, "{yday:03}"),
            "__2" => write!(out, "{yday:>3}"),
            "01" => write!(out, "{mo:02}"),
            "02" => write!(out, "{d:02}"),
            "03" => write!(out, "{h12:02}"),
            "04" => write!(out, "{mi:02}"),
            "05" => write!(out, "{s:02}"),
            "06" => write!(out, "{:02}", y.rem_euclid(100)),
            "15" => write!(out, "{h:02}"),
            "_2" => write!(out, "{d:>2}"),
            "1" => write!(out, "{mo}"),
            "2" => write!(out, "{d}"),
            "3" => write!(out, "{h12}"),
            "4" => write!(out, "{mi}"),
            "5" => write!(out, "{s}"),
            "PM" => write!(out, "{}", if h >= 12 { "PM" } else { "AM" }),
            "pm" => write!(out, "{}", if h >= 12 { "pm" } else { "am" }),
            "-07:00:00" => write!(out, "+00:00:00"),
            "-070000" => write!(out, "+000000"),
            "-07:00" => write!(out, "+00:00"),
            "-0700" => write!(out, "+0000"),
            "-07" => write!(out, "+00"),
            "Z07:00:00" | "Z070000" | "Z07:00" | "Z0700" | "Z07" => write!(out, "Z"),
            ".0" => {
                let digits = format!("{:09}", t.nanos);
                write!(out, "{}{}", &rest[..1], &digits[..(len - 1).min(9)])
            }
            ".9" => {
                let digits = format!("{:09}", t.nanos);
                let digits = digits[..(len - 1).min(9)].trim_end_matches('0');
                if digits.is_empty() {
                    Ok(())
                } else {
                    write!(out, "{}{digits}", &rest[..1])
                }
            }
            _ => Ok(()),
        };
        i += len;
    }
    out
}

/// Go's `time.Parse` for the layout tokens charts use, in UTC.
fn go_time_parse(layout: &str, value: &str) -> Result<Time, String> {
    let fail = || format!("parsing time {value:?} as {layout:?}: cannot parse");
    let (mut y, mut mo, mut d, mut h, mut mi, mut s, mut nanos, mut offset) =
        (1i64, 1i64, 1i64, 0i64, 0i64, 0i64, 0u32, 0i64);
    let mut pm: Option<bool> = None;
    let (mut li, mut vi) = (0, 0);
    let num = |v: &str, min: usize, max: usize| -> Option<(i64, usize)> {
        let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if n < min {
            return None;
        }
        Some((v[..n].parse().ok()?, n))
    };
    while li < layout.len() {
        let lrest = &layout[li..];
        let vrest = &value[vi..];
        let Some((tok, len)) = layout_token(lrest) else {
            let c = lrest.chars().next().unwrap_or(' ');
            if !vrest.starts_with(c) {
                return Err(fail());
            }
            li += c.len_utf8();
            vi += c.len_utf8();
            continue;
        };
        li += len;
        let consumed = match tok {
            "January" | "Jan" => {
                let i = MONTHS
                    .iter()
                    .position(|m| if tok == "Jan" { vrest.starts_with(&m[..3]) } else { vrest.starts_with(m) })
                    .ok_or_else(fail)?;
                mo = i as i64 + 1;
                if tok == "Jan" {
                    3
                } else {
                    MONTHS[i].len()
                }
            }
            "Monday" | "Mon" => {
                let w = WEEKDAYS.iter().find(|w| vrest.starts_with(if tok == "Mon" { &w[..3] } else { w }));
                w.map(|w| if tok == "Mon" { 3 } else { w.len() }).ok_or_else(fail)?
            }
            "MST" => vrest.bytes().take_while(u8::is_ascii_uppercase).count(),
            "2006" => {
                let (v, n) = num(vrest, 4, 4).ok_or_else(fail)?;
                y = v;
                n
            }
            "06" => {
                let (v, n) = num(vrest, 2, 2).ok_or_else(fail)?;
                y = if v >= 69 { 1900 + v } else { 2000 + v };
                n
            }
            "01" | "1" | "02" | "2" | "_2" | "03" | "3" | "15" | "04" | "4" | "05" | "5" => {
                let pad = usize::from(tok == "_2" && vrest.starts_with(' '));
                let min = if tok.len() == 2 && tok != "_2" && tok != "15" { 2 } else { 1 };
                let (v, n) = num(&vrest[pad..], min, 2).ok_or_else(fail)?;
                match tok {
                    "01" | "1" => mo = v,
                    "02" | "2" | "_2" => d = v,
                    "03" | "3" | "15" => h = v,
                    "04" | "4" => mi = v,
                    _ => s = v,
                }
                let mut n = n + pad;
                // Go reads a fraction after the seconds even when the layout has none.
                if (tok == "05" || tok == "5") && !layout[li..].starts_with(['.', ',']) {
                    if let Some(frac) = vrest[n..].strip_prefix('.') {
                        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
                        nanos = format!("{:0<9}", &frac[..digits.min(9)]).parse().unwrap_or(0);
                        n += 1 + digits;
                    }
                }
                n
            }
            "002" | "__2" => {
                num(vrest.trim_start(), 1, 3).ok_or_else(fail)?.1 + (vrest.len() - vrest.trim_start().len())
            }
            "PM" | "pm" => {
                let up = vrest.get(..2).map(str::to_ascii_uppercase).ok_or_else(fail)?;
                pm = Some(match up.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return Err(fail()),
                });
                2
            }
            ".0" | ".9" => {
                let digits = vrest.get(1..).map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
                if digits > 0 {
                    nanos = format!("{:0<9}", &vrest[1..1 + digits.min(9)]).parse().unwrap_or(0);
                    1 + digits
                } else {
                    0
                }
            }
            _ => {
                // A zone: `Z` where the layout allows it, else ±hh[:mm[:ss]].
                if tok.starts_with('Z') && vrest.starts_with('Z') {
                    1
                } else {
                    let sign = match vrest.as_bytes().first() {
                        Some(b'+') => 1,
                        Some(b'-') => -1,
                        _ => return Err(fail()),
                    };
                    let body = &vrest[1..];
                    let digits: String = body.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
                    let clean: String = digits.chars().filter(char::is_ascii_digit).collect();
                    let hh: i64 = clean.get(..2).and_then(|x| x.parse().ok()).ok_or_else(fail)?;
                    let mm: i64 = clean.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
                    offset = sign * (hh * 3600 + mm * 60);
                    1 + digits.len()
                }
            }
        };
        vi += consumed;
        if vi > value.len() {
            return Err(fail());
        }
    }
    if vi != value.len() {
        return Err(format!("parsing time {value:?}: extra text: {:?}", &value[vi..]));
    }
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return Err(format!("parsing time {value:?}: value out of range"));
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset;
    Ok(Time { secs, nanos })
}

/// A time as Sprig's date functions take it: a time (here its string), or Unix seconds; anything
/// else is "now", as in Sprig.
fn time_arg(v: &Value) -> Time {
    match v {
        Value::Int(secs) => Time { secs: *secs, nanos: 0 },
        Value::Str(s) => parse_time_str(s).unwrap_or(NOW),
        _ => NOW,
    }
}

/// A `time.Time` parameter: the string form of one, or an error.
fn want_time(v: &Value) -> Result<Time, String> {
    match v {
        Value::Str(s) => {
            parse_time_str(s).ok_or_else(|| format!("wrong type for value; expected time.Time; got string {s:?}"))
        }
        Value::Int(secs) => Ok(Time { secs: *secs, nanos: 0 }),
        other => Err(format!("wrong type for value; expected time.Time; got {}", other.type_name())),
    }
}

fn parse_time_str(s: &str) -> Option<Time> {
    for layout in
        ["2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05 -0700 MST"]
    {
        if let Ok(t) = go_time_parse(layout, s) {
            return Some(t);
        }
    }
    None
}

fn date(a: &[Value]) -> Res {
    let [layout, t] = args("date", a)?;
    Ok(Value::str(go_time_format(want_str(layout)?, time_arg(t))))
}

/// Every zone is UTC here: the rendering must not depend on the machine's zone database.
fn date_in_zone(a: &[Value]) -> Res {
    let [layout, t, _zone] = args("dateInZone", a)?;
    Ok(Value::str(go_time_format(want_str(layout)?, time_arg(t))))
}

fn html_date(a: &[Value]) -> Res {
    let [t] = args("htmlDate", a)?;
    Ok(Value::str(go_time_format("2006-01-02", time_arg(t))))
}

fn html_date_in_zone(a: &[Value]) -> Res {
    let [t, _zone] = args("htmlDateInZone", a)?;
    Ok(Value::str(go_time_format("2006-01-02", time_arg(t))))
}

fn unix_epoch(a: &[Value]) -> Res {
    let [t] = args("unixEpoch", a)?;
    Ok(Value::str(want_time(t)?.secs.to_string()))
}

fn add_nanos(t: Time, d: i128) -> Time {
    let total = i128::from(t.secs) * NANOS_PER_SEC + i128::from(t.nanos) + d;
    let secs = total.div_euclid(NANOS_PER_SEC).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    Time { secs, nanos: total.rem_euclid(NANOS_PER_SEC) as u32 }
}

fn date_modify(a: &[Value]) -> Res {
    let [modifier, t] = args("dateModify", a)?;
    let t = want_time(t)?;
    match parse_go_duration(want_str(modifier)?) {
        Ok(d) => Ok(time_to_value(add_nanos(t, i128::from(d)))),
        Err(_) => Ok(time_to_value(t)),
    }
}

/// Sprig's `toDate` returns the zero time when the text does not parse.
fn to_date(a: &[Value]) -> Res {
    let [layout, s] = args("toDate", a)?;
    let t = go_time_parse(want_str(layout)?, want_str(s)?)
        .unwrap_or(Time { secs: days_from_civil(1, 1, 1) * 86_400, nanos: 0 });
    Ok(time_to_value(t))
}

fn must_to_date(a: &[Value]) -> Res {
    let [layout, s] = args("mustToDate", a)?;
    Ok(time_to_value(go_time_parse(want_str(layout)?, want_str(s)?)?))
}

fn since(t: Time) -> i128 {
    (i128::from(NOW.secs) - i128::from(t.secs)) * NANOS_PER_SEC - i128::from(t.nanos)
}

fn ago(a: &[Value]) -> Res {
    let [t] = args("ago", a)?;
    let d = since(time_arg(t));
    let rounded = (d + d.signum() * NANOS_PER_SEC / 2) / NANOS_PER_SEC * NANOS_PER_SEC;
    Ok(Value::str(go_duration(rounded)))
}

/// Sprig's `duration`: seconds (a number, or its string) as Go prints a `time.Duration`.
fn duration(a: &[Value]) -> Res {
    let [secs] = args("duration", a)?;
    let n: i64 = match secs {
        Value::Str(s) => s.parse().unwrap_or(0),
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        _ => 0,
    };
    Ok(Value::str(go_duration(i128::from(n) * NANOS_PER_SEC)))
}

/// Sprig's `durationRound`: a duration (string, or nanoseconds) or the time since a time, in its
/// largest unit, rounded down.
fn duration_round(a: &[Value]) -> Res {
    let [d] = args("durationRound", a)?;
    let ns: i128 = match d {
        Value::Str(s) => match parse_go_duration(s) {
            Ok(d) => i128::from(d),
            Err(_) => parse_time_str(s).map_or(0, since),
        },
        Value::Int(i) => i128::from(*i),
        _ => 0,
    };
    let u = ns.unsigned_abs();
    const HOUR: u128 = 3_600_000_000_000;
    let units: [(u128, &str); 6] = [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    for (unit, name) in units {
        if u > unit {
            return Ok(Value::str(format!("{}{name}", u / unit)));
        }
    }
    Ok(Value::str("0s"))
}

/// Go's `Duration.String` ("1h2m3.5s", "1.5ms", "0s").
fn go_duration(d: i128) -> String {
    if d == 0 {
        return "0s".into();
    }
    let u = d.unsigned_abs();
    let frac = |v: u128, div: u128, width: usize| -> String {
        let (int, rem) = (v / div, v % div);
        if rem == 0 {
            return int.to_string();
        }
        let digits = format!("{rem:0width$}");
        format!("{int}.{}", digits.trim_end_matches('0'))
    };
    let body = if u < 1_000 {
        format!("{u}ns")
    } else if u < 1_000_000 {
        format!("{}µs", frac(u, 1_000, 3))
    } else if u < 1_000_000_000 {
        format!("{}ms", frac(u, 1_000_000, 6))
    } else {
        let (h, rem) = (u / 3_600_000_000_000, u % 3_600_000_000_000);
        let (m, rem) = (rem / 60_000_000_000, rem % 60_000_000_000);
        let s = frac(rem, 1_000_000_000, 9);
        if h > 0 {
            format!("{h}h{m}m{s}s")
        } else if m > 0 {
            format!("{m}m{s}s")
        } else {
            format!("{s}s")
        }
    };
    if d < 0 {
        format!("-{body}")
    } else {
        body
    }
}

/// Go's `time.ParseDuration`: "1h30m", "-1.5h", "300ms"; nanoseconds.
fn parse_go_duration(s: &str) -> Result<i64, String> {
    let err = || format!("time: invalid duration {s:?}");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(err());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number: f64 = rest[..n].parse().map_err(|_| err())?;
        rest = &rest[n..];
        let u = rest.chars().take_while(|c| !c.is_ascii_digit() && *c != '.').map(char::len_utf8).sum::<usize>();
        let unit: f64 = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 6e10,
            "h" => 3.6e12,
            _ => return Err(err()),
        };
        rest = &rest[u..];
        total += number * unit;
    }
    if total > i64::MAX as f64 {
        return Err(err());
    }
    Ok(if neg { -(total.round() as i64) } else { total.round() as i64 })
}

// ---------------------------------------------------------------------------------------------
// Versions: Masterminds/semver v3, which Sprig's `semver` and `semverCompare` use.

const SEMVER_CORE: &str =
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
/// A version in a constraint, which may have `x`, `X` or `*` for a part.
const SEMVER_CV: &str = r"v?([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const SEMVER_OPS: &str = r"(!=|>=|=>|<=|=<|~>|\^|=|>|<|~)?";

#[derive(Debug, Clone)]
struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    meta: String,
    original: String,
}

fn semver_regex(
    cell: &'static OnceLock<Option<Regex>>,
    pattern: impl FnOnce() -> String,
) -> Result<&'static Regex, String> {
    cell.get_or_init(|| Regex::new(&pattern()).ok()).as_ref().ok_or_else(|| "semver: bad pattern".to_string())
}

/// semver's `NewVersion`: lenient (`v1`, `1.2` and `v1.21.3-gke.100` are versions).
fn parse_version(s: &str) -> Result<Version, String> {
    static VERSION: OnceLock<Option<Regex>> = OnceLock::new();
    let re = semver_regex(&VERSION, || format!("^{SEMVER_CORE}$"))?;
    let m = re.captures(s).ok_or("Invalid Semantic Version")?;
    let part = |i: usize| -> Result<u64, String> {
        match m.get(i) {
            None => Ok(0),
            Some(p) => {
                p.as_str().trim_start_matches('.').parse().map_err(|e| format!("Error parsing version segment: {e}"))
            }
        }
    };
    let pre = m.get(5).map_or("", |p| p.as_str()).to_string();
    for id in pre.split('.').filter(|_| !pre.is_empty()) {
        if id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Version segment starts with 0".into());
        }
    }
    Ok(Version {
        major: part(1)?,
        minor: part(2)?,
        patch: part(3)?,
        pre,
        meta: m.get(8).map_or("", |p| p.as_str()).to_string(),
        original: s.to_string(),
    })
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => s.cmp(o),
    }
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let (ap, bp): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for i in 0..ap.len().max(bp.len()) {
        let d = compare_pre_part(ap.get(i).copied().unwrap_or(""), bp.get(i).copied().unwrap_or(""));
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_versions(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch).cmp(&(b.major, b.minor, b.patch)).then_with(|| {
        match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&a.pre, &b.pre),
        }
    })
}

struct Constraint {
    op: String,
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

fn parse_constraint(c: &str) -> Result<Constraint, String> {
    static ONE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = semver_regex(&ONE, || format!(r"^\s*{SEMVER_OPS}\s*({SEMVER_CV})\s*$"))?;
    let m = re.captures(c).ok_or_else(|| format!("improper constraint: {c}"))?;
    let get = |i: usize| m.get(i).map_or("", |p| p.as_str());
    let (major, minor, patch, pre) = (get(3), get(4).trim_start_matches('.'), get(5).trim_start_matches('.'), get(6));
    let (mut dirty, mut minor_dirty, mut patch_dirty) = (false, false, false);
    let ver = if is_x(major.trim_start_matches('v')) {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(minor) || minor.is_empty() {
        dirty = true;
        minor_dirty = true;
        format!("{major}.0.0{pre}")
    } else if is_x(patch) || patch.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{major}.{minor}.0{pre}")
    } else {
        get(2).to_string()
    };
    let con = parse_version(&ver)?;
    Ok(Constraint { op: get(1).to_string(), con, dirty, minor_dirty, patch_dirty })
}

/// Whether `v` satisfies one constraint, as Masterminds/semver v3 decides: a prerelease version
/// only satisfies a constraint that names a prerelease (`>=1.19-0`).
fn check_constraint(v: &Version, c: &Constraint) -> bool {
    let con = &c.con;
    if !v.pre.is_empty() && con.pre.is_empty() {
        return false;
    }
    let cmp = compare_versions(v, con);
    let tilde = || {
        if cmp == Ordering::Less {
            return false;
        }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minor_dirty && !c.patch_dirty {
            return true;
        }
        v.major == con.major && (v.minor == con.minor || c.minor_dirty)
    };
    match c.op.as_str() {
        "" | "=" => {
            if c.dirty {
                tilde()
            } else {
                cmp == Ordering::Equal
            }
        }
        "!=" => {
            if c.dirty {
                if con.major != v.major {
                    return true;
                }
                if c.minor_dirty {
                    return false;
                }
                if con.minor != v.minor {
                    return true;
                }
                if c.patch_dirty {
                    return (!v.pre.is_empty() || !con.pre.is_empty())
                        && compare_prerelease(&v.pre, &con.pre) != Ordering::Equal;
                }
            }
            cmp != Ordering::Equal
        }
        ">" => {
            if !c.dirty {
                return cmp == Ordering::Greater;
            }
            if v.major != con.major {
                return v.major > con.major;
            }
            if c.minor_dirty {
                return false;
            }
            if c.patch_dirty {
                return v.minor > con.minor;
            }
            cmp == Ordering::Greater
        }
        "<" => cmp == Ordering::Less,
        ">=" | "=>" => cmp != Ordering::Less,
        "<=" | "=<" => {
            if !c.dirty {
                return cmp != Ordering::Greater;
            }
            !(v.major > con.major || v.major == con.major && v.minor > con.minor && !c.minor_dirty)
        }
        "~" | "~>" => tilde(),
        "^" => {
            if cmp == Ordering::Less {
                return false;
            }
            if con.major > 0 || c.minor_dirty {
                return v.major == con.major;
            }
            if v.major > 0 {
                return false;
            }
            if con.minor > 0 || c.patch_dirty {
                return v.minor == con.minor;
            }
            if v.minor > 0 {
                return false;
            }
            v.patch == con.patch
        }
        _ => false,
    }
}

/// semver's `NewConstraint`: `||` separates alternatives, commas or spaces join requirements,
/// `1.2 - 1.4` is a range.
fn parse_constraints(c: &str) -> Result<Vec<Vec<Constraint>>, String> {
    static RANGE: OnceLock<Option<Regex>> = OnceLock::new();
    static VALID: OnceLock<Option<Regex>> = OnceLock::new();
    static FIND: OnceLock<Option<Regex>> = OnceLock::new();
    let range = semver_regex(&RANGE, || format!(r"\s*({SEMVER_CV})\s+-\s+({SEMVER_CV})\s*"))?;
    let valid = semver_regex(&VALID, || format!(r"^(\s*{SEMVER_OPS}\s*{SEMVER_CV}\s*,?)+$"))?;
    let find = semver_regex(&FIND, || format!(r"{SEMVER_OPS}\s*{SEMVER_CV}"))?;
    let c = range.replace_all(c, ">= ${1}, <= ${11}");
    c.split("||")
        .map(|group| {
            if !valid.is_match(group) {
                return Err(format!("improper constraint: {group}"));
            }
            find.find_iter(group).map(|m| parse_constraint(m.as_str())).collect()
        })
        .collect()
}

fn semver(a: &[Value]) -> Res {
    let [s] = args("semver", a)?;
    let v = parse_version(want_str(s)?)?;
    Ok(Value::from(Map::from([
        ("Major".to_string(), Value::Int(v.major as i64)),
        ("Minor".to_string(), Value::Int(v.minor as i64)),
        ("Patch".to_string(), Value::Int(v.patch as i64)),
        ("Prerelease".to_string(), Value::str(&v.pre)),
        ("Metadata".to_string(), Value::str(&v.meta)),
        ("Original".to_string(), Value::str(&v.original)),
    ])))
}

fn semver_compare(a: &[Value]) -> Res {
    let [constraint, version] = args("semverCompare", a)?;
    let groups = parse_constraints(want_str(constraint)?)?;
    let v = parse_version(want_str(version)?)?;
    Ok(Value::Bool(groups.iter().any(|group| group.iter().all(|c| check_constraint(&v, c)))))
}

// ---------------------------------------------------------------------------------------------
// URLs and paths (Go's net/url and path)

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn url_parse(a: &[Value]) -> Res {
    let [s] = args("urlParse", a)?;
    let s = want_str(s)?;
    let (rest, fragment) = s.split_once('#').unwrap_or((s, ""));
    let scheme_len = rest
        .find(':')
        .filter(|&i| {
            i > 0
                && rest.as_bytes()[0].is_ascii_alphabetic()
                && rest[..i].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        })
        .unwrap_or(0);
    let (scheme, rest) = if scheme_len > 0 { (&rest[..scheme_len], &rest[scheme_len + 1..]) } else { ("", rest) };
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (mut opaque, mut host, mut userinfo, mut path) = ("", "", "", rest);
    if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest;
        path = "";
    } else if let Some(authority) = rest.strip_prefix("//") {
        let end = authority.find('/').unwrap_or(authority.len());
        path = &authority[end..];
        let authority = &authority[..end];
        match authority.rsplit_once('@') {
            Some((user, h)) => {
                userinfo = user;
                host = h;
            }
            None => host = authority,
        }
    }
    let hostname = if let Some(inner) = host.strip_prefix('[') {
        inner.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host })
    };
    let entries = [
        ("scheme", scheme.to_ascii_lowercase()),
        ("host", host.to_string()),
        ("hostname", hostname.to_string()),
        ("path", percent_decode(path)),
        ("query", query.to_string()),
        ("opaque", opaque.to_string()),
        ("fragment", percent_decode(fragment)),
        ("userinfo", userinfo.to_string()),
    ];
    Ok(Value::from(entries.into_iter().map(|(k, v)| (k.to_string(), Value::str(v))).collect::<Map>()))
}

fn escape_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn url_join(a: &[Value]) -> Res {
    let [d] = args("urlJoin", a)?;
    let d = want_map(d)?;
    let get = |k: &str| d.get(k).map(strval).unwrap_or_default();
    let (scheme, host, path, query, opaque, fragment, user) =
        (get("scheme"), get("host"), get("path"), get("query"), get("opaque"), get("fragment"), get("userinfo"));
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        if (!scheme.is_empty() || !host.is_empty() || !user.is_empty())
            && (!host.is_empty() || !path.is_empty() || !user.is_empty())
        {
            out.push_str("//");
        }
        if !user.is_empty() {
            out.push_str(&user);
            out.push('@');
        }
        out.push_str(&host);
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out.push_str(&escape_path(&path));
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&escape_path(&fragment));
    }
    Ok(Value::str(out))
}

/// Go's `path.Clean`.
fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn path_base(a: &[Value]) -> Res {
    str_fn("base", a, |p| {
        if p.is_empty() {
            return ".".into();
        }
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            return "/".into();
        }
        t.rsplit('/').next().unwrap_or(t).to_string()
    })
}

fn path_dir(a: &[Value]) -> Res {
    str_fn("dir", a, |p| clean_path(&p[..p.rfind('/').map_or(0, |i| i + 1)]))
}

fn path_ext(a: &[Value]) -> Res {
    str_fn("ext", a, |p| {
        let last = p.rsplit('/').next().unwrap_or(p);
        last.rfind('.').map_or(String::new(), |i| last[i..].to_string())
    })
}

fn path_clean(a: &[Value]) -> Res {
    str_fn("clean", a, clean_path)
}

fn path_is_abs(a: &[Value]) -> Res {
    let [p] = args("isAbs", a)?;
    Ok(Value::Bool(want_str(p)?.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn i(x: i64) -> Value {
        Value::Int(x)
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    fn l(items: Vec<Value>) -> Value {
        Value::from(items)
    }

    fn m(pairs: &[(&str, Value)]) -> Value {
        Value::from(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Map>())
    }

    fn call(name: &str, args: &[Value]) -> Value {
        match lookup(name) {
            Some(func) => func(args).unwrap_or_else(|e| panic!("{name}: {e}")),
            None => panic!("{name} is not defined"),
        }
    }

    fn call_str(name: &str, args: &[Value]) -> String {
        call(name, args).to_go_string()
    }

    fn call_err(name: &str, args: &[Value]) -> String {
        match lookup(name) {
            Some(func) => func(args).expect_err(name),
            None => panic!("{name} is not defined"),
        }
    }

    #[test]
    fn sprintf_matches_go() {
        let map = m(&[("a", i(1)), ("b", l(vec![s("x"), s("y")]))]);
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("%05d", vec![i(42)], "00042"),
            ("%5d|%-5d|", vec![i(42), i(42)], "   42|42   |"),
            ("%+d % d", vec![i(5), i(5)], "+5  5"),
            ("%-5s|%5s", vec![s("ab"), s("ab")], "ab   |   ab"),
            ("%s %v %d", vec![s("x"), i(3), i(-7)], "x 3 -7"),
            ("%d", vec![f(8080.0)], "%!d(float64=8080)"),
            ("%s", vec![i(5)], "%!s(int=5)"),
            ("%s", vec![Value::Nil], "%!s(<nil>)"),
            ("%v", vec![Value::Nil], "<nil>"),
            ("%v", vec![map], "map[a:1 b:[x y]]"),
            ("%v", vec![l(vec![i(1), s("a"), Value::Nil])], "[1 a <nil>]"),
            ("%d", vec![l(vec![i(1), i(2)])], "[1 2]"),
            ("%q", vec![s("a\"b\n")], "\"a\\\"b\\n\""),
            ("%q", vec![i(65)], "'A'"),
            ("%t", vec![Value::Bool(true)], "true"),
            ("%.2f", vec![f(1.23456)], "1.23"),
            ("%6.2f|%-7.1f|", vec![f(1.23456), f(2.25)], "  1.23|2.2    |"),
            ("%08.3f", vec![f(-1.23456)], "-001.235"),
            ("%f", vec![f(1.5)], "1.500000"),
            ("%.0f", vec![f(2.5)], "2"),
            ("%e", vec![f(1234.5678)], "1.234568e+03"),
            ("%E", vec![f(0.000123)], "1.230000E-04"),
            ("%g %g", vec![f(1e6), f(0.5)], "1e+06 0.5"),
            ("%.3g|%.3g|%.10g", vec![f(1234.5678), f(0.0001234), f(1.5)], "1.23e+03|0.000123|1.5"),
            ("%v %v", vec![f(1.5), f(100000000.0)], "1.5 1e+08"),
            ("%x %X %#x %o %b", vec![i(255), i(255), i(255), i(8), i(5)], "ff FF 0xff 10 101"),
            ("%x", vec![s("hi")], "6869"),
            ("%c%c", vec![i(72), i(105)], "Hi"),
            ("%U", vec![i(0x1F600)], "U+1F600"),
            ("%T %T %T", vec![i(1), s("a"), l(vec![])], "int string []interface {}"),
            ("%.3s", vec![s("abcdef")], "abc"),
            ("100%%", vec![], "100%"),
            ("%d %d", vec![i(1)], "1 %!d(MISSING)"),
            ("%d", vec![i(1), i(2), s("x")], "1%!(EXTRA int=2, string=x)"),
            ("%[2]d %[1]d", vec![i(1), i(2)], "2 1"),
            ("%*d", vec![i(4), i(7)], "   7"),
            ("%z", vec![i(1)], "%!z(int=1)"),
            ("%", vec![], "%!(NOVERB)"),
            ("%t", vec![s("x")], "%!t(string=x)"),
            ("%.2f", vec![i(3)], "%!f(int=03)"),
            ("%#v", vec![s("x")], "\"x\""),
        ];
        for (format, args, want) in cases {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    #[test]
    fn print_family_spaces_like_go() {
        assert_eq!(call_str("print", &[s("a"), i(1), i(2), s("b")]), "a1 2b");
        assert_eq!(call_str("print", &[i(1), i(2)]), "1 2");
        assert_eq!(call_str("print", &[Value::Nil]), "<nil>");
        assert_eq!(call_str("println", &[s("a"), i(1)]), "a 1\n");
        assert_eq!(call_str("printf", &[s("%s-%d"), s("x"), i(2)]), "x-2");
        assert_eq!(call_str("html", &[s("<a href='x'>&\"")]), "&lt;a href=&#39;x&#39;&gt;&amp;&#34;");
        assert_eq!(call_str("js", &[s("a'b<\n")]), "a\\'b\\u003C\\u000A");
        assert_eq!(call_str("urlquery", &[s("a b&c/é")]), "a+b%26c%2F%C3%A9");
    }

    #[test]
    fn builtins() {
        assert!(call("eq", &[s("a"), s("a")]).truthy());
        assert!(call("eq", &[i(1), i(2), i(1)]).truthy());
        assert!(call("eq", &[i(1), f(1.0)]).truthy());
        assert!(call("eq", &[Value::Nil, Value::Nil]).truthy());
        assert!(!call("eq", &[Value::Nil, s("a")]).truthy());
        assert_eq!(call_err("eq", &[s("1"), i(1)]), "incompatible types for comparison");
        assert!(call("ne", &[s("a"), s("b")]).truthy());
        assert!(call("lt", &[i(1), i(2)]).truthy());
        assert!(call("lt", &[s("a"), s("b")]).truthy());
        assert!(call("gt", &[i(3), f(2.5)]).truthy());
        assert!(call("ge", &[i(2), i(2)]).truthy());
        assert!(call("le", &[i(2), i(2)]).truthy());
        assert_eq!(call_err("lt", &[s("a"), i(1)]), "incompatible types for comparison");
        assert_eq!(call_err("lt", &[Value::Bool(true), Value::Bool(false)]), "invalid type for comparison");
        assert_eq!(call("len", &[s("héllo")]), i(6));
        assert_eq!(call("len", &[l(vec![i(1), i(2)])]), i(2));
        assert!(call_err("len", &[i(1)]).contains("len of type int"));
        assert!(call("not", &[i(0)]).truthy());
        let nested = m(&[("a", l(vec![s("x"), m(&[("b", s("deep"))])]))]);
        assert_eq!(call("index", &[nested.clone(), s("a"), i(1), s("b")]), s("deep"));
        assert_eq!(call("index", &[nested.clone(), s("missing")]), Value::Nil);
        assert_eq!(call_err("index", &[nested, s("a"), i(5)]), "index out of range: 5");
        assert_eq!(call_err("indent", &[i(1)]), "wrong number of args for indent: want 2 got 1");
        assert!(lookup("env").is_none() && lookup("expandenv").is_none() && lookup("include").is_none());
    }

    #[test]
    fn quoting() {
        assert_eq!(call_str("quote", &[s("a"), Value::Nil, i(1)]), "\"a\" \"1\"");
        assert_eq!(call_str("quote", &[Value::Nil]), "");
        assert_eq!(call_str("quote", &[s("é\t\u{a0}\u{7}")]), "\"é\\t\\u00a0\\a\"");
        assert_eq!(call_str("squote", &[s("a"), Value::Nil, f(1.5)]), "'a' '1.5'");
        assert_eq!(call_str("cat", &[s("a"), Value::Nil, i(1), s("b")]), "a 1 b");
        assert_eq!(call_str("toString", &[Value::Nil]), "<nil>");
        assert_eq!(call_str("toString", &[f(1.5)]), "1.5");
    }

    #[test]
    fn string_functions() {
        assert_eq!(call_str("trunc", &[i(-3), s("abcdef")]), "def");
        assert_eq!(call_str("trunc", &[i(3), s("abcdef")]), "abc");
        assert_eq!(call_str("trunc", &[i(63), s("short")]), "short");
        assert_eq!(call_str("trunc", &[i(-10), s("abc")]), "abc");
        assert_eq!(call_str("trunc", &[f(2.0), s("héllo")]), "h");
        assert_eq!(call_str("indent", &[i(2), s("a\nb")]), "  a\n  b");
        assert_eq!(call_str("nindent", &[i(4), s("a\n\nb")]), "\n    a\n    \n    b");
        assert_eq!(call_str("replace", &[s("a"), s("b"), s("banana")]), "bbnbnb");
        assert_eq!(call_str("trimPrefix", &[s("foo-"), s("foo-bar")]), "bar");
        assert_eq!(call_str("trimSuffix", &[s("-"), s("name-")]), "name");
        assert_eq!(call_str("trimAll", &[s("$"), s("$$5$")]), "5");
        assert_eq!(call_str("trim", &[s("  x \n")]), "x");
        assert_eq!(call_str("upper", &[s("abc")]), "ABC");
        assert_eq!(call_str("title", &[s("hello world-foo")]), "Hello World-Foo");
        assert_eq!(call_str("untitle", &[s("Hello World")]), "hello world");
        assert_eq!(call_str("substr", &[i(1), i(3), s("hello")]), "el");
        assert_eq!(call_str("substr", &[i(-1), i(2), s("hello")]), "he");
        assert_eq!(call_str("substr", &[i(2), i(100), s("hello")]), "llo");
        assert_eq!(call_str("abbrev", &[i(5), s("hello world")]), "he...");
        assert_eq!(call_str("abbrevboth", &[i(5), i(10), s("1234 5678 9123")]), "...5678...");
        assert_eq!(call_str("initials", &[s("First Try")]), "FT");
        assert_eq!(call_str("wrap", &[i(5), s("Hello World")]), "Hello\nWorld");
        assert_eq!(call_str("wrapWith", &[i(5), s("\t"), s("Hello World")]), "Hello\tWorld");
        assert_eq!(call_str("plural", &[s("one"), s("many"), i(2)]), "many");
        assert_eq!(call_str("snakecase", &[s("FirstName")]), "first_name");
        assert_eq!(call_str("snakecase", &[s("HTTPServer")]), "http_server");
        assert_eq!(call_str("kebabcase", &[s("FirstName")]), "first-name");
        assert_eq!(call_str("camelcase", &[s("http_server")]), "HttpServer");
        assert_eq!(call_str("swapcase", &[s("Hello")]), "hELLO");
        assert_eq!(call_str("nospace", &[s("a b\tc")]), "abc");
        assert_eq!(call_str("repeat", &[i(3), s("ab")]), "ababab");
        assert!(call_err("repeat", &[i(1 << 40), s("ab")]).contains("too large"));
        assert!(call_err("repeat", &[i(-1), s("ab")]).contains("negative"));
        assert_eq!(call_str("randAlphaNum", &[i(5)]), "aaaaa");
        assert_eq!(call_str("randNumeric", &[i(3)]), "000");
        assert_eq!(call_str("shuffle", &[s("abc")]), "abc");
        assert!(call("contains", &[s("ell"), s("hello")]).truthy());
        assert!(call("hasPrefix", &[s("he"), s("hello")]).truthy());
        assert!(call("hasSuffix", &[s("lo"), s("hello")]).truthy());
        assert_eq!(call_err("upper", &[i(1)]), "wrong type for value; expected string; got int");
        assert_eq!(call_str("upper", &[Value::Nil]), "");
    }

    #[test]
    fn regexes() {
        assert!(call("regexMatch", &[s("^[a-z]+$"), s("abc")]).truthy());
        assert_eq!(call_str("regexFindAll", &[s("[2,4,6,8]"), s("123456789"), i(-1)]), "[2 4 6 8]");
        assert_eq!(call_str("regexFindAll", &[s("[2,4,6,8]"), s("123456789"), i(2)]), "[2 4]");
        assert_eq!(call_str("regexFind", &[s("[a-z]+"), s("12abc3")]), "abc");
        assert_eq!(call_str("regexReplaceAll", &[s("a(x*)b"), s("-ab-axxb-"), s("${1}W")]), "-W-xxW-");
        assert_eq!(call_str("regexReplaceAllLiteral", &[s("a(x*)b"), s("-ab-axxb-"), s("${1}")]), "-${1}-${1}-");
        assert_eq!(call_str("regexSplit", &[s("z+"), s("pizza"), i(-1)]), "[pi a]");
        assert_eq!(call_str("regexSplit", &[s("z+"), s("pizza"), i(1)]), "[pizza]");
        assert_eq!(call_str("regexQuoteMeta", &[s("1.2*")]), "1\\.2\\*");
        assert!(call_err("regexMatch", &[s("("), s("x")]).starts_with("error parsing regexp"));
    }

    #[test]
    fn conversions() {
        assert_eq!(call("atoi", &[s("42")]), i(42));
        assert_eq!(call("atoi", &[s("x")]), i(0));
        assert_eq!(call("int", &[s("42")]), i(42));
        assert_eq!(call("int", &[f(3.9)]), i(3));
        assert_eq!(call("int", &[s("8080.00")]), i(8080));
        assert_eq!(call("int", &[Value::Bool(true)]), i(1));
        assert_eq!(call("int", &[Value::Nil]), i(0));
        assert_eq!(call("int64", &[s("0x10")]), i(16));
        assert_eq!(call("float64", &[s("1.5")]), f(1.5));
        assert_eq!(call("toDecimal", &[s("0777")]), i(511));
        assert_eq!(call_str("split", &[s("$"), s("foo$bar$baz")]), "map[_0:foo _1:bar _2:baz]");
        assert_eq!(call_str("splitList", &[s(","), s("a,b")]), "[a b]");
        assert_eq!(call_str("splitn", &[s("$"), i(2), s("foo$bar$baz")]), "map[_0:foo _1:bar$baz]");
        assert_eq!(call_str("join", &[s("-"), l(vec![i(1), Value::Nil, s("a")])]), "1-a");
        assert_eq!(call_str("sortAlpha", &[l(vec![s("b"), s("a"), i(1)])]), "[1 a b]");
        assert_eq!(call_str("toStrings", &[l(vec![i(1), f(2.5)])]), "[1 2.5]");
    }

    #[test]
    fn math() {
        assert_eq!(call("add", &[i(1), i(2), s("3")]), i(6));
        assert_eq!(call("add1", &[f(1.9)]), i(2));
        assert_eq!(call("sub", &[i(5), i(3)]), i(2));
        assert_eq!(call("div", &[i(7), i(2)]), i(3));
        assert!(call_err("div", &[i(1), i(0)]).contains("divide by zero"));
        assert_eq!(call("mod", &[i(7), i(3)]), i(1));
        assert_eq!(call("mul", &[i(2), i(3), i(4)]), i(24));
        assert_eq!(call("max", &[i(1), i(5), i(3)]), i(5));
        assert_eq!(call("min", &[i(4), i(1), i(3)]), i(1));
        assert_eq!(call("floor", &[f(1.7)]), f(1.0));
        assert_eq!(call("ceil", &[f(1.2)]), f(2.0));
        assert_eq!(call("round", &[f(1.23456), i(2)]), f(1.23));
        assert_eq!(call("round", &[f(2.5), i(0)]), f(3.0));
        assert!(matches!(call("addf", &[f(0.1), f(0.2)]), Value::Float(x) if x == 0.3));
        assert!(matches!(call("subf", &[f(1.5), f(0.3)]), Value::Float(x) if x == 1.2));
        assert!(matches!(call("mulf", &[f(1.1), i(3)]), Value::Float(x) if x == 3.3));
        assert!(matches!(call("divf", &[i(10), i(4)]), Value::Float(x) if x == 2.5));
        assert!(matches!(call("divf", &[i(1), i(3)]), Value::Float(x) if x == 1.0 / 3.0));
        assert!(call_err("divf", &[i(1), i(0)]).contains("division by 0"));
        assert_eq!(call("maxf", &[i(1), f(2.5)]), f(2.5));
        assert_eq!(call_str("seq", &[i(5)]), "1 2 3 4 5");
        assert_eq!(call_str("seq", &[i(5), i(3)]), "5 4 3");
        assert_eq!(call_str("seq", &[i(0), i(2), i(6)]), "0 2 4 6");
        assert_eq!(call_str("seq", &[i(-3)]), "1 0 -1 -2 -3");
        assert_eq!(call_str("until", &[i(3)]), "[0 1 2]");
        assert_eq!(call_str("untilStep", &[i(0), i(10), i(3)]), "[0 3 6 9]");
        assert_eq!(call_str("untilStep", &[i(0), i(10), i(0)]), "[]");
        assert!(call_err("until", &[i(2_000_000)]).contains("too large"));
    }

    #[test]
    fn lists() {
        let list = l(vec![i(1), i(2), i(3)]);
        assert_eq!(call("first", &[l(vec![])]), Value::Nil);
        assert_eq!(call("first", std::slice::from_ref(&list)), i(1));
        assert_eq!(call("last", std::slice::from_ref(&list)), i(3));
        assert_eq!(call("last", &[l(vec![])]), Value::Nil);
        assert_eq!(call_str("rest", std::slice::from_ref(&list)), "[2 3]");
        assert_eq!(call_str("initial", std::slice::from_ref(&list)), "[1 2]");
        assert_eq!(call_str("append", &[list.clone(), i(4)]), "[1 2 3 4]");
        assert_eq!(call_str("prepend", &[list.clone(), i(0)]), "[0 1 2 3]");
        assert_eq!(call_str("concat", &[list.clone(), l(vec![s("a")])]), "[1 2 3 a]");
        assert_eq!(call_str("reverse", std::slice::from_ref(&list)), "[3 2 1]");
        assert_eq!(call_str("uniq", &[l(vec![i(1), i(1), i(2), s("1")])]), "[1 2 1]");
        assert_eq!(call_str("without", &[list.clone(), i(2)]), "[1 3]");
        assert!(call("has", &[i(2), list.clone()]).truthy());
        assert!(!call("has", &[f(2.0), list.clone()]).truthy());
        assert!(!call("has", &[i(2), Value::Nil]).truthy());
        assert_eq!(call_str("compact", &[l(vec![i(1), s(""), Value::Nil, i(0), s("a")])]), "[1 a]");
        assert_eq!(call_str("slice", &[list.clone(), i(1), i(3)]), "[2 3]");
        assert_eq!(call_str("slice", &[list.clone(), i(1)]), "[2 3]");
        assert!(call_err("slice", &[list.clone(), i(2), i(9)]).contains("out of range"));
        assert_eq!(call_str("chunk", &[i(2), list.clone()]), "[[1 2] [3]]");
        assert!(call_err("first", &[i(1)]).contains("Cannot find first on type int"));
    }

    #[test]
    fn dicts() {
        assert_eq!(call_str("dict", &[s("a"), i(1), s("b")]), "map[a:1 b:]");
        let d = m(&[("a", i(1)), ("n", m(&[("x", i(1))]))]);
        assert_eq!(call_str("get", &[d.clone(), s("a")]), "1");
        assert_eq!(call("get", &[d.clone(), s("zz")]), s(""));
        assert_eq!(call_str("set", &[d.clone(), s("b"), i(2)]), "map[a:1 b:2 n:map[x:1]]");
        assert_eq!(call_str("unset", &[d.clone(), s("a")]), "map[n:map[x:1]]");
        assert!(call("hasKey", &[d.clone(), s("n")]).truthy());
        assert_eq!(call_str("pluck", &[s("a"), d.clone(), m(&[("a", i(2))]), m(&[])]), "[1 2]");
        assert_eq!(call("dig", &[s("n"), s("x"), s("def"), d.clone()]), i(1));
        assert_eq!(call("dig", &[s("n"), s("y"), s("def"), d.clone()]), s("def"));
        assert_eq!(call("dig", &[s("q"), s("y"), s("def"), d.clone()]), s("def"));
        let src = m(&[("a", i(2)), ("b", i(3)), ("n", m(&[("x", i(2)), ("y", i(2))]))]);
        assert_eq!(call_str("merge", &[d.clone(), src.clone()]), "map[a:1 b:3 n:map[x:1 y:2]]");
        assert_eq!(call_str("mergeOverwrite", &[d.clone(), src]), "map[a:2 b:3 n:map[x:2 y:2]]");
        // mergo replaces an empty value even without overwrite.
        assert_eq!(
            call_str(
                "merge",
                &[m(&[("a", s("")), ("b", Value::Bool(false))]), m(&[("a", s("x")), ("b", Value::Bool(true))])]
            ),
            "map[a:x b:true]"
        );
        assert_eq!(call_str("mergeOverwrite", &[m(&[("a", i(1))]), m(&[("a", i(0))])]), "map[a:0]");
        assert_eq!(call_str("keys", &[m(&[("b", i(1)), ("a", i(2))])]), "[a b]");
        assert_eq!(call_str("values", &[m(&[("b", i(1)), ("a", i(2))])]), "[2 1]");
        assert_eq!(call_str("pick", &[d.clone(), s("a"), s("zz")]), "map[a:1]");
        assert_eq!(call_str("omit", &[d.clone(), s("a")]), "map[n:map[x:1]]");
        assert_eq!(call("deepCopy", std::slice::from_ref(&d)), d);
    }

    #[test]
    fn types_and_flow() {
        assert_eq!(call_str("typeOf", &[i(1)]), "int");
        assert_eq!(call_str("typeOf", &[f(1.0)]), "float64");
        assert_eq!(call_str("kindOf", &[l(vec![])]), "slice");
        assert!(call("kindIs", &[s("map"), m(&[])]).truthy());
        assert!(call("typeIs", &[s("string"), s("x")]).truthy());
        assert!(call("typeIsLike", &[s("*int"), i(1)]).truthy());
        assert!(call("deepEqual", &[l(vec![i(1)]), l(vec![i(1)])]).truthy());
        for empty in [Value::Nil, s(""), i(0), f(0.0), Value::Bool(false), l(vec![]), m(&[])] {
            assert_eq!(call("default", &[s("d"), empty.clone()]), s("d"), "{empty:?}");
            assert!(call("empty", &[empty]).truthy());
        }
        assert_eq!(call("default", &[s("d")]), s("d"));
        assert_eq!(call("default", &[s("d"), s("x")]), s("x"));
        assert_eq!(call("default", &[s("d"), i(5)]), i(5));
        assert_eq!(call("coalesce", &[Value::Nil, s(""), s("a")]), s("a"));
        assert_eq!(call("coalesce", &[Value::Nil]), Value::Nil);
        assert!(call("all", &[i(1), s("a")]).truthy());
        assert!(!call("all", &[i(1), s("")]).truthy());
        assert!(call("any", &[i(0), s("a")]).truthy());
        assert_eq!(call("ternary", &[s("a"), s("b"), Value::Bool(true)]), s("a"));
        assert_eq!(call("ternary", &[s("a"), s("b"), Value::Bool(false)]), s("b"));
        assert_eq!(call_err("fail", &[s("boom")]), "boom");
        assert_eq!(call_err("required", &[s("x is required"), Value::Nil]), "x is required");
        assert_eq!(call_err("required", &[s("x is required"), s("")]), "x is required");
        assert_eq!(call("required", &[s("msg"), i(0)]), i(0));
        assert_eq!(call_str("lookup", &[s("v1"), s("Secret"), s("ns"), s("name")]), "map[]");
    }

    #[test]
    fn encodings() {
        assert_eq!(call_str("b64enc", &[s("hello")]), "aGVsbG8=");
        assert_eq!(call_str("b64dec", &[s("aGVsbG8=")]), "hello");
        assert!(call_str("b64dec", &[s("!!")]).starts_with("illegal base64 data"));
        assert_eq!(call_str("b32enc", &[s("hello")]), "NBSWY3DP");
        assert_eq!(call_str("b32enc", &[s("a")]), "ME======");
        assert_eq!(call_str("b32dec", &[s("NBSWY3DP")]), "hello");
        assert_eq!(call_str("b32dec", &[s("ME======")]), "a");
        let v = m(&[("a", i(1)), ("b", l(vec![f(1.5), s("x<y")])), ("c", Value::Nil)]);
        assert_eq!(call_str("toJson", std::slice::from_ref(&v)), r#"{"a":1,"b":[1.5,"x\u003cy"],"c":null}"#);
        assert_eq!(call_str("toRawJson", &[v]), r#"{"a":1,"b":[1.5,"x<y"],"c":null}"#);
        assert_eq!(
            call_str("toJson", &[l(vec![f(1e21), f(1e-7), f(8080.0), f(1e20)])]),
            "[1e+21,1e-7,8080,100000000000000000000]"
        );
        assert_eq!(call_str("toJson", &[f(f64::NAN)]), "");
        assert_eq!(
            call_str("toPrettyJson", &[m(&[("a", l(vec![i(1)])), ("b", m(&[]))])]),
            "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}"
        );
        assert_eq!(
            call("fromJson", &[s(r#"{"a": 1, "b": [true]}"#)]),
            m(&[("a", f(1.0)), ("b", l(vec![Value::Bool(true)]))])
        );
        assert_eq!(
            call_str("fromJson", &[s("[1]")]),
            "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]"
        );
        assert!(call("fromJson", &[s("{")]).as_map().is_some_and(|m| m.contains_key("Error")));
        assert_eq!(call("fromJsonArray", &[s(r#"[1, "a"]"#)]), l(vec![f(1.0), s("a")]));
        assert_eq!(call("fromYaml", &[s("a: 1\nb: [x]\n")]), m(&[("a", f(1.0)), ("b", l(vec![s("x")]))]));
        assert_eq!(call("fromYaml", &[s("")]), m(&[]));
        assert!(call("fromYaml", &[s("- a")]).as_map().is_some_and(|m| m.contains_key("Error")));
        assert!(call("fromYaml", &[s("a: [")]).as_map().is_some_and(|m| m.contains_key("Error")));
        assert_eq!(call("fromYamlArray", &[s("- a\n- b")]), l(vec![s("a"), s("b")]));
        assert_eq!(
            call_str("toToml", &[m(&[("a", i(1)), ("b", m(&[("c", s("x"))])), ("f", f(2.0))])]),
            "a = 1\nf = 2.0\n\n[b]\n  c = \"x\"\n"
        );
    }

    #[test]
    fn to_yaml_structure() {
        let v = m(&[
            ("name", s("x")),
            ("ports", l(vec![m(&[("port", f(80.0)), ("name", s("http"))])])),
            ("labels", m(&[("app", s("web"))])),
            ("empty", m(&[])),
            ("none", l(vec![])),
            ("n", Value::Nil),
            ("ratio", f(0.5)),
            ("on", Value::Bool(true)),
        ]);
        let want = "empty: {}\nlabels:\n  app: web\n\"n\": null\nname: x\nnone: []\n\"on\": true\nports:\n- name: http\n  port: 80\nratio: 0.5";
        assert_eq!(to_yaml(&v), want);
        assert_eq!(to_yaml(&l(vec![l(vec![i(1), i(2)]), l(vec![i(3)])])), "- - 1\n  - 2\n- - 3");
        assert_eq!(to_yaml(&l(vec![m(&[("a", l(vec![s("x")])), ("b", i(1))])])), "- a:\n  - x\n  b: 1");
        assert_eq!(to_yaml(&m(&[("a", m(&[("b", l(vec![m(&[("c", i(1))])]))]))])), "a:\n  b:\n  - c: 1");
        assert_eq!(to_yaml(&s("hello")), "hello");
        assert_eq!(to_yaml(&Value::Nil), "null");
        assert_eq!(to_yaml(&m(&[])), "{}");
        assert_eq!(to_yaml(&l(vec![])), "[]");
        assert_eq!(to_yaml(&f(1e6)), "1000000");
        assert_eq!(to_yaml(&f(1e21)), "1e+21");
        assert_eq!(to_yaml(&f(0.000001)), "1e-06");
        assert_eq!(to_yaml(&f(-0.0)), "0");
        assert_eq!(to_yaml(&m(&[("a", f(f64::NAN))])), "");
        // yaml.v2's key order.
        let keys = m(&[("a10", i(1)), ("a9", i(2)), ("B", i(3)), ("_x", i(4)), ("a", i(5))]);
        assert_eq!(to_yaml(&keys), "_x: 4\nB: 3\na: 5\na9: 2\na10: 1");
    }

    #[test]
    fn to_yaml_strings() {
        let cases = [
            ("true", "\"true\""),
            ("1", "\"1\""),
            ("", "\"\""),
            ("hello world", "hello world"),
            ("- x", "'- x'"),
            ("-x", "-x"),
            ("a: b", "'a: b'"),
            ("a:b", "a:b"),
            ("it's", "it's"),
            ("'q'", "'''q'''"),
            ("#c", "'#c'"),
            ("foo#bar", "foo#bar"),
            ("foo #bar", "'foo #bar'"),
            ("1.5", "\"1.5\""),
            ("0x1F", "\"0x1F\""),
            ("1_000", "\"1_000\""),
            ("yes", "\"yes\""),
            ("Off", "\"Off\""),
            ("null", "\"null\""),
            ("~", "\"~\""),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("1e3", "\"1e3\""),
            (".5", "\".5\""),
            ("2023-01-01", "\"2023-01-01\""),
            ("12:30", "\"12:30\""),
            ("a\tb", "\"a\\tb\""),
            ("v1.2.3", "v1.2.3"),
            ("1.2.3", "1.2.3"),
            ("*x", "'*x'"),
            ("{x}", "'{x}'"),
            ("@x", "'@x'"),
            ("%x", "'%x'"),
            ("x\"y", "x\"y"),
            ("héllo", "héllo"),
            ("emoji 😀", "\"emoji \\U0001F600\""),
            ("http://x:80/a", "http://x:80/a"),
            ("---", "'---'"),
            ("<<", "<<"),
        ];
        for (input, want) in cases {
            assert_eq!(to_yaml(&m(&[("k", s(input))])), format!("k: {want}"), "{input:?}");
        }
        let multi = m(&[("script", s("echo a\necho b\n")), ("x", s("a\nb")), ("y", s("a \nb")), ("z", s("a\n\n"))]);
        assert_eq!(to_yaml(&multi), "script: |\n  echo a\n  echo b\nx: |-\n  a\n  b\n\"y\": \"a \\nb\"\nz: |+\n  a\n");
        assert_eq!(to_yaml(&m(&[("k", s("  indented\nx"))])), "k: |2-\n    indented\n  x");
        assert_eq!(to_yaml(&l(vec![s("a\nb")])), "- |-\n  a\n  b");
        assert_eq!(to_yaml(&m(&[("a", m(&[("b", s("x\ny"))]))])), "a:\n  b: |-\n    x\n    y");
        assert_eq!(to_yaml(&s("a\nb")), "|-\n  a\n  b");
        assert_eq!(to_yaml(&m(&[("true", i(1)), ("a b", i(2))])), "a b: 2\n\"true\": 1");
    }

    #[test]
    fn to_yaml_folds_long_strings_like_yaml_v2() {
        let words = |n: usize| vec!["word"; n].join(" ");
        let v = m(&[("description", s(&words(30)))]);
        assert_eq!(to_yaml(&v), format!("description: {}\n  {}", words(14), words(16)));
        // No break inside a run of spaces, nor without one.
        let long = "x".repeat(100);
        assert_eq!(to_yaml(&m(&[("k", s(&long))])), format!("k: {long}"));
        // A quoted string folds too; a space after the break is escaped.
        let quoted = format!("{}  tail: x", "y".repeat(85));
        assert_eq!(to_yaml(&m(&[("k", s(&quoted))])), format!("k: '{}  tail:\n  x'", "y".repeat(85)));
        let quoted = format!("{}  \t", "y ".repeat(45));
        assert_eq!(to_yaml(&m(&[("k", s(&quoted))])), format!("k: \"{}y\n  y y y y y y   \\t\"", "y ".repeat(38)));
        let quoted = format!("{}  z\t", "y".repeat(85));
        assert_eq!(to_yaml(&m(&[("k", s(&quoted))])), format!("k: \"{}\n  \\ z\\t\"", "y".repeat(85)));
    }

    #[test]
    fn semver_constraints() {
        let check = |c: &str, v: &str| call("semverCompare", &[s(c), s(v)]).truthy();
        assert!(check(">=1.19-0", "v1.21.3-gke.100"));
        assert!(!check(">=1.19", "v1.21.3-gke.100"));
        assert!(check(">=1.19.0-0", "1.19.0"));
        assert!(check("^1.2.3", "1.9.0"));
        assert!(!check("^1.2.3", "2.0.0"));
        assert!(!check("^1.2.3", "1.2.2"));
        assert!(check("^0.2.3", "0.2.5"));
        assert!(!check("^0.2.3", "0.3.0"));
        assert!(!check("^0.0.3", "0.0.4"));
        assert!(check("~1.2.3", "1.2.9"));
        assert!(!check("~1.2.3", "1.3.0"));
        assert!(check("1.2.x", "1.2.7"));
        assert!(!check("1.2.x", "1.3.0"));
        assert!(check(">= 1.2, < 3.0", "2.5.0"));
        assert!(check(">=1.2 <3.0", "2.5.0"));
        assert!(!check(">= 1.2, < 3.0", "3.0.0"));
        assert!(check("1.2 - 1.4", "1.4.5"));
        assert!(!check("1.2 - 1.4", "1.5.0"));
        assert!(check("<1.20.0 || >=1.25.0", "1.26.0"));
        assert!(!check("<1.20.0 || >=1.25.0", "1.22.0"));
        assert!(check("<1.16-0", "1.15.3"));
        assert!(!check(">1.2", "1.2.5"));
        assert!(check(">1.2", "1.3.0"));
        assert!(!check("!=1.2.3", "1.2.3"));
        assert!(check("*", "1.0.0"));
        assert!(check("=1.21.0", "v1.21.0"));
        assert!(check(">=1.21.0", "1.21.0"));
        assert!(check("<=1.21", "1.21.9"));
        assert_eq!(call_err("semverCompare", &[s(">=1.0.0"), s("garbage")]), "Invalid Semantic Version");
        assert_eq!(call_err("semverCompare", &[s("foo"), s("1.0.0")]), "improper constraint: foo");
        let v = call("semver", &[s("v1.2.3-beta.1+meta")]);
        assert_eq!(
            v.to_go_string(),
            "map[Major:1 Metadata:meta Minor:2 Original:v1.2.3-beta.1+meta Patch:3 Prerelease:beta.1]"
        );
    }

    #[test]
    fn hashes_and_placeholders() {
        assert_eq!(call_str("sha256sum", &[s("")]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(call_str("sha1sum", &[s("abc")]), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(call_str("md5sum", &[s("abc")]), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(call_str("md5sum", &[s("")]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(call_str("adler32sum", &[s("Wikipedia")]), "300286872");
        let ca = call("genCA", &[s("ca"), i(365)]);
        assert!(ca.as_map().is_some_and(|m| m["Cert"].to_go_string().starts_with("-----BEGIN CERTIFICATE-----")));
        assert_eq!(call("uuidv4", &[]), call("uuidv4", &[]));
        assert!(call_str("htpasswd", &[s("user"), s("pw")]).starts_with("user:$2a$10$"));
        let secret = call("encryptAES", &[s("key"), s("text")]);
        assert_eq!(call_str("decryptAES", &[s("key"), secret]), "text");
    }

    #[test]
    fn dates() {
        let now = call("now", &[]);
        assert_eq!(now.to_go_string(), "2026-01-01 00:00:00 +0000 UTC");
        assert_eq!(call_str("date", &[s("2006-01-02"), now.clone()]), "2026-01-01");
        assert_eq!(call_str("htmlDate", std::slice::from_ref(&now)), "2026-01-01");
        assert_eq!(call_str("unixEpoch", std::slice::from_ref(&now)), "1767225600");
        assert_eq!(call_str("date", &[s("Mon Jan _2 15:04:05 MST 2006"), i(0)]), "Thu Jan  1 00:00:00 UTC 1970");
        assert_eq!(call_str("date", &[s("2006-01-02T15:04:05.000Z07:00"), now.clone()]), "2026-01-01T00:00:00.000Z");
        assert_eq!(call_str("dateInZone", &[s("3:04PM"), i(1_700_000_000), s("UTC")]), "10:13PM");
        assert_eq!(call_str("toDate", &[s("2006-01-02"), s("2017-12-31")]), "2017-12-31 00:00:00 +0000 UTC");
        assert_eq!(call_str("toDate", &[s("2006-01-02"), s("bad")]), "0001-01-01 00:00:00 +0000 UTC");
        assert_eq!(call_str("dateModify", &[s("-1.5h"), now.clone()]), "2025-12-31 22:30:00 +0000 UTC");
        assert_eq!(call_str("duration", &[i(95)]), "1m35s");
        assert_eq!(call_str("duration", &[s("3600")]), "1h0m0s");
        assert_eq!(call_str("durationRound", &[s("2h10m5s")]), "2h");
        assert_eq!(call_str("durationRound", &[s("49h")]), "2d");
        assert_eq!(call_str("ago", &[now]), "0s");
        assert_eq!(go_duration(1_500_000), "1.5ms");
        assert_eq!(go_duration(-1_500_000_000), "-1.5s");
    }

    #[test]
    fn urls_and_paths() {
        let u = call("urlParse", &[s("https://user:pw@example.com:8080/a%20b?x=1#frag")]);
        assert_eq!(
            u.to_go_string(),
            "map[fragment:frag host:example.com:8080 hostname:example.com opaque: path:/a b query:x=1 scheme:https userinfo:user:pw]"
        );
        let parts = m(&[("scheme", s("https")), ("host", s("example.com")), ("path", s("/a")), ("query", s("x=1"))]);
        assert_eq!(call_str("urlJoin", &[parts]), "https://example.com/a?x=1");
        assert_eq!(call_str("base", &[s("/a/b.txt")]), "b.txt");
        assert_eq!(call_str("base", &[s("")]), ".");
        assert_eq!(call_str("dir", &[s("/a/b.txt")]), "/a");
        assert_eq!(call_str("dir", &[s("x")]), ".");
        assert_eq!(call_str("ext", &[s("b.tar.gz")]), ".gz");
        assert_eq!(call_str("clean", &[s("a//b/../c/.")]), "a/c");
        assert_eq!(call_str("clean", &[s("/../x")]), "/x");
        assert!(call("isAbs", &[s("/x")]).truthy());
        assert_eq!(call_str("getHostByName", &[s("example.com")]), "127.0.0.1");
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        let odd = [
            Value::Nil,
            i(-1),
            i(i64::MIN),
            i(i64::MAX),
            f(f64::NAN),
            f(-1e300),
            s(""),
            s("é"),
            s("%"),
            l(vec![]),
            m(&[]),
            l(vec![Value::Nil, m(&[("a", Value::Nil)])]),
        ];
        let names = [
            "not",
            "len",
            "index",
            "print",
            "printf",
            "println",
            "html",
            "js",
            "urlquery",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "trim",
            "trimAll",
            "trimPrefix",
            "trimSuffix",
            "upper",
            "lower",
            "title",
            "untitle",
            "substr",
            "nospace",
            "trunc",
            "abbrev",
            "abbrevboth",
            "initials",
            "wrap",
            "wrapWith",
            "contains",
            "quote",
            "squote",
            "cat",
            "indent",
            "nindent",
            "replace",
            "plural",
            "snakecase",
            "camelcase",
            "kebabcase",
            "swapcase",
            "regexMatch",
            "regexFindAll",
            "regexSplit",
            "toString",
            "atoi",
            "int",
            "float64",
            "toDecimal",
            "split",
            "splitn",
            "join",
            "sortAlpha",
            "add",
            "sub",
            "div",
            "mod",
            "mul",
            "max",
            "min",
            "round",
            "addf",
            "subf",
            "mulf",
            "divf",
            "seq",
            "until",
            "untilStep",
            "first",
            "rest",
            "last",
            "initial",
            "append",
            "concat",
            "uniq",
            "without",
            "has",
            "compact",
            "slice",
            "chunk",
            "dict",
            "get",
            "set",
            "dig",
            "merge",
            "mergeOverwrite",
            "keys",
            "pick",
            "omit",
            "default",
            "ternary",
            "required",
            "b64dec",
            "b32dec",
            "toJson",
            "fromJson",
            "toYaml",
            "fromYaml",
            "toToml",
            "date",
            "toDate",
            "dateModify",
            "duration",
            "durationRound",
            "semver",
            "semverCompare",
            "urlParse",
            "urlJoin",
            "base",
            "dir",
            "ext",
            "clean",
        ];
        for name in names {
            let func = lookup(name).unwrap_or_else(|| panic!("{name}"));
            for a in &odd {
                for b in &odd {
                    let _ = func(std::slice::from_ref(a));
                    let _ = func(&[a.clone(), b.clone()]);
                    let _ = func(&[a.clone(), b.clone(), a.clone()]);
                    let _ = func(&[b.clone(), a.clone(), b.clone(), a.clone()]);
                }
            }
        }
        for format in ["%", "%[", "%[9]d", "%.*d", "%*", "%-0+ #5.3v", "%999999999d", "%.", "%!", "%[1]*d"] {
            let _ = sprintf(format, &odd);
        }
    }
}
