//! Chinese analysis: the index tokenizer (character bigrams) and the query side.
//!
//! Why bigrams (measured on the shared laws, see docs/benchmarks.md): tantivy's
//! default tokenizer makes a whole clause one token, and dictionary words (jieba)
//! miss compounds such as 刑事诉讼 inside 刑事诉讼法. Overlapping character bigrams
//! queried as phrases find every literal occurrence, need no dictionary to load at
//! start-up, and tokenize at hundreds of MB/s.
//!
//! The index side emits, for each run of CJK characters, one token per character:
//! the bigram that starts there, and for the run's last character the character
//! alone. So every character is the first character of exactly one token at its
//! own position, which lets the query side express any literal string:
//! a phrase of bigrams, and a trailing single character as a prefix.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the tokenizer is registered with tantivy.
pub const TOKENIZER_NAME: &str = "zhijian_cjk";

/// True for CJK ideographs (the characters the bigram analysis applies to).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Folds a character to the form that is indexed and searched.
///
/// Full-width ASCII (ＡＢＣ１２３) becomes ASCII, the ideographic space a space,
/// letters lower case, and common traditional characters simplified (訴 → 诉). Each character maps to exactly one character, so byte
/// offsets into the folded text line up with the original's character by character.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if is_cjk(c) {
        crate::traditional::simplify(c)
    } else if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Folds a whole string (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Longest latin/digit token kept whole; longer runs are cut (they are never words).
const MAX_WORD_BYTES: usize = 64;

/// The tantivy tokenizer for every Chinese text field.
#[derive(Debug, Clone, Default)]
pub struct CjkTokenizer;

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream<'a> {
        CjkTokenStream {
            chars: text.char_indices().peekable(),
            text,
            token: Token::default(),
            position: 0,
            pending_cjk: None,
            word_start: None,
        }
    }
}

/// Streams tokens lazily, so a 10 MB line never becomes a 10 MB token vector.
pub struct CjkTokenStream<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    token: Token,
    position: usize,
    /// The previous CJK character of the current run (offset, folded char).
    pending_cjk: Option<(usize, char)>,
    /// Byte offset where the current latin/digit word started.
    word_start: Option<usize>,
}

impl CjkTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize, text: impl FnOnce(&mut String)) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.position;
        self.token.position_length = 1;
        self.token.text.clear();
        text(&mut self.token.text);
        self.position += 1;
    }

    fn emit_word(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        let mut cut = word.len().min(MAX_WORD_BYTES);
        while !word.is_char_boundary(cut) {
            cut -= 1;
        }
        self.emit(start, end, |out| {
            out.extend(word[..cut].chars().map(fold_char))
        });
    }
}

impl TokenStream for CjkTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((offset, raw)) = self.chars.next() {
            let c = fold_char(raw);
            if is_cjk(c) {
                if let Some(start) = self.word_start.take() {
                    // A word ends where Chinese begins; the Chinese char waits for its pair.
                    self.emit_word(start, offset);
                    self.pending_cjk = Some((offset, c));
                    return true;
                }
                let previous = self.pending_cjk.replace((offset, c));
                if let Some((from, first)) = previous {
                    self.emit(from, offset + raw.len_utf8(), |out| {
                        out.push(first);
                        out.push(c);
                    });
                    return true;
                }
            } else {
                let is_word = is_word_char(c);
                if is_word && self.word_start.is_none() {
                    self.word_start = Some(offset);
                }
                if let Some((from, last)) = self.pending_cjk.take() {
                    // The run's last character is emitted alone (see the module doc).
                    let to = from + self.text[from..].chars().next().map_or(0, char::len_utf8);
                    self.emit(from, to, |out| out.push(last));
                    return true;
                }
                if !is_word && let Some(start) = self.word_start.take() {
                    self.emit_word(start, offset);
                    return true;
                }
            }
        }
        if let Some((from, last)) = self.pending_cjk.take() {
            let to = from + self.text[from..].chars().next().map_or(0, char::len_utf8);
            self.emit(from, to, |out| out.push(last));
            return true;
        }
        if let Some(start) = self.word_start.take() {
            self.emit_word(start, self.text.len());
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The index tokens of `text` (as indexed, not as queried: see [`literal_tokens`]).
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut tokenizer = CjkTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The terms that find a literal string in a field analysed by [`CjkTokenizer`].
///
/// Matched as a phrase (consecutive positions); when `last_is_prefix` is set, the
/// last term matches any token that starts with it (a lone trailing character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralTokens {
    /// Terms in phrase order.
    pub terms: Vec<String>,
    /// Whether the last term is a prefix.
    pub last_is_prefix: bool,
}

/// Splits `text` into runs of CJK characters and of latin/digit characters.
fn runs(text: &str) -> Vec<(bool, String)> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut previous_kind = None;
    for c in text.chars().map(fold_char) {
        let kind = if is_cjk(c) {
            Some(true)
        } else if is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (kind, previous_kind) {
            (Some(k), Some(p)) if k == p => {
                if let Some(last) = runs.last_mut() {
                    last.1.push(c);
                }
            }
            (Some(k), _) => runs.push((k, c.to_string())),
            (None, _) => {}
        }
        previous_kind = kind;
    }
    runs
}

/// The phrase that matches every literal occurrence of `text` (see [`LiteralTokens`]).
pub fn literal_tokens(text: &str) -> LiteralTokens {
    let runs = runs(text);
    let mut terms = Vec::new();
    let mut last_is_prefix = false;
    for (index, (is_cjk_run, run)) in runs.iter().enumerate() {
        let is_last = index + 1 == runs.len();
        if !is_cjk_run {
            let mut cut = run.len().min(MAX_WORD_BYTES);
            while !run.is_char_boundary(cut) {
                cut -= 1;
            }
            terms.push(run[..cut].to_string());
            continue;
        }
        let chars: Vec<char> = run.chars().collect();
        for pair in chars.windows(2) {
            terms.push(pair.iter().collect());
        }
        // In the index a run's last character stands alone only where the run ends.
        // Inside the query that is certain for every run but the last one.
        if !is_last || chars.len() == 1 {
            if let Some(&last) = chars.last() {
                terms.push(last.to_string());
            }
            last_is_prefix = is_last;
        }
    }
    LiteralTokens {
        terms,
        last_is_prefix,
    }
}

/// Number of CJK characters in `text`.
pub fn cjk_len(text: &str) -> usize {
    text.chars().filter(|&c| is_cjk(c)).count()
}

/// Question words and particles that carry no meaning for ranking.
const STOP_WORDS: &[&str] = &[
    "可不可以",
    "是不是",
    "会不会",
    "有没有",
    "能不能",
    "怎么办",
    "为什么",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "是否",
    "能否",
    "可以",
    "应该",
    "哪些",
    "哪个",
    "多少",
    "请问",
    "一下",
    "的话",
];
const STOP_CHARS: &str =
    "的了吗呢吧啊么呀嘛我你他她它们这那哪谁和与及或会是在被把给让就都也还很要能想得地着过";

/// Legal terms kept whole inside long questions; `zhijian.toml` adds more.
const LEGAL_WORDS: &[&str] = &[
    "认罪认罚",
    "公益诉讼",
    "检察建议",
    "取保候审",
    "监视居住",
    "醉驾",
    "醉酒",
    "危险驾驶",
    "交通肇事",
    "故意伤害",
    "故意杀人",
    "刑事诉讼",
    "民事诉讼",
    "行政诉讼",
    "支持起诉",
    "不起诉",
    "审查起诉",
    "抗诉",
    "二审",
    "再审",
    "正当防卫",
    "缓刑",
    "减刑",
    "假释",
    "自首",
    "立功",
    "累犯",
    "从宽",
    "量刑",
    "盗窃",
    "诈骗",
    "电信诈骗",
    "抢劫",
    "贪污",
    "受贿",
    "行贿",
    "挪用公款",
    "非法集资",
    "洗钱",
    "帮助信息网络犯罪活动",
    "食品安全",
    "药品安全",
    "生态环境",
    "未成年人",
    "恶势力",
    "黑社会性质组织",
    "有期徒刑",
    "拘役",
    "罚金",
    "死刑",
    "羁押",
    "逮捕",
    "侦查",
    "刑事和解",
    "附带民事诉讼",
    "法律监督",
    "机动车",
    "驾驶",
    "判处",
    "刑事责任",
    "刑事拘留",
    "拘留",
    "劳动合同",
    "试用期",
    "工伤",
    "加班费",
    "经济补偿",
    "诉讼时效",
    "定金",
    "抚养费",
    "遗嘱",
    "遗产",
    "共同财产",
    "家庭暴力",
    "听证",
    "行政处罚",
    "行政复议",
    "国家赔偿",
    "退货",
    "犯罪记录",
    "附条件不起诉",
    "会见",
    "上诉",
    "法律援助",
    "和解",
    "刑讯逼供",
    "寻衅滋事",
    "强奸",
    "毒品",
    "集资",
    "挪用",
];

/// Everyday words in questions and the legal words the texts use instead.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("开车", &["驾驶"]),
    ("酒驾", &["饮酒", "醉酒"]),
    ("醉驾", &["醉酒驾驶"]),
    ("判刑", &["判处", "刑罚"]),
    ("坐牢", &["有期徒刑", "拘役"]),
    ("打人", &["殴打", "伤害"]),
    ("撞伤", &["致人", "重伤"]),
    ("撞死", &["死亡", "交通肇事"]),
    ("偷东西", &["盗窃"]),
    ("偷", &["盗窃"]),
    ("骗钱", &["诈骗"]),
    ("小孩", &["未成年人"]),
    ("孩子", &["未成年人"]),
    ("保释", &["取保候审"]),
    ("关押", &["羁押"]),
    ("打架", &["殴打", "伤害"]),
    ("打伤", &["伤害", "人身损害"]),
    ("杀了人", &["故意杀人"]),
    ("杀人", &["故意杀人"]),
    ("投案", &["自首"]),
    ("银行卡", &["支付结算", "帮助"]),
    ("好处", &["财物", "受贿"]),
    ("当官", &["国家工作人员"]),
    ("抢", &["抢劫", "抢夺"]),
    ("造谣", &["捏造", "诽谤"]),
    ("集资", &["非法吸收公众存款", "集资诈骗"]),
    ("挪", &["挪用"]),
    ("不执行", &["拒不执行"]),
    ("闹事", &["寻衅滋事"]),
    ("发生关系", &["奸淫"]),
    ("抓走", &["拘留", "逮捕"]),
    ("请不起律师", &["法律援助"]),
    ("律师", &["辩护"]),
    ("口供", &["供述"]),
    ("关进", &["羁押"]),
    ("老公", &["夫妻"]),
    ("老婆", &["夫妻"]),
    ("家暴", &["家庭暴力"]),
    ("狗", &["饲养的动物"]),
    ("扔", &["抛掷"]),
    ("砸伤", &["坠落"]),
    ("借钱", &["借款"]),
    ("不还", &["返还"]),
    ("欠钱", &["债务"]),
    ("看病", &["诊疗", "医疗机构"]),
    ("家长", &["监护人"]),
    ("双倍工资", &["二倍的工资"]),
    ("辞退", &["解除劳动合同", "经济补偿"]),
    ("开除", &["解除劳动合同"]),
    ("辞职", &["解除劳动合同"]),
    ("加班", &["延长工作时间"]),
    ("工资", &["劳动报酬"]),
    ("罚了", &["罚款"]),
    ("派出所", &["公安机关"]),
    ("警察", &["公安机关"]),
    ("公安局", &["公安机关"]),
    ("去法院告", &["提起诉讼"]),
    ("假货", &["欺诈"]),
    ("退一赔三", &["三倍"]),
    ("过期", &["食品安全标准"]),
    ("喝醉", &["醉酒"]),
    ("喝了", &["饮酒"]),
    ("喝酒", &["饮酒"]),
    // Added 2026-11-29 from how people ask, before the second held-out set was
    // written (docs/benchmarks.md): words with one clear legal reading only.
    ("判几年", &["有期徒刑"]),
    ("蹲监狱", &["有期徒刑"]),
    ("进监狱", &["有期徒刑"]),
    ("关几天", &["拘留"]),
    ("被抓", &["拘留", "逮捕"]),
    ("砍伤", &["故意伤害"]),
    ("小偷", &["盗窃"]),
    ("被骗", &["诈骗"]),
    ("吸毒", &["吸食", "毒品"]),
    ("贩毒", &["贩卖", "毒品"]),
    ("性侵", &["强奸", "猥亵"]),
    ("拐卖小孩", &["拐卖儿童"]),
    ("收红包", &["受贿", "财物"]),
    ("送礼", &["行贿", "财物"]),
    ("黑社会", &["黑社会性质组织"]),
    ("不服判决", &["上诉"]),
    ("判决不服", &["上诉"]),
    ("翻案", &["申诉", "再审"]),
    ("报警", &["报案"]),
    ("赔钱", &["赔偿"]),
    ("医药费", &["医疗费"]),
    ("车祸", &["交通事故"]),
    ("房东", &["出租人"]),
    ("租房", &["租赁"]),
    ("退钱", &["返还"]),
    ("作废", &["无效"]),
    ("分财产", &["分割", "共同财产"]),
    ("养老人", &["赡养"]),
    ("老板", &["用人单位"]),
    ("员工", &["劳动者"]),
    ("上班受伤", &["工伤"]),
    ("拖欠工资", &["劳动报酬"]),
    ("社保", &["社会保险"]),
    ("拆迁", &["征收"]),
    ("告政府", &["行政诉讼"]),
    ("商家", &["经营者"]),
];

/// Turns query text into what the search engine matches.
///
/// Holds the legal dictionary (built-in words plus `[analysis] user_words`); it is a
/// plain sorted list, so building one costs microseconds, never a dictionary load.
#[derive(Debug, Clone)]
pub struct Analyzer {
    words: Vec<String>,
}

/// A long natural-language question, cut into what ranks its answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Question {
    /// Stretches of the question between stop words, each matched as a phrase.
    pub chunks: Vec<String>,
    /// Dictionary words found in the question.
    pub words: Vec<String>,
    /// Legal words standing in for everyday ones.
    pub synonyms: Vec<String>,
    /// Every bigram of every chunk, the recall net.
    pub bigrams: Vec<String>,
}

/// Queries longer than this many CJK characters (unquoted) are read as questions.
pub const QUESTION_MIN_CJK: usize = 7;

impl Analyzer {
    /// An analyzer with the built-in legal words plus `user_words`.
    pub fn new(user_words: &[String]) -> Analyzer {
        let mut words: Vec<String> = LEGAL_WORDS.iter().map(|w| w.to_string()).collect();
        words.extend(
            user_words
                .iter()
                .map(|w| fold(w.trim()))
                .filter(|w| !w.is_empty()),
        );
        words.sort();
        words.dedup();
        // Longest first, so 电信诈骗 is taken before 诈骗.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        Analyzer { words }
    }

    /// True when an unquoted term should be read as a question rather than a literal.
    pub fn is_question(&self, term: &str) -> bool {
        cjk_len(term) >= QUESTION_MIN_CJK
            || term.ends_with(['?', '？'])
            || STOP_WORDS.iter().any(|w| term.contains(w))
    }

    /// Cuts a question into chunks, dictionary words, synonyms and bigrams.
    pub fn question(&self, text: &str) -> Question {
        let folded = fold(text);
        let mut marked = folded.clone();
        for stop in STOP_WORDS {
            marked = marked.replace(stop, " ");
        }
        let chunks: Vec<String> = marked
            .split(|c: char| STOP_CHARS.contains(c) || !(is_cjk(c) || is_word_char(c)))
            .filter(|chunk| !chunk.is_empty())
            .map(str::to_string)
            .collect();
        let mut question = Question::default();
        for chunk in &chunks {
            let chars: Vec<char> = chunk.chars().collect();
            for pair in chars.windows(2) {
                let bigram: String = pair.iter().collect();
                if !question.bigrams.contains(&bigram) {
                    question.bigrams.push(bigram);
                }
            }
        }
        for word in &self.words {
            if folded.contains(word.as_str()) && !question.words.contains(word) {
                question.words.push(word.clone());
            }
        }
        for (everyday, legal) in SYNONYMS {
            if folded.contains(everyday) {
                for word in *legal {
                    if !question.synonyms.iter().any(|w| w == word) {
                        question.synonyms.push((*word).to_string());
                    }
                }
            }
        }
        question.chunks = chunks
            .into_iter()
            .filter(|c| c.chars().count() >= 2)
            .collect();
        question
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        index_tokens(text)
    }

    #[test]
    fn every_char_starts_one_token() {
        assert_eq!(tokens("刑事诉讼法"), ["刑事", "事诉", "诉讼", "讼法", "法"]);
        assert_eq!(tokens("毒驾、醉驾等"), ["毒驾", "驾", "醉驾", "驾等", "等"]);
        assert_eq!(tokens("罪"), ["罪"]);
    }

    #[test]
    fn latin_digits_and_full_width_are_folded_words() {
        assert_eq!(tokens("检例第178号"), ["检例", "例第", "第", "178", "号"]);
        assert_eq!(tokens("ＡＢＣ１２３ Rust"), ["abc123", "rust"]);
        assert_eq!(tokens("第１７８号"), ["第", "178", "号"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "甲，乙丙";
        let mut tokenizer = CjkTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            let t = stream.token();
            spans.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        assert_eq!(
            spans,
            [
                ("甲".into(), "甲", 0),
                ("乙丙".into(), "乙丙", 1),
                ("丙".into(), "丙", 2)
            ]
        );
    }

    #[test]
    fn literal_tokens_follow_the_index_rules() {
        let lit = literal_tokens("刑事诉讼");
        assert_eq!(lit.terms, ["刑事", "事诉", "诉讼"]);
        assert!(!lit.last_is_prefix);
        let lit = literal_tokens("罪");
        assert_eq!(lit.terms, ["罪"]);
        assert!(lit.last_is_prefix);
        let lit = literal_tokens("检例第178号");
        assert_eq!(lit.terms, ["检例", "例第", "第", "178", "号"]);
        assert!(lit.last_is_prefix);
        let lit = literal_tokens("醉驾");
        assert_eq!(lit.terms, ["醉驾"]);
    }

    #[test]
    fn questions_drop_particles_and_find_words() {
        let analyzer = Analyzer::new(&["羁押必要性审查".to_string()]);
        assert!(analyzer.is_question("醉酒开车撞伤了人会判刑吗？"));
        assert!(!analyzer.is_question("刑事诉讼"));
        let q = analyzer.question("醉酒开车撞伤了人会判刑吗？");
        assert_eq!(q.chunks, ["醉酒开车撞伤", "判刑"]);
        assert!(q.words.contains(&"醉酒".to_string()));
        assert!(q.synonyms.contains(&"驾驶".to_string()));
        assert!(!q.bigrams.iter().any(|b| b.contains('吗')));
        let q = analyzer.question("什么是羁押必要性审查");
        assert!(q.words.contains(&"羁押必要性审查".to_string()));
    }
}
