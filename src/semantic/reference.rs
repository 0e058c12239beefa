//! References: each load of a name, the scope it resolves to, and how the value is used at
//! that spot (called, indexed, a method called on it, passed on...). Rules ask these to know
//! whether a value can change between two points without walking the tree again.

use rustpython_parser::ast::{
    Expr, ExprAttribute, ExprCall, ExprContext, ExprSubscript, Ranged, Stmt,
};
use rustpython_parser::text_size::TextRange;

use super::scope::ScopeId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReferenceId(u32);

impl ReferenceId {
    pub(super) fn new(index: usize) -> Self {
        ReferenceId(u32::try_from(index).expect("fewer than 4 billion references"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What the code does with a name's value at one reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage<'a> {
    /// A plain read (`return x`, `y = x`, `x in items`).
    Load,
    /// `x.attr` read without calling it.
    Attribute(&'a str),
    /// `x.method(...)`.
    MethodCall(&'a str),
    /// `x.attr = ...`.
    AttributeStore(&'a str),
    /// `del x.attr`.
    AttributeDelete(&'a str),
    /// `x[key]`.
    SubscriptLoad,
    /// `x[key] = ...`.
    SubscriptStore,
    /// `del x[key]`.
    SubscriptDelete,
    /// `x(...)`.
    Called,
    /// Passed to a call: `f(x)`, `f(key=x)`, `f(*x)`.
    Argument,
    /// `x += ...` (the read half of an augmented assignment).
    AugmentedAssignment,
}

/// Methods that change a list, dict, set or bytearray in place.
const MUTATING_METHODS: &[&str] = &[
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "sort",
    "reverse",
    "add",
    "discard",
    "update",
    "setdefault",
    "popitem",
    "difference_update",
    "intersection_update",
    "symmetric_difference_update",
    "__setitem__",
    "__delitem__",
    "__iadd__",
];

/// Whether `method` is a method of list, dict, set or bytearray that changes the value in
/// place (`append`, `update`, `setdefault`, ...).
pub fn is_mutating_method(method: &str) -> bool {
    MUTATING_METHODS.contains(&method)
}

impl Usage<'_> {
    /// Whether this use may change the value's contents, or hand the value to code that may:
    /// a mutating method, an item store or delete, `+=`, or passing it to a call.
    pub fn may_mutate(&self) -> bool {
        match self {
            Usage::MethodCall(method) => MUTATING_METHODS.contains(method),
            Usage::SubscriptStore
            | Usage::SubscriptDelete
            | Usage::AugmentedAssignment
            | Usage::Argument => true,
            Usage::Load
            | Usage::Attribute(_)
            | Usage::AttributeStore(_)
            | Usage::AttributeDelete(_)
            | Usage::SubscriptLoad
            | Usage::Called => false,
        }
    }

    /// Classifies a name's use from its parent and grandparent expressions.
    pub(super) fn classify<'a>(
        name: &Expr,
        parent: Option<&'a Expr>,
        grandparent: Option<&'a Expr>,
    ) -> Usage<'a> {
        let Some(parent) = parent else {
            return Usage::Load;
        };
        match parent {
            Expr::Attribute(attr) if std::ptr::eq(&*attr.value, name) => match attr.ctx {
                ExprContext::Store => Usage::AttributeStore(attr.attr.as_str()),
                ExprContext::Del => Usage::AttributeDelete(attr.attr.as_str()),
                ExprContext::Load => match grandparent {
                    Some(Expr::Call(call)) if std::ptr::eq(&*call.func, parent) => {
                        Usage::MethodCall(attr.attr.as_str())
                    }
                    _ => Usage::Attribute(attr.attr.as_str()),
                },
            },
            Expr::Subscript(sub) if std::ptr::eq(&*sub.value, name) => match sub.ctx {
                ExprContext::Store => Usage::SubscriptStore,
                ExprContext::Del => Usage::SubscriptDelete,
                ExprContext::Load => Usage::SubscriptLoad,
            },
            Expr::Call(call) if std::ptr::eq(&*call.func, name) => Usage::Called,
            Expr::Call(_) => Usage::Argument,
            Expr::Starred(_) if matches!(grandparent, Some(Expr::Call(_))) => Usage::Argument,
            _ => Usage::Load,
        }
    }
}

/// One load of a name.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub name: &'a str,
    pub range: TextRange,
    /// The scope where the load happens.
    pub scope: ScopeId,
    /// The scope that owns the name, by Python's scoping rules; `None` for builtins and
    /// names the module never binds.
    pub resolved: Option<ScopeId>,
    pub usage: Usage<'a>,
    /// The innermost statement holding the load.
    pub statement: &'a Stmt,
    /// The outermost expression of the access chain this name starts: for `self` in
    /// `self.items.append(x)` the whole call, for `lib` in `lib.open.restype = c_void_p`
    /// the attribute `lib.open.restype`; the name itself when nothing is accessed on it.
    pub chain: &'a Expr,
}

/// One step of an access chain, from the name outwards.
#[derive(Debug, Clone, Copy)]
pub enum Access<'a> {
    /// `.attr` (loaded, stored or deleted, as its `ctx` says).
    Attribute(&'a ExprAttribute),
    /// `[key]` (loaded, stored or deleted, as its `ctx` says).
    Subscript(&'a ExprSubscript),
    /// A call of what the chain built so far.
    Call(&'a ExprCall),
}

impl<'a> Reference<'a> {
    /// The steps [`Reference::chain`] applies to the name, from the name outwards: for `self`
    /// in `self.items.append(x)`, the attribute `.items`, the attribute `.append`, then the
    /// call. Empty when nothing is accessed on the name.
    pub fn accesses(&self) -> Vec<Access<'a>> {
        let mut steps = Vec::new();
        let mut current = self.chain;
        loop {
            match current {
                Expr::Attribute(attr) => {
                    steps.push(Access::Attribute(attr));
                    current = &attr.value;
                }
                Expr::Subscript(sub) => {
                    steps.push(Access::Subscript(sub));
                    current = &sub.value;
                }
                Expr::Call(call) => {
                    steps.push(Access::Call(call));
                    current = &call.func;
                }
                _ => break,
            }
        }
        debug_assert!(current.range() == self.range, "a chain ends at its name");
        steps.reverse();
        steps
    }
}

/// Walks up from a name through the expressions that access it (attribute, subscript,
/// call of the accessed value) and returns the outermost one. `ancestors` ends with the
/// name itself.
pub(super) fn access_chain<'a>(ancestors: &[&'a Expr]) -> &'a Expr {
    let mut current = *ancestors.last().expect("the name is on the stack");
    for parent in ancestors.iter().rev().skip(1) {
        let extends = match parent {
            Expr::Attribute(attr) => std::ptr::eq(&*attr.value, current),
            Expr::Subscript(sub) => std::ptr::eq(&*sub.value, current),
            Expr::Call(call) => std::ptr::eq(&*call.func, current),
            _ => false,
        };
        if !extends {
            break;
        }
        current = parent;
    }
    current
}
