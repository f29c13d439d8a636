//! `zhijian policy list [--status S] [--category C]`.

use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use zhijian_plugin_support::{Table, json_line as to_json, open_kb};

use super::or_dash;
use crate::catalog::{catalogue, sort_versions};

/// The statuses a policy version can have.
const STATUSES: [&str; 4] = ["现行有效", "已修改", "已废止", "尚未生效"];

/// Runs the command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let status = request.arg_str("status");
    if let Some(s) = status
        && !STATUSES.contains(&s)
    {
        return Err(PluginError::usage(format!(
            "unknown status `{s}` (known: {})",
            STATUSES.join(", ")
        )));
    }
    let category = request.arg_str("category");
    let mut all = catalogue(&kb)?;
    all.retain(|v| status.is_none_or(|s| v.status.as_deref() == Some(s)));
    all.retain(|v| category.is_none_or(|c| v.category.as_deref() == Some(c)));
    sort_versions(&mut all);
    all.sort_by(|a, b| a.group_key().cmp(b.group_key()));
    if request.format == Format::Json {
        return Ok(Response::new(to_json(&all)?));
    }
    if all.is_empty() {
        return Ok(Response::not_found("没有符合条件的法律法规。\n"));
    }
    let mut table = Table::new(["简称", "类别", "状态", "施行", "id"]);
    for v in &all {
        table.row(vec![
            v.group_key().to_string(),
            or_dash(v.category.as_deref()),
            or_dash(v.status.as_deref()),
            or_dash(v.effective.as_deref()),
            v.id.clone(),
        ]);
    }
    let mut out = table.render();
    out.push_str(&format!("共 {} 个\n", all.len()));
    Ok(Response::new(out))
}
