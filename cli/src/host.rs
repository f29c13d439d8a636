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
    /// The name of the dynamic plugin asking, whose writes are restricted and
    /// audited (`None` for a first-party plugin).
    dynamic: Option<String>,
}

impl CliHost {
    /// A host over the session's knowledge base, for a first-party plugin.
    pub fn new(session: Session) -> CliHost {
        CliHost {
            session,
            dynamic: None,
        }
    }

    /// A host for the dynamic plugin `name`: see `plugins::guard` for what it may write.
    pub fn for_dynamic_plugin(session: Session, name: &str) -> CliHost {
        CliHost {
            session,
            dynamic: Some(name.to_owned()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON block after `<!-- host-answer: NAME -->` in docs/plugins.md.
    fn documented(name: &str) -> serde_json::Map<String, Value> {
        let guide = include_str!("../../docs/plugins.md");
        let marker = format!("<!-- host-answer: {name} -->");
        let after = guide.split_once(&marker).expect("the guide documents it").1;
        let block = after
            .split("```")
            .nth(1)
            .and_then(|b| b.strip_prefix("json"))
            .expect("a json block follows");
        match serde_json::from_str(block).expect("the guide's JSON parses") {
            Value::Object(fields) => fields,
            other => panic!("not an object: {other}"),
        }
    }

    fn same_kind(a: &Value, b: &Value) -> bool {
        std::mem::discriminant(a) == std::mem::discriminant(b)
    }

    fn host() -> (tempfile::TempDir, CliHost) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), "").expect("config");
        std::fs::create_dir(dir.path().join("cases")).expect("mkdir");
        std::fs::write(
            dir.path().join("cases/c-1.md"),
            "+++\ntype = \"case\"\ntitle = \"王某危险驾驶案\"\nnumber = \"检例第9001号\"\n\
             published = 2023-05-10\ntags = [\"示例\"]\n+++\n\n## 要旨\n\n醉酒驾驶机动车\n",
        )
        .expect("case");
        let kb = Kb::open(dir.path(), crate::plugins::builtin::types()).expect("kb");
        let session = Session::new(Ok(kb), zhijian_plugin_support::Lang::Zh);
        (dir, CliHost::new(session))
    }

    #[test]
    fn search_hits_have_the_fields_the_guide_documents() {
        let (_dir, host) = host();
        let hits = host
            .call(HostRequest::Search {
                query: "醉酒".into(),
                limit: 5,
                types: Vec::new(),
            })
            .expect("searches");
        let hits = hits.as_array().expect("a list");
        assert!(!hits.is_empty());
        for hit in hits {
            for (key, example) in documented("search-hit") {
                assert!(
                    same_kind(&hit[&key], &example),
                    "hit field `{key}` is not like the guide's {example}: {hit}"
                );
            }
        }
    }

    #[test]
    fn a_read_document_has_exactly_the_fields_the_guide_documents() {
        let (_dir, host) = host();
        let doc = host
            .call(HostRequest::Read { id: "c-1".into() })
            .expect("reads");
        let doc = doc.as_object().expect("an object");
        let guide = documented("read");
        let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(doc), keys(&guide));
        for (key, example) in &guide {
            assert!(same_kind(&doc[key], example), "`{key}`: {}", doc[key]);
        }
        // Dates are the text they were written as, as the guide says.
        assert_eq!(doc["front"]["published"], "2023-05-10");
        assert_eq!(doc["front"]["tags"], json!(["示例"]));
    }
}
