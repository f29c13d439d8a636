//! Fuzz target: article numbers (第一百三十三条之一), Chinese numerals, the article
//! splitter, the reference finder and citation queries (刑法第234条第二款).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhijian_kb::numerals::{parse_chinese_number, to_chinese_number};
use zhijian_policy::article::{ArticleNo, find_article_refs, parse_reference, split_articles};

fuzz_target!(|text: &str| {
    if let Ok(no) = text.parse::<ArticleNo>() {
        // Both printed forms read back as the same number.
        assert_eq!(no.label().parse::<ArticleNo>().ok(), Some(no), "{text:?}");
        assert_eq!(
            no.short_label().parse::<ArticleNo>().ok(),
            Some(no),
            "{text:?}"
        );
    }
    if let Some(n) = parse_chinese_number(text) {
        assert_eq!(
            parse_chinese_number(&to_chinese_number(n)),
            Some(n),
            "{text:?}"
        );
    }
    for (range, _) in find_article_refs(text) {
        assert!(text.get(range.clone()).is_some(), "{range:?} in {text:?}");
    }
    let _ = split_articles(text);
    if let Some(reference) = parse_reference(text) {
        // The law's name is taken from the text, never invented.
        assert!(reference.law.chars().all(|c| text.contains(c)), "{text:?}");
    }
});
