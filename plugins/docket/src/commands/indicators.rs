//! `zhijian docket indicators [--from DATE --to DATE] [--by unit|dept|month]`.

use serde_json::{Value, json};
use zhijian_plugin_api::{Request, Response};

use super::Ctx;
use crate::error::Result;
use crate::indicators::{self, Group, GroupBy, Indicator};
use crate::messages::{self as m, Lang};
use crate::model::{Dataset, Strings};
use crate::output;
use crate::range::Range;

/// The groups of indicators, ordered by name or date (never by value: no ranking).
pub fn ordered(
    data: &Dataset,
    range: Range,
    by: GroupBy,
    lang: Lang,
) -> Vec<(String, Vec<Indicator>)> {
    labelled(indicators::compute(data, range, by), &data.strings, lang)
}

/// Groups named, and ordered by name or date.
pub fn labelled(
    groups: Vec<(Group, Vec<Indicator>)>,
    strings: &Strings,
    lang: Lang,
) -> Vec<(String, Vec<Indicator>)> {
    let mut groups: Vec<(String, Vec<Indicator>)> = groups
        .into_iter()
        .map(|(group, list)| (label(&group, strings, lang), list))
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

fn label(group: &Group, s: &Strings, lang: Lang) -> String {
    match group {
        Group::Whole => m::WHOLE_PERIOD.get(lang).to_string(),
        Group::Unit(unit) => s.get(*unit).to_string(),
        Group::Dept(unit, dept) => format!("{} {}", s.get(*unit), s.get(*dept)),
        Group::Month(bucket) => bucket.label(),
    }
}

/// The value of an indicator for people: a percentage, or a plain ratio for 案件比.
pub fn shown(indicator: &Indicator) -> String {
    if indicator.name == "案件比" {
        output::ratio(indicator.value())
    } else {
        output::percent(indicator.value())
    }
}

/// Runs the command.
pub fn run(ctx: &Ctx, request: &Request) -> Result<Response> {
    let lang = ctx.lang;
    let range = super::range_arg(request, lang)?;
    let by = match super::choice_arg(request, "by", &["unit", "dept", "month"], lang)? {
        Some("unit") => GroupBy::Unit,
        Some("dept") => GroupBy::Dept,
        Some("month") => GroupBy::Month,
        _ => GroupBy::Whole,
    };
    let (tally, strings) = ctx.visit(
        || indicators::Tally::new(range, by),
        |tally, case, _| tally.add(&case),
    )?;
    let groups = labelled(tally.finish(), &strings, lang);
    let found = !groups.is_empty();
    let output = if ctx.json() {
        let list: Vec<Value> = groups
            .iter()
            .map(|(name, list)| {
                let items: Vec<Value> = list
                    .iter()
                    .map(|i| {
                        json!({"name": i.name, "numerator": i.numerator, "denominator": i.denominator, "value": output::fraction(i.value())})
                    })
                    .collect();
                let group = if by == GroupBy::Whole { Value::Null } else { Value::from(name.as_str()) };
                json!({"group": group, "indicators": items})
            })
            .collect();
        output::json(&json!({
            "from": range.from.map(|d| d.to_string()),
            "to": range.to.map(|d| d.to_string()),
            "by": request.arg_str("by"),
            "groups": list,
        }))?
    } else if found {
        let header = [
            m::COL_GROUP.get(lang),
            m::COL_INDICATOR.get(lang),
            m::COL_NUMERATOR.get(lang),
            m::COL_DENOMINATOR.get(lang),
            m::COL_VALUE.get(lang),
        ];
        let rows: Vec<Vec<String>> = groups
            .iter()
            .flat_map(|(name, list)| {
                list.iter().map(move |i| {
                    vec![
                        name.clone(),
                        i.name.to_string(),
                        i.numerator.to_string(),
                        i.denominator.to_string(),
                        shown(i),
                    ]
                })
            })
            .collect();
        let mut out = output::table(&header, rows);
        out.push_str(m::ANALYSIS_ONLY.get(lang));
        out.push('\n');
        out
    } else {
        String::new()
    };
    Ok(if found {
        Response::new(output)
    } else {
        Response::not_found(output).warning(m::NO_INDICATORS.get(lang))
    })
}
