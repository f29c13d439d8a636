//! Progress: which steps of a path a person completed, hours, due dates and overdue.

use std::collections::HashMap;

use serde::Serialize;

use crate::catalog::{Catalog, LearningPath};
use crate::records::{Completion, QuizResult, Record};
use zhijian_kb::time::Date;

/// The first completion of each step a record holds, by the step's document id.
pub fn completions_by_key<'r>(
    catalog: &Catalog,
    record: &'r Record,
) -> HashMap<String, &'r Completion> {
    let mut done: HashMap<String, &Completion> = HashMap::new();
    for completion in &record.completions {
        let key = catalog.key_of(&completion.step);
        match done.get(&key) {
            Some(first) if first.date <= completion.date => {}
            _ => {
                done.insert(key, completion);
            }
        }
    }
    done
}

/// The latest quiz result of a record for the document `id`.
pub fn latest_quiz<'r>(catalog: &Catalog, record: &'r Record, id: &str) -> Option<&'r QuizResult> {
    record
        .quizzes
        .iter()
        .filter(|q| catalog.key_of(&q.material) == id)
        .max_by(|a, b| a.date.cmp(&b.date))
}

/// A quiz score, for JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Right answers.
    pub score: u32,
    /// Questions.
    pub total: u32,
    /// When it was taken.
    pub date: String,
}

/// One step of a path as one person stands on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepStatus {
    /// 1-based position.
    pub index: usize,
    /// The reference as the path writes it.
    #[serde(rename = "ref")]
    pub reference: String,
    /// `training` or `case`.
    pub kind: &'static str,
    /// The document id.
    pub id: String,
    /// The title.
    pub title: String,
    /// Required (true) or elective.
    pub required: bool,
    /// Hours the step is worth.
    pub hours: f64,
    /// Whether the person completed it.
    pub done: bool,
    /// When, if done.
    pub date: Option<String>,
    /// Hours credited for it, if done.
    pub hours_credited: Option<f64>,
    /// The latest quiz result on it.
    pub quiz: Option<Score>,
}

/// One person's progress on one path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathStatus {
    /// The path id.
    pub path: String,
    /// The path title.
    pub title: String,
    /// When it was assigned (none when the path is looked at without an assignment).
    pub assigned: Option<String>,
    /// When it is due.
    pub due: Option<String>,
    /// Required steps done.
    pub required_done: usize,
    /// Required steps.
    pub required_total: usize,
    /// Steps done, required or elective.
    pub steps_done: usize,
    /// Steps.
    pub steps_total: usize,
    /// Hours credited for this path's steps.
    pub hours_done: f64,
    /// Hours of every step.
    pub hours_total: f64,
    /// Required steps done, in percent (one decimal).
    pub percent: f64,
    /// Every required step is done.
    pub completed: bool,
    /// The date of the last required step, when completed.
    pub completed_on: Option<String>,
    /// Due before the as-of date and not completed.
    pub overdue: bool,
    /// Days past due, when overdue.
    pub days_overdue: Option<i64>,
    /// Completed, but after the due date.
    pub late: bool,
    /// The next step to do: the first required step not done, else the first elective.
    pub next: Option<String>,
    /// Every step.
    pub steps: Vec<StepStatus>,
}

/// Works out where `record` stands on `path` as of `as_of`.
pub fn path_status(
    catalog: &Catalog,
    path: &LearningPath<'_>,
    record: &Record,
    as_of: &Date,
) -> PathStatus {
    let done = completions_by_key(catalog, record);
    let steps: Vec<StepStatus> = path
        .steps
        .iter()
        .map(|step| {
            let completion = done.get(step.target.id());
            StepStatus {
                index: step.index,
                reference: step.reference.clone(),
                kind: step.target.kind(),
                id: step.target.id().to_string(),
                title: step.target.title().to_string(),
                required: step.required,
                hours: step.target.hours(),
                done: completion.is_some(),
                date: completion.map(|c| c.date.to_string()),
                hours_credited: completion.map(|c| c.hours),
                quiz: latest_quiz(catalog, record, step.target.id()).map(|q| Score {
                    score: q.score,
                    total: q.total,
                    date: q.date.to_string(),
                }),
            }
        })
        .collect();
    let required: Vec<&StepStatus> = steps.iter().filter(|s| s.required).collect();
    let required_done = required.iter().filter(|s| s.done).count();
    let steps_done = steps.iter().filter(|s| s.done).count();
    let completed =
        required_done == required.len() && (!required.is_empty() || steps_done == steps.len());
    let completed_on = completed
        .then(|| {
            let counted: Vec<&StepStatus> = if required.is_empty() {
                steps.iter().collect()
            } else {
                required.clone()
            };
            counted.iter().filter_map(|s| s.date.clone()).max()
        })
        .flatten();
    let (base_done, base_total) = if required.is_empty() {
        (steps_done, steps.len())
    } else {
        (required_done, required.len())
    };
    let percent = if base_total == 0 {
        100.0
    } else {
        (base_done as f64 * 1000.0 / base_total as f64).round() / 10.0
    };
    let assignment = record.assignment(&path.doc.id);
    let due = assignment.and_then(|a| a.due);
    let days_overdue = due
        .filter(|_| !completed)
        .map(|due| zhijian_kb::time::days_between(due, *as_of))
        .filter(|d| *d > 0);
    let late = match (&due, &completed_on) {
        (Some(due), Some(on)) => on.as_str() > due.to_string().as_str(),
        _ => false,
    };
    let next = steps
        .iter()
        .find(|s| s.required && !s.done)
        .or_else(|| steps.iter().find(|s| !s.done))
        .map(|s| s.reference.clone());
    PathStatus {
        path: path.doc.id.clone(),
        title: path.doc.title.clone(),
        assigned: assignment.map(|a| a.assigned.to_string()),
        due: due.map(|d| d.to_string()),
        required_done,
        required_total: required.len(),
        steps_done,
        steps_total: steps.len(),
        hours_done: steps
            .iter()
            .filter_map(|s| s.hours_credited)
            .fold(0.0, |sum, h| sum + h),
        hours_total: path.total_hours(),
        percent,
        completed,
        completed_on,
        overdue: days_overdue.is_some(),
        days_overdue,
        late,
        next,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::{catalog, material};
    use crate::records::{Assignment, Completion};
    use zhijian_kb::time::parse_date;

    fn day(text: &str) -> Date {
        parse_date(text).expect("date")
    }

    fn fixture() -> Catalog {
        let files = [
            material("a", 1.5, &[]),
            material("b", 2.0, &["a"]),
            material("c", 1.0, &[]),
            (
                "cases/k.md".to_string(),
                "+++\nid = \"k\"\ntype = \"case\"\ntitle = \"案\"\nnumber = \"检例第7号\"\n+++\n".to_string(),
            ),
            (
                "paths/p.md".to_string(),
                "+++\ntype = \"path\"\ntitle = \"路径\"\nsteps = [\"a\", \"检例第7号\", \"b\", { ref = \"c\", required = false }]\n+++\n".to_string(),
            ),
        ];
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        catalog(&pairs)
    }

    fn record(due: Option<&str>, done: &[(&str, &str, f64)]) -> Record {
        let mut record = Record::new("p1");
        record.assignments.push(Assignment {
            path: "p".into(),
            assigned: day("2024-01-01"),
            due: due.map(day),
        });
        for (step, date, hours) in done {
            record.completions.push(Completion {
                step: (*step).into(),
                date: day(date),
                hours: *hours,
                path: None,
                forced: false,
            });
        }
        record
    }

    #[test]
    fn counts_hours_and_next_step() {
        let catalog = fixture();
        let path = catalog.path("p").expect("path");
        let rec = record(
            Some("2024-03-01"),
            &[
                ("a", "2024-01-10", 1.5),
                ("k", "2024-01-12", 0.0),
                ("c", "2024-01-13", 1.0),
            ],
        );
        let status = path_status(&catalog, &path, &rec, &day("2024-02-01"));
        assert_eq!((status.required_done, status.required_total), (2, 3));
        assert_eq!((status.steps_done, status.steps_total), (3, 4));
        assert_eq!(status.hours_done, 2.5);
        assert_eq!(status.hours_total, 4.5);
        assert_eq!(status.percent, 66.7);
        assert_eq!(status.next.as_deref(), Some("b"));
        assert!(!status.completed && !status.overdue);
        assert_eq!(
            status.steps[1].date.as_deref(),
            Some("2024-01-12"),
            "a case id completes a case-number step"
        );
    }

    #[test]
    fn due_and_overdue() {
        let catalog = fixture();
        let path = catalog.path("p").expect("path");
        let partial = record(Some("2024-03-01"), &[("a", "2024-01-10", 1.5)]);
        let on_due_day = path_status(&catalog, &path, &partial, &day("2024-03-01"));
        assert!(!on_due_day.overdue, "due today is not overdue yet");
        let after = path_status(&catalog, &path, &partial, &day("2024-03-15"));
        assert!(after.overdue);
        assert_eq!(after.days_overdue, Some(14));
        let no_due = record(None, &[]);
        assert!(!path_status(&catalog, &path, &no_due, &day("2030-01-01")).overdue);

        let done = record(
            Some("2024-03-01"),
            &[
                ("a", "2024-01-10", 1.5),
                ("检例第7号", "2024-02-01", 0.0),
                ("b", "2024-03-05", 2.0),
            ],
        );
        let status = path_status(&catalog, &path, &done, &day("2024-04-01"));
        assert!(status.completed && !status.overdue && status.late);
        assert_eq!(status.completed_on.as_deref(), Some("2024-03-05"));
        assert_eq!(status.percent, 100.0);
        assert_eq!(
            status.next.as_deref(),
            Some("c"),
            "the elective is still open"
        );
    }
}
