//! Markdown → plain text, sections and links, with comrak.
//!
//! Every walk here is iterative (comrak's `traverse`), so a pathologically nested
//! file cannot overflow the stack in our code.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

/// What the index and `zhijian check` need from a Markdown body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    /// The body as plain text: one paragraph per line, markup removed.
    pub text: String,
    /// The body cut at its headings; text before the first heading has an empty heading.
    pub sections: Vec<Section>,
    /// Every link and image target, in order.
    pub links: Vec<Link>,
}

/// A heading and the text under it (up to the next heading of any level).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading's plain text (empty for text before the first heading).
    pub heading: String,
    /// 1–6, or 0 for text before the first heading.
    pub level: u8,
    /// 1-based line of the file where the section starts.
    pub line: usize,
    /// The plain text under the heading.
    pub text: String,
}

/// A link target found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub url: String,
    /// 1-based line of the file.
    pub line: usize,
}

impl Markdown {
    /// The text of the first heading, used as a title when the file gives none.
    pub fn first_heading(&self) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.level > 0)
            .map(|s| s.heading.as_str())
    }
}

/// The Markdown dialect of a knowledge base (tables, strikethrough, autolinks,
/// footnotes), shared by everything that parses or renders its documents.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options
}

/// Parses `body`, whose first line is line `first_line` of the file.
pub fn parse(body: &str, first_line: usize) -> Markdown {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options());
    let offset = first_line.saturating_sub(1);
    let mut doc = Markdown::default();
    let mut current = Section {
        line: first_line,
        ..Section::default()
    };
    for block in root.children() {
        let (value, line) = {
            let ast = block.data.borrow();
            (ast.value.clone(), ast.sourcepos.start.line + offset)
        };
        if let NodeValue::Heading(heading) = value {
            if current.level > 0 || !current.text.is_empty() {
                doc.sections.push(std::mem::take(&mut current));
            }
            let mut text = String::new();
            append_text(block, &mut text);
            current = Section {
                heading: text.trim().to_string(),
                level: heading.level,
                line,
                text: String::new(),
            };
            push_paragraph(&mut doc.text, &current.heading);
        } else {
            let mut text = String::new();
            append_text(block, &mut text);
            push_paragraph(&mut current.text, &text);
            push_paragraph(&mut doc.text, &text);
        }
    }
    if current.level > 0 || !current.text.is_empty() {
        doc.sections.push(current);
    }
    collect_links(root, offset, &mut doc.links);
    doc
}

fn push_paragraph(out: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(text);
}

/// Appends the plain text of `node` and its descendants to `out`.
fn append_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    // A soft line break joins two Chinese characters directly (Chinese has no spaces
    // between words) but other text with a space; which one is known only once the
    // next text arrives, so the break is remembered until then.
    let mut pending_break = false;
    for edge in node.traverse() {
        match edge {
            NodeEdge::Start(n) => match &n.data.borrow().value {
                NodeValue::Text(t) => push_inline(out, t, &mut pending_break),
                NodeValue::Code(code) => push_inline(out, &code.literal, &mut pending_break),
                NodeValue::CodeBlock(block) => {
                    push_inline(out, &block.literal, &mut pending_break);
                    out.push('\n');
                }
                NodeValue::SoftBreak => pending_break = true,
                NodeValue::LineBreak => out.push('\n'),
                _ => {}
            },
            NodeEdge::End(n) => match &n.data.borrow().value {
                NodeValue::Paragraph | NodeValue::Item(_) | NodeValue::Heading(_) => {
                    pending_break = false;
                    if !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                }
                NodeValue::TableCell => out.push(' '),
                NodeValue::TableRow(_) => out.push('\n'),
                _ => {}
            },
        }
    }
}

fn push_inline(out: &mut String, text: &str, pending_break: &mut bool) {
    if std::mem::take(pending_break) {
        let before = out.chars().next_back();
        let after = text.chars().next();
        let both_cjk = before.is_some_and(crate::analysis::is_cjk)
            && after.is_some_and(crate::analysis::is_cjk);
        if !both_cjk {
            out.push(' ');
        }
    }
    out.push_str(text);
}

fn collect_links<'a>(root: &'a AstNode<'a>, offset: usize, links: &mut Vec<Link>) {
    for node in root.descendants() {
        let ast = node.data.borrow();
        let url = match &ast.value {
            NodeValue::Link(link) | NodeValue::Image(link) => link.url.clone(),
            NodeValue::WikiLink(link) => link.url.clone(),
            _ => continue,
        };
        links.push(Link {
            url,
            line: ast.sourcepos.start.line + offset,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sections_and_links() {
        let body = "导言\n\n## 要旨\n\n醉酒驾驶\n机动车的，**依法**处理。\n\n## 相关规定\n\n见[刑法](../policies/xingfa.md)。\n";
        let md = parse(body, 5);
        assert_eq!(md.sections.len(), 3);
        assert_eq!(md.sections[0].heading, "");
        assert_eq!(md.sections[1].heading, "要旨");
        assert_eq!(md.sections[1].line, 7);
        // Chinese lines joined without a space, so 驾驶机动车 stays one run.
        assert_eq!(md.sections[1].text, "醉酒驾驶机动车的，依法处理。");
        assert_eq!(md.first_heading(), Some("要旨"));
        assert_eq!(
            md.links,
            vec![Link {
                url: "../policies/xingfa.md".into(),
                line: 14
            }]
        );
        assert!(md.text.contains("导言\n要旨\n醉酒驾驶机动车的"));
    }

    #[test]
    fn latin_lines_are_joined_with_a_space_and_html_is_dropped() {
        let md = parse("hello\nworld\n\n<!-- INFO END -->\n", 1);
        assert_eq!(md.text, "hello world");
    }

    #[test]
    fn tables_and_code_keep_their_text() {
        let md = parse(
            "| a | 表格 |\n|---|---|\n| 1 | 内容 |\n\n```\ncode 块\n```\n",
            1,
        );
        assert!(md.text.contains("表格"), "{}", md.text);
        assert!(md.text.contains("内容"));
        assert!(md.text.contains("code 块"));
    }
}
