//! PX0103 legacy-finder-protocol: an import hook written against the protocol PEP 451
//! replaced. Since Python 3.12 the import system never calls `find_module()` or
//! `find_loader()`: a finder that only has those is skipped without a word, and the imports
//! it was meant to serve fail or come from somewhere else. `load_module()` still works as a
//! deprecated fallback (with an ImportWarning) until its removal in 3.15.

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{Expr, Ranged, Stmt, StmtClassDef};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, BindingKind, Reference, ScopeId, ScopeKind, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct LegacyFinderProtocol;

static META: RuleMeta = RuleMeta {
    code: "PX0103",
    name: "legacy-finder-protocol",
    severity: Severity::Error,
    question: Some(Question::new(1)),
    opt_in: false,
    min_version: None,
    summary: "an import finder or loader with `find_module`/`load_module` but no `find_spec`/`exec_module`",
    doc: include_str!("../../../rules/PX0103.md"),
    applies_to: Roles::RUNNING_CODE.without(FileRole::Test),
};

/// The import system's base classes: a subclass is meant to be used as a finder or loader.
const IMPORT_BASES: &[&str] = &[
    "importlib.abc.Finder",
    "importlib.abc.MetaPathFinder",
    "importlib.abc.PathEntryFinder",
    "importlib.abc.Loader",
    "importlib.abc.ResourceLoader",
    "importlib.abc.InspectLoader",
    "importlib.abc.ExecutionLoader",
    "importlib.abc.FileLoader",
    "importlib.abc.SourceLoader",
];

/// Import base classes that supply none of the PEP 451 methods themselves.
const BARE_BASES: &[&str] = &[
    "importlib.abc.Finder",
    "importlib.abc.MetaPathFinder",
    "importlib.abc.PathEntryFinder",
    "importlib.abc.Loader",
    "importlib.abc.ResourceLoader",
    "builtins.object",
];

/// Import base classes that supply `exec_module` (built on `get_code`), but no `find_spec`.
const EXECUTING_BASES: &[&str] = &[
    "importlib.abc.InspectLoader",
    "importlib.abc.ExecutionLoader",
    "importlib.abc.FileLoader",
    "importlib.abc.SourceLoader",
];

/// Where the import system looks for hooks.
const HOOK_LISTS: &[&str] = &["sys.meta_path", "sys.path_hooks"];
/// `list` methods that put a hook in place.
const ADDING_METHODS: &[&str] = &["insert", "append", "extend"];

/// Legacy finder methods, replaced by `find_spec` (the import system stopped calling them
/// in 3.12).
const LEGACY_FINDER: &[&str] = &["find_module", "find_loader"];

/// Following the module's own classes through their bases stops here.
const MAX_DEPTH: u8 = 16;

impl Rule for LegacyFinderProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ClassDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(Stmt::ClassDef(class)) = node else {
            return;
        };
        // A stub describes a hook implemented elsewhere; the fix belongs there.
        if cx.is_stub_file() {
            return;
        }
        let scope = cx.ctx.scope();
        let model = cx.model;
        let mut methods = Methods::default();
        collect_methods(model, class, scope, &mut methods, 0);
        if methods.opaque {
            return;
        }
        let legacy_finder = LEGACY_FINDER
            .iter()
            .copied()
            .filter(|m| methods.defined.contains(m))
            .collect::<Vec<_>>();
        let finder_gap = !legacy_finder.is_empty() && !methods.defined.contains("find_spec");
        let loader_gap = methods.defined.contains("load_module")
            && !methods.defined.contains("exec_module")
            && !methods.inherits_exec_module;
        if !finder_gap && !loader_gap {
            return;
        }
        let Some(usage) = hook_usage(model, class, scope) else {
            return;
        };
        let anchor = ast_ext::keyword_and_name_range(cx.source, class.range.start(), &class.name);
        let name = class.name.as_str();
        let (message, help) = if finder_gap {
            let legacy = legacy_finder
                .iter()
                .map(|m| format!("`{m}()`"))
                .collect::<Vec<_>>()
                .join(" and ");
            let loader = if loader_gap {
                " (its `load_module()` is deprecated too, and goes in 3.15)"
            } else {
                ""
            };
            (
                format!("`{name}` {usage} but only implements {legacy}, which the import system no longer calls from Python 3.12: the finder is silently skipped{loader}"),
                "implement `find_spec(fullname, path, target=None)` returning `importlib.util.spec_from_loader(fullname, loader)` (or None), and give the loader `create_module`/`exec_module`",
            )
        } else {
            (
                format!("`{name}` {usage} but loads modules with `load_module()` and has no `exec_module()`: the import system only falls back to it with an ImportWarning, and the fallback goes in Python 3.15"),
                "implement `exec_module(module)` (and `create_module(spec)` returning None for the default module) instead of `load_module()`",
            )
        };
        cx.report(anchor, message, help);
    }
}

/// What a class and the module's classes it derives from define.
#[derive(Default)]
struct Methods<'a> {
    defined: FxHashSet<&'a str>,
    /// A base from `importlib.abc` supplies `exec_module`.
    inherits_exec_module: bool,
    /// A base the model cannot see into might supply anything.
    opaque: bool,
}

fn collect_methods<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    methods: &mut Methods<'a>,
    depth: u8,
) {
    if depth > MAX_DEPTH {
        methods.opaque = true;
        return;
    }
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(def) => {
                methods.defined.insert(def.name.as_str());
            }
            Stmt::AsyncFunctionDef(def) => {
                methods.defined.insert(def.name.as_str());
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Some(name) = ast_ext::name_id(target) {
                        methods.defined.insert(name);
                    }
                }
            }
            _ => {}
        }
    }
    for base in model.class_bases(class, scope) {
        match base {
            Base::Qualified(name) if name.is_any(BARE_BASES) => {}
            Base::Qualified(name) if name.is_any(EXECUTING_BASES) => {
                methods.inherits_exec_module = true;
            }
            Base::Local(def, def_scope) => {
                collect_methods(model, def, def_scope, methods, depth + 1);
            }
            Base::Qualified(_) | Base::Unknown => methods.opaque = true,
        }
    }
}

/// How the class is used as an import hook: derived from an `importlib.abc` class, or put
/// in `sys.meta_path`/`sys.path_hooks` (an instance, the class itself, or `self`/`cls` in
/// one of its methods) somewhere in this module.
fn hook_usage<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> Option<&'static str> {
    if model.class_inherits_from(class, scope, IMPORT_BASES) {
        return Some("is an import hook (it derives from `importlib.abc`)");
    }
    model
        .references()
        .iter()
        .find_map(|reference| {
            let (list, added) = hook_addition(model, reference)?;
            added
                .iter()
                .any(|expr| is_instance_or_class(model, expr, reference.scope, class))
                .then_some(list)
        })
        .map(|list| {
            if list == "sys.path_hooks" {
                "is installed in `sys.path_hooks`"
            } else {
                "is installed in `sys.meta_path`"
            }
        })
}

/// The hook list a reference adds to, with the added expressions: `sys.meta_path.insert(0,
/// x)`, `.append(x)`, `.extend([x, y])`, `sys.meta_path += [x]`, `sys.meta_path[:0] = [x]`.
fn hook_addition<'a>(
    model: &SemanticModel<'a>,
    reference: &Reference<'a>,
) -> Option<(&'static str, Vec<&'a Expr>)> {
    let is_hook_list = |expr: &'a Expr| {
        let name = model.qualified_name(expr, reference.scope)?;
        HOOK_LISTS.iter().copied().find(|list| name.is(list))
    };
    if let Expr::Call(call) = reference.chain {
        let Expr::Attribute(method) = &*call.func else {
            return None;
        };
        if !ADDING_METHODS.contains(&method.attr.as_str()) {
            return None;
        }
        let list = is_hook_list(&method.value)?;
        let added = match (method.attr.as_str(), call.args.as_slice()) {
            ("insert", [_, item]) | ("append", [item]) => vec![item],
            ("extend", [items]) => elements(items),
            _ => return None,
        };
        return Some((list, added));
    }
    match reference.statement {
        Stmt::AugAssign(aug) if std::ptr::eq(&*aug.target, reference.chain) => {
            Some((is_hook_list(&aug.target)?, elements(&aug.value)))
        }
        Stmt::Assign(assign)
            if assign
                .targets
                .iter()
                .any(|t| std::ptr::eq(t, reference.chain)) =>
        {
            let Expr::Subscript(sub) = reference.chain else {
                return None;
            };
            Some((is_hook_list(&sub.value)?, elements(&assign.value)))
        }
        _ => None,
    }
}

/// The items of a list or tuple display, or the expression itself.
fn elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    }
}

/// `C()`, `C`, `C.factory(...)`, a name bound to one of these, or `self`/`cls` inside a
/// method of `C`.
fn is_instance_or_class<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    class: &'a StmtClassDef,
) -> bool {
    match expr {
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attr) => names_class(model, &attr.value, scope, class),
            func => names_class(model, func, scope, class),
        },
        Expr::Name(name) => {
            if names_class(model, expr, scope, class) {
                return true;
            }
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return false;
            };
            match binding.kind {
                BindingKind::Parameter => {
                    is_receiver_of(model, binding.scope, name.id.as_str(), class)
                }
                BindingKind::Assignment => binding.value.is_some_and(|value| {
                    matches!(value, Expr::Call(_))
                        && is_instance_or_class(model, value, binding.scope, class)
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `expr` is a name bound to the class statement `class`.
fn names_class<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    class: &'a StmtClassDef,
) -> bool {
    let Expr::Name(name) = expr else {
        return false;
    };
    model
        .unique_binding(name.id.as_str(), expr.start(), scope)
        .and_then(|binding| binding.class())
        .is_some_and(|(def, _)| std::ptr::eq(def, class))
}

/// `name` is the first parameter (`self` or `cls`) of a method defined in `class`'s body.
fn is_receiver_of(
    model: &SemanticModel<'_>,
    function: ScopeId,
    name: &str,
    class: &StmtClassDef,
) -> bool {
    let scope = model.scope(function);
    let ScopeKind::Function(def) = scope.kind else {
        return false;
    };
    if def.first_parameter() != Some(name) {
        return false;
    }
    scope.parent.is_some_and(
        |parent| matches!(model.scope(parent).kind, ScopeKind::Class(c) if std::ptr::eq(c, class)),
    )
}
