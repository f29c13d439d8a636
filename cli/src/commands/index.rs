//! `zhijian index`: bring the index up to date with the files.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use zhijian_kb::index::{Progress, update};

use crate::app::{Context, Outcome};

/// Update the search index from the Markdown files (only changed files are re-read)
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Rebuild the whole index from scratch
    #[arg(long)]
    pub rebuild: bool,
    /// Never draw a progress bar
    #[arg(long)]
    pub no_progress: bool,
}

/// Draws a bar on stderr, only when stderr is a terminal.
struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&self, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
        }
    }
    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Runs `zhijian index`; exit 1 when files had to be skipped.
pub fn run(args: &IndexArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let show_bar = !args.no_progress && !ctx.printer.quiet && std::io::stderr().is_terminal();
    let bar = Bar(show_bar.then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} indexing {pos}/{len} files {wide_bar} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    }));
    let report = update(&kb, args.rebuild, &bar)?;
    if ctx.printer.json {
        ctx.printer.json(&report)?;
    } else {
        for problem in &report.skipped {
            ctx.printer.line(&format!("skipped {problem}"))?;
        }
        for warning in &report.warnings {
            ctx.printer.warn(&warning.to_string());
        }
        if ctx.global.verbose > 0 {
            let phases: Vec<String> = report
                .timings
                .iter()
                .map(|(name, time)| format!("{name} {:.1} ms", time.as_secs_f64() * 1000.0))
                .collect();
            ctx.printer.note(&format!("time: {}", phases.join(", ")));
        }
        if let Some(reason) = &report.rebuilt {
            ctx.printer
                .note(&format!("rebuilt the whole index: {reason}"));
        }
        ctx.printer.line(&format!(
            "{} added, {} updated, {} removed, {} unchanged, {} skipped",
            report.added,
            report.updated,
            report.removed,
            report.unchanged,
            report.skipped.len()
        ))?;
    }
    Ok(Outcome::found(report.skipped.is_empty()))
}
