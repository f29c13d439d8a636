//! `zhijian completions`: shell completion scripts, plugin commands included.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::app::{Cli, Outcome};
use crate::plugins::Registry;

/// Print a shell completion script (bash, zsh, fish, elvish, powershell)
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: Shell,
}

/// Runs `zhijian completions`.
pub fn run(args: &CompletionsArgs, registry: &Registry) -> anyhow::Result<Outcome> {
    let mut command = registry.augment(Cli::command());
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "zhijian", &mut out);
    use std::io::Write as _;
    std::io::stdout().lock().write_all(&out)?;
    Ok(Outcome::Success)
}

/// Prints the man page (roff), plugin commands included.
pub fn man(registry: &Registry) -> anyhow::Result<Outcome> {
    let command = registry.augment(Cli::command());
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    use std::io::Write as _;
    std::io::stdout().lock().write_all(&out)?;
    Ok(Outcome::Success)
}
