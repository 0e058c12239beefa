//! `pyexpert server` driven over its JSON-RPC transport: the lifecycle, documents,
//! positions, diagnostics (push and pull), hover, configuration and workspace folders.

mod lsp;
mod support;

use lsp::{capabilities, codes, file_uri, Client};
use serde_json::{json, Value};
use support::TempTree;

/// A loop over a list of constants: PX0701 on line 6 (0-based 5), characters 11-44, in a
/// tree that selects the opt-in rule (see [`opted_in`]).
const LOOP: &str = "import asyncio\n\n\nasync def main(items):\n    for item in items:\n        if item in [\"a\", \"b\", \"c\", \"d\", \"e\"]:\n            print(item)\n";

/// A scratch tree whose `pyexpert.toml` turns on PX0701, as a project that uses it would.
fn opted_in(label: &str) -> TempTree {
    let tree = TempTree::new(label);
    lsp::opt_in(&tree.path);
    tree
}

fn start(tree: &TempTree) -> Client {
    Client::initialized(&tree.path, capabilities(&["utf-16"]), Value::Null).0
}

#[test]
fn lifecycle_capabilities_and_exit_codes() {
    let tree = TempTree::new("lsp-lifecycle");
    let mut client = Client::start(&tree.path, &[]);
    // Before `initialize`, requests are refused.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    let response = client.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&tree.path), "capabilities": capabilities(&["utf-8", "utf-16"])}),
    );
    let capabilities = &response["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-8");
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["hoverProvider"], true);
    let kinds = &capabilities["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds.as_array().unwrap().contains(&json!("quickfix")),
        "{kinds}"
    );
    assert!(
        kinds
            .as_array()
            .unwrap()
            .contains(&json!("source.fixAll.pyexpert")),
        "{kinds}"
    );
    // A push client is not offered pull diagnostics.
    assert!(
        capabilities.get("diagnosticProvider").is_none(),
        "{capabilities}"
    );
    assert_eq!(response["result"]["serverInfo"]["name"], "pyexpert");
    client.notify("initialized", json!({}));
    let again = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    let status = client.shutdown();
    assert_eq!(status.code(), Some(0), "exit after shutdown is success");

    // `exit` without `shutdown` is exit code 1, as the protocol says.
    let (mut client, result) = Client::initialized(&tree.path, json!({}), Value::Null);
    assert_eq!(
        result["capabilities"]["positionEncoding"], "utf-16",
        "the default"
    );
    client.notify("exit", Value::Null);
    let status = client.wait_exit(lsp::PATIENCE).expect("exits");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn open_change_close_publish_versioned_diagnostics() {
    let tree = opted_in("lsp-documents");
    let path = tree.write("app/main.py", "");
    let uri = file_uri(&path);
    let mut client = start(&tree);
    client.open(&uri, LOOP, 1);
    let published = client.diagnostics(&uri, Some(1));
    let diagnostics = &published["diagnostics"];
    assert_eq!(codes(diagnostics), ["PX0701"], "{published}");
    let finding = &diagnostics[0];
    assert_eq!(finding["source"], "pyexpert");
    assert_eq!(finding["severity"], 3, "advice is information");
    assert_eq!(
        finding["range"]["start"],
        json!({"line": 5, "character": 11})
    );
    assert_eq!(finding["range"]["end"], json!({"line": 5, "character": 44}));
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("list of constants"));
    assert_eq!(finding["data"]["code"], "PX0701");
    assert!(
        finding.get("codeDescription").is_none(),
        "no link without a template"
    );

    // An incremental edit: the list becomes a set, and the finding goes.
    client.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 5, "character": 19}, "end": {"line": 5, "character": 20}}, "text": "{"},
               {"range": {"start": {"line": 5, "character": 43}, "end": {"line": 5, "character": 44}}, "text": "}"}]),
    );
    let published = client.diagnostics(&uri, Some(2));
    assert_eq!(
        codes(&published["diagnostics"]),
        Vec::<String>::new(),
        "{published}"
    );

    // A whole-text change brings it back; saving changes nothing; closing clears it.
    client.change(&uri, 3, json!([{"text": LOOP}]));
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(3))["diagnostics"]),
        ["PX0701"]
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    client.forget();
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.expect_codes(&uri, &[]);
    assert!(cleared.get("version").is_none(), "{cleared}");
    // The in-memory text was checked, not the (empty) file on disk.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    client.shutdown();
}

/// A line with an emoji, CJK text, a combining mark and a tab before its second finding.
const WIDE: &str = "async def main(items):\n    for item in items:\n        if item in [\"😀漢字e\u{301}\t\", \"b\", \"c\", \"x\", \"y\"] or item in [\"d\", \"e\", \"f\", \"g\", \"h\"]:\n            print(item)\n";

fn finding_range(encoding: &str, text: &str) -> Value {
    let tree = opted_in("lsp-positions");
    let uri = file_uri(&tree.path.join("wide.py"));
    let (mut client, result) =
        Client::initialized(&tree.path, capabilities(&[encoding]), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], encoding);
    client.open(&uri, text, 1);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(
        codes(&published["diagnostics"]),
        ["PX0701", "PX0701"],
        "{published}"
    );
    let range = published["diagnostics"][1]["range"].clone();
    client.shutdown();
    range
}

#[test]
fn positions_count_utf16_units_or_utf8_bytes_as_negotiated() {
    // The second finding starts after 53 Unicode scalars, of which the emoji is 2 UTF-16
    // units (4 bytes), 漢字 1 unit and 3 bytes each, the combining accent 1 unit (2
    // bytes). It is 33 characters long, all ASCII.
    let utf16 = finding_range("utf-16", WIDE);
    assert_eq!(utf16["start"], json!({"line": 2, "character": 54}));
    assert_eq!(utf16["end"], json!({"line": 2, "character": 87}));
    let utf8 = finding_range("utf-8", WIDE);
    assert_eq!(
        utf8["start"],
        json!({"line": 2, "character": 53 + 3 + 2 + 2 + 1})
    );
    assert_eq!(utf8["end"], json!({"line": 2, "character": 61 + 33}));
    // CRLF line ends count as one line break.
    let crlf = finding_range("utf-16", &WIDE.replace('\n', "\r\n"));
    assert_eq!(crlf, utf16);
}

#[test]
fn incremental_edits_count_positions_in_the_negotiated_encoding() {
    let tree = opted_in("lsp-wide-edit");
    let uri = file_uri(&tree.path.join("wide.py"));
    let mut client = start(&tree);
    client.open(&uri, WIDE, 1);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))["diagnostics"]),
        ["PX0701", "PX0701"]
    );
    // Replace the second list's `[` and `]` (UTF-16 characters 62 and 86) by braces.
    client.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 2, "character": 62}, "end": {"line": 2, "character": 63}}, "text": "{"},
               {"range": {"start": {"line": 2, "character": 86}, "end": {"line": 2, "character": 87}}, "text": "}"}]),
    );
    let published = client.diagnostics(&uri, Some(2));
    assert_eq!(codes(&published["diagnostics"]), ["PX0701"], "{published}");
    assert_eq!(
        published["diagnostics"][0]["range"]["start"]["character"],
        11
    );
    client.shutdown();
}

#[test]
fn syntax_errors_give_px0000_and_the_server_goes_on() {
    let tree = opted_in("lsp-syntax");
    let uri = file_uri(&tree.path.join("broken.py"));
    let other = file_uri(&tree.path.join("fine.py"));
    let mut client = start(&tree);
    client.open(&uri, "def f(:\n    pass\n", 1);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(codes(&published["diagnostics"]), ["PX0000"], "{published}");
    assert_eq!(published["diagnostics"][0]["severity"], 1);
    client.open(&other, LOOP, 1);
    assert_eq!(
        codes(&client.diagnostics(&other, Some(1))["diagnostics"]),
        ["PX0701"]
    );
    client.change(&uri, 2, json!([{"text": "def f():\n    pass\n"}]));
    assert_eq!(client.diagnostics(&uri, Some(2))["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn hover_shows_the_rule_page_over_a_finding_and_a_noqa_code() {
    let tree = opted_in("lsp-hover");
    let uri = file_uri(&tree.path.join("h.py"));
    let mut client = start(&tree);
    let text = format!("{LOOP}x = 1  # noqa: PX0701, PX1301\n");
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let hover = |client: &mut Client, line: u32, character: u32| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )["result"]
            .clone()
    };
    let over = hover(&mut client, 5, 20);
    let text_shown = over["contents"]["value"].as_str().unwrap();
    assert_eq!(over["contents"]["kind"], "markdown");
    assert!(text_shown.starts_with("**PX0701**"), "{text_shown}");
    assert!(text_shown.contains("Lesson question Q07"), "{text_shown}");
    assert!(text_shown.contains("## What it does"), "{text_shown}");
    assert_eq!(over["range"]["start"], json!({"line": 5, "character": 11}));
    // Over the second code of the directive on line 7 (characters 23-29).
    let noqa = hover(&mut client, 7, 26);
    let shown = noqa["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("**PX1301**"), "{shown}");
    assert_eq!(noqa["range"]["start"], json!({"line": 7, "character": 23}));
    // Elsewhere: nothing.
    assert_eq!(hover(&mut client, 0, 2), Value::Null);
    client.shutdown();
}

#[test]
fn docs_url_links_each_code() {
    let tree = opted_in("lsp-docs");
    let uri = file_uri(&tree.path.join("d.py"));
    let options = json!({"docsUrl": "https://docs.example/{question}/{code}.html"});
    let (mut client, _) = Client::initialized(&tree.path, capabilities(&[]), options);
    client.open(&uri, LOOP, 1);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(
        published["diagnostics"][0]["codeDescription"]["href"],
        "https://docs.example/07/PX0701.html"
    );
    client.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let tree = opted_in("lsp-pull");
    let uri = file_uri(&tree.path.join("p.py"));
    let mut caps = capabilities(&[]);
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    caps["workspace"]["diagnostic"] = json!({"refreshSupport": true});
    let (mut client, result) = Client::initialized(&tree.path, caps, Value::Null);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "pyexpert"
    );
    client.open(&uri, LOOP, 1);
    let pull = |client: &mut Client, previous: Value| {
        client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": previous}),
        )["result"]
            .clone()
    };
    let full = pull(&mut client, Value::Null);
    assert_eq!(full["kind"], "full", "{full}");
    assert_eq!(codes(&full["items"]), ["PX0701"]);
    let unchanged = pull(&mut client, full["resultId"].clone());
    assert_eq!(unchanged["kind"], "unchanged", "{unchanged}");
    client.change(&uri, 2, json!([{"text": "x = 1\n"}]));
    let after = pull(&mut client, full["resultId"].clone());
    assert_eq!(after["kind"], "full");
    assert_eq!(after["items"], json!([]));
    // Nothing was pushed to a pull client.
    let pushed: Vec<Value> = client
        .drain(std::time::Duration::from_millis(200))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(pushed.is_empty(), "{pushed:?}");
    // New settings: the client is asked to pull again, and the pull answers for them.
    client.change(&uri, 3, json!([{"text": LOOP}]));
    assert_eq!(codes(&pull(&mut client, Value::Null)["items"]), ["PX0701"]);
    client.forget();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pyexpert": {"enable": false}}}),
    );
    client.wait_for("a refresh request", |m| {
        m["method"] == "workspace/diagnostic/refresh"
    });
    assert_eq!(pull(&mut client, Value::Null)["items"], json!([]));
    // A document that is not open is an error.
    let unknown = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": file_uri(&tree.path.join("nope.py"))}}),
    );
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    client.shutdown();
}

#[test]
fn configuration_files_govern_and_reload_when_they_change() {
    let tree = TempTree::new("lsp-config");
    let config = tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nextend-select = [\"PX0701\"]\nignore = [\"PX0701\"]\n",
    );
    tree.write("pkg/__init__.py", "");
    let uri = file_uri(&tree.path.join("pkg/m.py"));
    let (mut client, _) = Client::initialized(&tree.path, capabilities(&[]), Value::Null);
    // The server registers its watchers with a client that allows it.
    let registration = client.wait_for("a watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers.to_string().contains("**/pyproject.toml"),
        "{watchers}"
    );
    client.open(&uri, LOOP, 1);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]));

    let changed = |client: &mut Client| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
        );
    };
    std::fs::write(
        &config,
        "[tool.pyexpert]\nextend-select = [\"PX0701\"]\nignore = []\n",
    )
    .unwrap();
    changed(&mut client);
    client.expect_codes(&uri, &["PX0701"]);
    // Publications of the state before the reload (a lint already under way) are past.
    client.forget();

    // A broken file: one visible error, and the last good settings stay in force.
    std::fs::write(
        &config,
        "[tool.pyexpert]\nextend-select = [\"PX0701\"]\nignore = [\"PX0701\"\n",
    )
    .unwrap();
    changed(&mut client);
    let message = client.wait_for("an error message", |m| m["method"] == "window/showMessage");
    assert_eq!(message["params"]["type"], 1, "{message}");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("pyproject.toml"),
        "{message}"
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))["diagnostics"]),
        ["PX0701"]
    );
    client.change(&uri, 2, json!([{"text": LOOP}]));
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(2))["diagnostics"]),
        ["PX0701"]
    );
    let repeated = client
        .drain(std::time::Duration::from_millis(300))
        .into_iter()
        .filter(|m| m["method"] == "window/showMessage")
        .count();
    assert_eq!(repeated, 0, "the same error is shown once");
    client.shutdown();
}

#[test]
fn client_settings_select_ignore_and_enable() {
    let tree = opted_in("lsp-client-settings");
    let uri = file_uri(&tree.path.join("s.py"));
    let options = json!({"pyexpert": {"ignore": ["PX0701"]}});
    let (mut client, _) = Client::initialized(&tree.path, capabilities(&[]), options);
    client.open(&uri, LOOP, 1);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]));
    let configure = |client: &mut Client, settings: Value| {
        client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": settings}),
        );
    };
    configure(&mut client, json!({"pyexpert": {"select": "PX07"}}));
    client.expect_codes(&uri, &["PX0701"]);
    // An unknown selector is an error; the settings in force stay.
    configure(&mut client, json!({"pyexpert": {"select": ["PX99"]}}));
    let message = client.wait_for("an error message", |m| m["method"] == "window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("PX99"),
        "{message}"
    );
    client.change(&uri, 2, json!([{"text": LOOP}]));
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(2))["diagnostics"]),
        ["PX0701"]
    );
    // Disabled: diagnostics are cleared.
    configure(&mut client, json!({"pyexpert": {"enable": false}}));
    client.expect_codes(&uri, &[]);
    configure(&mut client, json!({"pyexpert": {"enable": true}}));
    client.expect_codes(&uri, &["PX0701"]);
    // A named configuration file governs every document.
    let named = tree.write(
        "custom.toml",
        "select = [\"PX07\"]\nextend-select = [\"PX0701\"]\nignore = [\"PX0701\"]\n",
    );
    configure(
        &mut client,
        json!({"configuration": named.display().to_string()}),
    );
    client.expect_codes(&uri, &[]);
    client.shutdown();
}

#[test]
fn each_workspace_folder_uses_its_own_configuration() {
    // The root's file turns PX0701 on; a folder's own file replaces it (PX07 does not
    // select the opt-in rule, its code does).
    let tree = opted_in("lsp-folders");
    let strict = tree.path.join("strict");
    let lenient = tree.path.join("lenient");
    tree.write(
        "strict/pyexpert.toml",
        "select = [\"PX07\"]\nextend-select = [\"PX0701\"]\n",
    );
    tree.write("lenient/pyexpert.toml", "ignore = [\"PX0701\"]\n");
    let mut client = Client::start(&tree.path, &[]);
    client.request(
        "initialize",
        json!({"processId": null, "capabilities": capabilities(&[]),
               "workspaceFolders": [{"uri": file_uri(&strict), "name": "strict"}, {"uri": file_uri(&lenient), "name": "lenient"}]}),
    );
    client.notify("initialized", json!({}));
    let a = file_uri(&strict.join("a.py"));
    let b = file_uri(&lenient.join("b.py"));
    client.open(&a, LOOP, 1);
    client.open(&b, LOOP, 1);
    assert_eq!(
        codes(&client.diagnostics(&a, Some(1))["diagnostics"]),
        ["PX0701"]
    );
    assert_eq!(client.diagnostics(&b, Some(1))["diagnostics"], json!([]));
    // A folder added later has its own configuration too.
    let third = tree.path.join("third");
    tree.write("third/pyexpert.toml", "ignore = [\"PX07\"]\n");
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": file_uri(&third), "name": "third"}], "removed": []}}),
    );
    let c = file_uri(&third.join("c.py"));
    client.open(&c, LOOP, 1);
    assert_eq!(client.diagnostics(&c, Some(1))["diagnostics"], json!([]));
    client.shutdown();
}

#[test]
fn per_file_ignores_and_module_names_follow_the_document_path() {
    let tree = TempTree::new("lsp-per-file");
    tree.write(
        "pyexpert.toml",
        "extend-select = [\"PX0701\"]\n\n[per-file-ignores]\n\"legacy/*.py\" = [\"PX0701\"]\n",
    );
    let legacy = file_uri(&tree.path.join("legacy/old.py"));
    let fresh = file_uri(&tree.path.join("fresh/new.py"));
    let mut client = start(&tree);
    client.open(&legacy, LOOP, 1);
    client.open(&fresh, LOOP, 1);
    assert_eq!(
        client.diagnostics(&legacy, Some(1))["diagnostics"],
        json!([])
    );
    assert_eq!(
        codes(&client.diagnostics(&fresh, Some(1))["diagnostics"]),
        ["PX0701"]
    );
    client.shutdown();
}

const PROTO: &str =
    "from typing import Protocol\n\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n";
const USE: &str =
    "from pkg.proto import Reader\n\n\ndef is_reader(obj):\n    return isinstance(obj, Reader)\n";

#[test]
fn project_rules_see_files_on_disk_and_open_buffers_first() {
    let tree = TempTree::new("lsp-project");
    tree.write("pkg/__init__.py", "");
    let proto = tree.write("pkg/proto.py", PROTO);
    let use_path = tree.write("pkg/use.py", USE);
    let mut client = start(&tree);
    let use_uri = file_uri(&use_path);
    client.open(&use_uri, USE, 1);
    // Once the folder is indexed, the protocol defined in proto.py (on disk) counts.
    let found = client.wait_for("PX1001 from the indexed project", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == json!(use_uri)
            && codes(&m["params"]["diagnostics"]) == ["PX1001"]
    });
    assert_eq!(
        found["params"]["diagnostics"][0]["range"]["start"]["line"],
        4
    );
    client.forget();
    // proto.py opened and made runtime-checkable in the editor (not saved): use.py's
    // finding goes without use.py being edited.
    let proto_uri = file_uri(&proto);
    client.open(&proto_uri, PROTO, 1);
    client.change(
        &proto_uri,
        2,
        json!([{"text": PROTO.replace("import Protocol", "import Protocol, runtime_checkable").replace("class Reader", "@runtime_checkable\nclass Reader")}]),
    );
    client.wait_for("use.py settled again", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == json!(use_uri)
            && m["params"]["diagnostics"] == json!([])
    });
    client.forget();
    // Closing proto.py: the file on disk speaks again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": proto_uri}}),
    );
    client.wait_for("use.py back to the disk's facts", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == json!(use_uri)
            && codes(&m["params"]["diagnostics"]) == ["PX1001"]
    });
    client.shutdown();
}

#[test]
fn an_open_pyproject_toml_is_checked_from_its_buffer() {
    let tree = TempTree::new("lsp-pyproject");
    // PX1902 is opt-in.
    tree.write("pyexpert.toml", "extend-select = [\"PX1902\"]\n");
    let uri = file_uri(&tree.path.join("pyproject.toml"));
    let mut client = start(&tree);
    let text = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[project]\nname = \"ledger\"\nversion = \"0.4.0\"\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}),
    );
    let published = client.expect_codes(&uri, &["PX1902"]);
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 4, "character": 0})
    );
    client.change(
        &uri,
        2,
        json!([{"text": format!("{text}requires-python = \">=3.10\"\n")}]),
    );
    client.expect_codes(&uri, &[]);
    client.shutdown();
}

#[test]
fn empty_settings_keep_the_ones_in_force_and_a_saved_configuration_file_reloads() {
    let tree = TempTree::new("lsp-empty-settings");
    let config = tree.write("pyexpert.toml", "ignore = []\n");
    let uri = file_uri(&tree.path.join("e.py"));
    let text = "from typing import List\n\n\ndef f(xs: List[int]):\n    for x in xs:\n        if x in [1, 2, 3]:\n            print(x)\n";
    // A client without file watchers, whose options select one rule.
    let options = json!({"select": ["PX1306"]});
    let (mut client, _) = Client::initialized(&tree.path, json!({}), options);
    client.open(&uri, text, 1);
    client.expect_codes(&uri, &["PX1306"]);
    for empty in [json!({}), Value::Null] {
        client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": empty}),
        );
    }
    client.change(&uri, 2, json!([{"text": text}]));
    let published = client.diagnostics(&uri, Some(2));
    assert_eq!(
        codes(&published["diagnostics"]),
        ["PX1306"],
        "the options still hold"
    );
    std::fs::write(&config, "[per-file-ignores]\n\"e.py\" = [\"PX1306\"]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri(&config)}}),
    );
    client.expect_codes(&uri, &[]);
    let messages = client.drain(std::time::Duration::from_millis(200));
    assert!(
        messages.iter().all(|m| m["method"] != "window/showMessage"),
        "{messages:?}"
    );
    client.shutdown();
}

#[test]
fn layer_contracts_follow_the_buffer_and_the_module_it_is() {
    let root = support::root().join("fixtures/PX2001");
    let routes = root.join("src/shop/api/routes.py");
    let uri = file_uri(&routes);
    let text = std::fs::read_to_string(&routes).unwrap();
    let mut client = Client::initialized(&root, capabilities(&[]), Value::Null).0;
    client.open(&uri, &text, 1);
    // The same findings as `pyexpert lint` in that directory gives (lines 7 and 8).
    let published = client.expect_codes(&uri, &["PX2001", "PX2001"]);
    let lines: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["range"]["start"]["line"])
        .collect();
    assert_eq!(lines, [6, 7]);
    // Removing the imports in the editor clears them.
    let cleaned: String = text
        .lines()
        .filter(|line| !line.contains("# error: PX2001"))
        .map(|line| format!("{line}\n"))
        .collect();
    client.change(&uri, 2, json!([{"text": cleaned}]));
    let published = client.diagnostics(&uri, Some(2));
    assert!(
        !codes(&published["diagnostics"]).contains(&"PX2001".to_string()),
        "{published}"
    );
    client.shutdown();
}
