//! `EnrollmentError`: the one error type of the JS API, with its stable codes, built as a real
//! JS `Error` whose message is in the form's locale.

use enrollment_core::messages::MessageKey;
use enrollment_core::token::TokenError;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

use crate::field::Field;
use crate::i18n::Messages;
use crate::interop::set;

/// The codes of DESIGN §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Not an sdk_token, or an opaque one without `expires_at`.
    TokenMalformed,
    /// Not a `cstok_` token with a known environment.
    TokenPrefixInvalid,
    /// The session has expired (or is within 5 s of it).
    SessionExpired,
    /// The session or token is not accepted.
    SessionInvalid,
    /// `container` matches nothing.
    ContainerNotFound,
    /// An option of the wrong type or value.
    OptionsInvalid,
    /// A live token with a plain-http apiBase that is not loopback.
    InsecureApiBase,
    /// A field is missing or invalid.
    ValidationFailed,
    /// The issuer declined the card.
    CardDeclined,
    /// Too many attempts in this session.
    SessionLocked,
    /// A checkout session that was already paid.
    SessionAlreadyPaid,
    /// No answer from the server after the retries.
    NetworkError,
    /// The server failed after the retries.
    ServerError,
    /// The form was unmounted.
    Unmounted,
}

impl Code {
    /// The JS `code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::TokenMalformed => "TOKEN_MALFORMED",
            Code::TokenPrefixInvalid => "TOKEN_PREFIX_INVALID",
            Code::SessionExpired => "SESSION_EXPIRED",
            Code::SessionInvalid => "SESSION_INVALID",
            Code::ContainerNotFound => "CONTAINER_NOT_FOUND",
            Code::OptionsInvalid => "OPTIONS_INVALID",
            Code::InsecureApiBase => "INSECURE_API_BASE",
            Code::ValidationFailed => "VALIDATION_FAILED",
            Code::CardDeclined => "CARD_DECLINED",
            Code::SessionLocked => "SESSION_LOCKED",
            Code::SessionAlreadyPaid => "SESSION_ALREADY_PAID",
            Code::NetworkError => "NETWORK_ERROR",
            Code::ServerError => "SERVER_ERROR",
            Code::Unmounted => "UNMOUNTED",
        }
    }

    /// The message of the code.
    pub fn message_key(self) -> MessageKey {
        match self {
            Code::TokenMalformed => MessageKey::TokenMalformed,
            Code::TokenPrefixInvalid => MessageKey::TokenPrefixInvalid,
            Code::SessionExpired => MessageKey::SessionExpired,
            Code::SessionInvalid => MessageKey::SessionInvalid,
            Code::ContainerNotFound => MessageKey::ContainerNotFound,
            Code::OptionsInvalid => MessageKey::OptionsInvalid,
            Code::InsecureApiBase => MessageKey::InsecureApiBase,
            Code::ValidationFailed => MessageKey::ValidationFailed,
            Code::CardDeclined => MessageKey::CardDeclined,
            Code::SessionLocked => MessageKey::SessionLocked,
            Code::SessionAlreadyPaid => MessageKey::SessionAlreadyPaid,
            Code::NetworkError => MessageKey::NetworkError,
            Code::ServerError => MessageKey::ServerError,
            Code::Unmounted => MessageKey::Unmounted,
        }
    }

    /// An API error code we pass through as is, if it is one of ours.
    pub fn from_api(code: &str) -> Option<Code> {
        Some(match code {
            "SESSION_EXPIRED" => Code::SessionExpired,
            "SESSION_INVALID" => Code::SessionInvalid,
            "SESSION_LOCKED" => Code::SessionLocked,
            "SESSION_ALREADY_PAID" => Code::SessionAlreadyPaid,
            "VALIDATION_FAILED" => Code::ValidationFailed,
            "CARD_DECLINED" => Code::CardDeclined,
            _ => return None,
        })
    }
}

impl From<TokenError> for Code {
    fn from(e: TokenError) -> Self {
        match e {
            TokenError::Malformed | TokenError::ExpiryUnknown => Code::TokenMalformed,
            TokenError::PrefixInvalid { .. } | TokenError::UnknownEnvironment => {
                Code::TokenPrefixInvalid
            }
            TokenError::Expired => Code::SessionExpired,
            TokenError::SignatureInvalid => Code::SessionInvalid,
        }
    }
}

/// An error before it becomes a JS value (which needs the form's messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkError {
    /// The code.
    pub code: Code,
    /// Whether the same call may succeed later.
    pub retryable: bool,
    /// The field to blame.
    pub field: Option<Field>,
    /// The issuer's reason, for `CARD_DECLINED`.
    pub decline_reason: Option<String>,
    /// The option at fault (`OPTIONS_INVALID`, `CONTAINER_NOT_FOUND`), named in the message.
    pub option: Option<String>,
    /// A more precise message than the code's own (a decline reason's, a field's).
    pub message: Option<MessageKey>,
}

impl SdkError {
    /// An error with nothing but its code.
    pub fn new(code: Code) -> Self {
        Self {
            code,
            retryable: matches!(code, Code::NetworkError | Code::ServerError),
            field: None,
            decline_reason: None,
            option: None,
            message: None,
        }
    }

    /// `OPTIONS_INVALID` (or another code) naming the option at fault.
    pub fn option(code: Code, name: &str) -> Self {
        Self {
            option: Some(name.to_owned()),
            ..Self::new(code)
        }
    }

    /// `VALIDATION_FAILED` for `field`, explained by the field's own message.
    #[cfg(feature = "enrollment")]
    pub fn field(field: Field, message: MessageKey) -> Self {
        Self {
            field: Some(field),
            message: Some(message),
            ..Self::new(Code::ValidationFailed)
        }
    }

    /// The localized message.
    pub fn text(&self, msgs: &Messages) -> String {
        let key = self.message.unwrap_or(self.code.message_key());
        let Some(option) = &self.option else {
            return msgs.text(key).to_owned();
        };
        let template = msgs.text(key);
        let text = msgs.fill(key, &[("option", option)]);
        if text == template {
            // A merchant's override without the placeholder still names the option.
            let mut text = text;
            text.push_str(" (");
            text.push_str(option);
            text.push(')');
            return text;
        }
        text
    }

    /// [`SdkError::to_js`], consuming the error: one out-of-line drop instead of one at every
    /// call site.
    #[inline(never)]
    pub fn into_js(self, msgs: &Messages) -> JsValue {
        self.to_js(msgs)
    }

    /// The JS `EnrollmentError`.
    pub fn to_js(&self, msgs: &Messages) -> JsValue {
        let error = js_sys::Error::new(&self.text(msgs));
        let obj: &Object = error.unchecked_ref();
        // Through `set` rather than js-sys's `name` setter: an import of its own.
        set(obj, "name", &"EnrollmentError".into());
        set(obj, "code", &self.code.as_str().into());
        set(obj, "retryable", &self.retryable.into());
        if let Some(field) = self.field {
            set(obj, "field", &field.id().into());
        }
        if let Some(reason) = &self.decline_reason {
            set(obj, "declineReason", &reason.into());
        }
        error.into()
    }
}
