//! `cargo xtask eval`: search quality on judged query sets over the shared corpora, zhijian
//! beside a plain BM25 baseline measured in the same run.
//!
//! Law sets: `xtask/eval/*.jsonl` (questions or citations, each with the articles that answer
//! it, judged by reading the current version of each law). Case set:
//! `plugins/cases/eval/cases.jsonl` (or `xtask/eval/cases.jsonl`). Each set runs through one
//! `zhijian search --batch` process and through [`bm25`] over the same KB's Markdown (article
//! text alone for laws, the case body for cases); the figures are Recall@10, Recall@100
//! (laws), MRR@10 for both, their difference, and zhijian's worst queries (never for a
//! held-out set, whose questions are only ever seen as totals).
//!
//! An article hit answers a judged `{"law", "article"}` when its `policy_title` or `short` is
//! the law and its canonical `article` label is the article, and it is the version in force:
//! importer ids do not matter. Both systems' hits go through the same test. A judged article
//! the KB does not contain is an error: such a question measures nothing.
//!
//! The rule of issue 14: zhijian must beat the baseline on every set. When it does not, the
//! figures are printed all the same, a loud line names each losing set, and the exit status is 1.

mod bm25;
mod corpus;
mod report;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::root;
use report::{SetResult, score};

const HELP: &str = "cargo xtask eval [--data DIR] [--json] [--bin FILE] [--reuse-kb]

  --data DIR    the shared corpora (default ../shared/data)
  --json        print the figures as one JSON object
  --bin FILE    use this zhijian binary instead of building target/release/zhijian
  --reuse-kb    keep target/eval-kb if it exists (skip import and index)

Exits 1 after printing every figure when zhijian does not beat the plain BM25
baseline on a set (beating it: a higher MRR@10 and no lower Recall@10 or @100).
";

/// The judged law sets under `xtask/eval/`, in the order they are printed. Held-out sets
/// (`heldout` in the name) were written before any tuning on them and print totals only.
const LAW_SETS: [&str; 6] = [
    "laws",
    "laws-heldout",
    "laws-heldout2",
    "references",
    "questions-tune",
    "questions-heldout",
];

/// Hits asked of each system per law query.
const LAW_DEPTH: usize = 100;
/// Hits asked of each system per case query.
const CASE_DEPTH: usize = 10;

/// Options of `cargo xtask eval`.
struct Options {
    data: PathBuf,
    json: bool,
    bin: Option<PathBuf>,
    reuse_kb: bool,
}

fn options(args: &[String]) -> anyhow::Result<Option<Options>> {
    let mut options = Options {
        data: root().join("../shared/data"),
        json: false,
        bin: None,
        reuse_kb: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => options.data = PathBuf::from(args.next().context("--data needs a folder")?),
            "--bin" => {
                options.bin = Some(PathBuf::from(args.next().context("--bin needs a file")?))
            }
            "--json" => options.json = true,
            "--reuse-kb" => options.reuse_kb = true,
            "--help" | "-h" => {
                print!("{HELP}");
                return Ok(None);
            }
            other => bail!("unknown option `{other}`\n\n{HELP}"),
        }
    }
    Ok(Some(options))
}

/// Runs the evaluation.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let Some(options) = options(args)? else {
        return Ok(());
    };
    let laws_src = options.data.join("lawrefbook");
    if !laws_src.is_dir() {
        println!(
            "eval: the shared corpora are absent ({} has no lawrefbook/): nothing measured",
            options.data.display()
        );
        return Ok(());
    }
    let zhijian = match &options.bin {
        Some(bin) => bin.clone(),
        None => {
            crate::run("cargo", &["build", "--release", "-p", "zhijian"])?;
            crate::target_dir().join("release/zhijian")
        }
    };
    let kb = crate::target_dir().join("eval-kb");
    let cases_src = options.data.join("cases");
    let cases_importer = cases_src.is_dir() && has_importer(&zhijian, "cases");
    if !(options.reuse_kb && kb.join(".zhijian").is_dir()) {
        build_kb(
            &zhijian,
            &kb,
            &laws_src,
            cases_importer.then_some(&cases_src),
        )?;
    }

    let started = std::time::Instant::now();
    let articles = corpus::articles(&kb, &corpus::today())?;
    let article_index = bm25::Bm25::new(articles.iter().map(|a| a.text.as_str()));
    eprintln!(
        "eval: baseline BM25 over {} articles in force, indexed in {:.1} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    let article_keys = article_keys(&articles);

    let mut sets = Vec::new();
    for name in LAW_SETS {
        let file = root().join(format!("xtask/eval/{name}.jsonl"));
        if !file.is_file() {
            continue;
        }
        let set = read_set(&file)?;
        check_articles_exist(&set, &file, &article_keys)?;
        let zhijian_hits = batch(
            &zhijian,
            &kb,
            &set,
            &["--type", "article", "-n", &LAW_DEPTH.to_string()],
        )?;
        let baseline_hits = baseline_article_hits(&set, &article_index, &articles);
        sets.push(judge_laws(name, file, &set, &zhijian_hits, &baseline_hits));
    }
    drop(article_index);

    let case_file = [
        root().join("plugins/cases/eval/cases.jsonl"),
        root().join("xtask/eval/cases.jsonl"),
    ]
    .into_iter()
    .find(|p| p.is_file());
    match (case_file, cases_importer) {
        (Some(file), true) => sets.push(evaluate_cases(&zhijian, &kb, file)?),
        (None, _) => eprintln!("eval: no judged case set: cases not measured"),
        (_, false) => {
            eprintln!("eval: no `zhijian import cases` or no cases/ corpus: cases not measured")
        }
    }

    if options.json {
        let figures: serde_json::Map<String, Value> =
            sets.iter().map(|s| (s.name.clone(), s.to_json())).collect();
        println!("{}", Value::Object(figures));
    } else {
        for set in &sets {
            set.print();
        }
        report::print_summary(&sets);
    }
    let losing: Vec<&str> = sets
        .iter()
        .filter(|s| !s.beats_baseline())
        .map(|s| s.name.as_str())
        .collect();
    if !losing.is_empty() {
        for name in &losing {
            eprintln!("eval: !!! zhijian does NOT beat plain BM25 on `{name}`");
        }
        eprintln!(
            "eval: zhijian loses to the plain BM25 baseline on {} of {} sets ({}): \
             by issue 14 such a change does not stay",
            losing.len(),
            sets.len(),
            losing.join(", ")
        );
        // A plain exit status, not an error: every figure is printed and nothing failed to run.
        std::process::exit(1);
    }
    Ok(())
}

/// True when `zhijian import NAME --help` succeeds.
fn has_importer(zhijian: &Path, name: &str) -> bool {
    Command::new(zhijian)
        .args(["import", name, "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A fresh knowledge base with the imported corpora, indexed.
fn build_kb(zhijian: &Path, kb: &Path, laws: &Path, cases: Option<&PathBuf>) -> anyhow::Result<()> {
    if kb.exists() {
        std::fs::remove_dir_all(kb).with_context(|| format!("cannot remove {}", kb.display()))?;
    }
    let kb_arg = kb.display().to_string();
    zhijian_ok(zhijian, &["init", &kb_arg])?;
    let sources = [
        ("lawrefbook", Some(laws)),
        ("cases", cases.map(PathBuf::as_path)),
    ];
    for (importer, src) in sources {
        if let Some(src) = src {
            let src = src.display().to_string();
            zhijian_ok(zhijian, &["--kb", &kb_arg, "-q", "import", importer, &src])?;
        }
    }
    zhijian_ok(zhijian, &["--kb", &kb_arg, "-q", "index", "--rebuild"])
}

fn zhijian_ok(zhijian: &Path, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("$ zhijian {}", args.join(" "));
    let status = Command::new(zhijian)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("cannot run {}", zhijian.display()))?;
    if !status.success() {
        bail!("`zhijian {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// One judged query as read from a set file.
pub struct Judged {
    id: String,
    query: String,
    relevant: Vec<Value>,
    /// 1-based line in the set file.
    line: usize,
    /// The category of law, where the set records one.
    category: Option<String>,
}

fn read_set(file: &Path) -> anyhow::Result<Vec<Judged>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut set = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a JSON object", file.display(), n + 1))?;
        let field = |name: &str| {
            value[name]
                .as_str()
                .map(str::to_string)
                .with_context(|| format!("{}:{}: no `{name}` string", file.display(), n + 1))
        };
        let relevant = value["relevant"]
            .as_array()
            .filter(|r| !r.is_empty())
            .with_context(|| {
                format!(
                    "{}:{}: `relevant` must be a non-empty list",
                    file.display(),
                    n + 1
                )
            })?;
        let id = field("id")?;
        if !ids.insert(id.clone()) {
            bail!("{}:{}: id `{id}` appears twice", file.display(), n + 1);
        }
        set.push(Judged {
            id,
            query: field("query")?,
            relevant: relevant.clone(),
            line: n + 1,
            category: value["category"].as_str().map(str::to_string),
        });
    }
    Ok(set)
}

/// Runs every query of a set through one `search --batch` and returns the hits by id.
fn batch(
    zhijian: &Path,
    kb: &Path,
    set: &[Judged],
    extra: &[&str],
) -> anyhow::Result<HashMap<String, Vec<Value>>> {
    let dir = crate::target_dir().join("eval");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("queries.jsonl");
    let lines: String = set
        .iter()
        .map(|q| format!("{}\n", json!({ "id": q.id, "query": q.query })))
        .collect();
    std::fs::write(&file, lines)?;
    let kb_arg = kb.display().to_string();
    let file_arg = file.display().to_string();
    let mut args = vec!["--kb", &kb_arg, "search", "--batch", &file_arg, "--json"];
    args.extend_from_slice(extra);
    let output = Command::new(zhijian)
        .args(&args)
        .output()
        .with_context(|| format!("cannot run {}", zhijian.display()))?;
    if output.status.code().is_none_or(|c| c > 1) {
        bail!(
            "`zhijian {}` failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut hits = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let value: Value =
            serde_json::from_str(line).context("search --batch printed a line that is not JSON")?;
        if let Some(error) = value.get("error") {
            bail!("query {} failed: {error}", value["id"]);
        }
        let id = value["id"].as_str().unwrap_or_default().to_string();
        hits.insert(id, value["hits"].as_array().cloned().unwrap_or_default());
    }
    Ok(hits)
}

/// Every (law name, article label) an article in force answers to: by title and by short name.
fn article_keys(articles: &[corpus::Article]) -> HashSet<(String, String)> {
    let mut keys = HashSet::new();
    for a in articles.iter().filter(|a| is_current(a.status.as_deref())) {
        keys.insert((a.title.clone(), a.label.clone()));
        if let Some(short) = &a.short {
            keys.insert((short.clone(), a.label.clone()));
        }
    }
    keys
}

/// The status test of judging: in force, or no status recorded.
fn is_current(status: Option<&str>) -> bool {
    status.is_none_or(|s| s == "现行有效")
}

/// The judged (law, article) pairs of a law query.
fn wanted_articles(query: &Judged) -> Vec<(String, String)> {
    query
        .relevant
        .iter()
        .map(|r| {
            (
                r["law"].as_str().unwrap_or_default().to_string(),
                r["article"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Fails on the first judged article that no article in force of the KB answers to.
fn check_articles_exist(
    set: &[Judged],
    file: &Path,
    keys: &HashSet<(String, String)>,
) -> anyhow::Result<()> {
    for query in set {
        for (law, article) in wanted_articles(query) {
            if !keys.contains(&(law.clone(), article.clone())) {
                bail!(
                    "{}:{}: query {} judges 《{law}》{article}, which the eval KB does not hold \
                     in force: such a question measures nothing",
                    file.display(),
                    query.line,
                    query.id
                );
            }
        }
    }
    Ok(())
}

/// The baseline's hits for a law set, shaped like `zhijian search --json` hits.
fn baseline_article_hits(
    set: &[Judged],
    index: &bm25::Bm25,
    articles: &[corpus::Article],
) -> HashMap<String, Vec<Value>> {
    set.iter()
        .map(|q| {
            let hits = index
                .search(&q.query, LAW_DEPTH)
                .into_iter()
                .map(|(i, _)| {
                    let a = &articles[i];
                    json!({
                        "title": format!("{} {}", a.short.as_deref().unwrap_or(&a.title), a.label),
                        "policy_title": a.title,
                        "short": a.short,
                        "status": a.status,
                        "article": a.label,
                    })
                })
                .collect();
            (q.id.clone(), hits)
        })
        .collect()
}

/// Whether an article hit answers the judged (law, article): the one test for both systems.
fn article_matches(hit: &Value, law: &str, article: &str) -> bool {
    let is_law = [&hit["policy_title"], &hit["short"]]
        .iter()
        .any(|v| v.as_str() == Some(law));
    is_law && is_current(hit["status"].as_str()) && hit["article"].as_str() == Some(article)
}

fn judge_laws(
    name: &str,
    file: PathBuf,
    set: &[Judged],
    zhijian: &HashMap<String, Vec<Value>>,
    baseline: &HashMap<String, Vec<Value>>,
) -> SetResult {
    let judge = |hits: &HashMap<String, Vec<Value>>| {
        set.iter()
            .map(|query| {
                let wanted = wanted_articles(query);
                let labels = wanted
                    .iter()
                    .map(|(law, article)| {
                        format!(
                            "{} {article}",
                            law.strip_prefix("中华人民共和国").unwrap_or(law)
                        )
                    })
                    .collect();
                let found = hits.get(&query.id).map(Vec::as_slice).unwrap_or_default();
                score(query, labels, found, |i, hit| {
                    article_matches(hit, &wanted[i].0, &wanted[i].1)
                })
            })
            .collect()
    };
    SetResult {
        name: name.to_string(),
        file,
        cutoffs: &[10, 100],
        held_out: name.contains("heldout"),
        categories: set.iter().map(|q| q.category.clone()).collect(),
        zhijian: judge(zhijian),
        baseline: judge(baseline),
    }
}

fn evaluate_cases(zhijian: &Path, kb: &Path, file: PathBuf) -> anyhow::Result<SetResult> {
    let set = read_set(&file)?;
    let cases = corpus::cases(kb)?;
    let known: HashSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let wanted_of = |query: &Judged| -> Vec<String> {
        query
            .relevant
            .iter()
            .map(|r| r.as_str().unwrap_or_default().to_string())
            .collect()
    };
    for query in &set {
        if let Some(id) = wanted_of(query)
            .iter()
            .find(|id| !known.contains(id.as_str()))
        {
            bail!(
                "{}:{}: query {} judges case `{id}`, which the eval KB does not hold",
                file.display(),
                query.line,
                query.id
            );
        }
    }
    let zhijian_hits = batch(
        zhijian,
        kb,
        &set,
        &["--type", "case", "-n", &CASE_DEPTH.to_string()],
    )?;
    let index = bm25::Bm25::new(cases.iter().map(|c| c.text.as_str()));
    let baseline_hits: HashMap<String, Vec<Value>> = set
        .iter()
        .map(|q| {
            let hits = index
                .search(&q.query, CASE_DEPTH)
                .into_iter()
                .map(|(i, _)| json!({ "id": cases[i].id, "title": cases[i].title }))
                .collect();
            (q.id.clone(), hits)
        })
        .collect();
    let judge = |hits: &HashMap<String, Vec<Value>>| {
        set.iter()
            .map(|query| {
                let wanted = wanted_of(query);
                let found = hits.get(&query.id).map(Vec::as_slice).unwrap_or_default();
                score(query, wanted.clone(), found, |i, hit| {
                    hit["id"].as_str() == Some(wanted[i].as_str())
                })
            })
            .collect()
    };
    Ok(SetResult {
        name: "cases".into(),
        file,
        cutoffs: &[10],
        held_out: false,
        categories: set.iter().map(|q| q.category.clone()).collect(),
        zhijian: judge(&zhijian_hits),
        baseline: judge(&baseline_hits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(relevant: Value) -> Judged {
        Judged {
            id: "q".into(),
            query: "问".into(),
            relevant: relevant.as_array().cloned().unwrap_or_default(),
            line: 3,
            category: None,
        }
    }

    #[test]
    fn an_article_matches_by_title_or_short_name_label_and_status() {
        let hit = json!({"policy_title": "中华人民共和国刑法", "short": "刑法",
                         "status": "现行有效", "article": "第二百六十四条"});
        assert!(article_matches(
            &hit,
            "中华人民共和国刑法",
            "第二百六十四条"
        ));
        assert!(article_matches(&hit, "刑法", "第二百六十四条"));
        assert!(!article_matches(&hit, "刑法", "第二百六十五条"));
        let old = json!({"policy_title": "中华人民共和国刑法", "status": "已修改",
                         "article": "第二百六十四条"});
        assert!(!article_matches(
            &old,
            "中华人民共和国刑法",
            "第二百六十四条"
        ));
    }

    #[test]
    fn a_judged_article_missing_from_the_kb_is_an_error_naming_the_line() {
        let keys: HashSet<(String, String)> = [("刑法".to_string(), "第一条".to_string())].into();
        let good = judged(json!([{"law": "刑法", "article": "第一条"}]));
        assert!(check_articles_exist(&[good], Path::new("s.jsonl"), &keys).is_ok());
        let bad = judged(json!([{"law": "刑法", "article": "第一千条"}]));
        let error = check_articles_exist(&[bad], Path::new("s.jsonl"), &keys)
            .expect_err("missing article")
            .to_string();
        assert!(
            error.starts_with("s.jsonl:3: query q judges 《刑法》第一千条"),
            "{error}"
        );
    }
}
