//! `configMapGenerator` and `secretGenerator`: objects made from literals, files and env
//! files, named with the content hash Kustomize appends (so a scan names them as the cluster
//! will), located at the generator entry that made them.

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::tree::{At, Tree, Val};
use super::{Build, Resource};

/// One generator entry's data: key, value, and where it was written.
pub(super) struct Entry {
    pub key: String,
    pub value: Vec<u8>,
    pub at: At,
}

impl Build<'_> {
    /// Run the generators of the kustomization `k` (file `kid`, directory `dir`) into `res`.
    pub(super) fn generate(&mut self, k: &Tree, kid: u32, dir: &std::path::Path, res: &mut Vec<Resource>) {
        let options = k.get("generatorOptions");
        for (field, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
            let Some(list) = k.get(field) else { continue };
            for args in list.items() {
                self.generate_one(args, options, kind, kid, dir, res);
            }
        }
    }

    fn generate_one(
        &mut self,
        args: &Tree,
        global: Option<&Tree>,
        kind: &str,
        kid: u32,
        dir: &std::path::Path,
        res: &mut Vec<Resource>,
    ) {
        let at = args.at;
        let Some(name) = args.str_at(&["name"]) else {
            self.warn(kid, at.span.start, format!("a {kind} generator needs a `name`"));
            return;
        };
        let mut data: Vec<Entry> = Vec::new();
        for lit in args.get("literals").map(Tree::items).unwrap_or_default() {
            match lit.as_str().and_then(|l| l.split_once('=')) {
                Some((k, v)) => data.push(Entry { key: k.trim().to_string(), value: unquote(v).into(), at: lit.at }),
                None => self.warn(kid, lit.at.span.start, "a literal is `KEY=VALUE`".to_string()),
            }
        }
        for file in args.get("files").map(Tree::items).unwrap_or_default() {
            let Some(spec) = file.as_str() else { continue };
            let (key, path) = match spec.split_once('=') {
                Some((k, p)) => (k.trim().to_string(), p.trim()),
                None => (spec.rsplit('/').next().unwrap_or(spec).to_string(), spec.trim()),
            };
            if let Some(bytes) = self.read_local(dir, path, kid, file.at.span.start) {
                data.push(Entry { key, value: bytes, at: file.at });
            }
        }
        let envs = args.get("envs").map(Tree::items).unwrap_or_default();
        for env in envs.iter().chain(args.get("env")) {
            let Some(path) = env.as_str() else { continue };
            let Some(bytes) = self.read_local(dir, path, kid, env.at.span.start) else { continue };
            for line in String::from_utf8_lossy(&bytes).lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                // A bare `KEY` takes its value from the environment of whoever builds: not
                // ours to read, and never the same twice.
                if let Some((k, v)) = line.split_once('=') {
                    data.push(Entry { key: k.trim().to_string(), value: v.as_bytes().to_vec(), at: env.at });
                }
            }
        }
        let option = |key: &str| args.at_path(&["options", key]).or_else(|| global.and_then(|g| g.get(key)));
        let mut obj = Tree::map(at);
        obj.set("apiVersion", Tree::str("v1", at));
        obj.set("kind", Tree::str(kind, at));
        let meta = obj.ensure_map(&["metadata"], at).expect("a new map");
        meta.set("name", Tree::str(name, args.get("name").map_or(at, |n| n.at)));
        if let Some(ns) = args.get("namespace").filter(|n| n.as_str().is_some()) {
            meta.set("namespace", ns.clone());
        }
        for key in ["labels", "annotations"] {
            // Global options first, the generator's own over them.
            let mut merged = Tree::map(at);
            for source in [global.and_then(|g| g.get(key)), args.at_path(&["options", key])].into_iter().flatten() {
                if let Val::Map(entries) = &source.val {
                    for (k, v) in entries {
                        merged.set(k, v.clone());
                    }
                }
            }
            if matches!(&merged.val, Val::Map(e) if !e.is_empty()) {
                meta.set(key, merged);
            }
        }
        let (text, binary): (Vec<&Entry>, Vec<&Entry>) =
            data.iter().partition(|e| kind == "Secret" || std::str::from_utf8(&e.value).is_ok());
        let mut map = Tree::map(at);
        for e in &text {
            let value = if kind == "Secret" {
                wrapped_base64(&e.value)
            } else {
                String::from_utf8_lossy(&e.value).into_owned()
            };
            map.set(&e.key, Tree::str(&value, e.at));
        }
        obj.set("data", map);
        if !binary.is_empty() {
            let mut bin = Tree::map(at);
            for e in &binary {
                bin.set(&e.key, Tree::str(&wrapped_base64(&e.value), e.at));
            }
            obj.set("binaryData", bin);
        }
        if kind == "Secret" {
            obj.set("type", args.get("type").cloned().unwrap_or_else(|| Tree::str("Opaque", at)));
        }
        if let Some(immutable) = option("immutable").filter(|i| matches!(i.val, Val::Scalar(Json::Bool(true)))) {
            obj.set("immutable", immutable.clone());
        }
        let hash = !option("disableNameSuffixHash").is_some_and(|d| matches!(d.val, Val::Scalar(Json::Bool(true))));
        let behavior = args.str_at(&["behavior"]).unwrap_or("create");
        let namespace = obj.str_at(&["metadata", "namespace"]).map(str::to_string);
        let existing = res.iter().position(|r| {
            r.kind() == kind
                && r.names.contains(&name.to_string())
                && (namespace.is_none() || r.namespace() == namespace.as_deref())
        });
        match (behavior, existing) {
            ("create", None) => res.push(Resource { tree: obj, file: kid, names: vec![name.to_string()], hash }),
            ("create", Some(_)) => self.warn(
                kid,
                at.span.start,
                format!(
                    "{kind} {name} is generated twice: use `behavior: merge` or `replace` to change an inherited one"
                ),
            ),
            ("merge" | "replace", Some(i)) => {
                let target = &mut res[i];
                for field in ["data", "binaryData"] {
                    let Some(new) = obj.get(field).cloned() else { continue };
                    match (behavior, target.tree.get_mut(field)) {
                        ("merge", Some(old)) => {
                            if let Val::Map(entries) = new.val {
                                for (k, v) in entries {
                                    old.set(&k, v);
                                }
                            }
                        }
                        _ => target.tree.set(field, new),
                    }
                }
                if let Some(Val::Map(entries)) = obj.at_path(&["metadata", "labels"]).map(|l| l.val.clone()) {
                    if let Some(labels) = target.tree.ensure_map(&["metadata", "labels"], at) {
                        for (k, v) in entries {
                            labels.set(&k, v);
                        }
                    }
                }
                target.hash = hash;
            }
            ("merge" | "replace", None) => self.warn(
                kid,
                at.span.start,
                format!("`behavior: {behavior}` for {kind} {name}, but no base generates it"),
            ),
            (other, _) => self.warn(
                kid,
                at.span.start,
                format!("unknown generator behavior {other:?}: expected create, merge or replace"),
            ),
        }
    }
}

/// Base64 as Kustomize writes generated data: in lines of 70 characters, each ending in a
/// newline, once the text is 70 characters or longer.
fn wrapped_base64(bytes: &[u8]) -> String {
    const LINE: usize = 70;
    let encoded = crate::collect::terraform::base64_encode(bytes);
    if encoded.len() < LINE {
        return encoded;
    }
    let mut out = String::with_capacity(encoded.len() + encoded.len() / LINE + 1);
    for chunk in encoded.as_bytes().chunks(LINE) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out
}

/// A literal's value with one pair of surrounding quotes removed, as Kustomize reads it.
fn unquote(v: &str) -> String {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].to_string();
        }
    }
    v.to_string()
}

/// The suffix Kustomize appends to a generated object's name: the first ten hex digits of
/// the SHA-256 of its kind, type and data as Go's `json.Marshal` writes them (keys sorted,
/// `<`, `>` and `&` escaped), with the characters that could spell words swapped. The name is
/// hashed as Kustomize really does it: empty (it looks up `metadata/name` as one key).
pub(super) fn name_hash(obj: &Tree) -> String {
    let kind = obj.str_at(&["kind"]).unwrap_or_default();
    let mut fields: Vec<(&str, String)> = vec![("kind", go_string(kind)), ("name", go_string(""))];
    let map_or_empty = |field: &str| match obj.get(field) {
        Some(t @ Tree { val: Val::Map(_), .. }) => Some(go_json(&t.to_json())),
        _ => None,
    };
    fields.push(("data", map_or_empty("data").unwrap_or_else(|| go_string(""))));
    if kind == "Secret" {
        fields.push(("type", go_string(obj.str_at(&["type"]).unwrap_or_default())));
        if let Some(s) = map_or_empty("stringData") {
            fields.push(("stringData", s));
        }
    } else if let Some(b) = map_or_empty("binaryData") {
        fields.push(("binaryData", b));
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", go_string(k))).collect();
    let digest = Sha256::digest(format!("{{{}}}", body.join(",")).as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// JSON as Go's `json.Marshal` writes a decoded map: keys sorted, no spaces.
fn go_json(value: &Json) -> String {
    match value {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let body: Vec<String> = keys.iter().map(|k| format!("{}:{}", go_string(k), go_json(&map[*k]))).collect();
            format!("{{{}}}", body.join(","))
        }
        Json::Array(items) => format!("[{}]", items.iter().map(go_json).collect::<Vec<_>>().join(",")),
        Json::String(s) => go_string(s),
        other => other.to_string(),
    }
}

/// A string as Go's encoder quotes it: HTML-sensitive characters and the JavaScript line
/// separators escaped as well.
fn go_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::collect::helm::funcs::json_string(&mut out, s, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Tree {
        Tree::from_node(&crate::yaml::parse(text).unwrap()[0], 0)
    }

    #[test]
    fn hashes_match_kubectl_kustomize() {
        // Names `kubectl kustomize` (Kustomize v5.5.0) gave these objects.
        assert_eq!(name_hash(&tree("kind: ConfigMap\ndata:\n  A: b\n")), "b9t2424hkf");
        assert_eq!(name_hash(&tree("kind: ConfigMap\ndata:\n  MODE: prod\n")), "2h42td9ggm");
        assert_eq!(name_hash(&tree("kind: Secret\ntype: Opaque\ndata:\n  password: czNjcjN0\n")), "25k92892fb");
    }

    #[test]
    fn go_quoting() {
        assert_eq!(go_string("a<b>&\"\n"), "\"a\\u003cb\\u003e\\u0026\\\"\\n\"");
        assert_eq!(unquote("\"x y\""), "x y");
        assert_eq!(unquote("'x"), "'x");
    }
}
