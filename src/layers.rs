//! Layer contracts (PX2001): which modules may not import which. A contract names the
//! modules it governs and the modules they may not import, as dotted patterns: `*` stands
//! for one segment, `**` for any number (also none), and a pattern covers a module and all
//! its submodules (`app.domain` covers `app.domain.user.service`).
//!
//! The built-in contract keeps a package named `domain` free of web, ORM and IO
//! frameworks and of the project's own `api` and `infrastructure` packages; the project can
//! switch it off and add contracts of its own in `[tool.pyexpert.layers]`.

use crate::config::LayersTable;

/// A dotted module pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePattern {
    segments: Vec<String>,
    text: String,
}

impl ModulePattern {
    pub fn new(text: &str) -> Self {
        ModulePattern {
            segments: text.split('.').map(str::to_string).collect(),
            text: text.to_string(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern covers `module` (the module itself or one of its packages matches).
    pub fn covers(&self, module: &str) -> bool {
        let parts: Vec<&str> = module.split('.').collect();
        (1..=parts.len()).any(|len| matches_exactly(&self.segments, &parts[..len]))
    }

    /// The shortest prefix of `module` the pattern matches: the package that makes `module`
    /// part of the layer (`app.domain` for `app.domain.user` under `**.domain`).
    pub fn covering_prefix<'m>(&self, module: &'m str) -> Option<&'m str> {
        let parts: Vec<&str> = module.split('.').collect();
        (1..=parts.len())
            .find(|len| matches_exactly(&self.segments, &parts[..*len]))
            .map(|len| {
                let end: usize = parts[..len].iter().map(|p| p.len()).sum::<usize>() + len - 1;
                &module[..end]
            })
    }
}

fn matches_exactly(pattern: &[String], parts: &[&str]) -> bool {
    match pattern.split_first() {
        None => parts.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=parts.len()).any(|skip| matches_exactly(rest, &parts[skip..]))
        }
        Some((first, rest)) => match parts.split_first() {
            Some((part, remaining)) => {
                (first == "*" || first == part) && matches_exactly(rest, remaining)
            }
            None => false,
        },
    }
}

/// A forbidden import target.
#[derive(Debug, Clone)]
pub struct Forbidden {
    pub pattern: ModulePattern,
    /// Only when the imported module belongs to the linted project (the built-in contract's
    /// `api`/`infrastructure`, which must not catch a third-party package of that name).
    pub project_only: bool,
}

/// One contract.
#[derive(Debug, Clone)]
pub struct Contract {
    pub name: String,
    pub modules: Vec<ModulePattern>,
    pub forbid: Vec<Forbidden>,
}

/// Web, ORM and IO frameworks a domain layer must not import.
const FRAMEWORKS: &[&str] = &[
    "fastapi",
    "starlette",
    "django",
    "flask",
    "sqlalchemy",
    "requests",
    "httpx",
    "aiohttp",
    "redis",
    "boto3",
    "psycopg",
    "psycopg2",
    "pymongo",
];

/// The contracts in force.
#[derive(Debug, Clone)]
pub struct LayerContracts {
    pub contracts: Vec<Contract>,
}

impl Default for LayerContracts {
    fn default() -> Self {
        LayerContracts {
            contracts: vec![Self::builtin()],
        }
    }
}

impl LayerContracts {
    /// The built-in contract for packages named `domain`.
    pub fn builtin() -> Contract {
        let mut forbid: Vec<Forbidden> = FRAMEWORKS
            .iter()
            .map(|name| Forbidden {
                pattern: ModulePattern::new(name),
                project_only: false,
            })
            .collect();
        forbid.extend(["**.api", "**.infrastructure"].iter().map(|p| Forbidden {
            pattern: ModulePattern::new(p),
            project_only: true,
        }));
        Contract {
            name: "the domain layer stays free of frameworks and outer layers".to_string(),
            modules: vec![ModulePattern::new("**.domain")],
            forbid,
        }
    }

    pub fn from_config(table: Option<&LayersTable>) -> Self {
        let Some(table) = table else {
            return Self::default();
        };
        let mut contracts = Vec::new();
        if table.default_contract.unwrap_or(true) {
            contracts.push(Self::builtin());
        }
        contracts.extend(table.contract.iter().map(|c| {
            Contract {
                name: c.name.clone(),
                modules: c.modules.iter().map(|m| ModulePattern::new(m)).collect(),
                forbid: c
                    .forbid
                    .iter()
                    .map(|f| Forbidden {
                        pattern: ModulePattern::new(f),
                        project_only: false,
                    })
                    .collect(),
            }
        }));
        LayerContracts { contracts }
    }

    /// The first contract that forbids `importer` to import `imported`, with the pattern
    /// that forbids it. `is_project_module` says whether a module belongs to the project.
    /// A module may always import from inside its own layer package.
    pub fn violation(
        &self,
        importer: &str,
        imported: &str,
        is_project_module: &dyn Fn(&str) -> bool,
    ) -> Option<(&Contract, &Forbidden)> {
        self.contracts.iter().find_map(|contract| {
            let layer = contract
                .modules
                .iter()
                .find_map(|pattern| pattern.covering_prefix(importer))?;
            let inside_own_layer = imported == layer || imported.starts_with(&format!("{layer}."));
            if inside_own_layer {
                return None;
            }
            contract
                .forbid
                .iter()
                .find(|f| {
                    f.pattern.covers(imported) && (!f.project_only || is_project_module(imported))
                })
                .map(|forbidden| (contract, forbidden))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_cover_modules_and_submodules() {
        let domain = ModulePattern::new("app.domain");
        assert!(domain.covers("app.domain"));
        assert!(domain.covers("app.domain.user.service"));
        assert!(!domain.covers("app.domainx"));
        assert!(!domain.covers("app"));
        let anywhere = ModulePattern::new("**.domain");
        assert!(anywhere.covers("domain.user"));
        assert!(anywhere.covers("src.domain.user"));
        assert_eq!(
            anywhere.covering_prefix("src.domain.user"),
            Some("src.domain")
        );
        let star = ModulePattern::new("app.*.models");
        assert!(star.covers("app.users.models.user"));
        assert!(!star.covers("app.models"));
    }

    #[test]
    fn builtin_contract_keeps_domain_pure() {
        let contracts = LayerContracts::default();
        let project = |m: &str| m.starts_with("src.");
        let violation = |a: &str, b: &str| {
            contracts
                .violation(a, b, &project)
                .map(|(_, f)| f.pattern.as_str().to_string())
        };
        assert_eq!(
            violation("src.domain.user", "fastapi").as_deref(),
            Some("fastapi")
        );
        assert_eq!(
            violation("src.domain.user", "sqlalchemy.orm").as_deref(),
            Some("sqlalchemy")
        );
        assert_eq!(
            violation("src.domain.user", "src.infrastructure.db").as_deref(),
            Some("**.infrastructure")
        );
        assert_eq!(
            violation("src.domain.user", "src.api.v1").as_deref(),
            Some("**.api")
        );
        assert_eq!(
            violation("src.domain.user", "api"),
            None,
            "a third-party `api` package is fine"
        );
        assert_eq!(
            violation("src.domain.user", "src.domain.api"),
            None,
            "inside its own layer"
        );
        assert_eq!(
            violation("src.api.routes", "fastapi"),
            None,
            "not a domain module"
        );
        assert_eq!(violation("src.domain.user", "dataclasses"), None);
    }

    #[test]
    fn configured_contracts_replace_or_extend_the_builtin_one() {
        let table = LayersTable {
            default_contract: Some(false),
            contract: vec![crate::config::ContractTable {
                name: "api is thin".into(),
                modules: vec!["app.api".into()],
                forbid: vec!["app.infrastructure".into()],
            }],
        };
        let contracts = LayerContracts::from_config(Some(&table));
        assert_eq!(contracts.contracts.len(), 1);
        let project = |_: &str| true;
        assert!(contracts
            .violation("app.api.routes", "app.infrastructure.db", &project)
            .is_some());
        assert!(contracts
            .violation("app.domain.x", "fastapi", &project)
            .is_none());
    }
}
