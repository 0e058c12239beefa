//! PX0701 list-membership-in-loop: `x in some_list` evaluated once per iteration scans the
//! list each time. A set (or a set literal, which CPython folds into a frozenset constant)
//! answers in constant time.

use rustpython_parser::ast::{CmpOp, Expr, ExprList};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingId, ListOrigin, ScopeId, ValueKind};
use crate::visit::{Loop, Node, NodeKind};

pub struct ListMembershipInLoop;

static META: RuleMeta = RuleMeta {
    code: "PX0701",
    name: "list-membership-in-loop",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: false,
    min_version: None,
    summary: "`in` against a list inside a loop scans the list on every iteration",
    doc: include_str!("../../../rules/PX0701.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Literal lists shorter than this are left alone: scanning one or two constants costs
/// about as much as hashing the value.
const MIN_LITERAL_LEN: usize = 3;

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
        let mut probe = &*compare.left;
        for (op, container) in compare.ops.iter().zip(&compare.comparators) {
            let tested = std::mem::replace(&mut probe, container);
            if !matches!(op, CmpOp::In | CmpOp::NotIn) || !may_be_hashable(tested) {
                continue;
            }
            match container {
                Expr::List(list) if is_constant_list(list) => {
                    let fix = super::list_membership_in_loop_fix::literal(cx, list, tested);
                    cx.report(
                        compare.range,
                        "membership test against a list literal inside a loop scans the list on every iteration",
                        "use a set literal (`{...}`): CPython stores a constant set as a frozenset and tests membership in constant time",
                    )
                    .set_fix(fix);
                }
                Expr::Name(name) => {
                    let name = name.id.as_str();
                    if let Some(origin) = invariant_list(cx, name, innermost) {
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
                    }
                }
                _ => {}
            }
        }
    }
}

/// A tuple or list built on the spot from variables may hold lists (`(sql, params)`), and a
/// set could not contain it: leave such probes alone.
fn may_be_hashable(probe: &Expr) -> bool {
    match probe {
        Expr::Tuple(tuple) => tuple.elts.iter().all(ast_ext::is_constant_literal),
        Expr::List(_) | Expr::Dict(_) | Expr::Set(_) => false,
        _ => !ast_ext::is_unhashable_display(probe),
    }
}

/// A list display of at least [`MIN_LITERAL_LEN`] constants: the set display that replaces
/// it is a compile-time constant.
fn is_constant_list(list: &ExprList) -> bool {
    list.elts.len() >= MIN_LITERAL_LEN && list.elts.iter().all(ast_ext::is_constant_literal)
}

/// Where an invariant list's contents come from, to word the help.
enum ListSource {
    /// Every binding is a list display.
    Literals,
    /// A comprehension or `list(...)`.
    Computed,
}

/// `name` is a list whose contents cannot change while `innermost` runs: says how it was built.
fn invariant_list(cx: &RuleContext<'_, '_>, name: &str, innermost: Loop<'_>) -> Option<ListSource> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    let owner = model.lookup(name, scope)?;
    let bindings = model.reaching_bindings(owner, name, innermost.start(), scope);
    if bindings.is_empty() || !bindings.iter().all(|id| is_list_value(cx, *id)) {
        return None;
    }
    if bindings.iter().all(|id| is_short_literal(cx, *id)) && !ever_mutated(cx, owner, name) {
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
    let literals = bindings
        .iter()
        .all(|id| matches!(model.binding(*id).value, Some(Expr::List(_))));
    unchanged.then_some(if literals {
        ListSource::Literals
    } else {
        ListSource::Computed
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

fn is_short_literal(cx: &RuleContext<'_, '_>, id: BindingId) -> bool {
    matches!(cx.model.binding(id).value, Some(Expr::List(list)) if list.elts.len() < MIN_LITERAL_LEN)
}

fn ever_mutated(cx: &RuleContext<'_, '_>, owner: ScopeId, name: &str) -> bool {
    cx.model
        .references_to(owner, name)
        .any(|r| r.usage.may_mutate())
}
