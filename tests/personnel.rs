//! End-to-end tests of the personnel plugin.
