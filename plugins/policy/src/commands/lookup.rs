//! `zhijian policy lookup NAME ARTICLE [--as-of DATE] [--cases]`.

use serde_json::{Value, json};
use zhijian_kb::{Kb, Searcher};
use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use crate::catalog::as_of_date;
use crate::resolve::{ArticleMatch, lookup_article, parse_article};
use zhijian_plugin_support::{json_line as to_json, open_kb};

/// Runs the command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let name = request.require_str("name")?;
    let article = request.require_str("article")?;
    let as_of = request.arg_str("as-of");
    let date = as_of_date(as_of)?;
    let found = lookup_article(&kb, name, article, Some(&date))?;
    let mut warnings = Vec::new();
    let cases = if request.arg_flag("cases") {
        match citing_cases(&kb, &found) {
            Ok(cases) => Some(cases),
            Err(e) => {
                warnings.push(format!("cannot list citing cases: {e}"));
                Some(Vec::new())
            }
        }
    } else {
        None
    };
    let output = if request.format == Format::Json {
        let mut value = json!({
            "policy": found.policy,
            "title": found.title,
            "article": found.article,
            "number": found.number,
            "text": found.text,
            "status": found.status,
            "effective": found.effective,
            "version": found.version,
            "source": found.source,
            "short": found.short,
            "sub": found.sub,
            "chapters": found.chapters,
            "as_of": date,
            "in_force": found.in_force,
            "changed_since": found.changed_since,
        });
        if let (Some(cases), Some(map)) = (&cases, value.as_object_mut()) {
            map.insert("cases".into(), Value::Array(cases.clone()));
        }
        to_json(&value)?
    } else {
        text(&found, &date, as_of.is_some(), cases.as_deref())
    };
    let mut response = Response::new(output);
    for warning in warnings {
        response = response.warning(warning);
    }
    Ok(response)
}

/// The cases whose `statutes` cite the article, as `{id, number, title, path}`.
fn citing_cases(kb: &Kb, found: &ArticleMatch) -> Result<Vec<Value>, PluginError> {
    let searcher = Searcher::open(kb).map_err(|e| PluginError::config(e.to_string()))?;
    let no = parse_article(&found.article)?;
    let mut names = vec![found.title.clone()];
    names.extend(found.short.clone());
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for name in &names {
        for label in [no.label(), no.short_label()] {
            let hits = searcher
                .units_where("statute", &format!("{name} {label}"), 10_000)
                .map_err(|e| PluginError::data(e.to_string()))?;
            for hit in hits {
                if hit.doc_type != "case"
                    || hit.extra.contains_key("section")
                    || !seen.insert(hit.id.clone())
                {
                    continue;
                }
                out.push(json!({
                    "id": hit.id,
                    "number": hit.extra.get("number"),
                    "title": hit.title,
                    "path": hit.path,
                }));
            }
        }
    }
    Ok(out)
}

fn text(found: &ArticleMatch, date: &str, dated: bool, cases: Option<&[Value]>) -> String {
    let mut out = format!("{} {}\n", found.title, found.article);
    let mut facts = Vec::new();
    facts.extend(found.short.clone());
    facts.extend(found.status.clone());
    facts.extend(found.effective.as_ref().map(|d| format!("施行 {d}")));
    facts.extend(found.version.as_ref().map(|v| format!("版本 {v}")));
    facts.push(found.policy.clone());
    out.push_str(&facts.join(" · "));
    out.push('\n');
    if !found.chapters.is_empty() {
        out.push_str(&found.chapters.join(" › "));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&found.text);
    out.push('\n');
    let when = if dated {
        date.to_string()
    } else {
        "今天".to_string()
    };
    if !found.in_force {
        out.push_str(&format!(
            "\n注意：{when}没有生效的版本；以上为最接近的版本。\n"
        ));
    }
    if found.changed_since {
        out.push_str("注意：本条在此后的版本中已修改或删除（见 `zhijian policy versions`）。\n");
    }
    if let Some(cases) = cases {
        if cases.is_empty() {
            out.push_str("\n没有案例引用本条。\n");
        } else {
            out.push_str(&format!("\n引用本条的案例（{}）：\n", cases.len()));
            for case in cases {
                let field = |k: &str| {
                    case.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                let number = field("number");
                let lead = if number.is_empty() {
                    field("id")
                } else {
                    number
                };
                out.push_str(&format!("  {lead}  {}\n", field("title")));
            }
        }
    }
    out
}
