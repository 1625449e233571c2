//! Fuzzes the holder name check and normalization.
#![no_main]
use enrollment_core::holder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let check = holder::check(s);
    let normalized = holder::normalize(s);
    assert_eq!(normalized.trim(), normalized);
    assert!(!normalized.contains("  "));
    // Normalizing a name never changes the verdict.
    assert_eq!(holder::check(&normalized), check);
});
