//! `zhijian training quiz ID --person P [--answers FILE] [--date D]`
//!
//! An answers file holds one answer per question, each the 1-based number of the
//! chosen option, written either one per line (blank lines and `#` comments are
//! skipped), as a JSON list (`[2, 3, 1]`) or as TOML (`answers = [2, 3, 1]`).

use std::path::Path;

use serde_json::json;
use zhijian_plugin_api::{Format, Host, Request, Response};

use crate::TrainingError;
use crate::catalog::{QuizItem, quiz_of};
use crate::common::{Context, date_arg, json, required};
use crate::records::{QuizResult, record_path, update_record};

/// How many times a bad typed answer is asked again before giving up.
const ATTEMPTS: usize = 3;

/// Takes a quiz from a file or the terminal, scores it and records the score.
pub fn run(request: &Request, host: &dyn Host) -> Result<Response, TrainingError> {
    let ctx = Context::open(host)?;
    let id = required(request, "id")?.trim();
    let person = required(request, "person")?.trim();
    record_path(ctx.kb.root(), person)?;
    let target = ctx.catalog.target(id)?;
    let quiz = quiz_of(target.doc())?;
    if quiz.is_empty() {
        return Err(TrainingError::Usage(format!(
            "`{id}` has no quiz ({})",
            target.doc().path
        )));
    }
    let date = date_arg(request, "date")?.unwrap_or_else(zhijian_kb::time::today);
    let answers = match request.arg_str("answers") {
        Some(file) => {
            let path = Path::new(file);
            let text = std::fs::read_to_string(path).map_err(|err| TrainingError::io(path, err))?;
            parse_answers(path, &text, &quiz)?
        }
        None => ask(host, &quiz)?,
    };
    let score = score(&quiz, &answers);
    let total = quiz.len() as u32;
    update_record(ctx.kb.root(), person, |record| {
        record.quizzes.push(QuizResult {
            material: target.id().to_string(),
            date,
            score,
            total,
        });
        Ok(())
    })?;
    let output = match request.format {
        Format::Json => json(&json!({
            "person": person,
            "material": target.id(),
            "title": target.title(),
            "date": date.to_string(),
            "score": score,
            "total": total,
            "items": quiz.iter().zip(&answers).map(|(q, a)| json!({
                "question": q.question,
                "answer": a,
                "correct_answer": q.answer,
                "correct": *a == q.answer,
                "explanation": q.explanation,
            })).collect::<Vec<_>>(),
        }))?,
        _ => {
            let mut out = format!("测验：{}  {person}  {date}\n", target.title());
            for (n, (item, answer)) in quiz.iter().zip(&answers).enumerate() {
                let option = |k: usize| {
                    item.options
                        .get(k.wrapping_sub(1))
                        .map_or("", String::as_str)
                };
                if *answer == item.answer {
                    out.push_str(&format!(
                        "{:>2}. ✓ {}\n     你的答案 {answer}（{}）\n",
                        n + 1,
                        item.question,
                        option(*answer)
                    ));
                } else {
                    out.push_str(&format!(
                        "{:>2}. ✗ {}\n     你的答案 {answer}（{}），正确答案 {}（{}）\n",
                        n + 1,
                        item.question,
                        option(*answer),
                        item.answer,
                        option(item.answer)
                    ));
                }
                if let Some(explanation) = &item.explanation {
                    out.push_str(&format!("     解析：{explanation}\n"));
                }
            }
            out.push_str(&format!(
                "得分 {score}/{total}，已记入 {person} 的培训档案\n"
            ));
            out
        }
    };
    let mut response = Response::new(output);
    if let Some(warning) = ctx.catalog.person_warning(person) {
        response = response.warning(warning);
    }
    Ok(response)
}

/// Right answers.
pub fn score(quiz: &[QuizItem], answers: &[usize]) -> u32 {
    quiz.iter()
        .zip(answers)
        .filter(|(q, a)| q.answer == **a)
        .count() as u32
}

/// Reads an answers file: lines, a JSON list or TOML `answers = […]`; every answer
/// must be the number of one of its question's options.
pub fn parse_answers(
    file: &Path,
    text: &str,
    quiz: &[QuizItem],
) -> Result<Vec<usize>, TrainingError> {
    let trimmed = text.trim_start();
    // (answer as written, line where known)
    let raw: Vec<(String, Option<usize>)> = if trimmed.starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|err| {
            TrainingError::data(
                file,
                Some(err.line()),
                format!("not a JSON list of answers: {err}"),
            )
        })?;
        values.iter().map(|v| (v.to_string(), None)).collect()
    } else if text.lines().any(|l| l.trim_start().starts_with("answers")) && text.contains('=') {
        #[derive(serde::Deserialize)]
        struct Answers {
            answers: Vec<toml::Value>,
        }
        let parsed: Answers = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            TrainingError::data(
                file,
                line,
                format!("not a TOML list of answers: {}", err.message().trim()),
            )
        })?;
        parsed
            .answers
            .iter()
            .map(|v| (v.to_string(), None))
            .collect()
    } else {
        text.lines()
            .enumerate()
            .map(|(at, line)| (line.trim().to_string(), Some(at + 1)))
            .filter(|(line, _)| !line.is_empty() && !line.starts_with('#'))
            .collect()
    };
    if raw.len() != quiz.len() {
        return Err(TrainingError::data(
            file,
            None,
            format!(
                "{} answers for {} questions (give one per question)",
                raw.len(),
                quiz.len()
            ),
        ));
    }
    raw.iter()
        .zip(quiz)
        .enumerate()
        .map(|(at, ((written, line), item))| {
            check_answer(written, item).map_err(|reason| {
                TrainingError::data(
                    file,
                    *line,
                    format!("question {}: {reason}, nothing recorded", at + 1),
                )
            })
        })
        .collect()
}

/// Parses one answer and checks its range.
fn check_answer(written: &str, item: &QuizItem) -> Result<usize, String> {
    let options = item.options.len();
    let answer: i64 = written.trim().parse().map_err(|_| {
        format!("answer `{written}` is not a number (write the option's number, 1–{options})")
    })?;
    if answer < 1 || answer as usize > options {
        return Err(format!("answer {answer} is out of range (1–{options})"));
    }
    Ok(answer as usize)
}

/// Asks each question on the terminal through the host.
fn ask(host: &dyn Host, quiz: &[QuizItem]) -> Result<Vec<usize>, TrainingError> {
    let mut answers = Vec::with_capacity(quiz.len());
    for (at, item) in quiz.iter().enumerate() {
        let mut question = format!("\n{}/{} {}\n", at + 1, quiz.len(), item.question);
        for (k, option) in item.options.iter().enumerate() {
            question.push_str(&format!("  {}. {option}\n", k + 1));
        }
        question.push_str(&format!("答案（1–{}）：", item.options.len()));
        let mut attempt = 0;
        let answer = loop {
            let typed = host.prompt(&question).map_err(|err| {
                TrainingError::Usage(format!(
                    "cannot ask the quiz questions: {err}; give the answers with --answers FILE"
                ))
            })?;
            match check_answer(&typed, item) {
                Ok(answer) => break answer,
                Err(reason) if attempt + 1 >= ATTEMPTS => {
                    return Err(TrainingError::Usage(format!(
                        "question {}: {reason}, nothing recorded",
                        at + 1
                    )));
                }
                Err(reason) => {
                    attempt += 1;
                    question = format!("{reason}；请重新输入（1–{}）：", item.options.len());
                }
            }
        };
        answers.push(answer);
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::cell::RefCell;
    use zhijian_plugin_api::HostRequest;

    fn quiz() -> Vec<QuizItem> {
        let item = |answer| QuizItem {
            question: "q".into(),
            options: vec!["a".into(), "b".into(), "c".into()],
            answer,
            explanation: None,
        };
        vec![item(2), item(3), item(1)]
    }

    fn parse(text: &str) -> Result<Vec<usize>, String> {
        parse_answers(Path::new("answers.txt"), text, &quiz()).map_err(|e| e.to_string())
    }

    #[test]
    fn three_answer_formats() {
        assert_eq!(parse("2\n3\n1\n"), Ok(vec![2, 3, 1]));
        assert_eq!(parse("# my answers\n2\n\n 1 \n1\n"), Ok(vec![2, 1, 1]));
        assert_eq!(parse("[2, 3, 3]"), Ok(vec![2, 3, 3]));
        assert_eq!(parse("answers = [1, 1, 1]\n"), Ok(vec![1, 1, 1]));
    }

    #[test]
    fn bad_answers_are_refused() {
        assert_eq!(
            parse("2\n4\n1\n"),
            Err(
                "answers.txt:2: question 2: answer 4 is out of range (1–3), nothing recorded"
                    .into()
            )
        );
        assert_eq!(
            parse("2\n0\n1\n"),
            Err(
                "answers.txt:2: question 2: answer 0 is out of range (1–3), nothing recorded"
                    .into()
            )
        );
        assert_eq!(
            parse("2\nB\n1\n"),
            Err("answers.txt:2: question 2: answer `B` is not a number (write the option's number, 1–3), nothing recorded".into())
        );
        assert_eq!(
            parse("2\n3\n"),
            Err("answers.txt: 2 answers for 3 questions (give one per question)".into())
        );
        assert!(
            parse("[2, 3")
                .expect_err("bad json")
                .starts_with("answers.txt:1: not a JSON list")
        );
        assert!(
            parse("[2, 3, 9]")
                .expect_err("range")
                .contains("answer 9 is out of range")
        );
    }

    #[test]
    fn scoring() {
        assert_eq!(score(&quiz(), &[2, 3, 1]), 3);
        assert_eq!(score(&quiz(), &[2, 1, 1]), 2);
        assert_eq!(score(&quiz(), &[1, 1, 2]), 0);
    }

    struct Typist(RefCell<Vec<&'static str>>);

    impl Host for Typist {
        fn call(&self, request: HostRequest) -> Result<Value, String> {
            match request {
                HostRequest::Prompt { .. } => {
                    let mut typed = self.0.borrow_mut();
                    if typed.is_empty() {
                        Err("no more input".into())
                    } else {
                        Ok(Value::String(typed.remove(0).into()))
                    }
                }
                _ => Err("only prompts".into()),
            }
        }
    }

    #[test]
    fn interactive_answers_are_asked_again_when_bad() {
        let host = Typist(RefCell::new(vec!["2", "x", "9", "3", "1"]));
        assert_eq!(ask(&host, &quiz()).expect("answers"), [2, 3, 1]);
        let host = Typist(RefCell::new(vec!["x", "x", "x"]));
        assert!(
            ask(&host, &quiz())
                .expect_err("gives up")
                .to_string()
                .contains("nothing recorded")
        );
        let err = ask(&zhijian_plugin_api::NoHost, &quiz()).expect_err("no terminal");
        assert!(err.to_string().contains("--answers FILE"), "{err}");
    }
}
