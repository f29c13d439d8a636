//! The `person` document type: a personnel record, personal data.
//!
//! Person documents are never indexed, never shown by core commands and never
//! handed to other plugins; every file in `people/` counts, typed or not (see
//! [`zhijian_kb::types::DocumentType::personal`]).

use zhijian_kb::types::FieldProblem;
use zhijian_kb::{Document, DocumentType, Types};

use crate::model::PEOPLE_DIR;

/// `type = "person"`.
#[derive(Debug, Default)]
pub struct PersonType;

impl DocumentType for PersonType {
    fn name(&self) -> &'static str {
        "person"
    }

    fn folder(&self) -> &'static str {
        PEOPLE_DIR
    }

    fn personal(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if doc.str_field("name").is_none_or(|n| n.trim().is_empty()) {
            out.push(FieldProblem::error("type", "a person needs a `name`"));
        }
        if doc.front.contains_key("joined") && doc.date_field("joined").is_none() {
            out.push(FieldProblem::error(
                "joined",
                "`joined` is not a date (write YYYY-MM-DD, like 2021-03-01)",
            ));
        }
        out
    }
}

/// A registry that knows person documents, for reading one person file on its own.
pub fn person_types() -> Types {
    Types::builder().with_type(Box::new(PersonType)).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_kb::load::load;

    #[test]
    fn a_person_needs_a_name_and_is_personal() {
        let p = load(
            "people/p.md",
            b"+++\ntype = \"person\"\n+++\n",
            &person_types(),
        )
        .expect_err("refused");
        assert!(p.reason.contains("needs a `name`"));
        assert!(person_types().is_personal("person"));
        let untyped = load(
            "people/q.md",
            "+++\nname = \"张三\"\n+++\n".as_bytes(),
            &person_types(),
        )
        .expect_err("an untyped file in people/ is refused");
        assert!(untyped.reason.contains("personal data"), "{untyped}");
    }
}
