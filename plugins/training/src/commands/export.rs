//! `zhijian training export ID --html OUT`: a printable handout of a material or
//! path, rendered with comrak, with a small print style sheet.

use std::path::Path;

use comrak::markdown_to_html;
use serde_json::json;
use zhijian_kb::Document;
use zhijian_kb::write::atomic_write;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{LearningPath, QuizItem, Target, hours_of, quiz_of};
use crate::common::{Context, hours, html_escape, joined, json, required};

const CSS: &str = "body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",\"SimSun\",serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.7;color:#111}
h1{font-size:1.6em;border-bottom:2px solid #333;padding-bottom:.3em}
h2{font-size:1.25em;margin-top:1.6em}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #999;padding:.25em .6em;text-align:left;vertical-align:top}
table.meta th{background:#f2f2f2;white-space:nowrap}
blockquote{color:#555;border-left:3px solid #ccc;margin-left:0;padding-left:1em}
ol.options{list-style:decimal}
.answer-line{border-bottom:1px solid #999;display:inline-block;min-width:4em}
section.step{border-top:1px solid #ccc;margin-top:2em}
footer{margin-top:3em;font-size:.85em;color:#666}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}section.step,section.key{break-before:page}h2,h3{break-after:avoid}table,li{break-inside:avoid}}
";

/// Writes the handout atomically and says where.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let id = required(request, "id")?.trim();
    let out = required(request, "html")?;
    let out = Path::new(out);
    if out.is_dir() {
        return Err(TrainingError::Usage(format!(
            "{} is a folder; give a file name",
            out.display()
        )));
    }
    let html = match ctx.catalog.get(id) {
        Some(doc) if doc.is("path") => path_handout(&ctx.catalog.path(id)?)?,
        Some(doc) if doc.is("training") => material_handout(doc)?,
        _ => {
            return Err(TrainingError::NotFound(format!(
                "no training material or learning path `{id}`"
            )));
        }
    };
    atomic_write(out, html.as_bytes(), None)?;
    let output = match request.format {
        Format::Json => {
            json(&json!({"id": id, "html": out.display().to_string(), "bytes": html.len()}))?
        }
        _ => format!("已导出 {id} → {}（{} 字节）\n", out.display(), html.len()),
    };
    Ok(Response::new(output))
}

fn page(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{content}<footer>由 zhijian 生成 · {}</footer>\n</body>\n</html>\n",
        html_escape(title),
        zhijian_kb::time::today()
    )
}

fn meta(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<table class=\"meta\">\n");
    for (name, value) in rows {
        out.push_str(&format!(
            "<tr><th>{name}</th><td>{}</td></tr>\n",
            html_escape(value)
        ));
    }
    out.push_str("</table>\n");
    out
}

/// The quiz without its answers, for the learner.
fn quiz_html(quiz: &[QuizItem]) -> String {
    let mut out = String::from("<h2>随堂测验</h2>\n<ol class=\"quiz\">\n");
    for item in quiz {
        out.push_str(&format!(
            "<li><p>{}</p>\n<ol class=\"options\">\n",
            html_escape(&item.question)
        ));
        for option in &item.options {
            out.push_str(&format!("<li>{}</li>\n", html_escape(option)));
        }
        out.push_str("</ol>\n<p>答案：<span class=\"answer-line\"></span></p></li>\n");
    }
    out.push_str("</ol>\n");
    out
}

/// The answer key, on its own page when printed.
fn key_html(quizzes: &[(String, Vec<QuizItem>)]) -> String {
    if quizzes.iter().all(|(_, q)| q.is_empty()) {
        return String::new();
    }
    let mut out = String::from("<section class=\"key\">\n<h2>参考答案</h2>\n");
    for (title, quiz) in quizzes.iter().filter(|(_, q)| !q.is_empty()) {
        out.push_str(&format!("<h3>{}</h3>\n<ol>\n", html_escape(title)));
        for item in quiz {
            let option = item.options.get(item.answer - 1).map_or("", String::as_str);
            out.push_str(&format!("<li>{}（{}）", item.answer, html_escape(option)));
            if let Some(explanation) = &item.explanation {
                out.push_str(&format!("：{}", html_escape(explanation)));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    out
}

fn material_meta(doc: &Document) -> String {
    meta(&[
        ("对象", joined(&doc.list_field("audience"))),
        ("级别", doc.str_field("level").unwrap_or("—").to_string()),
        ("学时", hours(hours_of(doc))),
        ("先修", joined(&doc.list_field("prerequisites"))),
        ("关联", joined(&doc.list_field("related"))),
    ])
}

/// A material: its fields, text, quiz and answer key.
pub fn material_handout(doc: &Document) -> Result<String, TrainingError> {
    let quiz = quiz_of(doc)?;
    let mut content = format!(
        "<header>\n<h1>{}</h1>\n{}</header>\n<main>\n",
        html_escape(&doc.title),
        material_meta(doc)
    );
    content.push_str(&markdown_to_html(
        &doc.body,
        &zhijian_kb::markdown::options(),
    ));
    if !quiz.is_empty() {
        content.push_str(&quiz_html(&quiz));
    }
    content.push_str("</main>\n");
    content.push_str(&key_html(&[(doc.title.clone(), quiz)]));
    Ok(page(&doc.title, &content))
}

/// A path: overview table, then each step (a material's text, a case's 要旨 and
/// 指导意义), then the answer key.
pub fn path_handout(path: &LearningPath<'_>) -> Result<String, TrainingError> {
    let doc = path.doc;
    let mut content = format!(
        "<header>\n<h1>{}</h1>\n{}</header>\n<main>\n",
        html_escape(&doc.title),
        meta(&[
            ("对象", joined(&doc.list_field("audience"))),
            (
                "步骤",
                format!(
                    "{}（必修 {}）",
                    path.steps.len(),
                    path.steps.iter().filter(|s| s.required).count()
                )
            ),
            (
                "总学时",
                format!(
                    "{}（必修 {}）",
                    hours(path.total_hours()),
                    hours(path.required_hours())
                )
            ),
        ])
    );
    content.push_str(&markdown_to_html(
        &doc.body,
        &zhijian_kb::markdown::options(),
    ));
    content.push_str("<h2>学习步骤</h2>\n<table>\n<tr><th>#</th><th>类型</th><th>内容</th><th>必修</th><th>学时</th><th>完成日期</th></tr>\n");
    for step in &path.steps {
        content.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td></td></tr>\n",
            step.index,
            step.target.label(),
            html_escape(step.target.title()),
            html_escape(&step.reference),
            if step.required { "必修" } else { "选修" },
            hours(step.target.hours()),
        ));
    }
    content.push_str("</table>\n");
    let mut quizzes = Vec::new();
    for step in &path.steps {
        let target_doc = step.target.doc();
        let kind = if step.required { "必修" } else { "选修" };
        content.push_str(&format!(
            "<section class=\"step\">\n<h2>第 {} 步（{kind}）{}：{}</h2>\n",
            step.index,
            step.target.label(),
            html_escape(step.target.title())
        ));
        let quiz = quiz_of(target_doc)?;
        match step.target {
            Target::Material(doc) => {
                content.push_str(&material_meta(doc));
                content.push_str(&markdown_to_html(
                    &doc.body,
                    &zhijian_kb::markdown::options(),
                ));
            }
            Target::Case(doc) => {
                let number = doc.str_field("number").unwrap_or(&doc.id);
                content.push_str(&meta(&[
                    ("案例编号", number.to_string()),
                    ("学习要求", "阅读要旨和指导意义".into()),
                ]));
                content.push_str(&markdown_to_html(
                    &case_sections(&doc.body),
                    &zhijian_kb::markdown::options(),
                ));
            }
        }
        if !quiz.is_empty() {
            content.push_str(&quiz_html(&quiz));
        }
        content.push_str("</section>\n");
        quizzes.push((step.target.title().to_string(), quiz));
    }
    content.push_str("</main>\n");
    content.push_str(&key_html(&quizzes));
    Ok(page(&doc.title, &content))
}

/// The 要旨 and 指导意义 sections of a case body (the whole body when it has neither).
fn case_sections(body: &str) -> String {
    let wanted = |heading: &str| heading.contains("要旨") || heading.contains("指导意义");
    let mut out = String::new();
    let mut keep: Option<usize> = None;
    for line in body.lines() {
        let level = line.chars().take_while(|&c| c == '#').count();
        let is_heading = (1..=6).contains(&level) && line[level..].starts_with(' ');
        if is_heading {
            if keep.is_some_and(|kept| level <= kept) {
                keep = None;
            }
            if keep.is_none() && wanted(line[level..].trim()) {
                keep = Some(level);
            }
        }
        if keep.is_some() {
            out.push_str(line);
            out.push('\n');
        }
    }
    if out.trim().is_empty() {
        body.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_sections_keep_gist_and_guidance() {
        let body = "> note\n\n## 要旨\n\n甲。\n\n## 基本案情\n\n乙。\n\n## 指导意义\n\n丙。\n\n### 细节\n\n丁。\n\n## 相关规定\n\n戊。\n";
        assert_eq!(
            case_sections(body),
            "## 要旨\n\n甲。\n\n## 指导意义\n\n丙。\n\n### 细节\n\n丁。\n\n"
        );
        assert_eq!(case_sections("正文。\n"), "正文。\n");
    }

    #[test]
    fn material_handouts_escape_and_hide_answers_until_the_key() {
        let text = "+++\ntype = \"training\"\ntitle = \"A <b>\"\nhours = 1\n[[quiz]]\nquestion = \"问？\"\noptions = [\"甲\", \"乙\"]\nanswer = 2\nexplanation = \"因为\"\n+++\n## 目标\n\n正文 <script>x</script>\n";
        let doc = zhijian_kb::load::load(
            "training/a.md",
            text.as_bytes(),
            &crate::declare_types(zhijian_kb::Types::builder()).build(),
        )
        .expect("loads")
        .document;
        let html = material_handout(&doc).expect("renders");
        assert!(html.contains("<title>A &lt;b&gt;</title>"));
        assert!(html.contains("<h2>目标</h2>"));
        assert!(!html.contains("<script>"), "raw HTML is not passed through");
        assert!(html.contains("<li>2（乙）：因为</li>"));
        assert!(html.contains("@media print"));
    }
}
