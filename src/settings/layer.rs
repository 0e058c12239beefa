//! One source of settings as written, before anything is combined: a configuration file
//! (or a file it extends), an inline `--config "KEY = VALUE"`, or the command-line flags.
//! Settings are a stack of layers, base first; see [`super::Settings::from_layers`] for how
//! each key combines.

use std::path::{Path, PathBuf};

use crate::config::{ConfigFile, ConfigTable, LayersTable};
use crate::diagnostic::Severity;
use crate::language::ExtensionMap;
use crate::report::OutputFormat;
use crate::role::FileRole;
use crate::selection::Selector;
use crate::version::PythonVersion;

use super::Source;

/// `(pattern, selectors)` of a per-file-ignores table, in the order written.
pub type PerFilePatterns = Vec<(String, Vec<Selector>)>;

/// The keys one source sets; `None` is "not set here".
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub source: Source,
    /// The directory relative patterns are relative to.
    pub base: PathBuf,
    pub select: Option<Vec<Selector>>,
    pub extend_select: Option<Vec<Selector>>,
    pub ignore: Option<Vec<Selector>>,
    pub per_file_ignores: Option<PerFilePatterns>,
    pub extend_per_file_ignores: Option<PerFilePatterns>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Option<Vec<String>>,
    pub respect_gitignore: Option<bool>,
    pub force_exclude: Option<bool>,
    /// Extensions added to the ones checked (the layers' maps add up; a later layer wins
    /// for the same extension).
    pub extension: Option<ExtensionMap>,
    pub target_version: Option<PythonVersion>,
    pub fail_on: Option<Severity>,
    pub ignore_noqa: Option<bool>,
    /// Globs of test files (relative to `base`).
    pub test_paths: Option<Vec<String>>,
    /// Globs given a file role.
    pub file_roles: Option<Vec<(String, FileRole)>>,
    pub respect_equivalent_noqa: Option<bool>,
    pub docs_url: Option<String>,
    pub output_format: Option<OutputFormat>,
    pub layers: Option<LayersTable>,
    /// Fixing: `fix`, `unsafe-fixes`, `fixable` (replaces), `extend-fixable` and
    /// `unfixable` (add up), as `--fix`, `--unsafe-fixes`... do on the command line.
    pub fix: Option<bool>,
    pub unsafe_fixes: Option<bool>,
    pub fixable: Option<Vec<Selector>>,
    pub extend_fixable: Option<Vec<Selector>>,
    pub unfixable: Option<Vec<Selector>>,
    /// Only the command line: `--diff` and `--fix-only`, `--show-fixes`,
    /// `--exit-non-zero-on-fix`.
    pub fix_mode: Option<crate::fix::FixMode>,
    pub show_fixes: bool,
    pub exit_non_zero_on_fix: bool,
}

impl Layer {
    /// The layer a configuration file (or inline override) writes. The file was validated
    /// when it was read, so errors here still name the file and the line.
    pub fn from_config(config: &ConfigFile, base: &Path) -> Result<Layer, String> {
        let table: &ConfigTable = &config.table;
        let selectors = |key: &str, list: &Option<Vec<toml::Spanned<String>>>| {
            list.as_ref()
                .map(|items| {
                    items
                        .iter()
                        .map(|item| config.selector(key, item).map_err(|e| e.to_string()))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()
        };
        let per_file = |key: &str,
                        map: &Option<
            std::collections::BTreeMap<String, Vec<toml::Spanned<String>>>,
        >| {
            map.as_ref()
                .map(|map| {
                    map.iter()
                        .map(|(pattern, codes)| {
                            let selectors = codes
                                .iter()
                                .map(|c| config.selector(key, c).map_err(|e| e.to_string()))
                                .collect::<Result<Vec<_>, _>>()?;
                            Ok((pattern.clone(), selectors))
                        })
                        .collect::<Result<PerFilePatterns, String>>()
                })
                .transpose()
        };
        let source = if config.is_inline() {
            Source::InlineConfig
        } else {
            Source::ConfigFile(config.path.clone())
        };
        Ok(Layer {
            source,
            base: base.to_path_buf(),
            select: selectors("select", &table.select)?,
            extend_select: selectors("extend-select", &table.extend_select)?,
            ignore: selectors("ignore", &table.ignore)?,
            per_file_ignores: per_file("per-file-ignores", &table.per_file_ignores)?,
            extend_per_file_ignores: per_file(
                "extend-per-file-ignores",
                &table.extend_per_file_ignores,
            )?,
            exclude: table.exclude.clone(),
            extend_exclude: table.extend_exclude.clone(),
            respect_gitignore: table.respect_gitignore,
            force_exclude: table.force_exclude,
            extension: table
                .extension
                .as_ref()
                .map(|map| {
                    let mut extensions = ExtensionMap::default();
                    for (extension, language) in map {
                        let language = config
                            .language(extension, language)
                            .map_err(|e| e.to_string())?;
                        extensions.insert(extension, language);
                    }
                    Ok::<_, String>(extensions)
                })
                .transpose()?,
            fail_on: table
                .fail_on
                .as_ref()
                .map(|f| config.fail_on(f).map_err(|e| e.to_string()))
                .transpose()?,
            ignore_noqa: None,
            test_paths: table.test_paths.clone(),
            file_roles: table
                .file_roles
                .as_ref()
                .map(|roles| {
                    roles
                        .iter()
                        .map(|(pattern, role)| {
                            config
                                .file_role(role)
                                .map(|role| (pattern.clone(), role))
                                .map_err(|e| e.to_string())
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?,
            respect_equivalent_noqa: table.respect_equivalent_noqa,
            target_version: table
                .target_version
                .as_ref()
                .map(|v| config.target_version(v).map_err(|e| e.to_string()))
                .transpose()?,
            docs_url: table.docs_url.clone(),
            output_format: table
                .output_format
                .as_ref()
                .map(|f| config.output_format(f).map_err(|e| e.to_string()))
                .transpose()?,
            layers: table.layers.clone(),
            fix: table.fix,
            unsafe_fixes: table.unsafe_fixes,
            fixable: selectors("fixable", &table.fixable)?,
            extend_fixable: selectors("extend-fixable", &table.extend_fixable)?,
            unfixable: selectors("unfixable", &table.unfixable)?,
            ..Layer::default()
        })
    }

    /// The layer of the command-line flags (`--select`, `--ignore`, ...), relative to `cwd`.
    pub fn from_args(args: &crate::cli::LintArgs, cwd: &Path) -> Result<Layer, String> {
        let selectors = |texts: &[String]| -> Result<Vec<Selector>, String> {
            texts
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| Selector::parse(t).map_err(|e| e.to_string()))
                .collect()
        };
        let non_empty = |list: Vec<Selector>, given: bool| given.then_some(list);
        let extension = if args.extension.is_empty() {
            None
        } else {
            let mut extensions = ExtensionMap::default();
            for pair in &args.extension {
                let (extension, language) = ExtensionMap::parse_pair(pair)?;
                extensions.insert(&extension, language);
            }
            Some(extensions)
        };
        let force_exclude = if args.force_exclude {
            Some(true)
        } else {
            args.no_force_exclude.then_some(false)
        };
        Ok(Layer {
            source: Source::CommandLine,
            base: cwd.to_path_buf(),
            select: args.select.as_deref().map(selectors).transpose()?,
            extend_select: non_empty(
                selectors(&args.extend_select)?,
                !args.extend_select.is_empty(),
            ),
            ignore: non_empty(selectors(&args.ignore)?, !args.ignore.is_empty()),
            exclude: args.exclude.clone(),
            extend_exclude: (!args.extend_exclude.is_empty()).then(|| args.extend_exclude.clone()),
            respect_gitignore: args.no_respect_gitignore.then_some(false),
            force_exclude,
            extension,
            per_file_ignores: args
                .per_file_ignores
                .as_deref()
                .map(parse_per_file_pairs)
                .transpose()?,
            extend_per_file_ignores: (!args.extend_per_file_ignores.is_empty())
                .then(|| parse_per_file_pairs(&args.extend_per_file_ignores))
                .transpose()?,
            target_version: args.target_version,
            fail_on: args.fail_on,
            ignore_noqa: args.ignore_noqa.then_some(true),
            respect_equivalent_noqa: args.no_equivalent_noqa.then_some(false),
            docs_url: args.docs_url.clone(),
            output_format: args.output_format,
            fix: if args.fix.fix {
                Some(true)
            } else {
                args.fix.no_fix.then_some(false)
            },
            unsafe_fixes: if args.fix.unsafe_fixes {
                Some(true)
            } else {
                args.fix.no_unsafe_fixes.then_some(false)
            },
            fixable: args.fix.fixable.as_deref().map(selectors).transpose()?,
            extend_fixable: non_empty(
                selectors(&args.fix.extend_fixable)?,
                !args.fix.extend_fixable.is_empty(),
            ),
            unfixable: non_empty(
                selectors(&args.fix.unfixable)?,
                !args.fix.unfixable.is_empty(),
            ),
            fix_mode: if args.fix.diff {
                Some(crate::fix::FixMode::Diff)
            } else {
                args.fix.fix_only.then_some(crate::fix::FixMode::ApplyOnly)
            },
            show_fixes: args.fix.show_fixes,
            exit_non_zero_on_fix: args.fix.exit_non_zero_on_fix,
            ..Layer::default()
        })
    }
}

/// `--per-file-ignores` items: `PATTERN:CODE`, and a bare `CODE` continues the pattern
/// before it, so `tests/**:PX0701,PX0702` switches off both codes in tests.
fn parse_per_file_pairs(items: &[String]) -> Result<PerFilePatterns, String> {
    let mut patterns: PerFilePatterns = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let (pattern, code) = match item.rsplit_once(':') {
            Some((pattern, code)) => (Some(pattern.to_string()), code),
            None => (None, item),
        };
        let selector =
            Selector::parse(code.trim()).map_err(|e| format!("--per-file-ignores: {e}"))?;
        match (pattern, patterns.last_mut()) {
            (Some(pattern), _) => {
                globset::Glob::new(&pattern).map_err(|e| {
                    format!("--per-file-ignores: `{pattern}` is not a valid glob: {e}")
                })?;
                match patterns.iter_mut().find(|(p, _)| *p == pattern) {
                    Some((_, selectors)) => selectors.push(selector),
                    None => patterns.push((pattern, vec![selector])),
                }
            }
            (None, Some((_, selectors))) => selectors.push(selector),
            (None, None) => {
                return Err(format!(
                    "--per-file-ignores: `{item}` is not PATTERN:CODE (try `tests/**:{item}`)"
                ))
            }
        }
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_file_pairs_continue_the_previous_pattern() {
        let items: Vec<String> = ["tests/**:PX0701", "PX0702", "__init__.py:PX2001"]
            .map(String::from)
            .to_vec();
        let parsed = parse_per_file_pairs(&items).unwrap();
        let shown: Vec<(String, Vec<String>)> = parsed
            .iter()
            .map(|(p, s)| (p.clone(), s.iter().map(ToString::to_string).collect()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "tests/**".to_string(),
                    vec!["PX0701".to_string(), "PX0702".to_string()]
                ),
                ("__init__.py".to_string(), vec!["PX2001".to_string()]),
            ]
        );
        assert!(parse_per_file_pairs(&["PX0701".to_string()]).is_err());
        assert!(parse_per_file_pairs(&["tests/**:E501".to_string()]).is_err());
    }
}
