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
