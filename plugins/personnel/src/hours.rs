//! Training hours and completed steps, from the training plugin's records
//! (`training/records/<person>.toml`).

use zhijian_kb::Kb;

/// Where training figures come from (reported in `report --json`).
pub const SOURCE: &str = "zhijian-training";

/// A person's training hours with completions dated in `from..=to`; a record the
/// training plugin cannot read counts 0 and comes back as the warning.
pub fn training_hours(
    kb: &Kb,
    person: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> (f64, Option<String>) {
    match zhijian_training::training_hours(kb, person, from, to) {
        Ok(hours) => (hours, None),
        Err(err) => (
            0.0,
            Some(format!("training hours of {person} counted as 0: {err}")),
        ),
    }
}

/// The learning-path steps a person has completed; unreadable records count as none.
pub fn completed_steps(kb: &Kb, person: &str) -> (Vec<String>, Option<String>) {
    match zhijian_training::completed_steps(kb, person) {
        Ok(steps) => (steps, None),
        Err(err) => (
            Vec::new(),
            Some(format!(
                "completed steps of {person} counted as none: {err}"
            )),
        ),
    }
}
