//! The settings of a run: defaults, then the configuration file, then the command line,
//! with where each value came from (`pyexpert config` prints them).
//!
//! Selection layers: `select` from the command line replaces the file's; `extend-select`
//! and `ignore` from both add up. `exclude` replaces the default exclusions,
//! `extend-exclude` adds to them. Patterns in the file are relative to its directory.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::cli::LintArgs;
use crate::config::{self, ConfigFile};
use crate::discover::EXCLUDED_DIRECTORIES;
use crate::layers::LayerContracts;
use crate::report::OutputFormat;
use crate::role::{FileRole, RoleOverrides};
use crate::selection::{RuleSet, Selector};
use crate::version::{self, PythonVersion, VersionSource};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// Worked out from the settings above it.
    Derived,
    CommandLine,
    ConfigFile(PathBuf),
    RequiresPython(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Derived => f.write_str("from the settings above"),
            Source::CommandLine => f.write_str("command line"),
            Source::ConfigFile(path) => write!(f, "{}", path.display()),
            Source::RequiresPython(path) => write!(f, "requires-python in {}", path.display()),
        }
    }
}

/// Settings the checks read (beyond which rules run).
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub layers: LayerContracts,
    /// Roles given to files by the configuration, before the conventions.
    pub file_roles: RoleOverrides,
    /// A line that suppresses the same check for another tool (`# noqa: RUF006`,
    /// `# pylint: disable=...`) suppresses pyexpert's finding too.
    pub respect_equivalent_noqa: bool,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            layers: LayerContracts::default(),
            file_roles: RoleOverrides::default(),
            respect_equivalent_noqa: true,
        }
    }
}

/// Rules switched off for files matching a glob.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    base: PathBuf,
    entries: Vec<PerFileEntry>,
}

#[derive(Debug, Clone)]
struct PerFileEntry {
    matcher: globset::GlobMatcher,
    /// A pattern without `/` matches the file name, wherever the file is.
    on_name: bool,
    selectors: Vec<Selector>,
}

impl PerFileIgnores {
    /// Whether findings of `code` in the file at `path` are switched off.
    pub fn ignores(&self, path: &Path, code: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let relative = relative_to(path, &self.base);
        let name = path.file_name().map(Path::new);
        self.entries.iter().any(|entry| {
            let matched = if entry.on_name {
                name.is_some_and(|n| entry.matcher.is_match(n))
            } else {
                entry.matcher.is_match(&relative)
            };
            matched && entry.selectors.iter().any(|s| s.matches_code(code))
        })
    }
}

/// Paths the directory walk skips.
#[derive(Debug, Clone)]
pub struct Exclusions {
    base: PathBuf,
    names: GlobSet,
    paths: GlobSet,
    pub respect_gitignore: bool,
}

impl Default for Exclusions {
    fn default() -> Self {
        let patterns: Vec<String> = default_exclusions();
        build_exclusions(Path::new("."), &patterns, true).expect("built-in patterns are valid")
    }
}

impl Exclusions {
    /// Whether a walked entry (never a path named on the command line) is skipped.
    pub fn excludes(&self, path: &Path) -> bool {
        let name_matches = path
            .file_name()
            .is_some_and(|name| self.names.is_match(Path::new(name)));
        name_matches
            || (!self.paths.is_empty() && self.paths.is_match(relative_to(path, &self.base)))
    }
}

fn default_exclusions() -> Vec<String> {
    EXCLUDED_DIRECTORIES
        .iter()
        .map(|s| s.to_string())
        .chain(["*.egg-info".to_string()])
        .collect()
}

fn build_exclusions(
    base: &Path,
    patterns: &[String],
    respect_gitignore: bool,
) -> Result<Exclusions, String> {
    let mut names = GlobSetBuilder::new();
    let mut paths = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_end_matches('/');
        let glob = Glob::new(trimmed)
            .map_err(|e| format!("exclude: `{pattern}` is not a valid glob: {e}"))?;
        if trimmed.contains('/') {
            paths.add(glob);
        } else {
            names.add(glob);
        }
    }
    Ok(Exclusions {
        base: absolute(base),
        names: names.build().map_err(|e| e.to_string())?,
        paths: paths.build().map_err(|e| e.to_string())?,
        respect_gitignore,
    })
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = absolute(path);
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or(path)
}

/// One resolved setting, for `pyexpert config`.
#[derive(Debug, Clone)]
pub struct Shown {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
}

/// Everything a run needs to know.
#[derive(Debug)]
pub struct Settings {
    pub config_file: Option<PathBuf>,
    pub rules: RuleSet,
    pub per_file_ignores: PerFileIgnores,
    pub exclusions: Exclusions,
    pub target_version: PythonVersion,
    pub docs_url: Option<String>,
    pub output_format: OutputFormat,
    pub rule_settings: RuleSettings,
    /// Whether and how to fix (`--fix`, `--diff`, `unsafe-fixes`, `fixable`...).
    pub fix: crate::fix::FixSettings,
    /// Every setting with its value and origin, in display order.
    pub shown: Vec<Shown>,
}

impl Settings {
    /// Resolves the settings for `args`, run from `cwd`.
    pub fn resolve(args: &LintArgs, cwd: &Path) -> Result<Settings, String> {
        let config = if args.isolated {
            None
        } else if let Some(path) = &args.config {
            Some(config::load(path).map_err(|e| e.to_string())?)
        } else {
            config::discover(cwd).map_err(|e| e.to_string())?
        };
        let config = config.as_ref();
        let from_file = || Source::ConfigFile(config.map(|c| c.path.clone()).unwrap_or_default());
        let mut shown = Vec::new();

        // Selection.
        let cli_selectors = |texts: &[String]| -> Result<Vec<Selector>, String> {
            texts
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| Selector::parse(t).map_err(|e| e.to_string()))
                .collect()
        };
        let file_selectors = |key: &str,
                              list: Option<&Vec<toml::Spanned<String>>>|
         -> Result<Vec<Selector>, String> {
            let (Some(config), Some(list)) = (config, list) else {
                return Ok(Vec::new());
            };
            list.iter()
                .map(|item| config.selector(key, item).map_err(|e| e.to_string()))
                .collect()
        };
        let (select, select_source) =
            match (&args.select, config.and_then(|c| c.table.select.as_ref())) {
                (Some(texts), _) => (Some(cli_selectors(texts)?), Source::CommandLine),
                (None, Some(list)) => (Some(file_selectors("select", Some(list))?), from_file()),
                (None, None) => (None, Source::Default),
            };
        let mut extend = file_selectors(
            "extend-select",
            config.and_then(|c| c.table.extend_select.as_ref()),
        )?;
        extend.extend(cli_selectors(&args.extend_select)?);
        let mut ignore = file_selectors("ignore", config.and_then(|c| c.table.ignore.as_ref()))?;
        ignore.extend(cli_selectors(&args.ignore)?);
        let rules = RuleSet::resolve_extended(select.as_deref(), &extend, &ignore);
        shown.push(Shown {
            key: "select",
            value: select
                .as_ref()
                .map_or("(the default rules)".into(), |s| join(s)),
            source: select_source,
        });
        let table = config.map(|c| &c.table);
        shown.push(Shown {
            key: "extend-select",
            value: join(&extend),
            source: layered(
                config,
                !args.extend_select.is_empty(),
                table.is_some_and(|t| t.extend_select.is_some()),
            ),
        });
        shown.push(Shown {
            key: "ignore",
            value: join(&ignore),
            source: layered(
                config,
                !args.ignore.is_empty(),
                table.is_some_and(|t| t.ignore.is_some()),
            ),
        });
        let enabled: Vec<&str> = rules.enabled_rules().map(|r| r.meta().code).collect();
        shown.push(Shown {
            key: "rules enabled",
            value: format!("{} ({})", enabled.len(), enabled.join(", ")),
            source: Source::Derived,
        });

        // Per-file ignores.
        let mut per_file_ignores = PerFileIgnores::default();
        if let Some(config) = config {
            per_file_ignores.base = absolute(config.directory());
            for (pattern, codes) in config.table.per_file_ignores.iter().flatten() {
                let matcher = Glob::new(pattern)
                    .map_err(|e| e.to_string())?
                    .compile_matcher();
                let selectors = codes
                    .iter()
                    .map(|c| {
                        config
                            .selector("per-file-ignores", c)
                            .map_err(|e| e.to_string())
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                shown.push(Shown {
                    key: "per-file-ignores",
                    value: format!("{pattern} = {}", join(&selectors)),
                    source: from_file(),
                });
                per_file_ignores.entries.push(PerFileEntry {
                    matcher,
                    on_name: !pattern.contains('/'),
                    selectors,
                });
            }
        }

        // Exclusions.
        let file_table = config.map(|c| &c.table);
        let (mut patterns, exclude_source) =
            match (&args.exclude, file_table.and_then(|t| t.exclude.as_ref())) {
                (Some(cli), _) => (cli.clone(), Source::CommandLine),
                (None, Some(list)) => (list.clone(), from_file()),
                (None, None) => (default_exclusions(), Source::Default),
            };
        shown.push(Shown {
            key: "exclude",
            value: patterns.join(", "),
            source: exclude_source,
        });
        let mut extra: Vec<String> = file_table
            .and_then(|t| t.extend_exclude.clone())
            .unwrap_or_default();
        extra.extend(args.extend_exclude.iter().cloned());
        if !extra.is_empty() {
            shown.push(Shown {
                key: "extend-exclude",
                value: extra.join(", "),
                source: layered(
                    config,
                    !args.extend_exclude.is_empty(),
                    file_table.is_some_and(|t| t.extend_exclude.is_some()),
                ),
            });
        }
        patterns.extend(extra);
        let respect_gitignore = if args.no_respect_gitignore {
            false
        } else {
            file_table.and_then(|t| t.respect_gitignore).unwrap_or(true)
        };
        shown.push(Shown {
            key: "respect-gitignore",
            value: respect_gitignore.to_string(),
            source: if args.no_respect_gitignore {
                Source::CommandLine
            } else if file_table.and_then(|t| t.respect_gitignore).is_some() {
                from_file()
            } else {
                Source::Default
            },
        });
        let base = config.map_or(cwd.to_path_buf(), |c| c.directory().to_path_buf());
        let exclusions = build_exclusions(&base, &patterns, respect_gitignore)?;

        // Target version.
        let (target_version, version_source) = match (
            args.target_version,
            file_table.and_then(|t| t.target_version.as_ref()),
        ) {
            (Some(v), _) => (v, Source::CommandLine),
            (None, Some(item)) => (
                config
                    .expect("a table has a file")
                    .target_version(item)
                    .map_err(|e| e.to_string())?,
                from_file(),
            ),
            (None, None) => match version::resolve_target(None, cwd)? {
                (v, VersionSource::RequiresPython(path)) => (v, Source::RequiresPython(path)),
                (v, _) => (v, Source::Default),
            },
        };
        shown.push(Shown {
            key: "target-version",
            value: format!("py{}{}", target_version.major, target_version.minor),
            source: version_source,
        });

        // Reporting.
        let (docs_url, docs_source) =
            match (&args.docs_url, file_table.and_then(|t| t.docs_url.clone())) {
                (Some(url), _) => (Some(url.clone()), Source::CommandLine),
                (None, Some(url)) => (Some(url), from_file()),
                (None, None) => (None, Source::Default),
            };
        shown.push(Shown {
            key: "docs-url",
            value: docs_url.clone().unwrap_or_else(|| "(none)".into()),
            source: docs_source,
        });
        let (output_format, format_source) = match (
            args.output_format,
            file_table.and_then(|t| t.output_format.as_ref()),
        ) {
            (Some(format), _) => (format, Source::CommandLine),
            (None, Some(item)) => (
                config
                    .expect("a table has a file")
                    .output_format(item)
                    .map_err(|e| e.to_string())?,
                from_file(),
            ),
            (None, None) => (OutputFormat::Full, Source::Default),
        };
        shown.push(Shown {
            key: "output-format",
            value: output_format.name().to_string(),
            source: format_source,
        });

        // Rule settings.
        let layers_table = file_table.and_then(|t| t.layers.as_ref());
        let layers = LayerContracts::from_config(layers_table);
        let names: Vec<&str> = layers.contracts.iter().map(|c| c.name.as_str()).collect();
        shown.push(Shown {
            key: "layers",
            value: if names.is_empty() {
                "(none)".into()
            } else {
                names.join("; ")
            },
            source: if layers_table.is_some() {
                from_file()
            } else {
                Source::Default
            },
        });

        // File roles.
        let mut file_roles =
            RoleOverrides::new(config.map_or(cwd.to_path_buf(), |c| absolute(c.directory())));
        if let Some(config) = config {
            for pattern in config.table.test_paths.iter().flatten() {
                file_roles.add(pattern, FileRole::Test)?;
            }
            for (pattern, role) in config.table.file_roles.iter().flatten() {
                let role = config.file_role(role).map_err(|e| e.to_string())?;
                file_roles.add(pattern, role)?;
            }
        }
        if !file_roles.is_empty() {
            shown.push(Shown {
                key: "file-roles",
                value: file_roles.describe().join(", "),
                source: from_file(),
            });
        }
        let respect_equivalent_noqa = if args.no_equivalent_noqa {
            false
        } else {
            file_table
                .and_then(|t| t.respect_equivalent_noqa)
                .unwrap_or(true)
        };
        shown.push(Shown {
            key: "respect-equivalent-noqa",
            value: respect_equivalent_noqa.to_string(),
            source: if args.no_equivalent_noqa {
                Source::CommandLine
            } else if file_table.and_then(|t| t.respect_equivalent_noqa).is_some() {
                from_file()
            } else {
                Source::Default
            },
        });

        let fix = crate::fix::settings::resolve(&args.fix, config, &mut shown)?;

        Ok(Settings {
            config_file: config.map(|c| c.path.clone()),
            rules,
            per_file_ignores,
            exclusions,
            target_version,
            docs_url,
            output_format,
            rule_settings: RuleSettings {
                layers,
                file_roles,
                respect_equivalent_noqa,
            },
            fix,
            shown,
        })
    }
}

/// The source of a setting that both the file and the command line add to.
fn layered(config: Option<&ConfigFile>, from_command_line: bool, in_file: bool) -> Source {
    match (config, from_command_line) {
        (_, true) => Source::CommandLine,
        (Some(config), false) if in_file => Source::ConfigFile(config.path.clone()),
        _ => Source::Default,
    }
}

fn join(selectors: &[Selector]) -> String {
    if selectors.is_empty() {
        return "(none)".into();
    }
    selectors
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
