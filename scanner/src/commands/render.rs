//! `rampart render`: the objects the Kubernetes rules judge for Helm charts and Kustomize
//! overlays, printed as YAML, each with the file it came from. It answers "what did Rampart
//! see?" when a finding on a chart or an overlay surprises, the way `helm template` and
//! `kubectl kustomize` answer it for their tools.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use super::EXIT_OK;
use crate::cli::RenderArgs;
use crate::collect::{self, helm};
use crate::document::Model;
use crate::paths;
use crate::pipeline::units::{self, Unit};
use crate::walk;

pub fn run(args: RenderArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let base = paths::report_base(&cwd);
    for path in &args.paths {
        if std::fs::symlink_metadata(path).is_err() {
            bail!("{} does not exist", path.display());
        }
    }
    let walked = walk::discover(
        &args.paths,
        &walk::Options { base: base.clone(), excludes: paths::build_globs(&args.exclude)?, follow_links: false },
    );
    // The charts' values of `.rampart.yaml`, as a scan would render them.
    let start = args.paths.first().map_or(cwd.as_path(), |p| p.as_path());
    let loaded = crate::config::discover(start).map(|path| crate::config::load(&path)).transpose()?;
    let opts = collect::Options {
        max_file_size: args.max_file_size.unwrap_or(collect::DEFAULT_MAX_FILE_SIZE),
        models: [Model::Kubernetes].into_iter().collect(),
        helm: std::sync::Arc::new(units::helm_options(&args.helm, loaded.as_ref())?),
        base: Some(base),
        ..Default::default()
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for unit in units::units(&walked.targets, &opts) {
        let out = match &unit {
            Unit::Chart { dir, display_base, .. } => collect::collect_chart(dir, display_base, &opts),
            Unit::Kustomization { dir, display_base, .. } => collect::collect_kustomization(dir, display_base, &opts),
            Unit::File(_) | Unit::Module { .. } => continue,
        };
        for d in &out.diagnostics {
            writeln!(stderr, "{d}")?;
        }
        for doc in &out.docs {
            let mut input = doc.input.clone();
            if let Some(obj) = input.as_object_mut() {
                // What the collectors add for the rules is not part of the object.
                obj.retain(|k, _| !k.starts_with("__"));
            }
            let yaml = helm::funcs::to_yaml(&helm::value::Value::from_json(&input));
            let from = doc.context.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            writeln!(stdout, "---\n# Source: {}{from}\n{yaml}", doc.file)?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
