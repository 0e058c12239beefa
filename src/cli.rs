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
    /// Check Python files and directories.
    Lint(LintArgs),
    /// Print a rule's page (what it flags, why, examples, the lesson question).
    Rule {
        /// A rule code (`PX0701`) or name (`list-membership-in-loop`).
        code: String,
    },
    /// Print the settings a `lint` run would use, and where each comes from.
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
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only rules of this lesson question (`7`, `Q07`).
    #[arg(long, value_name = "QUESTION")]
    pub question: Option<String>,

    /// Only rules of this severity.
    #[arg(long, value_enum)]
    pub severity: Option<crate::diagnostic::Severity>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories to check. Directories are searched for .py and .pyi files.
    /// `-` reads one file's source from standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// The path of the source read from standard input (`-`), for per-file ignores,
    /// module names and messages. Default: `-`.
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
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// When to use colour. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Link each finding to its documentation: a URL template with `{code}`, `{name}` and
    /// `{question}` (two-digit lesson question) placeholders.
    #[arg(long, value_name = "TEMPLATE")]
    pub docs_url: Option<String>,

    /// Exit with status 0 even when there are findings (errors of the run itself still give 2).
    #[arg(long)]
    pub exit_zero: bool,

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

    /// Use this configuration file (a pyproject.toml or a pyexpert.toml).
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore configuration files.
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

    /// Report findings even on lines where another tool's suppression names the same check
    /// (`# noqa: RUF006`, `# pylint: disable=...`).
    #[arg(long)]
    pub no_equivalent_noqa: bool,

    /// Print the resolved settings and exit (same as `pyexpert config`).
    #[arg(long)]
    pub show_settings: bool,

    /// The oldest Python version the code supports (`py39`, `py312`, `3.11`). Rules that
    /// suggest newer features stay off below their version. Default: the lowest version
    /// `requires-python` allows in the nearest pyproject.toml, else py39.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub target_version: Option<crate::version::PythonVersion>,

    #[command(flatten)]
    pub fix: crate::fix::settings::FixArgs,
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
