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
///
/// Nothing is trimmed: the field accepts digits only, so a space is an error the user sees.
pub fn check(input: &str, brand: Option<Brand>) -> Validity<CvcError> {
    if !crate::all_bytes(input, crate::is_digit) {
        return Validity::Invalid(CvcError::NotDigits);
    }
    let (min, max) = match brand {
        Some(b) => (b.info().cvc_length, b.info().cvc_length),
        None => (3, 4),
    };
    let len = input.len();
    if len > usize::from(max) {
        Validity::Invalid(CvcError::TooLong)
    } else if len < usize::from(min) {
        Validity::Incomplete
    } else {
        Validity::Valid
    }
}

/// The most digits the field accepts: the brand's length, or 4 while the brand is unknown.
pub fn max_length(brand: Option<Brand>) -> usize {
    brand.map_or(4, |b| usize::from(b.info().cvc_length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CvcError::*;
    use Validity::{Incomplete, Invalid, Valid};

    #[test]
    fn table() {
        let cases: &[(&str, Option<Brand>, Validity<CvcError>)] = &[
            ("", None, Incomplete),
            ("", Some(Brand::Visa), Incomplete),
            ("", Some(Brand::Amex), Incomplete),
            ("1", None, Incomplete),
            ("12", Some(Brand::Visa), Incomplete),
            ("123", Some(Brand::Visa), Valid),
            ("123", Some(Brand::Mastercard), Valid),
            ("123", Some(Brand::Diners), Valid),
            ("123", None, Valid),
            ("1234", None, Valid),
            ("12345", None, Invalid(TooLong)),
            ("1234", Some(Brand::Visa), Invalid(TooLong)),
            ("123", Some(Brand::Amex), Incomplete),
            ("1234", Some(Brand::Amex), Valid),
            ("12345", Some(Brand::Amex), Invalid(TooLong)),
            ("000", Some(Brand::Visa), Valid),
            ("12a", Some(Brand::Visa), Invalid(NotDigits)),
            (" 123", Some(Brand::Visa), Invalid(NotDigits)),
            ("12 3", None, Invalid(NotDigits)),
            ("-12", None, Invalid(NotDigits)),
            ("١٢٣", None, Invalid(NotDigits)),
            ("１２３", None, Invalid(NotDigits)),
        ];
        for &(input, brand, want) in cases {
            assert_eq!(check(input, brand), want, "{input:?} {brand:?}");
        }
    }

    #[test]
    fn every_brand_accepts_exactly_its_length() {
        for brand in Brand::ALL {
            let len = usize::from(brand.info().cvc_length);
            assert_eq!(max_length(Some(brand)), len);
            for n in 0..=6 {
                let code = "7".repeat(n);
                let want = match n.cmp(&len) {
                    std::cmp::Ordering::Less => Incomplete,
                    std::cmp::Ordering::Equal => Valid,
                    std::cmp::Ordering::Greater => Invalid(TooLong),
                };
                assert_eq!(check(&code, Some(brand)), want, "{brand:?} {n}");
            }
        }
        assert_eq!(max_length(None), 4);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            for brand in Brand::ALL.map(Some).into_iter().chain([None]) {
                let _ = check(&s, brand);
            }
        }

        #[test]
        fn digits_are_judged_by_length_only(code in "[0-9]{0,8}") {
            let got = check(&code, None);
            proptest::prop_assert_eq!(got.is_valid(), (3..=4).contains(&code.len()));
            proptest::prop_assert_eq!(got.is_potentially_valid(), code.len() <= 4);
        }
    }
}
