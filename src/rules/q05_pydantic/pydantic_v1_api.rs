//! PX0501 pydantic-v1-api: pydantic 2 renamed its API. The v1 spellings (`@validator`,
//! `@root_validator`, an inner `class Config`, `.dict()`, `.parse_obj()`...) still work
//! through a compatibility layer that warns on every use and goes away in pydantic 3.
//! Imports from `pydantic.v1` are a deliberate choice of the old API and are left alone.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt, StmtClassDef};

use super::{MODEL_BASES, V1_ROOT_VALIDATORS, V1_VALIDATORS};
use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, ScopeId, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct PydanticV1Api;

static META: RuleMeta = RuleMeta {
    code: "PX0501",
    name: "pydantic-v1-api",
    severity: Severity::Warning,
    question: Some(Question::new(5)),
    opt_in: false,
    min_version: None,
    summary: "pydantic v1 API (`@validator`, inner `class Config`, `.dict()`, `.parse_obj()`...) deprecated in pydantic 2",
    doc: include_str!("../../../rules/PX0501.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// v1 methods called on the model class, with their v2 names.
const CLASS_METHODS: &[(&str, &str)] = &[
    ("parse_obj", "model_validate"),
    ("parse_raw", "model_validate_json"),
    ("schema", "model_json_schema"),
    ("construct", "model_construct"),
    ("update_forward_refs", "model_rebuild"),
];

/// v1 methods called on instances, with their v2 names.
const INSTANCE_METHODS: &[(&str, &str)] = &[
    ("dict", "model_dump"),
    ("json", "model_dump_json"),
    ("copy", "model_copy"),
];

/// How deep to follow the module's own classes through their bases.
const MAX_DEPTH: u8 = 16;

impl Rule for PydanticV1Api {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[
            NodeKind::FunctionDef,
            NodeKind::AsyncFunctionDef,
            NodeKind::ClassDef,
            NodeKind::Call,
        ]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if under_pydantic_version_check(cx)
            || requires_pydantic_1(cx)
            || cx.in_deprecated_definition()
        {
            return;
        }
        match node {
            Node::Stmt(Stmt::ClassDef(class)) => check_inner_config(class, cx),
            Node::Stmt(stmt) => {
                if let Some(function) = FunctionRef::from_stmt(stmt) {
                    check_decorators(function, cx);
                }
            }
            Node::Expr(Expr::Call(call)) => check_method_call(call, cx),
            _ => {}
        }
    }
}

/// The project requires pydantic below 2 (`pydantic = "<2"`, `pydantic>=1.8,<2`): it is
/// written for pydantic 1, where these spellings are the API, not deprecated.
fn requires_pydantic_1(cx: &RuleContext<'_, '_>) -> bool {
    let directory = std::path::Path::new(cx.path)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    cx.project.caps_dependency_below(directory, "pydantic", 2)
}

/// Inside either branch of a test of the installed pydantic's version (`if PYDANTIC_V1:`,
/// `if IS_PYDANTIC_V2: ... else:`, `x if pydantic.VERSION.startswith("1.") else y`): code
/// that supports both major versions keeps the v1 spelling for v1 on purpose.
fn under_pydantic_version_check(cx: &RuleContext<'_, '_>) -> bool {
    cx.under_branch_testing(&mentions_pydantic_version)
}

/// Whether a test reads a name or attribute path that spells pydantic's version:
/// `PYDANTIC_V1`, `IS_PYDANTIC_V2`, `PYDANTIC_MAJOR_VERSION`, `pydantic.VERSION`,
/// `_compat.PYDANTIC_V2`, and flags that name the new or the old API (`LATEST_PYDANTIC`,
/// set by safety-schemas when the v2 imports succeed; `LEGACY_PYDANTIC`).
fn mentions_pydantic_version(test: &Expr) -> bool {
    match test {
        Expr::Name(_) | Expr::Attribute(_) => {
            let path = dotted(test).to_ascii_uppercase();
            path.contains("PYDANTIC")
                && ["V1", "V2", "VERSION", "_1", "_2", "LATEST", "LEGACY"]
                    .iter()
                    .any(|marker| path.contains(marker))
                || matches!(test, Expr::Attribute(attr) if mentions_pydantic_version(&attr.value))
        }
        Expr::Call(call) => {
            mentions_pydantic_version(&call.func)
                || call.args.iter().any(mentions_pydantic_version)
                || asks_for_pydantic_api(call)
        }
        Expr::UnaryOp(op) => mentions_pydantic_version(&op.operand),
        Expr::BoolOp(op) => op.values.iter().any(mentions_pydantic_version),
        Expr::Compare(compare) => {
            mentions_pydantic_version(&compare.left)
                || compare.comparators.iter().any(mentions_pydantic_version)
        }
        Expr::Subscript(sub) => mentions_pydantic_version(&sub.value),
        _ => false,
    }
}

/// `hasattr(BaseModel, "model_rebuild")`: a test of which major version is installed,
/// spelled as a question about a method only one of them has (xgrammar's
/// `if hasattr(BaseModel, "model_rebuild"): ... elif hasattr(BaseModel,
/// "update_forward_refs"):`).
fn asks_for_pydantic_api(call: &ExprCall) -> bool {
    const VERSIONED_API: &[&str] = &[
        "model_rebuild",
        "model_dump",
        "model_validate",
        "model_fields",
        "model_config",
        "model_copy",
        "model_json_schema",
        "update_forward_refs",
        "parse_obj",
        "__fields__",
    ];
    matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "hasattr")
        && call
            .args
            .get(1)
            .and_then(crate::ast_ext::string_literal)
            .is_some_and(|attribute| VERSIONED_API.contains(&attribute))
}

/// `a.b.c` for a chain of names and attributes; other parts are left out.
fn dotted(expr: &Expr) -> String {
    match expr {
        Expr::Name(name) => name.id.to_string(),
        Expr::Attribute(attr) => format!("{}.{}", dotted(&attr.value), attr.attr),
        _ => String::new(),
    }
}

/// A v1 method called on a model class of the module or on an instance of one.
fn check_method_call<'a>(call: &'a ExprCall, cx: &mut RuleContext<'_, 'a>) {
    let Expr::Attribute(attr) = &*call.func else {
        return;
    };
    let method = attr.attr.as_str();
    let class_method = CLASS_METHODS.iter().find(|(old, _)| *old == method);
    let instance_method = INSTANCE_METHODS.iter().find(|(old, _)| *old == method);
    let Some(&(_, replacement)) = class_method.or(instance_method) else {
        return;
    };
    let scope = cx.ctx.scope();
    let model = cx.model;
    let receiver = &*attr.value;
    let class = match model.local_class(receiver, scope) {
        // `.dict()` and friends need an instance.
        Some(_) if class_method.is_none() => return,
        Some(class) => Some(class),
        None => model
            .instance_class(receiver, scope)
            .or_else(|| model.receiver_class(receiver, scope)),
    };
    let Some((class, class_scope)) = class else {
        return;
    };
    if origin_of(model, class, class_scope, method, 0) != Origin::Pydantic
        || cx.in_expected_warning()
    {
        return;
    }
    let fix = super::pydantic_v1_api_fix::fix(cx, call, attr, replacement);
    cx.report(
        call.range,
        format!(
            "`.{method}()` on the pydantic model `{}` is pydantic v1 API, deprecated in pydantic 2",
            class.name
        ),
        format!("call `.{replacement}()` instead"),
    )
    .set_fix(fix);
}

/// `@validator` and `@root_validator`, imported from pydantic itself (not `pydantic.v1`).
fn check_decorators<'a>(function: FunctionRef<'a>, cx: &mut RuleContext<'_, 'a>) {
    let scope = cx.ctx.scope();
    for decorator in function.decorators() {
        let target = match decorator {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        let Some(name) = cx.model.qualified_name(target, scope) else {
            continue;
        };
        let (old, help) = if name.is_any(V1_VALIDATORS) {
            (
                "validator",
                "use `@field_validator(...)` with `@classmethod` below it (`pre=True` becomes `mode=\"before\"`, `each_item=True` an annotated item type)",
            )
        } else if name.is_any(V1_ROOT_VALIDATORS) {
            (
                "root_validator",
                "use `@model_validator(mode=\"before\")` (a classmethod taking the raw data) or `@model_validator(mode=\"after\")` (a method returning `self`)",
            )
        } else {
            continue;
        };
        if cx.in_expected_warning() {
            return;
        }
        cx.report(
            ast_ext::decorator_range(cx.source, decorator),
            format!("`@{old}` is pydantic v1 API, deprecated in pydantic 2"),
            help,
        );
    }
}

/// An inner `class Config:` of a pydantic model.
fn check_inner_config<'a>(class: &'a StmtClassDef, cx: &mut RuleContext<'_, 'a>) {
    if class.name.as_str() != "Config" {
        return;
    }
    let Some(outer) = cx.ctx.class_body() else {
        return;
    };
    let Some(outer_scope) = cx.model.scope(cx.ctx.scope()).parent else {
        return;
    };
    if !cx
        .model
        .class_inherits_from(outer, outer_scope, MODEL_BASES)
        || cx.in_expected_warning()
    {
        return;
    }
    cx.report(
        ast_ext::keyword_and_name_range(cx.source, class.start(), "Config"),
        format!("the inner `class Config` of the pydantic model `{}` is pydantic v1 style, deprecated in pydantic 2", outer.name),
        "set `model_config = ConfigDict(...)` on the model (`SettingsConfigDict` for settings); some options were renamed, such as `orm_mode` to `from_attributes`",
    );
}

/// Where instances of a class get an attribute from, following bases left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A pydantic model base class.
    Pydantic,
    /// A class of this module defines it.
    Module,
    /// Neither the class nor its bases seem to have it.
    Missing,
    /// A base the model cannot see into comes first: it might define it.
    Unknown,
}

/// Where `method` of instances of `class` comes from (the bases' order approximates the
/// MRO, which is exact for single inheritance).
fn origin_of<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    method: &str,
    depth: u8,
) -> Origin {
    if depth > MAX_DEPTH {
        return Origin::Unknown;
    }
    let Some(body) = model.class_scope(class) else {
        return Origin::Unknown;
    };
    if model.scope(body).binds(method) {
        return Origin::Module;
    }
    for base in model.class_bases(class, scope) {
        match base {
            Base::Qualified(name) if name.is_any(MODEL_BASES) => return Origin::Pydantic,
            Base::Qualified(name) if name.is("builtins.object") => {}
            Base::Local(def, def_scope) => {
                match origin_of(model, def, def_scope, method, depth + 1) {
                    Origin::Missing => {}
                    found => return found,
                }
            }
            Base::Qualified(_) | Base::Unknown => return Origin::Unknown,
        }
    }
    Origin::Missing
}
