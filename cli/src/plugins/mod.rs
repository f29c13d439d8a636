//! Plugins: the built-in ones, dynamic libraries, and `zhijian-NAME` executables.
//!
//! Every plugin, built in or loaded, is a `zhijian_plugin_api::Plugin`: its manifest
//! becomes clap subcommands, and the parsed arguments become a `Request`.

pub mod builtin;
pub mod clap_spec;
mod early;
pub mod external;
pub mod guard;
pub mod trust;

use std::path::PathBuf;

use clap::ArgMatches;
use zhijian_plugin_api::{Format, Manifest, Plugin, PluginError, Request};
use zhijian_plugin_support::{Lang, Session};

use crate::app::{Context, Outcome};
use crate::host::CliHost;
use crate::output::Printer;

pub use early::{Early, Need, prescan};

/// Whether `name` belongs to the host: a core command of the clap definition in
/// `app.rs` (aliases and hidden ones included), clap's own `help`, or `import`, which
/// the host builds from the plugins' importers. Plugins may not take these names.
pub fn is_reserved(name: &str) -> bool {
    <crate::app::Command as clap::Subcommand>::has_subcommand(name)
        || matches!(name, "help" | "import")
}

/// Where a plugin came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Linked into this binary.
    Builtin,
    /// A library loaded at run time.
    Dynamic,
}

/// A plugin ready to run.
pub struct Entry {
    /// The plugin.
    pub plugin: Box<dyn Plugin>,
    /// Its manifest, read once.
    pub manifest: Manifest,
    /// Built in or loaded.
    pub kind: Kind,
    /// The library file, for dynamic plugins.
    pub path: Option<PathBuf>,
    /// The plugin ABI version, for dynamic plugins.
    pub abi: Option<u32>,
}

/// Every plugin this run knows about, and the ones that could not be loaded.
pub struct Registry {
    /// Usable plugins, built-in first.
    pub entries: Vec<Entry>,
    /// `(file, reason)` for each plugin refused.
    pub problems: Vec<(String, String)>,
    /// `zhijian-NAME` executables on PATH as `(NAME, path)`, gathered only for the
    /// help (elsewhere they are found when run).
    pub externals: Vec<(String, PathBuf)>,
}

impl Registry {
    /// No plugins at all (for core commands that need none).
    pub fn empty() -> Registry {
        Registry {
            entries: Vec::new(),
            problems: Vec::new(),
            externals: Vec::new(),
        }
    }

    /// Loads the built-in plugins and, when the command line may need one (see
    /// [`Need`]), every dynamic plugin that can be found and trusted.
    pub fn load(early: &Early) -> Registry {
        let mut registry = Registry::empty();
        for plugin in builtin::all() {
            let manifest = plugin.manifest();
            registry.entries.push(Entry {
                plugin,
                manifest,
                kind: Kind::Builtin,
                path: None,
                abi: None,
            });
        }
        let builtin = |name: &str| {
            registry.entries.iter().any(|e| {
                e.manifest.name == name || e.manifest.importers.iter().any(|i| i.name == name)
            })
        };
        if early.need(builtin) != Need::All {
            return registry;
        }
        let (dirs, refused) = trust::plugin_dirs(early.kb_root.as_deref());
        registry.problems.extend(refused);
        // `--plugin` first: a library named on the command line wins over an
        // installed one of the same name.
        let found = zhijian_plugin_api::discover(&dirs, &early.plugin_paths);
        for problem in found.problems {
            registry.problems.push((
                problem.path.display().to_string(),
                problem.reason.to_string(),
            ));
        }
        for plugin in found.plugins {
            let path = plugin.path().to_path_buf();
            let abi = plugin.abi_version();
            let manifest = plugin.manifest();
            if let Err(reason) = registry.admits(&manifest) {
                registry.problems.push((path.display().to_string(), reason));
                continue;
            }
            registry.entries.push(Entry {
                plugin: Box::new(plugin),
                manifest,
                kind: Kind::Dynamic,
                path: Some(path),
                abi: Some(abi),
            });
        }
        if early.shows_help_of_commands() {
            registry.externals = external::list()
                .into_iter()
                .filter(|(name, _)| {
                    !is_reserved(name) && !registry.entries.iter().any(|e| e.manifest.name == *name)
                })
                .collect();
        }
        registry
    }

    /// Whether a dynamic plugin with this manifest may join: its name is neither
    /// reserved nor taken by a plugin already here, and clap can build its commands.
    fn admits(&self, manifest: &Manifest) -> Result<(), String> {
        let name = &manifest.name;
        if is_reserved(name) || self.entries.iter().any(|e| e.manifest.name == *name) {
            return Err(format!(
                "plugin name `{name}` is already taken by a built-in command or plugin; not loaded"
            ));
        }
        clap_spec::validate(manifest)
    }

    /// Adds every plugin's commands (and `import` with the importers) to `command`.
    pub fn augment(&self, mut command: clap::Command) -> clap::Command {
        for entry in &self.entries {
            if !entry.manifest.commands.is_empty() {
                command = command.subcommand(clap_spec::plugin_command(&entry.manifest));
            }
        }
        let importers: Vec<_> = self
            .entries
            .iter()
            .flat_map(|e| e.manifest.importers.iter())
            .collect();
        if !importers.is_empty() {
            let mut import = clap::Command::new("import")
                .about("Import documents from other formats into the knowledge base")
                .subcommand_required(true)
                .arg_required_else_help(true);
            for spec in importers {
                import = import.subcommand(clap_spec::command(spec));
            }
            command = command.subcommand(import);
        }
        for (name, path) in &self.externals {
            command = command.subcommand(external::help_entry(name, path));
        }
        command
    }

    /// Reports refused plugins on stderr.
    pub fn report_problems(&self, printer: &Printer) {
        for (path, reason) in &self.problems {
            printer.warn(&format!("plugin {path} not loaded: {reason}"));
        }
    }

    /// Runs `name` if it is a plugin command or `import`; `None` when it is neither.
    pub fn dispatch(
        &self,
        ctx: &Context,
        name: &str,
        matches: &ArgMatches,
    ) -> anyhow::Result<Option<Outcome>> {
        if name == "import" {
            let Some((importer, sub)) = matches.subcommand() else {
                return Ok(None);
            };
            for entry in &self.entries {
                if let Some(spec) = entry.manifest.importers.iter().find(|s| s.name == importer) {
                    let mut parsed = clap_spec::request_args(spec, sub);
                    parsed.command.insert(0, "import".to_string());
                    return run_plugin(ctx, entry, parsed).map(Some);
                }
            }
            return Ok(None);
        }
        let Some(entry) = self.entries.iter().find(|e| e.manifest.name == name) else {
            return Ok(None);
        };
        let Some((first, sub)) = matches.subcommand() else {
            return Ok(None);
        };
        let Some(spec) = entry.manifest.commands.iter().find(|c| c.name == first) else {
            return Ok(None);
        };
        run_plugin(ctx, entry, clap_spec::request_args(spec, sub)).map(Some)
    }
}

fn run_plugin(ctx: &Context, entry: &Entry, parsed: clap_spec::Parsed) -> anyhow::Result<Outcome> {
    if parsed.csv && ctx.global.json {
        anyhow::bail!("--csv and --json ask for two formats at once: give one of them");
    }
    // The real reason there is no knowledge base (a broken zhijian.toml, say) goes to
    // the plugin, which reports it if it needs one.
    let kb = ctx
        .kb()
        .map_err(|e| PluginError::new(crate::output::error_kind(&e), format!("{e:#}")));
    let mut request = Request::new(parsed.command);
    request.args = parsed.args;
    request.kb_root = kb.as_ref().ok().map(|kb| kb.root().to_path_buf());
    request.format = if ctx.global.json {
        Format::Json
    } else if parsed.csv {
        Format::Csv
    } else {
        Format::Text
    };
    request.color = ctx.printer.color;
    let lang = Lang::from_env(
        kb.as_ref()
            .ok()
            .and_then(|kb| kb.config().language.as_deref())
            .and_then(Lang::parse),
    );
    let session = Session::new(kb, lang);
    let host = match entry.kind {
        Kind::Builtin => CliHost::new(session),
        Kind::Dynamic => CliHost::for_dynamic_plugin(session, &entry.manifest.name),
    };
    match entry.plugin.run(&request, &host) {
        Ok(response) => {
            for warning in &response.warnings {
                ctx.printer.warn(warning);
            }
            if !response.output.is_empty() {
                ctx.printer.text(&response.output)?;
                if !response.output.ends_with('\n') {
                    ctx.printer.text("\n")?;
                }
            }
            Ok(Outcome::found(response.found))
        }
        Err(err) => Err(anyhow::Error::new(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_core_command_of_the_clap_definition_is_reserved() {
        let mut cli = crate::app::Cli::command();
        // `build` adds what clap generates itself, such as `help`.
        cli.build();
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        assert!(
            names.contains(&"doctor") && names.contains(&"help"),
            "{names:?}"
        );
        for name in names {
            assert!(
                is_reserved(name),
                "`{name}` is a core command but not reserved"
            );
        }
        assert!(
            is_reserved("import"),
            "the host builds `import` from importers"
        );
        for free in ["stats", "wordcount", "case", "hello", ""] {
            assert!(!is_reserved(free), "`{free}` is free for a plugin");
        }
    }

    #[test]
    fn a_dynamic_plugin_named_like_a_core_command_or_a_builtin_is_refused() {
        let registry = Registry::load(&Early {
            command: Some("case".into()),
            ..Early::default()
        });
        let named = |name: &str| Manifest::new(name, "1", "x");
        for name in [
            "doctor",
            "completions",
            "__man",
            "plugins",
            "help",
            "import",
            "case",
        ] {
            let reason = registry.admits(&named(name)).expect_err(name);
            assert!(reason.contains("already taken"), "{reason}");
        }
        assert_eq!(registry.admits(&named("wordcount")), Ok(()));
    }
}
