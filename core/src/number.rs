//! Card number validation.
use crate::{Brand, Validity};

/// Why a card number can never become valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Something other than digits, spaces and dashes.
    NotDigits,
    /// More digits than any length of the brand (or 19).
    TooLong,
    /// Complete length but the Luhn check fails.
    FailedLuhn,
    /// No brand starts like this.
    UnknownBrand,
}

/// The result of checking a card number as typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberCheck {
    /// The digits, separators removed (empty when the input had other characters).
    pub digits: String,
    /// The brand once it is known.
    pub brand: Option<Brand>,
    /// Valid / Incomplete / Invalid(reason).
    pub validity: Validity<NumberError>,
}

/// Removes spaces and dashes; `None` when anything else but digits remains.
pub fn strip(input: &str) -> Option<String> {
    let _ = input;
    unimplemented!()
}

/// Checks a card number as typed so far ("" and "4" are Incomplete; "4111-1111-1111-1111" is Valid).
pub fn check(input: &str) -> NumberCheck {
    let _ = input;
    unimplemented!()
}
