//! The first-party plugins, linked into the binary, and the document types they declare.

use zhijian_kb::Types;
use zhijian_plugin_api::Plugin;

/// Every built-in plugin, in the order `zhijian --help` lists them.
pub fn all() -> Vec<Box<dyn Plugin>> {
    vec![
        Box::new(zhijian_cases::CasesPlugin),
        Box::new(zhijian_policy::PolicyPlugin),
        Box::new(zhijian_training::TrainingPlugin),
        Box::new(zhijian_personnel::PersonnelPlugin),
        Box::new(zhijian_docket::DocketPlugin),
    ]
}

/// The document types and query hooks of every first-party plugin (dynamic plugins
/// declare none, so building this loads no library).
pub fn types() -> Types {
    let builder = Types::builder();
    let builder = zhijian_policy::declare_types(builder);
    let builder = zhijian_cases::declare_types(builder);
    let builder = zhijian_training::declare_types(builder);
    let builder = zhijian_personnel::declare_types(builder);
    let builder = zhijian_docket::declare_types(builder);
    builder.build()
}
