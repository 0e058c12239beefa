//! Checking open documents: scheduling a lint on each change, dropping stale ones, settling
//! conditional findings with the project's facts, and publishing (or keeping for a pull).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use lsp_server::{RequestId, Response};
use lsp_types::{
    notification as notify, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, PublishDiagnosticsParams, Uri,
};

use super::documents::Document;
use super::session::Server;
use super::transport::Incoming;
use crate::diagnostic::Diagnostic;
use crate::language::Language;
use crate::linter::{FileReport, Linter};
use crate::project::{ModuleFacts, ProjectIndex};
use crate::report::ReportOptions;
use crate::settings::Settings;

/// Something for the main loop.
pub enum Event {
    Incoming(Incoming),
    /// A response computed by a worker.
    Respond(Response),
    /// A lint finished.
    Linted {
        uri: Uri,
        ticket: u64,
        report: Box<FileReport>,
    },
    /// A folder's files on disk were indexed.
    Indexed {
        root: PathBuf,
        project: Arc<ProjectIndex>,
        facts: std::collections::HashMap<String, ModuleFacts>,
    },
    /// One file on disk said this about its module.
    DiskFacts {
        root: PathBuf,
        module: String,
        facts: ModuleFacts,
    },
}

/// What a request does once the lint of the document's current text is in.
pub type Continuation = Box<dyn FnOnce(&mut Server, &Uri) + Send>;

/// A request waiting for the lint of the document's current text.
pub enum Waiting {
    Pull(RequestId, Option<String>),
    Then(RequestId, Continuation),
}

/// What the server knows about one open document beyond its text.
pub struct DocumentState {
    /// The ticket of the lint the current text needs; others are stale.
    pub latest: Arc<AtomicU64>,
    /// The last lint of the current ticket, settled.
    pub result: Option<Arc<LintResult>>,
    /// The linter and settings the document was last checked with (kept when the
    /// configuration breaks).
    pub linter: Option<(Arc<Linter>, Arc<Settings>)>,
    /// The module the document is, in its folder's project.
    pub module: Option<(PathBuf, String)>,
    pub waiting: Vec<Waiting>,
}

/// A finished lint of one version of a document.
pub struct LintResult {
    pub ticket: u64,
    pub version: i32,
    /// The text that was checked, and its lines.
    pub text: Arc<str>,
    pub index: Arc<super::positions::LineIndex>,
    pub linter: Option<Arc<Linter>>,
    /// The settings the document was checked with (its fixing settings among them).
    pub settings: Option<Arc<Settings>>,
    pub path: PathBuf,
    pub report: Arc<FileReport>,
    /// The report's diagnostics with its conditional ones that hold, in order.
    pub diagnostics: Vec<Diagnostic>,
    pub docs: ReportOptions,
}

impl Server {
    pub fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = self.path_of(&uri);
        let document = Document::new(
            params.text_document.text,
            params.text_document.version,
            path,
        );
        self.documents.open(uri.clone(), document);
        self.states.insert(
            uri.clone(),
            DocumentState {
                latest: Arc::new(AtomicU64::new(0)),
                result: None,
                linter: None,
                module: None,
                waiting: Vec::new(),
            },
        );
        self.schedule_lint(&uri);
    }

    pub fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding;
        let Some(document) = self.documents.get_mut(&uri) else {
            eprintln!(
                "pyexpert server: a change to {} which is not open",
                uri.as_str()
            );
            return;
        };
        document.apply(
            params.content_changes,
            params.text_document.version,
            encoding,
        );
        self.schedule_lint(&uri);
    }

    pub fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.close(&uri);
        if let Some(state) = self.states.remove(&uri) {
            // Lints still running for it are stale now.
            state.latest.store(u64::MAX, Ordering::Relaxed);
            if let Some((root, module)) = state.module {
                self.forget_open_module(&root, &module);
            }
            for waiting in state.waiting {
                let (Waiting::Pull(id, _) | Waiting::Then(id, _)) = waiting;
                self.respond_error(
                    id,
                    lsp_server::ErrorCode::InvalidParams,
                    "the document was closed".into(),
                );
            }
        }
        if !self.abilities.pull_diagnostics {
            self.publish(uri, Vec::new(), None);
        }
    }

    /// Starts a lint of the document's current text on a worker.
    pub fn schedule_lint(&mut self, uri: &Uri) {
        let Some(document) = self.documents.get(uri).cloned() else {
            return;
        };
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(state) = self.states.get(uri) else {
            return;
        };
        state.latest.store(ticket, Ordering::Relaxed);
        let latest = Arc::clone(&state.latest);
        let (linter, settings, display) = match self.linter_for(uri, &document.path) {
            Some(found) => found,
            None => {
                // Checking is off for it (disabled, excluded): an empty result.
                let result = LintResult {
                    ticket,
                    version: document.version,
                    text: Arc::clone(&document.text),
                    index: Arc::clone(&document.index),
                    linter: None,
                    settings: None,
                    path: document.path.clone(),
                    report: Arc::new(FileReport::clean(String::new())),
                    diagnostics: Vec::new(),
                    docs: ReportOptions::default(),
                };
                self.finish(uri.clone(), result);
                return;
            }
        };
        let events = self.events.clone();
        let uri = uri.clone();
        self.pool.spawn(move || {
            // A newer edit arrived while this waited: its own lint comes next.
            if latest.load(Ordering::Relaxed) != ticket {
                return;
            }
            // Python is checked from the editor's text as it is (its coding cookie has
            // done its work when the editor decoded the file); other files (a
            // pyproject.toml) as the bytes they would be saved as.
            let mut report = match linter.language_of(&document.path) {
                Language::Python | Language::Stub => {
                    linter.lint_text(document.text.to_string(), &document.path, display)
                }
                _ => linter.lint_contents(document.text.as_bytes(), &document.path, display),
            };
            settings.fix.strip_unfixable(&mut report);
            let _ = events.send(Event::Linted {
                uri,
                ticket,
                report: Box::new(report),
            });
        });
    }

    /// The linter for a document and the name it is reported under, or `None` when it is
    /// not to be checked (checking disabled, or the file excluded by its configuration).
    fn linter_for(
        &mut self,
        uri: &Uri,
        path: &Path,
    ) -> Option<(Arc<Linter>, Arc<Settings>, String)> {
        if !self.client.enable {
            return None;
        }
        // Notebooks come through notebook sync, which the server does not offer: a
        // notebook opened as text is its JSON, whose findings could not be placed.
        if crate::language::ExtensionMap::default().language_of_named(path) == Language::Notebook {
            return None;
        }
        let folder_index = self.folder_for(path)?;
        let injected = self.injected.clone();
        let folder = &mut self.workspace.folders[folder_index];
        let display = path
            .strip_prefix(&folder.root)
            .unwrap_or(path)
            .display()
            .to_string();
        let resolved = folder.resolver.settings_for_file(path);
        let (linter, settings) = match resolved {
            Ok(settings) => {
                if settings
                    .exclusions
                    .excludes_path_or_parent(path, &folder.root)
                {
                    return None;
                }
                let linter = folder.linter(&settings, &injected);
                self.last_error = None;
                (linter, settings)
            }
            Err(error) => {
                // The last good settings stay in force.
                let previous = self.states.get(uri).and_then(|s| s.linter.clone());
                self.show_error(error);
                previous?
            }
        };
        if let Some(state) = self.states.get_mut(uri) {
            state.linter = Some((Arc::clone(&linter), Arc::clone(&settings)));
        }
        Some((linter, settings, display))
    }

    pub fn on_worker_event(&mut self, event: Event) {
        match event {
            Event::Linted {
                uri,
                ticket,
                report,
            } => self.on_linted(uri, ticket, *report),
            Event::Indexed {
                root,
                project,
                facts,
            } => {
                if let Some(folder) = self.workspace.folders.iter_mut().find(|f| f.root == root) {
                    folder.set_index(project, facts);
                    self.relint_open(Some(&root));
                }
            }
            Event::DiskFacts {
                root,
                module,
                facts,
            } => {
                if let Some(folder) = self.workspace.folders.iter_mut().find(|f| f.root == root) {
                    folder.set_disk_facts(module, facts);
                    self.settle_open(&root, None);
                }
            }
            Event::Incoming(_) | Event::Respond(_) => {}
        }
    }

    fn on_linted(&mut self, uri: Uri, ticket: u64, report: FileReport) {
        let Some(state) = self.states.get(&uri) else {
            return;
        };
        if state.latest.load(Ordering::Relaxed) != ticket {
            return;
        }
        let Some(document) = self.documents.get(&uri) else {
            return;
        };
        let (linter, settings) = state.linter.clone().unzip();
        let path = document.path.clone();
        let mut result = LintResult {
            ticket,
            version: document.version,
            text: Arc::clone(&document.text),
            index: Arc::clone(&document.index),
            linter,
            settings,
            path: path.clone(),
            report: Arc::new(report),
            diagnostics: Vec::new(),
            docs: ReportOptions {
                docs_url: self.client.docs_url.clone(),
                ..ReportOptions::default()
            },
        };
        // The document's facts, for the other modules' conditional findings.
        let mut facts_changed = None;
        if let (Some(module), Some(folder_index)) = (
            result.report.module.clone(),
            self.workspace.folder_of(&path),
        ) {
            let folder = &mut self.workspace.folders[folder_index];
            if folder.set_open_facts(&module, result.report.facts.clone()) {
                facts_changed = Some(folder.root.clone());
            }
            if let Some(state) = self.states.get_mut(&uri) {
                state.module = Some((folder.root.clone(), module));
            }
        }
        result.diagnostics = self.settled(&path, &result.report);
        self.finish(uri.clone(), result);
        if let Some(root) = facts_changed {
            self.settle_open(&root, Some(&uri));
        }
    }

    /// The report's diagnostics and the conditional ones that hold in the folder's project.
    fn settled(&mut self, path: &Path, report: &FileReport) -> Vec<Diagnostic> {
        let mut diagnostics = report.diagnostics.clone();
        if !report.pending.is_empty() {
            if let Some(folder_index) = self.workspace.folder_of(path) {
                let facts = self.workspace.folders[folder_index].facts();
                diagnostics.extend(
                    report
                        .pending
                        .iter()
                        .filter(|(_, condition)| facts.holds(condition))
                        .map(|(diagnostic, _)| diagnostic.clone()),
                );
            }
            diagnostics.sort_by(|a, b| (a.start, a.code(), a.end).cmp(&(b.start, b.code(), b.end)));
        }
        diagnostics
    }

    /// Keeps a finished lint, publishes it (push clients), and runs what waited for it.
    fn finish(&mut self, uri: Uri, result: LintResult) {
        let result = Arc::new(result);
        let Some(state) = self.states.get_mut(&uri) else {
            return;
        };
        state.result = Some(Arc::clone(&result));
        let waiting = std::mem::take(&mut state.waiting);
        if !self.abilities.pull_diagnostics {
            let diagnostics = self.lsp_diagnostics(&result);
            self.publish(uri.clone(), diagnostics, Some(result.version));
        }
        for waiting in waiting {
            match waiting {
                Waiting::Pull(id, previous) => self.answer_pull(id, previous, &result),
                Waiting::Then(_, then) => then(self, &uri),
            }
        }
    }

    pub fn lsp_diagnostics(&self, result: &LintResult) -> Vec<lsp_types::Diagnostic> {
        result
            .diagnostics
            .iter()
            .map(|d| {
                super::diagnostics::to_lsp(
                    d,
                    &result.text,
                    &result.index,
                    self.encoding,
                    result.version,
                    &result.docs,
                )
            })
            .collect()
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<notify::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    /// Settles open documents of a folder again (another module's facts changed), without
    /// linting them; `except` was just published.
    fn settle_open(&mut self, root: &Path, except: Option<&Uri>) {
        let uris: Vec<Uri> =
            self.states
                .iter()
                .filter(|(uri, state)| {
                    Some(*uri) != except
                        && state.result.as_ref().is_some_and(|r| {
                            r.path.starts_with(root) && !r.report.pending.is_empty()
                        })
                })
                .map(|(uri, _)| uri.clone())
                .collect();
        let mut changed = false;
        for uri in uris {
            let Some(previous) = self.states.get(&uri).and_then(|s| s.result.clone()) else {
                continue;
            };
            let diagnostics = self.settled(&previous.path, &previous.report);
            let same = diagnostics.len() == previous.diagnostics.len()
                && diagnostics
                    .iter()
                    .zip(&previous.diagnostics)
                    .all(|(a, b)| a.code() == b.code() && a.range == b.range);
            if same {
                continue;
            }
            changed = true;
            let result = LintResult {
                ticket: previous.ticket,
                version: previous.version,
                text: Arc::clone(&previous.text),
                index: Arc::clone(&previous.index),
                linter: previous.linter.clone(),
                settings: previous.settings.clone(),
                path: previous.path.clone(),
                report: Arc::clone(&previous.report),
                diagnostics,
                docs: previous.docs.clone(),
            };
            self.finish(uri, result);
        }
        if changed && self.abilities.pull_diagnostics {
            self.refresh_pulls();
        }
    }

    fn forget_open_module(&mut self, root: &Path, module: &str) {
        if let Some(folder) = self.workspace.folders.iter_mut().find(|f| f.root == root) {
            if folder.close_module(module) {
                let root = root.to_path_buf();
                self.settle_open(&root, None);
            }
        }
    }

    /// Lints every open document again (of one folder, or all).
    pub fn relint_open(&mut self, root: Option<&Path>) {
        let uris: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| root.is_none_or(|root| d.path.starts_with(root)))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in &uris {
            self.schedule_lint(uri);
        }
        if self.abilities.pull_diagnostics && !uris.is_empty() {
            self.refresh_pulls();
        }
    }

    fn refresh_pulls(&mut self) {
        if self.abilities.diagnostic_refresh {
            self.request::<lsp_types::request::WorkspaceDiagnosticRefresh>(());
        }
    }
}
