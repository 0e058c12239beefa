//! Dataclass-like classes: classes that `@dataclasses.dataclass` or attrs turn into records
//! with a generated `__init__`, their options, and their fields in the order that
//! `__init__` takes them.

use rustpython_parser::ast::{Constant, Expr, ExprCall, Stmt, StmtClassDef};

use super::classes::Base;
use super::scope::ScopeId;
use super::SemanticModel;
use crate::ast_ext::{self, keyword_value as keyword};

/// How deep to follow the module's own classes through their bases.
const MAX_DEPTH: u8 = 16;

/// `@dataclasses.dataclass`, with or without arguments.
const DATACLASS_DECORATORS: &[&str] = &["dataclasses.dataclass"];

/// attrs' decorators that guess `auto_attribs` (annotated names are fields unless some
/// field is declared with an unannotated `attrs.field()`).
const ATTRS_DEFINE: &[&str] = &[
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
];

/// attrs' original decorators: only `attr.ib()` assignments are fields unless
/// `auto_attribs=True`.
const ATTRS_CLASSIC: &[&str] = &["attr.s", "attr.attrs", "attr.attributes"];

/// `@attr.dataclass`: `attr.s` with `auto_attribs=True`.
const ATTRS_DATACLASS: &[&str] = &["attr.dataclass"];

/// `dataclasses.field(...)`.
const DATACLASS_FIELD: &[&str] = &["dataclasses.field"];

/// attrs' field specifiers.
const ATTRS_FIELD: &[&str] = &[
    "attrs.field",
    "attr.field",
    "attr.ib",
    "attr.attrib",
    "attr.attr",
];

const CLASS_VAR: &[&str] = &["typing.ClassVar", "typing_extensions.ClassVar"];
const INIT_VAR: &[&str] = &["dataclasses.InitVar"];
const KW_ONLY: &[&str] = &["dataclasses.KW_ONLY"];

/// Bases that add no fields and no `__init__`.
const TRANSPARENT_BASES: &[&str] = &[
    "builtins.object",
    "typing.Generic",
    "typing_extensions.Generic",
];

/// Which library generates the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataclassLibrary {
    /// `dataclasses.dataclass`
    Dataclasses,
    /// `attrs.define`, `attr.s` and friends
    Attrs,
}

/// A decorated class's options, as far as they are literals (`None`: not a literal).
#[derive(Debug, Clone, Copy)]
pub struct DataclassSpec<'a> {
    pub library: DataclassLibrary,
    pub decorator: &'a Expr,
    /// `__init__` is generated (`init=True`, the default).
    pub init: Option<bool>,
    /// Instances refuse attribute assignment (`frozen=True`, `@attrs.frozen`).
    pub frozen: Option<bool>,
    /// Every field of the class is keyword-only (`kw_only=True`).
    pub kw_only: Option<bool>,
    /// attrs only: annotated names are fields (`Some(true)`), only `attr.ib()` assignments
    /// are (`Some(false)`), or attrs decides from the body (`None`).
    auto_attribs: Option<bool>,
    /// attrs' `these=`: fields given outside the body.
    these: bool,
}

/// What a field contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// An instance attribute and an `__init__` parameter.
    Field,
    /// `dataclasses.InitVar[...]`: an `__init__` parameter only, handed to `__post_init__`.
    InitVar,
}

/// One field declared in a class body.
#[derive(Debug, Clone, Copy)]
pub struct DataclassField<'a> {
    pub name: &'a str,
    /// The keyword `__init__` takes it by: the name, except that attrs drops leading
    /// underscores and honours `alias=`. `None` when an alias is not a literal.
    pub init_name: Option<&'a str>,
    pub kind: FieldKind,
    /// The annotation, with `InitVar[...]` unwrapped (attrs: or `attr.ib(type=...)`).
    pub annotation: Option<&'a Expr>,
    /// The whole value assigned in the body (a plain default or a `field(...)` call).
    pub value: Option<&'a Expr>,
    /// The `field(...)`/`attr.ib(...)` call, when the value is one.
    pub specifier: Option<&'a ExprCall>,
    /// The default value: the plain value, or the specifier's `default=`.
    pub default: Option<&'a Expr>,
    /// Keyword-only in `__init__` (`None`: not a literal).
    pub kw_only: Option<bool>,
    /// Taken by `__init__` (`None`: not a literal).
    pub init: Option<bool>,
    /// attrs' `converter=` (or `convert=`): the value passed in is converted.
    pub converter: bool,
    /// The class body the field is declared in (annotations resolve there).
    pub scope: ScopeId,
    pub statement: &'a Stmt,
}

impl<'a> SemanticModel<'a> {
    /// The dataclass or attrs decorator of a class whose `class` statement runs in `scope`,
    /// with the options it is given.
    pub fn dataclass_spec(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
    ) -> Option<DataclassSpec<'a>> {
        let decorators = &class.decorator_list;
        let (library, decorator, auto_attribs) =
            if let Some(d) = self.find_decorator(decorators, scope, DATACLASS_DECORATORS) {
                (DataclassLibrary::Dataclasses, d, Some(true))
            } else if let Some(d) = self.find_decorator(decorators, scope, ATTRS_DEFINE) {
                (DataclassLibrary::Attrs, d, None)
            } else if let Some(d) = self.find_decorator(decorators, scope, ATTRS_CLASSIC) {
                (DataclassLibrary::Attrs, d, Some(false))
            } else if let Some(d) = self.find_decorator(decorators, scope, ATTRS_DATACLASS) {
                (DataclassLibrary::Attrs, d, Some(true))
            } else {
                return None;
            };
        let frozen_decorator = library == DataclassLibrary::Attrs
            && self
                .qualified_name(call_target(decorator), scope)
                .is_some_and(|name| name.last() == "frozen");
        let call = match decorator {
            Expr::Call(call) => Some(call),
            _ => None,
        };
        let option = |name: &str, default: bool| match call.and_then(|c| keyword(c, name)) {
            Some(value) => bool_literal(value),
            None => Some(default),
        };
        let auto_attribs = match (library, call.and_then(|c| keyword(c, "auto_attribs"))) {
            (DataclassLibrary::Attrs, Some(value)) => bool_literal(value),
            _ => auto_attribs,
        };
        Some(DataclassSpec {
            library,
            decorator,
            init: option("init", true),
            frozen: if frozen_decorator {
                Some(true)
            } else {
                option("frozen", false)
            },
            kw_only: option("kw_only", false),
            auto_attribs,
            these: call.is_some_and(|c| keyword(c, "these").is_some()),
        })
    }

    /// The fields a dataclass or attrs class declares in its own body, in order (inherited
    /// fields are not included). `None` when the class is neither.
    pub fn dataclass_fields(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
    ) -> Option<Vec<DataclassField<'a>>> {
        let spec = self.dataclass_spec(class, scope)?;
        let body = self.class_scope(class)?;
        Some(match spec.library {
            DataclassLibrary::Dataclasses => self.own_dataclass_fields(class, body, &spec),
            DataclassLibrary::Attrs => self.own_attrs_fields(class, body, &spec),
        })
    }

    /// The parameters of the `__init__` that a dataclass or attrs class generates, in
    /// order: inherited fields first (from the module's own classes), then the class's own.
    /// `None` when that is not known for sure: the class defines `__init__` itself, turns
    /// it off, has a base the model cannot see into, several bases with fields, or options
    /// that are not literals.
    pub fn dataclass_init_fields(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
    ) -> Option<Vec<DataclassField<'a>>> {
        let spec = self.dataclass_spec(class, scope)?;
        if spec.init != Some(true) {
            return None;
        }
        let body = self.class_scope(class)?;
        if self.scope(body).binds("__init__") {
            return None;
        }
        let fields = self.fields_by_mro(class, scope, Some(spec.library), 0)?;
        let known = fields
            .iter()
            .all(|f| f.init.is_some() && f.kw_only.is_some() && f.init_name.is_some());
        known.then_some(fields)
    }

    /// Fields of `class` and its bases in `__init__` order; `library` is the one the
    /// subclass uses (bases made by the other library are not followed).
    fn fields_by_mro(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        library: Option<DataclassLibrary>,
        depth: u8,
    ) -> Option<Vec<DataclassField<'a>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut inherited: Option<Vec<DataclassField<'a>>> = None;
        for base in self.class_bases(class, scope) {
            match base {
                Base::Qualified(name) if name.is_any(TRANSPARENT_BASES) => {}
                Base::Local(def, def_scope) => {
                    let fields = self.fields_by_mro(def, def_scope, library, depth + 1)?;
                    if fields.is_empty() {
                        continue;
                    }
                    // Several bases with fields: the MRO decides the order.
                    if inherited.is_some() {
                        return None;
                    }
                    inherited = Some(fields);
                }
                Base::Qualified(_) | Base::Unknown => return None,
            }
        }
        let mut fields = inherited.unwrap_or_default();
        let Some(spec) = self.dataclass_spec(class, scope) else {
            // A plain class passes its bases' fields on.
            return Some(fields);
        };
        if Some(spec.library) != library || spec.these {
            return None;
        }
        let body = self.class_scope(class)?;
        let own = match spec.library {
            DataclassLibrary::Dataclasses => self.own_dataclass_fields(class, body, &spec),
            DataclassLibrary::Attrs => self.own_attrs_fields(class, body, &spec),
        };
        for field in own {
            let previous = fields.iter().position(|f| f.name == field.name);
            match (spec.library, previous) {
                // A dataclass keeps a redefined field where the base declared it.
                (DataclassLibrary::Dataclasses, Some(index)) => fields[index] = field,
                // attrs drops the inherited one and adds the new one in the class's order.
                (DataclassLibrary::Attrs, Some(index)) => {
                    fields.remove(index);
                    fields.push(field);
                }
                (_, None) => fields.push(field),
            }
        }
        if spec.library == DataclassLibrary::Attrs && spec.kw_only != Some(false) {
            // attrs' `kw_only=True` makes inherited fields keyword-only too.
            for field in &mut fields {
                field.kw_only = spec.kw_only;
            }
        }
        Some(fields)
    }

    fn own_dataclass_fields(
        &self,
        class: &'a StmtClassDef,
        body: ScopeId,
        spec: &DataclassSpec<'a>,
    ) -> Vec<DataclassField<'a>> {
        let mut fields = Vec::new();
        let mut kw_only = spec.kw_only;
        for stmt in &class.body {
            let Stmt::AnnAssign(ann) = stmt else {
                continue;
            };
            let Some(name) = ast_ext::name_id(&ann.target) else {
                continue;
            };
            let annotation = &*ann.annotation;
            if self.annotation_is(annotation, body, CLASS_VAR, "ClassVar") {
                continue;
            }
            if self.annotation_is(annotation, body, KW_ONLY, "KW_ONLY") {
                kw_only = Some(true);
                continue;
            }
            let (kind, annotation) = if self.annotation_is(annotation, body, INIT_VAR, "InitVar") {
                let inner = match annotation {
                    Expr::Subscript(sub) => Some(&*sub.slice),
                    _ => None,
                };
                (FieldKind::InitVar, inner)
            } else {
                (FieldKind::Field, Some(annotation))
            };
            let value = ann.value.as_deref();
            let specifier = value.and_then(|v| self.specifier(v, body, DATACLASS_FIELD));
            let (default, init, field_kw_only) = match specifier {
                Some(call) => (
                    keyword(call, "default"),
                    keyword(call, "init").map_or(Some(true), bool_literal),
                    keyword(call, "kw_only").map_or(kw_only, bool_literal),
                ),
                None => (value, Some(true), kw_only),
            };
            fields.push(DataclassField {
                name,
                init_name: Some(name),
                kind,
                annotation,
                value,
                specifier,
                default,
                kw_only: field_kw_only,
                init,
                converter: false,
                scope: body,
                statement: stmt,
            });
        }
        fields
    }

    fn own_attrs_fields(
        &self,
        class: &'a StmtClassDef,
        body: ScopeId,
        spec: &DataclassSpec<'a>,
    ) -> Vec<DataclassField<'a>> {
        // (name, annotation, value, statement) of each candidate, in order.
        let mut candidates = Vec::new();
        let mut unannotated_field = false;
        for stmt in &class.body {
            let (target, annotation, value) = match stmt {
                Stmt::AnnAssign(ann) => {
                    (&*ann.target, Some(&*ann.annotation), ann.value.as_deref())
                }
                Stmt::Assign(assign) => match assign.targets.as_slice() {
                    [target] => (target, None, Some(&*assign.value)),
                    _ => continue,
                },
                _ => continue,
            };
            let Some(name) = ast_ext::name_id(target) else {
                continue;
            };
            if annotation.is_some_and(|a| self.annotation_is(a, body, CLASS_VAR, "ClassVar")) {
                continue;
            }
            let specifier = value.and_then(|v| self.specifier(v, body, ATTRS_FIELD));
            if annotation.is_none() && specifier.is_some() {
                unannotated_field = true;
            }
            candidates.push((name, annotation, value, specifier, stmt));
        }
        let auto_attribs = spec.auto_attribs.unwrap_or(!unannotated_field);
        candidates
            .into_iter()
            .filter(|(_, annotation, _, specifier, _)| {
                if auto_attribs {
                    annotation.is_some()
                } else {
                    specifier.is_some()
                }
            })
            .map(|(name, annotation, value, specifier, stmt)| {
                let (default, init, kw_only, converter, alias, declared_type) = match specifier {
                    Some(call) => (
                        keyword(call, "default"),
                        keyword(call, "init").map_or(Some(true), bool_literal),
                        keyword(call, "kw_only").map_or(spec.kw_only, bool_literal),
                        keyword(call, "converter").is_some() || keyword(call, "convert").is_some(),
                        keyword(call, "alias"),
                        keyword(call, "type"),
                    ),
                    None => (value, Some(true), spec.kw_only, false, None, None),
                };
                let init_name = match alias {
                    Some(alias) => ast_ext::string_literal(alias),
                    None => Some(name.trim_start_matches('_')),
                };
                DataclassField {
                    name,
                    init_name,
                    kind: FieldKind::Field,
                    annotation: annotation.or(declared_type),
                    value,
                    specifier,
                    default,
                    kw_only,
                    init,
                    converter,
                    scope: body,
                    statement: stmt,
                }
            })
            .collect()
    }

    /// `value` is a call of one of the field specifiers `qualified`.
    fn specifier(
        &self,
        value: &'a Expr,
        scope: ScopeId,
        qualified: &[&str],
    ) -> Option<&'a ExprCall> {
        let Expr::Call(call) = value else {
            return None;
        };
        self.qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(qualified))
            .then_some(call)
    }

    /// Whether an annotation (evaluated in `scope`) is one of `qualified`, subscripted or
    /// not. A string annotation is not evaluated: its spelling is compared with `bare`, as
    /// dataclasses itself does.
    pub fn annotation_is(
        &self,
        annotation: &'a Expr,
        scope: ScopeId,
        qualified: &[&str],
        bare: &str,
    ) -> bool {
        let head = match annotation {
            Expr::Subscript(sub) => &*sub.value,
            other => other,
        };
        if let Some(text) = ast_ext::string_literal(head) {
            let head = text.split('[').next().unwrap_or_default().trim();
            return head == bare || head.strip_suffix(bare).is_some_and(|p| p.ends_with('.'));
        }
        self.qualified_name(head, scope)
            .is_some_and(|name| name.is_any(qualified))
    }
}

fn call_target(decorator: &Expr) -> &Expr {
    match decorator {
        Expr::Call(call) => &call.func,
        other => other,
    }
}

fn bool_literal(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Constant(c) => match c.value {
            Constant::Bool(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}
