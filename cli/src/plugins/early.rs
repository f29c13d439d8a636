//! The command line read before clap runs: the knowledge base, `--plugin` paths, and
//! which plugins the command needs.
//!
//! clap needs the plugins to know the commands, and loading a dynamic plugin runs its
//! code (a library's initialisers run when it is opened), so what to load is decided
//! here, from the raw words: a core command that needs no plugin loads none.

use std::ffi::OsString;
use std::path::PathBuf;

use super::is_reserved;

/// What the command line says about plugins.
#[derive(Debug, Default)]
pub struct Early {
    /// The knowledge base, if one can be found.
    pub kb_root: Option<PathBuf>,
    /// `--plugin PATH` values.
    pub plugin_paths: Vec<PathBuf>,
    /// The first word that is not an option: the command.
    pub command: Option<String>,
    /// The second such word: a plugin's command, an importer, or what `help` is about.
    pub subject: Option<String>,
    /// `--version` or `-V` came before any command.
    pub version: bool,
}

/// Which plugins a command line needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// None: a core command, `--version`, or the help of a core command.
    Nothing,
    /// The plugins linked into the binary, and no library: built-in plugin commands,
    /// completions and the man page.
    Builtin,
    /// Every plugin that can be found, and the `zhijian-NAME` executables for the
    /// help: `plugins`, the top-level help, and anything not known without them.
    All,
}

/// Reads `--kb`, `--plugin` and the first two words from raw arguments.
pub fn prescan(args: &[OsString]) -> Early {
    let mut early = Early::default();
    let mut kb: Option<PathBuf> = None;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == "--color" {
            iter.next();
            continue;
        }
        if (text == "--version" || text == "-V") && early.command.is_none() {
            early.version = true;
        }
        if !text.starts_with('-') {
            if early.command.is_none() {
                early.command = Some(text.to_string());
            } else if early.subject.is_none() {
                early.subject = Some(text.to_string());
            }
        }
        for (flag, slot) in [("--kb", 0), ("--plugin", 1)] {
            let value = if text == flag {
                iter.next().map(PathBuf::from)
            } else {
                text.strip_prefix(flag)
                    .and_then(|rest| rest.strip_prefix('='))
                    .map(PathBuf::from)
            };
            if let Some(value) = value {
                if slot == 0 {
                    kb = Some(value)
                } else {
                    early.plugin_paths.push(value)
                }
            }
        }
    }
    let from_env = std::env::var_os("ZHIJIAN_KB").map(PathBuf::from);
    let explicit = kb.or(from_env);
    early.kb_root = std::env::current_dir()
        .ok()
        .and_then(|cwd| zhijian_kb::config::find_root(explicit.as_deref(), None, &cwd).ok());
    early
}

impl Early {
    /// Which plugins to load; `builtin` says whether a name is a built-in plugin's
    /// (or, after `import`, a built-in importer's).
    pub fn need(&self, builtin: impl Fn(&str) -> bool) -> Need {
        if self.version {
            return Need::Nothing;
        }
        let (word, next) = match self.command.as_deref() {
            None => return Need::All,
            Some("help") => match self.subject.as_deref() {
                None => return Need::All,
                Some(subject) => (subject, None),
            },
            Some(command) => (command, self.subject.as_deref()),
        };
        match word {
            "import" => match next {
                Some(importer) if builtin(importer) => Need::Builtin,
                _ => Need::All,
            },
            "plugins" => Need::All,
            "completions" | "__man" => Need::Builtin,
            core if is_reserved(core) => Need::Nothing,
            plugin if builtin(plugin) => Need::Builtin,
            // A dynamic plugin, an external command, or a typo whose error lists them.
            _ => Need::All,
        }
    }

    /// True unless the command line runs a core command that needs no plugin; those
    /// skip loading plugins and building their commands, which is most of a one-shot
    /// search's start-up, and run no plugin code at all.
    pub fn needs_plugins(&self) -> bool {
        // Whether a name is built in only decides between `Builtin` and `All`.
        self.need(|_| false) != Need::Nothing
    }

    /// Whether help about the commands will be shown (`--help` of zhijian itself, or
    /// `help [NAME]`), so the `zhijian-NAME` executables on PATH belong in it.
    pub fn shows_help_of_commands(&self) -> bool {
        match self.command.as_deref() {
            None => !self.version,
            Some(command) => command == "help",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn early(words: &[&str]) -> Early {
        let mut args = vec![OsString::from("zhijian")];
        args.extend(words.iter().map(OsString::from));
        prescan(&args)
    }

    fn need(words: &[&str]) -> Need {
        early(words).need(|name| matches!(name, "case" | "lawrefbook"))
    }

    #[test]
    fn core_commands_and_version_need_no_plugin() {
        for words in [
            &["--version"][..],
            &["-V"],
            &["--kb", "x", "--version"],
            &["search", "醉驾"],
            &["--json", "search", "--help"],
            &["index"],
            &["show", "x"],
            &["check"],
            &["new", "note"],
            &["doctor"],
            &["init", "kb"],
            &["help", "search"],
            &["--color", "never", "search", "x"],
        ] {
            assert_eq!(need(words), Need::Nothing, "{words:?}");
            assert!(!early(words).needs_plugins(), "{words:?}");
        }
    }

    #[test]
    fn built_in_plugin_commands_need_no_library() {
        for words in [
            &["case", "show", "x"][..],
            &["case", "--help"],
            &["help", "case"],
            &["completions", "bash"],
            &["import", "lawrefbook", "dir"],
        ] {
            assert_eq!(need(words), Need::Builtin, "{words:?}");
            assert!(early(words).needs_plugins(), "{words:?}");
        }
    }

    #[test]
    fn the_top_level_help_plugins_and_unknown_words_need_every_plugin() {
        for words in [
            &[][..],
            &["--help"],
            &["help"],
            &["plugins", "list"],
            &["stats", "count", "x"],
            &["import", "other"],
            &["hello"],
        ] {
            assert_eq!(need(words), Need::All, "{words:?}");
        }
        assert!(early(&["--help"]).shows_help_of_commands());
        assert!(early(&["help"]).shows_help_of_commands());
        assert!(early(&["help", "hello"]).shows_help_of_commands());
        assert!(!early(&["--version"]).shows_help_of_commands());
        assert!(!early(&["stats", "--help"]).shows_help_of_commands());
    }

    #[test]
    fn option_values_are_not_words() {
        let early = early(&[
            "--kb",
            "kb",
            "--plugin=/p/libx.so",
            "--color",
            "always",
            "-q",
            "case",
            "show",
        ]);
        assert_eq!(early.command.as_deref(), Some("case"));
        assert_eq!(early.subject.as_deref(), Some("show"));
        assert_eq!(early.plugin_paths, [PathBuf::from("/p/libx.so")]);
    }
}
