//! PX0704 list-in-single-pass-reduction: `any([...])`/`all([...])` compute every element
//! before the call can look at the first, so they cannot stop early; `set([...])` builds a
//! throw-away list where a set comprehension builds the set directly. Only these: for
//! `sum`, `min`, `max`, `sorted`, `tuple` and `frozenset` a generator expression is not
//! faster than the list on CPython (`bench/claims/px0704_list_vs_generator.py`).

use rustpython_parser::ast::{Expr, ExprCall, ExprListComp};

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct ListInSinglePassReduction;

static META: RuleMeta = RuleMeta {
    code: "PX0704",
    name: "list-in-single-pass-reduction",
    severity: Severity::Advice,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary:
        "a list comprehension given to `any`/`all` (which cannot stop early then) or to `set()`",
    doc: include_str!("../../../rules/PX0704.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// The builtins where dropping the list is measurably better: `any`/`all` short-circuit,
/// and a set comprehension skips the intermediate list.
const REDUCTIONS: &[&str] = &["any", "all", "set"];

/// Methods of `str`, `bytes` and `dict` that only compute a value: calling them for every
/// element, or stopping early, makes no difference but time.
const PURE_METHODS: &[&str] = &[
    "startswith",
    "endswith",
    "strip",
    "lstrip",
    "rstrip",
    "lower",
    "upper",
    "casefold",
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isalpha",
    "isalnum",
    "isspace",
    "islower",
    "isupper",
    "isidentifier",
    "isascii",
    "find",
    "rfind",
    "count",
    "split",
    "get",
    "keys",
    "values",
    "items",
];

/// Builtins called for what they do rather than what they return.
const EFFECTFUL_BUILTINS: &[&str] = &[
    "print",
    "next",
    "setattr",
    "delattr",
    "exec",
    "eval",
    "input",
    "open",
    "__import__",
];

impl Rule for ListInSinglePassReduction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe, Applicability::Unsafe]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        // One positional argument: `sum(xs, start)` and `max(a, b)` are left alone.
        let [argument @ Expr::ListComp(comp)] = call.args.as_slice() else {
            return;
        };
        if is_async(comp) {
            return;
        }
        let Some(callee) = cx.model.qualified_name(&call.func, cx.ctx.scope()) else {
            return;
        };
        let Some(builtin) = REDUCTIONS.iter().find(|name| callee.is_builtin(name)) else {
            return;
        };
        // `all([form.is_valid() for form in forms])` may build the list on purpose, so that
        // every call runs even after the answer is known.
        if matches!(*builtin, "any" | "all") && calls_non_builtin(cx, argument, comp) {
            return;
        }
        let (message, help) = if *builtin == "set" {
            (
                "`set()` is given a list comprehension: a throw-away list is built first"
                    .to_string(),
                "write a set comprehension (`{x for x in ...}`) instead".to_string(),
            )
        } else {
            (
                format!("`{builtin}()` is given a list comprehension: the whole list is built before `{builtin}` looks at it, so it cannot stop early"),
                format!("drop the brackets (`{builtin}(x for x in ...)`): a generator lets `{builtin}` stop at the first element that decides the answer"),
            )
        };
        let fix = super::list_in_single_pass_reduction_fix::fix(cx, builtin, call, comp);
        cx.report(comp.range, message, help).set_fix(fix);
    }
}

/// Whether the per-element code (everything but the first iterable) calls anything other
/// than a builtin or a well-known pure method (`str.startswith`, `dict.get`...): such a call
/// may have effects that short-circuiting would skip.
fn calls_non_builtin<'a>(
    cx: &RuleContext<'_, 'a>,
    argument: &'a Expr,
    comp: &'a ExprListComp,
) -> bool {
    let Some(scope) = cx.model.comprehension_scope(argument) else {
        return true;
    };
    let mut calls: Vec<&'a ExprCall> = Vec::new();
    struct Calls<'c, 'a>(&'c mut Vec<&'a ExprCall>);
    impl<'a> Visitor<'a> for Calls<'_, 'a> {
        fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
            if let Node::Expr(Expr::Call(call)) = node {
                self.0.push(call);
            }
        }
    }
    let mut finder = Calls(&mut calls);
    for (index, generator) in comp.generators.iter().enumerate() {
        if index > 0 {
            visit::walk_expression(&generator.iter, &mut finder);
        }
        for condition in &generator.ifs {
            visit::walk_expression(condition, &mut finder);
        }
    }
    visit::walk_expression(&comp.elt, &mut finder);
    calls.iter().any(|call| {
        let pure_method = matches!(&*call.func, Expr::Attribute(method) if PURE_METHODS.contains(&method.attr.as_str()));
        !pure_method
            && !cx.model
            .qualified_name(&call.func, scope)
            .is_some_and(|q| match q.segments() {
                ["builtins", name] => !EFFECTFUL_BUILTINS.contains(name),
                _ => false,
            })
    })
}

/// `[x async for x in xs]` or `[await f(x) for x in xs]`: without the brackets it would be an
/// async generator, which these builtins cannot consume.
fn is_async(comp: &ExprListComp) -> bool {
    if comp.generators.iter().any(|g| g.is_async) {
        return true;
    }
    struct FindAwait(bool);
    impl<'a> Visitor<'a> for FindAwait {
        fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
            // An `await` inside a nested lambda would be a syntax error; inside a nested
            // comprehension it still makes the outer one asynchronous.
            if ctx.is_module_level() && matches!(node, Node::Expr(Expr::Await(_))) {
                self.0 = true;
            }
        }
    }
    let mut finder = FindAwait(false);
    for generator in &comp.generators {
        visit::walk_expression(&generator.iter, &mut finder);
        for condition in &generator.ifs {
            visit::walk_expression(condition, &mut finder);
        }
    }
    visit::walk_expression(&comp.elt, &mut finder);
    finder.0
}
