//! The Python version the checked code targets. Rules marked "≥3.x" in the catalog only
//! fire when the target allows the newer spelling they suggest. The target comes from
//! `--target-version`, else the lowest version `requires-python` allows in the nearest
//! `pyproject.toml`, else Python 3.9.

use std::path::{Path, PathBuf};

/// A `major.minor` Python version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    pub const PY39: PythonVersion = PythonVersion::new(3, 9);
    /// The newest version pyexpert knows rules for.
    pub const LATEST: PythonVersion = PythonVersion::new(3, 14);
    /// Used when nothing says otherwise.
    pub const DEFAULT: PythonVersion = PythonVersion::PY39;

    pub const fn new(major: u8, minor: u8) -> Self {
        PythonVersion { major, minor }
    }

    /// Parses `py310`, `py3.10`, `3.10` or `3.10.4`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text
            .strip_prefix("py")
            .or_else(|| text.strip_prefix("PY"))
            .unwrap_or(text);
        if let Some((major, rest)) = text.split_once('.') {
            let minor = rest.split('.').next()?;
            return Some(PythonVersion::new(major.parse().ok()?, minor.parse().ok()?));
        }
        // `py310`: one digit of major, the rest minor.
        let (major, minor) = text.split_at(text.len().min(1));
        let version = PythonVersion::new(major.parse().ok()?, minor.parse().ok()?);
        (version.major == 3).then_some(version)
    }

    /// The previous minor version (used by tests of version gates).
    pub fn previous(self) -> Self {
        PythonVersion::new(self.major, self.minor.saturating_sub(1))
    }

    /// The lowest version a PEP 440 `requires-python` specifier allows, if it names one:
    /// `>=3.10` and `~=3.10` and `==3.10.*` give 3.10; `>3.9` gives 3.9 (3.9.1 satisfies it);
    /// upper bounds and exclusions do not move the lower bound. Several clauses give the
    /// highest of their lower bounds.
    pub fn lowest_allowed(specifier: &str) -> Option<Self> {
        specifier
            .split(',')
            .filter_map(|clause| {
                let clause = clause.trim();
                let operators = [">=", "~=", "==", "===", ">", "^"];
                let version = operators
                    .iter()
                    .find_map(|op| clause.strip_prefix(op))
                    .filter(|_| !clause.starts_with("!="))?;
                PythonVersion::parse(version.trim().trim_end_matches(".*"))
            })
            .max()
    }
}

impl std::fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Where the target version came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSource {
    CommandLine,
    RequiresPython(PathBuf),
    Default,
}

/// The nearest `pyproject.toml` at or above `start`.
pub fn nearest_pyproject(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join("pyproject.toml"))
        .find(|candidate| candidate.is_file())
}

/// The `[project] requires-python` value of a pyproject.toml, if it has one. A file that is
/// not valid TOML gives an error naming it and the position.
pub fn requires_python(path: &Path) -> Result<Option<String>, String> {
    Ok(requires_python_in(&read_table(path)?))
}

/// A `pyproject.toml` as a TOML table, with errors that name the file.
pub fn read_table(path: &Path) -> Result<toml::Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text)
        .map_err(|e| format!("{} is not valid TOML: {}", path.display(), e.message()))
}

/// `[project] requires-python` of a parsed `pyproject.toml`.
pub fn requires_python_in(document: &toml::Table) -> Option<String> {
    document
        .get("project")
        .and_then(|project| project.get("requires-python"))
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// The Ruff codes (and prefixes) a parsed `pyproject.toml` tells Ruff to ignore
/// project-wide: `ignore` and `extend-ignore` of `[tool.ruff]` and of `[tool.ruff.lint]`.
pub fn ruff_ignores_in(document: &toml::Table) -> Vec<String> {
    let Some(ruff) = document.get("tool").and_then(|tool| tool.get("ruff")) else {
        return Vec::new();
    };
    let tables = [Some(ruff), ruff.get("lint")];
    tables
        .into_iter()
        .flatten()
        .flat_map(|table| ["ignore", "extend-ignore"].map(|key| table.get(key)))
        .flatten()
        .filter_map(|list| list.as_array())
        .flatten()
        .filter_map(|code| code.as_str())
        .map(|code| code.trim().to_ascii_uppercase())
        .collect()
}

/// The target version: the explicit one, else what the nearest pyproject.toml above `cwd`
/// requires, else [`PythonVersion::DEFAULT`].
pub fn resolve_target(
    explicit: Option<PythonVersion>,
    cwd: &Path,
) -> Result<(PythonVersion, VersionSource), String> {
    if let Some(version) = explicit {
        return Ok((version, VersionSource::CommandLine));
    }
    if let Some(pyproject) = nearest_pyproject(cwd) {
        if let Some(specifier) = requires_python(&pyproject)? {
            if let Some(version) = PythonVersion::lowest_allowed(&specifier) {
                return Ok((version, VersionSource::RequiresPython(pyproject)));
            }
        }
    }
    Ok((PythonVersion::DEFAULT, VersionSource::Default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(
            PythonVersion::parse("py310"),
            Some(PythonVersion::new(3, 10))
        );
        assert_eq!(PythonVersion::parse("py39"), Some(PythonVersion::new(3, 9)));
        assert_eq!(
            PythonVersion::parse("3.12"),
            Some(PythonVersion::new(3, 12))
        );
        assert_eq!(
            PythonVersion::parse("3.11.4"),
            Some(PythonVersion::new(3, 11))
        );
        assert_eq!(PythonVersion::parse("py2"), None);
        assert_eq!(PythonVersion::parse("banana"), None);
    }

    #[test]
    fn lowest_allowed_reads_pep440_specifiers() {
        let lowest = |s: &str| PythonVersion::lowest_allowed(s).map(|v| v.to_string());
        assert_eq!(lowest(">=3.10").as_deref(), Some("3.10"));
        assert_eq!(lowest(">=3.8, <4").as_deref(), Some("3.8"));
        assert_eq!(lowest("~=3.11").as_deref(), Some("3.11"));
        assert_eq!(lowest("==3.12.*").as_deref(), Some("3.12"));
        assert_eq!(lowest(">3.9").as_deref(), Some("3.9"));
        assert_eq!(lowest(">=3.9,!=3.9.1,>=3.10").as_deref(), Some("3.10"));
        assert_eq!(lowest("<4"), None);
        assert_eq!(lowest("!=3.9"), None);
    }

    #[test]
    fn orders_versions() {
        assert!(PythonVersion::new(3, 10) > PythonVersion::new(3, 9));
        assert_eq!(
            PythonVersion::new(3, 10).previous(),
            PythonVersion::new(3, 9)
        );
    }
}
