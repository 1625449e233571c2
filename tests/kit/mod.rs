//! What the browser tests share: tokens, a fresh container per test, mounting through the JS
//! surface, input as a browser produces it (value and caret first, then the event), and the
//! sandbox the test script started (its URLs, sessions from its demo backend, plain requests).
#![allow(dead_code)]
// each test file uses its own subset
// Failing loudly when the script did not bake a URL in is the point: never a silent skip.
#![allow(clippy::option_env_unwrap)]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, Headers, HtmlElement, HtmlInputElement, InputEvent, InputEventInit,
    KeyboardEvent, KeyboardEventInit, RequestInit, Response,
};

pub const SESSION_HEX: &str = "0123456789abcdef0123456789abcdef";
/// Clients cannot check the signature, so any 64 hex digits do.
pub const SIG: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A structured token of `env` expiring `in_secs` from now.
pub fn token_for(env: &str, in_secs: i64) -> String {
    format!("cstok_{env}_{SESSION_HEX}_{}_{SIG}", now_secs() + in_secs)
}

/// A test token good for an hour.
pub fn token() -> String {
    token_for("test", 3600)
}

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh, empty container in the page.
pub fn container() -> HtmlElement {
    let doc = document();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
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

/// The string at `key`, or "" when there is none.
pub fn get_str(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// The string at `key`; a test reading the sandbox's replies fails when there is none.
pub fn need_str(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("no string {key:?} in {:?}", JSON::stringify(v)))
}

/// Calls `obj.name(...args)` as a merchant's script would.
pub fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(obj, name).dyn_into().unwrap();
    f.apply(obj, &args.iter().collect::<Array>())
}

pub async fn settle(p: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(p.dyn_into::<Promise>().unwrap()).await
}

/// Every argument a JS callback was called with.
#[derive(Clone, Default)]
pub struct Calls(pub Rc<RefCell<Vec<JsValue>>>);

impl Calls {
    /// A JS function that records its first argument.
    pub fn func(&self) -> JsValue {
        let calls = self.0.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |v| calls.borrow_mut().push(v)).into_js_value()
    }
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }
    pub fn last(&self) -> JsValue {
        self.0
            .borrow()
            .last()
            .cloned()
            .unwrap_or(JsValue::UNDEFINED)
    }
    pub fn all(&self) -> Vec<JsValue> {
        self.0.borrow().clone()
    }
}

/// `initEnrollment(token, options)` awaited.
pub async fn init(token: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let p = enrollment_sdk::init_enrollment(token.clone(), options.clone());
    JsFuture::from(p).await
}

/// A mounted form: its container, the `Enrollment` and recorders for every callback.
pub struct Mounted {
    pub container: HtmlElement,
    pub enrollment: JsValue,
    pub ready: Calls,
    pub change: Calls,
    pub loading: Calls,
    pub success: Calls,
    pub error: Calls,
}

impl Mounted {
    pub fn input(&self, autocomplete: &str) -> HtmlInputElement {
        self.container
            .query_selector(&format!("input[autocomplete=\"{autocomplete}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no {autocomplete} input"))
            .unchecked_into()
    }
    pub fn number(&self) -> HtmlInputElement {
        self.input("cc-number")
    }
    pub fn expiry(&self) -> HtmlInputElement {
        self.input("cc-exp")
    }
    pub fn cvc(&self) -> HtmlInputElement {
        self.input("cc-csc")
    }
    pub fn holder(&self) -> HtmlInputElement {
        self.input("cc-name")
    }
    pub fn one(&self, selector: &str) -> Element {
        self.container
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }
    pub fn text(&self, selector: &str) -> String {
        self.one(selector).text_content().unwrap_or_default()
    }
    /// The error text `aria-describedby` of `input` points at.
    pub fn error_of(&self, input: &HtmlInputElement) -> String {
        let ids = input.get_attribute("aria-describedby").unwrap();
        let id = ids.split(' ').next().unwrap();
        document()
            .get_element_by_id(id)
            .unwrap()
            .text_content()
            .unwrap_or_default()
    }
    pub fn live(&self) -> String {
        self.text("[aria-live=\"polite\"]")
            .trim_end_matches('\u{a0}')
            .to_owned()
    }
    pub fn label_of(&self, input: &HtmlInputElement) -> String {
        let label = self.one(&format!("label[for=\"{}\"]", input.id()));
        label.text_content().unwrap_or_default()
    }
    pub fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        call(&self.enrollment, name, args)
    }
    pub fn unmount(&self) {
        self.call("unmount", &[]).unwrap();
    }
}

/// Mounts a form into a fresh container with every callback recorded; `extra` adds options.
pub async fn mount_with(token: &JsValue, extra: &[(&str, JsValue)]) -> Mounted {
    let container = container();
    let (ready, change, loading, success, error) = Default::default();
    let m = Mounted {
        container,
        enrollment: JsValue::UNDEFINED,
        ready,
        change,
        loading,
        success,
        error,
    };
    let mut pairs = vec![
        ("container", m.container.clone().into()),
        ("locale", "en".into()),
        ("onReady", m.ready.func()),
        ("onChange", m.change.func()),
        ("onLoading", m.loading.func()),
        ("onSuccess", m.success.func()),
        ("onError", m.error.func()),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v.clone()));
    }
    let enrollment = init(token, &obj(&pairs)).await.unwrap();
    Mounted { enrollment, ..m }
}

pub async fn mount() -> Mounted {
    mount_with(&token().into(), &[]).await
}

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

pub fn dispatch_input(input: &HtmlInputElement, input_type: &str, data: Option<&str>) {
    let init = InputEventInit::new();
    init.set_bubbles(true);
    init.set_input_type(input_type);
    init.set_data(data);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Replaces the selection with `text` the way the browser does before it fires `input`.
pub fn insert(input: &HtmlInputElement, text: &str, input_type: &str) {
    let value = input.value();
    let units: Vec<u16> = value.encode_utf16().collect();
    let start = input
        .selection_start()
        .unwrap()
        .unwrap_or(units.len() as u32) as usize;
    let end = input.selection_end().unwrap().unwrap_or(start as u32) as usize;
    let mut next = String::from_utf16(&units[..start]).unwrap();
    next.push_str(text);
    let caret = utf16_len(&next);
    next.push_str(&String::from_utf16(&units[end..]).unwrap());
    input.set_value(&next);
    input.set_selection_range(caret, caret).unwrap();
    dispatch_input(input, input_type, Some(text));
}

/// Types `text` one character at a time at the caret.
pub fn type_text(input: &HtmlInputElement, text: &str) {
    for ch in text.chars() {
        insert(input, &ch.to_string(), "insertText");
    }
}

/// Pastes `text` at the caret (replacing the selection).
pub fn paste(input: &HtmlInputElement, text: &str) {
    insert(input, text, "insertFromPaste");
}

/// One Backspace at the caret.
pub fn backspace(input: &HtmlInputElement) {
    let value = input.value();
    let units: Vec<u16> = value.encode_utf16().collect();
    let caret = input.selection_start().unwrap().unwrap_or(0) as usize;
    if caret == 0 {
        return;
    }
    let mut next = String::from_utf16(&units[..caret - 1]).unwrap();
    next.push_str(&String::from_utf16(&units[caret..]).unwrap());
    input.set_value(&next);
    let c = (caret - 1) as u32;
    input.set_selection_range(c, c).unwrap();
    dispatch_input(input, "deleteContentBackward", None);
}

/// Puts the caret at `pos` (UTF-16 units).
pub fn caret_to(input: &HtmlInputElement, pos: u32) {
    input.set_selection_range(pos, pos).unwrap();
}

pub fn caret(input: &HtmlInputElement) -> u32 {
    input.selection_start().unwrap().unwrap()
}

/// Focuses `input` (the test page must have focus for real focus events).
pub fn focus(input: &HtmlInputElement) {
    input.focus().unwrap();
    assert!(
        is_focused(input),
        "the page did not give focus to the input"
    );
}

pub fn blur(input: &HtmlInputElement) {
    input.blur().unwrap();
}

pub fn is_focused(el: &HtmlElement) -> bool {
    document()
        .active_element()
        .is_some_and(|a| JsValue::from(a) == JsValue::from(el.clone()))
}

/// Enter pressed in `el`; returns whether the SDK cancelled the default action.
pub fn press_enter(el: &HtmlInputElement) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&event).unwrap();
    event.default_prevented()
}

/// Waits for the promise jobs queued so far (callbacks of a submit) to run.
pub async fn tick() {
    JsFuture::from(Promise::resolve(&JsValue::UNDEFINED))
        .await
        .unwrap();
    sleep(0).await;
}

/// The error's `code`, after checking it is a real `EnrollmentError`.
pub fn code_of(err: &JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    assert_eq!(get_str(err, "name"), "EnrollmentError");
    assert!(!get_str(err, "message").is_empty(), "empty message");
    assert!(
        get(err, "retryable").as_bool().is_some(),
        "retryable missing"
    );
    get_str(err, "code")
}

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
    need_str(&new_session(base, None).await, "sdk_token")
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
                return Array::from(&get(&body, "payment_methods"))
                    .iter()
                    .map(|pm| need_str(&pm, "id"))
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

/// Asserts that the ids in `after` and not in `before` are exactly `ids`, and that no id in
/// `ids` came twice.
pub fn assert_added_exactly(before: &[String], after: &[String], mut ids: Vec<String>) {
    let mut new = added(before, after);
    new.sort();
    ids.sort();
    assert_eq!(new, ids);
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id came twice");
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
