//! PX0401 ctypes-missing-restype: a function of a library loaded with ctypes, called when
//! nothing in the module declares its prototype, whose result a C `int` cannot hold. ctypes
//! assumes the C function returns an `int`: a pointer comes back cut to 32 bits (and
//! crashes when used), a `double` comes back as garbage, a `size_t` or `int64_t` loses its
//! high bits.
//!
//! Most foreign functions do return an `int` (Win32 `BOOL` and `DWORD`, libc status codes),
//! and for them the default is right. So the rule needs evidence that this result is not
//! one: the function is one whose C return type is known (a table of libc, Win32 and
//! Objective-C runtime functions), or the code uses the result as a pointer (hands it to
//! `ctypes.string_at`, `ctypes.cast`, `c_void_p`), compares it with a value beyond 32 bits
//! (`== 0xFFFFFFFF`), or passes it on to another foreign function (of a library that is
//! not a Windows DLL). Results that are always misread (addresses, doubles, impossible
//! comparisons) are errors; 64-bit integers and values passed on, misread only when their
//! value needs the upper half, are warnings. Windows kernel and window handles are left
//! alone: Windows keeps their values within 32 bits, so a C `int` holds them.

use rustpython_parser::ast::bigint::BigInt;
use rustpython_parser::ast::{
    Constant, Expr, ExprAttribute, ExprCall, ExprContext, Ranged, Stmt, UnaryOp,
};

use super::c_return_types::{known_return, CReturn};

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
    summary: "a ctypes library function whose result is a pointer, `double` or 64-bit value, called without a declared `restype` (ctypes reads a C int)",
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

/// The loaders of Windows DLLs (stdcall), whose handles Windows keeps within 32 bits.
const WINDOWS_LOADERS: &[&str] = &[
    "ctypes.WinDLL",
    "ctypes.OleDLL",
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
        let model = cx.model;
        let scope = cx.ctx.scope();
        let Some(function) = foreign_function(model, &call.func, scope) else {
            return;
        };
        if is_declared_or_escapes(model, &function) {
            return;
        }
        let Some(evidence) = evidence(cx, call, function.name) else {
            return;
        };
        if evidence.is_windows_handle(function.windows) {
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
        let severity = evidence.severity();
        cx.report(
            call.range,
            format!(
                "`{shown}(...)` {}, but its `restype` is never declared: {}",
                evidence.what(),
                evidence.consequence()
            ),
            help,
        )
        .severity = severity;
    }
}

/// Why the result of a call is not a C `int`.
#[derive(Debug, Clone)]
enum Evidence {
    /// The C function of this name returns such a value.
    Known(CReturn),
    /// The result is handed to a ctypes function that reads it as an address.
    UsedAsPointer(String),
    /// The result is compared with a number outside the range of a C `int`.
    ComparedBeyondInt(String),
    /// The result is passed on to another foreign function, or wrapped in a handle type:
    /// a handle or a pointer.
    PassedOn(String),
}

impl Evidence {
    fn what(&self) -> String {
        match self {
            Evidence::Known(CReturn::Pointer) => "returns a pointer in C".to_string(),
            Evidence::Known(CReturn::Double) => "returns a `double` in C".to_string(),
            Evidence::Known(CReturn::Wide) => "returns a 64-bit integer in C".to_string(),
            Evidence::Known(CReturn::Handle) => "returns a pointer-sized handle in C".to_string(),
            Evidence::UsedAsPointer(reader) => {
                format!("returns an address (its result goes to `{reader}`)")
            }
            Evidence::ComparedBeyondInt(value) => {
                format!("returns a value compared with `{value}`, which does not fit in a C `int`")
            }
            Evidence::PassedOn(callee) if callee.starts_with("ctypes.wintypes.") => {
                format!("returns a handle (its result goes to `{callee}`)")
            }
            Evidence::PassedOn(callee) => {
                format!("returns a value passed on to the foreign function `{callee}` (a handle or a pointer)")
            }
        }
    }

    fn consequence(&self) -> &'static str {
        match self {
            Evidence::Known(CReturn::Double) => "ctypes reads a C `int` from the integer register instead, so the value is garbage",
            Evidence::Known(CReturn::Wide) => "ctypes reads it as a C `int` and keeps only the low 32 bits",
            Evidence::ComparedBeyondInt(_) => "ctypes reads it as a signed 32-bit `int`, so the comparison is never true",
            Evidence::Known(CReturn::Handle) | Evidence::PassedOn(_) => "ctypes reads it as a 32-bit `int`, which loses the upper half of a 64-bit pointer",
            Evidence::Known(CReturn::Pointer) | Evidence::UsedAsPointer(_) => "ctypes reads it as a C `int`, which cuts the address to 32 bits on a 64-bit platform",
        }
    }

    /// A Windows kernel or window handle, read as a C `int`: nothing is lost, since
    /// Windows keeps handle values within 32 bits (so that 32- and 64-bit processes can
    /// share them), and the sign-extended value goes back to the next call intact. A result
    /// of a Windows DLL passed on to another function is such a handle; a pointer it
    /// returns shows by its name or by being read as an address.
    fn is_windows_handle(&self, windows_library: bool) -> bool {
        match self {
            Evidence::Known(CReturn::Handle) => true,
            Evidence::PassedOn(callee) => windows_library || callee.starts_with("ctypes.wintypes."),
            _ => false,
        }
    }

    /// Wrong at run time where the value is always misread (an address on a 64-bit
    /// platform, a `double`, a comparison that can never hold); a trap where it is misread
    /// only sometimes: a value passed on (a pointer below 4 GiB survives) or a 64-bit
    /// integer (a size or an offset past 2 GiB).
    fn severity(&self) -> Severity {
        match self {
            Evidence::Known(CReturn::Handle | CReturn::Wide) | Evidence::PassedOn(_) => {
                Severity::Warning
            }
            Evidence::Known(CReturn::Pointer | CReturn::Double)
            | Evidence::UsedAsPointer(_)
            | Evidence::ComparedBeyondInt(_) => Severity::Error,
        }
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
    /// The library is loaded as a Windows DLL (`windll`, `WinDLL`...).
    windows: bool,
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
        windows: is_windows_library(model, &attr.value, scope),
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

/// Whether `expr`, a library, is loaded the Windows way: `ctypes.windll.kernel32`, or a
/// name bound to `WinDLL(...)`, `OleDLL(...)` or their loaders' `LoadLibrary(...)`.
fn is_windows_library<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    let windows_loader = |call: &'a ExprCall, scope: ScopeId| {
        model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(WINDOWS_LOADERS))
    };
    if let Some(qualified) = model.qualified_name(expr, scope) {
        return matches!(qualified.segments(), ["ctypes", "windll" | "oledll", _]);
    }
    match expr {
        Expr::Call(call) => windows_loader(call, scope),
        Expr::Name(name) => {
            let Resolution::Bound { ids, .. } =
                model.resolve(name.id.as_str(), expr.start(), scope)
            else {
                return false;
            };
            ids.iter().any(|id| {
                let binding = model.binding(*id);
                matches!(binding.value, Some(Expr::Call(call)) if windows_loader(call, binding.scope))
            })
        }
        _ => false,
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

/// ctypes functions that read their argument as an address.
const POINTER_READERS: &[&str] = &[
    "ctypes.string_at",
    "ctypes.wstring_at",
    "ctypes.cast",
    "ctypes.c_void_p",
    "ctypes.c_char_p",
    "ctypes.c_wchar_p",
    "ctypes.memmove",
    "ctypes.memset",
    "ctypes.wintypes.HMODULE",
    "ctypes.wintypes.LPVOID",
];

/// ctypes types of Windows handles: a value wrapped in one is a handle.
const HANDLE_TYPES: &[&str] = &[
    "ctypes.wintypes.HANDLE",
    "ctypes.wintypes.HWND",
    "ctypes.wintypes.HDC",
    "ctypes.wintypes.HKEY",
];

/// Functions that take a count: a result passed to one is a size, not a handle.
const COUNT_TAKERS: &[&str] = &[
    "ctypes.create_string_buffer",
    "ctypes.create_unicode_buffer",
    "builtins.range",
];

/// What one use of the result shows about its C type.
#[derive(Debug, Clone)]
enum Use {
    /// A truth test, a negation, a comparison with a number that fits an `int`.
    Status,
    /// Arithmetic, a slice bound, a buffer size, `range(n)`: a count.
    Count,
    /// Anything that says nothing about the type (returned, stored, printed...).
    Other,
    /// Evidence that the value is no `int`.
    Evidence(Evidence),
}

/// The evidence that the result of `call` (a call of the foreign function `name`) is not a
/// C `int`, from the function's name and from the uses of the result: directly, or through
/// a variable it is assigned to.
fn evidence(cx: &RuleContext<'_, '_>, call: &ExprCall, name: &str) -> Option<Evidence> {
    let uses = result_uses(cx, call);
    // A Windows handle wrapped in `c_void_p` is still the handle: its value fits 32 bits.
    let handle_function = known_return(name) == Some(CReturn::Handle);
    for found in &uses {
        match found {
            Use::Evidence(Evidence::UsedAsPointer(_)) if handle_function => {}
            Use::Evidence(
                evidence @ (Evidence::UsedAsPointer(_) | Evidence::ComparedBeyondInt(_)),
            ) => return Some(evidence.clone()),
            _ => {}
        }
    }
    let only_status_or_count =
        !uses.is_empty() && uses.iter().all(|u| matches!(u, Use::Status | Use::Count));
    if let Some(known) = known_return(name) {
        // `if not lib.malloc(n):`: even a cut pointer is tested for zero correctly.
        return (!only_status_or_count).then_some(Evidence::Known(known));
    }
    if uses.iter().any(|u| matches!(u, Use::Count)) {
        return None;
    }
    uses.into_iter().find_map(|u| match u {
        Use::Evidence(evidence @ Evidence::PassedOn(_)) => Some(evidence),
        _ => None,
    })
}

/// Each use of the call's result: the call itself in its expression, or, for
/// `name = lib.f(...)`, every load of `name`.
fn result_uses(cx: &RuleContext<'_, '_>, call: &ExprCall) -> Vec<Use> {
    let Some(statement) = cx.ctx.statement() else {
        return Vec::new();
    };
    let model = cx.model;
    let scope = cx.ctx.scope();
    if let Stmt::Assign(assign) = statement {
        if let ([Expr::Name(target)], Expr::Call(value)) =
            (assign.targets.as_slice(), &*assign.value)
        {
            if std::ptr::eq(value, call) {
                let Some(owner) = model.lookup(target.id.as_str(), scope) else {
                    return Vec::new();
                };
                // Only the loads this assignment can reach (`res = f(); ...; res = g();
                // res == X` judges `g`'s result, not `f`'s).
                let name = target.id.as_str();
                let this = model
                    .scope(owner)
                    .bindings_of(name)
                    .iter()
                    .copied()
                    .find(|id| model.binding(*id).range == target.range);
                return model
                    .references_to(owner, name)
                    .filter(|reference| {
                        match model.resolve(name, reference.range.start(), reference.scope) {
                            Resolution::Bound { ids, .. } => {
                                this.is_none_or(|this| ids.contains(&this))
                            }
                            _ => false,
                        }
                    })
                    .map(|reference| {
                        crate::visit::expression_path(reference.statement, reference.range)
                            .map_or(Use::Other, |path| {
                                classify_use(cx, &path, reference.statement, reference.scope)
                            })
                    })
                    .collect();
            }
        }
    }
    vec![classify_use(cx, cx.ctx.expressions(), statement, scope)]
}

/// `path` ends with the result; what its nearest enclosing expressions do with it.
fn classify_use(cx: &RuleContext<'_, '_>, path: &[&Expr], statement: &Stmt, scope: ScopeId) -> Use {
    let Some((value, ancestors)) = path.split_last() else {
        return Use::Other;
    };
    let mut current: &Expr = value;
    for parent in ancestors.iter().rev() {
        match parent {
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => return Use::Status,
            Expr::BoolOp(_) => current = parent,
            Expr::Compare(compare) => {
                let others: Vec<&Expr> = std::iter::once(&*compare.left)
                    .chain(&compare.comparators)
                    .filter(|operand| !std::ptr::eq(*operand, current))
                    .collect();
                if let Some(beyond) = others.iter().find(|operand| {
                    integer_value(cx.model, operand, scope).is_some_and(|v| !fits_c_int(&v))
                }) {
                    return Use::Evidence(Evidence::ComparedBeyondInt(short(cx.source, beyond)));
                }
                let numbers = others.iter().all(|operand| {
                    integer_value(cx.model, operand, scope).is_some() || is_number(operand)
                });
                return if numbers { Use::Status } else { Use::Other };
            }
            // A slice bound or arithmetic: a count or an index, never a pointer.
            Expr::Slice(_) | Expr::BinOp(_) => return Use::Count,
            Expr::Call(outer) if !std::ptr::eq(&*outer.func, current) => {
                return classify_argument(cx, outer, current, scope)
            }
            _ => return Use::Other,
        }
    }
    let test = match statement {
        Stmt::If(s) => &*s.test,
        Stmt::While(s) => &*s.test,
        Stmt::Assert(s) => &*s.test,
        _ => return Use::Other,
    };
    if std::ptr::eq(test, current) {
        Use::Status
    } else {
        Use::Other
    }
}

/// The result, `argument`, passed to `call`.
fn classify_argument<'a>(
    cx: &RuleContext<'_, 'a>,
    call: &'a ExprCall,
    argument: &Expr,
    scope: ScopeId,
) -> Use {
    let model = cx.model;
    if let Some(callee) = model.qualified_name(&call.func, scope) {
        if callee.is_any(POINTER_READERS) {
            // `ctypes.wstring_at(buffer, size)`, `memmove(dst, src, count)`: only some
            // arguments are addresses, the others are sizes and bytes.
            let position = call.args.iter().position(|arg| std::ptr::eq(arg, argument));
            let address = match (callee.last(), position) {
                (_, None) => false,
                ("memmove", Some(index)) => index < 2,
                (_, Some(index)) => index == 0,
            };
            return if address {
                Use::Evidence(Evidence::UsedAsPointer(callee.to_string()))
            } else {
                Use::Count
            };
        }
        if callee.is_any(HANDLE_TYPES) {
            return Use::Evidence(Evidence::PassedOn(callee.to_string()));
        }
        if callee.is_any(COUNT_TAKERS) {
            return Use::Count;
        }
    }
    if let Expr::Attribute(method) = &*call.func {
        // `Structure.from_address(p)`
        if method.attr.as_str() == "from_address" {
            return Use::Evidence(Evidence::UsedAsPointer(format!(
                "{}.from_address",
                short(cx.source, &method.value)
            )));
        }
    }
    if let Some(callee) = foreign_function(model, &call.func, scope) {
        let position = call.args.iter().position(|arg| std::ptr::eq(arg, argument));
        // The next function is declared to take a 32-bit integer there (a Mach port, an
        // `io_object_t`): the value is that integer, and a C `int` holds it.
        if position.is_some_and(|index| takes_narrow_integer(model, &callee, index)) {
            return Use::Other;
        }
        return Use::Evidence(Evidence::PassedOn(short(cx.source, &call.func)));
    }
    Use::Other
}

/// ctypes types of integers no wider than 32 bits, on every platform (`c_long` is 64 bits
/// on Linux and macOS, so it is not one).
const NARROW_INTEGER_TYPES: &[&str] = &[
    "ctypes.c_bool",
    "ctypes.c_byte",
    "ctypes.c_ubyte",
    "ctypes.c_short",
    "ctypes.c_ushort",
    "ctypes.c_int",
    "ctypes.c_uint",
    "ctypes.c_int8",
    "ctypes.c_uint8",
    "ctypes.c_int16",
    "ctypes.c_uint16",
    "ctypes.c_int32",
    "ctypes.c_uint32",
    "ctypes.wintypes.BOOL",
    "ctypes.wintypes.BOOLEAN",
    "ctypes.wintypes.BYTE",
    "ctypes.wintypes.WORD",
    "ctypes.wintypes.DWORD",
    "ctypes.wintypes.UINT",
    "ctypes.wintypes.INT",
    "ctypes.wintypes.LONG",
    "ctypes.wintypes.ULONG",
    "ctypes.wintypes.SHORT",
    "ctypes.wintypes.USHORT",
];

/// Whether the module declares `function.argtypes = [...]` with a 32-bit integer type (or a
/// name bound to one, `IO_SERVICE_T = IO_OBJECT_T = ctypes.c_uint`) at `index`.
fn takes_narrow_integer<'a>(
    model: &SemanticModel<'a>,
    function: &ForeignFunction<'a>,
    index: usize,
) -> bool {
    model.references().iter().any(|reference| {
        let Expr::Attribute(access) = reference.chain else {
            return false;
        };
        let Expr::Attribute(inner) = &*access.value else {
            return false;
        };
        if access.ctx != ExprContext::Store
            || access.attr.as_str() != "argtypes"
            || !is_function(model, inner, reference.scope, function)
        {
            return false;
        }
        let Stmt::Assign(assign) = reference.statement else {
            return false;
        };
        let elements = match &*assign.value {
            Expr::List(list) => &list.elts,
            Expr::Tuple(tuple) => &tuple.elts,
            _ => return false,
        };
        elements
            .get(index)
            .is_some_and(|declared| is_narrow_integer_type(model, declared, reference.scope, 0))
    })
}

fn is_narrow_integer_type(
    model: &SemanticModel<'_>,
    expr: &Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if let Some(name) = model.qualified_name(expr, scope) {
        return name.is_any(NARROW_INTEGER_TYPES);
    }
    let Expr::Name(name) = expr else {
        return false;
    };
    depth < 4
        && model
            .unique_binding(name.id.as_str(), expr.start(), scope)
            .and_then(|binding| binding.value.map(|value| (value, binding.scope)))
            .is_some_and(|(value, owner)| is_narrow_integer_type(model, value, owner, depth + 1))
}

/// The value of an integer literal (also negated), or of a name whose only binding
/// reaching here is one: `INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF`.
fn integer_value(model: &SemanticModel<'_>, expr: &Expr, scope: ScopeId) -> Option<BigInt> {
    match expr {
        Expr::Constant(constant) => match &constant.value {
            Constant::Int(value) => Some(value.clone()),
            _ => None,
        },
        Expr::UnaryOp(unary) if unary.op == UnaryOp::USub => {
            integer_value(model, &unary.operand, scope).map(|v| -v)
        }
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), expr.start(), scope)?;
            match binding.value {
                Some(value @ (Expr::Constant(_) | Expr::UnaryOp(_))) => {
                    integer_value(model, value, binding.scope)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn fits_c_int(value: &BigInt) -> bool {
    *value >= BigInt::from(i32::MIN) && *value <= BigInt::from(i32::MAX)
}

fn is_number(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(c) => matches!(c.value, Constant::Int(_) | Constant::Float(_)),
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
