//! The cardholder name.
use crate::Validity;

/// Why a holder name can never become valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderError {
    /// Over 26 characters after trimming.
    TooLong,
    /// A character other than letters (any script), spaces, apostrophes, hyphens and dots.
    InvalidCharacter,
}

/// Checks a holder name: trimmed, 2–26 characters; "" and one letter are Incomplete.
pub fn check(input: &str) -> Validity<HolderError> {
    let _ = input;
    unimplemented!()
}

/// The name as it is sent and stored: trimmed, inner runs of white space folded to one space.
pub fn normalize(input: &str) -> String {
    let _ = input;
    unimplemented!()
}
