//! The two patch languages of Kustomize: strategic merge (a partial object merged into the
//! target, lists of containers, volumes, ports… merged by their key) and JSON 6902 (a list of
//! operations on JSON pointers). Values a patch writes keep the patch file's location, so a
//! finding about them points at the patch.

use serde_json::Value as Json;

use super::tree::{Tree, Val};

/// Merge `patch` into `base`, as `kubectl kustomize` does. `builtin`: the object is a core
/// Kubernetes kind, whose list fields merge where the API declares a merge key; Kustomize has
/// no schema for other kinds (custom resources), whose lists a patch replaces whole (a Rollout
/// patch that names one container drops the others' fields).
pub fn strategic_merge(base: &mut Tree, patch: &Tree, builtin: bool) {
    if directive(patch) == Some("replace") {
        *base = strip(patch);
        return;
    }
    let (Val::Map(_), Val::Map(entries)) = (&base.val, &patch.val) else {
        *base = strip(patch);
        return;
    };
    for (key, value) in entries {
        if key.starts_with('$') {
            continue;
        }
        if matches!(value.val, Val::Scalar(Json::Null)) || directive(value) == Some("delete") {
            base.remove(key);
            continue;
        }
        match base.get_mut(key) {
            Some(existing) => match (&existing.val, &value.val) {
                (Val::Map(_), Val::Map(_)) => strategic_merge(existing, value, builtin),
                (Val::Seq(_), Val::Seq(_)) => merge_list(existing, value, key, builtin),
                _ => *existing = strip(value),
            },
            None => base.set(key, strip(value)),
        }
    }
}

/// `$patch` of a map node.
fn directive(tree: &Tree) -> Option<&str> {
    tree.get("$patch").and_then(Tree::as_str)
}

/// The patch's value as it lands in the object: directives removed.
fn strip(tree: &Tree) -> Tree {
    let val = match &tree.val {
        Val::Map(entries) => {
            Val::Map(entries.iter().filter(|(k, _)| !k.starts_with('$')).map(|(k, v)| (k.clone(), strip(v))).collect())
        }
        Val::Seq(items) => Val::Seq(items.iter().filter(|i| directive(i).is_none()).map(strip).collect()),
        Val::Scalar(v) => Val::Scalar(v.clone()),
    };
    Tree { val, at: tree.at }
}

/// The key list items of `field` merge by, or `None` when the list is replaced whole.
fn merge_key(field: &str, base: &[Tree], patch: &[Tree], builtin: bool) -> Option<&'static str> {
    if !builtin {
        return None;
    }
    match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => {
            Some("name")
        }
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        "conditions" => Some("type"),
        "ports" if base.iter().chain(patch).any(|i| i.get("containerPort").is_some()) => Some("containerPort"),
        "ports" => Some("port"),
        _ => None,
    }
}

fn merge_list(base: &mut Tree, patch: &Tree, field: &str, builtin: bool) {
    let patch_items = patch.items();
    if patch_items.iter().any(|i| directive(i) == Some("replace")) {
        *base = strip(patch);
        return;
    }
    let Some(key) = merge_key(field, base.items(), patch_items, builtin) else {
        *base = strip(patch);
        return;
    };
    let Val::Seq(items) = &mut base.val else { return };
    let id = |t: &Tree| t.get(key).map(Tree::to_json);
    let server_order: Vec<Option<Json>> = items.iter().map(id).collect();
    let mut server: Vec<Option<Tree>> = std::mem::take(items).into_iter().map(Some).collect();
    // The patch's items (merged with the base's of the same key), in the patch's order.
    let mut merged: Vec<Tree> = Vec::new();
    for p in patch_items {
        let found = id(p).and_then(|k| server_order.iter().position(|s| s.as_ref() == Some(&k)));
        let original = found.and_then(|i| server[i].take());
        match (directive(p), original) {
            (Some("delete"), _) => {}
            (_, Some(mut item)) => {
                strategic_merge(&mut item, p, builtin);
                merged.push(item);
            }
            (_, None) => merged.push(strip(p)),
        }
    }
    // Then the base's other items, in their order: where `kubectl kustomize` puts them.
    items.extend(merged);
    items.extend(server.into_iter().flatten());
}

/// Apply one JSON 6902 operation list. Each value keeps the location of its `value:` line in
/// the patch. An error names the operation (0-based) and why it does not apply.
pub fn json6902(target: &mut Tree, ops: &Tree) -> Result<(), String> {
    let Val::Seq(list) = &ops.val else { return Err("a JSON 6902 patch is a list of operations".into()) };
    for (n, op) in list.iter().enumerate() {
        apply_op(target, op).map_err(|why| format!("operation {n}: {why}"))?;
    }
    Ok(())
}

fn apply_op(target: &mut Tree, op: &Tree) -> Result<(), String> {
    let kind = op.get("op").and_then(Tree::as_str).ok_or("expected `op`")?;
    let path = parse_pointer(op.get("path").and_then(Tree::as_str).ok_or("expected `path`")?)?;
    let value = || op.get("value").cloned().ok_or_else(|| format!("`{kind}` needs a `value`"));
    match kind {
        "add" => add(target, &path, value()?),
        "replace" => {
            let slot = lookup_mut(target, &path).ok_or_else(|| format!("`replace`: {} does not exist", show(&path)))?;
            *slot = value()?;
            Ok(())
        }
        "remove" => remove(target, &path).map(|_| ()),
        "move" | "copy" => {
            let from = parse_pointer(op.get("from").and_then(Tree::as_str).ok_or("expected `from`")?)?;
            let moved = if kind == "move" {
                remove(target, &from)?
            } else {
                lookup(target, &from).cloned().ok_or_else(|| format!("`copy`: {} does not exist", show(&from)))?
            };
            add(target, &path, moved)
        }
        "test" => match lookup(target, &path) {
            Some(found) if found.to_json() == value()?.to_json() => Ok(()),
            _ => Err(format!("`test` of {} failed", show(&path))),
        },
        other => Err(format!("unknown op `{other}`: expected add, remove, replace, move, copy or test")),
    }
}

fn show(path: &[String]) -> String {
    if path.is_empty() {
        return "/".into();
    }
    path.iter().map(|p| format!("/{p}")).collect()
}

fn parse_pointer(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer.strip_prefix('/').ok_or_else(|| format!("path {pointer:?} must start with `/`"))?;
    Ok(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

fn index(items: &[Tree], segment: &str, append_ok: bool) -> Result<usize, String> {
    if append_ok && segment == "-" {
        return Ok(items.len());
    }
    let i: usize = segment.parse().map_err(|_| format!("{segment:?} is not a list index"))?;
    let limit = if append_ok { items.len() } else { items.len().saturating_sub(1) };
    if i > limit || (!append_ok && items.is_empty()) {
        return Err(format!("index {i} is out of range (the list has {} items)", items.len()));
    }
    Ok(i)
}

fn lookup<'t>(tree: &'t Tree, path: &[String]) -> Option<&'t Tree> {
    path.iter().try_fold(tree, |t, seg| t.get(seg))
}

fn lookup_mut<'t>(tree: &'t mut Tree, path: &[String]) -> Option<&'t mut Tree> {
    path.iter().try_fold(tree, |t, seg| t.get_mut(seg))
}

fn add(target: &mut Tree, path: &[String], value: Tree) -> Result<(), String> {
    let Some((last, parent)) = path.split_last() else {
        *target = value;
        return Ok(());
    };
    let parent_node = lookup_mut(target, parent).ok_or_else(|| format!("`add`: {} does not exist", show(parent)))?;
    match &mut parent_node.val {
        Val::Map(_) => {
            parent_node.set(last, value);
            Ok(())
        }
        Val::Seq(items) => {
            let i = index(items, last, true)?;
            items.insert(i, value);
            Ok(())
        }
        Val::Scalar(_) => Err(format!("`add`: {} is not an object or a list", show(parent))),
    }
}

fn remove(target: &mut Tree, path: &[String]) -> Result<Tree, String> {
    let (last, parent) = path.split_last().ok_or("cannot remove the whole object")?;
    let missing = || format!("`remove`: {} does not exist", show(path));
    let parent_node = lookup_mut(target, parent).ok_or_else(missing)?;
    match &mut parent_node.val {
        Val::Map(_) => parent_node.remove(last).ok_or_else(missing),
        Val::Seq(items) => {
            let i = index(items, last, false)?;
            Ok(items.remove(i))
        }
        Val::Scalar(_) => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str, file: u32) -> Tree {
        Tree::from_node(&crate::yaml::parse(text).unwrap()[0], file)
    }

    #[test]
    fn strategic_merge_merges_containers_by_name_and_keeps_the_patch_location() {
        let mut base = tree(
            "spec:\n  containers:\n  - name: a\n    image: x\n    env:\n    - name: A\n      value: '1'\n  - name: b\n    image: y\n  tolerations:\n  - key: k\n",
            0,
        );
        let patch = tree(
            "spec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: false\n    env:\n    - name: B\n      value: '2'\n  - name: b\n    $patch: delete\n  - name: c\n    image: z\n  tolerations:\n  - key: j\n",
            1,
        );
        strategic_merge(&mut base, &patch, true);
        let json = base.to_json();
        assert_eq!(json["spec"]["containers"].as_array().unwrap().len(), 2);
        assert_eq!(json["spec"]["containers"][0]["image"], "x");
        assert_eq!(json["spec"]["containers"][0]["env"].as_array().unwrap().len(), 2);
        assert_eq!(json["spec"]["containers"][1]["name"], "c");
        assert_eq!(json["spec"]["tolerations"], serde_json::json!([{"key": "j"}]));
        let sc = base.at_path(&["spec", "containers"]).unwrap().items()[0].get("securityContext").unwrap();
        assert_eq!((sc.at.file, sc.at.span.start), (1, 4));
    }

    #[test]
    fn null_deletes_and_replace_directive_replaces() {
        let mut base = tree("a: 1\nb:\n  c: 2\n  d: 3\n", 0);
        strategic_merge(&mut base, &tree("a: null\nb:\n  $patch: replace\n  e: 4\n", 1), true);
        assert_eq!(base.to_json(), serde_json::json!({"b": {"e": 4}}));
    }

    #[test]
    fn custom_resources_get_their_lists_replaced_and_patched_items_go_first() {
        let mut base = tree("spec:\n  items:\n  - name: a\n    v: 1\n", 0);
        strategic_merge(&mut base, &tree("spec:\n  items:\n  - name: a\n    w: 2\n", 1), false);
        assert_eq!(base.to_json()["spec"]["items"], serde_json::json!([{"name": "a", "w": 2}]));
        let mut base = tree("ports:\n- containerPort: 1\n- containerPort: 2\n", 0);
        strategic_merge(&mut base, &tree("ports:\n- containerPort: 3\n- containerPort: 2\n  name: b\n", 1), true);
        let ports: Vec<Json> =
            base.to_json()["ports"].as_array().unwrap().iter().map(|p| p["containerPort"].clone()).collect();
        assert_eq!(ports, vec![Json::from(3), Json::from(2), Json::from(1)]);
    }

    #[test]
    fn json6902_operations() {
        let mut t = tree("spec:\n  list: [a, b]\n  m: {x: 1}\n", 0);
        let ops = tree(
            "- op: add\n  path: /spec/list/-\n  value: c\n- op: replace\n  path: /spec/m/x\n  value: 2\n- op: remove\n  path: /spec/list/0\n- op: copy\n  from: /spec/m\n  path: /spec/n\n- op: test\n  path: /spec/n/x\n  value: 2\n- op: add\n  path: /spec/a~1b\n  value: s\n",
            1,
        );
        json6902(&mut t, &ops).unwrap();
        assert_eq!(
            t.to_json(),
            serde_json::json!({"spec": {"list": ["b", "c"], "m": {"x": 2}, "n": {"x": 2}, "a/b": "s"}})
        );
        assert_eq!(t.at_path(&["spec", "m", "x"]).unwrap().at.file, 1);
        let err = json6902(&mut t, &tree("- op: replace\n  path: /spec/nope/x\n  value: 1\n", 1)).unwrap_err();
        assert_eq!(err, "operation 0: `replace`: /spec/nope/x does not exist");
        assert!(json6902(&mut t, &tree("- op: remove\n  path: /spec/list/9\n", 1)).is_err());
    }
}
