//! The core commands, one file each.

pub mod check;
pub mod completions;
pub mod doctor;
pub mod index;
pub mod init;
pub mod new;
pub mod plugins;
pub mod search;
pub mod show;

use crate::app::{Command, Context, Outcome};
use crate::plugins::Registry;

/// Runs a core command.
pub fn run(command: Command, ctx: &Context, registry: &Registry) -> anyhow::Result<Outcome> {
    match command {
        Command::Init(args) => init::run(&args, ctx),
        Command::New(args) => new::run(&args, ctx),
        Command::Index(args) => index::run(&args, ctx),
        Command::Search(args) => search::run(&args, ctx),
        Command::Show(args) => show::run(&args, ctx),
        Command::Check(args) => check::run(&args, ctx),
        Command::Doctor(args) => doctor::run(&args, ctx),
        Command::Plugins(args) => plugins::run(&args, ctx, registry),
        Command::Completions(args) => completions::run(&args, registry),
        Command::Man => completions::man(registry),
    }
}
