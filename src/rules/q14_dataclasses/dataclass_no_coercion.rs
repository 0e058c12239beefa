//! PX1402 dataclass-no-coercion: the `__init__` that `@dataclass` (or attrs) generates
//! stores what it is given. Annotations are not checked or applied at run time, so
//! `Config(port="8080")` builds a `Config` whose `port` is the string `"8080"`; the mistake
//! shows up later, far from the call (`port + 1` raises TypeError, `"8080" == 8080` is
//! False). Pydantic models and attrs fields with a converter do convert.

use rustpython_parser::ast::{self, Constant, Expr, ExprCall, Operator, Ranged};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{DataclassField, DataclassLibrary, ScopeId, SemanticModel, Usage};
use crate::visit::{Node, NodeKind};

pub struct DataclassNoCoercion;

static META: RuleMeta = RuleMeta {
    code: "PX1402",
    name: "dataclass-no-coercion",
    severity: Severity::Error,
    question: Some(Question::new(14)),
    opt_in: false,
    min_version: None,
    summary: "a str literal passed to a dataclass field annotated `int`/`float`/`bool` (or a number to `str`): dataclasses do not convert",
    doc: include_str!("../../../rules/PX1402.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Methods that may convert or replace the values `__init__` stored.
const CONVERTING_HOOKS: &[&str] = &["__post_init__", "__attrs_post_init__", "__setattr__"];

/// A builtin type an annotation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Builtin {
    Int,
    Float,
    Complex,
    Bool,
    Str,
    None,
}

impl Builtin {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "int" => Builtin::Int,
            "float" => Builtin::Float,
            "complex" => Builtin::Complex,
            "bool" => Builtin::Bool,
            "str" => Builtin::Str,
            _ => return None,
        })
    }

    fn is_numeric(self) -> bool {
        matches!(
            self,
            Builtin::Int | Builtin::Float | Builtin::Complex | Builtin::Bool
        )
    }
}

/// A literal argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Literal {
    Str,
    Int,
    Float,
}

impl Rule for DataclassNoCoercion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let model = cx.model;
        let scope = cx.ctx.scope();
        let Some((class, class_scope)) = model.local_class(&call.func, scope) else {
            return;
        };
        let Some(spec) = model.dataclass_spec(class, class_scope) else {
            return;
        };
        // `@pydantic.dataclasses.dataclass` (even stacked over the stdlib one) converts.
        if model.is_pydantic_dataclass(class, class_scope) {
            return;
        }
        if CONVERTING_HOOKS
            .iter()
            .any(|hook| model.class_binds(class, class_scope, hook))
            || has_field_transformer(class)
        {
            return;
        }
        let Some(fields) = model.dataclass_init_fields(class, class_scope) else {
            return;
        };
        if cx.in_expected_failure() || annotations_are_loose(model, class, class_scope, &fields) {
            return;
        }
        let library = match spec.library {
            DataclassLibrary::Dataclasses => "dataclass",
            DataclassLibrary::Attrs => "attrs class",
        };
        for (argument, field) in arguments(call, &fields) {
            check_argument(cx, class.name.as_str(), library, argument, field);
        }
    }
}

/// attrs' `field_transformer=` hook may rewrite every field (give them converters, change
/// their types) before `__init__` is generated: what the annotations say no longer decides.
fn has_field_transformer(class: &ast::StmtClassDef) -> bool {
    class.decorator_list.iter().any(|decorator| {
        matches!(decorator, Expr::Call(call) if call
            .keywords
            .iter()
            .any(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "field_transformer")))
    })
}

/// Each argument of the call with the field it binds to.
fn arguments<'f, 'a>(
    call: &'a ExprCall,
    fields: &'f [DataclassField<'a>],
) -> Vec<(&'a Expr, &'f DataclassField<'a>)> {
    let positional = fields
        .iter()
        .filter(|f| f.init == Some(true) && f.kw_only == Some(false));
    let mut pairs: Vec<_> = call
        .args
        .iter()
        // After `*args` the positions are unknown.
        .take_while(|arg| !matches!(arg, Expr::Starred(_)))
        .zip(positional)
        .collect();
    for keyword in &call.keywords {
        let Some(name) = &keyword.arg else {
            continue;
        };
        if let Some(field) = fields
            .iter()
            .find(|f| f.init == Some(true) && f.init_name == Some(name.as_str()))
        {
            pairs.push((&keyword.value, field));
        }
    }
    pairs
}

/// Whether some call of the class in this module passes a literal its annotations do not
/// allow, other than a str for a number or a number for a str (`None` for an `int` field,
/// `1.5` or `1j` for `int`, a list for `str`): the module treats the annotations as
/// documentation, not as a contract, and a str in a number field is then no slip either.
fn annotations_are_loose<'a>(
    model: &SemanticModel<'a>,
    class: &'a ast::StmtClassDef,
    owner: ScopeId,
    fields: &[DataclassField<'a>],
) -> bool {
    model
        .references_to(owner, class.name.as_str())
        .filter_map(|r| match (r.usage, r.chain) {
            (Usage::Called, Expr::Call(call)) => Some(call),
            _ => None,
        })
        .any(|call| {
            arguments(call, fields)
                .into_iter()
                .any(|(argument, field)| {
                    let Some(types) = field
                        .annotation
                        .and_then(|a| annotation_types(model, a, field.scope))
                    else {
                        return false;
                    };
                    let allows = |t: Builtin| types.contains(&t);
                    let argument = match argument {
                        Expr::UnaryOp(unary) => &*unary.operand,
                        other => other,
                    };
                    match argument {
                        Expr::Constant(constant) => match constant.value {
                            Constant::None => !allows(Builtin::None),
                            Constant::Complex { .. } => !allows(Builtin::Complex),
                            Constant::Float(_) => {
                                !allows(Builtin::Float)
                                    && !allows(Builtin::Complex)
                                    && !allows(Builtin::Str)
                            }
                            _ => false,
                        },
                        Expr::List(_) | Expr::Dict(_) | Expr::Set(_) | Expr::Tuple(_) => true,
                        _ => false,
                    }
                })
        })
}

fn check_argument<'a>(
    cx: &mut RuleContext<'_, 'a>,
    class: &str,
    library: &str,
    argument: &'a Expr,
    field: &DataclassField<'a>,
) {
    if field.converter {
        return;
    }
    let Some(literal) = literal_kind(argument) else {
        return;
    };
    let Some(annotation) = field.annotation else {
        return;
    };
    let Some(types) = annotation_types(cx.model, annotation, field.scope) else {
        return;
    };
    let mismatch = match literal {
        Literal::Str => !types.contains(&Builtin::Str) && types.iter().any(|t| t.is_numeric()),
        Literal::Int | Literal::Float => {
            types.contains(&Builtin::Str) && !types.iter().any(|t| t.is_numeric())
        }
    };
    if !mismatch {
        return;
    }
    let name = field.name;
    let declared = &cx.source[annotation.range()];
    let given = match literal {
        Literal::Str => "str",
        Literal::Int => "int",
        Literal::Float => "float",
    };
    let text = &cx.source[argument.range()];
    let help = match literal {
        Literal::Str => format!(
            "pass a value of the declared type (convert it where it comes from, e.g. `int(...)`); if `{class}` should convert its input, make it a pydantic model or give the attrs field a `converter=`"
        ),
        _ => format!("pass a string (`\"{text}\"`), or change the annotation of `{name}`"),
    };
    cx.report(
        argument.range(),
        format!("`{text}` is a {given}, but `{name}` of the {library} `{class}` is annotated `{declared}`: the generated `__init__` does not convert, so the field holds a {given}"),
        help,
    );
}

/// The kind of a str or number literal (`-1` included); `None` for anything else.
fn literal_kind(expr: &Expr) -> Option<Literal> {
    match expr {
        Expr::Constant(constant) => match constant.value {
            Constant::Str(_) => Some(Literal::Str),
            Constant::Int(_) => Some(Literal::Int),
            Constant::Float(_) => Some(Literal::Float),
            _ => None,
        },
        Expr::JoinedStr(_) => Some(Literal::Str),
        Expr::UnaryOp(unary) if matches!(unary.op, ast::UnaryOp::USub | ast::UnaryOp::UAdd) => {
            match literal_kind(&unary.operand)? {
                Literal::Str => None,
                number => Some(number),
            }
        }
        _ => None,
    }
}

/// The builtin types an annotation (evaluated in `scope`) allows: `int`, `int | None`,
/// `Optional[str]`, `Union[int, float]`, or the string `"int"`. `None` when any part is
/// something else (a class, `Any`, a type variable...).
fn annotation_types<'a>(
    model: &SemanticModel<'a>,
    annotation: &'a Expr,
    scope: ScopeId,
) -> Option<Vec<Builtin>> {
    let mut types = Vec::new();
    collect_types(model, annotation, scope, &mut types, 0)?;
    Some(types)
}

fn collect_types<'a>(
    model: &SemanticModel<'a>,
    annotation: &'a Expr,
    scope: ScopeId,
    types: &mut Vec<Builtin>,
    depth: u8,
) -> Option<()> {
    if depth > 8 {
        return None;
    }
    match annotation {
        Expr::Constant(constant) => match &constant.value {
            Constant::None => types.push(Builtin::None),
            Constant::Str(text) => {
                for part in text.split('|') {
                    let part = part.trim();
                    if part == "None" {
                        types.push(Builtin::None);
                        continue;
                    }
                    let builtin = Builtin::from_name(part)?;
                    // The string names the builtin only if nothing in the module rebinds it.
                    if model.lookup(part, scope).is_some() {
                        return None;
                    }
                    types.push(builtin);
                }
            }
            _ => return None,
        },
        Expr::BinOp(op) if op.op == Operator::BitOr => {
            collect_types(model, &op.left, scope, types, depth + 1)?;
            collect_types(model, &op.right, scope, types, depth + 1)?;
        }
        Expr::Subscript(sub) => {
            let name = model.qualified_name(&sub.value, scope)?;
            if name.is_any(&["typing.Optional", "typing_extensions.Optional"]) {
                types.push(Builtin::None);
                collect_types(model, &sub.slice, scope, types, depth + 1)?;
            } else if name.is_any(&["typing.Union", "typing_extensions.Union"]) {
                match &*sub.slice {
                    Expr::Tuple(tuple) => {
                        for element in &tuple.elts {
                            collect_types(model, element, scope, types, depth + 1)?;
                        }
                    }
                    other => collect_types(model, other, scope, types, depth + 1)?,
                }
            } else {
                return None;
            }
        }
        Expr::Name(_) | Expr::Attribute(_) => {
            let name = model.qualified_name(annotation, scope)?;
            match name.segments() {
                ["builtins", builtin] => types.push(Builtin::from_name(builtin)?),
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(())
}
