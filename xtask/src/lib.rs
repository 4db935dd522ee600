//! The project's own tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//! Today there is one: writing the rule reference `docs/rules/` ([`rule_docs`]).
//!
//! A crate of its own rather than a hidden `amolint` subcommand: these tasks write the
//! repository's files, which an installed amolint must never do, and the test that keeps the
//! pages in sync calls the same functions the task does. Nothing here is part of amolint.

pub mod rule_docs;
