//! End-to-end tests of the cases plugin.
