//! What a plugin may ask of the host while it runs: search, read, write, prompt.
//!
//! Every request is one JSON-able enum so that it crosses the C ABI as a string,
//! and a new request is an additive change (see the versioning policy in the crate
//! docs).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One call from a plugin back into the host.
///
/// In JSON it is tagged by `op`: `{"op":"search","query":"盗窃","limit":10}`.
/// The answers, as the host documents them:
///
/// - `Search`: an array of hits, each an object with at least `id`, `type` and
///   `title` (more fields such as `score` or `snippet` may follow).
/// - `Read`: the document as an object with at least `id`, `type`, `title`, `path`
///   and `body`.
/// - `Write`: `null` once the file is written atomically.
/// - `Prompt`: the user's answer as a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum HostRequest {
    /// Searches the knowledge base index.
    Search {
        /// The query, in the same syntax as `zhijian search`.
        query: String,
        /// The most hits to return.
        limit: usize,
        /// Only documents of these types (`case`, `policy`, …); empty means all.
        #[serde(default)]
        types: Vec<String>,
    },
    /// Reads one document by id.
    Read {
        /// The document id.
        id: String,
    },
    /// Writes a file inside the knowledge base.
    Write {
        /// The path relative to the knowledge-base root; the host refuses paths
        /// that leave it.
        path: String,
        /// The whole new content.
        content: String,
    },
    /// Asks the user a question on the terminal.
    Prompt {
        /// The question, shown as is.
        question: String,
    },
}

/// The host side of [`HostRequest`]: answers with a JSON value or an error message.
///
/// The CLI implements this over the knowledge base; tests use a fake or [`NoHost`].
pub trait Host {
    /// Answers one request.
    fn call(&self, request: HostRequest) -> Result<Value, String>;

    /// The host's in-process state, for plugins linked into the host binary: the
    /// zhijian CLI hands its first-party plugins the opened knowledge base this way.
    /// Always `None` across the C ABI: dynamic plugins use [`Host::call`].
    fn in_process(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// Typed shortcuts over [`Host::call`], so plugins need not build requests by hand.
impl dyn Host + '_ {
    /// Runs a search and returns its hits (see [`HostRequest`] for their shape).
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        types: &[String],
    ) -> Result<Vec<Value>, String> {
        let answer = self.call(HostRequest::Search {
            query: query.to_owned(),
            limit,
            types: types.to_vec(),
        })?;
        match answer {
            Value::Array(hits) => Ok(hits),
            other => Err(format!(
                "host answered a search with {other} instead of a list of hits"
            )),
        }
    }

    /// Reads one document by id.
    pub fn read(&self, id: &str) -> Result<Value, String> {
        self.call(HostRequest::Read { id: id.to_owned() })
    }

    /// Writes a file inside the knowledge base.
    pub fn write(&self, path: &str, content: &str) -> Result<(), String> {
        self.call(HostRequest::Write {
            path: path.to_owned(),
            content: content.to_owned(),
        })
        .map(drop)
    }

    /// Asks the user a question and returns the answer.
    pub fn prompt(&self, question: &str) -> Result<String, String> {
        match self.call(HostRequest::Prompt {
            question: question.to_owned(),
        })? {
            Value::String(answer) => Ok(answer),
            other => Err(format!(
                "host answered a prompt with {other} instead of a string"
            )),
        }
    }
}

/// A host that refuses every request; for tests and for commands run without one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHost;

impl Host for NoHost {
    fn call(&self, request: HostRequest) -> Result<Value, String> {
        let op = match request {
            HostRequest::Search { .. } => "search",
            HostRequest::Read { .. } => "read",
            HostRequest::Write { .. } => "write",
            HostRequest::Prompt { .. } => "prompt",
        };
        Err(format!("no host is available to answer `{op}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    /// Answers with a canned value and remembers what it was asked.
    struct Canned {
        answer: Value,
        asked: RefCell<Vec<HostRequest>>,
    }

    impl Host for Canned {
        fn call(&self, request: HostRequest) -> Result<Value, String> {
            self.asked.borrow_mut().push(request);
            Ok(self.answer.clone())
        }
    }

    fn canned(answer: Value) -> Canned {
        Canned {
            answer,
            asked: RefCell::new(Vec::new()),
        }
    }

    #[test]
    fn requests_are_tagged_by_op() {
        let search = HostRequest::Search {
            query: "盗窃".into(),
            limit: 5,
            types: vec!["case".into()],
        };
        let value = serde_json::to_value(&search).expect("serialises");
        assert_eq!(
            value,
            json!({"op": "search", "query": "盗窃", "limit": 5, "types": ["case"]})
        );
        assert_eq!(
            serde_json::from_value::<HostRequest>(value).expect("parses"),
            search
        );
        let write: HostRequest =
            serde_json::from_value(json!({"op": "write", "path": "a.md", "content": "x"}))
                .expect("parses");
        assert!(matches!(write, HostRequest::Write { .. }));
        let search: HostRequest =
            serde_json::from_value(json!({"op": "search", "query": "q", "limit": 1}))
                .expect("types default to empty");
        assert_eq!(
            search,
            HostRequest::Search {
                query: "q".into(),
                limit: 1,
                types: Vec::new()
            }
        );
    }

    #[test]
    fn search_shortcut_builds_the_request_and_checks_the_answer() {
        let host = canned(json!([{"id": "a", "type": "case", "title": "t"}]));
        let dyn_host: &dyn Host = &host;
        let hits = dyn_host.search("q", 3, &["case".into()]).expect("a list");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            host.asked.borrow()[0],
            HostRequest::Search {
                query: "q".into(),
                limit: 3,
                types: vec!["case".into()]
            }
        );

        let wrong = canned(json!({"hits": []}));
        let dyn_host: &dyn Host = &wrong;
        let err = dyn_host
            .search("q", 3, &[])
            .expect_err("an object is not a list");
        assert!(err.contains("instead of a list"), "{err}");
    }

    #[test]
    fn other_shortcuts() {
        let host = canned(json!("yes"));
        let dyn_host: &dyn Host = &host;
        assert_eq!(dyn_host.prompt("sure?"), Ok("yes".to_owned()));
        assert_eq!(dyn_host.read("x"), Ok(json!("yes")));
        assert_eq!(dyn_host.write("a.md", "body"), Ok(()));
        let dyn_host: &dyn Host = &canned(json!(1));
        assert!(dyn_host.prompt("?").is_err());
    }

    #[test]
    fn no_host_refuses_and_names_the_request() {
        let err = NoHost
            .call(HostRequest::Read { id: "x".into() })
            .expect_err("no host answers nothing");
        assert_eq!(err, "no host is available to answer `read`");
    }
}
