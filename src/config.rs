//! Configuration files: `[tool.pyexpert]` in `pyproject.toml`, or the same keys at the top
//! level of a standalone `pyexpert.toml`. Each file is governed by the nearest such file at
//! or above it (`pyexpert.toml` wins over `pyproject.toml` in the same directory; the walk
//! up is in `resolver.rs`); `--config PATH` names one, `--isolated` ignores them all.
//! `extend = "../base.toml"` makes a file inherit another (the chain is read base first),
//! and `--config "KEY = VALUE"` is an inline file of one or more keys. Unknown keys,
//! invalid selectors and invalid TOML are errors that name the file, the line and the key.

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
    /// Another configuration file this one inherits (relative to this file's directory).
    pub extend: Option<Spanned<String>>,
    pub select: Option<Vec<Spanned<String>>>,
    pub extend_select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub per_file_ignores: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    /// Per-file ignores added to those of the files this one extends.
    pub extend_per_file_ignores: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Option<Vec<String>>,
    pub respect_gitignore: Option<bool>,
    /// Apply the exclusions to paths named on the command line too.
    pub force_exclude: Option<bool>,
    /// More extensions to check, each with the language to read it as.
    pub extension: Option<BTreeMap<String, Spanned<String>>>,
    pub target_version: Option<Spanned<String>>,
    /// The mildest severity that fails the run.
    pub fail_on: Option<Spanned<String>>,
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

/// A configuration file that was read (or the text of an inline `--config` override).
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub table: ConfigTable,
    text: String,
    /// An inline `--config "KEY = VALUE"`: messages quote it instead of naming a file.
    inline: bool,
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

/// The name of a standalone configuration file.
pub const STANDALONE: &str = "pyexpert.toml";
/// The name of a project file whose `[tool.pyexpert]` table is a configuration.
pub const PYPROJECT: &str = "pyproject.toml";

/// The configuration file that applies in `start`, if any: the nearest one at or above it.
pub fn discover(start: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    for dir in start.ancestors() {
        if let Some(config) = in_directory(dir)? {
            return Ok(Some(config));
        }
    }
    Ok(None)
}

/// The configuration file of `dir` itself (not of its parents): its `pyexpert.toml`, else
/// its `pyproject.toml` if that has a `[tool.pyexpert]` table.
pub fn in_directory(dir: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    let standalone = dir.join(STANDALONE);
    if standalone.is_file() {
        return load(&standalone).map(Some);
    }
    let pyproject = dir.join(PYPROJECT);
    if pyproject.is_file() {
        return load_pyproject(&pyproject);
    }
    Ok(None)
}

/// Whether a file name is one pyexpert reads configuration from (a changed one means the
/// settings of the files below it may have changed).
pub fn is_config_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == STANDALONE || name == PYPROJECT)
}

/// `config` and the files it extends, base first. A file may extend a standalone file or a
/// `pyproject.toml` (its table); `~/` is the home directory. A cycle is an error.
pub fn with_extended(config: ConfigFile) -> Result<Vec<ConfigFile>, ConfigError> {
    let mut chain = vec![config];
    let mut seen = vec![canonical(&chain[0].path)];
    while let Some(extend) = chain.last().and_then(|c| c.table.extend.as_ref()) {
        let current = chain.last().expect("the chain is never empty");
        let target = current.directory().join(expand_home(extend.get_ref()));
        if !target.is_file() {
            return Err(ConfigError(format!(
                "{}: extend: `{}` is not a file ({} does not exist)",
                current.position(extend),
                extend.get_ref(),
                target.display()
            )));
        }
        let key = canonical(&target);
        if seen.contains(&key) {
            return Err(ConfigError(format!(
                "{}: extend: `{}` leads back to a file already in the chain (a cycle)",
                current.position(extend),
                extend.get_ref()
            )));
        }
        seen.push(key);
        chain.push(load(&target)?);
    }
    chain.reverse();
    Ok(chain)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// An inline `--config "KEY = VALUE"` override: TOML with the keys of a standalone file.
/// `base` is the directory relative patterns in it are relative to (the current one).
pub fn inline(text: &str, base: &Path) -> Result<ConfigFile, ConfigError> {
    let label = base.join("--config");
    let table: ConfigTable = toml::from_str(text).map_err(|e| {
        ConfigError(format!(
            "--config `{text}`: {}",
            e.message().trim().trim_end_matches('.')
        ))
    })?;
    let config = ConfigFile {
        path: label,
        table,
        text: text.to_string(),
        inline: true,
    };
    if config.table.extend.is_some() {
        return Err(ConfigError(format!(
            "--config `{text}`: `extend` belongs in a configuration file; name the file with --config PATH"
        )));
    }
    config.validate()?;
    Ok(config)
}

/// Whether a `--config` value is written as inline TOML (`KEY = VALUE`) rather than a path.
pub fn looks_inline(value: &str) -> bool {
    toml::from_str::<toml::Table>(value).is_ok_and(|table| !table.is_empty())
}

/// Reads the configuration file at `path` (`--config`): a `pyproject.toml` (its
/// `[tool.pyexpert]` table) or a standalone file.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == PYPROJECT);
    if is_pyproject {
        return Ok(load_pyproject(path)?.unwrap_or_else(|| ConfigFile {
            path: path.to_path_buf(),
            table: ConfigTable::default(),
            text: String::new(),
            inline: false,
        }));
    }
    let text = read(path)?;
    let table: ConfigTable = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    let config = ConfigFile {
        path: path.to_path_buf(),
        table,
        text,
        inline: false,
    };
    config.validate()?;
    Ok(config)
}

/// Whether a `pyproject.toml` names pyexpert anywhere (a `[tool.pyexpert]` table, even one
/// written wrong). Unreadable files count as naming it, so their error is not lost.
pub fn mentions_pyexpert(path: &Path) -> bool {
    std::fs::read_to_string(path).map_or(true, |text| text.contains("pyexpert"))
}

/// The `[tool.pyexpert]` table of a `pyproject.toml`, if it has one.
pub fn load_pyproject(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
    let text = read(path)?;
    let document: PyProject = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    let Some(table) = document.tool.and_then(|tool| tool.pyexpert) else {
        return Ok(None);
    };
    let config = ConfigFile {
        path: path.to_path_buf(),
        table: table.into_inner(),
        text,
        inline: false,
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
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl ConfigFile {
    /// The directory patterns in the file are relative to.
    pub fn directory(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Whether this is an inline `--config "KEY = VALUE"` rather than a file.
    pub fn is_inline(&self) -> bool {
        self.inline
    }

    /// `path:line` of a value, for messages (the quoted text for an inline override).
    pub fn position<T>(&self, value: &Spanned<T>) -> String {
        if self.inline {
            return format!("--config `{}`", self.text);
        }
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
        let per_file = [
            ("per-file-ignores", table.per_file_ignores.as_ref()),
            (
                "extend-per-file-ignores",
                table.extend_per_file_ignores.as_ref(),
            ),
        ];
        for (key, map) in per_file {
            for (pattern, codes) in map.into_iter().flatten() {
                globset::Glob::new(pattern).map_err(|e| {
                    ConfigError(format!(
                        "{}: {key}: `{pattern}` is not a valid glob: {e}",
                        self.label()
                    ))
                })?;
                for code in codes {
                    self.selector(key, code)?;
                }
            }
        }
        for pattern in table.test_paths.iter().flatten() {
            globset::Glob::new(pattern).map_err(|e| {
                ConfigError(format!(
                    "{}: test-paths: `{pattern}` is not a valid glob: {e}",
                    self.label()
                ))
            })?;
        }
        for (pattern, role) in table.file_roles.iter().flatten() {
            globset::Glob::new(pattern).map_err(|e| {
                ConfigError(format!(
                    "{}: file-roles: `{pattern}` is not a valid glob: {e}",
                    self.label()
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
        if let Some(severity) = &table.fail_on {
            self.fail_on(severity)?;
        }
        for (extension, language) in table.extension.iter().flatten() {
            self.language(extension, language)?;
        }
        Ok(())
    }

    pub fn fail_on(
        &self,
        item: &Spanned<String>,
    ) -> Result<crate::diagnostic::Severity, ConfigError> {
        use clap::ValueEnum;
        crate::diagnostic::Severity::from_str(item.get_ref(), true).map_err(|_| {
            ConfigError(format!(
                "{}: fail-on: `{}` is not one of error, warning, advice",
                self.position(item),
                item.get_ref()
            ))
        })
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

    pub fn language(
        &self,
        extension: &str,
        item: &Spanned<String>,
    ) -> Result<crate::language::Language, ConfigError> {
        crate::language::Language::parse(item.get_ref()).ok_or_else(|| {
            ConfigError(format!(
                "{}: extension: `{extension}` = `{}` is not a language (python, pyi or ipynb)",
                self.position(item),
                item.get_ref()
            ))
        })
    }

    /// The file's path, or the quoted inline text, for messages without a line.
    pub fn label(&self) -> String {
        if self.inline {
            format!("--config `{}`", self.text)
        } else {
            self.path.display().to_string()
        }
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
