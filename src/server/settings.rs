//! What the client says about how to check: `initializationOptions` at start, then
//! `workspace/didChangeConfiguration` (which replaces them, unless it is `null` or `{}`).
//! Either may hold the settings directly or under a `pyexpert` key (the shape most clients
//! use for a server's section).
//!
//! | key | meaning |
//! | --- | --- |
//! | `configuration` | a configuration file that governs every document (as `--config PATH`) |
//! | `select`, `ignore` | rule selectors over whatever the configuration selects (as the flags) |
//! | `unsafeFixes` | offer unsafe fixes as quick fixes (titled "... (unsafe)") |
//! | `docsUrl` | a link template for each code (`{code}`, `{name}`, `{question}`) |
//! | `enable` | `false` turns diagnostics off (and clears them) without stopping the server |

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::selection::Selector;
use crate::settings::{Layer, Source};

/// The client's settings, as given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    pub configuration: Option<PathBuf>,
    #[serde(deserialize_with = "selectors")]
    pub select: Option<Vec<String>>,
    #[serde(deserialize_with = "selectors")]
    pub ignore: Option<Vec<String>>,
    pub unsafe_fixes: bool,
    pub docs_url: Option<String>,
    pub enable: bool,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            configuration: None,
            select: None,
            ignore: None,
            unsafe_fixes: false,
            docs_url: None,
            enable: true,
        }
    }
}

impl ClientSettings {
    /// Reads the settings from what the client sent; `null` or nothing is the defaults.
    pub fn from_value(value: Option<&Value>) -> Result<ClientSettings, String> {
        let value = match value {
            None | Some(Value::Null) => return Ok(ClientSettings::default()),
            Some(value) => value,
        };
        let section = value.get("pyexpert").unwrap_or(value);
        if section.is_null() {
            return Ok(ClientSettings::default());
        }
        let settings: ClientSettings = serde_json::from_value(section.clone())
            .map_err(|e| format!("invalid pyexpert settings from the editor: {e}"))?;
        settings.override_layer(Path::new("/"))?;
        Ok(settings)
    }

    /// The layer the settings put over every file's configuration (relative paths are
    /// relative to `base`, the workspace folder).
    pub fn override_layer(&self, base: &Path) -> Result<Layer, String> {
        let parse = |texts: &Option<Vec<String>>, key: &str| {
            texts
                .as_ref()
                .map(|texts| {
                    texts
                        .iter()
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| {
                            Selector::parse(t.trim())
                                .map_err(|e| format!("editor setting `{key}`: {e}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()
        };
        Ok(Layer {
            source: Source::CommandLine,
            base: base.to_path_buf(),
            select: parse(&self.select, "select")?,
            ignore: parse(&self.ignore, "ignore")?,
            docs_url: self.docs_url.clone(),
            ..Layer::default()
        })
    }

    /// The configuration file named by the settings, relative to `base` if relative.
    pub fn configuration_in(&self, base: &Path) -> Option<PathBuf> {
        self.configuration.as_ref().map(|path| {
            if path.is_absolute() {
                path.clone()
            } else {
                base.join(path)
            }
        })
    }
}

/// A list of selectors, or one string of comma-separated selectors.
fn selectors<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Option::<Given>::deserialize(deserializer)? {
        None => None,
        Some(Given::List(list)) => Some(list),
        Some(Given::Text(text)) => Some(text.split(',').map(str::to_string).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_direct_and_sectioned_settings() {
        let direct =
            ClientSettings::from_value(Some(&json!({"select": ["PX07"], "unsafeFixes": true})))
                .unwrap();
        assert_eq!(direct.select, Some(vec!["PX07".to_string()]));
        assert!(direct.unsafe_fixes && direct.enable);
        let sectioned = ClientSettings::from_value(Some(
            &json!({"pyexpert": {"ignore": "PX0701,PX0702", "enable": false}}),
        ))
        .unwrap();
        assert_eq!(
            sectioned.ignore,
            Some(vec!["PX0701".into(), "PX0702".into()])
        );
        assert!(!sectioned.enable);
        assert_eq!(
            ClientSettings::from_value(None).unwrap(),
            ClientSettings::default()
        );
    }

    #[test]
    fn unknown_selectors_and_wrong_types_are_errors() {
        assert!(ClientSettings::from_value(Some(&json!({"select": ["NOPE99"]}))).is_err());
        assert!(ClientSettings::from_value(Some(&json!({"enable": "yes"}))).is_err());
    }
}
