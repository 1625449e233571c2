//! As-you-type formatting with caret mapping for the number and expiry fields.

/// A field value after formatting, with where the caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The new field value (ASCII).
    pub value: String,
    /// The caret position in the new value (0..=value.len()).
    pub caret: usize,
}

/// Groups digits with spaces before each gap position: ("4507990000000002", [4, 8, 12]) →
/// "4507 9900 0000 0002".
pub fn group(digits: &str, gaps: &[u8]) -> String {
    let _ = (digits, gaps);
    unimplemented!()
}

/// Formats the card number field after an edit. `raw` is the field's value as the browser has it
/// after the edit (may hold pasted spaces, dashes, anything), `caret` the caret position in `raw`
/// counted in UTF-16 code units. Drops non-digits, caps the digits at the brand's longest length,
/// groups them by the brand's gaps (4-4-4-4 while unknown), and keeps the caret after the same
/// number of digits it followed in `raw`, never inside or just before a gap it did not type.
pub fn number(raw: &str, caret: usize) -> Formatted {
    let _ = (raw, caret);
    unimplemented!()
}

/// Formats the expiry field after an edit: "1" → "1", "12" → "12 / ", "2" → "02 / ",
/// "1228" → "12 / 28". `deleting` is true when the edit removed text (backspace/delete): then the
/// separator is not re-added, so a backspace over " / " removes it and the month digit before it
/// as the user expects. `caret` as in [`number`].
pub fn expiry(raw: &str, caret: usize, deleting: bool) -> Formatted {
    let _ = (raw, caret, deleting);
    unimplemented!()
}
