//! `cargo xtask man` and `cargo xtask dist`: what an installation needs besides the
//! source — the binary, its man page, shell completions and the user docs.
//!
//! Procuratorate machines are often offline: one archive copied over and unpacked
//! must be enough.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// Shells `zhijian completions` writes scripts for, and the file name each expects.
const COMPLETIONS: &[(&str, &str)] = &[
    ("bash", "zhijian.bash"),
    ("zsh", "_zhijian"),
    ("fish", "zhijian.fish"),
];

/// `cargo xtask man`: the man page in `target/man/zhijian.1`.
pub fn man() -> anyhow::Result<()> {
    let binary = release_binary()?;
    let out = crate::target_dir().join("man");
    std::fs::create_dir_all(&out)?;
    let page = out.join("zhijian.1");
    std::fs::write(&page, output_of(&binary, &["__man"])?)?;
    eprintln!("wrote {}", page.display());
    Ok(())
}

/// `cargo xtask dist`: `target/dist/zhijian-VERSION-ARCH-OS.tar.gz` holding
/// `bin/zhijian`, `share/man/man1/zhijian.1`, `share/completions/*`, `README.md`
/// and `docs/`.
pub fn run() -> anyhow::Result<()> {
    let binary = release_binary()?;
    let version = String::from_utf8(output_of(&binary, &["--version"])?)?;
    let version = version.split_whitespace().last().unwrap_or("0.0.0");
    let name = format!(
        "zhijian-{version}-{}-{}",
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    let dist = crate::target_dir().join("dist");
    let stage = dist.join(&name);
    if stage.exists() {
        std::fs::remove_dir_all(&stage).with_context(|| format!("remove {}", stage.display()))?;
    }
    assemble(&binary, &stage)?;
    let archive = dist.join(format!("{name}.tar.gz"));
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&dist)
        .arg(&name)
        .status()
        .context("cannot run tar")?;
    if !status.success() {
        bail!("tar failed ({status})");
    }
    println!("{}", archive.display());
    Ok(())
}

/// Lays out an installation of `binary` under `stage`.
fn assemble(binary: &Path, stage: &Path) -> anyhow::Result<()> {
    let root = crate::root();
    let bin = stage.join("bin");
    let man = stage.join("share/man/man1");
    let completions = stage.join("share/completions");
    let docs = stage.join("docs");
    for dir in [&bin, &man, &completions, &docs] {
        std::fs::create_dir_all(dir).with_context(|| format!("mkdir {}", dir.display()))?;
    }
    copy(binary, &bin.join("zhijian"))?;
    strip(&bin.join("zhijian"));
    std::fs::write(man.join("zhijian.1"), output_of(binary, &["__man"])?)?;
    for (shell, file) in COMPLETIONS {
        std::fs::write(
            completions.join(file),
            output_of(binary, &["completions", shell])?,
        )?;
    }
    copy(&root.join("README.md"), &stage.join("README.md"))?;
    for entry in std::fs::read_dir(root.join("docs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            copy(&path, &docs.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// Drops the line tables the release profile keeps for backtraces: 107 MB → 14 MB.
/// Without a `strip` on the machine the archive is only larger.
fn strip(binary: &Path) {
    match Command::new("strip").arg(binary).status() {
        Ok(status) if status.success() => {}
        _ => eprintln!("note: `strip` unavailable or failed; the binary keeps its debug info"),
    }
}

fn release_binary() -> anyhow::Result<PathBuf> {
    crate::run("cargo", &["build", "--release", "-p", "zhijian"])?;
    Ok(crate::target_dir().join("release/zhijian"))
}

/// Standard output of `binary ARGS…`, run outside any knowledge base.
fn output_of(binary: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new(binary)
        .args(args)
        .env_remove("ZHIJIAN_KB")
        .env("NO_COLOR", "1")
        .current_dir(std::env::temp_dir())
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !out.status.success() {
        bail!(
            "zhijian {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn an_installation_has_binary_man_page_completions_and_docs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("zhijian-dist-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        // Stands in for zhijian: prints its arguments, so each file shows what made it.
        let fake = dir.join("fake-zhijian");
        std::fs::write(&fake, "#!/bin/sh\necho \"$@\"\n").expect("write");
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let stage = dir.join("stage");
        assemble(&fake, &stage).expect("assembles");
        let read = |rel: &str| std::fs::read_to_string(stage.join(rel)).expect(rel);
        assert!(stage.join("bin/zhijian").is_file());
        assert_eq!(read("share/man/man1/zhijian.1"), "__man\n");
        assert_eq!(read("share/completions/zhijian.bash"), "completions bash\n");
        assert_eq!(read("share/completions/_zhijian"), "completions zsh\n");
        assert_eq!(read("share/completions/zhijian.fish"), "completions fish\n");
        assert!(read("README.md").starts_with("# 智检 zhijian"));
        assert!(stage.join("docs/guide.zh.md").is_file());
        assert!(stage.join("docs/guide.en.md").is_file());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
