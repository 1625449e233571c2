//! Fuzzes number and expiry formatting with caret mapping.
#![no_main]
use enrollment_core::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, bool, &str)| {
    let (caret, deleting, raw) = input;
    let caret = usize::from(caret);
    let n = format::number(raw, caret);
    assert!(n.caret <= n.value.len());
    assert_ne!(n.value.as_bytes().get(n.caret), Some(&b' '));
    assert_eq!(format::number(&n.value, n.caret), n);
    let e = format::expiry(raw, caret, deleting);
    assert!(e.caret <= e.value.len());
    assert!(e.value.len() <= 7);
    let (removed, at) = format::remove_digit_before(raw, caret);
    assert!(removed.len() <= raw.len());
    assert!(at <= removed.encode_utf16().count());
});
