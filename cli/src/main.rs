//! The `zhijian` command: parse, run, map the outcome to an exit code.

// The one crate that talks to the terminal (see docs/ARCHITECTURE.md).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod app;
mod commands;
mod host;
mod output;
mod plugins;
mod render;
mod templates;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match app::run(args) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            // `zhijian search x | head` closes the pipe early; that is success.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let kind = output::error_kind(&err);
            let message = output::one_line(&format!("{err:#}"));
            // Nothing found is an answer, not a failure: exit 1, as ripgrep does.
            if kind == zhijian_plugin_api::ErrorKind::NotFound {
                eprintln!("zhijian: {message}");
            } else {
                eprintln!("zhijian: error: {message}");
            }
            ExitCode::from(zhijian_plugin_support::exit_code(kind))
        }
    }
}
