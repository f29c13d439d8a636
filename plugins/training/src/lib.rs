//! The training plugin of zhijian: training materials, learning paths, assignments,
//! completion, hours and quizzes.
//!
//! Materials (`type = "training"`) and paths (`type = "path"`) are documents of the
//! knowledge base; what each person did lives in `training/records/<person>.toml`
//! (see [`records`]). Other plugins read hours through [`training_hours`] and
//! [`completed_steps`].

pub mod catalog;
mod commands;
mod common;
mod error;
pub mod records;
pub mod status;
mod types;

pub use error::TrainingError;
pub use records::{completed_steps, training_hours};
pub use types::{MaterialType, PathType};

/// Adds the `training` and `path` document types to a registry.
pub fn declare_types(types: zhijian_kb::types::TypesBuilder) -> zhijian_kb::types::TypesBuilder {
    types
        .with_type(Box::new(MaterialType))
        .with_type(Box::new(PathType))
}

use zhijian_plugin_api::{
    ArgSpec, CommandSpec, Host, Manifest, Plugin, PluginError, Request, Response,
};

/// The training plugin, linked into the zhijian binary.
#[derive(Debug, Default)]
pub struct TrainingPlugin;

fn person() -> ArgSpec {
    ArgSpec::option("person", "the person's id (a personnel record id)").value_name("ID")
}

fn date(help: &str) -> ArgSpec {
    ArgSpec::option("date", help).value_name("DATE")
}

fn as_of() -> ArgSpec {
    ArgSpec::option("as-of", "judge due dates as of this day (default: today)").value_name("DATE")
}

impl Plugin for TrainingPlugin {
    fn manifest(&self) -> Manifest {
        let id = |help: &str| ArgSpec::positional("id", help).required().value_name("ID");
        Manifest::new(
            "training",
            env!("CARGO_PKG_VERSION"),
            "training materials, learning paths, assignments, completion, hours and quizzes",
        )
        .command(
            CommandSpec::new(
                "list",
                "list training materials (or learning paths with --paths)",
            )
            .arg(ArgSpec::option("audience", "only materials for this audience").value_name("A"))
            .arg(ArgSpec::option("level", "only materials of this level").value_name("L"))
            .arg(ArgSpec::flag("paths", "list learning paths instead")),
        )
        .command(CommandSpec::new("show", "show a training material").arg(id("the material id")))
        .command(
            CommandSpec::new("path", "learning paths")
                .subcommand(
                    CommandSpec::new(
                        "show",
                        "show a path: steps, hours, prerequisites met or not",
                    )
                    .arg(id("the path id"))
                    .arg(person()),
                )
                .subcommand(
                    CommandSpec::new(
                        "new",
                        "draft a learning path from the top cases for a query",
                    )
                    .arg(
                        ArgSpec::option("from-cases", "the case query")
                            .required()
                            .value_name("QUERY"),
                    )
                    .arg(ArgSpec::option("title", "the path title").value_name("TITLE"))
                    .arg(
                        ArgSpec::option("id", "the path id (default: path-QUERY)").value_name("ID"),
                    )
                    .arg(
                        ArgSpec::option("limit", "how many cases")
                            .value_name("N")
                            .default_value("5"),
                    ),
                ),
        )
        .command(
            CommandSpec::new("assign", "assign a learning path to people")
                .arg(
                    ArgSpec::positional("path", "the path id")
                        .required()
                        .value_name("PATH"),
                )
                .arg(
                    ArgSpec::option("to", "person ids, comma-separated")
                        .required()
                        .multiple()
                        .value_name("PERSON"),
                )
                .arg(ArgSpec::option("due", "the due date").value_name("DATE"))
                .arg(date("the assignment date (default: today)")),
        )
        .command(
            CommandSpec::new("complete", "record a completed step (material or case)")
                .arg(
                    ArgSpec::positional("step", "a material id, case id or case number")
                        .required()
                        .value_name("STEP"),
                )
                .arg(person().required())
                .arg(
                    ArgSpec::option("path", "check the path's earlier required steps too")
                        .value_name("PATH"),
                )
                .arg(
                    ArgSpec::option("hours", "hours to credit (default: the material's hours)")
                        .value_name("H"),
                )
                .arg(date("the completion date (default: today)"))
                .arg(ArgSpec::flag(
                    "force",
                    "record even if prerequisites are not met or it was done before",
                )),
        )
        .command(
            CommandSpec::new("quiz", "take a material's quiz and record the score")
                .arg(id("the material id"))
                .arg(person().required())
                .arg(
                    ArgSpec::option("answers", "read answers from FILE instead of asking")
                        .value_name("FILE"),
                )
                .arg(date("the date of the quiz (default: today)")),
        )
        .command(
            CommandSpec::new("progress", "progress per person and path")
                .arg(person())
                .arg(ArgSpec::option("path", "only this path (assigned or not)").value_name("ID"))
                .arg(as_of()),
        )
        .command(
            CommandSpec::new(
                "report",
                "completion per person and path, hours per person, overdue assignments",
            )
            .arg(ArgSpec::option("from", "count hours from this day").value_name("DATE"))
            .arg(ArgSpec::option("to", "count hours up to this day").value_name("DATE"))
            .arg(as_of())
            .arg(ArgSpec::flag("csv", "CSV, one row per person and path")),
        )
        .command(
            CommandSpec::new(
                "export",
                "write a printable HTML handout of a material or path",
            )
            .arg(id("the material or path id"))
            .arg(
                ArgSpec::option("html", "the HTML file to write")
                    .required()
                    .value_name("OUT"),
            ),
        )
    }

    fn run(&self, request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
        use commands::*;
        let result = match request.command_line().as_str() {
            "list" => list::run(request, host),
            "show" => show::run(request, host),
            "path show" => path_show::run(request, host),
            "path new" => path_new::run(request, host),
            "assign" => assign::run(request, host),
            "complete" => complete::run(request, host),
            "quiz" => quiz::run(request, host),
            "progress" => progress::run(request, host),
            "report" => report::run(request, host),
            "export" => export::run(request, host),
            other => {
                return Err(PluginError::usage(format!(
                    "unknown command `training {other}`"
                )));
            }
        };
        result.map_err(PluginError::from)
    }
}
