//! `zhijian import lawrefbook SRC [--dest DIR]`.

pub mod db;
pub mod lawrefbook;
pub mod parse;

use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use zhijian_plugin_support::{json_line as to_json, open_kb};

/// Runs the importer.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let src = std::path::Path::new(request.require_str("src")?);
    let dest_rel = request.arg_str("dest").unwrap_or("policies");
    let dest = kb
        .inside(dest_rel)
        .map_err(|e| PluginError::usage(e.to_string()))?;
    let summary = lawrefbook::import_lawrefbook(src, &dest)?;
    // Lookups read the catalogue from the index, so it is brought up to date now.
    let index_warning = zhijian_kb::index::update(&kb, false, &zhijian_kb::index::NoProgress)
        .err()
        .map(|e| format!("the index was not updated ({e}); run `zhijian index`"));
    if request.format == Format::Json {
        let response = Response::new(to_json(&summary)?);
        return Ok(match index_warning {
            Some(warning) => response.warning(warning),
            None => response,
        });
    }
    let mut out = format!(
        "导入 {}：新增 {}，更新 {}，未变 {}，跳过 {}{}\n",
        src.display(),
        summary.imported,
        summary.updated,
        summary.unchanged,
        summary.skipped.len(),
        if summary.database {
            ""
        } else {
            "（没有 db.sqlite3：日期取自文件名和日期行）"
        }
    );
    for item in &summary.skipped {
        out.push_str(&format!("  跳过 {}: {}\n", item.path, item.reason));
    }
    if !summary.warnings.is_empty() {
        out.push_str(&format!("提示 {} 条：\n", summary.warnings.len()));
        for item in &summary.warnings {
            out.push_str(&format!("  {}: {}\n", item.path, item.reason));
        }
    }
    Ok(match index_warning {
        Some(warning) => Response::new(out).warning(warning),
        None => Response::new(out),
    })
}
