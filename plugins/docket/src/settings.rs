//! The plugin's settings in `zhijian.toml`: `[docket]` (warning days, column names, the
//! 依程序/依职权 mapping) and `[calendar]` (holidays and working days that override the shipped
//! notices).

use std::collections::HashMap;

use jiff::civil::Date;
use zhijian_kb::Kb;

use crate::calendar::{self, Calendar};
use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::structure::{BY_AUTHORITY, BY_PROCEDURE, ProcedureMap};

/// Days before a deadline at which a stage turns from `ok` to `warn`, unless configured.
pub const DEFAULT_WARN_DAYS: i64 = 3;

/// Everything the commands read from `zhijian.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `[docket] warn_days`.
    pub warn_days: i64,
    /// `[docket.columns]`: our column name → the names an export may use instead.
    pub columns: HashMap<String, Vec<String>>,
    /// `[docket.structure]`.
    pub procedure: ProcedureMap,
    /// The shipped calendar with `[calendar]` applied.
    pub calendar: Calendar,
    /// The language of text output.
    pub lang: Lang,
}

impl Settings {
    /// Reads the settings of `kb`; messages in `lang`.
    pub fn load(kb: &Kb, lang: Lang) -> Result<Settings> {
        let file = kb
            .root()
            .join(zhijian_kb::config::CONFIG_FILE)
            .display()
            .to_string();
        let bad = |problem: String| {
            DocketError::Config(
                m::CONFIG_PROBLEM.fill(lang, &[("file", &file), ("problem", &problem)]),
            )
        };
        let docket = kb.config().section("docket");
        let warn_days = match docket.and_then(|d| d.get("warn_days")) {
            None => DEFAULT_WARN_DAYS,
            Some(toml::Value::Integer(n)) if (0..=365).contains(n) => *n,
            Some(_) => return Err(bad(m::CONFIG_WARN_DAYS.get(lang).to_string())),
        };
        let mut columns = HashMap::new();
        if let Some(value) = docket.and_then(|d| d.get("columns")) {
            let table = value
                .as_table()
                .ok_or_else(|| bad(m::CONFIG_COLUMNS.get(lang).to_string()))?;
            for (ours, theirs) in table {
                let names = strings(theirs)
                    .ok_or_else(|| bad(m::CONFIG_COLUMN.fill(lang, &[("key", ours)])))?;
                columns.insert(ours.clone(), names);
            }
        }
        let mut procedure = ProcedureMap::default();
        if let Some(value) = docket.and_then(|d| d.get("structure")) {
            let table = value
                .as_table()
                .ok_or_else(|| bad(m::CONFIG_STRUCTURE.get(lang).to_string()))?;
            for (key, list) in table {
                let names = strings(list)
                    .ok_or_else(|| bad(m::CONFIG_STRUCTURE_LIST.fill(lang, &[("key", key)])))?;
                match key.as_str() {
                    BY_PROCEDURE => procedure.by_procedure = names,
                    BY_AUTHORITY => procedure.by_authority = names,
                    other => {
                        let args: [(&str, &dyn std::fmt::Display); 3] =
                            [("key", &other), ("a", &BY_PROCEDURE), ("b", &BY_AUTHORITY)];
                        return Err(bad(m::CONFIG_STRUCTURE_KEY.fill(lang, &args)));
                    }
                }
            }
        }
        let mut calendar = Calendar::shipped().map_err(DocketError::Config)?;
        if let Some(section) = kb.config().section("calendar") {
            let days = |key: &str| -> Result<Vec<Date>> {
                let Some(value) = section.get(key) else {
                    return Ok(Vec::new());
                };
                let items = value
                    .as_array()
                    .ok_or_else(|| bad(m::CONFIG_CALENDAR_LIST.fill(lang, &[("key", &key)])))?;
                let mut out = Vec::new();
                for item in items {
                    let text = match item {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Datetime(d) => d.to_string(),
                        other => other.to_string(),
                    };
                    let days = calendar::expand(&text).ok_or_else(|| {
                        bad(m::CONFIG_CALENDAR_DATE.fill(lang, &[("key", &key), ("value", &text)]))
                    })?;
                    out.extend(days);
                }
                Ok(out)
            };
            let holidays = days("holidays")?;
            let workdays = days("workdays")?;
            calendar.override_days(&holidays, &workdays);
        }
        Ok(Settings {
            warn_days,
            columns,
            procedure,
            calendar,
            lang,
        })
    }
}

fn strings(value: &toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn settings(config: &str) -> Result<Settings> {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("zhijian.toml"), config).expect("config");
        let kb = Kb::open(dir.path(), zhijian_kb::Types::default()).expect("kb");
        Settings::load(&kb, Lang::Zh)
    }

    #[test]
    fn defaults() {
        let s = settings("name = \"x\"\n").expect("valid");
        assert_eq!(s.warn_days, 3);
        assert!(s.columns.is_empty());
        assert_eq!(s.procedure, ProcedureMap::default());
        assert_eq!(s.lang, Lang::Zh);
    }

    #[test]
    fn every_section_is_read() {
        let s = settings(
            "[docket]\nwarn_days = 5\n[docket.columns]\n\"受理日期\" = \"受理时间\"\n\"部门受案号\" = [\"BMSAH\", \"受案号\"]\n[docket.structure]\n\"依职权监督\" = [\"主动发现\", \"上级交办\"]\n[calendar]\nholidays = [\"2027-01-01..2027-01-03\", 2027-02-05]\nworkdays = [\"2024-02-24\"]\n",
        )
        .expect("valid");
        assert_eq!(s.warn_days, 5);
        assert_eq!(s.columns["部门受案号"], ["BMSAH", "受案号"]);
        assert_eq!(s.procedure.by_authority, ["主动发现", "上级交办"]);
        assert!(s.calendar.is_rest_day(date(2027, 1, 2)) && s.calendar.covers(2027));
        assert!(s.calendar.is_rest_day(date(2027, 2, 5)));
        assert!(!s.calendar.is_rest_day(date(2024, 2, 24)));
    }

    #[test]
    fn mistakes_name_the_file_and_the_key() {
        for (config, needle) in [
            ("[docket]\nwarn_days = \"3\"\n", "warn_days 应为 0 到 365"),
            ("[docket]\ncolumns = 1\n", "[docket.columns] 应为表"),
            ("[docket.structure]\n\"其他\" = []\n", "未知的键「其他」"),
            (
                "[calendar]\nholidays = [\"2027-02-30\"]\n",
                "[calendar] holidays：「2027-02-30」不是日期",
            ),
            (
                "[calendar]\nworkdays = \"2027-01-01\"\n",
                "[calendar] workdays 应为日期列表",
            ),
        ] {
            let err = settings(config).expect_err(config).to_string();
            assert!(
                err.contains("zhijian.toml：") && err.contains(needle),
                "{config}: {err}"
            );
        }
    }
}
