//! What the browser tests share: the sandbox URLs the test script baked in, sessions from the
//! sandbox's demo backend, and small async helpers.
#![allow(dead_code)]
// each test file uses its own subset
// Failing loudly when the script did not bake a URL in is the point: never a silent skip.
#![allow(clippy::option_env_unwrap)]

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// A sandbox started by scripts/browser-tests.sh. A test that needs it fails when it is missing:
/// a skipped test would look green without having proved anything.
pub fn sandbox_url() -> &'static str {
    option_env!("SANDBOX_URL").expect("SANDBOX_URL is unset: run scripts/browser-tests.sh")
}

/// The second sandbox, started with `--chaos-rate 0.3`.
pub fn chaos_url() -> &'static str {
    option_env!("CHAOS_SANDBOX_URL")
        .expect("CHAOS_SANDBOX_URL is unset: run scripts/browser-tests.sh")
}

/// A loopback URL on which nothing listens.
pub fn unreachable_url() -> &'static str {
    option_env!("UNREACHABLE_URL").expect("UNREACHABLE_URL is unset: run scripts/browser-tests.sh")
}

pub async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Plain request for the test's own bookkeeping (not the code under test): status and JSON body.
pub async fn request(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&JsValue>,
) -> (u16, JsValue) {
    let headers = Headers::new().unwrap();
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(t) = token {
        headers
            .set("Authorization", &format!("Bearer {t}"))
            .unwrap();
    }
    if let Some(b) = body {
        headers.set("Content-Type", "application/json").unwrap();
        init.set_body(&JSON::stringify(b).unwrap());
    }
    init.set_headers(&headers);
    let resp: Response = JsFuture::from(
        web_sys::window()
            .unwrap()
            .fetch_with_str_and_init(url, &init),
    )
    .await
    .unwrap()
    .dyn_into()
    .unwrap();
    let text = JsFuture::from(resp.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    (resp.status(), JSON::parse(&text).unwrap_or(JsValue::NULL))
}

pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

pub fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("no string {key:?} in {:?}", JSON::stringify(v)))
}

/// A fresh Customer Session for a customer of its own (so tests never see each other's cards),
/// from the sandbox's demo merchant backend. `expires_in` in seconds.
pub async fn session_for(base: &str, customer: &str, expires_in: Option<u32>) -> JsValue {
    let mut pairs = vec![("merchant_customer_id", JsValue::from_str(customer))];
    if let Some(s) = expires_in {
        pairs.push(("expires_in", JsValue::from(s)));
    }
    let (status, session) = request(
        "POST",
        &format!("{base}/demo/session"),
        None,
        Some(&obj(&pairs)),
    )
    .await;
    assert!(
        (200..300).contains(&status),
        "POST /demo/session → {status}: {:?}",
        JSON::stringify(&session)
    );
    session
}

/// A token for a brand-new customer.
pub async fn new_token(base: &str) -> String {
    get_str(&session_for(base, &unique("cust"), None).await, "sdk_token")
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", enrollment_sdk::net::idempotency_key())
}

/// The `id`s of the token's customer's payment methods, straight from the API.
pub async fn listed_ids(base: &str, token: &str) -> Vec<String> {
    let (status, body) = request(
        "GET",
        &format!("{base}/v1/sdk/payment-methods"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{:?}", JSON::stringify(&body));
    js_sys::Array::from(&get(&body, "payment_methods"))
        .iter()
        .map(|pm| get_str(&pm, "id"))
        .collect()
}
