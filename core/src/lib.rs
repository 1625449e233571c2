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
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}
