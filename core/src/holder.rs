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

/// The most characters a name may have: what fits on the card's embossed line.
pub const MAX_CHARS: usize = 26;

/// The fewest characters a name may have.
pub const MIN_CHARS: usize = 2;

/// The characters a name may hold besides letters.
fn is_allowed_other(c: char) -> bool {
    crate::is_space(c)
        // Combining accents: a name typed or pasted in decomposed form ("e" + U+0301).
        || ('\u{300}'..='\u{36f}').contains(&c)
        || matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '.')
}

/// Checks a holder name: trimmed, 2–26 characters; "" and one letter are Incomplete.
///
/// Characters are Unicode scalar values of [`normalize`]d text (inner runs of white space count
/// as one). A name needs at least one letter: "--" is Incomplete. A forbidden character wins
/// over the length.
pub fn check(input: &str) -> Validity<HolderError> {
    check_with(input, char::is_alphabetic)
}

/// [`check`] with "is a letter" answered by `letter`, which must agree with
/// [`char::is_alphabetic`] (the Unicode `Alphabetic` property). The browser SDK passes a test
/// that asks the browser's own Unicode tables (`\p{Alphabetic}`) about anything beyond ASCII:
/// std's copy of that table is about 1.5 KB of its gzipped wasm.
pub fn check_with(input: &str, letter: fn(char) -> bool) -> Validity<HolderError> {
    // One pass asks `letter` once per character (a call into JS in the SDK): normalizing only
    // folds white space, so the letters seen here are the normalized name's.
    let mut has_letter = false;
    for c in input.chars() {
        if letter(c) {
            has_letter = true;
        } else if !is_allowed_other(c) {
            return Validity::Invalid(HolderError::InvalidCharacter);
        }
    }
    let normalized = normalize(input);
    let count = normalized.chars().count();
    if count > MAX_CHARS {
        Validity::Invalid(HolderError::TooLong)
    } else if count < MIN_CHARS || !has_letter {
        Validity::Incomplete
    } else {
        Validity::Valid
    }
}

/// The name as it is sent and stored: trimmed, inner runs of white space folded to one space.
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    // One pass over the chars rather than `split_whitespace` (its splitter costs the SDK's wasm
    // more): a run of white space becomes one space once a word follows it.
    let mut gap = false;
    for c in input.chars() {
        if crate::is_space(c) {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use HolderError::*;
    use Validity::{Incomplete, Invalid, Valid};

    #[test]
    fn check_table() {
        let cases: &[(&str, Validity<HolderError>)] = &[
            ("", Incomplete),
            ("   ", Incomplete),
            ("A", Incomplete),
            (" A ", Incomplete),
            ("--", Incomplete),
            (". '", Incomplete),
            ("Al", Valid),
            ("Jo", Valid),
            ("  Ana Souza  ", Valid),
            ("ANA SOUZA", Valid),
            ("María José Pérez", Valid),
            ("João Conceição", Valid),
            ("Ñandú Güemes", Valid),
            ("Jose\u{301} Pe\u{301}rez", Valid),
            ("O'Connor", Valid),
            ("D\u{2019}Angelo", Valid),
            ("Jean-Luc Picard", Valid),
            ("J. R. R. Tolkien", Valid),
            ("Zoë Saldaña", Valid),
            ("Иван Петров", Valid),
            ("Γιώργος Παπαδόπουλος", Valid),
            ("李小龍", Valid),
            ("محمد علي", Valid),
            ("שרה כהן", Valid),
            ("Ana\tSouza", Valid),
            ("Ana     Souza", Valid),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", Valid),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZA", Invalid(TooLong)),
            ("   ABCDEFGHIJKLMNOPQRSTUVWXYZ   ", Valid),
            ("ÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁ", Valid),
            ("ÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁÉÍÓÚÁÉ", Invalid(TooLong)),
            ("Ana Souza 2", Invalid(InvalidCharacter)),
            ("R2D2", Invalid(InvalidCharacter)),
            ("Ana@Souza", Invalid(InvalidCharacter)),
            ("Ana_Souza", Invalid(InvalidCharacter)),
            ("Ana, Souza", Invalid(InvalidCharacter)),
            ("<script>", Invalid(InvalidCharacter)),
            ("Ana 😀", Invalid(InvalidCharacter)),
            ("Ana\u{0}", Invalid(InvalidCharacter)),
            ("Ana\u{200b}Souza", Invalid(InvalidCharacter)),
            ("4111 1111 1111 1111", Invalid(InvalidCharacter)),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ 1", Invalid(InvalidCharacter)),
        ];
        for &(input, want) in cases {
            assert_eq!(check(input), want, "{input:?}");
        }
    }

    #[test]
    fn normalize_table() {
        let cases = [
            ("", ""),
            ("   ", ""),
            ("Ana", "Ana"),
            ("  Ana  Souza ", "Ana Souza"),
            ("Ana\t\nSouza", "Ana Souza"),
            ("Ana\u{a0}Souza", "Ana Souza"),
            ("a b  c   d", "a b c d"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn check_with_asks_letter_about_every_character() {
        let ascii_only: fn(char) -> bool = |c| c.is_ascii_alphabetic();
        assert_eq!(check("José Ñúñez"), Valid);
        assert_eq!(
            check_with("José Ñúñez", ascii_only),
            Invalid(InvalidCharacter)
        );
        assert_eq!(check_with("Jose Nunez", ascii_only), Valid);
        // "Needs a letter" asks `letter` too: with '-' taken for one, "--" is a whole name.
        assert_eq!(check("--"), Incomplete);
        assert_eq!(check_with("--", |c| c == '-'), Valid);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = check(&s);
            let n = normalize(&s);
            proptest::prop_assert_eq!(n.trim(), n.as_str());
            proptest::prop_assert!(!n.contains("  "));
        }

        #[test]
        fn letters_and_spaces_of_right_length_are_valid(name in "[a-zA-Zà-öø-ÿ]{1,8}( [a-zA-Zà-öø-ÿ]{1,8}){0,2}") {
            let len = name.chars().count();
            let got = check(&name);
            if (MIN_CHARS..=MAX_CHARS).contains(&len) {
                proptest::prop_assert_eq!(got, Valid);
            } else {
                proptest::prop_assert_eq!(got, Incomplete);
            }
            proptest::prop_assert_eq!(check(&format!("  {name}  ")), got);
        }

        #[test]
        fn any_digit_is_refused(a in "[a-z]{0,5}", d in "[0-9]", b in "[a-z]{0,5}") {
            proptest::prop_assert_eq!(check(&format!("{a}{d}{b}")), Invalid(InvalidCharacter));
        }
    }
}
