//! Card number validation: separators, brand, length and Luhn in one three-state answer.
use crate::brand::{self, Detection, DEFAULT_MAX_LENGTH};
use crate::{luhn, Brand, Validity};

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

impl NumberCheck {
    /// True when the digits have one of the brand's lengths but fail Luhn. While a longer length
    /// remains possible such a number is only Incomplete (typing on could still make it valid),
    /// but a form that is being submitted or left can call it invalid rather than incomplete.
    pub fn fails_luhn_at_valid_length(&self) -> bool {
        self.brand.is_some_and(|b| {
            let info = b.info();
            info.luhn
                && crate::holds(info.lengths, self.digits.len())
                && !luhn::is_valid(&self.digits)
        })
    }

    /// The last four digits, only once the number is valid (`last4` in the JS state).
    pub fn last4(&self) -> Option<&str> {
        if self.validity.is_valid() {
            self.digits.get(self.digits.len().saturating_sub(4)..)
        } else {
            None
        }
    }
}

/// Removes spaces and dashes; `None` when anything else but digits remains.
///
/// "Spaces" are any Unicode white space (a pasted number may carry tabs or no-break spaces);
/// only ASCII digits count as digits.
pub fn strip(input: &str) -> Option<String> {
    let mut digits = String::with_capacity(input.len().min(32));
    for c in input.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !(crate::is_space(c) || c == '-') {
            return None;
        }
    }
    Some(digits)
}

/// Checks a card number as typed so far ("" and "4" are Incomplete; "4111-1111-1111-1111" is Valid).
///
/// A number at one of its brand's lengths that fails Luhn is Incomplete while a longer length
/// is still possible and `FailedLuhn` at the brand's longest length (see
/// [`NumberCheck::fails_luhn_at_valid_length`]). Too many digits win over every other reason.
pub fn check(input: &str) -> NumberCheck {
    let Some(digits) = strip(input) else {
        return NumberCheck {
            digits: String::new(),
            brand: None,
            validity: Validity::Invalid(NumberError::NotDigits),
        };
    };
    let len = digits.len();
    let (brand, validity) = match brand::detect(&digits) {
        Detection::Unknown => (None, Validity::Invalid(NumberError::UnknownBrand)),
        Detection::Ambiguous if len > DEFAULT_MAX_LENGTH => {
            (None, Validity::Invalid(NumberError::TooLong))
        }
        Detection::Ambiguous => (None, Validity::Incomplete),
        Detection::Brand(b) => (Some(b), judge(b, &digits)),
    };
    NumberCheck {
        digits,
        brand,
        validity,
    }
}

fn judge(brand: Brand, digits: &str) -> Validity<NumberError> {
    let info = brand.info();
    let len = digits.len();
    let max = info
        .lengths
        .last()
        .map_or(DEFAULT_MAX_LENGTH, |&l| usize::from(l));
    if len > max {
        return Validity::Invalid(NumberError::TooLong);
    }
    if !crate::holds(info.lengths, len) {
        return Validity::Incomplete;
    }
    if !info.luhn || luhn::is_valid(digits) {
        Validity::Valid
    } else if len < max {
        Validity::Incomplete
    } else {
        Validity::Invalid(NumberError::FailedLuhn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberError::*;
    use Validity::{Incomplete, Invalid, Valid};

    #[test]
    fn strip_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("", Some("")),
            ("4", Some("4")),
            ("4111 1111 1111 1111", Some("4111111111111111")),
            ("4111-1111-1111-1111", Some("4111111111111111")),
            (" 4111\t1111\u{a0}1111 - 1111 ", Some("4111111111111111")),
            ("--  --", Some("")),
            ("4111.1111", None),
            ("4111/1111", None),
            ("4111a", None),
            ("٤١١١", None),
            ("４１", None),
            ("+4", None),
        ];
        for &(input, want) in cases {
            assert_eq!(strip(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn check_table() {
        let cases: &[(&str, Option<Brand>, Validity<NumberError>)] = &[
            ("", None, Incomplete),
            ("   ", None, Incomplete),
            ("4", Some(Brand::Visa), Incomplete),
            ("6", None, Incomplete),
            ("4507 9900 0000 0002", Some(Brand::Visa), Valid),
            ("4507990000000002", Some(Brand::Visa), Valid),
            ("4507-9900-0000-0002", Some(Brand::Visa), Valid),
            ("4111-1111-1111-1111", Some(Brand::Visa), Valid),
            (" 4111 1111 1111 1111 ", Some(Brand::Visa), Valid),
            ("4111 1111 1111 111", Some(Brand::Visa), Incomplete),
            // Visa may also be 18 or 19 digits, so a failing 16-digit number is not final yet.
            ("4111 1111 1111 1112", Some(Brand::Visa), Incomplete),
            (
                "4111 1111 1111 1111 112",
                Some(Brand::Visa),
                Invalid(FailedLuhn),
            ),
            (
                "4111 1111 1111 1111 1111",
                Some(Brand::Visa),
                Invalid(TooLong),
            ),
            ("5252 4400 0000 0002", Some(Brand::Mastercard), Valid),
            (
                "5252 4400 0000 0003",
                Some(Brand::Mastercard),
                Invalid(FailedLuhn),
            ),
            (
                "5252 4400 0000 00021",
                Some(Brand::Mastercard),
                Invalid(TooLong),
            ),
            ("2223 0031 2200 3222", Some(Brand::Mastercard), Valid),
            ("3700 000000 00002", Some(Brand::Amex), Valid),
            ("3700 000000 00003", Some(Brand::Amex), Invalid(FailedLuhn)),
            ("3700 000000 0000", Some(Brand::Amex), Incomplete),
            ("3700 000000 000021", Some(Brand::Amex), Invalid(TooLong)),
            ("3647 1660 0000 0002", Some(Brand::Diners), Valid),
            ("3056 930902 5904", Some(Brand::Diners), Valid),
            ("6011 1111 1111 1117", Some(Brand::Discover), Valid),
            ("3530 1113 3330 0000", Some(Brand::Jcb), Valid),
            ("6200 0000 0000 0005", Some(Brand::Unionpay), Valid),
            // UnionPay skips Luhn.
            ("6200 0000 0000 0006", Some(Brand::Unionpay), Valid),
            ("6205 5000 0000 0000 004", Some(Brand::Unionpay), Valid),
            ("6759 6498 2643 8453", Some(Brand::Maestro), Valid),
            ("5066 9911 1111 1118", Some(Brand::Elo), Valid),
            ("6062 8256 2425 4001", Some(Brand::Hipercard), Valid),
            ("6370 9500 0000 0005", Some(Brand::Hiper), Valid),
            ("6035 2277 1642 7021", Some(Brand::Cabal), Valid),
            ("5895 6200 0000 0002", Some(Brand::Naranja), Valid),
            (
                "5895 6200 0000 0003",
                Some(Brand::Naranja),
                Invalid(FailedLuhn),
            ),
            ("2200 0000 0000 0004", Some(Brand::Mir), Valid),
            ("1354 10014 004955", Some(Brand::Uatp), Valid),
            ("7", None, Invalid(UnknownBrand)),
            ("0000 0000 0000 0000", None, Invalid(UnknownBrand)),
            ("9111 1111 1111 1111", None, Invalid(UnknownBrand)),
            ("4111 1111 x", None, Invalid(NotDigits)),
            ("4111.1111.1111.1111", None, Invalid(NotDigits)),
            ("4111_1111", None, Invalid(NotDigits)),
            ("abcd", None, Invalid(NotDigits)),
        ];
        for &(input, brand, want) in cases {
            let got = check(input);
            assert_eq!(got.brand, brand, "{input:?}");
            assert_eq!(got.validity, want, "{input:?}");
            if want == Invalid(NotDigits) {
                assert_eq!(got.digits, "");
            } else {
                assert_eq!(Some(got.digits), strip(input), "{input:?}");
            }
        }
    }

    #[test]
    fn every_design_test_card_is_valid_for_every_outcome_suffix() {
        // DESIGN §6: the last two digits pick the sandbox outcome, and each of these numbers must
        // pass every client rule (the sandbox decides the rest).
        let prefixes: &[(&str, Brand)] = &[
            ("45079900000000", Brand::Visa),
            ("52524400000000", Brand::Mastercard),
            ("3700000000000", Brand::Amex),
            ("36471660000000", Brand::Diners),
        ];
        for &(prefix, brand) in prefixes {
            for suffix in ["02", "10", "28", "36", "44", "51", "69", "77"] {
                let number = format!("{prefix}{suffix}");
                let got = check(&number);
                assert_eq!(got.brand, Some(brand), "{number}");
                if luhn::is_valid(&number) {
                    assert_eq!(got.validity, Valid, "{number}");
                    assert_eq!(got.last4(), Some(&number[number.len() - 4..]));
                } else {
                    assert!(got.validity != Valid, "{number}");
                    assert_eq!(got.last4(), None);
                }
            }
        }
        // The ENROLLED cards of §6 are all Luhn-valid.
        for n in [
            "4507990000000002",
            "5252440000000002",
            "370000000000002",
            "3647166000000002",
        ] {
            assert_eq!(check(n).validity, Valid, "{n}");
        }
    }

    #[test]
    fn luhn_failure_at_a_valid_length_is_reported() {
        let cases = [
            ("4111111111111112", true),
            ("4111111111111111", false),
            ("411111111111111", false),
            ("6200000000000006", false),
            ("", false),
            ("7111111111111112", false),
        ];
        for (n, want) in cases {
            assert_eq!(check(n).fails_luhn_at_valid_length(), want, "{n}");
        }
    }

    proptest::proptest! {
        #[test]
        fn check_never_panics(s in "\\PC*") {
            let got = check(&s);
            if let Some(l) = got.last4() {
                proptest::prop_assert_eq!(l.len(), 4);
            }
        }

        #[test]
        fn separators_do_not_matter(digits in "[0-9]{0,22}", seps in proptest::collection::vec("[ -]{0,2}", 23)) {
            let mut spaced = String::new();
            for (i, c) in digits.chars().enumerate() {
                spaced.push_str(&seps[i]);
                spaced.push(c);
            }
            let plain = check(&digits);
            let with = check(&spaced);
            proptest::prop_assert_eq!(plain, with);
        }

        #[test]
        fn valid_means_known_brand_and_length(digits in "[0-9]{0,22}") {
            let got = check(&digits);
            if got.validity == Valid {
                let info = got.brand.unwrap().info();
                proptest::prop_assert!(info.lengths.contains(&(digits.len() as u8)));
                proptest::prop_assert!(!info.luhn || luhn::is_valid(&digits));
            }
            if digits.len() > 19 {
                proptest::prop_assert!(!got.validity.is_potentially_valid());
            }
        }
    }
}
