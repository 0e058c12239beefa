//! PX0401 ctypes-missing-restype: a function of a library loaded with ctypes, called when
//! nothing in the module declares its prototype. ctypes then assumes the C function returns
//! an `int`: a pointer comes back cut to 32 bits (and crashes when used), a `double` comes
//! back as garbage, a `size_t` or `int64_t` loses its high bits.

use rustpython_parser::ast::{Expr, ExprAttribute, ExprCall, ExprContext, Ranged, Stmt};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Reference, Resolution, ScopeId, SemanticModel, Usage};
use crate::visit::{Node, NodeKind};

pub struct CtypesMissingRestype;

static META: RuleMeta = RuleMeta {
    code: "PX0401",
    name: "ctypes-missing-restype",
    severity: Severity::Warning,
    question: Some(Question::new(4)),
    opt_in: false,
    min_version: None,
    summary: "a ctypes library function called without a declared `restype` (its result is read as a C int)",
    doc: include_str!("../../../rules/PX0401.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Calls that load a shared library.
const LOADERS: &[&str] = &[
    "ctypes.CDLL",
    "ctypes.PyDLL",
    "ctypes.WinDLL",
    "ctypes.OleDLL",
    "ctypes.cdll.LoadLibrary",
    "ctypes.pydll.LoadLibrary",
    "ctypes.windll.LoadLibrary",
    "ctypes.oledll.LoadLibrary",
];

/// Library loaders whose attributes are libraries: `ctypes.windll.kernel32`.
const LOADER_OBJECTS: &[&str] = &["cdll", "pydll", "windll", "oledll"];

/// Attributes that declare a foreign function's prototype.
const PROTOTYPE_ATTRIBUTES: &[&str] = &["restype", "argtypes"];

impl Rule for CtypesMissingRestype {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        if cx.is_stub_file() || !cx.model.imports_package("ctypes") || result_discarded(cx, call) {
            return;
        }
        if result_is_only_a_status(cx, call) {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let Some(function) = foreign_function(model, &call.func, scope) else {
            return;
        };
        if is_declared_or_escapes(model, &function) {
            return;
        }
        let name = function.name;
        let shown = match &*call.func {
            Expr::Attribute(attr) => format!("{}.{name}", short(cx.source, &attr.value)),
            other => short(cx.source, other),
        };
        let help = if function.library == Library::Fresh {
            format!("load the library once (`lib = ctypes.CDLL(...)`), then declare the prototype: `lib.{name}.restype = ...` (the C return type, for example `ctypes.c_void_p` or `ctypes.c_double`) and `lib.{name}.argtypes = [...]`")
        } else {
            format!("declare the prototype once after loading the library: `{shown}.restype = ...` (the C return type, for example `ctypes.c_void_p` or `ctypes.c_double`) and `{shown}.argtypes = [...]`")
        };
        cx.report(
            call.range,
            format!("`{shown}(...)` is called but its `restype` is never declared: ctypes reads the result as a C `int`, which truncates pointers and 64-bit integers and garbles doubles"),
            help,
        );
    }
}

/// A loaded shared library, identified the way the module reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Library<'a> {
    /// A name bound to `CDLL(...)` and friends, with the scope that owns the name.
    Name(ScopeId, &'a str),
    /// A library attribute of a loader: `ctypes.windll.kernel32`, `ctypes.pythonapi`.
    Qualified(String),
    /// A library loaded in the call itself (`CDLL(path).func()`): a new object each time,
    /// so nothing can have declared its functions.
    Fresh,
}

/// A function of a library: `lib.name`.
struct ForeignFunction<'a> {
    library: Library<'a>,
    name: &'a str,
}

/// `lib.func`, or a name bound to it, where `lib` is a loaded library.
fn foreign_function<'a>(
    model: &SemanticModel<'a>,
    func: &'a Expr,
    scope: ScopeId,
) -> Option<ForeignFunction<'a>> {
    match func {
        Expr::Attribute(attr) => function_attribute(model, attr, scope),
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), func.start(), scope)?;
            let Some(Expr::Attribute(attr)) = binding.value else {
                return None;
            };
            function_attribute(model, attr, binding.scope)
        }
        _ => None,
    }
}

fn function_attribute<'a>(
    model: &SemanticModel<'a>,
    attr: &'a ExprAttribute,
    scope: ScopeId,
) -> Option<ForeignFunction<'a>> {
    let name = attr.attr.as_str();
    // Dunder lookups are not foreign functions (CDLL refuses them).
    if name.starts_with("__") && name.ends_with("__") {
        return None;
    }
    Some(ForeignFunction {
        library: library(model, &attr.value, scope)?,
        name,
    })
}

/// The library `expr` evaluates to, if it is one.
fn library<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> Option<Library<'a>> {
    if let Some(qualified) = model.qualified_name(expr, scope) {
        return match qualified.segments() {
            ["ctypes", "pythonapi"] => Some(Library::Qualified(qualified.to_string())),
            ["ctypes", loader, library]
                if LOADER_OBJECTS.contains(loader)
                    && *library != "LoadLibrary"
                    && !library.starts_with('_') =>
            {
                Some(Library::Qualified(qualified.to_string()))
            }
            _ => None,
        };
    }
    match expr {
        Expr::Call(call) if is_loader_call(model, call, scope) => Some(Library::Fresh),
        Expr::Name(name) => {
            let name = name.id.as_str();
            let Resolution::Bound { owner, ids } = model.resolve(name, expr.start(), scope) else {
                return None;
            };
            let mut loaded = false;
            for id in &ids {
                let binding = model.binding(*id);
                match binding.value {
                    Some(Expr::Call(call)) if is_loader_call(model, call, binding.scope) => {
                        loaded = true;
                    }
                    // `lib = None` before a lazy load, or in the `except` of a failed one.
                    Some(Expr::Constant(constant)) if constant.value.is_none() => {}
                    _ => return None,
                }
            }
            loaded.then_some(Library::Name(owner, name))
        }
        _ => None,
    }
}

fn is_loader_call<'a>(model: &SemanticModel<'a>, call: &'a ExprCall, scope: ScopeId) -> bool {
    model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(LOADERS))
}

/// Whether the module declares the function's prototype (`lib.f.restype = ...` or
/// `lib.f.argtypes = ...`, also through a name bound to `lib.f`), or hands the library or
/// the function to code that might (`setup(lib)`, `getattr(lib, name)`, `prototype(lib.f)`).
fn is_declared_or_escapes<'a>(model: &SemanticModel<'a>, function: &ForeignFunction<'a>) -> bool {
    if let Library::Name(owner, name) = function.library {
        if model.references_to(owner, name).any(escapes) {
            return true;
        }
    }
    model.references().iter().any(|reference| {
        let Expr::Attribute(access) = reference.chain else {
            return false;
        };
        // `lib.f` read as a value: bound to an alias (whose uses decide) or handed on.
        if access.ctx == ExprContext::Load && is_function(model, access, reference.scope, function)
        {
            return match reference.statement {
                Stmt::Assign(assign) if std::ptr::eq(&*assign.value, reference.chain) => {
                    alias_declared_or_escapes(model, assign, reference.scope)
                }
                _ => true,
            };
        }
        if access.ctx != ExprContext::Store || !PROTOTYPE_ATTRIBUTES.contains(&access.attr.as_str())
        {
            return false;
        }
        match &*access.value {
            Expr::Attribute(inner) => is_function(model, inner, reference.scope, function),
            Expr::Name(_) => {
                foreign_function(model, &access.value, reference.scope).is_some_and(|aliased| {
                    aliased.name == function.name && aliased.library == function.library
                })
            }
            _ => false,
        }
    })
}

/// `attr` is `lib.f` for the function's library and name.
fn is_function<'a>(
    model: &SemanticModel<'a>,
    attr: &'a ExprAttribute,
    scope: ScopeId,
    function: &ForeignFunction<'a>,
) -> bool {
    attr.attr.as_str() == function.name
        && function.library != Library::Fresh
        && library(model, &attr.value, scope).as_ref() == Some(&function.library)
}

/// For `f = lib.f`: whether a name it binds is used to declare the prototype, or leaves
/// where the model can follow it.
fn alias_declared_or_escapes<'a>(
    model: &SemanticModel<'a>,
    assign: &'a rustpython_parser::ast::StmtAssign,
    scope: ScopeId,
) -> bool {
    assign.targets.iter().any(|target| {
        let Expr::Name(alias) = target else {
            // `self.f = lib.f`, `table[k] = lib.f`: out of sight.
            return true;
        };
        let Some(owner) = model.lookup(alias.id.as_str(), scope) else {
            return true;
        };
        model
            .references_to(owner, alias.id.as_str())
            .any(|reference| {
                escapes(reference)
                    || matches!(reference.usage, Usage::AttributeStore(attr) if PROTOTYPE_ATTRIBUTES.contains(&attr))
            })
    })
}

/// A use that lets the value reach code the model does not follow: passed to a call,
/// stored, returned, put in a container. Tests such as `if lib is None:` stay in sight.
fn escapes(reference: &Reference<'_>) -> bool {
    match reference.usage {
        Usage::Argument => true,
        Usage::Load => !matches!(
            reference.statement,
            Stmt::If(_) | Stmt::While(_) | Stmt::Assert(_)
        ),
        _ => false,
    }
}

/// Whether the call's result is only ever used as a status code or a count: tested for
/// truth (`if not ok:`), negated, compared with a number or used as a slice bound, directly
/// or through a variable that is used no other way. A C `int` is then exactly what the code
/// needs (Windows `BOOL`, `DWORD` and `OSErr` returns), and nothing is truncated.
fn result_is_only_a_status(cx: &RuleContext<'_, '_>, call: &ExprCall) -> bool {
    let Some(statement) = cx.ctx.statement() else {
        return false;
    };
    if is_status_use(cx.ctx.expressions(), statement) {
        return true;
    }
    // `ok = lib.f(...)` and every later use of `ok` is a status test.
    let Stmt::Assign(assign) = statement else {
        return false;
    };
    let [Expr::Name(target)] = assign.targets.as_slice() else {
        return false;
    };
    if !matches!(&*assign.value, Expr::Call(c) if std::ptr::eq(c, call)) {
        return false;
    }
    let model = cx.model;
    let Some(owner) = model.lookup(target.id.as_str(), cx.ctx.scope()) else {
        return false;
    };
    let mut uses = model.references_to(owner, target.id.as_str()).peekable();
    uses.peek().is_some()
        && uses.all(|reference| {
            crate::visit::expression_path(reference.statement, reference.range)
                .is_some_and(|path| is_status_use(&path, reference.statement))
        })
}

/// `path` ends with a value; whether that value is used as a status or count: negated,
/// compared with a number, a slice bound, or the test of an `if`, `while` or `assert`
/// (also inside `and`/`or`).
fn is_status_use(path: &[&Expr], statement: &Stmt) -> bool {
    let Some((value, ancestors)) = path.split_last() else {
        return false;
    };
    let mut current: &Expr = value;
    for parent in ancestors.iter().rev() {
        match parent {
            Expr::UnaryOp(unary) if unary.op == rustpython_parser::ast::UnaryOp::Not => {
                return true
            }
            Expr::Compare(compare) => {
                let operands = std::iter::once(&*compare.left).chain(&compare.comparators);
                return operands
                    .filter(|operand| !std::ptr::eq(*operand, current))
                    .all(is_number);
            }
            Expr::BoolOp(_) => current = parent,
            // A slice bound is a count or an index, never a pointer.
            Expr::Slice(_) => return true,
            _ => return false,
        }
    }
    let test = match statement {
        Stmt::If(s) => &*s.test,
        Stmt::While(s) => &*s.test,
        Stmt::Assert(s) => &*s.test,
        _ => return false,
    };
    std::ptr::eq(test, current)
}

fn is_number(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(c) => matches!(
            c.value,
            rustpython_parser::ast::Constant::Int(_) | rustpython_parser::ast::Constant::Float(_)
        ),
        Expr::UnaryOp(unary) => is_number(&unary.operand),
        _ => false,
    }
}

/// `lib.free(ptr)` as a statement: the result is thrown away, so its type cannot matter.
fn result_discarded(cx: &RuleContext<'_, '_>, call: &ExprCall) -> bool {
    matches!(
        cx.ctx.statement(),
        Some(Stmt::Expr(stmt)) if matches!(&*stmt.value, Expr::Call(c) if std::ptr::eq(c, call))
    )
}

/// The source text of a short expression, for messages.
fn short(source: &str, expr: &Expr) -> String {
    let text = &source[expr.range()];
    if text.len() <= 40 && !text.contains('\n') {
        text.to_string()
    } else {
        "...".to_string()
    }
}
