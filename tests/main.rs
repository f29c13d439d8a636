//! End-to-end tests of the `zhijian` command, on small fixture knowledge bases.
//!
//! One test binary for the whole CLI (one `mod` per feature), so it links once.

// Tests print what they measured or found.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

mod cases;
mod core;
mod docket;
mod invalid;
mod personnel;
mod plugins_dynamic;
mod plugins_guide;
mod plugins_security;
mod policy;
mod reliability;
mod training;
