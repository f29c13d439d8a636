//! Loads real plugin libraries, built from `plugins/examples/`, through the loader.
//!
//! The examples are built once per run with the same cargo, into a directory under
//! `CARGO_TARGET_TMPDIR`, so the first test to need one waits for the build.

mod support {
    //! Building the example libraries and a fake host that records its calls.

    use std::cell::RefCell;
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;

    use serde_json::Value;
    use zhijian_plugin_api::{Host, HostRequest};

    const EXAMPLES: [&str; 5] = ["stats", "panics", "wrong-abi", "no-entry", "bad-json"];

    /// The built library of `plugins/examples/<example>`.
    pub fn library(example: &str) -> PathBuf {
        assert!(EXAMPLES.contains(&example), "unknown example {example}");
        let name = format!(
            "{DLL_PREFIX}zhijian_example_{}{DLL_SUFFIX}",
            example.replace('-', "_")
        );
        let path = built_dir().join(name);
        assert!(path.is_file(), "{} was not built", path.display());
        path
    }

    fn built_dir() -> &'static Path {
        static DIR: OnceLock<PathBuf> = OnceLock::new();
        DIR.get_or_init(|| {
            let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugin-examples");
            let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            for example in EXAMPLES {
                let manifest = examples.join(example).join("Cargo.toml");
                let output = Command::new(&cargo)
                    .arg("build")
                    .arg("--manifest-path")
                    .arg(&manifest)
                    .arg("--target-dir")
                    .arg(&target)
                    .output()
                    .expect("cargo can be started");
                assert!(
                    output.status.success(),
                    "building {} failed:\n{}",
                    manifest.display(),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            target.join("debug")
        })
    }

    /// Copies a built library into `dir` under `name`, keeping it private to us.
    pub fn copy_library(example: &str, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::copy(library(example), &path).expect("copy a library");
        set_mode(&path, 0o755);
        path
    }

    #[cfg(unix)]
    pub fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    #[cfg(not(unix))]
    pub fn set_mode(_: &Path, _: u32) {}

    /// A host whose search answers fixed hits, and which remembers every request.
    pub struct FakeHost {
        pub hits: Value,
        pub asked: RefCell<Vec<HostRequest>>,
    }

    impl FakeHost {
        pub fn new(hits: Value) -> Self {
            FakeHost {
                hits,
                asked: RefCell::new(Vec::new()),
            }
        }
    }

    impl Host for FakeHost {
        fn call(&self, request: HostRequest) -> Result<Value, String> {
            self.asked.borrow_mut().push(request.clone());
            match request {
                HostRequest::Search { query, .. } if query == "error" => {
                    Err("the index is missing: run `zhijian index`".to_owned())
                }
                HostRequest::Search { query, .. } if query == "panic" => {
                    panic!("fake host bug")
                }
                HostRequest::Search { .. } => Ok(self.hits.clone()),
                _ => Err("the fake host only searches".to_owned()),
            }
        }
    }
}

mod stats {
    //! The working example, end to end through the C ABI.

    use serde_json::{Value, json};
    use zhijian_plugin_api::{
        ABI_VERSION, ErrorKind, Format, HostRequest, NoHost, Plugin, Request, load,
    };

    use crate::support::{FakeHost, library};

    fn hits() -> Value {
        json!([
            {"id": "jl-1", "type": "case", "title": "检例第1号"},
            {"id": "xf", "type": "policy", "title": "刑法"},
            {"id": "jl-2", "type": "case", "title": "检例第2号"},
            {"id": "odd", "title": "no type"},
        ])
    }

    fn count(query: &str) -> Request {
        Request::new(["count"]).with_arg("query", query)
    }

    #[test]
    fn loads_with_its_name_version_and_manifest() {
        let path = library("stats");
        let plugin = load(&path).expect("stats loads");
        assert_eq!(plugin.name(), "stats");
        assert_eq!(plugin.version(), "0.1.0");
        assert_eq!(plugin.abi_version(), ABI_VERSION);
        assert_eq!(plugin.path(), path);
        let manifest = plugin.manifest();
        assert_eq!(manifest.name, "stats");
        let command = &manifest.commands[0];
        assert_eq!(command.name, "count");
        let names: Vec<&str> = command.args.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["query", "limit", "type"]);
        assert!(command.args[0].required);
    }

    #[test]
    fn counts_hits_by_type_and_forwards_the_search() {
        let plugin = load(&library("stats")).expect("stats loads");
        let host = FakeHost::new(hits());
        let request = count("盗窃")
            .with_arg("limit", "50")
            .with_arg("type", json!(["case", "policy"]));
        let response = plugin.run(&request, &host).expect("count works");
        assert!(response.found);
        assert_eq!(
            response.output,
            "case     2\npolicy   1\nunknown  1\ntotal    4\n"
        );
        assert_eq!(
            host.asked.borrow().as_slice(),
            [HostRequest::Search {
                query: "盗窃".to_owned(),
                limit: 50,
                types: vec!["case".to_owned(), "policy".to_owned()],
            }]
        );
    }

    #[test]
    fn renders_json_and_csv() {
        let plugin = load(&library("stats")).expect("stats loads");
        let host = FakeHost::new(hits());
        let json = plugin
            .run(&count("q").with_format(Format::Json), &host)
            .expect("json works");
        let doc: Value = serde_json::from_str(&json.output).expect("the output is JSON");
        assert_eq!(
            doc,
            json!({"query": "q", "total": 4, "by_type": {"case": 2, "policy": 1, "unknown": 1}})
        );
        let csv = plugin
            .run(&count("q").with_format(Format::Csv), &host)
            .expect("csv works");
        assert_eq!(csv.output, "type,count\ncase,2\npolicy,1\nunknown,1\n");
    }

    #[test]
    fn no_hits_is_nothing_found() {
        let plugin = load(&library("stats")).expect("stats loads");
        let response = plugin
            .run(&count("q"), &FakeHost::new(json!([])))
            .expect("an empty search is no error");
        assert!(!response.found);
        assert_eq!(response.output, "");
    }

    #[test]
    fn host_errors_and_host_panics_reach_the_plugin_as_errors() {
        let plugin = load(&library("stats")).expect("stats loads");
        let host = FakeHost::new(hits());
        let err = plugin
            .run(&count("error"), &host)
            .expect_err("the host failed");
        assert_eq!(err.kind, ErrorKind::Usage);
        assert!(err.message.contains("the index is missing"), "{err}");
        let err = plugin
            .run(&count("panic"), &host)
            .expect_err("the host panicked");
        assert!(
            err.message.contains("host panicked: fake host bug"),
            "{err}"
        );
        let err = plugin.run(&count("q"), &NoHost).expect_err("no host");
        assert!(err.message.contains("no host is available"), "{err}");
        // Still fine afterwards.
        assert!(plugin.run(&count("q"), &host).is_ok());
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let plugin = load(&library("stats")).expect("stats loads");
        let host = FakeHost::new(hits());
        let err = plugin
            .run(&Request::new(["count"]), &host)
            .expect_err("no query");
        assert_eq!(err.kind, ErrorKind::Usage);
        assert_eq!(err.message, "missing required argument `query`");
        let err = plugin
            .run(&count("q").with_arg("limit", "many"), &host)
            .expect_err("bad limit");
        assert_eq!(err.kind, ErrorKind::Usage);
        let err = plugin
            .run(&Request::new(["nope"]), &host)
            .expect_err("unknown");
        assert_eq!(err.message, "stats has no command `nope`");
        assert!(host.asked.borrow().is_empty(), "nothing reached the host");
    }
}

mod refused {
    //! Broken, foreign and unsafe libraries: refused with a message, the host goes on.

    use zhijian_plugin_api::{ErrorKind, LoadError, NoHost, Plugin, Request, load};

    use crate::support::{FakeHost, copy_library, library, set_mode};

    #[test]
    fn a_panicking_plugin_is_an_internal_error_and_the_host_goes_on() {
        let plugin = load(&library("panics")).expect("panics loads");
        for _ in 0..2 {
            let err = plugin
                .run(&Request::new(["boom"]), &NoHost)
                .expect_err("it panics");
            assert_eq!(err.kind, ErrorKind::Internal);
            assert_eq!(err.message, "plugin panicked: boom from the panics fixture");
        }
        let stats = load(&library("stats")).expect("stats still loads");
        let host = FakeHost::new(serde_json::json!([{"type": "case"}]));
        let request = Request::new(["count"]).with_arg("query", "q");
        assert!(stats.run(&request, &host).expect("stats still works").found);
    }

    #[test]
    fn a_wrong_abi_names_the_file_and_both_versions() {
        let path = library("wrong-abi");
        let err = load(&path).expect_err("ABI 999 is refused");
        assert!(
            matches!(
                err,
                LoadError::AbiMismatch {
                    found: 999,
                    expected: 1,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "plugin {} was built for plugin ABI 999, this zhijian speaks ABI 1: \
                 rebuild it against zhijian-plugin-api 0.1",
                path.display()
            )
        );
    }

    #[test]
    fn a_library_without_the_entry_is_not_a_plugin() {
        let path = library("no-entry");
        let err = load(&path).expect_err("no entry");
        assert!(matches!(err, LoadError::NoEntry { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "{} is not a zhijian plugin: it does not export `zhijian_plugin_entry`",
                path.display()
            )
        );
    }

    #[test]
    fn invalid_json_from_a_plugin_is_an_internal_error_naming_it() {
        let path = library("bad-json");
        let plugin = load(&path).expect("its manifest is fine");
        let err = plugin
            .run(&Request::new(["go"]), &NoHost)
            .expect_err("its answer is not JSON");
        assert_eq!(err.kind, ErrorKind::Internal);
        let prefix = format!(
            "plugin bad-json ({}) returned invalid JSON: ",
            path.display()
        );
        assert!(err.message.starts_with(&prefix), "{err}");
    }

    #[test]
    fn a_truncated_library_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = std::fs::read(library("stats")).expect("read the library");
        let path = dir
            .path()
            .join(format!("libtruncated{}", std::env::consts::DLL_SUFFIX));
        std::fs::write(&path, &bytes[..100]).expect("write");
        let err = load(&path).expect_err("100 bytes are no library");
        assert!(matches!(err, LoadError::Open { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("cannot load plugin {}: ", path.display())),
            "{text}"
        );
    }

    #[test]
    fn a_text_file_with_a_library_name_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir
            .path()
            .join(format!("libx{}", std::env::consts::DLL_SUFFIX));
        std::fs::write(&path, "这不是一个动态库\n").expect("write");
        let err = load(&path).expect_err("text is no library");
        assert!(matches!(err, LoadError::Open { .. }), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_world_writable_library_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let suffix = std::env::consts::DLL_SUFFIX;
        let path = copy_library("stats", dir.path(), &format!("libprivate{suffix}"));
        assert!(load(&path).is_ok(), "the private copy loads");
        let path = copy_library("stats", dir.path(), &format!("libshared{suffix}"));
        set_mode(&path, 0o777);
        let err = load(&path).expect_err("anyone could have replaced it");
        assert!(matches!(err, LoadError::WorldWritable { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }
}

mod discover {
    //! Scanning plugin directories and explicit paths together.

    use std::path::PathBuf;

    use zhijian_plugin_api::{LoadError, discover};

    use crate::support::{copy_library, library};

    #[test]
    fn loads_the_good_reports_the_bad_and_ignores_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plugins = dir.path().join("plugins");
        std::fs::create_dir(&plugins).expect("mkdir");
        let suffix = std::env::consts::DLL_SUFFIX;
        copy_library("panics", &plugins, &format!("libpanics{suffix}"));
        copy_library("stats", &plugins, &format!("libstats{suffix}"));
        copy_library("wrong-abi", &plugins, &format!("libwrongabi{suffix}"));
        std::fs::write(plugins.join(format!("libbroken{suffix}")), "text").expect("write");
        // Ignored in a directory: other files and non-regular files.
        let readme = plugins.join("README.md");
        std::fs::write(&readme, "# plugins").expect("write");
        std::fs::create_dir(plugins.join(format!("libdir{suffix}"))).expect("mkdir");
        // The same file twice, through a link, is loaded once and not reported.
        #[cfg(unix)]
        std::os::unix::fs::symlink(library("stats"), plugins.join(format!("liblink{suffix}")))
            .expect("symlink");

        let dirs = [dir.path().join("missing"), plugins.clone()];
        let explicit = [library("stats"), readme.clone()];
        let discovery = discover(&dirs, &explicit);

        let names: Vec<&str> = discovery.plugins.iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            ["stats", "panics"],
            "explicit first, then by file name"
        );
        assert_eq!(discovery.plugins[0].path(), library("stats"));

        let problems: Vec<(PathBuf, &LoadError)> = discovery
            .problems
            .iter()
            .map(|p| (p.path.clone(), &p.reason))
            .collect();
        assert_eq!(problems.len(), 4, "{:#?}", discovery.problems);
        assert_eq!(problems[0].0, readme);
        assert!(matches!(problems[0].1, LoadError::NotALibrary { .. }));
        assert_eq!(problems[1].0, plugins.join(format!("libbroken{suffix}")));
        assert!(matches!(problems[1].1, LoadError::Open { .. }));
        assert_eq!(problems[2].0, plugins.join(format!("libstats{suffix}")));
        assert!(matches!(problems[2].1, LoadError::DuplicateName { .. }));
        assert_eq!(
            discovery.problems[2].to_string(),
            format!(
                "plugin {} is named `stats` like {}, which is used instead",
                plugins.join(format!("libstats{suffix}")).display(),
                library("stats").display()
            )
        );
        assert_eq!(problems[3].0, plugins.join(format!("libwrongabi{suffix}")));
        assert!(matches!(
            problems[3].1,
            LoadError::AbiMismatch { found: 999, .. }
        ));
    }

    #[test]
    fn nothing_to_find_is_no_problem() {
        let dir = tempfile::tempdir().expect("temp dir");
        let discovery = discover(&[dir.path().to_owned(), dir.path().join("no")], &[]);
        assert!(discovery.plugins.is_empty());
        assert!(discovery.problems.is_empty());
    }
}
