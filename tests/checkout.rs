//! `initCheckout` in the browser: the token-kind refusals both ways, the saved cards as a radio
//! group (ARIA, expired cards, the formatted amount), and paying: joined calls, the key kept
//! across a retryable failure, each outcome; first against a scripted `fetch`, then for real
//! against the sandbox started by scripts/browser-tests.sh.
#![cfg(all(target_arch = "wasm32", feature = "enrollment", feature = "checkout"))]

mod kit;

use js_sys::{Array, Function, Reflect};
use kit::{call, container, get, get_str, now_secs, obj, settle, token, Calls, SESSION_HEX, SIG};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, Headers, HtmlElement, HtmlInputElement, RequestInit, Response};

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = "http://127.0.0.1:9";

fn checkout_token() -> String {
    format!("chtok_test_{SESSION_HEX}_{}_{SIG}", now_secs() + 3600)
}

fn iso_in(secs: i64) -> String {
    js_sys::Date::new(&JsValue::from_f64(
        js_sys::Date::now() + secs as f64 * 1000.0,
    ))
    .to_iso_string()
    .as_string()
    .unwrap()
}

/// A Checkout Session object as the merchant's backend hands it over.
fn session(value: f64, currency: &str, status: &str) -> JsValue {
    obj(&[
        ("id", "chk_1".into()),
        (
            "amount",
            obj(&[("value", value.into()), ("currency", currency.into())]),
        ),
        ("status", status.into()),
        ("sdk_token", checkout_token().into()),
        ("expires_at", iso_in(3600).into()),
    ])
}

/// `new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value)`, computed by the
/// engine itself so that the test does not hard-code one engine's spacing.
fn intl(locale: &str, currency: &str, value: f64) -> String {
    Function::new_with_args(
        "l, c, v",
        "return new Intl.NumberFormat(l, { style: 'currency', currency: c }).format(v)",
    )
    .call3(
        &JsValue::NULL,
        &locale.into(),
        &currency.into(),
        &value.into(),
    )
    .unwrap()
    .as_string()
    .unwrap()
}

/// Replaces `fetch` for the test's life, as in tests/submit.rs: each call is recorded (method,
/// path, bearer, idempotency key, body) and answered with the next scripted reply (`{ status,
/// body }` or `"network"`); the last reply repeats.
struct FakeFetch {
    original: JsValue,
}

const FAKE: &str = r#"
  const f = globalThis.__esCheckoutFake;
  const h = new Headers(init.headers);
  f.calls.push({ method: init.method, path: new URL(url).pathname, auth: h.get('Authorization'),
    key: h.get('X-Idempotency-Key'), body: init.body ?? null });
  const r = f.replies.length > 1 ? f.replies.shift() : f.replies[0];
  if (r === 'network') return Promise.reject(new TypeError('Failed to fetch'));
  return Promise.resolve(new Response(JSON.stringify(r.body), { status: r.status }));
"#;

impl FakeFetch {
    fn install(replies: &[JsValue]) -> Self {
        let global = js_sys::global();
        let original = Reflect::get(&global, &"fetch".into()).unwrap();
        Self::script(replies);
        let fake = Function::new_with_args("url, init", FAKE);
        Reflect::set(&global, &"fetch".into(), &fake).unwrap();
        Self { original }
    }

    /// New replies from now on (the calls so far are kept).
    fn script(replies: &[JsValue]) {
        let global = js_sys::global();
        let calls = Reflect::get(&global, &"__esCheckoutFake".into())
            .ok()
            .filter(JsValue::is_object)
            .map_or_else(|| Array::new().into(), |s| get(&s, "calls"));
        let state = obj(&[
            ("calls", calls),
            ("replies", replies.iter().collect::<Array>().into()),
        ]);
        Reflect::set(&global, &"__esCheckoutFake".into(), &state).unwrap();
    }

    fn calls(&self) -> Vec<JsValue> {
        let state = Reflect::get(&js_sys::global(), &"__esCheckoutFake".into()).unwrap();
        Array::from(&get(&state, "calls")).to_vec()
    }

    /// The idempotency keys of the payment requests, in order.
    fn pay_keys(&self) -> Vec<String> {
        self.calls()
            .iter()
            .filter(|c| get_str(c, "path") == "/v1/sdk/payments")
            .map(|c| get_str(c, "key"))
            .collect()
    }
}

impl Drop for FakeFetch {
    fn drop(&mut self) {
        let global = js_sys::global();
        Reflect::set(&global, &"fetch".into(), &self.original).unwrap();
        Reflect::delete_property(
            global.unchecked_ref::<js_sys::Object>(),
            &"__esCheckoutFake".into(),
        )
        .unwrap();
    }
}

fn reply(status: u16, body: JsValue) -> JsValue {
    obj(&[("status", status.into()), ("body", body)])
}

fn card(vaulted: &str, brand: &str, last4: &str, month: u8, year: u16) -> JsValue {
    obj(&[
        ("id", ["pm_", vaulted].concat().into()),
        ("vaulted_token", vaulted.into()),
        ("status", "ENROLLED".into()),
        (
            "card_data",
            obj(&[
                ("brand", brand.into()),
                ("lfd", last4.into()),
                ("expiration_month", month.into()),
                ("expiration_year", year.into()),
                ("holder_name", "Ada Lovelace".into()),
            ]),
        ),
    ])
}

fn list(cards: &[JsValue]) -> JsValue {
    reply(
        200,
        obj(&[("payment_methods", cards.iter().collect::<Array>().into())]),
    )
}

/// An expired card first, then two good ones.
fn three_cards() -> JsValue {
    list(&[
        card("vt_old", "mastercard", "0003", 1, 2020),
        card("vt_visa", "visa", "0002", 11, 2028),
        card("vt_amex", "amex", "0005", 3, 2031),
    ])
}

fn payment(status: &str, reason: Option<&str>) -> JsValue {
    let mut pairs = vec![
        ("id", "pay_1".into()),
        ("status", status.into()),
        (
            "amount",
            obj(&[("value", 49.9.into()), ("currency", "USD".into())]),
        ),
        (
            "payment_method",
            obj(&[
                ("vaulted_token", "vt_visa".into()),
                ("brand", "visa".into()),
                ("last4", "0002".into()),
            ]),
        ),
        ("created_at", "2026-11-24T05:00:00.000Z".into()),
    ];
    if let Some(r) = reason {
        pairs.push(("decline_reason", r.into()));
    }
    reply(201, obj(&pairs))
}

/// A mounted checkout with every callback recorded.
struct Pane {
    container: HtmlElement,
    checkout: JsValue,
    ready: Calls,
    loading: Calls,
    success: Calls,
    error: Calls,
}

impl Pane {
    fn all(&self, selector: &str) -> Vec<Element> {
        let nodes = self.container.query_selector_all(selector).unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().unchecked_into())
            .collect()
    }
    fn one(&self, selector: &str) -> Element {
        self.container
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }
    fn radios(&self) -> Vec<HtmlInputElement> {
        self.all("input")
            .into_iter()
            .map(JsCast::unchecked_into)
            .collect()
    }
    fn button(&self) -> HtmlElement {
        self.one("button").unchecked_into()
    }
    fn message(&self) -> String {
        self.one(".es-message").text_content().unwrap_or_default()
    }
    fn live(&self) -> String {
        let text = self.one("[aria-live=\"polite\"]").text_content();
        text.unwrap_or_default()
            .trim_end_matches('\u{a0}')
            .to_owned()
    }
    fn disabled(&self) -> bool {
        self.one("fieldset").has_attribute("disabled")
    }
    fn pay(&self) -> JsValue {
        call(&self.checkout, "pay", &[]).unwrap()
    }
}

async fn mount(token: JsValue, extra: &[(&str, JsValue)]) -> Result<Pane, (JsValue, HtmlElement)> {
    let container = container();
    let (ready, loading, success, error) = Default::default();
    let mut pairs = vec![
        ("container", JsValue::from(container.clone())),
        ("apiBase", API.into()),
        ("locale", "en".into()),
    ];
    pairs.extend(extra.iter().cloned());
    let p = Pane {
        container,
        checkout: JsValue::UNDEFINED,
        ready,
        loading,
        success,
        error,
    };
    pairs.extend([
        ("onReady", p.ready.func()),
        ("onLoading", p.loading.func()),
        ("onSuccess", p.success.func()),
        ("onError", p.error.func()),
    ]);
    let promise = enrollment_sdk::init_checkout(token, obj(&pairs));
    match JsFuture::from(promise).await {
        Ok(checkout) => Ok(Pane { checkout, ..p }),
        Err(e) => Err((e, p.container)),
    }
}

fn code_of(e: &JsValue) -> String {
    get_str(e, "code")
}

#[wasm_bindgen_test]
async fn each_init_refuses_the_other_kind_of_token_naming_the_function_to_use() {
    let customer = token();
    // locale, checkout's refusal of a customer token, enrollment's refusal of a checkout token
    let table = [
        (
            "en",
            "This is a customer session token: use it with initEnrollment().",
            "This is a checkout token: use it with initCheckout().",
        ),
        (
            "es",
            "Este es un token de sesión de cliente: úsalo con initEnrollment().",
            "Este es un token de pago: úsalo con initCheckout().",
        ),
        (
            "pt",
            "Este é um token de sessão de cliente: use-o com initEnrollment().",
            "Este é um token de pagamento: use-o com initCheckout().",
        ),
    ];
    for (locale, to_enrollment, to_checkout) in table {
        let (err, c) = mount(customer.clone().into(), &[("locale", locale.into())])
            .await
            .err()
            .unwrap();
        assert_eq!(code_of(&err), "TOKEN_PREFIX_INVALID");
        assert_eq!(get_str(&err, "message"), to_enrollment);
        assert_eq!(c.child_element_count(), 0, "nothing drawn");

        let c = container();
        let options = obj(&[("container", c.clone().into()), ("locale", locale.into())]);
        let err = kit::init(&checkout_token().into(), &options)
            .await
            .unwrap_err();
        assert_eq!(code_of(&err), "TOKEN_PREFIX_INVALID");
        assert_eq!(get_str(&err, "message"), to_checkout);
        assert_eq!(c.child_element_count(), 0, "nothing drawn");
    }
}

#[wasm_bindgen_test]
async fn bad_sessions_and_options_are_refused_before_anything_is_drawn() {
    let _fake = FakeFetch::install(&[three_cards()]);
    let onchange: JsValue = Calls::default().func();
    // token or session, extra options, code
    type Row = (JsValue, Vec<(&'static str, JsValue)>, &'static str);
    let table: Vec<Row> = vec![
        (session(49.9, "USD", "PAID"), vec![], "SESSION_ALREADY_PAID"),
        (session(49.9, "USD", "EXPIRED"), vec![], "SESSION_EXPIRED"),
        ("chtok_test_opaque".into(), vec![], "TOKEN_MALFORMED"),
        ("pk_test_1".into(), vec![], "TOKEN_PREFIX_INVALID"),
        (
            checkout_token().into(),
            vec![("onChange", onchange)],
            "OPTIONS_INVALID",
        ),
        (
            checkout_token().into(),
            vec![("container", "#no-such-node".into())],
            "CONTAINER_NOT_FOUND",
        ),
    ];
    for (token, extra, code) in table {
        let (err, c) = mount(token, &extra).await.err().unwrap();
        assert_eq!(code_of(&err), code, "{:?}", get_str(&err, "message"));
        assert_eq!(c.child_element_count(), 0, "{code}: nothing drawn");
    }
}

#[wasm_bindgen_test]
async fn saved_cards_are_a_radio_group_with_expired_cards_shown_but_not_selectable() {
    let fake = FakeFetch::install(&[three_cards()]);
    let p = mount(session(49.9, "USD", "ACTIVE"), &[])
        .await
        .ok()
        .unwrap();
    assert_eq!(p.ready.len(), 1, "onReady once the cards are drawn");
    // The session object carries the amount: only the cards were fetched, with the bearer.
    let calls = fake.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(get_str(&calls[0], "path"), "/v1/sdk/payment-methods");
    assert!(get_str(&calls[0], "auth").starts_with("Bearer chtok_test_"));

    // A fieldset named by its legend groups one radio per card, all in one group.
    let legend = p.one("fieldset > legend");
    assert_eq!(legend.text_content().unwrap(), "Your saved cards");
    let radios = p.radios();
    assert_eq!(radios.len(), 3);
    for r in &radios {
        assert_eq!(r.type_(), "radio");
        assert_eq!(r.name(), radios[0].name());
        let label = r.parent_element().unwrap();
        assert_eq!(
            label.tag_name(),
            "LABEL",
            "each radio is named by its label"
        );
    }
    let labels: Vec<String> = p
        .all("label")
        .iter()
        .map(|l| l.text_content().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Mastercard •••• 0003 Expired",
            "Visa •••• 0002 Expires 11/28",
            "American Express •••• 0005 Expires 03/31",
        ]
    );
    // The dots are hidden from screen readers; the last four are read.
    for dots in p.all(".es-card__dots") {
        assert_eq!(dots.get_attribute("aria-hidden").as_deref(), Some("true"));
    }
    // Expired: shown, disabled, never checked; the first selectable card is checked.
    assert!(radios[0].disabled() && !radios[0].checked());
    assert!(radios[1].checked() && !radios[1].disabled());
    assert!(!radios[2].checked() && !radios[2].disabled());
    assert!(p.one("label").class_name().contains("es-card--expired"));
    // Clicking the expired card's label does not select it.
    p.all("label")[0].unchecked_ref::<HtmlElement>().click();
    assert!(!radios[0].checked() && radios[1].checked());
    // Picking another card is the browser's own radio behaviour.
    radios[2].click();
    assert!(radios[2].checked() && !radios[1].checked());

    assert_eq!(
        p.button().text_content().unwrap(),
        format!("Pay {}", intl("en", "USD", 49.9))
    );
    assert_eq!(p.button().get_attribute("type").as_deref(), Some("button"));
    call(&p.checkout, "unmount", &[]).unwrap();
    assert_eq!(p.container.child_element_count(), 0, "unmount removes all");
    let err = settle(p.pay()).await.unwrap_err();
    assert_eq!(code_of(&err), "UNMOUNTED");
}

#[wasm_bindgen_test]
async fn a_bare_token_fetches_the_amount_formatted_in_the_locale() {
    let amount = obj(&[("value", 1234.5.into()), ("currency", "EUR".into())]);
    let active = reply(
        200,
        obj(&[("status", "ACTIVE".into()), ("amount", amount.clone())]),
    );
    for (locale, pay) in [("en", "Pay"), ("es", "Pagar"), ("pt", "Pagar")] {
        let fake = FakeFetch::install(&[active.clone(), three_cards()]);
        let p = mount(checkout_token().into(), &[("locale", locale.into())])
            .await
            .ok()
            .unwrap();
        let paths: Vec<String> = fake.calls().iter().map(|c| get_str(c, "path")).collect();
        assert_eq!(
            paths,
            ["/v1/sdk/checkout-session", "/v1/sdk/payment-methods"]
        );
        assert_eq!(
            p.button().text_content().unwrap(),
            format!("{pay} {}", intl(locale, "EUR", 1234.5))
        );
        assert_eq!(
            p.one(".es-root").get_attribute("lang").as_deref(),
            Some(locale)
        );
    }
    // A session paid or ended meanwhile is refused before anything is drawn.
    for (status, code) in [
        ("PAID", "SESSION_ALREADY_PAID"),
        ("EXPIRED", "SESSION_EXPIRED"),
    ] {
        let _fake = FakeFetch::install(&[reply(
            200,
            obj(&[("status", status.into()), ("amount", amount.clone())]),
        )]);
        let (err, c) = mount(checkout_token().into(), &[]).await.err().unwrap();
        assert_eq!(code_of(&err), code);
        assert_eq!(c.child_element_count(), 0);
    }
    let _fake = FakeFetch::install(&[reply(401, obj(&[("code", "SESSION_EXPIRED".into())]))]);
    let (err, _) = mount(checkout_token().into(), &[]).await.err().unwrap();
    assert_eq!(code_of(&err), "SESSION_EXPIRED");
}

#[wasm_bindgen_test]
async fn a_retryable_failure_keeps_the_key_and_concurrent_pays_join_one_attempt() {
    let fake = FakeFetch::install(&[three_cards(), "network".into()]);
    let p = mount(session(49.9, "USD", "ACTIVE"), &[])
        .await
        .ok()
        .unwrap();

    let first = p.pay();
    assert!(p.disabled(), "the pane is disabled while paying");
    assert_eq!(
        p.one(".es-root").get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    assert_eq!(p.button().text_content().unwrap(), "Processing payment…");
    let err = settle(first).await.unwrap_err();
    assert_eq!(code_of(&err), "NETWORK_ERROR");
    assert_eq!(get(&err, "retryable").as_bool(), Some(true));
    assert!(!p.disabled());
    assert_eq!(p.message(), get_str(&err, "message"));
    assert_eq!(p.live(), get_str(&err, "message"), "announced");
    let keys = fake.pay_keys();
    assert_eq!(keys.len(), 4, "the client's own retries");
    assert!(keys.iter().all(|k| *k == keys[0] && k.len() == 36));

    // Paying again with the same card: the same key (the lost attempt may have charged).
    FakeFetch::script(&[payment("SUCCEEDED", None)]);
    let a = p.pay();
    let b = p.pay();
    assert_eq!(a, b, "a second pay() joins the attempt in flight");
    let paid = settle(a).await.unwrap();
    assert_eq!(fake.pay_keys().len(), 5, "one request for both calls");
    assert_eq!(fake.pay_keys()[4], keys[0]);
    let body = fake.calls().last().map(|c| get_str(c, "body")).unwrap();
    assert_eq!(body, r#"{"vaulted_token":"vt_visa"}"#);

    assert_eq!(
        js_sys::JSON::stringify(&paid).unwrap().as_string().unwrap(),
        r#"{"id":"pay_1","status":"SUCCEEDED","amount":{"value":49.9,"currency":"USD"},"paymentMethod":{"vaultedToken":"vt_visa","brand":"visa","last4":"0002"},"createdAt":"2026-11-24T05:00:00.000Z"}"#
    );
    assert_eq!(p.success.len(), 1);
    assert_eq!(p.success.last(), paid);
    let loading: Vec<Option<bool>> = p.loading.all().iter().map(JsValue::as_bool).collect();
    assert_eq!(loading, [Some(true), Some(false), Some(true), Some(false)]);
    assert_eq!(p.message(), "Payment successful");
    assert!(p.disabled(), "a paid session pays no more");

    // After the payment: refused without a request.
    let err = settle(p.pay()).await.unwrap_err();
    assert_eq!(code_of(&err), "SESSION_ALREADY_PAID");
    assert_eq!(get(&err, "retryable").as_bool(), Some(false));
    assert_eq!(fake.pay_keys().len(), 5);
    assert_eq!(p.error.len(), 2, "onError for the network failure and this");
}

#[wasm_bindgen_test]
async fn a_decline_is_card_declined_and_the_next_attempt_gets_a_new_key() {
    let fake = FakeFetch::install(&[
        three_cards(),
        payment("DECLINED", Some("INSUFFICIENT_FUNDS")),
    ]);
    let p = mount(session(49.9, "USD", "ACTIVE"), &[])
        .await
        .ok()
        .unwrap();
    let err = settle(p.pay()).await.unwrap_err();
    assert_eq!(code_of(&err), "CARD_DECLINED");
    assert_eq!(get_str(&err, "declineReason"), "INSUFFICIENT_FUNDS");
    assert_eq!(get_str(&err, "message"), "Insufficient funds.");
    assert_eq!(p.message(), "Insufficient funds.");
    assert_eq!(
        p.one(".es-message").get_attribute("data-kind").as_deref(),
        Some("error")
    );
    assert!(!p.disabled(), "another card can be tried");
    assert_eq!(p.error.last(), err);

    // Another card, through the button this time.
    FakeFetch::script(&[payment("SUCCEEDED", None)]);
    p.radios()[2].click();
    p.button().click();
    for _ in 0..200 {
        if p.success.len() == 1 {
            break;
        }
        kit::sleep(10).await;
    }
    assert_eq!(p.success.len(), 1);
    let keys = fake.pay_keys();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "a declined attempt's key is not reused");
    let body = fake.calls().last().map(|c| get_str(c, "body")).unwrap();
    assert_eq!(body, r#"{"vaulted_token":"vt_amex"}"#);
}

#[wasm_bindgen_test]
async fn server_refusals_map_to_their_codes() {
    let api_error = |status: u16, code: &str| reply(status, obj(&[("code", code.into())]));
    // reply, code, retryable, pane disabled afterwards
    let table = [
        (
            api_error(409, "SESSION_ALREADY_PAID"),
            "SESSION_ALREADY_PAID",
            false,
            true,
        ),
        (
            api_error(401, "SESSION_EXPIRED"),
            "SESSION_EXPIRED",
            false,
            false,
        ),
        (
            api_error(401, "SESSION_INVALID"),
            "SESSION_INVALID",
            false,
            false,
        ),
        (
            api_error(423, "SESSION_LOCKED"),
            "SESSION_LOCKED",
            false,
            false,
        ),
        (
            api_error(404, "PAYMENT_METHOD_NOT_FOUND"),
            "SERVER_ERROR",
            false,
            false,
        ),
        (
            api_error(503, "SERVICE_UNAVAILABLE"),
            "SERVER_ERROR",
            true,
            false,
        ),
    ];
    for (answer, code, retryable, disabled) in table {
        let _fake = FakeFetch::install(&[three_cards(), answer]);
        let p = mount(session(49.9, "USD", "ACTIVE"), &[])
            .await
            .ok()
            .unwrap();
        let err = settle(p.pay()).await.unwrap_err();
        assert_eq!(code_of(&err), code);
        assert_eq!(get(&err, "retryable").as_bool(), Some(retryable), "{code}");
        assert_eq!(p.disabled(), disabled, "{code}");
        call(&p.checkout, "unmount", &[]).unwrap();
    }
}

#[wasm_bindgen_test]
async fn without_a_selectable_card_there_is_nothing_to_pay_with() {
    let only_expired = list(&[card("vt_old", "visa", "0002", 12, 2019)]);
    for cards in [list(&[]), only_expired] {
        let fake = FakeFetch::install(&[cards]);
        let p = mount(session(10.0, "BRL", "ACTIVE"), &[("locale", "pt".into())])
            .await
            .ok()
            .unwrap();
        assert!(p.button().has_attribute("disabled"));
        let err = settle(p.pay()).await.unwrap_err();
        assert_eq!(code_of(&err), "VALIDATION_FAILED");
        assert_eq!(get_str(&err, "message"), "Você não tem cartões salvos.");
        assert!(fake.pay_keys().is_empty());
    }
    let _fake = FakeFetch::install(&[list(&[])]);
    let p = mount(session(10.0, "BRL", "ACTIVE"), &[])
        .await
        .ok()
        .unwrap();
    assert_eq!(
        p.one(".es-empty").text_content().unwrap(),
        "You have no saved cards."
    );
}

#[wasm_bindgen_test]
async fn without_the_button_the_merchant_calls_pay() {
    let _fake = FakeFetch::install(&[three_cards(), payment("SUCCEEDED", None)]);
    let p = mount(
        session(49.9, "USD", "ACTIVE"),
        &[("hideSubmitButton", true.into())],
    )
    .await
    .ok()
    .unwrap();
    assert!(p.all("button").is_empty());
    let paid = settle(p.pay()).await.unwrap();
    assert_eq!(get_str(&paid, "status"), "SUCCEEDED");
}

// --- Against the sandbox -----------------------------------------------------------------------

/// POST with a JSON body, a bearer and an idempotency key (the test's own bookkeeping).
async fn post(url: &str, bearer: &str, key: &str, body: &JsValue) -> (u16, JsValue) {
    let headers = Headers::new().unwrap();
    headers.set("Content-Type", "application/json").unwrap();
    headers
        .set("Authorization", &format!("Bearer {bearer}"))
        .unwrap();
    headers.set("X-Idempotency-Key", key).unwrap();
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&js_sys::JSON::stringify(body).unwrap().into());
    let window = web_sys::window().unwrap();
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .unwrap()
        .unchecked_into();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    (
        resp.status(),
        js_sys::JSON::parse(&text.as_string().unwrap()).unwrap_or(JsValue::NULL),
    )
}

fn new_key() -> String {
    format!("test-{}-{}", js_sys::Date::now(), js_sys::Math::random())
}

/// Enrolls `number` for the customer of `customer_token`; the payment method.
async fn enroll(base: &str, customer_token: &str, number: &str) -> JsValue {
    let body = obj(&[(
        "card",
        obj(&[
            ("number", number.into()),
            ("expiration_month", 11.into()),
            ("expiration_year", 2030.into()),
            ("security_code", "123".into()),
            ("holder_name", "Ada Lovelace".into()),
        ]),
    )]);
    let url = format!("{base}/v1/sdk/payment-methods");
    let (status, pm) = post(&url, customer_token, &new_key(), &body).await;
    assert_eq!(status, 201);
    assert_eq!(get_str(&pm, "status"), "ENROLLED");
    pm
}

async fn new_checkout(base: &str) -> JsValue {
    let (status, session) = kit::request(
        "POST",
        &format!("{base}/demo/checkout-session"),
        None,
        Some(&obj(&[])),
    )
    .await;
    assert_eq!(status, 201);
    session
}

#[wasm_bindgen_test]
async fn a_card_just_enrolled_pays_in_one_click_and_only_once() {
    let base = kit::sandbox_url();
    let number = kit::enrollable_visas(1).remove(0);
    let customer = kit::new_token(base).await;
    let pm = enroll(base, &customer, &number).await;
    let vaulted = get_str(&pm, "vaulted_token");
    let checkout = new_checkout(base).await;

    let p = mount(checkout.clone(), &[("apiBase", base.into())])
        .await
        .ok()
        .unwrap();
    // Newest first: the card just enrolled is the first one, and checked.
    let first = p.radios().remove(0);
    assert!(first.checked());
    let label = first.parent_element().unwrap().text_content().unwrap();
    assert!(label.contains(&number[12..]), "{label}");
    assert!(
        !label.contains(&number[..12]),
        "never more than the last four"
    );
    assert_eq!(
        p.button().text_content().unwrap(),
        format!("Pay {}", intl("en", "USD", 49.9))
    );

    p.button().click();
    for _ in 0..500 {
        if p.success.len() + p.error.len() > 0 {
            break;
        }
        kit::sleep(10).await;
    }
    assert_eq!(p.error.len(), 0, "{:?}", p.error.all());
    let paid = p.success.last();
    assert_eq!(get_str(&paid, "status"), "SUCCEEDED");
    let method = get(&paid, "paymentMethod");
    assert_eq!(get_str(&method, "vaultedToken"), vaulted);
    assert_eq!(get_str(&method, "last4"), &number[12..]);
    assert_eq!(get_str(&method, "brand"), "visa");
    assert_eq!(get(&get(&paid, "amount"), "value").as_f64(), Some(49.9));
    assert_eq!(p.message(), "Payment successful");

    // The same pane refuses at once; a second pane with the stale session object is refused by
    // the server; the bare token finds the session paid before drawing.
    let err = settle(p.pay()).await.unwrap_err();
    assert_eq!(code_of(&err), "SESSION_ALREADY_PAID");
    let again = mount(checkout.clone(), &[("apiBase", base.into())])
        .await
        .ok()
        .unwrap();
    let err = settle(again.pay()).await.unwrap_err();
    assert_eq!(code_of(&err), "SESSION_ALREADY_PAID");
    assert!(again.disabled());
    let (err, _) = mount(get(&checkout, "sdk_token"), &[("apiBase", base.into())])
        .await
        .err()
        .unwrap();
    assert_eq!(code_of(&err), "SESSION_ALREADY_PAID");
}

#[wasm_bindgen_test]
async fn another_customers_card_is_neither_listed_nor_payable() {
    let base = kit::sandbox_url();
    let number = kit::enrollable_visas(1).remove(0);
    let theirs = enroll(base, kit::other_customer_token(), &number).await;
    let vaulted = get_str(&theirs, "vaulted_token");
    let checkout = new_checkout(base).await;
    let token = get_str(&checkout, "sdk_token");

    // The checkout token lists its own customer's cards only.
    let listed = kit::listed_ids(base, &token).await;
    assert!(!listed.contains(&get_str(&theirs, "id")));
    let url = format!("{base}/v1/sdk/payments");
    let body = obj(&[("vaulted_token", vaulted.as_str().into())]);
    let (status, answer) = post(&url, &token, &new_key(), &body).await;
    assert_eq!(status, 404);
    assert_eq!(get_str(&answer, "code"), "PAYMENT_METHOD_NOT_FOUND");
}
