//! `if`/`else` statements whose every arm rebinds a name: after such a statement, the
//! bindings from before it no longer reach (`res = f()` ... `if a: res = g()` `else: res =
//! h()` ... `res == X` judges `g` and `h`, not `f`).

use rustpython_parser::text_size::{TextRange, TextSize};

use super::{BindingId, ScopeId, SemanticModel};

/// An `if` with an `else` (or `elif`), in the scope that runs it.
#[derive(Debug, Clone, Copy)]
pub(super) struct IfElseSpan {
    pub scope: ScopeId,
    /// From `if` to the end of the last arm.
    pub range: TextRange,
    /// The statement list holding the `if`.
    pub enclosing: TextRange,
    /// The `if` body and the `else` body (an `elif` is an `if` alone in the `else` body).
    pub arms: [TextRange; 2],
}

impl SemanticModel<'_> {
    /// `reaching` without the bindings that an `if`/`else` between them and `at` rebinds in
    /// every arm. `before` are the bindings of `name` in `owner` placed before `at`.
    pub(super) fn without_overwritten(
        &self,
        owner: ScopeId,
        at: TextSize,
        reaching: Vec<BindingId>,
        before: &[BindingId],
    ) -> Vec<BindingId> {
        if reaching.len() < 2 {
            return reaching;
        }
        let overwriting: Vec<&IfElseSpan> = self
            .if_else
            .iter()
            .filter(|span| {
                span.scope == owner
                    && span.range.end() <= at
                    && span.enclosing.contains_inclusive(at)
                    && self.every_arm_binds(span, before)
            })
            .collect();
        if overwriting.is_empty() {
            return reaching;
        }
        reaching
            .into_iter()
            .filter(|id| {
                let position = self.binding(*id).position;
                !overwriting.iter().any(|span| position < span.range.start())
            })
            .collect()
    }

    /// Whether each arm of `span` binds the name directly (not only in a nested block), or
    /// holds an `if`/`else` that does in every arm.
    fn every_arm_binds(&self, span: &IfElseSpan, bindings: &[BindingId]) -> bool {
        span.arms.iter().all(|arm| {
            bindings.iter().any(|id| self.binding(*id).block == *arm)
                || self.if_else.iter().any(|inner| {
                    inner.scope == span.scope
                        && inner.enclosing == *arm
                        && self.every_arm_binds(inner, bindings)
                })
        })
    }
}
