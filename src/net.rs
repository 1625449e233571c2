//! The network client of the SDK: enrolls a card at the vault API (with timeout, retries and an
//! idempotency key), lists the customer's saved payment methods, and pays a checkout session
//! with one of them.
//!
//! The requests go out through `transport.js` (fetch, `AbortController`, timers, retries): promise
//! plumbing is smaller in JS than as Rust futures with their runtime (see its header). Rust
//! decides what is sent (the URL, the headers, the JSON body) and what an outcome means
//! ([`answer`]). Not gloo-net: measured with this same client both ways (opt-level z, LTO,
//! wasm-opt -Oz, gzip -9), gloo-net cost 3.4 KB more against a 30 KB budget for the whole SDK,
//! and we need neither its builder nor serde. JSON goes through the browser's own
//! `JSON.parse`/`JSON.stringify` for the same reason, and `format!` is avoided so that this
//! module does not pull in `core::fmt`.
//!
//! Nothing here logs: the token and the card only ever leave through the request itself.

use core::fmt;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::error::Code;
use crate::field::Field;
use crate::interop::{get, object, set};

#[wasm_bindgen(module = "/src/transport.js")]
extern "C" {
    /// Sends `init` to `url` with retries; resolves (never rejects) with `{ status, body }`.
    #[wasm_bindgen(js_name = send)]
    fn transport_send(
        url: &str,
        init: &Object,
        tries: u32,
        base_delay_ms: u32,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
    ) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// A promise of `transport.js`, seen only through `then`.
    type Settling;
    /// `then(f)` with a function made by `Closure::once_into_js` (js-sys's `then` takes a
    /// `Closure` it keeps borrowed).
    #[wasm_bindgen(method)]
    fn then(this: &Settling, f: &JsValue) -> Promise;
}

// `transport.js`'s statuses for a request that got no answer.
const NETWORK: u16 = 0;
const TIMEOUT: u16 = 1;
const ABORTED: u16 = 2;

/// The card as the form collected it. `number` holds digits only.
pub struct Card<'a> {
    /// Digits only, no spaces.
    pub number: &'a str,
    /// 1–12.
    pub exp_month: u8,
    /// Four digits.
    pub exp_year: u16,
    /// Digits only.
    pub cvc: &'a str,
    /// As typed (trimmed by the caller).
    pub holder_name: &'a str,
}

// Hand-written so that a stray `{:?}` can never print the number or the CVC.
impl fmt::Debug for Card<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Card")
            .field("number", &"<redacted>")
            .field("exp_month", &self.exp_month)
            .field("exp_year", &self.exp_year)
            .field("cvc", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// A vaulted card as the API returns it (masked: never the number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMethod {
    /// The payment method's id.
    pub id: String,
    /// The token the merchant charges later (empty when the API sent none, e.g. a decline).
    pub vaulted_token: String,
    /// `ENROLLED` or `DECLINED` (listings may carry other states the server knows).
    pub status: String,
    /// Why the card was declined (`INSUFFICIENT_FUNDS`, …), for `DECLINED` only.
    pub decline_reason: Option<String>,
    /// Brand id as in `enrollment-core` (`visa`, …); empty if the server sent none.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// 1–12, or 0 if the server sent none.
    pub exp_month: u8,
    /// Four digits, or 0 if the server sent none.
    pub exp_year: u16,
    /// Cardholder name.
    pub holder_name: String,
}

/// An amount as the API sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// In major units (49.9 is 49.90), as the checkout session was created with.
    pub value: f64,
    /// ISO 4217 code, three letters.
    pub currency: String,
}

/// A one-click payment as the API returns it (masked: the saved card's token, brand and last 4).
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// The payment's id.
    pub id: String,
    /// `SUCCEEDED`, `DECLINED` or `ERROR`.
    pub status: String,
    /// Why it was declined, for `DECLINED` only.
    pub decline_reason: Option<String>,
    /// What was charged, if the API said.
    pub amount: Option<Amount>,
    /// The saved card that paid.
    pub vaulted_token: String,
    /// Its brand id.
    pub brand: String,
    /// Its last four digits.
    pub last4: String,
    /// ISO 8601.
    pub created_at: String,
}

/// Why a request did not produce a payment method. The API's codes are judged once, when the
/// answer arrives: only what the SDK acts on is kept, not the strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// The server could not be reached (after every retry).
    Network,
    /// Every try ran into the per-try timeout (the last one did).
    Timeout,
    /// 401: the token is expired (code `SESSION_EXPIRED`) or not valid (any other code, or none).
    Unauthorized {
        /// The API said `SESSION_EXPIRED`.
        expired: bool,
    },
    /// Another 4xx: the request itself was refused; retrying it unchanged will not help.
    Rejected {
        /// HTTP status.
        status: u16,
        /// What the API's error code means to the SDK.
        code: ApiCode,
        /// The card field the API blamed, if it named one we know.
        field: Option<Field>,
    },
    /// 5xx or 429 on the last try, or a success response we could not read.
    Server {
        /// HTTP status.
        status: u16,
    },
    /// The caller's abort signal fired.
    Aborted,
}

/// The `code` of a refusal (a 4xx other than 401 and 429), as far as the SDK acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiCode {
    /// One of the SDK's own codes (DESIGN §3), passed on as is.
    Sdk(Code),
    /// `IDEMPOTENCY_KEY_REUSED`: this key went with another body before.
    KeyReused,
    /// Any other code, or none.
    Other,
}

impl ApiCode {
    /// What the API's `code` means.
    pub fn of(code: &str) -> ApiCode {
        match Code::from_api(code) {
            Some(code) => ApiCode::Sdk(code),
            None if code == "IDEMPOTENCY_KEY_REUSED" => ApiCode::KeyReused,
            None => ApiCode::Other,
        }
    }
}

/// How hard to try: `attempts` tries in all, each bounded by `timeout_ms`, with an exponential
/// backoff starting at `base_delay_ms` (plus jitter) between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries, the first included (0 counts as 1).
    pub attempts: u32,
    /// The wait before the first retry; it doubles for each further one.
    pub base_delay_ms: u32,
    /// Per try, from sending to the last byte of the body.
    pub timeout_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        DEFAULT_POLICY
    }
}

/// The default policy, also for the requests that take none (a `'static` to borrow from).
const DEFAULT_POLICY: RetryPolicy = RetryPolicy {
    attempts: 4,
    base_delay_ms: 250,
    timeout_ms: 15_000,
};

/// A fresh UUID v4 (RFC 9562) from `crypto.getRandomValues`, for `X-Idempotency-Key`.
pub fn idempotency_key() -> String {
    let mut b = [0u8; 16];
    crate::interop::random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[usize::from(byte >> 4)] as char);
        s.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    s
}

/// The request that enrolls a card, with the body [`enroll_body`] made, ready for [`send`]. `key`
/// must stay the same for every call that is the same user attempt, so that a retry after a lost
/// response cannot enroll twice. Its init holds the token, the key and the body, so that a caller
/// keeps neither the card nor those strings while the request runs.
pub fn enroll_request(api_base: &str, token: &str, body: &str, key: &str) -> Request {
    Call {
        method: "POST",
        url: endpoint(api_base),
        token,
        key: Some(key),
        body: Some(&body.into()),
    }
    .prepare()
}

/// What a request's answer is for: `Ok` with the JSON of a 2xx, or why there was none.
pub type Answer = Result<JsValue, NetError>;

/// Sends `request` with the default [`RetryPolicy`] (every request of the SDK has it) and settles
/// with `then`'s result for the [`answer`]: the promise resolves with its `Ok` and rejects with
/// its `Err`. When `signal` fires, the try in flight is aborted and the answer is
/// [`NetError::Aborted`].
pub fn send(
    request: Request,
    signal: Option<&AbortSignal>,
    then: Box<dyn FnOnce(Answer) -> Result<JsValue, JsValue>>,
) -> Promise {
    // One closure type for every request (a boxed callback): one shim in the wasm. It returns a
    // rejected promise rather than throwing: the promise `then` makes rejects with the error all
    // the same, and a closure without a `Result` has a smaller shim in the wasm and the glue.
    let on_outcome = Closure::<dyn FnMut(JsValue) -> JsValue>::once_into_js(
        move |outcome: JsValue| match then(answer(&outcome)) {
            Ok(value) => value,
            Err(error) => Promise::reject(&error).into(),
        },
    );
    outcome_of(request, &DEFAULT_POLICY, signal)
        .unchecked_ref::<Settling>()
        .then(&on_outcome)
}

/// The promise of `transport.js` for `request`: `{ status, body }`, read by [`answer`].
pub fn outcome_of(request: Request, policy: &RetryPolicy, signal: Option<&AbortSignal>) -> Promise {
    // `setTimeout` takes a signed 32-bit delay; a longer one would fire at once.
    let timeout_ms = policy.timeout_ms.min(i32::MAX as u32);
    transport_send(
        &request.url,
        &request.init,
        policy.attempts,
        policy.base_delay_ms,
        timeout_ms,
        signal,
    )
}

/// An enrollment's answer: the payment method, still a JS value (see [`method_js`]; its status
/// is read with [`has_status`]).
pub fn enrolled(value: JsValue) -> Result<JsValue, NetError> {
    if is_method(&value) {
        Ok(value)
    } else {
        Err(unreadable(201)())
    }
}

/// The request that lists the token's customer's payment methods, ready for [`send`].
pub fn list_request(api_base: &str, token: &str) -> Request {
    Call {
        method: "GET",
        url: endpoint(api_base),
        token,
        key: None,
        body: None,
    }
    .prepare()
}

/// The raw entries of a listing's answer, for [`parse_payment_method`] one by one.
pub fn entries(value: &JsValue) -> Result<Array, NetError> {
    let list = get(value, "payment_methods");
    if !Array::is_array(&list) {
        return Err(unreadable(200)());
    }
    Ok(list.unchecked_into())
}

fn endpoint(api_base: &str) -> String {
    url(api_base, "/v1/sdk/payment-methods")
}

fn url(api_base: &str, path: &str) -> String {
    cat(enrollment_core::trim_end_byte(api_base, b'/'), path)
}

/// `a` then `b`: neither `format!` (`core::fmt`) nor `concat` (a generic join) for two strings.
fn cat(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

/// The request that pays the checkout session of `token` with the saved card `vaulted_token`,
/// ready for [`send`]. `key` follows the rule of [`enroll_request`]: the same for every call that
/// is the same user attempt.
pub fn pay_request(api_base: &str, token: &str, vaulted_token: &str, key: &str) -> Request {
    let body = json(&object(&[("vaulted_token", vaulted_token.into())]));
    let call = Call {
        method: "POST",
        url: url(api_base, "/v1/sdk/payments"),
        token,
        key: Some(key),
        body: Some(&body),
    };
    call.prepare()
}

/// A payment's answer (see [`parse_payment`]).
pub fn paid(value: &JsValue) -> Result<Payment, NetError> {
    parse_payment(value).ok_or_else(unreadable(201))
}

/// The request that reads the checkout session of `token`, ready for [`send`].
pub fn session_request(api_base: &str, token: &str) -> Request {
    Call {
        method: "GET",
        url: url(api_base, "/v1/sdk/checkout-session"),
        token,
        key: None,
        body: None,
    }
    .prepare()
}

/// A checkout session's answer: its status (`ACTIVE`, `PAID`, `EXPIRED`) and amount.
pub fn session_state(value: &JsValue) -> Result<(String, Amount), NetError> {
    let status = get_string(value, "status");
    let amount = parse_amount(&get(value, "amount")).ok_or_else(unreadable(200))?;
    Ok((status, amount))
}

/// `{ value, currency }`: a positive finite number (major units) and a three-letter code.
pub fn parse_amount(v: &JsValue) -> Option<Amount> {
    let value = get(v, "value")
        .as_f64()
        .filter(|n| n.is_finite() && *n > 0.0)?;
    let currency = get(v, "currency")
        .as_string()
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))?;
    Some(Amount { value, currency })
}

/// Reads a payment; `None` unless it has at least an id and a status.
fn parse_payment(v: &JsValue) -> Option<Payment> {
    let id = get(v, "id").as_string().filter(|s| !s.is_empty())?;
    let status = get(v, "status").as_string().filter(|s| !s.is_empty())?;
    let pm = get(v, "payment_method");
    Some(Payment {
        id,
        status,
        decline_reason: get(v, "decline_reason").as_string(),
        amount: parse_amount(&get(v, "amount")),
        vaulted_token: get_string(&pm, "vaulted_token"),
        brand: get_string(&pm, "brand"),
        last4: get_string(&pm, "last4"),
        created_at: get_string(v, "created_at"),
    })
}

fn unreadable(status: u16) -> impl FnOnce() -> NetError {
    move || NetError::Server { status }
}

struct Call<'a> {
    method: &'a str,
    url: String,
    token: &'a str,
    key: Option<&'a str>,
    body: Option<&'a JsValue>,
}

/// A request ready to send: its URL and its `fetch` init, built once for every try.
pub struct Request {
    url: String,
    init: Object,
}

impl Call<'_> {
    fn prepare(self) -> Request {
        Request {
            init: request_init(&self),
            url: self.url,
        }
    }
}

fn request_init(call: &Call<'_>) -> Object {
    // Plain objects for the init and its headers: `fetch` reads them like a `RequestInit` and a
    // `Headers`, without an import per setter.
    // Filled by `set` calls: smaller in the wasm than arrays of pairs.
    let headers = Object::new();
    set(&headers, "Accept", &"application/json".into());
    set(
        &headers,
        "Authorization",
        &cat("Bearer ", call.token).into(),
    );
    if let Some(key) = call.key {
        set(&headers, "X-Idempotency-Key", &key.into());
    }
    let init = Object::new();
    set(&init, "method", &call.method.into());
    // Never answer a listing from the HTTP cache: it would hide a card enrolled a moment ago.
    set(&init, "cache", &"no-store".into());
    if let Some(body) = call.body {
        set(&headers, "Content-Type", &"application/json".into());
        set(&init, "body", body);
    }
    set(&init, "headers", &headers);
    init
}

/// What the outcome of `transport.js` (`{ status, body }`) means: the JSON of a 2xx, or the
/// typed reason there was none.
pub fn answer(outcome: &JsValue) -> Answer {
    let status = get(outcome, "status").as_f64().unwrap_or(0.0) as u16;
    let json = get(outcome, "body");
    // Any 2xx is the answer (a replayed enrollment may say 200 where the first said 201).
    match status {
        NETWORK => return Err(NetError::Network),
        TIMEOUT => return Err(NetError::Timeout),
        ABORTED => return Err(NetError::Aborted),
        200..=299 if json.is_object() => return Ok(json),
        200..=299 => return Err(unreadable(status)()),
        _ => {}
    }
    // Read once for every error status (one copy of the read in the wasm).
    let code = get(&json, "code").as_string().unwrap_or_default();
    Err(match status {
        401 => NetError::Unauthorized {
            expired: code == "SESSION_EXPIRED",
        },
        // 429 and 5xx were retried already: this is the last try's.
        400..=499 if status != 429 => NetError::Rejected {
            status,
            code: ApiCode::of(&code),
            field: get(&json, "field")
                .as_string()
                .and_then(|f| Field::from_api(&f)),
        },
        _ => NetError::Server { status },
    })
}

/// The JSON body that enrolls `card`.
pub fn enroll_body(card: &Card<'_>) -> String {
    let inner = object(&[
        ("number", card.number.into()),
        ("expiration_month", card.exp_month.into()),
        ("expiration_year", card.exp_year.into()),
        ("security_code", card.cvc.into()),
        ("holder_name", card.holder_name.into()),
    ]);
    json(&object(&[("card", inner.into())]))
        .as_string()
        .unwrap_or_default()
}

/// `JSON.stringify(obj)` of a fresh plain object of strings and numbers. It cannot fail unless
/// the page broke `JSON` itself; the request then goes out empty and the API refuses it (400).
/// A JS string, handed to `fetch` as is: a body that does not need reading in the wasm (the
/// payment's) is never copied into it.
fn json(obj: &Object) -> JsValue {
    crate::interop::stringify(obj)
}

fn get_string(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_default()
}

/// A whole number in `0..=max`, else 0 (the server sends numbers, but we never trust a body).
fn get_uint(obj: &JsValue, key: &str, max: u16) -> u16 {
    match get(obj, key).as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => n as u16,
        _ => 0,
    }
}

/// Reads a payment method; `None` unless it has at least an id and a status.
pub fn parse_payment_method(v: &JsValue) -> Option<PaymentMethod> {
    let status = method_status(v)?;
    let card = get(v, "card_data");
    Some(PaymentMethod {
        id: get_string(v, "id"),
        vaulted_token: get_string(v, "vaulted_token"),
        status,
        decline_reason: get(v, "decline_reason").as_string(),
        brand: get_string(&card, "brand"),
        last4: get_string(&card, "lfd"),
        exp_month: get_uint(&card, "expiration_month", 12) as u8,
        exp_year: get_uint(&card, "expiration_year", 9999),
        holder_name: get_string(&card, "holder_name"),
    })
}

/// The status of the payment method `v`; `None` unless it has at least an id and a status.
fn method_status(v: &JsValue) -> Option<String> {
    get(v, "id").as_string().filter(|s| !s.is_empty())?;
    get(v, "status").as_string().filter(|s| !s.is_empty())
}

/// Whether `v` is a payment method: [`method_status`] would give a status. Checked in JS, without
/// copying the strings into the wasm.
pub fn is_method(v: &JsValue) -> bool {
    has_text(v, "id") && has_text(v, "status")
}

/// Whether `v.status` is `status` (compared in JS, see [`is_method`]).
pub fn has_status(v: &JsValue, status: &str) -> bool {
    get(v, "status") == status
}

/// Whether `obj[key]` is a string other than `""`.
fn has_text(obj: &JsValue, key: &str) -> bool {
    let v = get(obj, key);
    v.is_string() && v != ""
}

/// The payment method `v` (one [`is_method`] accepts) in the SDK's public shape, `{ id,
/// brand, last4, expMonth, expYear, holderName }` (and `vaultedToken` if `with_token`), read as
/// [`parse_payment_method`] reads it but from JS value to JS value: no string crosses into the
/// wasm and back.
pub fn method_js(v: &JsValue, with_token: bool) -> JsValue {
    let card = get(v, "card_data");
    // Filled by `set` calls: smaller in the wasm than an array of pairs.
    let obj = Object::new();
    set(&obj, "id", &js_string(v, "id"));
    set(&obj, "brand", &js_string(&card, "brand"));
    set(&obj, "last4", &js_string(&card, "lfd"));
    set(
        &obj,
        "expMonth",
        &get_uint(&card, "expiration_month", 12).into(),
    );
    set(
        &obj,
        "expYear",
        &get_uint(&card, "expiration_year", 9999).into(),
    );
    set(&obj, "holderName", &js_string(&card, "holder_name"));
    if with_token {
        set(&obj, "vaultedToken", &js_string(v, "vaulted_token"));
    }
    obj.into()
}

/// `obj[key]` when it is a string, else `""`: [`get_string`] without leaving JS.
pub fn js_string(obj: &JsValue, key: &str) -> JsValue {
    let v = get(obj, key);
    if v.is_string() {
        v
    } else {
        JsValue::from_str("")
    }
}

// Pure response handling, without a server: every odd body a proxy or a bug could send has to
// end up as a typed result. The end-to-end behaviour is tested in tests/net.rs.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    const ENROLLED: &str = r#"{"id":"pm_1","vaulted_token":"vt_1","status":"ENROLLED",
        "customer_id":"c","card_data":{"brand":"visa","iin":"450799","lfd":"0002",
        "expiration_month":11,"expiration_year":2028,"holder_name":"Ada","number_length":16,
        "fingerprint":"f"},"created_at":"2026-01-01T00:00:00.000Z"}"#;

    /// What an enrollment makes of the last try's response (status and body as `transport.js`
    /// settles them: the body parsed as JSON, `null` when it is not JSON).
    fn outcome(status: u16, body: &str) -> Result<PaymentMethod, NetError> {
        let json = JSON::parse(body).unwrap_or(JsValue::NULL);
        let settled = object(&[("status", status.into()), ("body", json)]);
        answer(&settled).and_then(|v| parse_payment_method(&v).ok_or_else(unreadable(status)))
    }

    fn server(status: u16) -> NetError {
        NetError::Server { status }
    }

    fn rejected(status: u16, code: ApiCode, field: Option<Field>) -> NetError {
        NetError::Rejected {
            status,
            code,
            field,
        }
    }

    #[wasm_bindgen_test]
    fn responses_map_to_typed_results() {
        let html = "<!doctype html><title>502 Bad Gateway</title>";
        let unauthorized = |expired| Err(NetError::Unauthorized { expired });
        let table: Vec<(u16, &str, Result<PaymentMethod, NetError>)> = vec![
            (201, "", Err(server(201))),
            (201, "null", Err(server(201))),
            (201, "[1,2]", Err(server(201))),
            (201, "{}", Err(server(201))),
            (201, r#"{"id":"pm_1"}"#, Err(server(201))),
            (201, r#"{"id":7,"status":"ENROLLED"}"#, Err(server(201))),
            (200, html, Err(server(200))),
            (
                401,
                r#"{"code":"SESSION_EXPIRED","messages":["x"]}"#,
                unauthorized(true),
            ),
            (401, r#"{"code":"SESSION_INVALID"}"#, unauthorized(false)),
            (401, html, unauthorized(false)),
            (401, r#"{"code":""}"#, unauthorized(false)),
            (
                400,
                r#"{"code":"INVALID_CARD","field":"number"}"#,
                Err(rejected(400, ApiCode::Other, Some(Field::Number))),
            ),
            (
                400,
                r#"{"code":"VALIDATION_FAILED","field":"card.security_code"}"#,
                Err(rejected(
                    400,
                    ApiCode::Sdk(Code::ValidationFailed),
                    Some(Field::Cvc),
                )),
            ),
            (
                400,
                r#"{"code":"VALIDATION_FAILED","field":"card.pin"}"#,
                Err(rejected(400, ApiCode::Sdk(Code::ValidationFailed), None)),
            ),
            (
                423,
                r#"{"code":"SESSION_LOCKED"}"#,
                Err(rejected(423, ApiCode::Sdk(Code::SessionLocked), None)),
            ),
            (
                409,
                r#"{"code":"IDEMPOTENCY_KEY_REUSED"}"#,
                Err(rejected(409, ApiCode::KeyReused, None)),
            ),
            (404, html, Err(rejected(404, ApiCode::Other, None))),
            (
                422,
                r#"{"code":42,"field":false}"#,
                Err(rejected(422, ApiCode::Other, None)),
            ),
            (429, "", Err(server(429))),
            (500, r#"{"code":"INTERNAL"}"#, Err(server(500))),
            (
                502,
                r#"{"code":"PROVIDER_ERROR","messages":[]}"#,
                Err(server(502)),
            ),
            (503, html, Err(server(503))),
            (304, "", Err(server(304))),
        ];
        for (status, body, expected) in table {
            assert_eq!(outcome(status, body), expected, "{status} {body}");
        }
    }

    #[wasm_bindgen_test]
    fn a_payment_method_is_read_from_card_data() {
        let pm = outcome(201, ENROLLED).unwrap();
        assert_eq!(
            pm,
            PaymentMethod {
                id: "pm_1".into(),
                vaulted_token: "vt_1".into(),
                status: "ENROLLED".into(),
                decline_reason: None,
                brand: "visa".into(),
                last4: "0002".into(),
                exp_month: 11,
                exp_year: 2028,
                holder_name: "Ada".into(),
            }
        );
        let declined = r#"{"id":"pm_2","vaulted_token":null,"status":"DECLINED",
            "decline_reason":"DO_NOT_HONOR","card_data":{"expiration_month":13.5,"expiration_year":-1}}"#;
        let pm = outcome(201, declined).unwrap();
        assert_eq!(pm.decline_reason.as_deref(), Some("DO_NOT_HONOR"));
        assert_eq!((pm.vaulted_token.as_str(), pm.brand.as_str()), ("", ""));
        assert_eq!((pm.exp_month, pm.exp_year), (0, 0));
    }

    #[wasm_bindgen_test]
    fn the_body_has_the_api_field_names() {
        let card = Card {
            number: "4507990000000002",
            exp_month: 11,
            exp_year: 2028,
            cvc: "123",
            holder_name: "A \"B\"",
        };
        let body = JSON::parse(&enroll_body(&card)).unwrap();
        let c = get(&body, "card");
        assert_eq!(get_string(&c, "number"), "4507990000000002");
        assert_eq!(get(&c, "expiration_month").as_f64(), Some(11.0));
        assert_eq!(get(&c, "expiration_year").as_f64(), Some(2028.0));
        assert_eq!(get_string(&c, "security_code"), "123");
        assert_eq!(get_string(&c, "holder_name"), "A \"B\"");
    }

    #[wasm_bindgen_test]
    fn requests_without_an_answer_map_to_their_errors() {
        let table = [
            (NETWORK, NetError::Network),
            (TIMEOUT, NetError::Timeout),
            (ABORTED, NetError::Aborted),
        ];
        for (status, expected) in table {
            let settled = object(&[("status", status.into()), ("body", JsValue::NULL)]);
            assert_eq!(answer(&settled), Err(expected));
        }
    }

    #[wasm_bindgen_test]
    fn a_payment_methods_status_is_judged_in_js_as_method_status_reads_it() {
        let table = [
            (r#"{"id":"pm_1","status":"ENROLLED"}"#, true, true),
            (r#"{"id":"pm_1","status":"DECLINED"}"#, true, false),
            (r#"{"id":"","status":"ENROLLED"}"#, false, true),
            (r#"{"id":7,"status":"ENROLLED"}"#, false, true),
            (r#"{"id":"pm_1","status":""}"#, false, false),
            (r#"{"id":"pm_1"}"#, false, false),
            (r#"{"id":"pm_1","status":"enrolled"}"#, true, false),
            ("null", false, false),
            (r#""ENROLLED""#, false, false),
        ];
        for (body, method, enrolled) in table {
            let v = JSON::parse(body).unwrap();
            assert_eq!(is_method(&v), method, "{body}");
            assert_eq!(is_method(&v), method_status(&v).is_some(), "{body}");
            assert_eq!(has_status(&v, "ENROLLED"), enrolled, "{body}");
        }
    }

    #[wasm_bindgen_test]
    fn a_card_never_debug_prints_its_number_or_cvc() {
        let card = Card {
            number: "4507990000000002",
            exp_month: 11,
            exp_year: 2028,
            cvc: "123",
            holder_name: "A",
        };
        let shown = format!("{card:?}");
        assert!(
            !shown.contains("4507990000000002") && !shown.contains("123"),
            "{shown}"
        );
    }
}
