//! One module per `zhijian docket` command, and what they share.

pub mod due;
pub mod import;
pub mod indicators;
pub mod report;
pub mod show;
pub mod structure;

use jiff::civil::Date;
use zhijian_kb::Kb;
use zhijian_plugin_api::{Format, Host, PluginError, Request};
use zhijian_plugin_support::Session;

use crate::error::{DocketError, Result};
use crate::messages::{self as m, Lang};
use crate::model::{Case, Dataset, Strings};
use crate::range::Range;
use crate::settings::Settings;
use crate::stages::Stage;

/// What every command needs: the knowledge base, its settings, the output format.
#[derive(Debug)]
pub struct Ctx {
    /// The opened knowledge base.
    pub kb: Kb,
    /// `[docket]` and `[calendar]`.
    pub settings: Settings,
    /// The language of text output.
    pub lang: Lang,
    /// Text or JSON.
    pub format: Format,
}

impl Ctx {
    /// The knowledge base the host opened, and the settings.
    pub fn open(request: &Request, host: &dyn Host) -> Result<Ctx, PluginError> {
        let lang = Session::of(host)?.lang();
        let kb = zhijian_plugin_support::open_kb(host)?;
        let settings = Settings::load(&kb, lang)?;
        Ok(Ctx {
            lang,
            kb,
            settings,
            format: request.format,
        })
    }

    /// The imported records; a "nothing imported" error when there are none.
    pub fn dataset(&self) -> Result<Dataset> {
        let data = crate::store::load(&self.kb, self.lang)?;
        if data.cases.is_empty() {
            return Err(DocketError::NotFound(
                m::NOTHING_IMPORTED.get(self.lang).to_string(),
            ));
        }
        Ok(data)
    }

    /// Streams every imported case row through `f` (see [`crate::store::visit`]); a "nothing
    /// imported" error when there are none.
    pub fn visit<A>(
        &self,
        init: impl FnMut() -> A,
        f: impl FnMut(&mut A, Case, &Strings),
    ) -> Result<(A, Strings)> {
        let (acc, strings, rows) = crate::store::visit(&self.kb, self.lang, init, f)?;
        if rows == 0 {
            return Err(DocketError::NotFound(
                m::NOTHING_IMPORTED.get(self.lang).to_string(),
            ));
        }
        Ok((acc, strings))
    }

    /// Whether output is JSON.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// Today in the local time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// A date option (`--as-of`, `--from`, `--to`), `None` when absent.
pub fn date_arg(request: &Request, name: &str, lang: Lang) -> Result<Option<Date>> {
    let Some(text) = request.arg_str(name) else {
        return Ok(None);
    };
    zhijian_kb::time::parse_date(text).map(Some).ok_or_else(|| {
        DocketError::Usage(m::BAD_ARG_DATE.fill(lang, &[("arg", &name), ("value", &text)]))
    })
}

/// `--from` and `--to`.
pub fn range_arg(request: &Request, lang: Lang) -> Result<Range> {
    let range = Range {
        from: date_arg(request, "from", lang)?,
        to: date_arg(request, "to", lang)?,
    };
    if let (Some(from), Some(to)) = (range.from, range.to)
        && from > to
    {
        return Err(DocketError::Usage(
            m::BAD_RANGE.fill(lang, &[("from", &from), ("to", &to)]),
        ));
    }
    Ok(range)
}

/// A choice option, checked against its values.
pub fn choice_arg<'a>(
    request: &'a Request,
    name: &str,
    choices: &[&str],
    lang: Lang,
) -> Result<Option<&'a str>> {
    match request.arg_str(name) {
        None => Ok(None),
        Some(value) if choices.contains(&value) => Ok(Some(value)),
        Some(value) => Err(DocketError::Usage(m::BAD_ARG_CHOICE.fill(
            lang,
            &[
                ("arg", &name),
                ("value", &value),
                ("choices", &choices.join(", ")),
            ],
        ))),
    }
}

/// How urgent an open stage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Past its deadline.
    Overdue,
    /// Due within `[docket] warn_days`.
    Warn,
    /// Neither.
    Ok,
}

impl Level {
    /// The level of a stage with `days_left` days to go.
    pub fn of(days_left: i64, warn_days: i64) -> Level {
        if days_left < 0 {
            Level::Overdue
        } else if days_left <= warn_days {
            Level::Warn
        } else {
            Level::Ok
        }
    }

    /// `ok`, `warn` or `overdue`, for JSON.
    pub fn key(&self) -> &'static str {
        match self {
            Level::Overdue => "overdue",
            Level::Warn => "warn",
            Level::Ok => "ok",
        }
    }

    /// The level in words.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            Level::Overdue => m::LEVEL_OVERDUE.get(lang),
            Level::Warn => m::LEVEL_WARN.get(lang),
            Level::Ok => m::LEVEL_OK.get(lang),
        }
    }
}

/// Days from `as_of` to the stage's deadline, and its level.
pub fn urgency(stage: &Stage, as_of: Date, warn_days: i64) -> (i64, Level) {
    let days = zhijian_kb::time::days_between(as_of, stage.deadline);
    (days, Level::of(days, warn_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(Level::of(-1, 3), Level::Overdue);
        assert_eq!(Level::of(0, 3), Level::Warn);
        assert_eq!(Level::of(3, 3), Level::Warn);
        assert_eq!(Level::of(4, 3), Level::Ok);
    }
}
