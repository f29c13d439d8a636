//! `cargo xtask demo`: the first thing a newcomer runs — build, create the starter
//! knowledge base, index it and search it, printing each command as it runs.

use std::process::Command;

use anyhow::Context;

/// The commands shown, each run against the demo knowledge base.
const STEPS: &[&[&str]] = &[
    &["index"],
    &["search", "醉驾", "-n", "3"],
    &["search", "醉酒开车撞伤了人会判刑吗", "-n", "3"],
    &["search", "刑法第133条", "-n", "3"],
    &["search", "type:case domain:公益诉讼"],
    &["policy", "lookup", "刑法", "133之一"],
    &["case", "show", "检例第9001号", "--section", "要旨"],
    &["training", "path", "show", "sample-path-traffic-crimes"],
    &["plugins", "list"],
];

/// Runs the demo.
pub fn run() -> anyhow::Result<()> {
    crate::run("cargo", &["build", "-p", "zhijian"])?;
    let binary = crate::target_dir().join("debug/zhijian");
    let kb = crate::target_dir().join("demo-kb");
    if kb.exists() {
        std::fs::remove_dir_all(&kb).with_context(|| format!("cannot remove {}", kb.display()))?;
    }
    let kb_arg = kb.display().to_string();
    show(&binary, &["init", "--starter", &kb_arg])?;
    for step in STEPS {
        let mut args = vec!["--kb", &kb_arg];
        args.extend_from_slice(step);
        show(&binary, &args)?;
    }
    println!(
        "\nThe starter knowledge base is in {kb_arg}; try: {} --kb {kb_arg} --help",
        binary.display()
    );
    Ok(())
}

fn show(binary: &std::path::Path, args: &[&str]) -> anyhow::Result<()> {
    println!("\n$ zhijian {}", args.join(" "));
    let status = Command::new(binary)
        .args(args)
        .status()
        .context("cannot run zhijian")?;
    // Exit 1 means "nothing found": worth seeing, not a failure of the demo.
    if status.code().is_none_or(|code| code > 1) {
        anyhow::bail!("`zhijian {}` failed ({status})", args.join(" "));
    }
    Ok(())
}
