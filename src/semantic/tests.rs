//! Unit tests of the semantic model on small modules.

use rustpython_parser::ast::{Expr, ExprContext, Ranged, Stmt};
use rustpython_parser::text_size::TextSize;

use super::*;
use crate::parse::parse_module;
use crate::visit::{self, Context, Node, Visitor};

/// Parses `source` and hands the model to `check`.
fn with_model(source: &str, check: impl FnOnce(&SemanticModel<'_>, &[Stmt])) {
    let parsed = parse_module(source).expect("test source parses");
    let model = SemanticModel::build(&parsed.body);
    check(&model, &parsed.body);
}

/// Byte offset of the `nth` (0-based) occurrence of `needle`.
fn offset(source: &str, needle: &str, nth: usize) -> TextSize {
    let at = source
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurs {} times", nth + 1))
        .0;
    TextSize::from(at as u32)
}

/// Every name load with the scope it happens in, found by walking like the checker does.
fn loads(body: &[Stmt]) -> Vec<(&Expr, ScopeId)> {
    struct Loads<'a>(Vec<(&'a Expr, ScopeId)>);
    impl<'a> Visitor<'a> for Loads<'a> {
        fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
            if let Node::Expr(expr @ Expr::Name(name)) = node {
                if name.ctx == ExprContext::Load {
                    self.0.push((expr, ctx.scope()));
                }
            }
        }
    }
    let mut loads = Loads(Vec::new());
    visit::walk_module(body, &mut loads);
    loads.0
}

/// The qualified name of the `nth` load of `name`.
fn qualified(model: &SemanticModel<'_>, body: &[Stmt], name: &str, nth: usize) -> Option<String> {
    let (expr, scope) = loads(body)
        .into_iter()
        .filter(|(e, _)| matches!(e, Expr::Name(n) if n.id.as_str() == name))
        .nth(nth)
        .expect("the name is loaded");
    model.qualified_name(expr, scope).map(|q| q.to_string())
}

#[test]
fn scopes_are_numbered_in_walk_order() {
    let source =
        "def f(a=lambda: 1):\n    return [x for x in a]\nclass C:\n    def m(self): pass\n";
    with_model(source, |model, _| {
        let kinds: Vec<&str> = (0..6)
            .map(|i| match model.scope(ScopeId::new(i)).kind {
                ScopeKind::Module => "module",
                ScopeKind::Lambda(_) => "lambda",
                ScopeKind::Function(_) => "function",
                ScopeKind::Comprehension(_) => "comprehension",
                ScopeKind::Class(_) => "class",
            })
            .collect();
        // The default's lambda runs where the `def` runs, so it is entered before `f`.
        assert_eq!(
            kinds,
            [
                "module",
                "lambda",
                "function",
                "comprehension",
                "class",
                "function"
            ]
        );
    });
}

#[test]
fn lookup_skips_class_scopes_from_methods() {
    let source = "x = 1\nclass C:\n    x = 2\n    y = x\n    def m(self):\n        return x\n";
    with_model(source, |model, body| {
        let found: Vec<(ScopeId, Option<ScopeId>)> = loads(body)
            .into_iter()
            .filter(|(e, _)| matches!(e, Expr::Name(n) if n.id.as_str() == "x"))
            .map(|(_, scope)| (scope, model.lookup("x", scope)))
            .collect();
        let class_scope = ScopeId::new(1);
        assert_eq!(
            found[0],
            (class_scope, Some(class_scope)),
            "class body sees its own x"
        );
        assert_eq!(
            found[1].1,
            Some(ScopeId::MODULE),
            "a method skips the class body"
        );
    });
}

#[test]
fn global_and_nonlocal_move_bindings() {
    let source = "count = 0\ndef bump():\n    global count\n    count += 1\ndef outer():\n    total = 0\n    def inner():\n        nonlocal total\n        total = 5\n";
    with_model(source, |model, _| {
        assert_eq!(model.module_scope().bindings_of("count").len(), 2);
        assert!(!model.scope(ScopeId::new(1)).binds("count"));
        let outer = ScopeId::new(2);
        assert_eq!(model.scope(outer).bindings_of("total").len(), 2);
    });
}

#[test]
fn comprehension_targets_and_walrus_bind_in_the_right_scopes() {
    let source = "def f(xs):\n    ys = [y for y in xs if (last := y)]\n    return last\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let comprehension = ScopeId::new(2);
        assert!(model.scope(comprehension).binds("y"));
        assert!(!model.scope(function).binds("y"));
        assert!(
            model.scope(function).binds("last"),
            "PEP 572: walrus binds in the function"
        );
    });
}

#[test]
fn comprehension_element_sees_its_targets() {
    let source = "def f(rows):\n    return [cell.get() for row in rows for cell in row]\n";
    with_model(source, |model, _| {
        let comprehension = ScopeId::new(2);
        let element = offset(source, "cell.get", 0);
        let binding = model
            .unique_binding("cell", element, comprehension)
            .expect("the element is evaluated after the targets are bound");
        assert!(matches!(
            binding.kind,
            BindingKind::ComprehensionTarget { whole: true, .. }
        ));
        let second_iter = offset(source, "row]", 0);
        assert!(model
            .unique_binding("row", second_iter, comprehension)
            .is_some());
    });
    let bare = "def f(jobs):\n    return tuple(job.get() for job in jobs)\n";
    with_model(bare, |model, _| {
        let element = offset(bare, "job.get", 0);
        assert!(
            model
                .unique_binding("job", element, ScopeId::new(2))
                .is_some(),
            "a generator expression without parentheses of its own"
        );
    });
}

#[test]
fn reaching_bindings_follow_dominance_and_branches() {
    let source = "def f(flag):\n    s = ''\n    if flag:\n        s = []\n    use(s)\n    s = 1\n    use(s)\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let first_use = offset(source, "use(s)", 0);
        let reaching = model.reaching_bindings(function, "s", first_use, function);
        let kinds: Vec<ValueKind> = reaching.iter().map(|id| model.value_kind(*id)).collect();
        assert_eq!(
            kinds,
            [ValueKind::Str, ValueKind::List(ListOrigin::Literal)]
        );

        let second_use = offset(source, "use(s)", 1);
        let reaching = model.reaching_bindings(function, "s", second_use, function);
        assert_eq!(reaching.len(), 1, "the unconditional `s = 1` dominates");
        assert_eq!(model.value_kind(reaching[0]), ValueKind::Number);
    });
}

#[test]
fn reaching_bindings_include_loop_back_edges_but_not_at_the_loop_start() {
    let source = "def f(items):\n    acc = ''\n    for item in items:\n        print(acc)\n        acc = item\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let inside = offset(source, "print(acc)", 0);
        let reaching = model.reaching_bindings(function, "acc", inside, function);
        assert_eq!(reaching.len(), 2, "the next iteration sees `acc = item`");

        let loop_start = offset(source, "for item", 0);
        let reaching = model.reaching_bindings(function, "acc", loop_start, function);
        assert_eq!(reaching.len(), 1, "before the loop only `acc = ''` exists");
    });
}

#[test]
fn an_if_else_that_rebinds_in_every_arm_hides_what_came_before() {
    let source = "def f(a, b):\n    x = 0\n    if a:\n        x = 1\n    elif b:\n        x = 2\n    else:\n        x = 3\n    use(x)\n    y = 0\n    if a:\n        y = 1\n    else:\n        pass\n    use(y)\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let use_x = offset(source, "use(x)", 0);
        let reaching = model.reaching_bindings(function, "x", use_x, function);
        let kinds: Vec<ValueKind> = reaching.iter().map(|id| model.value_kind(*id)).collect();
        assert_eq!(reaching.len(), 3, "the three arms, not `x = 0`: {kinds:?}");
        let use_y = offset(source, "use(y)", 0);
        let reaching = model.reaching_bindings(function, "y", use_y, function);
        assert_eq!(reaching.len(), 2, "the `else` arm keeps `y = 0`");
    });
}

#[test]
fn other_frames_see_every_binding() {
    let source = "LIMIT = 1\ndef f():\n    return LIMIT\nLIMIT = 2\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let at = offset(source, "return LIMIT", 0);
        let reaching = model.reaching_bindings(ScopeId::MODULE, "LIMIT", at, function);
        assert_eq!(reaching.len(), 2);
    });
}

#[test]
fn qualified_names_follow_imports_and_aliases() {
    let source = "\
import multiprocessing as mp
import os.path
from concurrent.futures import ProcessPoolExecutor as PPE
from . import sibling
P = mp.Pool
def f():
    mp.Pool
    os.path.join
    PPE
    P
    open
    sibling
";
    with_model(source, |model, body| {
        assert_eq!(
            qualified(model, body, "mp", 1).as_deref(),
            Some("multiprocessing")
        );
        assert_eq!(
            qualified(model, body, "mp", 0).as_deref(),
            Some("multiprocessing")
        );
        assert_eq!(qualified(model, body, "os", 0).as_deref(), Some("os"));
        assert_eq!(
            qualified(model, body, "PPE", 0).as_deref(),
            Some("concurrent.futures.ProcessPoolExecutor")
        );
        assert_eq!(
            qualified(model, body, "P", 0).as_deref(),
            Some("multiprocessing.Pool")
        );
        assert_eq!(
            qualified(model, body, "open", 0).as_deref(),
            Some("builtins.open")
        );
        assert_eq!(
            qualified(model, body, "sibling", 0),
            None,
            "relative imports have no absolute path"
        );
    });
}

#[test]
fn shadowed_builtins_and_conflicting_imports_have_no_qualified_name() {
    let source = "\
try:
    import simplejson as json
except ImportError:
    import json
def open(path):
    pass
def f():
    json
    open
";
    with_model(source, |model, body| {
        assert_eq!(qualified(model, body, "json", 0), None);
        assert_eq!(qualified(model, body, "open", 0), None);
    });
}

#[test]
fn value_kinds_cover_the_common_literals_and_builtins() {
    let source = "\
a = [1]
b = [x for x in y]
c = list(y)
d = ''
e = f'{a}'
g = str(a)
h = ', '.join(y)
i = 'x' + y
j = 0
k = {1}
l = {}
m = (1, 2)
n = thing()
";
    with_model(source, |model, _| {
        let kind = |name: &str| model.value_kind(model.module_scope().bindings_of(name)[0]);
        assert_eq!(kind("a"), ValueKind::List(ListOrigin::Literal));
        assert_eq!(kind("b"), ValueKind::List(ListOrigin::Comprehension));
        assert_eq!(kind("c"), ValueKind::List(ListOrigin::Call));
        for name in ["d", "e", "g", "h", "i"] {
            assert_eq!(kind(name), ValueKind::Str, "{name}");
        }
        assert_eq!(kind("j"), ValueKind::Number);
        assert_eq!(kind("k"), ValueKind::Set);
        assert_eq!(kind("l"), ValueKind::Dict);
        assert_eq!(kind("m"), ValueKind::Tuple);
        assert_eq!(kind("n"), ValueKind::Other);
    });
}

#[test]
fn unpacking_gives_each_name_its_element() {
    with_model("a, (b, c) = '', ([], 0)\nd, e = pair\n", |model, _| {
        let kind = |name: &str| model.value_kind(model.module_scope().bindings_of(name)[0]);
        assert_eq!(kind("a"), ValueKind::Str);
        assert_eq!(kind("b"), ValueKind::List(ListOrigin::Literal));
        assert_eq!(kind("c"), ValueKind::Number);
        assert_eq!(kind("d"), ValueKind::Unknown);
    });
}

#[test]
fn usages_say_how_a_value_is_used() {
    let source = "xs = []\nxs.append(1)\nxs[0] = 2\ndel xs[0]\nf(xs)\nxs.count\nxs()\nprint(xs[0])\nxs += [3]\n";
    with_model(source, |model, _| {
        let usages: Vec<Usage> = model
            .references_to(ScopeId::MODULE, "xs")
            .map(|r| r.usage)
            .collect();
        assert_eq!(
            usages,
            [
                Usage::MethodCall("append"),
                Usage::SubscriptStore,
                Usage::SubscriptDelete,
                Usage::Argument,
                Usage::Attribute("count"),
                Usage::Called,
                Usage::SubscriptLoad,
                Usage::AugmentedAssignment,
            ]
        );
        let mutating: Vec<bool> = usages.iter().map(Usage::may_mutate).collect();
        assert_eq!(
            mutating,
            [true, true, true, true, false, false, false, true]
        );
    });
}

#[test]
fn frame_facts_record_calls_returns_and_generators() {
    let source = "def gen():\n    yield helper()\ndef plain():\n    class Inner:\n        x = build()\n    return [make(i) for i in y]\n";
    with_model(source, |model, _| {
        let generator = model.scope(ScopeId::new(1));
        assert!(generator.frame.yields);
        assert_eq!(generator.frame.calls.len(), 1);
        let plain = model.scope(ScopeId::new(2));
        assert!(!plain.frame.yields);
        assert_eq!(plain.frame.returns.len(), 1);
        assert_eq!(
            plain.frame.calls.len(),
            2,
            "class bodies and comprehensions run in the enclosing frame"
        );
    });
}

#[test]
fn call_paths_follow_module_functions() {
    let source = "\
import multiprocessing
def start():
    return multiprocessing.Pool(2)
def run():
    helper()
    start()
def helper():
    pass
run()
";
    with_model(source, |model, _| {
        let is_pool = |site: &CallSite<'_>| {
            model
                .qualified_name(&site.call.func, site.scope)
                .is_some_and(|q| q.is("multiprocessing.Pool"))
        };
        let run = model
            .module_scope()
            .bindings_of("run")
            .first()
            .and_then(|id| model.binding(*id).function())
            .map(|(_, scope)| scope)
            .expect("run is a function");
        let path = model
            .find_call_path(run, &is_pool)
            .expect("run reaches a pool");
        let names: Vec<String> = path
            .iter()
            .map(|site| match &*site.call.func {
                Expr::Name(n) => n.id.to_string(),
                Expr::Attribute(a) => a.attr.to_string(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(names, ["start", "Pool"]);
        let helper_scope = model
            .binding(model.module_scope().bindings_of("helper")[0])
            .function()
            .unwrap()
            .1;
        assert!(model.find_call_path(helper_scope, &is_pool).is_none());
    });
}

#[test]
fn references_know_their_statement() {
    let source = "def f(s):\n    for x in y:\n        s += x\n        print(s)\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let statements: Vec<bool> = model
            .references_to(function, "s")
            .map(|r| matches!(r.statement, Stmt::AugAssign(_)))
            .collect();
        assert_eq!(statements, [true, false]);
        let print = model.references_to(function, "s").nth(1).unwrap();
        assert!(print.statement.range().contains(print.range.start()));
    });
}

#[test]
fn origins_look_through_updates() {
    let source = "def f(groups):\n    text = ''\n    for g in groups:\n        text += g\n        for x in g:\n            text += x\n";
    with_model(source, |model, _| {
        let function = ScopeId::new(1);
        let inner_loop = offset(source, "for x", 0);
        let is_update = |b: &Binding<'_>| matches!(b.kind, BindingKind::AugmentedAssignment);
        let plain = model.reaching_bindings(function, "text", inner_loop, function);
        assert!(
            plain.iter().all(|id| is_update(model.binding(*id))),
            "only the update dominates"
        );
        let origins = model.origin_bindings(function, "text", inner_loop, function, &is_update);
        assert_eq!(origins.len(), 1);
        assert_eq!(model.value_kind(origins[0]), ValueKind::Str);
    });
}

#[test]
fn references_know_their_access_chain() {
    let source = "class C:\n    def m(self, x):\n        self.items.append(x)\n        self.cache[x] = 1\n        self.count += 1\n        return self\n";
    with_model(source, |model, _| {
        let method = ScopeId::new(2);
        let chains: Vec<&str> = model
            .references_to(method, "self")
            .map(|r| match r.chain {
                Expr::Call(_) => "call",
                Expr::Subscript(_) => "subscript",
                Expr::Attribute(_) => "attribute",
                Expr::Name(_) => "name",
                _ => "other",
            })
            .collect();
        assert_eq!(chains, ["call", "subscript", "attribute", "name"]);
    });
}

#[test]
fn classes_inherit_through_imports_and_local_classes() {
    let source = "\
import typing as t
from pydantic import BaseModel
class Base(BaseModel):
    pass
class Child(Base):
    pass
class Proto(t.Protocol[T]):
    pass
class Plain:
    pass
class FromUnknown(make_base()):
    pass
";
    with_model(source, |model, body| {
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let module = ScopeId::MODULE;
        assert!(model.class_inherits_from(class(3), module, &["pydantic.BaseModel"]));
        assert!(model.class_inherits_from(class(4), module, &["typing.Protocol"]));
        assert!(!model.class_inherits_from(class(5), module, &["typing.Protocol"]));
        assert!(!model.class_has_opaque_base(class(5), module));
        assert!(model.class_has_opaque_base(class(3), module));
        assert!(model.class_has_opaque_base(class(6), module));
        let scope = model.class_scope(class(5)).expect("class scope");
        assert!(matches!(model.scope(scope).kind, ScopeKind::Class(_)));
    });
}

#[test]
fn decorators_resolve_with_or_without_a_call() {
    let source = "import functools\nfrom functools import lru_cache as lru\n@functools.cache\ndef a(): pass\n@lru(maxsize=None)\ndef b(): pass\n@other\ndef c(): pass\n";
    with_model(source, |model, body| {
        let decorators = |index: usize| {
            crate::ast_ext::FunctionRef::from_stmt(&body[index])
                .unwrap()
                .decorators()
        };
        let caches = ["functools.cache", "functools.lru_cache"];
        assert!(model
            .find_decorator(decorators(2), ScopeId::MODULE, &caches)
            .is_some());
        assert!(model
            .find_decorator(decorators(3), ScopeId::MODULE, &caches)
            .is_some());
        assert!(model
            .find_decorator(decorators(4), ScopeId::MODULE, &caches)
            .is_none());
        let function = crate::ast_ext::FunctionRef::from_stmt(&body[2]).unwrap();
        assert!(model.function_scope(function).is_some());
    });
}

#[test]
fn local_classes_instances_receivers_and_members() {
    let source = "\
import mixins
class Base:
    async def fetch(self): pass
class Child(Base):
    def run(self):
        self.fetch()
        def inner():
            self.fetch()
    @staticmethod
    def helper(self):
        self.fetch()
    def rebound(self):
        self = other
        self.fetch()
class Mixed(mixins.Mixin, Base):
    pass
child = Child()
Child.run(child)
";
    with_model(source, |model, body| {
        let loads = loads(body);
        let load = |name: &str, nth: usize| {
            loads
                .iter()
                .filter(|(e, _)| matches!(e, Expr::Name(n) if n.id.as_str() == name))
                .nth(nth)
                .copied()
                .expect("the name is loaded")
        };
        let class_name = |found: Option<(&rustpython_parser::ast::StmtClassDef, ScopeId)>| {
            found.map(|(class, _)| class.name.to_string())
        };
        // `self` in the method and in a function nested in it; not in a staticmethod or
        // after `self` is rebound.
        let (expr, scope) = load("self", 0);
        assert_eq!(
            class_name(model.receiver_class(expr, scope)).as_deref(),
            Some("Child")
        );
        let (expr, scope) = load("self", 1);
        assert_eq!(
            class_name(model.receiver_class(expr, scope)).as_deref(),
            Some("Child")
        );
        let (expr, scope) = load("self", 2);
        assert_eq!(model.receiver_class(expr, scope), None);
        let (expr, scope) = load("self", 3);
        assert_eq!(model.receiver_class(expr, scope), None);
        // Instances and classes by name.
        let (expr, scope) = load("child", 0);
        assert_eq!(
            class_name(model.instance_class(expr, scope)).as_deref(),
            Some("Child")
        );
        let (expr, scope) = load("Child", 1);
        assert_eq!(
            class_name(model.local_class(expr, scope)).as_deref(),
            Some("Child")
        );
        let (expr, scope) = load("other", 0);
        assert_eq!(model.instance_class(expr, scope), None);
        // Members through local bases, but not past an opaque base that comes first.
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let member = model
            .class_member(class(2), ScopeId::MODULE, "fetch")
            .expect("inherited from Base");
        assert!(member.function().is_some_and(|(f, _)| f.is_async()));
        assert!(model
            .class_member(class(3), ScopeId::MODULE, "fetch")
            .is_none());
        assert!(model
            .class_member(class(2), ScopeId::MODULE, "missing")
            .is_none());
    });
}

#[test]
fn expected_failure_contexts() {
    let source = "\
import pytest
import unittest
class T(unittest.TestCase):
    def test(self):
        with self.assertRaises(TypeError):
            pass
        with pytest.raises(ValueError):
            pass
        with open(path):
            pass
        with other.assertRaises(TypeError):
            pass
";
    with_model(source, |model, body| {
        let Stmt::ClassDef(class) = &body[2] else {
            panic!("a class")
        };
        let Stmt::FunctionDef(method) = &class.body[0] else {
            panic!("a method")
        };
        let scope = model
            .function_scope(crate::ast_ext::FunctionRef::Sync(method))
            .expect("method scope");
        let expects: Vec<bool> = method
            .body
            .iter()
            .map(|stmt| match stmt {
                Stmt::With(with) => model.expects_failure(&with.items[0].context_expr, scope),
                _ => panic!("a with"),
            })
            .collect();
        assert_eq!(expects, [true, true, false, false]);
    });
}

#[test]
fn references_list_their_accesses_from_the_name_outwards() {
    let source = "class C:\n    def m(self, x):\n        self.items.append(x)\n        self.cache[x] = 1\n        return self\n";
    with_model(source, |model, _| {
        let method = ScopeId::new(2);
        let steps: Vec<Vec<String>> = model
            .references_to(method, "self")
            .map(|r| {
                r.accesses()
                    .iter()
                    .map(|access| match access {
                        Access::Attribute(attr) => format!(".{}", attr.attr),
                        Access::Subscript(sub) => format!("[]{:?}", sub.ctx),
                        Access::Call(_) => "()".to_string(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            steps,
            [
                vec![".items", ".append", "()"],
                vec![".cache", "[]Store"],
                Vec::<&str>::new(),
            ]
        );
        assert!(is_mutating_method("append") && !is_mutating_method("get"));
    });
}

#[test]
fn classes_know_what_their_local_bases_bind_and_their_subclasses() {
    let source = "\
import io
class Base:
    def __iter__(self):
        return self
class Child(Base):
    __next__ = None
class Other(io.IOBase):
    pass
";
    with_model(source, |model, body| {
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let module = ScopeId::MODULE;
        assert!(model.class_binds(class(2), module, "__iter__"));
        assert!(model.class_binds(class(2), module, "__next__"));
        assert!(!model.class_binds(class(1), module, "__next__"));
        assert!(!model.class_binds(class(3), module, "__iter__"));
        assert!(model.class_derives_from_class(class(2), module, class(1)));
        assert!(model.class_derives_from_class(class(1), module, class(1)));
        assert!(!model.class_derives_from_class(class(1), module, class(2)));
        assert!(!model.class_derives_from_class(class(3), module, class(1)));
        let subclasses = model.direct_subclasses(class(1));
        assert_eq!(subclasses.len(), 1);
        assert_eq!(subclasses[0].0.name.as_str(), "Child");
        assert!(model.direct_subclasses(class(2)).is_empty());
    });
}

#[test]
fn calls_to_functions_that_always_raise_never_return() {
    let source = "\
import typing as t
def fail(msg) -> t.NoReturn:
    log(msg)
def boom():
    raise ValueError
def fine():
    return 1
fail('x')
boom()
fine()
";
    with_model(source, |model, body| {
        let call = |index: usize| match &body[index] {
            Stmt::Expr(expr) => match &*expr.value {
                Expr::Call(call) => call,
                _ => panic!("not a call"),
            },
            _ => panic!("statement {index} is not an expression"),
        };
        assert!(model.call_never_returns(call(4), ScopeId::MODULE));
        assert!(model.call_never_returns(call(5), ScopeId::MODULE));
        assert!(!model.call_never_returns(call(6), ScopeId::MODULE));
    });
}

#[test]
fn protocols_are_classes_listing_protocol_directly() {
    let source = "\
import typing_extensions as te
from typing import Protocol, Generic
class Closer(Protocol):
    pass
class Reader(te.Protocol[T], Generic[T]):
    pass
class Impl(Closer):
    pass
class SubProtocol(Closer, Protocol):
    pass
";
    with_model(source, |model, body| {
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let module = ScopeId::MODULE;
        assert!(model.class_is_protocol(class(2), module));
        assert!(model.class_is_protocol(class(3), module));
        assert!(
            !model.class_is_protocol(class(4), module),
            "a class implementing a protocol by inheritance is not one"
        );
        assert!(model.class_is_protocol(class(5), module));
    });
}

#[test]
fn version_checks_and_import_error_handlers() {
    let source = "\
import sys
from sys import version_info as vi
PY311 = sys.version_info >= (3, 11)
if sys.version_info >= (3, 11):
    pass
if vi[:2] < (3, 11):
    pass
if not (sys.version_info.minor > 10 and flag):
    pass
if PY311:
    pass
if sys.platform == 'win32':
    pass
if other.version_info > (3, 0):
    pass
try:
    pass
except ImportError:
    pass
try:
    pass
except (OSError, ModuleNotFoundError):
    pass
try:
    pass
except:
    pass
try:
    pass
except KeyError:
    pass
";
    with_model(source, |model, body| {
        let checks: Vec<bool> = body
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::If(if_) => Some(model.is_version_check(&if_.test, ScopeId::MODULE)),
                _ => None,
            })
            .collect();
        assert_eq!(checks, [true, true, true, true, false, false]);
        let handles: Vec<bool> = body
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::Try(try_) => {
                    Some(model.handles_import_error(&try_.handlers, ScopeId::MODULE))
                }
                _ => None,
            })
            .collect();
        assert_eq!(handles, [true, true, true, false]);
    });
}

#[test]
fn dynamic_writes_to_the_module_namespace() {
    let dynamic = [
        "globals()['x'] = 1\n",
        "globals().update(table)\n",
        "register(globals())\n",
        "g = globals\n",
        "vars()['x'] = 1\n",
        "exec('x = 1')\n",
        "import sys\nsetattr(sys.modules[__name__], 'x', 1)\n",
        "import enum\n@enum.global_enum\nclass Color(enum.IntEnum):\n    RED = 1\n",
        "from enum import IntEnum\nIntEnum._convert_('Signals', __name__, pred)\n",
        "def f():\n    globals()[name] = value\n",
    ];
    for source in dynamic {
        with_model(source, |model, _| {
            assert!(model.writes_module_namespace_dynamically(), "{source}");
        });
    }
    let fixed = [
        "x = globals().get('x')\n",
        "y = globals()['x']\n",
        "exec(code, namespace)\n",
        "def f():\n    exec('y = 1')\n    vars()['z'] = 2\n",
        "def globals():\n    return {}\nglobals()['x'] = 1\n",
        "v = vars(obj)\nv['x'] = 1\n",
        "import sys\nname = sys.modules['other']\n",
    ];
    for source in fixed {
        with_model(source, |model, _| {
            assert!(!model.writes_module_namespace_dynamically(), "{source}");
        });
    }
}

#[test]
fn imported_packages_include_nested_and_from_imports() {
    let source = "import os.path\nimport numpy as np\nfrom ctypes.util import find_library\nfrom . import sibling\ndef f():\n    import json\n";
    with_model(source, |model, _| {
        for package in ["os", "numpy", "ctypes", "json"] {
            assert!(model.imports_package(package), "{package}");
        }
        assert!(!model.imports_package("np"));
        assert!(!model.imports_package("sibling"));
        assert!(!model.imports_package("util"));
    });
}

#[test]
fn text_hints_follow_names_methods_and_annotations() {
    let source = "\
import base64
PREFIX = b'<~'
def f(data, raw: bytes, items: list, view):
    a = PREFIX + data
    b = view.tobytes()
    c = base64.b64encode(data)
    d = f'{data}'
    e = list(data)
    g = ''
    g += data
    h = raw[2:]
    return a, b, c, d, e, g, h, raw, items, data
";
    with_model(source, |model, body| {
        let Stmt::FunctionDef(def) = &body[2] else {
            panic!("a def")
        };
        let scope = model
            .function_scope(crate::ast_ext::FunctionRef::Sync(def))
            .expect("function scope");
        let Some(Stmt::Return(ret)) = def.body.last() else {
            panic!("a return")
        };
        let Some(Expr::Tuple(tuple)) = ret.value.as_deref() else {
            panic!("a tuple")
        };
        let text: Vec<bool> = tuple
            .elts
            .iter()
            .map(|e| model.holds_text(e, scope))
            .collect();
        assert_eq!(
            text,
            [true, true, true, true, false, true, true, true, false, false]
        );
    });
}

#[test]
fn wrappers_that_turn_failures_into_values_catch_all_exceptions() {
    let source = "\
async def wrap(receiver):
    \"\"\"Docstring.\"\"\"
    try:
        response = await receiver()
    except Exception as err:
        log(err)
        return err
    return response
async def reraise(receiver):
    try:
        return await receiver()
    except Exception:
        raise
async def narrow(receiver):
    try:
        return await receiver()
    except KeyError:
        return None
async def more(receiver):
    try:
        response = await receiver()
    except:
        return None
    return transform(response)
wrap(r)
reraise(r)
narrow(r)
more(r)
";
    with_model(source, |model, body| {
        let caught: Vec<bool> = body[4..]
            .iter()
            .map(|stmt| match stmt {
                Stmt::Expr(expr) => match &*expr.value {
                    Expr::Call(call) => model.call_catches_all_exceptions(call, ScopeId::MODULE),
                    _ => panic!("not a call"),
                },
                _ => panic!("not an expression"),
            })
            .collect();
        assert_eq!(caught, [true, false, false, false]);
    });
}

#[test]
fn dataclass_fields_follow_init_order() {
    let source = "\
from dataclasses import dataclass, field, KW_ONLY, InitVar
from typing import ClassVar
import attr
@dataclass
class Base:
    a: int
    b: str = 'x'
@dataclass(frozen=True)
class Child(Base):
    c: float = field(default=1.0)
    registry: ClassVar[dict] = {}
    hidden: int = field(default=0, init=False)
    seed: InitVar[int] = 0
    _: KW_ONLY
    d: bool = False
@attr.s
class Legacy:
    _x = attr.ib(converter=int)
    y = 3
class Plain:
    a: int
";
    with_model(source, |model, body| {
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let module = ScopeId::MODULE;
        let spec = model.dataclass_spec(class(4), module).expect("a dataclass");
        assert_eq!(spec.library, DataclassLibrary::Dataclasses);
        assert_eq!(spec.frozen, Some(true));
        let fields = model
            .dataclass_init_fields(class(4), module)
            .expect("known");
        let names: Vec<_> = fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["a", "b", "c", "hidden", "seed", "d"]);
        assert_eq!(fields[3].init, Some(false));
        assert_eq!(fields[4].kind, FieldKind::InitVar);
        assert_eq!(fields[5].kw_only, Some(true));
        assert!(fields[2].default.is_some());
        let legacy = model.dataclass_fields(class(5), module).expect("attrs");
        assert_eq!(legacy.len(), 1);
        assert_eq!(legacy[0].init_name, Some("x"));
        assert!(legacy[0].converter);
        assert!(model.dataclass_spec(class(6), module).is_none());
    });
}

#[test]
fn mutable_containers_are_displays_and_calls_of_builtin_types() {
    let source = "\
import collections
list = tuple
a = []
b = {}
c = collections.deque()
d = list()
e = frozenset()
def f():
    pass
";
    with_model(source, |model, body| {
        let value = |index: usize| match &body[index] {
            Stmt::Assign(assign) => &*assign.value,
            _ => panic!("statement {index} is not an assignment"),
        };
        let module = ScopeId::MODULE;
        assert_eq!(model.mutable_container(value(2), module), Some("list"));
        assert_eq!(model.mutable_container(value(3), module), Some("dict"));
        assert_eq!(model.mutable_container(value(4), module), Some("deque"));
        // `list` is rebound to `tuple` in this module.
        assert_eq!(model.mutable_container(value(5), module), None);
        assert_eq!(model.mutable_container(value(6), module), None);
        assert_eq!(model.scope_ids().count(), 2);
        assert_eq!(model.scope_ids().next(), Some(ScopeId::MODULE));
    });
}

#[test]
fn type_variables_are_recognised_through_typing_imports() {
    let source = "import typing as t\nfrom typing_extensions import ParamSpec\nfrom typing import TypeVar as TV\nT_co = t.TypeVar('T_co', covariant=True)\nP = ParamSpec('P')\nK = TV('K', bound=int, default=int)\nX = TV('X', covariant=flag)\nN = int\nT_co, P, K, X, N\n";
    with_model(source, |model, body| {
        let Stmt::Expr(tuple) = &body[8] else {
            panic!("the last statement is an expression")
        };
        let Expr::Tuple(tuple) = &*tuple.value else {
            panic!("a tuple")
        };
        let decl = |i: usize| {
            model
                .type_var_of(&tuple.elts[i], ScopeId::MODULE)
                .map(|(_, d)| d)
        };
        let t_co = decl(0).expect("T_co is a TypeVar");
        assert_eq!(t_co.kind, TypeVarKind::TypeVar);
        assert_eq!(t_co.variance, Variance::Covariant);
        assert_eq!(t_co.name, Some("T_co"));
        assert_eq!(decl(1).expect("P").kind, TypeVarKind::ParamSpec);
        let k = decl(2).expect("K");
        assert!(k.has_default);
        assert_eq!(k.variance, Variance::Invariant);
        assert_eq!(decl(3).expect("X").variance, Variance::Unknown);
        assert!(decl(4).is_none());
        let Stmt::Assign(assign) = &body[3] else {
            panic!("an assignment")
        };
        let Expr::Call(call) = &*assign.value else {
            panic!("a call")
        };
        assert_eq!(
            model.typing_member(&call.func, ScopeId::MODULE),
            Some("TypeVar")
        );
    });
}

#[test]
fn well_known_functions_and_false_asserts_never_return() {
    let source = "\
import sys
import pytest
def validator(v):
    if v:
        pytest.fail('no')
    else:
        assert False, 'unreachable'
def quits():
    sys.exit(2)
def checks(v):
    assert v
def half(v):
    if v:
        raise ValueError
";
    with_model(source, |model, body| {
        let function = |index: usize| {
            let function = crate::ast_ext::FunctionRef::from_stmt(&body[index]).expect("a def");
            (
                function.body(),
                model.function_scope(function).expect("scope"),
            )
        };
        let (validator, scope) = function(2);
        assert!(model.body_never_returns(validator, scope));
        let (quits, scope) = function(3);
        assert!(model.body_never_returns(quits, scope));
        let (checks, scope) = function(4);
        assert!(!model.body_never_returns(checks, scope));
        let (half, scope) = function(5);
        assert!(!model.body_never_returns(half, scope));
    });
}

#[test]
fn pydantic_models_and_dataclasses() {
    let source = "\
import dataclasses
import pydantic
import pydantic.dataclasses
from pydantic.v1 import BaseModel as V1Model
class Model(pydantic.BaseModel):
    pass
class Child(Model):
    pass
class Legacy(V1Model):
    pass
@pydantic.dataclasses.dataclass
@dataclasses.dataclass
class Record:
    x: int
@dataclasses.dataclass
class Plain:
    x: int
";
    with_model(source, |model, body| {
        let class = |index: usize| match &body[index] {
            Stmt::ClassDef(class) => class,
            _ => panic!("statement {index} is not a class"),
        };
        let module = ScopeId::MODULE;
        assert!(model.is_pydantic_model(class(4), module));
        assert!(model.is_pydantic_model(class(5), module));
        assert!(model.is_pydantic_model(class(6), module));
        assert!(!model.is_pydantic_model(class(7), module));
        assert!(model.is_pydantic_dataclass(class(7), module));
        assert!(!model.is_pydantic_dataclass(class(8), module));
    });
}

#[test]
fn coroutines_run_on_a_worker_threads_own_loop() {
    let source = "\
import asyncio
import threading
async def polled():
    pass
def worker():
    asyncio.run(polled())
threading.Thread(target=worker).start()
async def shared():
    pass
def also_worker():
    asyncio.run(shared())
threading.Thread(target=also_worker).start()
async def main():
    await shared()
async def handler():
    pass
class Service(threading.Thread):
    def run(self):
        asyncio.new_event_loop().run_until_complete(self._serve())
    async def _serve(self):
        pass
def not_a_thread():
    asyncio.run(handler())
";
    with_model(source, |model, body| {
        let function =
            |index: usize| crate::ast_ext::FunctionRef::from_stmt(&body[index]).expect("a def");
        assert!(model.runs_in_worker_thread(function(3)));
        assert!(model.coroutine_runs_in_worker_loop(function(2)));
        // Also awaited by `main`: on the main loop there.
        assert!(model.runs_in_worker_thread(function(6)));
        assert!(!model.coroutine_runs_in_worker_loop(function(5)));
        // Only started from a function that no thread runs.
        assert!(!model.runs_in_worker_thread(function(11)));
        assert!(!model.coroutine_runs_in_worker_loop(function(9)));
        let Stmt::ClassDef(service) = &body[10] else {
            panic!("statement 10 is not a class");
        };
        let run = crate::ast_ext::FunctionRef::from_stmt(&service.body[0]).expect("run");
        let serve = crate::ast_ext::FunctionRef::from_stmt(&service.body[1]).expect("_serve");
        assert!(model.runs_in_worker_thread(run));
        assert!(model.coroutine_runs_in_worker_loop(serve));
    });
}
