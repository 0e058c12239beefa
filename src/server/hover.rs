//! Hover: over a flagged range, or over a code in a `# noqa: ...` comment, the rule's page
//! as markdown, headed by its code, name, severity and the lesson question behind it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Range};

use super::positions::{Encoding, LineIndex};
use crate::diagnostic::Diagnostic;
use crate::noqa::{self, Directive};
use crate::registry::{self, RuleMeta};

/// The hover at byte `offset`: the codes of the findings covering it (innermost first),
/// else the `# noqa` code under it.
pub fn hover(
    offset: usize,
    text: &str,
    index: &LineIndex,
    encoding: Encoding,
    diagnostics: &[Diagnostic],
) -> Option<Hover> {
    if let Some((meta, range)) = noqa_code_at(offset, text, index) {
        return Some(page(&[meta], Some(index.range(range, text, encoding))));
    }
    let mut covering: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            let range = super::diagnostics::byte_range(d, text, index);
            let (start, end) = (usize::from(range.start()), usize::from(range.end()));
            (start <= offset && offset < end) || (start == end && start == offset)
        })
        .collect();
    covering.sort_by_key(|d| d.range.len());
    let mut rules: Vec<&'static RuleMeta> = Vec::new();
    for diagnostic in &covering {
        if !rules.iter().any(|r| r.code == diagnostic.code()) {
            rules.push(diagnostic.rule);
        }
    }
    let innermost = covering.first()?;
    let range = super::diagnostics::byte_range(innermost, text, index);
    Some(page(&rules, Some(index.range(range, text, encoding))))
}

/// The rule whose code sits under `offset` in a `# noqa: ...` comment, and the code's range.
fn noqa_code_at(
    offset: usize,
    text: &str,
    index: &LineIndex,
) -> Option<(&'static RuleMeta, rustpython_parser::text_size::TextRange)> {
    let line = index.line_range(index.line_of(offset), text);
    let line_text = &text[line.clone()];
    if !noqa::mentions_noqa(line_text) {
        return None;
    }
    // Comments are scanned in the line alone: a `#` inside a string on this line would
    // need the whole file's tokens, and a wrong guess only costs a missing hover.
    let comments = crate::scan::comment_ranges(line_text);
    for comment in comments {
        let comment_text = &line_text[comment];
        let Some(Directive::Codes(codes)) = noqa::parse_directive(comment_text) else {
            continue;
        };
        for code in codes {
            let start = line.start + (code.as_ptr() as usize - line_text.as_ptr() as usize);
            let end = start + code.len();
            if (start..=end).contains(&offset) {
                let meta = registry::find(code)?;
                let range = rustpython_parser::text_size::TextRange::new(
                    (start as u32).into(),
                    (end as u32).into(),
                );
                return Some((meta, range));
            }
        }
    }
    None
}

/// Rule pages as one markdown hover.
fn page(rules: &[&'static RuleMeta], range: Option<Range>) -> Hover {
    let sections: Vec<String> = rules.iter().map(|meta| rule_markdown(meta)).collect();
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    }
}

pub fn rule_markdown(meta: &RuleMeta) -> String {
    let mut text = format!("**{}** `{}` · {}", meta.code, meta.name, meta.severity);
    if let Some(question) = meta.question {
        text.push_str(&format!(
            "\n\nLesson question {question}: {}",
            question.summary()
        ));
    }
    text.push_str("\n\n");
    text.push_str(meta.doc.trim());
    text
}
