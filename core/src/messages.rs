//! Every visible text of the SDK in English, Spanish and Portuguese, looked up by a typed key.
//! Templates use `{name}` placeholders, filled by [`fill`].

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Es, Locale::Pt];

    /// From a BCP 47 tag by its primary subtag, case-insensitive: "es-AR" → Es; unknown → None.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let _ = tag;
        unimplemented!()
    }

    /// "en", "es" or "pt".
    pub fn as_str(self) -> &'static str {
        unimplemented!()
    }
}

macro_rules! keys {
    ($($variant:ident = $id:literal,)*) => {
        /// A message key; [`MessageKey::id`] is the key merchants use in `options.messages`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum MessageKey {
            $(#[doc = $id] $variant,)*
        }
        impl MessageKey {
            /// Every key.
            pub const ALL: &'static [MessageKey] = &[$(MessageKey::$variant,)*];
            /// The camelCase id used in `options.messages`.
            pub fn id(self) -> &'static str {
                match self { $(MessageKey::$variant => $id,)* }
            }
            /// Inverse of [`MessageKey::id`].
            pub fn from_id(id: &str) -> Option<MessageKey> {
                match id { $($id => Some(MessageKey::$variant),)* _ => None }
            }
        }
    };
}

keys! {
    // Form labels, placeholders, buttons.
    FormLabel = "formLabel",
    NumberLabel = "numberLabel",
    NumberPlaceholder = "numberPlaceholder",
    ExpiryLabel = "expiryLabel",
    ExpiryPlaceholder = "expiryPlaceholder",
    CvcLabel = "cvcLabel",
    CvcPlaceholder = "cvcPlaceholder",
    HolderNameLabel = "holderNameLabel",
    HolderNamePlaceholder = "holderNamePlaceholder",
    SubmitButton = "submitButton",
    Submitting = "submitting",
    BrandDetected = "brandDetected",
    BrandUnknown = "brandUnknown",
    Enrolled = "enrolled",
    // Field errors.
    NumberRequired = "numberRequired",
    NumberIncomplete = "numberIncomplete",
    NumberInvalid = "numberInvalid",
    NumberUnknownBrand = "numberUnknownBrand",
    ExpiryRequired = "expiryRequired",
    ExpiryIncomplete = "expiryIncomplete",
    ExpiryInvalid = "expiryInvalid",
    ExpiryPast = "expiryPast",
    ExpiryTooFar = "expiryTooFar",
    CvcRequired = "cvcRequired",
    CvcIncomplete = "cvcIncomplete",
    CvcInvalid = "cvcInvalid",
    HolderNameRequired = "holderNameRequired",
    HolderNameTooShort = "holderNameTooShort",
    HolderNameTooLong = "holderNameTooLong",
    HolderNameInvalid = "holderNameInvalid",
    // Error codes of the JS API.
    TokenMalformed = "tokenMalformed",
    TokenPrefixInvalid = "tokenPrefixInvalid",
    SessionExpired = "sessionExpired",
    SessionInvalid = "sessionInvalid",
    ContainerNotFound = "containerNotFound",
    OptionsInvalid = "optionsInvalid",
    InsecureApiBase = "insecureApiBase",
    ValidationFailed = "validationFailed",
    CardDeclined = "cardDeclined",
    SessionLocked = "sessionLocked",
    SessionAlreadyPaid = "sessionAlreadyPaid",
    NetworkError = "networkError",
    ServerError = "serverError",
    Unmounted = "unmounted",
    // Decline reasons.
    DeclineInsufficientFunds = "declineInsufficientFunds",
    DeclineDeclinedByBank = "declineDeclinedByBank",
    DeclineDoNotHonor = "declineDoNotHonor",
    DeclineInvalidSecurityCode = "declineInvalidSecurityCode",
    DeclineInvalidCardData = "declineInvalidCardData",
    DeclineReportedStolen = "declineReportedStolen",
    // Checkout (one-click payment).
    SavedCardsLegend = "savedCardsLegend",
    SavedCardExpires = "savedCardExpires",
    SavedCardExpired = "savedCardExpired",
    NoSavedCards = "noSavedCards",
    PayButton = "payButton",
    Paying = "paying",
    PaymentSucceeded = "paymentSucceeded",
}

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: MessageKey) -> &'static str {
    let _ = (locale, key);
    unimplemented!()
}

/// Replaces each `{name}` in `template` by its value; unknown placeholders are left as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let _ = (template, values);
    unimplemented!()
}
