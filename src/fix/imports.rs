//! Imports for fixes: using a name a fix needs (reusing an import the module already has,
//! under its alias, or adding one after the docstring, the `__future__` imports and the
//! module's leading imports), and giving back an import a fix stops using.
//!
//! An import is removed only when it is certain nothing uses it: every reference the model
//! knows is rewritten by a fix applied in the same pass, the name appears nowhere else in
//! the text (not in a string annotation, not in `__all__`, not in a comment), it is the
//! name's only binding, and the module is not a package's `__init__.py` (whose imports are
//! its interface). When any of that fails the import stays: an unused import is harmless,
//! a missing one is a crash.

use rustc_hash::FxHashMap;
use rustpython_parser::ast::{Ranged, Stmt};
use rustpython_parser::text_size::{TextRange, TextSize};

use super::indent;
use super::{Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::{Binding, BindingId, BindingKind, ScopeId};

/// An import that a fix stops using. The fix carries it; the import is removed when every
/// one of [`UnusedImport::references`] is rewritten by fixes that carry it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedImport {
    /// The name the import binds.
    pub name: String,
    /// The whole import statement.
    pub statement: TextRange,
    /// Each imported name of the statement (`a as b`), in order.
    pub aliases: Vec<TextRange>,
    /// Which of [`UnusedImport::aliases`] binds the name.
    pub alias: usize,
    /// The statement's lines, when it has them to itself (else the whole statement is
    /// never removed, only names from it).
    pub lines: Option<TextRange>,
    /// The statement list holding the import and how many statements it has, when removing
    /// them all would leave a block without a statement (not at module level).
    pub block: Option<(TextRange, u32)>,
    /// Every use of the name.
    pub references: Vec<TextRange>,
}

impl UnusedImport {
    /// The import behind `binding`, if it could be removed once its references are gone.
    pub fn of_binding(cx: &RuleContext<'_, '_>, id: BindingId) -> Option<UnusedImport> {
        let binding = cx.model.binding(id);
        if !binding.is_import() || cx.file_name() == "__init__.py" {
            return None;
        }
        let scope = cx.model.scope(binding.scope);
        if scope.star_import || scope.bindings_of(binding.name).len() != 1 {
            return None;
        }
        if binding.scope == ScopeId::MODULE && cx.model.writes_module_namespace_dynamically() {
            return None;
        }
        let references: Vec<TextRange> = cx
            .model
            .references_to(binding.scope, binding.name)
            .map(|r| r.range)
            .collect();
        // The import itself, plus one per reference: anything more is a use the model
        // cannot see (a string annotation, `__all__`, `getattr(module, "name")`).
        if word_occurrences(cx.source, binding.name) != references.len() + 1 {
            return None;
        }
        let (statement, block, in_module) = find_import_statement(cx.body, binding.range, true)?;
        let aliases: Vec<TextRange> = match statement {
            Stmt::Import(import) => import.names.iter().map(|a| a.range).collect(),
            Stmt::ImportFrom(import) => import.names.iter().map(|a| a.range).collect(),
            _ => return None,
        };
        let alias = aliases.iter().position(|a| *a == binding.range)?;
        Some(UnusedImport {
            name: binding.name.to_string(),
            statement: statement.range(),
            aliases,
            alias,
            lines: indent::own_lines(cx.source, statement.range()),
            block: (!in_module).then(|| {
                let range = crate::ast_ext::block_range(block, statement.start());
                (range, block.len() as u32)
            }),
            references,
        })
    }

    /// The import that `name` means in `scope`, ready to be given back.
    pub fn of_name(cx: &RuleContext<'_, '_>, name: &str, scope: ScopeId) -> Option<UnusedImport> {
        let owner = cx.model.lookup(name, scope)?;
        let [id] = cx.model.scope(owner).bindings_of(name) else {
            return None;
        };
        UnusedImport::of_binding(cx, *id)
    }
}

/// The statement whose range holds the alias `alias`, with its statement list and whether
/// that list is the module's body.
fn find_import_statement(
    body: &[Stmt],
    alias: TextRange,
    in_module: bool,
) -> Option<(&Stmt, &[Stmt], bool)> {
    for stmt in body {
        if !stmt.range().contains_range(alias) {
            continue;
        }
        if matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)) {
            return Some((stmt, body, in_module));
        }
        for block in crate::ast_ext::child_statement_lists(stmt) {
            if let Some(found) = find_import_statement(block, alias, false) {
                return Some(found);
            }
        }
        return None;
    }
    None
}

/// How often `word` occurs as a whole identifier in the code of `scope`: the function's
/// (or class's) source for a local scope, the whole text for the module. For the
/// conservative "nothing else names it" checks of fixes that rewrite every use of a name.
pub fn occurrences_in_scope(cx: &RuleContext<'_, '_>, scope: ScopeId, word: &str) -> usize {
    match cx.model.scope(scope).kind.range() {
        Some(range) => word_occurrences(&cx.source[range], word),
        None => word_occurrences(cx.source, word),
    }
}

/// How often `word` occurs in `text` as a whole identifier.
pub fn word_occurrences(text: &str, word: &str) -> usize {
    if word.is_empty() {
        return 0;
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .count()
}

/// The removals of imports that the given fixes, applied together, leave unused. An
/// import goes when every reference to it lies in an edit of a fix that carries it and
/// whose new text does not name it again. Names of one statement are removed together;
/// a statement that would lose every name goes whole (or becomes `pass` when it is its
/// block's last statement). Nothing is removed where a comment would be lost.
pub fn removals(source: &str, fixes: &[&Fix]) -> Vec<Edit> {
    // Each import, with the edits of the fixes that carry it.
    let mut carried: Vec<(&UnusedImport, Vec<&Edit>)> = Vec::new();
    for fix in fixes {
        for import in &fix.unused_imports {
            let covering = fix
                .edits
                .iter()
                .filter(|edit| word_occurrences(&edit.content, &import.name) == 0);
            match carried.iter_mut().find(|(known, _)| {
                known.statement == import.statement && known.alias == import.alias
            }) {
                Some((_, edits)) => edits.extend(covering),
                None => carried.push((import, covering.collect())),
            }
        }
    }
    let mut by_statement: FxHashMap<TextRange, (&UnusedImport, Vec<usize>)> = FxHashMap::default();
    for (import, edits) in &carried {
        let unused = import.references.iter().all(|reference| {
            edits
                .iter()
                .any(|edit| edit.range.contains_range(*reference))
        });
        if unused {
            let entry = by_statement
                .entry(import.statement)
                .or_insert_with(|| (*import, Vec::new()));
            entry.1.push(import.alias);
        }
    }
    let mut statements: Vec<(&UnusedImport, Vec<usize>)> = by_statement.into_values().collect();
    statements.sort_by_key(|(import, _)| import.statement.start());
    // Whole statements removed per block, to keep every block non-empty.
    let mut emptied: FxHashMap<TextRange, u32> = FxHashMap::default();
    let mut result = Vec::new();
    for (import, mut gone) in statements {
        gone.sort_unstable();
        gone.dedup();
        if gone.len() == import.aliases.len() {
            let Some(lines) = import.lines else {
                continue;
            };
            if let Some((block, size)) = import.block {
                let count = emptied.entry(block).or_default();
                *count += 1;
                if *count == size {
                    result.push(Edit::replacement(import.statement, "pass"));
                    continue;
                }
            }
            result.push(Edit::deletion(lines));
            continue;
        }
        if let Some(edits) = name_removals(source, &import.aliases, &gone) {
            result.extend(edits);
        }
    }
    result
}

/// The removals of `gone` (indices into `aliases`, sorted) from a statement that keeps at
/// least one name: each run of removed names goes with the comma after it, or with the
/// comma before it at the end of the list. `None` when a comment would go with them.
fn name_removals(source: &str, aliases: &[TextRange], gone: &[usize]) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    let mut index = 0;
    while index < gone.len() {
        let first = gone[index];
        let mut last = first;
        while index + 1 < gone.len() && gone[index + 1] == last + 1 {
            index += 1;
            last = gone[index];
        }
        index += 1;
        let range = if last + 1 < aliases.len() {
            TextRange::new(aliases[first].start(), aliases[last + 1].start())
        } else {
            TextRange::new(aliases[first.checked_sub(1)?].end(), aliases[last].end())
        };
        if source[range].contains('#') {
            return None;
        }
        edits.push(Edit::deletion(range));
    }
    Some(edits)
}

/// A name a fix needs (`member` of `module`, e.g. `wraps` of `functools`): how to spell it
/// at `scope`, and the edit that imports it when the module has no import to reuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedName {
    /// The expression that names it there (`wraps`, `functools.wraps`, `ft.wraps`).
    pub expression: String,
    /// The import to add, if any.
    pub edit: Option<Edit>,
}

/// How code in `scope` at `at` can name `module.member`: through an import the module
/// already has (`from module import member [as x]`, `import module [as m]`), else through
/// one added for it (`from module import member`, extending an existing top-level
/// `from module import ...`; or `import module` when the member's name is taken). `None`
/// when both names are taken.
pub fn import_member(
    cx: &RuleContext<'_, '_>,
    module: &str,
    member: &str,
    scope: ScopeId,
    at: TextSize,
) -> Option<ImportedName> {
    if let Some(expression) = existing_import(cx, module, member, scope, at) {
        return Some(ImportedName {
            expression,
            edit: None,
        });
    }
    if !name_is_free(cx, member) {
        let imported = import_module(cx, module, scope, at)?;
        return Some(ImportedName {
            expression: format!("{}.{member}", imported.expression),
            edit: imported.edit,
        });
    }
    let edit = match extendable_import(cx.body, module) {
        Some(last) => Edit::insertion(last.end(), format!(", {member}")),
        None => new_import_line(cx, &format!("from {module} import {member}")),
    };
    Some(ImportedName {
        expression: member.to_string(),
        edit: Some(edit),
    })
}

/// How code in `scope` at `at` can name the module `module` itself (`import module`),
/// adding the import when none is visible. `None` when the name is taken.
pub fn import_module(
    cx: &RuleContext<'_, '_>,
    module: &str,
    scope: ScopeId,
    at: TextSize,
) -> Option<ImportedName> {
    let found = visible_import(cx, scope, at, |binding| {
        matches!(binding.kind, BindingKind::Import(path)
            if path.level == 0 && path.module == Some(module) && path.member.is_none())
    });
    if let Some(binding) = found {
        return Some(ImportedName {
            expression: module_expression(binding, module),
            edit: None,
        });
    }
    let top = module.split('.').next().unwrap_or(module);
    if !name_is_free(cx, top) {
        return None;
    }
    Some(ImportedName {
        expression: module.to_string(),
        edit: Some(new_import_line(cx, &format!("import {module}"))),
    })
}

/// The spelling of `module.member` through an import visible at `at`.
fn existing_import(
    cx: &RuleContext<'_, '_>,
    module: &str,
    member: &str,
    scope: ScopeId,
    at: TextSize,
) -> Option<String> {
    let from_import = visible_import(cx, scope, at, |binding| {
        matches!(binding.kind, BindingKind::Import(path)
            if path.level == 0 && path.module == Some(module) && path.member == Some(member))
    });
    if let Some(binding) = from_import {
        return Some(binding.name.to_string());
    }
    let module_import = visible_import(cx, scope, at, |binding| {
        matches!(binding.kind, BindingKind::Import(path)
            if path.level == 0 && path.module == Some(module) && path.member.is_none())
    })?;
    Some(format!(
        "{}.{member}",
        module_expression(module_import, module)
    ))
}

/// `import a.b` binds `a` and is used as `a.b`; `import a.b as c` binds `c`.
fn module_expression(binding: &Binding<'_>, module: &str) -> String {
    let top = module.split('.').next().unwrap_or(module);
    if binding.name == top {
        module.to_string()
    } else {
        binding.name.to_string()
    }
}

/// A binding matching `wanted` that is what its name means at `at` in `scope`.
fn visible_import<'m, 'a>(
    cx: &'m RuleContext<'_, 'a>,
    scope: ScopeId,
    at: TextSize,
    wanted: impl Fn(&Binding<'a>) -> bool,
) -> Option<&'m Binding<'a>> {
    let mut current = Some(scope);
    while let Some(id) = current {
        let candidates = cx.model.scope(id).names().flat_map(|(_, ids)| ids.iter());
        for candidate in candidates {
            let binding = cx.model.binding(*candidate);
            if !wanted(binding) {
                continue;
            }
            let unique = cx
                .model
                .unique_binding(binding.name, at, scope)
                .is_some_and(|b| std::ptr::eq(b, binding));
            // A module-level import reached from a function: any binding counts, so ask
            // that it be the only one.
            if unique
                && cx
                    .model
                    .scope(binding.scope)
                    .bindings_of(binding.name)
                    .len()
                    == 1
            {
                return Some(binding);
            }
        }
        current = cx.model.scope(id).parent;
    }
    None
}

/// Whether binding `name` at module level would shadow nothing: no scope of the module
/// binds it, it is no builtin, and no star import could bring it in.
fn name_is_free(cx: &RuleContext<'_, '_>, name: &str) -> bool {
    if crate::semantic::is_builtin(name) {
        return false;
    }
    cx.model.scope_ids().all(|id| {
        let scope = cx.model.scope(id);
        !scope.binds(name) && !scope.star_import
    })
}

/// The last name of a top-level `from module import a, b` that a new name can join.
fn extendable_import<'a>(
    body: &'a [Stmt],
    module: &str,
) -> Option<&'a rustpython_parser::ast::Alias> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::ImportFrom(import)
            if import.level.as_ref().is_none_or(|l| l.to_u32() == 0)
                && import.module.as_ref().is_some_and(|m| m.as_str() == module)
                && !import.names.iter().any(|a| a.name.as_str() == "*") =>
        {
            import.names.last()
        }
        _ => None,
    })
}

/// An edit adding `statement` on a line of its own where a new import belongs: after the
/// module docstring, the `__future__` imports and the imports that lead the module, or
/// before the first statement (after any leading comments, so a coding cookie stays on
/// its line).
pub fn new_import_line(cx: &RuleContext<'_, '_>, statement: &str) -> Edit {
    let newline = indent::line_ending(cx.source);
    let mut last_leading: Option<&Stmt> = None;
    for (index, stmt) in cx.body.iter().enumerate() {
        let leads = (index == 0 && crate::ast_ext::is_docstring(stmt))
            || matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_));
        if !leads {
            break;
        }
        last_leading = Some(stmt);
    }
    match (last_leading, cx.body.first()) {
        (Some(stmt), _) => {
            let at = indent::line_end_with_terminator(cx.source, stmt.end());
            let at_end_without_newline =
                u32::from(at) as usize == cx.source.len() && !cx.source.ends_with(['\n', '\r']);
            if at_end_without_newline {
                Edit::insertion(at, format!("{newline}{statement}"))
            } else {
                Edit::insertion(at, format!("{statement}{newline}"))
            }
        }
        (None, Some(first)) => Edit::insertion(
            indent::line_start(cx.source, first.start()),
            format!("{statement}{newline}"),
        ),
        (None, None) => Edit::insertion(TextSize::from(0), format!("{statement}{newline}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(start.into(), end.into())
    }

    #[test]
    fn words_are_whole_identifiers() {
        assert_eq!(
            word_occurrences("List, Listing, _List, List[int]", "List"),
            2
        );
        assert_eq!(word_occurrences("\"List[int]\"", "List"), 1);
    }

    fn apply(source: &str, edits: &[Edit]) -> String {
        crate::fix::apply::apply_edits(source, edits)
    }

    fn import(
        source: &str,
        statement: TextRange,
        aliases: Vec<TextRange>,
        alias: usize,
    ) -> UnusedImport {
        UnusedImport {
            name: source[aliases[alias]].to_string(),
            statement,
            aliases,
            alias,
            lines: indent::own_lines(source, statement),
            block: None,
            references: Vec::new(),
        }
    }

    #[test]
    fn names_go_with_their_comma_and_whole_statements_with_their_line() {
        let source = "from typing import List, Dict, Set\nx = 1\n";
        let statement = range(0, 34);
        let aliases = vec![range(19, 23), range(25, 29), range(31, 34)];
        let fix = |alias: usize| {
            Fix::safe("f", vec![Edit::insertion(40.into(), "")])
                .unwrap()
                .with_unused_imports(vec![import(source, statement, aliases.clone(), alias)])
        };
        let middle = fix(1);
        assert_eq!(
            apply(source, &removals(source, &[&middle])),
            "from typing import List, Set\nx = 1\n"
        );
        let (first, last) = (fix(0), fix(2));
        assert_eq!(
            apply(source, &removals(source, &[&first, &last])),
            "from typing import Dict\nx = 1\n"
        );
        let all = [fix(0), fix(1), fix(2)];
        let refs: Vec<&Fix> = all.iter().collect();
        assert_eq!(apply(source, &removals(source, &refs)), "x = 1\n");
    }

    #[test]
    fn an_import_stays_while_a_reference_is_not_rewritten_or_named_again() {
        let source = "from typing import List\nx: List[int]\ny: List[str]\n";
        let mut unused = import(source, range(0, 23), vec![range(19, 23)], 0);
        unused.references = vec![range(27, 31), range(40, 44)];
        let one = Fix::safe("f", vec![Edit::replacement(range(27, 31), "list")])
            .unwrap()
            .with_unused_imports(vec![unused.clone()]);
        assert!(removals(source, &[&one]).is_empty());
        let other = Fix::safe("f", vec![Edit::replacement(range(40, 44), "List")])
            .unwrap()
            .with_unused_imports(vec![unused.clone()]);
        assert!(removals(source, &[&one, &other]).is_empty());
        let both = Fix::safe("f", vec![Edit::replacement(range(40, 44), "list")])
            .unwrap()
            .with_unused_imports(vec![unused]);
        assert_eq!(
            apply(source, &removals(source, &[&one, &both])),
            "x: List[int]\ny: List[str]\n"
        );
    }

    #[test]
    fn a_comment_between_names_keeps_the_import() {
        let source = "from m import (\n    a,  # why\n    b,\n)\n";
        let aliases = vec![range(20, 21), range(34, 35)];
        assert_eq!(name_removals(source, &aliases, &[0]), None);
        assert_eq!(name_removals(source, &aliases, &[1]), None);
        let source = "from m import (\n    a,\n    b,  # why\n)\n";
        let aliases = vec![range(20, 21), range(27, 28)];
        let removed = name_removals(source, &aliases, &[0]).unwrap();
        assert_eq!(
            apply(source, &removed),
            "from m import (\n    b,  # why\n)\n"
        );
    }
}
