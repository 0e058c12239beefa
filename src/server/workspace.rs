//! The workspace folders and what checking a document in one takes: the folder's
//! [`Resolver`] (each document's nearest configuration, as the CLI finds it), one
//! [`Linter`] per distinct settings, and the folder's project: its module names and the
//! facts other modules' checks need (PX1001 across modules, layer contracts), read once
//! from the files on disk, with open documents' facts taking precedence.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::linter::{Linter, LinterOptions};
use crate::project::{ModuleFacts, ProjectFacts, ProjectIndex};
use crate::resolver::{Discovery, Resolver};
use crate::rule::Rule;
use crate::settings::Settings;

use super::settings::ClientSettings;

/// One workspace folder.
pub struct Folder {
    pub root: PathBuf,
    pub resolver: Arc<Resolver>,
    /// Module names of the folder's Python files; empty until indexed.
    pub project: Arc<ProjectIndex>,
    /// Facts of every module of the folder as its file on disk says.
    pub disk_facts: HashMap<String, ModuleFacts>,
    /// Facts of open documents (by module), over the disk's.
    pub open_facts: HashMap<String, ModuleFacts>,
    /// The combination of both, rebuilt when either changes.
    combined: Option<Arc<ProjectFacts>>,
    linters: HashMap<u64, Arc<Linter>>,
}

impl Folder {
    fn new(root: PathBuf, client: &ClientSettings) -> Result<Folder, String> {
        Ok(Folder {
            resolver: Arc::new(resolver_for(&root, client)?),
            root,
            project: Arc::new(ProjectIndex::default()),
            disk_facts: HashMap::new(),
            open_facts: HashMap::new(),
            combined: None,
            linters: HashMap::new(),
        })
    }

    /// The facts of the folder's modules, open documents over files on disk.
    pub fn facts(&mut self) -> Arc<ProjectFacts> {
        if let Some(facts) = &self.combined {
            return Arc::clone(facts);
        }
        let mut by_module = self.disk_facts.clone();
        by_module.extend(self.open_facts.iter().map(|(m, f)| (m.clone(), f.clone())));
        let facts = Arc::new(ProjectFacts::new(by_module));
        self.combined = Some(Arc::clone(&facts));
        facts
    }

    /// Records an open document's facts; true when they differ from what was known (other
    /// documents' conditional findings may then change).
    pub fn set_open_facts(&mut self, module: &str, facts: ModuleFacts) -> bool {
        let known = self
            .open_facts
            .get(module)
            .or_else(|| self.disk_facts.get(module));
        if known == Some(&facts) {
            return false;
        }
        self.open_facts.insert(module.to_string(), facts);
        self.combined = None;
        true
    }

    /// Forgets an open document's facts (closed: the file on disk speaks again).
    pub fn close_module(&mut self, module: &str) -> bool {
        let changed = self.open_facts.remove(module).is_some();
        if changed {
            self.combined = None;
        }
        changed
    }

    /// Replaces what the folder's files on disk say (after indexing).
    pub fn set_index(&mut self, project: Arc<ProjectIndex>, facts: HashMap<String, ModuleFacts>) {
        self.project = project;
        self.disk_facts = facts;
        self.combined = None;
        self.linters.clear();
    }

    /// Updates one module's facts from its file on disk.
    pub fn set_disk_facts(&mut self, module: String, facts: ModuleFacts) {
        self.disk_facts.insert(module, facts);
        self.combined = None;
    }

    /// The linter for these settings, built once per fingerprint.
    pub fn linter(&mut self, settings: &Settings, extra: &[&'static dyn Rule]) -> Arc<Linter> {
        let project = Arc::clone(&self.project);
        Arc::clone(self.linters.entry(settings.fingerprint).or_insert_with(|| {
            Arc::new(Linter::for_settings(
                settings,
                LinterOptions {
                    keep_source: false,
                    extra_rules: extra.to_vec(),
                    project: Some(project),
                },
            ))
        }))
    }
}

/// The resolver the client's settings ask for in `root`.
pub fn resolver_for(root: &Path, client: &ClientSettings) -> Result<Resolver, String> {
    let discovery = match client.configuration_in(root) {
        Some(path) => {
            if !path.is_file() {
                return Err(format!(
                    "the configuration file {} named in the editor's settings does not exist",
                    path.display()
                ));
            }
            Discovery::File(path)
        }
        None => Discovery::Hierarchical,
    };
    let overrides = vec![client.override_layer(root)?];
    let resolver = Resolver::new(root, discovery, overrides);
    if let Discovery::File(_) = resolver.discovery() {
        // A named file that is broken is an error now, not on the first document.
        resolver.settings_for_directory(root)?;
    }
    Ok(resolver)
}

/// Every workspace folder; documents outside all of them belong to a folder of their own
/// directory, made on first use.
#[derive(Default)]
pub struct Workspace {
    pub folders: Vec<Folder>,
}

impl Workspace {
    /// Adds a folder (nothing when it is known already).
    pub fn add(&mut self, root: PathBuf, client: &ClientSettings) -> Result<usize, String> {
        if let Some(index) = self.folders.iter().position(|f| f.root == root) {
            return Ok(index);
        }
        self.folders.push(Folder::new(root, client)?);
        Ok(self.folders.len() - 1)
    }

    pub fn remove(&mut self, root: &Path) {
        self.folders.retain(|f| f.root != root);
    }

    /// The folder holding `path`: the innermost workspace folder it is in.
    pub fn folder_of(&self, path: &Path) -> Option<usize> {
        self.folders
            .iter()
            .enumerate()
            .filter(|(_, folder)| path.starts_with(&folder.root))
            .max_by_key(|(_, folder)| folder.root.as_os_str().len())
            .map(|(index, _)| index)
    }

    /// New resolvers for the client's settings (a failure leaves the folder as it was and
    /// is returned, for the user to see).
    pub fn reconfigure(&mut self, client: &ClientSettings) -> Vec<String> {
        let mut errors = Vec::new();
        for folder in &mut self.folders {
            match resolver_for(&folder.root, client) {
                Ok(resolver) => {
                    folder.resolver = Arc::new(resolver);
                    folder.linters.clear();
                }
                Err(error) => errors.push(error),
            }
        }
        errors
    }

    /// Reads every configuration file again on the next request.
    pub fn refresh(&mut self) {
        for folder in &mut self.folders {
            folder.resolver.refresh();
            folder.linters.clear();
        }
    }

    /// Whether `path` is a configuration file some folder read (or may read: any file of
    /// a name that configures).
    pub fn is_configuration(&self, path: &Path) -> bool {
        crate::config::is_config_name(path)
            || self
                .folders
                .iter()
                .any(|f| f.resolver.files_read().iter().any(|read| read == path))
    }
}
