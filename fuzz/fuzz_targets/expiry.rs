//! Fuzzes expiry parsing, with `today` taken from the input too.
#![no_main]
use enrollment_core::expiry::{self, YearMonth};
use enrollment_core::Validity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, u8, &str)| {
    let (year, month, s) = input;
    let today = YearMonth { year, month };
    let check = expiry::check(s, today);
    if let Some(m) = check.month {
        assert!((1..=12).contains(&m));
    }
    if let Validity::Valid = check.validity {
        let (m, y) = (check.month.expect("month"), check.year.expect("year"));
        assert!(YearMonth { year: y, month: m } >= today);
    }
});
