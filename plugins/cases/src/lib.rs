//! The cases plugin of zhijian: guiding and typical cases: import, search by number,
//! charge, keyword and section, similar cases, statute links.
//!
//! One file per command (`import`, `show`, `search`, `similar`, `stats`); the source
//! formats are read in `source` and `citation`, statute links resolved in `links`.

pub mod citation;
pub mod dates;
mod error;
pub mod eval;
pub mod find;
pub mod import;
pub mod links;
pub mod search;
pub mod show;
pub mod similar;
pub mod source;
pub mod stats;
mod text;
mod types;

pub use error::CasesError;
pub use eval::{EvalReport, evaluate};
pub use types::CaseType;

/// Adds the `case` document type to a registry.
pub fn declare_types(types: zhijian_kb::types::TypesBuilder) -> zhijian_kb::types::TypesBuilder {
    types.with_type(Box::new(CaseType))
}

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// The cases plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct CasesPlugin;

impl Plugin for CasesPlugin {
    fn manifest(&self) -> Manifest {
        let case = || {
            ArgSpec::positional("case", "检例第178号, 178 (with --issuer) or the case id")
                .required()
        };
        Manifest::new("case", env!("CARGO_PKG_VERSION"), "guiding and typical cases: import, search by number, charge, keyword and section, similar cases, statute links")
            .command(
                CommandSpec::new("show", "Show one case: sections, and the cited statutes with their current status")
                    .arg(case())
                    .arg(ArgSpec::option("section", "Only this section (要旨, 基本案情 …)").short('s'))
                    .arg(ArgSpec::option("issuer", "Which series a bare number belongs to (最高人民检察院 / 最高人民法院)")),
            )
            .command(
                CommandSpec::new("search", "Search cases, with facet counts by domain, charge, keyword and year")
                    .arg(ArgSpec::positional("query", "Words, \"phrases\", field:value filters or a question").required())
                    .arg(ArgSpec::option("domain", "Only this domain: 刑事, 民事, 行政, 公益诉讼"))
                    .arg(ArgSpec::option("charge", "Only cases with this charge (罪名) or cause (案由)"))
                    .arg(ArgSpec::option("keyword", "Only cases with this keyword"))
                    .arg(ArgSpec::option("kind", "Only this kind: 指导性案例, 典型案例, 公报案例 …"))
                    .arg(ArgSpec::option("section", "Search this section on its own (要旨, 基本案情 …; * for any)").short('s'))
                    .arg(ArgSpec::option("year", "Publication years: 2019..2024, 2019.. or 2021").value_name("A..B"))
                    .arg(ArgSpec::option("limit", "Number of hits").short('n').default_value("10")),
            )
            .command(
                CommandSpec::new("similar", "Cases like this one (more-like-this over 要旨 and 基本案情)")
                    .arg(case())
                    .arg(ArgSpec::option("issuer", "Which series a bare number belongs to"))
                    .arg(ArgSpec::option("limit", "Number of similar cases").short('n').default_value("10")),
            )
            .command(
                CommandSpec::new("stats", "Count cases by domain, charge, year or keyword")
                    .arg(ArgSpec::option("by", "What to count by").default_value("domain").possible_values(stats::BY))
                    .arg(ArgSpec::flag("csv", "Print CSV (value,count)")),
            )
            .importer(
                CommandSpec::new("cases", "Import guiding and gazette cases (SPP 【要旨】 markers, SPC 裁判要点 lines)")
                    .arg(ArgSpec::positional("src", "Folder (or file) of published case Markdown").required())
                    .arg(ArgSpec::option("dest", "Folder of the knowledge base to write into").default_value("cases")),
            )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let command: Vec<&str> = request.command.iter().map(String::as_str).collect();
        let result = match command.as_slice() {
            ["show"] => show::run(request, host),
            ["search"] => search::run(request, host),
            ["similar"] => similar::run(request, host),
            ["stats"] => stats::run(request, host),
            ["import", "cases"] => import::run(request, host),
            _ => {
                return Err(PluginError::usage(format!(
                    "unknown command `{}`",
                    request.command_line()
                )));
            }
        };
        result.map_err(PluginError::from)
    }
}
