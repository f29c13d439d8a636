//! Markdown for the terminal: headings, wrapped paragraphs, lists and quotes, with
//! line breaks placed by display width so Chinese text wraps cleanly.

use comrak::Arena;
use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, ListType, NodeValue};
use unicode_width::UnicodeWidthChar;

use crate::output::Printer;

/// Renders `markdown` to lines of at most `width` columns.
pub fn render(markdown: &str, printer: &Printer, width: usize) -> String {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &zhijian_kb::markdown::options());
    let mut out = String::new();
    // Prefixes of the open containers (quotes and list items); iterative, no recursion.
    let mut prefixes: Vec<(String, String)> = Vec::new();
    let mut list_numbers: Vec<Option<usize>> = Vec::new();
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                let value = node.data.borrow().value.clone();
                match value {
                    NodeValue::BlockQuote => prefixes.push(("│ ".into(), "│ ".into())),
                    NodeValue::List(list) => list_numbers.push(match list.list_type {
                        ListType::Ordered => Some(list.start),
                        ListType::Bullet => None,
                    }),
                    NodeValue::Item(_) => {
                        let marker = match list_numbers.last_mut() {
                            Some(Some(n)) => {
                                let marker = format!("{n}. ");
                                *n += 1;
                                marker
                            }
                            _ => "• ".to_string(),
                        };
                        let pad = " ".repeat(marker.chars().count());
                        prefixes.push((marker, pad));
                    }
                    NodeValue::Heading(heading) => {
                        let text = inline_text(node);
                        let marks = "#".repeat(usize::from(heading.level));
                        push_block(
                            &mut out,
                            &prefixes,
                            &[printer.heading(&format!("{marks} {text}"))],
                        );
                    }
                    NodeValue::Paragraph => {
                        let lines = wrap(
                            &inline_text(node),
                            width.saturating_sub(prefix_width(&prefixes)).max(10),
                        );
                        push_block(&mut out, &mut_first(&mut prefixes), &lines);
                    }
                    NodeValue::CodeBlock(code) => {
                        let lines: Vec<String> =
                            code.literal.lines().map(|l| format!("    {l}")).collect();
                        push_block(&mut out, &prefixes, &lines);
                    }
                    NodeValue::ThematicBreak => {
                        push_block(&mut out, &prefixes, &["─".repeat(width.min(40))])
                    }
                    NodeValue::TableRow(_) => {
                        let cells: Vec<String> =
                            node.children().map(|cell| inline_text(cell)).collect();
                        push_block(&mut out, &prefixes, &[cells.join(" │ ")]);
                    }
                    _ => {}
                }
            }
            NodeEdge::End(node) => match node.data.borrow().value {
                NodeValue::BlockQuote | NodeValue::Item(_) => {
                    prefixes.pop();
                }
                NodeValue::List(_) => {
                    list_numbers.pop();
                }
                _ => {}
            },
        }
    }
    out
}

/// The prefixes for the next block: the first line of a list item gets its marker,
/// later lines the padding; using the marker consumes it.
fn mut_first(prefixes: &mut [(String, String)]) -> Vec<(String, String)> {
    let snapshot = prefixes.to_vec();
    for (first, rest) in prefixes.iter_mut() {
        *first = rest.clone();
    }
    snapshot
}

fn prefix_width(prefixes: &[(String, String)]) -> usize {
    prefixes.iter().map(|(_, rest)| display_width(rest)).sum()
}

fn push_block(out: &mut String, prefixes: &[(String, String)], lines: &[String]) {
    let in_item = prefixes
        .iter()
        .any(|(first, _)| first.starts_with('•') || first.ends_with(". "));
    if !out.is_empty() && !in_item {
        out.push('\n');
    }
    for (index, line) in lines.iter().enumerate() {
        for (first, rest) in prefixes {
            out.push_str(if index == 0 { first } else { rest });
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn inline_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for child in node.descendants() {
        match &child.data.borrow().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(code) => text.push_str(&code.literal),
            NodeValue::SoftBreak => {
                let cjk_before = text
                    .chars()
                    .next_back()
                    .is_some_and(zhijian_kb::analysis::is_cjk);
                if !cjk_before {
                    text.push(' ');
                }
            }
            NodeValue::LineBreak => text.push('\n'),
            _ => {}
        }
    }
    text
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Wraps text to `width` columns: anywhere between Chinese characters, at spaces
/// between other words (a word longer than the line is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        let mut last_space: Option<usize> = None;
        for c in paragraph.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width && !line.is_empty() {
                match last_space.filter(|&at| at > 0) {
                    Some(at) if !zhijian_kb::analysis::is_cjk(c) => {
                        let rest = line.split_off(at);
                        lines.push(line.trim_end().to_string());
                        line = rest.trim_start().to_string();
                    }
                    _ => {
                        lines.push(std::mem::take(&mut line));
                    }
                }
                line_width = display_width(&line);
                last_space = None;
                if c == ' ' {
                    continue;
                }
            }
            if c == ' ' {
                last_space = Some(line.len());
            }
            line.push(c);
            line_width += w;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Printer {
        Printer {
            color: false,
            json: false,
            quiet: false,
            width: 40,
        }
    }

    #[test]
    fn chinese_wraps_by_display_width() {
        let lines = wrap("在道路上醉酒驾驶机动车的处拘役并处罚金", 10);
        assert!(lines.iter().all(|l| display_width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "在道路上醉酒驾驶机动车的处拘役并处罚金");
    }

    #[test]
    fn latin_wraps_at_spaces() {
        let lines = wrap("the quick brown fox jumps", 10);
        assert_eq!(lines, ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn renders_headings_lists_and_quotes() {
        let text = render(
            "## 要旨\n\n> 示例文档\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n",
            &plain(),
            40,
        );
        assert!(text.contains("## 要旨"));
        assert!(text.contains("│ 示例文档"));
        assert!(text.contains("• 甲\n• 乙"), "{text}");
        assert!(text.contains("1. 一\n2. 二"), "{text}");
    }
}
