//! Fuzzes card number checking and brand detection.
#![no_main]
use enrollment_core::{brand, number, Validity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let check = number::check(s);
    let _ = brand::detect(s);
    assert!(brand::max_length(s) <= 19);
    if let Validity::Valid = check.validity {
        let brand = check.brand.expect("a valid number has a brand");
        assert!(brand.info().lengths.contains(&(check.digits.len() as u8)));
        assert_eq!(check.last4().map(str::len), Some(4));
    }
    if let Some(digits) = number::strip(s) {
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(check.digits, digits);
    }
});
