//! `python_requires` of a setuptools project that states it outside `pyproject.toml`: in
//! `setup.cfg` (`[options] python_requires = >=3.7`) or as a string literal in the
//! `setup(...)` call of `setup.py`. Many packages still declare their supported Pythons
//! only there, and a target version taken from the default instead would have the
//! modernisation rules suggest spellings the package's oldest Python rejects. An sdist's
//! `PKG-INFO` says it too (`Requires-Python:`), also when setup.py computes the value or
//! takes it from a helper module. Without a `python_requires`, a `Programming Language ::
//! Python :: 2` classifier in any of these files makes the lowest version 2.7.

use std::path::{Path, PathBuf};

pub const SETUP_CFG: &str = "setup.cfg";
pub const SETUP_PY: &str = "setup.py";

/// Whether `directory` holds a `setup.cfg` or a `setup.py`.
pub fn has_setup_files(directory: &Path) -> bool {
    [SETUP_CFG, SETUP_PY]
        .iter()
        .any(|name| directory.join(name).is_file())
}

/// The `python_requires` specifier stated in `directory`'s `setup.cfg`, else its
/// `setup.py`, else the `Requires-Python` of an sdist's `PKG-INFO`, and the file it came
/// from. Unreadable files count as saying nothing: they
/// are build inputs, not pyexpert's configuration.
pub fn python_requires(directory: &Path) -> Option<(String, PathBuf)> {
    let read = |name: &str| {
        let path = directory.join(name);
        std::fs::read_to_string(&path).ok().map(|text| (text, path))
    };
    let (cfg, py, pkg_info) = (read(SETUP_CFG), read(SETUP_PY), read(PKG_INFO));
    let stated = |file: &Option<(String, PathBuf)>, find: fn(&str) -> Option<String>| {
        file.as_ref()
            .and_then(|(text, path)| Some((find(text)?, path.clone())))
    };
    stated(&cfg, python_requires_in_cfg)
        .or_else(|| stated(&py, python_requires_in_setup_py))
        // An sdist's metadata holds the value a setup.py computed (`python_requires=
        // PYTHON_REQUIRES`) or took from a helper module.
        .or_else(|| stated(&pkg_info, requires_python_in_pkg_info))
        // Without a `python_requires`, a Python 2 classifier still says the package runs
        // there.
        .or_else(|| {
            [&cfg, &py, &pkg_info]
                .into_iter()
                .flatten()
                .find_map(|(text, path)| {
                    declares_python_2(text).then(|| (">=2.7".to_string(), path.clone()))
                })
        })
}

/// The metadata file at the top of an sdist (core metadata, as setuptools writes it).
pub const PKG_INFO: &str = "PKG-INFO";

/// The `Requires-Python:` header of a `PKG-INFO` file. The headers end at the first empty
/// line (the long description follows).
pub fn requires_python_in_pkg_info(text: &str) -> Option<String> {
    text.lines()
        .take_while(|line| !line.trim().is_empty())
        .find_map(|line| line.strip_prefix("Requires-Python:"))
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// Whether the text lists a `Programming Language :: Python :: 2` classifier (`2`, `2.7`,
/// `2 :: Only`), outside comments.
pub fn declares_python_2(text: &str) -> bool {
    const CLASSIFIER: &str = "Programming Language :: Python :: 2";
    text.lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with('#') && !line.starts_with(';')
        })
        .any(|line| {
            line.match_indices(CLASSIFIER).any(|(at, _)| {
                let rest = &line[at + CLASSIFIER.len()..];
                !rest.starts_with(|c: char| c.is_ascii_digit())
            })
        })
}

/// `python_requires` (or `python-requires`) of the `[options]` section of a setup.cfg,
/// read as setuptools reads it: `key = value` or `key: value`, comments starting with `#`
/// or `;`, and a value that may continue on the indented line after the key.
pub fn python_requires_in_cfg(text: &str) -> Option<String> {
    let mut in_options = false;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(section) = trimmed.strip_prefix('[') {
            in_options = section.trim_end_matches(']').trim() == "options";
            continue;
        }
        if !in_options || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some(split) = trimmed.find(['=', ':']) else {
            continue;
        };
        let key = trimmed[..split].trim().replace('-', "_");
        if key != "python_requires" {
            continue;
        }
        let value = trimmed[split + 1..].trim();
        if !value.is_empty() {
            return Some(value.to_string());
        }
        // The value on the continuation line.
        return lines
            .next_if(|next| next.starts_with([' ', '\t']))
            .map(|next| next.trim().to_string())
            .filter(|value| !value.is_empty());
    }
    None
}

/// The string literal given as `python_requires=` in a setup.py, if the call spells it out,
/// or as the `'python_requires': ...` entry of a dict of keywords (`setup(**setup_kwargs)`,
/// the setup.py Poetry writes into its sdists). A name or an expression
/// (`python_requires=PYTHON_REQUIRES`) says nothing readable, and a commented-out keyword
/// does not count.
pub fn python_requires_in_setup_py(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let at = line.find("python_requires")?;
        if line[..at].contains('#') {
            return None;
        }
        let rest = line[at + "python_requires".len()..].trim_start();
        let rest = match rest.strip_prefix(['"', '\'']) {
            Some(after_key) => after_key.trim_start().strip_prefix(':')?,
            None => rest.strip_prefix('=')?,
        }
        .trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &rest[1..];
        let end = body.find(quote)?;
        Some(body[..end].trim().to_string()).filter(|value| !value.is_empty())
    })
}

/// The last component of each module a setup.py builds as an extension, read as text:
/// the string literal that opens `Extension("pkg.name", ...)` (also `Extension(name=...)`,
/// `setuptools.Extension`, `Pybind11Extension`...). An sdist holds the C or Cython source,
/// not the built module, so only this says that `pkg/__init__.py`'s `__all__` may list it.
pub fn extension_module_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("Extension(") {
        rest = &rest[at + "Extension(".len()..];
        let argument = rest.trim_start();
        let argument = argument
            .strip_prefix("name")
            .and_then(|after| after.trim_start().strip_prefix('='))
            .map_or(argument, str::trim_start);
        let Some(quote) = argument.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let body = &argument[1..];
        let Some(end) = body.find(quote) else {
            continue;
        };
        let dotted = &body[..end];
        if let Some(last) = dotted.rsplit('.').next().filter(|last| !last.is_empty()) {
            names.push(last.to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkg_info_headers() {
        let text =
            "Metadata-Version: 2.1\nName: x\nRequires-Python: >=3.8\n\nRequires-Python: >=2\n";
        assert_eq!(requires_python_in_pkg_info(text).as_deref(), Some(">=3.8"));
        let old = "Metadata-Version: 1.1\nClassifier: Programming Language :: Python :: 2.7\n\nRequires-Python: >=3.9\n";
        assert_eq!(
            requires_python_in_pkg_info(old),
            None,
            "the description is not a header"
        );
        assert!(declares_python_2(old));
    }

    #[test]
    fn extension_modules_by_their_last_component() {
        let text = "gsl = Extension('gsl', libraries=['gsl'])\n\
            ext = [setuptools.Extension(\n    \"pkg.sub._speedups\", [\"src/x.c\"])]\n\
            Pybind11Extension(name = 'fast', sources=[])\n\
            Extension(NAME, sources)\n";
        assert_eq!(extension_module_names(text), ["gsl", "_speedups", "fast"]);
        assert!(extension_module_names("setup(name='x')").is_empty());
    }

    #[test]
    fn setup_cfg_options_in_every_spelling() {
        let read = python_requires_in_cfg;
        assert_eq!(
            read("[metadata]\nname = x\n\n[options]\npackages = find:\npython_requires = >=3.7\n")
                .as_deref(),
            Some(">=3.7")
        );
        assert_eq!(
            read("[options]\npython-requires: >=3.8, <4\n").as_deref(),
            Some(">=3.8, <4")
        );
        assert_eq!(
            read("[options]\npython_requires =\n    >=3.6\n").as_deref(),
            Some(">=3.6")
        );
        assert_eq!(
            read("[options]\n# python_requires = >=3.12\n; python_requires = >=3.11\n"),
            None
        );
        assert_eq!(
            read("[metadata]\npython_requires = >=3.12\n"),
            None,
            "only [options] counts"
        );
        assert_eq!(
            read("[options]\ninstall_requires =\n    python_requires = >=3.12\n"),
            None,
            "a continuation line of another key"
        );
    }

    #[test]
    fn python_2_classifiers() {
        assert!(declares_python_2(
            "classifiers=['Programming Language :: Python :: 2',\n"
        ));
        assert!(declares_python_2(
            "    Programming Language :: Python :: 2.7\n"
        ));
        assert!(declares_python_2(
            "'Programming Language :: Python :: 2 :: Only'"
        ));
        assert!(!declares_python_2("'Programming Language :: Python :: 3'"));
        assert!(!declares_python_2("'Programming Language :: Python :: 20'"));
        assert!(!declares_python_2(
            "# 'Programming Language :: Python :: 2',\n"
        ));
    }

    #[test]
    fn setup_py_literal_keyword() {
        let read = python_requires_in_setup_py;
        assert_eq!(
            read("from setuptools import setup\nsetup(\n    name='x',\n    python_requires='>=3.7',\n)\n")
                .as_deref(),
            Some(">=3.7")
        );
        assert_eq!(
            read("setup(python_requires = \">=3.8\", name=\"x\")\n").as_deref(),
            Some(">=3.8")
        );
        assert_eq!(
            read("setup_kwargs = {\n    'name': 'x',\n    'python_requires': '>=2.7, !=3.0.*',\n}\nsetup(**setup_kwargs)\n").as_deref(),
            Some(">=2.7, !=3.0.*"),
            "the dict of keywords Poetry writes"
        );
        assert_eq!(
            read("KWARGS = {\"python_requires\" : \">=3.9\"}\n").as_deref(),
            Some(">=3.9")
        );
        assert_eq!(read("NAMES = ['python_requires']\n"), None);
        assert_eq!(read("setup(python_requires=PYTHON_REQUIRES)\n"), None);
        assert_eq!(read("setup(\n    # python_requires='>=3.12',\n)\n"), None);
        assert_eq!(read("setup(name='x')\n"), None);
    }
}
