//! What a project's pytest configuration does with deprecation warnings.
//!
//! A deprecated call in a test only costs something when the suite turns the warning into
//! an error (`filterwarnings = ["error"]`): then the test fails on the Python that
//! deprecates the call. A suite that leaves warnings alone, or ignores `DeprecationWarning`
//! on purpose, has decided that the call is not worth changing in its tests.
//!
//! The configuration is found as pytest finds it, walking up from the test's directory:
//! the first `pytest.ini`, `pyproject.toml` with `[tool.pytest.ini_options]` (or
//! `[tool.pytest]`), `tox.ini` with `[pytest]`, or `setup.cfg` with `[tool:pytest]`.

use std::path::Path;

/// Whether the pytest configuration that governs `directory` makes a `DeprecationWarning`
/// about `subject` (a word of the warning's message, such as `utcnow`) an error.
pub fn deprecations_fail(directory: &Path, subject: &str) -> bool {
    let Some(directory) = crate::project::absolute_directory(directory) else {
        return false;
    };
    for ancestor in directory.ancestors() {
        if let Some(filters) = filters_in(ancestor) {
            return last_action_is_error(&filters, subject);
        }
    }
    false
}

/// The warning filters of the pytest configuration in `directory`, in the order pytest
/// applies them (`-W` options of `addopts` last), or `None` when no file there configures
/// pytest.
fn filters_in(directory: &Path) -> Option<Vec<String>> {
    let read = |name: &str| std::fs::read_to_string(directory.join(name)).ok();
    if let Some(text) = read("pytest.ini") {
        // pytest.ini wins even when it has no [pytest] section.
        return Some(ini_filters(&text, "pytest").unwrap_or_default());
    }
    if let Some(filters) = read("pyproject.toml").and_then(|text| toml_filters(&text)) {
        return Some(filters);
    }
    if let Some(filters) = read("tox.ini").and_then(|text| ini_filters(&text, "pytest")) {
        return Some(filters);
    }
    read("setup.cfg").and_then(|text| ini_filters(&text, "tool:pytest"))
}

fn toml_filters(text: &str) -> Option<Vec<String>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let pytest = table.get("tool")?.get("pytest")?;
    let options = pytest.get("ini_options").unwrap_or(pytest).as_table()?;
    let strings = |key: &str| -> Vec<String> {
        match options.get(key) {
            Some(toml::Value::String(value)) => vec![value.clone()],
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut filters: Vec<String> = strings("filterwarnings")
        .iter()
        .flat_map(|value| value.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    filters.extend(strings("addopts").iter().flat_map(|a| w_options(a)));
    Some(filters)
}

/// The `filterwarnings` lines and `addopts` `-W` options of `section` in an INI file, if the
/// file has the section.
fn ini_filters(text: &str, section: &str) -> Option<Vec<String>> {
    let mut in_section = false;
    let mut found = false;
    let mut key = String::new();
    let mut filters = Vec::new();
    let mut addopts = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            if let Some(name) = trimmed.strip_prefix('[') {
                in_section = name.trim_end_matches(']').trim() == section;
                found |= in_section;
                key.clear();
                continue;
            }
        }
        if !in_section {
            continue;
        }
        let value = if line.starts_with([' ', '\t']) {
            trimmed
        } else {
            let Some(split) = trimmed.find(['=', ':']) else {
                continue;
            };
            key = trimmed[..split].trim().to_string();
            trimmed[split + 1..].trim()
        };
        match key.as_str() {
            "filterwarnings" if !value.is_empty() => filters.push(value.to_string()),
            "addopts" => {
                addopts.push(' ');
                addopts.push_str(value);
            }
            _ => {}
        }
    }
    filters.extend(w_options(&addopts));
    found.then_some(filters)
}

/// The filters of `-W filter`, `-Wfilter` and `--pythonwarnings=filter` in a command line.
fn w_options(addopts: &str) -> Vec<String> {
    let mut filters = Vec::new();
    let mut words = addopts.split_whitespace();
    while let Some(word) = words.next() {
        if word == "-W" || word == "--pythonwarnings" {
            if let Some(filter) = words.next() {
                filters.push(filter.trim_matches(['"', '\'']).to_string());
            }
        } else if let Some(filter) = word
            .strip_prefix("--pythonwarnings=")
            .or_else(|| word.strip_prefix("-W"))
        {
            filters.push(filter.trim_matches(['"', '\'']).to_string());
        }
    }
    filters
}

/// Applies the filters in order (a later one overrides an earlier one, as in pytest) to a
/// `DeprecationWarning` whose message mentions `subject`, and says whether the last one that
/// matches makes it an error.
fn last_action_is_error(filters: &[String], subject: &str) -> bool {
    let mut error = false;
    for filter in filters {
        let mut fields = filter.splitn(5, ':').map(str::trim);
        let action = fields.next().unwrap_or("");
        let message = fields.next().unwrap_or("");
        let category = fields.next().unwrap_or("");
        let module = fields.next().unwrap_or("");
        let category = category.rsplit('.').next().unwrap_or(category);
        let category_matches = matches!(
            category,
            "" | "DeprecationWarning" | "Warning" | "Exception"
        );
        // A message pattern is a regular expression matched at the start of the message
        // (`datetime.datetime.utcnow() is deprecated ...`): read it as "about `subject`"
        // when it names the subject or is only a wildcard.
        let message_matches = message.is_empty()
            || message
                .trim_start_matches("(?i)")
                .trim_matches(['.', '*'])
                .is_empty()
            || message.to_ascii_lowercase().contains(subject);
        // A module pattern restricts the filter to warnings raised from modules of that
        // name; whether the test module is one is not worth guessing.
        if !category_matches || !message_matches || !module.is_empty() {
            continue;
        }
        error = action == "error";
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn the_last_matching_filter_decides() {
        assert!(last_action_is_error(&filters(&["error"]), "utcnow"));
        assert!(!last_action_is_error(&filters(&[]), "utcnow"));
        assert!(!last_action_is_error(
            &filters(&["error", "ignore::DeprecationWarning"]),
            "utcnow"
        ));
        assert!(last_action_is_error(
            &filters(&["ignore::DeprecationWarning", "error::DeprecationWarning"]),
            "utcnow"
        ));
        assert!(!last_action_is_error(
            &filters(&[
                "error",
                r"ignore:datetime.datetime.utcnow\(\) is deprecated"
            ]),
            "utcnow"
        ));
        // Filters about other warnings leave the error in force.
        assert!(last_action_is_error(
            &filters(&[
                "error",
                "ignore::ResourceWarning",
                "ignore:pkg_resources is deprecated:DeprecationWarning",
                "ignore::DeprecationWarning:botocore",
            ]),
            "utcnow"
        ));
    }

    #[test]
    fn reads_each_configuration_file() {
        let ini = "[pytest]\naddopts = -ra\nfilterwarnings =\n    error\n    ignore::UserWarning\n";
        assert_eq!(
            ini_filters(ini, "pytest").unwrap(),
            ["error", "ignore::UserWarning"]
        );
        assert_eq!(ini_filters(ini, "tool:pytest"), None);
        let cfg = "[metadata]\nname = x\n\n[tool:pytest]\naddopts = -W error::DeprecationWarning\n";
        assert_eq!(
            ini_filters(cfg, "tool:pytest").unwrap(),
            ["error::DeprecationWarning"]
        );
        let toml = "[tool.pytest.ini_options]\nfilterwarnings = [\"error\", \"ignore::DeprecationWarning\"]\naddopts = \"-Werror\"\n";
        assert_eq!(
            toml_filters(toml).unwrap(),
            ["error", "ignore::DeprecationWarning", "error"]
        );
        assert_eq!(toml_filters("[project]\nname = 'x'\n"), None);
    }
}
