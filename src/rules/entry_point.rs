//! Where a script starts: the module-level functions that only its
//! `if __name__ == "__main__":` block calls. Code there runs once, as the program, and what
//! it leaves behind ends with the process.

use rustpython_parser::ast::Stmt;
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, MainGuard};
use crate::rule::RuleContext;
use crate::semantic::{ScopeId, ScopeKind, SemanticModel, Usage};

/// Inside a module-level function that only the main guard calls (directly, or through
/// other such functions): the script's own start-up code, like the guard itself.
pub(super) fn in_entry_point(cx: &RuleContext<'_, '_>) -> bool {
    let Some(Stmt::FunctionDef(def)) = cx.ctx.statements().first() else {
        return false;
    };
    let guards = main_guard_blocks(cx.body);
    !guards.is_empty() && only_called_from_guard(cx.model, def.name.as_str(), &guards, 0)
}

/// How many functions deep [`only_called_from_guard`] follows callers.
const MAX_ENTRY_DEPTH: u8 = 4;

/// Every use of the module-level function `name` is a call, made in a main guard block or in
/// a module-level function that itself qualifies; there is at least one.
fn only_called_from_guard(
    model: &SemanticModel<'_>,
    name: &str,
    guards: &[TextRange],
    depth: u8,
) -> bool {
    if depth > MAX_ENTRY_DEPTH || model.module_scope().bindings_of(name).len() != 1 {
        return false;
    }
    let mut uses = model.references_to(ScopeId::MODULE, name).peekable();
    uses.peek().is_some()
        && uses.all(|reference| {
            if reference.usage != Usage::Called {
                return false;
            }
            if guards.iter().any(|g| g.contains_range(reference.range)) {
                return true;
            }
            match model.scope(model.frame_of(reference.scope)).kind {
                ScopeKind::Function(caller) => {
                    model.scope(model.frame_of(reference.scope)).parent == Some(ScopeId::MODULE)
                        && only_called_from_guard(model, caller.name(), guards, depth + 1)
                }
                _ => false,
            }
        })
}

/// The statement lists that run only when the module is the main program.
fn main_guard_blocks(body: &[Stmt]) -> Vec<TextRange> {
    body.iter()
        .filter_map(|stmt| {
            let Stmt::If(if_) = stmt else {
                return None;
            };
            let block = match ast_ext::main_guard(&if_.test)? {
                MainGuard::Body => &if_.body,
                MainGuard::OrElse => &if_.orelse,
            };
            Some(ast_ext::block_range(block, if_.range.end()))
        })
        .collect()
}
