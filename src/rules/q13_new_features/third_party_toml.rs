//! PX1304 third-party-toml: Python 3.11 ships `tomllib` (PEP 680), a TOML 1.0 reader that
//! is `tomli` moved into the standard library. Code that only reads TOML no longer needs the
//! `toml` or `tomli` package.

use rustpython_parser::ast::{ExceptHandler, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, Resolution, Usage};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct ThirdPartyToml;

static META: RuleMeta = RuleMeta {
    code: "PX1304",
    name: "third-party-toml",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: false,
    min_version: Some(PythonVersion::new(3, 11)),
    summary: "`toml`/`tomli` imported to read TOML, which the standard library's `tomllib` does (Python 3.11+)",
    doc: include_str!("../../../rules/PX1304.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// The third-party readers `tomllib` replaces.
const READERS: &[&str] = &["toml", "tomli"];

/// Members of the `toml` package that write TOML, which `tomllib` cannot do.
fn is_writer(member: &str) -> bool {
    member.starts_with("dump") || member.contains("Encoder") || member == "encoder"
}

impl Rule for ThirdPartyToml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Import, NodeKind::ImportFrom]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let package = match stmt {
            Stmt::Import(import) => import
                .names
                .iter()
                .find_map(|alias| reader_package(alias.name.as_str())),
            Stmt::ImportFrom(import) if import.level.is_none_or(|l| l.to_u32() == 0) => {
                let Some(package) = import.module.as_deref().and_then(reader_package) else {
                    return;
                };
                // `from toml import dumps`: the module writes TOML with it.
                if package == "toml" && import.names.iter().any(|a| is_writer(a.name.as_str())) {
                    return;
                }
                Some(package)
            }
            _ => None,
        };
        let Some(package) = package else {
            return;
        };
        if in_fallback(cx)
            || (package == "toml" && writes_with_toml(cx))
            || (package == "tomli" && needs_toml_1_1(cx))
        {
            return;
        }
        let help = if package == "tomli" {
            "`import tomllib` instead: it is the same parser with the same API, in the standard library since Python 3.11"
        } else {
            "`import tomllib` instead and read with `tomllib.load(f)` on a file opened in binary mode (`open(path, \"rb\")`) or `tomllib.loads(text)`"
        };
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!("the third-party `{package}` package is imported to read TOML, which the standard library's `tomllib` does on the targeted Python"),
            help,
        );
    }
}

/// `toml`, `tomli` or one of their submodules (`toml.decoder`), as the package name.
fn reader_package(module: &str) -> Option<&'static str> {
    let top = module.split('.').next().unwrap_or(module);
    READERS.iter().copied().find(|reader| *reader == top)
}

/// Whether the import sits in a fallback for older Pythons: under an `if` that tests
/// `sys.version_info`, in a `try` that also imports `tomllib` and handles a failed import
/// (`try: import tomllib` / `except ImportError: import tomli as tomllib`, either way round),
/// or under any `if` whose branches also import `tomllib` (a typing-only copy of a runtime
/// fallback under `if TYPE_CHECKING:`, next to `if sys.version_info >= (3, 11): import
/// tomllib`).
fn in_fallback(cx: &RuleContext<'_, '_>) -> bool {
    let statements = cx.ctx.statements();
    let scope = cx.ctx.scope();
    statements[..statements.len().saturating_sub(1)]
        .iter()
        .any(|stmt| match stmt {
            Stmt::If(if_) => {
                cx.model.is_version_check(&if_.test, scope)
                    || imports_tomllib(&if_.body)
                    || imports_tomllib(&if_.orelse)
            }
            Stmt::Try(try_) => {
                cx.model.handles_import_error(&try_.handlers, scope)
                    && (imports_tomllib(&try_.body)
                        || try_.handlers.iter().any(|handler| {
                            let ExceptHandler::ExceptHandler(handler) = handler;
                            imports_tomllib(&handler.body)
                        }))
            }
            _ => false,
        })
}

/// Whether a statement list imports `tomllib` (directly, or in a nested `try`/`if`; not in
/// a nested function or class, which runs apart).
fn imports_tomllib(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Import(import) => import
            .names
            .iter()
            .any(|alias| alias.name.as_str() == "tomllib"),
        Stmt::ImportFrom(import) => import.module.as_deref() == Some("tomllib"),
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => false,
        other => ast_ext::child_statement_lists(other)
            .into_iter()
            .any(imports_tomllib),
    })
}

/// Whether the module writes TOML through a `toml` import (`toml.dump(...)`,
/// `toml.dumps(...)`, `toml.TomlEncoder`): then `tomllib` replaces only half of it.
fn writes_with_toml(cx: &RuleContext<'_, '_>) -> bool {
    cx.model.references().iter().any(|reference| {
        let (Usage::Attribute(member) | Usage::MethodCall(member)) = reference.usage else {
            return false;
        };
        if !is_writer(member) {
            return false;
        }
        let Resolution::Bound { ids, .. } =
            cx.model
                .resolve(reference.name, reference.range.start(), reference.scope)
        else {
            return false;
        };
        ids.iter().any(|id| match cx.model.binding(*id).kind {
            BindingKind::Import(path) => {
                path.level == 0
                    && path.member.is_none()
                    && path.module.and_then(reader_package) == Some("toml")
            }
            _ => false,
        })
    })
}

/// The project requires `tomli>=2.4`, the release that reads TOML 1.1 (zensical's
/// configuration): `tomllib` reads only TOML 1.0 before Python 3.15, so it cannot stand in.
fn needs_toml_1_1(cx: &RuleContext<'_, '_>) -> bool {
    if cx.target_version >= crate::version::PythonVersion::new(3, 15) {
        return false;
    }
    let directory = std::path::Path::new(cx.path)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    cx.project
        .requires_dependency_at_least(directory, "tomli", 2, 4)
}
