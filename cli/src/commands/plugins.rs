//! `zhijian plugins`: what plugins are installed, and their state.

use serde::Serialize;

use crate::app::{Context, Outcome};
use crate::plugins::{Kind, Registry, external};

/// List installed plugins, or show one
#[derive(Debug, clap::Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub command: PluginsCommand,
}

/// `plugins` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PluginsCommand {
    /// List built-in, dynamic and external plugins with their status
    List,
    /// Show one plugin's commands
    Info {
        /// The plugin name
        name: String,
    },
}

/// One row of `plugins list`.
#[derive(Debug, Serialize)]
struct Row {
    name: String,
    version: String,
    kind: &'static str,
    path: Option<String>,
    abi_version: Option<u32>,
    status: String,
}

/// Runs `zhijian plugins`.
pub fn run(args: &PluginsArgs, ctx: &Context, registry: &Registry) -> anyhow::Result<Outcome> {
    match &args.command {
        PluginsCommand::List => list(ctx, registry),
        PluginsCommand::Info { name } => info(ctx, registry, name),
    }
}

fn rows(registry: &Registry) -> Vec<Row> {
    let mut rows: Vec<Row> = registry
        .entries
        .iter()
        .map(|e| Row {
            name: e.manifest.name.clone(),
            version: e.manifest.version.clone(),
            kind: match e.kind {
                Kind::Builtin => "builtin",
                Kind::Dynamic => "dynamic",
            },
            path: e.path.as_ref().map(|p| p.display().to_string()),
            abi_version: e.abi.or(Some(zhijian_plugin_api::ABI_VERSION)),
            status: "ok".into(),
        })
        .collect();
    for (path, reason) in &registry.problems {
        rows.push(Row {
            name: std::path::Path::new(path)
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into()),
            version: String::new(),
            kind: "dynamic",
            path: Some(path.clone()),
            abi_version: None,
            status: format!("error: {reason}"),
        });
    }
    for (name, path) in external::list() {
        rows.push(Row {
            name,
            version: String::new(),
            kind: "external",
            path: Some(path.display().to_string()),
            abi_version: None,
            status: "ok".into(),
        });
    }
    rows
}

fn list(ctx: &Context, registry: &Registry) -> anyhow::Result<Outcome> {
    let rows = rows(registry);
    if ctx.printer.json {
        ctx.printer.json(&rows)?;
        return Ok(Outcome::Success);
    }
    for row in &rows {
        ctx.printer.line(&format!(
            "{:<12} {:<8} {:<9} {}{}",
            row.name,
            row.version,
            row.kind,
            row.status,
            row.path
                .as_ref()
                .map(|p| format!("  {p}"))
                .unwrap_or_default()
        ))?;
    }
    Ok(Outcome::Success)
}

fn info(ctx: &Context, registry: &Registry, name: &str) -> anyhow::Result<Outcome> {
    let Some(entry) = registry.entries.iter().find(|e| e.manifest.name == name) else {
        if let Some(path) = external::find(name) {
            ctx.printer
                .line(&format!("{name}: external command {}", path.display()))?;
            return Ok(Outcome::Success);
        }
        anyhow::bail!("no plugin named `{name}` (see `zhijian plugins list`)");
    };
    if ctx.printer.json {
        ctx.printer.json(&entry.manifest)?;
        return Ok(Outcome::Success);
    }
    let m = &entry.manifest;
    ctx.printer
        .line(&format!("{} {} — {}", m.name, m.version, m.about))?;
    if let Some(path) = &entry.path {
        ctx.printer
            .line(&format!("loaded from {}", path.display()))?;
    }
    for command in &m.commands {
        ctx.printer.line(&format!(
            "  zhijian {} {:<14} {}",
            m.name, command.name, command.about
        ))?;
        for sub in &command.subcommands {
            ctx.printer.line(&format!(
                "  zhijian {} {} {:<9} {}",
                m.name, command.name, sub.name, sub.about
            ))?;
        }
    }
    for importer in &m.importers {
        ctx.printer.line(&format!(
            "  zhijian import {:<12} {}",
            importer.name, importer.about
        ))?;
    }
    Ok(Outcome::Success)
}
