//! The per-file pipeline: bytes, text, tokens and AST, semantic model, the checking walk,
//! `# noqa` filtering, and diagnostics with lines and columns. A file that cannot be read,
//! decoded or parsed yields one diagnostic saying why; a rule that panics yields PX0003 for
//! that file. Neither stops the run. The AST and model are dropped before returning, so
//! memory does not grow with the number of files.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use rustpython_parser::text_size::{TextRange, TextSize};

use crate::checker::{self, Dispatch, FileInfo};
use crate::diagnostic::{Diagnostic, Finding};
use crate::equivalents;
use crate::language::{ExtensionMap, Language};
use crate::noqa;
use crate::parse::{parse_module, ParsedModule};
use crate::project::{Condition, ModuleFacts, ProjectIndex};
use crate::registry::{self, RuleMeta};
use crate::role::{self, FileRole};
use crate::scan;
use crate::selection::RuleSet;
use crate::semantic::SemanticModel;
use crate::settings::{PerFileIgnores, RuleSettings};
use crate::source::{self, LineIndex};
use crate::version::PythonVersion;
use rustc_hash::FxHashSet;

/// What a run checks, prepared once and shared by every file.
pub struct Linter {
    rules: RuleSet,
    /// Rules of an embedder's own, run after the selected ones.
    extra: Vec<&'static dyn crate::rule::Rule>,
    /// Every rule that runs at the target version (for `pyproject.toml` files, and to know
    /// whether any rule runs at all).
    dispatch: Dispatch,
    /// The same rules, per file role (indexed by [`FileRole::index`]): each file is checked
    /// by the rules that apply to what it is.
    by_role: Vec<Dispatch>,
    /// With PX0002 on: the codes checked in every file, the only ones a `# noqa` can be
    /// judged unused for.
    noqa_audit: Option<FxHashSet<&'static str>>,
    target_version: PythonVersion,
    /// Keep the source text of files with findings (the full report shows snippets).
    keep_source: bool,
    per_file_ignores: PerFileIgnores,
    rule_settings: RuleSettings,
    project: Arc<ProjectIndex>,
    /// Which extensions are read as which language.
    extensions: ExtensionMap,
    /// Report what `# noqa` comments would hide (`--ignore-noqa`).
    ignore_noqa: bool,
}

/// The outcome for one file. Clone: the server keeps a document's report and fixes a copy.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as reports show it.
    pub path: String,
    /// The dotted module name, when the run indexed the project.
    pub module: Option<String>,
    /// Sorted by line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics that hold only if their condition about other modules does; settled by
    /// [`settle`] once every file has been checked.
    pub pending: Vec<(Diagnostic, Condition)>,
    /// What this module tells other modules' checks about itself.
    pub facts: ModuleFacts,
    /// The decoded text, kept only when asked and only for files with diagnostics.
    pub source: Option<String>,
    /// A rule panicked on this file (the run must exit with status 2).
    pub internal_error: bool,
    /// What the file's comments got wrong (a malformed `# noqa`): printed as warnings.
    pub warnings: Vec<FileWarning>,
    /// For a notebook, where each code cell sits in the module its diagnostics' lines
    /// count in: reports name the cell and the line within it.
    pub notebook: Option<Arc<crate::notebook::NotebookIndex>>,
    /// What fixing did to the file (`--fix`, `--diff`), when the run fixes.
    pub fixes: Option<Box<crate::fix::engine::FileFixes>>,
}

/// What the per-file pipeline starts from: a file's bytes (decoded first: BOM, coding
/// cookie), or text already decoded (a notebook's cells, the fix engine's later passes).
enum Input<'b> {
    Bytes(&'b [u8]),
    Text(String),
}

/// Something about a file worth a warning but not a finding (a `# noqa` that cannot be
/// read and so suppresses nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWarning {
    pub start: crate::diagnostic::Location,
    pub message: String,
}

/// How a linter runs, beyond its settings.
#[derive(Default)]
pub struct LinterOptions {
    /// Keep the text of files with findings (for reports that show snippets).
    pub keep_source: bool,
    /// Rules of an embedder's own, run after the selected ones.
    pub extra_rules: Vec<&'static dyn crate::rule::Rule>,
    /// The project the checked files belong to (module names, other modules' facts);
    /// without one, files are checked on their own.
    pub project: Option<Arc<ProjectIndex>>,
}

impl Linter {
    /// The linter for these settings: their rules at their target version, with their
    /// per-file ignores and rule settings. Settings come from
    /// [`crate::resolver::Resolver::settings_for_file`]; building a linter costs a dispatch
    /// table, so a run builds one per distinct settings, not per file.
    pub fn for_settings(settings: &crate::settings::Settings, options: LinterOptions) -> Self {
        let linter = Linter::with_extra_rules(
            settings.rules.clone(),
            options.extra_rules,
            options.keep_source,
        )
        .with_target_version(settings.target_version)
        .with_settings(
            settings.per_file_ignores.clone(),
            settings.rule_settings.clone(),
        )
        .with_extensions(settings.extensions.clone())
        .ignoring_noqa(settings.ignore_noqa);
        match options.project {
            Some(project) => linter.with_project(project),
            None => linter,
        }
    }

    pub fn new(rules: RuleSet, keep_source: bool) -> Self {
        Self::with_extra_rules(rules, Vec::new(), keep_source)
    }

    /// A linter that also runs `extra` rules of the embedder's own, after the selected ones.
    pub fn with_extra_rules(
        rules: RuleSet,
        extra: Vec<&'static dyn crate::rule::Rule>,
        keep_source: bool,
    ) -> Self {
        let dispatch = dispatch_for(&rules, &extra, PythonVersion::DEFAULT, None);
        let by_role = role_dispatches(&rules, &extra, PythonVersion::DEFAULT);
        let noqa_audit = noqa_audit_for(&rules, &extra, PythonVersion::DEFAULT);
        Linter {
            rules,
            extra,
            dispatch,
            by_role,
            noqa_audit,
            target_version: PythonVersion::DEFAULT,
            keep_source,
            per_file_ignores: PerFileIgnores::default(),
            rule_settings: RuleSettings::default(),
            project: Arc::new(ProjectIndex::default()),
            extensions: ExtensionMap::default(),
            ignore_noqa: false,
        }
    }

    /// Reads files with these extensions as these languages.
    pub fn with_extensions(mut self, extensions: ExtensionMap) -> Self {
        self.extensions = extensions;
        self
    }

    /// With `true`, `# noqa` comments suppress nothing (`--ignore-noqa`).
    pub fn ignoring_noqa(mut self, ignore: bool) -> Self {
        self.ignore_noqa = ignore;
        self
    }

    /// The same linter for code that targets `version`: rules that suggest features of a
    /// newer Python stay off.
    pub fn with_target_version(mut self, version: PythonVersion) -> Self {
        self.dispatch = dispatch_for(&self.rules, &self.extra, version, None);
        self.by_role = role_dispatches(&self.rules, &self.extra, version);
        self.noqa_audit = noqa_audit_for(&self.rules, &self.extra, version);
        self.target_version = version;
        self
    }

    /// Rules switched off per file, and settings rules read.
    pub fn with_settings(
        mut self,
        per_file_ignores: PerFileIgnores,
        rule_settings: RuleSettings,
    ) -> Self {
        self.per_file_ignores = per_file_ignores;
        self.rule_settings = rule_settings;
        self
    }

    /// The project the checked files belong to (module names, other modules' facts).
    pub fn with_project(mut self, project: Arc<ProjectIndex>) -> Self {
        self.project = project;
        self
    }

    pub fn target_version(&self) -> PythonVersion {
        self.target_version
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// How this linter reads the file at `path`.
    pub fn language_of(&self, path: &Path) -> Language {
        self.extensions.language_of_named(path)
    }

    /// Reads and checks one file.
    pub fn lint_path(&self, path: &Path, display: String) -> FileReport {
        match std::fs::read(path) {
            Ok(bytes) => self.lint_contents(&bytes, path, display),
            Err(error) => {
                let message = format!("cannot read the file: {}", describe_io_error(&error));
                let mut report = self.tool_report(display, &registry::IO_ERROR, message, None);
                self.apply_per_file_ignores(path, &mut report);
                report
            }
        }
    }

    /// Checks `bytes` as the contents of the file at `path` (read already, or given on
    /// standard input under that name): per-file ignores and module names follow `path`.
    pub fn lint_contents(&self, bytes: &[u8], path: &Path, display: String) -> FileReport {
        let mut report = match self.extensions.language_of_named(path) {
            Language::PyProject => self.lint_pyproject(bytes, display),
            Language::Notebook => self.lint_notebook(bytes, display, path),
            Language::Python | Language::Stub => self.lint_file(bytes, display, Some(path)),
        };
        self.apply_per_file_ignores(path, &mut report);
        report
    }

    /// Checks a `pyproject.toml`: TOML validity, then the rules that look at project files.
    pub fn lint_pyproject(&self, bytes: &[u8], display: String) -> FileReport {
        let text = match String::from_utf8(bytes.to_vec()) {
            Ok(text) => text,
            Err(error) => {
                let message = format!(
                    "cannot decode the file: TOML must be UTF-8 (undecodable byte at offset {})",
                    error.utf8_error().valid_up_to()
                );
                return self.tool_report(display, &registry::IO_ERROR, message, None);
            }
        };
        let document = match crate::pyproject::parse(&text) {
            Ok(document) => document,
            Err(error) => {
                let at = TextRange::empty(TextSize::from(error.offset.min(text.len()) as u32));
                return self.tool_report(
                    display,
                    &registry::SYNTAX_ERROR,
                    error.message,
                    Some((text, at)),
                );
            }
        };
        let file = crate::pyproject::PyProjectFile {
            path: &display,
            text: &text,
            document: &document,
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| self.dispatch.check_pyproject(&file)));
        // The project file of an example or a test fixture is no package of the project:
        // the rules about packaging apply where they say (the library, build files).
        let role = match self.role_clue(None, &display, None) {
            RoleClue::Fixed(role) => role,
            RoleClue::Path(clue) => clue.role,
        };
        let findings = match outcome {
            Ok(mut findings) => {
                findings.retain(|finding| finding.rule.applies_to.contains(role));
                findings
            }
            Err(payload) => {
                let message = internal_error_message(payload.as_ref());
                let mut report =
                    self.tool_report(display, &registry::INTERNAL_ERROR, message, None);
                report.internal_error = true;
                return report;
            }
        };
        // A pyproject.toml has no `# noqa` (TOML comments are no Python comments).
        let Resolved {
            diagnostics,
            pending,
            ..
        } = resolve_findings(findings, &text, None, false, false);
        let keep = self.keep_source && !diagnostics.is_empty();
        FileReport {
            diagnostics,
            pending,
            source: keep.then_some(text),
            ..FileReport::clean(display)
        }
    }

    fn apply_per_file_ignores(&self, path: &Path, report: &mut FileReport) {
        let ignores = &self.per_file_ignores;
        report
            .diagnostics
            .retain(|d| !ignores.ignores(path, d.code()));
        report
            .pending
            .retain(|(d, _)| !ignores.ignores(path, d.code()));
    }

    /// Checks source bytes as if read from `display` (not part of an indexed project).
    pub fn lint_bytes(&self, bytes: &[u8], display: String) -> FileReport {
        self.lint_file(bytes, display, None)
    }

    fn lint_file(&self, bytes: &[u8], display: String, path: Option<&Path>) -> FileReport {
        self.lint_input(Input::Bytes(bytes), display, path)
    }

    /// Checks a Jupyter notebook: its code cells as one module, findings kept in module
    /// lines with the notebook's index, which reports use to name the cell.
    fn lint_notebook(&self, bytes: &[u8], display: String, path: &Path) -> FileReport {
        let notebook = match crate::notebook::Notebook::parse(bytes) {
            Ok(Some(notebook)) => notebook,
            Ok(None) => {
                crate::log::verbose(|| format!("{display}: not a Python notebook; skipped"));
                return FileReport::clean(display);
            }
            Err(error @ crate::notebook::NotebookError::Json { line, column, .. }) => {
                let location = crate::diagnostic::Location {
                    line: line as u32,
                    column: column.max(1) as u32,
                };
                return self.tool_report_at(
                    display,
                    &registry::SYNTAX_ERROR,
                    error.to_string(),
                    location,
                );
            }
            Err(error) => {
                let message = format!("cannot read the notebook: {error}");
                let start = crate::diagnostic::Location { line: 1, column: 1 };
                return self.tool_report_at(display, &registry::IO_ERROR, message, start);
            }
        };
        let mut report = self.lint_input(Input::Text(notebook.module.clone()), display, Some(path));
        // A fix's edits are in the joined module. Only a fix whose every edit the cells can
        // hold (inside one cell, off the masked magic lines: see `notebook::edits`) stays
        // a fix; the others are not offered, so no `[*]` promises what `--fix` cannot do.
        let layout = notebook.layout();
        let holds = |fix: &crate::diagnostic::DiagnosticFix| {
            fix.fix.edits.iter().all(|edit| layout.holds(edit))
                && fix.shown.iter().all(|shown| layout.holds(&shown.edit))
        };
        let diagnostics = report
            .diagnostics
            .iter_mut()
            .chain(report.pending.iter_mut().map(|(diagnostic, _)| diagnostic));
        for diagnostic in diagnostics {
            if diagnostic.fix.as_deref().is_some_and(|fix| !holds(fix)) {
                diagnostic.fix = None;
            }
        }
        report.notebook = Some(Arc::new(notebook.index));
        report
    }

    fn lint_input(&self, input: Input<'_>, display: String, path: Option<&Path>) -> FileReport {
        let module = path.and_then(|p| self.project.module_of(p));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.lint_unguarded(input, display.clone(), module, path)
        }));
        match outcome {
            Ok(report) => report,
            Err(payload) => {
                let message = internal_error_message(payload.as_ref());
                let mut report =
                    self.tool_report(display, &registry::INTERNAL_ERROR, message, None);
                report.internal_error = true;
                report
            }
        }
    }

    /// Checks decoded source text as the contents of the file at `path`: what the fix
    /// engine does after each pass, when it holds the new text rather than bytes.
    pub fn lint_text(&self, text: String, path: &Path, display: String) -> FileReport {
        let mut report = self.lint_input(Input::Text(text), display, Some(path));
        self.apply_per_file_ignores(path, &mut report);
        report
    }

    fn lint_unguarded(
        &self,
        input: Input<'_>,
        display: String,
        module: Option<&str>,
        path: Option<&Path>,
    ) -> FileReport {
        let clue = self.role_clue(path, &display, module);
        // Data nobody imports is often broken on purpose: a file of a test tree that cannot
        // even be read as Python is reported only if something imports it.
        let unreadable = |report: FileReport| match clue {
            RoleClue::Path(clue) if clue.role == FileRole::FixtureData => {
                FileReport::clean(report.path)
            }
            RoleClue::Path(clue) if clue.maybe_data => self.unless_referenced(report, module),
            _ => report,
        };
        let text = match input {
            Input::Text(text) => text,
            Input::Bytes(bytes) => match source::decode(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let message = format!("cannot decode the file: {error}");
                    let start = source::error_location(bytes, &error);
                    return unreadable(self.tool_report_at(
                        display,
                        &registry::IO_ERROR,
                        message,
                        start,
                    ));
                }
            },
        };
        let parsed = match parse_module(&text) {
            Ok(parsed) => parsed,
            Err(error) => {
                let message = format!("syntax error: {}", error.message);
                let at = error.offset.min(TextSize::of(text.as_str()));
                let range = TextRange::empty(at);
                return unreadable(self.tool_report(
                    display,
                    &registry::SYNTAX_ERROR,
                    message,
                    Some((text, range)),
                ));
            }
        };
        if self.dispatch.is_empty() {
            dispose(parsed, text.len());
            return FileReport::clean(display);
        }
        let (role, maybe_data) = match clue {
            RoleClue::Fixed(role) => (role, false),
            // A generated file: its changes belong in the generator, as a vendored file's
            // belong upstream.
            RoleClue::Path(_) if role::is_generated(&text, &parsed.body) => {
                (FileRole::Vendored, false)
            }
            RoleClue::Path(clue) => role::classify(clue, &parsed.body),
        };
        let model = SemanticModel::build(&parsed.body);
        if let Some(deep) = model.too_deep() {
            drop(model);
            dispose(parsed, text.len());
            let message = format!(
                "expression nested too deeply to analyse (more than {} levels; CPython cannot compile it either)",
                crate::visit::MAX_EXPRESSION_DEPTH
            );
            let at = TextRange::empty(deep.start());
            return self.tool_report(display, &registry::SYNTAX_ERROR, message, Some((text, at)));
        }
        let file = FileInfo {
            source: &text,
            path: &display,
            module,
            role,
            target_version: self.target_version,
            settings: &self.rule_settings,
            project: &self.project,
        };
        let mut findings = checker::check(&parsed.body, &model, &self.by_role[role.index()], file);
        if role != FileRole::Test {
            outside_self_tests(&mut findings, &parsed.body);
        }
        let facts = match module {
            Some(module) => {
                let mut facts = crate::project::module_facts(&model);
                if self.project.has_several_modules() {
                    let is_package = path
                        .and_then(Path::file_stem)
                        .is_some_and(|stem| stem == "__init__");
                    facts.references = crate::references::module_references(
                        &model,
                        &parsed.body,
                        module,
                        is_package,
                        &self.project,
                    );
                }
                facts
            }
            None => ModuleFacts::default(),
        };
        drop(model);
        let findings = outside_rewrites(findings, &parsed.rewritten);
        let Resolved {
            diagnostics,
            pending,
            warnings,
        } = resolve_findings(
            findings,
            &text,
            self.noqa_audit.as_ref(),
            !self.ignore_noqa,
            self.rule_settings.respect_equivalent_noqa,
        );
        dispose(parsed, text.len());
        let keep = self.keep_source && !(diagnostics.is_empty() && pending.is_empty());
        let report = FileReport {
            path: display,
            module: module.map(str::to_string),
            diagnostics,
            pending,
            facts,
            source: keep.then_some(text),
            internal_error: false,
            warnings,
            notebook: None,
            fixes: None,
        };
        if maybe_data {
            self.unless_referenced(report, module)
        } else {
            report
        }
    }

    /// What decides the role of the file at `path` (shown as `display`): a configured
    /// role, or the path's conventions, which the code then refines.
    fn role_clue(&self, path: Option<&Path>, display: &str, module: Option<&str>) -> RoleClue {
        let path = path.unwrap_or(Path::new(display));
        if let Some(role) = self.rule_settings.file_roles.role_of(path) {
            return RoleClue::Fixed(role);
        }
        let packages: Vec<&str> = module.map_or_else(Vec::new, |m| m.split('.').collect());
        let clue = role::classify_path(display, &packages);
        // A notebook in a test tree that is not named as a test is input a test runs in a
        // kernel (nbclient's `tests/files/*.ipynb`): nothing imports a notebook, so only
        // the name could make it a helper, and it does not.
        if clue.maybe_data
            && path
                .extension()
                .is_some_and(|extension| extension == "ipynb")
        {
            return RoleClue::Fixed(FileRole::FixtureData);
        }
        if clue.role == FileRole::Library
            && module.is_some_and(|module| role::imported_by_build_script(path, module))
        {
            return RoleClue::Fixed(FileRole::BuildConfig);
        }
        RoleClue::Path(clue)
    }

    /// A report of a file that is data unless another module of the run refers to it: its
    /// findings become conditional on that reference. A run of one module cannot tell
    /// data from a helper, and keeps them.
    fn unless_referenced(&self, mut report: FileReport, module: Option<&str>) -> FileReport {
        let Some(module) = module.filter(|_| self.project.has_several_modules()) else {
            return report;
        };
        let referenced = || Condition::Referenced {
            module: module.to_string(),
        };
        let settled = std::mem::take(&mut report.diagnostics)
            .into_iter()
            .map(|diagnostic| (diagnostic, referenced()));
        let pending = std::mem::take(&mut report.pending)
            .into_iter()
            .map(|(diagnostic, condition)| (diagnostic, condition.and(referenced())));
        report.pending = settled.chain(pending).collect();
        report.module = Some(module.to_string());
        report.facts.maybe_data = true;
        report
    }

    /// A report holding one tool diagnostic at a place in a file whose text cannot be
    /// shown (it does not decode, or is not the text being checked).
    fn tool_report_at(
        &self,
        display: String,
        meta: &'static RuleMeta,
        message: String,
        start: crate::diagnostic::Location,
    ) -> FileReport {
        let mut report = self.tool_report(display, meta, message, None);
        for diagnostic in &mut report.diagnostics {
            diagnostic.start = start;
            diagnostic.end = start;
        }
        report
    }

    /// A report holding one tool diagnostic (or nothing, when that code is ignored).
    fn tool_report(
        &self,
        display: String,
        meta: &'static RuleMeta,
        message: String,
        located: Option<(String, TextRange)>,
    ) -> FileReport {
        if !self.rules.is_enabled(meta.code) {
            return FileReport::clean(display);
        }
        let (text, range) = located.unwrap_or_default();
        let range = source::whole_characters(&text, range);
        let index = LineIndex::new(&text);
        let start = index.location(range.start(), &text);
        let end = index.location(range.end(), &text);
        let diagnostic = Diagnostic {
            rule: meta,
            severity: meta.severity,
            message,
            help: tool_help(meta),
            range,
            start,
            end,
            fix: None,
        };
        let source = (self.keep_source && !text.is_empty()).then_some(text);
        FileReport {
            diagnostics: vec![diagnostic],
            source,
            ..FileReport::clean(display)
        }
    }
}

impl FileReport {
    pub(crate) fn clean(path: String) -> Self {
        FileReport {
            path,
            module: None,
            diagnostics: Vec::new(),
            pending: Vec::new(),
            facts: ModuleFacts::default(),
            source: None,
            internal_error: false,
            warnings: Vec::new(),
            notebook: None,
            fixes: None,
        }
    }
}

fn tool_help(meta: &RuleMeta) -> Option<String> {
    let help = match meta.code {
        "PX0000" => "fix the syntax (pyexpert parses Python 3.12 syntax); the rest of the run is unaffected",
        "PX0001" => "make the file readable and save it as UTF-8, or declare its encoding in a PEP 263 coding comment",
        "PX0003" => "this is a bug in pyexpert: please report it with the file that triggers it; every other file was checked in full",
        _ => return None,
    };
    Some(help.to_string())
}

/// What decides a file's role before its code is read.
#[derive(Clone, Copy)]
enum RoleClue {
    /// Configured (`file-roles`, `test-paths`): final.
    Fixed(FileRole),
    /// The path's conventions, refined by the code.
    Path(role::PathClue),
}

/// Sources above this size may hold expression chains deep enough that dropping their tree
/// (a recursion as deep as the chain) would overflow a worker's stack.
const LARGE_SOURCE: usize = 1 << 20;

/// The enabled rules that run at `target_version` (and apply to files of `role`, if given).
fn dispatch_for(
    rules: &RuleSet,
    extra: &[&'static dyn crate::rule::Rule],
    target_version: PythonVersion,
    role: Option<FileRole>,
) -> Dispatch {
    let applicable = rules
        .enabled_rules()
        .chain(extra.iter().copied())
        .filter(|rule| {
            rule.meta()
                .min_version
                .is_none_or(|min| target_version >= min)
        })
        .filter(|rule| role.is_none_or(|role| rule.meta().applies_to.contains(role)));
    Dispatch::new(applicable)
}

fn role_dispatches(
    rules: &RuleSet,
    extra: &[&'static dyn crate::rule::Rule],
    target_version: PythonVersion,
) -> Vec<Dispatch> {
    FileRole::ALL
        .into_iter()
        .map(|role| dispatch_for(rules, extra, target_version, Some(role)))
        .collect()
}

/// The codes PX0002 may judge (rules that run at `target_version`, and the tool's own
/// diagnostics), or `None` when PX0002 is off.
fn noqa_audit_for(
    rules: &RuleSet,
    extra: &[&'static dyn crate::rule::Rule],
    target_version: PythonVersion,
) -> Option<FxHashSet<&'static str>> {
    if !rules.is_enabled(crate::rules::UNUSED_NOQA.code) {
        return None;
    }
    let running = rules
        .enabled_rules()
        .chain(extra.iter().copied())
        .map(|rule| rule.meta())
        .filter(|meta| meta.min_version.is_none_or(|min| target_version >= min))
        .map(|meta| meta.code);
    let tools = registry::TOOL_DIAGNOSTICS
        .iter()
        .map(|meta| meta.code)
        .filter(|code| rules.is_enabled(code));
    Some(running.chain(tools).collect())
}

/// Drops a parsed module. A large one is dropped on a thread whose stack grows with the
/// source size, so even a multi-megabyte `1 + 1 + ... + 1` chain cannot overflow; if such
/// a thread cannot be started, the tree is leaked rather than risking the run.
fn dispose(parsed: ParsedModule, source_len: usize) {
    if source_len <= LARGE_SOURCE {
        drop(parsed);
        return;
    }
    let stack = 64 * 1024 * 1024 + source_len.saturating_mul(128);
    // Handed over through a slot: if the thread cannot start, `spawn` drops its closure
    // here, and the tree must not go with it.
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(parsed)));
    let handed = std::sync::Arc::clone(&slot);
    let dropper = std::thread::Builder::new()
        .name("pyexpert-drop".into())
        .stack_size(stack)
        .spawn(move || drop(handed.lock().map(|mut tree| tree.take())));
    match dropper {
        Ok(handle) => {
            let _ = handle.join();
        }
        Err(_) => {
            if let Ok(mut tree) = slot.lock() {
                std::mem::forget(tree.take());
            }
        }
    }
}

/// Drops the findings of rules that do not apply to tests from a module's embedded
/// self-test (`def test():` at the top level), which is test code.
fn outside_self_tests(findings: &mut Vec<Finding>, body: &[rustpython_parser::ast::Stmt]) {
    let self_tests = crate::role::embedded_self_tests(body);
    if self_tests.is_empty() {
        return;
    }
    findings.retain(|finding| {
        finding.rule.applies_to.contains(FileRole::Test)
            || !self_tests
                .iter()
                .any(|range| range.contains(finding.range.start()))
    });
}

/// Drops findings that start inside code rewritten to recover newer syntax.
fn outside_rewrites(findings: Vec<Finding>, rewritten: &[TextRange]) -> Vec<Finding> {
    if rewritten.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| !rewritten.iter().any(|r| r.contains(f.range.start())))
        .collect()
}

/// What [`resolve_findings`] makes of a file's findings.
#[derive(Default)]
struct Resolved {
    diagnostics: Vec<Diagnostic>,
    pending: Vec<(Diagnostic, Condition)>,
    warnings: Vec<FileWarning>,
}

/// Applies `# noqa` and `# pyexpert: noqa`, computes lines and columns, and orders findings
/// by position and code. Conditional findings come back apart, to be settled once all
/// modules are checked. The line index and the comment scan happen here, so files without
/// findings pay for neither unless they mention `noqa` (their directives are then read, so
/// that a malformed one is reported wherever it is). `audit` holds the codes checked in the
/// file when PX0002 judges its directives; `honour_noqa` is false under `--ignore-noqa`.
fn resolve_findings(
    findings: Vec<Finding>,
    text: &str,
    audit: Option<&FxHashSet<&'static str>>,
    honour_noqa: bool,
    respect_equivalents: bool,
) -> Resolved {
    let directives =
        (honour_noqa && noqa::mentions_noqa(text)).then(|| noqa::FileDirectives::read(text));
    let audit = audit.filter(|_| directives.is_some());
    if findings.is_empty() && directives.is_none() {
        return Resolved::default();
    }
    let index = LineIndex::new(text);
    let mut resolved = Resolved::default();
    // Another tool's suppression counts on the flagged line, and Pylint's `disable-next`
    // on the line before it. Its comments are the directives' scan when the file mentions
    // `noqa`; otherwise the file is scanned only when a flagged line mentions another tool.
    let respect_equivalents = honour_noqa && respect_equivalents;
    let mentions_other_tool = |line: usize| {
        respect_equivalents
            && (line.saturating_sub(1)..=line)
                .any(|l| equivalents::mentions_other_tool(&text[index.line_range(l, text)]))
    };
    let own_scan = (directives.is_none()
        && findings
            .iter()
            .any(|f| mentions_other_tool(index.line_of(f.range.start()))))
    .then(|| scan::comment_ranges(text));
    let comments: &[TextRange] = match (&directives, &own_scan) {
        (Some(directives), _) => &directives.comments,
        (None, Some(scanned)) => scanned,
        (None, None) => &[],
    };
    let resolve = |finding: Finding| {
        // Debug builds (the tests, the fuzzer) insist that a finding covers whole
        // characters, so a rule or scanner computing a bad offset is caught there; a
        // release build reports the characters around it rather than failing the file.
        debug_assert_eq!(
            source::whole_characters(text, finding.range),
            finding.range,
            "{} reported a range that splits a character",
            finding.rule.code
        );
        let range = source::whole_characters(text, finding.range);
        Diagnostic {
            rule: finding.rule,
            severity: finding.severity,
            start: index.location(range.start(), text),
            end: index.location(range.end(), text),
            range,
            message: finding.message,
            help: finding.help,
            fix: finding
                .fix
                .map(|fix| crate::diagnostic::DiagnosticFix::locate(fix, text, &index)),
        }
    };
    let mut used: Vec<(TextRange, &'static str)> = Vec::new();
    for mut finding in findings {
        let code = finding.rule.code;
        let line = index.line_of(finding.range.start());
        let line_range = index.line_range(line, text);
        if let Some(directives) = &directives {
            if directives.exempts(code) {
                continue;
            }
            if let Some(comment) = directives.suppressing(line_range.clone(), code) {
                used.push((comment, code));
                continue;
            }
        }
        if respect_equivalents && !comments.is_empty() {
            let previous = match line {
                0 => 0..0,
                _ => index.line_range(line - 1, text),
            };
            let comment_texts = |range: std::ops::Range<usize>| {
                noqa::comments_on_line(comments, range).map(|c| &text[c])
            };
            if equivalents::suppressed(code, comment_texts(line_range), comment_texts(previous)) {
                continue;
            }
        }
        match finding.condition.take() {
            Some(condition) => resolved.pending.push((resolve(finding), condition)),
            None => resolved.diagnostics.push(resolve(finding)),
        }
    }
    if let Some(directives) = &directives {
        for (range, message) in &directives.problems {
            resolved.warnings.push(FileWarning {
                start: index.location(range.start(), text),
                message: message.clone(),
            });
        }
    }
    if let (Some(checked), Some(directives)) = (audit, &directives) {
        let was_used = |comment: TextRange, code: &str| {
            used.iter()
                .any(|(c, used_code)| *c == comment && used_code.eq_ignore_ascii_case(code))
        };
        // Codes the file exempts as a whole are not judged line by line.
        let judged = |code: &str| checked.contains(code) && !directives.exempts(code);
        let unused = noqa::unused_codes(text, &directives.comments, was_used, judged);
        let ranges: Vec<TextRange> = unused.iter().map(|u| u.range).collect();
        let fixes = crate::fix::noqa::fixes(text, &directives.comments, &ranges);
        for (unused, fix) in unused.into_iter().zip(fixes) {
            let message = if unused.unknown {
                format!(
                    "`{}` in this `# noqa` is not a pyexpert rule code",
                    unused.code
                )
            } else {
                format!(
                    "`# noqa: {}` suppresses nothing: the line has no {} finding",
                    unused.code,
                    unused.code.to_ascii_uppercase()
                )
            };
            let mut finding = Finding::new(&crate::rules::UNUSED_NOQA, unused.range, message)
                .with_help(
                    "remove the code from the directive (and the comment, if nothing is left)",
                );
            finding.set_fix(fix);
            resolved.diagnostics.push(resolve(finding));
        }
        if !directives.exempts(crate::rules::UNUSED_NOQA.code) {
            for (range, message) in &directives.problems {
                let finding = Finding::new(&crate::rules::UNUSED_NOQA, *range, message.clone())
                    .with_help("write the codes the directive means, comma-separated: `# noqa: PX0701, PX0702`");
                resolved.diagnostics.push(resolve(finding));
            }
        }
    }
    sort_diagnostics(&mut resolved.diagnostics);
    resolved
}

/// Orders by position, code and message, without duplicates.
fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.start, a.rule.code, a.end, &a.message).cmp(&(b.start, b.rule.code, b.end, &b.message))
    });
    diagnostics.dedup_by(|a, b| {
        a.rule.code == b.rule.code && a.range == b.range && a.message == b.message
    });
}

/// Settles conditional diagnostics once every file of the run has reported its facts:
/// those whose condition holds join their file's diagnostics.
pub fn settle(reports: &mut [FileReport]) {
    if reports.iter().all(|r| r.pending.is_empty()) {
        return;
    }
    let facts = project_facts(reports);
    for report in reports.iter_mut() {
        settle_report(report, &facts);
    }
}

/// What every module of the run reported about itself: what conditional diagnostics are
/// judged by.
pub fn project_facts(reports: &[FileReport]) -> crate::project::ProjectFacts {
    crate::project::ProjectFacts::new(
        reports
            .iter()
            .filter_map(|r| r.module.clone().map(|m| (m, r.facts.clone())))
            .collect(),
    )
}

/// Settles one report's conditional diagnostics against the run's facts (the fix engine
/// does this for each new text of a file, with the facts of the run's first look).
pub fn settle_report(report: &mut FileReport, facts: &crate::project::ProjectFacts) {
    let pending = std::mem::take(&mut report.pending);
    if pending.is_empty() {
        return;
    }
    report.diagnostics.extend(
        pending
            .into_iter()
            .filter(|(_, condition)| facts.holds(condition))
            .map(|(diagnostic, _)| diagnostic),
    );
    sort_diagnostics(&mut report.diagnostics);
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            "it does not exist (deleted during the run, or a broken link)".into()
        }
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// PX0003's message: the rule that was running (if any) and what it said.
fn internal_error_message(payload: &(dyn std::any::Any + Send)) -> String {
    let culprit = checker::current_rule()
        .map(|meta| format!("rule {} ({})", meta.code, meta.name))
        .unwrap_or_else(|| "the checking pipeline".to_string());
    format!(
        "internal error in {culprit} while checking this file: {}; other files were checked normally",
        panic_message(payload)
    )
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}
