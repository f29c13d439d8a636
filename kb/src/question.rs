//! Long questions: what ranks the answers to 醉酒开车撞伤了人会判刑吗.
//!
//! A question is cut at particles and question words into chunks, dictionary words
//! are kept whole and everyday words bring the legal words the texts use. The
//! dictionary and synonyms come from the plugins (see [`crate::types::Vocabulary`]).

use crate::analysis::{cjk_len, fold, is_cjk, is_word_char};
use crate::types::Vocabulary;

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

/// Turns query text into what the search engine matches.
///
/// Holds the dictionary (the plugins' words plus `[analysis] user_words`) and the
/// plugins' synonyms; plain lists, so building one costs microseconds, never a
/// dictionary load.
#[derive(Debug, Clone)]
pub struct Analyzer {
    words: Vec<String>,
    synonyms: Vec<(&'static str, &'static [&'static str])>,
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
    /// An analyzer with the words and synonyms of `vocabularies` plus `user_words`.
    pub fn new(vocabularies: &[Vocabulary], user_words: &[String]) -> Analyzer {
        let mut words: Vec<String> = vocabularies
            .iter()
            .flat_map(|v| v.words.iter())
            .map(|w| w.to_string())
            .collect();
        let synonyms = vocabularies
            .iter()
            .flat_map(|v| v.synonyms.iter().copied())
            .collect();
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
        Analyzer { words, synonyms }
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
        for (everyday, legal) in &self.synonyms {
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

    const VOCABULARY: Vocabulary = Vocabulary {
        words: &["醉酒"],
        synonyms: &[("开车", &["驾驶"])],
    };

    #[test]
    fn questions_drop_particles_and_find_words() {
        let analyzer = Analyzer::new(&[VOCABULARY], &["羁押必要性审查".to_string()]);
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
