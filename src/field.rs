//! The four inputs of the form and how each one's value is judged (through core) and explained.

use enrollment_core::expiry::YearMonth;
use enrollment_core::messages::MessageKey;
// What judges the form's inputs (the checkout pane has none).
#[cfg(feature = "enrollment")]
use enrollment_core::{
    cvc::{self, CvcError},
    expiry::{self, ExpiryError},
    holder::{self, HolderError},
    number::{self, NumberError},
    Brand, Validity,
};

/// One input of the form, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Card number.
    Number,
    /// Expiry "MM / YY".
    Expiry,
    /// Security code.
    Cvc,
    /// Cardholder name.
    HolderName,
}

impl Field {
    /// Every field, in tab order.
    #[cfg(feature = "enrollment")]
    pub const ALL: [Field; 4] = [Field::Number, Field::Expiry, Field::Cvc, Field::HolderName];

    /// The JS name (`error.field`, `state.fields`).
    pub fn id(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::Cvc => "cvc",
            Field::HolderName => "holderName",
        }
    }

    /// Index in [`Field::ALL`].
    #[cfg(feature = "enrollment")]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The field an API error names, in the API's words or ours.
    pub fn from_api(name: &str) -> Option<Field> {
        match name {
            "number" | "card.number" => Some(Field::Number),
            "expiry"
            | "expiration_month"
            | "expiration_year"
            | "card.expiration_month"
            | "card.expiration_year" => Some(Field::Expiry),
            "cvc" | "security_code" | "card.security_code" => Some(Field::Cvc),
            "holderName" | "holder_name" | "card.holder_name" => Some(Field::HolderName),
            _ => None,
        }
    }

    /// The message for a value that cannot become valid (what the server refused, say).
    pub fn invalid_key(self) -> MessageKey {
        match self {
            Field::Number => MessageKey::NumberInvalid,
            Field::Expiry => MessageKey::ExpiryInvalid,
            Field::Cvc => MessageKey::CvcInvalid,
            Field::HolderName => MessageKey::HolderNameInvalid,
        }
    }
}

/// A field's value as the form sees it: the three states of core plus "empty", and the message
/// the field shows when its value is not valid.
#[cfg(feature = "enrollment")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// Complete and acceptable.
    pub valid: bool,
    /// Valid or still incomplete.
    pub potentially_valid: bool,
    /// Nothing typed (white space counts as nothing).
    pub empty: bool,
    /// What to show when this value is judged (on blur or submit); `None` when valid.
    pub error: Option<MessageKey>,
}

#[cfg(feature = "enrollment")]
impl Judged {
    /// A field nobody typed into.
    pub const EMPTY: Judged = Judged {
        valid: false,
        potentially_valid: true,
        empty: true,
        error: None,
    };
}

/// `validity` with its reason replaced by the message that explains it.
#[cfg(feature = "enrollment")]
fn explained<R>(validity: Validity<R>, invalid: impl Fn(R) -> MessageKey) -> Validity<MessageKey> {
    match validity {
        Validity::Valid => Validity::Valid,
        Validity::Incomplete => Validity::Incomplete,
        Validity::Invalid(reason) => Validity::Invalid(invalid(reason)),
    }
}

/// Not generic over the reason (see [`explained`]) and not inlined: one copy serves the four
/// fields.
#[cfg(feature = "enrollment")]
#[inline(never)]
fn judged(
    validity: Validity<MessageKey>,
    value: &str,
    required: MessageKey,
    incomplete: MessageKey,
) -> Judged {
    let empty = value.chars().all(enrollment_core::is_space);
    let error = match validity {
        Validity::Valid => None,
        Validity::Incomplete if empty => Some(required),
        Validity::Incomplete => Some(incomplete),
        Validity::Invalid(key) => Some(key),
    };
    Judged {
        valid: validity.is_valid(),
        potentially_valid: validity.is_potentially_valid(),
        empty,
        error,
    }
}

/// The number: its digits and brand (for the rest of the form) and its judgement.
#[cfg(feature = "enrollment")]
pub fn judge_number(value: &str) -> (number::NumberCheck, Judged) {
    let check = number::check(value);
    let validity = explained(check.validity, |e| match e {
        NumberError::UnknownBrand => MessageKey::NumberUnknownBrand,
        NumberError::NotDigits | NumberError::TooLong | NumberError::FailedLuhn => {
            MessageKey::NumberInvalid
        }
    });
    let j = judged(
        validity,
        value,
        MessageKey::NumberRequired,
        MessageKey::NumberIncomplete,
    );
    (check, j)
}

/// The expiry against `today`, with the month and year once readable.
#[cfg(feature = "enrollment")]
pub fn judge_expiry(value: &str, today: YearMonth) -> (expiry::ExpiryCheck, Judged) {
    let check = expiry::check(value, today);
    let validity = explained(check.validity, |e| match e {
        ExpiryError::Past => MessageKey::ExpiryPast,
        ExpiryError::TooFarAhead => MessageKey::ExpiryTooFar,
        ExpiryError::Malformed | ExpiryError::MonthOutOfRange => MessageKey::ExpiryInvalid,
    });
    let j = judged(
        validity,
        value,
        MessageKey::ExpiryRequired,
        MessageKey::ExpiryIncomplete,
    );
    (check, j)
}

/// The security code for `brand`.
#[cfg(feature = "enrollment")]
pub fn judge_cvc(value: &str, brand: Option<Brand>) -> Judged {
    judged(
        explained(cvc::check(value, brand), |_: CvcError| {
            MessageKey::CvcInvalid
        }),
        value,
        MessageKey::CvcRequired,
        MessageKey::CvcIncomplete,
    )
}

/// The cardholder name.
#[cfg(feature = "enrollment")]
pub fn judge_holder(value: &str) -> Judged {
    let validity = explained(holder::check_with(value, is_letter), |e| match e {
        HolderError::TooLong => MessageKey::HolderNameTooLong,
        HolderError::InvalidCharacter => MessageKey::HolderNameInvalid,
    });
    judged(
        validity,
        value,
        MessageKey::HolderNameRequired,
        MessageKey::HolderNameTooShort,
    )
}

/// A letter of any script (Unicode `Alphabetic`, as `char::is_alphabetic`): ASCII answered here,
/// the rest by the browser's Unicode tables, so that std's copy stays out of the wasm.
#[cfg(feature = "enrollment")]
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && crate::interop::alphabetic(c))
}

/// This month in the user's own calendar (the clock is read here, in the shell, never in core).
pub fn today() -> YearMonth {
    year_month(&js_sys::Date::new_0())
}

/// The month of `date` in the user's own calendar (one copy for `today` and `validateExpiry`'s
/// argument).
pub fn year_month(date: &js_sys::Date) -> YearMonth {
    YearMonth {
        year: date.get_full_year().clamp(0, u32::from(u16::MAX)) as u16,
        month: (date.get_month() + 1).clamp(1, 12) as u8,
    }
}
