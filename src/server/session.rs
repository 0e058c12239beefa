//! The main loop: the initialisation handshake, then every event in arrival order. The
//! loop owns all state and never waits for a lint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification as notify, request as req, ClientCapabilities, CodeActionKind, CodeActionOptions,
    CodeActionProviderCapability, DiagnosticOptions, DiagnosticServerCapabilities,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType, SaveOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkDoneProgressOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::documents::Documents;
use super::linting::{DocumentState, Event};
use super::pool::Pool;
use super::positions::Encoding;
use super::settings::ClientSettings;
use super::transport::{self, Incoming, Outgoing};
use super::workspace::Workspace;

/// The code action kind of "fix everything pyexpert can fix safely".
pub const FIX_ALL_KIND: &str = "source.fixAll.pyexpert";

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Default)]
pub struct ClientAbilities {
    /// Asks for diagnostics itself (`textDocument/diagnostic`): nothing is pushed.
    pub pull_diagnostics: bool,
    /// Can be asked to pull again (`workspace/diagnostic/refresh`).
    pub diagnostic_refresh: bool,
    /// Lets the server register file watchers.
    pub dynamic_watchers: bool,
    /// Resolves code actions lazily: their edits are computed on `codeAction/resolve`.
    pub resolve_code_actions: bool,
}

/// Everything the main loop knows.
pub struct Server {
    pub out: Sender<Outgoing>,
    pub events: Sender<Event>,
    pub pool: Pool,
    pub encoding: Encoding,
    pub abilities: ClientAbilities,
    pub client: ClientSettings,
    pub documents: Documents,
    pub states: HashMap<Uri, DocumentState>,
    pub workspace: Workspace,
    /// Requests not answered yet, each with the flag that tells its worker to give up.
    pub in_flight: HashMap<RequestId, Arc<AtomicBool>>,
    /// Tickets for lints, one counter for all documents (a document's latest ticket is in
    /// its state).
    pub tickets: Arc<AtomicU64>,
    pub shutdown: bool,
    /// The last error shown to the user, so a broken configuration file is one message,
    /// not one per keystroke.
    pub last_error: Option<String>,
    /// Rules a test build injects (see `fault_injection.rs`), read once.
    pub injected: Vec<&'static dyn crate::rule::Rule>,
    next_request: i32,
}

pub fn run() -> Result<u8, String> {
    let (events, inbox) = crossbeam_channel::unbounded::<Event>();
    let (out, outbox) = crossbeam_channel::unbounded::<Outgoing>();
    let reader_events = events.clone();
    std::thread::Builder::new()
        .name("pyexpert-server-reader".into())
        .spawn(move || transport::read_loop(std::io::stdin().lock(), reader_events))
        .map_err(|e| format!("cannot start the reader thread: {e}"))?;
    std::thread::Builder::new()
        .name("pyexpert-server-writer".into())
        .spawn(move || transport::write_loop(std::io::stdout().lock(), outbox))
        .map_err(|e| format!("cannot start the writer thread: {e}"))?;
    // A rule that panics is reported as PX0003 on its document; the default hook's
    // backtrace would only fill the client's log.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("pyexpert server: {info}");
    }));
    let Some(params) = handshake(&inbox, &out)? else {
        return Ok(1);
    };
    let threads = crate::run::thread_count(None).clamp(2, 4);
    let mut server = Server::new(params, out, events, Pool::new(threads)?);
    server.main_loop(&inbox)
}

impl From<Incoming> for Event {
    fn from(incoming: Incoming) -> Event {
        Event::Incoming(incoming)
    }
}

/// Waits for `initialize` and answers it; `None` when the client leaves first.
fn handshake(
    inbox: &Receiver<Event>,
    out: &Sender<Outgoing>,
) -> Result<Option<(RequestId, InitializeParams)>, String> {
    for event in inbox {
        let Event::Incoming(incoming) = event else {
            continue;
        };
        match incoming {
            Incoming::Closed => return Ok(None),
            Incoming::Malformed { id, code, reason } => {
                let _ = out.send(Outgoing::Raw(transport::error_answer(id, code, &reason)));
            }
            Incoming::Message(Message::Request(request))
                if request.method == req::Initialize::METHOD =>
            {
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => return Ok(Some((request.id, params))),
                    Err(error) => send_error(
                        out,
                        request.id,
                        ErrorCode::InvalidParams,
                        format!("invalid initialize parameters: {error}"),
                    ),
                }
            }
            Incoming::Message(Message::Request(request)) => send_error(
                out,
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".into(),
            ),
            Incoming::Message(Message::Notification(n)) if n.method == notify::Exit::METHOD => {
                return Ok(None)
            }
            Incoming::Message(_) => {}
        }
    }
    Ok(None)
}

pub fn send_error(out: &Sender<Outgoing>, id: RequestId, code: ErrorCode, message: String) {
    let _ = out.send(Outgoing::Message(Message::Response(Response::new_err(
        id,
        code as i32,
        message,
    ))));
}

fn abilities(capabilities: &ClientCapabilities) -> ClientAbilities {
    let text = capabilities.text_document.as_ref();
    let workspace = capabilities.workspace.as_ref();
    ClientAbilities {
        pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
        diagnostic_refresh: workspace
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        dynamic_watchers: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        resolve_code_actions: text
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
    }
}

fn capabilities(encoding: Encoding, abilities: &ClientAbilities) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::from(FIX_ALL_KIND.to_string()),
            ]),
            resolve_provider: Some(abilities.resolve_code_actions),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        diagnostic_provider: abilities.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("pyexpert".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The folders a client names: its workspace folders, else its root.
#[allow(deprecated)]
fn initial_folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|f| super::uri::to_path(&f.uri))
            .collect();
    }
    if let Some(root) = params.root_uri.as_ref().and_then(super::uri::to_path) {
        return vec![root];
    }
    params
        .root_path
        .as_ref()
        .map(PathBuf::from)
        .into_iter()
        .collect()
}

impl Server {
    fn new(
        (id, params): (RequestId, InitializeParams),
        out: Sender<Outgoing>,
        events: Sender<Event>,
        pool: Pool,
    ) -> Server {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let abilities = abilities(&params.capabilities);
        let mut startup_errors = Vec::new();
        let client = match ClientSettings::from_value(params.initialization_options.as_ref()) {
            Ok(client) => client,
            Err(error) => {
                startup_errors.push(error);
                ClientSettings::default()
            }
        };
        let result = InitializeResult {
            capabilities: capabilities(encoding, &abilities),
            server_info: Some(ServerInfo {
                name: "pyexpert".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        let _ = out.send(Outgoing::Message(Message::Response(Response::new_ok(
            id, result,
        ))));
        let mut server = Server {
            out,
            events,
            pool,
            encoding,
            abilities,
            client,
            documents: Documents::default(),
            states: HashMap::new(),
            workspace: Workspace::default(),
            in_flight: HashMap::new(),
            tickets: Arc::new(AtomicU64::new(0)),
            shutdown: false,
            last_error: None,
            injected: crate::commands::injected_rules(),
            next_request: 0,
        };
        for root in initial_folders(&params) {
            if let Err(error) = server.workspace.add(root, &server.client) {
                startup_errors.push(error);
            }
        }
        for error in startup_errors {
            server.show_error(error);
        }
        server
    }

    fn main_loop(&mut self, inbox: &Receiver<Event>) -> Result<u8, String> {
        for event in inbox {
            match event {
                Event::Incoming(Incoming::Closed) => return Ok(1),
                Event::Incoming(Incoming::Malformed { id, code, reason }) => {
                    let _ = self
                        .out
                        .send(Outgoing::Raw(transport::error_answer(id, code, &reason)));
                }
                Event::Incoming(Incoming::Message(Message::Request(request))) => {
                    self.on_request(request)
                }
                Event::Incoming(Incoming::Message(Message::Notification(notification))) => {
                    if notification.method == notify::Exit::METHOD {
                        return Ok(if self.shutdown { 0 } else { 1 });
                    }
                    self.on_notification(notification);
                }
                // Answers to the server's own requests (registrations, refreshes).
                Event::Incoming(Incoming::Message(Message::Response(_))) => {}
                Event::Respond(response) => self.respond(response),
                other => self.on_worker_event(other),
            }
        }
        Ok(1)
    }

    fn on_request(&mut self, request: Request) {
        if self.shutdown {
            send_error(
                &self.out,
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            );
            return;
        }
        let cancelled = Arc::new(AtomicBool::new(false));
        self.in_flight
            .insert(request.id.clone(), Arc::clone(&cancelled));
        match request.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                self.respond(Response::new_ok(request.id, ()));
            }
            req::Initialize::METHOD => self.respond_error(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is initialized already".into(),
            ),
            req::DocumentDiagnosticRequest::METHOD => self.pull_diagnostics(request),
            req::HoverRequest::METHOD => self.hover(request),
            req::CodeActionRequest::METHOD => self.code_action(request, cancelled),
            req::CodeActionResolveRequest::METHOD => self.resolve_code_action(request, cancelled),
            method => self.respond_error(
                request.id,
                ErrorCode::MethodNotFound,
                format!("pyexpert does not handle `{method}`"),
            ),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let outcome = match method.as_str() {
            notify::Initialized::METHOD => {
                self.register_watchers();
                self.index_all();
                Ok(())
            }
            notify::DidOpenTextDocument::METHOD => {
                parse(notification).map(|params| self.did_open(params))
            }
            notify::DidChangeTextDocument::METHOD => {
                parse(notification).map(|params| self.did_change(params))
            }
            notify::DidSaveTextDocument::METHOD => {
                parse(notification).map(|params| self.did_save(params))
            }
            notify::DidCloseTextDocument::METHOD => {
                parse(notification).map(|params| self.did_close(params))
            }
            notify::DidChangeConfiguration::METHOD => {
                parse(notification).map(|params| self.did_change_configuration(params))
            }
            notify::DidChangeWatchedFiles::METHOD => {
                parse(notification).map(|params| self.did_change_watched_files(params))
            }
            notify::DidChangeWorkspaceFolders::METHOD => {
                parse(notification).map(|params| self.did_change_folders(params))
            }
            notify::Cancel::METHOD => parse(notification).map(|params| self.cancel(params)),
            // Notifications the server need not understand ($/setTrace, ...).
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            eprintln!("pyexpert server: ignored `{method}`: {error}");
        }
    }

    /// Sends a response, unless the request was cancelled (and answered) meanwhile.
    pub fn respond(&mut self, response: Response) {
        if self.in_flight.remove(&response.id).is_some() {
            let _ = self
                .out
                .send(Outgoing::Message(Message::Response(response)));
        }
    }

    pub fn respond_error(&mut self, id: RequestId, code: ErrorCode, message: String) {
        self.respond(Response::new_err(id, code as i32, message));
    }

    fn cancel(&mut self, params: lsp_types::CancelParams) {
        let id = match params.id {
            lsp_types::NumberOrString::Number(number) => RequestId::from(number),
            lsp_types::NumberOrString::String(text) => RequestId::from(text),
        };
        if let Some(flag) = self.in_flight.get(&id) {
            flag.store(true, Ordering::Relaxed);
            self.respond_error(
                id,
                ErrorCode::RequestCanceled,
                "cancelled by the client".into(),
            );
        }
    }

    pub fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let _ = self
            .out
            .send(Outgoing::Message(Message::Notification(Notification::new(
                N::METHOD.to_string(),
                params,
            ))));
    }

    pub fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) {
        self.next_request += 1;
        let id = RequestId::from(format!("pyexpert-{}", self.next_request));
        let _ = self
            .out
            .send(Outgoing::Message(Message::Request(Request::new(
                id,
                R::METHOD.to_string(),
                params,
            ))));
    }

    /// Shows an error once (until a different one, or a success, comes).
    pub fn show_error(&mut self, message: String) {
        if self.last_error.as_deref() == Some(message.as_str()) {
            return;
        }
        eprintln!("pyexpert server: {message}");
        self.notify::<notify::ShowMessage>(ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("pyexpert: {message}"),
        });
        self.last_error = Some(message);
    }

    /// Watches configuration files (and Python files, for the project's facts) when the
    /// client lets the server register watchers.
    fn register_watchers(&mut self) {
        if !self.abilities.dynamic_watchers {
            return;
        }
        let watcher = |glob: &str| lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String(glob.to_string()),
            kind: None,
        };
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                watcher("**/pyproject.toml"),
                watcher("**/pyexpert.toml"),
                watcher("**/*.py"),
            ],
        };
        self.request::<req::RegisterCapability>(lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "pyexpert-watched-files".into(),
                method: notify::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        });
    }

    /// The path a document is checked as: its own, or (not a file) a file of its name in
    /// the first workspace folder.
    pub fn path_of(&self, uri: &Uri) -> PathBuf {
        if let Some(path) = super::uri::to_path(uri) {
            return path;
        }
        let base = self.workspace.folders.first().map_or_else(
            || std::env::current_dir().unwrap_or_default(),
            |f| f.root.clone(),
        );
        base.join(super::uri::file_name(uri))
    }

    /// The folder index of `path`, adding its directory as a folder when no workspace
    /// folder holds it (not indexed: that could be a whole home directory).
    pub fn folder_for(&mut self, path: &Path) -> Option<usize> {
        if let Some(index) = self.workspace.folder_of(path) {
            return Some(index);
        }
        let directory = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        match self.workspace.add(directory, &self.client) {
            Ok(index) => Some(index),
            Err(error) => {
                self.show_error(error);
                None
            }
        }
    }
}

fn parse<P: serde::de::DeserializeOwned>(notification: Notification) -> Result<P, String> {
    serde_json::from_value(notification.params).map_err(|e| e.to_string())
}
