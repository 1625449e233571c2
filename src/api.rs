//! The wasm-bindgen surface: `initEnrollment`, the `Enrollment` handle and the pure helpers of
//! DESIGN §3. Thin: it reads arguments, calls `options`/`form`/`submit` or core, and converts.

use std::rc::Rc;

use enrollment_core::brand::DEFAULT_GAPS;
use enrollment_core::expiry;
use enrollment_core::time::format_iso8601;
use enrollment_core::token;
use enrollment_core::{cvc, format, number, Brand};
use js_sys::{Date, Object, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Code, SdkError};
use crate::form::{self, Shared};
use crate::i18n::{default_locale, Messages};
use crate::interop::{nullable, numbers, set, set_bool};
use crate::options;
use crate::submit;

/// A mounted card form.
#[wasm_bindgen]
pub struct Enrollment {
    shared: Shared,
    msgs: Rc<Messages>,
}

fn init(token: &JsValue, options_value: &JsValue) -> Result<Enrollment, JsValue> {
    let msgs = Rc::new(options::messages(options_value).map_err(|(e, m)| e.into_js(&m))?);
    let session = options::session(token).map_err(|e| e.into_js(&msgs))?;
    let opts = options::options(options_value, msgs.clone()).map_err(|e| e.into_js(&msgs))?;
    options::check_transport(&session, &opts.api_base).map_err(|e| e.into_js(&msgs))?;
    let (shared, msgs) = form::mount(session, opts)
        .ok_or_else(|| SdkError::option(Code::ContainerNotFound, "container").into_js(&msgs))?;
    Ok(Enrollment { shared, msgs })
}

/// Checks the token (or Customer Session) and the options, then renders the card form into
/// `options.container`. Rejects with an `EnrollmentError` before touching the page if anything
/// is wrong.
#[wasm_bindgen(js_name = initEnrollment, unchecked_return_type = "Promise<Enrollment>")]
pub fn init_enrollment(
    #[wasm_bindgen(unchecked_param_type = "string | CustomerSession")] token_or_session: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EnrollmentOptions")] options: JsValue,
) -> Promise {
    match init(&token_or_session, &options) {
        Ok(enrollment) => Promise::resolve(&JsValue::from(enrollment)),
        Err(error) => Promise::reject(&error),
    }
}

#[wasm_bindgen]
impl Enrollment {
    /// Validates every field, then enrolls the card. A second call while one is in flight
    /// returns the same promise.
    #[wasm_bindgen(unchecked_return_type = "Promise<EnrollmentResult>")]
    pub fn submit(&self) -> Promise {
        submit::submit(&self.shared, &self.msgs)
    }

    /// The customer's saved (ENROLLED) payment methods, masked.
    #[wasm_bindgen(
        js_name = listPaymentMethods,
        unchecked_return_type = "Promise<SavedPaymentMethod[]>"
    )]
    pub fn list_payment_methods(&self) -> Promise {
        submit::list(&self.shared, &self.msgs)
    }

    /// Replaces the token (after `SESSION_EXPIRED`), keeping what the user typed. Throws an
    /// `EnrollmentError` for a bad token or after `unmount()`.
    #[wasm_bindgen(js_name = updateToken)]
    pub fn update_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | CustomerSession")]
        token_or_session: JsValue,
    ) -> Result<(), JsValue> {
        let mut slot = self.shared.try_borrow_mut().ok();
        // One error path for "busy" and "unmounted".
        let form = slot
            .as_deref_mut()
            .and_then(Option::as_mut)
            .ok_or_else(|| SdkError::new(Code::Unmounted).into_js(&self.msgs))?;
        let session = options::session(&token_or_session).map_err(|e| e.into_js(&self.msgs))?;
        options::check_transport(&session, &form.api_base).map_err(|e| e.into_js(&self.msgs))?;
        form.session = session;
        Ok(())
    }

    /// Removes every node and listener the form added and cancels a submit in flight. Calling
    /// it again does nothing; every other method then fails with `UNMOUNTED`.
    pub fn unmount(&self) {
        form::unmount(&self.shared);
    }
}

/// The texts of the pure helpers' errors: the page's language, no overrides (there are no
/// options). Built only when an error needs them.
fn default_messages() -> Messages {
    Messages::new(default_locale())
}

fn string_arg(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

/// A `Date` argument: `None` when omitted; anything but a valid Date is `OPTIONS_INVALID`.
///
/// Optional arguments are plain `JsValue`s, an omitted one arriving as `undefined`:
/// `Option<JsValue>` would add a null check to the glue and a decode to the wasm.
fn date_arg(value: &JsValue, name: &str) -> Result<Option<Date>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.dyn_ref::<Date>() {
        Some(d) if !d.get_time().is_nan() => Ok(Some(d.clone())),
        _ => Err(SdkError::option(Code::OptionsInvalid, name).into_js(&default_messages())),
    }
}

/// A fresh object with the two verdicts every validator reports. Not generic over the reason
/// and not inlined: one copy serves the three validators.
#[inline(never)]
fn verdicts(valid: bool, potentially_valid: bool) -> Object {
    let out = Object::new();
    set_bool(&out, "isValid", valid);
    set_bool(&out, "isPotentiallyValid", potentially_valid);
    out
}

/// `validateCardNumber(s)` → `{ brand, isValid, isPotentiallyValid, formatted, gaps, lengths,
/// cvcLength }`.
#[wasm_bindgen(js_name = validateCardNumber, unchecked_return_type = "CardNumberValidation")]
pub fn validate_card_number(
    #[wasm_bindgen(unchecked_param_type = "string")] s: JsValue,
) -> JsValue {
    let s = string_arg(&s);
    let check = number::check(&s);
    let info = check.brand.map(Brand::info);
    let formatted = format::number(&s, usize::MAX).value;
    // Filled by `set` calls: smaller in the wasm than an array of pairs.
    let out = verdicts(
        check.validity.is_valid(),
        check.validity.is_potentially_valid(),
    );
    set(
        &out,
        "brand",
        &check.brand.map_or("unknown", Brand::id).into(),
    );
    set(&out, "formatted", &formatted.into());
    set(
        &out,
        "gaps",
        &numbers(info.map_or(DEFAULT_GAPS, |i| i.gaps)),
    );
    set(&out, "lengths", &numbers(info.map_or(&[], |i| i.lengths)));
    set(&out, "cvcLength", &info.map_or(3, |i| i.cvc_length).into());
    out.into()
}

/// `validateExpiry(s, today?)` → `{ month, year, isValid, isPotentiallyValid }`.
#[wasm_bindgen(js_name = validateExpiry, unchecked_return_type = "ExpiryValidation")]
pub fn validate_expiry(
    #[wasm_bindgen(unchecked_param_type = "string")] s: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Date")] today: JsValue,
) -> Result<JsValue, JsValue> {
    let today = match date_arg(&today, "today")? {
        Some(d) => crate::field::year_month(&d),
        None => crate::field::today(),
    };
    let check = expiry::check(&string_arg(&s), today);
    let out = verdicts(
        check.validity.is_valid(),
        check.validity.is_potentially_valid(),
    );
    set(&out, "month", &nullable(check.month));
    set(&out, "year", &nullable(check.year));
    Ok(out.into())
}

/// `validateCvc(s, brand?)` → `{ isValid, isPotentiallyValid }`.
#[wasm_bindgen(js_name = validateCvc, unchecked_return_type = "CvcValidation")]
pub fn validate_cvc(
    #[wasm_bindgen(unchecked_param_type = "string")] s: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BrandId")] brand: JsValue,
) -> JsValue {
    let brand = brand.as_string().and_then(|b| Brand::from_id(&b));
    let v = cvc::check(&string_arg(&s), brand);
    verdicts(v.is_valid(), v.is_potentially_valid()).into()
}

/// `parseSdkToken(s, now?)` → `{ environment, sessionId, expiresAt }`; throws an
/// `EnrollmentError` for a malformed or (judged at `now`) expired token.
#[wasm_bindgen(js_name = parseSdkToken, unchecked_return_type = "SdkTokenInfo")]
pub fn parse_sdk_token(
    #[wasm_bindgen(unchecked_param_type = "string")] s: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Date")] now: JsValue,
) -> Result<JsValue, JsValue> {
    let now_ms = date_arg(&now, "now")?
        .unwrap_or_else(Date::new_0)
        .get_time();
    let s = string_arg(&s);
    // Judged here rather than by `token::check`, which would parse the token again.
    let parsed = token::parse(&s).and_then(|t| match t.expires_at {
        Some(exp) if token::is_expired(exp, (now_ms / 1000.0).floor() as i64) => {
            Err(token::TokenError::Expired)
        }
        _ => Ok(t),
    });
    let parsed = parsed.map_err(|e| SdkError::new(e.into()).into_js(&default_messages()))?;
    let out = Object::new();
    set(&out, "environment", &parsed.environment.as_str().into());
    set(&out, "sessionId", &nullable(parsed.session_id));
    let expires_at = parsed
        .expires_at
        .map(|e| format_iso8601(e.saturating_mul(1000)));
    set(&out, "expiresAt", &nullable(expires_at));
    Ok(out.into())
}
