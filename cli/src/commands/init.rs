//! `zhijian init`: create a knowledge base, optionally with the starter documents.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use zhijian_kb::config::CONFIG_FILE;
use zhijian_kb::write::{PRIVATE_FILE_MODE, atomic_write, create_private_dir};

use crate::app::{Context, Outcome};
use crate::templates::STARTER;

/// Create a knowledge base: zhijian.toml, the folders, and with --starter the sample documents
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create it in (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Add the bundled starter knowledge base (sample cases, laws, training, people)
    #[arg(long)]
    pub starter: bool,
}

const DEFAULT_CONFIG: &str = r#"# zhijian 知识库配置 · knowledge-base settings
name = "检察知识库"
language = "zh"

[scan]
# 只扫描这些文件夹（为空则扫描整个知识库）· folders to scan (empty: all)
include = []
# 不扫描的路径（gitignore 语法）· paths never scanned
ignore = []
max_file_size = "10MB"

[analysis]
# 法律用语词典：长问句中作为整词匹配 · legal terms kept whole in long questions
user_words = []

[personnel]
# 输出时隐去的敏感字段 · fields redacted in output unless --show-sensitive
sensitive = ["id_number", "phone"]
"#;

/// Runs `zhijian init`.
pub fn run(args: &InitArgs, ctx: &Context) -> anyhow::Result<Outcome> {
    let root = &args.dir;
    if root.join(CONFIG_FILE).exists() {
        anyhow::bail!(
            "{} is already a knowledge base (it has a {CONFIG_FILE})",
            root.display()
        );
    }
    std::fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let mut written = 0usize;
    if args.starter {
        for (rel, text) in STARTER {
            write_file(root, rel, text)?;
            written += 1;
        }
    } else {
        write_file(root, CONFIG_FILE, DEFAULT_CONFIG)?;
    }
    let types = crate::plugins::builtin::types();
    for doc_type in types.all() {
        let dir = root.join(doc_type.folder());
        if doc_type.personal() {
            create_private_dir(&dir)?;
        } else {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    ensure_gitignore(root)?;
    if ctx.printer.json {
        ctx.printer
            .json(&serde_json::json!({ "root": root, "files": written }))?;
    } else {
        ctx.printer
            .line(&format!("created knowledge base in {}", root.display()))?;
        if args.starter {
            ctx.printer
                .line(&format!("added {written} starter files (示例文档)"))?;
        }
        let cd = if root == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", root.display())
        };
        ctx.printer
            .line(&format!("next: {cd}zhijian index && zhijian search 醉驾"))?;
    }
    Ok(Outcome::Success)
}

fn write_file(root: &Path, rel: &str, text: &str) -> anyhow::Result<()> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // Personnel records are personal data: owner-only from the first byte.
    let private = crate::plugins::builtin::types().is_private_path(rel);
    if private && let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    atomic_write(&path, text.as_bytes(), private.then_some(PRIVATE_FILE_MODE))?;
    Ok(())
}

fn ensure_gitignore(root: &Path) -> anyhow::Result<()> {
    let path = root.join(".gitignore");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    if existing
        .lines()
        .any(|l| l.trim() == ".zhijian/" || l.trim() == ".zhijian")
    {
        return Ok(());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# zhijian's index and caches (rebuilt by `zhijian index`)\n.zhijian/\n");
    atomic_write(&path, text.as_bytes(), None)?;
    Ok(())
}
