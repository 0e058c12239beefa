//! Whether a value is text (`str`, `bytes` or `bytearray`) as far as the source hints. This
//! goes further than [`super::ValueKind`]: it follows names to what they were bound to,
//! reads parameter annotations, and trusts method names that return text on any receiver
//! (`.encode()`, `.hex()`, `.tobytes()`...). It is a hint for rules that must stay silent on
//! text, not a proof that a value is text.

use rustpython_parser::ast::{Constant, Expr, Operator, Ranged};

use super::binding::BindingKind;
use super::scope::{ScopeId, ScopeKind};
use super::{Resolution, SemanticModel};

/// How many names and operators to follow.
const MAX_TEXT_DEPTH: u8 = 8;

/// Methods that return `str` or `bytes` whatever they are called on: str and bytes methods,
/// buffers (`memoryview.tobytes`, `BytesIO.getvalue`), files and codecs.
const TEXT_METHODS: &[&str] = &[
    "encode",
    "decode",
    "tobytes",
    "hex",
    "getvalue",
    "read",
    "readline",
    "format",
    "format_map",
    "join",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "upper",
    "lower",
    "title",
    "capitalize",
    "casefold",
    "swapcase",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "expandtabs",
    "translate",
    "removeprefix",
    "removesuffix",
];

/// Functions that return text.
const TEXT_FUNCTIONS: &[&str] = &[
    "builtins.str",
    "builtins.bytes",
    "builtins.bytearray",
    "builtins.repr",
    "builtins.ascii",
    "builtins.format",
    "builtins.chr",
    "builtins.hex",
    "builtins.oct",
    "builtins.bin",
    "os.urandom",
    "os.fsencode",
    "os.fsdecode",
    "json.dumps",
    "secrets.token_bytes",
    "secrets.token_hex",
];

/// Modules whose every function returns bytes or str.
const TEXT_MODULES: &[&str] = &["base64", "binascii"];

/// Annotations that declare a text parameter.
const TEXT_TYPES: &[&str] = &["builtins.str", "builtins.bytes", "builtins.bytearray"];

impl<'a> SemanticModel<'a> {
    /// Whether the source shows that `expr` (evaluated in `scope`) holds a `str`, `bytes` or
    /// `bytearray`: a literal or f-string, text-returning calls and methods, `+`/`%` with a
    /// text operand, slices of text, or a name bound to any of these (through `+=`
    /// updates), or a parameter annotated `str`/`bytes`/`bytearray`.
    pub fn holds_text(&self, expr: &'a Expr, scope: ScopeId) -> bool {
        self.holds_text_at_depth(expr, scope, 0)
    }

    fn holds_text_at_depth(&self, expr: &'a Expr, scope: ScopeId, depth: u8) -> bool {
        if depth > MAX_TEXT_DEPTH {
            return false;
        }
        match expr {
            Expr::Constant(constant) => {
                matches!(constant.value, Constant::Str(_) | Constant::Bytes(_))
            }
            Expr::JoinedStr(_) => true,
            Expr::BinOp(op) => {
                matches!(op.op, Operator::Add | Operator::Mod | Operator::Mult)
                    && (self.holds_text_at_depth(&op.left, scope, depth + 1)
                        || (op.op != Operator::Mod
                            && self.holds_text_at_depth(&op.right, scope, depth + 1)))
            }
            Expr::Subscript(sub) => {
                matches!(&*sub.slice, Expr::Slice(_))
                    && self.holds_text_at_depth(&sub.value, scope, depth + 1)
            }
            Expr::Call(call) => {
                if let Expr::Attribute(attr) = &*call.func {
                    if TEXT_METHODS.contains(&attr.attr.as_str()) {
                        return true;
                    }
                }
                self.qualified_name(&call.func, scope).is_some_and(|name| {
                    name.is_any(TEXT_FUNCTIONS)
                        || (name.segments().len() == 2
                            && TEXT_MODULES.contains(&name.segments()[0]))
                })
            }
            Expr::Name(name) => {
                let Resolution::Bound { owner, .. } =
                    self.resolve(name.id.as_str(), expr.start(), scope)
                else {
                    return false;
                };
                let updates =
                    |b: &super::Binding<'a>| matches!(b.kind, BindingKind::AugmentedAssignment);
                let mut ids =
                    self.origin_bindings(owner, name.id.as_str(), expr.start(), scope, &updates);
                ids.extend(self.reaching_bindings(owner, name.id.as_str(), expr.start(), scope));
                ids.iter().any(|id| {
                    let binding = self.binding(*id);
                    match binding.kind {
                        BindingKind::Parameter => self.text_parameter(binding.name, binding.scope),
                        _ => binding.value.is_some_and(|value| {
                            self.holds_text_at_depth(value, binding.scope, depth + 1)
                        }),
                    }
                })
            }
            _ => false,
        }
    }

    /// Whether parameter `name` of the function whose scope is `scope` is annotated `str`,
    /// `bytes` or `bytearray`.
    fn text_parameter(&self, name: &str, scope: ScopeId) -> bool {
        let s = self.scope(scope);
        let ScopeKind::Function(function) = s.kind else {
            return false;
        };
        let outer = s.parent.unwrap_or(ScopeId::MODULE);
        function
            .parameters()
            .filter(|arg| arg.arg.as_str() == name)
            .filter_map(|arg| arg.annotation.as_deref())
            .any(|annotation| {
                self.qualified_name(annotation, outer)
                    .is_some_and(|q| q.is_any(TEXT_TYPES))
            })
    }
}
