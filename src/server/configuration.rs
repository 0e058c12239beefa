//! Changes to how documents are checked: the client's settings, configuration files on
//! disk (watched, or saved from the editor), Python files changing under the project's
//! index, and workspace folders coming and going.

use std::path::PathBuf;

use lsp_types::{
    DidChangeConfigurationParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidSaveTextDocumentParams, FileChangeType,
};

use super::session::Server;
use super::settings::ClientSettings;

impl Server {
    pub fn did_change_configuration(&mut self, params: DidChangeConfigurationParams) {
        // Clients send `null` or `{}` when they have no settings of their own to give
        // (Neovim does after every start): that keeps the ones in force.
        let empty = match &params.settings {
            serde_json::Value::Null => true,
            serde_json::Value::Object(map) => map.is_empty(),
            _ => false,
        };
        if empty {
            return;
        }
        match ClientSettings::from_value(Some(&params.settings)) {
            Ok(client) => {
                if client == self.client {
                    return;
                }
                self.client = client;
                self.last_error = None;
                for error in self.workspace.reconfigure(&self.client.clone()) {
                    self.show_error(error);
                }
                self.relint_open(None);
            }
            Err(error) => self.show_error(error),
        }
    }

    /// A configuration file saved from the editor counts as changed, for clients that
    /// watch no files for the server.
    pub fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        let Some(path) = super::uri::to_path(&params.text_document.uri) else {
            return;
        };
        if self.workspace.is_configuration(&path) {
            self.workspace.refresh();
            self.last_error = None;
            self.relint_open(None);
        }
    }

    pub fn did_change_watched_files(&mut self, params: DidChangeWatchedFilesParams) {
        let mut configuration_changed = false;
        let mut reindex: Vec<PathBuf> = Vec::new();
        for change in params.changes {
            let Some(path) = super::uri::to_path(&change.uri) else {
                continue;
            };
            if self.workspace.is_configuration(&path) {
                configuration_changed = true;
                continue;
            }
            if path.extension().is_none_or(|e| e != "py" && e != "pyi") {
                continue;
            }
            let Some(folder) = self.workspace.folder_of(&path) else {
                continue;
            };
            let root = self.workspace.folders[folder].root.clone();
            if change.typ == FileChangeType::CHANGED {
                let open = self.documents.iter().any(|(_, d)| d.path == path);
                if !open {
                    self.refresh_disk_facts(folder, path);
                }
            } else if !reindex.contains(&root) {
                // A module appeared or went: the project's module names change.
                reindex.push(root);
            }
        }
        if configuration_changed {
            self.workspace.refresh();
            self.last_error = None;
            self.relint_open(None);
        }
        for root in reindex {
            self.index_folder(&root);
        }
    }

    pub fn did_change_folders(&mut self, params: DidChangeWorkspaceFoldersParams) {
        for removed in params.event.removed {
            if let Some(root) = super::uri::to_path(&removed.uri) {
                self.workspace.remove(&root);
            }
        }
        for added in params.event.added {
            let Some(root) = super::uri::to_path(&added.uri) else {
                continue;
            };
            match self.workspace.add(root.clone(), &self.client.clone()) {
                Ok(_) => self.index_folder(&root),
                Err(error) => self.show_error(error),
            }
        }
        self.relint_open(None);
    }
}
