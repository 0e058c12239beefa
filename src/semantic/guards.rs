//! Guards that make code depend on the environment it runs in: a test of the running
//! Python's version (`if sys.version_info >= (3, 11):`), and an `except ImportError:` that
//! catches a missing module. Code under such a guard is often a deliberate fallback for
//! another Python or another set of installed packages.

use rustpython_parser::ast::{BoolOp, ExceptHandler, Expr, Ranged, UnaryOp};

use super::scope::ScopeId;
use super::SemanticModel;

/// How many names bound to a version test (`PY311 = sys.version_info >= (3, 11)`) to
/// follow before giving up.
const MAX_FLAG_DEPTH: u8 = 4;

/// Exceptions an `except` clause names when it handles a failed import.
const IMPORT_ERRORS: &[&str] = &[
    "builtins.ImportError",
    "builtins.ModuleNotFoundError",
    "builtins.Exception",
    "builtins.BaseException",
];

/// A name that spells a Python version flag, as compatibility modules export them and code
/// imports them from there: `PY2`, `PY3`, `PY311`, `PY_3_11`, `PYTHON_311`, `IS_PY310`,
/// `PY38_PLUS`, `_PY3` (upper case, a word starting with `PY` that holds a digit, or is
/// `PY`/`PYTHON` followed by one).
fn is_version_flag_name(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let words: Vec<&str> = name.split('_').collect();
    words.iter().enumerate().any(|(index, word)| {
        let digits_follow = || {
            words
                .get(index + 1)
                .is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()))
        };
        match word
            .strip_prefix("PYTHON")
            .or_else(|| word.strip_prefix("PY"))
        {
            Some("") => digits_follow(),
            Some(rest) => rest.chars().all(|c| c.is_ascii_digit()),
            None => false,
        }
    })
}

impl<'a> SemanticModel<'a> {
    /// Whether `test` (evaluated in `scope`) depends on the running Python's version: it
    /// reads `sys.version_info` (compared whole, indexed, sliced or through `.major`/
    /// `.minor`), possibly under `not`/`and`/`or`, or it names a variable bound once to such
    /// a test (`PY311 = sys.version_info >= (3, 11)`), or a name that spells a version flag
    /// (`PYTHON_311` imported from a compatibility module, `six.PY2`).
    pub fn is_version_check(&self, test: &'a Expr, scope: ScopeId) -> bool {
        self.is_version_check_at_depth(test, scope, 0)
    }

    fn is_version_check_at_depth(&self, test: &'a Expr, scope: ScopeId, depth: u8) -> bool {
        match test {
            Expr::BoolOp(op) => {
                debug_assert!(matches!(op.op, BoolOp::And | BoolOp::Or));
                op.values
                    .iter()
                    .any(|value| self.is_version_check_at_depth(value, scope, depth))
            }
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => {
                self.is_version_check_at_depth(&unary.operand, scope, depth)
            }
            Expr::Compare(compare) => std::iter::once(&*compare.left)
                .chain(&compare.comparators)
                .any(|operand| self.reads_version_info(operand, scope)),
            Expr::Name(name) if depth < MAX_FLAG_DEPTH => {
                is_version_flag_name(name.id.as_str())
                    || self
                        .unique_binding(name.id.as_str(), test.start(), scope)
                        .and_then(|binding| binding.value.map(|value| (value, binding.scope)))
                        .is_some_and(|(value, owner)| {
                            self.is_version_check_at_depth(value, owner, depth + 1)
                        })
            }
            // `six.PY2`, `compat.PY311`: a flag another module computed.
            Expr::Attribute(attribute) => is_version_flag_name(attribute.attr.as_str()),
            _ => false,
        }
    }

    /// `sys.version_info`, `sys.version_info[:2]`, `sys.version_info.minor`..., and
    /// `sys.hexversion` (`sys.hexversion < 0x30c0000` is "before 3.12").
    fn reads_version_info(&self, expr: &'a Expr, scope: ScopeId) -> bool {
        let mut current = expr;
        loop {
            if self
                .qualified_name(current, scope)
                .is_some_and(|name| name.is_any(&["sys.version_info", "sys.hexversion"]))
            {
                return true;
            }
            current = match current {
                Expr::Subscript(sub) => &sub.value,
                Expr::Attribute(attr) => &attr.value,
                _ => return false,
            };
        }
    }

    /// Whether some clause of `handlers` (evaluated in `scope`) catches a failed import: a
    /// bare `except:`, or one naming `ImportError`, `ModuleNotFoundError` or a base class of
    /// them (alone or in a tuple).
    pub fn handles_import_error(&self, handlers: &'a [ExceptHandler], scope: ScopeId) -> bool {
        handlers
            .iter()
            .any(|handler| self.handler_catches(handler, scope, IMPORT_ERRORS, false))
    }

    /// Whether an `except` clause (evaluated in `scope`) catches one of `exceptions`
    /// (qualified names, base classes included by the caller): a bare `except:`, or a
    /// clause naming one of them, alone or in a tuple. A name the model cannot resolve
    /// counts as catching when `unresolved_catches` (it may be a class deriving from one).
    pub fn handler_catches(
        &self,
        handler: &'a ExceptHandler,
        scope: ScopeId,
        exceptions: &[&str],
        unresolved_catches: bool,
    ) -> bool {
        let ExceptHandler::ExceptHandler(handler) = handler;
        let Some(type_) = handler.type_.as_deref() else {
            return true;
        };
        let catches = |expr: &'a Expr| match self.qualified_name(expr, scope) {
            Some(name) => name.is_any(exceptions),
            None => unresolved_catches,
        };
        match type_ {
            Expr::Tuple(tuple) => tuple.elts.iter().any(catches),
            other => catches(other),
        }
    }
}

#[cfg(test)]
mod flag_name_tests {
    use super::is_version_flag_name;

    #[test]
    fn version_flag_names() {
        for name in [
            "PY2",
            "PY3",
            "PY311",
            "PY_3_11",
            "PYTHON_311",
            "IS_PY310",
            "PY38_PLUS",
            "_PY3",
            "PYTHON3",
            "PY_312_OR_LATER",
        ] {
            assert!(is_version_flag_name(name), "{name}");
        }
        for name in [
            "PYPY",
            "PYTHON",
            "PY",
            "py3",
            "PyQt5",
            "HAS_PYDANTIC",
            "PYDANTIC_V2",
            "COPY2",
            "PYARROW_14",
            "PY_MAJOR",
            "TYPE_CHECKING",
        ] {
            assert!(!is_version_flag_name(name), "{name}");
        }
    }
}
