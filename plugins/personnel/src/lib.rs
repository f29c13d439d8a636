//! The personnel plugin of zhijian: personnel records (select, cultivate, manage, use),
//! reports and the talent pool, with personal data protected.
//!
//! Person documents (`people/<id>.md`, `type = "person"`) never enter the general
//! search index; these commands read the files directly. Every change is written
//! atomically with owner-only permissions under a per-person lock and leaves one line
//! in `.zhijian/audit.log`.

mod commands;
mod context;
mod edit;
mod error;
mod hours;
mod model;
mod render;
mod types;

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// The audit trail (`.zhijian/audit.log`): the host writes its lines for dynamic
/// plugins' writes with this same function, so there is one format and one file.
pub use error::PersonnelError;
pub use model::{Kind, Person, Record};
pub use types::PersonType;

/// Adds the `person` document type to a registry.
pub fn declare_types(types: zhijian_kb::types::TypesBuilder) -> zhijian_kb::types::TypesBuilder {
    types.with_type(Box::new(PersonType))
}

/// The personnel plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct PersonnelPlugin;

fn id_arg() -> ArgSpec {
    ArgSpec::positional("id", "the person's id, e.g. p-zhang-shili").required()
}

fn field_arg(help: &str) -> ArgSpec {
    ArgSpec::option("field", help)
        .value_name("KEY=VALUE")
        .multiple()
}

fn show_sensitive() -> ArgSpec {
    ArgSpec::flag(
        "show-sensitive",
        "show fields marked sensitive in zhijian.toml instead of ***",
    )
}

impl Plugin for PersonnelPlugin {
    fn manifest(&self) -> Manifest {
        Manifest::new("personnel", env!("CARGO_PKG_VERSION"), "personnel records (选育管用), reports and the talent pool, with personal data protected")
            .command(
                CommandSpec::new("add", "add a person (writes people/ID.md, owner-only)")
                    .arg(id_arg())
                    .arg(ArgSpec::option("name", "full name (姓名)").required())
                    .arg(ArgSpec::option("dept", "department (部门)").required())
                    .arg(ArgSpec::option("position", "position (职务)"))
                    .arg(ArgSpec::option("rank", "rank (职级)"))
                    .arg(ArgSpec::option("joined", "date joined, YYYY-MM-DD").value_name("DATE"))
                    .arg(ArgSpec::option("expertise", "an expertise tag (专长); repeatable").multiple())
                    .arg(ArgSpec::option("tier", "talent-pool tier (梯次), e.g. 全科能手, 专家型人才"))
                    .arg(field_arg("another profile field, e.g. phone=…; repeatable")),
            )
            .command(CommandSpec::new("show", "show a person's profile and records").arg(id_arg()).arg(show_sensitive()))
            .command(
                CommandSpec::new("list", "list people, optionally filtered")
                    .arg(ArgSpec::option("dept", "only this department"))
                    .arg(ArgSpec::option("tier", "only this tier"))
                    .arg(ArgSpec::option("expertise", "only people with this expertise")),
            )
            .command(
                CommandSpec::new("record", "append a record: select/选, cultivate/育, manage/管 or use/用")
                    .arg(id_arg())
                    .arg(ArgSpec::positional("kind", "select, cultivate, manage, use (or 选, 育, 管, 用)").required())
                    .arg(ArgSpec::option("summary", "what happened").required())
                    .arg(ArgSpec::option("date", "when, YYYY-MM-DD (default: today)").value_name("DATE"))
                    .arg(field_arg("a kind-specific field: from/to, competition/result, grade, assignment/role; repeatable")),
            )
            .command(CommandSpec::new("timeline", "a person's records in date order, the four kinds side by side").arg(id_arg()))
            .command(
                CommandSpec::new("report", "records by kind, training hours, rotations and latest evaluation per person and department; tier summary")
                    .arg(ArgSpec::option("dept", "only this department"))
                    .arg(ArgSpec::option("from", "records on or after this date").value_name("DATE"))
                    .arg(ArgSpec::option("to", "records on or before this date").value_name("DATE"))
                    .arg(ArgSpec::flag("csv", "one CSV row per person")),
            )
            .command(
                CommandSpec::new("talent", "who fits an assignment: expertise, training completed, evaluations")
                    .arg(ArgSpec::option("expertise", "required expertise; repeatable (all must match)").multiple())
                    .arg(ArgSpec::option("min-hours", "at least this many training hours").value_name("HOURS"))
                    .arg(ArgSpec::option("tier", "only this tier")),
            )
            .command(
                CommandSpec::new("import", "import people (or records, with a kind column) from a CSV file; UTF-8 or GBK")
                    .arg(ArgSpec::positional("csv", "the CSV file, with a header row").value_name("CSV").required())
                    .arg(ArgSpec::flag("dry-run", "print what would change and write nothing"))
                    .arg(ArgSpec::flag("skip-invalid", "import the valid rows even when some are bad"))
                    .arg(show_sensitive()),
            )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        let ctx = context::Ctx::open(request, host)?;
        let result = match request.command_line().as_str() {
            "add" => commands::add::run(&ctx, request),
            "show" => commands::show::run(&ctx, request),
            "list" => commands::list::run(&ctx, request),
            "record" => commands::record::run(&ctx, request),
            "timeline" => commands::timeline::run(&ctx, request),
            "report" => commands::report::run(&ctx, request),
            "talent" => commands::talent::run(&ctx, request),
            "import" => commands::import::run(&ctx, request),
            other => return Err(PluginError::usage(format!("unknown command `{other}`"))),
        };
        result.map_err(PluginError::from)
    }
}
