//! Every message and label of the plugin, in Chinese (the default) and English, in one place
//! so that it can move into the shared catalogue as it is.
//!
//! Placeholders are written `{name}` and filled by [`Text::fill`]. Domain names (审查起诉,
//! 不捕率, the article citations) are data, not messages: they are the same in both languages.

pub use zhijian_plugin_support::{Catalog, Lang};

/// One message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    /// Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The text in `lang` with each `{name}` replaced by its value.
    pub fn fill(&self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut out = self.get(lang).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), &value.to_string());
        }
        out
    }
}

macro_rules! texts {
    ($($name:ident = $zh:literal / $en:literal;)+) => {
        $(
            #[doc = $en]
            pub const $name: Text = Text { zh: $zh, en: $en };
        )+
        /// Every message, for the test that both languages say the same thing.
        pub const ALL: &[(&str, Text)] = &[$((stringify!($name), $name),)+];

        /// The plugin's catalogue in the platform's form (keys sorted: the list above is).
        pub const CATALOG: Catalog = Catalog {
            name: "docket",
            zh: &[$((stringify!($name), $zh),)+],
            en: &[$((stringify!($name), $en),)+],
        };
    };
}

texts! {
    ABORTED = "{count} 处有误：未写入任何内容（改正后重试，或加 --skip-invalid 导入其余各行）" / "{count} problem(s): nothing written (fix them, or pass --skip-invalid to import the rest)";
    ANALYSIS_ONLY = "仅供分析研判，不用于排名（按名称或时间排列）" / "for analysis only, never for ranking (ordered by name or date)";
    BAD_ARG_CHOICE = "--{arg}「{value}」无效（可选：{choices}）" / "invalid --{arg} `{value}` (one of: {choices})";
    BAD_ARG_DATE = "--{arg}「{value}」不是日期（应写作 YYYY-MM-DD）" / "--{arg} `{value}` is not a date (write YYYY-MM-DD)";
    BAD_CHARS = "{column}「{value}」含有控制字符或“；”" / "{column} `{value}` holds a control character or `；`";
    BAD_DATE = "{column}「{value}」不是日期（应写作 YYYY-MM-DD 或 YYYY年M月D日）" / "{column} `{value}` is not a date (write YYYY-MM-DD or YYYY年M月D日)";
    BAD_DETAINED = "是否羁押「{value}」应为“是”或“否”" / "是否羁押 `{value}` must be 是 or 否";
    BAD_RANGE = "--from {from} 晚于 --to {to}" / "--from {from} is after --to {to}";
    BEFORE_RECEIVED = "事件日期 {date} 早于受理日期 {received}" / "event date {date} is before 受理日期 {received}";
    CANNOT_READ = "{file}：无法读取：{error}" / "{file}: cannot read: {error}";
    CANNOT_WRITE = "无法写出 docket 文件：{error}" / "cannot write a docket file: {error}";
    COL_CASE = "部门受案号" / "case";
    COL_COUNT = "件数" / "cases";
    COL_DAYS_LEFT = "剩余天数" / "days left";
    COL_DEADLINE = "期限" / "deadline";
    COL_DENOMINATOR = "分母" / "denominator";
    COL_FORMULA = "公式" / "formula";
    COL_GROUP = "分组" / "group";
    COL_HANDLER = "承办人" / "handler";
    COL_INDICATOR = "指标" / "indicator";
    COL_LEVEL = "状态" / "level";
    COL_NUMERATOR = "分子" / "numerator";
    COL_PART = "类别" / "part";
    COL_PERIOD = "期间" / "period";
    COL_RATIO = "结构" / "ratio";
    COL_SHARE = "占比" / "share";
    COL_SOURCE = "来源" / "source";
    COL_STAGE = "阶段" / "stage";
    COL_SUSPECT = "嫌疑人" / "suspect";
    COL_UNIT = "单位" / "unit";
    COL_VALUE = "值" / "value";
    CONFIG_CALENDAR_DATE = "[calendar] {key}：「{value}」不是日期（YYYY-MM-DD）或日期区间（A..B）" / "[calendar] {key}: `{value}` is not a date (YYYY-MM-DD) or a range of dates (A..B)";
    CONFIG_CALENDAR_LIST = "[calendar] {key} 应为日期列表，例如 [\"2027-01-01\"]" / "[calendar] {key} must be a list of dates like [\"2027-01-01\"]";
    CONFIG_COLUMN = "[docket.columns] {key} 应为一个列名或列名列表" / "[docket.columns] {key} must be a column name or a list of names";
    CONFIG_COLUMNS = "[docket.columns] 应为表，例如 \"受理日期\" = \"受理时间\"" / "[docket.columns] must be a table like \"受理日期\" = \"受理时间\"";
    CONFIG_PROBLEM = "{file}：{problem}" / "{file}: {problem}";
    CONFIG_STRUCTURE = "[docket.structure] 应为表" / "[docket.structure] must be a table";
    CONFIG_STRUCTURE_KEY = "[docket.structure] 未知的键「{key}」（应为 {a} 或 {b}）" / "[docket.structure] unknown key `{key}` (use {a} and {b})";
    CONFIG_STRUCTURE_LIST = "[docket.structure] {key} 应为案件来源的列表" / "[docket.structure] {key} must be a list of 案件来源";
    CONFIG_WARN_DAYS = "[docket] warn_days 应为 0 到 365 之间的整数天数" / "[docket] warn_days must be a whole number of days, 0 to 365";
    CONFLICT = "与第 {other} 行是同一案件（{key}），内容却不同" / "the same case as line {other} ({key}) with different data";
    CSV_ERROR = "无法解析：{error}" / "cannot parse: {error}";
    DETAINED_NO = "否" / "no";
    DETAINED_YES = "是" / "yes";
    DRY_RUN = "试运行：未写入任何内容" / "dry run: nothing written";
    DUE_SUMMARY = "截至 {date}：未结阶段 {total} 个，超期 {overdue}，临期 {warn}（{days} 日内），正常 {ok}" / "on {date}: {total} open stage(s), {overdue} overdue, {warn} due within {days} days, {ok} ok";
    DUE_UNCERTAIN = "{count} 个期限落在未收录节假日安排的年份，可能不准（在 zhijian.toml 的 [calendar] 中补充）" / "{count} deadline(s) fall in years without holiday data and may be off (add them under [calendar] in zhijian.toml)";
    DUPLICATE_COLUMN = "列「{column}」出现了两次" / "column `{column}` appears twice";
    EMPTY_CELL = "{column}为空" / "empty {column}";
    HELP_AS_OF = "以该日为准（YYYY-MM-DD，默认今天）；此后的事件不计" / "the day to look from (YYYY-MM-DD, default today); later events are ignored";
    HELP_BY_GROUP = "按单位（unit）、部门（dept）或月份（month）分组" / "split by unit, dept or month";
    HELP_BY_PERIOD = "按月（month）或季度（quarter）分列" / "per month or quarter";
    HELP_DRY_RUN = "只报告将要做的改动，不写入" / "report what would change and write nothing";
    HELP_DUE = "未结阶段的期限与预警（超期、临期、正常），按期限排列" / "open stages with their deadlines and warning levels, by deadline";
    HELP_FROM = "起始日期（含），YYYY-MM-DD" / "first day (included), YYYY-MM-DD";
    HELP_HTML = "报告文件的路径" / "where to write the report";
    HELP_IMPORT = "导入 cases.csv（及 events.csv）：UTF-8 或 GB18030；重复导入不改变任何内容" / "import cases.csv (and events.csv): UTF-8 or GB18030; importing the same rows again changes nothing";
    HELP_IMPORT_CASES = "案件文件，每行一个案件（及嫌疑人）" / "the case file, one row per case (and suspect)";
    HELP_IMPORT_EVENTS = "事件文件：部门受案号,日期,事件" / "the event file: 部门受案号,日期,事件";
    HELP_INDICATORS = "办案指标（不捕率、不起诉率等）：分子、分母、值" / "indicators (不捕率, 不起诉率, …): numerator, denominator, value";
    HELP_NUMBER = "部门受案号" / "the case number (部门受案号)";
    HELP_PLUGIN = "案件管理：导入案件系统导出的数据，法定期限与预警，办案指标，三个结构比，HTML 报告" / "case management: imports of case-system exports, statutory deadlines and warnings, indicators, the three structure ratios, HTML reports";
    HELP_REPORT = "生成自包含的 HTML 报告（内嵌 SVG 图表，无需联网）" / "write a self-contained HTML report (inline SVG charts, no network)";
    HELP_SHOW = "一个案件的阶段、事件、期限及其法律依据" / "one case's stages, events, deadlines and the rules behind them";
    HELP_SKIP_INVALID = "有错误行时仍导入其余各行" / "import the valid rows even when some are bad";
    HELP_STRUCTURE = "三个结构比：履职类别、依程序办案与依职权监督、案件来源" / "the three structure ratios: functions, procedure vs own authority, sources";
    HELP_TO = "截止日期（含），YYYY-MM-DD" / "last day (included), YYYY-MM-DD";
    HELP_WITHIN = "只列出该天数内到期（含超期）的阶段" / "only stages due within this many days (overdue included)";
    IMPORT_CASES = "案件：新增 {created}，更新 {updated}，未变 {unchanged}" / "cases: {created} created, {updated} updated, {unchanged} unchanged";
    IMPORT_EVENTS = "事件：新增 {added}，已有 {known}" / "events: {added} added, {known} already there";
    IMPORT_WRITTEN = "写入 {written} 个文件，删除 {removed} 个（docket/cases/）" / "{written} file(s) written, {removed} removed (docket/cases/)";
    LEVEL_OK = "正常" / "ok";
    LEVEL_OVERDUE = "超期" / "overdue";
    LEVEL_WARN = "临期" / "due soon";
    MISSING_COLUMN = "缺少列「{column}」（表头为：{header}）" / "missing column `{column}` (the header row has: {header})";
    MORE = "……另有 {count} 处未列出" / "… and {count} more";
    NOTE_NO_DEADLINE = "{category}案件在本版本中不计算办案期限" / "{category} cases have no deadline in this version";
    NOTE_OTHER_CATEGORY = "{date} {event}：不是本案件类别的程序，不影响期限" / "{date} {event}: not a step of this kind of case; no effect on deadlines";
    NOTE_OUT_OF_STAGE = "{date} {event}：此时没有进行中的相应期限，未计入" / "{date} {event}: no matching period was running; not counted";
    NOTE_SECOND_EXTENSION = "{date} 再次延长审查起诉期限：法律只规定延长一次十五日（{source}），未计入" / "{date}: a second extension; the law provides one of 15 days ({source}); not counted";
    NOTE_THIRD_RETURN = "{date} 第三次退回补充侦查：补充侦查以二次为限（{source}），不中断审查起诉期限" / "{date}: a third return for investigation; the law allows two ({source}), so the period runs on";
    NOTHING_IMPORTED = "尚未导入任何案件（先运行 zhijian docket import CASES.csv [EVENTS.csv]）" / "no cases imported yet (run zhijian docket import CASES.csv [EVENTS.csv] first)";
    NOTHING_OPEN = "截至 {date} 没有未结的办案阶段" / "no open stage on {date}";
    NOTHING_WITHIN = "截至 {date} 没有 {days} 日内到期的办案阶段" / "no stage due within {days} days of {date}";
    NOT_TEXT = "{file}：既不是 UTF-8 也不是 GB18030 文本" / "{file}: neither UTF-8 nor GB18030 text";
    NO_CASE = "没有案件 {key}（请先导入 cases.csv，或与之一并导入）" / "no case {key} (import cases.csv first, or with it)";
    NO_CASES_IN_RANGE = "该期间没有受理的案件" / "no case received in this period";
    NO_INDICATORS = "该期间没有可计算的指标" / "nothing to compute in this period";
    NO_KB = "找不到知识库（运行 zhijian init，或用 --kb DIR 指定）" / "no knowledge base found (run `zhijian init` or pass --kb DIR)";
    NO_SUCH_CASE = "没有部门受案号为 {number} 的案件（在 docket/cases/ 中查找）" / "no case {number} (looked in docket/cases/)";
    RATIO_DUTY = "四大检察履职结构比" / "four functions (履职类别)";
    RATIO_PROCEDURE = "依程序办案与依职权监督" / "by procedure vs on own authority";
    RATIO_SOURCE = "案件来源结构比" / "case sources (案件来源)";
    READ_FILE = "{file}（{encoding}，{rows} 行）" / "{file} ({encoding}, {rows} rows)";
    REPORT_DUE = "截至生成日期的期限预警" / "Deadline warnings on the day of the report";
    REPORT_FORMULAS = "指标口径" / "How the indicators are defined";
    REPORT_INDICATORS = "办案指标" / "Indicators";
    REPORT_NO_TREND = "少于两个月的数据，不画走势" / "less than two months of data: no trend drawn";
    REPORT_OPEN_END = "不限" / "open";
    REPORT_PERIOD = "期间：{from} 至 {to}　生成日期：{today}" / "period: {from} to {to}  generated: {today}";
    REPORT_STRUCTURE = "三个结构比" / "The three structure ratios";
    REPORT_STRUCTURE_TRENDS = "结构比按月走势" / "Structure ratios by month";
    REPORT_TITLE = "案件管理分析报告" / "Case management report";
    REPORT_TRENDS = "指标按月走势" / "Indicators by month";
    REPORT_WRITTEN = "已写入 {file}" / "written to {file}";
    ROW_LENGTH = "该行有 {len} 列，表头有 {expected} 列（文件不完整？）" / "the row has {len} cells, the header has {expected} (a truncated file?)";
    SHOW_EVENTS = "事件" / "events";
    SHOW_FIELDS = "单位：{unit}　部门：{dept}　承办人：{handler}\n案件类别：{category}　受理日期：{received}　是否羁押：{detained}\n案件来源：{source}　履职类别：{duty}" / "unit: {unit}  dept: {dept}  handler: {handler}\ncategory: {category}  received: {received}  detained: {detained}\nsource: {source}  duty: {duty}";
    SHOW_NOTES = "不符合程序规定、未计入期限的事件" / "events the rules do not provide for (not counted)";
    SHOW_NO_EVENTS = "（无）" / "(none)";
    SHOW_STAGES = "阶段与期限" / "stages and deadlines";
    SHOW_STAGE_CLOSED = "{stage}（第 {round} 次）：期限 {deadline}，{date} {event}，已结" / "{stage} (#{round}): deadline {deadline}, closed {date} by {event}";
    SHOW_STAGE_OPEN = "{stage}（第 {round} 次）：期限 {deadline}，未结，剩余 {days} 日（{level}）" / "{stage} (#{round}): deadline {deadline}, open, {days} day(s) left ({level})";
    SHOW_SUSPECT = "嫌疑人 {suspect}" / "suspect {suspect}";
    SKIPPED = "{problem}（已跳过）" / "{problem} (skipped)";
    STEP_DAYS = "期限 {n} 日（{source}），至 {end}" / "{n} days ({source}), to {end}";
    STEP_DETAINED = "{last} 为节假日，但犯罪嫌疑人在押，至期满之日为止，不因节假日延长（{source}第四款）" / "{last} is a rest day, but the suspect is detained: the period ends on its last day ({source}, para. 4)";
    STEP_EXTENDED = "{date} 延长审查起诉期限十五日（{source}），至 {end}" / "extended by 15 days on {date} ({source}), to {end}";
    STEP_MONTH = "期限一个月（{source}）；以月计算的期间至下月同日（{month}），至 {end}" / "one month ({source}); a month runs to the same day of the next month ({month}), to {end}";
    STEP_NOT_COVERED = "未收录 {year} 年的节假日安排，期满日期可能不准（在 zhijian.toml 的 [calendar] 中补充）" / "no holiday data for {year}: the deadline may be off (add it under [calendar] in zhijian.toml)";
    STEP_RECEIVED = "{date} 受理；期间开始之日不算在期间以内（{source}第二款）" / "received {date}; the first day is not counted ({source}, para. 2)";
    STEP_REST_DAY = "{last} 为节假日，以节假日后的第一日 {moved} 为期满日期（{source}第四款）" / "{last} is a rest day: the period ends on the next working day, {moved} ({source}, para. 4)";
    STEP_RESUBMITTED = "{date} 重新移送审查起诉，重新计算审查起诉期限（{source}）" / "resubmitted on {date}; the review period starts again ({source})";
    STEP_RETURNED = "{date} 退回补充侦查，补充侦查期限自此起算" / "returned for supplementary investigation on {date}; its period starts";
    STORE_BAD_EVENT = "事件「{item}」应写作“日期 事件”" / "event `{item}` is not `DATE EVENT`";
    STORE_BAD_HEADER = "{file}:1: 表头应为 {header}（此文件不是 zhijian 写的，或被改动过）" / "{file}:1: the header must be {header} (this file was not written by zhijian, or was edited)";
    STORE_DUPLICATE = "{dir}：案件 {key} 有两行（导入被中断，或手工改动过）：只保留一行" / "{dir}: case {key} is in two rows (an interrupted import, or a hand edit): keep one";
    UNCERTAIN_MARK = "（节假日未知）" / " (holidays unknown)";
    UNKNOWN_NAME = "{column}「{value}」不在已知列表中，已照原文保存" / "unknown {column} `{value}`, kept as written";
    UNUSED_COLUMNS = "{file}：未使用的列：{columns}" / "{file}: columns not used: {columns}";
    UTF16 = "{file}：这是 UTF-16 文本（Excel 的“Unicode 文本”），请另存为“CSV UTF-8”" / "{file}: UTF-16 text (Excel's \"Unicode text\"); save the sheet as \"CSV UTF-8\" instead";
    WHOLE_PERIOD = "全部" / "all";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        for (name, text) in ALL {
            assert!(
                !text.zh.trim().is_empty() && !text.en.trim().is_empty(),
                "{name}"
            );
            assert_eq!(placeholders(text.zh), placeholders(text.en), "{name}");
            assert_ne!(text.zh, text.en, "{name} is not translated");
        }
    }

    #[test]
    fn the_catalogue_is_complete_and_agrees_with_the_texts() {
        assert!(CATALOG.problems().is_empty(), "{:?}", CATALOG.problems());
        assert_eq!(CATALOG.text(Lang::En, "NOTHING_OPEN"), NOTHING_OPEN.en);
        assert_eq!(
            NOTHING_OPEN.fill(Lang::En, &[("date", &"2024-03-01")]),
            "no open stage on 2024-03-01"
        );
    }
}
