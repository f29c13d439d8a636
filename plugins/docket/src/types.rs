//! The `docket` type: it declares the record folder `docket/`, where the imported case
//! records live as CSV files.
//!
//! No Markdown document has this type; declaring `docket/` as its record folder tells the
//! platform that the folder holds this plugin's records (personal data): never indexed, never
//! written by other plugins, and checked for owner-only permissions by `doctor`.

use zhijian_kb::types::FieldProblem;
use zhijian_kb::{Document, DocumentType};

/// `type = "docket"` (records only).
#[derive(Debug, Default)]
pub struct DocketType;

impl DocumentType for DocketType {
    fn name(&self) -> &'static str {
        "docket"
    }

    fn folder(&self) -> &'static str {
        crate::store::DIR
    }

    fn record_folders(&self) -> &'static [&'static str] {
        &[crate::store::DIR]
    }

    fn check(&self, _doc: &Document) -> Vec<FieldProblem> {
        // The records are CSV files written by `docket import`; a Markdown file claiming the
        // type holds none of them.
        vec![FieldProblem::error(
            "type",
            "docket records are the CSV files under docket/cases/, written by `zhijian docket import`; a Markdown file cannot be one",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhijian_kb::Types;

    #[test]
    fn the_record_folder_is_private() {
        let types = Types::builder().with_type(Box::new(DocketType)).build();
        assert!(types.is_private_path("docket/cases/2024-03.csv"));
    }
}
