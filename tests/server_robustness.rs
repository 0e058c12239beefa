//! `pyexpert server` under bad input and bad timing: malformed messages, unknown methods
//! and documents, cancellation, stale versions, a slow lint during `shutdown`, a rule that
//! panics, a client that goes away, and memory over many edits.

mod lsp;
mod support;

use std::time::{Duration, Instant};

use lsp::{big_module, capabilities, codes, file_uri, frame, Client};
use serde_json::{json, Value};
use support::TempTree;

/// A server for `tree`, whose `pyexpert.toml` turns on PX0701 (opt-in), the finding of
/// [`big_module`] and of the loops here.
fn start(tree: &TempTree) -> Client {
    lsp::opt_in(&tree.path);
    Client::initialized(&tree.path, capabilities(&["utf-16"]), Value::Null).0
}

#[test]
fn malformed_messages_unknown_methods_and_documents_get_error_answers() {
    let tree = TempTree::new("lsp-malformed");
    let mut client = start(&tree);
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse_error = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null, "{parse_error}");
    client.send(json!({"jsonrpc": "2.0", "id": 77, "method": 5}));
    let invalid = client.wait_for("an invalid request error", |m| m["id"] == 77);
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    let unknown = client.request("textDocument/formatting", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("$/unknownNotification", json!({}));
    let missing = file_uri(&tree.path.join("missing.py"));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": missing}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["error"]["code"], -32602, "{hover}");
    let bad_params = client.request("textDocument/codeAction", json!({"textDocument": 3}));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // A change to a document that is not open is ignored; the server still works.
    client.change(&missing, 2, json!([{"text": "x = 1\n"}]));
    let uri = file_uri(&tree.path.join("ok.py"));
    client.open(&uri, "def f(:\n", 1);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))["diagnostics"]),
        ["PX0000"]
    );
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn a_cancelled_request_is_answered_at_once_and_only_once() {
    let tree = TempTree::new("lsp-cancel");
    let uri = file_uri(&tree.path.join("big.py"));
    let text = big_module(20_000);
    let mut client = start(&tree);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    // A change, a request that must wait for the change's (long) lint, and its
    // cancellation, all in one write.
    let mut batch = frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text.clone() + "\n"}]}}),
    );
    batch.extend(frame(&json!({"jsonrpc": "2.0", "id": 900, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}},
                   "context": {"diagnostics": []}}})));
    batch.extend(frame(
        &json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 900}}),
    ));
    client.send_raw(&batch);
    let answer = client.response(900);
    assert_eq!(answer["error"]["code"], -32800, "{answer}");
    client.diagnostics(&uri, Some(2));
    let again: Vec<Value> = client
        .drain(Duration::from_millis(500))
        .into_iter()
        .filter(|m| m["id"] == 900)
        .collect();
    assert!(again.is_empty(), "one answer per request: {again:?}");
    // Cancelling something already answered is harmless.
    client.notify("$/cancelRequest", json!({"id": 900}));
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn lints_of_older_versions_are_dropped() {
    let tree = TempTree::new("lsp-stale");
    let uri = file_uri(&tree.path.join("big.py"));
    let text = big_module(10_000);
    let mut client = start(&tree);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    client.forget();
    // Thirty edits at once; the last leaves one function.
    let mut batch = Vec::new();
    for version in 2..=31 {
        let body = if version == 31 {
            "for item in range(3):\n    if item in [1, 2, 3, 4, 5]:\n        print(item)\n"
                .to_string()
        } else {
            format!("{text}# edit {version}\n")
        };
        batch.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]}})));
    }
    client.send_raw(&batch);
    let last = client.diagnostics(&uri, Some(31));
    assert_eq!(codes(&last["diagnostics"]), ["PX0701"], "{last}");
    let mut messages = client.drain(Duration::from_millis(500));
    messages.retain(|m| m["method"] == "textDocument/publishDiagnostics");
    assert!(
        messages.is_empty(),
        "nothing after the newest version: {messages:?}"
    );
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn versions_published_only_increase_and_most_stale_lints_never_run() {
    let tree = TempTree::new("lsp-stale-order");
    let uri = file_uri(&tree.path.join("big.py"));
    let text = big_module(10_000);
    let mut client = start(&tree);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    client.forget();
    let mut batch = Vec::new();
    for version in 2..=21 {
        batch.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": format!("{text}# {version}\n")}]}})));
    }
    client.send_raw(&batch);
    client.diagnostics(&uri, Some(21));
    let mut versions: Vec<i64> = client
        .drain(Duration::from_millis(300))
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    versions.push(21);
    assert_eq!(versions, [21], "only the newest version is published");
    client.shutdown();
}

#[test]
fn shutdown_is_answered_while_a_slow_lint_runs() {
    let tree = TempTree::new("lsp-slow-shutdown");
    let uri = file_uri(&tree.path.join("huge.py"));
    let text = big_module(40_000);
    let mut client = start(&tree);
    let mut batch = frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}}));
    batch.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 500, "method": "shutdown"}),
    ));
    let sent = Instant::now();
    client.send_raw(&batch);
    let answer = client.response(500);
    let waited = sent.elapsed();
    assert_eq!(answer["result"], Value::Null);
    // The lint of 40,000 lines was still running: its diagnostics come later, if at all.
    let early: Vec<Value> = client
        .drain(Duration::from_millis(1))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(
        early.is_empty(),
        "shutdown waited for the lint ({waited:?})"
    );
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(0));
}

/// The fault-injection rule of debug builds (`src/fault_injection.rs`) panics on files
/// containing the marker: that document gets PX0003, every other one is checked.
#[cfg(debug_assertions)]
#[test]
fn a_rule_that_panics_costs_one_document_its_findings_not_the_server() {
    let tree = TempTree::new("lsp-panic");
    let marker = "explode-here-please";
    lsp::opt_in(&tree.path);
    let (mut client, _) = Client::initialized_with(
        &tree.path,
        capabilities(&[]),
        Value::Null,
        &[("PYEXPERT_DEBUG_PANIC_MARKER", marker)],
    );
    let bad = file_uri(&tree.path.join("bad.py"));
    let good = file_uri(&tree.path.join("good.py"));
    let loop_text = "for item in range(3):\n    if item in [1, 2, 3, 4, 5]:\n        print(item)\n";
    client.open(&bad, &format!("# {marker}\n{loop_text}"), 1);
    let published = client.diagnostics(&bad, Some(1));
    assert_eq!(codes(&published["diagnostics"]), ["PX0003"], "{published}");
    assert_eq!(published["diagnostics"][0]["severity"], 1);
    assert!(published["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("PX9999"));
    client.open(&good, loop_text, 1);
    assert_eq!(
        codes(&client.diagnostics(&good, Some(1))["diagnostics"]),
        ["PX0701"]
    );
    client.change(&bad, 2, json!([{"text": loop_text}]));
    assert_eq!(
        codes(&client.diagnostics(&bad, Some(2))["diagnostics"]),
        ["PX0701"]
    );
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn the_server_exits_when_its_input_closes() {
    let tree = TempTree::new("lsp-stdin-closed");
    let uri = file_uri(&tree.path.join("big.py"));
    let mut client = start(&tree);
    client.open(&uri, &big_module(20_000), 1);
    // Mid-lint, the client goes away without a word.
    client.close_stdin();
    let status = client
        .wait_exit(Duration::from_secs(10))
        .expect("no orphan server after its client left");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn the_server_exits_when_its_client_is_killed() {
    let tree = TempTree::new("lsp-client-killed");
    // A client process that starts the server, opens a document and is killed.
    let script = r#"
import os, signal, subprocess, sys
server = subprocess.Popen([sys.argv[1], "server"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
print(server.pid, flush=True)
body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
server.stdin.flush()
os.kill(os.getpid(), signal.SIGKILL)
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script, env!("CARGO_BIN_EXE_pyexpert")])
        .current_dir(&tree.path)
        .output()
        .expect("run python3");
    let pid: u32 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("the server's pid");
    let deadline = Instant::now() + Duration::from_secs(10);
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|stat| !stat.split(") ").nth(1).unwrap_or("").starts_with('Z'))
            .unwrap_or(false)
    };
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!alive(pid), "the server {pid} outlived its killed client");
}

#[test]
fn memory_stays_flat_over_many_edits() {
    let tree = TempTree::new("lsp-memory");
    let uri = file_uri(&tree.path.join("m.py"));
    let text = big_module(300);
    let mut client = start(&tree);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let pid = client.child.id();
    let edits = 2_000;
    let mut baseline = 0;
    for version in 2..=edits {
        // Type a character at the end of line 3, then delete it.
        let change = if version % 2 == 0 {
            json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "#"}])
        } else {
            json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 1}}, "text": ""}])
        };
        client.change(&uri, version, change);
        client.diagnostics(&uri, Some(version));
        client.forget();
        if version == 500 {
            baseline = lsp::rss_kib(pid);
        }
    }
    let end = lsp::rss_kib(pid);
    assert!(baseline > 0);
    assert!(
        end < baseline + 4 * 1024,
        "resident memory grew from {baseline} KiB to {end} KiB over {edits} edits"
    );
    client.shutdown();
}

#[test]
fn a_request_waiting_for_a_document_that_closes_gets_an_error() {
    let tree = TempTree::new("lsp-close-waiting");
    let uri = file_uri(&tree.path.join("big.py"));
    let text = big_module(20_000);
    let mut client = start(&tree);
    let mut batch = frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}}));
    batch.extend(frame(
        &json!({"jsonrpc": "2.0", "id": 321, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 8, "character": 12}}}),
    ));
    batch.extend(frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
        "params": {"textDocument": {"uri": uri}}}),
    ));
    client.send_raw(&batch);
    let answer = client.response(321);
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn a_notebook_opened_as_text_gets_no_misplaced_findings() {
    let tree = TempTree::new("lsp-notebook");
    let uri = file_uri(&tree.path.join("n.ipynb"));
    let mut client = start(&tree);
    let notebook = json!({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
        "source": ["for x in range(3):\n", "    if x in [1, 2, 3, 4, 5]:\n", "        print(x)\n"]}],
        "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5});
    client.open(&uri, &notebook.to_string(), 1);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]));
    assert_eq!(client.shutdown().code(), Some(0));
}
