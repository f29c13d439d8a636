//! `zhijian policy show NAME [--as-of DATE] [--toc]`.

use crate::article::{Article, split_articles};
use serde_json::{Value, json};
use zhijian_plugin_api::{Format, Host, PluginError, Request, Response};

use crate::catalog::{PolicyVersion, as_of_date};
use crate::resolve::resolve;
use zhijian_plugin_support::{json_line as to_json, open_kb};

/// Runs the command.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, PluginError> {
    let kb = open_kb(host)?;
    let name = request.require_str("name")?;
    let date = as_of_date(request.arg_str("as-of"))?;
    let resolved = resolve(&kb, name)?;
    let Some((index, in_force)) = resolved.pick(&date) else {
        return Err(PluginError::not_found(format!(
            "no policy matches `{name}`"
        )));
    };
    let loaded = kb
        .load_path(&resolved.versions[index].path)
        .map_err(|e| PluginError::data(e.to_string()))?;
    let doc = loaded.document;
    let version = PolicyVersion::from_document(&doc);
    let split = split_articles(&doc.body);
    let toc = request.arg_flag("toc");
    if request.format == Format::Json {
        let mut value =
            serde_json::to_value(&version).map_err(|e| PluginError::internal(e.to_string()))?;
        if let Some(map) = value.as_object_mut() {
            map.insert("as_of".into(), json!(date));
            map.insert("in_force".into(), json!(in_force));
            let key = if toc { "toc" } else { "articles" };
            let list = if toc {
                toc_json(&split.articles)
            } else {
                articles_json(&split.articles)
            };
            map.insert(key.into(), list);
        }
        return Ok(Response::new(to_json(&value)?));
    }
    let mut out = header(&version, &date, in_force);
    out.push('\n');
    if toc {
        out.push_str(&toc_text(&split.articles));
    } else {
        out.push_str(doc.body.trim());
        out.push('\n');
    }
    Ok(Response::new(out))
}

fn header(v: &PolicyVersion, date: &str, in_force: bool) -> String {
    let mut out = format!("{}\n", v.title);
    let mut facts = Vec::new();
    facts.extend(v.short.clone());
    facts.extend(v.category.clone());
    facts.extend(v.status.clone());
    facts.extend(v.promulgated.as_ref().map(|d| format!("公布 {d}")));
    facts.extend(v.effective.as_ref().map(|d| format!("施行 {d}")));
    facts.extend(v.version.as_ref().map(|d| format!("版本 {d}")));
    out.push_str(&facts.join(" · "));
    out.push('\n');
    let mut more = vec![format!("id {}", v.id), format!("文件 {}", v.path)];
    more.extend(v.issuer.as_ref().map(|i| format!("制定机关 {i}")));
    more.extend(v.doc_number.as_ref().map(|d| format!("文号 {d}")));
    more.extend(v.source.as_ref().map(|s| format!("来源 {s}")));
    out.push_str(&more.join(" · "));
    out.push('\n');
    if !in_force {
        out.push_str(&format!(
            "注意：{date} 没有生效的版本；以下为最接近的版本。\n"
        ));
    }
    out
}

fn articles_json(articles: &[Article]) -> Value {
    Value::Array(
        articles
            .iter()
            .map(|a| {
                json!({
                    "article": a.no.label(),
                    "number": a.no.number,
                    "sub": a.no.sub,
                    "chapters": a.chapters,
                    "text": a.text,
                })
            })
            .collect(),
    )
}

/// Consecutive articles under the same heading path: (path, first, last, count).
fn sections(articles: &[Article]) -> Vec<(&[String], String, String, usize)> {
    let mut out: Vec<(&[String], String, String, usize)> = Vec::new();
    for article in articles {
        match out.last_mut() {
            Some(last) if last.0 == article.chapters.as_slice() => {
                last.2 = article.no.label();
                last.3 += 1;
            }
            _ => out.push((&article.chapters, article.no.label(), article.no.label(), 1)),
        }
    }
    out
}

fn toc_json(articles: &[Article]) -> Value {
    Value::Array(
        sections(articles)
            .into_iter()
            .map(|(chapters, first, last, count)| json!({"chapters": chapters, "first": first, "last": last, "count": count}))
            .collect(),
    )
}

fn toc_text(articles: &[Article]) -> String {
    let mut out = String::new();
    let mut previous: &[String] = &[];
    for (chapters, first, last, count) in sections(articles) {
        let common = chapters
            .iter()
            .zip(previous)
            .take_while(|(a, b)| a == b)
            .count();
        for (depth, heading) in chapters.iter().enumerate().skip(common) {
            out.push_str(&format!("{}{heading}\n", "  ".repeat(depth)));
        }
        let range = if count == 1 {
            first
        } else {
            format!("{first}—{last}")
        };
        out.push_str(&format!(
            "{}{range}（{count} 条）\n",
            "  ".repeat(chapters.len())
        ));
        previous = chapters;
    }
    if out.is_empty() {
        out.push_str("（没有条文）\n");
    }
    out
}
