//! The first-party plugins, linked into the binary.

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
