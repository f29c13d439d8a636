//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network) with
//! the indicators, their monthly trends, the three structure ratios and the deadline warnings,
//! for printing and for people who would rather look than read.

pub mod svg;

use std::fmt::Write;

use jiff::civil::Date;

use crate::commands::due::Due;
use crate::commands::{Level, indicators as ind_cmd, structure as st_cmd};
use crate::indicators::{DEFINITIONS, GroupBy, Indicator};
use crate::messages::{self as m, Lang};
use crate::model::Dataset;
use crate::output;
use crate::range::Range;
use crate::structure::{Shares, Structure};
use svg::Series;

/// Rows of the warning table at most; the counts above it cover everything.
pub const MAX_WARNING_ROWS: usize = 200;

/// What the report shows.
#[derive(Debug)]
pub struct Report<'a> {
    /// The records.
    pub data: &'a Dataset,
    /// The period.
    pub range: Range,
    /// The day the warnings are computed for.
    pub as_of: Date,
    /// Indicators over the whole period.
    pub indicators: Vec<Indicator>,
    /// Indicators per month (label, indicators), in date order.
    pub monthly: Vec<(String, Vec<Indicator>)>,
    /// The three ratios over the whole period.
    pub structure: Option<Structure>,
    /// The three ratios per month.
    pub structure_monthly: Vec<Structure>,
    /// Open stages on `as_of`.
    pub due: Vec<Due>,
}

impl<'a> Report<'a> {
    /// Gathers everything the report shows.
    pub fn build(
        data: &'a Dataset,
        range: Range,
        as_of: Date,
        settings: &crate::settings::Settings,
    ) -> Report<'a> {
        let lang = settings.lang;
        let indicators = ind_cmd::ordered(data, range, GroupBy::Whole, lang)
            .into_iter()
            .next()
            .map(|(_, list)| list)
            .unwrap_or_default();
        let monthly = ind_cmd::ordered(data, range, GroupBy::Month, lang);
        let structure = crate::structure::compute(
            data,
            range,
            crate::range::Period::Whole,
            &settings.procedure,
        )
        .into_iter()
        .next();
        let structure_monthly = crate::structure::compute(
            data,
            range,
            crate::range::Period::Month,
            &settings.procedure,
        );
        let due =
            crate::commands::due::open_stages(data, as_of, &settings.calendar, settings.warn_days);
        Report {
            data,
            range,
            as_of,
            indicators,
            monthly,
            structure,
            structure_monthly,
            due,
        }
    }

    /// The whole HTML document.
    pub fn html(&self, lang: Lang) -> String {
        let title = m::REPORT_TITLE.get(lang);
        let open = m::REPORT_OPEN_END.get(lang);
        let from = self
            .range
            .from
            .map_or_else(|| open.to_string(), |d| d.to_string());
        let to = self
            .range
            .to
            .map_or_else(|| open.to_string(), |d| d.to_string());
        let mut h = String::with_capacity(64 * 1024);
        let lang_attr = if lang == Lang::Zh { "zh-CN" } else { "en" };
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{lang_attr}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n<p class=\"note\">{}</p>\n",
            escape(title),
            escape(title),
            escape(&m::REPORT_PERIOD.fill(
                lang,
                &[("from", &from), ("to", &to), ("today", &self.as_of)]
            )),
            escape(m::ANALYSIS_ONLY.get(lang)),
        );
        self.indicator_section(&mut h, lang);
        self.trend_section(&mut h, lang);
        self.structure_section(&mut h, lang);
        self.due_section(&mut h, lang);
        self.formula_section(&mut h, lang);
        h.push_str("</body></html>\n");
        h
    }

    fn indicator_section(&self, h: &mut String, lang: Lang) {
        let _ = writeln!(h, "<h2>{}</h2>", escape(m::REPORT_INDICATORS.get(lang)));
        if self.indicators.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", escape(m::NO_INDICATORS.get(lang)));
            return;
        }
        let rows: Vec<Vec<String>> = self
            .indicators
            .iter()
            .map(|i| {
                vec![
                    i.name.to_string(),
                    i.numerator.to_string(),
                    i.denominator.to_string(),
                    ind_cmd::shown(i),
                ]
            })
            .collect();
        table(
            h,
            &[
                m::COL_INDICATOR.get(lang),
                m::COL_NUMERATOR.get(lang),
                m::COL_DENOMINATOR.get(lang),
                m::COL_VALUE.get(lang),
            ],
            &rows,
        );
    }

    fn trend_section(&self, h: &mut String, lang: Lang) {
        let _ = writeln!(h, "<h2>{}</h2>", escape(m::REPORT_TRENDS.get(lang)));
        if self.monthly.len() < 2 {
            let _ = writeln!(h, "<p>{}</p>", escape(m::REPORT_NO_TREND.get(lang)));
            return;
        }
        // Every month from the first to the last, so that a month without data shows as a gap.
        let x = months_between(&self.monthly[0].0, &self.monthly[self.monthly.len() - 1].0);
        let series_of = |name: &str| Series {
            name: name.to_string(),
            values: x
                .iter()
                .map(|month| {
                    let list = self.monthly.iter().find(|(label, _)| label == month)?;
                    list.1
                        .iter()
                        .find(|i| i.name == name)
                        .and_then(Indicator::value)
                })
                .collect(),
        };
        let rates: Vec<Series> = DEFINITIONS
            .iter()
            .filter(|d| d.name != "案件比")
            .map(|d| series_of(d.name))
            .collect();
        let top = rates
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0f64, |a, b| a.max(*b));
        let y_max = if top > 1.0 { top.ceil() } else { 1.0 };
        h.push_str(&svg::lines(
            m::REPORT_TRENDS.get(lang),
            &x,
            &rates,
            y_max,
            true,
        ));
        h.push('\n');
        let ratio = [series_of("案件比")];
        let top = ratio[0]
            .values
            .iter()
            .flatten()
            .fold(1.0f64, |a, b| a.max(*b));
        h.push_str(&svg::lines(
            "案件比",
            &x,
            &ratio,
            (top * 2.0).ceil() / 2.0,
            false,
        ));
        h.push('\n');
    }

    fn structure_section(&self, h: &mut String, lang: Lang) {
        let _ = writeln!(h, "<h2>{}</h2>", escape(m::REPORT_STRUCTURE.get(lang)));
        let Some(whole) = &self.structure else {
            let _ = writeln!(h, "<p>{}</p>", escape(m::NO_CASES_IN_RANGE.get(lang)));
            return;
        };
        let bars: Vec<(String, Vec<(String, u64)>)> = st_cmd::parts(whole)
            .iter()
            .map(|(title, _, shares)| (title.get(lang).to_string(), shares.parts.clone()))
            .collect();
        // Each ratio is drawn on its own, so that the legend colours of one never mean another's.
        for (title, parts) in bars {
            let _ = writeln!(h, "<h3>{}</h3>", escape(&title));
            h.push_str(&svg::stacked(
                &title,
                &[(m::WHOLE_PERIOD.get(lang).to_string(), parts)],
            ));
            h.push('\n');
        }
        let mut rows = Vec::new();
        for (title, _, shares) in st_cmd::parts(whole) {
            for (name, count) in &shares.parts {
                rows.push(vec![
                    title.get(lang).to_string(),
                    name.clone(),
                    count.to_string(),
                    output::percent(Shares::fraction(*count, whole.total)),
                ]);
            }
        }
        table(
            h,
            &[
                m::COL_RATIO.get(lang),
                m::COL_PART.get(lang),
                m::COL_COUNT.get(lang),
                m::COL_SHARE.get(lang),
            ],
            &rows,
        );
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            escape(m::REPORT_STRUCTURE_TRENDS.get(lang))
        );
        if self.structure_monthly.len() < 2 {
            let _ = writeln!(h, "<p>{}</p>", escape(m::REPORT_NO_TREND.get(lang)));
            return;
        }
        for index in 0..3 {
            let title = st_cmd::parts(&self.structure_monthly[0])[index].0.get(lang);
            let bars: Vec<(String, Vec<(String, u64)>)> = self
                .structure_monthly
                .iter()
                .map(|s| (s.bucket.label(), st_cmd::parts(s)[index].2.parts.clone()))
                .collect();
            let _ = writeln!(h, "<h3>{}</h3>", escape(title));
            h.push_str(&svg::stacked(title, &bars));
            h.push('\n');
        }
    }

    fn due_section(&self, h: &mut String, lang: Lang) {
        let _ = writeln!(h, "<h2>{}</h2>", escape(m::REPORT_DUE.get(lang)));
        let count = |level| self.due.iter().filter(|d| d.level == level).count();
        let summary = m::DUE_SUMMARY.fill(
            lang,
            &[
                ("date", &self.as_of),
                ("total", &self.due.len()),
                ("overdue", &count(Level::Overdue)),
                ("warn", &count(Level::Warn)),
                ("days", &"—"),
                ("ok", &count(Level::Ok)),
            ],
        );
        let _ = writeln!(h, "<p>{}</p>", escape(&summary));
        let rows: Vec<Vec<String>> = self
            .due
            .iter()
            .filter(|d| d.level != Level::Ok)
            .take(MAX_WARNING_ROWS)
            .map(|d| {
                vec![
                    d.case.number.to_string(),
                    d.case.suspect.to_string(),
                    d.stage.kind.label().to_string(),
                    d.stage.deadline.to_string(),
                    d.days_left.to_string(),
                    d.level.label(lang).to_string(),
                    self.data.strings.get(d.case.handler).to_string(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            table(
                h,
                &[
                    m::COL_CASE.get(lang),
                    m::COL_SUSPECT.get(lang),
                    m::COL_STAGE.get(lang),
                    m::COL_DEADLINE.get(lang),
                    m::COL_DAYS_LEFT.get(lang),
                    m::COL_LEVEL.get(lang),
                    m::COL_HANDLER.get(lang),
                ],
                &rows,
            );
        }
    }

    fn formula_section(&self, h: &mut String, lang: Lang) {
        let _ = writeln!(h, "<h2>{}</h2>", escape(m::REPORT_FORMULAS.get(lang)));
        let rows: Vec<Vec<String>> = DEFINITIONS
            .iter()
            .map(|d| {
                vec![
                    d.name.to_string(),
                    d.formula.to_string(),
                    d.source.to_string(),
                ]
            })
            .collect();
        table(
            h,
            &[
                m::COL_INDICATOR.get(lang),
                m::COL_FORMULA.get(lang),
                m::COL_SOURCE.get(lang),
            ],
            &rows,
        );
    }
}

/// `2024-01` … `2024-04`, both included; empty when the labels are not months.
pub fn months_between(first: &str, last: &str) -> Vec<String> {
    let parse = |label: &str| -> Option<(i32, i32)> {
        let (y, m) = label.split_once('-')?;
        Some((y.parse().ok()?, m.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn table(h: &mut String, header: &[&str], rows: &[Vec<String>]) {
    h.push_str("<table><thead><tr>");
    for cell in header {
        let _ = write!(h, "<th>{}</th>", escape(cell));
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for cell in row {
            let _ = write!(h, "<td>{}</td>", escape(cell));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// Escapes text for HTML and SVG.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:800px;margin:24px auto;color:#222;line-height:1.5}h1{font-size:24px;border-bottom:2px solid #1f77b4}h2{font-size:18px;margin-top:28px}h3{font-size:14px;margin:14px 0 0;color:#444}.meta{color:#555}.note{color:#8c564b}table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f0f4f8}svg.chart{display:block;margin:8px 0;max-width:100%;height:auto}@media print{body{margin:0}h2{break-after:avoid}svg.chart,table{break-inside:avoid}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            months_between("2023-11", "2024-02"),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert!(months_between("全部", "2024-02").is_empty());
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
