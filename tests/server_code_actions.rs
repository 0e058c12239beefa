//! `pyexpert server`'s code actions: each finding's fix (unsafe ones only when asked for),
//! "Disable PXnnnn for this line", fix-all (the same text as `lint --fix`), and lazy
//! resolution.

mod lsp;
mod support;

use lsp::{action_edits, apply_edits, capabilities, codes, file_uri, Client};
use serde_json::{json, Value};
use support::TempTree;

/// PX1306 twice on line 4, PX0701 on line 6 (both opt-in: the trees that check them select
/// them, see [`opted_in`]).
const TYPED: &str = "from typing import List\n\n\ndef f(xs: List[int]) -> List[int]:  # noqa: PX0504\n    for x in range(3):\n        if x in [1, 2, 3, 4, 5]:\n            print(x)\n    return xs\n";
const CLOCK: &str = "import datetime\n\n\ndef stamp():\n    return datetime.datetime.utcnow()\n";

/// The configuration of the trees here: it selects the opt-in rules of [`TYPED`] by their
/// codes, PX0701 (as [`lsp::OPT_IN`] does) and PX1306.
const OPT_IN: &str = "extend-select = [\"PX0701\", \"PX1306\"]\n";

/// A scratch tree whose `pyexpert.toml` turns on PX0701 and PX1306 ([`OPT_IN`]), for the
/// server and `lint --fix`.
fn opted_in(label: &str) -> TempTree {
    let tree = TempTree::new(label);
    tree.write("pyexpert.toml", OPT_IN);
    tree
}

fn actions(client: &mut Client, uri: &str, line: u32, only: Option<Value>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = only;
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 80}},
               "context": context}),
    );
    response["result"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{response}"))
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` in {actions:#?}"))
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

/// What `pyexpert lint - --fix` prints for `text` checked as `name` in `dir`.
fn cli_fix(dir: &std::path::Path, name: &str, text: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .args(["lint", "-", "--fix", "--no-cache", "--stdin-filename", name])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_finding_offers_its_fix_and_a_noqa_for_its_line() {
    let tree = opted_in("lsp-actions");
    let uri = file_uri(&tree.path.join("typed.py"));
    let mut client = Client::initialized(&tree.path, capabilities(&[]), Value::Null).0;
    client.open(&uri, TYPED, 1);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(
        codes(&published["diagnostics"]),
        ["PX1306", "PX1306", "PX0701"],
        "{published}"
    );

    let on_loop = actions(&mut client, &uri, 5, Some(json!(["quickfix"])));
    let fix = titled(&on_loop, "Replace the list with a set literal");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "PX0701");
    let fixed = apply_edits(TYPED, &action_edits(fix, &uri));
    assert!(
        fixed.contains("        if x in {1, 2, 3, 4, 5}:\n"),
        "{fixed}"
    );
    assert_eq!(fixed.replace("{1, 2, 3, 4, 5}", "[1, 2, 3, 4, 5]"), TYPED);

    let disable = titled(&on_loop, "Disable PX0701 for this line");
    let disabled = apply_edits(TYPED, &action_edits(disable, &uri));
    assert!(
        disabled.contains("        if x in [1, 2, 3, 4, 5]:  # noqa: PX0701\n"),
        "{disabled}"
    );

    // On a line with a `# noqa` already, the code joins it.
    let on_def = actions(&mut client, &uri, 3, Some(json!(["quickfix"])));
    let disable = titled(&on_def, "Disable PX1306 for this line");
    let disabled = apply_edits(TYPED, &action_edits(disable, &uri));
    assert!(
        disabled.contains("-> List[int]:  # noqa: PX0504, PX1306\n"),
        "{disabled}"
    );
    // Fixes come first, and `only: quickfix` leaves fix-all out.
    assert!(
        titles(&on_def)[0].starts_with("Replace") || titles(&on_def)[0].starts_with("Use"),
        "{:?}",
        titles(&on_def)
    );
    assert!(on_def.iter().all(|a| a["kind"] == "quickfix"));
    client.shutdown();
}

#[test]
fn unsafe_fixes_are_offered_only_when_asked_for() {
    let tree = TempTree::new("lsp-unsafe");
    let uri = file_uri(&tree.path.join("clock.py"));
    let mut client = Client::initialized(&tree.path, capabilities(&[]), Value::Null).0;
    client.open(&uri, CLOCK, 1);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))["diagnostics"]),
        ["PX0504"]
    );
    let offered = titles(&actions(&mut client, &uri, 4, None));
    assert_eq!(
        offered,
        ["Disable PX0504 for this line"],
        "no unsafe fix by default"
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pyexpert": {"unsafeFixes": true}}}),
    );
    client.diagnostics(&uri, Some(1));
    let offered = actions(&mut client, &uri, 4, None);
    let unsafe_fix = offered
        .iter()
        .find(|a| a["title"].as_str().unwrap().ends_with("(unsafe)"))
        .unwrap_or_else(|| panic!("{offered:#?}"));
    assert_eq!(unsafe_fix["isPreferred"], false);
    let fixed = apply_edits(CLOCK, &action_edits(unsafe_fix, &uri));
    assert!(
        fixed.contains("datetime.datetime.now(datetime.timezone.utc)"),
        "{fixed}"
    );
    // Fix-all applies safe fixes only, as `lint --fix` does: nothing here.
    let all = actions(&mut client, &uri, 0, Some(json!(["source.fixAll"])));
    assert!(all.is_empty(), "{all:#?}");
    client.shutdown();
}

#[test]
fn fix_all_gives_what_lint_fix_gives() {
    let tree = opted_in("lsp-fix-all");
    let uri = file_uri(&tree.path.join("typed.py"));
    let text = TYPED.replace("  # noqa: PX0504", "");
    let mut client = Client::initialized(&tree.path, capabilities(&[]), Value::Null).0;
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let all = actions(&mut client, &uri, 0, Some(json!(["source.fixAll"])));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.pyexpert");
    let fixed = apply_edits(&text, &action_edits(&all[0], &uri));
    let expected = cli_fix(&tree.path, "typed.py", &text);
    assert_eq!(fixed, expected);
    assert!(!fixed.contains("List"), "{fixed}");
    // A clean document offers no fix-all.
    client.change(&uri, 2, json!([{"text": fixed}]));
    assert_eq!(client.diagnostics(&uri, Some(2))["diagnostics"], json!([]));
    assert!(actions(&mut client, &uri, 0, None).is_empty());
    client.shutdown();
}

#[test]
fn actions_resolve_lazily_when_the_client_can() {
    let tree = opted_in("lsp-resolve");
    let uri = file_uri(&tree.path.join("typed.py"));
    let mut caps = capabilities(&[]);
    caps["textDocument"]["codeAction"]["resolveSupport"] = json!({"properties": ["edit"]});
    let (mut client, result) = Client::initialized(&tree.path, caps, Value::Null);
    assert_eq!(
        result["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    client.open(&uri, TYPED, 1);
    client.diagnostics(&uri, Some(1));
    let offered = actions(&mut client, &uri, 5, None);
    assert!(
        offered
            .iter()
            .all(|a| a.get("edit").is_none() && a.get("data").is_some()),
        "{offered:#?}"
    );
    let fix_all = offered
        .iter()
        .find(|a| a["kind"] == "source.fixAll.pyexpert")
        .expect("fix-all offered")
        .clone();
    // The same text checked again (new settings) keeps the action good.
    client.forget();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"docsUrl": "https://docs.example/{code}"}}),
    );
    client.diagnostics(&uri, Some(1));
    let resolved = client.request("codeAction/resolve", fix_all.clone())["result"].clone();
    let fixed = apply_edits(TYPED, &action_edits(&resolved, &uri));
    assert_eq!(fixed, cli_fix(&tree.path, "typed.py", TYPED));
    // After an edit, the old action is stale.
    client.change(&uri, 2, json!([{"text": TYPED.to_string() + "\n"}]));
    client.diagnostics(&uri, Some(2));
    let stale = client.request("codeAction/resolve", fix_all);
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    client.shutdown();
}

#[test]
fn a_text_whose_coding_cookie_the_fix_engine_would_misread_gets_no_fix_all() {
    let tree = opted_in("lsp-cookie");
    let uri = file_uri(&tree.path.join("old.py"));
    let text = format!("# -*- coding: latin-1 -*-\nNAME = \"café\"\n{TYPED}");
    let mut client = Client::initialized(&tree.path, capabilities(&[]), Value::Null).0;
    client.open(&uri, &text, 1);
    assert!(!codes(&client.diagnostics(&uri, Some(1))["diagnostics"]).is_empty());
    assert!(actions(&mut client, &uri, 0, Some(json!(["source.fixAll"]))).is_empty());
    // The findings' own quick fixes are computed from the text as the editor has it.
    let on_loop = actions(&mut client, &uri, 7, Some(json!(["quickfix"])));
    let fix = titled(&on_loop, "Replace the list with a set literal");
    assert!(apply_edits(&text, &action_edits(fix, &uri)).contains("café"));
    client.shutdown();
}
