//! Which modules of the project a module refers to: what it imports (anywhere, relative
//! imports resolved) and the dotted names it spells in strings where Python code names
//! modules to load (`pytest_plugins`, settings such as `INSTALLED_APPS`,
//! `importlib.import_module("...")`, `mock.patch("pkg.mod.name")`). The run uses it to
//! tell a test helper, which something imports, from data that a test suite only reads.

use rustpython_parser::ast::{self, Constant, Expr, Stmt};

use crate::project::{resolve_relative, ProjectIndex};
use crate::semantic::{BindingKind, SemanticModel};

/// The module `importer` (a package's `__init__` when `is_package`) refers to, keeping
/// only names that can mean a module of `project`; sorted, without duplicates.
pub fn module_references(
    model: &SemanticModel<'_>,
    body: &[Stmt],
    importer: &str,
    is_package: bool,
    project: &ProjectIndex,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for id in model.scope_ids() {
        for (_, bindings) in model.scope(id).names() {
            for binding in bindings {
                let BindingKind::Import(path) = model.binding(*binding).kind else {
                    continue;
                };
                let Some(module) = resolve_relative(importer, is_package, path.level, path.module)
                else {
                    continue;
                };
                if let Some(member) = path.member {
                    names.push(format!("{module}.{member}"));
                }
                names.push(module);
            }
        }
    }
    collect_strings(body, true, &mut names);
    names.retain(|name| name != importer && can_name_project_module(name, project));
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether a run of the dotted `name`'s segments (`b` or `a.b` of `a.b.c`) is a project
/// module: imports spell names the interpreter resolves, which may start above the
/// packages the linter sees and go on to a member.
fn can_name_project_module(name: &str, project: &ProjectIndex) -> bool {
    crate::project::segment_runs(name).any(|run| project.is_module(&run))
}

/// Strings in the places code names modules: values assigned at module level, and the
/// string arguments of loader calls and decorators anywhere.
fn collect_strings(body: &[Stmt], module_level: bool, names: &mut Vec<String>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(ast::StmtAssign { value, .. })
            | Stmt::AnnAssign(ast::StmtAnnAssign {
                value: Some(value), ..
            }) => {
                if module_level {
                    literal_strings(value, names);
                }
                loader_call_strings(value, names);
            }
            Stmt::Expr(ast::StmtExpr { value, .. })
            | Stmt::Return(ast::StmtReturn {
                value: Some(value), ..
            }) => loader_call_strings(value, names),
            Stmt::With(ast::StmtWith { items, .. })
            | Stmt::AsyncWith(ast::StmtAsyncWith { items, .. }) => {
                for item in items {
                    loader_call_strings(&item.context_expr, names);
                }
            }
            Stmt::FunctionDef(ast::StmtFunctionDef { decorator_list, .. })
            | Stmt::AsyncFunctionDef(ast::StmtAsyncFunctionDef { decorator_list, .. })
            | Stmt::ClassDef(ast::StmtClassDef { decorator_list, .. }) => {
                for decorator in decorator_list {
                    loader_call_strings(decorator, names);
                }
            }
            _ => {}
        }
        for nested in crate::ast_ext::child_statement_lists(stmt) {
            collect_strings(nested, false, names);
        }
    }
}

/// A string, or the strings of a list, tuple or set display (one level of nesting, for
/// settings like `[("name", "pkg.module")]`), or of a dict's values.
fn literal_strings(expr: &Expr, names: &mut Vec<String>) {
    match expr {
        Expr::Constant(ast::ExprConstant {
            value: Constant::Str(text),
            ..
        }) => push_dotted(text, names),
        Expr::List(ast::ExprList { elts, .. })
        | Expr::Tuple(ast::ExprTuple { elts, .. })
        | Expr::Set(ast::ExprSet { elts, .. }) => {
            for element in elts {
                match element {
                    Expr::List(_) | Expr::Tuple(_) => literal_strings(element, names),
                    _ => {
                        if let Some(text) = crate::ast_ext::string_literal(element) {
                            push_dotted(text, names);
                        }
                    }
                }
            }
        }
        Expr::Dict(ast::ExprDict { values, .. }) => {
            for value in values {
                literal_strings(value, names);
            }
        }
        _ => {}
    }
}

/// The leading string argument of `import_module("x")`, `__import__("x")`,
/// `patch("x.y")`, `patch.object`-free spellings alike.
fn loader_call_strings(expr: &Expr, names: &mut Vec<String>) {
    let Expr::Call(call) = expr else {
        return;
    };
    let is_loader = matches!(
        crate::ast_ext::callee_last_name(call),
        Some("import_module" | "__import__" | "patch" | "import_string" | "reload")
    );
    if !is_loader {
        return;
    }
    if let Some(text) = call.args.first().and_then(crate::ast_ext::string_literal) {
        push_dotted(text, names);
    }
}

/// Keeps `text` if it reads as a dotted module path. A file name (`"case.py"`) is not one:
/// a test that names a file reads it as data.
fn push_dotted(text: &str, names: &mut Vec<String>) {
    let dotted = !text.is_empty()
        && text.len() <= 200
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let file_name = text.rsplit_once('.').is_some_and(|(_, extension)| {
        matches!(
            extension,
            "py" | "pyi"
                | "pyc"
                | "txt"
                | "json"
                | "toml"
                | "cfg"
                | "ini"
                | "yaml"
                | "yml"
                | "csv"
                | "xml"
                | "html"
                | "md"
                | "rst"
        )
    });
    if dotted && !file_name {
        names.push(text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn references(source: &str, importer: &str, modules: &[&str]) -> Vec<String> {
        let parsed = crate::parse::parse_module(source).expect("valid source");
        let model = SemanticModel::build(&parsed.body);
        let root = PathBuf::from("/nonexistent-project");
        let files: Vec<PathBuf> = modules
            .iter()
            .map(|m| root.join(format!("{}.py", m.replace('.', "/"))))
            .collect();
        let project = ProjectIndex::from_files(files.iter().map(PathBuf::as_path));
        module_references(&model, &parsed.body, importer, false, &project)
    }

    #[test]
    fn imports_anywhere_and_module_names_in_strings() {
        let source = "\
import helpers
from .cases import sample
pytest_plugins = ['plugin_fixtures']
INSTALLED_APPS = ['django.contrib.auth', 'app_models']
def test_x():
    from unrelated import thing
    mod = importlib.import_module('loaded_later')
@mock.patch('patched.attribute')
def test_y():
    pass
";
        let found = references(
            source,
            "tests_pkg.test_a",
            &[
                "helpers",
                "sample",
                "plugin_fixtures",
                "app_models",
                "loaded_later",
                "patched",
            ],
        );
        assert!(found.contains(&"helpers".to_string()), "{found:?}");
        assert!(
            found.contains(&"tests_pkg.cases.sample".to_string()),
            "{found:?}"
        );
        assert!(found.contains(&"plugin_fixtures".to_string()), "{found:?}");
        assert!(found.contains(&"app_models".to_string()), "{found:?}");
        assert!(found.contains(&"loaded_later".to_string()), "{found:?}");
        assert!(
            found.contains(&"patched.attribute".to_string()),
            "{found:?}"
        );
        assert!(!found.iter().any(|n| n.contains("unrelated")), "{found:?}");
        assert!(!found.iter().any(|n| n.contains("django")), "{found:?}");
    }
}
