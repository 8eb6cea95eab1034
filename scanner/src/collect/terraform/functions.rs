//! Terraform's built-in functions, for the values a scan can know.
//!
//! hcl-rs ships none of Terraform's functions, and policies depend on what they compute (a
//! bucket name from `format`, tags from `merge`, a policy from `jsonencode`), so the common ones
//! are written here, over the evaluator's values. An unknown argument makes the result unknown,
//! as in a plan; functions that read the world at apply time (`timestamp`, `uuid`) are unknown.
//! Functions that need the evaluator (`try`, `can`, `file`) live in `eval.rs`.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::rc::Rc;

use sha2::{Digest, Sha256, Sha512};

use super::value::{format_number, Fail, Map, Value, R};

/// Longest list or string a function may build, so hostile input (`range(1e12)`,
/// `format("%999999999d", 1)`) stays cheap.
const MAX_BUILD: usize = 1_000_000;

/// Call `name`. `None` when the function is not known here (its result is unknown).
pub fn call(name: &str, args: &[Value]) -> Option<R> {
    // Functions that decide for themselves what an unknown argument means.
    match name {
        "coalesce" => return Some(coalesce(args)),
        "coalescelist" => return Some(coalescelist(args)),
        "jsonencode" => return Some(one_arg(args).map(|v| Value::string(json_string(v)))),
        "length" => return Some(one_arg(args).and_then(length)),
        "sensitive" | "nonsensitive" => return Some(one_arg(args).cloned()),
        "timestamp" | "uuid" | "plantimestamp" | "bcrypt" | "uuidv5" | "templatefile" | "yamlencode" | "yamldecode"
        | "textencodebase64" | "textdecodebase64" | "filesha256" | "filemd5" | "filesha1" | "filesha512"
        | "filebase64sha256" | "filebase64sha512" | "fileset" | "sha1" | "rsadecrypt" | "base64gzip" | "abspath"
        | "pathexpand" | "ephemeralasnull" | "issensitive" => return Some(Ok(Value::Unknown)),
        _ => {}
    }
    if args.iter().any(Value::is_unknown) {
        return is_known_function(name).then_some(Ok(Value::Unknown));
    }
    let r = match name {
        // Strings.
        "format" => format(args),
        "formatlist" => formatlist(args),
        "join" => join(args),
        "split" => split(args),
        "lower" => map_str(args, |s| s.to_lowercase()),
        "upper" => map_str(args, |s| s.to_uppercase()),
        "title" => map_str(args, title),
        "strrev" => map_str(args, |s| s.chars().rev().collect()),
        "trimspace" => map_str(args, |s| s.trim().to_string()),
        "chomp" => map_str(args, |s| s.trim_end_matches(['\n', '\r']).to_string()),
        "trim" => str2(args, |s, cut| s.trim_matches(|c| cut.contains(c)).to_string()),
        "trimprefix" => str2(args, |s, p| s.strip_prefix(p).unwrap_or(s).to_string()),
        "trimsuffix" => str2(args, |s, p| s.strip_suffix(p).unwrap_or(s).to_string()),
        "startswith" => str2b(args, |s, p| s.starts_with(p)),
        "endswith" => str2b(args, |s, p| s.ends_with(p)),
        "strcontains" => str2b(args, |s, p| s.contains(p)),
        "replace" => replace(args),
        "substr" => substr(args),
        "indent" => indent(args),
        "regex" => regex_fn(args, false),
        "regexall" => regex_fn(args, true),
        "basename" => map_str(args, |s| s.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string()),
        "dirname" => map_str(args, |s| match s.trim_end_matches('/').rsplit_once('/') {
            Some(("", _)) => "/".to_string(),
            Some((d, _)) => d.to_string(),
            None => ".".to_string(),
        }),
        "urlencode" => map_str(args, urlencode),
        // Collections.
        "merge" => merge(args),
        "concat" => concat(args),
        "lookup" => lookup(args),
        "element" => element(args),
        "compact" => compact(args),
        "flatten" => flatten(args),
        "distinct" => distinct(args),
        "contains" => contains(args),
        "keys" => keys(args),
        "values" => values(args),
        "zipmap" => zipmap(args),
        "setunion" => setunion(args),
        "setintersection" => setintersection(args),
        "setsubtract" => setsubtract(args),
        "slice" => slice(args),
        "sort" => sort(args),
        "reverse" => list_arg(args).map(|l| Value::list(l.iter().rev().cloned().collect())),
        "one" => one(args),
        "alltrue" => all_any(args, true),
        "anytrue" => all_any(args, false),
        "range" => range(args),
        "index" => index(args),
        "chunklist" => chunklist(args),
        "sum" => sum(args),
        "transpose" => transpose(args),
        // Conversions.
        "tostring" => tostring(args),
        "tonumber" => tonumber(args),
        "tobool" => tobool(args),
        "tolist" => list_arg(args).map(|l| Value::list(l.to_vec())),
        "toset" => list_arg(args).map(|l| to_set(l.to_vec())),
        "tomap" => one_arg(args).and_then(|v| match v {
            Value::Object(m) | Value::Open(m) => Ok(Value::Object(m.clone())),
            Value::Null => Ok(Value::Null),
            _ => Err(Fail),
        }),
        "jsondecode" => jsondecode(args),
        "base64encode" => str_arg(args).map(|s| Value::string(base64_encode(s.as_bytes()))),
        "base64decode" => str_arg(args)
            .and_then(|s| base64_decode(&s).ok_or(Fail))
            .and_then(|b| String::from_utf8(b).map_err(|_| Fail))
            .map(Value::string),
        // Numbers.
        "min" => min_max(args, true),
        "max" => min_max(args, false),
        "abs" => num_fn(args, f64::abs),
        "ceil" => num_fn(args, f64::ceil),
        "floor" => num_fn(args, f64::floor),
        "signum" => num_fn(args, |n| {
            if n > 0.0 {
                1.0
            } else if n < 0.0 {
                -1.0
            } else {
                0.0
            }
        }),
        "pow" => num2(args, f64::powf),
        "log" => num2(args, f64::log),
        "parseint" => parseint(args),
        // Hashes.
        "sha256" => str_arg(args).map(|s| Value::string(hex(&Sha256::digest(s.as_bytes())))),
        "sha512" => str_arg(args).map(|s| Value::string(hex(&Sha512::digest(s.as_bytes())))),
        "md5" => str_arg(args).map(|s| Value::string(hex(&md5(s.as_bytes())))),
        "base64sha256" => str_arg(args).map(|s| Value::string(base64_encode(&Sha256::digest(s.as_bytes())))),
        "base64sha512" => str_arg(args).map(|s| Value::string(base64_encode(&Sha512::digest(s.as_bytes())))),
        // Networks.
        "cidrsubnet" => cidrsubnet(args),
        "cidrhost" => cidrhost(args),
        "cidrnetmask" => cidrnetmask(args),
        "cidrsubnets" => cidrsubnets(args),
        _ => return None,
    };
    Some(r)
}

fn is_known_function(name: &str) -> bool {
    call(name, &[]).is_some()
}

fn one_arg(args: &[Value]) -> Result<&Value, Fail> {
    match args {
        [v] => Ok(v),
        _ => Err(Fail),
    }
}

fn str_of(v: &Value) -> Result<Rc<str>, Fail> {
    v.to_str()?.ok_or(Fail)
}

fn num_of(v: &Value) -> Result<f64, Fail> {
    v.to_number()?.ok_or(Fail)
}

fn int_of(v: &Value) -> Result<i64, Fail> {
    let n = num_of(v)?;
    if n.fract() != 0.0 || n.abs() > 9.0e15 {
        return Err(Fail);
    }
    Ok(n as i64)
}

fn str_arg(args: &[Value]) -> Result<Rc<str>, Fail> {
    str_of(one_arg(args)?)
}

fn list_arg(args: &[Value]) -> Result<&[Value], Fail> {
    one_arg(args)?.as_list().ok_or(Fail)
}

fn map_str(args: &[Value], f: impl Fn(&str) -> String) -> R {
    Ok(Value::string(f(&str_arg(args)?)))
}

fn str2(args: &[Value], f: impl Fn(&str, &str) -> String) -> R {
    match args {
        [a, b] => Ok(Value::string(f(&str_of(a)?, &str_of(b)?))),
        _ => Err(Fail),
    }
}

fn str2b(args: &[Value], f: impl Fn(&str, &str) -> bool) -> R {
    match args {
        [a, b] => Ok(Value::Bool(f(&str_of(a)?, &str_of(b)?))),
        _ => Err(Fail),
    }
}

fn num_fn(args: &[Value], f: impl Fn(f64) -> f64) -> R {
    Ok(Value::Number(f(num_of(one_arg(args)?)?)))
}

fn num2(args: &[Value], f: impl Fn(f64, f64) -> f64) -> R {
    match args {
        [a, b] => {
            let n = f(num_of(a)?, num_of(b)?);
            if n.is_finite() {
                Ok(Value::Number(n))
            } else {
                Err(Fail)
            }
        }
        _ => Err(Fail),
    }
}

/// Strings of a list; `None` when some are unknown.
fn strings(list: &[Value]) -> Result<Option<Vec<Rc<str>>>, Fail> {
    let mut out = Vec::with_capacity(list.len());
    for v in list {
        match v.to_str()? {
            Some(s) => out.push(s),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A value as `jsonencode` writes it. Unknown parts are written as `null` rather than making
/// the whole document unknown: a policy with one unknown ARN still shows its `"Action": "*"`.
pub fn json_string(v: &Value) -> String {
    serde_json::to_string(&v.to_json()).unwrap_or_default()
}

fn jsondecode(args: &[Value]) -> R {
    let s = str_arg(args)?;
    serde_json::from_str::<serde_json::Value>(&s).map(|j| Value::from_json(&j)).map_err(|_| Fail)
}

fn coalesce(args: &[Value]) -> R {
    for a in args {
        match a {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::Str(s) if s.is_empty() => {}
            v => return Ok(v.clone()),
        }
    }
    Err(Fail)
}

fn coalescelist(args: &[Value]) -> R {
    for a in args {
        match a {
            Value::Unknown => return Ok(Value::Unknown),
            Value::List(l) if l.is_empty() => {}
            Value::List(_) => return Ok(a.clone()),
            Value::Null => {}
            _ => return Err(Fail),
        }
    }
    Ok(Value::list(Vec::new()))
}

fn length(v: &Value) -> R {
    Ok(match v {
        Value::Unknown => Value::Unknown,
        Value::List(l) => Value::Number(l.len() as f64),
        Value::Object(m) => Value::Number(m.len() as f64),
        Value::Str(s) => Value::Number(s.chars().count() as f64),
        Value::Open(_) => Value::Unknown,
        _ => return Err(Fail),
    })
}

// ---- format ----

fn format(args: &[Value]) -> R {
    let Some((spec, rest)) = args.split_first() else { return Err(Fail) };
    let spec = str_of(spec)?;
    match format_with(&spec, rest)? {
        Some(s) => Ok(Value::string(s)),
        None => Ok(Value::Unknown),
    }
}

/// Go-style `fmt` verbs as Terraform's `format` takes them; `None` when an argument is unknown.
fn format_with(spec: &str, args: &[Value]) -> Result<Option<String>, Fail> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "+-# 0".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let mut n = String::new();
            for d in chars.by_ref() {
                if d == ']' {
                    break;
                }
                n.push(d);
            }
            next_arg = n.parse::<usize>().map_err(|_| Fail)?.checked_sub(1).ok_or(Fail)?;
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let width: usize = if width.is_empty() { 0 } else { width.parse().map_err(|_| Fail)? };
        if width > 10_000 || precision.is_some_and(|p| p > 100) {
            return Err(Fail);
        }
        let verb = chars.next().ok_or(Fail)?;
        let arg = args.get(next_arg).ok_or(Fail)?;
        next_arg += 1;
        if arg.is_unknown() {
            return Ok(None);
        }
        let text = match verb {
            'v' => match arg {
                Value::Str(s) => s.to_string(),
                Value::Number(n) => format_number(*n),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                other => json_string(other),
            },
            's' => str_of(arg)?.to_string(),
            'q' => serde_json::to_string(&*str_of(arg)?).map_err(|_| Fail)?,
            't' => arg.to_bool()?.ok_or(Fail)?.to_string(),
            'd' => {
                let n = int_of(arg)?;
                if flags.contains('+') && n >= 0 {
                    format!("+{n}")
                } else {
                    n.to_string()
                }
            }
            'f' | 'F' => format!("{:.*}", precision.unwrap_or(6), num_of(arg)?),
            'e' => format!("{:.*e}", precision.unwrap_or(6), num_of(arg)?),
            'g' => format_number(num_of(arg)?),
            'x' | 'X' | 'o' | 'b' => {
                let s = match arg {
                    Value::Str(s) if verb == 'x' || verb == 'X' => s.bytes().map(|b| format!("{b:02x}")).collect(),
                    _ => {
                        let n = int_of(arg)?;
                        match verb {
                            'x' | 'X' => format!("{n:x}"),
                            'o' => format!("{n:o}"),
                            _ => format!("{n:b}"),
                        }
                    }
                };
                if verb == 'X' {
                    s.to_uppercase()
                } else {
                    s
                }
            }
            _ => return Err(Fail),
        };
        let len = text.chars().count();
        if len < width {
            let pad = width - len;
            if flags.contains('-') {
                out.push_str(&text);
                out.extend(std::iter::repeat_n(' ', pad));
            } else if flags.contains('0') && "dfFeg".contains(verb) {
                let (sign, digits) = match text.strip_prefix(['-', '+']) {
                    Some(d) => (&text[..1], d),
                    None => ("", text.as_str()),
                };
                out.push_str(sign);
                out.extend(std::iter::repeat_n('0', pad));
                out.push_str(digits);
            } else {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
        if out.len() > MAX_BUILD {
            return Err(Fail);
        }
    }
    Ok(Some(out))
}

fn formatlist(args: &[Value]) -> R {
    let Some((spec, rest)) = args.split_first() else { return Err(Fail) };
    let spec = str_of(spec)?;
    let mut len: Option<usize> = None;
    for a in rest {
        if let Value::List(l) = a {
            if len.is_some_and(|n| n != l.len()) {
                return Err(Fail);
            }
            len = Some(l.len());
        }
    }
    let Some(len) = len else { return format(args).map(|v| Value::list(vec![v])) };
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let row: Vec<Value> = rest
            .iter()
            .map(|a| match a {
                Value::List(l) => l[i].clone(),
                other => other.clone(),
            })
            .collect();
        match format_with(&spec, &row)? {
            Some(s) => out.push(Value::string(s)),
            None => out.push(Value::Unknown),
        }
    }
    Ok(Value::list(out))
}

// ---- strings ----

fn join(args: &[Value]) -> R {
    let Some((sep, lists)) = args.split_first() else { return Err(Fail) };
    let sep = str_of(sep)?;
    let mut parts = Vec::new();
    for l in lists {
        match strings(l.as_list().ok_or(Fail)?)? {
            Some(s) => parts.extend(s),
            None => return Ok(Value::Unknown),
        }
    }
    let total: usize = parts.iter().map(|p| p.len() + sep.len()).sum();
    if total > MAX_BUILD * 10 {
        return Err(Fail);
    }
    let joined = parts.iter().map(|s| &**s).collect::<Vec<_>>().join(&sep);
    Ok(Value::string(joined))
}

fn split(args: &[Value]) -> R {
    let [sep, s] = args else { return Err(Fail) };
    let (sep, s) = (str_of(sep)?, str_of(s)?);
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        s.split(&*sep).map(Value::str).collect()
    };
    Ok(Value::list(parts))
}

fn build_regex(pattern: &str) -> Result<regex::Regex, Fail> {
    regex::RegexBuilder::new(pattern).size_limit(1 << 20).build().map_err(|_| Fail)
}

fn replace(args: &[Value]) -> R {
    let [s, find, repl] = args else { return Err(Fail) };
    let (s, find, repl) = (str_of(s)?, str_of(find)?, str_of(repl)?);
    if find.len() >= 2 && find.starts_with('/') && find.ends_with('/') {
        let re = build_regex(&find[1..find.len() - 1])?;
        let out = re.replace_all(&s, &*repl).into_owned();
        return if out.len() > MAX_BUILD { Err(Fail) } else { Ok(Value::string(out)) };
    }
    if find.is_empty() {
        return Ok(Value::Str(s));
    }
    let out = s.replace(&*find, &repl);
    if out.len() > MAX_BUILD {
        return Err(Fail);
    }
    Ok(Value::string(out))
}

fn substr(args: &[Value]) -> R {
    let [s, offset, length] = args else { return Err(Fail) };
    let chars: Vec<char> = str_of(s)?.chars().collect();
    let n = chars.len() as i64;
    let mut offset = int_of(offset)?;
    let length = int_of(length)?;
    if offset < 0 {
        offset += n;
    }
    if offset < 0 || offset > n {
        return Err(Fail);
    }
    let end = if length < 0 { n } else { (offset + length).min(n) };
    Ok(Value::string(chars[offset as usize..end.max(offset) as usize].iter().collect()))
}

fn indent(args: &[Value]) -> R {
    let [n, s] = args else { return Err(Fail) };
    let n = int_of(n)?;
    if !(0..=1000).contains(&n) {
        return Err(Fail);
    }
    let pad = " ".repeat(n as usize);
    let s = str_of(s)?;
    if s.len() + s.matches('\n').count() * n as usize > MAX_BUILD * 10 {
        return Err(Fail);
    }
    Ok(Value::string(s.replace('\n', &format!("\n{pad}"))))
}

fn regex_fn(args: &[Value], all: bool) -> R {
    let [pattern, s] = args else { return Err(Fail) };
    let re = build_regex(&str_of(pattern)?)?;
    let s = str_of(s)?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().any(Option::is_some);
    let render = |caps: regex::Captures| -> Value {
        if names.is_empty() {
            return Value::str(caps.get(0).map_or("", |m| m.as_str()));
        }
        if named {
            let mut map = Map::new();
            for (i, name) in names.iter().enumerate() {
                if let Some(name) = name {
                    map.insert(name.to_string(), caps.get(i + 1).map_or(Value::Null, |m| Value::str(m.as_str())));
                }
            }
            return Value::object(map);
        }
        Value::list((1..=names.len()).map(|i| caps.get(i).map_or(Value::Null, |m| Value::str(m.as_str()))).collect())
    };
    if all {
        Ok(Value::list(re.captures_iter(&s).take(MAX_BUILD).map(render).collect()))
    } else {
        re.captures(&s).map(render).ok_or(Fail)
    }
}

// ---- collections ----

fn merge(args: &[Value]) -> R {
    let mut out = Map::new();
    for a in args {
        match a {
            Value::Null => {}
            Value::Object(m) | Value::Open(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            _ => return Err(Fail),
        }
    }
    Ok(Value::object(out))
}

fn concat(args: &[Value]) -> R {
    let mut out = Vec::new();
    for a in args {
        out.extend(a.as_list().ok_or(Fail)?.iter().cloned());
        if out.len() > MAX_BUILD {
            return Err(Fail);
        }
    }
    Ok(Value::list(out))
}

fn lookup(args: &[Value]) -> R {
    let (map, key, default) = match args {
        [m, k] => (m, k, None),
        [m, k, d] => (m, k, Some(d)),
        _ => return Err(Fail),
    };
    let key = str_of(key)?;
    match map {
        Value::Object(m) => m.get(&*key).cloned().or_else(|| default.cloned()).ok_or(Fail),
        Value::Open(m) => Ok(m.get(&*key).cloned().unwrap_or(Value::Unknown)),
        _ => Err(Fail),
    }
}

fn element(args: &[Value]) -> R {
    let [list, idx] = args else { return Err(Fail) };
    let list = list.as_list().ok_or(Fail)?;
    let idx = int_of(idx)?;
    if list.is_empty() || idx < 0 {
        return Err(Fail);
    }
    Ok(list[(idx as usize) % list.len()].clone())
}

fn compact(args: &[Value]) -> R {
    let list = list_arg(args)?;
    let mut out = Vec::with_capacity(list.len());
    for v in list {
        match v {
            Value::Unknown => return Ok(Value::Unknown),
            Value::Null => {}
            Value::Str(s) if s.is_empty() => {}
            v => out.push(Value::Str(str_of(v)?)),
        }
    }
    Ok(Value::list(out))
}

fn flatten(args: &[Value]) -> R {
    fn walk(list: &[Value], out: &mut Vec<Value>, depth: usize) -> Result<bool, Fail> {
        if depth > 64 || out.len() > MAX_BUILD {
            return Err(Fail);
        }
        for v in list {
            match v {
                Value::List(inner) => {
                    if !walk(inner, out, depth + 1)? {
                        return Ok(false);
                    }
                }
                Value::Unknown => return Ok(false),
                other => out.push(other.clone()),
            }
        }
        Ok(true)
    }
    let mut out = Vec::new();
    if walk(list_arg(args)?, &mut out, 0)? {
        Ok(Value::list(out))
    } else {
        Ok(Value::Unknown)
    }
}

fn dedup(list: &[Value]) -> Result<Option<Vec<Value>>, Fail> {
    let mut out: Vec<Value> = Vec::with_capacity(list.len());
    for v in list {
        let mut seen = false;
        for o in &out {
            match o.equals(v) {
                Some(true) => {
                    seen = true;
                    break;
                }
                Some(false) => {}
                None => return Ok(None),
            }
        }
        if !seen {
            out.push(v.clone());
        }
    }
    Ok(Some(out))
}

fn distinct(args: &[Value]) -> R {
    Ok(dedup(list_arg(args)?)?.map(Value::list).unwrap_or(Value::Unknown))
}

/// A set: de-duplicated and, for strings and numbers, in Terraform's set order.
pub fn to_set(list: Vec<Value>) -> Value {
    let Ok(Some(mut items)) = dedup(&list) else { return Value::Unknown };
    if items.iter().all(|v| matches!(v, Value::Str(_))) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    } else if items.iter().all(|v| matches!(v, Value::Number(_))) {
        items.sort_by(|a, b| match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
    }
    Value::list(items)
}

fn contains(args: &[Value]) -> R {
    let [list, value] = args else { return Err(Fail) };
    let list = list.as_list().ok_or(Fail)?;
    let mut unknown = false;
    for v in list {
        match v.equals(value) {
            Some(true) => return Ok(Value::Bool(true)),
            None => unknown = true,
            Some(false) => {}
        }
    }
    Ok(if unknown { Value::Unknown } else { Value::Bool(false) })
}

fn keys(args: &[Value]) -> R {
    match one_arg(args)? {
        Value::Object(m) => Ok(Value::list(m.keys().map(|k| Value::str(k)).collect())),
        Value::Open(_) => Ok(Value::Unknown),
        _ => Err(Fail),
    }
}

fn values(args: &[Value]) -> R {
    match one_arg(args)? {
        Value::Object(m) => Ok(Value::list(m.values().cloned().collect())),
        Value::Open(_) => Ok(Value::Unknown),
        _ => Err(Fail),
    }
}

fn zipmap(args: &[Value]) -> R {
    let [k, v] = args else { return Err(Fail) };
    let (k, v) = (k.as_list().ok_or(Fail)?, v.as_list().ok_or(Fail)?);
    if k.len() != v.len() {
        return Err(Fail);
    }
    let mut out = Map::new();
    for (key, value) in k.iter().zip(v.iter()) {
        match key.to_str()? {
            Some(key) => {
                out.insert(key.to_string(), value.clone());
            }
            None => return Ok(Value::Unknown),
        }
    }
    Ok(Value::object(out))
}

fn set_lists(args: &[Value]) -> Result<Vec<&[Value]>, Fail> {
    if args.is_empty() {
        return Err(Fail);
    }
    args.iter().map(|a| a.as_list().ok_or(Fail)).collect()
}

fn setunion(args: &[Value]) -> R {
    let lists = set_lists(args)?;
    let all: Vec<Value> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
    Ok(to_set(all))
}

fn member(list: &[Value], v: &Value) -> Option<bool> {
    let mut unknown = false;
    for x in list {
        match x.equals(v) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn setintersection(args: &[Value]) -> R {
    let lists = set_lists(args)?;
    let mut out = Vec::new();
    for v in lists[0] {
        let mut all = true;
        for l in &lists[1..] {
            match member(l, v) {
                Some(true) => {}
                Some(false) => all = false,
                None => return Ok(Value::Unknown),
            }
        }
        if all {
            out.push(v.clone());
        }
    }
    Ok(to_set(out))
}

fn setsubtract(args: &[Value]) -> R {
    let [a, b] = args else { return Err(Fail) };
    let (a, b) = (a.as_list().ok_or(Fail)?, b.as_list().ok_or(Fail)?);
    let mut out = Vec::new();
    for v in a {
        match member(b, v) {
            Some(true) => {}
            Some(false) => out.push(v.clone()),
            None => return Ok(Value::Unknown),
        }
    }
    Ok(to_set(out))
}

fn slice(args: &[Value]) -> R {
    let [list, start, end] = args else { return Err(Fail) };
    let list = list.as_list().ok_or(Fail)?;
    let (start, end) = (int_of(start)?, int_of(end)?);
    if start < 0 || end < start || end as usize > list.len() {
        return Err(Fail);
    }
    Ok(Value::list(list[start as usize..end as usize].to_vec()))
}

fn sort(args: &[Value]) -> R {
    let list = list_arg(args)?;
    let Some(mut items) = strings(list)? else { return Ok(Value::Unknown) };
    items.sort();
    Ok(Value::list(items.into_iter().map(Value::Str).collect()))
}

fn one(args: &[Value]) -> R {
    match list_arg(args)? {
        [] => Ok(Value::Null),
        [v] => Ok(v.clone()),
        _ => Err(Fail),
    }
}

fn all_any(args: &[Value], all: bool) -> R {
    let list = list_arg(args)?;
    let mut unknown = false;
    for v in list {
        match v.to_bool()? {
            Some(b) if b != all => return Ok(Value::Bool(!all)),
            Some(_) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown { Value::Unknown } else { Value::Bool(all) })
}

fn range(args: &[Value]) -> R {
    let nums: Vec<f64> = args.iter().map(num_of).collect::<Result<_, _>>()?;
    let (start, limit, step) = match nums.as_slice() {
        [l] => (0.0, *l, 1.0),
        [s, l] => (*s, *l, if l >= s { 1.0 } else { -1.0 }),
        [s, l, st] => (*s, *l, *st),
        _ => return Err(Fail),
    };
    if step == 0.0 || (step > 0.0 && start > limit) || (step < 0.0 && start < limit) {
        return if start == limit { Ok(Value::list(Vec::new())) } else { Err(Fail) };
    }
    let count = ((limit - start) / step).ceil();
    if !(0.0..=MAX_BUILD as f64).contains(&count) {
        return Err(Fail);
    }
    Ok(Value::list((0..count as usize).map(|i| Value::Number(start + step * i as f64)).collect()))
}

fn index(args: &[Value]) -> R {
    let [list, value] = args else { return Err(Fail) };
    let list = list.as_list().ok_or(Fail)?;
    for (i, v) in list.iter().enumerate() {
        match v.equals(value) {
            Some(true) => return Ok(Value::Number(i as f64)),
            None => return Ok(Value::Unknown),
            Some(false) => {}
        }
    }
    Err(Fail)
}

fn chunklist(args: &[Value]) -> R {
    let [list, size] = args else { return Err(Fail) };
    let list = list.as_list().ok_or(Fail)?;
    let size = int_of(size)?;
    if size < 0 {
        return Err(Fail);
    }
    if size == 0 {
        return Ok(Value::list(vec![Value::list(list.to_vec())]));
    }
    Ok(Value::list(list.chunks(size as usize).map(|c| Value::list(c.to_vec())).collect()))
}

fn sum(args: &[Value]) -> R {
    let list = list_arg(args)?;
    if list.is_empty() {
        return Err(Fail);
    }
    let mut total = 0.0;
    for v in list {
        match v.to_number()? {
            Some(n) => total += n,
            None => return Ok(Value::Unknown),
        }
    }
    Ok(Value::Number(total))
}

fn transpose(args: &[Value]) -> R {
    let Value::Object(m) = one_arg(args)? else { return Err(Fail) };
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in m.iter() {
        let Some(items) = strings(v.as_list().ok_or(Fail)?)? else { return Ok(Value::Unknown) };
        for item in items {
            out.entry(item.to_string()).or_default().push(Value::str(k));
        }
    }
    Ok(Value::object(out.into_iter().map(|(k, v)| (k, Value::list(v))).collect()))
}

// ---- conversions ----

fn tostring(args: &[Value]) -> R {
    match one_arg(args)? {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Str(str_of(v)?)),
    }
}

fn tonumber(args: &[Value]) -> R {
    match one_arg(args)? {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Number(num_of(v)?)),
    }
}

fn tobool(args: &[Value]) -> R {
    match one_arg(args)? {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Bool(v.to_bool()?.ok_or(Fail)?)),
    }
}

fn min_max(args: &[Value], min: bool) -> R {
    let mut best: Option<f64> = None;
    for a in args {
        let n = num_of(a)?;
        best = Some(match best {
            None => n,
            Some(b) if min => b.min(n),
            Some(b) => b.max(n),
        });
    }
    best.map(Value::Number).ok_or(Fail)
}

fn parseint(args: &[Value]) -> R {
    let [s, base] = args else { return Err(Fail) };
    let base = int_of(base)?;
    if !(2..=62).contains(&base) {
        return Err(Fail);
    }
    let s = str_of(s)?;
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() {
        return Err(Fail);
    }
    let mut n: f64 = 0.0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(Fail),
        };
        if d >= base {
            return Err(Fail);
        }
        n = n * base as f64 + d as f64;
    }
    Ok(Value::Number(if neg { -n } else { n }))
}

// ---- encodings and hashes ----

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&b| b == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// MD5 (RFC 1321), for `md5()`: Terraform configurations use it for naming, not security.
fn md5(input: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    let k: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32).collect();
    let (mut a0, mut b0, mut c0, mut d0) = (0x6745_2301u32, 0xefcd_ab89u32, 0x98ba_dcfeu32, 0x1032_5476u32);
    let mut msg = input.to_vec();
    let bit_len = (input.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_le_bytes());
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let (mut a, mut b, mut c, mut d) = (a0, b0, c0, d0);
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        a0 = a0.wrapping_add(a);
        b0 = b0.wrapping_add(b);
        c0 = c0.wrapping_add(c);
        d0 = d0.wrapping_add(d);
    }
    let mut out = [0u8; 16];
    for (i, w) in [a0, b0, c0, d0].iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

// ---- networks ----

/// An address block: its base address as a number, prefix length and address width.
struct Cidr {
    addr: u128,
    prefix: u32,
    bits: u32,
}

fn parse_cidr(s: &str) -> Result<Cidr, Fail> {
    let (ip, len) = s.split_once('/').ok_or(Fail)?;
    let prefix: u32 = len.parse().map_err(|_| Fail)?;
    let (addr, bits) = if let Ok(v4) = ip.parse::<Ipv4Addr>() {
        (u128::from(u32::from(v4)), 32)
    } else {
        (u128::from(ip.parse::<Ipv6Addr>().map_err(|_| Fail)?), 128)
    };
    if prefix > bits {
        return Err(Fail);
    }
    let host_bits = bits - prefix;
    let mask = if host_bits >= 128 { 0 } else { !((1u128 << host_bits) - 1) };
    Ok(Cidr { addr: addr & mask, prefix, bits })
}

fn render_addr(addr: u128, bits: u32) -> String {
    if bits == 32 {
        Ipv4Addr::from(addr as u32).to_string()
    } else {
        Ipv6Addr::from(addr).to_string()
    }
}

fn subnet(c: &Cidr, newbits: i64, netnum: i64) -> Result<Cidr, Fail> {
    if !(0..=128).contains(&newbits) || netnum < 0 {
        return Err(Fail);
    }
    let prefix = c.prefix + newbits as u32;
    if prefix > c.bits || (newbits < 64 && netnum as u128 >= (1u128 << newbits)) {
        return Err(Fail);
    }
    let shift = c.bits - prefix;
    let offset = if shift >= 128 { 0 } else { (netnum as u128) << shift };
    Ok(Cidr { addr: c.addr | offset, prefix, bits: c.bits })
}

fn cidrsubnet(args: &[Value]) -> R {
    let [p, newbits, netnum] = args else { return Err(Fail) };
    let c = parse_cidr(&str_of(p)?)?;
    let s = subnet(&c, int_of(newbits)?, int_of(netnum)?)?;
    Ok(Value::string(format!("{}/{}", render_addr(s.addr, s.bits), s.prefix)))
}

fn cidrhost(args: &[Value]) -> R {
    let [p, host] = args else { return Err(Fail) };
    let c = parse_cidr(&str_of(p)?)?;
    let host = int_of(host)?;
    let host_bits = c.bits - c.prefix;
    let size: u128 = if host_bits >= 128 { u128::MAX } else { 1u128 << host_bits };
    let h = if host < 0 { size.checked_sub(host.unsigned_abs() as u128).ok_or(Fail)? } else { host as u128 };
    if h >= size {
        return Err(Fail);
    }
    Ok(Value::string(render_addr(c.addr + h, c.bits)))
}

fn cidrnetmask(args: &[Value]) -> R {
    let c = parse_cidr(&str_arg(args)?)?;
    if c.bits != 32 {
        return Err(Fail);
    }
    let mask = if c.prefix == 0 { 0 } else { u32::MAX << (32 - c.prefix) };
    Ok(Value::string(Ipv4Addr::from(mask).to_string()))
}

fn cidrsubnets(args: &[Value]) -> R {
    let Some((p, newbits)) = args.split_first() else { return Err(Fail) };
    let c = parse_cidr(&str_of(p)?)?;
    let mut next: u128 = c.addr;
    let mut out = Vec::with_capacity(newbits.len());
    for nb in newbits {
        let nb = int_of(nb)?;
        if nb < 1 || c.prefix as i64 + nb > c.bits as i64 {
            return Err(Fail);
        }
        let prefix = c.prefix + nb as u32;
        let shift = c.bits - prefix;
        let size: u128 = 1u128.checked_shl(shift).ok_or(Fail)?;
        let aligned = next.checked_add(size - 1).ok_or(Fail)? & !(size - 1);
        let host_bits = c.bits - c.prefix;
        if host_bits < 128 && aligned - c.addr >= (1u128 << host_bits) {
            return Err(Fail);
        }
        out.push(Value::string(format!("{}/{}", render_addr(aligned, c.bits), prefix)));
        next = aligned.checked_add(size).ok_or(Fail)?;
    }
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    fn l(items: Vec<Value>) -> Value {
        Value::list(items)
    }

    fn o(items: &[(&str, Value)]) -> Value {
        Value::object(items.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn ok(name: &str, args: &[Value]) -> serde_json::Value {
        call(name, args).expect("known").expect("no error").to_json()
    }

    fn fails(name: &str, args: &[Value]) -> bool {
        call(name, args).expect("known").is_err()
    }

    use serde_json::json;

    #[test]
    fn string_functions() {
        assert_eq!(
            ok("format", &[s("%s-%03d-%.2f-%t-%q-%v%%"), s("a"), n(7.0), n(1.5), Value::Bool(true), s("q"), n(2.0)]),
            json!("a-007-1.50-true-\"q\"-2%")
        );
        assert_eq!(ok("format", &[s("%-4s|%4s|%[1]s"), s("ab"), s("c")]), json!("ab  |   c|ab"));
        assert!(fails("format", &[s("%d"), s("x")]));
        assert!(fails("format", &[s("%s")]));
        assert_eq!(ok("formatlist", &[s("%s=%s"), l(vec![s("a"), s("b")]), s("x")]), json!(["a=x", "b=x"]));
        assert_eq!(ok("join", &[s(","), l(vec![s("a"), n(1.0)]), l(vec![s("c")])]), json!("a,1,c"));
        assert_eq!(ok("split", &[s(","), s("a,b,,c")]), json!(["a", "b", "", "c"]));
        assert_eq!(ok("lower", &[s("AbC")]), json!("abc"));
        assert_eq!(ok("upper", &[s("AbC")]), json!("ABC"));
        assert_eq!(ok("title", &[s("hello world")]), json!("Hello World"));
        assert_eq!(ok("replace", &[s("a-b-c"), s("-"), s("_")]), json!("a_b_c"));
        assert_eq!(ok("replace", &[s("a1b22"), s("/([a-z])(\\d+)/"), s("$2$1")]), json!("1a22b"));
        assert_eq!(ok("trimspace", &[s("  x \n")]), json!("x"));
        assert_eq!(ok("trim", &[s("?!x?!"), s("!?")]), json!("x"));
        assert_eq!(ok("trimprefix", &[s("arn:aws"), s("arn:")]), json!("aws"));
        assert_eq!(ok("trimsuffix", &[s("a.tf"), s(".tf")]), json!("a"));
        assert_eq!(ok("chomp", &[s("x\n\n")]), json!("x"));
        assert_eq!(ok("startswith", &[s("arn:aws"), s("arn:")]), json!(true));
        assert_eq!(ok("endswith", &[s("arn:aws"), s("arn:")]), json!(false));
        assert_eq!(ok("strcontains", &[s("abc"), s("b")]), json!(true));
        assert_eq!(ok("substr", &[s("héllo"), n(1.0), n(3.0)]), json!("éll"));
        assert_eq!(ok("substr", &[s("hello"), n(-3.0), n(-1.0)]), json!("llo"));
        assert_eq!(ok("strrev", &[s("abc")]), json!("cba"));
        assert_eq!(ok("indent", &[n(2.0), s("a\nb")]), json!("a\n  b"));
        assert_eq!(ok("regex", &[s("[a-z]+"), s("12abc34")]), json!("abc"));
        assert_eq!(ok("regex", &[s("(\\d+)-(\\d+)"), s("10-20")]), json!(["10", "20"]));
        assert_eq!(ok("regex", &[s("(?P<a>\\d+)"), s("x5")]), json!({"a": "5"}));
        assert!(fails("regex", &[s("z"), s("abc")]));
        assert!(fails("regex", &[s("("), s("abc")]));
        assert_eq!(ok("regexall", &[s("\\d"), s("a1b2")]), json!(["1", "2"]));
        assert_eq!(ok("basename", &[s("a/b/c.txt")]), json!("c.txt"));
        assert_eq!(ok("dirname", &[s("a/b/c.txt")]), json!("a/b"));
        assert_eq!(ok("urlencode", &[s("a b&c")]), json!("a+b%26c"));
    }

    #[test]
    fn collection_functions() {
        assert_eq!(
            ok("merge", &[o(&[("a", n(1.0)), ("b", n(1.0))]), Value::Null, o(&[("b", n(2.0))])]),
            json!({"a": 1, "b": 2})
        );
        assert_eq!(ok("concat", &[l(vec![n(1.0)]), l(vec![n(2.0), n(3.0)])]), json!([1, 2, 3]));
        assert_eq!(ok("lookup", &[o(&[("a", n(1.0))]), s("a")]), json!(1));
        assert_eq!(ok("lookup", &[o(&[("a", n(1.0))]), s("b"), s("d")]), json!("d"));
        assert!(fails("lookup", &[o(&[("a", n(1.0))]), s("b")]));
        assert_eq!(ok("element", &[l(vec![s("a"), s("b")]), n(3.0)]), json!("b"));
        assert_eq!(ok("length", &[l(vec![Value::Unknown, n(1.0)])]), json!(2));
        assert_eq!(ok("length", &[s("héllo")]), json!(5));
        assert_eq!(ok("length", &[o(&[("a", n(1.0))])]), json!(1));
        assert_eq!(ok("coalesce", &[Value::Null, s(""), s("x"), Value::Unknown]), json!("x"));
        assert!(call("coalesce", &[Value::Unknown, s("x")]).unwrap().unwrap().is_unknown());
        assert_eq!(ok("coalescelist", &[l(vec![]), l(vec![n(1.0)])]), json!([1]));
        assert_eq!(ok("compact", &[l(vec![s("a"), s(""), Value::Null, s("b")])]), json!(["a", "b"]));
        assert_eq!(ok("flatten", &[l(vec![l(vec![n(1.0), l(vec![n(2.0)])]), n(3.0)])]), json!([1, 2, 3]));
        assert_eq!(ok("distinct", &[l(vec![s("a"), s("b"), s("a")])]), json!(["a", "b"]));
        assert_eq!(ok("contains", &[l(vec![s("a"), s("b")]), s("b")]), json!(true));
        assert_eq!(ok("contains", &[l(vec![s("a")]), s("b")]), json!(false));
        assert!(call("contains", &[l(vec![Value::Unknown]), s("b")]).unwrap().unwrap().is_unknown());
        assert_eq!(ok("keys", &[o(&[("b", n(1.0)), ("a", n(2.0))])]), json!(["a", "b"]));
        assert_eq!(ok("values", &[o(&[("b", n(1.0)), ("a", n(2.0))])]), json!([2, 1]));
        assert_eq!(ok("zipmap", &[l(vec![s("a"), s("b")]), l(vec![n(1.0), n(2.0)])]), json!({"a": 1, "b": 2}));
        assert_eq!(ok("setunion", &[l(vec![s("b")]), l(vec![s("a"), s("b")])]), json!(["a", "b"]));
        assert_eq!(ok("setintersection", &[l(vec![s("a"), s("b")]), l(vec![s("b"), s("c")])]), json!(["b"]));
        assert_eq!(ok("setsubtract", &[l(vec![s("a"), s("b")]), l(vec![s("b")])]), json!(["a"]));
        assert_eq!(ok("slice", &[l(vec![n(1.0), n(2.0), n(3.0)]), n(1.0), n(3.0)]), json!([2, 3]));
        assert!(fails("slice", &[l(vec![n(1.0)]), n(0.0), n(3.0)]));
        assert_eq!(ok("sort", &[l(vec![s("b"), s("a"), s("c")])]), json!(["a", "b", "c"]));
        assert_eq!(ok("reverse", &[l(vec![n(1.0), n(2.0)])]), json!([2, 1]));
        assert_eq!(ok("one", &[l(vec![])]), json!(null));
        assert_eq!(ok("one", &[l(vec![n(4.0)])]), json!(4));
        assert!(fails("one", &[l(vec![n(4.0), n(5.0)])]));
        assert_eq!(ok("alltrue", &[l(vec![Value::Bool(true), s("true")])]), json!(true));
        assert_eq!(ok("anytrue", &[l(vec![Value::Bool(false), Value::Bool(true)])]), json!(true));
        assert_eq!(ok("anytrue", &[l(vec![])]), json!(false));
        assert_eq!(ok("range", &[n(3.0)]), json!([0, 1, 2]));
        assert_eq!(ok("range", &[n(1.0), n(7.0), n(3.0)]), json!([1, 4]));
        assert_eq!(ok("range", &[n(3.0), n(0.0)]), json!([3, 2, 1]));
        assert!(fails("range", &[n(1e12)]));
        assert_eq!(ok("index", &[l(vec![s("a"), s("b")]), s("b")]), json!(1));
        assert_eq!(ok("chunklist", &[l(vec![n(1.0), n(2.0), n(3.0)]), n(2.0)]), json!([[1, 2], [3]]));
        assert_eq!(ok("sum", &[l(vec![n(1.0), n(2.5)])]), json!(3.5));
        assert_eq!(
            ok("transpose", &[o(&[("a", l(vec![s("x")])), ("b", l(vec![s("x"), s("y")]))])]),
            json!({"x": ["a", "b"], "y": ["b"]})
        );
    }

    #[test]
    fn conversion_and_number_functions() {
        assert_eq!(ok("tostring", &[n(5.0)]), json!("5"));
        assert!(fails("tostring", &[l(vec![])]));
        assert_eq!(ok("tonumber", &[s("2.5")]), json!(2.5));
        assert_eq!(ok("tobool", &[s("false")]), json!(false));
        assert_eq!(ok("tolist", &[l(vec![n(1.0)])]), json!([1]));
        assert_eq!(ok("toset", &[l(vec![s("b"), s("a"), s("b")])]), json!(["a", "b"]));
        assert_eq!(ok("tomap", &[o(&[("a", n(1.0))])]), json!({"a": 1}));
        assert_eq!(
            ok("jsonencode", &[o(&[("b", l(vec![n(1.0), Value::Unknown])), ("a", s("x"))])]),
            json!(r#"{"a":"x","b":[1,null]}"#)
        );
        assert_eq!(ok("jsondecode", &[s(r#"{"a":[1,true]}"#)]), json!({"a": [1, true]}));
        assert!(fails("jsondecode", &[s("{")]));
        assert_eq!(ok("base64encode", &[s("hello!?")]), json!("aGVsbG8hPw=="));
        assert_eq!(ok("base64decode", &[s("aGVsbG8hPw==")]), json!("hello!?"));
        assert!(fails("base64decode", &[s("***")]));
        assert_eq!(ok("min", &[n(3.0), s("1"), n(2.0)]), json!(1));
        assert_eq!(ok("max", &[n(3.0), n(1.0)]), json!(3));
        assert_eq!(ok("abs", &[n(-2.0)]), json!(2));
        assert_eq!(ok("ceil", &[n(1.2)]), json!(2));
        assert_eq!(ok("floor", &[n(1.8)]), json!(1));
        assert_eq!(ok("pow", &[n(2.0), n(10.0)]), json!(1024));
        assert_eq!(ok("signum", &[n(-3.0)]), json!(-1));
        assert_eq!(ok("parseint", &[s("ff"), n(16.0)]), json!(255));
        assert_eq!(ok("parseint", &[s("-101"), n(2.0)]), json!(-5));
        assert_eq!(
            ok("sha256", &[s("abc")]),
            json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(ok("md5", &[s("")]), json!("d41d8cd98f00b204e9800998ecf8427e"));
        assert_eq!(
            ok("md5", &[s("The quick brown fox jumps over the lazy dog")]),
            json!("9e107d9d372bb6826bd81d3542a419d6")
        );
        assert_eq!(ok("base64sha256", &[s("")]), json!("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        assert!(ok("sha512", &[s("abc")]).as_str().unwrap().starts_with("ddaf35a1"));
    }

    #[test]
    fn network_functions() {
        assert_eq!(ok("cidrsubnet", &[s("10.0.0.0/16"), n(8.0), n(2.0)]), json!("10.0.2.0/24"));
        assert_eq!(ok("cidrsubnet", &[s("10.1.2.3/16"), n(4.0), n(15.0)]), json!("10.1.240.0/20"));
        assert_eq!(
            ok("cidrsubnet", &[s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]),
            json!("fd00:fd12:3456:7800:a200::/72")
        );
        assert!(fails("cidrsubnet", &[s("10.0.0.0/16"), n(8.0), n(256.0)]));
        assert!(fails("cidrsubnet", &[s("10.0.0.0/30"), n(8.0), n(0.0)]));
        assert!(fails("cidrsubnet", &[s("nonsense"), n(8.0), n(0.0)]));
        assert!(fails("cidrsubnet", &[s("10.0.0.0/8"), n(4294967295.0), n(0.0)]));
        assert!(fails("cidrsubnets", &[s("10.0.0.0/8"), n(4294967295.0)]));
        assert!(fails("cidrhost", &[s("10.0.0.0/8"), n(1e15)]));
        assert_eq!(ok("cidrhost", &[s("10.12.112.0/20"), n(16.0)]), json!("10.12.112.16"));
        assert_eq!(ok("cidrhost", &[s("10.12.112.0/20"), n(-1.0)]), json!("10.12.127.255"));
        assert_eq!(ok("cidrnetmask", &[s("172.16.0.0/12")]), json!("255.240.0.0"));
        assert_eq!(
            ok("cidrsubnets", &[s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]),
            json!(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])
        );
    }

    #[test]
    fn unknowns_propagate_and_unknown_functions_say_so() {
        assert!(call("upper", &[Value::Unknown]).unwrap().unwrap().is_unknown());
        assert!(call("join", &[s(","), l(vec![Value::Unknown])]).unwrap().unwrap().is_unknown());
        assert!(call("format", &[s("%s-%s"), s("a"), Value::Unknown]).unwrap().unwrap().is_unknown());
        for f in ["timestamp", "uuid", "templatefile", "bcrypt"] {
            assert!(call(f, &[s("x")]).unwrap().unwrap().is_unknown(), "{f}");
        }
        assert!(call("no_such_function", &[]).is_none());
        assert!(call("no_such_function", &[Value::Unknown]).is_none());
    }
}
