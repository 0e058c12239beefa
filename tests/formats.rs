//! Every `--output-format` on one fixed input, plus `--statistics`. The input has three
//! files (one with a comma and a colon in its name, which GitHub's properties must escape;
//! a clean one whose name holds XML's special characters), two warnings and an error.

mod support;

use support::{pyexpert, stderr, stdout, TempTree};

/// PX0701 (advice: a list of constants) at 3:12 and PX0702 (warning) at 7:9 in `app.py`;
/// PX1601 (error) in the oddly named file: one finding of each severity. PX0701 and PX0702
/// are opt-in: every run selects them with [`SELECT`].
fn tree() -> TempTree {
    let tree = TempTree::new("formats");
    tree.write(
        "app.py",
        "def f(items, out):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            out.append(x)\n    s = ''\n    for x in items:\n        s = x + s\n    return s\n",
    );
    tree.write(
        "odd,name:1.py",
        "from multiprocessing import Pool\n\nwith Pool() as pool:\n    pool.map(print, [1])\n",
    );
    tree.write(
        "clean <&>.py",
        "def h(items):\n    return {x for x in items}\n",
    );
    tree
}

/// Selects the opt-in rules PX0701 and PX0702, the findings these tests format.
const SELECT: [&str; 2] = ["--extend-select", "PX0701,PX0702"];

/// `lint --isolated`, the opt-in rules of [`SELECT`], then `args`.
fn lint<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["lint", "--isolated"];
    all.extend_from_slice(&SELECT);
    all.extend_from_slice(args);
    all
}

fn run(tree: &TempTree, format: &str) -> String {
    let output = pyexpert(&tree.path, &lint(&["--output-format", format, "."]), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn concise_is_one_line_per_finding() {
    let out = run(&tree(), "concise");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("app.py:3:12: PX0701 "), "{}", lines[0]);
    assert!(lines[1].starts_with("app.py:7:9: PX0702 "), "{}", lines[1]);
    assert!(
        lines[2].starts_with("odd,name:1.py:3:1: PX1601 "),
        "{}",
        lines[2]
    );
}

#[test]
fn json_lines_has_one_object_per_finding() {
    let out = run(&tree(), "json-lines");
    let objects: Vec<serde_json::Value> = out
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect();
    let summary: Vec<(String, u64, String)> = objects
        .iter()
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_string(),
                o["start"]["line"].as_u64().unwrap(),
                o["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("app.py".to_string(), 3, "PX0701".to_string()),
            ("app.py".to_string(), 7, "PX0702".to_string()),
            ("odd,name:1.py".to_string(), 3, "PX1601".to_string()),
        ]
    );
    assert_eq!(objects[2]["severity"], "error");
    assert_eq!(objects[0]["question"]["number"], 7);
    // `x` comes from an unknown iterable: it may not hash, so the set fix is unsafe.
    let fix = &objects[0]["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    assert_eq!(fix["message"], "replace the list with a set literal");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(edits[0]["content"], "{");
    assert_eq!(
        (
            edits[0]["start"]["line"].as_u64(),
            edits[0]["start"]["column"].as_u64()
        ),
        (Some(3), Some(17))
    );
    assert_eq!(edits[0]["end"]["column"], 18);
}

#[test]
fn concise_and_full_mark_what_fix_would_fix() {
    let tree = TempTree::new("formats-marker");
    tree.write(
        "app.py",
        "def f(n):\n    for x in range(n):\n        if x in [1, 2, 3, 4, 5]:\n            print(x)\n",
    );
    let concise = run(&tree, "concise");
    assert!(
        concise.starts_with("app.py:3:12: PX0701 [*] membership test"),
        "{concise}"
    );
    let full = run(&tree, "full");
    assert!(
        full.contains("PX0701 [*] list-membership-in-loop"),
        "{full}"
    );
    assert!(
        full.contains("fix: replace the list with a set literal"),
        "{full}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&tree, "json")).unwrap();
    assert_eq!(json["diagnostics"][0]["fix"]["applicability"], "safe");
    let output = pyexpert(&tree.path, &lint(&["app.py"]), &[]);
    assert!(
        stderr(&output).contains("[*] 1 fixable with --fix."),
        "{}",
        stderr(&output)
    );
}

#[test]
fn github_workflow_commands_are_escaped() {
    let out = run(&tree(), "github");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("::notice file=app.py,line=3,col=12,endLine=3,endColumn="),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=app.py,line=7,col=9,"),
        "{}",
        lines[1]
    );
    assert!(lines[0].contains(",title=PX0701 list-membership-in-loop::"));
    // The message's help and lesson lines are joined with an encoded newline.
    assert!(lines[0].contains("%0Ahelp: "), "{}", lines[0]);
    assert!(!lines[0].contains('\r'));
    assert!(
        lines[2].starts_with("::error file=odd%2Cname%3A1.py,line=3,col=1,"),
        "{}",
        lines[2]
    );
}

#[test]
fn gitlab_code_quality_report() {
    let out = run(&tree(), "gitlab");
    let issues: serde_json::Value = serde_json::from_str(&out).expect("a JSON array");
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 3);
    assert_eq!(issues[0]["check_name"], "PX0701");
    assert_eq!(issues[0]["severity"], "minor");
    assert_eq!(issues[1]["severity"], "major");
    assert_eq!(issues[2]["severity"], "critical");
    assert_eq!(issues[0]["location"]["path"], "app.py");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 3, "fingerprints are unique");
    // Moving a finding down a line keeps its fingerprint.
    let tree = tree();
    let moved = std::fs::read_to_string(tree.path.join("app.py")).unwrap();
    tree.write("app.py", format!("import os\n{moved}"));
    let again: serde_json::Value = serde_json::from_str(&run(&tree, "gitlab")).unwrap();
    assert_eq!(again[0]["location"]["lines"]["begin"], 4);
    assert_eq!(again[0]["fingerprint"], issues[0]["fingerprint"]);
}

#[test]
fn sarif_carries_rules_and_results() {
    let out = run(&tree(), "sarif");
    let log: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    // Only the rules the results reference, in code order: the log stays small.
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["PX0701", "PX0702", "PX1601"]);
    assert!(out.len() < 40_000, "{} bytes for three findings", out.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let first = &results[0];
    assert_eq!(first["ruleId"], "PX0701");
    assert_eq!(first["level"], "note");
    assert_eq!(results[1]["level"], "warning");
    // The fix as SARIF replacements (the schema validation below covers their shape).
    let fix = &first["fixes"][0];
    assert_eq!(
        fix["description"]["text"],
        "replace the list with a set literal"
    );
    let replacements = fix["artifactChanges"][0]["replacements"]
        .as_array()
        .unwrap();
    assert_eq!(replacements.len(), 2);
    assert_eq!(replacements[1]["insertedContent"]["text"], "}");
    assert_eq!(
        fix["artifactChanges"][0]["artifactLocation"]["uri"],
        "app.py"
    );
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(12))
    );
    assert_eq!(results[2]["level"], "error");
    let rule = &rules[results[0]["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["name"], "list-membership-in-loop");
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why it matters"));
    assert!(rule["shortDescription"]["text"].as_str().is_some());
    assert!(
        rule.get("helpUri").is_none(),
        "no URI unless docs-url is set"
    );

    let tree = tree();
    let linked = pyexpert(
        &tree.path,
        &lint(&[
            "--output-format",
            "sarif",
            "--docs-url",
            "https://docs.example/{code}",
            ".",
        ]),
        &[],
    );
    let log: serde_json::Value = serde_json::from_slice(&linked.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let px0701 = rules.iter().find(|r| r["id"] == "PX0701").unwrap();
    assert_eq!(px0701["helpUri"], "https://docs.example/PX0701");
    validate_sarif(&stdout(&linked));
}

/// Validates against the official SARIF 2.1.0 schema with Python's `jsonschema`. Outside CI
/// a machine without it skips this part (and says so); in CI (`CI` set) it must run.
fn validate_sarif(document: &str) {
    let schema = support::root().join("tests/data/sarif-schema-2.1.0.json");
    let available = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must validate SARIF: pip install jsonschema"
        );
        eprintln!("python3 with jsonschema not found: SARIF schema validation skipped");
        return;
    }
    let tree = TempTree::new("sarif-schema");
    let log = tree.write("log.sarif", document);
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\nlog = json.load(open(sys.argv[2]))\njsonschema.Draft7Validator.check_schema(schema)\nerrors = list(jsonschema.Draft7Validator(schema).iter_errors(log))\nfor e in errors: print(e.json_path, e.message)\nsys.exit(1 if errors else 0)\n";
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&schema)
        .arg(&log)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "SARIF does not match the schema:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The validator itself must catch a broken log, or this test proves nothing.
    let broken = tree.write(
        "broken.sarif",
        r#"{"version": "2.1.0", "runs": [{"results": []}]}"#,
    );
    let rejected = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&schema)
        .arg(&broken)
        .output()
        .expect("run python3");
    assert!(
        !rejected.status.success(),
        "a run without a tool must fail validation"
    );
}

#[test]
fn pylint_lines_carry_path_line_and_code() {
    let out = run(&tree(), "pylint");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("app.py:3: [PX0701] "), "{}", lines[0]);
    assert!(lines[1].starts_with("app.py:7: [PX0702] "), "{}", lines[1]);
    assert!(
        lines[2].starts_with("odd,name:1.py:3: [PX1601] "),
        "{}",
        lines[2]
    );
}

#[test]
fn azure_logging_commands() {
    let out = run(&tree(), "azure");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("##vso[task.logissue type=warning;sourcepath=app.py;linenumber=3;columnnumber=12;code=PX0701;]list-membership-in-loop "),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].starts_with("##vso[task.logissue type=error;sourcepath=odd,name:1.py;linenumber=3;columnnumber=1;code=PX1601;]"),
        "{}",
        lines[2]
    );
}

#[test]
fn rdjson_for_reviewdog() {
    let tree = tree();
    // A non-ASCII character before the finding: rdjson columns count UTF-8 bytes.
    tree.write(
        "wide.py",
        "def f(items):\n    for x in items:\n        é = 1; y = x in [1, 2, 3, 4, 5]\n",
    );
    let out = run(&tree, "rdjson");
    let document: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(document["source"]["name"], "pyexpert");
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 4);
    let first = &diagnostics[0];
    assert_eq!(first["code"]["value"], "PX0701");
    assert_eq!(
        first["severity"], "INFO",
        "advice (a constant list) is INFO"
    );
    assert_eq!(first["location"]["path"], "app.py");
    assert_eq!(
        first["location"]["range"]["start"],
        serde_json::json!({"line": 3, "column": 12})
    );
    assert!(first["message"].as_str().unwrap().contains("\nhelp: "));
    assert_eq!(diagnostics[2]["severity"], "ERROR");
    let wide = &diagnostics[3];
    assert_eq!(wide["location"]["path"], "wide.py");
    // `        é = 1; y = ` is 19 characters and 20 bytes: the test starts at byte column 21.
    assert_eq!(wide["location"]["range"]["start"]["column"], 21);
    let json = pyexpert(
        &tree.path,
        &lint(&["--output-format", "json", "wide.py"]),
        &[],
    );
    assert_eq!(
        support::json(&json)["diagnostics"][0]["start"]["column"],
        20,
        "other formats count characters"
    );
}

#[test]
fn junit_is_valid_xml_with_one_test_case_per_file() {
    let tree = tree();
    let out = run(&tree, "junit");
    let xml = tree.write("report.xml", &out);
    // A real XML parser reads it; the test cases are the files.
    let script = "import sys, xml.etree.ElementTree as ET\nroot = ET.parse(sys.argv[1]).getroot()\nassert root.tag == 'testsuites', root.tag\nprint(root.get('tests'), root.get('failures'))\nfor suite in root:\n    for case in suite:\n        failures = case.findall('failure')\n        print(repr(case.get('name')), len(failures), failures[0].get('message') if failures else '', (failures[0].text or '').strip().count('\\n') + 1 if failures else 0)\n";
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&xml)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "not valid XML:\n{}\n{out}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "3 2\n'app.py' 1 2 findings in app.py 2\n'clean <&>.py' 0  0\n'odd,name:1.py' 1 1 finding in odd,name:1.py 1\n"
    );
    assert!(out.contains("3:12: PX0701 "), "{out}");
}

#[test]
fn statistics_count_findings_per_rule() {
    let tree = tree();
    tree.write("more.py", "def g(rows, out):\n    for r in rows:\n        if r in ['a', 'b', 'c', 'd', 'e']:\n            out.append(r)\n");
    let output = pyexpert(&tree.path, &lint(&["--statistics", "."]), &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("2  PX0701  list-membership-in-loop"),
        "{text}"
    );
    assert!(lines[0].ends_with("[warning]"), "{text}");
    assert!(lines[1].starts_with("1  PX0702"), "{text}");
    assert!(lines[2].starts_with("1  PX1601"), "{text}");
    let output = pyexpert(
        &tree.path,
        &lint(&["--statistics", "--output-format", "json", "."]),
        &[],
    );
    let counts: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(counts[0]["code"], "PX0701");
    assert_eq!(counts[0]["count"], 2);
}
