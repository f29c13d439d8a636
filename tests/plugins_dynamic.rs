//! End-to-end tests of dynamic plugins and external subcommands.
