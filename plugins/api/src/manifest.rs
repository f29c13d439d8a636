//! What a plugin offers: its commands, importers and their arguments, as plain data.
//!
//! The host turns a [`Manifest`] into clap subcommands, so a plugin never depends on
//! clap and a dynamic plugin can describe itself in JSON.

use serde::{Deserialize, Serialize};

/// Everything a plugin offers, returned once when the plugin is loaded.
///
/// `commands` appear as `zhijian PLUGIN COMMAND …`; `importers` appear as
/// `zhijian import NAME …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The plugin's name, also its subcommand: lower-case, no spaces (`cases`, `stats`).
    pub name: String,
    /// The plugin's own version, shown by `zhijian plugins`.
    pub version: String,
    /// One line for `--help`.
    pub about: String,
    /// Commands under `zhijian NAME`.
    pub commands: Vec<CommandSpec>,
    /// Importers under `zhijian import`.
    #[serde(default)]
    pub importers: Vec<CommandSpec>,
}

impl Manifest {
    /// A manifest with no commands yet.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        about: impl Into<String>,
    ) -> Self {
        Manifest {
            name: name.into(),
            version: version.into(),
            about: about.into(),
            commands: Vec::new(),
            importers: Vec::new(),
        }
    }

    /// Adds a command under `zhijian NAME`.
    #[must_use]
    pub fn command(mut self, command: CommandSpec) -> Self {
        self.commands.push(command);
        self
    }

    /// Adds an importer under `zhijian import`.
    #[must_use]
    pub fn importer(mut self, importer: CommandSpec) -> Self {
        self.importers.push(importer);
        self
    }
}

/// One command (or importer), its arguments and its own subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandSpec {
    /// The word typed on the command line.
    pub name: String,
    /// One line for `--help`.
    pub about: String,
    /// Arguments, positionals in the order they are typed.
    #[serde(default)]
    pub args: Vec<ArgSpec>,
    /// Nested commands, e.g. `path show` under `training`.
    #[serde(default)]
    pub subcommands: Vec<CommandSpec>,
    /// The command prints a table: the host offers `--csv` and, when it is given,
    /// asks for [`Format::Csv`](crate::Format::Csv). Left out of the JSON when
    /// false, so older hosts read the manifest unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub table: bool,
}

impl CommandSpec {
    /// A command with no arguments yet.
    pub fn new(name: impl Into<String>, about: impl Into<String>) -> Self {
        CommandSpec {
            name: name.into(),
            about: about.into(),
            args: Vec::new(),
            subcommands: Vec::new(),
            table: false,
        }
    }

    /// Adds an argument.
    #[must_use]
    pub fn arg(mut self, arg: ArgSpec) -> Self {
        self.args.push(arg);
        self
    }

    /// Adds a nested command.
    #[must_use]
    pub fn subcommand(mut self, command: CommandSpec) -> Self {
        self.subcommands.push(command);
        self
    }

    /// Says that the command prints a table, so that the host offers `--csv` (and
    /// sets [`Request::format`](crate::Request::format) to `Csv` when it is given).
    #[must_use]
    pub fn table(mut self) -> Self {
        self.table = true;
        self
    }
}

/// How an argument is written on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgKind {
    /// `zhijian cases search QUERY`
    Positional,
    /// `--limit 10`
    Option,
    /// `--all`
    Flag,
}

/// One argument of a command.
///
/// In the [`Request`](crate::Request) a flag arrives as a bool, an option or
/// positional as a string (or null when absent), and a `multiple` one as an array of
/// strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgSpec {
    /// The key in [`Request::args`](crate::Request::args); also the long option
    /// name (`--NAME`) for options and flags.
    pub name: String,
    /// One line for `--help`.
    pub help: String,
    /// Positional, option or flag.
    pub kind: ArgKind,
    /// The command fails with a usage error when it is missing.
    #[serde(default)]
    pub required: bool,
    /// May be given more than once; arrives as an array.
    #[serde(default)]
    pub multiple: bool,
    /// A one-letter alias, `-n`.
    #[serde(default)]
    pub short: Option<char>,
    /// The placeholder shown in help, `<QUERY>`.
    #[serde(default)]
    pub value_name: Option<String>,
    /// The value used when the argument is absent.
    #[serde(default)]
    pub default: Option<String>,
    /// When not empty, the only accepted values.
    #[serde(default)]
    pub possible_values: Vec<String>,
}

impl ArgSpec {
    fn new(kind: ArgKind, name: impl Into<String>, help: impl Into<String>) -> Self {
        ArgSpec {
            name: name.into(),
            help: help.into(),
            kind,
            required: false,
            multiple: false,
            short: None,
            value_name: None,
            default: None,
            possible_values: Vec::new(),
        }
    }

    /// A positional argument, optional unless [`required`](Self::required).
    pub fn positional(name: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(ArgKind::Positional, name, help)
    }

    /// An option taking a value, `--NAME VALUE`.
    pub fn option(name: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(ArgKind::Option, name, help)
    }

    /// A flag without a value, `--NAME`.
    pub fn flag(name: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(ArgKind::Flag, name, help)
    }

    /// Makes the argument mandatory.
    #[must_use]
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Lets the argument be given more than once.
    #[must_use]
    pub fn multiple(mut self) -> Self {
        self.multiple = true;
        self
    }

    /// Adds a one-letter alias.
    #[must_use]
    pub fn short(mut self, short: char) -> Self {
        self.short = Some(short);
        self
    }

    /// Sets the placeholder shown in help.
    #[must_use]
    pub fn value_name(mut self, value_name: impl Into<String>) -> Self {
        self.value_name = Some(value_name.into());
        self
    }

    /// Sets the value used when the argument is absent.
    #[must_use]
    pub fn default_value(mut self, default: impl Into<String>) -> Self {
        self.default = Some(default.into());
        self
    }

    /// Restricts the argument to these values.
    #[must_use]
    pub fn possible_values<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.possible_values = values.into_iter().map(Into::into).collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builders_fill_the_spec() {
        let manifest = Manifest::new("stats", "0.1.0", "count hits")
            .command(
                CommandSpec::new("count", "count hits by type")
                    .arg(ArgSpec::positional("query", "what to search").required())
                    .arg(
                        ArgSpec::option("limit", "at most")
                            .short('n')
                            .default_value("10"),
                    )
                    .arg(ArgSpec::option("type", "only these").multiple())
                    .arg(ArgSpec::flag("all", "everything")),
            )
            .importer(CommandSpec::new("lawrefbook", "import laws"));
        let args = &manifest.commands[0].args;
        assert_eq!(args[0].kind, ArgKind::Positional);
        assert!(args[0].required);
        assert_eq!(args[1].short, Some('n'));
        assert_eq!(args[1].default.as_deref(), Some("10"));
        assert!(args[2].multiple);
        assert_eq!(args[3].kind, ArgKind::Flag);
        assert_eq!(manifest.importers[0].name, "lawrefbook");
    }

    #[test]
    fn manifest_round_trips_through_json() {
        let manifest = Manifest::new("training", "1.2.0", "training").command(
            CommandSpec::new("path", "learning paths").subcommand(
                CommandSpec::new("show", "show a path").arg(
                    ArgSpec::option("format", "how")
                        .value_name("FMT")
                        .possible_values(["brief", "full"]),
                ),
            ),
        );
        let text = serde_json::to_string(&manifest).expect("a manifest always serialises");
        let back: Manifest = serde_json::from_str(&text).expect("our own JSON parses");
        assert_eq!(back, manifest);
    }

    #[test]
    fn optional_manifest_fields_default_when_absent() {
        // Older or hand-written plugins may leave out every defaulted field.
        let manifest: Manifest = serde_json::from_value(json!({
            "name": "x", "version": "1", "about": "a",
            "commands": [{"name": "go", "about": "b",
                          "args": [{"name": "q", "help": "c", "kind": "positional"}]}]
        }))
        .expect("minimal manifest parses");
        assert!(manifest.importers.is_empty());
        let arg = &manifest.commands[0].args[0];
        assert!(!arg.required && !arg.multiple);
        assert_eq!(arg.short, None);
        assert!(manifest.commands[0].subcommands.is_empty());
        assert!(!manifest.commands[0].table);
    }

    #[test]
    fn a_table_command_says_so_and_others_stay_as_before() {
        let plain = serde_json::to_value(CommandSpec::new("a", "b")).expect("serialises");
        assert_eq!(
            plain,
            json!({"name": "a", "about": "b", "args": [], "subcommands": []})
        );
        let table = serde_json::to_value(CommandSpec::new("a", "b").table()).expect("serialises");
        assert_eq!(table["table"], true);
    }

    #[test]
    fn arg_kind_uses_lower_case_names() {
        let kinds = [ArgKind::Positional, ArgKind::Option, ArgKind::Flag];
        assert_eq!(
            serde_json::to_value(kinds).expect("enums serialise"),
            json!(["positional", "option", "flag"])
        );
    }
}
