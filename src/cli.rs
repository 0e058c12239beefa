//! Command-line definitions (clap only; the work happens in `commands`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::OutputFormat;

#[derive(Debug, Parser)]
#[command(
    name = "pyexpert",
    version,
    about = "A fast static analyzer for Python: expert advice turned into checks",
    long_about = None,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Python files, notebooks and directories (`check` is an alias, as in Ruff).
    #[command(alias = "check")]
    Lint(LintArgs),
    /// Print a rule's page (what it flags, why, examples, the lesson question).
    Rule(RuleArgs),
    /// Print the settings that apply to a path (default: the current directory), and where
    /// each comes from.
    Config(LintArgs),
    /// List the rules: code, name, severity, lesson question, default, minimum Python.
    Rules(RulesArgs),
    /// Explain a lesson question: its advice in brief and the rules that check it.
    Explain {
        /// The question: `7`, `07` or `Q07`.
        question: String,
    },
    /// Remove the result cache (`.pyexpert_cache` in the project root, or the one given).
    Clean(LintArgs),
    /// Run the language server (LSP over standard input and output) for editors: findings
    /// as you type, quick fixes, and the rule page on hover. README, "Editors", shows how
    /// to set up each editor.
    Server,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`PX0701`) or name (`list-membership-in-loop`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub code: Option<String>,

    /// Every rule's page, in code order.
    #[arg(long)]
    pub all: bool,

    /// `text` (the page as written) or `json` (the page with the rule's metadata).
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub output_format: CatalogFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only rules of this lesson question (`7`, `Q07`).
    #[arg(long, value_name = "QUESTION")]
    pub question: Option<String>,

    /// Only rules of this severity.
    #[arg(long, value_enum)]
    pub severity: Option<crate::diagnostic::Severity>,

    /// `text` (a table) or `json` (the catalog for tools: every field and each rule's page).
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub output_format: CatalogFormat,
}

/// How `pyexpert rule` and `pyexpert rules` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories to check (default: the current directory). Directories are
    /// searched for .py, .pyi and .ipynb files. `-` reads one file's source from standard
    /// input.
    pub paths: Vec<PathBuf>,

    /// Read the source from standard input and check it as the file PATH (its settings,
    /// per-file ignores, module name and messages follow PATH).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Rules to run: codes, prefixes (`PX07`), rule names, or `ALL`. Comma-separated or
    /// repeated. Without it, every rule that is not opt-in runs.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub select: Option<Vec<String>>,

    /// Rules to run on top of the selection (or of the default rules).
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub extend_select: Vec<String>,

    /// Rules to skip: codes, prefixes or names. A more specific --select wins.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub ignore: Vec<String>,

    /// How to print findings (default: `full`, or `output-format` from the configuration).
    #[arg(long, value_enum)]
    pub output_format: Option<OutputFormat>,

    /// Add `# noqa: CODE` comments to every line with a finding (keeping existing
    /// comments and codes), instead of reporting. For adopting pyexpert in a legacy codebase.
    #[arg(long, conflicts_with = "statistics")]
    pub add_noqa: bool,

    /// Print how many findings each rule produced instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Print the findings and nothing else (no summary, no warnings).
    #[arg(short, long, group = "verbosity")]
    pub quiet: bool,

    /// Print nothing; only the exit code tells (errors of the run itself still print;
    /// `--output-file` is still written).
    #[arg(short, long, group = "verbosity")]
    pub silent: bool,

    /// Say what is read and skipped, which configuration files govern which files, and
    /// which results come from the cache (on standard error).
    #[arg(short, long, group = "verbosity")]
    pub verbose: bool,

    /// When to use colour. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Link each finding to its documentation: a URL template with `{code}`, `{name}` and
    /// `{question}` (two-digit lesson question) placeholders.
    #[arg(long, value_name = "TEMPLATE")]
    pub docs_url: Option<String>,

    /// Exit with status 0 even when there are findings (errors of the run itself still give 2).
    #[arg(short = 'e', long)]
    pub exit_zero: bool,

    /// The mildest severity that fails the run (`error`, `warning` or `advice`, the
    /// default): findings below it are reported but exit 0. Default: `fail-on` from the
    /// configuration, else `advice` (any finding fails).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<crate::diagnostic::Severity>,

    /// Worker threads (default: RAYON_NUM_THREADS, else one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Check every file afresh and do not write the result cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Where the result cache lives (default: PYEXPERT_CACHE_DIR, else `.pyexpert_cache`
    /// in the project root).
    #[arg(long, value_name = "PATH")]
    pub cache_dir: Option<PathBuf>,

    /// Use this configuration file (a pyproject.toml or a pyexpert.toml) for every file
    /// instead of each file's nearest one; or override one setting with a TOML
    /// `KEY = VALUE` (`--config "target-version = 'py312'"`). Repeatable.
    #[arg(long, value_name = "PATH | KEY = VALUE")]
    pub config: Vec<String>,

    /// Ignore configuration files (and `requires-python`): defaults and the command line only.
    #[arg(long)]
    pub isolated: bool,

    /// Paths and names to skip when walking directories, replacing the defaults
    /// (globs; a pattern without `/` matches names anywhere).
    #[arg(long, value_delimiter = ',', value_name = "PATTERN")]
    pub exclude: Option<Vec<String>>,

    /// Paths and names to skip on top of the defaults.
    #[arg(long, value_delimiter = ',', value_name = "PATTERN")]
    pub extend_exclude: Vec<String>,

    /// Do not honour .gitignore, .ignore and git exclude files.
    #[arg(long)]
    pub no_respect_gitignore: bool,

    /// Apply the exclusions to paths named on the command line too (what pre-commit and
    /// editors need: they name every file explicitly).
    #[arg(long, overrides_with = "no_force_exclude")]
    pub force_exclude: bool,

    #[arg(long, overrides_with = "force_exclude", hide = true)]
    pub no_force_exclude: bool,

    /// Rules off for files matching a glob, replacing the configuration's:
    /// `PATTERN:CODE`, comma-separated (`tests/**:PX0701,PX0702` switches off both).
    #[arg(long, value_delimiter = ',', value_name = "PATTERN:CODE")]
    pub per_file_ignores: Option<Vec<String>>,

    /// Like --per-file-ignores, added to the configuration's.
    #[arg(long, value_delimiter = ',', value_name = "PATTERN:CODE")]
    pub extend_per_file_ignores: Vec<String>,

    /// Check files with this extension as this language: `EXT:LANGUAGE`, where LANGUAGE
    /// is `python`, `pyi` or `ipynb` (`--extension pyw:python`). Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "EXT:LANGUAGE")]
    pub extension: Vec<String>,

    /// Report what `# noqa` and `# pyexpert: noqa` comments would hide.
    #[arg(long)]
    pub ignore_noqa: bool,

    /// Report findings even on lines where another tool's suppression names the same check
    /// (`# noqa: RUF006`, `# pylint: disable=...`).
    #[arg(long)]
    pub no_equivalent_noqa: bool,

    /// Print the resolved settings and exit (same as `pyexpert config`).
    #[arg(long)]
    pub show_settings: bool,

    /// Print the files a run would check, each with the configuration file that governs
    /// it, and exit.
    #[arg(long, conflicts_with = "show_settings")]
    pub show_files: bool,

    /// Check again whenever a file changes (for a terminal beside the editor; Ctrl-C stops).
    #[arg(short = 'w', long, conflicts_with_all = ["add_noqa", "show_files", "show_settings"])]
    pub watch: bool,

    /// The oldest Python version the code supports (`py39`, `py312`, `3.11`). Rules that
    /// suggest newer features stay off below their version. Default: the lowest version
    /// `requires-python` allows in the nearest pyproject.toml (or setup.cfg's or setup.py's
    /// `python_requires`), else py39.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub target_version: Option<crate::version::PythonVersion>,

    #[command(flatten)]
    pub fix: crate::fix::settings::FixArgs,
}

impl LintArgs {
    /// The paths to check: the ones given, else the current directory.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }

    /// Whether the source comes from standard input: `-` among the paths, or
    /// `--stdin-filename` (which needs no `-`, as in Ruff).
    pub fn reads_stdin(&self) -> bool {
        self.stdin_filename.is_some() || self.paths.iter().any(|p| p.as_os_str() == "-")
    }
}

fn parse_version(text: &str) -> Result<crate::version::PythonVersion, String> {
    crate::version::PythonVersion::parse(text)
        .filter(|v| v.major == 3)
        .ok_or_else(|| format!("`{text}` is not a Python 3 version (try py310 or 3.10)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
