//! Tidy tests: habits of the codebase that `cargo test` keeps true.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    fn sources() -> Vec<PathBuf> {
        let root = crate::root();
        let mut files = Vec::new();
        for dir in [
            "cli",
            "kb",
            "plugins",
            "xtask",
            "tests",
            "fuzz/fuzz_targets",
        ] {
            rust_files(&root.join(dir), &mut files);
        }
        assert!(
            files.len() > 50,
            "the tidy test found too few files: {}",
            files.len()
        );
        files
    }

    #[test]
    fn every_module_opens_with_a_doc_line() {
        let missing: Vec<String> = sources()
            .into_iter()
            .filter(|f| {
                std::fs::read_to_string(f).is_ok_and(|text| !text.trim_start().starts_with("//!"))
            })
            .map(|f| f.display().to_string())
            .collect();
        assert!(
            missing.is_empty(),
            "modules without a `//!` line: {missing:?}"
        );
    }

    #[test]
    fn every_workspace_member_is_in_architecture_md() {
        let root = crate::root();
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("root Cargo.toml");
        let architecture =
            std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).expect("ARCHITECTURE.md");
        let members: Vec<&str> = manifest
            .lines()
            .skip_while(|l| !l.starts_with("members"))
            .skip(1)
            .take_while(|l| !l.starts_with(']'))
            .filter_map(|l| {
                l.trim()
                    .trim_end_matches(',')
                    .strip_prefix('"')?
                    .strip_suffix('"')
            })
            .collect();
        assert!(
            members.len() >= 8,
            "members not found in Cargo.toml: {members:?}"
        );
        for member in members {
            let folder = member.trim_end_matches("/*");
            assert!(
                architecture.contains(&format!("`{folder}/`")),
                "docs/ARCHITECTURE.md does not name `{folder}/`"
            );
        }
    }

    #[test]
    fn user_files_are_written_only_through_atomic_write() {
        // Library and plugin code may write user files only via kb::write::atomic_write;
        // a plain fs::write there could leave a torn file after a crash.
        let root = crate::root();
        let mut offenders = Vec::new();
        for file in sources() {
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .to_string();
            let library =
                rel.starts_with("kb/src") || (rel.starts_with("plugins/") && rel.contains("/src/"));
            if !library || rel.starts_with("plugins/examples") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            // Code after `#[cfg(test)]` is test code, which may write fixtures directly.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            if code.contains("fs::write(") {
                offenders.push(rel);
            }
        }
        assert!(
            offenders.is_empty(),
            "fs::write outside atomic_write: {offenders:?}"
        );
    }

    /// Library code: `kb/src` and every plugin's `src`, without the test modules.
    fn library_code() -> Vec<(String, String)> {
        let root = crate::root();
        sources()
            .into_iter()
            .filter_map(|file| {
                let rel = file
                    .strip_prefix(&root)
                    .unwrap_or(&file)
                    .to_string_lossy()
                    .replace('\\', "/");
                let library = rel.starts_with("kb/src")
                    || (rel.starts_with("plugins/") && rel.contains("/src/"));
                if !library || rel.starts_with("plugins/examples") {
                    return None;
                }
                let text = std::fs::read_to_string(&file).ok()?;
                let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                Some((rel, code))
            })
            .collect()
    }

    #[test]
    fn files_are_opened_for_writing_only_by_the_write_helpers() {
        // Locks and the append-only audit log open files themselves; everything else
        // goes through atomic_write or locked_update.
        const ALLOWED: [&str; 3] = ["kb/src/write.rs", "kb/src/lock.rs", "kb/src/audit.rs"];
        let offenders: Vec<String> = library_code()
            .into_iter()
            .filter(|(rel, code)| {
                let opens = |call: &str| {
                    code.match_indices(call).any(|(at, _)| {
                        !code[..at]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_')
                    })
                };
                !ALLOWED.contains(&rel.as_str())
                    && (opens("File::create(") || opens("OpenOptions::new()"))
            })
            .map(|(rel, _)| rel)
            .collect();
        assert!(
            offenders.is_empty(),
            "files opened for writing outside kb's write helpers: {offenders:?}"
        );
    }

    #[test]
    fn kb_knows_no_document_type_but_note() {
        // A plugin declares its types; kb holding one of their names would mean a
        // domain rule crept back into the engine.
        // (`path` is left out: it is also the name of every unit's file field.)
        const PLUGIN_TYPES: [&str; 5] = [
            "\"case\"",
            "\"policy\"",
            "\"person\"",
            "\"training\"",
            "\"article\"",
        ];
        let mut found = Vec::new();
        for (rel, code) in library_code() {
            if !rel.starts_with("kb/src") {
                continue;
            }
            let code: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for name in PLUGIN_TYPES {
                if code.contains(name) {
                    found.push(format!("{rel}: {name}"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "kb names plugin document types: {found:?}"
        );
    }

    #[test]
    fn library_crates_deny_printing() {
        let root = crate::root();
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
        for lint in ["print_stdout = \"deny\"", "print_stderr = \"deny\""] {
            assert!(manifest.contains(lint), "workspace lints lack {lint}");
        }
        let allowed: Vec<String> = library_code()
            .into_iter()
            .filter(|(_, code)| code.contains("clippy::print_std"))
            .map(|(rel, _)| rel)
            .collect();
        assert!(
            allowed.is_empty(),
            "library code allows printing: {allowed:?}"
        );
    }
}
