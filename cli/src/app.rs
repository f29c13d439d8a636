//! The command line: global options, the core commands, and dispatch to plugins.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use zhijian_kb::Kb;

use crate::commands;
use crate::output::{ColorChoice, Printer, terminal_width, use_color};
use crate::plugins::Registry;

/// How a command ended, as ripgrep reports it: 0 found, 1 nothing found, 2 error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: no match, or problems found (`check`, `index`).
    NothingFound,
    /// Exit 2, after clap has printed a usage error.
    Usage,
    /// An external command's own exit status, passed on unchanged.
    Exit(u8),
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::NothingFound => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
            Outcome::Exit(code) => ExitCode::from(code),
        }
    }

    /// `Success` when `found`, else `NothingFound`.
    pub fn found(found: bool) -> Outcome {
        if found {
            Outcome::Success
        } else {
            Outcome::NothingFound
        }
    }
}

/// 智检 zhijian — guiding cases, laws and training over a Markdown knowledge base.
#[derive(Debug, Parser)]
#[command(
    name = "zhijian",
    version,
    about = "智检 zhijian — search guiding cases and laws, train staff, script personnel work",
    long_about = "智检 zhijian — search guiding cases (检例第N号), typical cases, laws and articles \
(第X条) valid on a date; curate training; script personnel records. All over a folder of \
Markdown files with TOML front matter.\n\nExit codes: 0 found / success, 1 nothing found or \
problems found, 2 error.",
    after_help = "Start: zhijian init --starter my-kb && cd my-kb && zhijian index && zhijian search 醉驾",
    allow_external_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Knowledge base folder (default: the nearest folder at or above here with a zhijian.toml)
    #[arg(long, global = true, value_name = "DIR", env = "ZHIJIAN_KB")]
    pub kb: Option<PathBuf>,
    /// Print JSON (one object per line) instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// When to colour the output [NO_COLOR is honoured]
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print only results and errors (no warnings, summaries or progress)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more detail (repeat for more)
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// Load a dynamic plugin from this file (repeatable)
    #[arg(long = "plugin", global = true, value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
}

/// The core commands (plugins add their own at run time).
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::InitArgs),
    New(commands::new::NewArgs),
    Index(commands::index::IndexArgs),
    Search(commands::search::SearchArgs),
    Show(commands::show::ShowArgs),
    Check(commands::check::CheckArgs),
    Doctor(commands::doctor::DoctorArgs),
    Plugins(commands::plugins::PluginsArgs),
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (used by `cargo xtask man`)
    #[command(name = "__man", hide = true)]
    Man,
}

/// What every command gets: the global options and a printer.
#[derive(Debug)]
pub struct Context {
    pub global: GlobalArgs,
    pub printer: Printer,
}

impl Context {
    /// Opens the knowledge base named by `--kb`/`ZHIJIAN_KB`, else the nearest one
    /// (refused when it belongs to another user).
    pub fn kb(&self) -> anyhow::Result<Kb> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let root = zhijian_kb::config::find_root(self.global.kb.as_deref(), None, &cwd)?;
        if self.global.kb.is_none() {
            crate::plugins::trust::refuse_foreign_kb(&root)?;
        }
        Ok(Kb::open(&root, crate::plugins::builtin::types())?)
    }
}

/// Parses `args` and runs the command.
pub fn run(args: Vec<OsString>) -> anyhow::Result<Outcome> {
    let early = crate::plugins::prescan(&args);
    let registry = if early.needs_plugins() {
        Registry::load(&early)
    } else {
        Registry::empty()
    };
    let command = registry.augment(Cli::command());
    let matches = match command.try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(err) => {
            let _ = err.print();
            return Ok(match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    Outcome::Success
                }
                _ => Outcome::Usage,
            });
        }
    };
    let global = GlobalArgs::from_arg_matches(&matches)?;
    let printer = Printer {
        color: use_color(global.color),
        json: global.json,
        quiet: global.quiet,
        width: terminal_width(),
    };
    let ctx = Context { global, printer };
    registry.report_problems(&ctx.printer);

    let Some((name, sub)) = matches.subcommand() else {
        anyhow::bail!("no command given (see `zhijian --help`)");
    };
    if let Some(outcome) = registry.dispatch(&ctx, name, sub)? {
        return Ok(outcome);
    }
    if Command::has_subcommand(name) {
        let cli = Cli::from_arg_matches(&matches)?;
        return commands::run(cli.command, &ctx, &registry);
    }
    crate::plugins::external::run(&ctx, name, sub)
}
