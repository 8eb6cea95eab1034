use super::*;

/// Write `files` (path, text) under a fresh directory.
fn tree_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn an_overlay_is_built_with_its_values_located_where_written() {
    let dir = tree_of(&[
        ("base/kustomization.yaml", "resources:\n- deploy.yaml\n"),
        (
            "base/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.25\n",
        ),
        (
            "prod/kustomization.yaml",
            "namespace: prod\nresources:\n- ../base\npatches:\n- path: fix.yaml\nimages:\n- name: nginx\n  newTag: '1.27'\n",
        ),
        (
            "prod/fix.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        securityContext:\n          privileged: true\n",
        ),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let out = build(&root.join("prod"), &root, 1 << 20);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.docs.len(), 1);
    let doc = &out.docs[0];
    assert_eq!(doc.root_ref, "Deployment/prod/web");
    assert_eq!(&*doc.file, "base/deploy.yaml");
    assert_eq!(doc.input["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.27");
    let at = |path: &[&str]| {
        let path: Vec<Json> = path.iter().map(|p| p.parse::<u64>().map_or(Json::from(*p), Json::from)).collect();
        let loc = doc.source_map.locate(&doc.root_ref, &path).unwrap();
        (loc.file.to_string(), loc.span.start)
    };
    let container = ["spec", "template", "spec", "containers", "0"];
    assert_eq!(at(&[&container[..], &["securityContext", "privileged"]].concat()), ("prod/fix.yaml".into(), 11));
    assert_eq!(at(&[&container[..], &["image"]].concat()), ("prod/kustomization.yaml".into(), 7));
    assert_eq!(at(&["metadata", "namespace"]), ("prod/kustomization.yaml".into(), 1));
    assert_eq!(at(&[&container[..], &["resources"]].concat()), ("base/deploy.yaml".into(), 9));
    assert_eq!(doc.context.as_deref(), Some("kustomize overlay prod"));
}

fn messages(out: &Output) -> Vec<String> {
    out.diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file.as_deref().unwrap_or(""), d.line.unwrap_or(0), d.message))
        .collect()
}

#[test]
fn what_cannot_be_built_is_a_located_warning_and_the_rest_is_built() {
    let dir = tree_of(&[
        (
            "app/kustomization.yaml",
            "resources:\n- https://github.com/org/repo//deploy?ref=v1\n- ../loop\n- pod.yaml\n- missing.yaml\n- ../outside.yaml\npatches:\n- path: nothing.yaml\n- target:\n    kind: Pod\n  patch: |-\n    - op: replace\n      path: /spec/nope\n      value: 1\n",
        ),
        ("app/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n"),
        ("app/nothing.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\n"),
        ("outside.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: o\n"),
        ("loop/kustomization.yaml", "resources:\n- ../app\nreplacements: []\nnamprefix: x-\n"),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let out = build(&root.join("app"), &root, 1 << 20);
    assert_eq!(out.docs.iter().map(|d| d.root_ref.as_str()).collect::<Vec<_>>(), ["Pod/p"]);
    let got = messages(&out);
    for expected in [
        "app/kustomization.yaml:2: remote resource `https://github.com/org/repo//deploy?ref=v1` not fetched",
        "loop/kustomization.yaml:2: app is part of a cycle of kustomizations",
        "app/kustomization.yaml:5: `missing.yaml` not found in app",
        "app/kustomization.yaml:6: `../outside.yaml` not read: a file a kustomization names must be in or below its directory",
        "app/nothing.yaml:1: patch matches no object of the build: no Pod other",
        "app/kustomization.yaml:11: JSON patch not applied to Pod/p: operation 0: `replace`: /spec/nope does not exist",
        "loop/kustomization.yaml:3: `replacements` is not applied by Rampart yet",
        "loop/kustomization.yaml:4: unknown kustomization field `namprefix`",
    ] {
        assert!(got.iter().any(|g| g.starts_with(expected)), "missing {expected:?} in {got:#?}");
    }
}

#[test]
fn links_out_of_the_scanned_tree_are_not_followed() {
    let outside = tree_of(&[
        ("secret/kustomization.yaml", "resources:\n- pod.yaml\n"),
        ("secret/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\n"),
    ]);
    let dir = tree_of(&[("app/kustomization.yaml", "resources:\n- ../linked\n")]);
    std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("linked")).unwrap();
    let root = dir.path().canonicalize().unwrap();
    let out = build(&root.join("app"), &root, 1 << 20);
    assert!(out.docs.is_empty());
    assert_eq!(
        messages(&out),
        ["app/kustomization.yaml:2: `../linked` not read: it is not inside the scanned directory"]
    );
}

#[test]
fn roots_are_the_kustomizations_no_other_uses() {
    let dir = tree_of(&[
        ("base/kustomization.yaml", "resources:\n- d.yaml\n"),
        ("base/d.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"),
        ("comp/kustomization.yaml", "kind: Component\n"),
        ("prod/kustomization.yaml", "resources:\n- ../base\ncomponents:\n- ../comp\npatches:\n- path: p.yaml\n"),
        ("prod/p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"),
        ("broken/kustomization.yaml", "resources: [\n"),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let dirs: Vec<PathBuf> = ["base", "comp", "prod", "broken"].iter().map(|d| root.join(d)).collect();
    let plan = plan(&dirs, 1 << 20);
    assert_eq!(plan.roots, [root.join("prod")]);
    let consumed: Vec<String> =
        plan.consumed.iter().map(|p| p.strip_prefix(&root).unwrap().display().to_string()).collect();
    assert_eq!(
        consumed,
        ["base/d.yaml", "base/kustomization.yaml", "comp/kustomization.yaml", "prod/kustomization.yaml", "prod/p.yaml"]
    );
}
