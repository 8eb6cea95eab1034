//! The cloud model paths a policy names, held to the schema ([`crate::cloud::schema`]): a
//! rule reading `input.aws.s3.bucket` or `b.versioning.enabeld` never fires, silently, so
//! `rampart test` reports each such path with its file and line.
//!
//! Rego is not parsed here; the checks read the forms rules use: `input.aws.SVC.COLL…`
//! paths, variables bound with `some x in input.aws.SVC.COLL` (or `x := input.aws.SVC.COLL[_]`)
//! and then read as `x.field…` in the same rule body, and result paths
//! (`"ref": x.__ref, "path": ["field", …]`). Anything else (helpers called with an entity) is
//! left to the rules' cases.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::cloud::schema::{self, Collection};

static INPUT_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"input\.aws\.([a-z0-9_]+)(?:\.([a-z0-9_]+))?((?:\.[a-z_][a-z0-9_]*|\[[^\]\[]*\])*)")
        .expect("valid regex")
});
static BINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:some\s+(?:[a-z_][a-z0-9_]*\s*,\s*)?([a-z_][a-z0-9_]*)\s+in|([a-z_][a-z0-9_]*)\s*:=)\s*input\.aws\.([a-z0-9_]+)\.([a-z0-9_]+)")
        .expect("valid regex")
});
static ACCESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([a-z_][a-z0-9_]*)((?:\.[a-z_][a-z0-9_]*|\[[^\]\[]*\])+)").expect("valid regex"));
static RESULT_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""ref"\s*:\s*([a-z_][a-z0-9_]*)\.__ref\s*,\s*"path"\s*:\s*\[([^\]]*)\]"#).expect("valid regex")
});

/// `(line, problem)` for every cloud model path `text` names that the schema does not have.
pub fn check(text: &str) -> Vec<(u32, String)> {
    let code: Vec<&str> = text.lines().map(|l| l.split('#').next().unwrap_or_default()).collect();
    let mut problems = Vec::new();
    // Rule bodies: runs of lines from depth 0 back to depth 0. A binding holds in its body,
    // head included (the head of `deny contains {"ref": b.__ref, …} if {` comes first).
    let mut start = 0;
    let mut depth = 0i32;
    for (i, line) in code.iter().enumerate() {
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        if depth <= 0 || i + 1 == code.len() {
            depth = 0;
            check_body(&code[start..=i], start as u32, &mut problems);
            start = i + 1;
        }
    }
    problems
}

fn check_body(lines: &[&str], offset: u32, problems: &mut Vec<(u32, String)>) {
    let mut bound: HashMap<&str, (&'static str, &'static Collection)> = HashMap::new();
    for code in lines {
        for caps in BINDING.captures_iter(code) {
            let var = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
            if let Some(service) = schema::service(&caps[3]) {
                if let Some(coll) = service.collection(&caps[4]) {
                    bound.insert(var, (service.name.as_str(), coll));
                }
            }
        }
    }
    for (i, code) in lines.iter().enumerate() {
        let line = offset + i as u32 + 1;
        for caps in INPUT_PATH.captures_iter(code) {
            let svc = &caps[1];
            let Some(service) = schema::service(svc) else {
                problems.push((line, format!("input.aws.{svc}: no such service in the cloud model")));
                continue;
            };
            let Some(coll) = caps.get(2) else { continue };
            let Some(collection) = service.collection(coll.as_str()) else {
                problems
                    .push((line, format!("input.aws.{svc}.{}: no such collection in the cloud model", coll.as_str())));
                continue;
            };
            // The first segment after a collection selects an entity.
            let rest = segments(&caps[3]);
            if let Some((_, path)) = rest.split_first() {
                if collection_misses(collection, path) {
                    problems.push((line, format!("input.aws.{svc}.{}: no field {}", coll.as_str(), path.join("."))));
                }
            }
        }
        for caps in ACCESS.captures_iter(code) {
            let Some((svc, coll)) = bound.get(&caps[1]) else { continue };
            let path = segments(&caps[2]);
            if collection_misses(coll, &path) {
                problems.push((
                    line,
                    format!("{}.{}: aws.{svc}.{} has no such field", &caps[1], path.join("."), coll.name),
                ));
            }
        }
        for caps in RESULT_PATH.captures_iter(code) {
            let Some((svc, coll)) = bound.get(&caps[1]) else { continue };
            let path: Vec<String> = caps[2]
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| p.strip_prefix('"').and_then(|p| p.strip_suffix('"')).map_or("_".to_string(), str::to_string))
                .collect();
            if collection_misses(coll, &path) {
                problems.push((
                    line,
                    format!("result path [{}] is not a field of aws.{svc}.{}", caps[2].trim(), coll.name),
                ));
            }
        }
    }
}

fn collection_misses(coll: &Collection, path: &[String]) -> bool {
    !path.is_empty() && coll.field(&as_strs(path)).is_none()
}

/// `.a.b[_].c` → `["a", "b", "_", "c"]` (any index or key expression is `_`).
fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(r[..end].to_string());
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').map_or(r.len(), |e| e + 1);
            let inner = r[..end].trim_end_matches(']');
            // A quoted key is a name: x["name"].
            out.push(inner.strip_prefix('"').and_then(|k| k.strip_suffix('"')).unwrap_or("_").to_string());
            rest = &r[end..];
        } else {
            break;
        }
    }
    out
}

fn as_strs(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_in_services_collections_fields_and_result_paths_are_found() {
        let rule = r#"package x
deny contains {"msg": "m", "ref": b.__ref, "path": ["versioning", "enabeld"]} if {
	some b in input.aws.s3.buckets
	b.versioning.enabled == false
	b.loging.enabled == false
	input.aws.s3.bucket[_].name == "x"
	input.aws.sss.buckets
	some g in input.aws.ec2.security_groups
	g.ingress[i].cidr_ipv4[_] == "0.0.0.0/0"
	g[direction][_].from_port == 22
	g.ingress[_].form_port == 22
}
other if {
	b := "no longer a bucket"
	b.anything
}
"#;
        let found = check(rule);
        let lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 5, 6, 7, 11], "{found:?}");
        assert!(found[0].1.contains("[\"versioning\", \"enabeld\"]"), "{found:?}");
        assert!(found[1].1.contains("b.loging.enabled: aws.s3.buckets has no such field"), "{found:?}");
        assert!(found[2].1.contains("input.aws.s3.bucket: no such collection"), "{found:?}");
        assert!(found[3].1.contains("input.aws.sss: no such service"), "{found:?}");
        assert!(found[4].1.contains("ingress._.form_port"), "{found:?}");
    }

    #[test]
    fn every_builtin_policy_names_real_paths() {
        let mut problems = Vec::new();
        for source in crate::policy::builtin_sources() {
            for (line, p) in check(&source.text) {
                problems.push(format!("{}:{line}: {p}", source.display));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
