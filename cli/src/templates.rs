//! The templates embedded at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The template for a new document of `doc_type`.
pub fn new_document(doc_type: &str) -> Option<&'static str> {
    let name = format!("{doc_type}.md");
    NEW.iter()
        .find(|(path, _)| *path == name)
        .map(|(_, text)| *text)
}
