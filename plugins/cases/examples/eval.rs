//! Runs the judged case-search set by hand: `cargo run -p zhijian-cases --example eval -- KB [JUDGED]`.

// A command-line tool: it prints its figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let kb = PathBuf::from(args.next().ok_or("usage: eval KB [JUDGED]")?);
    let judged = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/cases.jsonl"),
        PathBuf::from,
    );
    // Cases link to policies, so both plugins' types are needed.
    let types =
        zhijian_cases::declare_types(zhijian_policy::declare_types(zhijian_kb::Types::builder()))
            .build();
    let kb = zhijian_kb::Kb::open(&kb, types)?;
    let report = zhijian_cases::evaluate(&kb, &judged)?;
    for q in &report.per_query {
        println!(
            "{:<4} R@10 {:.2}  RR {:.2}  {}  missed {:?}",
            q.id, q.recall, q.reciprocal_rank, q.query, q.missed
        );
    }
    println!(
        "queries {}  Recall@10 {:.3}  MRR@10 {:.3}",
        report.queries, report.recall_at_10, report.mrr_at_10
    );
    Ok(())
}
