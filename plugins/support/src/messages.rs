//! Messages in both languages: one catalogue per crate, one table per language.
//!
//! Chinese comes first: it is the language by default. `language` in `zhijian.toml`
//! wins; otherwise the locale decides (`LC_ALL`, then `LC_MESSAGES`, then `LANG`):
//! `zh…`, unset, `C` or `POSIX` mean Chinese, anything else English. JSON keys never
//! change with the language.
//!
//! A message is looked up by key and may hold `{name}` placeholders. A message that
//! counts something has two keys, `KEY.one` and `KEY.other`, so English can say
//! "1 problem" and "2 problems". [`Catalog::problems`] finds keys missing in one
//! language and placeholders that differ; every crate's catalogue is tested with it.

use std::fmt::Display;

/// The language of one run's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Reads a `language` setting: `zh`/`中文` or `en`/`english`, any case.
    pub fn parse(setting: &str) -> Option<Lang> {
        let s = setting.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "中文" || s == "chinese" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The configured language, else the one the locale variables (read by `var`) name.
    pub fn choose(configured: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = configured {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()));
        match locale.as_deref() {
            None | Some("C" | "POSIX") => Lang::Zh,
            Some(l) if l.starts_with("C.") || l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            Some(_) => Lang::En,
        }
    }

    /// [`Lang::choose`] with the process environment.
    pub fn from_env(configured: Option<Lang>) -> Lang {
        Lang::choose(configured, |name| std::env::var(name).ok())
    }
}

/// One crate's messages: a table per language of `(key, text)`, sorted by key.
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    /// The crate the messages belong to, for test failures.
    pub name: &'static str,
    /// Chinese texts.
    pub zh: &'static [(&'static str, &'static str)],
    /// English texts.
    pub en: &'static [(&'static str, &'static str)],
}

impl Catalog {
    /// The text of `key` in `lang`; the key itself when it is missing (a test
    /// guarantees it never is).
    pub fn text(&self, lang: Lang, key: &'static str) -> &'static str {
        let table = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        table
            .binary_search_by(|(k, _)| k.cmp(&key))
            .map_or(key, |at| table[at].1)
    }

    /// The text of `key` with each `{name}` replaced by its value in `args`.
    pub fn fill(&self, lang: Lang, key: &'static str, args: &[(&str, &dyn Display)]) -> String {
        let mut text = self.text(lang, key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// The counted message `key` (`KEY.one` for 1, `KEY.other` otherwise) with
    /// `{n}` set to `n`, plus `args`.
    pub fn count(
        &self,
        lang: Lang,
        key: (&'static str, &'static str),
        n: usize,
        args: &[(&str, &dyn Display)],
    ) -> String {
        let chosen = if n == 1 { key.0 } else { key.1 };
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
        all.extend_from_slice(args);
        self.fill(lang, chosen, &all)
    }

    /// What is wrong with the catalogue: a key in one language only, keys out of
    /// order or twice, or placeholders that differ between the languages.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (lang, table) in [("zh", self.zh), ("en", self.en)] {
            for pair in table.windows(2) {
                if pair[0].0 >= pair[1].0 {
                    out.push(format!(
                        "{}: {lang} keys out of order or twice: `{}` before `{}`",
                        self.name, pair[0].0, pair[1].0
                    ));
                }
            }
        }
        for (key, zh) in self.zh {
            match self.en.iter().find(|(k, _)| k == key) {
                None => out.push(format!("{}: `{key}` has no English text", self.name)),
                Some((_, en)) if placeholders(zh) != placeholders(en) => out.push(format!(
                    "{}: `{key}` has placeholders {:?} in Chinese but {:?} in English",
                    self.name,
                    placeholders(zh),
                    placeholders(en)
                )),
                Some(_) => {}
            }
        }
        for (key, _) in self.en {
            if !self.zh.iter().any(|(k, _)| k == key) {
                out.push(format!("{}: `{key}` has no Chinese text", self.name));
            }
        }
        out
    }
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: Catalog = Catalog {
        name: "test",
        zh: &[
            ("checked.one", "检查了 {n} 个文件"),
            ("checked.other", "检查了 {n} 个文件"),
            ("hello", "你好，{who}"),
        ],
        en: &[
            ("checked.one", "{n} file checked"),
            ("checked.other", "{n} files checked"),
            ("hello", "hello, {who}"),
        ],
    };

    #[test]
    fn the_locale_picks_the_language_unless_configured() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::choose(None, env(&[])), Lang::Zh);
        assert_eq!(Lang::choose(None, env(&[("LANG", "C")])), Lang::Zh);
        assert_eq!(Lang::choose(None, env(&[("LANG", "POSIX")])), Lang::Zh);
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "en_US.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::choose(None, env(&[("LC_ALL", "de_DE.UTF-8"), ("LANG", "zh_CN")])),
            Lang::En
        );
        assert_eq!(
            Lang::choose(Some(Lang::Zh), env(&[("LANG", "en_US.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("中文"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn messages_are_filled_and_counted() {
        assert_eq!(
            CATALOG.fill(Lang::En, "hello", &[("who", &"甲")]),
            "hello, 甲"
        );
        assert_eq!(
            CATALOG.fill(Lang::Zh, "hello", &[("who", &"甲")]),
            "你好，甲"
        );
        let key = ("checked.one", "checked.other");
        assert_eq!(CATALOG.count(Lang::En, key, 1, &[]), "1 file checked");
        assert_eq!(CATALOG.count(Lang::En, key, 2, &[]), "2 files checked");
        assert_eq!(CATALOG.count(Lang::Zh, key, 2, &[]), "检查了 2 个文件");
        assert_eq!(CATALOG.text(Lang::Zh, "missing"), "missing");
        assert!(CATALOG.problems().is_empty(), "{:?}", CATALOG.problems());
    }

    #[test]
    fn a_message_in_one_language_only_is_a_problem() {
        let broken = Catalog {
            name: "broken",
            zh: &[("a", "甲 {x}"), ("b", "乙")],
            en: &[("a", "a {y}"), ("c", "c")],
        };
        let problems = broken.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`b` has no English")));
        assert!(problems.iter().any(|p| p.contains("`c` has no Chinese")));
        assert!(problems.iter().any(|p| p.contains("placeholders")));
    }
}
