//! Path patterns of the settings: which files the walk skips (`exclude`, `extend-exclude`)
//! and which rules are off for which files (`per-file-ignores`). A pattern is relative to
//! the directory of the file that wrote it (the current directory for the command line),
//! so a base configuration reached through `extend` keeps meaning what it says. A pattern
//! without `/` matches a name anywhere.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::discover::EXCLUDED_DIRECTORIES;
use crate::selection::Selector;

/// Rules switched off for files matching a glob.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    entries: Vec<PerFileEntry>,
}

#[derive(Debug, Clone)]
struct PerFileEntry {
    base: PathBuf,
    matcher: globset::GlobMatcher,
    /// A pattern without `/` matches the file name, wherever the file is.
    on_name: bool,
    selectors: Vec<Selector>,
}

impl PerFileIgnores {
    /// Adds `pattern` (relative to `base`) switching off `selectors`.
    pub fn add(
        &mut self,
        base: &Path,
        pattern: &str,
        selectors: Vec<Selector>,
    ) -> Result<(), String> {
        let matcher = Glob::new(pattern)
            .map_err(|e| format!("per-file-ignores: `{pattern}` is not a valid glob: {e}"))?
            .compile_matcher();
        self.entries.push(PerFileEntry {
            base: absolute(base),
            matcher,
            on_name: !pattern.contains('/'),
            selectors,
        });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether findings of `code` in the file at `path` are switched off.
    pub fn ignores(&self, path: &Path, code: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let name = path.file_name().map(Path::new);
        let absolute = absolute(path);
        self.entries.iter().any(|entry| {
            let matched = if entry.on_name {
                name.is_some_and(|n| entry.matcher.is_match(n))
            } else {
                entry.matcher.is_match(relative_to(&absolute, &entry.base))
            };
            matched && entry.selectors.iter().any(|s| s.matches_code(code))
        })
    }
}

/// Paths the directory walk skips (and, with `--force-exclude`, paths named explicitly).
#[derive(Debug, Clone)]
pub struct Exclusions {
    names: GlobSet,
    /// Patterns with a `/`, grouped by the directory they are relative to.
    paths: Vec<(PathBuf, GlobSet)>,
    pub respect_gitignore: bool,
}

impl Default for Exclusions {
    fn default() -> Self {
        let mut builder = ExclusionsBuilder::default();
        for pattern in default_exclusions() {
            builder
                .add(Path::new("."), &pattern)
                .expect("built-in patterns are valid");
        }
        builder.build(true).expect("built-in patterns are valid")
    }
}

impl Exclusions {
    /// Whether `path` itself matches a pattern (its directories are not looked at).
    pub fn excludes(&self, path: &Path) -> bool {
        let name_matches = path
            .file_name()
            .is_some_and(|name| self.names.is_match(Path::new(name)));
        if name_matches {
            return true;
        }
        if self.paths.is_empty() {
            return false;
        }
        let absolute = absolute(path);
        self.paths
            .iter()
            .any(|(base, set)| set.is_match(relative_to(&absolute, base)))
    }

    /// Whether `path` or one of its directories below `root` (the project root) matches
    /// a pattern: what `--force-exclude` asks of a path named on the command line. A path
    /// outside the project is judged by itself only, so a directory above the project
    /// that happens to be called `build` excludes nothing.
    pub fn excludes_path_or_parent(&self, path: &Path, root: &Path) -> bool {
        let absolute = absolute(path);
        if !absolute.starts_with(root) {
            return self.excludes(&absolute);
        }
        absolute
            .ancestors()
            .take_while(|candidate| *candidate != root)
            .any(|candidate| self.excludes(candidate))
    }
}

/// Collects exclusion patterns, each relative to its own directory.
#[derive(Debug)]
pub struct ExclusionsBuilder {
    names: GlobSetBuilder,
    paths: Vec<(PathBuf, GlobSetBuilder)>,
}

impl Default for ExclusionsBuilder {
    fn default() -> Self {
        ExclusionsBuilder {
            names: GlobSetBuilder::new(),
            paths: Vec::new(),
        }
    }
}

impl ExclusionsBuilder {
    pub fn add(&mut self, base: &Path, pattern: &str) -> Result<(), String> {
        let trimmed = pattern.trim_end_matches('/');
        let glob = Glob::new(trimmed)
            .map_err(|e| format!("exclude: `{pattern}` is not a valid glob: {e}"))?;
        if !trimmed.contains('/') {
            self.names.add(glob);
            return Ok(());
        }
        let base = absolute(base);
        match self.paths.iter_mut().find(|(b, _)| *b == base) {
            Some((_, set)) => {
                set.add(glob);
            }
            None => {
                let mut set = GlobSetBuilder::new();
                set.add(glob);
                self.paths.push((base, set));
            }
        }
        Ok(())
    }

    pub fn build(self, respect_gitignore: bool) -> Result<Exclusions, String> {
        let paths = self
            .paths
            .into_iter()
            .map(|(base, set)| set.build().map(|set| (base, set)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        Ok(Exclusions {
            names: self.names.build().map_err(|e| e.to_string())?,
            paths,
            respect_gitignore,
        })
    }
}

/// What the walk skips unless `exclude` says otherwise.
pub fn default_exclusions() -> Vec<String> {
    EXCLUDED_DIRECTORIES
        .iter()
        .map(|s| s.to_string())
        .chain(["*.egg-info".to_string()])
        .collect()
}

/// An absolute form of `path`, with `.` and `..` resolved lexically (symlinks are not
/// followed: a pattern means the path as the user sees it).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn relative_to(absolute: &Path, base: &Path) -> PathBuf {
    absolute
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| absolute.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_relative_to_their_own_base() {
        let mut builder = ExclusionsBuilder::default();
        builder.add(Path::new("/p/base"), "legacy/**").unwrap();
        builder.add(Path::new("/p"), "gen").unwrap();
        let exclusions = builder.build(true).unwrap();
        assert!(exclusions.excludes(Path::new("/p/base/legacy/a.py")));
        assert!(!exclusions.excludes(Path::new("/p/legacy/a.py")));
        assert!(exclusions.excludes(Path::new("/elsewhere/gen")));
        assert!(exclusions.excludes_path_or_parent(Path::new("/p/x/gen/a.py"), Path::new("/p")));
        assert!(!exclusions.excludes_path_or_parent(Path::new("/p/x/a.py"), Path::new("/p")));
    }

    #[test]
    fn absolute_resolves_dots_lexically() {
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }

    #[test]
    fn per_file_ignores_match_names_and_relative_paths() {
        let mut ignores = PerFileIgnores::default();
        let px07 = vec![Selector::parse("PX07").unwrap()];
        ignores
            .add(Path::new("/p"), "tests/**", px07.clone())
            .unwrap();
        ignores.add(Path::new("/p"), "__init__.py", px07).unwrap();
        assert!(ignores.ignores(Path::new("/p/tests/a.py"), "PX0701"));
        assert!(ignores.ignores(Path::new("/q/pkg/__init__.py"), "PX0702"));
        assert!(!ignores.ignores(Path::new("/p/src/a.py"), "PX0701"));
        assert!(!ignores.ignores(Path::new("/p/tests/a.py"), "PX0101"));
    }
}
