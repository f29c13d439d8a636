//! End-to-end tests of the training plugin.
