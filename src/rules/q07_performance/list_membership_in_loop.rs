//! PX0701 list-membership-in-loop: `x in some_list` evaluated once per iteration scans the
//! list each time; a set answers in constant time. Three shapes:
//!
//! - a name bound to a list that the loop does not change (warning: the cost grows with
//!   the list, 170x at 1,000 items in `bench/claims/px0701_membership.py`);
//! - the dedupe `if x not in seen: seen.append(x)` (warning: quadratic in the number of
//!   distinct items);
//! - a list display of constants written in the test (advice: CPython already stores it as
//!   a tuple constant, so the cost is a scan of a few constants, 2x to 5x a set literal's).
//!
//! A set is suggested only where the values it would hash are known to be hashable
//! ([`hashability`](super::hashability)).

use rustpython_parser::ast::{CmpOp, Expr, ExprCompare, ExprList, Ranged, Stmt};

use super::hashability::{self, Hashability};
use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingId, ListOrigin, Reference, ScopeId, Usage, ValueKind};
use crate::visit::{self, Loop, Node, NodeKind};

pub struct ListMembershipInLoop;

static META: RuleMeta = RuleMeta {
    code: "PX0701",
    name: "list-membership-in-loop",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "`in` against a list inside a loop scans the list on every iteration",
    doc: include_str!("../../../rules/PX0701.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Literal lists shorter than this are left alone: scanning one or two constants costs
/// about as much as hashing the value.
const MIN_LITERAL_LEN: usize = 3;

/// The shortest list of constants written in the test that is reported: below five, the
/// set literal saves under half of a scan that is already a handful of compares (the
/// page's benchmark), which no reviewer asks for.
const MIN_CONSTANT_DISPLAY_LEN: usize = 5;

/// Builtins that read a list passed to them without changing it.
const READ_ONLY_BUILTINS: &[&str] = &[
    "len",
    "print",
    "repr",
    "str",
    "sorted",
    "list",
    "tuple",
    "set",
    "frozenset",
    "any",
    "all",
    "min",
    "max",
    "sum",
    "enumerate",
    "reversed",
    "iter",
    "bool",
    "isinstance",
];

impl Rule for ListMembershipInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Compare]
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe, Applicability::Unsafe]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Compare(compare)) = node else {
            return;
        };
        let Some(innermost) = cx.ctx.innermost_loop() else {
            return;
        };
        let scope = cx.ctx.scope();
        let mut probe = &*compare.left;
        for (op, container) in compare.ops.iter().zip(&compare.comparators) {
            let tested = std::mem::replace(&mut probe, container);
            if !matches!(op, CmpOp::In | CmpOp::NotIn) || !probe_may_be_hashed(cx, tested, scope) {
                continue;
            }
            match container {
                Expr::List(list) if is_constant_list(list) => {
                    let fix = super::list_membership_in_loop_fix::literal(cx, list, tested);
                    let finding = cx.report(
                        compare.range,
                        "membership test against a list of constants inside a loop: CPython stores the list as a tuple constant and compares the value with each element in turn",
                        "use a set literal (`{...}`): CPython stores it as a frozenset constant and answers with one hash lookup",
                    );
                    finding.severity = Severity::Advice;
                    finding.set_fix(fix);
                }
                Expr::Name(name) => {
                    let name = name.id.as_str();
                    if let Some(origin) = invariant_list(cx, name, tested, innermost) {
                        let help = match origin {
                            ListSource::Literals => format!(
                                "write `{name}` as a set (`{{...}}`, or `frozenset({{...}})` for a constant): membership is then a hash lookup"
                            ),
                            ListSource::Computed => format!(
                                "build a set once before the loop (`{name}_set = set({name})`, or a set comprehension) and test against it"
                            ),
                        };
                        let fix = match origin {
                            ListSource::Literals => {
                                super::list_membership_in_loop_fix::name(cx, name)
                            }
                            ListSource::Computed => None,
                        };
                        cx.report(
                            compare.range,
                            format!("`{name}` is a list, so this membership test scans it on every iteration of the loop"),
                            help,
                        )
                        .set_fix(fix);
                    } else if is_dedupe(cx, compare, tested, name, innermost) {
                        let spelled = &cx.source[tested.range()];
                        cx.report(
                            compare.range,
                            format!("`{name}` is a list that this loop fills with the values not yet in it: each `not in` scans it, so the dedupe is quadratic in the number of distinct values"),
                            format!("keep the first occurrences in order with `list(dict.fromkeys(...))`, or keep a set beside the list (`if {spelled} not in {name}_set: {name}_set.add({spelled})`)"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether a set could hash the probe: not when it is known to be unhashable, nor when it
/// is a tuple built on the spot from values the model cannot see (`(sql, params)` may hold
/// a list).
fn probe_may_be_hashed<'a>(cx: &RuleContext<'_, 'a>, probe: &'a Expr, scope: ScopeId) -> bool {
    match hashability::of_value(cx, probe, scope) {
        Hashability::Hashable => true,
        Hashability::Unhashable => false,
        Hashability::Unknown => !matches!(probe, Expr::Tuple(_)),
    }
}

/// A list display of at least [`MIN_CONSTANT_DISPLAY_LEN`] constants: the set display that
/// replaces it is a compile-time constant.
fn is_constant_list(list: &ExprList) -> bool {
    list.elts.len() >= MIN_CONSTANT_DISPLAY_LEN
        && list.elts.iter().all(ast_ext::is_constant_literal)
}

/// Where an invariant list's contents come from, to word the help.
enum ListSource {
    /// Every binding is a list display.
    Literals,
    /// A comprehension or `list(...)`.
    Computed,
}

/// `name` is a list whose contents cannot change while `innermost` runs, and a set of its
/// elements is known to work (the elements, or failing that the probe, are hashable): says
/// how it was built.
fn invariant_list<'a>(
    cx: &RuleContext<'_, 'a>,
    name: &str,
    probe: &'a Expr,
    innermost: Loop<'_>,
) -> Option<ListSource> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    let owner = model.lookup(name, scope)?;
    let bindings = model.reaching_bindings(owner, name, innermost.start(), scope);
    if bindings.is_empty() || !bindings.iter().all(|id| is_list_value(cx, *id)) {
        return None;
    }
    if bindings.iter().all(|id| is_short_list(cx, *id)) && !ever_mutated(cx, owner, name) {
        return None;
    }
    let unchanged = if model.frame_of(owner) == cx.ctx.frame().id {
        // The list must stay the same from the moment it is built: across every loop around
        // the test that started after it was built, not only the innermost one.
        let loop_range = cx
            .ctx
            .loops()
            .iter()
            .find(|l| {
                !bindings
                    .iter()
                    .any(|id| l.range().contains_inclusive(model.binding(*id).position))
            })
            .map_or(innermost.range(), |l| l.range());
        let rebound = model
            .bindings_within(owner, name, loop_range)
            .next()
            .is_some();
        let mutated = model
            .references_within(owner, name, loop_range)
            .any(|r| r.usage.may_mutate());
        !rebound && !mutated
    } else {
        // A list from an enclosing frame (a module constant read in a function) may be
        // changed by any code that runs before or during the loop: require that nothing does.
        !ever_mutated(cx, owner, name)
    };
    if !unchanged || !set_would_work(cx, owner, name, &bindings, probe, scope) {
        return None;
    }
    let literals = bindings
        .iter()
        .all(|id| matches!(model.binding(*id).value, Some(Expr::List(_))));
    Some(if literals {
        ListSource::Literals
    } else {
        ListSource::Computed
    })
}

/// Whether a set built from the list's elements would hold: the elements are known to be
/// hashable, or they are unknown and the probe is (a list tested for a string holds
/// strings, in practice). Never when either is known not to be.
fn set_would_work<'a>(
    cx: &RuleContext<'_, 'a>,
    owner: ScopeId,
    name: &str,
    bindings: &[BindingId],
    probe: &'a Expr,
    scope: ScopeId,
) -> bool {
    let elements = list_elements(cx, owner, name, bindings);
    let probe = hashability::of_value(cx, probe, scope);
    match (elements, probe) {
        (Hashability::Unhashable, _) | (_, Hashability::Unhashable) => false,
        (Hashability::Hashable, _) | (_, Hashability::Hashable) => true,
        _ => false,
    }
}

/// Whether the elements of the lists the bindings of `name` hold, and the values the code
/// adds to them, are hashable.
fn list_elements(
    cx: &RuleContext<'_, '_>,
    owner: ScopeId,
    name: &str,
    bindings: &[BindingId],
) -> Hashability {
    let model = cx.model;
    let mut result = hashability::added_items(cx, owner, name);
    if result == Hashability::Unhashable {
        return result;
    }
    for id in bindings {
        let binding = model.binding(*id);
        let verdict = binding
            .value
            .map_or(Hashability::Unknown, |value| match value {
                // `list(x)`: the items of `x`; a display or comprehension: its elements.
                Expr::Call(call) => call.args.first().map_or(Hashability::Hashable, |arg| {
                    hashability::of_items(cx, arg, binding.scope)
                }),
                other => hashability::of_items(cx, other, binding.scope),
            });
        match verdict {
            Hashability::Unhashable => return Hashability::Unhashable,
            Hashability::Unknown => result = Hashability::Unknown,
            Hashability::Hashable => {}
        }
    }
    result
}

/// The dedupe `if probe not in name: ... name.append(probe)` inside `innermost`, on a list
/// built before the loop that the loop changes in no other way, of values known to be
/// hashable.
fn is_dedupe<'a>(
    cx: &RuleContext<'_, 'a>,
    compare: &'a ExprCompare,
    probe: &'a Expr,
    name: &str,
    innermost: Loop<'_>,
) -> bool {
    if !matches!(innermost, Loop::For(_) | Loop::While(_))
        || compare.ops.as_slice() != [CmpOp::NotIn]
    {
        return false;
    }
    let Some(Stmt::If(if_)) = cx.ctx.statement() else {
        return false;
    };
    if if_.test.range() != compare.range {
        return false;
    }
    let spelled = &cx.source[probe.range()];
    let Some(append) = if_
        .body
        .iter()
        .find(|stmt| appends(cx, stmt, name, spelled))
    else {
        return false;
    };
    let model = cx.model;
    let scope = cx.ctx.scope();
    let Some(owner) = model.lookup(name, scope) else {
        return false;
    };
    if model.frame_of(owner) != cx.ctx.frame().id {
        return false;
    }
    let bindings = model.reaching_bindings(owner, name, innermost.start(), scope);
    if bindings.is_empty()
        || !bindings.iter().all(|id| is_list_value(cx, *id))
        || list_elements(cx, owner, name, &bindings) != Hashability::Hashable
        || hashability::of_value(cx, probe, scope) != Hashability::Hashable
    {
        return false;
    }
    let loop_range = innermost.range();
    if model
        .bindings_within(owner, name, loop_range)
        .next()
        .is_some()
    {
        return false;
    }
    model
        .references_within(owner, name, loop_range)
        .all(|reference| {
            std::ptr::eq(reference.statement, append)
                || reference.range == compare.comparators[0].range()
                || reads_only(cx, reference)
        })
}

/// `name.append(<probe as spelled>)` as a statement.
fn appends(cx: &RuleContext<'_, '_>, stmt: &Stmt, name: &str, probe: &str) -> bool {
    let Stmt::Expr(expr) = stmt else {
        return false;
    };
    let Expr::Call(call) = &*expr.value else {
        return false;
    };
    let Expr::Attribute(method) = &*call.func else {
        return false;
    };
    let [argument] = call.args.as_slice() else {
        return false;
    };
    method.attr.as_str() == "append"
        && ast_ext::name_id(&method.value) == Some(name)
        && call.keywords.is_empty()
        && &cx.source[argument.range()] == probe
}

/// A use of the list that cannot change it: a read, a non-mutating method, or an argument
/// of a builtin that only reads (`len(seen)`).
fn reads_only(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> bool {
    if reference.usage != Usage::Argument {
        return !reference.usage.may_mutate();
    }
    let Some(path) = visit::expression_path(reference.statement, reference.range) else {
        return false;
    };
    let [.., Expr::Call(call), _] = path.as_slice() else {
        return false;
    };
    cx.model
        .qualified_name(&call.func, reference.scope)
        .is_some_and(|callee| {
            READ_ONLY_BUILTINS
                .iter()
                .any(|name| callee.is_builtin(name))
        })
}

fn is_list_value(cx: &RuleContext<'_, '_>, id: BindingId) -> bool {
    match cx.model.value_kind(id) {
        ValueKind::List(ListOrigin::Literal) => {
            // Elements that are themselves lists, dicts or sets could not go in a set.
            let Some(Expr::List(list)) = cx.model.binding(id).value else {
                return false;
            };
            !list
                .elts
                .iter()
                .any(|e| ast_ext::is_unhashable_display(e) || matches!(e, Expr::Starred(_)))
        }
        ValueKind::List(_) => true,
        _ => false,
    }
}

/// A list of fewer than [`MIN_LITERAL_LEN`] elements by construction: a short display, or a
/// comprehension whose only source is a short display.
fn is_short_list(cx: &RuleContext<'_, '_>, id: BindingId) -> bool {
    match cx.model.binding(id).value {
        Some(Expr::List(list)) => list.elts.len() < MIN_LITERAL_LEN,
        Some(Expr::ListComp(comp)) => match comp.generators.as_slice() {
            [only] => match &only.iter {
                Expr::Tuple(t) => t.elts.len() < MIN_LITERAL_LEN,
                Expr::List(l) => l.elts.len() < MIN_LITERAL_LEN,
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

fn ever_mutated(cx: &RuleContext<'_, '_>, owner: ScopeId, name: &str) -> bool {
    cx.model
        .references_to(owner, name)
        .any(|r| r.usage.may_mutate())
}
