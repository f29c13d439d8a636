//! `zhijian policy versions NAME`.

use serde_json::json;
use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use zhijian_plugin_support::{Table, json_line as to_json, open_kb};

use super::or_dash;
use crate::resolve::resolve;

/// Runs the command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let name = request.require_str("name")?;
    let resolved = resolve(&kb, name)?;
    let today = zhijian_kb::time::today().to_string();
    let current = crate::catalog::select(&resolved.versions, &today, &today)
        .and_then(|(i, ok)| ok.then_some(i));
    if request.format == Format::Json {
        let list: Vec<_> = resolved
            .versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut value = serde_json::to_value(v).unwrap_or_default();
                if let Some(map) = value.as_object_mut() {
                    map.insert("in_force".into(), json!(current == Some(i)));
                }
                value
            })
            .collect();
        return Ok(Response::new(to_json(&list)?));
    }
    let mut table = Table::new(["", "版本", "施行", "状态", "id"]);
    for (i, v) in resolved.versions.iter().enumerate() {
        table.row(vec![
            if current == Some(i) {
                "*".into()
            } else {
                " ".into()
            },
            or_dash(v.version.as_deref()),
            or_dash(v.effective.as_deref()),
            or_dash(v.status.as_deref()),
            v.id.clone(),
        ]);
    }
    let title = resolved
        .versions
        .last()
        .map(|v| v.title.clone())
        .unwrap_or_default();
    let mut out = format!(
        "{title}（{} 个版本，* 为今天生效的版本）\n",
        resolved.versions.len()
    );
    out.push_str(&table.render());
    Ok(Response::new(out))
}
