//! Paths and globs: how files are named in reports, on the ground floor so that discovery,
//! collectors and the Terraform module loader share one definition without depending on each
//! other.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Directories never worth scanning: version control, Terraform's download cache, vendored
/// packages.
pub const SKIP_DIRS: &[&str] = &[".git", ".terraform", "node_modules", ".hg", ".svn"];

pub fn build_globs(globs: &[String]) -> anyhow::Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = GlobBuilder::new(g)
            .literal_separator(false)
            .build()
            .map_err(|e| anyhow::anyhow!("invalid glob {g:?}: {e}"))?;
        builder.add(glob);
    }
    Ok(builder.build()?)
}

/// The directory reports are relative to: the git work tree around `cwd`, else `cwd`.
pub fn report_base(cwd: &Path) -> PathBuf {
    let cwd = normalize(cwd);
    let mut dir = Some(cwd.as_path());
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    cwd
}

/// Absolute and lexically normalised (no `.` or `..`), without resolving symlinks.
pub fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// How a file is named in reports: relative to `base`, else to the scan argument `root`.
pub fn display_path(abs: &Path, base: &Path, root: &Path) -> String {
    let rel = abs
        .strip_prefix(base)
        .ok()
        .or_else(|| if root.is_dir() { abs.strip_prefix(root).ok() } else { abs.strip_prefix(root.parent()?).ok() })
        .map(Path::to_path_buf)
        .unwrap_or_else(|| abs.file_name().map(PathBuf::from).unwrap_or_default());
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() {
        abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        parts.join("/")
    }
}

/// The directory the files of `dir` are named relative to, given `rel`, the reported name of
/// one of its files: as many levels above `dir` as `rel` has directories.
pub fn display_base(dir: &Path, rel: &str) -> PathBuf {
    let depth = rel.matches('/').count();
    dir.ancestors().nth(depth).unwrap_or(dir).to_path_buf()
}

/// The last component of a repo-relative path (`a/b/compose.yaml` → `compose.yaml`).
pub fn rel_name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, name)| name)
}

/// The directory of a repo-relative path, `""` at the root (`a/b/compose.yaml` → `a/b`).
pub fn rel_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative() {
        let base = Path::new("/repo");
        let other = tempfile::tempdir().unwrap();
        let file = other.path().join("a.yaml");
        assert_eq!(display_path(Path::new("/repo/k8s/a.yaml"), base, Path::new("/repo/k8s")), "k8s/a.yaml");
        assert_eq!(display_path(&file, base, other.path()), "a.yaml");
        assert_eq!(display_path(&file, base, &file), "a.yaml");
        assert_eq!(normalize(Path::new("/repo/a/../b/./c")), PathBuf::from("/repo/b/c"));
    }
}
