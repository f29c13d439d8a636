//! The one table of zhijian: columns aligned by display width for the terminal, and
//! the same rows as CSV that Excel opens (UTF-8 with a byte-order mark, formulas
//! defused).

use crate::text::{clean, width};

/// Rows under a header, printed aligned or written as CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
}

impl Table {
    /// An empty table with these column headers (no header line when empty).
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Table {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            indent: 0,
        }
    }

    /// Spaces printed before every line of text output.
    #[must_use]
    pub fn indent(mut self, spaces: usize) -> Table {
        self.indent = spaces;
        self
    }

    /// Adds a row.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The rows added so far.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table for the terminal: columns two spaces apart, aligned by display
    /// width, no trailing spaces, control characters escaped.
    pub fn render(&self) -> String {
        let header: Vec<String> = self.headers.iter().map(|h| clean(h)).collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| clean(c)).collect())
            .collect();
        let lines: Vec<&Vec<String>> = (!header.is_empty())
            .then_some(&header)
            .into_iter()
            .chain(&rows)
            .collect();
        let columns = lines.iter().map(|l| l.len()).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for line in &lines {
            for (at, cell) in line.iter().enumerate() {
                widths[at] = widths[at].max(width(cell));
            }
        }
        let mut out = String::new();
        for line in lines {
            let mut text = " ".repeat(self.indent);
            for (at, cell) in line.iter().enumerate() {
                text.push_str(cell);
                if at + 1 < line.len() {
                    text.push_str(&" ".repeat(widths[at] - width(cell) + 2));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }

    /// The table as CSV for Excel: UTF-8 with a byte-order mark (Excel 中文版 reads
    /// BOM-less UTF-8 as GBK), quoted as needed, and every cell that a spreadsheet
    /// would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
    /// prefixed with `'`, as OWASP recommends against CSV injection.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        let mut write = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| defuse(c)).collect();
            // Writing into a Vec<u8> cannot fail.
            let _ = writer.write_record(&cells);
        };
        if !self.headers.is_empty() {
            write(&self.headers);
        }
        for row in &self.rows {
            write(row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}

/// A cell a spreadsheet would read as a formula, made plain text.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(["编号", "类型", "学时"]);
        t.row(["a", "教材", "1.5"]);
        t.row(["b2", "案例，典型", "=cmd|' /C calc'!A0"]);
        t
    }

    #[test]
    fn text_is_aligned_by_display_width() {
        assert_eq!(
            table().indent(1).render(),
            " 编号  类型        学时\n a     教材        1.5\n b2    案例，典型  =cmd|' /C calc'!A0\n"
        );
        let mut bare = Table::new(Vec::<String>::new());
        bare.row(["刑法", "a"]);
        bare.row(["x", "b"]);
        assert_eq!(bare.render(), "刑法  a\nx     b\n");
    }

    #[test]
    fn csv_has_a_bom_quotes_and_no_formulas() {
        let csv = table().to_csv();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(
            csv.trim_start_matches('\u{feff}'),
            "编号,类型,学时\na,教材,1.5\nb2,案例，典型,'=cmd|' /C calc'!A0\n"
        );
        for formula in ["@SUM(1)", "+1", "-2+3", "\tx"] {
            assert!(defuse(formula).starts_with('\''), "{formula}");
        }
        let mut quoted = Table::new(["a"]);
        quoted.row(["say \"hi\", ok"]);
        assert!(quoted.to_csv().ends_with("\"say \"\"hi\"\", ok\"\n"));
    }

    #[test]
    fn cells_cannot_drive_the_terminal() {
        let mut t = Table::new(["标题"]);
        t.row(["\u{1b}[2J清屏"]);
        assert!(!t.render().contains('\u{1b}'));
    }
}
