//! Code actions, all built on the fix engine (`crate::fix`):
//!
//! - per finding with a fix, the fix as a `quickfix` (its edits applied alone, with the
//!   imports it leaves unused), unsafe ones only when the editor's `unsafeFixes` (or the
//!   configuration's `unsafe-fixes`) is on, titled "... (unsafe)";
//! - per finding, "Disable PXnnnn for this line" (merged into an existing `# noqa: ...`,
//!   as `--add-noqa` writes it);
//! - `source.fixAll.pyexpert`: what `lint --fix` makes of the document's text with its
//!   configuration (the engine's passes, re-linting in between), as one edit.
//!
//! With a client that resolves lazily, actions are listed without their edits, which
//! `codeAction/resolve` computes (the fix-all passes above all).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use lsp_server::{ErrorCode, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use rustpython_parser::text_size::TextRange;
use serde::{Deserialize, Serialize};

use super::linting::{Event, LintResult};
use super::positions::Encoding;
use super::session::{Server, FIX_ALL_KIND};
use crate::diagnostic::Diagnostic;
use crate::fix::engine::{self, Destination};
use crate::fix::{Applicability, FixMode};
use crate::linter::FileReport;
use crate::project::ProjectFacts;

/// Which action, as its `data` carries it to `codeAction/resolve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Action {
    /// The finding's own fix.
    Fix { code: String, start: u32, end: u32 },
    /// `# noqa: CODE` on the finding's line.
    Disable { code: String, start: u32, end: u32 },
    /// Every fix `lint --fix` applies.
    FixAll,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ActionData {
    uri: Uri,
    /// The version of the document the action was computed for: a resolve for another
    /// text is stale (a lint of the same text again, after new settings or the index,
    /// is not).
    version: i32,
    #[serde(flatten)]
    action: Action,
}

/// What computing actions needs, copied out of the server.
#[derive(Clone)]
struct Context {
    encoding: Encoding,
    resolve_lazily: bool,
    /// The editor's `unsafeFixes`.
    unsafe_fixes: bool,
    /// The project's facts, to settle each fixed text's conditional findings as
    /// `lint --fix` does.
    facts: Arc<ProjectFacts>,
}

impl Server {
    pub fn spawn_code_actions(
        &mut self,
        id: RequestId,
        params: CodeActionParams,
        result: Arc<LintResult>,
        cancelled: Arc<AtomicBool>,
    ) {
        let context = self.action_context(&result);
        let events = self.events.clone();
        self.pool.spawn(move || {
            if cancelled.load(Ordering::Relaxed) {
                return;
            }
            let actions = actions(&params, &result, &context);
            let _ = events.send(Event::Respond(Response::new_ok(id, actions)));
        });
    }

    pub fn spawn_resolve(
        &mut self,
        id: RequestId,
        mut action: CodeAction,
        cancelled: Arc<AtomicBool>,
    ) {
        let data = action
            .data
            .clone()
            .and_then(|data| serde_json::from_value::<ActionData>(data).ok());
        let Some(data) = data else {
            self.respond_error(
                id,
                ErrorCode::InvalidParams,
                "not a code action of pyexpert's (its data is missing or unknown)".into(),
            );
            return;
        };
        let current = self
            .states
            .get(&data.uri)
            .and_then(|state| state.result.clone())
            .filter(|result| result.version == data.version)
            .filter(|_| {
                self.documents
                    .get(&data.uri)
                    .is_some_and(|document| document.version == data.version)
            });
        let Some(result) = current else {
            self.respond_error(
                id,
                ErrorCode::ContentModified,
                "the document changed since the action was offered".into(),
            );
            return;
        };
        let context = self.action_context(&result);
        let events = self.events.clone();
        self.pool.spawn(move || {
            if cancelled.load(Ordering::Relaxed) {
                return;
            }
            action.edit =
                edit(&data.action, &result, &context).map(|edits| workspace_edit(&data.uri, edits));
            let _ = events.send(Event::Respond(Response::new_ok(id, action)));
        });
    }
}

impl Server {
    fn action_context(&mut self, result: &LintResult) -> Context {
        let facts = match self.workspace.folder_of(&result.path) {
            Some(folder) => self.workspace.folders[folder].facts(),
            None => Arc::new(ProjectFacts::new(HashMap::new())),
        };
        Context {
            encoding: self.encoding,
            resolve_lazily: self.abilities.resolve_code_actions,
            unsafe_fixes: self.client.unsafe_fixes,
            facts,
        }
    }
}

fn actions(
    params: &CodeActionParams,
    result: &LintResult,
    context: &Context,
) -> Vec<CodeActionOrCommand> {
    // A kind asked for covers its subkinds: `only: ["source.fixAll"]` (what format-on-save
    // setups send) asks for ours too.
    let wants = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|asked| kind.as_str().starts_with(asked.as_str()))
        })
    };
    let mut actions = Vec::new();
    let uri = &params.text_document.uri;
    let fix_all = CodeActionKind::from(FIX_ALL_KIND.to_string());
    if wants(&fix_all) && has_fix_to_apply(result) {
        actions.push(offer(
            "Fix all fixable pyexpert findings".to_string(),
            fix_all,
            None,
            Action::FixAll,
            uri,
            result,
            context,
        ));
    }
    if !wants(&CodeActionKind::QUICKFIX) {
        return actions;
    }
    let requested = result
        .index
        .text_range(params.range, &result.text, context.encoding);
    let mut quick_fixes = Vec::new();
    let mut disables = Vec::new();
    for diagnostic in overlapping(&result.diagnostics, requested, result) {
        let lsp = super::diagnostics::to_lsp(
            diagnostic,
            &result.text,
            &result.index,
            context.encoding,
            result.version,
            &result.docs,
        );
        let range = super::diagnostics::byte_range(diagnostic, &result.text, &result.index);
        if let Some(fix) = &diagnostic.fix {
            let applicability = fix.fix.applicability;
            let offered = applicability == Applicability::Safe
                || (applicability == Applicability::Unsafe && unsafe_allowed(result, context));
            if offered {
                let mut title = sentence(&fix.fix.message);
                if applicability == Applicability::Unsafe {
                    title.push_str(" (unsafe)");
                }
                let action = Action::Fix {
                    code: diagnostic.code().to_string(),
                    start: range.start().into(),
                    end: range.end().into(),
                };
                let mut offered = offer(
                    title,
                    CodeActionKind::QUICKFIX,
                    Some(vec![lsp.clone()]),
                    action,
                    uri,
                    result,
                    context,
                );
                if let CodeActionOrCommand::CodeAction(action) = &mut offered {
                    action.is_preferred = Some(applicability == Applicability::Safe);
                }
                quick_fixes.push(offered);
            }
        }
        if suppressible(diagnostic) {
            let action = Action::Disable {
                code: diagnostic.code().to_string(),
                start: range.start().into(),
                end: range.end().into(),
            };
            let title = format!("Disable {} for this line", diagnostic.code());
            disables.push(offer(
                title,
                CodeActionKind::QUICKFIX,
                Some(vec![lsp]),
                action,
                uri,
                result,
                context,
            ));
        }
    }
    // Fixes first: they are what a user usually wants.
    quick_fixes.extend(disables);
    quick_fixes.extend(actions);
    quick_fixes
}

/// Unsafe fixes are offered when the editor or the configuration turns them on.
fn unsafe_allowed(result: &LintResult, context: &Context) -> bool {
    context.unsafe_fixes
        || result
            .settings
            .as_ref()
            .is_some_and(|s| s.fix.unsafe_fixes == Some(true))
}

/// Whether `lint --fix` would change the document.
fn has_fix_to_apply(result: &LintResult) -> bool {
    let Some(settings) = &result.settings else {
        return false;
    };
    if !engine_reads_as_is(&result.text) {
        return false;
    }
    result.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| settings.fix.applies(d.code(), f.fix.applicability))
    })
}

/// A fix's message as a title: `replace the list...` becomes `Replace the list...`.
fn sentence(message: &str) -> String {
    let mut characters = message.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// The action, with its edit or (for a client that resolves) the data to compute it.
fn offer(
    title: String,
    kind: CodeActionKind,
    diagnostics: Option<Vec<lsp_types::Diagnostic>>,
    action: Action,
    uri: &Uri,
    result: &LintResult,
    context: &Context,
) -> CodeActionOrCommand {
    let data = ActionData {
        uri: uri.clone(),
        version: result.version,
        action,
    };
    let edit = if context.resolve_lazily {
        None
    } else {
        edit(&data.action, result, context).map(|edits| workspace_edit(uri, edits))
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics,
        edit,
        command: None,
        is_preferred: None,
        disabled: None,
        data: serde_json::to_value(&data).ok(),
    })
}

/// The findings whose range touches `range` (a cursor touches a finding it is in or at
/// either end of).
fn overlapping<'r>(
    diagnostics: &'r [Diagnostic],
    range: TextRange,
    result: &'r LintResult,
) -> impl Iterator<Item = &'r Diagnostic> {
    diagnostics.iter().filter(move |d| {
        let own = super::diagnostics::byte_range(d, &result.text, &result.index);
        own.start() <= range.end() && range.start() <= own.end()
    })
}

/// Whether a `# noqa` can silence it: the tool's own diagnostics (a file that does not
/// parse) cannot, and an unused directive is removed, not extended.
fn suppressible(diagnostic: &Diagnostic) -> bool {
    !diagnostic.rule.is_tool()
}

/// The edits an action makes to the text it was computed from.
fn edit(action: &Action, result: &LintResult, context: &Context) -> Option<Vec<TextEdit>> {
    let encoding = context.encoding;
    match action {
        Action::Fix { code, start, end } => {
            let diagnostic = result.diagnostics.iter().find(|d| {
                let range = super::diagnostics::byte_range(d, &result.text, &result.index);
                d.code() == code
                    && u32::from(range.start()) == *start
                    && u32::from(range.end()) == *end
            })?;
            let fix = diagnostic.fix.as_ref()?;
            Some(
                fix.shown
                    .iter()
                    .map(|shown| TextEdit {
                        range: result.index.range(shown.edit.range, &result.text, encoding),
                        new_text: shown.edit.content.clone(),
                    })
                    .collect(),
            )
        }
        Action::FixAll => {
            let fixed = fix_all(result, &context.facts)?;
            (fixed != *result.text)
                .then(|| vec![minimal_edit(&result.text, &fixed, result, encoding)])
        }
        Action::Disable { code, start, .. } => {
            let line = result.index.line_of(*start as usize) as u32 + 1;
            let by_line = BTreeMap::from([(line, vec![code.as_str()])]);
            let (new_text, added, _) = crate::add_noqa::with_directives(&result.text, &by_line);
            (added > 0).then(|| vec![minimal_edit(&result.text, &new_text, result, encoding)])
        }
    }
}

/// The document's text after `lint --fix`: the fix engine's passes over the text, each
/// fixed text linted again and its conditional findings settled with the project's facts.
fn fix_all(result: &LintResult, facts: &ProjectFacts) -> Option<String> {
    let linter = result.linter.as_ref()?;
    let settings = result.settings.as_ref()?;
    let mut fix_settings = settings.fix.clone();
    fix_settings.mode = FixMode::Apply;
    let mut first: FileReport = FileReport::clone(&result.report);
    first.diagnostics = result.diagnostics.clone();
    first.pending.clear();
    let settle = |report: &mut FileReport| {
        settings.fix.strip_unfixable(report);
        crate::linter::settle_report(report, facts);
    };
    let fixed = engine::fix_file(
        linter,
        &fix_settings,
        &result.path,
        result.text.as_bytes(),
        first,
        Destination::Memory,
        &settle,
    );
    let bytes = fixed.fixes.and_then(|fixes| fixes.bytes)?;
    String::from_utf8(bytes).ok()
}

/// Whether the fix engine, which starts from a file's bytes, reads the editor's text as
/// the editor has it: not so for a text whose coding cookie names another encoding
/// (`# -*- coding: latin-1 -*-` over non-ASCII text), which gets no fix-all rather than a
/// wrong one.
fn engine_reads_as_is(text: &str) -> bool {
    crate::source::decode(text.as_bytes()).is_ok_and(|decoded| decoded == text)
}

/// One edit turning `old` into `new`: the span between their common prefix and suffix.
fn minimal_edit(old: &str, new: &str, result: &LintResult, encoding: Encoding) -> TextEdit {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((at, _), _)| at);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let old_end = old.len() - suffix;
    let new_end = new.len() - suffix;
    let range = TextRange::new((prefix as u32).into(), (old_end as u32).into());
    TextEdit {
        range: result.index.range(range, old, encoding),
        new_text: new[prefix..new_end].to_string(),
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        document_changes: None,
        change_annotations: None,
    }
}
