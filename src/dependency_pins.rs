//! Whether a project caps a dependency below a major version: a package that requires
//! `pydantic<2` is written for pydantic 1 on purpose, and its v1 spellings are the right
//! ones there. A package that requires `tomli>=2.4` needs TOML 1.1, which no `tomllib`
//! before Python 3.15 reads.
//!
//! The declarations are read from the nearest directory (walking up from a file) that holds
//! a `pyproject.toml`, `setup.cfg` or `setup.py`: `[project] dependencies`,
//! `[tool.poetry.dependencies]`, and requirement strings in `setup.cfg` and `setup.py`
//! (read as text: `install_requires=["pydantic>=1.8,<2"]`).

use std::path::Path;

/// Whether the project over `directory` requires `package` at a version below `major`.
pub fn caps_below_major(directory: &Path, package: &str, major: u64) -> bool {
    specifiers_over(directory, package)
        .iter()
        .any(|specifier| caps_below(specifier, major))
}

/// Whether the project over `directory` requires `package` at `major.minor` or later
/// (`tomli>=2.4.0`, `tomli~=2.4`, Poetry's `^2.4`): it needs something that release
/// brought.
pub fn requires_at_least(directory: &Path, package: &str, major: u64, minor: u64) -> bool {
    specifiers_over(directory, package).iter().any(|specifier| {
        specifier.split(',').map(str::trim).any(|clause| {
            let (operator, version) = split_clause(clause);
            let mut parts = version.split('.').map(|part| part.parse::<u64>().ok());
            let (Some(Some(found_major)), found_minor) = (parts.next(), parts.next()) else {
                return false;
            };
            let found_minor = found_minor.flatten().unwrap_or(0);
            matches!(operator, ">=" | ">" | "==" | "===" | "~=" | "^" | "~")
                && (found_major, found_minor) >= (major, minor)
        })
    })
}

/// The specifiers of `package` in the nearest directory above `directory` (itself
/// included) that holds a `pyproject.toml`, `setup.cfg` or `setup.py`.
fn specifiers_over(directory: &Path, package: &str) -> Vec<String> {
    let Some(directory) = crate::project::absolute_directory(directory) else {
        return Vec::new();
    };
    for ancestor in directory.ancestors() {
        let read = |name: &str| std::fs::read_to_string(ancestor.join(name)).ok();
        let pyproject = read("pyproject.toml");
        let setup_cfg = read("setup.cfg");
        let setup_py = read("setup.py");
        if pyproject.is_none() && setup_cfg.is_none() && setup_py.is_none() {
            continue;
        }
        let mut specifiers = Vec::new();
        if let Some(text) = &pyproject {
            specifiers.extend(pyproject_specifiers(text, package));
        }
        for text in [&setup_cfg, &setup_py].into_iter().flatten() {
            specifiers.extend(text_specifiers(text, package));
        }
        return specifiers;
    }
    Vec::new()
}

/// The version specifiers `pyproject.toml` gives `package`: PEP 508 strings of `[project]
/// dependencies`, and Poetry's `package = "<2"` or `package = { version = "^1.10" }`.
fn pyproject_specifiers(text: &str, package: &str) -> Vec<String> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let mut specifiers = Vec::new();
    if let Some(dependencies) = table
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
    {
        for requirement in dependencies.iter().filter_map(|d| d.as_str()) {
            specifiers.extend(requirement_specifier(requirement, package));
        }
    }
    let poetry = table
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.get(package));
    match poetry {
        Some(toml::Value::String(version)) => specifiers.push(version.clone()),
        Some(toml::Value::Table(details)) => {
            if let Some(version) = details.get("version").and_then(|v| v.as_str()) {
                specifiers.push(version.to_string());
            }
        }
        _ => {}
    }
    specifiers
}

/// Specifiers of `package` in requirement strings anywhere in a text (setup.py, setup.cfg).
fn text_specifiers(text: &str, package: &str) -> Vec<String> {
    text.lines()
        .flat_map(|line| {
            line.split(['"', '\'', '[', ']'])
                .filter_map(|piece| requirement_specifier(piece.trim(), package))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The specifier of a requirement string naming `package` (`pydantic>=1.8,<2; python_version
/// > "3.7"` gives `>=1.8,<2`); `None` for other packages (`pydantic-settings`).
fn requirement_specifier(requirement: &str, package: &str) -> Option<String> {
    let rest = requirement.strip_prefix(package)?;
    let rest = match rest.strip_prefix('[') {
        // Extras: `pydantic[email]<2`.
        Some(extras) => &extras[extras.find(']')? + 1..],
        None => rest,
    };
    let rest = rest.trim_start();
    if !rest.starts_with(['<', '>', '=', '~', '!', '^']) {
        return None;
    }
    let specifier = rest.split(';').next().unwrap_or(rest).trim();
    Some(specifier.to_string())
}

/// Whether a specifier set (PEP 440, or Poetry's `^`/`~`) excludes every version from
/// `major` on: `<2`, `<2.0`, `<=1.10.13`, `==1.*`, `~=1.10`, `^1.10`, `>=1.8,<2`.
fn caps_below(specifier: &str, major: u64) -> bool {
    specifier.split(',').map(str::trim).any(|clause| {
        let (operator, version) = split_clause(clause);
        let leading = version
            .split('.')
            .next()
            .and_then(|part| part.trim_end_matches('*').parse::<u64>().ok());
        let Some(leading) = leading else {
            return false;
        };
        let minor_given = version.split('.').nth(1).is_some();
        match operator {
            "<" => leading < major || (leading == major && version_is_major_only(version)),
            "<=" | "==" | "===" => leading < major,
            // `~=1.10` allows 1.x; `~=1` is not valid PEP 440.
            "~=" => leading < major && minor_given,
            // Poetry: `^1.10` and `~1.10` stay below 2.
            "^" | "~" => leading < major,
            _ => false,
        }
    })
}

/// `2`, `2.0`, `2.0.0`: nothing below the major version is excluded by `<` it.
fn version_is_major_only(version: &str) -> bool {
    version.split('.').skip(1).all(|part| part == "0")
}

fn split_clause(clause: &str) -> (&str, &str) {
    let end = clause
        .find(|c: char| !matches!(c, '<' | '>' | '=' | '~' | '!' | '^'))
        .unwrap_or(clause.len());
    (&clause[..end], clause[end..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds() {
        let dir = std::env::temp_dir().join(format!("pyexpert-pins-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("pyproject.toml"),
            "[project]\nname = 'x'\ndependencies = ['tomli>=2.4.0', 'toml~=0.10']\n",
        )
        .unwrap();
        let found = (
            requires_at_least(&dir, "tomli", 2, 4),
            requires_at_least(&dir, "tomli", 2, 5),
            requires_at_least(&dir, "toml", 0, 10),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, (true, false, true));
    }

    #[test]
    fn caps_below_the_major_version() {
        for capped in [
            "<2",
            "<2.0",
            ">=1.8,<2.0",
            "<=1.10.13",
            "==1.10.2",
            "==1.*",
            "~=1.10",
            "^1.10",
            "~1.10",
        ] {
            assert!(caps_below(capped, 2), "{capped}");
        }
        for open in [">=1.8", ">=2", "<3", "!=1.8", "^2.0", "~=2.1", "*", "<2.5"] {
            assert!(!caps_below(open, 2), "{open}");
        }
    }

    #[test]
    fn reads_requirements_in_each_spelling() {
        assert_eq!(
            requirement_specifier("pydantic>=1.8,<2; python_version > '3.7'", "pydantic"),
            Some(">=1.8,<2".to_string())
        );
        assert_eq!(
            requirement_specifier("pydantic[email] <2", "pydantic"),
            Some("<2".to_string())
        );
        assert_eq!(
            requirement_specifier("pydantic-settings<2", "pydantic"),
            None
        );
        assert_eq!(requirement_specifier("pydantic", "pydantic"), None);
        let poetry = "[tool.poetry.dependencies]\npython = '>=3.8'\npydantic = '<2'\n";
        assert_eq!(pyproject_specifiers(poetry, "pydantic"), ["<2"]);
        let table =
            "[tool.poetry.dependencies]\npydantic = { version = '^1.10', extras = ['email'] }\n";
        assert_eq!(pyproject_specifiers(table, "pydantic"), ["^1.10"]);
        let pep621 = "[project]\nname = 'x'\ndependencies = ['httpx', 'pydantic>=1.9,<2.0']\n";
        assert_eq!(pyproject_specifiers(pep621, "pydantic"), [">=1.9,<2.0"]);
        let setup = "setup(\n    install_requires=['pydantic>=1.8,<2', \"attrs\"],\n)\n";
        assert_eq!(text_specifiers(setup, "pydantic"), [">=1.8,<2"]);
    }
}
