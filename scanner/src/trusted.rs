//! Trusted configuration for pull requests: `--config-from REF` reads `.rampart.yaml`, the
//! baseline and custom policies from a commit the pull request cannot change (the base
//! branch's), never from its own tree, so that a pull request cannot loosen the gate that
//! judges it. Files are read with `git show REF:PATH` into a private directory that lives as
//! long as the scan.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// A directory of files read from a commit; removed when dropped.
pub struct Snapshot {
    pub reference: String,
    /// The repository's work tree (where `git` runs).
    pub repo: PathBuf,
    pub dir: PathBuf,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Snapshot {
    /// Prepare to read from `reference` in the repository around `start`.
    pub fn new(reference: &str, start: &Path) -> Result<Snapshot> {
        let repo = crate::paths::report_base(start);
        if !repo.join(".git").exists() {
            bail!("--config-from {reference}: {} is not in a git work tree", start.display());
        }
        if reference.starts_with('-') {
            bail!("--config-from {reference:?}: not a git revision");
        }
        git(&repo, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")])
            .with_context(|| format!("--config-from {reference}: no such commit"))?;
        let dir = std::env::temp_dir().join(format!("rampart-config-{}-{}", std::process::id(), unique()));
        // A `.git` marker: paths in the copied config resolve against the snapshot as they would
        // against the repository's root.
        std::fs::create_dir_all(dir.join(".git")).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Snapshot { reference: reference.to_string(), repo, dir })
    }

    /// The repository-relative form of a path of the work tree.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let abs = crate::paths::normalize(path);
        let rel = abs.strip_prefix(&self.repo).ok()?;
        Some(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
    }

    /// `rel` (a file of the repository) as it is in the commit, copied into the snapshot;
    /// `None` when the commit has no such file.
    pub fn file(&self, rel: &str) -> Result<Option<PathBuf>> {
        let rel = &clean(rel)?;
        let spec = format!("{}:{rel}", self.reference);
        if git(&self.repo, &["cat-file", "-e", &spec]).is_err() {
            return Ok(None);
        }
        let bytes = git(&self.repo, &["show", &spec])?;
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        Ok(Some(target))
    }

    /// Every `.rego` file under `rel` (a directory of the repository) as it is in the commit,
    /// copied into the snapshot; the copy's directory.
    pub fn policy_dir(&self, rel: &str) -> Result<PathBuf> {
        let rel = &clean(rel)?;
        let listing = git(&self.repo, &["ls-tree", "-r", "-z", "--name-only", &self.reference, "--", rel])?;
        let mut found = 0;
        for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
            let name = String::from_utf8_lossy(name);
            if name.ends_with(".rego") {
                self.file(&name)?;
                found += 1;
            }
        }
        if found == 0 {
            bail!("--config-from {}: the commit has no policies in {rel}", self.reference);
        }
        Ok(self.dir.join(rel))
    }
}

/// A repository-relative path without `.` or `..` (one that climbs out is refused).
fn clean(rel: &str) -> Result<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    bail!("{rel} leads outside the repository");
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git").arg("-C").arg(repo).args(args).output().context("running git")?;
    if !out.status.success() {
        bail!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}
