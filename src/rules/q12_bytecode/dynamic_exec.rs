//! PX1201 dynamic-exec: `exec`, `eval` or `compile(..., "exec" | "eval")` of source that is
//! not a literal. Whatever code ends up in that value runs with the program's full rights,
//! so a string that any outside input reaches is a code injection; and text that only
//! holds data is read safely with `ast.literal_eval` or `json.loads`.

use rustpython_parser::ast::{Constant, Expr, ExprCall, Operator, Ranged, Stmt, UnaryOp};
use rustpython_parser::text_size::TextSize;

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, Resolution, ScopeId, ScopeKind, Usage};
use crate::visit::{Node, NodeKind};

pub struct DynamicExec;

static META: RuleMeta = RuleMeta {
    code: "PX1201",
    name: "dynamic-exec",
    severity: Severity::Warning,
    question: Some(Question::new(12)),
    opt_in: false,
    min_version: None,
    summary: "`exec`, `eval` or `compile(..., \"exec\")` of source that is not a literal (code injection when input reaches it)",
    doc: include_str!("../../../rules/PX1201.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// How far to follow names and expressions when deciding whether source is fixed.
const MAX_DEPTH: u8 = 8;

/// Longest argument text quoted in a message.
const MAX_SNIPPET: usize = 40;

impl Rule for DynamicExec {
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
        if !matches!(
            ast_ext::callee_last_name(call),
            Some("exec" | "eval" | "compile")
        ) {
            return;
        }
        // Tests exec code they wrote themselves, often through helpers the rule cannot see
        // into (a parameter every caller fills with a literal); no outside input reaches it.
        if cx.is_test_file() {
            return;
        }
        let scope = cx.ctx.scope();
        let Some(callee) = cx.model.qualified_name(&call.func, scope) else {
            return;
        };
        let function = match callee.segments() {
            ["builtins", name @ ("exec" | "eval" | "compile")] => *name,
            _ => return,
        };
        let Some(source) = ast_ext::call_argument(call, 0, "source") else {
            return;
        };
        if function == "compile" {
            let mode = ast_ext::call_argument(call, 2, "mode").and_then(ast_ext::string_literal);
            if !matches!(mode, Some("exec" | "eval")) {
                return;
            }
            if ast_ext::call_argument(call, 3, "flags")
                .is_some_and(|flags| only_ast(cx, flags, scope, 0))
            {
                return;
            }
            if code_object_never_runs(cx, call, scope) {
                return;
            }
        } else if produces_code_object(cx, source, scope, 0) {
            // The `compile` call that made it is where the source is judged.
            return;
        }
        if is_fixed_source(cx, source, scope, 0, None) || is_syntax_tree(cx, source, scope, 0) {
            return;
        }
        let snippet = snippet(&cx.source[source.range()]);
        let message = if function == "compile" {
            format!("`compile` turns source that is not a literal (`{snippet}`) into runnable code: whatever code ends up in that value runs with the program's full rights when the result is executed")
        } else {
            format!("`{function}` runs source that is not a literal (`{snippet}`): whatever code ends up in that value runs with the program's full rights")
        };
        cx.report(
            call.range,
            message,
            "if the text is data, read it with `ast.literal_eval` or `json.loads`; to pick behaviour by name, look it up in a dict of functions or with `getattr`; where running code is the point (a shell, a test runner, generated code), make sure no untrusted input can reach it",
        );
    }
}

/// A one-line excerpt of an argument for the message.
fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= MAX_SNIPPET && !text.contains('\n') {
        return line.to_string();
    }
    let cut: String = line.chars().take(MAX_SNIPPET).collect();
    format!("{}...", cut.trim_end())
}

/// What a name can hold where it is loaded, as the binding spells it.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// The expression assigned to it.
    Assigned(&'a Expr),
    /// An element of what a `for` loop or comprehension iterates over.
    ElementOf(&'a Expr),
    /// A parameter of the function whose scope this is.
    Parameter(ScopeId),
}

/// The values `name` (loaded at `at` in `scope`) can hold there; `None` when some binding
/// has no such expression (a parameter, an import, `+=`) or the name is not bound in the
/// module.
fn assigned_values<'a>(
    cx: &RuleContext<'_, 'a>,
    name: &str,
    at: rustpython_parser::text_size::TextSize,
    scope: ScopeId,
) -> Option<Vec<(Value<'a>, ScopeId)>> {
    // A comprehension's element comes before its `for` in the text, but runs after it.
    let own = cx.model.scope(scope).bindings_of(name);
    let ids =
        if matches!(cx.model.scope(scope).kind, ScopeKind::Comprehension(_)) && !own.is_empty() {
            own.to_vec()
        } else {
            let Resolution::Bound { ids, .. } = cx.model.resolve(name, at, scope) else {
                return None;
            };
            ids.to_vec()
        };
    if ids.is_empty() {
        return None;
    }
    ids.iter()
        .map(|id| {
            let binding = cx.model.binding(*id);
            match binding.kind {
                BindingKind::Assignment
                | BindingKind::AnnotatedAssignment
                | BindingKind::NamedExpr => {
                    binding.value.map(|v| (Value::Assigned(v), binding.scope))
                }
                BindingKind::ForTarget { iter, .. }
                | BindingKind::ComprehensionTarget { iter, .. } => {
                    Some((Value::ElementOf(iter), binding.scope))
                }
                BindingKind::Parameter => Some((Value::Parameter(binding.scope), binding.scope)),
                _ => None,
            }
        })
        .collect()
}

/// Only assigned values (no loop elements), as expressions.
fn only_assigned<'a>(values: Vec<(Value<'a>, ScopeId)>) -> Option<Vec<(&'a Expr, ScopeId)>> {
    values
        .into_iter()
        .map(|(value, scope)| match value {
            Value::Assigned(expr) => Some((expr, scope)),
            Value::ElementOf(_) | Value::Parameter(_) => None,
        })
        .collect()
}

/// Whether every element of an iterable is fixed source: a list, tuple or set display of
/// fixed values (tuples of them included), or a name only ever assigned one.
fn fixed_elements<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
    trusted: Option<ScopeId>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let depth = depth + 1;
    let elements = match expr {
        Expr::List(list) => &list.elts,
        Expr::Tuple(tuple) => &tuple.elts,
        Expr::Set(set) => &set.elts,
        // `range(...)` yields integers, which hold no code.
        Expr::Call(call) => {
            return cx
                .model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| name.is("builtins.range"))
        }
        // A comprehension of fixed pieces (`f"var{i}" for i in range(10)`), its conditions
        // aside.
        Expr::GeneratorExp(comp) => {
            return cx
                .model
                .comprehension_scope(expr)
                .is_some_and(|inner| is_fixed_source(cx, &comp.elt, inner, depth, trusted))
        }
        Expr::ListComp(comp) => {
            return cx
                .model
                .comprehension_scope(expr)
                .is_some_and(|inner| is_fixed_source(cx, &comp.elt, inner, depth, trusted))
        }
        Expr::BinOp(op) if op.op == Operator::Add => {
            return fixed_elements(cx, &op.left, scope, depth, trusted)
                && fixed_elements(cx, &op.right, scope, depth, trusted)
        }
        Expr::BinOp(op) if op.op == Operator::Mult => {
            return fixed_elements(cx, &op.left, scope, depth, trusted)
                || fixed_elements(cx, &op.right, scope, depth, trusted)
        }
        Expr::Name(name) => {
            return assigned_values(cx, name.id.as_str(), expr.start(), scope)
                .and_then(only_assigned)
                .is_some_and(|values| {
                    values
                        .into_iter()
                        .all(|(value, scope)| fixed_elements(cx, value, scope, depth, trusted))
                })
        }
        _ => return false,
    };
    elements
        .iter()
        .all(|e| is_fixed_source(cx, e, scope, depth, trusted))
}

/// Source fixed in the program text: string or bytes literals, their concatenation or
/// `%`-formatting with other literals, `textwrap.dedent` of one, and names only ever
/// assigned such values. Inside a helper of this module called with fixed arguments, its
/// parameters (of the scope `trusted`) count as fixed too.
fn is_fixed_source<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
    trusted: Option<ScopeId>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match expr {
        // Any literal: text, or a number, `None`, a bool in a tuple of test cases.
        Expr::Constant(_) => true,
        // An f-string whose replacement fields are fixed too.
        Expr::JoinedStr(joined) => joined
            .values
            .iter()
            .all(|part| is_fixed_source(cx, part, scope, depth, trusted)),
        Expr::FormattedValue(formatted) => {
            formatted.format_spec.is_none()
                && is_fixed_source(cx, &formatted.value, scope, depth, trusted)
        }
        // Repeating fixed text (`"x" * n`) only makes copies of it, whatever the count.
        Expr::BinOp(op) if op.op == Operator::Mult => {
            let text = |side: &'a Expr| {
                !is_numeric(side) && is_fixed_source(cx, side, scope, depth, trusted)
            };
            text(&op.left) || text(&op.right)
        }
        Expr::BinOp(op) if matches!(op.op, Operator::Add | Operator::Mod) => {
            is_fixed_source(cx, &op.left, scope, depth, trusted)
                && is_fixed_source(cx, &op.right, scope, depth, trusted)
        }
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .all(|e| is_fixed_source(cx, e, scope, depth, trusted)),
        // `"sep".join([...])` of fixed pieces.
        Expr::Call(call)
            if matches!(&*call.func, Expr::Attribute(attr) if attr.attr.as_str() == "join"
                && is_fixed_source(cx, &attr.value, scope, depth, trusted)) =>
        {
            call.keywords.is_empty()
                && matches!(call.args.as_slice(), [pieces] if fixed_elements(cx, pieces, scope, depth, trusted))
        }
        // A slice of fixed text (`memoryview(b"1234")[1:-1]`).
        Expr::Subscript(sub) => {
            is_fixed_source(cx, &sub.value, scope, depth, trusted)
                && is_fixed_source(cx, &sub.slice, scope, depth, trusted)
        }
        Expr::Slice(slice) => [&slice.lower, &slice.upper, &slice.step]
            .into_iter()
            .flatten()
            .all(|bound| is_fixed_source(cx, bound, scope, depth, trusted)),
        // Arithmetic gives numbers, whatever its operands: text supports none of these.
        Expr::UnaryOp(op) if op.op != UnaryOp::Not => true,
        Expr::UnaryOp(op) => is_fixed_source(cx, &op.operand, scope, depth, trusted),
        // `root / "x.py"` joins a path: the file it names holds whatever text it holds.
        Expr::BinOp(op) if op.op == Operator::Div && (is_text(&op.left) || is_text(&op.right)) => {
            false
        }
        Expr::BinOp(op)
            if matches!(
                op.op,
                Operator::Sub
                    | Operator::Div
                    | Operator::FloorDiv
                    | Operator::Pow
                    | Operator::LShift
                    | Operator::RShift
                    | Operator::BitAnd
                    | Operator::BitXor
            ) =>
        {
            true
        }
        Expr::Call(call) => {
            let arguments_fixed = call
                .args
                .iter()
                .chain(call.keywords.iter().map(|k| &k.value))
                .all(|arg| is_fixed_source(cx, arg, scope, depth, trusted))
                && call.keywords.iter().all(|k| k.arg.is_some());
            if !arguments_fixed {
                return false;
            }
            // A helper of this module, given fixed arguments, that only returns fixed text
            // built from them (`build_source(3)`); one level deep.
            if trusted.is_none() {
                if let Some((function, function_scope)) = cx.model.called_function(call, scope) {
                    return helper_returns_fixed(cx, function, function_scope, depth);
                }
            }
            // A method of fixed text (`"...".encode("latin-1")`, `"...".strip()`).
            if let Expr::Attribute(attr) = &*call.func {
                if is_fixed_source(cx, &attr.value, scope, depth, trusted) {
                    return true;
                }
            }
            // Converting or dedenting fixed text.
            cx.model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| {
                    name.is_any(&[
                        "textwrap.dedent",
                        "inspect.cleandoc",
                        "builtins.memoryview",
                        "builtins.bytes",
                        "builtins.bytearray",
                        "builtins.str",
                    ])
                })
        }
        Expr::Name(name) => {
            assigned_values(cx, name.id.as_str(), expr.start(), scope).is_some_and(|values| {
                values.into_iter().all(|(value, scope)| match value {
                    Value::Assigned(value) => is_fixed_source(cx, value, scope, depth, trusted),
                    Value::ElementOf(iter) => fixed_elements(cx, iter, scope, depth, trusted),
                    Value::Parameter(owner) => trusted == Some(owner),
                })
            })
        }
        _ => false,
    }
}

/// A string literal or f-string: no number can be divided by one, so `/` with it is a path
/// join (`pathlib.PurePath.__truediv__`).
fn is_text(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(c) => matches!(c.value, Constant::Str(_)),
        Expr::JoinedStr(_) => true,
        _ => false,
    }
}

/// An expression that gives a number (a numeric literal or arithmetic), which repeats
/// whatever it multiplies rather than being text itself.
fn is_numeric(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(c) => matches!(c.value, Constant::Int(_) | Constant::Float(_)),
        Expr::UnaryOp(op) => op.op != UnaryOp::Not,
        Expr::BinOp(op) => !matches!(op.op, Operator::Add | Operator::Mod | Operator::Mult),
        _ => false,
    }
}

/// Whether every `return` of `function` gives fixed text when its parameters are fixed, and
/// its parameter defaults are fixed.
fn helper_returns_fixed<'a>(
    cx: &RuleContext<'_, 'a>,
    function: crate::ast_ext::FunctionRef<'a>,
    function_scope: ScopeId,
    depth: u8,
) -> bool {
    let args = function.args();
    let defaults_fixed = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .filter_map(|a| a.default.as_deref())
        .all(|d| is_fixed_source(cx, d, function_scope, depth, None));
    let frame = &cx.model.scope(function_scope).frame;
    defaults_fixed
        && !frame.yields
        && !frame.returns.is_empty()
        && frame.returns.iter().all(|ret| {
            ret.value.as_deref().is_some_and(|value| {
                is_fixed_source(cx, value, function_scope, depth, Some(function_scope))
            })
        })
}

/// A syntax tree rather than source text: the result of `ast.parse(...)` or of another
/// `ast` function or node class (`ast.fix_missing_locations`, `ast.Module(...)`), of a
/// `NodeTransformer` of this module visiting a tree, or a name only ever assigned one.
fn is_syntax_tree<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId, depth: u8) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match expr {
        Expr::Call(call) => {
            let from_ast = cx
                .model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| matches!(name.segments(), ["ast" | "_ast", _]));
            if from_ast {
                return true;
            }
            // `compile(source, name, mode, ast.PyCF_ONLY_AST)` parses without compiling.
            let parses_only = cx
                .model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| name.is("builtins.compile"))
                && ast_ext::call_argument(call, 3, "flags")
                    .is_some_and(|flags| only_ast(cx, flags, scope, 0));
            if parses_only {
                return true;
            }
            // `Transformer().visit(tree)`, or `transformer.visit(tree)`.
            let Expr::Attribute(attr) = &*call.func else {
                return false;
            };
            attr.attr.as_str() == "visit"
                && cx.model.instance_class(&attr.value, scope).is_some_and(
                    |(class, class_scope)| {
                        cx.model.class_inherits_from(
                            class,
                            class_scope,
                            &["ast.NodeTransformer", "ast.NodeVisitor"],
                        )
                    },
                )
        }
        Expr::Name(name) if annotated_as_tree(cx, name.id.as_str(), expr.start(), scope) => true,
        Expr::Name(name) => assigned_values(cx, name.id.as_str(), expr.start(), scope)
            .and_then(only_assigned)
            .is_some_and(|values| {
                values
                    .into_iter()
                    .all(|(value, scope)| is_syntax_tree(cx, value, scope, depth))
            }),
        _ => false,
    }
}

/// A parameter annotated as a syntax tree or a code object (`tree: ast.Module`,
/// `code: types.CodeType`): the signature says it is no source text.
fn annotated_as_tree(cx: &RuleContext<'_, '_>, name: &str, at: TextSize, scope: ScopeId) -> bool {
    let Some(binding) = cx.model.unique_binding(name, at, scope) else {
        return false;
    };
    if !matches!(binding.kind, BindingKind::Parameter) {
        return false;
    }
    let ScopeKind::Function(function) = cx.model.scope(binding.scope).kind else {
        return false;
    };
    let Some(annotation) = function
        .parameters()
        .find(|parameter| parameter.arg.as_str() == name)
        .and_then(|parameter| parameter.annotation.as_deref())
    else {
        return false;
    };
    let annotation = match annotation {
        Expr::Subscript(subscript) => &*subscript.value,
        other => other,
    };
    cx.model
        .qualified_name(annotation, binding.scope)
        .is_some_and(|qualified| {
            matches!(qualified.segments(), ["ast" | "_ast", _]) || qualified.is("types.CodeType")
        })
}

/// A code object made by `compile(...)`, directly or through names only ever assigned one:
/// `exec(code)` after `code = compile(src, name, "exec")`.
fn produces_code_object<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match expr {
        Expr::Call(call) => cx
            .model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(&["builtins.compile", "types.CodeType"])),
        // `exec(function.__code__)` runs code that was compiled from the program text.
        Expr::Attribute(attr) => attr.attr.as_str() == "__code__",
        Expr::Name(name) => assigned_values(cx, name.id.as_str(), expr.start(), scope)
            .and_then(only_assigned)
            .is_some_and(|values| {
                values
                    .into_iter()
                    .all(|(value, scope)| produces_code_object(cx, value, scope, depth + 1))
            }),
        _ => false,
    }
}

/// Whether compile flags ask for a syntax tree only (`ast.PyCF_ONLY_AST`), through names
/// assigned them.
fn only_ast<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId, depth: u8) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let depth = depth + 1;
    match expr {
        Expr::Attribute(attr) => attr.attr.as_str() == "PyCF_ONLY_AST",
        Expr::BinOp(op) => {
            only_ast(cx, &op.left, scope, depth) || only_ast(cx, &op.right, scope, depth)
        }
        Expr::Name(name) => {
            if name.id.as_str() == "PyCF_ONLY_AST" {
                return true;
            }
            let Some(owner) = cx.model.lookup(name.id.as_str(), scope) else {
                return false;
            };
            // Flags are often built up with `|=`: any assignment of the name counts.
            cx.model
                .scope(owner)
                .bindings_of(name.id.as_str())
                .iter()
                .filter_map(|id| {
                    let binding = cx.model.binding(*id);
                    binding.value.map(|v| (v, binding.scope))
                })
                .any(|(value, scope)| only_ast(cx, value, scope, depth))
        }
        _ => false,
    }
}

/// Whether the code object a `compile(...)` call makes is never run here: the call is a
/// statement of its own (a syntax check, typically in a `try` that catches `SyntaxError`),
/// or its result is bound to a local name that is never loaded, or only read for its
/// attributes (`code.co_names`) or handed to `dis` to disassemble.
fn code_object_never_runs<'a>(
    cx: &RuleContext<'_, 'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> bool {
    let Some(statement) = cx.ctx.statement() else {
        return false;
    };
    let is_this_call = |expr: &Expr| matches!(expr, Expr::Call(c) if std::ptr::eq(c, call));
    let target = match statement {
        Stmt::Expr(stmt) => return is_this_call(&stmt.value),
        Stmt::Assign(assign) if is_this_call(&assign.value) => match assign.targets.as_slice() {
            [Expr::Name(name)] => name,
            _ => return false,
        },
        Stmt::AnnAssign(ann) if ann.value.as_deref().is_some_and(is_this_call) => {
            match &*ann.target {
                Expr::Name(name) => name,
                _ => return false,
            }
        }
        _ => return false,
    };
    let name = target.id.as_str();
    let Some(owner) = cx.model.lookup(name, scope) else {
        return false;
    };
    // Only a local of a function: a module global may be run by whoever imports it.
    if owner == ScopeId::MODULE || cx.model.frame_of(owner) != cx.model.frame_of(scope) {
        return false;
    }
    cx.model
        .references_to(owner, name)
        .all(|reference| match reference.usage {
            Usage::Attribute(attr) => attr.starts_with("co_"),
            Usage::Argument => passed_to_disassembler(cx, reference),
            _ => false,
        })
}

/// `dis.dis(code)`, `dis.get_instructions(code)`, `dis.Bytecode(code)`: a code object
/// handed to `dis` is read, not run.
fn passed_to_disassembler(
    cx: &RuleContext<'_, '_>,
    reference: &crate::semantic::Reference<'_>,
) -> bool {
    let Some(path) = crate::visit::expression_path(reference.statement, reference.range) else {
        return false;
    };
    let Some(parent) = path.iter().rev().nth(1) else {
        return false;
    };
    matches!(parent, Expr::Call(call) if cx
        .model
        .qualified_name(&call.func, reference.scope)
        .is_some_and(|name| matches!(name.segments(), ["dis", _])))
}
