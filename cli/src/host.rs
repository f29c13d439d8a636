//! The host API as the CLI answers it: search, read and write over the knowledge
//! base, and questions on the terminal.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::{Value, json};
use zhijian_kb::write::atomic_write;
use zhijian_kb::{Kb, SearchRequest, Searcher};
use zhijian_plugin_api::{Host, HostRequest};

/// Answers plugins' host requests for one command.
pub struct CliHost {
    kb: Option<Kb>,
    /// The name of the dynamic plugin asking, whose writes are restricted and
    /// audited (`None` for a first-party plugin).
    dynamic: Option<String>,
}

impl CliHost {
    /// A host over `kb` (plugins that need none get errors when they ask).
    pub fn new(kb: Option<Kb>) -> CliHost {
        CliHost { kb, dynamic: None }
    }

    /// A host for the dynamic plugin `name`: see `plugins::guard` for what it may write.
    pub fn for_dynamic_plugin(kb: Option<Kb>, name: &str) -> CliHost {
        CliHost {
            kb,
            dynamic: Some(name.to_owned()),
        }
    }

    fn kb(&self) -> Result<&Kb, String> {
        self.kb
            .as_ref()
            .ok_or_else(|| "no knowledge base found (use --kb DIR or run inside one)".to_string())
    }
}

impl Host for CliHost {
    fn call(&self, request: HostRequest) -> Result<Value, String> {
        match request {
            HostRequest::Search {
                query,
                limit,
                types,
            } => {
                let kb = self.kb()?;
                let (searcher, _) = Searcher::open_repairing(kb).map_err(|e| e.to_string())?;
                let mut search = SearchRequest::new(query);
                search.limit = limit.clamp(1, 10_000);
                search.types = types;
                let results = searcher.search(&search).map_err(|e| e.to_string())?;
                serde_json::to_value(results.hits).map_err(|e| e.to_string())
            }
            HostRequest::Read { id } => {
                let kb = self.kb()?;
                let doc = kb.find(&id).map_err(|e| e.to_string())?;
                if doc.doc_type == zhijian_kb::DocType::Person {
                    // Personal data is read by the personnel plugin, never handed to others.
                    return Err(format!(
                        "`{id}` is a personnel record; plugins cannot read those"
                    ));
                }
                Ok(json!({
                    "id": doc.id,
                    "type": doc.doc_type,
                    "title": doc.title,
                    "path": doc.path,
                    "front": plain_json(&toml::Value::Table(doc.front)),
                    "body": doc.body,
                }))
            }
            HostRequest::Write { path, content } => {
                let kb = self.kb()?;
                if let Some(plugin) = &self.dynamic {
                    crate::plugins::guard::admit_write(kb, plugin, &path, &content)?;
                }
                let target = kb.inside(&path).map_err(|e| e.to_string())?;
                let first = std::path::Path::new(&path)
                    .components()
                    .find(|c| matches!(c, std::path::Component::Normal(_)));
                if first.is_some_and(|c| c.as_os_str() == zhijian_kb::config::STATE_DIR) {
                    return Err(format!(
                        "plugins may not write inside {}",
                        zhijian_kb::config::STATE_DIR
                    ));
                }
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                atomic_write(&target, content.as_bytes(), None).map_err(|e| e.to_string())?;
                Ok(Value::Null)
            }
            HostRequest::Prompt { question } => {
                let stdin = std::io::stdin();
                if !stdin.is_terminal() {
                    return Err("a question needs a terminal (standard input is not one)".into());
                }
                eprint!("{question}");
                let _ = std::io::stderr().flush();
                let mut line = String::new();
                stdin
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                Ok(Value::String(
                    line.trim_end_matches(['\r', '\n']).to_string(),
                ))
            }
        }
    }
}

/// Front matter as plain JSON: a TOML date or time becomes the string it was written
/// as (`2021-03-01`), not serde's private wrapper object.
fn plain_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => Value::from(*number),
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(plain_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(key, value)| (key.clone(), plain_json(value)))
                .collect(),
        ),
    }
}
