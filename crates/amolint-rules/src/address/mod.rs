//! What the rules know about addresses, shared by every pack that meets them: which hosts are
//! development addresses ([`dev_host`](dev_host::dev_host), used by the script, security and
//! integrations packs) and the strict syntax of the URLs and e-mail addresses a manifest carries
//! ([`url`], used by the manifest and integrations packs).
//!
//! Knowledge only: it must not report findings, read the widget, or resolve or contact any
//! address. Finding URLs in script.js is the core's job (`amolint_core::script`); judging them
//! is each rule's.

pub mod dev_host;
pub mod url;
