//! Server-side card validation (all of it through enrollment-core) and the test-card outcomes
//! of DESIGN §6.
use enrollment_core::expiry::{self, ExpiryError, YearMonth};
use enrollment_core::number::{self, NumberError};
use enrollment_core::{cvc, holder, Brand, Validity};

use crate::body::Fields;
use crate::error::ApiError;
use axum::http::StatusCode;

/// A card that passed every check. Lives in memory for one request; the digits are never
/// written anywhere.
pub struct ValidCard {
    /// Digits only.
    pub digits: String,
    pub brand: Brand,
    pub expiration_month: u8,
    pub expiration_year: u16,
    /// Normalized.
    pub holder_name: String,
}

impl ValidCard {
    /// First six digits.
    pub fn iin(&self) -> &str {
        self.digits.get(..6).unwrap_or(&self.digits)
    }

    /// Last four digits.
    pub fn last4(&self) -> &str {
        self.digits
            .get(self.digits.len().saturating_sub(4)..)
            .unwrap_or(&self.digits)
    }
}

/// What the sandbox's pretend processor says, picked by the last two digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Vaulted.
    Enrolled,
    /// Refused with this reason.
    Declined(&'static str),
    /// The processor failed (HTTP 502, retryable).
    ProviderError,
}

/// The outcome of a valid card (DESIGN §6): the last two digits decide.
pub fn outcome(digits: &str) -> Outcome {
    match digits.get(digits.len().saturating_sub(2)..) {
        Some("10") => Outcome::Declined("INSUFFICIENT_FUNDS"),
        Some("28") => Outcome::Declined("DECLINED_BY_BANK"),
        Some("36") => Outcome::Declined("DO_NOT_HONOR"),
        Some("44") => Outcome::Declined("INVALID_SECURITY_CODE"),
        Some("51") => Outcome::Declined("INVALID_CARD_DATA"),
        Some("69") => Outcome::Declined("REPORTED_STOLEN"),
        Some("77") => Outcome::ProviderError,
        _ => Outcome::Enrolled,
    }
}

struct Problems(Vec<(&'static str, String)>);

impl Problems {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }
}

/// Validates `{ number, expiration_month, expiration_year, security_code, holder_name }`.
/// Structural problems (missing field, wrong type) are 400 INVALID_REQUEST; content problems
/// are 400 VALIDATION_FAILED naming the first bad field (`number`, `expiry`, `cvc`,
/// `holderName`) with one message per bad field.
pub fn validate(card: &Fields<'_>, today: YearMonth) -> Result<ValidCard, ApiError> {
    let number_input = card.string("number")?;
    let month = card.int_or_digits("expiration_month")?;
    let year = card.int_or_digits("expiration_year")?;
    let cvc_input = card.string("security_code")?;
    let holder_input = card.string("holder_name")?;

    let mut problems = Problems(Vec::new());

    let checked = number::check(number_input);
    let brand = match (checked.validity, checked.brand) {
        (Validity::Valid, Some(brand)) => Some(brand),
        (Validity::Invalid(NumberError::NotDigits), _) => {
            problems.add(
                "number",
                "The card number may contain only digits, spaces and dashes.",
            );
            None
        }
        (Validity::Invalid(NumberError::UnknownBrand), _) => {
            problems.add("number", "The card brand is not supported.");
            None
        }
        (Validity::Invalid(NumberError::TooLong), _) => {
            problems.add("number", "The card number is too long.");
            None
        }
        (Validity::Invalid(NumberError::FailedLuhn), _) => {
            problems.add("number", "The card number is not valid.");
            None
        }
        (Validity::Incomplete, _) | (Validity::Valid, None) => {
            problems.add("number", "The card number is incomplete or not valid.");
            None
        }
    };

    let expiry = parse_expiry(month, year, today);
    if let Err(message) = &expiry {
        problems.add("expiry", message.clone());
    }

    match cvc::check(cvc_input, brand) {
        Validity::Valid => {}
        Validity::Incomplete | Validity::Invalid(_) => {
            let digits = brand.map(|b| b.info().cvc_length.to_string());
            problems.add(
                "cvc",
                match digits {
                    Some(n) => format!("The security code must have {n} digits."),
                    None => "The security code must have 3 or 4 digits.".to_owned(),
                },
            );
        }
    }

    let holder_name = holder::normalize(holder_input);
    match holder::check(&holder_name) {
        Validity::Valid => {}
        Validity::Incomplete => problems.add("holderName", "The cardholder name is too short."),
        Validity::Invalid(holder::HolderError::TooLong) => {
            problems.add("holderName", "The cardholder name is too long.")
        }
        Validity::Invalid(holder::HolderError::InvalidCharacter) => problems.add(
            "holderName",
            "The cardholder name may contain only letters, spaces, apostrophes, hyphens and dots.",
        ),
    }

    match (brand, expiry, problems.0.first()) {
        (Some(brand), Ok((expiration_month, expiration_year)), None) => Ok(ValidCard {
            digits: checked.digits,
            brand,
            expiration_month,
            expiration_year,
            holder_name,
        }),
        (_, _, first) => {
            let field = first.map_or("number", |(f, _)| *f);
            Err(ApiError {
                status: StatusCode::BAD_REQUEST,
                code: "VALIDATION_FAILED",
                messages: problems.0.into_iter().map(|(_, m)| m).collect(),
                field: Some(field.to_owned()),
            })
        }
    }
}

/// Month and year as numbers (a year may have two digits); judged by core against `today`.
fn parse_expiry(
    (month, _): (i64, usize),
    (year, year_digits): (i64, usize),
    today: YearMonth,
) -> Result<(u8, u16), String> {
    if !(1..=12).contains(&month) {
        return Err("The expiration month must be 1 to 12.".to_owned());
    }
    let year = match (year, year_digits) {
        (0..=99, 1 | 2) => 2000 + year,
        (1000..=9999, 4) => year,
        _ => return Err("The expiration year must have 2 or 4 digits.".to_owned()),
    };
    let checked = expiry::check(&format!("{month:02}/{year:04}"), today);
    match (checked.validity, checked.month, checked.year) {
        (Validity::Valid, Some(m), Some(y)) => Ok((m, y)),
        (Validity::Invalid(ExpiryError::Past), _, _) => Err("The card has expired.".to_owned()),
        (Validity::Invalid(ExpiryError::TooFarAhead), _, _) => {
            Err("The expiration date is too far in the future.".to_owned())
        }
        _ => Err("The expiration date is not valid.".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_by_suffix() {
        let cases = [
            ("4507990000000002", Outcome::Enrolled),
            ("4507990000000010", Outcome::Declined("INSUFFICIENT_FUNDS")),
            ("4507990000000028", Outcome::Declined("DECLINED_BY_BANK")),
            ("4507990000000036", Outcome::Declined("DO_NOT_HONOR")),
            (
                "4507990000000044",
                Outcome::Declined("INVALID_SECURITY_CODE"),
            ),
            ("4507990000000051", Outcome::Declined("INVALID_CARD_DATA")),
            ("4507990000000069", Outcome::Declined("REPORTED_STOLEN")),
            ("4507990000000077", Outcome::ProviderError),
            ("4111111111111111", Outcome::Enrolled),
        ];
        for (digits, expected) in cases {
            assert_eq!(outcome(digits), expected, "{digits}");
        }
    }
}
