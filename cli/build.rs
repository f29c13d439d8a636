//! Embeds `templates/` in the binary, so `zhijian init --starter` and `zhijian new`
//! work from an installed binary with no files beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let templates = manifest_dir.join("../templates");
    println!("cargo:rerun-if-changed={}", templates.display());
    let mut out = String::new();
    for (name, dir) in [("STARTER", "starter"), ("NEW", "new")] {
        let root = templates.join(dir);
        let mut files = Vec::new();
        collect(&root, &mut files);
        files.sort();
        writeln!(
            out,
            "/// Files under `templates/{dir}/`: (path relative to it, contents)."
        )
        .expect("string write");
        writeln!(out, "pub static {name}: &[(&str, &str)] = &[").expect("string write");
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let rel = file.strip_prefix(&root).expect("walked from root");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            writeln!(
                out,
                "    ({rel:?}, include_str!({:?})),",
                file.canonicalize()
                    .expect("file exists")
                    .display()
                    .to_string()
            )
            .expect("string write");
        }
        writeln!(out, "];").expect("string write");
    }
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("templates.rs");
    std::fs::write(dest, out).expect("write templates.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
