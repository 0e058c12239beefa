//! Reading a workspace folder's files on disk once, in the background: their module names
//! (so a document knows which module it is) and the facts other modules' checks need.
//! This is the one whole-folder pass; after it, only single files are read again (one
//! that changed on disk), or the folder when a module appears or goes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::linting::Event;
use super::session::Server;
use crate::language::Language;
use crate::linter::{Linter, LinterOptions};
use crate::project::{ModuleFacts, ProjectIndex};
use crate::resolver::Resolver;

/// Folders with more Python files than this are not indexed: their documents are checked
/// on their own (project-level findings need the index), rather than a first pass that
/// would keep the machine busy for minutes.
pub const MAX_INDEXED_FILES: usize = 20_000;

impl Server {
    /// Indexes every workspace folder (after `initialized`).
    pub fn index_all(&mut self) {
        let roots: Vec<PathBuf> = self
            .workspace
            .folders
            .iter()
            .map(|f| f.root.clone())
            .collect();
        for root in roots {
            self.index_folder(&root);
        }
    }

    pub fn index_folder(&mut self, root: &Path) {
        let Some(folder) = self.workspace.folders.iter().find(|f| f.root == root) else {
            return;
        };
        let resolver = Arc::clone(&folder.resolver);
        let root = root.to_path_buf();
        let events = self.events.clone();
        self.pool.spawn(move || {
            if let Some((project, facts)) = index(&root, &resolver) {
                let _ = events.send(Event::Indexed {
                    root,
                    project,
                    facts,
                });
            }
        });
    }

    /// Reads one changed file on disk again for its facts.
    pub fn refresh_disk_facts(&mut self, folder: usize, path: PathBuf) {
        let folder = &mut self.workspace.folders[folder];
        let Some(module) = folder.project.module_of(&path).map(str::to_string) else {
            return;
        };
        let Ok(settings) = folder.resolver.settings_for_file(&path) else {
            return;
        };
        let linter = folder.linter(&settings, &[]);
        let root = folder.root.clone();
        let events = self.events.clone();
        self.pool.spawn(move || {
            let report = linter.lint_path(&path, path.display().to_string());
            let _ = events.send(Event::DiskFacts {
                root,
                module,
                facts: report.facts,
            });
        });
    }
}

/// The folder's project and each module's facts, or `None` when it cannot be read or is
/// too large.
fn index(
    root: &Path,
    resolver: &Arc<Resolver>,
) -> Option<(Arc<ProjectIndex>, HashMap<String, ModuleFacts>)> {
    let files = match crate::discover::discover_with(&[root.to_path_buf()], 1, resolver) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("pyexpert server: cannot index {}: {error}", root.display());
            return None;
        }
    };
    if files.len() > MAX_INDEXED_FILES {
        eprintln!(
            "pyexpert server: {} has {} files, more than {MAX_INDEXED_FILES}; documents are checked without the rest of the project",
            root.display(),
            files.len()
        );
        return None;
    }
    let mut linters: HashMap<u64, Linter> = HashMap::new();
    let mut modules = Vec::new();
    for file in &files {
        let Ok(settings) = resolver.settings_for_file(&file.path) else {
            continue;
        };
        if settings.extensions.language_of_named(&file.path) == Language::Notebook {
            continue;
        }
        modules.push((file, settings));
    }
    let project = Arc::new(ProjectIndex::from_files(
        modules.iter().map(|(file, _)| file.path.as_path()),
    ));
    let mut facts = HashMap::new();
    for (file, settings) in modules {
        let linter = linters.entry(settings.fingerprint).or_insert_with(|| {
            Linter::for_settings(
                &settings,
                LinterOptions {
                    project: Some(Arc::clone(&project)),
                    ..LinterOptions::default()
                },
            )
        });
        let report = linter.lint_path(&file.path, file.display.clone());
        if let Some(module) = report.module {
            facts.insert(module, report.facts);
        }
    }
    Some((project, facts))
}
