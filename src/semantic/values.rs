//! What kind of value an expression builds, as far as the source shows without running it:
//! enough for rules to tell a list from a set and a string from a number.

use rustpython_parser::ast::{self, Constant, Expr, Operator};

use super::binding::{BindingId, BindingKind};
use super::scope::ScopeId;
use super::SemanticModel;

/// How a list came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrigin {
    /// `[a, b, c]`
    Literal,
    /// `[x for x in xs]`
    Comprehension,
    /// `list(...)`
    Call,
}

/// The kind of value an expression evaluates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    List(ListOrigin),
    Str,
    Bytes,
    Number,
    Bool,
    None,
    Tuple,
    Set,
    Dict,
    Lambda,
    /// Something else the source makes clear is none of the above (a call of an unknown
    /// function, an attribute, ...).
    Other,
    /// The binding has no value expression (a parameter, a loop target, an import...).
    Unknown,
}

impl ValueKind {
    pub fn is_list(self) -> bool {
        matches!(self, ValueKind::List(_))
    }
}

/// How deep [`SemanticModel::classify_value`] looks into nested expressions.
const MAX_CLASSIFY_DEPTH: u8 = 32;

/// `str` methods that return a new `str`.
const STR_RETURNING_METHODS: &[&str] = &[
    "join",
    "format",
    "format_map",
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "title",
    "capitalize",
    "casefold",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "expandtabs",
    "swapcase",
    "translate",
    "removeprefix",
    "removesuffix",
];

impl<'a> SemanticModel<'a> {
    /// The kind of value a binding holds, from its value expression.
    pub fn value_kind(&self, id: BindingId) -> ValueKind {
        let binding = self.binding(id);
        match binding.kind {
            BindingKind::Assignment | BindingKind::AnnotatedAssignment | BindingKind::NamedExpr => {
                binding.value.map_or(ValueKind::Unknown, |value| {
                    self.classify_value(value, binding.scope)
                })
            }
            _ => ValueKind::Unknown,
        }
    }

    /// The kind of value `expr` (evaluated in `scope`) builds.
    pub fn classify_value(&self, expr: &'a Expr, scope: ScopeId) -> ValueKind {
        self.classify_at_depth(expr, scope, 0)
    }

    fn classify_at_depth(&self, expr: &'a Expr, scope: ScopeId, depth: u8) -> ValueKind {
        // Operator chains can be arbitrarily long; past a few dozen terms the answer is not
        // worth the recursion.
        if depth > MAX_CLASSIFY_DEPTH {
            return ValueKind::Other;
        }
        match expr {
            Expr::Constant(constant) => match &constant.value {
                Constant::Str(_) => ValueKind::Str,
                Constant::Bytes(_) => ValueKind::Bytes,
                Constant::Int(_) | Constant::Float(_) | Constant::Complex { .. } => {
                    ValueKind::Number
                }
                Constant::Bool(_) => ValueKind::Bool,
                Constant::None => ValueKind::None,
                Constant::Tuple(_) => ValueKind::Tuple,
                Constant::Ellipsis => ValueKind::Other,
            },
            Expr::JoinedStr(_) => ValueKind::Str,
            Expr::List(_) => ValueKind::List(ListOrigin::Literal),
            Expr::ListComp(_) => ValueKind::List(ListOrigin::Comprehension),
            Expr::Tuple(_) => ValueKind::Tuple,
            Expr::Set(_) | Expr::SetComp(_) => ValueKind::Set,
            Expr::Dict(_) | Expr::DictComp(_) => ValueKind::Dict,
            Expr::Lambda(_) => ValueKind::Lambda,
            Expr::UnaryOp(unary) => match unary.op {
                ast::UnaryOp::Not => ValueKind::Bool,
                _ => match self.classify_at_depth(&unary.operand, scope, depth + 1) {
                    ValueKind::Number | ValueKind::Bool => ValueKind::Number,
                    _ => ValueKind::Other,
                },
            },
            Expr::BinOp(op) => self.classify_binop(op, scope, depth + 1),
            Expr::Call(call) => self.classify_call(call, scope, depth + 1),
            _ => ValueKind::Other,
        }
    }

    fn classify_binop(&self, op: &'a ast::ExprBinOp, scope: ScopeId, depth: u8) -> ValueKind {
        let left = self.classify_at_depth(&op.left, scope, depth);
        match op.op {
            // `"%s" % x` is str formatting whatever x is.
            Operator::Mod if left == ValueKind::Str => ValueKind::Str,
            Operator::Add => {
                let right = self.classify_at_depth(&op.right, scope, depth);
                match (left, right) {
                    (ValueKind::Str, _) | (_, ValueKind::Str) => ValueKind::Str,
                    (ValueKind::Number, ValueKind::Number) => ValueKind::Number,
                    _ => ValueKind::Other,
                }
            }
            Operator::Sub | Operator::Mult | Operator::Div | Operator::FloorDiv | Operator::Pow => {
                let right = self.classify_at_depth(&op.right, scope, depth);
                if left == ValueKind::Number && right == ValueKind::Number {
                    ValueKind::Number
                } else {
                    ValueKind::Other
                }
            }
            _ => ValueKind::Other,
        }
    }

    fn classify_call(&self, call: &'a ast::ExprCall, scope: ScopeId, depth: u8) -> ValueKind {
        if let Expr::Attribute(attr) = &*call.func {
            let literal_receiver = matches!(&*attr.value, Expr::Constant(_) | Expr::JoinedStr(_));
            if literal_receiver
                && STR_RETURNING_METHODS.contains(&attr.attr.as_str())
                && self.classify_at_depth(&attr.value, scope, depth) == ValueKind::Str
            {
                return ValueKind::Str;
            }
        }
        let Some(callee) = self.qualified_name(&call.func, scope) else {
            return ValueKind::Other;
        };
        let [module, name] = callee.segments() else {
            return ValueKind::Other;
        };
        if *module != "builtins" {
            return ValueKind::Other;
        }
        match *name {
            "list" => ValueKind::List(ListOrigin::Call),
            "str" | "repr" | "ascii" | "chr" | "format" => ValueKind::Str,
            "int" | "float" | "complex" | "len" | "ord" => ValueKind::Number,
            "bool" => ValueKind::Bool,
            "set" | "frozenset" => ValueKind::Set,
            "dict" => ValueKind::Dict,
            "tuple" => ValueKind::Tuple,
            "bytes" => ValueKind::Bytes,
            _ => ValueKind::Other,
        }
    }
}

impl<'a> SemanticModel<'a> {
    /// The name of the builtin mutable container `expr` (evaluated in `scope`) builds
    /// afresh: `list`, `dict` or `set` for a display, a comprehension or a call of the
    /// type; `bytearray`; `deque`, `defaultdict`, `OrderedDict` or `Counter` for those
    /// classes of `collections`. `None` for anything else.
    pub fn mutable_container(&self, expr: &'a Expr, scope: ScopeId) -> Option<&'static str> {
        match expr {
            Expr::List(_) | Expr::ListComp(_) => Some("list"),
            Expr::Dict(_) | Expr::DictComp(_) => Some("dict"),
            Expr::Set(_) | Expr::SetComp(_) => Some("set"),
            Expr::Call(call) => {
                let name = self.qualified_name(&call.func, scope)?;
                match name.segments() {
                    ["builtins", "list"] => Some("list"),
                    ["builtins", "dict"] => Some("dict"),
                    ["builtins", "set"] => Some("set"),
                    ["builtins", "bytearray"] => Some("bytearray"),
                    ["collections", "deque"] => Some("deque"),
                    ["collections", "defaultdict"] => Some("defaultdict"),
                    ["collections", "OrderedDict"] => Some("OrderedDict"),
                    ["collections", "Counter"] => Some("Counter"),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
