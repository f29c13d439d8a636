//! Reading LawRefBook's `db.sqlite3`: the only source of validity and effective dates.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::PolicyError;

/// One row of the `law` table, with its category's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawRow {
    /// The short name LawRefBook uses (刑法, 民事诉讼法, 民法典 总则).
    pub name: String,
    /// 法律, 行政法规, 司法解释 …
    pub level: String,
    /// The file stem when set (often empty).
    pub filename: String,
    /// Publication date, YYYY-MM-DD or empty.
    pub publish: String,
    /// Whether the version is marked expired (no longer valid).
    pub expired: bool,
    /// Effective date, YYYY-MM-DD or empty.
    pub valid_from: String,
    /// The category's folder (刑法, 司法解释, 部门规章/公安部 …).
    pub folder: String,
}

/// Reads every law row of the database at `path`.
pub fn read(path: &Path) -> Result<Vec<LawRow>, PolicyError> {
    let err = |e: rusqlite::Error| PolicyError::Database {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(err)?;
    let mut statement = conn
        .prepare(
            "SELECT law.name, law.level, law.filename, law.publish, law.expired, law.valid_from, category.folder \
             FROM law LEFT JOIN category ON law.category_id = category.id",
        )
        .map_err(err)?;
    let text = |row: &rusqlite::Row, i: usize| -> rusqlite::Result<String> {
        Ok(match row.get_ref(i)? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).trim().to_string(),
            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
            _ => String::new(),
        })
    };
    let rows = statement
        .query_map([], |row| {
            let expired = match row.get_ref(4)? {
                rusqlite::types::ValueRef::Integer(n) => n != 0,
                rusqlite::types::ValueRef::Text(t) => !matches!(t, b"" | b"0"),
                _ => false,
            };
            Ok(LawRow {
                name: text(row, 0)?,
                level: text(row, 1)?,
                filename: text(row, 2)?,
                publish: text(row, 3)?,
                expired,
                valid_from: text(row, 5)?,
                folder: text(row, 6)?,
            })
        })
        .map_err(err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(err)
}

/// The row describing the file `stem` (date suffix removed) in `folder`, published on `date`.
///
/// `filename` is often empty, so rows are matched on name (or filename) and publication
/// date; a folder match is preferred; without a date the latest publication wins.
pub fn find<'a>(
    rows: &'a [LawRow],
    folder: &str,
    stem: &str,
    date: Option<&str>,
) -> Option<&'a LawRow> {
    let by_name: Vec<&LawRow> = rows
        .iter()
        .filter(|r| r.name == stem || r.filename == stem)
        .collect();
    let in_folder: Vec<&LawRow> = by_name
        .iter()
        .copied()
        .filter(|r| r.folder == folder)
        .collect();
    let pool = if in_folder.is_empty() {
        by_name
    } else {
        in_folder
    };
    match date {
        Some(date) => {
            let dated: Vec<&LawRow> = pool.iter().copied().filter(|r| r.publish == date).collect();
            if dated.is_empty() && pool.len() == 1 {
                pool.first().copied()
            } else {
                dated.first().copied()
            }
        }
        None => pool.into_iter().max_by(|a, b| a.publish.cmp(&b.publish)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, publish: &str, folder: &str) -> LawRow {
        LawRow {
            name: name.into(),
            level: "法律".into(),
            filename: String::new(),
            publish: publish.into(),
            expired: false,
            valid_from: String::new(),
            folder: folder.into(),
        }
    }

    #[test]
    fn rows_match_on_name_date_and_folder() {
        let rows = vec![
            row("民事诉讼法", "2021-12-24", "诉讼与非诉讼程序法"),
            row("民事诉讼法", "2023-09-01", "诉讼与非诉讼程序法"),
            row("刑法", "2020-12-26", "刑法"),
            row("刑法", "1997-03-14", "其他"),
        ];
        let found = find(
            &rows,
            "诉讼与非诉讼程序法",
            "民事诉讼法",
            Some("2021-12-24"),
        )
        .expect("a row");
        assert_eq!(found.publish, "2021-12-24");
        assert_eq!(
            find(&rows, "刑法", "刑法", None).expect("a row").publish,
            "2020-12-26"
        );
        assert_eq!(
            find(&rows, "x", "民事诉讼法", None)
                .expect("latest")
                .publish,
            "2023-09-01"
        );
        assert_eq!(find(&rows, "刑法", "刑法修正案", None), None);
        assert_eq!(
            find(
                &rows,
                "诉讼与非诉讼程序法",
                "民事诉讼法",
                Some("2000-01-01")
            ),
            None
        );
    }

    #[test]
    fn a_database_in_lawrefbook_format_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite3");
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch(SCHEMA).expect("schema");
        conn.execute_batch(
            "INSERT INTO category VALUES ('c1', '刑法', '刑法', 0, NULL, 1);
             INSERT INTO law VALUES ('l1', '法律', '刑法', NULL, '2020-12-26', 0, 1, NULL, '2021-03-01', 1, NULL, 'c1');
             INSERT INTO law VALUES ('l2', '法律', '旧法', '', '2001-01-01', 1, 1, NULL, '', 1, NULL, 'c1');",
        )
        .expect("rows");
        drop(conn);
        let rows = read(&path).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].valid_from, "2021-03-01");
        assert_eq!(rows[0].folder, "刑法");
        assert!(rows[1].expired && rows[1].valid_from.is_empty());
        let broken = dir.path().join("broken.sqlite3");
        std::fs::write(&broken, b"not a database at all").expect("write");
        assert!(matches!(read(&broken), Err(PolicyError::Database { .. })));
    }

    /// The two tables of LawRefBook's database, as found.
    pub const SCHEMA: &str = "CREATE TABLE category (id TEXT NOT NULL UNIQUE PRIMARY KEY, name TEXT NOT NULL, folder TEXT NOT NULL, isSubFolder INTEGER NOT NULL, \"group\" TEXT, \"order\" integer);
        CREATE TABLE law (id TEXT NOT NULL PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, filename TEXT, publish DATE, expired INTEGER NOT NULL, \"order\" integer, subtitle TEXT, valid_from DATE, ver INTEGER, tags TEXT, category_id TEXT NOT NULL, FOREIGN KEY (category_id) REFERENCES category (id));";
}
