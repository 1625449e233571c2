//! Every rule of enrollment-sdk that can be decided without a browser: the sdk_token, card brands,
//! Luhn, as-you-type formatting with caret mapping, expiry, CVC, holder name and the message catalog.
//!
//! Nothing here reads the clock: functions that judge time take `now` / `today` as a parameter.
//! Nothing here panics on any input: every parser answers with a value.
//!
//! ```
//! use enrollment_core::{brand, cvc, expiry, format, holder, number, token, Brand, Detection};
//! use enrollment_core::expiry::YearMonth;
//! use enrollment_core::messages::{fill, text, Locale, MessageKey};
//! use enrollment_core::Validity;
//!
//! // The brand is known from the first digit and refined as digits arrive.
//! assert_eq!(brand::detect("4"), Detection::Brand(Brand::Visa));
//! assert_eq!(brand::detect("6"), Detection::Ambiguous);
//!
//! // As the customer types: format the field and put the caret back where it belongs.
//! let typed = format::number("370000000", 9);
//! assert_eq!(typed.value, "3700 00000");
//! assert_eq!(typed.caret, 10);
//!
//! // Three states: valid, incomplete (keep typing), invalid (with a reason).
//! let card = number::check("3700 000000 00002");
//! assert_eq!(card.brand, Some(Brand::Amex));
//! assert!(card.validity.is_valid());
//! assert_eq!(card.last4(), Some("0002"));
//! assert_eq!(number::check("4507 99").validity, Validity::Incomplete);
//!
//! let today = YearMonth { year: 2026, month: 11 };
//! let exp = expiry::check("11 / 28", today);
//! assert_eq!((exp.month, exp.year), (Some(11), Some(2028)));
//! assert!(exp.validity.is_valid());
//! assert_eq!(format::expiry("2", 1, false).value, "02 / ");
//!
//! assert!(cvc::check("1234", Some(Brand::Amex)).is_valid());
//! assert!(holder::check("  María José  ").is_valid());
//!
//! // The sdk_token: structure, kind and expiry, judged against a `now` passed in.
//! let opaque = "cstok_live_xyz789abc012def345ghi678";
//! assert_eq!(
//!     token::check(opaque, token::TokenKind::Customer, None, 1_795_000_000),
//!     Err(token::TokenError::ExpiryUnknown)
//! );
//! let t = token::check(opaque, token::TokenKind::Customer, Some(1_795_000_600), 1_795_000_000);
//! assert_eq!(t.map(|t| t.environment), Ok(token::Environment::Live));
//!
//! // Messages in three languages, with placeholders.
//! let label = text(Locale::Es, MessageKey::BrandDetected);
//! assert_eq!(fill(label, &[("brand", "Visa")]), "Marca de la tarjeta: Visa");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod brand;
pub mod cvc;
pub mod expiry;
pub mod format;
pub mod holder;
pub mod luhn;
pub mod messages;
pub mod number;
mod packed;
pub mod time;
pub mod token;
pub mod validity;

pub use brand::{Brand, BrandInfo, Detection};
pub use validity::Validity;

/// `s` split around the first `sep`, an ASCII byte (so both halves are valid `str`s). The
/// parsers use this instead of `split_once(char)`: a char pattern brings std's char searcher and
/// memchr into the SDK's wasm for separators that are always ASCII (the SDK's own scans share it).
pub fn split_once_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = find_byte(s.as_bytes(), sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether every byte of `s` passes `ok`. One index loop behind a function pointer for every
/// "only these characters" check: in the SDK's size-optimized build each `bytes().all(…)` is an
/// iterator of its own, kept in memory, with its adapter calls.
pub fn all_bytes(s: &str, ok: fn(u8) -> bool) -> bool {
    all_bytes_in(s.as_bytes(), ok)
}

/// [`all_bytes`] for bytes.
pub(crate) fn all_bytes_in(b: &[u8], ok: fn(u8) -> bool) -> bool {
    let mut i = 0;
    while i < b.len() {
        if !ok(b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// White space: the Unicode `White_Space` property, as [`char::is_whitespace`] answers it, written
/// out (the list is short and has been stable for years). std's version reads a table through a
/// lookup of its own.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// `s` without [`is_space`] white space at either end, as [`str::trim`]. One forward pass over
/// the chars: `trim` also decodes UTF-8 backwards, code the SDK needs nowhere else.
pub fn trim_space(s: &str) -> &str {
    let mut chars = s.chars();
    let (mut start, mut end) = (None, 0);
    loop {
        let at = s.len() - chars.as_str().len();
        let Some(c) = chars.next() else { break };
        if !is_space(c) {
            start = start.or(Some(at));
            end = s.len() - chars.as_str().len();
        }
    }
    s.get(start.unwrap_or(0)..end).unwrap_or("")
}

/// `s` without the ASCII `byte`s at its end, as `trim_end_matches(char)` but without std's
/// reverse char searcher in the SDK's wasm.
pub fn trim_end_byte(s: &str, byte: u8) -> &str {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] == byte {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

/// Powers of ten up to a six-digit prefix's 10^6 (brand prefixes, expiry years).
pub(crate) const POW10: [u32; 7] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/// An ASCII digit (for [`all_bytes`]).
pub fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// The decimal value of `digits` (ASCII digits, few enough for an `i64`: the callers check
/// both). An index loop, for the reason given at [`all_bytes`].
pub(crate) fn decimal(digits: &[u8]) -> i64 {
    let mut v = 0i64;
    let mut i = 0;
    while i < digits.len() {
        v = v
            .wrapping_mul(10)
            .wrapping_add(i64::from(digits[i].wrapping_sub(b'0')));
        i += 1;
    }
    v
}

/// The index of the first `byte` in `b`. An index loop rather than `iter().position()`: the SDK's
/// size-optimized build keeps an iterator's state in memory and calls its adapters.
pub fn find_byte(b: &[u8], byte: u8) -> Option<usize> {
    let mut i = 0;
    while i < b.len() {
        if b[i] == byte {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether `values` (lengths, gap positions) holds `n`. An index loop (see [`find_byte`]).
pub(crate) fn holds(values: &[u8], n: usize) -> bool {
    let mut i = 0;
    while i < values.len() {
        if usize::from(values[i]) == n {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_space_is_char_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_space_is_str_trim(s in "[ \t\u{a0}\u{2003}\u{3000}a-zé😀]{0,12}") {
            proptest::prop_assert_eq!(trim_space(&s), s.trim());
        }

        #[test]
        fn trim_end_byte_is_trim_end_matches(s in "[/a-é]{0,8}") {
            proptest::prop_assert_eq!(trim_end_byte(&s, b'/'), s.trim_end_matches('/'));
        }

        #[test]
        fn trim_space_is_str_trim_on_any_text(s in "\\PC*") {
            proptest::prop_assert_eq!(trim_space(&s), s.trim());
        }
    }
}
