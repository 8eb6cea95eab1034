//! The Helm renderer (template parser, executor, functions, chart loading) on arbitrary
//! charts: the input is split at `\n#---#\n` into `values.yaml`, `templates/a.yaml` and
//! `templates/_helpers.tpl` of a chart whose `Chart.yaml` is fixed.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("rampart-fuzz-helm-{}", std::process::id()));
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("Chart.yaml"), "apiVersion: v2\nname: fuzz\nversion: 1.0.0\n").unwrap();
        root.canonicalize().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, "\n#---#\n");
    let root = root();
    for name in ["values.yaml", "templates/a.yaml", "templates/_helpers.tpl"] {
        std::fs::write(root.join(name), parts.next().unwrap_or("")).unwrap();
    }
    let out = rampart::collect::helm::build(root, root, 1 << 20, &Default::default());
    for doc in out.docs {
        let at = doc.source_map.locate(&doc.root_ref, &[]).expect("every object is located");
        assert!(at.span.start >= 1);
        assert!(!at.file.starts_with('/'), "a report path is relative: {}", at.file);
    }
    for d in out.diagnostics {
        assert!(d.line.is_none_or(|l| l >= 1));
    }
});
