//! Qualified names: `mp.Pool` is `multiprocessing.Pool` when `mp` is `import multiprocessing
//! as mp`; `PPE` is `concurrent.futures.ProcessPoolExecutor` after `from concurrent.futures
//! import ProcessPoolExecutor as PPE`; `open` is `builtins.open` unless the module rebinds it.

use rustpython_parser::ast::{Expr, Ranged};

use super::binding::BindingKind;
use super::scope::ScopeId;
use super::{Resolution, SemanticModel};

/// A dotted path such as `multiprocessing.pool.Pool`, borrowed from the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifiedName<'a> {
    segments: Vec<&'a str>,
}

impl<'a> QualifiedName<'a> {
    pub fn segments(&self) -> &[&'a str] {
        &self.segments
    }

    /// Compares with a dotted spelling without allocating: `qn.is("multiprocessing.Pool")`.
    pub fn is(&self, dotted: &str) -> bool {
        let mut expected = dotted.split('.');
        self.segments
            .iter()
            .all(|segment| expected.next() == Some(segment))
            && expected.next().is_none()
    }

    pub fn is_any(&self, dotted: &[&str]) -> bool {
        dotted.iter().any(|d| self.is(d))
    }

    /// The last segment (`Pool` for `multiprocessing.Pool`).
    pub fn last(&self) -> &'a str {
        self.segments.last().copied().unwrap_or_default()
    }

    /// `builtins.open` and friends.
    pub fn is_builtin(&self, name: &str) -> bool {
        self.segments.len() == 2 && self.segments[0] == "builtins" && self.segments[1] == name
    }
}

impl std::fmt::Display for QualifiedName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.segments.join("."))
    }
}

/// Longer dotted paths are not module paths anyone writes.
const MAX_SEGMENTS: usize = 64;

/// How many `X = Y` alias assignments to follow before giving up.
const MAX_ALIAS_DEPTH: u8 = 8;

impl<'a> SemanticModel<'a> {
    /// The qualified name of a name or attribute chain evaluated in `scope`, when every
    /// binding that can reach it agrees. `None` for locals, parameters, calls and anything
    /// the model cannot pin down.
    pub fn qualified_name(&self, expr: &'a Expr, scope: ScopeId) -> Option<QualifiedName<'a>> {
        self.qualified_name_at_depth(expr, scope, 0)
    }

    fn qualified_name_at_depth(
        &self,
        expr: &'a Expr,
        scope: ScopeId,
        depth: u8,
    ) -> Option<QualifiedName<'a>> {
        // Walk down an attribute chain without recursion (chains can be very long), then
        // resolve the name at its root.
        let mut attributes = Vec::new();
        let mut current = expr;
        while let Expr::Attribute(attr) = current {
            if attributes.len() >= MAX_SEGMENTS {
                return None;
            }
            attributes.push(attr.attr.as_str());
            current = &attr.value;
        }
        let Expr::Name(name) = current else {
            return None;
        };
        let mut qualified = self.qualified_name_of(name.id.as_str(), current, scope, depth)?;
        qualified.segments.extend(attributes.into_iter().rev());
        Some(qualified)
    }

    fn qualified_name_of(
        &self,
        name: &'a str,
        expr: &'a Expr,
        scope: ScopeId,
        depth: u8,
    ) -> Option<QualifiedName<'a>> {
        let ids = match self.resolve(name, expr.start(), scope) {
            Resolution::Builtin => {
                return Some(QualifiedName {
                    segments: vec!["builtins", name],
                })
            }
            Resolution::Unbound => return None,
            Resolution::Bound { ids, .. } => ids,
        };
        let mut agreed: Option<QualifiedName<'a>> = None;
        for id in ids {
            let binding = self.binding(id);
            let candidate = match binding.kind {
                BindingKind::Import(path) => QualifiedName {
                    segments: path.segments()?.collect(),
                },
                // `Pool = multiprocessing.Pool`: an alias, followed a few levels deep.
                BindingKind::Assignment | BindingKind::AnnotatedAssignment
                    if depth < MAX_ALIAS_DEPTH =>
                {
                    let value = binding.value?;
                    if !matches!(value, Expr::Name(_) | Expr::Attribute(_)) {
                        return None;
                    }
                    self.qualified_name_at_depth(value, binding.scope, depth + 1)?
                }
                _ => return None,
            };
            match &agreed {
                Some(previous) if *previous != candidate => return None,
                Some(_) => {}
                None => agreed = Some(candidate),
            }
        }
        agreed
    }
}
