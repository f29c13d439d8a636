//! Plugin manifests → clap commands, and clap matches → request arguments.

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Map, Value};
use zhijian_plugin_api::{ArgKind, ArgSpec, CommandSpec, Manifest};

/// Long names and shorts the global options use; a plugin may not reuse them.
const RESERVED_LONG: &[&str] = &[
    "kb", "json", "color", "quiet", "verbose", "plugin", "help", "version",
];
const RESERVED_SHORT: &[char] = &['q', 'v', 'h', 'V'];

/// The flag the host adds to a command whose manifest says it prints a table.
const CSV: &str = "csv";

/// Checks that a manifest can become clap commands without clashing.
///
/// clap panics on a malformed command, and a dynamic plugin's manifest is untrusted
/// input, so every rule clap enforces is checked here first.
pub fn validate(manifest: &Manifest) -> Result<(), String> {
    let good_name = |n: &str| {
        !n.is_empty()
            && !n.starts_with('-')
            && n.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !good_name(&manifest.name) {
        return Err(format!(
            "plugin name `{}` is not a valid command name",
            manifest.name
        ));
    }
    fn check(spec: &CommandSpec, good_name: &dyn Fn(&str) -> bool) -> Result<(), String> {
        if !good_name(&spec.name) {
            return Err(format!("command name `{}` is not valid", spec.name));
        }
        let mut seen_names = std::collections::HashSet::new();
        let mut seen_shorts = std::collections::HashSet::new();
        if spec.table && spec.args.iter().any(|a| a.name == CSV) {
            return Err(format!(
                "`{}` prints a table, so the host adds `--{CSV}`; it may not declare it too",
                spec.name
            ));
        }
        for arg in &spec.args {
            if !good_name(&arg.name) || !seen_names.insert(arg.name.as_str()) {
                return Err(format!(
                    "argument `{}` of `{}` is invalid or repeated",
                    arg.name, spec.name
                ));
            }
            if arg.kind != ArgKind::Positional && RESERVED_LONG.contains(&arg.name.as_str()) {
                return Err(format!(
                    "argument `--{}` of `{}` clashes with a global option",
                    arg.name, spec.name
                ));
            }
            if let Some(short) = arg.short
                && (RESERVED_SHORT.contains(&short)
                    || !short.is_alphanumeric()
                    || !seen_shorts.insert(short))
            {
                return Err(format!(
                    "short option `-{short}` of `{}` is reserved or repeated",
                    spec.name
                ));
            }
        }
        let mut seen_commands = std::collections::HashSet::new();
        for sub in &spec.subcommands {
            if !seen_commands.insert(sub.name.as_str()) {
                return Err(format!("command `{}` is declared twice", sub.name));
            }
            check(sub, good_name)?;
        }
        Ok(())
    }
    for spec in manifest.commands.iter().chain(&manifest.importers) {
        check(spec, &good_name)?;
    }
    Ok(())
}

/// The top-level subcommand of a plugin: `zhijian NAME COMMAND …`.
pub fn plugin_command(manifest: &Manifest) -> Command {
    let mut command = Command::new(manifest.name.clone())
        .about(sentence(&manifest.about))
        .subcommand_required(true)
        .arg_required_else_help(true);
    for spec in &manifest.commands {
        command = command.subcommand(self::command(spec));
    }
    command
}

/// One command of a manifest, with its arguments and nested commands.
pub fn command(spec: &CommandSpec) -> Command {
    let mut command = Command::new(spec.name.clone()).about(sentence(&spec.about));
    for arg in &spec.args {
        command = command.arg(clap_arg(arg));
    }
    if spec.table {
        command = command.arg(
            Arg::new(CSV)
                .long(CSV)
                .help("Print CSV instead of text: a header row, then one row per line")
                .action(ArgAction::SetTrue),
        );
    }
    if !spec.subcommands.is_empty() {
        command = command
            .subcommand_required(spec.args.is_empty())
            .arg_required_else_help(spec.args.is_empty());
        for sub in &spec.subcommands {
            command = command.subcommand(self::command(sub));
        }
    }
    command
}

fn clap_arg(spec: &ArgSpec) -> Arg {
    let mut arg = Arg::new(spec.name.clone()).help(sentence(&spec.help));
    arg = match spec.kind {
        ArgKind::Positional => arg.required(spec.required && spec.default.is_none()),
        ArgKind::Option => arg
            .long(spec.name.clone())
            .required(spec.required && spec.default.is_none()),
        ArgKind::Flag => arg.long(spec.name.clone()).action(ArgAction::SetTrue),
    };
    if spec.kind != ArgKind::Flag {
        // `--hours -1` must reach the plugin, which explains why it is refused.
        let action = if spec.multiple {
            ArgAction::Append
        } else {
            ArgAction::Set
        };
        arg = arg.action(action).allow_negative_numbers(true);
        if spec.multiple && spec.kind == ArgKind::Positional {
            arg = arg.num_args(1..);
        }
        if let Some(value_name) = &spec.value_name {
            arg = arg.value_name(value_name.clone());
        }
        if let Some(default) = &spec.default {
            arg = arg.default_value(default.clone());
        }
        if !spec.possible_values.is_empty() {
            arg = arg.value_parser(clap::builder::PossibleValuesParser::new(
                spec.possible_values.clone(),
            ));
        }
    }
    if let Some(short) = spec.short {
        arg = arg.short(short);
    }
    arg
}

/// Help text as clap shows it for core commands: starting with a capital letter.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A plugin command as the user typed it, ready to become a `Request`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The command path below the plugin (or importer) name.
    pub command: Vec<String>,
    /// The argument values by name.
    pub args: Map<String, Value>,
    /// `--csv` was given to a command that prints a table.
    pub csv: bool,
}

/// The command path below `spec`, the argument values and `--csv`, as the request
/// carries them.
pub fn request_args(spec: &CommandSpec, matches: &ArgMatches) -> Parsed {
    let mut path = vec![spec.name.clone()];
    let mut spec = spec;
    let mut matches = matches;
    let mut args = Map::new();
    let mut csv = false;
    loop {
        collect(spec, matches, &mut args);
        csv |= spec.table && matches.get_flag(CSV);
        let Some((name, sub)) = matches.subcommand() else {
            break;
        };
        let Some(next) = spec.subcommands.iter().find(|s| s.name == name) else {
            break;
        };
        path.push(name.to_string());
        spec = next;
        matches = sub;
    }
    Parsed {
        command: path,
        args,
        csv,
    }
}

fn collect(spec: &CommandSpec, matches: &ArgMatches, args: &mut Map<String, Value>) {
    for arg in &spec.args {
        let value = match arg.kind {
            ArgKind::Flag => Value::Bool(matches.get_flag(&arg.name)),
            _ if arg.multiple => Value::Array(
                matches
                    .get_many::<String>(&arg.name)
                    .map(|values| values.map(|v| Value::String(v.clone())).collect())
                    .unwrap_or_default(),
            ),
            _ => matches
                .get_one::<String>(&arg.name)
                .map_or(Value::Null, |v| Value::String(v.clone())),
        };
        args.insert(arg.name.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest::new("demo", "1.0", "a demo").command(
            CommandSpec::new("search", "search things")
                .arg(ArgSpec::positional("query", "what to find").required())
                .arg(ArgSpec::option("limit", "how many").default_value("10"))
                .arg(ArgSpec::option("tag", "filter").multiple())
                .arg(ArgSpec::flag("all", "everything")),
        )
    }

    #[test]
    fn manifests_become_commands_and_matches_become_args() {
        let cmd = Command::new("zhijian").subcommand(plugin_command(&manifest()));
        let matches = cmd
            .try_get_matches_from([
                "zhijian", "demo", "search", "醉驾", "--tag", "a", "--tag", "b", "--all",
            ])
            .expect("parses");
        let (_, demo) = matches.subcommand().expect("demo");
        let (_, search) = demo.subcommand().expect("search");
        let parsed = request_args(&manifest().commands[0], search);
        assert_eq!(parsed.command, ["search"]);
        let args = parsed.args;
        assert_eq!(args["query"], "醉驾");
        assert_eq!(args["limit"], "10");
        assert_eq!(args["tag"], serde_json::json!(["a", "b"]));
        assert_eq!(args["all"], true);
        assert!(!parsed.csv, "not a table");
    }

    /// The root as `app.rs` defines it, for what the global options do.
    fn root() -> Command {
        Command::new("zhijian").arg(
            Arg::new("json")
                .long("json")
                .global(true)
                .action(ArgAction::SetTrue),
        )
    }

    #[test]
    fn a_table_command_gets_csv() {
        let table = Manifest::new("demo", "1", "x").command(
            CommandSpec::new("count", "count")
                .arg(ArgSpec::positional("query", "q"))
                .table(),
        );
        assert!(validate(&table).is_ok());
        let parse = |words: &[&str]| {
            root()
                .subcommand(plugin_command(&table))
                .try_get_matches_from(words.iter().copied())
        };
        let matches = parse(&["zhijian", "demo", "count", "q", "--csv"]).expect("parses");
        let (_, demo) = matches.subcommand().expect("demo");
        let (_, count) = demo.subcommand().expect("count");
        let parsed = request_args(&table.commands[0], count);
        assert!(parsed.csv);
        assert!(
            !parsed.args.contains_key("csv"),
            "--csv is the host's, not an argument"
        );
        let matches = parse(&["zhijian", "demo", "count", "q"]).expect("parses");
        let (_, demo) = matches.subcommand().expect("demo");
        let (_, count) = demo.subcommand().expect("count");
        assert!(!request_args(&table.commands[0], count).csv);
        // Not a table: no --csv.
        assert!(
            root()
                .subcommand(plugin_command(&manifest()))
                .try_get_matches_from(["zhijian", "demo", "search", "q", "--csv"])
                .is_err()
        );
        let both = Manifest::new("demo", "1", "x").command(
            CommandSpec::new("count", "count")
                .arg(ArgSpec::flag("csv", "mine"))
                .table(),
        );
        assert!(
            validate(&both)
                .expect_err("--csv twice")
                .contains("may not declare it too")
        );
    }

    #[test]
    fn clashing_manifests_are_refused() {
        let bad = Manifest::new("demo", "1", "x")
            .command(CommandSpec::new("s", "x").arg(ArgSpec::flag("json", "clash")));
        assert!(validate(&bad).is_err());
        let bad = Manifest::new("de mo", "1", "x");
        assert!(validate(&bad).is_err());
        assert!(validate(&manifest()).is_ok());
    }
}
