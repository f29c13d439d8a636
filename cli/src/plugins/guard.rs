//! What a dynamic plugin may write through `host.write`, and the audit line every
//! such write leaves.
//!
//! A dynamic plugin is third-party code: it may write notes and documents, but not
//! personal data, another plugin's records or the configuration, which first-party
//! plugins change only through their own locked and audited code. Every attempt,
//! admitted or refused, leaves one line in `.zhijian/audit.log`, written by the
//! personnel plugin's own audit function so that there is one format and one file.

use std::path::{Component, Path, PathBuf};

use zhijian_kb::Kb;
use zhijian_kb::config::{CONFIG_FILE, STATE_DIR};

/// Checks a dynamic plugin's write of `content` to `rel` (relative to the knowledge
/// base) and audits it; the caller writes only when this says yes.
///
/// The audit line comes first, so that no write is ever missing from the log.
pub fn admit_write(kb: &Kb, plugin: &str, rel: &str, content: &str) -> Result<(), String> {
    let verdict = judge(kb, rel, content);
    let command = match verdict {
        Ok(()) => format!("plugin {plugin} write"),
        Err(_) => format!("plugin {plugin} write refused"),
    };
    zhijian_personnel::audit(kb, &printable(&command), &printable(rel))
        .map_err(|e| format!("cannot write the audit line, so nothing is written: {e}"))?;
    verdict
}

/// Whether the write may happen, and why not.
fn judge(kb: &Kb, rel: &str, content: &str) -> Result<(), String> {
    if rel.chars().any(char::is_control) {
        return Err(format!("{rel:?}: a path holding a control character"));
    }
    let target = kb.inside(rel).map_err(|e| e.to_string())?;
    let inside = resolved_rel(kb.root(), &target).ok_or_else(|| {
        format!("`{rel}` leads outside the knowledge base or through a broken symbolic link")
    })?;
    if let Some(what) = protected(&inside) {
        return Err(format!(
            "plugins loaded from a library may not write {what} (`{rel}`)"
        ));
    }
    if is_person_text(content) {
        return Err(format!(
            "plugins loaded from a library may not write person files (`{rel}` would be one)"
        ));
    }
    if let Ok(existing) = std::fs::read_to_string(&target)
        && is_person_text(&existing)
    {
        return Err(format!(
            "plugins loaded from a library may not write person files (`{rel}` is one)"
        ));
    }
    Ok(())
}

/// LEAD: replace this body when plugins declare their document types (issue 11);
/// until then, the list of what only first-party code may write, by path relative to
/// the knowledge base: personal data, every plugin's records, the configuration and
/// zhijian's own state. Compared without regard to case, as on case-insensitive
/// file systems `People/` is `people/`.
pub fn protected(rel: &Path) -> Option<&'static str> {
    const FOLDERS: [(&str, &str); 5] = [
        (STATE_DIR, "inside .zhijian/"),
        ("people", "person files"),
        (zhijian_training::records::RECORDS_DIR, "training records"),
        ("docket", "case-management records"),
        ("reviews", "case-review records"),
    ];
    let words: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(word) => Some(word.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect();
    if words.len() == 1 && words[0] == CONFIG_FILE {
        return Some("the configuration");
    }
    FOLDERS.into_iter().find_map(|(folder, what)| {
        let folder: Vec<&str> = folder.split('/').collect();
        (words.len() > folder.len() && words.iter().zip(&folder).all(|(w, f)| w == f))
            .then_some(what)
    })
}

/// LEAD: replace with the declared types too: whether a file's front matter says
/// `type = "person"`, wherever the file is.
pub fn is_person_text(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(split) = zhijian_kb::frontmatter::split(text) else {
        return false;
    };
    split
        .front
        .and_then(|front| zhijian_kb::frontmatter::parse(front, split.front_line).ok())
        .is_some_and(|table| table.get("type").and_then(toml::Value::as_str) == Some("person"))
}

/// `target` relative to the canonical `root`, with symbolic links in the part that
/// exists resolved; `None` when it ends up outside the root.
fn resolved_rel(root: &Path, target: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let mut existing = target;
    let mut rest = Vec::new();
    // The file and some folders may not exist yet; resolve the part that does.
    loop {
        // A link to nowhere is not resolved: it could still be created as anything.
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut full = real;
            full.extend(rest.iter().rev());
            return full.strip_prefix(&root).ok().map(Path::to_path_buf);
        }
        if std::fs::symlink_metadata(existing).is_ok() {
            return None;
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// The text with control characters shown as `?`, so a line cannot be forged.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_records_and_configuration_are_protected() {
        for (rel, what) in [
            ("people/p-a.md", "person files"),
            ("People/p-a.md", "person files"),
            ("people/sub/x.md", "person files"),
            ("training/records/p-a.toml", "training records"),
            ("docket/2024.csv", "case-management records"),
            ("reviews/r-1.md", "case-review records"),
            ("zhijian.toml", "the configuration"),
            ("ZHIJIAN.TOML", "the configuration"),
            (".zhijian/audit.log", "inside .zhijian/"),
        ] {
            assert_eq!(protected(Path::new(rel)), Some(what), "{rel}");
        }
        for rel in [
            "notes/a.md",
            "people.md",
            "peoplex/a.md",
            "training/t.md",
            "training/records.md",
            "cases/zhijian.toml",
        ] {
            assert_eq!(protected(Path::new(rel)), None, "{rel}");
        }
    }

    #[test]
    fn person_files_are_known_by_their_type_anywhere() {
        assert!(is_person_text(
            "+++\ntype = \"person\"\nname = \"甲\"\n+++\n"
        ));
        assert!(is_person_text("\u{feff}+++\ntype = \"person\"\n+++\n"));
        assert!(!is_person_text("+++\ntype = \"note\"\n+++\nperson\n"));
        assert!(!is_person_text("type = \"person\"\n"), "no front matter");
        assert!(!is_person_text("+++\ntype = \n+++\n"), "broken TOML");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_judging() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join(CONFIG_FILE), "").expect("config");
        std::fs::create_dir_all(root.join("people")).expect("mkdir");
        std::fs::create_dir_all(root.join("notes")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("people"), root.join("notes/staff")).expect("link");
        std::os::unix::fs::symlink("/tmp", root.join("notes/out")).expect("link");
        let kb = Kb::open(root).expect("kb");
        let err = judge(&kb, "notes/staff/p-a.md", "x").expect_err("into people/");
        assert!(err.contains("person files"), "{err}");
        let err = judge(&kb, "notes/out/x.md", "x").expect_err("out of the KB");
        assert!(err.contains("outside"), "{err}");
        assert_eq!(judge(&kb, "notes/new/deeper/x.md", "x"), Ok(()));
        assert!(judge(&kb, "notes/bad\nline.md", "x").is_err());
    }
}
