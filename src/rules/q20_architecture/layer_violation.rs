//! PX2001 layer-violation: an import that breaks a layer contract. By default a package
//! named `domain` may not import web, ORM or IO frameworks, nor the project's own `api` and
//! `infrastructure` packages; `[tool.pyexpert.layers]` changes or adds contracts.

use rustpython_parser::ast::Stmt;

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::project;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct LayerViolation;

static META: RuleMeta = RuleMeta {
    code: "PX2001",
    name: "layer-violation",
    severity: Severity::Warning,
    question: Some(Question::new(20)),
    opt_in: false,
    min_version: None,
    summary:
        "an import that breaks a layer contract (the domain importing frameworks or outer layers)",
    doc: include_str!("../../../rules/PX2001.md"),
    applies_to: Roles::LIBRARY,
};

impl Rule for LayerViolation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Import, NodeKind::ImportFrom]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        // Layers are a property of the project: without its module names there is nothing
        // to check against.
        let Some(importer) = cx.module else {
            return;
        };
        let is_package = matches!(cx.file_name(), "__init__.py" | "__init__.pyi");
        let imported: Vec<String> = match stmt {
            Stmt::Import(import) => import
                .names
                .iter()
                .map(|alias| alias.name.to_string())
                .collect(),
            Stmt::ImportFrom(import) => {
                let level = import.level.as_ref().map_or(0, |l| l.to_u32());
                let module = import.module.as_ref().map(|m| m.as_str());
                let Some(base) = project::resolve_relative(importer, is_package, level, module)
                else {
                    return;
                };
                // `from app import infrastructure`: the name may be a module of its own.
                import
                    .names
                    .iter()
                    .map(|alias| {
                        let submodule = format!("{base}.{}", alias.name);
                        if cx.project.is_module(&submodule) {
                            submodule
                        } else {
                            base.clone()
                        }
                    })
                    .collect()
            }
            _ => return,
        };
        let project = cx.project;
        let is_project_module = |module: &str| project.is_project_module(module);
        let layers = &cx.settings.layers;
        let Some((target, contract, forbidden)) = imported.iter().find_map(|target| {
            layers
                .violation(importer, target, &is_project_module)
                .map(|(contract, forbidden)| (target, contract, forbidden))
        }) else {
            return;
        };
        let message = format!(
            "`{importer}` imports `{target}`, which the contract \u{201c}{}\u{201d} forbids (`{}`)",
            contract.name,
            forbidden.pattern.as_str()
        );
        let anchor = ast_ext::statement_header(stmt, cx.source);
        cx.report(
            anchor,
            message,
            "depend on an abstraction this layer owns (a Protocol it defines) and let the outer layer implement it; if the dependency is intended, change the contract in [tool.pyexpert.layers]",
        );
    }
}
