//! As-you-type formatting with caret mapping for the number and expiry fields.
//!
//! Both functions are pure: the SDK passes the field's value and caret as the browser has them
//! right after an edit, and writes back what they return. One thing they cannot see is *which*
//! character a backspace removed: when a backspace (or delete) removed only a separator the
//! formatter put there, formatting would simply put it back and the key would seem dead. The SDK
//! is expected to notice that case (the edit was a deletion but the digits did not change) and
//! call [`remove_digit_before`] (backspace) on the new value before formatting, so that the
//! digit before the separator goes instead, as users expect.
use crate::brand::{self, Detection, DEFAULT_GAPS, DEFAULT_MAX_LENGTH};

/// A field value after formatting, with where the caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The new field value (ASCII).
    pub value: String,
    /// The caret position in the new value (0..=value.len()).
    pub caret: usize,
}

/// The digits of the spaces for these digits: the brand's gaps, 4-4-4-4 while it is unknown.
pub fn gaps_for(digits: &str) -> &'static [u8] {
    match brand::detect(digits) {
        Detection::Brand(b) => b.info().gaps,
        _ => DEFAULT_GAPS,
    }
}

/// Groups digits with spaces before each gap position: ("4507990000000002", [4, 8, 12]) →
/// "4507 9900 0000 0002".
pub fn group(digits: &str, gaps: &[u8]) -> String {
    let mut out = String::with_capacity(digits.len() + gaps.len());
    // An index loop over the bytes (`digits` is ASCII): see `crate::find_byte`.
    let b = digits.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if i > 0 && crate::holds(gaps, i) {
            out.push(' ');
        }
        out.push(char::from(b[i]));
        i += 1;
    }
    out
}

/// The ASCII digits of `raw` (at most `cap`) and how many of them lie before `caret`
/// (UTF-16 code units).
fn digits_and_caret(raw: &str, caret: usize, cap: usize) -> (String, usize) {
    let mut digits = String::with_capacity(cap.min(raw.len()));
    let mut before = 0;
    let mut pos = 0;
    for c in raw.chars() {
        pos += c.len_utf16();
        if c.is_ascii_digit() && digits.len() < cap {
            digits.push(c);
            if pos <= caret {
                before += 1;
            }
        }
    }
    (digits, before)
}

/// Formats the security code field after an edit: ASCII digits only, capped at the brand's code
/// length (4 while the brand is unknown), with the caret after the same digits as in `raw`
/// (UTF-16 code units).
pub fn cvc(raw: &str, caret: usize, brand: Option<crate::Brand>) -> Formatted {
    let (value, caret) = digits_and_caret(raw, caret, crate::cvc::max_length(brand));
    Formatted { value, caret }
}

/// Formats the card number field after an edit. `raw` is the field's value as the browser has it
/// after the edit (may hold pasted spaces, dashes, anything), `caret` the caret position in `raw`
/// counted in UTF-16 code units. Drops non-digits, caps the digits at the brand's longest length,
/// groups them by the brand's gaps (4-4-4-4 while unknown), and keeps the caret after the same
/// number of digits it followed in `raw`, never inside or just before a gap it did not type.
///
/// When that digit count lands exactly on a gap the caret goes after the space: typing "4111"
/// then "1" gives "4111 1" with the caret at the end. Digits past the cap are dropped from the
/// end. See the module comment for backspace over a space.
pub fn number(raw: &str, caret: usize) -> Formatted {
    let (mut digits, before) = digits_and_caret(raw, caret, DEFAULT_MAX_LENGTH);
    digits.truncate(brand::max_length(&digits));
    let before = before.min(digits.len());
    let gaps = gaps_for(&digits);
    let value = group(&digits, gaps);
    let mut caret = before;
    let mut i = 0;
    while i < gaps.len() {
        caret += usize::from(usize::from(gaps[i]) < before);
        i += 1;
    }
    if value.as_bytes().get(caret) == Some(&b' ') {
        caret += 1;
    }
    Formatted { value, caret }
}

/// Removes the last ASCII digit before `caret` (UTF-16 code units) from `raw`, returning the new
/// value and caret (UTF-16). The SDK calls it when a backspace removed only a separator; see the
/// module comment. Without a digit before the caret, `raw` comes back unchanged.
pub fn remove_digit_before(raw: &str, caret: usize) -> (String, usize) {
    let mut pos = 0;
    let mut target = None;
    for (i, c) in raw.char_indices() {
        let end = pos + c.len_utf16();
        if end > caret {
            break;
        }
        if c.is_ascii_digit() {
            target = Some((i, pos));
        }
        pos = end;
    }
    match target {
        Some((byte, unit)) => {
            let mut out = String::with_capacity(raw.len());
            out.push_str(raw.get(..byte).unwrap_or_default());
            out.push_str(raw.get(byte + 1..).unwrap_or_default());
            (out, unit)
        }
        None => (raw.to_string(), caret.min(pos)),
    }
}

const SEPARATOR: &str = " / ";

/// Formats the expiry field after an edit: "1" → "1", "12" → "12 / ", "2" → "02 / ",
/// "1228" → "12 / 28". `deleting` is true when the edit removed text (backspace/delete): then the
/// separator is not re-added, so a backspace over " / " removes it and the month digit before it
/// as the user expects. `caret` as in [`number`].
///
/// The field is read as a stream of digits MMYY: a first digit 2–9 is a one-digit month ("2" →
/// "02 / "); "1" waits for a second digit, and one that cannot follow it starts the year ("13" →
/// "01 / 3"); "00" keeps only the first 0; a "/" typed right after a lone first digit ends the
/// month ("1/" → "01 / "). A pasted four-digit year 20YY keeps its last two digits
/// ("12/2028" → "12 / 28"). While deleting, no separator is added after a complete month and no
/// zero before a lone digit, and a caret landing on the separator stays before it (the next
/// backspace then takes a month digit); otherwise it goes after it.
pub fn expiry(raw: &str, caret: usize, deleting: bool) -> Formatted {
    let (digits, before) = digits_and_caret(raw, caret, 8);
    // A '/' (or '-') typed after exactly one digit ends a one-digit month.
    let mut seen = 0;
    let mut short_month = false;
    // Over the bytes (only ASCII ones matter; no byte of a multi-byte char is ASCII), in an
    // index loop (see `crate::find_byte`).
    let r = raw.as_bytes();
    let mut k = 0;
    while k < r.len() {
        if r[k].is_ascii_digit() {
            seen += 1;
        } else if matches!(r[k], b'/' | b'-') && seen == 1 {
            short_month = true;
        }
        k += 1;
    }
    let mut month = String::with_capacity(2);
    let mut year = String::with_capacity(4);
    // Where each raw digit ended up: (in month?, index) or None when dropped.
    let mut placed: [Option<(bool, usize)>; 8] = [None; 8];
    let mut pad_front = false;
    // `digits` is ASCII: an index loop over its bytes (see `crate::find_byte`).
    let d = digits.as_bytes();
    let mut i = 0;
    while i < d.len() {
        let c = char::from(d[i]);
        let spot = match (month.len(), month.as_bytes().first()) {
            (0, _) if matches!(c, '2'..='9') && !(deleting && digits.len() == 1) => {
                month.push('0');
                month.push(c);
                Some((true, 1))
            }
            (0, _) => {
                month.push(c);
                Some((true, 0))
            }
            (1, Some(b'0')) if c == '0' => None,
            (1, Some(b'1')) if short_month || !matches!(c, '0'..='2') => {
                pad_front = true;
                month.insert(0, '0');
                year.push(c);
                Some((false, year.len() - 1))
            }
            (1, _) => {
                month.push(c);
                Some((true, 1))
            }
            _ if year.len() < 4 => {
                year.push(c);
                Some((false, year.len() - 1))
            }
            _ => None,
        };
        if let Some(slot) = placed.get_mut(i) {
            *slot = spot;
        }
        i += 1;
    }
    if short_month && month == "1" {
        pad_front = true;
        month.insert(0, '0');
    }
    if pad_front {
        if let Some(Some((true, i))) = placed.first_mut() {
            *i = 1;
        }
    }
    // A pasted "20YY" keeps "YY"; otherwise the year is two digits.
    let year_skip = if year.len() == 4 && year.starts_with("20") {
        2
    } else {
        0
    };
    let separator = month.len() == 2 && (!year.is_empty() || !deleting);
    let mut value = String::with_capacity(7);
    value.push_str(&month);
    if separator {
        value.push_str(SEPARATOR);
    }
    let year_digits = year.get(year_skip..).unwrap_or_default();
    let year_digits = year_digits.get(..2).unwrap_or(year_digits);
    value.push_str(year_digits);

    let year_start = month.len() + SEPARATOR.len();
    let mut caret = 0;
    for spot in placed.iter().take(before).flatten() {
        caret = match *spot {
            (true, i) => i + 1,
            (false, i) if i >= year_skip && i - year_skip < year_digits.len() => {
                year_start + i - year_skip + 1
            }
            (false, _) => caret,
        };
    }
    if separator && caret == month.len() && !deleting {
        caret = year_start;
    }
    let caret = caret.min(value.len());
    Formatted { value, caret }
}

#[cfg(test)]
mod tests {

    #[test]
    fn cvc_keeps_digits_up_to_the_brand_length() {
        use crate::Brand;
        let cases: &[(&str, usize, Option<Brand>, &str, usize)] = &[
            ("", 0, None, "", 0),
            ("12a3", 4, None, "123", 3),
            ("1234", 4, Some(Brand::Visa), "123", 3),
            ("1234", 4, Some(Brand::Amex), "1234", 4),
            ("12345", 5, None, "1234", 4),
            ("1 2", 1, None, "12", 1),
            ("é12", 2, None, "12", 1),
        ];
        for &(raw, caret, brand, value, at) in cases {
            let f = cvc(raw, caret, brand);
            assert_eq!(
                (f.value.as_str(), f.caret),
                (value, at),
                "{raw:?} {caret} {brand:?}"
            );
        }
    }
    use super::*;

    fn f(value: &str, caret: usize) -> Formatted {
        Formatted {
            value: value.to_string(),
            caret,
        }
    }

    /// Splits "41|11" into ("4111", 2).
    fn at(marked: &str) -> (String, usize) {
        let caret = marked.find('|').expect("caret mark");
        (marked.replacen('|', "", 1), caret)
    }

    #[test]
    fn group_table() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("", &[4, 8, 12], ""),
            ("4", &[4, 8, 12], "4"),
            ("4507", &[4, 8, 12], "4507"),
            ("45079", &[4, 8, 12], "4507 9"),
            ("4507990000000002", &[4, 8, 12], "4507 9900 0000 0002"),
            ("370000000000002", &[4, 10], "3700 000000 00002"),
            ("135410014004955", &[4, 9], "1354 10014 004955"),
            ("1234567", &[], "1234567"),
            ("1234567", &[0, 3], "123 4567"),
        ];
        for &(digits, gaps, want) in cases {
            assert_eq!(group(digits, gaps), want, "{digits} {gaps:?}");
        }
    }

    #[test]
    fn number_table() {
        // (field value with the caret as "|" after the edit, expected value with caret)
        let cases = [
            ("|", "|"),
            ("4|", "4|"),
            ("4507|", "4507|"),
            ("4507 9|", "4507 9|"),
            ("45079|", "4507 9|"),
            ("4507 99000|", "4507 9900 0|"),
            // Typing the fourth digit of a group: the space appears on the next digit only.
            ("4507 990|", "4507 990|"),
            ("4507 9900|", "4507 9900|"),
            // Typing in the middle keeps the caret after the typed digit.
            ("451|079", "451|0 79"),
            ("4507 1|9900", "4507 1|990 0"),
            ("450|7 9900", "450|7 9900"),
            // Landing on a gap: after the space.
            ("4507|9900", "4507 |9900"),
            ("4507| 9900", "4507 |9900"),
            ("45071|9900", "4507 1|990 0"),
            // Backspace deleted a digit right after a space.
            ("4507 |900", "4507 |900"),
            // Delete removed the digit after the caret.
            ("450| 9900", "450|9 900"),
            // Paste with separators, anywhere.
            ("4507-9900-0000-0002|", "4507 9900 0000 0002|"),
            ("4507.9900.0000.0002|", "4507 9900 0000 0002|"),
            ("  4507 9900 0000 0002  |", "4507 9900 0000 0002|"),
            ("4507 |9900 0000 0002", "4507 |9900 0000 0002"),
            ("|4507990000000002", "|4507 9900 0000 0002"),
            // Amex 4-6-5, UATP 4-5-6, diners 4-6-4.
            ("370000000000002|", "3700 000000 00002|"),
            ("3700|", "3700|"),
            ("37000|", "3700 0|"),
            ("3700000000|", "3700 000000|"),
            ("37000000000|", "3700 000000 0|"),
            ("3700 00000|0", "3700 00000|0"),
            ("3700 000000|0000", "3700 000000 |0000"),
            ("135410014004955|", "1354 10014 004955|"),
            ("30569309025904|", "3056 930902 5904|"),
            // Caps: the brand's longest length, 19 while unknown.
            ("3700000000000021234|", "3700 000000 00002|"),
            ("52524400000000029|", "5252 4400 0000 0002|"),
            ("5252440000000002|9", "5252 4400 0000 0002|"),
            ("4507990000000002123456|", "4507 9900 0000 0002 123|"),
            ("6|", "6|"),
            ("7777777777777777777777|", "7777 7777 7777 7777 777|"),
            // Non-digits are dropped and the caret follows its digits.
            ("abc|", "|"),
            ("4a5b|", "45|"),
            ("4😀5|", "45|"),
            ("4😀|5", "4|5"),
            ("４５|", "|"),
        ];
        for (input, want) in cases {
            let (raw, caret) = at(input);
            let (value, wcaret) = at(want);
            // The marked positions are bytes; convert to UTF-16 for the raw input.
            let caret16 = raw[..caret].encode_utf16().count();
            assert_eq!(number(&raw, caret16), f(&value, wcaret), "{input:?}");
        }
    }

    #[test]
    fn caret_past_the_end_is_clamped() {
        assert_eq!(number("4111", 99), f("4111", 4));
        assert_eq!(number("", 5), f("", 0));
        assert_eq!(expiry("12", 99, false), f("12 / ", 5));
        assert_eq!(expiry("", 3, true), f("", 0));
    }

    #[test]
    fn remove_digit_before_table() {
        let cases = [
            ("4507 |9900", "450| 9900"),
            ("4507| 9900", "450| 9900"),
            ("|4507", "|4507"),
            ("12 / |28", "1| / 28"),
            ("12 /|", "1| /"),
            ("ab|c", "ab|c"),
            ("4😀 |5", "|😀 5"),
        ];
        for (input, want) in cases {
            let (raw, caret) = at(input);
            let (value, wcaret) = at(want);
            let caret16 = raw[..caret].encode_utf16().count();
            let want16 = value[..wcaret].encode_utf16().count();
            assert_eq!(
                remove_digit_before(&raw, caret16),
                (value.clone(), want16),
                "{input:?}"
            );
        }
        assert_eq!(remove_digit_before("12", 10), ("1".to_string(), 1));
        assert_eq!(remove_digit_before("ab", 10), ("ab".to_string(), 2));
    }

    #[test]
    fn backspace_over_a_gap_as_the_sdk_does_it() {
        // "4507 |9900": backspace removes the space; the digits did not change, so the SDK
        // removes the digit before and formats again.
        let (raw, caret) = remove_digit_before("45079900", 4);
        assert_eq!(number(&raw, caret), f("4509 900", 3));
    }

    #[test]
    fn expiry_table() {
        // (value with caret after the edit, deleting, expected value with caret)
        let cases = [
            ("|", false, "|"),
            ("1|", false, "1|"),
            ("0|", false, "0|"),
            ("2|", false, "02 / |"),
            ("9|", false, "09 / |"),
            ("12|", false, "12 / |"),
            ("10|", false, "10 / |"),
            ("01|", false, "01 / |"),
            ("13|", false, "01 / 3|"),
            ("19|", false, "01 / 9|"),
            ("00|", false, "0|"),
            ("1/|", false, "01 / |"),
            ("1 /|", false, "01 / |"),
            ("0/|", false, "0|"),
            ("12 / 2|", false, "12 / 2|"),
            ("12 / 28|", false, "12 / 28|"),
            ("12 / 289|", false, "12 / 28|"),
            ("1228|", false, "12 / 28|"),
            ("228|", false, "02 / 28|"),
            ("12/28|", false, "12 / 28|"),
            ("12/2028|", false, "12 / 28|"),
            ("122028|", false, "12 / 28|"),
            ("12/2128|", false, "12 / 21|"),
            ("11 / 28|", false, "11 / 28|"),
            ("1|2 / 28", false, "1|2 / 28"),
            ("12| / 28", false, "12 / |28"),
            ("|12 / 28", false, "|12 / 28"),
            ("ab|", false, "|"),
            // Deleting: the separator is not put back.
            ("12 /|", true, "12|"),
            ("12 |", true, "12|"),
            ("12|", true, "12|"),
            ("1|", true, "1|"),
            ("2|", true, "2|"),
            ("|", true, "|"),
            ("12 / 2|", true, "12 / 2|"),
            ("12 / |", true, "12|"),
            ("12 / |8", true, "12| / 8"),
            ("1| / 28", true, "01| / 28"),
            ("02 / |", true, "02|"),
        ];
        for (input, deleting, want) in cases {
            let (raw, caret) = at(input);
            let (value, wcaret) = at(want);
            assert_eq!(
                expiry(&raw, caret, deleting),
                f(&value, wcaret),
                "{input:?} deleting={deleting}"
            );
        }
    }

    #[test]
    fn typing_an_expiry_key_by_key() {
        // What the field shows after each keystroke at the end, as the SDK feeds it.
        let mut field = String::new();
        let mut shown = Vec::new();
        for key in "1128".chars() {
            field.push(key);
            let out = expiry(&field, field.len(), false);
            assert_eq!(out.caret, out.value.len());
            field = out.value;
            shown.push(field.clone());
        }
        assert_eq!(shown, ["1", "11 / ", "11 / 2", "11 / 28"]);
        // And back with backspace: the SDK removes one character and says it is deleting.
        let mut shown = Vec::new();
        while !field.is_empty() {
            field.pop();
            let mut out = expiry(&field, field.len(), true);
            if out.value.bytes().filter(u8::is_ascii_digit).count()
                == shown
                    .last()
                    .map_or(4, |s: &String| s.bytes().filter(u8::is_ascii_digit).count())
                && out.value.len() >= field.len()
            {
                let (raw, caret) = remove_digit_before(&field, field.len());
                out = expiry(&raw, caret, true);
            }
            field = out.value;
            shown.push(field.clone());
        }
        assert_eq!(shown, ["11 / 2", "11", "1", ""]);
    }

    #[test]
    fn typing_a_number_key_by_key() {
        let mut field = String::new();
        for key in "370000000000002".chars() {
            field.push(key);
            let out = number(&field, field.len());
            assert_eq!(out.caret, out.value.len(), "{field}");
            field = out.value;
        }
        assert_eq!(field, "3700 000000 00002");
    }

    fn utf16_len(s: &str) -> usize {
        s.encode_utf16().count()
    }

    proptest::proptest! {
        #[test]
        fn number_never_panics(raw in "\\PC*", caret in 0usize..300) {
            let out = number(&raw, caret);
            proptest::prop_assert!(out.caret <= out.value.len());
        }

        #[test]
        fn format_then_strip_gives_the_digits_back(raw in "[0-9 -]{0,30}", caret in 0usize..40) {
            let out = number(&raw, caret);
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let stripped = crate::number::strip(&out.value).unwrap();
            proptest::prop_assert!(digits.starts_with(&stripped));
            proptest::prop_assert_eq!(stripped.len(), digits.len().min(brand::max_length(&digits)));
        }

        #[test]
        fn caret_is_inside_and_never_before_a_gap(raw in "[0-9 a-]{0,30}", caret in 0usize..40) {
            let out = number(&raw, caret);
            proptest::prop_assert!(out.caret <= out.value.len());
            proptest::prop_assert_ne!(out.value.as_bytes().get(out.caret), Some(&b' '));
            // Formatting what we produced changes nothing.
            proptest::prop_assert_eq!(number(&out.value, out.caret), out.clone());
            // The caret follows as many digits as it did in the input (within the cap).
            let before = raw.chars().take(caret).filter(char::is_ascii_digit).count();
            let after = out.value[..out.caret].bytes().filter(u8::is_ascii_digit).count();
            proptest::prop_assert_eq!(after, before.min(crate::number::strip(&out.value).unwrap().len()));
        }

        #[test]
        fn number_caret_counts_utf16(prefix in "[0-9😀é]{0,8}", suffix in "[0-9😀é]{0,8}") {
            let raw = format!("{prefix}{suffix}");
            let out = number(&raw, utf16_len(&prefix));
            let before = prefix.chars().filter(char::is_ascii_digit).count();
            let after = out.value[..out.caret].bytes().filter(u8::is_ascii_digit).count();
            proptest::prop_assert_eq!(after, before.min(out.value.replace(' ', "").len()));
        }

        #[test]
        fn expiry_never_panics(raw in "\\PC*", caret in 0usize..300, deleting in proptest::bool::ANY) {
            let out = expiry(&raw, caret, deleting);
            proptest::prop_assert!(out.caret <= out.value.len());
            proptest::prop_assert!(out.value.len() <= 7);
        }

        #[test]
        fn expiry_output_is_well_shaped_and_stable(raw in "[0-9 /]{0,10}", caret in 0usize..12, deleting in proptest::bool::ANY) {
            let out = expiry(&raw, caret, deleting);
            let v = out.value.as_bytes();
            let shape_ok = match v.len() {
                0 => true,
                1 => v[0].is_ascii_digit(),
                2 => v.iter().all(u8::is_ascii_digit),
                5..=7 => v[..2].iter().all(u8::is_ascii_digit)
                    && &out.value[2..5] == SEPARATOR
                    && v[5..].iter().all(u8::is_ascii_digit),
                _ => false,
            };
            proptest::prop_assert!(shape_ok, "{:?}", out.value);
            proptest::prop_assert!(out.caret <= out.value.len());
            if !deleting {
                proptest::prop_assert_eq!(expiry(&out.value, out.caret, false), out.clone());
            }
            if v.len() >= 2 {
                let month = (v[0] - b'0') * 10 + (v[1] - b'0');
                proptest::prop_assert!((1..=12).contains(&month), "{:?}", out.value);
            }
        }

        #[test]
        fn formatted_expiry_reads_back_the_same(month in 1u8..=12, yy in 0u8..=99) {
            let typed = format!("{month:02}{yy:02}");
            let out = expiry(&typed, typed.len(), false);
            let want = format!("{month:02} / {yy:02}");
            proptest::prop_assert_eq!(&out.value, &want);
            let today = crate::expiry::YearMonth { year: 2026, month: 11 };
            let a = crate::expiry::check(&typed, today);
            let b = crate::expiry::check(&out.value, today);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
