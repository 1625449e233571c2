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
    try_request(method, url, token, body).await.unwrap()
}

/// [`request`], with a failed fetch (network, dropped connection) as `Err`.
pub async fn try_request(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&JsValue>,
) -> Result<(u16, JsValue), JsValue> {
    let headers = Headers::new()?;
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(t) = token {
        headers.set("Authorization", &format!("Bearer {t}"))?;
    }
    if let Some(b) = body {
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JSON::stringify(b)?.into());
    }
    init.set_headers(&headers);
    let window = web_sys::window().unwrap();
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(resp.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((resp.status(), JSON::parse(&text).unwrap_or(JsValue::NULL)))
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

/// A fresh Customer Session of the sandbox's one demo customer, from its demo merchant backend.
/// Tests share that customer and run one at a time, so they compare listings before and after.
pub async fn new_session(base: &str, expires_in: Option<u32>) -> JsValue {
    let body = match expires_in {
        Some(s) => obj(&[("expires_in", JsValue::from(s))]),
        None => obj(&[]),
    };
    let (status, session) =
        request("POST", &format!("{base}/demo/session"), None, Some(&body)).await;
    assert_eq!(
        status,
        201,
        "POST /demo/session: {:?}",
        JSON::stringify(&session)
    );
    session
}

/// A fresh token of the demo customer.
pub async fn new_token(base: &str) -> String {
    get_str(&new_session(base, None).await, "sdk_token")
}

/// A token of a second customer of the main sandbox, made by the test script through the
/// merchant API (the browser cannot hold the merchant key's CORS-less endpoints).
pub fn other_customer_token() -> &'static str {
    option_env!("OTHER_CUSTOMER_TOKEN")
        .expect("OTHER_CUSTOMER_TOKEN is unset: run scripts/browser-tests.sh")
}

/// Ends a session now, on the server only: the token still looks valid to the SDK.
pub async fn expire_session(base: &str, session: &JsValue) {
    let body = obj(&[("session_id", get(session, "id"))]);
    let (status, reply) = request(
        "POST",
        &format!("{base}/demo/expire-session"),
        None,
        Some(&body),
    )
    .await;
    assert_eq!(
        status,
        200,
        "POST /demo/expire-session: {:?}",
        JSON::stringify(&reply)
    );
}

/// The `id`s of the token's customer's payment methods, straight from the API (not through the
/// code under test). Retries what the chaos sandbox breaks (a 503, a dropped connection).
pub async fn listed_ids(base: &str, token: &str) -> Vec<String> {
    let url = format!("{base}/v1/sdk/payment-methods");
    let mut last = String::new();
    for _ in 0..20 {
        match try_request("GET", &url, Some(token), None).await {
            Ok((200, body)) => {
                return js_sys::Array::from(&get(&body, "payment_methods"))
                    .iter()
                    .map(|pm| get_str(&pm, "id"))
                    .collect();
            }
            Ok((503, _)) | Err(_) => last = "503 or dropped".into(),
            Ok((status, body)) => panic!("GET {url} → {status}: {:?}", JSON::stringify(&body)),
        }
        sleep(50).await;
    }
    panic!("GET {url} kept failing: {last}")
}

/// The ids in `after` that were not in `before`.
pub fn added(before: &[String], after: &[String]) -> Vec<String> {
    after
        .iter()
        .filter(|id| !before.contains(id))
        .cloned()
        .collect()
}

/// `count` distinct, valid Visa numbers that the sandbox enrolls (none ends in a test-card
/// outcome suffix of DESIGN §6), so that a duplicate enrollment shows up as an extra method.
pub fn enrollable_visas(count: usize) -> Vec<String> {
    const OUTCOME_SUFFIXES: [&str; 7] = ["10", "28", "36", "44", "51", "69", "77"];
    let seed = js_sys::Date::now() as u64 % 1_000_000;
    (0..)
        .map(|i| {
            let body = format!("450799{:09}", seed * 1000 + i);
            (0..=9)
                .map(|d| format!("{body}{d}"))
                .find(|n| enrollment_core::luhn::is_valid(n))
                .unwrap()
        })
        .filter(|n| !OUTCOME_SUFFIXES.contains(&&n[n.len() - 2..]))
        .take(count)
        .collect()
}
