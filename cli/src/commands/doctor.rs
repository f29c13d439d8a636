//! `zhijian doctor`: print what `zhijian_kb::health` finds, and repair with `--repair`.

use serde_json::json;

use crate::app::{Context, Outcome};

/// Check the index (checksums, manifest), leftovers of interrupted runs, and permissions of personal data
///
/// Exit 0 when healthy (or everything found was repaired), 1 when something is wrong,
/// 2 on error.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Fix what can be fixed: rebuild a damaged index from the Markdown files, remove
    /// leftovers, make personal data owner-only (0600)
    #[arg(long)]
    pub repair: bool,
}

/// Runs `zhijian doctor`.
pub fn run(args: &DoctorArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let kb = ctx.kb()?;
    let findings = zhijian_kb::health::check(&kb, args.repair)?;
    let healthy = findings.iter().all(|f| f.repaired);
    if ctx.printer.json {
        ctx.printer
            .json(&json!({ "healthy": healthy, "findings": findings }))?;
        return Ok(Outcome::found(healthy));
    }
    for finding in &findings {
        let done = if finding.repaired { " (repaired)" } else { "" };
        ctx.printer.line(&format!(
            "{:<11} {}: {}{done}",
            finding.check.as_str(),
            finding.path,
            finding.problem
        ))?;
    }
    let repaired = findings.iter().filter(|f| f.repaired).count();
    ctx.printer.note(&if findings.is_empty() {
        "healthy: index, manifest, leftovers and permissions checked".to_string()
    } else if args.repair {
        format!("{} problems, {repaired} repaired", findings.len())
    } else {
        format!(
            "{} problems (run `zhijian doctor --repair` to fix what can be fixed)",
            findings.len()
        )
    });
    Ok(Outcome::found(healthy))
}
