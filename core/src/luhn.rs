//! The Luhn (mod 10) check.

/// True when `digits` (ASCII digits only, at least one) passes the Luhn check; false otherwise,
/// including for any non-digit.
pub fn is_valid(digits: &str) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    // An index loop from the end (see `crate::find_byte`); `i` counts from the last digit.
    let bytes = digits.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[bytes.len() - 1 - i];
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        // Reducing as we go keeps the sum bounded for input of any length.
        sum = (sum + d) % 10;
        i += 1;
    }
    sum == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("0", true),
            ("00", true),
            ("18", true),
            ("79927398713", true),
            ("79927398710", false),
            ("4507990000000002", true),
            ("4507990000000010", true),
            ("4507990000000003", false),
            ("5252440000000002", true),
            ("370000000000002", true),
            ("3647166000000002", true),
            ("4111111111111111", true),
            ("4111111111111112", false),
            ("1", false),
            ("", false),
            ("4111 1111 1111 1111", false),
            ("4111-1111-1111-1111", false),
            ("٤١١١", false),
            ("abc", false),
        ];
        for (digits, want) in cases {
            assert_eq!(is_valid(digits), want, "{digits:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_wrong_digit_is_caught(body in "[0-9]{1,18}", pos in 0usize..19, delta in 1u8..10) {
            // Append the check digit that makes `body` valid, then change one digit.
            let check = (0..10u8).find(|d| is_valid(&format!("{body}{d}"))).unwrap();
            let valid = format!("{body}{check}");
            proptest::prop_assert!(is_valid(&valid));
            let mut bytes = valid.into_bytes();
            let i = pos % bytes.len();
            bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
            proptest::prop_assert!(!is_valid(&String::from_utf8(bytes).unwrap()));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = is_valid(&s);
        }
    }
}
