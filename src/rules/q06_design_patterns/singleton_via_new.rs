//! PX0601 singleton-via-new: a `__new__` that caches an instance on the class and hands the
//! same object back on every call. Python still runs `__init__` on that object after every
//! `Cls()`, so a class that also defines `__init__` silently resets its "single" instance.

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct SingletonViaNew;

static META: RuleMeta = RuleMeta {
    code: "PX0601",
    name: "singleton-via-new",
    severity: Severity::Warning,
    question: Some(Question::new(6)),
    opt_in: true,
    min_version: None,
    summary: "`__new__` caching a shared instance on the class (`__init__` re-runs on every call)",
    doc: include_str!("../../../rules/PX0601.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Dict methods that store into a cache (`cls._instances.setdefault(key, obj)`).
const STORING_METHODS: &[&str] = &["setdefault", "update", "__setitem__"];
/// Dict methods that read an instance out of a cache.
const READING_METHODS: &[&str] = &["get", "setdefault", "__getitem__", "pop"];

impl Rule for SingletonViaNew {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(Stmt::FunctionDef(def)) = node else {
            return;
        };
        if def.name.as_str() != "__new__" {
            return;
        }
        let Some(class) = cx.ctx.class_body() else {
            return;
        };
        let Some(cache) = cached_instance(def, class) else {
            return;
        };
        let has_init = class_defines_init(class);
        let class_name = class.name.as_str();
        let holder = &cache.holder;
        let header = FunctionRef::Sync(def).header_range(cx.source);
        match (cache.keying, has_init) {
            (Keying::ByValue, false) => {
                // Interning values (like `ZoneInfo(key)`) in a weak cache, or instances of an
                // immutable type, is a legitimate cache. A plain dict of mutable instances
                // is a multiton: one shared, never-collected object per key.
                if !is_multiton(cx, class, &cache.attribute) {
                    return;
                }
                cx.report(
                    header,
                    format!("`__new__` hands back the instance cached in `{holder}` for each key: every `{class_name}(...)` with the same arguments returns one shared object (a singleton per key) while looking like it builds a new one, and the dict keeps each instance alive for good"),
                    "make the sharing visible to callers: a module-level registry or a `functools.cache` factory function (`get_connection(name)`); for immutable values that are only interned, a `weakref.WeakValueDictionary` cache lets unused ones go",
                );
            }
            (Keying::ByValue, true) => {
                cx.report(
                    header,
                    format!("`__new__` returns instances cached in `{holder}`, and `__init__` runs again on a cached instance each time `{class_name}(...)` returns it, resetting its state"),
                    "do the initialisation in `__new__` before caching the instance and drop `__init__`, or create instances through a cached factory function (`functools.cache`) instead of the constructor",
                )
                .severity = Severity::Error;
            }
            (_, true) => {
                cx.report(
                    header,
                    format!("`__new__` returns the instance cached in `{holder}`, and `__init__` runs again on it at every `{class_name}()` call, resetting its state"),
                    "create the one instance at module level and import it (a module is already a singleton), or use a `functools.cache` factory function; if the class must stay, do the one-time set-up in `__new__` and drop `__init__`",
                )
                .severity = Severity::Error;
            }
            (_, false) => {
                // A sentinel: no `__init__` to re-run, and the module publishes the one
                // instance itself (`endOfOctets = EndOfOctets()`); the constructor
                // returning it keeps copies and unpickling from making a second one.
                if module_binds_an_instance(cx.body, class_name) {
                    return;
                }
                cx.report(
                    header,
                    format!("`__new__` returns a shared instance cached in `{holder}`: every `{class_name}()` call hands back the same object while looking like it builds a new one"),
                    "create the one instance at module level and import it (a module is already a singleton), or use a `functools.cache` factory function, so callers can see that the object is shared",
                );
            }
        }
    }
}

/// Builtin types whose instances cannot change: caching them per value is interning.
const IMMUTABLE_BASES: &[&str] = &[
    "builtins.int",
    "builtins.float",
    "builtins.complex",
    "builtins.str",
    "builtins.bytes",
    "builtins.tuple",
    "builtins.frozenset",
    "typing.NamedTuple",
];

/// Containers that hold their values strongly: a cache of them keeps every instance.
const STRONG_DICTS: &[&str] = &[
    "builtins.dict",
    "collections.OrderedDict",
    "collections.defaultdict",
];

/// Whether a per-key cache makes the class a multiton: the class body binds the cache to a
/// plain dict (`{}`, `dict()`, `OrderedDict()`; not a `WeakValueDictionary`), and the class
/// derives from no immutable builtin type.
fn is_multiton<'a>(cx: &RuleContext<'_, 'a>, class: &'a StmtClassDef, attribute: &str) -> bool {
    let Some(body) = cx.model.class_scope(class) else {
        return false;
    };
    let outer = cx
        .model
        .scope(body)
        .parent
        .unwrap_or(crate::semantic::ScopeId::MODULE);
    if cx.model.class_inherits_from(class, outer, IMMUTABLE_BASES) {
        return false;
    }
    let ids = cx.model.scope(body).bindings_of(attribute);
    !ids.is_empty()
        && ids.iter().all(|id| match cx.model.binding(*id).value {
            Some(Expr::Dict(dict)) => dict.keys.is_empty(),
            Some(Expr::Call(call)) => {
                call.args.is_empty()
                    && cx
                        .model
                        .qualified_name(&call.func, body)
                        .is_some_and(|name| name.is_any(STRONG_DICTS))
            }
            _ => false,
        })
}

fn class_defines_init(class: &StmtClassDef) -> bool {
    class
        .body
        .iter()
        .any(|stmt| FunctionRef::from_stmt(stmt).is_some_and(|f| f.name() == "__init__"))
}

/// How a cache picks the instance it hands back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keying {
    /// One attribute holds the instance: `cls._instance`.
    Unkeyed,
    /// A dict keyed by the class: `cls._instances[cls]` (one instance per subclass).
    ByClass,
    /// A dict keyed by something else, usually the arguments: interning.
    ByValue,
}

/// A read of an instance out of a class-level cache.
#[derive(Debug, Clone)]
struct CacheRead {
    attribute: String,
    keying: Keying,
}

/// What [`cached_instance`] found: where the instance lives and how it is keyed.
struct Cache {
    /// `cls._instance`, for messages.
    holder: String,
    /// The class attribute holding the cache: `_instance`.
    attribute: String,
    keying: Keying,
}

/// A `__new__` that returns an instance read back from a class attribute it also stores
/// into (`cls._instance`, `cls._instances[key]`, `Config.__shared`). A `__new__` that only
/// records each fresh object in a registry returns a new object every time and is not one.
fn cached_instance(def: &StmtFunctionDef, class: &StmtClassDef) -> Option<Cache> {
    let cls = FunctionRef::Sync(def).first_parameter()?;
    let mut scan = CacheScan {
        holders: [cls, class.name.as_str()],
        cls,
        stored: FxHashSet::default(),
        returned: Vec::new(),
        locals_from_cache: Vec::new(),
        returned_locals: Vec::new(),
    };
    visit::walk_body(&def.body, &mut scan);
    let from_locals = scan.returned_locals.iter().flat_map(|local| {
        scan.locals_from_cache
            .iter()
            .filter(move |(name, _)| name == local)
            .map(|(_, read)| read.clone())
    });
    let read = scan
        .returned
        .iter()
        .cloned()
        .chain(from_locals)
        .find(|read| scan.stored.contains(&read.attribute))?;
    Some(Cache {
        holder: format!("{cls}.{}", read.attribute),
        attribute: read.attribute,
        keying: read.keying,
    })
}

/// Collects, within one `__new__` body (nested functions excluded), which class attributes
/// are written to and which are read back and returned.
struct CacheScan<'a> {
    /// Names that refer to the class: the first parameter and the class's own name.
    holders: [&'a str; 2],
    /// The first parameter, for recognising `cls._instances[cls]`.
    cls: &'a str,
    /// Attributes stored into: `cls.A = ...`, `cls.A[k] = ...`, `setattr(cls, "A", ...)`,
    /// `cls.A.setdefault(...)`.
    stored: FxHashSet<String>,
    /// Cache reads returned directly: `return cls.A`, `return cls.A[k]`, `return cls.A.get(k)`.
    returned: Vec<CacheRead>,
    /// Locals assigned from a cache read: `inst = cls.A.get(k)`.
    locals_from_cache: Vec<(String, CacheRead)>,
    /// Locals returned: `return inst`.
    returned_locals: Vec<String>,
}

impl CacheScan<'_> {
    /// `cls.A` (or `ClassName.A`) → `A`.
    fn class_attribute(&self, expr: &Expr) -> Option<String> {
        let Expr::Attribute(attr) = expr else {
            return None;
        };
        let holder = ast_ext::name_id(&attr.value)?;
        self.holders
            .contains(&holder)
            .then(|| attr.attr.to_string())
    }

    /// `getattr(cls, "A"[, default])` → `A`.
    fn getattr_attribute(&self, expr: &Expr) -> Option<String> {
        let Expr::Call(call) = expr else {
            return None;
        };
        if ast_ext::name_id(&call.func) != Some("getattr") {
            return None;
        }
        let holder = ast_ext::name_id(call.args.first()?)?;
        let name = ast_ext::string_literal(call.args.get(1)?)?;
        self.holders.contains(&holder).then(|| name.to_string())
    }

    /// How a key selects the cached instance.
    fn keying(&self, key: Option<&Expr>) -> Keying {
        match key {
            None => Keying::Unkeyed,
            Some(key) if ast_ext::name_id(key) == Some(self.cls) => Keying::ByClass,
            Some(_) => Keying::ByValue,
        }
    }

    /// The cache read an expression performs, if any.
    fn cache_read(&self, expr: &Expr) -> Option<CacheRead> {
        let (attribute, key) = match expr {
            Expr::Attribute(_) => (self.class_attribute(expr)?, None),
            Expr::Subscript(sub) => (self.class_attribute(&sub.value)?, Some(&*sub.slice)),
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(method) if READING_METHODS.contains(&method.attr.as_str()) => {
                    (self.class_attribute(&method.value)?, call.args.first())
                }
                _ => (self.getattr_attribute(expr)?, None),
            },
            _ => return None,
        };
        Some(CacheRead {
            attribute,
            keying: self.keying(key),
        })
    }

    fn record_store(&mut self, target: &Expr, value: &Expr) {
        let attr = match target {
            Expr::Attribute(_) => self.class_attribute(target),
            Expr::Subscript(sub) => self.class_attribute(&sub.value),
            _ => None,
        };
        if let Some(attr) = attr {
            self.stored.insert(attr);
        }
        if let (Some(local), Some(read)) = (ast_ext::name_id(target), self.cache_read(value)) {
            self.locals_from_cache.push((local.to_string(), read));
        }
    }
}

impl<'a> Visitor<'a> for CacheScan<'_> {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        // Only code of `__new__` itself: a nested def's body belongs to another function.
        if !ctx.is_module_level() {
            return;
        }
        match node {
            Node::Stmt(Stmt::Assign(assign)) => {
                for target in &assign.targets {
                    self.record_store(target, &assign.value);
                }
            }
            Node::Stmt(Stmt::AnnAssign(ann)) => {
                if let Some(value) = &ann.value {
                    self.record_store(&ann.target, value);
                }
            }
            Node::Stmt(Stmt::Return(ret)) => match ret.value.as_deref() {
                Some(Expr::Name(name)) => self.returned_locals.push(name.id.to_string()),
                Some(value) => {
                    if let Some(read) = self.cache_read(value) {
                        self.returned.push(read);
                    }
                }
                None => {}
            },
            Node::Expr(Expr::NamedExpr(named)) => self.record_store(&named.target, &named.value),
            Node::Expr(Expr::Call(call)) => {
                // setattr(cls, "A", obj)
                if ast_ext::name_id(&call.func) == Some("setattr") {
                    if let (Some(holder), Some(name)) = (
                        call.args.first().and_then(ast_ext::name_id),
                        call.args.get(1).and_then(ast_ext::string_literal),
                    ) {
                        if self.holders.contains(&holder) {
                            self.stored.insert(name.to_string());
                        }
                    }
                }
                // cls._instances.setdefault(cls, obj)
                if let Expr::Attribute(method) = &*call.func {
                    if STORING_METHODS.contains(&method.attr.as_str()) {
                        if let Some(attr) = self.class_attribute(&method.value) {
                            self.stored.insert(attr);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the module binds a name to `ClassName()` at its top level (also under `if`,
/// `try`): the published instance of a sentinel.
fn module_binds_an_instance(body: &[Stmt], class_name: &str) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Assign(assign) => is_bare_construction(&assign.value, class_name),
        Stmt::AnnAssign(assign) => assign
            .value
            .as_deref()
            .is_some_and(|value| is_bare_construction(value, class_name)),
        Stmt::If(branch) => {
            module_binds_an_instance(&branch.body, class_name)
                || module_binds_an_instance(&branch.orelse, class_name)
        }
        Stmt::Try(block) => {
            module_binds_an_instance(&block.body, class_name)
                || module_binds_an_instance(&block.orelse, class_name)
        }
        _ => false,
    })
}

/// `ClassName()` with no arguments.
fn is_bare_construction(value: &Expr, class_name: &str) -> bool {
    matches!(
        value,
        Expr::Call(call)
            if call.args.is_empty()
                && call.keywords.is_empty()
                && matches!(&*call.func, Expr::Name(name) if name.id.as_str() == class_name)
    )
}
