//! The `zhijian` command: parse, run, map the outcome to an exit code.

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
            eprintln!("zhijian: error: {}", output::one_line(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
