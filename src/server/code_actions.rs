//! Code actions: per finding, "Disable PXnnnn for this line" (merged into an existing
//! `# noqa: ...`, as `--add-noqa` writes it). With a client that resolves lazily, actions
//! are listed without their edits, which `codeAction/resolve` computes.

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
use super::session::Server;
use crate::diagnostic::Diagnostic;

/// Which action, as its `data` carries it to `codeAction/resolve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Action {
    /// `# noqa: CODE` on the finding's line.
    Disable { code: String, start: u32, end: u32 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ActionData {
    uri: Uri,
    /// The lint the action was computed from: a resolve for another is stale.
    ticket: u64,
    #[serde(flatten)]
    action: Action,
}

/// What computing actions needs, copied out of the server.
#[derive(Clone)]
struct Context {
    encoding: Encoding,
    resolve_lazily: bool,
}

impl Server {
    pub fn spawn_code_actions(
        &mut self,
        id: RequestId,
        params: CodeActionParams,
        result: Arc<LintResult>,
        cancelled: Arc<AtomicBool>,
    ) {
        let context = Context {
            encoding: self.encoding,
            resolve_lazily: self.abilities.resolve_code_actions,
        };
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
            .filter(|result| result.ticket == data.ticket);
        let Some(result) = current else {
            self.respond_error(
                id,
                ErrorCode::ContentModified,
                "the document changed since the action was offered".into(),
            );
            return;
        };
        let encoding = self.encoding;
        let events = self.events.clone();
        self.pool.spawn(move || {
            if cancelled.load(Ordering::Relaxed) {
                return;
            }
            action.edit =
                edit(&data.action, &result, encoding).map(|edits| workspace_edit(&data.uri, edits));
            let _ = events.send(Event::Respond(Response::new_ok(id, action)));
        });
    }
}

fn actions(
    params: &CodeActionParams,
    result: &LintResult,
    context: &Context,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|asked| kind.as_str().starts_with(asked.as_str()))
        })
    };
    let mut actions = Vec::new();
    if !wants(&CodeActionKind::QUICKFIX) {
        return actions;
    }
    let requested = result
        .index
        .text_range(params.range, &result.text, context.encoding);
    let uri = &params.text_document.uri;
    for diagnostic in overlapping(&result.diagnostics, requested, result) {
        let lsp = super::diagnostics::to_lsp(
            diagnostic,
            &result.text,
            &result.index,
            context.encoding,
            result.version,
            &result.docs,
        );
        if suppressible(diagnostic) {
            let range = super::diagnostics::byte_range(diagnostic, &result.text, &result.index);
            let action = Action::Disable {
                code: diagnostic.code().to_string(),
                start: range.start().into(),
                end: range.end().into(),
            };
            let title = format!("Disable {} for this line", diagnostic.code());
            actions.push(offer(
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
    actions
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
        ticket: result.ticket,
        action,
    };
    let edit = if context.resolve_lazily {
        None
    } else {
        edit(&data.action, result, context.encoding).map(|edits| workspace_edit(uri, edits))
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
fn edit(action: &Action, result: &LintResult, encoding: Encoding) -> Option<Vec<TextEdit>> {
    match action {
        Action::Disable { code, start, .. } => {
            let line = result.index.line_of(*start as usize) as u32 + 1;
            let by_line = BTreeMap::from([(line, vec![code.as_str()])]);
            let (new_text, added, _) = crate::add_noqa::with_directives(&result.text, &by_line);
            (added > 0).then(|| vec![minimal_edit(&result.text, &new_text, result, encoding)])
        }
    }
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
