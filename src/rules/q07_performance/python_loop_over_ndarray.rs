//! PX0707 python-loop-over-ndarray: `for i in range(len(a)): ... a[i] ...` on a NumPy array
//! runs the interpreter once per element and boxes every element into a Python object.
//! Whole-array operations run the same loop in C.

use rustpython_parser::ast::{Constant, Expr, Ranged, Stmt, StmtFor};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct PythonLoopOverNdarray;

static META: RuleMeta = RuleMeta {
    code: "PX0707",
    name: "python-loop-over-ndarray",
    severity: Severity::Advice,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "an index loop over a NumPy array where a vectorised operation does the work in C",
    doc: include_str!("../../../rules/PX0707.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// NumPy functions that build a new array.
const CONSTRUCTORS: &[&str] = &[
    "numpy.array",
    "numpy.asarray",
    "numpy.zeros",
    "numpy.ones",
    "numpy.empty",
    "numpy.full",
    "numpy.zeros_like",
    "numpy.ones_like",
    "numpy.empty_like",
    "numpy.full_like",
    "numpy.arange",
    "numpy.linspace",
];

/// Lowercase names in `numpy.random` that do not return an array.
const NOT_ARRAYS: &[&str] = &["seed", "default_rng", "get_state", "set_state"];

impl Rule for PythonLoopOverNdarray {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::For]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ Stmt::For(for_)) = node else {
            return;
        };
        if in_compiled_function(cx) {
            return;
        }
        let Expr::Name(index) = &*for_.target else {
            return;
        };
        let scope = cx.ctx.scope();
        let Some(array) = indexed_length(cx, &for_.iter, scope) else {
            return;
        };
        let model = cx.model;
        let Some(owner) = model.lookup(array, scope) else {
            return;
        };
        let bindings = model.reaching_bindings(owner, array, stmt.start(), scope);
        let all_arrays = !bindings.is_empty()
            && bindings.iter().all(|id| {
                let binding = model.binding(*id);
                matches!(
                    binding.kind,
                    BindingKind::Assignment
                        | BindingKind::AnnotatedAssignment
                        | BindingKind::NamedExpr
                ) && binding
                    .value
                    .is_some_and(|value| is_numpy_constructor(cx, value, binding.scope))
            });
        if !all_arrays
            || model
                .bindings_within(owner, array, stmt.range())
                .next()
                .is_some()
        {
            return;
        }
        let index = index.id.as_str();
        let body = ast_ext::block_range(&for_.body, stmt.end());
        if model.lookup(index, scope).is_some_and(|index_owner| {
            model
                .bindings_within(index_owner, index, body)
                .next()
                .is_some()
        }) {
            return;
        }
        let one_dimensional = bindings
            .iter()
            .all(|id| model.binding(*id).value.is_some_and(is_one_dimensional));
        if !indexes_element(for_, array, index, one_dimensional) {
            return;
        }
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!("this Python loop walks the NumPy array `{array}` one element at a time (`{array}[{index}]`): every step runs in the interpreter and boxes the element"),
            format!("express the loop as whole-array operations (`{array} * 2`, `np.where(...)`, `np.cumsum({array})`, boolean masks), which NumPy runs in C"),
        );
    }
}

/// Decorators that compile a function (Numba's `@njit`, `@jit`, `@vectorize`, its
/// `@overload` implementations and `@register_jitable` helpers): the loop runs as machine
/// code, which is what the rule's advice would buy.
const COMPILING_DECORATORS: &[&str] = &[
    "jit",
    "njit",
    "vectorize",
    "guvectorize",
    "stencil",
    "cfunc",
    "generated_jit",
    "overload",
    "overload_method",
    "overload_attribute",
    "register_jitable",
];

/// Inside a function (or one of the functions around it) that a compiler decorator turns
/// into machine code, in a module that imports Numba.
fn in_compiled_function(cx: &RuleContext<'_, '_>) -> bool {
    if !cx
        .model
        .imports_any_package(&["numba", "numba_dpex", "numba_cuda"])
    {
        return false;
    }
    cx.ctx.statements().iter().any(|stmt| {
        crate::ast_ext::FunctionRef::from_stmt(stmt).is_some_and(|function| {
            function.decorators().iter().any(|decorator| {
                let target = match decorator {
                    Expr::Call(call) => &*call.func,
                    other => other,
                };
                let last = match target {
                    Expr::Name(name) => name.id.as_str(),
                    Expr::Attribute(attr) => attr.attr.as_str(),
                    _ => return false,
                };
                COMPILING_DECORATORS.contains(&last)
            })
        })
    })
}

/// The array name in `range(len(a))` or `range(a.shape[0])`.
fn indexed_length<'a>(cx: &RuleContext<'_, 'a>, iter: &'a Expr, scope: ScopeId) -> Option<&'a str> {
    let Expr::Call(range) = iter else {
        return None;
    };
    let [bound] = range.args.as_slice() else {
        return None;
    };
    if !range.keywords.is_empty()
        || !cx
            .model
            .qualified_name(&range.func, scope)
            .is_some_and(|q| q.is_builtin("range"))
    {
        return None;
    }
    match bound {
        Expr::Call(len) => {
            let [Expr::Name(array)] = len.args.as_slice() else {
                return None;
            };
            let is_len = cx
                .model
                .qualified_name(&len.func, scope)
                .is_some_and(|q| q.is_builtin("len"));
            (is_len && len.keywords.is_empty()).then_some(array.id.as_str())
        }
        Expr::Subscript(sub) => {
            let Expr::Attribute(shape) = &*sub.value else {
                return None;
            };
            let is_first = matches!(&*sub.slice, Expr::Constant(c) if matches!(&c.value, Constant::Int(i) if *i == 0.into()));
            if shape.attr.as_str() != "shape" || !is_first {
                return None;
            }
            ast_ext::name_id(&shape.value)
        }
        _ => None,
    }
}

/// `np.zeros(...)`, `numpy.random.rand(...)` and the like, through imports.
fn is_numpy_constructor<'a>(cx: &RuleContext<'_, 'a>, value: &'a Expr, scope: ScopeId) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let Some(callee) = cx.model.qualified_name(&call.func, scope) else {
        return false;
    };
    match callee.segments() {
        ["numpy", "random", function] => {
            function.starts_with(|c: char| c.is_ascii_lowercase()) && !NOT_ARRAYS.contains(function)
        }
        _ => callee.is_any(CONSTRUCTORS),
    }
}

/// Whether the constructor call surely builds a one-dimensional array: `np.zeros(n)` with a
/// scalar size, `np.arange(...)`, `np.linspace(...)`, `np.array([1.0, 2.0])` of scalars,
/// `np.random.rand(n)`. Only there is `a[i]` one element: arrays of unknown shape (data
/// read or passed in, `zeros_like`) are often rows of a table or a handful of values, where
/// the loop is what the code needs (reviewers found no such finding worth a change).
fn is_one_dimensional(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let Some(name) = ast_ext::callee_last_name(call) else {
        return false;
    };
    let shaped = |arg: &Expr| matches!(arg, Expr::Tuple(_) | Expr::List(_));
    let scalars = |elts: &[Expr]| {
        elts.iter()
            .all(|e| !matches!(e, Expr::List(_) | Expr::Tuple(_) | Expr::Starred(_)))
    };
    // Any other argument given as a tuple of two or more (`np.full(n, (0, 1))`,
    // `np.linspace((0, 0), (1, 1), n)`) adds dimensions, except to `np.array`'s data.
    let passes_a_shape = || {
        call.args
            .iter()
            .chain(call.keywords.iter().map(|k| &k.value))
            .any(|arg| matches!(arg, Expr::Tuple(shape) if shape.elts.len() >= 2))
    };
    let surely = match name {
        "arange" | "linspace" | "logspace" | "geomspace" => true,
        "zeros" | "ones" | "empty" | "full" => call.args.first().is_some_and(|size| !shaped(size)),
        "array" | "asarray" => match call.args.first() {
            Some(Expr::List(data)) => scalars(&data.elts),
            Some(Expr::Tuple(data)) => scalars(&data.elts),
            _ => false,
        },
        "rand" | "randn" | "random_sample" => call.args.len() == 1 && !shaped(&call.args[0]),
        _ if name.ends_with("_like") => false,
        // Other `numpy.random` draws: a size given as a scalar (`uniform(0, 1, n)`).
        _ => !call
            .args
            .iter()
            .chain(call.keywords.iter().map(|k| &k.value))
            .any(shaped),
    };
    surely && (matches!(name, "array" | "asarray") || !passes_a_shape())
}

/// Whether the loop body reads or writes an element `array[index, j]`, or `array[index]` of
/// an array known to be `one_dimensional`, outside nested functions. `array[index]` of an
/// array of unknown or higher dimension, indexed again (`array[index][j]`) or sliced
/// (`array[index, :]`), may be a whole row: the loop is over rows (one plot line, one record
/// per step), which whole-array operations do not replace.
fn indexes_element(for_: &StmtFor, array: &str, index: &str, one_dimensional: bool) -> bool {
    struct Indexing<'n> {
        array: &'n str,
        index: &'n str,
        one_dimensional: bool,
        found: bool,
    }
    impl<'a> Visitor<'a> for Indexing<'_> {
        fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
            let Node::Expr(expr @ Expr::Subscript(sub)) = node else {
                return;
            };
            if !ctx.is_module_level() || ast_ext::name_id(&sub.value) != Some(self.array) {
                return;
            }
            let (first, whole_row) = match &*sub.slice {
                // `data[i, :]` takes a whole row or column.
                Expr::Tuple(tuple) => (
                    tuple.elts.first(),
                    tuple.elts.iter().any(|e| matches!(e, Expr::Slice(_))),
                ),
                other => (
                    Some(other),
                    !self.one_dimensional
                        || matches!(ctx.parent_expr(), Some(Expr::Subscript(outer)) if std::ptr::eq(&*outer.value, expr)),
                ),
            };
            if first.and_then(ast_ext::name_id) == Some(self.index) && !whole_row {
                self.found = true;
            }
        }
    }
    let mut indexing = Indexing {
        array,
        index,
        one_dimensional,
        found: false,
    };
    visit::walk_body(&for_.body, &mut indexing);
    indexing.found
}
