//! End-to-end tests of the policy plugin.
