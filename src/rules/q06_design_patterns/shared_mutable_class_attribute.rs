//! PX0602 shared-mutable-class-attribute: `items = []` in a class body creates one list when
//! the class is defined. `self.items.append(x)` finds that list through the class, so every
//! instance appends to the same object, unless some method gives the instance its own.

use rustc_hash::FxHashMap;
use rustpython_parser::ast::{CmpOp, Expr, ExprCall, ExprContext, Ranged, Stmt, StmtClassDef};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{is_mutating_method, Access, Reference, ScopeId, Usage};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct SharedMutableClassAttribute;

static META: RuleMeta = RuleMeta {
    code: "PX0602",
    name: "shared-mutable-class-attribute",
    severity: Severity::Warning,
    question: Some(Question::new(6)),
    opt_in: true,
    min_version: None,
    summary: "class-level list/dict/set changed through `self`, so every instance shares it",
    doc: include_str!("../../../rules/PX0602.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const CLASS_VAR: &[&str] = &["typing.ClassVar", "typing_extensions.ClassVar"];

/// Methods whose first parameter is the class, not an instance.
const IMPLICIT_CLASS_METHODS: &[&str] = &["__new__", "__init_subclass__", "__class_getitem__"];

impl Rule for SharedMutableClassAttribute {
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
        if cx.is_stub_file() {
            return;
        }
        let Some(body) = cx.model.class_scope(class) else {
            return;
        };
        let outer = cx.ctx.scope();
        let mut attributes = candidates(cx, class, body, outer);
        if attributes.is_empty() {
            return;
        }
        let mut scan = Scan {
            attributes: &mut attributes,
            dynamic: false,
        };
        scan_methods(cx, class, body, &mut scan);
        let escapes = scan_class_name(cx, class, outer, &mut scan);
        scan_type_calls(cx, class, &mut scan);
        if scan.dynamic || escapes {
            return;
        }
        let class_name = class.name.as_str();
        let mut findings: Vec<(&str, &Attribute)> = attributes
            .iter()
            .filter(|(_, attr)| {
                !attr.assigned
                    && !attr.through_class
                    && !attr.holds_instances
                    && !attr.is_memo()
                    && !attr.is_pool()
            })
            .filter_map(|(name, attr)| attr.mutation.map(|_| (*name, attr)))
            .collect();
        findings.sort_by_key(|(_, attr)| attr.mutation.map(TextRange::start));
        for (name, attr) in findings {
            let Some(range) = attr.mutation else {
                continue;
            };
            let kind = attr.kind;
            cx.report(
                range,
                format!("`{name}` is a {kind} created once in the body of `{class_name}`: this changes the one {kind} every instance shares"),
                format!("give each instance its own in `__init__` (`self.{name} = {}`); if sharing is intended, annotate it `ClassVar[...]` or reach it through the class (`{class_name}.{name}`)", attr.empty),
            );
        }
    }
}

/// What the class body binds to a mutable container, and how the methods treat it.
struct Attribute<'a> {
    /// `list`, `dict` or `set`, for messages.
    kind: &'static str,
    /// How to write an empty one, for the help.
    empty: &'static str,
    /// The first change through `self`.
    mutation: Option<TextRange>,
    /// Some method gives instances their own value (`self.name = ...`, `setattr`).
    assigned: bool,
    /// Code reaches it through the class (`cls.name`, `ClassName.name`, `type(self).name`):
    /// the author knows it is shared.
    through_class: bool,
    /// Instances record themselves in it (`self.registry.append(self)`): a registry of
    /// instances is shared on purpose.
    holds_instances: bool,
    /// Lookups by key (`key in self.cache`, `self.cache.get(key)`): method scope, key
    /// source text, position.
    lookups: Vec<(ScopeId, String, TextSize)>,
    /// Stores by key (`self.cache[key] = value`, `self.cache.setdefault(key, value)`): method
    /// scope, key source text, position, the stored value.
    stores: Vec<(ScopeId, String, TextSize, Option<TextRange>)>,
    /// Where the attribute is read through `self`, to see whether a stored value reads it.
    reads: Vec<TextRange>,
    /// Names bound to an item taken out (`machine = self.pool.pop()`): method scope, name.
    taken: Vec<(ScopeId, &'a str)>,
    /// Names put in (`self.pool.append(machine)`): method scope, name.
    put_back: Vec<(ScopeId, &'a str)>,
    /// How many changes through `self` the methods make.
    changes: usize,
}

impl Attribute<'_> {
    /// A dict filled only after a lookup of the same key in the same method found nothing
    /// (`if key not in self.cache: self.cache[key] = compute(key)`), with a value that does
    /// not read the dict itself (as `self.counts[k] = self.counts.get(k, 0) + 1` does): a
    /// memo, shared by all instances on purpose.
    fn is_memo(&self) -> bool {
        self.kind == "dict"
            && !self.stores.is_empty()
            && self.stores.iter().all(|(scope, key, at, value)| {
                let looked_up = self
                    .lookups
                    .iter()
                    .any(|(s, k, position)| s == scope && k == key && position < at);
                let reads_itself =
                    value.is_some_and(|v| self.reads.iter().any(|r| v.contains_range(*r)));
                looked_up && !reads_itself
            })
    }

    /// A list of reusable objects: every change takes an item out into a name
    /// (`machine = self.pool.pop()`) or puts back a name that the same method took out
    /// (`self.pool.append(machine)`). Sharing the pool across instances is its purpose.
    fn is_pool(&self) -> bool {
        self.kind == "list"
            && self.changes == self.taken.len() + self.put_back.len()
            && !self.taken.is_empty()
            && !self.put_back.is_empty()
            && self
                .put_back
                .iter()
                .all(|returned| self.taken.contains(returned))
    }

    fn mutated_at(&mut self, range: TextRange) {
        self.changes += 1;
        if self
            .mutation
            .is_none_or(|first| range.start() < first.start())
        {
            self.mutation = Some(range);
        }
    }
}

struct Scan<'s, 'a> {
    attributes: &'s mut FxHashMap<&'a str, Attribute<'a>>,
    /// The instance's attributes are set by name at run time (`setattr(self, key, ...)`,
    /// `self.__dict__`, `vars(self)`): no conclusion is safe.
    dynamic: bool,
}

/// Class-level names bound once, to a list, dict or set display or a `list()`/`dict()`/
/// `set()` call, and not declared `ClassVar`.
fn candidates<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    body: ScopeId,
    outer: ScopeId,
) -> FxHashMap<&'a str, Attribute<'a>> {
    let mut attributes = FxHashMap::default();
    for stmt in &class.body {
        let (target, value) = match stmt {
            Stmt::Assign(assign) => match assign.targets.as_slice() {
                [target] => (target, &*assign.value),
                _ => continue,
            },
            Stmt::AnnAssign(ann) => {
                let Some(value) = ann.value.as_deref() else {
                    continue;
                };
                if is_class_var(cx, &ann.annotation, body) {
                    continue;
                }
                // A decorator or an imported base may turn annotated names into fields with
                // a fresh default per instance (dataclasses, attrs, pydantic).
                if !class.decorator_list.is_empty() || cx.model.class_has_opaque_base(class, outer)
                {
                    continue;
                }
                (&*ann.target, value)
            }
            _ => continue,
        };
        let Some(name) = ast_ext::name_id(target) else {
            continue;
        };
        let Some((kind, empty)) = container_kind(cx, value, body) else {
            continue;
        };
        if cx.model.scope(body).bindings_of(name).len() != 1 {
            continue;
        }
        attributes.insert(
            name,
            Attribute {
                kind,
                empty,
                mutation: None,
                assigned: false,
                through_class: false,
                holds_instances: false,
                lookups: Vec::new(),
                stores: Vec::new(),
                reads: Vec::new(),
                taken: Vec::new(),
                put_back: Vec::new(),
                changes: 0,
            },
        );
    }
    attributes
}

fn container_kind<'a>(
    cx: &RuleContext<'_, 'a>,
    value: &'a Expr,
    scope: ScopeId,
) -> Option<(&'static str, &'static str)> {
    match value {
        Expr::List(_) | Expr::ListComp(_) => Some(("list", "[]")),
        Expr::Dict(_) | Expr::DictComp(_) => Some(("dict", "{}")),
        Expr::Set(_) | Expr::SetComp(_) => Some(("set", "set()")),
        Expr::Call(call) => {
            let callee = cx.model.qualified_name(&call.func, scope)?;
            if callee.is_builtin("list") {
                Some(("list", "[]"))
            } else if callee.is_builtin("dict") {
                Some(("dict", "{}"))
            } else if callee.is_builtin("set") {
                Some(("set", "set()"))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_class_var<'a>(cx: &RuleContext<'_, 'a>, annotation: &'a Expr, scope: ScopeId) -> bool {
    let annotation = match annotation {
        Expr::Subscript(sub) => &*sub.value,
        other => other,
    };
    if let Some(text) = ast_ext::string_literal(annotation) {
        // A string annotation is not evaluated; read its spelling.
        let head = text.split('[').next().unwrap_or_default().trim();
        return head == "ClassVar" || head.ends_with(".ClassVar");
    }
    cx.model
        .qualified_name(annotation, scope)
        .is_some_and(|name| name.is_any(CLASS_VAR))
}

/// Looks at every method: how instance methods use `self`, and which attributes class
/// methods reach through `cls`.
fn scan_methods<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    body: ScopeId,
    scan: &mut Scan<'_, 'a>,
) {
    for stmt in &class.body {
        let Some(method) = FunctionRef::from_stmt(stmt) else {
            continue;
        };
        let Some(first) = method.first_parameter() else {
            continue;
        };
        let Some(scope) = cx.model.function_scope(method) else {
            continue;
        };
        // `self` must stay the instance throughout the method.
        if cx.model.scope(scope).bindings_of(first).len() != 1 {
            continue;
        }
        let decorators = method.decorators();
        if cx
            .model
            .find_decorator(decorators, body, &["builtins.staticmethod"])
            .is_some()
        {
            continue;
        }
        let on_class = IMPLICIT_CLASS_METHODS.contains(&method.name())
            || cx
                .model
                .find_decorator(decorators, body, &["builtins.classmethod"])
                .is_some();
        for reference in cx.model.references_to(scope, first) {
            if on_class {
                note_class_access(reference, scan);
            } else {
                note_instance_use(cx, reference, first, scan);
            }
        }
    }
}

/// `cls.name` or `ClassName.name`, whatever is done with it.
fn note_class_access(reference: &Reference<'_>, scan: &mut Scan<'_, '_>) {
    if let Some(Access::Attribute(attr)) = reference.accesses().first() {
        if let Some(attribute) = scan.attributes.get_mut(attr.attr.as_str()) {
            attribute.through_class = true;
        }
    }
}

/// One use of `self` in an instance method.
fn note_instance_use<'a>(
    cx: &RuleContext<'_, 'a>,
    reference: &Reference<'a>,
    instance: &str,
    scan: &mut Scan<'_, 'a>,
) {
    let accesses = reference.accesses();
    let Some(first) = accesses.first() else {
        if reference.usage == Usage::Argument {
            note_self_argument(cx, reference, scan);
        }
        return;
    };
    let Access::Attribute(attr) = first else {
        return;
    };
    let name = attr.attr.as_str();
    match name {
        "__dict__" => {
            scan.dynamic = true;
            return;
        }
        "__class__" => {
            if let Some(Access::Attribute(inner)) = accesses.get(1) {
                if let Some(attribute) = scan.attributes.get_mut(inner.attr.as_str()) {
                    attribute.through_class = true;
                }
            }
            return;
        }
        _ => {}
    }
    let Some(attribute) = scan.attributes.get_mut(name) else {
        return;
    };
    let method = reference.resolved.unwrap_or(reference.scope);
    let key_text = |key: &Expr| cx.source[key.range()].to_string();
    match attr.ctx {
        ExprContext::Store => match reference.statement {
            // `self.items += [x]` extends the shared list in place before storing it back.
            Stmt::AugAssign(aug) if std::ptr::eq(&*aug.target, reference.chain) => {
                attribute.mutated_at(reference.statement.range());
            }
            _ => attribute.assigned = true,
        },
        ExprContext::Del => attribute.assigned = true,
        ExprContext::Load => match (accesses.get(1), accesses.get(2)) {
            (Some(Access::Attribute(called)), Some(Access::Call(call)))
                if is_mutating_method(called.attr.as_str()) =>
            {
                attribute.mutated_at(call.range);
                note_pool_move(
                    reference.statement,
                    called.attr.as_str(),
                    call,
                    method,
                    attribute,
                );
                if called.attr.as_str() == "setdefault" {
                    if let Some(key) = call.args.first() {
                        let value = call.args.get(1).map(Ranged::range);
                        attribute
                            .stores
                            .push((method, key_text(key), call.start(), value));
                    }
                } else if !matches!(
                    called.attr.as_str(),
                    "pop" | "popitem" | "clear" | "__delitem__"
                ) {
                    // A memo may evict entries, but filling it in other ways (`update`)
                    // is not a memo's.
                    attribute
                        .stores
                        .push((method, String::new(), call.start(), None));
                }
                let stores_instance = call
                    .args
                    .iter()
                    .chain(call.keywords.iter().map(|k| &k.value))
                    .any(|arg| ast_ext::name_id(arg) == Some(instance));
                attribute.holds_instances |= stores_instance;
            }
            (Some(Access::Subscript(sub)), _) if sub.ctx != ExprContext::Load => {
                attribute.mutated_at(sub.range);
                let value = match reference.statement {
                    Stmt::Assign(assign) if sub.ctx == ExprContext::Store => Some(&*assign.value),
                    _ => None,
                };
                attribute.holds_instances |= value.and_then(ast_ext::name_id) == Some(instance);
                // Deleting an entry (eviction) says nothing either way.
                if let Some(value) = value {
                    attribute.stores.push((
                        method,
                        key_text(&sub.slice),
                        sub.start(),
                        Some(value.range()),
                    ));
                } else if sub.ctx == ExprContext::Store {
                    // `self.counts[key] += 1`: an update, not a memo's fill.
                    attribute
                        .stores
                        .push((method, String::new(), sub.start(), None));
                }
            }
            (Some(Access::Attribute(called)), Some(Access::Call(call)))
                if called.attr.as_str() == "get" =>
            {
                attribute.reads.push(reference.chain.range());
                if let Some(key) = call.args.first() {
                    attribute
                        .lookups
                        .push((method, key_text(key), call.start()));
                }
            }
            (None, _) => {
                attribute.reads.push(reference.chain.range());
                if let Some(key) = membership_key(reference.statement, reference.chain) {
                    attribute
                        .lookups
                        .push((method, key_text(key), reference.range.start()));
                }
            }
            _ => attribute.reads.push(reference.chain.range()),
        },
    }
}

/// Whether a change through `self.name.method(...)` moves an object in or out of a pool:
/// `x = self.pool.pop()` takes one out into a name, `self.pool.append(x)` puts a name in.
fn note_pool_move<'a>(
    statement: &'a Stmt,
    method_name: &str,
    call: &'a ExprCall,
    method: ScopeId,
    attribute: &mut Attribute<'a>,
) {
    match method_name {
        "pop" => {
            if let Stmt::Assign(assign) = statement {
                if let ([Expr::Name(target)], Expr::Call(value)) =
                    (assign.targets.as_slice(), &*assign.value)
                {
                    if std::ptr::eq(value, call) {
                        attribute.taken.push((method, target.id.as_str()));
                    }
                }
            }
        }
        "append" => {
            if let ([Expr::Name(item)], []) = (call.args.as_slice(), call.keywords.as_slice()) {
                attribute.put_back.push((method, item.id.as_str()));
            }
        }
        _ => {}
    }
}

/// `setattr(self, "name", value)` gives the instance its own value; `setattr` with a
/// computed name or `vars(self)` could touch any attribute.
fn note_self_argument<'a>(
    cx: &RuleContext<'_, 'a>,
    reference: &Reference<'a>,
    scan: &mut Scan<'_, 'a>,
) {
    let frame = cx.model.frame_of(reference.scope);
    for site in &cx.model.scope(frame).frame.calls {
        if !std::ptr::eq(site.statement, reference.statement) {
            continue;
        }
        let Some(first) = site.call.args.first() else {
            continue;
        };
        if first.range() != reference.range {
            continue;
        }
        let Some(callee) = cx.model.qualified_name(&site.call.func, site.scope) else {
            continue;
        };
        if callee.is_builtin("vars") {
            scan.dynamic = true;
        } else if callee.is_builtin("setattr") || callee.is_builtin("delattr") {
            match site.call.args.get(1).and_then(ast_ext::string_literal) {
                Some(name) => {
                    if let Some(attribute) = scan.attributes.get_mut(name) {
                        attribute.assigned = true;
                    }
                }
                None => scan.dynamic = true,
            }
        }
    }
}

/// `ClassName.name` anywhere in the module. Returns whether the class object itself escapes:
/// it is an attribute of another class, or is returned, stored or passed on, so code the
/// rule cannot follow may reach the attribute through the class under another name.
fn scan_class_name<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    outer: ScopeId,
    scan: &mut Scan<'_, 'a>,
) -> bool {
    let name = class.name.as_str();
    let Some(owner) = cx.model.lookup(name, outer) else {
        return false;
    };
    let mut escapes = cx.model.scope(owner).kind.is_class();
    for reference in cx.model.references_to(owner, name) {
        if reference.accesses().is_empty() {
            escapes |= !is_base_or_type_check(cx, reference);
        } else {
            note_class_access(reference, scan);
        }
    }
    escapes
}

/// A use of the class name that does not hand the class object on: a base in a `class`
/// statement, or the class argument of `isinstance`/`issubclass`.
fn is_base_or_type_check<'a>(cx: &RuleContext<'_, 'a>, reference: &Reference<'a>) -> bool {
    if let Stmt::ClassDef(subclass) = reference.statement {
        if subclass
            .bases
            .iter()
            .any(|base| base.range() == reference.range)
        {
            return true;
        }
    }
    if reference.usage != Usage::Argument {
        return false;
    }
    let frame = cx.model.frame_of(reference.scope);
    cx.model.scope(frame).frame.calls.iter().any(|site| {
        std::ptr::eq(site.statement, reference.statement)
            && site
                .call
                .args
                .iter()
                .skip(1)
                .any(|arg| arg.range().contains_range(reference.range))
            && cx
                .model
                .qualified_name(&site.call.func, site.scope)
                .is_some_and(|callee| {
                    callee.is_builtin("isinstance") || callee.is_builtin("issubclass")
                })
    })
}

/// The key of an `in`/`not in` test in `statement` whose right side is `container`.
fn membership_key<'a>(statement: &'a Stmt, container: &Expr) -> Option<&'a Expr> {
    struct Finder<'a, 'e> {
        container: &'e Expr,
        key: Option<&'a Expr>,
    }
    impl<'a> Visitor<'a> for Finder<'a, '_> {
        fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
            let Node::Expr(Expr::Compare(compare)) = node else {
                return;
            };
            let lefts = std::iter::once(&*compare.left).chain(&compare.comparators);
            for ((op, right), left) in compare.ops.iter().zip(&compare.comparators).zip(lefts) {
                if matches!(op, CmpOp::In | CmpOp::NotIn) && std::ptr::eq(right, self.container) {
                    self.key = Some(left);
                }
            }
        }
    }
    let mut finder = Finder {
        container,
        key: None,
    };
    visit::walk_body(std::slice::from_ref(statement), &mut finder);
    finder.key
}
/// `type(self).name` inside the class.
fn scan_type_calls<'a>(cx: &RuleContext<'_, 'a>, class: &'a StmtClassDef, scan: &mut Scan<'_, 'a>) {
    let calls_of_type = cx.model.references().iter().filter(|r| {
        r.name == "type"
            && r.resolved.is_none()
            && r.usage == Usage::Called
            && class.range.contains_range(r.range)
    });
    for reference in calls_of_type {
        if let [Access::Call(_), Access::Attribute(attr), ..] = reference.accesses().as_slice() {
            if let Some(attribute) = scan.attributes.get_mut(attr.attr.as_str()) {
                attribute.through_class = true;
            }
        }
    }
}
