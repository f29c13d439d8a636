//! Whose knowledge base and plugin folders zhijian trusts.
//!
//! A knowledge base found by walking up from the current folder must belong to this
//! user or root, as git's `safe.directory` requires of a repository: otherwise anyone
//! who can create a folder above yours chooses what you search, what you run and
//! where you write. Naming it with `--kb` or `ZHIJIAN_KB` is consent. Plugin code is
//! held to more (ssh's `StrictModes`, see `zhijian_plugin_api::exposure`): the
//! plugin folder of a knowledge base is used only when the root, `.zhijian/` and the
//! folder itself can be changed by nobody but this user or root.

use std::path::{Path, PathBuf};

use zhijian_kb::config::{CONFIG_FILE, STATE_DIR};

/// Refuses a knowledge base found by walking up when it, or its `zhijian.toml`,
/// belongs to another user.
pub fn refuse_foreign_kb(root: &Path) -> anyhow::Result<()> {
    for path in [root.to_path_buf(), root.join(CONFIG_FILE)] {
        if let Some(uid) = foreign_owner(&path) {
            anyhow::bail!(
                "refusing the knowledge base {} found above the current folder: {} belongs to \
                 user {uid}, not to you or root (if you trust it, name it with --kb {})",
                root.display(),
                path.display(),
                root.display()
            );
        }
    }
    Ok(())
}

/// The owner of `path` when it is neither this user nor root.
fn foreign_owner(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(path).ok()?.uid();
        (!zhijian_plugin_api::is_trusted_owner(owner, zhijian_plugin_api::current_uid()))
            .then_some(owner)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The folders searched for dynamic plugins, and `(folder, reason)` for a knowledge
/// base's plugin folder refused because others could change what it holds.
pub fn plugin_dirs(kb_root: Option<&Path>) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut dirs = Vec::new();
    let mut problems = Vec::new();
    if let Some(root) = kb_root {
        let state = root.join(STATE_DIR);
        let plugins = state.join("plugins");
        // Only a knowledge base that has plugins is judged: a shared, group-writable
        // knowledge base without any stays usable without a warning.
        if plugins.exists() {
            match [root, &state]
                .into_iter()
                .try_for_each(zhijian_plugin_api::check_trusted)
            {
                Ok(()) => dirs.push(plugins),
                Err(reason) => problems.push((plugins.display().to_string(), reason.to_string())),
            }
        }
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")));
    if let Some(data) = data {
        dirs.push(data.join("zhijian").join("plugins"));
    }
    (dirs, problems)
}
