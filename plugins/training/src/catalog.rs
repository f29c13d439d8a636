//! The training view of a knowledge base: materials, learning paths, cases and people.
//!
//! Everything is read from the documents (`Kb::load_all`), never from the index, so
//! a freshly edited material counts at once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use zhijian_kb::{Document, Kb};

use crate::TrainingError;

/// A step or prerequisite target: a training material or a case.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A document of type `training`.
    Material(&'a Document),
    /// A document of type `case`.
    Case(&'a Document),
}

impl<'a> Target<'a> {
    /// The document behind the target.
    pub fn doc(self) -> &'a Document {
        match self {
            Target::Material(doc) | Target::Case(doc) => doc,
        }
    }

    /// The document id (the key completions are matched on).
    pub fn id(self) -> &'a str {
        &self.doc().id
    }

    /// The title.
    pub fn title(self) -> &'a str {
        &self.doc().title
    }

    /// `training` or `case`, for JSON.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Material(_) => "training",
            Target::Case(_) => "case",
        }
    }

    /// 教材 or 案例, for text.
    pub fn label(self) -> &'static str {
        match self {
            Target::Material(_) => "教材",
            Target::Case(_) => "案例",
        }
    }

    /// The hours the target is worth: the material's `hours`, a case's `hours` or 0.
    pub fn hours(self) -> f64 {
        hours_of(self.doc())
    }

    /// How a path or a record names this target: a case by its number when it has one.
    pub fn reference(self) -> String {
        match self {
            Target::Case(doc) => doc.str_field("number").unwrap_or(&doc.id).to_string(),
            Target::Material(doc) => doc.id.clone(),
        }
    }
}

/// The `hours` of a document, 0 when absent, negative or not a number.
pub fn hours_of(doc: &Document) -> f64 {
    doc.number_field("hours")
        .filter(|h| h.is_finite() && *h >= 0.0)
        .unwrap_or(0.0)
}

/// One quiz question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizItem {
    /// The question.
    pub question: String,
    /// The options, in order; answers number them from 1.
    pub options: Vec<String>,
    /// The right option, 1-based.
    pub answer: usize,
    /// Why, shown after answering.
    pub explanation: Option<String>,
}

/// One step of a learning path, resolved to its material or case.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// 1-based position in the path.
    pub index: usize,
    /// The reference as written in the path (`sample-training-x`, `检例第9001号`).
    pub reference: String,
    /// False for an elective step (`required = false`).
    pub required: bool,
    /// What the step names.
    pub target: Target<'a>,
}

/// A learning path with its steps resolved.
#[derive(Debug, Clone)]
pub struct LearningPath<'a> {
    /// The path document.
    pub doc: &'a Document,
    /// The steps, in order.
    pub steps: Vec<Step<'a>>,
}

impl LearningPath<'_> {
    /// Hours of every step, computed from the materials and cases.
    pub fn total_hours(&self) -> f64 {
        self.steps
            .iter()
            .map(|s| s.target.hours())
            .fold(0.0, |sum, h| sum + h)
    }

    /// Hours of the required steps.
    pub fn required_hours(&self) -> f64 {
        self.steps
            .iter()
            .filter(|s| s.required)
            .map(|s| s.target.hours())
            .fold(0.0, |sum, h| sum + h)
    }

    /// The step whose target is the document `id`, if any.
    pub fn step_for(&self, id: &str) -> Option<&Step<'_>> {
        self.steps.iter().find(|s| s.target.id() == id)
    }
}

/// Materials, paths, cases and people of one knowledge base.
#[derive(Debug)]
pub struct Catalog {
    root: PathBuf,
    docs: Vec<Document>,
    by_id: HashMap<String, usize>,
    by_number: HashMap<String, usize>,
    people: BTreeMap<String, String>,
}

impl Catalog {
    /// Reads every document of the knowledge base.
    pub fn load(kb: &Kb) -> Result<Catalog, TrainingError> {
        let loaded = kb.load_all()?;
        Ok(Catalog::from_documents(kb.root(), loaded.documents))
    }

    /// A catalog of these documents; `root` is used to point at lines in errors.
    pub fn from_documents(root: &Path, documents: Vec<Document>) -> Catalog {
        let mut catalog = Catalog {
            root: root.to_path_buf(),
            docs: Vec::new(),
            by_id: HashMap::new(),
            by_number: HashMap::new(),
            people: BTreeMap::new(),
        };
        for doc in documents {
            match doc.doc_type.as_str() {
                "person" => {
                    catalog.people.insert(doc.id.clone(), doc.title.clone());
                }
                "training" | "path" | "case" => {
                    let at = catalog.docs.len();
                    catalog.by_id.insert(doc.id.clone(), at);
                    if doc.is("case")
                        && let Some(number) = doc.str_field("number")
                    {
                        catalog
                            .by_number
                            .entry(number.trim().to_string())
                            .or_insert(at);
                    }
                    catalog.docs.push(doc);
                }
                _ => {}
            }
        }
        catalog
    }

    /// The knowledge base root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every training material, in path order.
    pub fn materials(&self) -> impl Iterator<Item = &Document> {
        self.docs.iter().filter(|d| d.is("training"))
    }

    /// Every learning path, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &Document> {
        self.docs.iter().filter(|d| d.is("path"))
    }

    /// A document of any training-related type by id.
    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id.trim()).map(|&at| &self.docs[at])
    }

    /// The material or case a reference names: a material id, a case id or a case number.
    pub fn resolve(&self, reference: &str) -> Option<Target<'_>> {
        let reference = reference.trim();
        let doc = match self.by_id.get(reference) {
            Some(&at) => &self.docs[at],
            None => &self.docs[*self.by_number.get(reference)?],
        };
        match doc.doc_type.as_str() {
            "training" => Some(Target::Material(doc)),
            "case" => Some(Target::Case(doc)),
            _ => None,
        }
    }

    /// The key a completion of `reference` counts for: the target's id, else the text.
    pub fn key_of(&self, reference: &str) -> String {
        self.resolve(reference)
            .map_or_else(|| reference.trim().to_string(), |t| t.id().to_string())
    }

    /// The material or case `reference` names, or a not-found error.
    pub fn target(&self, reference: &str) -> Result<Target<'_>, TrainingError> {
        if let Some(target) = self.resolve(reference) {
            return Ok(target);
        }
        Err(match self.get(reference) {
            Some(doc) => TrainingError::Usage(format!(
                "`{reference}` is a {}, not a training material or case ({})",
                doc.doc_type, doc.path
            )),
            None => TrainingError::NotFound(format!(
                "no training material or case `{reference}` in the knowledge base"
            )),
        })
    }

    /// The training material `id`.
    pub fn material(&self, id: &str) -> Result<&Document, TrainingError> {
        match self.get(id) {
            Some(doc) if doc.is("training") => Ok(doc),
            Some(doc) => Err(TrainingError::Usage(format!(
                "`{id}` is a {}, not a training material ({})",
                doc.doc_type, doc.path
            ))),
            None => Err(TrainingError::NotFound(format!(
                "no training material `{id}`"
            ))),
        }
    }

    /// The learning path `id`, its steps resolved.
    ///
    /// A step naming nothing in the knowledge base, or something other than a
    /// material or case, is an error naming the file and line.
    pub fn path(&self, id: &str) -> Result<LearningPath<'_>, TrainingError> {
        let doc = match self.get(id) {
            Some(doc) if doc.is("path") => doc,
            Some(doc) => {
                return Err(TrainingError::Usage(format!(
                    "`{id}` is a {}, not a learning path ({})",
                    doc.doc_type, doc.path
                )));
            }
            None => return Err(TrainingError::NotFound(format!("no learning path `{id}`"))),
        };
        self.resolve_path(doc)
    }

    /// Resolves the steps of a path document.
    pub fn resolve_path<'a>(
        &'a self,
        doc: &'a Document,
    ) -> Result<LearningPath<'a>, TrainingError> {
        let items = doc.front.get("steps").and_then(toml::Value::as_array);
        let Some(items) = items.filter(|items| !items.is_empty()) else {
            return Err(self.doc_error(doc, "steps", "a learning path needs `steps`".into()));
        };
        let mut steps = Vec::with_capacity(items.len());
        for (at, item) in items.iter().enumerate() {
            let index = at + 1;
            let (reference, required) = match item {
                toml::Value::String(text) => (text.trim().to_string(), true),
                toml::Value::Table(table) => {
                    let reference = table.get("ref").and_then(toml::Value::as_str).unwrap_or("");
                    let required = match table.get("required") {
                        None => true,
                        Some(toml::Value::Boolean(flag)) => *flag,
                        Some(_) => {
                            let message = format!("step {index}: `required` must be true or false");
                            return Err(self.doc_error(doc, reference, message));
                        }
                    };
                    (reference.trim().to_string(), required)
                }
                _ => {
                    let message = format!("step {index} must be a reference or a [[steps]] table");
                    return Err(self.doc_error(doc, "steps", message));
                }
            };
            if reference.is_empty() {
                let message = format!("step {index} needs a `ref` naming a material or case");
                return Err(self.doc_error(doc, "steps", message));
            }
            let Some(target) = self.resolve(&reference) else {
                let what = match self.get(&reference) {
                    Some(other) => format!("is a {}, not a material or case", other.doc_type),
                    None => "names no material or case in the knowledge base".to_string(),
                };
                let message = format!("step {index} `{reference}` {what}");
                return Err(self.doc_error(doc, &format!("\"{reference}\""), message));
            };
            steps.push(Step {
                index,
                reference,
                required,
                target,
            });
        }
        Ok(LearningPath { doc, steps })
    }

    /// The direct prerequisites of `target`, after checking that the prerequisites
    /// reachable from it name real documents and form no cycle.
    pub fn prerequisites(&self, target: Target<'_>) -> Result<Vec<Target<'_>>, TrainingError> {
        self.check_acyclic(target)?;
        self.direct_prerequisites(target.doc())
    }

    fn direct_prerequisites(&self, doc: &Document) -> Result<Vec<Target<'_>>, TrainingError> {
        doc.list_field("prerequisites")
            .iter()
            .map(|reference| {
                self.resolve(reference).ok_or_else(|| {
                    let message = format!(
                        "prerequisite `{reference}` of `{}` names no material or case in the knowledge base",
                        doc.id
                    );
                    self.doc_error(doc, &format!("\"{reference}\""), message)
                })
            })
            .collect()
    }

    /// Refuses prerequisites that lead back to where they started.
    fn check_acyclic(&self, start: Target<'_>) -> Result<(), TrainingError> {
        // Iterative depth-first search: a long chain written by a user must not
        // overflow the stack.
        let mut on_stack: HashMap<&str, bool> = HashMap::new();
        let start_doc = self.get(start.id()).unwrap_or(start.doc());
        let mut stack = vec![(start_doc, self.direct_prerequisites(start_doc)?, 0usize)];
        on_stack.insert(&start_doc.id, true);
        while let Some((_, next, at)) = stack.last_mut() {
            let Some(&target) = next.get(*at) else {
                if let Some((doc, _, _)) = stack.pop() {
                    on_stack.insert(&doc.id, false);
                }
                continue;
            };
            *at += 1;
            let doc = target.doc();
            match on_stack.get(doc.id.as_str()) {
                Some(true) => {
                    let from = stack
                        .iter()
                        .position(|(d, _, _)| d.id == doc.id)
                        .unwrap_or(0);
                    let mut names: Vec<&str> = stack[from..]
                        .iter()
                        .map(|(d, _, _)| d.id.as_str())
                        .collect();
                    names.push(&doc.id);
                    let message = format!("prerequisites form a cycle: {}", names.join(" → "));
                    return Err(self.doc_error(doc, "prerequisites", message));
                }
                Some(false) => {}
                None => {
                    on_stack.insert(&doc.id, true);
                    stack.push((doc, self.direct_prerequisites(doc)?, 0));
                }
            }
        }
        Ok(())
    }

    /// Whether person documents exist, so that unknown ids can be reported.
    pub fn has_people(&self) -> bool {
        !self.people.is_empty()
    }

    /// The ids of every person document.
    pub fn people(&self) -> impl Iterator<Item = &str> {
        self.people.keys().map(String::as_str)
    }

    /// The name of person `id`, when a person document has it.
    pub fn person_name(&self, id: &str) -> Option<&str> {
        self.people.get(id).map(String::as_str)
    }

    /// A warning when people exist and `id` is none of them.
    pub fn person_warning(&self, id: &str) -> Option<String> {
        (self.has_people() && !self.people.contains_key(id))
            .then(|| format!("`{id}` is not a person of this knowledge base (no people/{id}.md)"))
    }

    /// A data error in `doc`, pointing at the first front-matter line containing `needle`.
    fn doc_error(&self, doc: &Document, needle: &str, message: String) -> TrainingError {
        let line = std::fs::read_to_string(self.root.join(&doc.path))
            .ok()
            .and_then(|text| {
                text.lines()
                    .position(|line| line.contains(needle))
                    .map(|at| at + 1)
            });
        TrainingError::data(&doc.path, line, message)
    }
}

/// The quiz of a document (`[[quiz]]` items), checked.
pub fn quiz_of(doc: &Document) -> Result<Vec<QuizItem>, TrainingError> {
    let Some(items) = doc.front.get("quiz") else {
        return Ok(Vec::new());
    };
    let bad = |message: String| TrainingError::data(&doc.path, None, message);
    let Some(items) = items.as_array() else {
        return Err(bad("`quiz` must be a list of [[quiz]] items".into()));
    };
    let mut quiz = Vec::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        let n = at + 1;
        let table = item
            .as_table()
            .ok_or_else(|| bad(format!("quiz item {n} must be a table")))?;
        let question = table.get("question").and_then(toml::Value::as_str);
        let question = question.ok_or_else(|| bad(format!("quiz item {n} needs a `question`")))?;
        let options: Vec<String> = table
            .get("options")
            .and_then(toml::Value::as_array)
            .map(|o| {
                o.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if options.len() < 2 {
            return Err(bad(format!("quiz item {n} needs at least two `options`")));
        }
        let answer = table.get("answer").and_then(toml::Value::as_integer);
        let answer = match answer {
            Some(a) if a >= 1 && (a as usize) <= options.len() => a as usize,
            _ => {
                return Err(bad(format!(
                    "quiz item {n}: `answer` must be 1–{}",
                    options.len()
                )));
            }
        };
        let explanation = table
            .get("explanation")
            .and_then(toml::Value::as_str)
            .map(str::to_string);
        quiz.push(QuizItem {
            question: question.to_string(),
            options,
            answer,
            explanation,
        });
    }
    Ok(quiz)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Stands in for the case and personnel plugins' types, which this crate does
    /// not depend on.
    struct Other(&'static str, &'static str);

    impl zhijian_kb::DocumentType for Other {
        fn name(&self) -> &'static str {
            self.0
        }
        fn folder(&self) -> &'static str {
            self.1
        }
        fn check(&self, _doc: &Document) -> Vec<zhijian_kb::FieldProblem> {
            Vec::new()
        }
    }

    /// Training's types, and stand-ins for cases and people.
    pub(crate) fn types() -> zhijian_kb::Types {
        crate::declare_types(zhijian_kb::Types::builder())
            .with_type(Box::new(Other("case", "cases")))
            .with_type(Box::new(Other("person", "people")))
            .build()
    }

    /// A catalog built from `(path, text)` pairs.
    pub(crate) fn catalog(files: &[(&str, &str)]) -> Catalog {
        let types = types();
        let docs = files
            .iter()
            .map(|(path, text)| {
                zhijian_kb::load::load(path, text.as_bytes(), &types)
                    .expect("loads")
                    .document
            })
            .collect();
        Catalog::from_documents(Path::new("/nonexistent"), docs)
    }

    pub(crate) fn material(id: &str, hours: f64, prerequisites: &[&str]) -> (String, String) {
        let prereq: Vec<String> = prerequisites.iter().map(|p| format!("\"{p}\"")).collect();
        (
            format!("training/{id}.md"),
            format!(
                "+++\ntype = \"training\"\ntitle = \"教材{id}\"\nhours = {hours:?}\nprerequisites = [{}]\n+++\n正文\n",
                prereq.join(", ")
            ),
        )
    }

    fn owned(files: &[(String, String)]) -> Catalog {
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        catalog(&pairs)
    }

    const CASE: &str = "+++\nid = \"c1\"\ntype = \"case\"\ntitle = \"某案\"\nnumber = \"检例第1号\"\n+++\n## 要旨\n\n要旨。\n";

    #[test]
    fn path_hours_are_computed_from_steps() {
        let mut files = vec![material("a", 1.5, &[]), material("b", 2.0, &["a"])];
        files.push(("cases/c1.md".into(), CASE.into()));
        files.push((
            "paths/p.md".into(),
            "+++\ntype = \"path\"\ntitle = \"p\"\nsteps = [\"a\", { ref = \"检例第1号\" }, { ref = \"b\", required = false }]\n+++\n".into(),
        ));
        let catalog = owned(&files);
        let path = catalog.path("p").expect("path");
        assert_eq!(path.steps.len(), 3);
        assert_eq!(path.total_hours(), 3.5);
        assert_eq!(path.required_hours(), 1.5);
        assert_eq!(path.steps[1].target.id(), "c1");
        assert_eq!(path.steps[1].target.reference(), "检例第1号");
        assert!(!path.steps[2].required);
    }

    #[test]
    fn a_step_naming_a_missing_material_is_an_error() {
        let files = vec![
            material("a", 1.0, &[]),
            (
                "paths/p.md".into(),
                "+++\ntype = \"path\"\ntitle = \"p\"\nsteps = [\"a\", \"ghost\"]\n+++\n".into(),
            ),
        ];
        let err = owned(&files).path("p").expect_err("missing step");
        assert_eq!(
            err.to_string(),
            "paths/p.md: step 2 `ghost` names no material or case in the knowledge base"
        );
    }

    #[test]
    fn prerequisites_resolve_and_cycles_are_refused() {
        let files = vec![material("a", 1.0, &[]), material("b", 1.0, &["a"])];
        let catalog = owned(&files);
        let b = catalog.resolve("b").expect("b");
        let pre: Vec<&str> = catalog
            .prerequisites(b)
            .expect("ok")
            .iter()
            .map(|t| t.id())
            .collect();
        assert_eq!(pre, ["a"]);

        let files = vec![
            material("a", 1.0, &["c"]),
            material("b", 1.0, &["a"]),
            material("c", 1.0, &["b"]),
        ];
        let catalog = owned(&files);
        let err = catalog
            .prerequisites(catalog.resolve("b").expect("b"))
            .expect_err("cycle");
        assert!(
            err.to_string()
                .contains("prerequisites form a cycle: b → a → c → b"),
            "{err}"
        );

        let files = vec![material("a", 1.0, &["a"])];
        let catalog = owned(&files);
        let err = catalog
            .prerequisites(catalog.resolve("a").expect("a"))
            .expect_err("self cycle");
        assert!(err.to_string().contains("cycle: a → a"), "{err}");

        let files = vec![material("a", 1.0, &["nowhere"])];
        let catalog = owned(&files);
        let err = catalog
            .prerequisites(catalog.resolve("a").expect("a"))
            .expect_err("missing");
        assert_eq!(
            err.to_string(),
            "training/a.md: prerequisite `nowhere` of `a` names no material or case in the knowledge base"
        );
    }

    #[test]
    fn people_and_warnings() {
        let files = vec![material("a", 1.0, &[])];
        let catalog = owned(&files);
        assert_eq!(
            catalog.person_warning("anyone"),
            None,
            "no people: any id works"
        );
        let catalog = catalog_with_person();
        assert_eq!(catalog.person_warning("p1"), None);
        assert!(catalog.person_warning("p2").is_some());
        assert_eq!(catalog.person_name("p1"), Some("张三"));
    }

    fn catalog_with_person() -> Catalog {
        catalog(&[(
            "people/p1.md",
            "+++\ntype = \"person\"\nname = \"张三\"\n+++\n",
        )])
    }

    #[test]
    fn quizzes_are_read() {
        let text = "+++\ntype = \"training\"\ntitle = \"t\"\n[[quiz]]\nquestion = \"q\"\noptions = [\"x\", \"y\"]\nanswer = 2\n+++\n";
        let catalog = catalog(&[("training/t.md", text)]);
        let quiz = quiz_of(catalog.material("t").expect("t")).expect("quiz");
        assert_eq!(quiz.len(), 1);
        assert_eq!(quiz[0].answer, 2);
    }
}
