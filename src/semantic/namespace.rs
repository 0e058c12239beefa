//! The module namespace beyond what bindings show: code that writes names into it at run
//! time (`globals()[name] = value`, `globals().update(...)`, `exec(source)` at module level,
//! `@enum.global_enum`, the module object replaced in `sys.modules` or written through an
//! import of itself), so a name no statement binds may still exist when the module has run.

use rustpython_parser::ast::{Expr, ExprCall, ExprContext, Ranged};

use super::binding::BindingKind;
use super::reference::{Reference, Usage};
use super::scope::ScopeId;
use super::{Resolution, SemanticModel};

/// Methods of the namespace dict that only read it.
const READING_METHODS: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "copy",
    "__contains__",
    "__getitem__",
];

/// Functions that copy names into the module that defines their argument:
/// `@enum.global_enum` puts an enum's members there.
const NAMESPACE_WRITERS: &[&str] = &["enum.global_enum"];

/// Enum class methods that create an enum from constants and export its members into the
/// module named by an argument (`IntEnum._convert_("Signals", __name__, ...)`).
const CONVERTING_METHODS: &[&str] = &["_convert_", "_convert"];

impl<'a> SemanticModel<'a> {
    /// Whether code may add names to the module's namespace that no binding shows: the dict
    /// of `globals()` (or of `vars()`/`locals()` called at module level) written to, updated
    /// or handed to other code; `exec` run at module level without a namespace of its own;
    /// the module object taken from `sys.modules[__name__]`, or any store into `sys.modules`
    /// (a module that swaps itself for a lazy proxy, as passlib's compat layer does);
    /// `enum.global_enum` or an enum's `_convert_(..., __name__, ...)`. Star imports are a
    /// separate fact ([`super::Scope::star_import`]); writes through an import of the module
    /// itself need its name ([`Self::writes_itself_through_an_import`]).
    pub fn writes_module_namespace_dynamically(&self) -> bool {
        self.references()
            .iter()
            .any(|reference| self.writes_namespace(reference))
    }

    fn writes_namespace(&self, reference: &Reference<'a>) -> bool {
        let at_module_level = self.frame_of(reference.scope) == ScopeId::MODULE;
        let builtin = reference.resolved.is_none();
        match reference.name {
            "globals" if builtin => namespace_dict_written(reference),
            "vars" | "locals" if builtin && at_module_level => namespace_dict_written(reference),
            "exec" if builtin && at_module_level => match call_of(reference) {
                // `exec(source)` runs in the module's own namespace; with an explicit
                // globals dict it writes there instead (a `globals()` argument counts above).
                Some((call, _)) => {
                    call.args.len() < 2 && !call.keywords.iter().any(|k| k.arg.is_some())
                }
                None => true,
            },
            _ => self.chain_writes_namespace(reference),
        }
    }

    /// Walks the access chain a reference starts for `sys.modules[__name__]`,
    /// `enum.global_enum` and `<enum>._convert_(..., __name__, ...)`.
    fn chain_writes_namespace(&self, reference: &Reference<'a>) -> bool {
        let mut current = reference.chain;
        loop {
            let inner = match current {
                Expr::Call(call) => {
                    if let Expr::Attribute(method) = &*call.func {
                        if CONVERTING_METHODS.contains(&method.attr.as_str())
                            && call.args.iter().any(is_dunder_name)
                        {
                            return true;
                        }
                    }
                    &*call.func
                }
                Expr::Subscript(sub) => {
                    if (is_dunder_name(&sub.slice) || sub.ctx == ExprContext::Store)
                        && self
                            .qualified_name(&sub.value, reference.scope)
                            .is_some_and(|name| name.is("sys.modules"))
                    {
                        return true;
                    }
                    &*sub.value
                }
                Expr::Attribute(attr) => {
                    if attr.attr.as_str() == "global_enum"
                        && self.is_namespace_writer(current, reference.scope)
                    {
                        return true;
                    }
                    &*attr.value
                }
                Expr::Name(name) => {
                    return name.id.as_str() == "global_enum"
                        && self.is_namespace_writer(current, reference.scope);
                }
                _ => return false,
            };
            current = inner;
        }
    }

    /// Whether the module `module` imports itself (`import txaio` inside `txaio/__init__.py`)
    /// and stores attributes on the module object that import gives, or hands it to a call
    /// (`setattr(txaio, name, value)` in a loop over `__all__`): names it never binds in a
    /// statement then exist once the module has run.
    pub fn writes_itself_through_an_import(&self, module: &str) -> bool {
        self.references().iter().any(|reference| {
            matches!(reference.usage, Usage::AttributeStore(_) | Usage::Argument)
                && self.imports_itself(reference, module)
        })
    }

    fn imports_itself(&self, reference: &Reference<'a>, module: &str) -> bool {
        let Resolution::Bound { ids, .. } =
            self.resolve(reference.name, reference.range.start(), reference.scope)
        else {
            return false;
        };
        ids.iter().any(|id| match self.binding(*id).kind {
            BindingKind::Import(path) if path.level == 0 => match (path.module, path.member) {
                (Some(imported), None) => imported == module,
                (Some(package), Some(member)) => {
                    module
                        .strip_prefix(package)
                        .and_then(|rest| rest.strip_prefix('.'))
                        == Some(member)
                }
                _ => false,
            },
            _ => false,
        })
    }

    fn is_namespace_writer(&self, expr: &'a Expr, scope: ScopeId) -> bool {
        self.qualified_name(expr, scope)
            .is_some_and(|name| name.is_any(NAMESPACE_WRITERS))
    }
}

fn is_dunder_name(expr: &Expr) -> bool {
    matches!(expr, Expr::Name(name) if name.id.as_str() == "__name__")
}

/// Whether the namespace dict returned by the call at `reference` (`globals()`, `vars()`)
/// may be written: stored into, updated, or handed to code the model does not follow.
fn namespace_dict_written(reference: &Reference<'_>) -> bool {
    if reference.usage != Usage::Called {
        // The function itself passed around or aliased: anything can happen.
        return true;
    }
    let Some((call, accessor)) = call_of(reference) else {
        return true;
    };
    if !call.args.is_empty() && reference.name == "vars" {
        // `vars(obj)` is the namespace of `obj`, not of the module.
        return false;
    }
    match accessor {
        Some(Expr::Subscript(sub)) => sub.ctx != ExprContext::Load,
        Some(Expr::Attribute(attr)) => {
            // A method called on the dict, or an attribute read from it.
            attr.ctx != ExprContext::Load || !READING_METHODS.contains(&attr.attr.as_str())
        }
        // Assigned to a name, passed to a call, returned: it may be written elsewhere.
        _ => true,
    }
}

/// The call a reference's name is the callee of, and the expression that accesses the
/// call's result within the reference's chain (`None` when the call is the whole chain).
fn call_of<'a>(reference: &Reference<'a>) -> Option<(&'a ExprCall, Option<&'a Expr>)> {
    let mut parent: Option<&'a Expr> = None;
    let mut current = reference.chain;
    loop {
        let child = match current {
            Expr::Call(call) if call.func.range() == reference.range => {
                return Some((call, parent));
            }
            Expr::Call(call) => &*call.func,
            Expr::Attribute(attr) => &*attr.value,
            Expr::Subscript(sub) => &*sub.value,
            _ => return None,
        };
        parent = Some(current);
        current = child;
    }
}
