//! Card expiry dates: parsing and judging against a `today` passed in.
use crate::Validity;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
}

/// Why an expiry can never become valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryError {
    /// Not of any accepted shape.
    Malformed,
    /// Month 0 or above 12.
    MonthOutOfRange,
    /// A month that has ended.
    Past,
    /// More than 20 years ahead.
    TooFarAhead,
}

/// The result of checking an expiry as typed so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryCheck {
    /// 1–12 once readable.
    pub month: Option<u8>,
    /// Four digits once readable.
    pub year: Option<u16>,
    /// Valid / Incomplete / Invalid(reason).
    pub validity: Validity<ExpiryError>,
}

/// Checks "MM/YY", "MM / YY", "MMYY", "MM/YYYY", "M/YY" (and partial input) against `today`;
/// a card is valid through the end of its month.
pub fn check(input: &str, today: YearMonth) -> ExpiryCheck {
    let _ = (input, today);
    unimplemented!()
}
