//! The Kustomize build (kustomization fields, generators, strategic merge and JSON 6902
//! patches, transformers, name references) on arbitrary files: the input is split at
//! `\n#---#\n` into a kustomization, a resource file and a patch file (`r.yaml`, `p.yaml`)
//! beside it, with a base kustomization in `../base` that the fuzzed one may use.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("rampart-fuzz-kustomize-{}", std::process::id()));
        std::fs::create_dir_all(root.join("o")).unwrap();
        std::fs::create_dir_all(root.join("base")).unwrap();
        std::fs::write(root.join("base/kustomization.yaml"), "resources:\n- d.yaml\n").unwrap();
        std::fs::write(
            root.join("base/d.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n",
        )
        .unwrap();
        root.canonicalize().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, "\n#---#\n");
    let root = root();
    for name in ["kustomization.yaml", "r.yaml", "p.yaml"] {
        std::fs::write(root.join("o").join(name), parts.next().unwrap_or("")).unwrap();
    }
    let out = rampart::collect::kustomize::build(&root.join("o"), root, 1 << 20);
    for doc in out.docs {
        let at = doc.source_map.locate(&doc.root_ref, &[]).expect("every object is located");
        assert!(at.span.start >= 1);
        assert!(!at.file.starts_with('/'), "a report path is relative: {}", at.file);
    }
    for d in out.diagnostics {
        assert!(d.line.is_none_or(|l| l >= 1));
    }
});
