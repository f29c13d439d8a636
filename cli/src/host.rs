//! The host API as the CLI answers it: search, read and write over the knowledge
//! base, and questions on the terminal.

use std::io::{BufRead, IsTerminal, Write};

use serde_json::{Value, json};
use zhijian_kb::write::atomic_write;
use zhijian_kb::{Kb, SearchRequest, Searcher};
use zhijian_plugin_api::{Host, HostRequest};
use zhijian_plugin_support::Session;

/// Answers plugins' host requests for one command, and hands first-party plugins
/// the session (the opened knowledge base, or why there is none).
pub struct CliHost {
    session: Session,
}

impl CliHost {
    /// A host over the session's knowledge base.
    pub fn new(session: Session) -> CliHost {
        CliHost { session }
    }

    fn kb(&self) -> Result<&Kb, String> {
        self.session.kb().map_err(|e| e.message)
    }
}

impl Host for CliHost {
    fn in_process(&self) -> Option<&dyn std::any::Any> {
        Some(&self.session)
    }

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
                if kb.types().is_personal(&doc.doc_type) {
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
                    "front": doc.front,
                    "body": doc.body,
                }))
            }
            HostRequest::Write { path, content } => {
                let kb = self.kb()?;
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
