//! Requests about one document: pull diagnostics, hover, code actions. Each needs the lint
//! of the document's current text; a request that arrives before it is done waits for it.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use lsp_server::{ErrorCode, Request, RequestId, Response};
use lsp_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, HoverParams, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport, Uri,
};

use super::linting::{LintResult, Waiting};
use super::session::Server;

impl Server {
    /// The current lint of `uri`, or `None` (with the request answered or queued).
    pub fn when_linted(
        &mut self,
        id: &RequestId,
        uri: &Uri,
        then: impl FnOnce(&mut Server, Arc<LintResult>) + Send + 'static,
    ) {
        let Some(state) = self.states.get_mut(uri) else {
            self.respond_error(
                id.clone(),
                ErrorCode::InvalidParams,
                format!("{} is not an open document", uri.as_str()),
            );
            return;
        };
        let current = state
            .result
            .as_ref()
            .filter(|r| r.ticket == state.latest.load(std::sync::atomic::Ordering::Relaxed));
        match current {
            Some(result) => {
                let result = Arc::clone(result);
                then(self, result);
            }
            None => {
                let continuation: super::linting::Continuation = Box::new(move |server, uri| {
                    if let Some(result) = server.states.get(uri).and_then(|s| s.result.clone()) {
                        then(server, result);
                    }
                });
                state.waiting.push(Waiting::Then(id.clone(), continuation));
            }
        }
    }

    pub fn pull_diagnostics(&mut self, request: Request) {
        let Some((id, params)) = self.extract::<DocumentDiagnosticParams>(request) else {
            return;
        };
        let uri = params.text_document.uri;
        let previous = params.previous_result_id;
        let Some(state) = self.states.get_mut(&uri) else {
            self.respond_error(
                id,
                ErrorCode::InvalidParams,
                format!("{} is not an open document", uri.as_str()),
            );
            return;
        };
        let latest = state.latest.load(std::sync::atomic::Ordering::Relaxed);
        match state.result.clone().filter(|r| r.ticket == latest) {
            Some(result) => self.answer_pull(id, previous, &result),
            None => state.waiting.push(Waiting::Pull(id, previous)),
        }
    }

    pub fn answer_pull(&mut self, id: RequestId, previous: Option<String>, result: &LintResult) {
        let items = self.lsp_diagnostics(result);
        // The same diagnostics are the same result, whichever lint produced them.
        let result_id = {
            use std::hash::{Hash, Hasher};
            let mut hasher = rustc_hash::FxHasher::default();
            serde_json::to_string(&items)
                .unwrap_or_default()
                .hash(&mut hasher);
            format!("{:016x}", hasher.finish())
        };
        let report = if previous.as_deref() == Some(result_id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        };
        self.respond(Response::new_ok(
            id,
            DocumentDiagnosticReportResult::Report(report),
        ));
    }

    pub fn hover(&mut self, request: Request) {
        let Some((id, params)) = self.extract::<HoverParams>(request) else {
            return;
        };
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let encoding = self.encoding;
        let answer_id = id.clone();
        self.when_linted(&id, &uri, move |server, result| {
            let offset = result.index.offset(position, &result.text, encoding);
            let hover = super::hover::hover(
                offset,
                &result.text,
                &result.index,
                encoding,
                &result.diagnostics,
            );
            server.respond(Response::new_ok(answer_id, hover));
        });
    }

    pub fn code_action(&mut self, request: Request, cancelled: Arc<AtomicBool>) {
        let Some((id, params)) = self.extract::<lsp_types::CodeActionParams>(request) else {
            return;
        };
        let uri = params.text_document.uri.clone();
        let answer_id = id.clone();
        self.when_linted(&id, &uri, move |server, result| {
            server.spawn_code_actions(answer_id, params, result, cancelled);
        });
    }

    pub fn resolve_code_action(&mut self, request: Request, cancelled: Arc<AtomicBool>) {
        let Some((id, action)) = self.extract::<lsp_types::CodeAction>(request) else {
            return;
        };
        self.spawn_resolve(id, action, cancelled);
    }

    /// The request's parameters, or `None` with an error answered.
    pub fn extract<P: serde::de::DeserializeOwned>(
        &mut self,
        request: Request,
    ) -> Option<(RequestId, P)> {
        match serde_json::from_value(request.params) {
            Ok(params) => Some((request.id, params)),
            Err(error) => {
                self.respond_error(
                    request.id,
                    ErrorCode::InvalidParams,
                    format!("invalid parameters for `{}`: {error}", request.method),
                );
                None
            }
        }
    }
}
