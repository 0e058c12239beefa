//! A minimal LSP client for the server tests: starts `pyexpert server`, speaks JSON-RPC
//! over its pipes, and keeps every message it has not been asked for yet.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one expected message may take (debug builds on a busy machine).
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Client {
    pub child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    /// Messages received but not yet asked for, in arrival order.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server in `cwd` with extra environment variables.
    pub fn start(cwd: &Path, env: &[(&str, &str)]) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pyexpert"));
        command
            .arg("server")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start pyexpert server");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (sender, inbox) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_frame(&mut reader) {
                let value: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            inbox,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts a server and initializes it with these client capabilities and options,
    /// for one workspace folder; returns the client and the initialize result.
    pub fn initialized(root: &Path, capabilities: Value, options: Value) -> (Client, Value) {
        Client::initialized_with(root, capabilities, options, &[])
    }

    pub fn initialized_with(
        root: &Path,
        capabilities: Value,
        options: Value,
        env: &[(&str, &str)],
    ) -> (Client, Value) {
        let mut client = Client::start(root, env);
        let response = client.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "root"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        let result = response["result"].clone();
        assert!(result.is_object(), "initialize failed: {response}");
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            m.get("method").is_none() && m["id"] == json!(id)
        })
    }

    /// The first message (received or to come) that `wanted` accepts.
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(PATIENCE, &wanted).unwrap_or_else(|| {
            panic!(
                "no {what} within {PATIENCE:?}; received: {:#?}",
                self.backlog
            )
        })
    }

    pub fn try_wait_for(
        &mut self,
        patience: Duration,
        wanted: &dyn Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(at) = self.backlog.iter().position(wanted) {
            return Some(self.backlog.remove(at));
        }
        let deadline = Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.inbox.recv_timeout(left) {
                Ok(message) => {
                    self.answer_server_request(&message);
                    if wanted(&message) {
                        return Some(message);
                    }
                    self.backlog.push(message);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    /// The server's own requests (registrations, refreshes) get an empty success.
    fn answer_server_request(&mut self, message: &Value) {
        if message.get("method").is_some() && message.get("id").is_some() {
            let id = message["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
    }

    /// The next `publishDiagnostics` for `uri` (of `version`, if given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let uri = uri.to_string();
        self.wait_for(
            &format!("diagnostics for {uri} (version {version:?})"),
            move |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == json!(uri)
                    && version.is_none_or(|v| m["params"]["version"] == json!(v))
            },
        )["params"]
            .clone()
    }

    /// Waits for diagnostics of `uri` with exactly these codes (earlier publications, of
    /// a state the document has left, are skipped).
    pub fn expect_codes(&mut self, uri: &str, expected: &[&str]) -> Value {
        let uri = uri.to_string();
        let expected: Vec<String> = expected.iter().map(|c| c.to_string()).collect();
        self.wait_for(&format!("diagnostics {expected:?} for {uri}"), move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && codes(&m["params"]["diagnostics"]) == expected
        })["params"]
            .clone()
    }

    /// Forgets the messages received so far (of states the test has moved past).
    pub fn forget(&mut self) {
        while let Ok(message) = self.inbox.try_recv() {
            self.answer_server_request(&message);
        }
        self.backlog.clear();
    }

    /// Every message received so far that nobody asked for.
    pub fn drain(&mut self, settle: Duration) -> Vec<Value> {
        while let Ok(message) = self.inbox.recv_timeout(settle) {
            self.answer_server_request(&message);
            self.backlog.push(message);
        }
        std::mem::take(&mut self.backlog)
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Closes standard input (the client going away).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end, at most `patience`.
    pub fn wait_exit(&mut self, patience: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// `shutdown`, then `exit`: the orderly end. Returns the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit(PATIENCE)
            .expect("the server exits after `exit`")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

/// The `file:` URI of a path (tests use plain ASCII paths, or encode what they need).
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Client capabilities of a push-diagnostics client that offers these position encodings.
pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {
            "publishDiagnostics": {"versionSupport": true},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}},
            "hover": {"contentFormat": ["markdown"]},
        },
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "workspaceFolders": true},
    })
}

/// The codes of a list of LSP diagnostics.
pub fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The configuration that turns on PX0701 (list-membership-in-loop), the finding these
/// tests use: it is opt-in, so a project must select it by its code.
pub const OPT_IN: &str = "extend-select = [\"PX0701\"]\n";

/// Writes a `pyexpert.toml` that selects PX0701 into `dir` (a test's tree): its documents
/// are checked as in a project that turned the rule on.
pub fn opt_in(dir: &Path) {
    std::fs::write(dir.join("pyexpert.toml"), OPT_IN).expect("write pyexpert.toml");
}

/// A module of about `lines` lines: functions with a loop each, one PX0701 per function
/// (where PX0701 is selected, see [`opt_in`]).
pub fn big_module(lines: usize) -> String {
    let mut text = String::from("import os\n");
    let mut number = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "\n\ndef handler_{number}(items, config):\n    \"\"\"Process the items of batch {number}.\"\"\"\n    total = 0\n    for item in items:\n        if item in [\"a\", \"b\", \"c\", \"d\", \"e\"]:\n            total += len(item)\n        elif item.startswith(\"x\"):\n            total -= 1\n    result = [str(x) for x in range(total)]\n    return os.path.join(config, *result)\n"
        ));
        number += 1;
    }
    text
}

/// The resident memory of a process, in KiB (Linux).
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One frame, as bytes, for tests that write several messages at once.
pub fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Applies LSP text edits (UTF-16 positions, as a client that did not offer UTF-8 counts
/// them) to `text`, as an editor would.
pub fn apply_edits(text: &str, edits: &Value) -> String {
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..]
                .find('\n')
                .map_or(text.len() - start, |at| at + 1);
        }
        let mut units = 0;
        for (at, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + at;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("a list of edits")
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut result = text.to_string();
    for (start, end, new_text) in edits.into_iter().rev() {
        result.replace_range(start..end, &new_text);
    }
    result
}

/// The edits of a code action for `uri` (from `edit.changes`).
pub fn action_edits(action: &Value, uri: &str) -> Value {
    action["edit"]["changes"][uri].clone()
}
