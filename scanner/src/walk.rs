//! Discovery: which files a scan reads, and the repo-relative names they are reported under.
//!
//! Directories are walked in parallel with the `ignore` crate (the engine behind ripgrep), so
//! `.gitignore` is honoured and vendored trees are skipped; files named on the command line are
//! always read (pre-commit passes staged files, ignored or not). Symlinks are not followed
//! unless asked, so a link can neither loop nor lead outside the scan root.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;
use ignore::{WalkBuilder, WalkState};

use crate::collect::{classify, FileKind};
use crate::diagnostic::Diagnostic;
use crate::paths::{display_path, normalize, SKIP_DIRS};

#[derive(Debug, Clone)]
pub struct Target {
    pub abs: PathBuf,
    pub rel: Arc<str>,
    pub kind: FileKind,
    /// Named on the command line (pre-commit passes the staged files) rather than found.
    pub explicit: bool,
}

pub struct Walk {
    pub targets: Vec<Target>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Options {
    pub base: PathBuf,
    pub excludes: GlobSet,
    pub follow_links: bool,
}

/// The regular files git tracks under `dir`, when `base` is a git work tree and git runs; none
/// otherwise (the walk alone then decides). Links are left to the walk, which checks where they
/// lead.
fn tracked_files(base: &Path, dir: &Path) -> Vec<PathBuf> {
    if !base.join(".git").exists() {
        return Vec::new();
    }
    let Ok(out) = std::process::Command::new("git")
        .arg("-C")
        .arg(base)
        .args(["ls-files", "-z", "--cached", "--"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return Vec::new();
    };
    if !out.status.success() {
        return Vec::new();
    }
    out.stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(|p| std::str::from_utf8(p).ok())
        // Version-control metadata and Terraform's download cache (read through
        // `.terraform/modules/modules.json` when a module is called) stay out, as in the walk.
        .filter(|p| !p.split('/').any(|c| SKIP_DIRS.contains(&c) && c != "node_modules"))
        .map(|p| normalize(&base.join(p)))
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
        .collect()
}

fn excluded(excludes: &GlobSet, rel: &str) -> bool {
    if excludes.is_empty() {
        return false;
    }
    if excludes.is_match(rel) {
        return true;
    }
    // A pattern naming a directory excludes everything below it.
    rel.match_indices('/').any(|(i, _)| excludes.is_match(&rel[..i]))
}

pub fn discover(paths: &[PathBuf], opts: &Options) -> Walk {
    let targets = Mutex::new(Vec::new());
    let diagnostics = Mutex::new(Vec::new());
    for arg in paths {
        let root = normalize(arg);
        let meta = match std::fs::symlink_metadata(&root) {
            Ok(m) => m,
            Err(e) => {
                diagnostics.lock().expect("lock").push(Diagnostic::error(
                    &arg.display().to_string(),
                    None,
                    format!("cannot scan: {e}"),
                ));
                continue;
            }
        };
        let is_dir = meta.is_dir() || (meta.file_type().is_symlink() && root.is_dir());
        if !is_dir {
            // Named explicitly: always read, whatever .gitignore says; but a link out of the
            // repository is not followed unless asked, as in a walk.
            let rel = display_path(&root, &opts.base, &root);
            let real_base = std::fs::canonicalize(&opts.base).unwrap_or_else(|_| opts.base.clone());
            if meta.file_type().is_symlink()
                && !opts.follow_links
                && !std::fs::canonicalize(&root).is_ok_and(|t| t.starts_with(&real_base))
            {
                diagnostics.lock().expect("lock").push(
                    Diagnostic::warning(
                        &rel,
                        None,
                        "skipped: a symbolic link to a file outside the repository (use --follow-links to read it)",
                    )
                    .unscanned(),
                );
                continue;
            }
            if let Some(kind) = classify(&root) {
                if !excluded(&opts.excludes, &rel) {
                    targets.lock().expect("lock").push(Target {
                        abs: root.clone(),
                        rel: Arc::from(rel),
                        kind,
                        explicit: true,
                    });
                }
            }
            continue;
        }
        let walker = WalkBuilder::new(&root)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .parents(true)
            .follow_links(opts.follow_links)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name().to_str().is_some_and(|n| SKIP_DIRS.contains(&n)))
            })
            .build_parallel();
        // Where a symbolic link may lead without --follow-links: inside the scanned tree.
        let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        walker.run(|| {
            let targets = &targets;
            let diagnostics = &diagnostics;
            let root = &root;
            let canonical_root = &canonical_root;
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        let special = entry.file_type().is_some_and(|t| !t.is_file() && !t.is_dir() && !t.is_symlink());
                        if special && classify(entry.path()).is_some() {
                            // A FIFO or a device named like IaC: refused, and said so.
                            let rel = display_path(&normalize(entry.path()), &opts.base, root);
                            diagnostics
                                .lock()
                                .expect("lock")
                                .push(Diagnostic::warning(&rel, None, "not scanned: not a regular file").unscanned());
                            return WalkState::Continue;
                        }
                        if entry.file_type().is_some_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()))
                        {
                            if let Some(kind) = classify(entry.path()) {
                                let abs = normalize(entry.path());
                                let rel = display_path(&abs, &opts.base, root);
                                if entry.path_is_symlink()
                                    && !opts.follow_links
                                    && !std::fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(canonical_root))
                                {
                                    diagnostics.lock().expect("lock").push(
                                        Diagnostic::warning(
                                            &rel,
                                            None,
                                            "skipped: a symbolic link to a file outside the scanned directory (use --follow-links to read it)",
                                        )
                                        .unscanned(),
                                    );
                                    return WalkState::Continue;
                                }
                                if !excluded(&opts.excludes, &rel) {
                                    targets.lock().expect("lock").push(Target {
                                        abs,
                                        rel: Arc::from(rel),
                                        kind,
                                        explicit: false,
                                    });
                                }
                            }
                        }
                    }
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => display_path(&normalize(path), &opts.base, root),
                            ignore::Error::Loop { child, .. } => display_path(&normalize(child), &opts.base, root),
                            _ => root.display().to_string(),
                        };
                        diagnostics.lock().expect("lock").push(
                            Diagnostic::warning(&path, None, format!("skipped: {err}")).unscanned(),
                        );
                    }
                }
                WalkState::Continue
            })
        });
        // What git tracks is scanned whatever ignore files say: a committed manifest under
        // `node_modules/` or named in a `.ignore` file is still what gets deployed.
        for abs in tracked_files(&opts.base, &root) {
            if let Some(kind) = classify(&abs) {
                let rel = display_path(&abs, &opts.base, &root);
                if !excluded(&opts.excludes, &rel) {
                    targets.lock().expect("lock").push(Target { abs, rel: Arc::from(rel), kind, explicit: false });
                }
            }
        }
    }
    let mut targets = targets.into_inner().expect("lock");
    // A file both named and found is explicit.
    targets.sort_by(|a, b| a.rel.cmp(&b.rel).then(b.explicit.cmp(&a.explicit)));
    targets.dedup_by(|a, b| a.rel == b.rel);
    let mut diagnostics = diagnostics.into_inner().expect("lock");
    diagnostics.sort();
    Walk { targets, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_directories_and_files() {
        let set = crate::paths::build_globs(&["vendor".into(), "*.test.yaml".into()]).unwrap();
        assert!(excluded(&set, "vendor/x/a.yaml"));
        assert!(excluded(&set, "k8s/a.test.yaml"));
        assert!(!excluded(&set, "k8s/a.yaml"));
    }
}
