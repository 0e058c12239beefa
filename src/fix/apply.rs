//! One pass of fixing a text: the fixes that can go in together, in source order, and the
//! text after them.
//!
//! Fixes are taken by where their first edit starts. A fix goes in when none of its edits
//! conflicts with an edit already taken ([`Edit::conflicts_with`]); an edit identical to
//! one already taken is shared, so two fixes that add the same import both apply and add
//! it once. A fix that conflicts waits for the next pass, when the text has changed under
//! it and its rule has had a fresh look. Imports the taken fixes leave unused are removed
//! last ([`super::imports::removals`]), where they conflict with nothing.

use super::{imports, Edit, Fix};

/// What one pass did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pass {
    pub text: String,
    /// Indices (into the fixes given) of those that went in, in the order taken.
    pub applied: Vec<usize>,
    /// Every edit made, sorted by position (the fixes' own and the import removals).
    pub edits: Vec<Edit>,
}

/// Applies the fixes that fit together, or `None` when none does.
pub fn apply_pass(source: &str, fixes: &[&Fix]) -> Option<Pass> {
    apply_pass_within(source, fixes, &|_| true)
}

/// [`apply_pass`] making only edits `admit` accepts: a fix with another edit is not
/// applied, an import removal `admit` refuses is not made (the import stays). A notebook
/// admits only the edits its cells can hold.
pub fn apply_pass_within(
    source: &str,
    fixes: &[&Fix],
    admit: &dyn Fn(&Edit) -> bool,
) -> Option<Pass> {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&index| (fixes[index].start(), index));
    let mut taken = EditSet::default();
    let mut applied = Vec::new();
    for index in order {
        let fix = fixes[index];
        if !fix.edits.iter().all(|edit| fits(source, edit)) {
            // A rule produced an edit outside the text: a bug, never applied.
            debug_assert!(false, "edit outside the text: {:?}", fix.edits);
            continue;
        }
        if !fix.edits.iter().all(admit) {
            continue;
        }
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        if fresh.iter().any(|edit| taken.conflicts(edit)) {
            continue;
        }
        for edit in fresh {
            taken.insert(edit.clone());
        }
        applied.push(index);
    }
    if applied.is_empty() {
        return None;
    }
    let chosen: Vec<&Fix> = applied.iter().map(|&index| fixes[index]).collect();
    for removal in imports::removals(source, &chosen) {
        if fits(source, &removal)
            && admit(&removal)
            && !taken.contains(&removal)
            && !taken.conflicts(&removal)
        {
            taken.insert(removal);
        }
    }
    Some(Pass {
        text: apply_edits(source, &taken.edits),
        applied,
        edits: taken.edits,
    })
}

/// Whether an edit's range lies within `source` on character boundaries.
fn fits(source: &str, edit: &Edit) -> bool {
    let (start, end) = (
        u32::from(edit.start()) as usize,
        u32::from(edit.end()) as usize,
    );
    start <= end
        && end <= source.len()
        && source.is_char_boundary(start)
        && source.is_char_boundary(end)
}

/// `source` with `edits` applied. The edits must be sorted by position and not conflict.
pub fn apply_edits(source: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.start(), edit.end()));
    let added: usize = sorted.iter().map(|edit| edit.content.len()).sum();
    let mut result = String::with_capacity(source.len() + added);
    let mut copied = 0;
    for edit in sorted {
        let start = u32::from(edit.start()) as usize;
        result.push_str(&source[copied..start]);
        result.push_str(&edit.content);
        copied = u32::from(edit.end()) as usize;
    }
    result.push_str(&source[copied..]);
    result
}

/// Edits taken so far, sorted by position; no two conflict.
#[derive(Debug, Default)]
struct EditSet {
    edits: Vec<Edit>,
}

impl EditSet {
    /// The index of the first edit that does not start before `edit` (by start, then end).
    fn position(&self, edit: &Edit) -> usize {
        self.edits
            .partition_point(|e| (e.start(), e.end()) < (edit.start(), edit.end()))
    }

    /// The taken edits that could conflict with `edit`: the one starting just before it
    /// and those starting within it. Taken edits never overlap each other, so no earlier
    /// one can reach into `edit`.
    fn neighbours<'s>(&'s self, edit: &Edit) -> impl Iterator<Item = &'s Edit> + 's {
        let end = edit.end();
        let first = self
            .edits
            .partition_point(|e| e.start() < edit.start())
            .saturating_sub(1);
        self.edits[first..]
            .iter()
            .take_while(move |e| e.start() <= end)
    }

    fn contains(&self, edit: &Edit) -> bool {
        self.neighbours(edit).any(|e| e == edit)
    }

    fn conflicts(&self, edit: &Edit) -> bool {
        self.neighbours(edit).any(|e| e.conflicts_with(edit))
    }

    fn insert(&mut self, edit: Edit) {
        let at = self.position(&edit);
        self.edits.insert(at, edit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::text_size::TextRange;

    fn replace(start: u32, end: u32, content: &str) -> Edit {
        Edit::replacement(TextRange::new(start.into(), end.into()), content)
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::safe("test", edits).unwrap()
    }

    #[test]
    fn fixes_apply_in_source_order_and_overlapping_ones_wait() {
        let source = "abcdefghij";
        let first = fix(vec![replace(2, 5, "X")]);
        let overlapping = fix(vec![replace(4, 6, "Y")]);
        let later = fix(vec![replace(8, 9, "Z")]);
        let pass = apply_pass(source, &[&later, &overlapping, &first]).unwrap();
        assert_eq!(pass.text, "abXfghZj");
        assert_eq!(pass.applied, [2, 0]);
    }

    #[test]
    fn a_shared_edit_is_made_once() {
        let source = "import os\n\ndef f(): pass\ndef g(): pass\n";
        let add = Edit::insertion(10.into(), "import functools\n");
        let one = fix(vec![add.clone(), replace(11, 11, "@deco\n")]);
        let two = fix(vec![add, replace(25, 25, "@deco\n")]);
        let pass = apply_pass(source, &[&one, &two]).unwrap();
        assert_eq!(
            pass.text,
            "import os\nimport functools\n\n@deco\ndef f(): pass\n@deco\ndef g(): pass\n"
        );
        assert_eq!(pass.applied.len(), 2);
    }

    #[test]
    fn different_insertions_at_one_place_wait_for_the_next_pass() {
        let source = "xy";
        let a = fix(vec![replace(1, 1, "A")]);
        let b = fix(vec![replace(1, 1, "B")]);
        let pass = apply_pass(source, &[&a, &b]).unwrap();
        assert_eq!(pass.text, "xAy");
        assert_eq!(pass.applied, [0]);
    }

    #[test]
    fn edits_that_only_touch_both_apply() {
        let source = "0123456789";
        let a = fix(vec![replace(2, 4, "ab")]);
        let b = fix(vec![replace(4, 4, "+")]);
        let c = fix(vec![replace(4, 6, "cd")]);
        let pass = apply_pass(source, &[&a, &b, &c]).unwrap();
        assert_eq!(pass.text, "01ab+cd6789");
    }

    #[test]
    fn nothing_to_apply_is_no_pass() {
        assert_eq!(apply_pass("x", &[]), None);
    }
}
