//! Card security codes.
use crate::{Brand, Validity};

/// Why a security code can never become valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvcError {
    /// Something other than digits.
    NotDigits,
    /// Longer than the brand allows (4 when the brand is unknown).
    TooLong,
}

/// Checks a security code: digits only, the brand's length (3, or 4 for amex); 3–4 when the
/// brand is unknown.
pub fn check(input: &str, brand: Option<Brand>) -> Validity<CvcError> {
    let _ = (input, brand);
    unimplemented!()
}
