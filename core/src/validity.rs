//! The three states of a field as the user types.

/// Valid, Incomplete (could still become valid with more input) or Invalid(reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity<R> {
    /// Complete and acceptable.
    Valid,
    /// Not valid yet, but more input could make it valid (includes the empty field).
    Incomplete,
    /// Cannot become valid by typing more; `R` says why.
    Invalid(R),
}

impl<R> Validity<R> {
    /// `isValid` in the JS API.
    pub fn is_valid(&self) -> bool {
        matches!(self, Validity::Valid)
    }
    /// `isPotentiallyValid` in the JS API: valid or still incomplete.
    pub fn is_potentially_valid(&self) -> bool {
        !matches!(self, Validity::Invalid(_))
    }
}
