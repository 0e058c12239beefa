//! Configuration files: `[tool.pyexpert]` in `pyproject.toml`, or the same keys at the top
//! level of a standalone `pyexpert.toml`. The nearest such file at or above the current
//! directory applies (`pyexpert.toml` wins over `pyproject.toml` in the same directory);
//! `--config PATH` names one, `--isolated` ignores them all. Unknown keys, invalid selectors
//! and invalid TOML are errors that name the file, the line and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::role::FileRole;
use crate::selection::Selector;
use crate::version::PythonVersion;

/// The keys pyexpert reads, as written in the file.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigTable {
    pub select: Option<Vec<Spanned<String>>>,
    pub extend_select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub per_file_ignores: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Option<Vec<String>>,
    pub respect_gitignore: Option<bool>,
    pub target_version: Option<Spanned<String>>,
    pub docs_url: Option<String>,
    pub output_format: Option<Spanned<String>>,
    pub layers: Option<LayersTable>,
    /// Fixing (see `fix::settings`): apply fixes by default, apply unsafe ones, and which
    /// rules' fixes may be applied.
    pub fix: Option<bool>,
    pub unsafe_fixes: Option<bool>,
    pub fixable: Option<Vec<Spanned<String>>>,
    pub unfixable: Option<Vec<Spanned<String>>>,
    pub extend_fixable: Option<Vec<Spanned<String>>>,
    /// Globs (relative to this file) of files that are tests, whatever their names.
    pub test_paths: Option<Vec<String>>,
    /// Glob -> role (`library`, `test`, `data`, `example`, `script`, `build`, `vendored`).
    pub file_roles: Option<BTreeMap<String, Spanned<String>>>,
    /// Honour other tools' suppressions of the same check (default: true).
    pub respect_equivalent_noqa: Option<bool>,
}

/// `[tool.pyexpert.layers]`: import contracts between layers of the project (PX2001).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LayersTable {
    /// Keep the built-in contract for packages named `domain` (default: true).
    pub default_contract: Option<bool>,
    /// The project's own contracts.
    #[serde(default)]
    pub contract: Vec<ContractTable>,
}

/// One contract: modules matching `modules` may not import modules matching `forbid`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ContractTable {
    pub name: String,
    pub modules: Vec<String>,
    pub forbid: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PyProject {
    tool: Option<ToolTable>,
}

#[derive(Debug, Default, Deserialize)]
struct ToolTable {
    pyexpert: Option<Spanned<ConfigTable>>,
}

/// A configuration file that was read.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub table: ConfigTable,
    text: String,
}

/// A configuration problem, already worded for the user (file, line, key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The configuration file that applies in `start`, if any.
pub fn discover(start: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    for dir in start.ancestors() {
        let standalone = dir.join("pyexpert.toml");
        if standalone.is_file() {
            return load(&standalone).map(Some);
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() {
            if let Some(config) = load_pyproject(&pyproject)? {
                return Ok(Some(config));
            }
        }
    }
    Ok(None)
}

/// Reads the configuration file at `path` (`--config`): a `pyproject.toml` (its
/// `[tool.pyexpert]` table) or a standalone file.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    if is_pyproject {
        return Ok(load_pyproject(path)?.unwrap_or_else(|| ConfigFile {
            path: path.to_path_buf(),
            table: ConfigTable::default(),
            text: String::new(),
        }));
    }
    let text = read(path)?;
    let table: ConfigTable = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    let config = ConfigFile {
        path: path.to_path_buf(),
        table,
        text,
    };
    config.validate()?;
    Ok(config)
}

fn load_pyproject(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    let text = read(path)?;
    let document: PyProject = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    let Some(table) = document.tool.and_then(|tool| tool.pyexpert) else {
        return Ok(None);
    };
    let config = ConfigFile {
        path: path.to_path_buf(),
        table: table.into_inner(),
        text,
    };
    config.validate()?;
    Ok(Some(config))
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))
}

fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
    let position = error
        .span()
        .map(|span| {
            let line = line_of(text, span.start);
            format!(":{line}")
        })
        .unwrap_or_default();
    let message = error.message().trim();
    // Keys pyexpert does not know are reported as such; everything else is a TOML error.
    let kind = if message.starts_with("unknown field") {
        ""
    } else {
        "invalid TOML: "
    };
    ConfigError(format!("{}{position}: {kind}{message}", path.display()))
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

impl ConfigFile {
    /// The directory patterns in the file are relative to.
    pub fn directory(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// `path:line` of a value, for messages.
    pub fn position<T>(&self, value: &Spanned<T>) -> String {
        format!(
            "{}:{}",
            self.path.display(),
            line_of(&self.text, value.span().start)
        )
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let table = &self.table;
        let selector_lists = [
            ("select", table.select.as_ref()),
            ("extend-select", table.extend_select.as_ref()),
            ("ignore", table.ignore.as_ref()),
            ("fixable", table.fixable.as_ref()),
            ("unfixable", table.unfixable.as_ref()),
            ("extend-fixable", table.extend_fixable.as_ref()),
        ];
        for (key, list) in selector_lists {
            for item in list.into_iter().flatten() {
                self.selector(key, item)?;
            }
        }
        for (pattern, codes) in table.per_file_ignores.iter().flatten() {
            globset::Glob::new(pattern).map_err(|e| {
                ConfigError(format!(
                    "{}: per-file-ignores: `{pattern}` is not a valid glob: {e}",
                    self.path.display()
                ))
            })?;
            for code in codes {
                self.selector("per-file-ignores", code)?;
            }
        }
        for pattern in table.test_paths.iter().flatten() {
            globset::Glob::new(pattern).map_err(|e| {
                ConfigError(format!(
                    "{}: test-paths: `{pattern}` is not a valid glob: {e}",
                    self.path.display()
                ))
            })?;
        }
        for (pattern, role) in table.file_roles.iter().flatten() {
            globset::Glob::new(pattern).map_err(|e| {
                ConfigError(format!(
                    "{}: file-roles: `{pattern}` is not a valid glob: {e}",
                    self.path.display()
                ))
            })?;
            self.file_role(role)?;
        }
        if let Some(version) = &table.target_version {
            self.target_version(version)?;
        }
        if let Some(format) = &table.output_format {
            self.output_format(format)?;
        }
        Ok(())
    }

    /// Parses a role name of `file-roles`, or says where the bad one is.
    pub fn file_role(&self, item: &Spanned<String>) -> Result<FileRole, ConfigError> {
        FileRole::parse(item.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = FileRole::ALL.iter().map(|r| r.as_str()).collect();
            ConfigError(format!(
                "{}: file-roles: `{}` is not a file role (one of {})",
                self.position(item),
                item.get_ref(),
                names.join(", ")
            ))
        })
    }

    /// Parses one selector, or says where the bad one is.
    pub fn selector(&self, key: &str, item: &Spanned<String>) -> Result<Selector, ConfigError> {
        Selector::parse(item.get_ref())
            .map_err(|e| ConfigError(format!("{}: {key}: {e}", self.position(item))))
    }

    pub fn target_version(&self, item: &Spanned<String>) -> Result<PythonVersion, ConfigError> {
        PythonVersion::parse(item.get_ref())
            .filter(|v| v.major == 3)
            .ok_or_else(|| {
                ConfigError(format!(
                    "{}: target-version: `{}` is not a Python 3 version (try \"py310\")",
                    self.position(item),
                    item.get_ref()
                ))
            })
    }

    pub fn output_format(
        &self,
        item: &Spanned<String>,
    ) -> Result<crate::report::OutputFormat, ConfigError> {
        use clap::ValueEnum;
        crate::report::OutputFormat::from_str(item.get_ref(), true).map_err(|_| {
            let known: Vec<String> = crate::report::OutputFormat::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                .collect();
            ConfigError(format!(
                "{}: output-format: `{}` is not one of {}",
                self.position(item),
                item.get_ref(),
                known.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pyexpert-config-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn finds_the_nearest_file_and_prefers_the_standalone_one() {
        let dir = temp_dir("nearest");
        std::fs::write(
            dir.join("pyproject.toml"),
            "[project]\nname = 'x'\n[tool.pyexpert]\nselect = ['PX07']\n",
        )
        .unwrap();
        let nested = dir.join("src/pkg");
        std::fs::create_dir_all(&nested).unwrap();
        let found = discover(&nested).unwrap().expect("a config");
        assert_eq!(found.path, dir.join("pyproject.toml"));
        assert_eq!(found.table.select.as_ref().unwrap()[0].get_ref(), "PX07");

        std::fs::write(dir.join("pyexpert.toml"), "ignore = ['PX0702']\n").unwrap();
        let found = discover(&nested).unwrap().expect("a config");
        assert_eq!(found.path, dir.join("pyexpert.toml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pyproject_without_the_table_is_not_a_config() {
        let dir = temp_dir("without");
        std::fs::write(
            dir.join("pyproject.toml"),
            "[tool.ruff]\nline-length = 100\n",
        )
        .unwrap();
        assert!(discover(&dir).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let dir = temp_dir("errors");
        let path = dir.join("pyexpert.toml");
        std::fs::write(&path, "select = ['PX07']\nselct = ['PX01']\n").unwrap();
        let error = load(&path).unwrap_err().0;
        assert!(error.contains("pyexpert.toml:2"), "{error}");
        assert!(error.contains("selct"), "{error}");

        std::fs::write(
            &path,
            "select = ['PX07']\nignore = [\n  'PX0702',\n  'E501',\n]\n",
        )
        .unwrap();
        let error = load(&path).unwrap_err().0;
        assert!(error.contains("pyexpert.toml:4: ignore: `E501`"), "{error}");

        std::fs::write(&path, "select = [\n").unwrap();
        let error = load(&path).unwrap_err().0;
        assert!(
            error.starts_with(&format!("{}:", path.display())),
            "{error}"
        );

        std::fs::write(&path, "target-version = 'py2'\n").unwrap();
        assert!(load(&path).unwrap_err().0.contains("target-version"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_layer_contracts() {
        let dir = temp_dir("layers");
        let path = dir.join("pyexpert.toml");
        std::fs::write(
            &path,
            "[layers]\ndefault-contract = false\n[[layers.contract]]\nname = 'pure domain'\nmodules = ['app.domain']\nforbid = ['app.api', 'fastapi']\n",
        )
        .unwrap();
        let layers = load(&path).unwrap().table.layers.unwrap();
        assert_eq!(layers.default_contract, Some(false));
        assert_eq!(layers.contract[0].forbid, ["app.api", "fastapi"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
