//! Writing a rewritten file: atomically (a temporary file beside the target, synced, then
//! renamed over it), with the original's permissions (and owner, where allowed), through a
//! symlink to the file it points at, and never over a file that is read-only or that
//! changed since it was read.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why a file was left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Replaces the contents of `path` (which held `expected` when it was read) by `contents`.
pub fn replace_file(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), WriteError> {
    // A symlink is written through: the link stays, its target changes.
    let target = std::fs::canonicalize(path)
        .map_err(|e| WriteError(format!("cannot resolve the path: {e}")))?;
    let metadata = std::fs::metadata(&target)
        .map_err(|e| WriteError(format!("cannot read its metadata: {e}")))?;
    if metadata.permissions().readonly() {
        return Err(WriteError(
            "the file is read-only; left unchanged".to_string(),
        ));
    }
    let current =
        std::fs::read(&target).map_err(|e| WriteError(format!("cannot read it again: {e}")))?;
    if current != expected {
        return Err(WriteError(
            "the file changed while it was being checked; left unchanged".to_string(),
        ));
    }
    write_atomically(&target, contents, &metadata)
        .map_err(|e| WriteError(format!("cannot write it: {e}; left unchanged")))
}

/// Writes `contents` to a temporary file in `target`'s directory (the same file system),
/// gives it `metadata`'s permissions, syncs it and renames it over `target`.
pub fn write_atomically(
    target: &Path,
    contents: &[u8],
    metadata: &std::fs::Metadata,
) -> std::io::Result<()> {
    let temporary = temporary_path(target);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&temporary, metadata.permissions())?;
        keep_owner(&temporary, metadata);
        std::fs::rename(&temporary, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// A name beside `target` no other writer uses.
fn temporary_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let directory = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    directory.join(format!(
        ".{name}.pyexpert-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Gives the new file the old one's owner and group, when the process may (as root, a
/// rewritten file would otherwise change hands). Failing that, it stays the writer's.
#[cfg(unix)]
fn keep_owner(path: &Path, metadata: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(path, Some(metadata.uid()), Some(metadata.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_path: &Path, _metadata: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pyexpert-write-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_atomically_and_keeps_the_mode() {
        let dir = scratch("mode");
        let path = dir.join("script.py");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
        }
        replace_file(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o751);
        }
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_read_only_and_changed_files() {
        let dir = scratch("refuse");
        let path = dir.join("locked.py");
        std::fs::write(&path, "old").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let error = replace_file(&path, b"old", b"new").unwrap_err();
        assert!(error.0.contains("read-only"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");

        let moving = dir.join("moving.py");
        std::fs::write(&moving, "edited meanwhile").unwrap();
        let error = replace_file(&moving, b"old", b"new").unwrap_err();
        assert!(error.0.contains("changed"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() {
        let dir = scratch("link");
        let target = dir.join("real.py");
        let link = dir.join("link.py");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace_file(&link, b"old", b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
