//! Plugins: the built-in ones, dynamic libraries, and `zhijian-NAME` executables.
//!
//! Every plugin, built in or loaded, is a `zhijian_plugin_api::Plugin`: its manifest
//! becomes clap subcommands, and the parsed arguments become a `Request`.

pub mod builtin;
pub mod clap_spec;
pub mod external;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use zhijian_plugin_api::{Format, Manifest, Plugin, PluginError, Request};
use zhijian_plugin_support::{Lang, Session};

use crate::app::{Context, Outcome};
use crate::host::CliHost;
use crate::output::Printer;

/// Names plugins may not take: the core commands.
const CORE_COMMANDS: &[&str] = &[
    "init",
    "new",
    "index",
    "search",
    "show",
    "check",
    "plugins",
    "completions",
    "import",
    "help",
];

/// What the command line says about plugins, read before clap runs (clap needs the
/// plugins to know the commands).
#[derive(Debug, Default)]
pub struct Early {
    /// The knowledge base, if one can be found.
    pub kb_root: Option<PathBuf>,
    /// `--plugin PATH` values.
    pub plugin_paths: Vec<PathBuf>,
    /// The first word that is not an option: the command.
    pub command: Option<String>,
}

/// Reads `--kb` and `--plugin` from raw arguments.
pub fn prescan(args: &[OsString]) -> Early {
    let mut early = Early::default();
    let mut kb: Option<PathBuf> = None;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == "--color" {
            iter.next();
            continue;
        }
        if !text.starts_with('-') && early.command.is_none() {
            early.command = Some(text.to_string());
        }
        for (flag, slot) in [("--kb", 0), ("--plugin", 1)] {
            let value = if text == flag {
                iter.next().map(PathBuf::from)
            } else {
                text.strip_prefix(flag)
                    .and_then(|rest| rest.strip_prefix('='))
                    .map(PathBuf::from)
            };
            if let Some(value) = value {
                if slot == 0 {
                    kb = Some(value)
                } else {
                    early.plugin_paths.push(value)
                }
            }
        }
    }
    let from_env = std::env::var_os("ZHIJIAN_KB").map(PathBuf::from);
    let explicit = kb.or(from_env);
    early.kb_root = std::env::current_dir()
        .ok()
        .and_then(|cwd| zhijian_kb::config::find_root(explicit.as_deref(), None, &cwd).ok());
    early
}

/// Core commands that never dispatch to a plugin: they skip loading plugins and
/// building their commands, which is most of a one-shot search's start-up.
const NEEDS_NO_PLUGINS: &[&str] = &["init", "new", "index", "search", "show", "check", "doctor"];

impl Early {
    /// True when the command line runs a core command that needs no plugin.
    pub fn needs_plugins(&self) -> bool {
        !self
            .command
            .as_deref()
            .is_some_and(|c| NEEDS_NO_PLUGINS.contains(&c))
    }
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
}

/// Folders searched for dynamic plugins.
pub fn plugin_dirs(kb_root: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(root) = kb_root {
        dirs.push(root.join(zhijian_kb::config::STATE_DIR).join("plugins"));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")));
    if let Some(data) = data {
        dirs.push(data.join("zhijian").join("plugins"));
    }
    dirs
}

impl Registry {
    /// No plugins at all (for core commands that need none).
    pub fn empty() -> Registry {
        Registry {
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Loads the built-in plugins and every dynamic plugin that can be found.
    pub fn load(early: &Early) -> Registry {
        let mut registry = Registry {
            entries: Vec::new(),
            problems: Vec::new(),
        };
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
        let dirs = plugin_dirs(early.kb_root.as_deref());
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
            let name = manifest.name.clone();
            let taken = CORE_COMMANDS.contains(&name.as_str())
                || registry.entries.iter().any(|e| e.manifest.name == name);
            if taken {
                registry.problems.push((
                    path.display().to_string(),
                    format!("plugin name `{name}` is already taken by a built-in command or plugin; not loaded"),
                ));
                continue;
            }
            if let Err(reason) = clap_spec::validate(&manifest) {
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
        registry
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
                    let (path, args) = clap_spec::request_args(spec, sub);
                    let mut command = vec!["import".to_string()];
                    command.extend(path);
                    return run_plugin(ctx, entry, command, args).map(Some);
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
        let (command, args) = clap_spec::request_args(spec, sub);
        run_plugin(ctx, entry, command, args).map(Some)
    }
}

fn run_plugin(
    ctx: &Context,
    entry: &Entry,
    command: Vec<String>,
    args: serde_json::Map<String, serde_json::Value>,
) -> anyhow::Result<Outcome> {
    // The real reason there is no knowledge base (a broken zhijian.toml, say) goes to
    // the plugin, which reports it if it needs one.
    let kb = ctx
        .kb()
        .map_err(|e| PluginError::new(crate::output::error_kind(&e), format!("{e:#}")));
    let mut request = Request::new(command);
    request.args = args;
    request.kb_root = kb.as_ref().ok().map(|kb| kb.root().to_path_buf());
    request.format = if ctx.global.json {
        Format::Json
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
    let host = CliHost::new(Session::new(kb, lang));
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
