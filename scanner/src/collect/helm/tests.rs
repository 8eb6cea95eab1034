use super::*;

use serde_json::json;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const CHART: &str = "apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: \"2.1\"\n";

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.name" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
"#;

const HELPERS: &str = "{{- define \"web.name\" -}}\n{{ .Release.Name }}-{{ .Chart.Name }}\n{{- end }}\n";

const VALUES: &str = "image:\n  repository: nginx\n  tag: \"\"\nsecurityContext:\n  runAsUser: 0\n  privileged: true\n";

fn sample(dir: &Path) {
    write(
        dir,
        &[
            ("Chart.yaml", CHART),
            ("values.yaml", VALUES),
            ("templates/_helpers.tpl", HELPERS),
            ("templates/deployment.yaml", DEPLOYMENT),
        ],
    );
}

#[test]
fn renders_a_chart_and_locates_values_in_the_template() {
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path());
    let (objects, out) = rendered(dir.path());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(objects.len(), 1);
    let o = &objects[0];
    assert_eq!(o["metadata"]["name"], "release-name-web");
    let container = &o["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["image"], "nginx:2.1");
    assert_eq!(container["securityContext"], json!({"privileged": true, "runAsUser": 0}));

    let doc = &out.docs[0];
    assert_eq!(&*doc.file, "templates/deployment.yaml");
    assert_eq!(doc.root_ref, "Deployment/release-name-web");
    let path = |p: &[&str]| p.iter().map(|s| s.parse::<u64>().map_or(json!(s), |i| json!(i))).collect::<Vec<_>>();
    // The toYaml action's line, and the values key that set it.
    let loc = doc
        .source_map
        .locate(&doc.root_ref, &path(&["spec", "template", "spec", "containers", "0", "securityContext", "privileged"]))
        .unwrap();
    assert_eq!((&*loc.file, loc.span.start), ("templates/deployment.yaml", 12));
    let related = loc.related.unwrap();
    assert_eq!((&*related.file, related.line), ("values.yaml", 6));
    assert_eq!(related.label, "set in values.yaml:6 (`securityContext.privileged`)");
    // A line written in the template is its own.
    let loc =
        doc.source_map.locate(&doc.root_ref, &path(&["spec", "template", "spec", "containers", "0", "name"])).unwrap();
    assert_eq!(loc.span.start, 9);
    assert!(loc.related.is_none());
    assert_eq!(doc.context.as_deref(), Some("helm chart ., values.yaml"));
}

#[test]
fn user_values_win_and_are_named() {
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path());
    write(dir.path(), &[("prod.yaml", "securityContext:\n  privileged: false\n")]);
    let options = HelmOptions {
        values_files: vec![dir.path().join("prod.yaml")],
        set: vec![("image.tag".into(), "3.0".into())],
        ..Default::default()
    };
    let out = build(dir.path(), dir.path(), 1 << 20, &options);
    let doc = &out.docs[0];
    let container = &doc.input["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["securityContext"], json!({"privileged": false, "runAsUser": 0}));
    assert_eq!(container["image"], "nginx:3.0");
    assert_eq!(doc.context.as_deref(), Some("helm chart ., prod.yaml, --helm-set image.tag"));
    let loc = doc
        .source_map
        .locate(
            &doc.root_ref,
            &[
                json!("spec"),
                json!("template"),
                json!("spec"),
                json!("containers"),
                json!(0),
                json!("securityContext"),
                json!("privileged"),
            ],
        )
        .unwrap();
    assert_eq!(loc.related.map(|r| (r.file.to_string(), r.line)), Some(("prod.yaml".to_string(), 2)));
}

#[test]
fn subcharts_get_their_values_and_conditions() {
    let dir = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Chart.Name }}-{{ .Values.suffix }}-{{ .Values.global.env }}\n";
    write(
        dir.path(),
        &[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: db\n  version: 1.0.0\n  condition: db.enabled\n- name: cache\n  version: 1.0.0\n  condition: cache.enabled\n",
            ),
            ("values.yaml", "global:\n  env: prod\ndb:\n  enabled: true\n  suffix: parent\ncache:\n  enabled: false\n"),
            ("charts/db/Chart.yaml", "apiVersion: v2\nname: db\nversion: 1.0.0\n"),
            ("charts/db/values.yaml", "suffix: own\nglobal:\n  env: dev\n"),
            ("charts/db/templates/pod.yaml", pod),
            ("charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 1.0.0\n"),
            ("charts/cache/templates/pod.yaml", pod),
        ],
    );
    let (objects, out) = rendered(dir.path());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let names: Vec<&str> = objects.iter().map(|o| o["metadata"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["db-parent-prod"]);
    assert_eq!(&*out.docs[0].file, "charts/db/templates/pod.yaml");
}

#[test]
fn templates_that_cannot_render_are_located_warnings_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    sample(dir.path());
    write(
        dir.path(),
        &[
            ("templates/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ required \"auth.name is required\" .Values.auth.name }}\n"),
            ("templates/broken.yaml", "apiVersion: v1\n{{ if .Values.x }}\nkind: Pod\n"),
            ("templates/bad-yaml.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {{ .Values.image.repository }}: x\n"),
        ],
    );
    let (objects, out) = rendered(dir.path());
    assert_eq!(objects.len(), 1, "the deployment still renders");
    let said: Vec<String> = out
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file.as_deref().unwrap_or_default(), d.line.unwrap_or(0), d.message))
        .collect();
    assert!(
        said.iter().any(|m| m == "templates/secret.yaml:4: not scanned: template web/templates/secret.yaml cannot be rendered: nil pointer evaluating interface {}.name"),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.starts_with("templates/broken.yaml:") && m.contains("web/templates/broken.yaml does not parse")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.starts_with(
            "templates/bad-yaml.yaml:3: not scanned: template web/templates/bad-yaml.yaml renders invalid YAML"
        )),
        "{said:?}"
    );
}

#[test]
fn a_template_written_through_template_is_located_in_its_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("Chart.yaml", CHART),
            (
                "templates/_pod.tpl",
                "{{- define \"pod\" }}\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n{{- end }}\n",
            ),
            ("templates/pod.yaml", "apiVersion: v1\n{{- template \"pod\" . }}\n"),
        ],
    );
    let (_, out) = rendered(dir.path());
    let doc = &out.docs[0];
    let loc = doc.source_map.locate(&doc.root_ref, &[json!("spec"), json!("hostNetwork")]).unwrap();
    assert_eq!((&*loc.file, loc.span.start), ("templates/_pod.tpl", 6));
}

/// A `.tgz` in `charts/`, as `helm dependency build` leaves it: `name/Chart.yaml` inside.
fn package(files: &[(&str, &str)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (path, text) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        builder.append_data(&mut header, path, text.as_bytes()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

#[test]
fn packaged_subcharts_are_read_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("Chart.yaml", CHART), ("values.yaml", "redis:\n  port: 6380\n")]);
    let tgz = package(&[
        ("redis/Chart.yaml", "apiVersion: v2\nname: redis\nversion: 1.0.0\n"),
        ("redis/values.yaml", "port: 6379\n"),
        (
            "redis/templates/svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: redis\nspec:\n  ports:\n  - port: {{ .Values.port }}\n",
        ),
    ]);
    std::fs::create_dir_all(dir.path().join("charts")).unwrap();
    std::fs::write(dir.path().join("charts/redis-1.0.0.tgz"), tgz).unwrap();
    let (objects, out) = rendered(dir.path());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(objects[0]["spec"]["ports"][0]["port"], 6380);
    assert_eq!(&*out.docs[0].file, "charts/redis-1.0.0.tgz/redis/templates/svc.yaml");
    // Nothing was written to disk.
    assert_eq!(std::fs::read_dir(dir.path().join("charts")).unwrap().count(), 1);
}

#[test]
fn hostile_packages_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("Chart.yaml", CHART)]);
    // tar::Builder refuses `..` in paths; write the header's name field directly.
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    let mut header = tar::Header::new_gnu();
    let text = "apiVersion: v2\nname: evil\nversion: 1.0.0\n";
    header.as_gnu_mut().unwrap().name[..16].copy_from_slice(b"../../Chart.yaml");
    header.set_size(text.len() as u64);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    builder.append(&header, text.as_bytes()).unwrap();
    std::fs::create_dir_all(dir.path().join("charts")).unwrap();
    std::fs::write(dir.path().join("charts/evil.tgz"), builder.into_inner().unwrap().finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("charts/garbage.tgz"), b"not gzip").unwrap();
    let (_, out) = rendered(dir.path());
    let said: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(said.contains(&"not scanned: packaged subchart has a path outside itself"), "{said:?}");
    assert!(said.iter().any(|m| m.starts_with("not scanned: packaged subchart cannot be read")), "{said:?}");
}

#[test]
fn template_files_are_named_templates_for_the_checksum_idiom() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("Chart.yaml", CHART),
            ("templates/config/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n"),
            (
                "templates/deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n    base: {{ $.Template.BasePath }}\n    checksum: {{ include (print $.Template.BasePath \"/config/cm.yaml\") . | sha256sum | trunc 8 }}\n",
            ),
        ],
    );
    let (objects, out) = rendered(dir.path());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let annotations = &objects.iter().find(|o| o["kind"] == "Deployment").unwrap()["metadata"]["annotations"];
    assert_eq!(annotations["base"], "web/templates");
    // `printf 'apiVersion: v1\nkind: ConfigMap\n…' | sha256sum`: the rendered template's text.
    assert_eq!(annotations["checksum"], 25722885, "all digits: YAML reads a number, as Kubernetes would");
}
