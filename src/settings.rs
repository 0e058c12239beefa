//! The settings that apply to a file: defaults, then its configuration file (after the files
//! that one extends), then inline `--config` overrides, then the command-line flags, with
//! where each value came from (`pyexpert config PATH` prints them). Which configuration
//! file applies to which file is the resolver's job (`resolver.rs`); this module combines
//! the layers once they are known.
//!
//! How keys combine, layer over layer (the same whether the upper layer is a file that
//! extends another or the command line over a file):
//! - `select`, `per-file-ignores`, `exclude` and every single value: the upper layer's
//!   value replaces the lower one's.
//! - `extend-select`, `ignore`, `extend-per-file-ignores` and `extend-exclude`: every
//!   layer's entries add up.
//!
//! Patterns are relative to the directory of the file that wrote them.

mod layer;
mod patterns;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

pub use layer::{Layer, PerFilePatterns};
pub use patterns::{absolute, default_exclusions, Exclusions, ExclusionsBuilder, PerFileIgnores};

use crate::diagnostic::Severity;
use crate::language::ExtensionMap;
use crate::layers::LayerContracts;
use crate::report::OutputFormat;
use crate::role::{FileRole, RoleOverrides};
use crate::selection::{RuleSet, Selector};
use crate::version::PythonVersion;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    Default,
    /// Worked out from the settings above it.
    Derived,
    CommandLine,
    /// An inline `--config "KEY = VALUE"`.
    InlineConfig,
    ConfigFile(PathBuf),
    RequiresPython(PathBuf),
    /// Several layers added to the value, lowest first.
    Several(Vec<Source>),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Derived => f.write_str("from the settings above"),
            Source::CommandLine => f.write_str("command line"),
            Source::InlineConfig => f.write_str("command line (--config)"),
            Source::ConfigFile(path) => write!(f, "{}", path.display()),
            Source::RequiresPython(path) => {
                let key = if path.ends_with(crate::config::PYPROJECT) {
                    "requires-python"
                } else {
                    // `python_requires`, or else a Python 2 classifier.
                    "python_requires or classifiers"
                };
                write!(f, "{key} in {}", path.display())
            }
            Source::Several(sources) => {
                let parts: Vec<String> = sources.iter().map(ToString::to_string).collect();
                f.write_str(&parts.join(" + "))
            }
        }
    }
}

impl Source {
    /// One source, or all of them when several layers contributed.
    fn of(mut sources: Vec<Source>) -> Source {
        match sources.len() {
            0 => Source::Default,
            1 => sources.remove(0),
            _ => Source::Several(sources),
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

/// One resolved setting, for `pyexpert config`.
#[derive(Debug, Clone)]
pub struct Shown {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
}

/// Everything checking a file needs to know, resolved once per configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file that governs these settings (the one found or named; the
    /// files it extends are in `config_files`).
    pub config_file: Option<PathBuf>,
    /// Every file these settings were read from, base first: what to watch for changes.
    pub config_files: Vec<PathBuf>,
    /// The project's root: the configuration file's directory, else the directory of the
    /// nearest `pyproject.toml`, else the current directory. The result cache lives here.
    pub project_root: PathBuf,
    pub rules: RuleSet,
    pub per_file_ignores: PerFileIgnores,
    pub exclusions: Exclusions,
    /// Exclusions apply to paths named on the command line too.
    pub force_exclude: bool,
    /// Which extensions are checked, and as what.
    pub extensions: ExtensionMap,
    pub target_version: PythonVersion,
    /// `# noqa` and `# pyexpert: noqa` are not honoured (`--ignore-noqa`).
    pub ignore_noqa: bool,
    pub docs_url: Option<String>,
    pub output_format: OutputFormat,
    /// The mildest severity that fails the run.
    pub fail_on: Severity,
    pub rule_settings: RuleSettings,
    /// Whether and how to fix (`--fix`, `--diff`, `unsafe-fixes`, `fixable`...).
    pub fix: crate::fix::FixSettings,
    /// Every setting with its value and origin, in display order.
    pub shown: Vec<Shown>,
    /// Hashes everything in these settings that a file's findings depend on: equal
    /// fingerprints give equal findings (the result cache's key; a long-running process
    /// can key the linters it keeps on it).
    pub fingerprint: u64,
}

/// What the layers do not say themselves.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The files the configuration layers were read from, base first.
    pub config_files: Vec<PathBuf>,
    /// The lowest Python `requires-python` allows in the nearest `pyproject.toml`, and that
    /// file: the target version when no layer sets one.
    pub requires_python: Option<(PythonVersion, PathBuf)>,
    /// The Ruff codes the nearest `pyproject.toml` ignores project-wide.
    pub ruff_ignores: Vec<String>,
    pub project_root: PathBuf,
}

impl Settings {
    /// The settings `args` give the directory `cwd` (what `pyexpert config` shows there).
    /// Files elsewhere may be governed by other configuration files: a run asks the
    /// [`crate::resolver::Resolver`] for each file's settings.
    pub fn resolve(args: &crate::cli::LintArgs, cwd: &Path) -> Result<Settings, String> {
        let resolver = crate::resolver::Resolver::from_args(args, cwd)?;
        let settings = resolver.settings_for_directory(cwd)?;
        Ok(std::sync::Arc::unwrap_or_clone(settings))
    }

    /// Combines `layers` (lowest first: the files a configuration extends, the file, inline
    /// overrides, the command line).
    pub fn from_layers(layers: &[Layer], context: Context) -> Result<Settings, String> {
        let mut shown = Vec::new();
        let config_file = context.config_files.last().cloned();

        // Selection.
        let select = last_set(layers, |l| l.select.as_ref());
        let (extend, extend_sources) = accumulated(layers, |l| l.extend_select.as_ref());
        let (mut ignore, ignore_sources) = accumulated(layers, |l| l.ignore.as_ref());
        // A check the project tells Ruff to ignore everywhere is the author's decision, as
        // its `# noqa` is on a line (unless `respect-equivalent-noqa = false`).
        let respects_other_tools =
            last_set(layers, |l| l.respect_equivalent_noqa.as_ref()).is_none_or(|(on, _)| *on);
        if respects_other_tools {
            let off = crate::equivalents::switched_off_by_ruff(&context.ruff_ignores);
            if !off.is_empty() {
                shown.push(Shown {
                    key: "off because Ruff ignores the same check",
                    value: off
                        .iter()
                        .map(|(rule, codes)| format!("{rule} ({})", codes.join(", ")))
                        .collect::<Vec<_>>()
                        .join(", "),
                    source: Source::Derived,
                });
            }
            for (rule, _) in off {
                if let Ok(selector) = Selector::parse(rule) {
                    ignore.push(selector);
                }
            }
        }
        let rules =
            RuleSet::resolve_extended(select.as_ref().map(|(s, _)| s.as_slice()), &extend, &ignore);
        shown.push(Shown {
            key: "select",
            value: select
                .as_ref()
                .map_or("(the default rules)".into(), |(s, _)| join(s)),
            source: select.map_or(Source::Default, |(_, source)| source),
        });
        shown.push(Shown {
            key: "extend-select",
            value: join(&extend),
            source: Source::of(extend_sources),
        });
        shown.push(Shown {
            key: "ignore",
            value: join(&ignore),
            source: Source::of(ignore_sources),
        });
        let enabled: Vec<&str> = rules.enabled_rules().map(|r| r.meta().code).collect();
        shown.push(Shown {
            key: "rules enabled",
            value: format!("{} ({})", enabled.len(), enabled.join(", ")),
            source: Source::Derived,
        });

        // Per-file ignores: the last table, then every layer's additions.
        let mut per_file_ignores = PerFileIgnores::default();
        let table = layers
            .iter()
            .rev()
            .find(|l| l.per_file_ignores.is_some())
            .map(|l| (l, l.per_file_ignores.as_ref().expect("found above")));
        let additions = layers
            .iter()
            .filter_map(|l| l.extend_per_file_ignores.as_ref().map(|p| (l, p)));
        for (layer, patterns) in table.into_iter().chain(additions) {
            for (pattern, selectors) in patterns {
                per_file_ignores.add(&layer.base, pattern, selectors.clone())?;
                shown.push(Shown {
                    key: "per-file-ignores",
                    value: format!("{pattern} = {}", join(selectors)),
                    source: layer.source.clone(),
                });
            }
        }

        // Exclusions.
        let mut exclusions = ExclusionsBuilder::default();
        let replaced = layers.iter().rev().find(|l| l.exclude.is_some());
        let (patterns, exclude_source, exclude_base) = match replaced {
            Some(layer) => (
                layer.exclude.clone().expect("found above"),
                layer.source.clone(),
                layer.base.as_path(),
            ),
            None => (default_exclusions(), Source::Default, Path::new(".")),
        };
        for pattern in &patterns {
            exclusions.add(exclude_base, pattern)?;
        }
        shown.push(Shown {
            key: "exclude",
            value: patterns.join(", "),
            source: exclude_source,
        });
        let mut extra = Vec::new();
        let mut extra_sources = Vec::new();
        for layer in layers {
            if let Some(patterns) = &layer.extend_exclude {
                for pattern in patterns {
                    exclusions.add(&layer.base, pattern)?;
                }
                extra.extend(patterns.iter().cloned());
                extra_sources.push(layer.source.clone());
            }
        }
        if !extra.is_empty() {
            shown.push(Shown {
                key: "extend-exclude",
                value: extra.join(", "),
                source: Source::of(extra_sources),
            });
        }
        let gitignore = last_set(layers, |l| l.respect_gitignore.as_ref());
        let respect_gitignore = gitignore.as_ref().is_none_or(|(v, _)| **v);
        shown.push(Shown {
            key: "respect-gitignore",
            value: respect_gitignore.to_string(),
            source: gitignore.map_or(Source::Default, |(_, s)| s),
        });
        let exclusions = exclusions.build(respect_gitignore)?;
        let force = last_set(layers, |l| l.force_exclude.as_ref());
        let force_exclude = force.as_ref().is_some_and(|(v, _)| **v);
        shown.push(Shown {
            key: "force-exclude",
            value: force_exclude.to_string(),
            source: force.map_or(Source::Default, |(_, s)| s),
        });
        let mut extensions = ExtensionMap::default();
        let mut extension_sources = Vec::new();
        for layer in layers {
            if let Some(map) = &layer.extension {
                for (extension, language) in map.entries() {
                    extensions.insert(extension, language);
                }
                extension_sources.push(layer.source.clone());
            }
        }
        if !extensions.is_empty() {
            let entries: Vec<String> = extensions
                .entries()
                .map(|(e, l)| format!("{e}:{}", l.name()))
                .collect();
            shown.push(Shown {
                key: "extension",
                value: entries.join(", "),
                source: Source::of(extension_sources),
            });
        }

        // Target version.
        let (target_version, version_source) = match (
            last_set(layers, |l| l.target_version.as_ref()),
            &context.requires_python,
        ) {
            (Some((version, source)), _) => (*version, source),
            (None, Some((version, pyproject))) => {
                (*version, Source::RequiresPython(pyproject.clone()))
            }
            (None, None) => (PythonVersion::DEFAULT, Source::Default),
        };
        shown.push(Shown {
            key: "target-version",
            value: format!("py{}{}", target_version.major, target_version.minor),
            source: version_source,
        });

        let noqa = last_set(layers, |l| l.ignore_noqa.as_ref());
        let ignore_noqa = noqa.as_ref().is_some_and(|(v, _)| **v);
        shown.push(Shown {
            key: "ignore-noqa",
            value: ignore_noqa.to_string(),
            source: noqa.map_or(Source::Default, |(_, s)| s),
        });

        // Reporting.
        let docs = last_set(layers, |l| l.docs_url.as_ref());
        shown.push(Shown {
            key: "docs-url",
            value: docs
                .as_ref()
                .map_or("(none)".into(), |(url, _)| url.to_string()),
            source: docs.clone().map_or(Source::Default, |(_, s)| s),
        });
        let format = last_set(layers, |l| l.output_format.as_ref());
        let output_format = format.as_ref().map_or(OutputFormat::Full, |(f, _)| **f);
        shown.push(Shown {
            key: "output-format",
            value: output_format.name().to_string(),
            source: format.map_or(Source::Default, |(_, s)| s),
        });

        let threshold = last_set(layers, |l| l.fail_on.as_ref());
        let fail_on = threshold.as_ref().map_or(Severity::Advice, |(s, _)| **s);
        shown.push(Shown {
            key: "fail-on",
            value: fail_on.to_string(),
            source: threshold.map_or(Source::Default, |(_, s)| s),
        });

        // Rule settings.
        let layers_table = last_set(layers, |l| l.layers.as_ref());
        let contracts = LayerContracts::from_config(layers_table.as_ref().map(|(t, _)| *t));
        let names: Vec<&str> = contracts
            .contracts
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        shown.push(Shown {
            key: "layers",
            value: if names.is_empty() {
                "(none)".into()
            } else {
                names.join("; ")
            },
            source: layers_table.map_or(Source::Default, |(_, s)| s),
        });
        shown.push(Shown {
            key: "project root",
            value: context.project_root.display().to_string(),
            source: Source::Derived,
        });

        // File roles: the uppermost `test-paths` and `file-roles`, each relative to the file
        // that wrote it (test paths first: they win when both match).
        let mut file_roles = RoleOverrides::new(context.project_root.clone());
        let mut role_sources = Vec::new();
        if let Some(layer) = layers.iter().rev().find(|l| l.test_paths.is_some()) {
            for pattern in layer.test_paths.iter().flatten() {
                file_roles.add_relative_to(&layer.base, pattern, FileRole::Test)?;
            }
            role_sources.push(layer.source.clone());
        }
        if let Some(layer) = layers.iter().rev().find(|l| l.file_roles.is_some()) {
            for (pattern, role) in layer.file_roles.iter().flatten() {
                file_roles.add_relative_to(&layer.base, pattern, *role)?;
            }
            role_sources.push(layer.source.clone());
        }
        if !file_roles.is_empty() {
            shown.push(Shown {
                key: "file-roles",
                value: file_roles.describe().join(", "),
                source: Source::of(role_sources),
            });
        }
        let equivalents = last_set(layers, |l| l.respect_equivalent_noqa.as_ref());
        let respect_equivalent_noqa = equivalents.as_ref().is_none_or(|(v, _)| **v);
        shown.push(Shown {
            key: "respect-equivalent-noqa",
            value: respect_equivalent_noqa.to_string(),
            source: equivalents.map_or(Source::Default, |(_, s)| s),
        });

        let fix = crate::fix::settings::from_layers(layers, &mut shown);

        let mut settings = Settings {
            config_file,
            config_files: context.config_files,
            project_root: context.project_root,
            rules,
            per_file_ignores,
            exclusions,
            force_exclude,
            extensions,
            target_version,
            ignore_noqa,
            docs_url: docs.as_ref().map(|(url, _)| url.to_string()),
            output_format,
            fail_on,
            rule_settings: RuleSettings {
                layers: contracts,
                file_roles,
                respect_equivalent_noqa,
            },
            fix,
            shown,
            fingerprint: 0,
        };
        settings.fingerprint = settings.compute_fingerprint();
        Ok(settings)
    }

    fn compute_fingerprint(&self) -> u64 {
        let mut hasher = crate::cache::StableHasher::new();
        format!("{:?}", self.rules).hash(&mut hasher);
        self.target_version.to_string().hash(&mut hasher);
        format!("{:?}", self.per_file_ignores).hash(&mut hasher);
        format!("{:?}", self.rule_settings).hash(&mut hasher);
        self.ignore_noqa.hash(&mut hasher);
        self.extensions.hash(&mut hasher);
        hasher.finish()
    }
}

/// The value of the uppermost layer that sets a key, and that layer's source.
fn last_set<'l, T>(
    layers: &'l [Layer],
    get: impl Fn(&'l Layer) -> Option<&'l T>,
) -> Option<(&'l T, Source)> {
    layers
        .iter()
        .rev()
        .find_map(|layer| get(layer).map(|value| (value, layer.source.clone())))
}

/// Every layer's entries of a key that adds up, and the layers that contributed.
fn accumulated<'l>(
    layers: &'l [Layer],
    get: impl Fn(&'l Layer) -> Option<&'l Vec<Selector>>,
) -> (Vec<Selector>, Vec<Source>) {
    let mut all = Vec::new();
    let mut sources = Vec::new();
    for layer in layers {
        if let Some(entries) = get(layer) {
            all.extend(entries.iter().cloned());
            sources.push(layer.source.clone());
        }
    }
    (all, sources)
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
