//! Turning a panic's payload into the text a diagnostic shows.
//!
//! Owns only that: catching panics is the engine's and the runner's job. Every place that
//! catches one (a rule, a widget's whole check, the script parser) words it the same way here.
//! The plugin SDK keeps its own copy on purpose: pack authors build against it alone, without
//! amolint-core.

use std::any::Any;

/// The message a panic was raised with (`panic!("…")` gives a `&str` or a `String`), or
/// "panic" for any other payload.
pub fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_str_and_string_payloads() {
        let literal = std::panic::catch_unwind(|| panic!("literal")).unwrap_err();
        assert_eq!(super::message(literal.as_ref()), "literal");
        let formatted = std::panic::catch_unwind(|| panic!("{} {}", "formatted", 2)).unwrap_err();
        assert_eq!(super::message(formatted.as_ref()), "formatted 2");
        let other = std::panic::catch_unwind(|| std::panic::panic_any(7_u8)).unwrap_err();
        assert_eq!(super::message(other.as_ref()), "panic");
    }
}
