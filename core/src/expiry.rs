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

/// How far ahead an expiry may be, in years (to the month).
pub const MAX_YEARS_AHEAD: u16 = 20;

/// Longer input is refused outright ("MM / YYYY" with generous spacing is about 10).
const MAX_INPUT_LEN: usize = 24;

enum Judgement {
    Ok,
    Past,
    TooFar,
}

fn judge_month(ym: YearMonth, today: YearMonth) -> Judgement {
    let latest = (
        u32::from(today.year) + u32::from(MAX_YEARS_AHEAD),
        today.month,
    );
    if ym < today {
        Judgement::Past
    } else if (u32::from(ym.year), ym.month) > latest {
        Judgement::TooFar
    } else {
        Judgement::Ok
    }
}

fn reason(j: Judgement) -> Validity<ExpiryError> {
    match j {
        Judgement::Ok => Validity::Valid,
        Judgement::Past => Validity::Invalid(ExpiryError::Past),
        Judgement::TooFar => Validity::Invalid(ExpiryError::TooFarAhead),
    }
}

/// 10 to the `n` (at most 4 here), from core's table rather than `u32::pow`'s squaring.
fn pow10(n: u32) -> u32 {
    crate::POW10.get(n as usize).copied().unwrap_or(1)
}

fn value(digits: &str) -> u32 {
    // At most four digits (the callers check).
    crate::decimal(digits.as_bytes()) as u32
}

/// Whether `year_digits` (fewer than four) can still grow into an acceptable expiry of `month`,
/// read as "YY" (2000 + YY) when fewer than two digits were typed, or as "YYYY".
fn can_grow(year_digits: &str, month: u8, today: YearMonth) -> bool {
    let k = year_digits.len() as u32;
    let typed = value(year_digits);
    let first = u32::from(today.year);
    // A plain loop over the years (see `crate::find_byte`).
    let mut y = first;
    while y <= first + u32::from(MAX_YEARS_AHEAD) {
        let as_four = (1000..=9999).contains(&y) && y / pow10(4 - k) == typed;
        let as_two = k < 2 && y / 100 == 20 && (y % 100) / pow10(2 - k) == typed;
        if let Ok(year) = u16::try_from(y) {
            if (as_four || as_two)
                && matches!(judge_month(YearMonth { year, month }, today), Judgement::Ok)
            {
                return true;
            }
        }
        y += 1;
    }
    false
}

fn with_year(month: u8, year_digits: &str, today: YearMonth) -> ExpiryCheck {
    let k = year_digits.len();
    let incomplete_or = |fallback: Validity<ExpiryError>| {
        if can_grow(year_digits, month, today) {
            Validity::Incomplete
        } else {
            fallback
        }
    };
    let (year, validity) = match k {
        0 => (None, Validity::Incomplete),
        1 | 3 => {
            // Every completion lies on one side of today: say which.
            let highest = if k == 1 {
                2000 + value(year_digits) * 10 + 9
            } else {
                value(year_digits) * 10 + 9
            };
            let side = if highest < u32::from(today.year) {
                ExpiryError::Past
            } else {
                ExpiryError::TooFarAhead
            };
            (None, incomplete_or(Validity::Invalid(side)))
        }
        2 => {
            let year = 2000 + value(year_digits) as u16;
            let ym = YearMonth { year, month };
            let validity = match judge_month(ym, today) {
                Judgement::Ok => Validity::Valid,
                // "12/20" may be the start of "12/2031".
                other => incomplete_or(reason(other)),
            };
            (Some(year), validity)
        }
        4 => {
            let year = value(year_digits) as u16;
            (
                Some(year),
                reason(judge_month(YearMonth { year, month }, today)),
            )
        }
        _ => (None, Validity::Invalid(ExpiryError::Malformed)),
    };
    ExpiryCheck {
        month: Some(month),
        year,
        validity,
    }
}

fn invalid(error: ExpiryError) -> ExpiryCheck {
    ExpiryCheck {
        month: None,
        year: None,
        validity: Validity::Invalid(error),
    }
}

fn month_of(digits: &str) -> Result<u8, ExpiryError> {
    match value(digits) {
        m @ 1..=12 => Ok(m as u8),
        _ => Err(ExpiryError::MonthOutOfRange),
    }
}

fn all_digits(s: &str) -> bool {
    crate::all_bytes(s, crate::is_digit)
}

/// Checks "MM/YY", "MM / YY", "MMYY", "MM/YYYY", "M/YY" (and partial input) against `today`;
/// a card is valid through the end of its month.
///
/// Without a separator a leading 2–9 is a one-digit month ("228" is 02/28, as the formatter
/// shows it) and a leading 0 or 1 waits for the second month digit ("1" has no month yet).
/// Two year digits mean 20YY, except that a past "YY" that can still grow into an acceptable
/// "YYYY" is Incomplete ("12/20" on the way to "12/2031"). `today` itself is valid; more than
/// [`MAX_YEARS_AHEAD`] years ahead (to the month) is too far.
pub fn check(input: &str, today: YearMonth) -> ExpiryCheck {
    let s = crate::trim_space(input);
    if s.len() > MAX_INPUT_LEN {
        return invalid(ExpiryError::Malformed);
    }
    if let Some((m, y)) = crate::split_once_ascii(s, b'/') {
        let (m, y) = (crate::trim_space(m), crate::trim_space(y));
        if m.is_empty() || m.len() > 2 || !all_digits(m) || !all_digits(y) || y.len() > 4 {
            return invalid(ExpiryError::Malformed);
        }
        return match month_of(m) {
            Ok(month) => with_year(month, y, today),
            Err(e) => invalid(e),
        };
    }
    if !s.chars().all(|c| c.is_ascii_digit() || crate::is_space(c)) {
        return invalid(ExpiryError::Malformed);
    }
    // An index loop over the bytes (see `crate::find_byte`): ASCII digits are single bytes.
    let mut digits = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            digits.push(char::from(b[i]));
        }
        i += 1;
    }
    let month_len = match digits.as_bytes().first() {
        None => {
            return ExpiryCheck {
                month: None,
                year: None,
                validity: Validity::Incomplete,
            }
        }
        Some(b'0' | b'1') if digits.len() == 1 => {
            return ExpiryCheck {
                month: None,
                year: None,
                validity: Validity::Incomplete,
            }
        }
        Some(b'0' | b'1') => 2,
        Some(_) => 1,
    };
    let (m, y) = digits.split_at(month_len);
    match month_of(m) {
        Ok(month) => with_year(month, y, today),
        Err(e) => invalid(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExpiryError::*;
    use Validity::{Incomplete, Invalid, Valid};

    const TODAY: YearMonth = YearMonth {
        year: 2026,
        month: 11,
    };

    #[test]
    fn table() {
        type Case = (&'static str, Option<u8>, Option<u16>, Validity<ExpiryError>);
        let cases: &[Case] = &[
            ("", None, None, Incomplete),
            ("  ", None, None, Incomplete),
            ("0", None, None, Incomplete),
            ("1", None, None, Incomplete),
            ("2", Some(2), None, Incomplete),
            ("9", Some(9), None, Incomplete),
            ("00", None, None, Invalid(MonthOutOfRange)),
            ("01", Some(1), None, Incomplete),
            ("12", Some(12), None, Incomplete),
            ("13", None, None, Invalid(MonthOutOfRange)),
            ("19", None, None, Invalid(MonthOutOfRange)),
            ("12/", Some(12), None, Incomplete),
            ("12 / ", Some(12), None, Incomplete),
            ("1/", Some(1), None, Incomplete),
            ("0/", None, None, Invalid(MonthOutOfRange)),
            ("00/28", None, None, Invalid(MonthOutOfRange)),
            ("13/28", None, None, Invalid(MonthOutOfRange)),
            ("11/28", Some(11), Some(2028), Valid),
            ("11 / 28", Some(11), Some(2028), Valid),
            ("  11 / 28  ", Some(11), Some(2028), Valid),
            ("1128", Some(11), Some(2028), Valid),
            ("11 28", Some(11), Some(2028), Valid),
            ("11/2028", Some(11), Some(2028), Valid),
            ("11 / 2028", Some(11), Some(2028), Valid),
            ("112028", Some(11), Some(2028), Valid),
            ("1/28", Some(1), Some(2028), Valid),
            ("1 / 28", Some(1), Some(2028), Valid),
            ("01/28", Some(1), Some(2028), Valid),
            ("228", Some(2), Some(2028), Valid),
            ("22028", Some(2), Some(2028), Valid),
            // Valid through the end of the current month.
            ("11/26", Some(11), Some(2026), Valid),
            ("12/26", Some(12), Some(2026), Valid),
            ("10/26", Some(10), Some(2026), Invalid(Past)),
            ("11/25", Some(11), Some(2025), Invalid(Past)),
            ("01/2026", Some(1), Some(2026), Invalid(Past)),
            ("12/1999", Some(12), Some(1999), Invalid(Past)),
            // Twenty years ahead, to the month.
            ("11/46", Some(11), Some(2046), Valid),
            ("12/46", Some(12), Some(2046), Invalid(TooFarAhead)),
            ("11/2046", Some(11), Some(2046), Valid),
            ("12/2046", Some(12), Some(2046), Invalid(TooFarAhead)),
            ("01/47", Some(1), Some(2047), Invalid(TooFarAhead)),
            ("12/99", Some(12), Some(2099), Invalid(TooFarAhead)),
            ("12/9999", Some(12), Some(9999), Invalid(TooFarAhead)),
            ("12/0000", Some(12), Some(0), Invalid(Past)),
            // Partial years.
            ("12/2", Some(12), None, Incomplete),
            ("12/3", Some(12), None, Incomplete),
            ("12/4", Some(12), None, Incomplete),
            ("12/5", Some(12), None, Invalid(TooFarAhead)),
            ("12/1", Some(12), None, Invalid(Past)),
            ("12/0", Some(12), None, Invalid(Past)),
            ("12/20", Some(12), Some(2020), Incomplete),
            ("12/202", Some(12), None, Incomplete),
            ("12/203", Some(12), None, Incomplete),
            ("12/204", Some(12), None, Incomplete),
            ("12/205", Some(12), None, Invalid(TooFarAhead)),
            ("12/201", Some(12), None, Invalid(Past)),
            ("12/199", Some(12), None, Invalid(Past)),
            ("12/19", Some(12), Some(2019), Invalid(Past)),
            ("12/21", Some(12), Some(2021), Invalid(Past)),
            ("122", Some(12), None, Incomplete),
            ("1220", Some(12), Some(2020), Incomplete),
            ("12202", Some(12), None, Incomplete),
            // Malformed.
            ("12/2028/1", None, None, Invalid(Malformed)),
            ("/28", None, None, Invalid(Malformed)),
            ("/", None, None, Invalid(Malformed)),
            ("123/28", None, None, Invalid(Malformed)),
            ("12/20288", None, None, Invalid(Malformed)),
            ("1220288", Some(12), None, Invalid(Malformed)),
            ("12-28", None, None, Invalid(Malformed)),
            ("ab/cd", None, None, Invalid(Malformed)),
            ("12/2a", None, None, Invalid(Malformed)),
            ("１２/２８", None, None, Invalid(Malformed)),
            (
                "12/28            extra spaces here",
                None,
                None,
                Invalid(Malformed),
            ),
        ];
        for &(input, month, year, validity) in cases {
            let got = check(input, TODAY);
            assert_eq!(
                (got.month, got.year, got.validity),
                (month, year, validity),
                "{input:?}"
            );
        }
    }

    #[test]
    fn the_design_test_expiry_is_valid_until_it_ends() {
        let cases = [
            (
                YearMonth {
                    year: 2026,
                    month: 11,
                },
                Valid,
            ),
            (
                YearMonth {
                    year: 2028,
                    month: 11,
                },
                Valid,
            ),
            (
                YearMonth {
                    year: 2028,
                    month: 12,
                },
                Invalid(Past),
            ),
            (
                YearMonth {
                    year: 2009,
                    month: 1,
                },
                Valid,
            ),
            (
                YearMonth {
                    year: 2008,
                    month: 10,
                },
                Invalid(TooFarAhead),
            ),
            (
                YearMonth {
                    year: 2008,
                    month: 11,
                },
                Valid,
            ),
        ];
        for (today, want) in cases {
            assert_eq!(check("11/28", today).validity, want, "{today:?}");
        }
    }

    #[test]
    fn extreme_todays_do_not_panic() {
        for today in [
            YearMonth { year: 0, month: 1 },
            YearMonth {
                year: u16::MAX,
                month: 12,
            },
            YearMonth {
                year: 9990,
                month: 6,
            },
            YearMonth {
                year: 2099,
                month: 12,
            },
        ] {
            for input in ["", "1", "12/", "12/2", "12/20", "12/203", "12/2030", "9999"] {
                let _ = check(input, today);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*", year in proptest::num::u16::ANY, month in 0u8..=255) {
            let _ = check(&s, YearMonth { year, month });
        }

        #[test]
        fn expiry_like_input_never_panics(s in "[0-9 /]{0,12}") {
            let _ = check(&s, TODAY);
        }

        #[test]
        fn every_valid_month_in_the_window_is_valid_in_every_form(offset in 0u32..=240) {
            let total = 2026 * 12 + 10 + offset; // months since year 0, from November 2026
            let (year, month) = ((total / 12) as u16, (total % 12 + 1) as u8);
            let yy = year % 100;
            for input in [
                format!("{month:02}/{yy:02}"),
                format!("{month:02} / {yy:02}"),
                format!("{month:02}{yy:02}"),
                format!("{month:02}/{year}"),
                format!("{month}/{yy:02}"),
            ] {
                let got = check(&input, TODAY);
                proptest::prop_assert_eq!(got.validity, Valid, "{}", input);
                proptest::prop_assert_eq!(got.month, Some(month));
                proptest::prop_assert_eq!(got.year, Some(year));
            }
        }

        #[test]
        fn incomplete_can_be_completed(y in "[0-9]{0,3}", month in 1u8..=12) {
            // Incomplete must mean "some continuation is valid".
            let input = format!("{month:02}/{y}");
            if check(&input, TODAY).validity == Incomplete {
                let found = (0..10_000u32).any(|n| {
                    let completed = format!("{input}{n}");
                    check(&completed, TODAY).validity == Valid
                });
                proptest::prop_assert!(found, "{}", input);
            }
        }
    }
}
