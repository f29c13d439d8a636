//! The docket plugin of zhijian (案件管理): case-flow records imported from case-system
//! exports, statutory deadlines with early warnings, indicators, the 三个结构比 and an HTML
//! report.
//!
//! The domain core (calendar, periods, stages, indicators, structure) does no I/O. The imported
//! records live under `docket/` in the knowledge base as CSV files (personal data: owner-only,
//! never in the general index, which reads Markdown only); a binary cache under `.zhijian/docket/`
//! makes the commands fast and is rebuilt from the files whenever they change.

pub mod calendar;
mod commands;
mod error;
mod explain;
pub mod import;
pub mod indicators;
pub mod messages;
pub mod model;
mod output;
pub mod period;
pub mod range;
mod report;
pub mod settings;
pub mod stages;
pub mod store;
pub mod structure;
mod types;

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

pub use error::DocketError;
pub use types::DocketType;

/// Adds the `docket` type (the record folder `docket/`) to a registry.
pub fn declare_types(types: zhijian_kb::types::TypesBuilder) -> zhijian_kb::types::TypesBuilder {
    types.with_type(Box::new(DocketType))
}
use messages as m;

/// The docket plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct DocketPlugin;

fn help(text: m::Text) -> &'static str {
    text.get(m::Lang::default())
}

fn date_option(name: &str, text: m::Text) -> ArgSpec {
    ArgSpec::option(name, help(text)).value_name("DATE")
}

fn range_args(command: CommandSpec) -> CommandSpec {
    command
        .arg(date_option("from", m::HELP_FROM))
        .arg(date_option("to", m::HELP_TO))
}

impl Plugin for DocketPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("docket", env!("CARGO_PKG_VERSION"), help(m::HELP_PLUGIN))
            .command(
                CommandSpec::new("import", help(m::HELP_IMPORT))
                    .arg(
                        ArgSpec::positional("cases", help(m::HELP_IMPORT_CASES))
                            .value_name("CASES.csv")
                            .required(),
                    )
                    .arg(
                        ArgSpec::positional("events", help(m::HELP_IMPORT_EVENTS))
                            .value_name("EVENTS.csv"),
                    )
                    .arg(ArgSpec::flag("dry-run", help(m::HELP_DRY_RUN)))
                    .arg(ArgSpec::flag("skip-invalid", help(m::HELP_SKIP_INVALID))),
            )
            .command(
                CommandSpec::new("due", help(m::HELP_DUE))
                    .arg(date_option("as-of", m::HELP_AS_OF))
                    .arg(ArgSpec::option("within", help(m::HELP_WITHIN)).value_name("DAYS")),
            )
            .command(
                CommandSpec::new("show", help(m::HELP_SHOW))
                    .arg(
                        ArgSpec::positional("number", help(m::HELP_NUMBER))
                            .value_name("部门受案号")
                            .required(),
                    )
                    .arg(date_option("as-of", m::HELP_AS_OF)),
            )
            .command(
                range_args(CommandSpec::new("indicators", help(m::HELP_INDICATORS))).arg(
                    ArgSpec::option("by", help(m::HELP_BY_GROUP))
                        .possible_values(["unit", "dept", "month"]),
                ),
            )
            .command(
                range_args(CommandSpec::new("structure", help(m::HELP_STRUCTURE))).arg(
                    ArgSpec::option("by", help(m::HELP_BY_PERIOD))
                        .possible_values(["month", "quarter"]),
                ),
            )
            .command(
                range_args(CommandSpec::new("report", help(m::HELP_REPORT)))
                    .arg(
                        ArgSpec::option("html", help(m::HELP_HTML))
                            .value_name("FILE")
                            .required(),
                    )
                    .arg(date_option("as-of", m::HELP_AS_OF)),
            )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let ctx = commands::Ctx::open(request, host)?;
        let result = match request.command_line().as_str() {
            "import" => commands::import::run(&ctx, request),
            "due" => commands::due::run(&ctx, request),
            "show" => commands::show::run(&ctx, request),
            "indicators" => commands::indicators::run(&ctx, request),
            "structure" => commands::structure::run(&ctx, request),
            "report" => commands::report::run(&ctx, request),
            other => return Err(PluginError::usage(format!("unknown command `{other}`"))),
        };
        result.map_err(PluginError::from)
    }
}
