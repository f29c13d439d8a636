//! The policy plugin of zhijian: laws and normative documents: import, article lookup as of a date, versions, article-level search.
//!
//! Other plugins use the library part: [`lookup_article`] and [`resolve_policy`].

pub mod article;
mod catalog;
mod commands;
mod error;
mod import;
mod resolve;
mod types;
mod vocabulary;

pub use catalog::{PolicyVersion, as_of_date, catalogue, select, sort_versions};
pub use error::PolicyError;
pub use import::lawrefbook::{ImportSummary, import_lawrefbook};
pub use resolve::{ArticleMatch, Resolved, lookup_article, resolve, resolve_policy};
pub use types::{PolicyHook, PolicyType, title_name, validity};

/// Adds the policy plugin's document type and query hook to a registry.
pub fn declare_types(types: zhijian_kb::types::TypesBuilder) -> zhijian_kb::types::TypesBuilder {
    types
        .with_type(Box::new(PolicyType))
        .with_hook(Box::new(PolicyHook))
}

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// The policy plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct PolicyPlugin;

fn as_of() -> ArgSpec {
    ArgSpec::option(
        "as-of",
        "use the version in force on this date (YYYY-MM-DD; default today)",
    )
    .value_name("DATE")
}

impl Plugin for PolicyPlugin {
    fn manifest(&self) -> Manifest {
        let name = || {
            ArgSpec::positional(
                "name",
                "policy id, short name (刑法), title or a unique part of it",
            )
            .required()
        };
        Manifest::new("policy", env!("CARGO_PKG_VERSION"), "laws and normative documents: article lookup as of a date, versions, article-level search")
            .command(
                CommandSpec::new("lookup", "print one article of a policy, in the version in force on a date")
                    .arg(name())
                    .arg(ArgSpec::positional("article", "article number: 133, 第133条, 第一百三十三条, 133之一 …").required())
                    .arg(as_of())
                    .arg(ArgSpec::flag("cases", "also list the cases whose statutes cite this article")),
            )
            .command(
                CommandSpec::new("show", "print a policy (the version in force on a date)")
                    .arg(name())
                    .arg(as_of())
                    .arg(ArgSpec::flag("toc", "only the table of contents: 编/章/节 with their articles")),
            )
            .command(CommandSpec::new("versions", "list every version of a policy, oldest first").arg(name()))
            .command(
                CommandSpec::new("list", "list the policies of the knowledge base")
                    .arg(ArgSpec::option("status", "only this status (现行有效, 已修改, 已废止, 尚未生效)").value_name("S"))
                    .arg(ArgSpec::option("category", "only this category (法律, 司法解释 …)").value_name("C")),
            )
            .command(
                CommandSpec::new("search", "search articles (第X条) of the policies in force")
                    .arg(ArgSpec::positional("query", "what to find").required())
                    .arg(ArgSpec::flag("all-versions", "include versions no longer or not yet in force"))
                    .arg(as_of())
                    .arg(ArgSpec::option("limit", "how many hits").short('n').default_value("10")),
            )
            .importer(
                CommandSpec::new("lawrefbook", "import laws in the LawRefBook Markdown format (with its db.sqlite3)")
                    .arg(ArgSpec::positional("src", "the LawRefBook folder").required())
                    .arg(ArgSpec::option("dest", "folder in the knowledge base to write to (default policies/)").value_name("DIR")),
            )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let command: Vec<&str> = request.command.iter().map(String::as_str).collect();
        match command.as_slice() {
            ["lookup"] => commands::lookup::run(request, host),
            ["show"] => commands::show::run(request, host),
            ["versions"] => commands::versions::run(request, host),
            ["list"] => commands::list::run(request, host),
            ["search"] => commands::search::run(request, host),
            ["import", "lawrefbook"] => import::run(request, host),
            _ => Err(PluginError::usage(format!(
                "unknown command `{}`",
                request.command_line()
            ))),
        }
    }
}
