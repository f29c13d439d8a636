//! What every command needs: the opened knowledge base and the sensitive-field settings.

use zhijian_kb::Kb;
use zhijian_plugin_api::{Format, Host, PluginError, Request};

use crate::error::{PersonnelError, Result};

/// What redacted values are shown as.
pub const MASK: &str = "***";

/// The knowledge base a command works on, and how it prints.
#[derive(Debug)]
pub struct Ctx {
    /// The opened knowledge base.
    pub kb: Kb,
    /// Fields redacted in output (`[personnel] sensitive` in `zhijian.toml`).
    pub sensitive: Vec<String>,
    /// Whether the user asked to see sensitive values (`--show-sensitive`).
    pub show_sensitive: bool,
    /// Text, JSON or CSV.
    pub format: Format,
}

impl Ctx {
    /// Opens the host's knowledge base and reads `[personnel]`.
    pub fn open(request: &Request, host: &dyn Host) -> Result<Ctx, PluginError> {
        let kb = zhijian_plugin_support::open_kb(host)?;
        let sensitive = sensitive_fields(&kb)?;
        Ok(Ctx {
            kb,
            sensitive,
            show_sensitive: request.arg_flag("show-sensitive"),
            format: request.format,
        })
    }

    /// Whether `key`'s values are hidden in this run's output.
    pub fn hides(&self, key: &str) -> bool {
        !self.show_sensitive && self.sensitive.iter().any(|s| s == key)
    }
}

/// `[personnel] sensitive = ["id_number", "phone"]`; absent means none.
pub fn sensitive_fields(kb: &Kb) -> Result<Vec<String>> {
    let Some(section) = kb.config().section("personnel") else {
        return Ok(Vec::new());
    };
    match section.get("sensitive") {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad_sensitive(kb)),
        Some(_) => Err(bad_sensitive(kb)),
    }
}

fn bad_sensitive(kb: &Kb) -> PersonnelError {
    PersonnelError::Config(format!(
        "{}: [personnel] sensitive must be a list of field names, like sensitive = [\"id_number\", \"phone\"]",
        kb.root().join(zhijian_kb::config::CONFIG_FILE).display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(config: &str) -> (tempfile::TempDir, Kb) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), config).expect("config");
        let kb = Kb::open(dir.path(), crate::types::person_types()).expect("kb");
        (dir, kb)
    }

    #[test]
    fn sensitive_fields_come_from_the_personnel_section() {
        let (_dir, with) = kb("[personnel]\nsensitive = [\"phone\", \"id_number\"]\n");
        assert_eq!(
            sensitive_fields(&with).expect("valid"),
            ["phone", "id_number"]
        );
        let (_dir, without) = kb("name = \"x\"\n");
        assert!(sensitive_fields(&without).expect("valid").is_empty());
        let (_dir, bad) = kb("[personnel]\nsensitive = \"phone\"\n");
        let err = sensitive_fields(&bad).expect_err("a string is not a list");
        assert!(err.to_string().ends_with("zhijian.toml: [personnel] sensitive must be a list of field names, like sensitive = [\"id_number\", \"phone\"]"), "{err}");
    }
}
